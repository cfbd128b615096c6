"""Someone's role, as a sentence states it next to their name.

"What does Kristopher King do?" is answered by "… explique Kristopher King, responsable du
laboratoire d'Austin", and "Qui est Aurélien Février ?" by "Le directeur du conservatoire,
Aurélien Février, veut …": an apposition after the name, a role before it, a parenthesis or a
copula ("X is the head of …"). A sentence that only names the person ("… a conduit Sam Altman
d'OpenAI à déclarer une « alerte rouge »") states no role, and does not answer "What is Sam
Altman's job title?".

A role is recognised by a role word (:data:`_ROLE_WORDS`: "directeur", "head", "Leiter",
"portavoz", …, folded, in the Latin- and Cyrillic-script languages of the default encoder); names
are runs of capitalised words, so scripts without capitals (Chinese, Arabic, Thai) get no role.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.text import fold

#: Words that name a role, folded, as a prefix of the word ("direct" covers "directeur", "director",
#: "directrice", "direktor" is listed apart). Listed by hand for the encoder's languages.
_ROLE_WORDS = (
    # English
    r"ceo|cto|cfo|coo|chief|head|director|manager|president|vice-president|chair\w*|founder|co-founder|cofounder|"
    r"engineer|spokes\w+|analyst|researcher|professor|scientist|executive|officer|leader|minister|mayor|secretary|"
    r"owner|editor|journalist|economist|consultant|architect|designer|developer|curator|coordinator|governor|"
    r"senator|boss|partner|in charge|responsible for|"
    # French
    r"pdg|directeur|directrice|dirigeant\w*|responsable|en charge|charge\w? d\w*|president\w*|fondat\w+|cofondat\w+|"
    r"ingenieur\w*|porte-parole|analyste|chercheu\w+|professeur\w*|patron\w*|chef\w*|gerant\w*|maire|adjoint\w*|"
    r"ministre|conservat\w+|secretaire|associe\w*|economiste|journaliste|architecte|delegue\w*|administrat\w+|"
    r"coordinat\w+|"
    # Spanish, Italian, Portuguese
    r"directora?|encargad[oa]|presidenta?|fundador\w*|ingenier[oa]|portavoz|analista|investigador\w*|profesora?|"
    r"jef[ea]|gerente|alcalde\w*|consejer[oa]|ministr[oa]|secretari[oa]|soci[oa]|direttor\w+|responsabile|"
    r"fondatore|fondatrice|ingegnere|portavoce|ricercat\w+|professor\w+|capo|sindaco|amministratore|diretor\w*|"
    r"responsavel|engenheir[oa]|porta-voz|pesquisador\w*|chefe|prefeit[oa]|"
    # German, Dutch
    r"direktor\w*|leiter\w*|chefin|geschaftsfuhrer\w*|vorsitzende\w*|grunder\w*|ingenieur\w*|sprecher\w*|"
    r"forscher\w*|prasident\w*|burgermeister\w*|vorstand\w*|inhaber\w*|verantwortlich\w*|zustandig\w*|"
    r"leider|voorzitter|oprichter|woordvoerder|hoogleraar|burgemeester|eigenaar|"
    # Polish, Turkish, Russian
    r"dyrektor\w*|prezes\w*|zalozyciel\w*|inzynier\w*|rzecznik\w*|kierownik\w*|szef\w*|burmistrz\w*|mudur\w*|"
    r"baskan\w*|kurucu\w*|muhendis\w*|sozcu\w*|yonetici\w*|директор\w*|глав[аыу]|руководител\w*|основател\w*|"
    r"президент\w*|председател\w*|инженер\w*|представител\w*|аналитик\w*|профессор\w*|мэр\w*|министр\w*"
)
_ROLE_WORD_RE = re.compile(rf"(?<!\w)(?:{_ROLE_WORDS})(?!\w)")
#: A capitalised word (of a name): "Kristopher", "Février", "O'Neil", "Jean-Marc".
_CAPITALISED_RE = re.compile(r"[^\W\d_][\w'’-]*")
#: What ends an apposition: a comma, a full stop, a bracket, a quote, a colon.
_PHRASE = r"[^,;:.!?()«»“”\"\[\]]+"
_AFTER_RE = re.compile(rf"\s*[)»”\"]?\s*,\s*({_PHRASE})")
_BRACKET_RE = re.compile(rf"\s*\(({_PHRASE})\)")
_COPULA_RE = re.compile(
    rf"\s+(?:is|was|est|etait|était|ist|war|es|era|fue|è|é|foi|wordt|jest|является|был[аи]?)\s+({_PHRASE})",
    re.IGNORECASE,
)
_BEFORE_RE = re.compile(rf"({_PHRASE}?),?\s*$")


def _names(sentence: str) -> list[tuple[int, int]]:
    """Runs of two or more capitalised words ("Kristopher King", "Aurélien Février"), as offsets."""
    runs: list[list[re.Match[str]]] = [[]]
    for word in _CAPITALISED_RE.finditer(sentence):
        run = runs[-1]
        joined = bool(run) and sentence[run[-1].end() : word.start()] == " "
        if not word.group()[0].isupper():
            runs.append([])
        elif joined or not run:
            run.append(word)
        else:
            runs.append([word])
    return [(run[0].start(), run[-1].end()) for run in runs if len(run) >= 2]


def first_role_word(phrase: str) -> int | None:
    """Offset in ``phrase`` of its first role word (:data:`_ROLE_WORDS`, compared folded), or None."""
    for word in re.finditer(r"\w[\w'’-]*", phrase):
        if _ROLE_WORD_RE.match(fold(phrase[word.start() : word.start() + 40])):
            return word.start()
    return None


def _trimmed(sentence: str, start: int, end: int) -> tuple[int, int]:
    while start < end and sentence[start].isspace():
        start += 1
    while end > start and sentence[end - 1].isspace():
        end -= 1
    return start, end


def _role_near(sentence: str, start: int, end: int) -> tuple[int, int] | None:
    """The role stated next to the name at ``start:end``: after it (apposition, parenthesis,
    copula), else before it ("Le directeur du conservatoire, Aurélien Février"), from the role
    word on."""
    after = sentence[end:]
    for pattern in (_AFTER_RE, _BRACKET_RE, _COPULA_RE):
        found = pattern.match(after)
        if found and first_role_word(found.group(1)) is not None:
            return _trimmed(sentence, end + found.start(1), end + found.end(1))
    before = _BEFORE_RE.search(sentence[:start])
    first = first_role_word(before.group(1)) if before else None
    if before and first is not None and len(before.group(1)[first:].split()) <= 8:
        return _trimmed(sentence, before.start(1) + first, before.end(1))
    return None


@lru_cache(maxsize=4096)
def role_offsets(sentence: str, question: str) -> tuple[tuple[int, int], ...]:
    """Offsets of the roles the sentence states for a person the question names (their last name
    is a word of the question, folded: "who is mark carroll" finds "Mark Carroll"), in order."""
    asked = set(re.findall(r"\w+", fold(question)))
    found = []
    for start, end in _names(sentence):
        if fold(sentence[start:end]).split()[-1] not in asked:
            continue
        inside = first_role_word(sentence[start:end])  # "AWS CEO Matt Garman": the role opens the run
        words = list(re.finditer(r"\S+", sentence[start + (inside or 0) : end]))
        if inside is not None and len(words) >= 3:
            found.append((start, start + inside + words[-3].end()))
            continue
        role = _role_near(sentence, start, end)
        if role is not None and role[1] > role[0]:
            found.append(role)
    return tuple(found)
