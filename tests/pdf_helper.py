"""Write small, valid PDFs whose text layer is exactly the lines you place, for reader tests.

Each line is shown at an absolute position (``Tm``), the way real PDFs lay out hard-wrapped
text. Text is encoded in WinAnsiEncoding (cp1252) with octal escapes, so French accents work.
Two fonts are declared: ``F1`` Helvetica and ``F2`` Helvetica-Bold (standard 14 fonts: every
reader knows their widths). Units are PDF points (1/72 inch), origin at the bottom-left.

    from pdf_helper import Line, pdf_bytes
    raw = pdf_bytes([[Line(72, 700, "Bonjour"), Line(72, 686, "le monde")]], title="Essai")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0  # US Letter, points
HELVETICA_SPACE = 278  # width of a space in Helvetica, thousandths of the font size


@dataclass(frozen=True)
class Line:
    """One line of text at baseline ``(x, y)`` (points), ``size`` points high.

    ``runs`` optionally splits the line into ``(font, text)`` pieces shown one after the other
    (a bold word inside a line), as separate ``Tj`` operators. ``kerned`` shows the line as a
    ``TJ`` array with no space glyphs, each word followed by a -278 displacement: what TeX and
    many layout programs write. ``word_x`` places each word of ``text`` at its own x (points),
    one ``Tm`` per word: how some programs write justified text.
    """

    x: float
    y: float
    text: str = ""
    size: float = 11.0
    font: str = "F1"
    runs: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    kerned: bool = False
    word_x: tuple[float, ...] = ()


def pdf_string(text: str) -> str:
    """``text`` as a PDF literal string in WinAnsiEncoding; non-ASCII as octal escapes.

    Raises UnicodeEncodeError for characters outside cp1252.
    """
    out = []
    for byte in text.encode("cp1252"):
        char = chr(byte)
        if char in "()\\":
            out.append("\\" + char)
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return "(" + "".join(out) + ")"


def _line_ops(line: Line) -> str:
    head = f"/{line.font} {line.size:g} Tf 1 0 0 1 {line.x:.2f} {line.y:.2f} Tm "
    if line.runs:
        shown = " ".join(f"/{font} {line.size:g} Tf {pdf_string(text)} Tj" for font, text in line.runs)
        return head + shown
    if line.word_x:
        words = line.text.split(" ")
        return head + " ".join(
            f"1 0 0 1 {x:.2f} {line.y:.2f} Tm {pdf_string(w)} Tj" for x, w in zip(line.word_x, words, strict=True)
        )
    if line.kerned:
        words = line.text.split(" ")
        parts = f" -{HELVETICA_SPACE} ".join(pdf_string(w) for w in words)
        return head + f"[{parts}] TJ"
    return head + f"{pdf_string(line.text)} Tj"


def content_stream(lines: Sequence[Line]) -> bytes:
    """The page content stream that shows ``lines`` (an empty text object for no lines)."""
    body = "\n".join(_line_ops(line) for line in lines)
    return f"BT\n{body}\nET".encode("latin-1")


def pdf_bytes(pages: Sequence[Sequence[Line]], title: str | None = None) -> bytes:
    """A complete PDF 1.4 file with one page per item of ``pages`` and an optional /Title.

    A page with no lines has no text at all: what a scan without OCR looks like.
    """
    n_pages = len(pages)
    first_page = 5  # objects: 1 catalog, 2 pages, 3-4 fonts, then page/content pairs, then info
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(n_pages))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        content = first_page + 2 * i + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH:g} {PAGE_HEIGHT:g}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {content} 0 R >>".encode()
        )
        stream = content_stream(lines) if lines else b""
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info = f"/Info {len(objects) + 1} 0 R " if title is not None else ""
    if title is not None:
        objects.append(f"<< /Title {pdf_string(title)} >>".encode("latin-1"))
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {info}>>\n".encode()
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def wrap(
    words: str, x: float, y: float, width: int = 60, leading: float = 14.0, size: float = 11.0, indent: float = 0.0
) -> list[Line]:
    """Hard-wrap ``words`` at ``width`` characters into lines starting at baseline ``y``, going down.

    ``indent`` (points) shifts the first line right. Words may contain a trailing ``-`` to force
    a break after it (a wrap inside a hyphenated word): ``"écono-|mie"`` splits at ``|``.
    """
    lines: list[Line] = []
    current = ""
    for token in words.replace("|", "| ").split():
        forced = token.endswith("|")
        token = token.rstrip("|")
        if current and len(current) + 1 + len(token) > width:
            lines.append(current)
            current = token
        else:
            current = f"{current} {token}" if current else token
        if forced:
            lines.append(current)
            current = ""
    if current:
        lines.append(current)
    return [Line(x + (indent if i == 0 else 0.0), y - i * leading, text, size) for i, text in enumerate(lines)]
