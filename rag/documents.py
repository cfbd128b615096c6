"""From files in the corpus folder to clean documents with title, date and language.

Metadata comes from YAML front matter in ``.txt``/``.md`` files (``title``, ``date``,
``language``), from the page itself for ``.html`` (via trafilatura) and from the PDF's info;
whatever is missing is inferred (first line, a date in the file name, language identification).
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from rag.boilerplate import strip_boilerplate
from rag.errors import CorpusError, DocumentError
from rag.text import clean_text, detect_language

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Document:
    """A cleaned document; chunk offsets point into :attr:`text`."""

    doc_id: str  # path relative to the corpus folder, POSIX style
    title: str
    date: str | None
    lang: str
    text: str
    content_hash: str  # sha256 of the file's bytes: what changed is what gets re-indexed


@dataclass(frozen=True)
class Skipped:
    """A file that was not indexed, and why (shown in the `rag index` summary)."""

    doc_id: str
    reason: str
    content_hash: str | None = None  # same bytes next time: skipped again without parsing


_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _decode(raw: bytes, name: str) -> str:
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


def _read_text(raw: bytes, name: str) -> tuple[str, dict]:
    import frontmatter

    text = _decode(raw, name)
    try:
        post = frontmatter.loads(text)
    except Exception:  # malformed front matter: keep the whole file as text
        return text, {}
    return post.content, dict(post.metadata)


def _read_html(raw: bytes, name: str) -> tuple[str, dict]:
    import trafilatura

    html = _decode(raw, name)
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, include_images=False
    )
    if doc is None or not (doc.text or "").strip():
        raise DocumentError(f"{name}: no main text found in the HTML")
    return doc.text, {"title": doc.title, "date": doc.date, "language": doc.language}


def _read_pdf(raw: bytes, name: str) -> tuple[str, dict]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError) as exc:
        raise DocumentError(f"{name}: unreadable PDF ({exc})") from None
    text = "\n\n".join(p.strip() for p in pages)
    if not text.strip():
        raise DocumentError(f"{name}: PDF has no text layer (scanned?); run OCR first")
    return text, {"title": info.get("/Title")}


def _title_from(text: str, fallback: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return fallback


def parse_document(doc_id: str, raw: bytes) -> Document:
    """Turn one file's bytes into a clean :class:`Document`, or raise :class:`DocumentError`."""
    suffix = Path(doc_id).suffix.lower()
    if suffix in (".txt", ".md"):
        body, meta = _read_text(raw, doc_id)
    elif suffix in (".html", ".htm"):
        body, meta = _read_html(raw, doc_id)
    elif suffix == ".pdf":
        body, meta = _read_pdf(raw, doc_id)
    else:
        raise DocumentError(f"{doc_id}: unsupported file type {suffix or '(none)'}")
    title = str(meta.get("title") or "").strip()
    text = strip_boilerplate(clean_text(body), title=title)
    if not text.strip():
        raise DocumentError(f"{doc_id}: no text left after cleaning")
    date = meta.get("date")
    if not date and (m := _DATE_IN_NAME.search(Path(doc_id).name)):
        date = m.group(1)
    lang = str(meta.get("language") or meta.get("lang") or "").strip().lower()[:2] or detect_language(text)
    return Document(
        doc_id=doc_id,
        title=clean_text(title) or _title_from(text, Path(doc_id).stem),
        date=str(date) if date else None,
        lang=lang,
        text=text,
        content_hash=hashlib.sha256(raw).hexdigest(),
    )


def iter_corpus_files(corpus_dir: Path) -> list[Path]:
    """Every path below the corpus folder, sorted, hidden files excluded."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir} (create it or pass --corpus DIR)")
    return sorted(
        p for p in corpus_dir.rglob("*") if not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts)
    )


def read_document(doc_id: str, path: Path) -> Document | Skipped:
    """Parse one file; a bad file becomes a :class:`Skipped` with its reason, never an exception."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Skipped(doc_id, f"unreadable ({exc.strerror or exc})")
    try:
        return parse_document(doc_id, raw)
    except DocumentError as exc:
        return Skipped(doc_id, str(exc).removeprefix(f"{doc_id}: "), hashlib.sha256(raw).hexdigest())
    except RecursionError:  # pathological nesting in HTML/PDF
        return Skipped(doc_id, "too deeply nested to parse", hashlib.sha256(raw).hexdigest())


def load_corpus(corpus_dir: Path, max_file_mb: float) -> tuple[list[Document], list[Skipped]]:
    """Read every supported file; a bad file is skipped with its reason, never fatal."""
    from rag.plan import scan_corpus  # the scan knows the skip rules; it imports this module

    files, skipped = scan_corpus(corpus_dir, max_file_mb)
    docs: list[Document] = []
    for f in files:
        result = read_document(f.doc_id, f.path)
        (docs if isinstance(result, Document) else skipped).append(result)
    return docs, sorted(skipped, key=lambda s: s.doc_id)
