"""Web chat over the indexed articles: `python app.py`, then open the URL it logs.

A first version: a chat whose answers list their citations. It binds 127.0.0.1 only, never
opens a share link, has flagging and analytics off, and escapes all document text.
"""

from __future__ import annotations

import html
import logging
from functools import partial

import gradio as gr

from rag import Rag, Settings, build_index
from rag.answer import Answer
from rag.cli import configure_logging
from rag.errors import IndexMismatchError, IndexMissingError, RagError

log = logging.getLogger("rag.app")
#: Text content only (never attributes), so quotes need no escaping; <, > and & always do.
escape = partial(html.escape, quote=False)


def render(answer: Answer) -> str:
    """Answer plus its evidence as HTML-escaped Markdown: document text never becomes markup."""
    parts = [escape(answer.answer)]
    for c in answer.citations:
        parts.append(
            f"**[{c.n}]** {escape(c.title)} ({escape(c.date or 'undated')}), `{escape(c.source)}` "
            f"characters {c.start}-{c.end}\n> {escape(c.sentence)}"
        )
    if answer.abstained:
        parts.append("Closest passages:")
        parts += [f"- `{escape(p.chunk.doc_id)}`: {escape(p.chunk.text[:240])}…" for p in answer.passages]
    return "\n\n".join(parts)


def open_or_build(settings: Settings) -> Rag:
    try:
        return Rag.open(settings)
    except (IndexMissingError, IndexMismatchError) as exc:
        log.warning("%s; building the index now", exc)
        build_index(settings, progress=True)
        return Rag.open(settings)


def make_app(rag: Rag) -> gr.ChatInterface:
    def respond(message: str, history: list) -> str:
        try:
            return render(rag.ask(message))
        except RagError as exc:
            return escape(f"Error: {exc}")

    return gr.ChatInterface(
        respond,
        title="Ask the articles",
        description="Answers quote the articles, with numbered citations. Offline.",
        examples=["How many chips are in an UltraServer?", "En quelle année le premier Trainium est-il arrivé ?"],
        flagging_mode="never",
        analytics_enabled=False,
        concurrency_limit=2,
    )


def main() -> None:
    configure_logging(verbose=True)
    settings = Settings.load()
    rag = open_or_build(settings)
    log.info("serving on http://127.0.0.1:%d", settings.port)
    make_app(rag).queue(max_size=64).launch(server_name="127.0.0.1", server_port=settings.port, share=False)


if __name__ == "__main__":
    main()
