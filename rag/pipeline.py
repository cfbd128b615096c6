"""The question-answering pipeline: an opened index + embedder, answering one question at a time."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rag.answer import Answer, extractive_answer
from rag.embeddings import RagEmbeddings, make_embedder
from rag.errors import LLMError, RagError
from rag.retrieval import HybridRetriever, Retrieval
from rag.settings import Settings
from rag.store import IndexStore

log = logging.getLogger(__name__)


class Rag:
    """Load once, ask many times (the CLI batch mode and the web app share one instance)."""

    def __init__(self, settings: Settings, store: IndexStore, embedder: RagEmbeddings, chat_model: Any = None) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.retriever = HybridRetriever(store, embedder, settings)
        self._chat_model = chat_model

    @property
    def chat_model(self) -> Any:
        """The configured LLM's LangChain chat model (None without one); built on first use."""
        if self._chat_model is None and self.settings.llm_provider != "none":
            from rag.llm import make_chat_model

            self._chat_model = make_chat_model(self.settings)
        return self._chat_model

    @classmethod
    def open(cls, settings: Settings, embedder: RagEmbeddings | None = None) -> "Rag":
        store = IndexStore.open(settings)
        return cls(settings, store, embedder or make_embedder(settings))

    def refreshed(self) -> "Rag":
        """This pipeline, or a new one on the index published since it was opened (same embedder).

        A long-running reader (the web app, ``rag ask`` in batch mode) calls this per question, so
        a finished ``rag index`` is picked up without a restart. If the new index cannot be opened
        (built with other settings, say), the one already open keeps answering.
        """
        if self.store.is_published():
            return self
        try:
            fresh = Rag(self.settings, IndexStore.open(self.settings), self.embedder, self._chat_model)
        except RagError as exc:
            log.warning("keeping the open index: the newly published one cannot be used (%s)", exc)
            return self
        log.info("switched to the newly published index %s", fresh.store.path.name)
        return fresh

    def retrieve(self, question: str, k: int | None = None, vector: Any = None) -> Retrieval:
        question = question.strip()
        if not question:
            raise RagError("the question is empty; ask something about the articles")
        return self.retriever.retrieve(question, k, vector)

    def ask(
        self, question: str, k: int | None = None, on_token: Callable[[str], None] | None = None, llm: bool = True
    ) -> Answer:
        """Answer with the configured LLM (its text streamed to ``on_token``), else by extraction.

        If the LLM fails, times out, or writes nothing its passages support, the extractive answer
        is returned with a note saying why; a user always gets an answer they can check.
        """
        began = time.perf_counter()
        retrieval = self.retrieve(question, k)
        answering = time.perf_counter()
        answer = None
        if llm and self.settings.llm_provider != "none" and retrieval.passages:
            from rag.generate import generated_answer

            try:
                answer = generated_answer(retrieval, self.chat_model, self.settings, self.store, self.embedder, on_token)
            except LLMError as exc:
                log.info("%s; falling back to the extractive answer", exc)
                answer = replace(extractive_answer(retrieval, self.settings.abstain_threshold),
                                 note=f"{exc}; showing the extractive answer instead.")
        if answer is None:
            answer = extractive_answer(retrieval, self.settings.abstain_threshold)
        now = time.perf_counter()
        answer.timings_ms = {
            **retrieval.timings_ms,
            "answer_ms": (now - answering) * 1000,
            "total_ms": (now - began) * 1000,
        }
        return answer

    def close(self) -> None:
        self.store.close()
