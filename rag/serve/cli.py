"""The `rag` command: index the articles, ask questions, evaluate. Nouns first, like `llm`.

Usage mistakes are reported by the CLI framework itself (usage line, hint, error; exit 2), whatever
copy of click it ships; domain errors become one line on stderr and a non-zero exit (see
:data:`EXIT_CODES`); tracebacks are for bugs only.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from rag.errors import RagError
from rag.serve.cli_documents import documents_app
from rag.serve.cli_options import TYPER_SETTINGS, CorpusOpt, DatabaseUrlOpt, IndexOpt, StoreOpt, out
from rag.settings import Settings

#: The one exit-code convention of every command (also in the README and `rag --help`).
EXIT_CODES = """\b
Exit codes:
  0    done
  1    the work could not be done: no corpus or nothing to index; an index
       missing, damaged, built with other settings or being updated; its
       database unreachable; an empty question; an unreadable file; an
       unknown document name
  2    usage error: unknown command or option, a missing or bad value
       (-k abc, -k 0), an invalid RAG_* setting, an index folder inside the
       articles folder; bare `rag` (prints this help)
  130  interrupted (Ctrl-C)"""

app = typer.Typer(
    help="Ask questions about your articles, in any language, with citations you can check. Runs offline.",
    epilog=EXIT_CODES,
    **TYPER_SETTINGS,
)
ProviderOpt = Annotated[str | None, typer.Option("--llm-provider", help="none, openai, ollama or llamacpp [default: none or RAG_LLM_PROVIDER].")]
ModelOpt = Annotated[str | None, typer.Option("--llm-model", help="LLM model name, or GGUF path for llamacpp [default: none or RAG_LLM_MODEL].")]
BaseUrlOpt = Annotated[str | None, typer.Option("--llm-base-url", help="LLM server URL [default: the provider's own or RAG_LLM_BASE_URL].")]
TimeoutOpt = Annotated[float | None, typer.Option("--llm-timeout", help="Seconds before falling back to quoting [default: 60 or RAG_LLM_TIMEOUT].")]


@app.callback(invoke_without_command=True)
def _configure(
    ctx: typer.Context,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show progress details and warnings.")] = False,
) -> None:
    configure_logging(verbose)
    if ctx.invoked_subcommand is None:  # bare `rag`: the help on stdout, a usage error all the same
        typer.echo(ctx.get_help())
        typer.echo("\nError: Missing command.", err=True)
        raise typer.Exit(2)


def configure_logging(verbose: bool = False) -> None:
    """Only entry points configure logging."""
    level = logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(level)  # a second call (`rag serve` after the group's) changes the level too
    for chatty in ("httpx", "httpcore"):  # one INFO line per HTTP request (Gradio polls itself at start-up)
        logging.getLogger(chatty).setLevel(logging.WARNING)


@app.command("index", short_help="Update the index: only new, changed and deleted files cost work.")
def index_cmd(
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    store: StoreOpt = None,
    database_url: DatabaseUrlOpt = None,
    full: Annotated[bool, typer.Option("--full", help="Rebuild everything from scratch.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print what would change, change nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    explain: Annotated[Path | None, typer.Option("--explain", help="Show FILE's cleaned text and what was removed, and why; index nothing.", metavar="FILE")] = None,
) -> None:
    """Bring the index up to date with the articles folder: only new, changed and deleted files cost work."""
    from rag.index.indexer import build_index
    from rag.index.plan import plan_index

    if explain is not None:
        _explain(explain, as_json)
        return
    settings = Settings.load(corpus_dir=corpus, index_dir=index, store=store, database_url=database_url)
    if dry_run:
        plan = plan_index(settings, full=full)
        _print_index_result(plan, settings, as_json, dry_run=True)
        return
    _print_index_result(build_index(settings, progress=not as_json, full=full), settings, as_json)


def _explain(path: Path, as_json: bool) -> None:
    """`rag index --explain FILE`: the document as the index will see it, block by block, and every removal."""
    from dataclasses import asdict

    from rag.errors import DocumentError
    from rag.ingest.documents import parse_document

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    doc = parse_document(path.name, raw)
    removed = doc.removed
    blocks = [{"kind": b.kind, "level": b.level, "start": b.start, "end": b.end, "text": doc.text[b.start : b.end]}
              for b in doc.structure]
    if as_json:
        body = {"file": str(path), "title": doc.title, "date": doc.date, "language": doc.lang, "text": doc.text,
                "blocks": blocks, "removed": [asdict(r) for r in removed]}
        print(json.dumps(body, ensure_ascii=False, indent=2))
        return
    out.print(f"{path}: title {doc.title!r}, date {doc.date or 'none'}, language {doc.lang}, "
              f"{len(doc.text)} characters in {len(blocks)} blocks")
    out.print("\nKept:", style="bold")
    for b in doc.structure:
        kind = f"{b.kind} {b.level}" if b.kind == "heading" else b.kind
        out.print(f"  [{kind}] " + doc.text[b.start : b.end].replace("\n", "\n  " + " " * (len(kind) + 3)),
                  markup=False)
    out.print(f"\nRemoved ({len(removed)}):" if removed else "\nRemoved: nothing", style="bold")
    for r in removed:
        text = " ".join(r.text.split())
        out.print(f"  {r.rule}: {text[:300]}" + ("…" if len(text) > 300 else ""), markup=False)


def _print_index_result(result, settings: Settings, as_json: bool, dry_run: bool = False) -> None:  # noqa: ANN001
    """One summary line, then a line per file that changed or was skipped (with the reason)."""
    names = lambda items: [getattr(i, "doc_id", i) for i in items]  # noqa: E731 - plan holds files, report names
    lists = {key: names(getattr(result, key)) for key in ("added", "updated", "removed", "unchanged")}
    skipped = [{"file": s.doc_id, "reason": s.reason} for s in result.skipped]
    if as_json:
        print(json.dumps(result.to_dict() | {"dry_run": dry_run}, ensure_ascii=False, indent=2))
        return
    counts = ", ".join(f"{len(v)} {k}" for k, v in lists.items()) + f", {len(skipped)} skipped"
    from rag.index.opening import index_location

    where = f"{settings.corpus_dir}/ -> {index_location(settings)}"
    if result.full:
        out.print(f"Full rebuild ({result.reason}).")
    if dry_run:
        out.print(f"Dry run, nothing written ({where}): would do {counts}.")
    elif not result.published:
        out.print(f"Index is up to date ({where}): {counts}; checked in {result.seconds:.1f} s.")
    else:
        out.print(f"Index updated ({where}) in {result.seconds:.1f} s: {counts}. "
                  f"Now {result.documents} document(s), {result.chunks} chunk(s); {result.embedded} text(s) embedded.")
    removals = getattr(result, "removals", {})
    for mark, key in (("+", "added"), ("~", "updated"), ("-", "removed")):
        for name in lists[key]:
            note = f" (left out: {removals[name]}; see rag index --explain)" if name in removals else ""
            out.print(f"  {mark} {key} {name}{note}", markup=False)
    for skip in skipped:
        out.print(f"  ! skipped {skip['file']}: {skip['reason']}")


def _print_answer(answer, streamed: _stream_to_stdout | None = None) -> None:  # noqa: ANN001 - rag.answer.extractive.Answer
    from rag.answer.phrases import phrase

    if streamed is not None and streamed.printed:
        print()
        if answer.mode != "llm":  # the LLM stopped or was overruled: the checked answer follows
            out.print("\n[LLM answer withdrawn]")
    if not (streamed is not None and streamed.printed and answer.mode == "llm"):
        out.print(answer.answer)
    if answer.note:
        out.print(f"\nNote: {answer.note}")
    for sentence in answer.unsupported:
        out.print(f"Not supported by its citations: {sentence}")
    if answer.citations:
        out.print()
        for c in answer.citations:
            where = f"characters {c.start}-{c.end}" if c.end > c.start else "the article's date"  # rag.answer.dated
            out.print(f"[{c.n}] {c.title} ({c.date or 'undated'}) - {c.source}, {where}")
    if answer.abstained and answer.passages:
        out.print("\n" + phrase("closest", answer.lang))
        for i, p in enumerate(answer.passages, 1):
            snippet = " ".join(p.chunk.text.split())[:160]
            out.print(f"  {i}. {p.chunk.doc_id}: {snippet}…")


@app.command("ask", short_help="Answer a question from the articles, with citations.")
def ask_cmd(
    ctx: typer.Context,
    question: Annotated[str | None, typer.Argument(metavar="QUESTION", help="Your question. With --json and none, reads one per line from stdin.")] = None,
    index: IndexOpt = None,
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Articles folder, indexed on first use when the index folder has no index yet [default: corpus/ or RAG_CORPUS_DIR].")] = None,
    k: Annotated[int | None, typer.Option("-k", min=1, max=50, help="Passages to retrieve and show [default: 5 or RAG_TOP_K].")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object (one per line in batch mode).")] = False,
    conversation: Annotated[bool, typer.Option("--conversation", help="Batch mode: the lines are one conversation, each read after the lines before it (follow-ups).")] = False,
    store: StoreOpt = None,
    database_url: DatabaseUrlOpt = None,
    llm_provider: ProviderOpt = None,
    llm_model: ModelOpt = None,
    llm_base_url: BaseUrlOpt = None,
    llm_timeout: TimeoutOpt = None,
) -> None:
    """Answer a question from the indexed articles, citing the supporting sentences.

    With an LLM configured the answer is generated (streamed here), its citations checked. When the index
    folder holds no index yet, it is built from the articles folder first (with progress), as `rag serve` does.

    Batch mode (--json, no QUESTION): every line of stdin gives exactly one line of output, so the two can be
    zipped; a blank line, or a question that cannot be answered, gives {"question", "error", "line"}.
    """
    settings = Settings.load(corpus_dir=corpus, index_dir=index, top_k=k, llm_provider=llm_provider,
                             llm_model=llm_model, llm_base_url=llm_base_url, llm_timeout=llm_timeout, store=store,
                             database_url=database_url)
    if conversation and (question is not None or not as_json):  # it would be ignored without a word
        ctx.fail("--conversation reads one conversation from stdin, a question per line: use it with --json and no QUESTION.")
    if question is None and not as_json:
        ctx.fail("Missing argument 'QUESTION' (or use --json to read questions from stdin).")
    if question is not None and not question.strip():  # said before a first-use build, not after it
        raise RagError("the question is empty; ask something about the articles")
    from rag.serve.service import open_or_build

    rag = open_or_build(settings)
    if settings.llm_provider != "none":
        rag.chat_model  # noqa: B018 - a bad LLM setting is reported before any work
    if question is not None:
        if as_json:
            print(json.dumps(rag.ask(question).to_dict(), ensure_ascii=False))
        else:
            sink = _stream_to_stdout()
            _print_answer(rag.ask(question, on_token=sink), sink)
        return
    history: list[str] = []
    for number, line in enumerate(sys.stdin, 1):
        text = line.strip()
        if not text:
            body = {"question": "", "error": "empty question", "line": number}
        else:
            rag = rag.refreshed()
            try:
                body = rag.ask(text, history=history).to_dict()
            except RagError as exc:  # this line's answer is an error; the batch goes on, aligned
                body = {"question": text, "error": str(exc), "line": number}
            if conversation:  # otherwise every line stands alone
                history.append(text)
        print(json.dumps(body, ensure_ascii=False), flush=True)


class _stream_to_stdout:  # noqa: N801 - used like a function
    """Token sink for plain mode: prints generated text as it arrives and remembers it did."""

    def __init__(self) -> None:
        self.printed = False

    def __call__(self, text: str) -> None:
        self.printed = True
        sys.stdout.write(text)
        sys.stdout.flush()


@app.command("eval", short_help="Measure retrieval, answers and abstention on a question set.")
def eval_cmd(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="QA file (.jsonl like shared/eval/qa_dev.jsonl) or SQuAD-format questions (.json).")],
    passages: Annotated[Path | None, typer.Option(help="SQuAD mode: file whose paragraphs are indexed [default: FILE].")] = None,
    limit: Annotated[int, typer.Option(help="SQuAD mode: questions sampled (seeded).")] = 300,
    seed: Annotated[int, typer.Option(help="SQuAD mode: sampling seed.")] = 0,
    index: IndexOpt = None,
    store: StoreOpt = None,
    database_url: DatabaseUrlOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Measure retrieval, answers and abstention on a question set (or passage retrieval on SQuAD data)."""
    from rag.benchmark import evaluation

    settings = Settings.load(index_dir=index, store=store, database_url=database_url)
    if file.suffix == ".jsonl":
        report = evaluation.evaluate_qa_file(settings, file)
    else:
        report = evaluation.evaluate_squad(settings, passages or file, file, limit=limit, seed=seed, progress=True)
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        out.print(evaluation.format_report(report))


