"""One registry of formats: every supported-types list and message comes from rag.ingest.formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.errors import DocumentError
from rag.ingest import formats
from rag.ingest.corpus import precheck, scan_corpus
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


def test_a_web_page_saved_as_pdf_does_not_take_the_place_of_its_html_copy(tmp_path: Path) -> None:
    """Byte copies keep the shorter name: "page.pdf" would have been kept, failed to read, and the page been lost."""
    page = b"<html><body><article><p>The museum reopened on 20 April 2026.</p></article></body></html>"
    (tmp_path / "museum.html").write_bytes(page)
    (tmp_path / "page.pdf").write_bytes(page)
    files, skipped = scan_corpus(tmp_path, 20)
    assert [f.doc_id for f in files] == ["museum.html"]
    assert [(s.doc_id, s.reason.split(":")[0]) for s in skipped] == [("page.pdf", "not a PDF")]


def test_an_upload_is_checked_by_content_against_the_registry() -> None:
    assert sniff(b"%PDF-1.7 ...") == ".pdf"
    assert sniff(b"<!doctype html><html><body><p>Hi</p>") == ".html"
    assert sniff(b"Une ligne de texte.") == ".txt"
    with pytest.raises(DocumentError, match="only PDF, HTML, Markdown and plain text"):
        sniff(b"PK\x03\x04" + b"\x00" * 64)
    with pytest.raises(DocumentError, match=r"add \.txt, \.md, \.html, \.htm or \.pdf files"):
        validate_upload("report.docx", b"PK\x03\x04" + b"\x00" * 64, 20)
