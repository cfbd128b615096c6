"""Typed spans inside a sentence: where the count, the amount, the date or the name is.

The short answer that leads an extractive answer is one of these spans, quoted exactly as the
article writes it. Patterns run on a folded copy of the sentence (:func:`rag.text.fold`: case and
accents removed) whose characters map back to the sentence's own, so a span's offsets always
cut the original text. Month and weekday names, in every language of :data:`rag.text.LANGUAGES`,
come from the Unicode CLDR through Babel; numbers, currencies and time units are listed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.answer.answer_types import asks_factor, wants_a_person, wants_time
from rag.answer.asked import (
    CLOCK,
    NUMBER_WORDS,
    asks_measure,
    fits_question,
    introduced_as_organisation,
    of_the_subject,
    unit_after,
)
from rag.answer.enumerations import counted_list
from rag.answer.name_words import acronym_asked, given_name, is_organisation, is_person, latin
from rag.answer.places import asks_country, country_offsets
from rag.answer.roles import role_offsets
from rag.text import LANGUAGES, any_stopword, fold

#: Kinds of span, by the answer type they serve.
KINDS = ("count", "money", "percent", "date", "duration", "person", "name", "contact", "address", "role")

_DIGITS = r"\d+(?:[ \u00a0\u202f.,]\d{3})*(?:[.,]\d+)?"
#: Counts said in words without a figure ("des centaines de milliers", "dozens of").
_ROUGH_COUNTS = (
    r"centaines?|milliers?|dizaines?|douzaines?|hundreds|thousands|dozens|millions|billions|cientos|miles|decenas|"
    r"centenares|millares|hunderte|tausende|dutzende|centinaia|migliaia|decine|centenas|milhares|dezenas|honderden|"
    r"duizenden|tientallen|сотни|тысячи|десятки|yuzlerce|binlerce|setki|tysiace|dziesiatki"
)
#: Chinese and Japanese numerals, counted only before a classifier or unit ("三百个", "一千二百万元").
_CJK_NUMBER = r"[〇零一二三四五六七八九十百千万亿億两]{1,8}(?=[个個位家座名人元円万亿億年月日天次台本张張件条只倍])"
_NUMBER = rf"(?:{_CJK_NUMBER}|{_DIGITS}|\b(?:{'|'.join(NUMBER_WORDS)})s?\b|\b(?:{_ROUGH_COUNTS})\b(?:\s(?:de|d'|of)\s?(?:{_ROUGH_COUNTS}))?)"
#: How many times as much: "quadruplées", "doubled", "verdreifacht", "tenfold", "4x", and a number of
#: times ("six fois", "3 times", "dos veces"); the answer to "par combien ?", "how many times ?".
_TIMES = r"(?:fois|times|mal|veces|volte|vezes|keer|razy|kez|kat|раза?)"
_FACTOR = (
    r"\b(?:doubl|tripl|quadrupl|quintupl|decupl|duplic|triplic|cuadruplic|quadruplic|raddoppi|verdoppel|verdreifach|"
    r"vervierfach|verzehnfach|verdubbel|verdrievoudig|verviervoudig|удвои|утрои|учетвери)\w*|"
    r"\b(?:two|three|four|five|six|ten|hundred)fold\b|\b\d+(?:[.,]\d+)?\s?x\b"
)
_NOT_A_NUMBER_WORD_RE = re.compile(r"\w*[èàùìò]\w*", re.IGNORECASE)
_FACTOR_RE = re.compile(rf"{_NUMBER}\s+{_TIMES}\b|{_FACTOR}")
_SCALE = (
    r"(?:k|m|bn|md|mds|mn|mio\.?|mrd\.?|thousand|millions?|billions?|trillions?|milliers?|milliards?|mille|mil|"
    r"millon(?:es)?|mil millones|tausend|millionen|milliarden|milioni|miliardi|milhoes|milhares|bilhoes|miljoen|"
    r"miljard|tys\.?|mln|mld|bin|milyon|milyar|тыс\.?|тысяч\w*|млн|млрд|миллион\w*|миллиард\w*|万|亿|億|만|억)"
)
_CURRENCY = (
    r"(?:[$€£¥₽₩₺₹฿]|us\$|dollars?|euros?|usd|eur|gbp|chf|jpy|cny|rmb|livres? sterling|pounds?|yens?|yuans?|"
    r"renminbi|francs?|dolares|dolar|dolari|reais|real|zlotych|zloty|zl|lir[ae]?|tl|rubl\w*|рубл\w*|евро|"
    r"доллар\w*|юан\w*|元|円|美元|欧元|ドル|ユーロ|달러|원|유로|دولار|يورو|ريال|جنيه|บาท|ดอลลาร์)"
)
_TIME_UNITS = (
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|secondes?|heures?|jours?|semaines?|"
    r"mois|ans|an|annees?|decennies?|siecles?|segundos?|minutos?|horas?|dias?|semanas?|meses|mes|anos?|sekunden|minuten|"
    r"stunden|tagen?|wochen|monaten?|jahren?|jahrzehnten?|giorni|settimane|mesi|anni|uur|dagen|weken|maanden|jaar|"
    r"dakika|saat|gun|hafta|ay|yil|секунд\w*|минут\w*|час\w*|дн(?:я|ей)|день|недел\w*|месяц\w*|год\w*|лет|"
    r"秒|分钟|小时|天|周|星期|个月|年)"
)
#: Words that bound or round a quantity, kept in its span: "jusqu'à 30 ou 40 %", "plus de 17 %", "about 500".
_ABOUT = (
    r"(?:\b(?:jusqu'a|plus de|moins de|pres de|environ|up to|more than|less than|nearly|almost|about|around|roughly|"
    r"mas de|menos de|hasta|casi|mehr als|weniger als|bis zu|rund|etwa|piu di|meno di|fino a|circa|mais de|ate|"
    r"cerca de|quase)\s)?"
)
_RANGE = r"(?:\s?%?\s?(?:a|-|to|et|and|ou|or|bis|y|o|e)\s?(?=\d)" + _DIGITS + ")?"
_PERCENT = (
    rf"{_ABOUT}{_NUMBER}{_RANGE}\s?(?:%|pour ?cent|per ?cent|percent|por ?ciento|por ?cento|prozent|per ?cento|procent\w*|"
    rf"процент\w*)|%\s?{_DIGITS}|百分之[\d〇一二三四五六七八九十百点.]+"
)
_MONEY = (
    rf"{_ABOUT}(?:{_CURRENCY})\s?{_DIGITS}(?:\s?{_SCALE}\b)?|"
    rf"{_ABOUT}{_NUMBER}(?:\s?(?:a|à|-|to|et|and)\s?{_DIGITS})?(?:\s?{_SCALE})?\s?(?:de |d'|d’|of )?{_CURRENCY}|"
    # no price at all: "Children under 12 enter free", "l'entrée est gratuite" (English "free" only after
    # a verb of paying or entering: "free software" is no price)
    r"\b(?:gratuit(?:e|s|es)?|gratuit[oa]s?|gratis|kostenlos|free of charge)\b|"
    r"(?:(?<=\bis )|(?<=\bare )|(?<=\benter )|(?<=\benters )|(?<=\bride )|(?<=\btravel )|(?<=\bfor ))free\b"
)
#: Words between a number and its time unit ("30 derniers jours", "the past 12 months").
_UNIT_ADJECTIVES = (
    r"(?:derniers?|dernieres?|prochains?|prochaines?|premiers?|premieres?|last|next|first|past|ultimos?|ultimas?|"
    r"proximos?|proximas?|primeros?|primeras?|letzten|nachsten|ersten|ultimi|ultime|prossimi|prossime|primi|laatste|"
    r"volgende|eerste)"
)
#: One unit said with an article ("moins d'un an", "for a year"), and a span of time without a figure
#: ("pendant des semaines", "for several months"), in the encoder's Latin-script languages.
#: English "a day" is as often a rate ("40 ships a day") as a span: only after a preposition of time.
_ONE = r"(?:un|une|one|uno|una|ein|eine|einem|einer|einen|um|uma|een|(?:(?<=for )|(?<=in )|(?<=within )|(?<=after )|(?<=over )|(?<=than )|(?<=about ))an?)"
_SOME = (
    r"(?:des|plusieurs|quelques|de longues|de longs|several|a few|many|some|varios|varias|algunos|algunas|unos|unas|"
    r"mehrere|einige|viele|diversi|diverse|alcuni|alcune|vari|varie|alguns|algumas|meerdere|enkele|een paar)"
)
_DURATION = (
    rf"{_ABOUT}{_NUMBER}(?:\s?(?:a|à|-|to|bis|et|and)\s?{_NUMBER})?\s?(?:{_UNIT_ADJECTIVES}\s)?(?:{_TIME_UNITS})(?!\w)|"
    rf"\b{_ONE}\s(?:{_TIME_UNITS})(?!\w)|"
    rf"\b(?:pendant|durant|for|during|over|durante|wahrend|uber|per|gedurende)\s{_SOME}\s(?:{_TIME_UNITS})(?!\w)"
)
_CONTACT = r"\+?\(?\d[\d ().-]{6,}\d|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an address never ends with its sentence's full stop
_ADDRESS = (
    r"\b\d+[a-z]?\s*,?\s*(?:bis\s+|ter\s+)?(?:rue|avenue|av|boulevard|bd|place|chemin|allee|impasse|quai|route|cours|"
    r"street|st|road|rd|lane|ln|drive|dr|way|calle|avenida|plaza|paseo|via|piazza|rua|ул|улица|проспект)\b[^,;.]*|"
    r"\b\w+(?:strasse|str|weg|platz|gasse|allee)\.?\s+\d+|"
    r"\b\d+[a-z]?\s+(?:[a-z][\w'-]*\s+){1,3}(?:street|st|road|rd|lane|ln|drive|dr|avenue|ave|way|place|square|"
    r"close|court|crescent|terrace|row|boulevard|blvd)\b[^;.]*|\b\d{5}\s+[a-z][\w'-]+|"
    r"\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b"
)
PARTICLES = frozenset([
    "de", "du", "des", "d", "la", "le", "les", "van", "von", "der", "den", "di", "da", "del", "della", "al", "el", "bin",
    "ibn", "y", "e", "&", "and", "et", "und",
])


@dataclass(frozen=True)
class Span:
    """A typed span of a sentence: ``sentence[start:end] == text`` (character offsets)."""

    kind: str
    start: int
    end: int
    text: str


#: Month names that are also common words ("may" the verb); they count only beside a day or a year.
_AMBIGUOUS_CALENDAR = frozenset({"may"})


@lru_cache(maxsize=1)
def _calendar() -> str:
    """Month and weekday names (wide and abbreviated, format and stand-alone) of every language, folded."""
    from babel.dates import get_day_names, get_month_names

    words: set[str] = set()
    for lang in LANGUAGES:
        for context in ("format", "stand-alone"):
            names = list(get_month_names("wide", context, lang).values()) + list(
                get_day_names("wide", context, lang).values())
            words |= {fold(n) for n in names}
    words -= _AMBIGUOUS_CALENDAR
    words |= {"spring", "summer", "autumn", "winter", "printemps", "automne", "hiver", "primavera", "verano", "otono",
              "invierno", "fruhling", "herbst"}
    patterns = [re.escape(w) for w in sorted(words, key=len, reverse=True)]
    return "|".join(patterns + [r"весн\w*", r"осен\w*", r"зим\w*", r"(?:l'|l’|en |cet |d')ete",
                                r"\d{1,2}\.?\s+may", r"may\s+(?:\d{1,2}|1\d{3}|20\d{2})\b", r"in may"])


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    cal = _calendar()
    date = (
        rf"(?:\b\d{{1,2}}(?:er|st|nd|rd|th|\.)?\s+(?:de\s+)?)?(?<!\w)(?:{cal})s?(?!\w)(?:\s+(?:de\s+)?(?:1\d{{3}}|20\d{{2}}))?|"
        r"\b(?:1\d{3}|20\d{2})\b|\d{1,4}\s?年(?:\s?\d{1,2}\s?月)?(?:\s?\d{1,2}\s?[日号])?|\d{1,2}\s?月\s?\d{1,2}\s?[日号]|"
        r"[〇零一二三四五六七八九]{4}年|[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}[日号])?|"
        r"(?:周|星期|礼拜|禮拜)[一二三四五六日天]|[月火水木金土日]曜日?|"
        rf"{CLOCK}|"
        r"\b\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b"
    )
    return {
        "money": re.compile(_MONEY),
        "percent": re.compile(_PERCENT),
        "duration": re.compile(_DURATION),
        "date": re.compile(date),
        "contact": re.compile(_CONTACT),
        "address": re.compile(_ADDRESS),
        "count": re.compile(rf"{_FACTOR_RE.pattern}|{_ABOUT}{_NUMBER}"),
    }


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return fold(ch)


@lru_cache(maxsize=16_384)
def folded_text(text: str) -> tuple[str, tuple[int, ...]]:
    """``fold(text)`` character by character, with the original offset of every folded character."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        out.append(f)
        where.extend([i] * len(f))
    return "".join(out), tuple(where)


