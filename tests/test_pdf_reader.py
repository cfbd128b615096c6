"""rag.ingest.pdf: paragraphs rebuilt from positioned lines, running headers out, hyphens fixed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_helper import Line, pdf_bytes, wrap

from rag.errors import DocumentError
from rag.ingest.blocks import Block, Removal
from rag.ingest.pdf import assemble, join_lines, read_pdf
from rag.ingest.pdf_lines import pypdf_lines

SHARED = Path(__file__).resolve().parents[2] / "shared/cases/02-wrapped-lines/corpus/ecole-plouvenec-2026-03-05.pdf"
PLOUVENEC = (
    "La commune de Plouvenec ouvrira en septembre une école primaire de huit classes, construite en bois "
    "et en paille, pour un coût de 5,6 millions d'euros. Elle accueillera 190 élèves dès la rentrée."
)


def _paragraphs(raw: bytes) -> list[str]:
    return [block.text for block in read_pdf(raw, "t.pdf").blocks]


def _via_pypdf(raw: bytes) -> list[str]:
    return [block.text for block in assemble(pypdf_lines(raw, "t.pdf")[0], "t.pdf").blocks]


@pytest.mark.skipif(not SHARED.exists(), reason="../shared case files not present")
def test_shared_wrapped_case_is_one_paragraph() -> None:
    extracted = read_pdf(SHARED.read_bytes(), SHARED.name)
    assert extracted.blocks == [Block("paragraph", PLOUVENEC)]
    assert extracted.removals == [] and extracted.meta == {"title": "Ecole de Plouvenec"}


@pytest.mark.parametrize("reader", [_paragraphs, _via_pypdf], ids=["pdfminer", "pypdf"])
def test_gap_and_indent_break_paragraphs(reader: object) -> None:
    first = wrap(PLOUVENEC, 72, 700)
    second = wrap("Le chantier commencera en avril. La mairie publiera le calendrier.", 72, first[-1].y - 22)
    third = wrap("Les parents seront consultés au printemps.", 72, second[-1].y - 14, indent=18)
    raw = pdf_bytes([first + second + third], title="Écoles")
    assert reader(raw) == [  # type: ignore[operator]
        PLOUVENEC,
        "Le chantier commencera en avril. La mairie publiera le calendrier.",
        "Les parents seront consultés au printemps.",
    ]
    assert read_pdf(raw, "t.pdf").meta == {"title": "Écoles"}


def test_line_end_hyphen_removed_unless_compound() -> None:
    lines = [
        Line(72, 700, "Le budget pèse sur l'écono-"),
        Line(72, 686, "mie locale, dit le collège Jean-"),
        Line(72, 672, "Rostand. Un porte-"),
        Line(72, 658, "monnaie perdu, un autre porte-monnaie trouvé."),
    ]
    extracted = read_pdf(pdf_bytes([lines]), "t.pdf")
    assert extracted.blocks == [
        Block(
            "paragraph",
            "Le budget pèse sur l'économie locale, dit le collège Jean-Rostand. "
            "Un porte-monnaie perdu, un autre porte-monnaie trouvé.",
        )
    ]
    assert extracted.removals == [Removal("line-end hyphen", "écono-mie")]


def test_join_lines_digits_and_soft_hyphen() -> None:
    assert join_lines(["de 1939-", "1945 à Lyon"], set()) == ("de 1939-1945 à Lyon", [])
    assert join_lines(["une écono\u00ad", "mie"], set()) == ("une économie", [Removal("line-end hyphen", "écono-mie")])
    assert join_lines(["un tiret -", "puis la suite"], set()) == ("un tiret - puis la suite", [])


@pytest.mark.parametrize("reader", [_paragraphs, _via_pypdf], ids=["pdfminer", "pypdf"])
def test_running_header_footer_removed_and_page_break_joined(reader: object) -> None:
    header = "Le Journal de Plouvenec \u2014 mars 2026"
    page1 = [Line(72, 760, header, 9), Line(72, 700, "Le conseil municipal a voté le budget"),
             Line(72, 686, "de l'année."), Line(72, 664, "Le chantier commencera en avril et la"), Line(300, 40, "1", 9)]
    page2 = [Line(72, 760, header, 9), Line(72, 700, "commune publiera le calendrier."), Line(300, 40, "2", 9)]
    raw = pdf_bytes([page1, page2])
    assert reader(raw) == [  # type: ignore[operator]
        "Le conseil municipal a voté le budget de l'année.",
        "Le chantier commencera en avril et la commune publiera le calendrier.",
    ]
    assert read_pdf(raw, "t.pdf").removals == [
        Removal("page header/footer", header), Removal("page header/footer", "1"),
        Removal("page header/footer", header), Removal("page header/footer", "2"),
    ]


def test_page_ending_a_sentence_is_not_joined_and_single_page_keeps_edges() -> None:
    page1 = [Line(72, 700, "Le conseil a voté le budget."), Line(300, 40, "1", 9)]
    page2 = [Line(72, 700, "La séance est levée."), Line(300, 40, "2", 9)]
    assert _paragraphs(pdf_bytes([page1, page2])) == ["Le conseil a voté le budget.", "La séance est levée."]
    assert _paragraphs(pdf_bytes([page1])) == ["Le conseil a voté le budget.", "1"]


def test_larger_font_is_a_heading() -> None:
    lines = [Line(72, 720, "Une école en paille", 18, font="F2"), *wrap(PLOUVENEC, 72, 690)]
    assert read_pdf(pdf_bytes([lines]), "t.pdf").blocks == [
        Block("heading", "Une école en paille", 1), Block("paragraph", PLOUVENEC)
    ]


def test_a_short_bold_line_alone_is_a_heading_and_a_bold_sentence_is_not() -> None:
    """A newcomer's trial: "Leitung" in 13-point bold over 11-point text was a paragraph, so
    "Dr. Cornelia Haag" below it was read under no section."""
    raw = pdf_bytes([[
        *wrap(PLOUVENEC, 72, 740),
        Line(72, 690, "Leitung", size=13, font="F2"),
        Line(72, 674, "Dr. Cornelia Haag"),
        Line(72, 645, "Anmeldeschluss", font="F2"),
        Line(72, 631, "31. Juli 2026"),
        Line(72, 600, "Bitte melden Sie sich rechtzeitig an.", font="F2"),
    ]])
    blocks = read_pdf(raw, "m.pdf").blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", PLOUVENEC),
        ("heading", "Leitung"), ("paragraph", "Dr. Cornelia Haag"), ("heading", "Anmeldeschluss"),
        ("paragraph", "31. Juli 2026"), ("paragraph", "Bitte melden Sie sich rechtzeitig an."),
    ]


def test_kerned_and_bold_runs_read_as_words() -> None:
    lines = [
        Line(72, 700, "Une ligne sans espaces dessinés", kerned=True),
        Line(72, 686, runs=(("F1", "avec un mot en "), ("F2", "gras"), ("F1", " au milieu."))),
    ]
    assert _paragraphs(pdf_bytes([lines])) == ["Une ligne sans espaces dessinés avec un mot en gras au milieu."]


@pytest.mark.parametrize("raw", [pdf_bytes([[]]), pdf_bytes([[], []])], ids=["one page", "two pages"])
def test_pdf_without_text_layer_is_refused(raw: bytes) -> None:
    with pytest.raises(DocumentError, match=r"^scan\.pdf: PDF has no text layer \(scanned\?\); run OCR first$"):
        read_pdf(raw, "scan.pdf")


@pytest.mark.parametrize("raw", [b"garbage bytes", b"%PDF-1.4 not really a pdf", b""], ids=["garbage", "header", "empty"])
def test_unreadable_pdf_is_refused(raw: bytes) -> None:
    with pytest.raises(DocumentError, match=r"^bad\.pdf: unreadable PDF \("):
        read_pdf(raw, "bad.pdf")
    with pytest.raises(DocumentError, match=r"^bad\.pdf: unreadable PDF \("):
        pypdf_lines(raw, "bad.pdf")
