"""Compare ways of rebuilding paragraphs from a PDF's text layer, on generated PDFs with known paragraphs.

Each case is a PDF written line by line with explicit positions (tests/pdf_helper.py) and
the list of its true blocks (paragraphs and headings, running headers/footers excluded).
Markers in the source text: ``-|`` is a wrap inside a word (the hyphen must go), ``=|`` a wrap
after the hyphen of a real compound (shown as ``-``, must stay).

For each candidate it reports:

* recall: the share of true blocks that come out exactly (same text) as one block;
* wrong joins: true block boundaries missing from the output (two blocks glued together);
* wrong splits: output boundaries inside a true block;
* ms/page: wall time per page, parsing included (best of 5 runs).

Boundaries are compared on the text with whitespace and hyphens removed, aligned with
difflib, so a leaked header or a wrong hyphen costs recall but does not shift boundaries.

    .venv/bin/python scripts/pdf_reader_eval.py
"""

from __future__ import annotations

import difflib
import io
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rag.ingest.pdf import PdfLine, assemble, group_break, pdfminer_lines, read_pdf
from rag.ingest.pdf_lines import pypdf_lines

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pdf_helper import Line, pdf_bytes  # noqa: E402 - found through the sys.path line above

SHARED_CASE = ROOT.parent / "shared/cases/02-wrapped-lines/corpus/ecole-plouvenec-2026-03-05.pdf"
PLOUVENEC = (
    "La commune de Plouvenec ouvrira en septembre une école primaire de huit classes, construite en bois "
    "et en paille, pour un coût de 5,6 millions d'euros. Elle accueillera 190 élèves dès la rentrée."
)
_VOCABULARY = (
    "la commune de Plouvenec ouvrira une école primaire en bois et en paille pour un coût de millions "
    "d'euros les élèves arriveront dès la rentrée le maire a précisé que le chantier durera deux ans "
    "la région finance une partie du projet les parents ont été consultés au printemps dernier "
    "économie énergie chaufferie cantine bibliothèque gymnase été hiver façade isolation à où"
)
WORDS = _VOCABULARY.split()


@dataclass
class Case:
    name: str
    raw: bytes
    truth: list[str]
    pages: int


@dataclass
class Style:
    size: float = 11.0
    leading: float = 14.0
    gap: float = 8.0  # extra space between paragraphs, points
    indent: float = 0.0  # first-line indent, points
    width: int = 62  # characters per line
    kerned: bool = False
    bold_runs: bool = False
    justify: bool = False  # every word at its own x; lines but the last stretched to the paragraph's widest


def _truth(text: str) -> str:
    return text.replace("-|", "").replace("=|", "-")


def _wrap(text: str, width: int) -> list[str]:
    """Greedy wrap; ``-|`` and ``=|`` force a break after a shown hyphen."""
    lines, current = [], ""
    for token in text.replace("-|", "-|\n").replace("=|", "-|\n").split():
        forced = token.endswith("|")
        token = token.rstrip("|")
        if current and len(current) + 1 + len(token) > width and not current.endswith("-"):
            lines.append(current)
            current = token
        else:
            current = token if not current else current + ("" if current.endswith("-") else " ") + token
        if forced:
            lines.append(current)
            current = ""
    return lines + ([current] if current else [])


def _text_width(text: str, size: float) -> float:
    from pdfminer.fontmetrics import (
        FONT_METRICS,  # Helvetica advance widths, thousandths of the size
    )

    widths = FONT_METRICS["Helvetica"][1]
    return sum(widths.get(ch, 556) for ch in text) * size / 1000


def _justified(x: float, y: float, text: str, style: Style, last: bool, target: float) -> Line:
    words = text.split(" ")
    natural = [_text_width(w, style.size) for w in words]
    space = _text_width(" ", style.size)
    if not last and len(words) > 1:
        space = max(space, (target - sum(natural)) / (len(words) - 1))
    xs, at = [], x
    for width in natural:
        xs.append(at)
        at += width + space
    return Line(x, y, text, style.size, word_x=tuple(xs))


def _line(x: float, y: float, text: str, style: Style, last: bool = False, target: float = 0.0) -> Line:
    size = style.size
    if style.justify:
        return _justified(x, y, text, style, last, target)
    if style.bold_runs and " " in text:
        head, _, rest = text.partition(" ")
        return Line(x, y, size=size, runs=(("F2", head + " "), ("F1", rest)))
    return Line(x, y, text, size, kerned=style.kerned)


