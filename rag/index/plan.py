"""What `rag index` has to do: compare the articles folder with the published index.

Documents are keyed by their path inside the corpus and the sha256 of their bytes. A file whose
hash the index already holds is reused as it is (its chunks and vectors are copied, nothing is
parsed or embedded); a file skipped last time with the same bytes is skipped again for the same
reason without being parsed again. Anything else is parsed, chunked and embedded. A change of
embedder or chunking settings, a damaged index or ``--full`` means everything is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rag.index.opening import open_writer
from rag.index.records import Manifest
from rag.ingest.corpus import CorpusFile, scan_corpus
from rag.settings import Settings
from rag.types import Skipped


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
    manifest: Manifest | None = None  # the published index's manifest, already read and verified
    skipped_changed: bool = False  # the list of skipped files differs from the published one

    @property
    def to_parse(self) -> list[CorpusFile]:
        return self.added + self.updated

    @property
    def changes(self) -> bool:
        """Whether publishing a new generation is needed at all."""
        return self.full or bool(self.added or self.updated or self.removed or self.skipped_changed)

    def to_dict(self) -> dict[str, object]:
        """The plan as ``rag index --dry-run --json`` prints it (file names)."""
        return {
            "added": [f.doc_id for f in self.added], "updated": [f.doc_id for f in self.updated],
            "removed": self.removed, "unchanged": self.unchanged,
            "skipped": [{"file": s.doc_id, "reason": s.reason} for s in self.skipped],
            "full": self.full, "reason": self.reason,
        }

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped"
        )


def plan_index(
    settings: Settings, full: bool = False, published: tuple[Manifest | None, str] | None = None
) -> IndexPlan:
    """Compare the corpus with the published index; changes nothing.

    ``published`` is :meth:`rag.index.protocol.IndexWriter.published` when the caller already
    holds a writer; by default the store the settings point to is asked.
    """
    files, skipped = scan_corpus(settings.corpus_dir, settings.max_file_mb)
    manifest, reason = published if published is not None else open_writer(settings).published()
    if full:
        manifest, reason = None, "--full asked for a rebuild from scratch"
    if manifest is None:
        return IndexPlan(True, reason or "rebuild", added=files, skipped=skipped, skipped_changed=True)
    indexed = {d.doc_id: d.content_hash for d in manifest.documents}
    known_bad = {(s.doc_id, s.content_hash): s for s in manifest.skipped}
    still = {f.doc_id for f in files if indexed.get(f.doc_id) == f.content_hash}
    added: list[CorpusFile] = []
    updated: list[CorpusFile] = []
    unchanged: list[str] = []
    for f in files:
        bad = known_bad.get((f.doc_id, f.content_hash))
        if f.doc_id in still:
            unchanged.append(f.doc_id)
        elif bad is not None and (bad.duplicate_of is None or bad.duplicate_of in still):
            # a copy stays a copy while the document it repeats is indexed and unchanged
            skipped.append(Skipped(f.doc_id, bad.reason, f.content_hash, bad.duplicate_of))
        else:
            (updated if f.doc_id in indexed else added).append(f)
    kept = {f.doc_id for f in files}
    removed = sorted(d for d in indexed if d not in kept)
    skipped.sort(key=lambda s: s.doc_id)
    before = sorted((s.doc_id, s.reason) for s in manifest.skipped)
    return IndexPlan(
        False, "", added, updated, removed, unchanged, skipped, manifest,
        skipped_changed=before != [(s.doc_id, s.reason) for s in skipped],
    )
