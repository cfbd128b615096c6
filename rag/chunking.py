"""Sentence-aware chunks with exact character offsets into the document text.

Chunks are packed from whole sentences (pysbd, per language) up to ``chunk_size`` characters,
never across a paragraph once they are half full, and repeat the last sentence(s) of the
previous chunk so a fact split across a boundary is still retrievable. Each chunk keeps the
offsets of its sentences, which is what lets a citation point at one exact sentence.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from rag.documents import Document

_PARAGRAPH_RE = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")
_PYSBD_LANGS = {"en", "fr", "es", "de", "it", "nl"}
#: pysbd is regex-heavy; feeding it bounded windows keeps a 10 MB one-line file tractable.
_WINDOW = 5000

Span = tuple[int, int]


@dataclass(frozen=True)
class Chunk:
    """A passage of a document; ``text == document.text[start:end]`` always holds."""

    chunk_id: int  # stable 63-bit id, also the FAISS id
    doc_id: str
    start: int
    end: int
    text: str
    sentences: tuple[Span, ...]  # absolute offsets of the sentences inside the chunk
    sentence_ids: tuple[int, ...]  # stable ids of those sentences (their vectors are indexed too)


def stable_id(doc_id: str, start: int, end: int, text: str) -> int:
    """Same document, same span, same text: same id, across runs and machines."""
    digest = hashlib.blake2b(f"{doc_id}\x00{start}\x00{end}\x00{text}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & ((1 << 63) - 1)


@lru_cache(maxsize=None)
def _segmenter(lang: str):  # noqa: ANN202 - pysbd has no public type
    import pysbd

    return pysbd.Segmenter(language=lang if lang in _PYSBD_LANGS else "en", clean=False, char_span=False)


_TERMINATOR_RE = re.compile(r"[.!?…;:。！？\n]")


def _locate(window: str, lang: str) -> list[Span]:
    """Spans of pysbd's sentences inside ``window``, found by a forward search.

    pysbd locates its sentences itself by compiling one regular expression per sentence, even
    when spans are not asked for: seconds per window on a long line (a 10 MB one-line file took
    30 s to chunk). Its processor gives the same sentences; ``str.find`` places them. A window
    without any sentence punctuation is one sentence, cut to size by the caller.
    """
    if not _TERMINATOR_RE.search(window):
        return [(0, len(window))]
    segmenter = _segmenter(lang)
    spans: list[Span] = []
    pos = 0
    for sentence in segmenter.processor(window).process():
        piece = sentence.strip()
        at = window.find(piece, pos) if piece else -1
        if at >= 0:
            spans.append((at, at + len(piece)))
            pos = at + len(piece)
    return spans


def _trimmed(text: str, start: int, end: int) -> Span | None:
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    return (start + left, start + right) if right > left else None


def _hard_split(text: str, start: int, end: int, limit: int) -> list[Span]:
    """Cut an over-long sentence at whitespace (or anywhere, for a run without spaces)."""
    spans: list[Span] = []
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = cut if cut > start else start + limit
        if span := _trimmed(text, start, cut):
            spans.append(span)
        start = cut
    if span := _trimmed(text, start, end):
        spans.append(span)
    return spans


def sentence_spans(text: str, lang: str, limit: int) -> list[list[Span]]:
    """Sentences as absolute spans, grouped by paragraph; none longer than ``limit``."""
    paragraphs: list[list[Span]] = []
    for para in _PARAGRAPH_RE.finditer(text):
        spans: list[Span] = []
        for w_start in range(para.start(), para.end(), _WINDOW):
            w_end = min(w_start + _WINDOW, para.end())
            # pysbd rewrites a sentence holding one of its placeholders ("☄" comes back as "!!",
            # "∯" as ".", "ȸ" is dropped), so it cannot be found in the text and gets no span.
            # Whatever text gets no span is kept as a sentence of its own; spans are kept disjoint.
            pieces: list[Span] = []
            cursor = w_start
            for s_start, s_end in _locate(text[w_start:w_end], lang):
                start, end = max(w_start + s_start, cursor), w_start + s_end
                if start > cursor:
                    pieces.append((cursor, start))
                if end > start:
                    pieces.append((start, end))
                    cursor = end
            pieces.append((cursor, w_end))
            for piece in pieces:
                if span := _trimmed(text, *piece):
                    spans.extend(_hard_split(text, span[0], span[1], limit))
        if spans:
            paragraphs.append(spans)
    return paragraphs


def chunk_document(doc: Document, chunk_size: int, overlap_sentences: int) -> list[Chunk]:
    """Pack sentences into chunks of at most ``chunk_size`` characters, with sentence overlap."""
    chunks: list[Chunk] = []
    current: list[Span] = []
    fresh = 0  # sentences in `current` not already emitted in a previous chunk

    def emit() -> None:
        nonlocal current, fresh
        if fresh:
            start, end = current[0][0], current[-1][1]
            text = doc.text[start:end]
            sentence_ids = tuple(stable_id(doc.doc_id, s, e, doc.text[s:e]) for s, e in current)
            chunk_id = stable_id(doc.doc_id, start, end, text)
            chunks.append(Chunk(chunk_id, doc.doc_id, start, end, text, tuple(current), sentence_ids))
        current = current[len(current) - overlap_sentences :] if overlap_sentences else []
        fresh = 0

    for paragraph in sentence_spans(doc.text, doc.lang, chunk_size):
        if current and fresh and current[-1][1] - current[0][0] >= chunk_size // 2:
            emit()  # a paragraph break is a good boundary once the chunk has some substance
        for span in paragraph:
            while current and span[1] - current[0][0] > chunk_size:
                if fresh:
                    emit()
                else:
                    current = current[1:]  # overlap alone would overflow: drop it
            current.append(span)
            fresh += 1
    emit()
    return chunks
