"""The web chat (`python app.py`, `rag serve`): ask, check the evidence, manage the documents.

A :class:`ChatService` owns the opened pipeline. Rebuilding the index after an upload or a
removal happens beside it; the new pipeline is swapped in atomically when ready, so the chat
never stops and never sees half an index. The UI binds 127.0.0.1 only, with no share link,
no flagging, no analytics, and a bounded queue.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from rag.answer.extractive import Answer
from rag.answer.llm import describe
from rag.answer.pipeline import Rag
from rag.errors import IndexBusyError, RagError
from rag.index.embeddings import make_embedder
from rag.index.indexer import build_index
from rag.ingest.uploads import save_upload
from rag.serve.render import escape, render_answer
from rag.settings import Settings

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"


def page_assets() -> dict[str, Any]:
    """The page's look, for ``launch``: our CSS and scrolling script (rag/serve/static/), and the default
    theme with whole fonts. Gradio's SourceSansPro-SemiBold.woff2 is a Cyrillic subset whose only Latin
    letters are "A" and "B" (IBMPlexMono-SemiBold.woff2: "a" and "b"), so weight-600 text drew those
    from Source Sans and every other letter from a larger fallback font: "IA" read "Iᴀ". With weights
    400 and 700 declared, bold text takes the complete Bold files."""
    theme = gr.themes.Default(
        font=[gr.themes.LocalFont("Source Sans Pro", weights=(400, 700)), "ui-sans-serif", "system-ui", "sans-serif"],
        font_mono=[gr.themes.LocalFont("IBM Plex Mono", weights=(400, 700)), "ui-monospace", "Consolas", "monospace"],
    )
    css, page_css, js = ((STATIC / name).read_text(encoding="utf-8") for name in ("chat.css", "page.css", "chat.js"))
    return {"css": css, "head": f"<style>{page_css}</style>", "js": js, "theme": theme}


class ChatService:
    """The pipeline the UI talks to; thread-safe, with index rebuilds beside live chat."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._rag: Rag | None = None
        self._swap = threading.Lock()
        self._rebuild = threading.Lock()

    def start(self) -> None:
        """Open the index, building it first when it is missing, stale or built with other settings."""
        embedder = make_embedder(self.settings)  # one model for the build and the pipeline
        try:  # a no-op when the index is up to date; planning it twice would hash the corpus twice
            report = build_index(self.settings, embedder=embedder, progress=True)
            if report.published:
                log.info("index updated: %d added, %d updated, %d removed", len(report.added), len(report.updated),
                         len(report.removed))
        except IndexBusyError as exc:
            log.warning("%s; starting on the published index", exc)
        self._rag = Rag.open(self.settings, embedder)

    @property
    def rag(self) -> Rag:
        """The pipeline on the newest published index (another process's `rag index` included)."""
        with self._swap:
            if self._rag is None:
                raise RagError("the index is not ready yet")
            self._rag = self._rag.refreshed()
            return self._rag

    def reindex(self) -> None:
        """Rebuild from the corpus folder and swap the new pipeline in; one rebuild at a time."""
        with self._rebuild:
            build_index(self.settings, embedder=self.rag.embedder, progress=True)
            with self._swap:  # requests in flight keep the store they started with
                self._rag = self._rag.refreshed() if self._rag else None

    def ask(
        self,
        question: str,
        history: list[Any] | None = None,
        k: int | None = None,
        on_token: Callable[[str], None] | None = None,
        llm: bool = True,
    ) -> Answer:
        """Answer (generated text streamed to ``on_token``); ``history``: the chat so far, as Gradio
        gives it (or earlier questions), against which :meth:`Rag.ask` reads a follow-up."""
        return self.rag.ask(question, k, on_token, llm, history=history)

    def documents(self) -> list[list]:
        return [
            [d["doc_id"], d["title"], d["date"] or "", d["lang"], d["chunks"]] for d in self.rag.store.documents
        ]

    def add(self, paths: list[str]) -> list[str]:
        saved = []
        for path in paths:
            data = Path(path).read_bytes()
            saved.append(save_upload(self.settings.corpus_dir, Path(path).name, data, self.settings.max_file_mb).name)
        self.reindex()
        return saved

    def remove(self, doc_id: str) -> None:
        known = {d["doc_id"] for d in self.rag.store.documents}
        if doc_id not in known:
            raise RagError(f"no document named {doc_id!r} in the index")
        (self.settings.corpus_dir / doc_id).unlink(missing_ok=True)
        self.reindex()


def _mode_choice(settings: Settings) -> gr.Radio:
    if settings.llm_provider == "none":
        return gr.Radio(["extractive"], value="extractive", label="Answer mode", elem_id="mode",
                        info="Quotes the articles. Set RAG_LLM_PROVIDER (see the README) for generated answers.")
    return gr.Radio([("generated by " + describe(settings), "llm"), ("quotes only", "extractive")], value="llm",
                    label="Answer mode", elem_id="mode",
                    info="Generated answers are checked against the passages they cite; unsupported sentences are marked.")