def compose(pages: list[list[tuple[str, str]]], style: Style, header: str = "", numbers: bool = False) -> list[list[Line]]:
    """Lay out ``(kind, text)`` items page by page; kind is "p", "cont" (continues the previous page) or "h"."""
    out = []
    for number, items in enumerate(pages, 1):
        lines: list[Line] = [Line(72, 760, header, 9)] if header else []
        y = 720.0
        for i, (kind, text) in enumerate(items):
            if kind == "h":
                y -= 10 if i else 0
                lines.append(Line(72, y, text, 16, font="F2"))
                y -= 24
                continue
            if i and kind == "p":
                y -= style.gap
            parts = _wrap(text, style.width)
            target = max(_text_width(part, style.size) for part in parts)
            for j, part in enumerate(parts):
                x = 72 + (style.indent if j == 0 and kind == "p" else 0)
                lines.append(_line(x, y, part, style, j == len(parts) - 1, target))
                y -= style.leading
        if numbers:
            lines.append(Line(300, 40, str(number), 9))
        out.append(lines)
    return out


def _case(name: str, pages: list[list[tuple[str, str]]], style: Style, **kw: object) -> Case:
    truth: list[str] = []
    for items in pages:
        for kind, text in items:
            if kind == "cont":
                truth[-1] += " " + _truth(text)
            else:
                truth.append(_truth(text))
    return Case(name, pdf_bytes(compose(pages, style, **kw)), truth, len(pages))  # type: ignore[arg-type]


def _columns(texts: list[list[str]], style: Style, reverse: bool = False) -> Case:
    """One page, one column per item of ``texts`` (paragraphs); ``reverse`` writes the lines bottom-up."""
    lines: list[Line] = []
    for column, paragraphs in enumerate(texts):
        y = 720.0
        for i, text in enumerate(paragraphs):
            y -= style.gap if i else 0
            for part in _wrap(text, style.width):
                lines.append(_line(72 + 250 * column, y, part, style))
                y -= style.leading
    name = "two columns" if len(texts) == 2 else "stream order reversed"
    truth = [_truth(t) for paragraphs in texts for t in paragraphs]
    return Case(name, pdf_bytes([lines[::-1] if reverse else lines]), truth, 1)


