from __future__ import annotations

from rag.retrieval import deduplicate, fuse, overlaps
from rag.retrieval import Passage
from rag.settings import Settings
from rag.store import StoredChunk


def chunk(cid: int, doc: str, start: int, end: int) -> StoredChunk:
    return StoredChunk(cid, doc, start, end, "x" * (end - start), ((start, end),), doc, None, "en")


def test_fusion_rewards_agreement_between_retrievers() -> None:
    s = Settings.load(embedder="hashing", rrf_k=60, dense_weight=1, bm25_weight=1)
    scores = fuse([1, 2, 3], [3, 4, 5], {i: True for i in range(6)}, s)
    assert max(scores, key=scores.get) == 3


def test_fusion_mutes_bm25_for_passages_in_another_language() -> None:
    s = Settings.load(embedder="hashing", bm25_weight=1, bm25_cross_lingual_weight=0)
    scores = fuse([1, 2], [9, 8], {9: False, 8: True, 1: False, 2: False}, s)
    assert scores.get(9, 0.0) == 0.0
    assert scores[8] > 0


def test_overlapping_chunks_of_one_document_are_deduplicated() -> None:
    a, b, c = chunk(1, "d", 0, 100), chunk(2, "d", 40, 140), chunk(3, "e", 0, 100)
    assert overlaps(a, b) and not overlaps(a, c)
    ranked = [Passage(a, 0.9), Passage(b, 0.8), Passage(c, 0.7)]
    assert [p.chunk.chunk_id for p in deduplicate(ranked, 5)] == [1, 3]


def test_adjacent_chunks_with_one_shared_sentence_are_both_kept() -> None:
    a, b = chunk(1, "d", 0, 300), chunk(2, "d", 250, 600)
    assert not overlaps(a, b)
