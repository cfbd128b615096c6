"""PDF reader: paragraphs rebuilt from the positioned lines of a PDF's text layer.

A PDF stores no paragraphs, only lines of glyphs at positions. This reader takes each page's
lines with their left edge, baseline and font size, and rebuilds the structure:

* **Running headers and footers.** On a document of two pages or more, a line among the first
  two or the last two of a page whose text (digits replaced by ``#``, so "Page 3" and bare page
  numbers match) is at the same end of at least two pages is removed: ``"page header/footer"``.
* **Paragraph breaks** come from layout only: a vertical gap more than 1.25 times the body
  line spacing (the commonest gap between consecutive body lines), a first-line indent (a line
  starting more than half a font size right of the previous one), a change of font size, or a
  move up or sideways (a new column or text box). A paragraph that runs across a page break is
  joined when the page's last block does not end with ``. ! ? …`` (closing quotes and brackets
  ignored) and both sides are paragraphs.
* **Headings**: lines at least 1.2 times the body font size; the largest such size is level 1.
  One short unpunctuated line alone in bold, or at least 1.1 times the body size, is a heading
  one level below those ("Leitung" in 13-point bold over 11-point text).
* **Joining lines**: a single space; a line-end hyphen between two letters is removed
  (``"écono-" + "mie"`` gives ``"économie"``, reported as ``"line-end hyphen"``) unless the
  next part starts with an upper-case letter (``"Jean-Rostand"``, ``"Saint-Malo"``) or the
  hyphenated word occurs elsewhere in the document and the joined word does not
  (``"porte-monnaie"``). A soft hyphen (U+00AD) at a line end is always removed. Between
  digits (``"1939-" + "1945"``) the hyphen stays and no space is added.

Which library gives the lines: measured by ``scripts/pdf_reader_eval.py`` on 15 generated
PDFs (27 pages, 58 true blocks: gap- and indent-separated paragraphs, hyphenated wraps,
running headers with page numbers, a paragraph across a page break, headings, 1.5 line
spacing, TJ arrays with kerning, bold runs inside a line, justified text placed word by word,
two columns, a page whose content stream runs bottom-up, a 10-page document)::

    candidate                         recall  wrong joins  wrong splits  ms/page
    pypdf extract_text (today)          3.4%            1           221   ~5-7
    pypdf layout mode + rules          91.4%            3             1   ~5-8
    pypdf visitor_text + rules         96.6%            1             3   ~3-7
    pdfminer LTTextBox = paragraph     60.3%            0            35  ~20-29
    pdfminer LTTextLine + rules       100.0%            0             0  ~20-28

(times: best of 5 on a shared 2-core machine under load; the ratio, pdfminer 3-4 times
slower, held across runs.) pdfminer.six's ``LTTextLine`` + the rules above is used: the only
candidate with every block right. It places glyphs by their real widths and orders text boxes
by layout, so it does not depend on the order in which the content stream draws lines; pypdf's
``visitor_text`` only reports fragments in stream order, which fails when that order is not
the reading order (the bottom-up page). pdfminer's own text boxes are not paragraphs: they
split 1.5-spaced lines and indented first lines. Its cost, ~25 ms a page, is small next to
embedding the text. pdfminer.six is MIT-licensed but is not yet declared in
``pyproject.toml``; without it the reader falls back to the pypdf lines (with a warning).
Known limits: a paragraph break with neither gap nor indent (block style without spacing)
is not seen; the body line spacing is the commonest gap, so a document made only of one-line
paragraphs separated by gaps reads as one paragraph; a lower-case compound split at its
hyphen and found nowhere else in the document (``"peut-" + "être"``) loses its hyphen.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rag.errors import DocumentError
from rag.ingest.blocks import Block, Extracted
from rag.ingest.pdf_lines import PdfLine, pypdf_lines
from rag.types import Removal

log = logging.getLogger(__name__)

GAP_FACTOR = 1.25  # a gap above this many body line spacings starts a paragraph
INDENT_EM = 0.5  # a line starting this many font sizes right of the previous one starts a paragraph
HEADING_FACTOR = 1.2  # font size, relative to the body size, from which a line is a heading
EMPHASIS_FACTOR = 1.1  # ... from which one short unpunctuated line alone is a heading (bold ones: any size)
_BOLD_FACE_RE = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
EDGE_LINES = 2  # lines at each end of a page that may be a running header or footer
_SENTENCE_END = ".!?…"
_CLOSERS = "\"'»”’)]"
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|-)*", re.UNICODE)


@dataclass(frozen=True)
class Layout:
    """Document-wide measures the paragraph rules compare against (points)."""

    body_size: float
    spacing: float  # commonest baseline-to-baseline gap between body lines
    heading_levels: dict[float, int]  # rounded font size -> heading level 1..6


BreakRule = Callable[[PdfLine, PdfLine, Layout], bool]


def read_pdf(raw: bytes, name: str) -> Extracted:
    """Read a PDF's text layer as paragraph and heading blocks.

    ``raw`` is the file's bytes, ``name`` the document id used in error messages. Returns the
    blocks in reading order, the removals (running headers/footers, line-end hyphens) and
    ``meta["title"]`` from the PDF info when present. Lines come from pdfminer.six; without it,
    from pypdf (see the module docstring for what that costs). Raises :class:`DocumentError`
    for an unreadable PDF and for one with no text layer.
    """
    try:
        import pdfminer  # noqa: F401
    except ImportError:
        log.warning("pdfminer.six is not installed; reading PDF lines with pypdf (stream order)")
        pages, title = pypdf_lines(raw, name)
    else:
        pages, title = pdfminer_lines(raw, name)
    extracted = assemble(pages, name)
    if title:
        extracted.meta["title"] = title
    return extracted


def assemble(pages: Sequence[Sequence[PdfLine]], name: str, starts_paragraph: BreakRule | None = None) -> Extracted:
    """Blocks and removals from each page's lines in reading order (one list per page).

    ``starts_paragraph(previous, line, layout)`` decides a break between two lines of a page;
    the default is :func:`layout_break`. Raises :class:`DocumentError` when no page has text.
    """
    if not any(pages):
        raise DocumentError(f"{name}: PDF has no text layer (scanned?); run OCR first")
    rule = starts_paragraph or layout_break
    kept, removals = strip_running_lines(pages)
    layout = measure_layout(kept)
    vocabulary = _vocabulary(line.text for page in kept for line in page)
    groups: list[list[PdfLine]] = []
    for page in kept:
        page_groups = _split_page(page, layout, rule)
        if groups and page_groups and _continues(groups[-1], page_groups[0], layout):
            groups[-1] = groups[-1] + page_groups.pop(0)
        groups.extend(page_groups)
    blocks = []
    for lines in groups:
        text, hyphens = join_lines([line.text for line in lines], vocabulary)
        removals.extend(hyphens)
        level = layout.heading_levels.get(round(lines[0].size, 1), 0) or _emphasised_heading(lines, text, layout)
        blocks.append(Block("heading", text, level) if level else Block("paragraph", text))
    return Extracted(blocks=blocks, removals=removals)


def _emphasised_heading(lines: Sequence[PdfLine], text: str, layout: Layout) -> int:
    """The level of a heading set apart by emphasis rather than size, else 0: one short line
    without final punctuation, in bold or at least :data:`EMPHASIS_FACTOR` times the body size
    ("Leitung" in 13-point bold over 11-point text), one level below the sized headings."""
    line = lines[0]
    emphasised = line.bold or line.size >= EMPHASIS_FACTOR * layout.body_size
    if len(lines) > 1 or not emphasised or line.size < 0.95 * layout.body_size or not _heading_like(text):
        return 0
    return min(len(layout.heading_levels) + 1, 6)


def _heading_like(text: str) -> bool:
    """One short line without final punctuation: "Leitung", "Anmeldeschluss"."""
    return len(text) <= 80 and not text.rstrip().endswith(tuple(".,;:!?…"))


def pdfminer_lines(raw: bytes, name: str) -> tuple[list[list[PdfLine]], str]:
    """Each page's lines in pdfminer's reading order (text boxes, top-down within a box), and
    the info /Title ("" when absent). ``PdfLine.group`` is the line's text box on its page.

    Raises :class:`DocumentError` when pdfminer cannot parse the file.
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psexceptions import PSException

    try:
        document = PDFDocument(PDFParser(io.BytesIO(raw)))
        resources = PDFResourceManager()
        device = PDFPageAggregator(resources, laparams=LAParams())
        interpreter = PDFPageInterpreter(resources, device)
        pages = []
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            pages.append(_layout_lines(device.get_result()))
        title = _pdfminer_title(document)
    except (PSException, ValueError, KeyError, TypeError, IndexError, AssertionError) as exc:
        raise DocumentError(f"{name}: unreadable PDF ({exc})") from None
    return pages, title