@lru_cache(maxsize=16_384)
def find_spans(sentence: str, kind: str) -> tuple[Span, ...]:
    """Spans of one kind, in order; ``kind`` is one of :data:`KINDS`.

    A count is a number that is not part of a name ("Trainium 3", "iPhone 15"): one right after a
    capitalised word is left out. Names are runs of capitalised words (:func:`name_offsets`).
    """
    if kind in ("name", "person"):
        return tuple(Span(kind, a, b, sentence[a:b]) for a, b in name_offsets(sentence))
    folded, mapped = folded_text(sentence)
    where = (*mapped, len(sentence))
    spans = []
    for match in _patterns()[kind].finditer(folded):
        a, b = where[match.start()], where[match.end() - 1] + 1 if match.end() > match.start() else where[match.start()]
        text = sentence[a:b].strip()
        if not text:
            continue
        a = sentence.index(text, a)
        if kind == "count" and text[0].isdigit() and (_inside_name(sentence, a) or _YEAR_RE.fullmatch(text)):
            continue  # "Trainium 3" is a name, "2024" a year: neither is a count
        if _NOT_A_NUMBER_WORD_RE.fullmatch(text):
            continue  # French "très" folds to Spanish "tres"; no number word is spelt with a grave accent
        spans.append(Span(kind, a, a + len(text), text))
    return _whole_quantities(sentence, spans) if kind == "count" else tuple(spans)


