"""The answerers, in one registry: a name -> a function from a retrieval to an :class:`rag.types.Answer`.

``extractive`` (the default; no LLM) quotes the sentences that answer; ``llm`` asks the
configured chat model (``RAG_LLM_PROVIDER``) and checks its claims against the passages
(:mod:`rag.answer.grounding`). Every answerer fills :attr:`Answer.claims` and numbered citations
to exact sentences. A new answerer is one function added to :data:`ANSWERERS`; when one other
than the default raises :class:`rag.errors.LLMError`, the pipeline shows the default's answer
with a note saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from rag.answer.extractive import extractive_answer
from rag.answer.retrieval import Retrieval
from rag.index.embeddings import RagEmbeddings
from rag.index.protocol import IndexReader
from rag.settings import Settings
from rag.types import Answer

#: The answerer that needs nothing configured, and the one every other falls back to.
DEFAULT = "extractive"


@dataclass(frozen=True)
class AnswerContext:
    """What an answerer may use besides the retrieval (the LLM is built on first use)."""

    settings: Settings
    store: IndexReader
    embedder: RagEmbeddings
    chat_model: Callable[[], Any]
    on_token: Callable[[str], None] | None = None
    retrieve: Callable[[str], Retrieval] | None = None  # passages for a text of the answerer's own (one event of a question)


class Answerer(Protocol):
    def __call__(self, retrieval: Retrieval, context: AnswerContext) -> Answer: ...


def _extractive(retrieval: Retrieval, context: AnswerContext) -> Answer:
    return extractive_answer(retrieval, context.settings.abstain_threshold, lambda: context.store.documents, context.retrieve)


def _generated(retrieval: Retrieval, context: AnswerContext) -> Answer:
    from rag.answer.generate import generated_answer  # LangChain's chat models load only when an LLM is set

    return generated_answer(retrieval, context.chat_model(), context.settings, context.store, context.embedder,
                            context.on_token)


ANSWERERS: dict[str, Answerer] = {DEFAULT: _extractive, "llm": _generated}


def configured(settings: Settings) -> str:
    """The answerer the settings ask for: ``llm`` when an LLM provider is set, else the default."""
    return DEFAULT if settings.llm_provider == "none" else "llm"
