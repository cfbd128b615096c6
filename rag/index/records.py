"""What an index persists about itself, typed: its manifest, its embedder and its documents.

Read back with ``model_validate_json``; the field names are the JSON keys written since index
format 4, so existing indexes load as they are. A change of meaning or of a required field
bumps :data:`rag.settings.INDEX_FORMAT_VERSION` (the manifest's ``format``), which refuses the
old index with the usual "rebuild it with `rag index`" message.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class EmbedderInfo(_Record):
    """The encoder an index was embedded with; its vectors are only comparable with its own."""

    name: str
    dimension: int


class DocumentRecord(_Record):
    """One indexed document as the document list shows it (its text stays in the store)."""

    doc_id: str  # path relative to the corpus folder, POSIX style
    title: str
    date: str | None = None
    lang: str
    content_hash: str  # sha256 of the file's bytes
    titled: bool = True
    chunks: int = 0
    text_hash: str = ""  # hash of the cleaned text, whitespace collapsed: finds copies


class SkippedRecord(_Record):
    """A file that was not indexed, and why; same bytes next time are skipped without parsing."""

    doc_id: str
    reason: str
    content_hash: str | None = None
    duplicate_of: str | None = None


class Counts(_Record):
    documents: int
    chunks: int
    sentences: int


class Manifest(_Record):
    """What an index was built from and with (``manifest.json`` of a local generation)."""

    format: int
    created_at: str = ""
    fingerprint: str
    settings: dict[str, Any]  # the fingerprinted settings, to say which differ
    embedder: EmbedderInfo
    counts: Counts
    documents: list[DocumentRecord] = Field(default_factory=list)
    skipped: list[SkippedRecord] = Field(default_factory=list)
    files: dict[str, str]  # file -> sha256 (local store); a manifest without it is incomplete
    versions: dict[str, str] = Field(default_factory=dict)
    vector_index: str = "exact"  # 'exact' or 'hnsw'
