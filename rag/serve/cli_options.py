"""What every `rag` command group shares: how typer is set up, the console, the common options."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console

#: Keyword arguments of every ``typer.Typer`` of the CLI.
TYPER_SETTINGS: dict[str, Any] = {
    "add_completion": False,
    "pretty_exceptions_enable": False,
    # Plain click help and errors: rich would read "[default: ...]" in help texts as markup and drop it,
    # print "<bool>" after plain flags, and box usage errors in a panel.
    "rich_markup_mode": None,
}
out = Console(highlight=False, soft_wrap=True)

IndexOpt = Annotated[Path | None, typer.Option("--index", help="Index folder [default: index/ or RAG_INDEX_DIR].")]
CorpusOpt = Annotated[Path | None, typer.Option("--corpus", help="Articles folder [default: corpus/ or RAG_CORPUS_DIR].")]
StoreOpt = Annotated[
    Literal["local", "postgres"] | None,
    typer.Option("--store", help="Where the index lives: local (files in --index) or postgres [default: local or RAG_STORE]."),
]
DatabaseUrlOpt = Annotated[
    str | None,
    typer.Option("--database-url", help="postgresql://user:password@host/db for --store postgres (given alone, it implies --store postgres) [default: RAG_DATABASE_URL].",
                 metavar="URL", show_default=False),
]
