"""Updating the index: plan -> parse and embed what changed -> apply to the store -> publish.

Only new or changed documents are parsed, chunked and embedded; the store keeps the chunks and
vectors of unchanged ones and drops deleted ones (:class:`rag.index.protocol.IndexWriter`). A
reader sees the old index or the new one, and a build killed at any point leaves the old one in
place for the next run to finish the work. One writer at a time: a second one gets
:class:`IndexBusyError` at once instead of waiting.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field, replace

import numpy as np
from tqdm.auto import tqdm

from rag.errors import CorpusError, SettingsError
from rag.index.embeddings import RagEmbeddings, make_embedder
from rag.index.opening import open_writer
from rag.index.plan import IndexPlan, plan_index
from rag.index.protocol import IndexBatch, IndexWriter, Vectors
from rag.index.records import EmbedderInfo
from rag.index.wordvectors import document_words, word_id
from rag.ingest.antecedents import sentence_texts
from rag.ingest.chunking import chunk_document, represented, title_id
from rag.ingest.documents import (
    copy_skipped,
    find_copies,
    read_document,
    removal_summary,
    repoint_copies,
    require_corpus_dir,
)
from rag.settings import Settings
from rag.types import Chunk, Document, Skipped

log = logging.getLogger(__name__)

__all__ = ["IndexPlan", "IndexReport", "build_index", "index_documents", "plan_index", "represented"]


@dataclass(frozen=True)
class IndexReport:
    """What `rag index` did, for its summary and for `--json` consumers."""

    version: str  # the published version ("gen-000004"), "" when there is none
    documents: int
    chunks: int
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    full: bool = True
    reason: str = ""
    embedded: int = 0  # texts (chunks and sentences) that went through the model
    published: bool = True  # False when the index was already up to date
    seconds: float = 0.0
    removals: dict[str, str] = field(default_factory=dict)  # parsed file -> what cleaning removed, by rule

    def to_dict(self) -> dict[str, object]:
        """The report as ``rag index --json`` prints it (file names; seconds rounded to ms)."""
        return {
            "added": self.added, "updated": self.updated, "removed": self.removed, "unchanged": self.unchanged,
            "skipped": [{"file": s.doc_id, "reason": s.reason} for s in self.skipped],
            "full": self.full, "reason": self.reason, "documents": self.documents, "chunks": self.chunks,
            "embedded": self.embedded, "published": self.published, "seconds": round(self.seconds, 3),
            "left_out": self.removals,
        }


def embed_texts(embedder: RagEmbeddings, texts: list[str], batch_size: int, progress: bool, desc: str) -> np.ndarray:
    """Embed in batches so memory stays bounded and the progress bar moves.

    A text that occurs several times (an overlap sentence, a boilerplate line, a quote that
    several articles repeat) goes through the model once.
    """
    unique = list(dict.fromkeys(texts))
    vectors = np.zeros((len(unique), embedder.dimension), dtype=np.float32)
    with tqdm(total=len(unique), desc=desc, unit="text", disable=not progress or not unique, leave=False) as bar:
        for start in range(0, len(unique), batch_size):
            batch = unique[start : start + batch_size]
            vectors[start : start + len(batch)] = embedder.encode(batch)
            bar.update(len(batch))
    if len(unique) == len(texts):
        return vectors
    row = {text: n for n, text in enumerate(unique)}
    return vectors[[row[text] for text in texts]].reshape(len(texts), embedder.dimension)


def _embed(
    settings: Settings, docs: list[Document], embedder: RagEmbeddings, progress: bool, known_words: frozenset[int] = frozenset()
) -> IndexBatch:
    chunks: list[Chunk] = []
    for doc in tqdm(docs, desc="Chunking", unit="doc", disable=not progress or not docs, leave=False):
        chunks.extend(chunk_document(doc, settings.chunk_size, settings.chunk_overlap_sentences))
    chunks = list({c.chunk_id: c for c in chunks}.values())
    sentences = sentence_texts(chunks, {d.doc_id: d.lang for d in docs})  # a pronoun read with its antecedent
    sentences |= {title_id(d.doc_id, d.topic): d.topic for d in docs if d.topic}  # what the sentences lean on
    size = settings.embed_batch_size
    titles = {d.doc_id: d.topic for d in docs}
    return IndexBatch(
        docs,
        chunks,
        Vectors(np.array([c.chunk_id for c in chunks], dtype=np.int64),
                embed_texts(embedder, [represented(c, titles[c.doc_id]) for c in chunks], size, progress,
                            "Embedding chunks")),
        Vectors(np.array(list(sentences), dtype=np.int64),
                embed_texts(embedder, list(sentences.values()), size, progress, "Embedding sentences")),
        _embed_words(docs, embedder, size, progress, known_words),
    )


def _embed_words(
    docs: list[Document], embedder: RagEmbeddings, size: int, progress: bool, known: frozenset[int]
) -> Vectors:
    """Vectors of the documents' words that the index does not hold yet (``known``: word ids)."""
    words = {word_id(w): w for d in docs for w in document_words(d)}
    words = {i: w for i, w in words.items() if i not in known}
    return Vectors(np.array(list(words), dtype=np.int64),
                   embed_texts(embedder, list(words.values()), size, progress, "Embedding words"))


