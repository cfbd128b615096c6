"""The question-answering pipeline: an opened index + embedder, answering one question at a time."""

from __future__ import annotations

import time

from rag.answer import Answer, extractive_answer
from rag.embeddings import RagEmbeddings, make_embedder
from rag.errors import RagError
from rag.retrieval import HybridRetriever, Retrieval
from rag.settings import Settings
from rag.store import IndexStore


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
