"""Hostile files in the corpus: each is indexed (cleaned) or skipped with a reason; the run never aborts.

The files are made by the test. `rag index` runs in a subprocess (hashing embedder, so the cost
is ours and not the model's) that reports its peak memory; the outcome of every file is printed.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from rag import Settings
from rag.index.store import IndexStore

pytestmark = pytest.mark.slow
GOOD = "Trainium 3 est la puce d'Amazon pour l'entraînement. Chaque UltraServer compte 144 puces.\n"
# VmHWM is the peak of this process's own memory; ru_maxrss would also count the parent's
# (Linux carries it over fork and exec), so a large pytest process would inflate it.
_RUN_WITH_PEAK_MEMORY = (
    "import atexit, re, sys\n"
    "def peak():\n"
    "    status = open('/proc/self/status').read()\n"
    "    print('PEAK_RSS_KB', re.search(r'VmHWM:\\s+(\\d+)', status).group(1), file=sys.stderr)\n"
    "atexit.register(peak)\n"
    "from rag.serve.cli import main\n"
    "sys.argv = ['rag', *sys.argv[1:]]\n"
    "main()\n"
)


def _pdf_without_text(path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # what a scan without OCR looks like to a text extractor
    with path.open("wb") as fh:
        writer.write(fh)


def _ten_megabyte_line(path: Path) -> None:
    words = "amazon trainium puce serveur réseau énergie calcul modèle données centre".split()
    rnd = random.Random(7)
    with path.open("w", encoding="utf-8") as fh:
        written = 0
        while written < 10 * 1024 * 1024:
            chunk = " ".join(rnd.choice(words) for _ in range(1000)) + " "
            fh.write(chunk)
            written += len(chunk.encode())


def _make_hostile_corpus(corpus: Path, outside: Path) -> dict[str, str]:
    """Write the files; return what each should become: 'indexed' or a fragment of the skip reason."""
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "whitespace.txt").write_text(" \n\t\n   \u3000\n", encoding="utf-8")
    (corpus / "random-bytes.txt").write_bytes(random.Random(1).randbytes(64 * 1024))
    (corpus / "latin1.txt").write_bytes("Élève à l'école : le café crème coûte trois euros à Noël.".encode("latin-1"))
    (corpus / "invalid-utf8.txt").write_bytes("Le réseau relie les puces ".encode() + b"\xff\xc3(" + " à très haut débit, dit Amazon.".encode())
    (corpus / "nul-bytes.txt").write_bytes(b"Les serveurs\x00 consomment moins\x00 d'energie que prevu.")
    _ten_megabyte_line(corpus / "one-line-10mb.txt")
    (corpus / "good_copy.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "data.xyz").write_text("unknown format", encoding="utf-8")
    (corpus / "page.html").write_text(
        "<html><head><title>Annapurna</title><script>document.write('INJECTED')</script>"
        "<style>p{color:red}</style></head><body onload=\"alert('ONLOAD')\"><article><h1>Annapurna</h1>"
        "<p>Annapurna Labs conçoit les puces Trainium à Austin, au Texas, depuis plusieurs années.</p>"
        "<p>Le laboratoire emploie des ingénieurs venus du monde entier pour ce travail.</p>"
        "<img src=\"https://tracker.example/pixel.gif?id=TRACKME\" width=\"1\" height=\"1\">"
        "<script>fetch('https://tracker.example/beacon')</script></article></body></html>",
        encoding="utf-8",
    )
    _pdf_without_text(corpus / "scan.pdf")
    (corpus / "invisible.txt").write_text(
        "Le\u200b Trai\u200dnium\u2060 3 \u202ecoûte\u202c cher\ufeff, selon \u2066Amazon\u2069.", encoding="utf-8")
    outside.write_text("secret outside the corpus", encoding="utf-8")
    (corpus / "escape.txt").symlink_to(outside)
    os.mkfifo(corpus / "pipe.txt")  # reading it would block forever
    (corpus / "utf16.txt").write_text("Le Trainium 2 a été annoncé en 2023.", encoding="utf-16")
    (corpus / "bad-front-matter.md").write_text("---\ntitle: [unclosed\n---\nLe texte reste lisible malgré tout.", encoding="utf-8")
    with (corpus / "huge.txt").open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)  # sparse: over the 20 MB limit without writing 21 MB
    return {
        "good.txt": "indexed", "empty.txt": "empty file", "whitespace.txt": "no text left",
        "random-bytes.txt": "binary", "latin1.txt": "indexed", "invalid-utf8.txt": "indexed",
        "nul-bytes.txt": "indexed", "one-line-10mb.txt": "indexed", "good_copy.txt": "same content as good.txt",
        "data.xyz": "unsupported file type .xyz", "page.html": "indexed", "scan.pdf": "no text layer",
        "invisible.txt": "indexed", "escape.txt": "symlink pointing outside", "pipe.txt": "not a regular file",
        "utf16.txt": "indexed", "bad-front-matter.md": "indexed", "huge.txt": "larger than 20 MB",
    }


def test_hostile_files_are_cleaned_or_skipped_and_never_abort_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    expected = _make_hostile_corpus(corpus, tmp_path / "outside-secret.txt")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")} | {"RAG_EMBEDDER": "hashing"}
    proc = subprocess.run(
        [sys.executable, "-c", _RUN_WITH_PEAK_MEMORY, "index", "--json", "--corpus", str(corpus), "--index", str(index_dir)],
        env=env, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    peak_mb = int(proc.stderr.rsplit("PEAK_RSS_KB", 1)[1].split()[0]) / 1024
    outcome = {name: "indexed" for name in report["added"]} | {s["file"]: f"skipped: {s['reason']}" for s in report["skipped"]}
    with capsys.disabled():
        print(f"\n[hostile files] rag index exit {proc.returncode}, peak memory {peak_mb:.0f} MB, {report['chunks']} chunks")
        for name in sorted(expected):
            print(f"  {name:22} {outcome.get(name, 'MISSING')}")
    for name, want in expected.items():
        assert name in outcome, f"{name} was neither indexed nor reported as skipped"
        assert want in outcome[name], f"{name}: expected {want!r}, got {outcome[name]!r}"
    assert peak_mb < 1500, f"peak memory {peak_mb:.0f} MB for a 10 MB file"

    settings = Settings.load(corpus_dir=corpus, index_dir=index_dir, embedder="hashing")
    store = IndexStore.open(settings)
    try:
        texts = {d.doc_id: store.document_text(d.doc_id) for d in store.documents}
    finally:
        store.close()
    assert "élève" in texts["latin1.txt"].lower() and "café crème" in texts["latin1.txt"]
    assert "réseau" in texts["invalid-utf8.txt"] and "très haut débit" in texts["invalid-utf8.txt"]
    assert "\x00" not in texts["nul-bytes.txt"] and "consomment moins" in texts["nul-bytes.txt"]
    assert "Trainium 3 coûte cher" in texts["invisible.txt"].replace("  ", " ")
    assert not any(ch in texts["invisible.txt"] for ch in "\u200b\u200d\u2060\u202e\u202c\ufeff\u2066\u2069")
    html = texts["page.html"]
    assert "Annapurna Labs conçoit" in html
    for injected in ("INJECTED", "ONLOAD", "TRACKME", "tracker.example", "color:red"):
        assert injected not in html
    assert "secret" not in " ".join(texts.values())
    assert texts["one-line-10mb.txt"].startswith(open(corpus / "one-line-10mb.txt", encoding="utf-8").read(200)[:100])
