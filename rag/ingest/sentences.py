"""Sentence spans of one block of text, for every language of the default encoder.

The multilingual Universal Sentence Encoder covers ar, zh (simplified and traditional), en, fr,
de, it, ja, ko, nl, pl, pt, es, th, tr and ru. One engine per language, chosen by measurement
(``scripts/segmentation_eval.py``, results in ``docs/segmentation.md``) and spot checks:

* pysbd (a port of the Pragmatic Segmenter and its "Golden Rules") for en, fr, es, de, it, nl: its
  abbreviation rules ("M. Dupont", "Dr.", "U.S.", "5,6", "3 p.m.", "12. März") beat ICU's there.
  pysbd also has ar, ru, pl, zh, ja, but did worse on spot checks (it splits at the Arabic comma "،",
  after "Prof." and "r." in Polish, after "т." in Russian);
* ICU's sentence BreakIterator (Unicode UAX #29 sentence boundaries, with CLDR's abbreviation
  suppressions ``@ss=standard``) for the others: pt, tr, ko, ar, pl, ru, and any unknown code;
* a punctuation rule for Chinese and Japanese (boundary after 。！？ or an ellipsis run, closing
  quotes and brackets kept with the sentence);
* ICU plus the whitespace rule for Thai, which has no sentence punctuation.

Every engine is followed by the same repairs (:func:`_merge_abbreviations`), and every hard line
break is a boundary. Whatever text an engine cannot place becomes a sentence of its own, so the
spans always cover every non-space character of the block.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from typing import Any

Span = tuple[int, int]

#: Engines are fed bounded windows: pysbd is regex-heavy (seconds on a long window) and ICU and
#: the regular expressions stay linear over a 10 MB block with no punctuation at all.
WINDOW = 5000

#: Languages where pysbd beat ICU on the hand-labelled set and on XQuAD/PIAF answer integrity.
_PYSBD_LANGS = frozenset({"en", "fr", "es", "de", "it", "nl"})
_CJK_LANGS = frozenset({"zh", "ja"})
_THAI = "th"

_TERMINATOR_RE = re.compile(r"[.!?…;:。！？｡．؟।\n]")


def split_sentences(text: str, lang: str) -> list[Span]:
    """Spans ``(start, end)`` of the sentences of one block of ``text``, in ``lang``.

    Spans are relative to ``text``, trimmed of surrounding whitespace, disjoint, in order, and
    cover every non-space character. A hard line break ``"\\n"`` is always a boundary. ``lang``
    is an ISO 639-1 code ("zh" for both Chinese scripts); region or script suffixes are ignored.
    """
    lang = normalize_lang(lang)
    spans: list[Span] = []
    start = 0
    while start < len(text):
        end, window_spans = _window(text, start, lang)
        spans.extend(window_spans)
        start = end
    return spans


def normalize_lang(lang: str) -> str:
    """``"zh-Hant"``, ``"zh_TW"``, ``"PT-br"`` -> ``"zh"``, ``"zh"``, ``"pt"``."""
    return re.split(r"[-_@]", lang.strip().lower(), maxsplit=1)[0] or "en"


def _window(text: str, start: int, lang: str) -> tuple[int, list[Span]]:
    """Segment ``text[start:start + WINDOW]``; return where the next window starts, and spans.

    The window ends at a hard line break in its second half when there is one (a certain
    boundary). Otherwise its last sentence may be cut short by the window's edge: it is left for
    the next window when it starts in the second half, so every window advances by at least half
    its size (linear time); a sentence longer than half a window is cut at whitespace.
    """
    end = min(start + WINDOW, len(text))
    if end < len(text):
        newline = text.rfind("\n", start + WINDOW // 2, end)
        end = newline + 1 if newline >= 0 else end
    spans = [(start + s, start + e) for s, e in _segment(text[start:end], lang)]
    if end == len(text) or text[end - 1] == "\n" or not spans:
        return end, spans
    last_start = spans[-1][0]
    if last_start >= start + WINDOW // 2:
        return last_start, spans[:-1]
    space = max(text.rfind(" ", start + WINDOW // 2, end), text.rfind("\n", start + WINDOW // 2, end))
    cut = space + 1 if space > last_start else end
    spans[-1] = (last_start, cut)
    return cut, [s for s in (_trim(text, *span) for span in spans) if s]


def _segment(window: str, lang: str) -> list[Span]:
    """All the sentences of one window: engine, gaps kept, line breaks, repairs."""
    if not _TERMINATOR_RE.search(window):
        raw: Iterable[Span] = [(0, len(window))]
    elif lang in _CJK_LANGS:
        raw = _cjk_spans(window)
    elif lang in _PYSBD_LANGS:
        raw = _pysbd_spans(window, lang)
    else:
        raw = _icu_spans(window, lang)
    spans = _split_lines(window, _cover(window, raw))
    spans = _merge_abbreviations(window, spans, lang)
    if lang == _THAI:
        spans = _thai_spaces(window, spans)
    return spans


def _trim(text: str, start: int, end: int) -> Span | None:
    """``(start, end)`` without surrounding whitespace, or ``None`` if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _cover(text: str, spans: Iterable[Span]) -> list[Span]:
    """Trimmed, disjoint spans in order; text between or after the engine's spans is kept too."""
    out: list[Span] = []
    cursor = 0
    for start, end in spans:
        start = max(start, cursor)
        if start > cursor and (gap := _trim(text, cursor, start)):
            out.append(gap)
        if end > start and (span := _trim(text, start, end)):
            out.append(span)
            cursor = end
    if tail := _trim(text, cursor, len(text)):
        out.append(tail)
    return out


