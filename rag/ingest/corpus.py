"""The articles folder: which files to index, their hashes, and reading them all.

A file is skipped before a byte of it is read when it cannot be a document (a symlink out of the
folder, an unsupported type, a FIFO, an empty or too large file); exact byte copies are indexed
once. :func:`load_corpus` reads the rest (:func:`rag.ingest.documents.read_document`) and drops
copies whose cleaned text is the same.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rag.ingest.documents import copy_order, copy_skipped, find_copies, iter_corpus_files, read_document, repoint_copies
from rag.ingest.formats import SUPPORTED_SUFFIXES
from rag.types import Document, Skipped


@dataclass(frozen=True)
class CorpusFile:
    """A candidate document: where it is and what its bytes hash to."""

    doc_id: str
    path: Path
    content_hash: str


def sha256_file(path: Path) -> str:
    """Streaming hash: a 20 MB file never sits in memory twice."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def precheck(path: Path, root: Path, max_file_mb: float) -> str | None:
    """Reasons to skip a file before reading it (so a FIFO or a huge file cannot hang us); of a PDF,
    only its first 1 KB is read, for the header."""
    if path.is_symlink() and not path.resolve().is_relative_to(root):
        return "symlink pointing outside the corpus"
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"unsupported file type {path.suffix or '(none)'} (supported: {', '.join(SUPPORTED_SUFFIXES)})"
    if not path.is_file():
        return "not a regular file"
    size = path.stat().st_size
    if size == 0:
        return "empty file"
    if size > max_file_mb * 1024 * 1024:
        return f"larger than {max_file_mb:g} MB (RAG_MAX_FILE_MB)"
    if path.suffix.lower() == ".pdf" and not _has_pdf_header(path):
        return "not a PDF: no %PDF header in its first 1 KB (saved under the wrong name?)"
    return None


def _has_pdf_header(path: Path) -> bool:
    """PDF readers accept the ``%PDF-`` header anywhere in the first 1024 bytes (PDF 1.7, annex H).

    Checked before copies are grouped: a web page saved as "page.pdf" beside "page.html" would
    otherwise be the copy kept (the shorter name), then fail to read, and the page be lost."""
    try:
        with path.open("rb") as fh:
            return b"%PDF" in fh.read(1024)
    except OSError:
        return True  # reading it later reports the error


def scan_corpus(corpus_dir: Path, max_file_mb: float) -> tuple[list[CorpusFile], list[Skipped]]:
    """Every indexable file with its hash; the rest skipped with a reason.

    Exact copies are indexed once: the file not named like a copy is kept ("x.txt" over
    "x (copie).txt"); copies whose bytes differ are found after parsing (:func:`find_copies`).
    """
    root = corpus_dir.resolve()
    files: list[CorpusFile] = []
    skipped: list[Skipped] = []
    first_with: dict[str, str] = {}
    paths = [p for p in iter_corpus_files(corpus_dir) if not p.is_dir()]
    for path in sorted(paths, key=lambda p: copy_order(p.relative_to(corpus_dir).as_posix())):
        doc_id = path.relative_to(corpus_dir).as_posix()
        reason = precheck(path, root, max_file_mb)
        digest = None
        if reason is None:
            try:
                digest = sha256_file(path)
            except OSError as exc:
                reason = f"unreadable ({exc.strerror or exc})"
        if reason is None and digest in first_with:
            skipped.append(Skipped(doc_id, f"same content as {first_with[digest]}", digest, first_with[digest]))
            continue
        if reason is not None:
            skipped.append(Skipped(doc_id, reason, digest))
            continue
        assert digest is not None
        first_with[digest] = doc_id
        files.append(CorpusFile(doc_id, path, digest))
    return sorted(files, key=lambda f: f.doc_id), sorted(skipped, key=lambda s: s.doc_id)


def load_corpus(corpus_dir: Path, max_file_mb: float) -> tuple[list[Document], list[Skipped]]:
    """Read every supported file; a bad file is skipped with its reason, never fatal."""
    files, skipped = scan_corpus(corpus_dir, max_file_mb)
    docs: list[Document] = []
    for f in files:
        result = read_document(f.doc_id, f.path)
        if isinstance(result, Document):
            docs.append(result)
        else:
            skipped.append(result)
    copies = find_copies({d.doc_id: d.text_hash for d in docs})
    skipped = repoint_copies(skipped, copies) + [
        copy_skipped(d.doc_id, d.content_hash, copies[d.doc_id]) for d in docs if d.doc_id in copies]
    docs = [d for d in docs if d.doc_id not in copies]
    return docs, sorted(skipped, key=lambda s: s.doc_id)