def _layout_lines(page: object) -> list[PdfLine]:
    """The text lines of one pdfminer ``LTPage``; baseline from the first glyph's origin."""
    from pdfminer.layout import LTChar, LTTextBox, LTTextLine

    lines = []
    boxes = [item for item in page if isinstance(item, LTTextBox)]  # type: ignore[attr-defined]
    for number, box in enumerate(boxes):
        for line in box:
            chars = [item for item in line if isinstance(item, LTChar)]
            text = " ".join(line.get_text().split()) if isinstance(line, LTTextLine) else ""
            if chars and text:
                top = page.height - chars[0].matrix[5]  # type: ignore[attr-defined]
                bold = sum(bool(_BOLD_FACE_RE.search(c.fontname)) for c in chars) * 2 > len(chars)
                lines.append(PdfLine(text, line.x0, top, max(c.size for c in chars), group=number, bold=bold))
    return lines


def _pdfminer_title(document: object) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    for info in getattr(document, "info", []):
        value = resolve1(info.get("Title"))
        if isinstance(value, bytes):
            return decode_text(value).strip()
        if isinstance(value, str):
            return value.strip()
    return ""


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.casefold().split()))


def strip_running_lines(pages: Sequence[Sequence[PdfLine]]) -> tuple[list[list[PdfLine]], list[Removal]]:
    """Drop running headers, footers and page numbers; return the kept lines and the removals.

    Only on documents of two pages or more: a line among the ``EDGE_LINES`` top (or bottom)
    lines of its page whose :func:`_edge_key` is at the same end of at least two pages.
    """
    if len(pages) < 2:
        return [list(page) for page in pages], []
    ends: list[dict[int, str]] = []  # per page: id of an edge line -> "top:key" / "bottom:key"
    for page in pages:
        ordered = sorted(page, key=lambda line: line.top)
        marks = {id(line): "bottom:" + _edge_key(line.text) for line in ordered[-EDGE_LINES:]}
        marks.update({id(line): "top:" + _edge_key(line.text) for line in ordered[:EDGE_LINES]})
        ends.append(marks)
    counts = Counter(mark for marks in ends for mark in set(marks.values()))
    kept: list[list[PdfLine]] = []
    removals: list[Removal] = []
    for page, marks in zip(pages, ends, strict=True):
        running = {key for key, mark in marks.items() if counts[mark] >= 2}
        kept.append([line for line in page if id(line) not in running])
        removals.extend(Removal("page header/footer", line.text) for line in page if id(line) in running)
    return kept, removals