def _split_lines(text: str, spans: list[Span]) -> list[Span]:
    """A hard line break inside a block is always a sentence boundary (an address, a poem)."""
    out: list[Span] = []
    for start, end in spans:
        cursor = start
        while (newline := text.find("\n", cursor, end)) >= 0:
            if span := _trim(text, cursor, newline):
                out.append(span)
            cursor = newline + 1
        if span := _trim(text, cursor, end):
            out.append(span)
    return out


# --------------------------------------------------------------------------- engines


@lru_cache(maxsize=64)
def _pysbd_segmenter(lang: str) -> Any:  # pysbd has no public types
    import pysbd

    return pysbd.Segmenter(language=lang, clean=False, char_span=False)


def _pysbd_spans(window: str, lang: str) -> list[Span]:
    """pysbd's sentences, placed by a forward search (as in :func:`rag.ingest.chunking._locate`).

    pysbd's own ``char_span`` compiles one regular expression per sentence (seconds per window);
    its processor gives the same sentences. A sentence holding one of pysbd's placeholder
    characters (☄ ∯ ȸ ...) comes back rewritten and is not found: :func:`_cover` keeps its text.
    """
    spans: list[Span] = []
    pos = 0
    for sentence in _pysbd_segmenter(lang).processor(window).process():
        piece = sentence.strip()
        at = window.find(piece, pos) if piece else -1
        if at >= 0:
            spans.append((at, at + len(piece)))
            pos = at + len(piece)
    return spans


_ICU_LOCAL = threading.local()  # an ICU iterator holds its text: one per thread and language


def _icu_iterator(lang: str) -> Any:  # PyICU objects are untyped
    """ICU sentence iterator with CLDR's abbreviation suppressions ("Dr.", "Sr.") when it has them.

    Built once per thread (0.4 ms with suppressions); ``threading.local`` keeps threads apart.
    """
    cache: dict[str, Any] = _ICU_LOCAL.__dict__.setdefault("iterators", {})
    if lang not in cache:
        import icu

        cache[lang] = icu.BreakIterator.createSentenceInstance(icu.Locale(f"{lang}@ss=standard"))
    return cache[lang]


def _icu_spans(window: str, lang: str) -> list[Span]:
    """UAX #29 sentences by ICU; its offsets are UTF-16 code units, converted to code points."""
    iterator = _icu_iterator(lang)
    iterator.setText(window)
    boundaries = [0, *iterator]
    if any(ord(ch) > 0xFFFF for ch in window):
        boundaries = _utf16_to_code_points(window, boundaries)
    return list(pairwise(boundaries))


def _utf16_to_code_points(text: str, offsets: list[int]) -> list[int]:
    """Map UTF-16 offsets (ICU) to Python string indices; characters beyond U+FFFF count twice."""
    index_of: dict[int, int] = {}
    unit = 0
    for index, char in enumerate(text):
        index_of[unit] = index
        unit += 2 if ord(char) > 0xFFFF else 1
    index_of[unit] = len(text)
    return [index_of[offset] for offset in offsets]