def _responder(service: ChatService) -> Callable[..., Iterator[tuple[Any, Any]]]:
    """The chat's answer handler: the question bubble at once, then the answer as it streams."""
    turn_counter = iter(range(1, 1 << 62))

    def respond(message: str, history: list[dict], k: float, mode: str) -> Iterator[tuple[Any, Any]]:
        if not (message or "").strip():  # an empty Ask does nothing: no bubble, no error
            yield gr.skip(), gr.skip()
            return
        history = list(history or [])
        earlier = list(history)  # the conversation a follow-up is read against
        history.append({"role": "user", "content": message})
        yield "", history
        pieces: queue.Queue[str | None] = queue.Queue()
        result: dict[str, Answer | RagError] = {}

        def work() -> None:
            try:
                result["answer"] = service.ask(message, earlier, int(k), pieces.put, llm=mode == "llm")
            except RagError as exc:
                result["error"] = exc
            finally:
                pieces.put(None)

        threading.Thread(target=work, name="answer", daemon=True).start()
        streamed = ""
        while (piece := pieces.get()) is not None:  # the LLM's checked text, as it arrives
            streamed += piece
            yield "", history + [{"role": "assistant", "content": escape(streamed) + " …"}]
        answer = result.get("answer")
        if isinstance(answer, Answer):
            html = render_answer(answer, str(next(turn_counter)))
            if not streamed:
                words = answer.answer.split(" ")
                for n in range(4, len(words), 4):  # stream the quoted text, then show it with its evidence
                    yield "", history + [{"role": "assistant", "content": escape(" ".join(words[:n])) + " …"}]
        else:
            html = f"<p><b>Error:</b> {escape(str(result.get('error')))}</p>"
        yield "", history + [{"role": "assistant", "content": html}]

    return respond


def _document_actions(service: ChatService) -> tuple[Callable[..., tuple], ...]:
    """The documents tab's handlers: refresh the table, add uploaded files, remove a document."""

    def refresh() -> tuple[list[list], dict]:
        rows = service.documents()
        return rows, gr.update(choices=[r[0] for r in rows], value=None)

    def add(files: list[str] | None, progress: gr.Progress = gr.Progress(track_tqdm=True)) -> tuple:  # noqa: B008
        if not files:
            return (*refresh(), "Choose one or more files first.", None)
        try:
            saved = service.add([str(f) for f in files])
            message = "Added and indexed: " + ", ".join(f"`{escape(n)}`" for n in saved)
        except RagError as exc:
            message = f"Not added: {escape(str(exc))}"
        return (*refresh(), message, None)

    def remove(doc_id: str | None, progress: gr.Progress = gr.Progress(track_tqdm=True)) -> tuple:  # noqa: B008
        if not doc_id:
            return (*refresh(), "Choose a document to remove.")
        try:
            service.remove(doc_id)
            message = f"Removed `{escape(doc_id)}`."
        except RagError as exc:
            message = f"Not removed: {escape(str(exc))}"
        return (*refresh(), message)

    return refresh, add, remove


def build_ui(service: ChatService) -> gr.Blocks:
    """The page: a chat tab (answers with citation cards, answer options) and a documents tab."""
    respond = _responder(service)
    refresh, add, remove = _document_actions(service)
    with gr.Blocks(title="Ask the articles", analytics_enabled=False) as demo:
        gr.Markdown("## Ask the articles\nAnswers quote the articles with numbered citations; open a card to check the passage.",
                    elem_id="header")
        with gr.Tab("Chat"):
            # autoscroll off: rag/serve/static/chat.js keeps a new question at the top while its answer streams
            chatbot = gr.Chatbot(label="Conversation", show_label=False, height=560, elem_id="chat", sanitize_html=True,
                                 feedback_options=None, buttons=["copy", "copy_all"], autoscroll=False)
            with gr.Row(elem_id="ask-row"):
                box = gr.Textbox(placeholder="Ask about the articles, in any language…", show_label=False,
                                 scale=8, min_width=160, elem_id="question")
                ask = gr.Button("Ask", variant="primary", scale=1, min_width=72, elem_id="ask")
            with gr.Accordion("Answer options", open=False):  # not "Settings": Gradio's footer has that
                k = gr.Slider(1, 10, value=service.settings.top_k, step=1, label="Passages retrieved (k)", elem_id="k")
                mode = _mode_choice(service.settings)
            clear = gr.Button("New conversation", size="sm")
        with gr.Tab("Documents"):
            table = gr.Dataframe(headers=["file", "title", "date", "language", "chunks"], value=service.documents(),
                                 interactive=False, wrap=True, column_widths=["26%", "34%", "16%", "13%", "11%"],
                                 elem_id="documents")
            upload = gr.File(label="Add documents (.txt, .md, .html, .pdf)", file_count="multiple",
                             file_types=[".txt", ".md", ".html", ".htm", ".pdf"], elem_id="upload")
            status = gr.Markdown(elem_id="doc-status")
            with gr.Row():
                choice = gr.Dropdown(choices=[r[0] for r in service.documents()], label="Remove a document", elem_id="remove-choice")
                drop = gr.Button("Remove", variant="stop", elem_id="remove")
        for trigger, name in ((box.submit, "ask"), (ask.click, "ask_button")):
            trigger(respond, [box, chatbot, k, mode], [box, chatbot], concurrency_limit=4, concurrency_id="chat", api_name=name)
        clear.click(lambda: [], None, chatbot)
        upload.upload(add, [upload], [table, choice, status, upload], concurrency_limit=1, concurrency_id="index")
        drop.click(remove, [choice], [table, choice, status], concurrency_limit=1, concurrency_id="index")
        demo.load(refresh, None, [table, choice])
    return demo


def serve(settings: Settings) -> None:
    """Start the app on 127.0.0.1 (never a public link); blocks until interrupted."""
    service = ChatService(settings)
    service.start()
    counts = service.rag.store.manifest["counts"]
    log.info("index %s/: %d document(s), %d chunk(s)", settings.index_dir, counts["documents"], counts["chunks"])
    demo = build_ui(service)
    log.info("serving on http://127.0.0.1:%d", settings.port)
    demo.queue(max_size=64, default_concurrency_limit=2).launch(  # quiet: no share-link hint, the URL is logged above
        server_name="127.0.0.1", server_port=settings.port, share=False, show_error=False, quiet=True, **page_assets()
    )
