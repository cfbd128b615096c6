"""One registry of document formats: suffixes, a content test, and the reader of each.

Every list of supported types (the corpus scan's skip reason, the upload check, the web chat's
file picker, messages) is derived from :data:`FORMATS`; a new format is one entry here and its
reader module. Text formats are decoded first (UTF-8, UTF-16 with a BOM, else the likeliest
legacy charset via ``charset-normalizer``); binary data is refused with a message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rag.errors import DocumentError
from rag.ingest.blocks import Extracted
from rag.ingest.cleaning import split_front_matter
from rag.text import clean_text
from rag.types import Removal

#: What a reader returns: the blocks (and what was left out), metadata (front matter), removals before reading.
Read = tuple[Extracted, dict[str, object], list[Removal]]


@dataclass(frozen=True)
class Format:
    """A document format: its name for messages, its suffixes, whether its bytes show it, its reader."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[bytes, str], Read]
    looks_like: Callable[[bytes], bool]  # the first 2 KB are of this format (an upload is checked by content)


_HTML_RE = re.compile(rb"<\s*(!doctype\s+html|html|head|body|article|p|div)\b", re.IGNORECASE)


def _read_pdf(raw: bytes, name: str) -> Read:
    from rag.ingest.pdf import read_pdf

    return read_pdf(raw, name), {}, []


def _read_html(raw: bytes, name: str) -> Read:
    from rag.ingest.html import read_html

    return read_html(clean_text(decode(raw, name)), name), {}, []


def _read_markdown(raw: bytes, name: str) -> Read:
    from rag.ingest.markdown import read_markdown

    body, meta, removed = split_front_matter(clean_text(decode(raw, name)))
    return read_markdown(body), meta, removed


def _read_plaintext(raw: bytes, name: str) -> Read:
    from rag.ingest.plaintext import read_plaintext

    body, meta, removed = split_front_matter(clean_text(decode(raw, name)))
    return read_plaintext(body), meta, removed


def _text(head: bytes) -> bool:
    return b"\x00" not in head


#: In the order content is recognised: an upload is the first format whose test its bytes pass.
FORMATS = (
    Format("PDF", (".pdf",), _read_pdf, lambda head: head.lstrip().startswith(b"%PDF-")),
    Format("HTML", (".html", ".htm"), _read_html, lambda head: _text(head) and bool(_HTML_RE.search(head))),
    Format("Markdown", (".md",), _read_markdown, _text),
    Format("plain text", (".txt",), _read_plaintext, _text),
)
FORMATS_BY_SUFFIX = {suffix: f for f in FORMATS for suffix in f.suffixes}
SUPPORTED_SUFFIXES = tuple(s for f in reversed(FORMATS) for s in f.suffixes)  # ".txt", ".md", ".html", ".htm", ".pdf"


def names() -> str:
    """"PDF, HTML, Markdown and plain text": the supported formats, for messages."""
    all_names = [f.name for f in FORMATS]
    return ", ".join(all_names[:-1]) + " and " + all_names[-1]


def suffix_list() -> str:
    """".txt, .md, .html, .htm or .pdf": the supported suffixes, for messages."""
    return ", ".join(SUPPORTED_SUFFIXES[:-1]) + " or " + SUPPORTED_SUFFIXES[-1]


def sniff(data: bytes) -> Format:
    """The format the bytes really are (the first that recognises them). Raises
    :class:`~rag.errors.DocumentError` for binary data no format reads."""
    head = data[:2048]
    found = next((f for f in FORMATS if f.looks_like(head)), None)
    if found is None:
        raise DocumentError(f"binary content: only {names()} can be added")
    return found


_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(raw: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (stray NULs dropped), else the likeliest charset; binary data is refused."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    nuls = raw.count(b"\x00")
    if nuls > len(raw) // 100 + 8:  # a few stray NULs in text are dropped below
        raise DocumentError(f"{name}: binary content ({nuls} NUL bytes), not text")
    raw = raw.replace(b"\x00", b"")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _mostly_utf8(raw) or _guess_charset(raw, name)
    if len(_CONTROL_RE.findall(text[:100_000])) > min(len(text), 100_000) // 20:
        raise DocumentError(f"{name}: binary content (control characters), not text")
    return text


def _mostly_utf8(raw: bytes) -> str | None:
    """UTF-8 text with a few corrupt bytes: keep it, dropping the bad bytes.

    Only when it really is UTF-8 (it has valid multi-byte characters) and the damage is rare;
    Latin-1 text has no valid multi-byte sequences and goes to charset detection instead.
    """
    text = raw.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in set(text) if ord(ch) > 127 and ch != "\ufffd")
    if good and bad <= max(3, len(text) // 100):
        return text.replace("\ufffd", "")
    return None


_WESTERN = ("cp1252", "latin_1", "iso8859_15")


def _guess_charset(raw: bytes, name: str) -> str:
    """The likeliest legacy charset; on a tie, Windows-1252 (what "Latin-1" files really are)."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(raw))
    if not matches:
        raise DocumentError(f"{name}: not decodable as text (binary data?)")
    least = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= least + 0.01]
    best = next((m for m in tied if m.encoding in _WESTERN), tied[0])
    return str(best)