#: Chinese and Japanese full stops, question and exclamation marks (full and half width), or an
#: ellipsis run; then closing quotes and brackets, which stay with their sentence. The rule is
#: the one of common Chinese splitters (e.g. HanLP's ``split_sentence``) and of the JIS X 4051
#: line-composition classes (closing brackets never start a line). A Latin full stop ends a
#: sentence only before a space and a capital (an English sentence quoted in the text).
_CJK_END_RE = re.compile(r"(?:[。！？｡．!?]+|…+|\.{3,}|⋯+)[」』”’\"'）)】〕〉》]*|\.(?=\s+[A-Z])")
#: Not a boundary when the next character continues the sentence: a comma or colon after a
#: quotation (他说：「好！」，然后), or Japanese quotative particles after a quotation (「本当？」と言った).
_CJK_CONTINUES_RE = re.compile(r"\s*(?:[，、,：:；;）)」』”’]|と|って)")


def _cjk_spans(window: str) -> list[Span]:
    """Chinese/Japanese sentences: a boundary after each terminator run and its closing quotes."""
    spans: list[Span] = []
    start = 0
    for match in _CJK_END_RE.finditer(window):
        if _CJK_CONTINUES_RE.match(window, match.end()) or match.end() == len(window):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(window)))
    return spans


# --------------------------------------------------------------------------- repairs

#: Titles and other abbreviations that are (almost) never the end of a sentence, lower-cased,
#: without their dot. Sources: CLDR's segmentation suppressions (``common/segments/*.xml``),
#: pysbd's per-language abbreviation lists, and national style guides (PWN for Polish, TDK for
#: Turkish, Real Academia/Academia Brasileira for Spanish/Portuguese); company forms ("Co.",
#: "Ets."), amounts ("rd.", "approx.") and month names ("Sept. 2026") from a newcomer's trial.
_TITLES: dict[str, str] = {
    "en": "mr mrs ms dr prof st sr jr gen col capt lt rev hon gov sen rep mt no nos vs fig pp "
          "co ltd inc corp",
    "fr": "m mm mme mmes mlle dr pr me st ste fig cf vol p ets cie sté",
    "es": "sr sra srta dr dra d dña lic ing prof núm pág art fig vol",
    "de": "hr fr dr prof nr abb bzw vgl ca st str ing mio mrd tsd",
    "it": "sig sigg dott dr prof avv ing geom arch on pag art fig",
    "pt": "sr sra srta dr dra prof profa eng exmo exma av pág art cap fig nº dª",
    "nl": "dhr mevr mw dr prof ir ing mr drs nr blz fig",
    "ru": "г гг ул проф акад им т тт ст рис см св стр с тыс млн млрд",
    "pl": "prof dr hab inż mgr lek ks św ul al pl gen płk nr np tzw ok m.in r ww s tab zob",
    "tr": "dr prof doç yrd av op uzm sn müh alb yzb bkz vb vs no",
    "ar": "د أ ص",  # دكتور (doctor), أستاذ (professor), صفحة (page)
}
#: Abbreviations that end no sentence when a figure follows: months ("Sept. 2026") and
#: approximations ("rd. 140 Mio. Euro", "approx. £1.6m"). Before a word they may: "Ils étaient sept."
_BEFORE_FIGURE: dict[str, str] = {
    "en": "approx jan feb mar apr jun jul aug sep sept oct nov dec",
    "fr": "env janv févr fév avr juil sept oct nov déc",
    "es": "aprox ene feb abr jun jul ago sept oct nov dic",
    "de": "rd ca jan feb febr apr jun jul aug sept okt nov dez",
    "it": "ca gen febbr apr giu lug ago sett ott nov dic",
    "pt": "aprox jan fev abr jun jul ago set out nov dez",
    "nl": "ca jan feb apr jun jul aug sept okt nov dec",
}
#: Korean quotative endings: a quotation followed by 라고/고 ("...떠나겠다."라고 말했다) goes on.
_KO_QUOTATIVE_RE = re.compile(r"(?:이?라고|라며|하고|고\s)")
_TITLE_TAIL_RE = re.compile(r"(?:^|[\s(«\"'„“-])([^\W\d_]+(?:\.[^\W\d_]+)*)\.$")  # "-": "Dr.-Ing."
#: A single capital letter and a dot is an initial ("J. R. R. Tolkien", "Т. Е. Иванов").
_INITIAL_RE = re.compile(r"(?:^|[\s(«\"'„“])[^\W\d_]\.$")
#: UAX #29 rule SB8: after a full stop, a sentence does not start with a lower-case letter.
_LOWER_START_RE = re.compile(r"[\"'«»„“”(\[]*[^\W\d_]")
#: Thai uses "." only inside abbreviations (พ.ศ., ดร., กม.): never a full stop after a Thai letter.
_THAI_DOT_RE = re.compile(r"[\u0e01-\u0e4e]\.$")


