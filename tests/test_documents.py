from __future__ import annotations

from pathlib import Path

import pytest
from pdf_helper import Line, pdf_bytes

from rag.errors import DocumentError
from rag.ingest.cleaning import is_furniture
from rag.ingest.corpus import load_corpus
from rag.ingest.documents import parse_document

FURNITURE = ["Laisser un commentaire", "Your email address will not be published.", "À NE PAS MANQUER",
             "Dernières nouvelles", "2 min de lecture", "Photo : AFP/VNA/CVN", "02.12.2025 20:07", "Leave a Reply",
             "Publié le 14 mars 2026 à 08h15", "Published March 14, 2026, 8:15 am", "Veröffentlicht am 14. März 2026, 08:15 Uhr",
             "Lire aussi : Les trottinettes interdites à Paris", "Read also: Why the bridge closed"]


@pytest.mark.parametrize("line", FURNITURE)
def test_site_furniture_is_recognised(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize("line", ["Risques de bulle ?", "L'IA et la crypto", "The mayor said the project cost 120 million euros.",
                                  "Publié en 1954, le recueil rassemble 47 poèmes.",
                                  "Publié le 14 mars 2026, le rapport indique que la ville a dépensé 3 millions."])
def test_real_content_is_kept(line: str) -> None:
    assert not is_furniture(line)


def test_front_matter_gives_title_date_language_and_furniture_is_gone(corpus_dir: Path) -> None:
    docs, skipped = load_corpus(corpus_dir, 20)
    assert skipped == []
    fr = next(d for d in docs if d.doc_id.startswith("zorglub"))
    assert (fr.title, fr.date, fr.lang) == ("Les puces de Zorglub", "2025-01-15", "fr")
    for line in ("Laisser un commentaire", "Your email address", "NE PAS MANQUER"):
        assert line not in fr.text
    en = next(d for d in docs if d.doc_id == "portvale.md")
    assert en.lang == "en" and en.date is None and en.title == "Harbour news"  # Markdown heading: no "#"
    assert "Harbour news" not in en.text  # the title line is the title, not a quotable sentence


def test_title_repetition_and_date_prefix_are_stripped_and_reported() -> None:
    text = "---\ntitle: Le Texas, épicentre\n---\n date 2026-02-28 Le Texas, épicentre\n\nLe Texas, épicentre\n\n"
    text += "Un vrai paragraphe qui parle de puces et de serveurs."
    doc = parse_document("texas.txt", text.encode())
    assert doc.text == "Un vrai paragraphe qui parle de puces et de serveurs."
    assert [r.rule for r in doc.removed] == ["front matter", "date line", "title repeated", "title repeated"]


def test_html_main_text_is_extracted_without_scripts() -> None:
    html = b"""<html><head><title>Chips</title><script>alert('x')</script></head><body>
    <nav>Home | About | Contact</nav><article><h1>Chips</h1>
    <p>The new accelerator packs 64 cores and was announced on Monday in Berlin by the company.</p>
    <p>Engineers said the design took three years to finish and will ship to customers next spring.</p>
    </article><footer>Copyright 2025</footer></body></html>"""
    doc = parse_document("chips.html", html)
    assert "64 cores" in doc.text and "alert" not in doc.text and doc.title == "Chips"


def test_pdf_text_layer_is_read() -> None:
    raw = pdf_bytes([[Line(72, 720, "The turbine produces 12 megawatts.")]])
    doc = parse_document("report-2024-05-01.pdf", raw)
    assert "12 megawatts" in doc.text and doc.date == "2024-05-01"


def test_bad_files_are_skipped_with_reasons(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (corpus / "image.png").write_bytes(b"\x89PNG....")
    (corpus / "blank.md").write_text("   \n\n  ")
    (corpus / "good.txt").write_text("A real sentence about the harbour of Portvale and its ships.")
    docs, skipped = load_corpus(corpus, 20)
    assert [d.doc_id for d in docs] == ["good.txt"]
    reasons = {s.doc_id: s.reason for s in skipped}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "unsupported" in reasons["image.png"]
    assert "no text" in reasons["blank.md"]


def test_latin1_text_is_decoded() -> None:
    doc = parse_document("old.txt", "Le café coûte très cher à Genève.".encode("latin-1"))
    assert "café" in doc.text


def test_unknown_type_raises_document_error() -> None:
    with pytest.raises(DocumentError, match="unsupported"):
        parse_document("x.docx", b"data")


@pytest.mark.parametrize(("header", "kept"), [
    ("Von: Dr. Anke Brandt\nAn: alle Patientinnen und Patienten\nBetreff: Umzug in die Bahnhofstraße 12",
     "Betreff: Umzug in die Bahnhofstraße 12"),
    ("Achtung: Das Konzert ist auf den 4. Juli verschoben.", "Achtung: Das Konzert ist auf den 4. Juli verschoben."),
])
def test_a_mapping_of_words_between_dashes_is_text_not_front_matter(header: str, kept: str) -> None:
    """A memo's header or a notice parses as a YAML mapping, but its keys are words to read: it
    was dropped as front matter (a newcomer's trial). The title is then the first main heading."""
    raw = f"---\n{header}\n---\n\n# Kammerchor Eutin singt Brahms\n\nKarten kosten 22 Euro.\n"
    doc = parse_document("memo-2026-03-01.md", raw.encode())
    assert kept in doc.text and "front matter" not in [r.rule for r in doc.removed]
    assert doc.title == "Kammerchor Eutin singt Brahms"
    meta = parse_document("n-2026-03-01.md", b"---\ntitle: Note\nAuthor: Anke\n---\nKarten kosten 22 Euro.\n")
    assert meta.title == "Note" and "Anke" not in meta.text
