"""The real app in a subprocess and Debian's headless Chromium (never a downloaded browser), for the
browser tests. A Gradio page never goes network-idle: tests wait for elements instead."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("RAG_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_app(work: Path, **settings: str) -> Iterator[dict]:
    """`python app.py` on a copy of corpus/ in ``work`` (``settings``: more RAG_* variables), until the
    generator is closed; yields the URL and the corpus folder."""
    require_chromium()
    shutil.copytree(ROOT / "corpus", work / "corpus")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")} | {
        "RAG_CORPUS_DIR": str(work / "corpus"), "RAG_INDEX_DIR": str(work / "index"), "RAG_PORT": str(port),
    } | settings
    log = (work / "app.log").open("w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail((work / "app.log").read_text())
                time.sleep(0.5)
        yield {"url": url, "corpus": work / "corpus"}
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def ask(page, question: str, timeout_ms: int) -> None:  # noqa: ANN001 - playwright Page
    """Type a question, click Ask and wait until a new answer (citation cards or an abstention) shows."""
    before = page.locator(".citation-card, .abstained").count()
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()
    page.wait_for_function(
        f"document.querySelectorAll('.citation-card, .abstained').length > {before}", timeout=timeout_ms
    )
