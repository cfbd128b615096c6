"""Every fact in, nothing else: real-world-shaped files to exact cleaned text and exact sentences.

One file per format, each with the traps users of RAG tools report: a news page wrapped in
consent, newsletter, navigation and footer furniture; a Markdown page with headings, a table
and lists; a PDF with hard-wrapped and hyphenated lines and a running header; a Chinese and a
Russian article with a title line. Each test states the exact text the index gets, the exact
sentences a citation can quote, and what was removed by which rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_helper import Line, pdf_bytes

from rag.ingest.chunking import chunk_document
from rag.ingest.documents import Document, parse_document


def _sentences(doc: Document) -> list[str]:
    chunks = chunk_document(doc, 1000, 0)
    return [doc.text[a:b] for c in chunks for a, b in c.sentences]


NEWS_PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Le tramway de Brest prolongé jusqu'à Guipavas</title>
<meta property="article:published_time" content="2026-03-12"></head><body>
<header class="site-header"><nav class="main-menu"><a href="/">Accueil</a> <a href="/region">Région</a>
<a href="/sport">Sport</a></nav></header>
<div id="didomi-popup" class="cookie-banner"><p>Nous et nos 312 partenaires utilisons des cookies pour
personnaliser les publicités.</p><button>Accepter</button><button>Refuser</button></div>
<main><article>
<h1>Le tramway de Brest prolongé jusqu'à Guipavas</h1>
<p>La métropole de Brest a voté jeudi le prolongement de la ligne A du tramway jusqu'à Guipavas.</p>
<h2>Un chantier de trois ans</h2>
<p>Les travaux commenceront en janvier 2027 et coûteront 148 millions d'euros.</p>
<ul><li>Quatre nouvelles stations</li><li>Un parking relais de 400 places</li></ul>
<div class="newsletter-box"><p>Inscrivez-vous à notre newsletter : chaque matin, l'essentiel de l'actu.</p>
<form><input type="email"><button>Je m'abonne</button></form></div>
<div class="share-bar"><a href="#">Partager sur Facebook</a> <a href="#">Partager sur X</a></div>
</article></main>
<footer class="site-footer"><p>© 2026 Le Télégramme de l'Ouest. Mentions légales. Contact.</p></footer>
</body></html>"""


def test_news_page_keeps_the_article_and_names_every_kind_of_furniture() -> None:
    doc = parse_document("tram-brest.html", NEWS_PAGE.encode())
    removed = doc.removed
    assert doc.title == "Le tramway de Brest prolongé jusqu'à Guipavas"
    assert doc.lang == "fr" and doc.date == "2026-03-12"
    assert doc.text == (
        "La métropole de Brest a voté jeudi le prolongement de la ligne A du tramway jusqu'à Guipavas.\n\n"
        "Un chantier de trois ans\n\n"
        "Les travaux commenceront en janvier 2027 et coûteront 148 millions d'euros.\n\n"
        "Quatre nouvelles stations\n\n"
        "Un parking relais de 400 places"
    )
    assert [b.kind for b in doc.structure] == ["paragraph", "heading", "paragraph", "list_item", "list_item"]
    rules = {r.rule for r in removed}
    assert {"cookie consent", "newsletter", "share bar", "site footer", "title"} <= rules
    assert rules & {"navigation", "site header"} and any("Accueil" in r.text for r in removed)
    consent = next(r.text for r in removed if r.rule == "cookie consent")
    assert "312 partenaires" in consent
    assert _sentences(doc) == [
        "La métropole de Brest a voté jeudi le prolongement de la ligne A du tramway jusqu'à Guipavas.",
        "Un chantier de trois ans",
        "Les travaux commenceront en janvier 2027 et coûteront 148 millions d'euros.",
        "Quatre nouvelles stations",
        "Un parking relais de 400 places",
    ]


MARKDOWN = """---
title: Guide des salles de la Maison des associations
date: 2026-04-20
---
# Guide des salles de la Maison des associations

La Maison des associations de Quimperlé prête **gratuitement** ses salles aux associations
de la commune, sur [réservation](https://example.org/resa).

## Horaires

Du lundi au vendredi, de 9 h à 22 h.

## Tarifs

| Salle | Capacité | Prix par jour |
|---|---|---|
| Salle Ellé | 40 | 60 € |
| Salle Isole | 120 | 180 € |

## Pièces à fournir

- une attestation d'assurance ;
- le récépissé de déclaration en préfecture ;
- un chèque de caution de 300 €
"""


def test_markdown_headings_table_rows_and_list_items_stay_whole() -> None:
    doc = parse_document("guide-salles-2026-04-20.md", MARKDOWN.encode())
    removed = doc.removed
    assert doc.title == "Guide des salles de la Maison des associations"
    assert doc.text == (
        "La Maison des associations de Quimperlé prête gratuitement ses salles aux associations "
        "de la commune, sur réservation.\n\n"
        "Horaires\n\n"
        "Du lundi au vendredi, de 9 h à 22 h.\n\n"
        "Tarifs\n\n"
        "Salle: Salle Ellé; Capacité: 40; Prix par jour: 60 €\n\n"
        "Salle: Salle Isole; Capacité: 120; Prix par jour: 180 €\n\n"
        "Pièces à fournir\n\n"
        "une attestation d'assurance ;\n\n"
        "le récépissé de déclaration en préfecture ;\n\n"
        "un chèque de caution de 300 €"
    )
    assert [r.rule for r in removed] == ["front matter", "title repeated"]
    chunks = chunk_document(doc, 1000, 0)
    by_sentence = {doc.text[a:b]: c.section for c in chunks for a, b in c.sentences}
    assert by_sentence["Du lundi au vendredi, de 9 h à 22 h."] == "Horaires"
    assert by_sentence["un chèque de caution de 300 €"] == "Pièces à fournir"  # the last item is never lost
    assert by_sentence["Salle: Salle Isole; Capacité: 120; Prix par jour: 180 €"] == "Tarifs"


