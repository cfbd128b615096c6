"""The question-answering pipeline: an opened index + embedder, answering one question at a time."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Any

from rag.answer.answerers import ANSWERERS, DEFAULT, AnswerContext, configured
from rag.answer.conversation import TopicDocument, resolve
from rag.answer.retrieval import HybridRetriever, Retrieval, query_terms
from rag.errors import LLMError, RagError
from rag.index.embeddings import RagEmbeddings, make_embedder
from rag.index.opening import open_index
from rag.index.protocol import IndexReader
from rag.settings import Settings
from rag.text import content_terms, fold, question_language_probabilities
from rag.types import Answer, StoredChunk

log = logging.getLogger(__name__)


def _asked(question: str) -> str:
    """The question without surrounding blanks. Raises RagError when it holds no word or number."""
    question = question.strip()
    if not question:
        raise RagError("the question is empty; ask something about the articles")
    if not any(ch.isalnum() for ch in question):
        raise RagError(f"the question {question!r} holds no words; ask something about the articles")
    return question


class Rag:
    """Load once, ask many times (the CLI batch mode and the web app share one instance)."""

    def __init__(self, settings: Settings, store: IndexReader, embedder: RagEmbeddings, chat_model: Any = None) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.retriever = HybridRetriever(store, embedder, settings)
        self._chat_model = chat_model
        self.topics = IndexTopics(store, self.retriever)

    @property
    def chat_model(self) -> Any:
        """The configured LLM's LangChain chat model (None without one); built on first use."""
        if self._chat_model is None and self.settings.llm_provider != "none":
            from rag.answer.llm import make_chat_model

            self._chat_model = make_chat_model(self.settings)
        return self._chat_model

    @classmethod
    def open(cls, settings: Settings, embedder: RagEmbeddings | None = None) -> Rag:
        store = open_index(settings)
        return cls(settings, store, embedder or make_embedder(settings))

    def refreshed(self) -> Rag:
        """This pipeline, or a new one on the index published since it was opened (same embedder).

        A long-running reader (the web app, ``rag ask`` in batch mode) calls this per question, so
        a finished ``rag index`` is picked up without a restart. If the new index cannot be opened
        (built with other settings, say), the one already open keeps answering.
        """
        if self.store.is_published():
            return self
        try:
            fresh = Rag(self.settings, open_index(self.settings), self.embedder, self._chat_model)
        except RagError as exc:
            log.warning("keeping the open index: the newly published one cannot be used (%s)", exc)
            return self
        log.info("switched to the newly published index %s", fresh.store.name)
        return fresh

    def retrieve(self, question: str, k: int | None = None, vector: Any = None) -> Retrieval:
        return self.retriever.retrieve(_asked(question), k, vector)

    def ask(
        self,
        question: str,
        k: int | None = None,
        on_token: Callable[[str], None] | None = None,
        llm: bool = True,
        history: Iterable[Any] | None = None,
    ) -> Answer:
        """Answer with the configured LLM (its text streamed to ``on_token``), else by extraction.

        ``history``: the conversation so far, oldest first: earlier user questions (strings) or chat
        messages (``{"role": "user", "content": str | list of Gradio parts}``). A follow-up ("When
        did it go on sale?") is retrieved and answered with the topic it leans on
        (:func:`rag.answer.conversation.resolve`); the answer's ``question`` stays as typed.

        If the LLM fails, times out, or writes nothing its passages support, the extractive answer
        is returned with a note saying why; a user always gets an answer they can check.
        """
        began = time.perf_counter()
        _asked(question)  # "?" alone is no follow-up to the last question: it asks nothing
        name = configured(self.settings) if llm else DEFAULT
        readings = self._readings(question, k, history, alone_first=name == DEFAULT)
        retrieval, topic = next(readings)
        answering = time.perf_counter()
        context = AnswerContext(self.settings, self.store, self.embedder, lambda: self.chat_model, on_token,
                                self.retriever.retrieve)
        answer = None
        if name != DEFAULT and retrieval.passages:
            try:
                answer = ANSWERERS[name](retrieval, context)
            except LLMError as exc:
                log.info("%s; falling back to the %s answer", exc, DEFAULT)
                answer = replace(ANSWERERS[DEFAULT](retrieval, context),
                                 note=f"{exc}; showing the extractive answer instead.")
        if answer is None:
            answer = ANSWERERS[DEFAULT](retrieval, context)
            while topic is not None and (answer.abstained or answer.citations[0].source != topic):
                retrieval, topic = next(readings)  # the follow-up read with its topic's subject
                answer = ANSWERERS[DEFAULT](retrieval, context)
        read_as = retrieval.text if " ".join(retrieval.text.split()) != " ".join(question.split()) else None
        answer = replace(answer, question=question.strip(), read_as=read_as)
        now = time.perf_counter()
        answer.timings_ms = {
            **retrieval.timings_ms,
            "answer_ms": (now - answering) * 1000,
            "total_ms": (now - began) * 1000,
        }
        return answer

    def _readings(
        self, question: str, k: int | None, history: Iterable[Any] | None, alone_first: bool
    ) -> Iterator[tuple[Retrieval, str | None]]:
        """Retrievals of the question in its conversation, best reading first, each with the document
        its answer must cite to be kept (None: keep it); a reading is computed only when asked for.

        A self-contained question is read as typed. An ellipsis ("Et en France ?") is read with its
        topic question. A follow-up that points back ("Combien mesure-t-elle ?") is read with its
        topic's subject ("... pont Marlowe"), and, with ``alone_first``, first as typed when that
        alone lands in the topic's document: the answer then reads the user's own words, and is kept
        if it quotes that document (see :func:`rag.answer.conversation.resolve`).
        """
        resolution = resolve(question, history, self.topics) if history else None
        if resolution is None or not resolution.follow_up:
            retrieval = self.retrieve(question, k)
            self.topics.remember(question, retrieval)  # the topic of the follow-ups to come
            yield retrieval, None
            return
        log.debug("follow-up (%s): reading %r", resolution.reason, resolution.query)
        if alone_first and resolution.kind == "reference" and resolution.topic:
            alone = self.retrieve(question, k)
            topic = self.topics.document(resolution.topic)
            if alone.passages and topic is not None and alone.passages[0].chunk.doc_id == topic.doc_id:
                yield alone, topic.doc_id
        yield replace(self.retrieve(resolution.query, k), answer_lang=_reply_language(question, resolution.topic)), None

    def close(self) -> None:
        self.store.close()


