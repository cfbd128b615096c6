"""`rag documents list` and `rag documents remove NAME`: the web chat's Documents panel on the command line.

Both go through the same :class:`rag.serve.service.ChatService` calls as the panel (``documents()``,
``remove()``), so the command line and the web chat list and remove alike. Imported by
:mod:`rag.serve.cli`, which registers the group and turns domain errors into one line and exit 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from rag.index.opening import index_location
from rag.serve.cli_options import TYPER_SETTINGS, CorpusOpt, IndexOpt, out
from rag.settings import Settings

documents_app = typer.Typer(
    help="List or remove the indexed articles, as the web chat's Documents panel does.",
    **TYPER_SETTINGS,
)


@documents_app.callback(invoke_without_command=True)
def _documents(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:  # bare `rag documents`: the help, and a usage error as for bare `rag`
        typer.echo(ctx.get_help())
        typer.echo("\nError: Missing command.", err=True)
        raise typer.Exit(2)


def _service(corpus: Path | None, index: Path | None):  # noqa: ANN202 - ChatService, imported late (slow)
    """The service on the published index (built first when the index folder has none yet, as `rag ask` does)."""
    from rag.serve.service import ChatService

    service = ChatService(Settings.load(corpus_dir=corpus, index_dir=index))
    service.open()
    return service


@documents_app.command("list", short_help="List the indexed articles (file, title, date, language, chunks).")
def list_cmd(
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON array of {doc_id, title, date, lang, chunks}.")] = False,
) -> None:
    """List the indexed articles: file, title, date, language and chunks, in the index's order."""
    service = _service(corpus, index)
    documents = service.documents()
    if as_json:
        print(json.dumps([d.to_dict() for d in documents], ensure_ascii=False, indent=2))
        return
    table = Table(box=None, pad_edge=False)
    table.add_column("file", no_wrap=True, min_width=max((len(d.doc_id) for d in documents), default=4))  # NAME in full
    table.add_column("title", overflow="fold")
    for header in ("date", "language"):
        table.add_column(header, no_wrap=True)
    table.add_column("chunks", justify="right")
    for d in documents:
        table.add_row(Text(d.doc_id), Text(d.title), Text(d.date or ""), Text(d.lang), Text(str(d.chunks)))
    out.print(table)
    out.print(f"{len(documents)} document(s), {sum(d.chunks for d in documents)} chunk(s) in {index_location(service.settings)}.",
              markup=False)


@documents_app.command("remove", short_help="Delete an article from the articles folder and update the index.")
def remove_cmd(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The article's file name, as `rag documents list` shows it.")],
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
) -> None:
    """Delete the article NAME from the articles folder and update the index, as the web chat's Remove does."""
    from rag.errors import UnknownDocumentError

    service = _service(corpus, index)
    try:
        report = service.remove(name)
    except UnknownDocumentError as exc:
        raise UnknownDocumentError(f"{exc}; `rag documents list` shows the names") from None
    out.print(f"Removed {name} from {service.settings.corpus_dir}/; index updated in {report.seconds:.1f} s: "
              f"now {report.documents} document(s), {report.chunks} chunk(s).", markup=False)
