from __future__ import annotations

from helpers import on_both_stores
from postgres_server import postgres_server, postgres_url  # noqa: F401 - fixtures

from rag.answer.retrieval import Passage, deduplicate, fuse, overlaps, query_terms
from rag.index.store import StoredChunk
from rag.settings import Settings

settings = on_both_stores()  # the tests that build an index run on the local store and on PostgreSQL


def chunk(cid: int, doc: str, start: int, end: int) -> StoredChunk:
    return StoredChunk(cid, doc, start, end, "x" * (end - start), ((start, end),), (cid,), doc, None, "en")


def test_fusion_rewards_agreement_between_retrievers() -> None:
    s = Settings.load(embedder="hashing")
    scores = fuse({1: 0.60, 2: 0.55, 3: 0.50}, {3: 9.0, 4: 8.0, 5: 1.0}, {i: True for i in range(6)}, s)
    assert max(scores, key=scores.get) == 3
    assert scores[4] == s.bm25_weight * 8.0 / 9.0  # found by keywords only


def test_fusion_damps_bm25_for_passages_in_another_language() -> None:
    s = Settings.load(embedder="hashing", bm25_weight=0.7, bm25_cross_lingual_factor=0.2)
    scores = fuse({1: 0.5, 2: 0.5}, {1: 10.0, 2: 10.0}, {1: True, 2: False}, s)
    assert scores[1] - 0.5 == 0.7
    assert abs((scores[2] - 0.5) - 0.14) < 1e-9


def test_without_keyword_hits_the_dense_order_stands() -> None:
    s = Settings.load(embedder="hashing")
    assert fuse({1: 0.3, 2: 0.9}, {}, {}, s) == {1: 0.3, 2: 0.9}


def test_overlapping_chunks_of_one_document_are_deduplicated() -> None:
    a, b, c = chunk(1, "d", 0, 100), chunk(2, "d", 40, 140), chunk(3, "e", 0, 100)
    assert overlaps(a, b) and not overlaps(a, c)
    ranked = [Passage(a, 0.9), Passage(b, 0.8), Passage(c, 0.7)]
    assert [p.chunk.chunk_id for p in deduplicate(ranked, 5)] == [1, 3]


def test_adjacent_chunks_with_one_shared_sentence_are_both_kept() -> None:
    a, b = chunk(1, "d", 0, 300), chunk(2, "d", 250, 600)
    assert not overlaps(a, b)


def test_names_in_an_english_question_match_french_stems() -> None:
    from rag.text import tokenize

    french = set(tokenize("le rachat de la start-up Annapurna Labs en 2015", "fr"))
    assert "annapurn" in french
    assert french & set(query_terms("When did Amazon acquire Annapurna Labs?", "en", ["fr"])) >= {"annapurn", "lab"}
    assert query_terms("When did Amazon acquire Annapurna Labs?", "en", ["en"]) == tokenize("When did Amazon acquire Annapurna Labs?", "en")


def test_every_retrieved_sentence_has_a_stored_similarity(built) -> None:  # noqa: ANN001 - fixture
    from rag import Rag

    rag = Rag.open(built)
    retrieval = rag.retrieve("How many ships can the terminal handle?")
    sentence_ids = {sid for p in retrieval.passages for sid in p.chunk.sentence_ids}
    assert sentence_ids and sentence_ids <= set(retrieval.sentence_similarity)
    assert all(-1.01 <= v <= 1.01 for v in retrieval.sentence_similarity.values())
    rag.close()


def test_plural_loanwords_stem_like_their_singular() -> None:
    from rag.text import tokenize

    assert tokenize("les UltraServers", "fr") == tokenize("un UltraServer", "fr")
    assert tokenize("des GPUs", "fr") == tokenize("un GPU", "fr")
    assert tokenize("mois", "fr") == ["mois"]


def test_langchain_retriever_returns_documents_with_citation_metadata(built) -> None:  # noqa: ANN001 - fixture
    from rag import Rag
    from rag.answer.langchain import RagRetriever

    rag = Rag.open(built)
    docs = RagRetriever(rag=rag, k=2).invoke("How many ships can the terminal handle?")
    assert 1 <= len(docs) <= 2
    assert docs[0].metadata["source"] == "portvale.md" and "40 ships" in docs[0].page_content
    assert {"title", "date", "start", "end", "score"} <= set(docs[0].metadata)
    rag.close()
