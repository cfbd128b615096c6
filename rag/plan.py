"""What `rag index` has to do: compare the articles folder with the published index.

Documents are keyed by their path inside the corpus and the sha256 of their bytes. A file whose
hash the index already holds is reused as it is (its chunks and vectors are copied, nothing is
parsed or embedded); a file skipped last time with the same bytes is skipped again for the same
reason without being parsed again. Anything else is parsed, chunked and embedded. A change of
embedder or chunking settings, a damaged index or ``--full`` means everything is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.documents import SUPPORTED_SUFFIXES, Skipped, copy_order, iter_corpus_files
from rag.errors import IndexCorruptError, IndexMismatchError, IndexMissingError
from rag.settings import Settings
from rag.store import (
    check_compatible,
    current_generation,
    read_manifest,
    sha256_file,
    verify_files,
)


@dataclass(frozen=True)
class CorpusFile:
    """A candidate document: where it is and what its bytes hash to."""

    doc_id: str
    path: Path
    content_hash: str


@dataclass(frozen=True)
class IndexPlan:
    """The work an index update will do, printed as is by ``rag index --dry-run``."""

    full: bool  # everything is parsed and embedded again
    reason: str  # why a full build (empty when incremental)
    added: list[CorpusFile] = field(default_factory=list)
    updated: list[CorpusFile] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    previous: Path | None = None  # the generation whose unchanged documents are reused
    manifest: dict[str, Any] | None = None  # its manifest, already read and verified
    skipped_changed: bool = False  # the list of skipped files differs from the published one

    @property
    def to_parse(self) -> list[CorpusFile]:
        return self.added + self.updated

    @property
    def changes(self) -> bool:
        """Whether publishing a new generation is needed at all."""
        return self.full or bool(self.added or self.updated or self.removed or self.skipped_changed)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped"
        )


def precheck(path: Path, root: Path, max_file_mb: float) -> str | None:
    """Reasons to skip a file before reading a byte of it (so a FIFO or a huge file cannot hang us)."""
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
    return None


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


def _previous(settings: Settings) -> tuple[Path | None, dict[str, Any] | None, str]:
    """The published generation if it can be reused, else why everything must be rebuilt."""
    try:
        gen = current_generation(settings.index_dir)
        manifest = read_manifest(gen)
        check_compatible(manifest, settings, settings.index_dir)
        verify_files(gen, manifest)
    except IndexMissingError:
        return None, None, "no index yet"
    except IndexMismatchError as exc:
        return None, None, str(exc).split(": ", 1)[-1].replace("; rebuild it with `rag index`", "")
    except IndexCorruptError as exc:
        return None, None, f"the published index is unusable ({exc})"
    return gen, manifest, ""


def plan_index(settings: Settings, full: bool = False) -> IndexPlan:
    """Compare the corpus with the published index; touches nothing on disk."""
    files, skipped = scan_corpus(settings.corpus_dir, settings.max_file_mb)
    gen, manifest, reason = _previous(settings)
    if full:
        gen, manifest, reason = None, None, "--full asked for a rebuild from scratch"
    if manifest is None:
        return IndexPlan(True, reason or "rebuild", added=files, skipped=skipped, skipped_changed=True)
    indexed = {d["doc_id"]: d["content_hash"] for d in manifest.get("documents", [])}
    known_bad = {(s["doc_id"], s.get("content_hash")): s for s in manifest.get("skipped", [])}
    still = {f.doc_id for f in files if indexed.get(f.doc_id) == f.content_hash}
    added, updated, unchanged = [], [], []
    for f in files:
        bad = known_bad.get((f.doc_id, f.content_hash))
        if f.doc_id in still:
            unchanged.append(f.doc_id)
        elif bad is not None and (bad.get("duplicate_of") is None or bad["duplicate_of"] in still):
            # a copy stays a copy while the document it repeats is indexed and unchanged
            skipped.append(Skipped(f.doc_id, bad["reason"], f.content_hash, bad.get("duplicate_of")))
        else:
            (updated if f.doc_id in indexed else added).append(f)
    kept = {f.doc_id for f in files}
    removed = sorted(d for d in indexed if d not in kept)
    skipped.sort(key=lambda s: s.doc_id)
    before = sorted((s["doc_id"], s["reason"]) for s in manifest.get("skipped", []))
    return IndexPlan(
        False, "", added, updated, removed, unchanged, skipped, gen, manifest,
        skipped_changed=before != [(s.doc_id, s.reason) for s in skipped],
    )
