"""HTML for the web chat: an answer whose ``[n]`` markers link to citation cards under it.

Every piece of text that comes from a document or an answer is escaped here, so an article
containing ``<script>`` or a remote ``<img>`` is shown as text and never runs or loads; the
only markup is ours. Gradio's own sanitiser stays on as a second line of defence.
"""

from __future__ import annotations

import html

from rag.types import CITATION_MARKER, Answer, Citation, Passage


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def _linked(answer_text: str, turn: str) -> str:
    """Escape the answer, then turn its ``[n]`` markers into links to the matching cards."""
    return CITATION_MARKER.sub(
        lambda m: f'<a class="cite-marker" href="#cite-{turn}-{m.group(1)}">[{m.group(1)}]</a>', escape(answer_text)
    )


def _highlighted(passage: str, passage_start: int, start: int, end: int) -> str:
    """The passage with the supporting sentence marked; offsets are into the document text."""
    a, b = max(start - passage_start, 0), max(end - passage_start, 0)
    return f"{escape(passage[:a])}<mark>{escape(passage[a:b])}</mark>{escape(passage[b:])}"


def citation_card(c: Citation, turn: str) -> str:
    preview = c.sentence if len(c.sentence) <= 400 else c.sentence[:400] + "…"
    where = f"characters {c.start}–{c.end}" if c.end > c.start else "the article's date"  # rag.answer.dated
    return (
        f'<div class="citation-card" id="cite-{turn}-{c.n}">'
        f'<div class="citation-head"><b>[{c.n}] {escape(c.title)}</b> · {escape(c.date or "undated")} · '
        f'<code>{escape(c.source)}</code> · {where}</div>'
        f'<blockquote class="citation-sentence">{escape(preview)}</blockquote>'
        f"<details><summary>Full passage</summary><p>{_highlighted(c.text, c.passage_start, c.start, c.end)}</p></details>"
        "</div>"
    )


def _preview(text: str, limit: int = 300) -> str:
    """The passage's start on one line, for the stylesheet to cut with an ellipsis where the line ends
    (a fixed cut at 160 characters ended mid-word and could wrap onto a loose second line)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def passage_card(i: int, p: Passage) -> str:
    c = p.chunk
    return (
        '<div class="passage-card">'
        f'<div class="citation-head">{i}. <b>{escape(c.title)}</b> · {escape(c.date or "undated")} · <code>{escape(c.doc_id)}</code></div>'
        f'<details><summary class="preview">{escape(_preview(c.text))}</summary><p>{escape(c.text)}</p></details>'
        "</div>"
    )


def _answer_text(answer: Answer, turn: str) -> str:
    """The answer with its markers linked; sentences its citations do not support are marked."""
    if not answer.unsupported:
        return _linked(answer.answer, turn)
    return " ".join(
        f'<span class="unsupported" title="Not supported by the passages it cites">⚠ {_linked(claim.text, turn)}</span>'
        if not claim.supported else _linked(claim.text, turn)
        for claim in answer.claims
    )


def _lead_bold(rendered: str, answer: Answer) -> str:
    """The short answer ("144", "Mark Carroll") in bold where the answer text leads with it."""
    short = answer.short_answer
    if short is None:
        return rendered
    lead = escape(short.text)
    at = rendered.find(lead)
    if at < 0 or rendered[:at].strip() and not rendered[:at].rstrip().endswith(":"):
        return rendered
    return f"{rendered[:at]}<b class=\"short-answer\">{lead}</b>{rendered[at + len(lead):]}"


def render_answer(answer: Answer, turn: str) -> str:
    """The whole assistant message: answer text, then its evidence (or the closest passages)."""
    parts = []
    if answer.abstained:
        parts.append(f'<p class="abstained"><b>{escape(answer.answer)}</b></p>')
        parts += [passage_card(i, p) for i, p in enumerate(answer.passages, 1)]
    else:
        css = "answer tentative" if answer.band == "tentative" else "answer"
        parts.append(f'<p class="{css}">{_lead_bold(_answer_text(answer, turn), answer)}</p>')
        if answer.mode == "llm":
            parts.append('<p class="answer-mode">Generated answer; every citation was checked against its passage.</p>')
        parts += [citation_card(c, turn) for c in answer.citations]
    if answer.note:
        parts.append(f'<p class="answer-note">Note: {escape(answer.note)}</p>')
    return "\n".join(parts)
