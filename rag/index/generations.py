"""Published generations of a local index folder: ``CURRENT`` names ``gen-N/``, whose
``manifest.json`` lists every file with its sha256 and the settings fingerprint it was built with.

A build writes ``.tmp-*`` and publishes it by replacing ``CURRENT`` atomically (write, fsync,
rename, fsync the folder); readers opening ``CURRENT`` see the old or the new generation, never
a mix. Older generations are removed by the next writer (who holds the write lock).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

from pydantic import ValidationError

from rag.errors import IndexCorruptError, IndexMismatchError, IndexMissingError
from rag.index.records import Manifest
from rag.index.vectors import rebuild_hint
from rag.ingest.corpus import sha256_file
from rag.settings import INDEX_FORMAT_VERSION, Settings


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def next_generation(root: Path) -> int:
    numbers = [int(p.name[4:]) for p in root.glob("gen-*") if p.name[4:].isdigit()]
    return max(numbers, default=0) + 1


def publish(root: Path, name: str) -> None:
    pointer = root / f".CURRENT-{uuid.uuid4().hex[:8]}"
    pointer.write_text(name + "\n", encoding="utf-8")
    with pointer.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(pointer, root / "CURRENT")
    fsync_dir(root)


def published_name(root: Path) -> str:
    try:
        return (root / "CURRENT").read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def collect_garbage(root: Path, keep: set[str]) -> None:
    """Remove older generations and leftovers of interrupted builds (the caller holds the write lock).

    The generation that was published until now is kept for readers still opening it.
    """
    for old in root.glob("gen-*"):
        if old.is_dir() and old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    clean_interrupted(root)


def clean_interrupted(root: Path) -> None:
    """Drop half-written folders a killed build left behind (the caller holds the write lock)."""
    for leftover in root.glob(".tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for pointer in root.glob(".CURRENT-*"):
        pointer.unlink(missing_ok=True)


def current_generation(index_dir: Path) -> Path:
    pointer = index_dir / "CURRENT"
    if not pointer.is_file():
        raise IndexMissingError(f"no index in {index_dir}/ yet; {rebuild_hint(index_dir, 'build')}")
    gen = index_dir / pointer.read_text(encoding="utf-8").strip()
    if not gen.is_dir():
        raise IndexCorruptError(f"index pointer {pointer} names a missing folder {gen.name}; {rebuild_hint(index_dir)}")
    return gen


def read_manifest(gen: Path) -> Manifest:
    path = gen / "manifest.json"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"index manifest {path} is unreadable ({exc}); {rebuild_hint(gen.parent)}") from None
    try:
        return Manifest.model_validate_json(text)
    except ValidationError as exc:
        _refuse_other_format(text, path)
        problem = "incomplete" if any(e["type"] == "missing" for e in exc.errors()) else "unreadable"
        raise IndexCorruptError(
            f"index manifest {path} is {problem} ({exc.error_count()} invalid field(s)); {rebuild_hint(gen.parent)}"
        ) from None


def _refuse_other_format(text: str, path: Path) -> None:
    """A manifest of another index format is a mismatch (rebuild), not damage."""
    try:
        raw = json.loads(text)
    except ValueError:
        return
    found = raw.get("format") if isinstance(raw, dict) else None
    if isinstance(found, int) and found != INDEX_FORMAT_VERSION:
        differences = f"format={found!r} (now {INDEX_FORMAT_VERSION!r})"
        raise IndexMismatchError(f"index in {path.parent.parent}/ was built with other settings: {differences}; "
                                 f"{rebuild_hint(path.parent.parent)}", differences=differences)


def check_compatible(manifest: Manifest, settings: Settings, where: Path) -> None:
    """Refuse an index whose embedder, chunking or format differ from the current settings."""
    built, wanted = manifest.settings, settings.fingerprint_fields()
    if manifest.fingerprint == settings.fingerprint() and built == wanted:
        return
    diffs = ", ".join(f"{k}={built.get(k)!r} (now {wanted[k]!r})" for k in wanted if built.get(k) != wanted[k])
    raise IndexMismatchError(
        f"index in {where}/ was built with other settings: {diffs or 'unknown'}; {rebuild_hint(where)}",
        differences=diffs or "unknown",
    )


def verify_files(gen: Path, manifest: Manifest) -> None:
    for name, expected in manifest.files.items():
        path = gen / name
        if not path.is_file():
            raise IndexCorruptError(f"index file {path} is missing; {rebuild_hint(gen.parent)}")
        if sha256_file(path) != expected:
            raise IndexCorruptError(f"index file {path} is damaged (checksum mismatch); {rebuild_hint(gen.parent)}")
