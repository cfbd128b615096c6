"""What the question's wording asks of an answer span, beyond its kind.

- Generations of a named product: "Trainium 3" is not "Trainium 2", nor "le premier Trainium".
  An answer span belongs to the generation mentioned nearest to it; when the question numbers a
  name and that nearest mention carries another number, the span answers a question about
  another generation ("Trainium 2 (2024)" does not date Trainium 3).
- "In what year" wants a year: "décembre" alone does not answer it.
- "How many megawatts" wants a quantity, not a sum of money: not "9,5 milliards de dollars".
"""

from __future__ import annotations

import re

from rag.answer.answer_types import wants_year
from rag.text import any_stopword, fold

#: A name and the number or Roman numeral that tells its generations or models apart: "Trainium 3",
#: "iPhone 12", "Falcon 9", "Louis XIV" (up to three digits: "mars 2024" is a date, not a model).
NUMBERED_NAME = re.compile(r"\b([^\W\d_][\w-]*)\s+(\d{1,3}|[IVX]+)\b(?![.,]?\d)")


#: "First" before a name numbers it 1: "le premier Trainium", "the first iPhone", "la première
#: (version du Trainium)" (up to three words between), in the encoder's spaced languages.
FIRST_NAME = re.compile(
    r"\b(?:first|premi(?:er|[eè]re)|primer[oa]?|prim[oa]|primeir[oa]|erste[nrs]?|eerste|pierwsz[ya]|первы[йхе]|"
    r"перв(?:ая|ого|ой|ую)|ilk)\b((?:\W+\w+){1,4})", re.IGNORECASE)


def _numbered(text: str) -> list[tuple[str, str, int]]:
    """Capitalised names of ``text`` with the number that tells their generation: (folded name,
    number, offset of the mention): "Trainium 3" is ("trainium", "3", …), "le premier Trainium"
    ("trainium", "1", …)."""
    found = [(m.group(1), m.group(2), m.start(2)) for m in NUMBERED_NAME.finditer(text)]
    for m in FIRST_NAME.finditer(text):
        name = next((w for w in re.finditer(r"\w+", m.group(1)) if w.group()[0].isupper()), None)
        if name is not None:
            found.append((name.group(), "1", m.start(1) + name.start()))
    return [(fold(name), number, at) for name, number, at in found
            if any(ch.isupper() for ch in name) and not any_stopword(name)]


def of_another_generation(sentence: str, start: int, end: int, question: str) -> bool:
    """Whether the answer span ``sentence[start:end]`` (character offsets) belongs to a generation
    the question does not ask about: the question numbers a name ("When did Trainium 3 go on
    sale?") and the sentence's mention of that name nearest to the span carries another number
    ("Trainium 2 (2024), … puis Trainium 3": 2024 dates Trainium 2). False when the question
    numbers no name, or the sentence does not mention it."""
    asked = {name: number for name, number, _ in _numbered(question)}
    if not asked:
        return False
    middle = (start + end) / 2
    mentions = [(abs(at - middle), number != asked[name]) for name, number, at in _numbered(sentence) if name in asked]
    return bool(mentions) and min(mentions)[1]


#: Units of measure (folded), as a question asks for them: "how many megawatts", "combien de
#: kilomètres", "wie viele Tonnen".
_MEASURE_RE = re.compile(
    r"\b(?:[kmgt]w|[kmgt]wh|(?:kilo|mega|giga|tera)?watt\w*|(?:kilo|centi|milli)?m(?:e|è)?t(?:re|er|ro)\w*|km|m2|m3|"
    r"miles?|millas?|meilen|feet|foot|inch(?:es)?|yards?|gallons?|ounces?|hectares?|hektar|acres?|tonnes?|tons?|tonnen|"
    r"toneladas?|kg|kilos?|kilogram\w*|litres?|liters?|liter|litros?|[kmgtp]b|octets?|bytes?|(?:tera|peta|exa)?flops|"
    r"degres?|degrees?|grados?|celsius|мегаватт\w*|киловатт\w*|гигаватт\w*|километр(?:ов|а|ы)?|метр(?:ов|а|ы)?|"
    r"тонн[аы]?|литр(?:ов|а|ы)?)\b"
)


def asks_measure(question: str) -> bool:
    """Whether the question asks for a quantity in a unit of measure ("how many megawatts"): a
    sum of money or a percentage does not answer it."""
    return bool(_MEASURE_RE.search(fold(question)))


#: A date span that names its year: "2015", "mars 2024", "2024年", "二〇二四年".
_HAS_YEAR_RE = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)|\d{2,4}\s?年|[〇零一二三四五六七八九]{4}年")


def fits_question(sentence: str, start: int, end: int, kind: str, question: str) -> bool:
    """Whether the span ``sentence[start:end]`` of ``kind`` (a kind of :mod:`rag.answer.spans`) can
    answer ``question`` as worded: the asked generation, and a year when a year is asked. (Not
    an amount of money when a unit of measure is asked: :func:`asks_measure`, checked by
    :func:`rag.answer.spans.pick_span`, which finds amounts.)"""
    if of_another_generation(sentence, start, end, question):
        return False
    if kind == "date" and wants_year(question):
        return bool(_HAS_YEAR_RE.search(sentence[start:end]))
    return True