def _whole_quantities(sentence: str, counts: list[Span]) -> tuple[Span, ...]:
    """Counts widened to the quantity they belong to: "1,5" -> "1,5 %", "800" + "milliards" ->
    "800 milliards de dollars"; a count then a scale word with only a space between become one."""
    wider = find_spans(sentence, "money") + find_spans(sentence, "percent")
    out: list[Span] = []
    for span in counts:
        outer = next((w for w in wider if w.start <= span.start and span.end <= w.end), span)
        span = Span("count", outer.start, outer.end, outer.text)
        if out and (out[-1].end >= span.start or not sentence[out[-1].end : span.start].strip()):
            start = out[-1].start
            end = max(out[-1].end, span.end)
            span = Span("count", start, end, sentence[start:end])
            out.pop()
        out.append(span)
    return tuple(out)


_YEAR_RE = re.compile(r"1[89]\d\d|20\d\d")
_CLAUSE_MARK_RE = re.compile(r"[,;:](?=\s)")  # not in "1,8"


def _overlaps(span: Span, others: tuple[Span, ...]) -> bool:
    return any(o.start < span.end and span.start < o.end for o in others)


def _inside_name(sentence: str, start: int) -> bool:
    before = sentence[:start].rstrip()
    word = re.search(r"[^\W\d_][\w-]*$", before)
    return bool(word and word.group()[0].isupper() and start - len(before) <= 1)