def _sizes(text: str) -> list[int]:
    from rag.errors import SettingsError

    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        sizes = []
    if not sizes or min(sizes) < 100:
        raise SettingsError(f"--sizes {text!r}: give comma-separated chunk counts of at least 100, e.g. 1000,10000,100000")
    return sizes


@app.command("bench", short_help="Measure speed, memory and hit@5 at growing sizes vs LangChain.")
def bench_cmd(
    sizes: Annotated[str, typer.Option("--sizes", help="Corpus sizes in chunks, comma-separated.")] = "1000,10000,100000",
    datasets: Annotated[Path, typer.Option("--datasets", help="Folder with piaf/ and xquad/.")] = Path("../shared/datasets"),
    queries: Annotated[int, typer.Option("--queries", min=10, help="Questions per dataset (PIAF, XQuAD en->es).")] = 200,
    output: Annotated[Path, typer.Option("--output", help="Report to write (plus its .json and -latency.png).")] = Path("docs/benchmarks.md"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the measurements as JSON.")] = False,
    write: Annotated[bool, typer.Option("--write/--no-write", help="Write the report files.")] = True,
    corpus: CorpusOpt = None,
    from_json: Annotated[Path | None, typer.Option("--from-json", help="Only re-render the report from saved measurements.")] = None,
    store: StoreOpt = None,
    database_url: DatabaseUrlOpt = None,
    against: Annotated[Path | None, typer.Option(
        "--against", help="Another store's saved measurements (its .json) to show side by side.")] = None,
) -> None:
    """Measure build, update, latency, memory and hit@5 at growing sizes, against stock LangChain."""
    from rag.benchmark.report import load_results, write_report
    from rag.benchmark.run import run_benchmark

    if against is not None:
        load_results(against)  # a bad file fails now, not after an hour of measuring
    if from_json is not None:
        write_report(load_results(from_json), output, against)
        out.print(f"Wrote {output} from {from_json}")
        return
    chosen = _sizes(sizes)
    settings = Settings.load(corpus_dir=corpus, store=store, database_url=database_url)
    results = run_benchmark(settings, chosen, datasets, queries_per_set=queries, progress=not as_json)
    results["meta"]["command"] = "rag bench --sizes " + ",".join(map(str, chosen)) + (
        f" --queries {queries}" if queries != 200 else "") + (f" --store {settings.store}" if settings.store != "local" else "")
    if write:
        write_report(results, output, against)
    if as_json:
        print(json.dumps(results, indent=2))
    elif write:
        out.print(f"Wrote {output} (+ {output.with_suffix('.json').name}, {output.stem}-latency.png)")


@app.command("serve", short_help="Open the web chat on 127.0.0.1 (builds the index if needed).")
def serve_cmd(
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    port: Annotated[int | None, typer.Option(help="Port on 127.0.0.1 [default: 7860 or RAG_PORT].")] = None,
    store: StoreOpt = None,
    database_url: DatabaseUrlOpt = None,
    llm_provider: ProviderOpt = None,
    llm_model: ModelOpt = None,
    llm_base_url: BaseUrlOpt = None,
    llm_timeout: TimeoutOpt = None,
) -> None:
    """Open the web chat on 127.0.0.1 (builds the index first if it is missing or stale)."""
    from rag.serve.webapp import serve

    configure_logging(verbose=True)
    serve(Settings.load(corpus_dir=corpus, index_dir=index, port=port, llm_provider=llm_provider, llm_model=llm_model,
                        llm_base_url=llm_base_url, llm_timeout=llm_timeout, store=store, database_url=database_url))


app.add_typer(documents_app, name="documents", short_help="List or remove the indexed articles (as the web chat's panel).")


def main() -> None:
    """Entry point: the framework handles usage errors (exit 2); domain errors become one clean line.

    Standalone mode lets typer report its own click exceptions (typer >= 0.29 ships a private copy of
    click, so catching ``click.ClickException`` here would never match): usage line, hint and error on
    stderr, exit 2. Only errors of ours (:class:`RagError`) come back out of it.
    """
    began = time.perf_counter()
    try:
        app(prog_name="rag")
    except RagError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        raise SystemExit(exc.exit_code) from None
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        raise SystemExit(130) from None
    finally:
        logging.getLogger(__name__).debug("done in %.2f s", time.perf_counter() - began)
