"""Incremental indexing benchmark: full build vs adding / deleting one file, on PIAF paragraphs.

    .venv/bin/python scripts/bench_incremental.py [--docs 300] [--repeats 3]

Writes one paragraph per file into a temporary corpus, then times the real `rag index` command
(a subprocess, default multilingual encoder): a full build, adding one file, deleting it. Wall
time includes interpreter start-up and model loading; "in rag index" is the time `rag index`
reports for its own work. After adding, one of the new paragraph's PIAF questions must retrieve
it; after deleting, it must be gone. Prints medians and the speed-up ratios as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PIAF = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "piaf" / "piaf-v1.1.json"


def rag(*args: str, env: dict[str, str]) -> tuple[dict, float]:
    began = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "rag", *args, "--json"], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - began
    if proc.returncode != 0:
        raise SystemExit(f"rag {' '.join(args)} failed: {proc.stderr.strip()}")
    return json.loads(proc.stdout), wall


def retrieved(question: str, name: str, env: dict[str, str]) -> bool:
    answer, _ = rag("ask", question, env=env)
    return any(p["source"] == name for p in answer["passages"])


def _in_process(corpus: Path, index: Path, text: str, repeats: int) -> dict[str, float]:
    """The web app's path: one process, encoder and language identifier loaded once."""
    from rag import Settings, build_index, make_embedder

    settings = Settings.load(corpus_dir=corpus, index_dir=index)
    embedder = make_embedder(settings)
    build_index(settings, embedder=embedder, full=True)  # loads everything once
    full, add = [], []
    for _ in range(repeats):
        full.append(build_index(settings, embedder=embedder, full=True).seconds)
        (corpus / "new-paragraph.txt").write_text(text, encoding="utf-8")
        add.append(build_index(settings, embedder=embedder).seconds)
        (corpus / "new-paragraph.txt").unlink()
        build_index(settings, embedder=embedder)
    return {"full": statistics.median(full), "add": statistics.median(add)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--piaf", type=Path, default=PIAF)
    args = parser.parse_args()
    paragraphs = [p for a in json.loads(args.piaf.read_text(encoding="utf-8"))["data"] for p in a["paragraphs"]]
    extra = paragraphs[args.docs]
    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        corpus, index = Path(tmp) / "corpus", Path(tmp) / "index"
        corpus.mkdir()
        for i, para in enumerate(paragraphs[: args.docs]):
            (corpus / f"p{i:04d}.txt").write_text(para["context"], encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
        env |= {"RAG_CORPUS_DIR": str(corpus), "RAG_INDEX_DIR": str(index)}
        full, add, delete = [], [], []
        found, gone = [], []
        for _ in range(args.repeats):
            report, wall = rag("index", "--full", env=env)
            full.append((wall, report["seconds"]))
            new = corpus / "new-paragraph.txt"
            new.write_text(extra["context"], encoding="utf-8")
            report, wall = rag("index", env=env)
            assert report["added"] == [new.name], report
            add.append((wall, report["seconds"], report["embedded"]))
            found.append(retrieved(extra["qas"][0]["question"], new.name, env))
            new.unlink()
            report, wall = rag("index", env=env)
            assert report["removed"] == [new.name], report
            delete.append((wall, report["seconds"]))
            gone.append(not retrieved(extra["qas"][0]["question"], new.name, env))
        warm = _in_process(corpus, index, extra["context"], args.repeats)

    def med(rows: list[tuple], i: int) -> float:
        return statistics.median(r[i] for r in rows)

    print(f"Corpus: {args.docs} PIAF paragraphs, one file each; medians of {args.repeats} runs; 2-core machine.\n")
    print("| run | wall (s) | in `rag index` (s) | speed-up vs full, wall | speed-up, in `rag index` |")
    print("|---|---|---|---|---|")
    print(f"| full build | {med(full, 0):.2f} | {med(full, 1):.2f} | 1.0x | 1.0x |")
    for label, rows in (("add one file", add), ("delete it", delete)):
        print(f"| {label} | {med(rows, 0):.2f} | {med(rows, 1):.2f} | {med(full, 0) / med(rows, 0):.1f}x "
              f"| {med(full, 1) / med(rows, 1):.1f}x |")
    print(f"| full build, models already loaded (web app, library) | - | {warm['full']:.2f} | - | 1.0x |")
    print(f"| add one file, models already loaded | - | {warm['add']:.2f} | - | {warm['full'] / warm['add']:.1f}x |")
    print(f"\nTexts embedded when adding: {add[0][2]} (the new paragraph's chunk and sentences).")
    print(f"New file retrieved by its own PIAF question: {sum(found)}/{len(found)}; "
          f"gone after deletion: {sum(gone)}/{len(gone)}.")
    print(f"Question used: {extra['qas'][0]['question']!r}")


if __name__ == "__main__":
    main()