def name_offsets(sentence: str) -> list[tuple[int, int]]:
    """Runs of capitalised words ("Thomas Le Gall", "Cabinet Marchetti & Associés", "Варвара Сёмина").

    Particles (de, van, al, &, ...) may join capitalised words. A lone capitalised word counts
    only away from the sentence start, where capitals mark names rather than the sentence.
    Scripts without case (Chinese, Arabic, Thai, ...) have none.
    """
    spans: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []
    first = True
    end = 0
    for match in re.finditer(r"[^\W\d_][\w'’-]*|&", sentence):
        word = match.group()
        if run and (sentence[end : match.start()].strip() or "\n" in sentence[end : match.start()]):
            # punctuation, a number or a line break between: the run ends ("Hélène Carrasco\nInscriptions")
            _close(run, spans, first)
            run, first = [], False
        end = match.end()
        if _capitalised(word) or run and word.lower() in PARTICLES:
            run.append(match)
        else:
            _close(run, spans, first)
            run, first = [], False
    _close(run, spans, first)
    return spans


def _capitalised(word: str) -> bool:
    """"Annapurna", and "d'Annapurna" / "l’Escale" (an elided article before a name)."""
    return word[0].isupper() or (len(word) > 2 and word[1] in "'’" and word[2].isupper())


