"""Adding documents from the web: validated by content, saved under a name the server chooses.

A browser-supplied name and extension are not trusted: the bytes must really be a PDF, HTML
page or text, within the size limit, and the file lands in the corpus folder under a slug of
its name plus a content hash, never outside it and never over another document.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from rag.errors import DocumentError
from rag.ingest import formats
from rag.ingest.documents import parse_document
from rag.types import Document


def sniff(data: bytes) -> str:
    """The file's real type from its bytes, as a suffix: ".pdf", ".html" or ".txt" (or raise);
    see :func:`rag.ingest.formats.sniff`."""
    found = formats.sniff(data)
    return found.suffixes[0] if found.name != "Markdown" else ".txt"


def server_name(original: str, data: bytes, kind: str) -> str:
    """A safe, unique file name: slug of the original stem + 8 hex of the content hash."""
    stem = re.sub(r"[^a-z0-9]+", "-", Path(original).stem.lower()).strip("-")[:60] or "document"
    suffix = ".md" if kind == ".txt" and Path(original).suffix.lower() == ".md" else kind
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:8]}{suffix}"


def validate_upload(original: str, data: bytes, max_mb: float) -> tuple[str, Document]:
    """Check an uploaded file and parse it; returns the name to save it under and the document."""
    if not data:
        raise DocumentError(f"{original}: the file is empty")
    if len(data) > max_mb * 1024 * 1024:
        raise DocumentError(f"{original}: larger than {max_mb:g} MB")
    claimed = Path(original).suffix.lower()
    if claimed not in formats.SUPPORTED_SUFFIXES:
        raise DocumentError(f"{original}: unsupported type {claimed or '(none)'}; add {formats.suffix_list()} files")
    kind = sniff(data)
    if (claimed == ".pdf") != (kind == ".pdf"):
        raise DocumentError(f"{original}: the content is not a {claimed} file")
    name = server_name(original, data, kind)
    return name, parse_document(name, data)


def save_upload(corpus_dir: Path, original: str, data: bytes, max_mb: float) -> Path:
    """Validate, then write atomically into the corpus folder."""
    name, _ = validate_upload(original, data, max_mb)
    target = corpus_dir / name
    tmp = corpus_dir / f".{name}.part"
    tmp.write_bytes(data)
    tmp.replace(target)
    return target
