"""Building the index: documents -> chunks -> embeddings + BM25 -> a published generation."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout
from tqdm.auto import tqdm

from rag.chunking import Chunk, chunk_document
from rag.documents import Document, Skipped, load_corpus
from rag.embeddings import RagEmbeddings, make_embedder
from rag.errors import CorpusError, IndexBusyError
from rag.lexical import LexicalIndex
from rag.settings import Settings
from rag.store import Vectors, write_index
from rag.text import tokenize

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndexReport:
    """What `rag index` did, for its summary line and for `--json` consumers."""

    path: Path
    documents: int
    chunks: int
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0


def embed_texts(embedder: RagEmbeddings, texts: list[str], batch_size: int, progress: bool, desc: str) -> np.ndarray:
    """Embed in batches so memory stays bounded and the progress bar moves."""
    out = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    with tqdm(total=len(texts), desc=desc, unit="text", disable=not progress, leave=False) as bar:
        for start in range(0, len(texts), batch_size):
            batch = texts[start : start + batch_size]
            out[start : start + len(batch)] = embedder.encode(batch)
            bar.update(len(batch))
    return out


def index_documents(
    settings: Settings,
    docs: list[Document],
    skipped: list[Skipped] | None = None,
    embedder: RagEmbeddings | None = None,
    progress: bool = False,
) -> IndexReport:
    """Chunk, embed and publish ``docs`` as the index in ``settings.index_dir``."""
    began = time.perf_counter()
    embedder = embedder or make_embedder(settings)
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.index_dir / ".lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise IndexBusyError(
            f"the index in {settings.index_dir}/ is being updated by another process; try again when it finishes"
        ) from None
    try:
        chunks: list[Chunk] = []
        for doc in tqdm(docs, desc="Chunking", unit="doc", disable=not progress, leave=False):
            chunks.extend(chunk_document(doc, settings.chunk_size, settings.chunk_overlap_sentences))
        chunks = list({c.chunk_id: c for c in chunks}.values())  # identical duplicate files share ids
        sentences = {sid: c.text[a - c.start : b - c.start] for c in chunks for (a, b), sid in zip(c.sentences, c.sentence_ids)}
        chunk_vectors = Vectors(
            np.array([c.chunk_id for c in chunks], dtype=np.int64),
            embed_texts(embedder, [c.text for c in chunks], settings.embed_batch_size, progress, "Embedding chunks"),
        )
        sentence_vectors = Vectors(
            np.array(list(sentences), dtype=np.int64),
            embed_texts(embedder, list(sentences.values()), settings.embed_batch_size, progress, "Embedding sentences"),
        )
        langs = {d.doc_id: d.lang for d in docs}
        lexical = LexicalIndex.build(
            [tokenize(c.text, langs[c.doc_id]) for c in chunks], np.array([c.chunk_id for c in chunks], dtype=np.int64)
        )
        info = {"name": embedder.name, "dimension": embedder.dimension}
        path = write_index(settings, info, docs, chunks, chunk_vectors, sentence_vectors, lexical, skipped or [])
    finally:
        lock.release()
    return IndexReport(path, len(docs), len(chunks), list(skipped or []), time.perf_counter() - began)


def build_index(settings: Settings, embedder: RagEmbeddings | None = None, progress: bool = False) -> IndexReport:
    """Index every readable file of ``settings.corpus_dir``; unreadable ones are reported, not fatal."""
    docs, skipped = load_corpus(settings.corpus_dir, settings.max_file_mb)
    if not docs:
        reasons = "; ".join(f"{s.doc_id}: {s.reason}" for s in skipped[:3])
        raise CorpusError(
            f"nothing to index in {settings.corpus_dir}/"
            + (f" ({reasons})" if reasons else " (add .txt, .md, .html or .pdf files)")
        )
    for skip in skipped:
        log.warning("skipped %s: %s", skip.doc_id, skip.reason)
    return index_documents(settings, docs, skipped, embedder, progress)