def _close(run: list[re.Match[str]], spans: list[tuple[int, int]], at_start: bool) -> None:
    while run and not _capitalised(run[-1].group()):
        run.pop()
    if len(run) >= 2 or (run and not at_start):
        first = run[0].group()
        start = run[0].start() + (2 if not first[0].isupper() else 0)  # "d'Annapurna Labs" -> "Annapurna Labs"
        spans.append((start, run[-1].end()))


def pick_span(sentence: str, kind: str, question: str, anchors: list[int] | None = None) -> Span | None:
    """The span of ``kind`` that answers ``question``, or None.

    Spans whose text the question already holds are not answers. A person's name is preferred
    whole (two words or more). Among the rest, the one nearest to ``anchors`` (offsets in the
    sentence where the question's terms occur) wins; with no anchors, the first.
    """
    if kind == "role":  # next to the name the question gives: see rag.answer.roles
        return next((Span("role", a, b, sentence[a:b]) for a, b in role_offsets(sentence, question)), None)
    asked = fold(question)
    spans = find_spans(sentence, kind) if kind != "name" or not asks_country(question) else tuple(
        Span("name", a, b, sentence[a:b]) for a, b in country_offsets(sentence))  # "la start-up israélienne …"
    found = [s for s in spans if fold(s.text) not in asked and not acronym_asked(s.text, question)]
    if kind in ("name", "person"):
        found = [s for s in found if not _mostly_asked(s.text, asked)]
    found = [s for s in found if fits_question(sentence, s.start, s.end, kind, question)]
    if kind == "count" and not asks_factor(question):  # "six fois la performance" is no amount of memory
        found = [s for s in found if not _FACTOR_RE.fullmatch(fold(s.text))]
    elif kind == "count":  # a factor, not "15 à 18 mois"
        durations = find_spans(sentence, "duration")
        found = [s for s in found if not _overlaps(s, durations)]
    if kind == "count" and asks_measure(question):  # "how many megawatts": not "9,5 milliards de dollars", "144 puces"
        amounts = find_spans(sentence, "money") + find_spans(sentence, "percent")
        found = [s for s in found if unit_after(sentence, s.end) and not _overlaps(s, amounts)]
    if kind == "person":  # first and last name: a lone capitalised word is as often a place or a product
        found = [_without_opening_word(sentence, s) for s in found]
        found = [s for s in found if sum(w.lower() not in PARTICLES for w in s.text.split()) >= 2  # and no unit:
                 and not is_organisation(sentence, s.start, s.end) and not re.search(r"\d\s*$", sentence[: s.start])]  # "1,8 Millionen Euro"
        persons = [s for s in found if is_person(sentence, s.start, s.end)]  # a CEO is a person, not a product:
        found = persons if wants_a_person(question) else persons or found or _agents(sentence, asked)
    if not found:  # "How many miners does the article name?": "Core Scientific, CleanSpark et Bitfarms"
        listed = counted_list(sentence, question) if kind == "count" else None
        return None if listed is None else Span("count", listed[0], listed[1], sentence[listed[0] : listed[1]])
    preferred = [s for s in found if of_the_subject(sentence, s.start, s.end, question)] or found
    preferred = [s for s in preferred if introduced_as_organisation(sentence, s.start, question)] or preferred
    best = max(preferred, key=lambda s: (_closeness(sentence, s, anchors), -s.start)) if anchors else preferred[0]
    return _whole_date(sentence, best, found) if kind == "date" and not wants_time(question) else best