def _continues(text: str, left: Span, right: Span, lang: str) -> bool:
    """Whether the boundary between ``left`` and ``right`` is an abbreviation's dot or a lone
    closing punctuation mark, not an end."""
    if "\n" in text[left[1] : right[0]]:
        return False
    if not any(ch.isalnum() for ch in text[right[0] : right[1]]):
        return True  # a closing quote cut off at a paragraph's end: '… nous essayons de tenir ce rythme."'
    if lang == "ko" and left[1] == right[0] and _KO_QUOTATIVE_RE.match(text, right[0]):
        return True
    if not text[left[0] : left[1]].endswith("."):
        return False
    tail = text[max(left[0], left[1] - 40) : left[1]]
    if lang == _THAI and _THAI_DOT_RE.search(tail):
        return True
    first = _LOWER_START_RE.match(text, right[0])
    if first and first.group()[-1].islower():
        return True
    if _INITIAL_RE.search(tail) and tail[-2].isupper():
        return True
    word = _TITLE_TAIL_RE.search(tail)
    if word is None:
        return False
    figure = text[right[0] : right[0] + 1].isdigit() or text[right[0] : right[0] + 1] in "£$€¥"
    return word.group(1).lower() in (_titles(lang) | _before_figure(lang) if figure else _titles(lang))


@lru_cache(maxsize=64)
def _titles(lang: str) -> frozenset[str]:
    return frozenset(_TITLES.get(lang, "").split())


@lru_cache(maxsize=64)
def _before_figure(lang: str) -> frozenset[str]:
    return frozenset(_BEFORE_FIGURE.get(lang, "").split())


def _merge_abbreviations(text: str, spans: list[Span], lang: str) -> list[Span]:
    """Undo boundaries an engine put after an abbreviation, an initial or before a lower-case word.

    Sources: UAX #29 SB8 (no sentence starts lower-case after a full stop), the abbreviation
    lists of :data:`_TITLES`, and Thai orthography (the dot marks abbreviations only).
    """
    out: list[Span] = []
    for span in spans:
        if out and _continues(text, out[-1], span, lang):
            out[-1] = (out[-1][0], span[1])
        else:
            out.append(span)
    return out


_THAI_CHAR = "\u0e01-\u0e4e"
#: Thai writes no sentence punctuation: a space between two Thai characters ends a sentence or
#: clause. This is the standard whitespace rule (PyThaiNLP's ``sent_tokenize(engine="whitespace")``,
#: the Royal Institute's orthography); a space next to a digit or a Latin word does not split.
_THAI_SPACE_RE = re.compile(rf"(?<=[{_THAI_CHAR}])[ \t\u00a0\u200b]+(?=[{_THAI_CHAR}])")
#: Thai also writes spaces inside clauses: between a transliterated first and last name
#: ("คาวันน์ ชอร์ต"), before a counted noun ("สี่ ครั้ง"). A clause shorter than this is not cut off:
#: on XQuAD th it keeps 92% of answers inside one sentence instead of 84%, still with no sentence
#: over 400 characters in 99% of paragraphs (``docs/segmentation.md``).
THAI_MIN_CLAUSE = 15


def _thai_spaces(text: str, spans: list[Span]) -> list[Span]:
    """Split each Thai sentence at spaces between two Thai characters, once a clause is long enough."""
    out: list[Span] = []
    for start, end in spans:
        for match in _THAI_SPACE_RE.finditer(text, start, end):
            if match.start() - start >= THAI_MIN_CLAUSE:
                out.append((start, match.start()))
                start = match.end()
        out.append((start, end))
    return out
