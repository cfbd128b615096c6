"""Which of an article's names a sentence is about.

An article often names two firms or two people: "Velotec aus Freiburg übernimmt Radwerk Kessler".
"Wie viele Mitarbeiter hat Velotec?" is not answered by "Radwerk Kessler beschäftigt 120
Mitarbeiter", nor "Wann wurde Radwerk Kessler gegründet?" by "Velotec selbst wurde 2011 …
gegründet": the sentence names the title's other name and not the one asked about. A sentence
that names neither ("L'entreprise emploie 85 salariés") is left to the rest of the evidence.
A passage that never names what the question names does not answer it at all
(:func:`names_what_the_passage_lacks`).
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from rag.answer.answer_types import without_capitals
from rag.answer.asked import ORG_NOUNS
from rag.answer.roles import first_role_word
from rag.text import any_stopword, fold

_WORD_RE = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=4096)
def title_names(title: str) -> tuple[frozenset[str], ...]:
    """The names of a title: runs of capitalised words (folded, three letters or more, no
    stopwords), each as its set of words ("Radwerk Kessler" is one name, not two)."""
    runs: list[set[str]] = []
    previous_end = -2
    for match in _WORD_RE.finditer(title):
        word = match.group()
        if not (word[0].isupper() and len(word) >= 3 and not any_stopword(word)):
            continue
        if runs and title[previous_end : match.start()] == " ":
            runs[-1].add(fold(word))
        else:
            runs.append({fold(word)})
        previous_end = match.end()
    return tuple(frozenset(run) for run in runs)


def _mentions(words: frozenset[str], text_words: set[str]) -> bool:
    """Whether one of ``words`` is a word of the text, or starts one ("UltraServer", "UltraServers")."""
    return any(t == w or (len(w) >= 4 and t.startswith(w)) for w in words for t in text_words)


@lru_cache(maxsize=8192)
def about_another_name(question: str, sentence: str, title: str, before: str = "") -> bool:
    """Whether the question names one of the title's names and the sentence is about another of
    them: it names that other one but not the question's (compared folded, by word), and either
    opens with it (its first three words: "Radwerk Kessler beschäftigt 120 Mitarbeiter") or
    follows a sentence ``before`` that does not name the question's either; or it names its
    subject by a pronoun or a word for a firm (:data:`_ANAPHOR_RE`) after a sentence that opens
    with the other. ("Les nouvelles puces, disponibles via Amazon Web Services, …" after a
    sentence on Trainium 3 is still about it.)"""
    flat = without_capitals(question)
    asked_words = {fold(w) for w in _WORD_RE.findall(question)[1:] if flat or w[0].isupper()}
    names = title_names(title)
    asked = frozenset(asked_words & frozenset().union(*names)) if names else frozenset()
    if not asked:
        return False
    others = frozenset().union(*(name for name in names if not name & asked_words))
    words = [fold(w) for w in _WORD_RE.findall(sentence)]
    if _mentions(asked, set(words)):
        return False
    opening = {fold(w) for w in _WORD_RE.findall(before)[:3]}  # "L'entreprise avait été fondée en 1987" after "La
    if _ANAPHOR_RE.match(" ".join(words[:3])) and _mentions(others, opening) and not _mentions(asked, opening):
        return True  # Maison Ferrand a été rachetée par le groupe Pain d'Or": about the subject before, Maison Ferrand
    if not _mentions(others, set(words)):
        return False
    return _mentions(others, set(words[:3])) or not _mentions(asked, {fold(w) for w in _WORD_RE.findall(before)})


#: A sentence opening that names its subject only by a pronoun or a word for a firm (folded): it is the
#: subject of the sentence before.
_ANAPHOR_RE = re.compile(rf"(?:\w+ )?(?:il|elle|it|he|she|er|sie|ella|lui|lei|ele|ela|hij|zij|{ORG_NOUNS})\b")


#: Languages that capitalise every noun: a capital in a question says nothing of a name there.
_NOUNS_CAPITALISED = frozenset({"de", "lb"})
_NAME_RE = re.compile(r"(?<=[\w,;:)»\"”] )(?:[a-zà-ÿ]{1,2}['’])?[A-ZÀ-ÞĀ-ſА-ЯЁ][\w'’-]*")
_ELISION_RE = re.compile(r"^[a-zà-ÿ]{1,2}['’]|['’]s$", re.IGNORECASE)  # "l'Inter", "d'Annapurna", "Scotland's"
_ROMAN_RE = re.compile(r"[ivxlcdm]+(?:e|eme|er|th|st|nd|rd)?")
#: How alike a question's name and a word of the passage must be (difflib ratio) for a typo to pass:
#: "Fibonnaci"/"Fibonacci", "Battenverg"/"Battenberg" (PIAF questions as typed).
SAME_NAME = 0.8


@lru_cache(maxsize=4096)
def question_names(question: str) -> tuple[str, ...]:
    """The folded words the question names things by: capitalised words after its first (no
    stopword, role word or Roman numeral, three letters or more), without an elided article or a
    possessive ("l'Inter" -> "inter"). Empty for a question typed all in lower case. Cached: every
    passage of a question asks for them."""
    found: list[str] = []
    for match in _NAME_RE.finditer(question):
        word = _ELISION_RE.sub("", match.group())
        folded = fold(word)
        if (len(folded) >= 3 and word[:1].isupper() and not any_stopword(word) and not _ROMAN_RE.fullmatch(folded)
                and first_role_word(word) is None):
            found.extend(w for w in re.split(r"[-'’]", folded) if len(w) >= 3)
    return tuple(dict.fromkeys(found))


def names_what_the_passage_lacks(question: str, q_lang: str, passage: str, p_lang: str,
                                 written: frozenset[str] = frozenset()) -> bool:
    """Whether the question names something its passage (title, section and text) never mentions,
    even misspelt (:data:`SAME_NAME`): then no sentence of it answers ("Combien d'argent a reçu le
    général Roh Tae-woo ?" is not answered from an article on the Maharishi). For a question in
    another language than the passage, only the owner of what it asks about counts
    (:func:`owners`: "What is the name of Google's own AI chip?" is not answered from a passage on
    Amazon's chips), and only if ``written``, the words of every retrieved passage, holds it: names
    are often translated ("Germany's", "Alemania"; with every name, XQuAD en->es fell 0.815 ->
    0.715; with every owner, 0.815 -> 0.811 and en->zh 0.789 -> 0.784). Never in German, which capitalises every noun. Measured on
    PIAF (seed 11): 4 of 136 gold passages lack a name the question gives (typos glued together,
    "DavidLynch"); end-to-end accuracy 0.704 -> 0.72."""
    if q_lang in _NOUNS_CAPITALISED:
        return False
    words = _passage_words(passage)
    if q_lang != p_lang:  # one word of each owner's name is enough: "Southern California's", "California del Sur"
        return any(not owner & words for owner in owners(question) if owner & written)
    names = question_names(question)
    if not names:
        return False
    return not all(name in words or difflib.get_close_matches(name, words, n=1, cutoff=SAME_NAME) for name in names)


#: Whose thing a question asks about: "Google's (own) AI chip", "la propre puce de Google", "el propio
#: chip de Google", "il chip proprio di Google", "Googles eigener Chip".
_OWNER_RE = re.compile(
    r"([A-Z][\w&.-]*(?: [A-Z][\w&.-]*)*)['’]s\b"
    r"|\b(?:propres?|propios?|propias?|propri[oae]|pr[oó]pri[oa]s?)\b[^?]*?\b(?:de|d['’]|du|di|da|do|del) ?([A-Z][\w&.-]*)"
    r"|\b([A-Z][\w&.-]*)s eigen\w*"
)


@lru_cache(maxsize=4096)
def owners(question: str) -> tuple[frozenset[str], ...]:
    """The owners the question names (:data:`_OWNER_RE`), each as its folded words."""
    return tuple(frozenset(fold(w) for w in re.findall(r"[\w&.-]+", next(g for g in m.groups() if g)))
                 for m in _OWNER_RE.finditer(question))


def written_words(passages: list[str]) -> frozenset[str]:
    """The folded words of all ``passages`` (for :func:`names_what_the_passage_lacks`)."""
    return frozenset().union(*(_passage_words(p) for p in passages))


@lru_cache(maxsize=4096)
def _passage_words(passage: str) -> frozenset[str]:
    """The folded words of a passage (cached: a corpus's passages come back question after question)."""
    return frozenset(re.findall(r"\w+", fold(passage)))
