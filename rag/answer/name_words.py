"""Words that tell a run of capitalised words apart: an organisation ("Annapurna Labs") or the
title before a person's name ("Dr", "Mme"), folded, in the encoder's Latin-script languages.
Used by :mod:`rag.answer.spans` to read names, with the tests built on them (:func:`is_person`,
:func:`is_organisation`)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from rag.text import fold

#: Last words that make a run of capitalised words an organisation ("Annapurna Labs", "Amazon Web
#: Services", "Bain & Co."), folded, in the encoder's Latin-script languages.
ORGANISATION_WORDS = frozenset("""
    labs lab laboratories inc corp corporation co company companies ltd llc plc gmbh ag sa sas sarl spa srl bv nv se
    group groupe grupo gruppe gruppo holding holdings services systems technologies technology tech capital partners
    associates associes ventures networks software industries international bank banque banco bank foundation
    fondation fundacion stiftung institute institut instituto university universite universidad universitat
    universita college school ecole hospital hopital clinic clinique museum musee cloud ai research media news times
    journal post press agency agence agencia council conseil ministry ministere commission committee comite party
    parti club team fund fonds energy motors airlines airways pharma entertainment studios games electronics
    semiconductor semiconductors computing robotics devices instruments
""".split())
#: Words that announce a person's name: titles, in the encoder's Latin-script languages (folded, no dot).
TITLES = frozenset("""
    mr mrs ms miss dr prof sir dame m mme mlle monsieur madame docteur professeur maitre me sr sra srta senor senora
    don dona herr frau signor signora sig dott sgt gen col capt president presidente ceo pdg
""".split())
#: Words that make a run of capitalised words a street or a square ("Quay Street", "rue Victor Hugo",
#: "Karl-Marx-Straße"), after or before it, folded, in the encoder's Latin-script languages.
STREET_WORDS = frozenset("""
    street st road rd avenue ave lane boulevard blvd square drive quay terrace rue allee chemin quai impasse cours
    route strasse str platz gasse damm ufer calle avenida plaza paseo camino carretera via viale piazza corso vicolo
    rua praca travessa estrada straat laan plein gracht kade
""".split())


def latin(word: str) -> bool:
    """Whether a word is written in Latin letters (accents folded)."""
    return bool(re.search(r"[a-zA-Z]", fold(word)))


def is_organisation(sentence: str, start: int, end: int) -> bool:
    """A company, an institution or a street rather than a person: ends with an organisation or a
    street word ("Quay Street") or follows a street word ("rue Victor Hugo"), holds "&" or an
    acronym ("AWS"), or is followed by one in brackets ("Amazon Web Services (AWS)"). The name is
    ``sentence[start:end]``."""
    words = re.findall(r"[^\W\d_][\w'’-]*|&", sentence[start:end])
    if "&" in words or any(len(w) >= 2 and w.isupper() for w in words):
        return True
    before = re.findall(r"[^\W\d_]+", sentence[:start])[-1:]
    if fold(words[-1].rstrip(".")) in ORGANISATION_WORDS | STREET_WORDS or {fold(w) for w in before} & STREET_WORDS:
        return True
    return bool(re.match(r"\s*\(\s*[A-Z][A-Z0-9&.-]+\s*\)", sentence[end:]))


def is_person(sentence: str, start: int, end: int) -> bool:
    """A person's name: its first word is a known given name (``gender-guesser``'s list of about
    40,000 first names from Europe, the Americas and Asia), a title comes before it ("M.", "Dr",
    "CEO"), or it is written in a script without that list (Cyrillic, Greek, ...). The name is
    ``sentence[start:end]``."""
    first = sentence[start:end].split()[0]
    if not latin(first):
        return True
    before = re.findall(r"[^\W\d_]+", sentence[:start])
    if before and fold(before[-1]) in TITLES:
        return True
    return given_name(first.split("-")[0].split("'")[-1].split("’")[-1])


@lru_cache(maxsize=4096)
def given_name(word: str) -> bool:
    """Whether ``word`` is a known first name (case-insensitive)."""
    return _first_names().get_gender(word) != "unknown"


@lru_cache(maxsize=1)
def _first_names() -> Any:  # gender_guesser.detector.Detector (untyped): read once, about 0.4 s
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


#: Acronyms that are one name across the encoder's languages: "AI" is "IA" in French, Spanish,
#: Italian and Portuguese and "KI" in German; a question about an "AI chip" already holds the "IA"
#: of "puces IA", which is no answer to it (a newcomer's "What is the name of Microsoft's own AI
#: chip?" got "IA").
ACRONYMS = tuple(frozenset(group.split()) for group in (
    "ai ia ki ии", "eu ue", "un onu uno оон", "nato otan nato нато", "gdp pib bip ввп", "ceo pdg", "who oms",
    "usa eeuu eua", "uk ru", "imf fmi iwf мвф", "ecb bce ezb", "cpu processeur", "ngo ong ngo нко", "ufo ovni",
))


def acronym_asked(span: str, question: str) -> bool:
    """Whether ``span`` is an acronym (:data:`ACRONYMS`) the question holds in another language."""
    return fold(span).replace(".", "") in _asked_acronyms(question)


@lru_cache(maxsize=4096)
def _asked_acronyms(question: str) -> frozenset[str]:
    """Every spelling of the acronyms the question holds (read once per question: every span of
    every candidate sentence asks)."""
    asked = set(re.findall(r"\w+", fold(question).replace(".", "")))
    return frozenset().union(*(group for group in ACRONYMS if asked & group))
