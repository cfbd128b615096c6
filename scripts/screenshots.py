"""Screenshots of the web chat for the README: docs/chat-desktop.png (1280x800) and docs/chat-phone.png
(390x844), each answering "How many chips are in an UltraServer?".

    python scripts/screenshots.py              # starts app.py on a copy of corpus/ in a temporary folder
    python scripts/screenshots.py --url http://127.0.0.1:7860/   # or uses a running app

Uses Debian's Chromium (/usr/bin/chromium, `apt-get install chromium`) through Playwright, as the
browser tests do; loopback only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
QUESTION = "How many chips are in an UltraServer?"
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def start_app(work: Path) -> tuple[subprocess.Popen, str]:
    shutil.copytree(ROOT / "corpus", work / "corpus")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")} | {
        "RAG_CORPUS_DIR": str(work / "corpus"), "RAG_INDEX_DIR": str(work / "index"), "RAG_PORT": str(port),
    }
    log = (work / "app.log").open("w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(240):
        try:
            urllib.request.urlopen(url, timeout=1)
            return proc, url
        except OSError:
            if proc.poll() is not None:
                sys.exit((work / "app.log").read_text())
            time.sleep(0.5)
    proc.terminate()
    sys.exit(f"the app did not answer on {url}")


def shoot(url: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True)
        for name, viewport in SIZES.items():
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            page.goto(url)
            page.locator("#question textarea").wait_for(timeout=60_000)
            page.locator("#question textarea").fill(QUESTION)
            page.locator("#ask").click()
            page.locator(".citation-card").first.wait_for(timeout=120_000)
            page.evaluate("document.fonts.ready")
            page.wait_for_timeout(500)  # the question placed at the top of the conversation
            path = out / f"chat-{name}.png"
            page.screenshot(path=str(path))
            print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {viewport['width']}x{viewport['height']}")
            context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running app (default: start one on a copy of corpus/)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNG files")
    args = parser.parse_args()
    if args.url:
        shoot(args.url, args.out)
        return
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_app(Path(tmp))
        try:
            shoot(url, args.out)
        finally:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    main()