def _sentences(rnd: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        words = [rnd.choice(WORDS) for _ in range(rnd.randint(8, 18))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def cases() -> list[Case]:
    """The generated evaluation set (deterministic)."""
    rnd = random.Random(3)
    para = [_sentences(rnd, rnd.randint(2, 4)) for _ in range(49)]
    hyph = (
        "Le budget pèse sur l'écono-|mie locale, selon le collège Jean=|Rostand et la mairie de Saint=|Malo. "
        "Un porte=|monnaie oublié, un autre porte-monnaie trouvé : la commune a fait des écono-|mies."
    )
    out = [
        _case("one paragraph", [[("p", PLOUVENEC)]], Style()),
        _case("gap paragraphs", [[("p", para[0]), ("p", para[1]), ("p", para[2])]], Style()),
        _case("indent paragraphs", [[("p", para[3]), ("p", para[4]), ("p", para[5])]], Style(gap=0, indent=18)),
        _case("hyphenated wraps", [[("p", hyph), ("p", para[6])]], Style()),
        _case(
            "header + page numbers",
            [[("p", para[7]), ("p", para[8])], [("p", para[9]), ("p", para[10])]],
            Style(), header="Le Journal de Plouvenec \u2014 mars 2026", numbers=True,
        ),
        _case(
            "across page break",
            [[("p", para[11]), ("p", "Le chantier commencera en avril et la")],
             [("cont", "commune publiera le calendrier des travaux."), ("p", para[12])],
             [("p", para[13])]],
            Style(gap=0, indent=18), header="Plouvenec infos", numbers=True,
        ),
        _case("headings", [[("h", "Une école en paille"), ("p", para[14]), ("h", "Le calendrier"), ("p", para[15])]], Style()),
        _case("1.5 spacing", [[("p", para[16]), ("p", para[17]), ("p", para[18])]], Style(leading=16.5, gap=10)),
        _case("TJ kerning", [[("p", para[19]), ("p", para[20])]], Style(kerned=True)),
        _case("bold runs", [[("p", para[21]), ("p", para[22])]], Style(bold_runs=True)),
        _case("justified, word by word", [[("p", para[46]), ("p", para[47]), ("p", para[48])]], Style(justify=True)),
        _columns([[para[40], para[41]], [para[42], para[43]]], Style(width=36)),
        _columns([[para[44], para[45]]], Style(), reverse=True),
        _case(
            "10 pages",
            [[("p", para[23 + (2 * i + k) % 17]) for k in range(2)] for i in range(10)],
            Style(gap=0, indent=18), header="Rapport annuel 2025", numbers=True,
        ),
    ]
    if SHARED_CASE.exists():
        out.insert(0, Case("shared 02-wrapped-lines", SHARED_CASE.read_bytes(), [PLOUVENEC], 1))
    return out


# ---- candidates: each maps PDF bytes to a list of block texts ----


def today(raw: bytes) -> list[str]:
    """What rag/ingest/documents.py does now: every line of extract_text() ends up on its own."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(raw))
    return [ln.strip() for page in reader.pages for ln in (page.extract_text() or "").splitlines() if ln.strip()]


def pypdf_layout(raw: bytes) -> list[str]:
    """extract_text(extraction_mode="layout"): a text grid; leading spaces and blank lines kept."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(raw)).pages:
        lines = []
        for row, text in enumerate(page.extract_text(extraction_mode="layout").splitlines()):
            if text.strip():
                indent = len(text) - len(text.lstrip())
                lines.append(PdfLine(text.strip(), x=indent * 5.5, top=row * 14.0, size=11.0))
        pages.append(lines)
    return [b.text for b in assemble(pages, "eval").blocks]


def pypdf_visitor(raw: bytes) -> list[str]:
    """pypdf visitor_text lines (content-stream order) fed to the reader's layout rules."""
    return [b.text for b in assemble(pypdf_lines(raw, "eval")[0], "eval").blocks]


def pdfminer_boxes(raw: bytes) -> list[str]:
    """pdfminer's LTTextBox (default LAParams) taken as the paragraph; same header and hyphen rules."""
    pages = pdfminer_lines(raw, "eval")[0]
    return [b.text for b in assemble(pages, "eval", starts_paragraph=group_break).blocks]


def pdfminer_layout_lines(raw: bytes) -> list[str]:
    """The chosen reader, rag.ingest.pdf.read_pdf: pdfminer's LTTextLine positions and layout rules."""
    return [b.text for b in read_pdf(raw, "eval").blocks]


CANDIDATES: dict[str, Callable[[bytes], list[str]]] = {
    "pypdf extract_text (today)": today,
    "pypdf layout mode + rules": pypdf_layout,
    "pypdf visitor_text + rules": pypdf_visitor,
    "pdfminer LTTextBox = paragraph": pdfminer_boxes,
    "pdfminer LTTextLine + rules": pdfminer_layout_lines,
}


# ---- scoring ----


def _flat(texts: list[str]) -> tuple[str, set[int]]:
    flat, cuts = "", set()
    for text in texts:
        flat += re.sub(r"[\s\-\u00ad]", "", text)
        cuts.add(len(flat))
    cuts.discard(len(flat))
    return flat, cuts


def score(truth: list[str], found: list[str]) -> tuple[int, int, int]:
    """(exact blocks, wrong joins, wrong splits) of ``found`` against ``truth``."""
    exact = sum(1 for text in truth if text in found)
    true_flat, true_cuts = _flat(truth)
    found_flat, found_cuts = _flat(found)
    matcher = difflib.SequenceMatcher(None, found_flat, true_flat, autojunk=False)
    mapped = set()
    for a, b, size in matcher.get_matching_blocks():
        mapped |= {b + (cut - a) for cut in found_cuts if a <= cut <= a + size}
    return exact, len(true_cuts - mapped), len(mapped - true_cuts)


def main() -> None:
    """Print one row per candidate, and per-case failures below the table."""
    suite = cases()
    n_true = sum(len(c.truth) for c in suite)
    n_pages = sum(c.pages for c in suite)
    print(f"{len(suite)} PDFs, {n_pages} pages, {n_true} true blocks\n")
    print(f"{'candidate':32} {'recall':>7} {'wrong joins':>12} {'wrong splits':>13} {'ms/page':>8}")
    notes = []
    for label, run in CANDIDATES.items():
        exact = joins = splits = 0
        for case in suite:
            found = run(case.raw)
            e, j, s = score(case.truth, found)
            exact, joins, splits = exact + e, joins + j, splits + s
            if e < len(case.truth):
                notes.append(f"  {label} / {case.name}: {len(case.truth) - e} wrong ({j} joins, {s} splits)")
        best = min(_timed(run, suite) for _ in range(5))
        print(f"{label:32} {100 * exact / n_true:6.1f}% {joins:12d} {splits:13d} {1000 * best / n_pages:8.2f}")
    print("\nfailures:\n" + "\n".join(notes))


def _timed(run: Callable[[bytes], list[str]], suite: list[Case]) -> float:
    start = time.perf_counter()
    for case in suite:
        run(case.raw)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
