"""The question-answering pipeline: an opened index + embedder, answering one question at a time."""

from __future__ import annotations

import logging
import time

from rag.answer import Answer, extractive_answer
from rag.embeddings import RagEmbeddings, make_embedder
from rag.errors import RagError
from rag.retrieval import HybridRetriever, Retrieval
from rag.settings import Settings
from rag.store import IndexStore

log = logging.getLogger(__name__)


class Rag:
    """Load once, ask many times (the CLI batch mode and the web app share one instance)."""

    def __init__(self, settings: Settings, store: IndexStore, embedder: RagEmbeddings) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.retriever = HybridRetriever(store, embedder, settings)

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
            fresh = Rag(self.settings, IndexStore.open(self.settings), self.embedder)
        except RagError as exc:
            log.warning("keeping the open index: the newly published one cannot be used (%s)", exc)
            return self
        log.info("switched to the newly published index %s", fresh.store.path.name)
        return fresh

    def retrieve(self, question: str, k: int | None = None) -> Retrieval:
        question = question.strip()
        if not question:
            raise RagError("the question is empty; ask something about the articles")
        return self.retriever.retrieve(question, k)

    def ask(self, question: str, k: int | None = None) -> Answer:
        began = time.perf_counter()
        retrieval = self.retrieve(question, k)
        answering = time.perf_counter()
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