def index_documents(
    settings: Settings,
    docs: list[Document],
    skipped: list[Skipped] | None = None,
    embedder: RagEmbeddings | None = None,
    progress: bool = False,
) -> IndexReport:
    """Index exactly ``docs`` from scratch (evaluations use this with in-memory documents)."""
    began = time.perf_counter()
    embedder = embedder or make_embedder(settings)
    writer = open_writer(settings, progress)
    with writer.locked():
        parts = _embed(settings, docs, embedder, progress)
        manifest, _ = writer.published()
        writer.apply(parts, removed=[d.doc_id for d in manifest.documents] if manifest else [])
        info = EmbedderInfo(name=embedder.name, dimension=embedder.dimension)
        published = writer.publish(info, list(skipped or []))
    return IndexReport(published.name, len(docs), len(parts.chunks), added=[d.doc_id for d in docs],
                       skipped=list(skipped or []), embedded=len(parts.chunks) + len(parts.sentence_vectors.ids),
                       seconds=time.perf_counter() - began)


def build_index(
    settings: Settings, embedder: RagEmbeddings | None = None, progress: bool = False, full: bool = False
) -> IndexReport:
    """Bring the index in line with the corpus folder, doing only the work that changed."""
    began = time.perf_counter()
    require_corpus_dir(settings.corpus_dir)  # before the index folder and its lock are created
    require_index_outside_corpus(settings)
    writer = open_writer(settings, progress)
    with writer.locked():
        published = writer.published()
        plan = plan_index(settings, full=full, published=published)
        if plan.full:
            log.info("full rebuild: %s", plan.reason)
        # a full rebuild keeps nothing of the published index, whatever the plan says about it
        dropped = [d.doc_id for d in published[0].documents] if plan.full and published[0] else []
        report = _apply(settings, writer, plan, embedder, progress, dropped)
    return replace(report, seconds=time.perf_counter() - began)


def require_index_outside_corpus(settings: Settings) -> None:
    """:class:`SettingsError` when the local index folder is the articles folder or inside it: its
    files would be written among the articles and read back as ones ("rag ask --index corpus")."""
    if settings.store != "local":
        return
    index, corpus = settings.index_dir.resolve(), settings.corpus_dir.resolve()
    if index.is_relative_to(corpus):
        where = "is the articles folder" if index == corpus else f"is inside the articles folder {settings.corpus_dir}"
        raise SettingsError(f"the index folder {settings.index_dir} {where}; give --index a folder outside it")


def _apply(settings: Settings, writer: IndexWriter, plan: IndexPlan, embedder: RagEmbeddings | None,
           progress: bool, dropped: list[str]) -> IndexReport:
    if not plan.changes:
        assert plan.manifest is not None  # nothing to change means there is a published index
        counts = plan.manifest.counts
        return IndexReport("", counts.documents, counts.chunks, unchanged=plan.unchanged,
                           skipped=plan.skipped, full=False, published=False)
    if plan.to_parse:
        embedder = embedder or make_embedder(settings)
    new_docs, unchanged, skipped = _read_changed(settings, plan, embedder, progress)
    info = plan.manifest.embedder if plan.manifest and not new_docs else None
    fresh = None
    if info is None:
        embedder = embedder or make_embedder(settings)
        info = EmbedderInfo(name=embedder.name, dimension=embedder.dimension)
        fresh = _embed(settings, new_docs, embedder, progress, writer.known_words() if plan.manifest else frozenset())
    parsed = {d.doc_id for d in new_docs}
    failed = {f.doc_id for f in plan.updated} - parsed  # changed into something unreadable: gone from the index
    removed = sorted(set(plan.removed) | failed | (set(plan.unchanged) - set(unchanged)))
    writer.apply(fresh or IndexBatch.empty(info.dimension), removed=set(removed) | set(dropped))
    published = writer.publish(info, skipped)
    return IndexReport(
        published.name, published.counts.documents, published.counts.chunks,
        added=[f.doc_id for f in plan.added if f.doc_id in parsed],
        updated=[f.doc_id for f in plan.updated if f.doc_id in parsed],
        removed=removed, unchanged=unchanged, skipped=skipped, full=plan.full, reason=plan.reason,
        embedded=len(fresh.chunks) + len(fresh.sentence_vectors.ids) if fresh else 0,
        removals={d.doc_id: removal_summary(d.removed) for d in new_docs if d.removed},
    )


