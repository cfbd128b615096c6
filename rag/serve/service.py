"""The service layer: what the web chat, the CLI and a coming HTTP API do, without any UI.

A :class:`ChatService` owns the opened pipeline: it answers (a follow-up is read against the
conversation so far), lists, adds and removes documents, and rebuilds the index. A rebuild happens
beside the chat; the new pipeline is swapped in atomically when it is published, and an index that
another process (`rag index`) published is picked up on the next call, so answers never stop and
never see half an index. Adapters (``rag.serve.webapp``, ``rag.serve.cli``) only translate: this
module imports no UI framework.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rag.answer.extractive import Answer
from rag.answer.pipeline import Rag
from rag.errors import (
    CorpusError,
    IndexBusyError,
    IndexMissingError,
    RagError,
    UnknownDocumentError,
    index_folder_is_a_file,
)
from rag.index.embeddings import make_embedder
from rag.index.indexer import IndexReport, build_index, require_index_outside_corpus
from rag.index.opening import index_location
from rag.ingest.documents import require_corpus_dir
from rag.ingest.uploads import save_upload
from rag.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentInfo:
    """One indexed document as the Documents panel and `rag documents list` show it."""

    doc_id: str  # its file name (path) in the corpus folder
    title: str
    date: str | None  # YYYY-MM-DD, or None when neither the file nor its name gives one
    lang: str
    chunks: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _notify_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def open_or_build(settings: Settings, notify: Callable[[str], None] = _notify_stderr) -> Rag:
    """The pipeline on the published index; when the index folder has none yet, build it first.

    The same path as :meth:`ChatService.start`: one embedder for the build and the pipeline, progress
    bars on stderr. An index that exists but is stale, damaged or built with other settings is not
    touched here: the errors say to run `rag index`.
    """
    try:
        return Rag.open(settings)
    except IndexMissingError as exc:
        if settings.store == "postgres" and settings.database_read_url is not None:
            raise IndexMissingError(f"{exc}: that is the read replica (RAG_DATABASE_READ_URL); `rag index` writes to "
                                    "RAG_DATABASE_URL, of which it must be a replica") from None
    if settings.store == "local" and settings.index_dir.is_file():  # said before "building it", not after
        raise index_folder_is_a_file(settings.index_dir)
    try:
        require_corpus_dir(settings.corpus_dir)
        require_index_outside_corpus(settings)
        notify(f"No index in {index_location(settings)} yet: building it from {settings.corpus_dir}/ (first use).")
        embedder = make_embedder(settings)
        build_index(settings, embedder=embedder, progress=True)
    except CorpusError as exc:
        raise CorpusError(f"no index in {index_location(settings)} and none can be built: {exc}") from None
    return Rag.open(settings, embedder)


class ChatService:
    """The pipeline the adapters talk to; thread-safe, with index rebuilds beside live chat."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._rag: Rag | None = None
        self._swap = threading.Lock()
        self._rebuild = threading.Lock()

    def start(self) -> None:
        """Open the index, building it first when it is missing, stale or built with other settings (the web app)."""
        embedder = make_embedder(self.settings)  # one model for the build and the pipeline
        try:  # a no-op when the index is up to date; planning it twice would hash the corpus twice
            report = build_index(self.settings, embedder=embedder, progress=True)
            if report.published:
                log.info("index updated: %d added, %d updated, %d removed", len(report.added), len(report.updated),
                         len(report.removed))
        except IndexBusyError as exc:
            log.warning("%s; starting on the published index", exc)
        self._rag = Rag.open(self.settings, embedder)

    def open(self, notify: Callable[[str], None] = _notify_stderr) -> None:
        """Open the published index as it is, building it first only when there is none yet (the CLI)."""
        self._rag = open_or_build(self.settings, notify)

    @property
    def rag(self) -> Rag:
        """The pipeline on the newest published index (another process's `rag index` included)."""
        with self._swap:
            if self._rag is None:
                raise RagError("the index is not ready yet")
            self._rag = self._rag.refreshed()
            return self._rag

    def reindex(self) -> IndexReport:
        """Rebuild from the corpus folder and swap the new pipeline in; one rebuild at a time."""
        with self._rebuild:
            report = build_index(self.settings, embedder=self.rag.embedder, progress=True)
            with self._swap:  # requests in flight keep the store they started with
                self._rag = self._rag.refreshed() if self._rag else None
            return report

    def ask(
        self,
        question: str,
        history: Iterable[Any] | None = None,
        k: int | None = None,
        on_token: Callable[[str], None] | None = None,
        llm: bool = True,
    ) -> Answer:
        """Answer (generated text streamed to ``on_token``); ``history``: the conversation so far (earlier
        questions, or chat messages as Gradio gives them), against which :meth:`Rag.ask` reads a follow-up."""
        return self.rag.ask(question, k, on_token, llm, history=history)

    def documents(self) -> list[DocumentInfo]:
        """The indexed documents, in the index's order."""
        return [
            DocumentInfo(doc_id=d.doc_id, title=d.title, date=d.date or None, lang=d.lang, chunks=d.chunks)
            for d in self.rag.store.documents
        ]

    def counts(self) -> tuple[int, int]:
        """Documents and chunks in the index."""
        docs = self.documents()
        return len(docs), sum(d.chunks for d in docs)

    def add(self, paths: list[str]) -> list[str]:
        """Check and save uploaded files in the corpus folder (under names chosen here), then reindex;
        returns the names they were saved under."""
        saved = []
        for path in paths:
            data = Path(path).read_bytes()
            saved.append(save_upload(self.settings.corpus_dir, Path(path).name, data, self.settings.max_file_mb).name)
        self.reindex()
        return saved

    def remove(self, doc_id: str) -> IndexReport:
        """Delete an indexed document's file from the corpus folder, then reindex."""
        if doc_id not in {d.doc_id for d in self.documents()}:
            raise UnknownDocumentError(f"no document named {doc_id!r} in the index")
        (self.settings.corpus_dir / doc_id).unlink(missing_ok=True)
        try:
            return self.reindex()
        except IndexBusyError as exc:  # the file is gone: say so, not "try again" (a retry finds no such document)
            raise IndexBusyError(f"{doc_id} was deleted from {self.settings.corpus_dir}/, but {exc}; then run "
                                 "`rag index` to drop it from the index") from None
