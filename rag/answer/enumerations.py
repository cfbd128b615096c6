"""Counts given as lists of names: "How many former Bitcoin miners does the article name …?" is
answered by "… Core Scientific, CleanSpark et Bitfarms …": 3.

An article often names the things a question counts instead of counting them ("Sont d'abord nés,
en 2018, Graviton et Inferentia"). Only a question that asks for the names as well as their
number ("does the article name", "und wie heißen sie?") is answered from a list: for "How many
chips does an UltraServer hold?" a sentence that lists two chips is no count.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.answer.answer_types import answer_type
from rag.text import fold

#: "how many … does the article name / mention / list / cite", "… and what are they called", per
#: language of the bundled corpora and the held-out questions (folded: no accents, lower case).
_NAMES_ASKED_RE = re.compile(
    r"\b(names?|named|mentions?|mentioned|lists?|listed|cites?|cited|called|nomme\w*|cite\w*|mentionne\w*|"
    r"appelle\w*|nombra\w*|menciona\w*|llaman|llama|cita\w*|nennt|genannt|erwahnt|heissen|heisst|aufgezahlt|"
    r"chiamano|chiama|nomina\w*|menziona\w*|chamam|chama|mencionad\w*|noemt|genoemd)\b"
)
#: What joins the items of a list: a comma, "and"/"or" in the languages of rag.text.LANGUAGES.
_JOINS = frozenset("and or et ou y o e i und oder sowie en of ve veya и или".split())
_WORD_RE = re.compile(r"[^\W_][\w'’.&-]*")


@lru_cache(maxsize=4096)
def asks_named_count(question: str) -> bool:
    """Whether a "how many" question asks for the names as well (see the module's docstring)."""
    return answer_type(question) == "number" and bool(_NAMES_ASKED_RE.search(fold(question)))


def _items(sentence: str) -> list[tuple[int, int] | None]:
    """Runs of capitalised words (a number may end one: "Trainium 3") with only spaces inside, in
    order; None for a lower-case word other than "and"/"or", which ends any list."""
    items: list[tuple[int, int] | None] = []
    for match in _WORD_RE.finditer(sentence):
        word, last = match.group(), items[-1] if items else None
        glued = last is not None and not sentence[last[1] : match.start()].strip()
        if glued and last is not None and (word[0].isupper() or word[0].isdigit()):
            items[-1] = (last[0], match.end())
        elif word[0].isupper():
            items.append((match.start(), match.end()))
        elif fold(word) not in _JOINS:
            items.append(None)
    return items


def listed(sentence: str) -> tuple[int, int, int] | None:
    """The longest list of names in the sentence: (start, end, number of names); two names or
    more, the last joined by "and"/"or" ("A, B et C", "A und B"), or three joined by commas."""
    best: tuple[int, int, int] | None = None
    run: list[tuple[int, int]] = []
    joined = False
    for item in [*_items(sentence), None]:
        between = fold(sentence[run[-1][1] : item[0]]).replace(",", " ", 1).split() if run and item else None
        if item is not None and run and between is not None and len(between) <= 1 and set(between) <= _JOINS \
                and (between or "," in sentence[run[-1][1] : item[0]]):
            run.append(item)
            joined = bool(between)
            continue
        if len(run) >= 3 or len(run) == 2 and joined:
            if best is None or len(run) > best[2]:
                best = (run[0][0], run[-1][1], len(run))
        run, joined = ([item] if item else []), False
    return best


def counted_list(sentence: str, question: str) -> tuple[int, int] | None:
    """For a question that asks how many things and their names (:func:`asks_named_count`): the
    offsets of the sentence's list of names ("Core Scientific, CleanSpark et Bitfarms"); None for
    other questions and sentences without a list."""
    found = listed(sentence) if asks_named_count(question) else None
    return None if found is None else found[:2]


def with_count(span_text: str) -> str:
    """The short answer for a count given as a list: "3 (Core Scientific, CleanSpark et Bitfarms)";
    any other count as it is written."""
    found = listed(span_text)
    return f"{found[2]} ({span_text})" if found and found[:2] == (0, len(span_text)) else span_text
