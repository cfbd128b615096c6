"""The domain types every stage shares, in one module that imports nothing from :mod:`rag`.

A file becomes a :class:`Document` (clean text, its structure, what cleaning left out as
:class:`Removal`), or a :class:`Skipped` with the reason; a document is cut into :class:`Chunk`
passages whose sentence offsets point into its text; the index gives them back as
:class:`StoredChunk`, retrieval as scored :class:`Passage`; an answerer returns an :class:`Answer`
whose :class:`Claim` sentences cite numbered :class:`Citation` s (the exact supporting sentence in
its document). Offsets are character offsets into ``Document.text`` throughout.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

BANDS = ("answered", "tentative", "abstained")  # confidence bands of an answer (see Answer.band)

Span = tuple[int, int]

#: A citation marker in an answer's text: "[2]" cites passage 2 (numbers from 1).
CITATION_MARKER = re.compile(r"\[(\d{1,3})\]")


def without_markers(text: str) -> str:
    """The text as a reader sees it: ``[n]`` markers out, no space left before punctuation."""
    return re.sub(r"\s+([.,;:!?])", r"\1", " ".join(CITATION_MARKER.sub(" ", text).split()))


@dataclass(frozen=True)
class Removal:
    """Text that does not reach the index, and the named rule that left it out."""

    rule: str  # short, human-readable: "front matter", "cookie consent", "navigation", "line-end hyphen", ...
    text: str  # what was removed, verbatim (whitespace may be collapsed)


@dataclass(frozen=True)
class BlockSpan:
    """Where one structural block (heading, paragraph, list item, table row...) lies in the text."""

    kind: str
    start: int
    end: int
    level: int = 0  # heading level; 0 for other kinds


@dataclass(frozen=True)
class Document:
    """A cleaned document; chunk offsets point into :attr:`text`."""

    doc_id: str  # path relative to the corpus folder, POSIX style
    title: str
    date: str | None
    lang: str
    text: str
    content_hash: str  # sha256 of the file's bytes: what changed is what gets re-indexed
    structure: tuple[BlockSpan, ...] = ()  # the blocks of `text`, in order; sentences never cross one
    removed: tuple[Removal, ...] = field(default=(), compare=False, repr=False)  # what cleaning took out (not stored)
    titled: bool = True  # the title is the document's own, not its first line shortened (then it is no topic)

    @property
    def topic(self) -> str:
        """The title as the topic every sentence of the document shares; "" when the document has
        no title of its own and is titled by its first line (content, not a topic)."""
        return self.title if self.titled else ""

    @property
    def text_hash(self) -> str:
        """Hash of the text with whitespace runs collapsed: copies that differ only in line
        endings, trailing spaces or non-breaking spaces (already normalised) hash the same."""
        return hashlib.sha256(" ".join(self.text.split()).encode()).hexdigest()


@dataclass(frozen=True)
class Skipped:
    """A file that was not indexed, and why (shown in the `rag index` summary)."""

    doc_id: str
    reason: str
    content_hash: str | None = None  # same bytes next time: skipped again without parsing
    duplicate_of: str | None = None  # the indexed document whose cleaned text this file repeats


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
    section: str = ""  # headings the chunk lies under, outermost first, joined by " › "


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read back for answering, with what a citation needs of its document."""

    chunk_id: int
    doc_id: str
    start: int
    end: int
    text: str
    sentences: tuple[tuple[int, int], ...]
    sentence_ids: tuple[int, ...]
    title: str
    date: str | None
    lang: str
    section: str = ""  # the heading path the chunk lies under ("" when the document has no headings)
    titled: bool = True  # the title is the document's own (not its first line): the topic its sentences share

    @property
    def topic(self) -> str:
        """The document's own title ("" when it is titled by its first line); see :attr:`Document.topic`."""
        return self.title if self.titled else ""


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with the evidence of why it was retrieved."""

    chunk: StoredChunk
    score: float
    dense_score: float | None = None
    bm25_score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Where the passage comes from and its text: ``source, title, date, text, start, end, score``."""
        c = self.chunk
        return {"source": c.doc_id, "title": c.title, "date": c.date, "text": c.text, "start": c.start, "end": c.end,
                "score": self.score}


@dataclass(frozen=True)
class Citation:
    """One numbered citation: the passage, and the exact supporting sentence inside its document."""

    n: int
    source: str
    title: str
    date: str | None
    text: str  # the whole passage
    passage_start: int  # offset of the passage in the document text
    sentence: str
    start: int  # offsets of `sentence` in the document text
    end: int
    score: float


@dataclass(frozen=True)
class ShortAnswer:
    """The answer itself, exactly as the article writes it ("144", "Mark Carroll", "décembre"),
    inside citation ``n``; ``start``/``end`` are offsets in the document text. For a yes/no
    question it is "Yes"/"No" in the question's language, and ``start``/``end`` are the cited
    sentence's."""

    text: str
    n: int
    start: int
    end: int


@dataclass(frozen=True)
class Claim:
    """One sentence of an answer and what backs it: every answerer fills :attr:`Answer.claims`."""

    text: str  # as written in the answer, with its [n] markers
    cited: tuple[int, ...]  # the citation numbers it names
    supported: bool  # its cited passages support it (a generated claim is checked, a quote is its own support)
    sentence: str | None = None  # the supporting sentence of its first citation, when supported


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    passages: list[Passage]
    lang: str = "en"
    timings_ms: dict[str, float] = field(default_factory=dict)
    mode: str = "extractive"  # "llm" when a configured LLM wrote it
    note: str | None = None  # why the LLM's answer is not shown (unreachable, timed out, ungrounded)
    claims: list[Claim] = field(default_factory=list)  # the answer's sentences and what backs each
    short_answer: ShortAnswer | None = None
    confidence: float | None = None  # probability that the quoted answer is right (extractive answers)
    band: str = "answered"  # one of BANDS
    read_as: str | None = None  # what was retrieved and answered when it differs from the question: a follow-up
    # read with its topic ("When did Trainium 3 go on sale?"), a question respelled the index's way

    @property
    def unsupported(self) -> list[str]:
        """The claims their citations do not support, as a reader sees them (no markers)."""
        return [without_markers(c.text) for c in self.claims if not c.supported]

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "short_answer": vars(self.short_answer) if self.short_answer else None,
            "abstained": self.abstained,
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "band": self.band,
            "read_as": self.read_as,
            "mode": self.mode,
            "note": self.note,
            "unsupported": self.unsupported,
            "claims": [{"text": without_markers(c.text), "cited": list(c.cited), "supported": c.supported,
                        "sentence": c.sentence} for c in self.claims],
            "citations": [vars(c) for c in self.citations],
            "passages": [p.to_dict() | {"score": round(p.score, 6)} for p in self.passages],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }
