"""The LLM answerer: retrieval -> prompt -> streamed reply -> checked citations -> :class:`Answer`.

Falls back to nothing by itself: a failure raises :class:`LLMError` with the reason, and the
pipeline then returns the extractive answer with that reason as its note.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rag.answer.extractive import Answer, Citation, ShortAnswer, span_answer
from rag.answer.grounding import Checker, CitationStream, ground
from rag.answer.llm import build_messages, describe, stream_reply
from rag.answer.phrases import phrase
from rag.answer.retrieval import Retrieval
from rag.errors import LLMError
from rag.index.embeddings import RagEmbeddings
from rag.index.protocol import IndexReader
from rag.settings import Settings

TokenSink = Callable[[str], None]


def generated_answer(
    retrieval: Retrieval,
    chat_model: Any,
    settings: Settings,
    store: IndexReader,
    embedder: RagEmbeddings,
    on_token: TokenSink | None = None,
) -> Answer:
    """Ask the LLM about the retrieved passages; stream its checked text to ``on_token``."""
    passages = retrieval.passages
    lang = retrieval.reply_lang
    messages = build_messages(retrieval.question, lang, passages)
    shown = CitationStream(len(passages))
    pieces: list[str] = []
    for piece in stream_reply(chat_model, messages, settings):
        pieces.append(piece)
        if on_token and (visible := shown.feed(piece)):
            on_token(visible)
    if on_token and (rest := shown.flush()):
        on_token(rest)
    reply = "".join(pieces)
    checker = Checker(store, embedder, passages, retrieval.question, lang, settings.llm_support_threshold)
    checked = ground(reply, checker)
    if checked.abstained:
        return Answer(retrieval.question, phrase("abstain", lang), True, [], passages, lang, mode="llm",
                      band="abstained")
    if not checked.citations:
        raise LLMError(f"the LLM's answer ({describe(settings)}) cited no passage that supports it")
    return Answer(retrieval.question, checked.text, False, checked.citations, passages, lang, mode="llm",
                  claims=checked.claims, short_answer=_short(retrieval, checked.citations, checked.text))


def _short(retrieval: Retrieval, citations: list[Citation], text: str) -> ShortAnswer | None:
    """The span the question wants, from the first citation, when the generated text says it too."""
    if not citations:
        return None
    lang = next((p.chunk.lang for p in retrieval.passages if p.chunk.doc_id == citations[0].source), retrieval.lang)
    short = span_answer(retrieval.text, retrieval.lang, citations[0], lang)
    return short if short is not None and short.text in text else None
