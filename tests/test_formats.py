"""One registry of formats: every supported-types list and message comes from rag.ingest.formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.errors import DocumentError
from rag.ingest import formats
from rag.ingest.corpus import precheck
from rag.ingest.uploads import sniff, validate_upload


def test_suffixes_come_from_the_registry() -> None:
    assert set(formats.SUPPORTED_SUFFIXES) == {s for f in formats.FORMATS for s in f.suffixes}
    assert formats.SUPPORTED_SUFFIXES == (".txt", ".md", ".html", ".htm", ".pdf")
    assert formats.names() == "PDF, HTML, Markdown and plain text"


def test_an_unsupported_file_is_skipped_with_the_registry_list(tmp_path: Path) -> None:
    docx = tmp_path / "report.docx"
    docx.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    reason = precheck(docx, tmp_path, 20)
    assert reason == f"unsupported file type .docx (supported: {', '.join(formats.SUPPORTED_SUFFIXES)})"


def test_an_upload_is_checked_by_content_against_the_registry() -> None:
    assert sniff(b"%PDF-1.7 ...") == ".pdf"
    assert sniff(b"<!doctype html><html><body><p>Hi</p>") == ".html"
    assert sniff(b"Une ligne de texte.") == ".txt"
    with pytest.raises(DocumentError, match="only PDF, HTML, Markdown and plain text"):
        sniff(b"PK\x03\x04" + b"\x00" * 64)
    with pytest.raises(DocumentError, match=r"add \.txt, \.md, \.html, \.htm or \.pdf files"):
        validate_upload("report.docx", b"PK\x03\x04" + b"\x00" * 64, 20)