def measure_layout(pages: Sequence[Sequence[PdfLine]]) -> Layout:
    """Body font size (weighted by characters), body line spacing and heading sizes."""
    sizes = Counter[float]()
    for page in pages:
        for line in page:
            sizes[round(line.size, 1)] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 11.0
    gaps = Counter[float]()
    for page in pages:
        for prev, line in itertools.pairwise(page):
            gap = line.top - prev.top
            if round(prev.size, 1) == round(line.size, 1) == body and 0.5 * body < gap < 4 * body:
                gaps[round(gap * 2) / 2] += 1
    spacing = gaps.most_common(1)[0][0] if gaps else 1.2 * body
    larger = sorted((s for s in sizes if s >= HEADING_FACTOR * body), reverse=True)
    levels = {size: min(rank + 1, 6) for rank, size in enumerate(larger)}
    return Layout(body_size=body, spacing=spacing, heading_levels=levels)


def layout_break(prev: PdfLine, line: PdfLine, layout: Layout) -> bool:
    """True when ``line`` starts a new block after ``prev`` on the same page.

    A gap over ``GAP_FACTOR`` line spacings (scaled to the line's font size), a move up or
    sideways (not down by at least half a font size), a font size change of more than 1 point,
    a change between bold and regular at a short unpunctuated bold line (a heading in the body's
    size, "Anmeldeschluss" above "31. Juli 2026"), or a first-line indent of more than
    ``INDENT_EM`` font sizes.
    """
    gap = line.top - prev.top
    spacing = layout.spacing * max(line.size, prev.size) / layout.body_size
    if gap > GAP_FACTOR * spacing or gap < 0.5 * line.size:
        return True
    if abs(line.size - prev.size) > 1.0:
        return True
    if prev.bold != line.bold and _heading_like((prev if prev.bold else line).text):
        return True
    return line.x - prev.x > INDENT_EM * line.size


