"""Lines of a PDF's text layer (:class:`PdfLine`), and the fallback reader for when pdfminer.six
is missing: pypdf's ``visitor_text`` fragments merged into lines in content-stream order (see
:mod:`rag.ingest.pdf` for what that order costs: 96.6 % of paragraphs right against 100 % with
pdfminer.six's layout)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from rag.errors import DocumentError


@dataclass(frozen=True)
class PdfLine:
    """One visual line of a page's text layer, in page coordinates (points, 1/72 inch).

    ``top`` is the baseline's distance from the top of the page (grows downward), ``x`` the
    left edge of the first glyph, ``size`` the font size in device space. ``text`` is never empty.
    """

    text: str
    x: float
    top: float
    size: float
    group: int = 0  # an id for the source's own grouping (a text box), when it has one
    bold: bool = False  # most glyphs in a bold, black, heavy or semibold face


def pypdf_lines(raw: bytes, name: str) -> tuple[list[list[PdfLine]], str]:
    """Each page's lines in content-stream order (pypdf ``visitor_text``), and the info /Title.

    The fallback when pdfminer.six is missing. Raises :class:`DocumentError` when pypdf
    cannot parse the file.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [_page_lines(page) for page in reader.pages]
        meta = reader.metadata
        title = str((meta.get("/Title") if meta is not None else None) or "").strip()
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(f"{name}: unreadable PDF ({exc})") from None
    return pages, title


def _page_lines(page: object) -> list[PdfLine]:
    """Fragments reported by pypdf's ``visitor_text`` merged into lines (same baseline)."""
    fragments: list[tuple[str, float, float, float]] = []  # text, x, top, size
    height = float(page.mediabox.top)  # type: ignore[attr-defined]

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text.strip("\n"):
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = (abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1.0)
        fragments.append((text, x, height - y, size * scale))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    lines: list[PdfLine] = []
    pending: list[tuple[str, float, float, float]] = []
    for fragment in fragments:
        if pending and abs(fragment[2] - pending[0][2]) > 0.3 * max(fragment[3], 1.0):
            lines.extend(_make_line(pending))
            pending = []
        pending.append(fragment)
    lines.extend(_make_line(pending))
    return lines


def _make_line(fragments: list[tuple[str, float, float, float]]) -> list[PdfLine]:
    text = " ".join("".join(f[0] for f in fragments).split())
    if not text:
        return []
    first = fragments[0]
    return [PdfLine(text, first[1], first[2], max(f[3] for f in fragments))]