#: How probable the conversation's language must be for a follow-up to be answered in it: "And
#: Kristopher King?" reads as German (0.46) and English (0.29), and continues an English chat;
#: "Et le Trainium 2 ?" reads as English at 0.08 only: the user switched to French.
KEEP_LANGUAGE = 0.2


def _reply_language(question: str, topic: str | None) -> str:
    """The language to answer a follow-up in: the topic question's when the follow-up plausibly is
    in it (:data:`KEEP_LANGUAGE`), else the follow-up's most likely language."""
    asked_in = question_language_probabilities(question)
    best = max(asked_in, key=asked_in.__getitem__)
    if topic:
        before = question_language_probabilities(topic)
        kept = max(before, key=before.__getitem__)
        if asked_in.get(kept, 0.0) >= KEEP_LANGUAGE:
            return kept
    return best


_UNKNOWN = object()


class IndexTopics:
    """:class:`rag.answer.conversation.TopicIndex` over an opened index: question terms stemmed every way the
    index stems, its vocabulary, and the best document for a topic question, remembered per pipeline
    (a conversation comes back to its topic; :meth:`Rag.ask` remembers what it retrieved)."""

    SIZE = 256  # topics remembered

    def __init__(self, store: IndexReader, retriever: HybridRetriever) -> None:
        self.store = store
        self.retriever = retriever
        self._best: OrderedDict[str, StoredChunk | None] = OrderedDict()  # question -> its best passage
        self._lock = threading.Lock()
        self._document = lru_cache(maxsize=64)(self._read_document)

    def terms(self, text: str, lang: str) -> frozenset[str]:
        return frozenset(query_terms(text, lang, self.store.languages))

    def known(self, terms: Iterable[str]) -> frozenset[str]:
        return self.store.known_terms(terms)

    def document(self, question: str) -> TopicDocument | None:
        key = question.strip()
        with self._lock:
            if key in self._best:
                self._best.move_to_end(key)
            chunk = self._best.get(key, _UNKNOWN)
        if chunk is _UNKNOWN:
            passages = self.retriever.retrieve(key, 1).passages
            chunk = passages[0].chunk if passages else None
            self._keep(key, chunk)
        if not isinstance(chunk, StoredChunk):
            return None
        return self._document(chunk.doc_id, chunk.topic, chunk.section, chunk.lang)

    def remember(self, question: str, retrieval: Retrieval) -> None:
        """Keep the best passage of a question's retrieval: its document is the topic of follow-ups."""
        self._keep(question.strip(), retrieval.passages[0].chunk if retrieval.passages else None)

    def _keep(self, question: str, chunk: StoredChunk | None) -> None:
        with self._lock:
            self._best[question] = chunk
            while len(self._best) > self.SIZE:
                self._best.popitem(last=False)

    def _read_document(self, doc_id: str, title: str, section: str, lang: str) -> TopicDocument:
        text = self.store.document_text(doc_id) or ""
        # the document's own title (not a first line standing for one): what the answerer reads sentences with
        return TopicDocument(doc_id, content_terms(text, lang), content_terms(f"{title} {section}", lang), fold(text))
