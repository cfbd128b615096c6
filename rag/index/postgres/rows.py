"""An :class:`rag.index.protocol.IndexBatch` as the rows of the PostgreSQL store's tables.

Tokens are the local store's (:func:`rag.ingest.chunking.keyword_tokens`): the same terms, the
same chunk lengths, so BM25 computed in SQL equals bm25s's. A chunk without any token counts as
one token long, as the local store's placeholder token makes it for bm25s.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import numpy as np

from rag.index.protocol import IndexBatch, Vectors
from rag.index.wordvectors import document_words, word_id
from rag.ingest.chunking import keyword_tokens, title_id
from rag.types import Chunk, Document


def _by_id(vectors: Vectors) -> dict[int, np.ndarray]:
    return {int(i): np.asarray(row, np.float32) for i, row in zip(vectors.ids, vectors.matrix)}


def document_rows(generation: int, batch: IndexBatch) -> Iterator[tuple[Any, ...]]:
    per_doc = Counter(c.doc_id for c in batch.chunks)
    for d in batch.docs:
        structure = json.dumps([[b.kind, b.start, b.end, b.level] for b in d.structure])
        words = sorted({word_id(w) for w in document_words(d)})
        yield (generation, d.doc_id, d.title, d.date, d.lang, d.content_hash, d.text_hash, per_doc.get(d.doc_id, 0),
               d.text, structure, d.titled, words)


def chunk_rows(generation: int, batch: IndexBatch) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The chunk rows (with their vectors and token counts) and the posting rows of the batch."""
    langs = {d.doc_id: d.lang for d in batch.docs}
    titles = {d.doc_id: d.topic for d in batch.docs}
    vectors = _by_id(batch.chunk_vectors)
    chunks: list[tuple[Any, ...]] = []
    postings: list[tuple[Any, ...]] = []
    for c in batch.chunks:
        tokens = keyword_tokens(c, langs[c.doc_id], titles[c.doc_id])
        length = max(len(tokens), 1)
        sentences = json.dumps([[a, b, i] for (a, b), i in zip(c.sentences, c.sentence_ids)])
        chunks.append((generation, c.chunk_id, c.doc_id, c.start, c.end, c.text, sentences, c.section, length,
                       vectors[c.chunk_id]))
        postings.extend((generation, term, c.chunk_id, c.doc_id, tf, length) for term, tf in Counter(tokens).items())
    return chunks, postings


def _sentence_owners(docs: list[Document], chunks: list[Chunk]) -> dict[int, str]:
    owners = {i: c.doc_id for c in chunks for i in c.sentence_ids}
    owners |= {title_id(d.doc_id, d.topic): d.doc_id for d in docs if d.topic}
    return owners


def sentence_rows(generation: int, batch: IndexBatch) -> list[tuple[Any, ...]]:
    """Sentence (and title) vectors with the document they belong to, to carry them over by document."""
    owners = _sentence_owners(batch.docs, batch.chunks)
    rows = {}
    for i, row in zip(batch.sentence_vectors.ids, batch.sentence_vectors.matrix):
        if int(i) in owners:
            rows[int(i)] = (generation, int(i), owners[int(i)], np.asarray(row, np.float32))
    return list(rows.values())


def word_rows(generation: int, batch: IndexBatch) -> list[tuple[Any, ...]]:
    return [(generation, i, row) for i, row in _by_id(batch.word_vectors).items()]
