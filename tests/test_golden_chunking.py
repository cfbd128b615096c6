"""Golden hash of what cleaning, chunking and tokenizing make of fixed corpora.

An index stores chunk spans, sentence spans and keyword tokens; an index built before a change
to any of them would be read with the new rules and answer wrong. Such a change must bump
``INDEX_FORMAT_VERSION`` (every index is then rebuilt) and record the new hash in
``CHUNKING_GOLDEN`` beside it (``rag/settings.py``). Chunks are built in memory, without
embeddings, by the library's own functions.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from rag.index.indexer import represented
from rag.index.wordvectors import document_words
from rag.ingest.chunking import chunk_document
from rag.ingest.corpus import load_corpus
from rag.settings import CHUNKING_GOLDEN, INDEX_FORMAT_VERSION, Settings
from rag.text import tokenize

ROOT = Path(__file__).resolve().parents[1]
#: The bundled articles, then the held-out cases' corpora (Markdown, HTML, copies, zh/ja/ru).
GOLDEN_CORPORA = [ROOT / "corpus", *sorted((ROOT / "tests/data/cases_heldout").glob("*/corpus"))]


def corpus_records(corpus_dir: Path, settings: Settings) -> list[object]:
    """Per document: its metadata, every chunk's span, sentences and keyword tokens, its words."""
    docs, skipped = load_corpus(corpus_dir, settings.max_file_mb)
    records: list[object] = [["skipped", s.doc_id, s.reason] for s in skipped]
    for doc in sorted(docs, key=lambda d: d.doc_id):
        records.append(["document", doc.doc_id, doc.title, doc.date, doc.lang, doc.topic])
        for chunk in chunk_document(doc, settings.chunk_size, settings.chunk_overlap_sentences):
            records.append(["chunk", chunk.doc_id, chunk.start, chunk.end, chunk.chunk_id, chunk.section,
                            [list(s) for s in chunk.sentences], tokenize(represented(chunk, doc.topic), doc.lang)])
        records.append(["words", doc.doc_id, list(document_words(doc))])
    return records


def chunking_digest(settings: Settings) -> str:
    digest = hashlib.sha256()
    for folder in GOLDEN_CORPORA:
        payload = {"corpus": folder.relative_to(ROOT).as_posix(), "records": corpus_records(folder, settings)}
        digest.update(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode())
    return "sha256:" + digest.hexdigest()


def test_chunking_output_matches_the_golden_hash() -> None:
    settings = Settings.load()  # the defaults (conftest clears RAG_* variables)
    assert len(GOLDEN_CORPORA) > 1 and all(folder.is_dir() for folder in GOLDEN_CORPORA)
    actual = chunking_digest(settings)
    assert actual == CHUNKING_GOLDEN, (
        f"cleaning, chunking or keyword tokenizing of the golden corpora changed ({actual} != {CHUNKING_GOLDEN}): "
        f"indexes built before would be read with other rules, so bump INDEX_FORMAT_VERSION "
        f"(now {INDEX_FORMAT_VERSION}) and set CHUNKING_GOLDEN = {actual!r} in rag/settings.py. "
        "(If only the files of tests/data/cases_heldout changed, update CHUNKING_GOLDEN alone.)"
    )