#: What joins the parts of one date ("Friday, 3 July 2026, at 6 pm", "samedi 14 mars à 20 h").
_DATE_JOINT_RE = re.compile(r"[\s,]*(?:(?:at|a|um|a las|alle|as|om|в|le|the|den|el|il)\s+)?", re.IGNORECASE)


def _whole_date(sentence: str, span: Span, found: list[Span]) -> Span:
    """A "when" is answered by the whole date the sentence writes: the chosen span grows over the
    date spans it touches ("Friday" → "Friday, 3 July 2026, at 6 pm"), not over other words."""
    start, end = span.start, span.end
    for other in sorted(found, key=lambda s: s.start):
        if other.start >= end and _DATE_JOINT_RE.fullmatch(fold(sentence[end : other.start])):
            end = other.end
    for other in sorted(found, key=lambda s: -s.start):
        if other.end <= start and _DATE_JOINT_RE.fullmatch(fold(sentence[other.end : start])):
            start = other.start
    return span if (start, end) == (span.start, span.end) else Span(span.kind, start, end, sentence[start:end])


def _closeness(sentence: str, span: Span, anchors: list[int]) -> float:
    """Sum over the question's words in the sentence of 1 / (1 + d / 20), d in characters from the
    span's middle, plus 40 for each comma, semicolon or colon between: "… a sourdough loaf for
    £4.50, while a box of six pastries costs £12" prices the box at £12, not at £4.50."""
    middle = (span.start + span.end) // 2
    return sum(1.0 / (1.0 + (abs(a - middle) + 40 * len(_CLAUSE_MARK_RE.findall(sentence[min(a, middle):max(a, middle)]))) / 20)
               for a in anchors)


#: What introduces the doer of a passive verb or the source of a report, with an article and a noun
#: between at most: "built by Grubb Parsons", "gérée par l'association Vents d'Ouest", "vom Kulturverein
#: Inntal", "…, rapporte TopTribune", "according to Reuters".
_AGENT_RE = re.compile(r"\b(?:by|par|von|vom|por|da|dal|dalla|door|przez|rapporte\w*|selon|d'apres|according to|reports|"
                       r"reported|laut|berichte\w*|segun|informa|secondo|segundo)\s+"
                       r"(?:(?:l'|la|le|les|the|der|die|das|dem|el|il|lo)\s*)?(?:[^\W\d_]+\s+)?$")


def _agents(sentence: str, asked: str) -> list[Span]:
    """Names that do what the sentence says, for a "who" question whose sentence names no person:
    an organisation after "by", "par", "von" ("Who built the telescope?": "Grubb Parsons & Co")."""
    return [Span("person", s.start, s.end, s.text) for s in find_spans(sentence, "name")
            if not _mostly_asked(s.text, asked) and _AGENT_RE.search(fold(sentence[max(0, s.start - 40) : s.start]))]


def _without_opening_word(sentence: str, span: Span) -> Span:
    """"Selon Варвара Сёмина" -> "Варвара Сёмина", "Ihr Budget" -> "Budget": at the sentence start, a
    capitalised stopword opens the sentence, not the name (German capitalises every noun)."""
    first, _, rest = span.text.partition(" ")
    if span.start != len(sentence) - len(sentence.lstrip()) or not rest:
        return span
    second = rest.split()[0]
    if any_stopword(first) or len(rest.split()) >= 2 and (
            latin(first) != latin(second) or (not given_name(first) and given_name(second))):
        return Span(span.kind, span.end - len(rest), span.end, rest)
    return span


def _mostly_asked(name: str, asked: str) -> bool:
    words = [w for w in re.findall(r"\w+", fold(name)) if w not in PARTICLES]
    known = set(re.findall(r"\w+", asked))
    return not words or sum(w in known for w in words) * 2 >= len(words)


_WORDS_AFTER_RE = re.compile(r"\s*((?:[^\W\d_]+['’\s]*){1,3})")


def words_after_counts(sentence: str) -> list[str]:
    """The one to three words after each count of the sentence (:func:`find_spans`): what it counts,
    when it is written in words too ("des centaines de milliers de puces" -> "de puces fonctionnant")."""
    return [m.group(1) for span in find_spans(sentence, "count") if (m := _WORDS_AFTER_RE.match(sentence, span.end))]
