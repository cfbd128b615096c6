"""Sentence-aware chunks with exact character offsets into the document text.

Chunks are packed from whole sentences (:mod:`rag.ingest.sentences`, per language) up to ``chunk_size`` characters,
never across a paragraph once they are half full, and repeat the last sentence(s) of the
previous chunk so a fact split across a boundary is still retrievable. Each chunk keeps the
offsets of its sentences, which is what lets a citation point at one exact sentence.
"""

from __future__ import annotations

import hashlib
import re

from rag.ingest.sentences import split_sentences
from rag.text import tokenize
from rag.types import Chunk, Document

_PARAGRAPH_RE = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")

Span = tuple[int, int]


def title_id(doc_id: str, title: str) -> int:
    """Id of a document's title among the sentence vectors (the title is embedded once per document)."""
    return stable_id(doc_id, -1, -1, title)


def section_paths(doc: Document) -> list[tuple[int, str]]:
    """(offset, heading path) at each heading of the document, in order.

    A heading closes every open heading of its level or deeper: under "# A", "## B", "## C"
    the path at C is "A › C".
    """
    open_headings: list[tuple[int, str]] = []
    paths: list[tuple[int, str]] = []
    for block in doc.structure:
        if block.kind != "heading":
            continue
        level = block.level or 1
        open_headings = [(lv, text) for lv, text in open_headings if lv < level]
        open_headings.append((level, " ".join(doc.text[block.start : block.end].split())))
        paths.append((block.start, " › ".join(text for _, text in open_headings)))
    return paths


def section_at(paths: list[tuple[int, str]], offset: int) -> str:
    """The heading path in effect at ``offset`` ("" before the first heading)."""
    current = ""
    for start, path in paths:
        if start > offset:
            break
        current = path
    return current


def stable_id(doc_id: str, start: int, end: int, text: str) -> int:
    """Same document, same span, same text: same id, across runs and machines."""
    digest = hashlib.blake2b(f"{doc_id}\x00{start}\x00{end}\x00{text}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & ((1 << 63) - 1)


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


_SENTENCE_END = tuple(".!?…:;。！？」』”\"»")
#: Lines up to this long that end without punctuation continue into the next line: an address
#: block or a letterhead is one statement ("Cabinet Marchetti" / "12 rue des Tanneurs, Lyon").
SHORT_LINE = 120
#: ... as long as the joined sentence stays this short (a long list of lines is not one sentence).
JOINED_LINES_MAX = 300


#: A short word and a dot before a number is an abbreviation of what the number is ("Tél. 01 23 45 67 89",
#: "No. 5", "p. 12"), not the end of a sentence.
_ABBREVIATION_BEFORE_NUMBER_RE = re.compile(r"(?:^|[\s(])[^\W\d_]{1,3}\.$")


def _join_short_lines(text: str, spans: list[Span], limit: int) -> list[Span]:
    """Join a short unpunctuated line with the line after it (lines are not sentences), a
    quotation with the dash line that attributes it, and an abbreviation with the number it
    introduces."""
    joined: list[Span] = []
    for start, end in spans:
        if joined:
            prev_start, prev_end = joined[-1]
            line = text[prev_start:prev_end]
            short_line = ("\n" in text[prev_end:start] and len(line.rsplit("\n", 1)[-1]) <= SHORT_LINE
                          and not line.endswith(_SENTENCE_END))
            number_label = text[start : start + 1].isdigit() and _ABBREVIATION_BEFORE_NUMBER_RE.search(line)
            attribution = ("\n" in text[prev_end:start] and text[start : start + 1] in "—–"
                           and line.rstrip().endswith(("»", "”", '"')))  # "« … »" / "— Yvonne Kerhervé, …"
            if (short_line or number_label or attribution) and end - prev_start <= min(JOINED_LINES_MAX, limit):
                joined[-1] = (prev_start, end)
                continue
        joined.append((start, end))
    return joined


def sentence_spans(text: str, lang: str, limit: int) -> list[list[Span]]:
    """Sentences as absolute spans, grouped by paragraph (block); none longer than ``limit``.

    Blocks are separated by blank lines (:mod:`rag.ingest.documents` joins them that way); within a
    block, :func:`rag.ingest.sentences.split_sentences` finds the sentences for the language.
    """
    paragraphs: list[list[Span]] = []
    for para in _PARAGRAPH_RE.finditer(text):
        spans: list[Span] = []
        found = [(para.start() + a, para.start() + b) for a, b in split_sentences(para.group(), lang)]
        for start, end in _join_short_lines(text, found, limit):
            spans.extend(_hard_split(text, start, end, limit))
        if spans:
            paragraphs.append(spans)
    return paragraphs


def chunk_document(doc: Document, chunk_size: int, overlap_sentences: int) -> list[Chunk]:
    """Pack sentences into chunks of at most ``chunk_size`` characters, with sentence overlap."""
    chunks: list[Chunk] = []
    current: list[Span] = []
    fresh = 0  # sentences in `current` not already emitted in a previous chunk
    sections = section_paths(doc)

    def emit() -> None:
        nonlocal current, fresh
        if fresh:
            start, end = current[0][0], current[-1][1]
            text = doc.text[start:end]
            sentence_ids = tuple(stable_id(doc.doc_id, s, e, doc.text[s:e]) for s, e in current)
            chunk_id = stable_id(doc.doc_id, start, end, text)
            section = section_at(sections, current[len(current) - fresh][0])
            chunks.append(Chunk(chunk_id, doc.doc_id, start, end, text, tuple(current), sentence_ids, section))
        current = current[len(current) - overlap_sentences :] if overlap_sentences else []
        fresh = 0

    heading_starts = {start for start, _ in sections}
    for paragraph in sentence_spans(doc.text, doc.lang, chunk_size):
        heading = paragraph[0][0] in heading_starts
        if current and fresh and (current[-1][1] - current[0][0] >= chunk_size // 2 or heading):
            emit()  # a paragraph break is a good boundary once the chunk has some substance; a heading always is
        if heading:
            current = []  # no overlap across a heading: the last sentence of "Horaires" is not under "Adresse"
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


def represented(chunk: Chunk, title: str = "") -> str:
    """The text that stands for a chunk in the dense and keyword indexes. A chunk under a heading
    is read with the document's ``title`` and, when it does not itself hold its heading, the
    heading path: "Du lundi au vendredi, 9 h - 18 h." under "Horaires" answers "Quels sont les
    horaires du Musée de la Lumière ?" only with both, now that a section's chunk holds nothing
    of the page's opening (no overlap across a heading)."""
    if not chunk.section:
        return chunk.text
    heading = chunk.section.rsplit(" › ", 1)[-1]
    parts = ([title] if title else []) + ([chunk.section] if heading not in chunk.text else [])
    return "\n".join([*parts, chunk.text])


def keyword_tokens(chunk: Chunk, lang: str, title: str = "") -> list[str]:
    """The chunk's BM25 terms, as every store indexes them (:func:`rag.text.tokenize` of
    :func:`represented` in the document's language ``lang``)."""
    return tokenize(represented(chunk, title), lang)