def group_break(prev: PdfLine, line: PdfLine, layout: Layout) -> bool:
    """A break wherever the text source's own grouping (``PdfLine.group``) changes."""
    return prev.group != line.group


def _split_page(page: Sequence[PdfLine], layout: Layout, rule: BreakRule) -> list[list[PdfLine]]:
    groups: list[list[PdfLine]] = []
    for line in page:
        if groups and not rule(groups[-1][-1], line, layout):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _continues(last: list[PdfLine], first: list[PdfLine], layout: Layout) -> bool:
    """Whether the first block of a page continues the last block of the previous page."""
    if any(round(group[0].size, 1) in layout.heading_levels for group in (last, first)):
        return False
    end = last[-1].text.rstrip(_CLOSERS + " ")
    return bool(end) and end[-1] not in _SENTENCE_END


def _vocabulary(texts: Iterable[str]) -> set[str]:
    """Lower-cased words (letters and inner hyphens) that occur whole within one line."""
    return {m.group(0).strip("-").casefold() for text in texts for m in _WORD.finditer(text)}


def join_lines(texts: Sequence[str], vocabulary: set[str]) -> tuple[str, list[Removal]]:
    """Join one block's lines with single spaces, removing line-end hyphens that split a word.

    Returns the text and one ``Removal("line-end hyphen", "écono-mie")`` per removed hyphen.
    """
    text, removals = "", []
    for part in texts:
        part = " ".join(part.split())
        if not text:
            text = part
            continue
        joined, removal = _join_pair(text, part, vocabulary)
        text = joined
        if removal:
            removals.append(removal)
    return text, removals


def _join_pair(left: str, right: str, vocabulary: set[str]) -> tuple[str, Removal | None]:
    if left.endswith("\u00ad") and right[:1].isalpha():
        head, tail = _word_end(left[:-1]), _word_start(right)
        return left[:-1] + right, Removal("line-end hyphen", f"{head}-{tail}")
    if not (left.endswith("-") and len(left) > 1 and not left[-2].isspace() and right[:1].isalnum()):
        return f"{left} {right}", None
    if not (left[-2].isalpha() and right[0].isalpha()):
        return left + right, None  # 1939-1945, A4-format: the hyphen stays, no space
    head, tail = _word_end(left[:-1]), _word_start(right)
    hyphenated, solid = f"{head}-{tail}".casefold(), f"{head}{tail}".casefold()
    if right[0].isupper() or (hyphenated in vocabulary and solid not in vocabulary):
        return left + right, None
    return left[:-1] + right, Removal("line-end hyphen", f"{head}-{tail}")


def _word_end(text: str) -> str:
    match = re.search(r"[^\W\d_][^\W_]*(?:-[^\W\d_]+)*$", text)
    return match.group(0) if match else ""


def _word_start(text: str) -> str:
    match = re.match(r"[^\W\d_]+", text)
    return match.group(0) if match else ""
