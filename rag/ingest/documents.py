"""From files in the corpus folder to clean documents with title, date, language and structure.

Each format has its reader in :mod:`rag.ingest` (plain text, Markdown, HTML, PDF), which gives
typed blocks; the named rules of :mod:`rag.ingest.cleaning` then remove front matter, furniture
and the title line, and every removal is reported (``rag index --explain FILE``). Metadata comes
from YAML front matter in ``.txt``/``.md`` files (``title``, ``date``, ``language``), from the
page itself for ``.html`` and from the PDF's info; whatever is missing is inferred (a title line,
a date in the file name, language identification).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from rag.errors import CorpusError, DocumentError
from rag.ingest.blocks import Block
from rag.ingest.cleaning import (
    drop_furniture,
    drop_paywall_cut,
    strip_date_line,
    take_title,
)
from rag.ingest.formats import FORMATS_BY_SUFFIX, SUPPORTED_SUFFIXES
from rag.text import LANGUAGES, clean_text, detect_language
from rag.types import BlockSpan, Document, Removal, Skipped

log = logging.getLogger(__name__)

_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")
_BLANK_LINES_RE = re.compile(r"\n\s*\n")


def _assemble(blocks: list[Block]) -> tuple[str, tuple[BlockSpan, ...]]:
    """Blocks joined by a blank line; each block's kind and offsets kept as the document's structure."""
    parts: list[str] = []
    spans: list[BlockSpan] = []
    pos = 0
    for block in blocks:
        text = _BLANK_LINES_RE.sub("\n", block.text.strip())
        if not text:
            continue
        if parts:
            pos += 2
        spans.append(BlockSpan(block.kind, pos, pos + len(text), block.level))
        parts.append(text)
        pos += len(text)
    return "\n\n".join(parts), tuple(spans)


def _fallback_title(text: str, stem: str, blocks: list[Block]) -> str:
    """No title anywhere: the first main heading ("# Kammerchor Eutin singt Brahms" below a notice),
    else the start of the first line, shortened (the text itself is left whole)."""
    heading = next((b.text.strip() for b in blocks if b.kind == "heading" and b.level <= 2), "")
    first = heading or text.strip().split("\n", 1)[0]
    if not first:
        return stem
    return first if len(first) <= 80 else first[:80].rsplit(" ", 1)[0] + "…"


def parse_document(doc_id: str, raw: bytes) -> Document:
    """One file's bytes -> a clean :class:`Document` (what cleaning removed in ``removed``), or
    :class:`DocumentError`."""
    suffix = Path(doc_id).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"{doc_id}: unsupported file type {suffix or '(none)'}")
    extracted, meta, removed = FORMATS_BY_SUFFIX[suffix].read(raw, doc_id)
    meta = {**extracted.meta, **{k: v for k, v in meta.items() if v not in (None, "")}}
    removed = removed + list(extracted.removals)
    blocks = [replace(b, text=clean_text(b.text)) for b in extracted.blocks]
    blocks, furniture = drop_furniture(blocks)
    blocks, dated = strip_date_line(blocks)
    title, blocks, titles = take_title(blocks, clean_text(str(meta.get("title") or "")).strip())
    probe = " ".join(b.text for b in blocks[:50])
    lang = str(meta.get("language") or meta.get("lang") or "").strip().lower()[:2]
    if lang not in LANGUAGES:  # missing, or a code the pipeline has no rules for ("xx"): identify it
        lang = detect_language(probe)
    blocks, cut = drop_paywall_cut(blocks, lang)
    text, structure = _assemble(blocks)
    if not text.strip():
        raise DocumentError(f"{doc_id}: no text left after cleaning")
    date = meta.get("date")
    if date and not _DATE_IN_NAME.match(str(date)):  # "yesterday" is no date: the file name's, if any
        date = None
    if not date and (m := _DATE_IN_NAME.search(Path(doc_id).name)):
        date = m.group(1)
    removed = removed + furniture + dated + titles + cut
    return Document(
        doc_id=doc_id,
        title=title or _fallback_title(text, Path(doc_id).stem, blocks),
        date=str(date) if date else None,
        lang=lang,
        text=text,
        content_hash=hashlib.sha256(raw).hexdigest(),
        structure=structure,
        removed=tuple(removed),
        titled=bool(title),
    )


def removal_summary(removed: tuple[Removal, ...] | list[Removal]) -> str:
    """"2 site furniture, 1 cookie consent": what cleaning took out of one file, by rule."""
    return ", ".join(f"{n} {rule}" for rule, n in Counter(r.rule for r in removed).most_common())


def require_corpus_dir(corpus_dir: Path) -> None:
    """Raise :class:`CorpusError` (with the path) unless the corpus folder exists."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir} (create it or pass --corpus DIR)")


def iter_corpus_files(corpus_dir: Path) -> list[Path]:
    """Every path below the corpus folder, sorted, hidden files excluded; :class:`CorpusError` without the folder."""
    require_corpus_dir(corpus_dir)
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


_COPY_NAME_RE = re.compile(
    r"(?:^|[\W_])(?:copy|copie|copia|kopie|kopia|duplicate|duplicata|backup|sauvegarde)(?:[\W_]|$)|\(\d+\)\s*$",
    re.IGNORECASE,
)
COPY_REASON = "copy of {keeper} (the same text once line endings, spaces and Unicode forms are normalised)"


def is_copy_name(doc_id: str) -> bool:
    """Whether a file is named like a copy: "x (copie).txt", "x - Copy.md", "copy of x", "x (2).pdf"."""
    return bool(_COPY_NAME_RE.search(Path(doc_id).stem))


def copy_order(doc_id: str) -> tuple[bool, int, str]:
    """Which of several copies to keep first: not named like a copy, then the shorter name, then by name."""
    return is_copy_name(doc_id), len(Path(doc_id).name), doc_id


def find_copies(texts: dict[str, str]) -> dict[str, str]:
    """``{doc_id: text_hash}`` -> ``{copy: the document kept instead}`` for documents with the same text."""
    groups: dict[str, list[str]] = {}
    for doc_id, digest in texts.items():
        groups.setdefault(digest, []).append(doc_id)
    copies: dict[str, str] = {}
    for members in groups.values():
        keeper, *rest = sorted(members, key=copy_order)
        copies.update(dict.fromkeys(rest, keeper))
    return copies


def copy_skipped(doc_id: str, content_hash: str | None, keeper: str) -> Skipped:
    """The report line of a file skipped because ``keeper`` has the same cleaned text."""
    return Skipped(doc_id, COPY_REASON.format(keeper=keeper), content_hash, duplicate_of=keeper)


def repoint_copies(skipped: list[Skipped], copies: dict[str, str]) -> list[Skipped]:
    """A byte copy of a file that turned out to be a copy itself names the document actually kept."""
    return [copy_skipped(s.doc_id, s.content_hash, copies[s.duplicate_of]) if s.duplicate_of in copies else s
            for s in skipped]