def _read_changed(
    settings: Settings, plan: IndexPlan, embedder: RagEmbeddings | None, progress: bool
) -> tuple[list[Document], list[str], list[Skipped]]:
    """Parse the plan's new and changed files: the documents read, the unchanged ids that stay
    (copies dropped), and every skipped file with its reason."""
    # model loading overlaps parsing (both mostly decompress, GIL released); the warm-up is joined
    # even on an error: a process exiting while the encoder loads aborts ("terminate called …", exit 134)
    warm = _warm_up(embedder) if plan.to_parse and embedder is not None else None
    try:
        return _read_and_check(settings, plan, progress)
    finally:
        if warm is not None:
            warm.join()


def _read_and_check(settings: Settings, plan: IndexPlan, progress: bool) -> tuple[list[Document], list[str], list[Skipped]]:
    new_docs: list[Document] = []
    skipped = list(plan.skipped)
    for f in tqdm(plan.to_parse, desc="Reading", unit="doc", disable=not progress or not plan.to_parse, leave=False):
        result = read_document(f.doc_id, f.path)
        if isinstance(result, Document):
            new_docs.append(result)
        else:
            skipped.append(result)
    new_docs, unchanged, copies = _drop_copies(plan, new_docs)
    kept_instead = {s.doc_id: s.duplicate_of for s in copies if s.duplicate_of}
    skipped = sorted(repoint_copies(skipped, kept_instead) + copies, key=lambda s: s.doc_id)
    for skip in skipped:
        log.warning("skipped %s: %s", skip.doc_id, skip.reason)
    if not new_docs and not unchanged:
        reasons = "; ".join(f"{s.doc_id}: {s.reason}" for s in skipped[:3])
        raise CorpusError(
            f"nothing to index in {settings.corpus_dir}/"
            + (f" ({reasons})" if reasons else " (add .txt, .md, .html or .pdf files)")
        )
    return new_docs, unchanged, skipped


def _warm_up(embedder: RagEmbeddings) -> threading.Thread:
    def load() -> None:
        try:
            embedder.encode(["warm-up"])
        except Exception:  # noqa: BLE001 - the real call reports it
            log.debug("embedder warm-up failed", exc_info=True)

    thread = threading.Thread(target=load, name="embedder-warm-up", daemon=True)
    thread.start()
    return thread


def _drop_copies(plan: IndexPlan, new_docs: list[Document]) -> tuple[list[Document], list[str], list[Skipped]]:
    """Documents whose cleaned text another one already has are skipped as copies, reported as such.

    Compared with the unchanged documents too: a new "x.txt" whose copy "x (copie).txt" was
    indexed before takes its place. Returns the new documents and unchanged ids to keep, and the copies.
    """
    unchanged = set(plan.unchanged)
    before = {d.doc_id: d for d in (plan.manifest.documents if plan.manifest else []) if d.doc_id in unchanged}
    texts = {doc_id: d.text_hash or doc_id for doc_id, d in before.items()}
    copies = find_copies(texts | {d.doc_id: d.text_hash for d in new_docs})
    skipped = [copy_skipped(d.doc_id, d.content_hash, copies[d.doc_id]) for d in new_docs if d.doc_id in copies]
    skipped += [copy_skipped(doc_id, before[doc_id].content_hash, copies[doc_id]) for doc_id in before if doc_id in copies]
    return [d for d in new_docs if d.doc_id not in copies], [i for i in plan.unchanged if i not in copies], skipped