def _pdf() -> bytes:
    page1 = [
        Line(72, 760, "Bulletin municipal de Landerneau", size=9),
        Line(72, 700, "Le conseil municipal a adopté lundi le budget primitif, qui prévoit un"),
        Line(72, 686, "investissement de 2,4 millions d'euros pour la rénovation de la piscine et le"),
        Line(72, 672, "finance-"),
        Line(72, 658, "ment d'une nouvelle salle de sport à Pencran."),
        Line(72, 630, "La piscine fermera du 1er juin au 15 septembre."),
        Line(300, 40, "1", size=9),
    ]
    page2 = [
        Line(72, 760, "Bulletin municipal de Landerneau", size=9),
        Line(72, 700, "Les travaux seront confiés à l'entreprise Kerjean, de Brest."),
        Line(300, 40, "2", size=9),
    ]
    return pdf_bytes([page1, page2], title="Budget 2026 de Landerneau")


def test_pdf_lines_are_joined_dehyphenated_and_page_furniture_reported() -> None:
    doc = parse_document("budget-landerneau-2026-01-20.pdf", _pdf())
    removed = doc.removed
    assert doc.title == "Budget 2026 de Landerneau"
    assert doc.text == (
        "Le conseil municipal a adopté lundi le budget primitif, qui prévoit un investissement de 2,4 millions "
        "d'euros pour la rénovation de la piscine et le financement d'une nouvelle salle de sport à Pencran.\n\n"
        "La piscine fermera du 1er juin au 15 septembre.\n\n"
        "Les travaux seront confiés à l'entreprise Kerjean, de Brest."
    )
    assert {(r.rule, r.text) for r in removed} >= {("page header/footer", "Bulletin municipal de Landerneau")}
    assert any(r.rule == "line-end hyphen" for r in removed)
    assert _sentences(doc)[0].endswith("salle de sport à Pencran.")  # one sentence, not four lines


CHINESE = "青石镇图书馆完成扩建\n\n青石镇图书馆于二〇二五年完成扩建，新增阅览座位三百个。扩建工程由本地建筑师林晓设计。\n\n新馆每周一闭馆。\n"
RUSSIAN = (
    "Музей текстиля в Иванове открывается после реконструкции\n\n"
    "Музей откроется 12 сентября 2026 года. Стоимость работ составила 480 млн рублей.\n"
    "Директор музея Варвара Сёмина ждёт до ста тысяч посетителей в год.\n"
)


def test_chinese_article_gets_its_language_title_and_sentences() -> None:
    doc = parse_document("qingshi-2025-09-30.txt", CHINESE.encode())
    removed = doc.removed
    assert (doc.lang, doc.title) == ("zh", "青石镇图书馆完成扩建")
    assert [r.rule for r in removed] == ["title"]
    assert _sentences(doc) == ["青石镇图书馆于二〇二五年完成扩建，新增阅览座位三百个。", "扩建工程由本地建筑师林晓设计。", "新馆每周一闭馆。"]


def test_russian_article_gets_its_language_title_and_sentences() -> None:
    doc = parse_document("muzei-2026-02-11.txt", RUSSIAN.encode())
    assert (doc.lang, doc.title) == ("ru", "Музей текстиля в Иванове открывается после реконструкции")
    assert _sentences(doc) == [
        "Музей откроется 12 сентября 2026 года.",
        "Стоимость работ составила 480 млн рублей.",
        "Директор музея Варвара Сёмина ждёт до ста тысяч посетителей в год.",
    ]


@pytest.mark.parametrize(("name", "content", "kept", "rule"), [
    ("guide.md", MARKDOWN.encode(), "[table_row] Salle: Salle Ellé; Capacité: 40; Prix par jour: 60 €", "front matter"),
    ("budget.pdf", _pdf(), "[paragraph] La piscine fermera du 1er juin au 15 septembre.", "page header/footer"),
    ("qingshi.txt", CHINESE.encode(), "[paragraph] 新馆每周一闭馆。", "title: 青石镇图书馆完成扩建"),
])
def test_explain_works_on_every_format(tmp_path: Path, name: str, content: bytes, kept: str, rule: str) -> None:
    import subprocess
    import sys

    path = tmp_path / name
    path.write_bytes(content)
    out = subprocess.run([sys.executable, "-m", "rag", "index", "--explain", str(path)],
                         capture_output=True, text=True, check=True).stdout
    assert kept in out and rule in out


def test_explain_shows_kept_blocks_and_every_removal(tmp_path: Path) -> None:
    import subprocess
    import sys

    page = tmp_path / "tram.html"
    page.write_text(NEWS_PAGE, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "rag", "index", "--explain", str(page)],
                         capture_output=True, text=True, check=True).stdout
    assert "[heading 2] Un chantier de trois ans" in out
    assert "cookie consent: Nous et nos 312 partenaires" in out and "newsletter:" in out
