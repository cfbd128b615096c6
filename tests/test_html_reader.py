"""The HTML reader: the article's structure as blocks, site furniture removed by named rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.errors import DocumentError
from rag.ingest.blocks import Block, Extracted
from rag.ingest.documents import parse_document
from rag.ingest.html import read_html

COOKIE_CASE = Path(__file__).resolve().parents[2] / "shared/cases/07-cookie-banner/corpus/parc-eolien-2026-02-20.html"

NEWS_FR = """\
<!DOCTYPE html>
<html lang="fr-FR">
<head>
<meta charset="utf-8">
<title>Vélos électriques : les ventes repartent à la hausse | Le Courrier de l'Ouest</title>
<meta property="og:title" content="Vélos électriques : les ventes repartent à la hausse">
<meta property="article:published_time" content="2026-03-04T08:30:00+01:00">
<style>.cookie-banner{position:fixed}</style>
<script>window.dataLayer = [{"page": "article"}];</script>
</head>
<body class="article-page">
<header class="site-header">
  <a class="logo" href="/"><img src="/logo.svg" alt="Le Courrier de l'Ouest"></a>
  <nav class="main-menu" aria-label="Menu principal">
    <ul><li><a href="/">Accueil</a></li><li><a href="/economie">Économie</a></li><li><a href="/sport">Sport</a></li></ul>
  </nav>
</header>
<div id="didomi-host" class="cmp-container" role="dialog">
  <p>Avec votre accord, nous et nos 312 partenaires utilisons des cookies ou technologies similaires pour stocker et accéder à des informations personnelles comme votre visite sur ce site.</p>
  <button>Accepter &amp; fermer</button> <button>Continuer sans accepter</button>
</div>
<main>
<nav class="breadcrumb"><a href="/">Accueil</a> › <a href="/economie">Économie</a></nav>
<article class="article">
  <header class="article-header">
    <h1>Vélos électriques : les ventes repartent à la hausse</h1>
    <p class="byline">Par Jeanne Martin, publié le 4 mars 2026 à 8 h 30</p>
    <img class="header-image" src="/photos/velo.jpg" alt="">
  </header>
  <div class="share-bar">
    <a href="#">Partager sur Facebook</a> <a href="#">Partager sur X</a> <a href="#">Envoyer par e-mail</a>
  </div>
  <p>Les ventes de vélos à assistance électrique ont progressé de 12 % en 2025 en France, selon l'Union sport et cycle, après deux années de baisse.</p>
  <h2>Un marché porté par les villes moyennes</h2>
  <p>La hausse est la plus nette dans les villes de 20 000 à 100 000 habitants, où les collectivités ont multiplié les aides à l'achat.</p>
  <ul>
    <li>Angers a versé 1 800 aides en 2025.</li>
    <li>Le Mans en a versé <strong>1 200</strong>.</li>
  </ul>
  <div class="newsletter-box">
    <p>Inscrivez-vous à notre newsletter Économie pour recevoir chaque lundi l'essentiel de l'actualité.</p>
    <form><input type="email" placeholder="Votre e-mail"><button>Je m'inscris</button></form>
  </div>
  <h2>Les prix des modèles les plus vendus</h2>
  <table>
    <thead><tr><th>Modèle</th><th>Prix</th></tr></thead>
    <tbody>
      <tr><td>Lyra</td><td>1 290 €</td></tr>
      <tr><td>Vega</td><td>2 150 €</td></tr>
    </tbody>
  </table>
  <p>Les distributeurs s'attendent à une nouvelle hausse au printemps, portée par les modèles cargo.</p>
</article>
<section class="read-also">
  <h2>À lire aussi</h2>
  <ul>
    <li><a href="/a1">Le tramway d'Angers prolongé jusqu'en 2028</a></li>
    <li><a href="/a2">Carburants : les prix à la pompe en légère baisse</a></li>
  </ul>
</section>
</main>
<footer class="site-footer">
  <ul><li><a href="/mentions">Mentions légales</a></li><li><a href="/cgu">Conditions générales d'utilisation</a></li><li><a href="/cookies">Gestion des cookies</a></li></ul>
  <p>© 2026 Le Courrier de l'Ouest</p>
</footer>
<img src="https://pixel.example.com/t.gif?id=42" width="1" height="1" alt="">
<script>track("pageview");</script>
</body>
</html>
"""

NEWS_EN = """\
<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<title>Council approves new cycle lanes – The Harbour Times</title>
<meta name="date" content="2026-02-11">
<link rel="stylesheet" href="/site.css">
</head>
<body>
<div class="skip-links"><a href="#main">Skip to content</a></div>
<header role="banner">
  <div class="logo">The Harbour Times</div>
  <ul class="menu"><li><a href="/news">News</a></li><li><a href="/business">Business</a></li></ul>
</header>
<div class="gdpr-notice">
  <p>This website uses cookies to improve your experience. By continuing to browse you agree to our cookie policy.</p>
  <button>OK</button>
</div>
<main id="main">
<article class="post">
  <header class="entry-header">
    <h1>Council approves new cycle lanes</h1>
    <img class="header-image" src="/img/lanes.jpg" alt="A cycle lane">
  </header>
  <div class="card shadow">
    <p>The city council voted 31 to 12 on Tuesday to build 14 km of protected cycle lanes by 2028.</p>
  </div>
  <div class="ad-slot"><p>Advertisement</p><iframe src="https://ads.example.com/slot1"></iframe></div>
  <h2>What changes for drivers</h2>
  <p>Parking will be removed on two streets, and the speed limit in the centre drops to 20 mph.</p>
  <ol>
    <li>Harbour Road: lanes on both sides.</li>
    <li>Mill Street: a two-way lane on the north side.</li>
  </ol>
  <blockquote><p>This is the biggest change to our streets in a generation, said councillor Ana Reyes.</p></blockquote>
  <aside class="social-share" aria-label="Share this article"><a href="#">Facebook</a> <a href="#">LinkedIn</a></aside>
</article>
<section id="comments" class="comments-area">
  <h2>2 comments</h2>
  <div class="comment-body"><p>Finally! I have been waiting for this for years.</p></div>
  <div class="comment-body"><p>What about the delivery vans on Mill Street?</p></div>
  <form id="commentform"><label>Leave a Reply</label><textarea></textarea><button>Post Comment</button></form>
</section>
</main>
<aside class="widget most-read"><h3>Most read</h3><ul><li><a href="/f">Ferry fares rise again</a></li></ul></aside>
<footer role="contentinfo"><p>© 2026 The Harbour Times · Privacy · Terms</p></footer>
</body>
</html>
"""

ARTICLE_IN_DIV = """\
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Harbour dredging starts in Portvale - Portvale Gazette</title></head>
<body>
<div id="top"><a href="/">Portvale Gazette</a> <a href="/news">News</a> <a href="/sport">Sport</a></div>
<div class="popup">
  <p>We and our partners use cookies to personalise content and ads and to analyse our traffic.</p>
  <a href="/privacy">Privacy policy</a> <span>Accept all</span>
</div>
<div id="content" class="story-body">
  <h1>Harbour dredging starts in Portvale</h1>
  <p>Dredging of the main channel in Portvale harbour began on Monday and should last eleven weeks, the port authority said.</p>
  <h2>Why the channel is dredged</h2>
  <p>Silt has reduced the depth at low tide to 6.5 metres, too shallow for the new ferries.</p>
  <blockquote><p>We expect no disruption to the ferry timetable.</p></blockquote>
  <p>Sign up for our newsletter to get the week's harbour news every Friday.</p>
  <h3>Key figures</h3>
  <table><tr><td>Cost</td><td>4.2 million pounds</td></tr><tr><td>Duration</td><td>11 weeks</td></tr></table>
  <p>Read more: <a href="/ferries">New ferries arrive in May</a></p>
  <pre><code>depth_before = 6.5
depth_after = 9.0</code></pre>
  <div>
    <h4>Related articles</h4>
    <a href="/x">Ferry fares rise again</a><br><a href="/y">Port traffic at record high</a>
  </div>
</div>
<div class="bottom">Copyright 2026 Portvale Gazette. All rights reserved.</div>
</body></html>
"""

BAKING = """\
<!DOCTYPE html>
<html lang="en-GB"><head><title>Grandma's oat cookies</title></head>
<body>
<article>
<h1>Grandma's oat cookies</h1>
<p>These cookies keep for a week in a tin; we use cookies like these as gifts for the neighbours at Christmas.</p>
<p>Bake the cookies for twelve minutes at 180 degrees, then let them cool on a rack before you accept any compliments.</p>
<h2>Ingredients</h2>
<ul><li>200 g oats</li><li>100 g butter</li><li>80 g brown sugar</li></ul>
</article>
</body></html>
"""


def _blocks(extracted: Extracted) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in extracted.blocks]


def _rules(extracted: Extracted) -> list[str]:
    return [r.rule for r in extracted.removals]


def _removed(extracted: Extracted, rule: str) -> str:
    return "\n".join(r.text for r in extracted.removals if r.rule == rule)


def test_news_page_keeps_the_article_structure() -> None:
    ex = read_html(NEWS_FR, "velos.html")
    assert _blocks(ex) == [
        ("paragraph", ("Les ventes de vélos à assistance électrique ont progressé de 12 % en 2025 en France, selon "
                      "l'Union sport et cycle, après deux années de baisse.")),
        ("heading", "Un marché porté par les villes moyennes"),
        ("paragraph", ("La hausse est la plus nette dans les villes de 20 000 à 100 000 habitants, où les collectivités "
                      "ont multiplié les aides à l'achat.")),
        ("list_item", "Angers a versé 1 800 aides en 2025."),
        ("list_item", "Le Mans en a versé 1 200."),
        ("heading", "Les prix des modèles les plus vendus"),
        ("table_row", "Modèle: Lyra; Prix: 1 290 €"),
        ("table_row", "Modèle: Vega; Prix: 2 150 €"),
        ("paragraph", "Les distributeurs s'attendent à une nouvelle hausse au printemps, portée par les modèles cargo."),
    ]
    assert [b.level for b in ex.blocks if b.kind == "heading"] == [2, 2]
    assert ex.meta == {"title": "Vélos électriques : les ventes repartent à la hausse", "date": "2026-03-04",
                       "language": "fr"}


def test_news_page_furniture_is_removed_with_its_rule() -> None:
    ex = read_html(NEWS_FR, "velos.html")
    assert _rules(ex) == ["site header", "cookie consent", "navigation", "share bar", "newsletter", "related links",
                          "site footer", "title", "outside the main text"]
    assert _removed(ex, "site header") == "Accueil Économie Sport"
    assert "312 partenaires" in _removed(ex, "cookie consent")
    assert _removed(ex, "share bar") == "Partager sur Facebook Partager sur X Envoyer par e-mail"
    assert _removed(ex, "newsletter").startswith("Inscrivez-vous à notre newsletter Économie")
    assert _removed(ex, "related links").startswith("À lire aussi Le tramway d'Angers")
    assert "Mentions légales" in _removed(ex, "site footer")
    assert _removed(ex, "title") == "Vélos électriques : les ventes repartent à la hausse"
    assert _removed(ex, "outside the main text") == "Par Jeanne Martin, publié le 4 mars 2026 à 8 h 30"


def test_scripts_styles_and_tracking_pixels_never_reach_the_text() -> None:
    ex = read_html(NEWS_FR, "velos.html")
    everything = " ".join([b.text for b in ex.blocks] + [r.text for r in ex.removals])
    for leak in ("dataLayer", "track(", "position:fixed", "pixel", "logo.svg", "Le Courrier de l'Ouest\n"):
        assert leak not in everything


@pytest.mark.skipif(not COOKIE_CASE.exists(), reason="shared cases not checked out next to this repository")
def test_shared_cookie_banner_case() -> None:
    ex = read_html(COOKIE_CASE.read_text(encoding="utf-8"), COOKIE_CASE.name)
    assert ex.blocks == [
        Block("paragraph", "Le parc éolien en mer situé entre l'île d'Yeu et Noirmoutier a produit ses premiers "
                           "kilowattheures la semaine dernière."),
        Block("paragraph", "Le parc compte 62 éoliennes."),
    ]
    assert _rules(ex) == ["cookie consent", "title"]
    assert "214 partenaires" in _removed(ex, "cookie consent")
    assert "Vos choix seront conservés pendant six mois." in _removed(ex, "cookie consent")
    assert ex.meta == {"title": "Un parc éolien en mer au large de l'île d'Yeu", "language": "fr"}


@pytest.mark.skipif(not COOKIE_CASE.exists(), reason="shared cases not checked out next to this repository")
def test_cookie_banner_without_id_or_class_is_found_by_its_text() -> None:
    html = COOKIE_CASE.read_text(encoding="utf-8").replace(' id="cookie-consent" class="cookie-banner"', "")
    assert "cookie-banner" not in html
    ex = read_html(html, COOKIE_CASE.name)
    assert [b.text for b in ex.blocks] == [
        ("Le parc éolien en mer situé entre l'île d'Yeu et Noirmoutier a produit ses premiers kilowattheures la "
        "semaine dernière."),
        "Le parc compte 62 éoliennes.",
    ]
    assert _rules(ex) == ["cookie consent", "title"]
    assert _removed(ex, "cookie consent").endswith("Vos choix seront conservés pendant six mois. Tout accepter Tout refuser")


def test_english_page() -> None:
    ex = read_html(NEWS_EN, "lanes.html")
    assert _blocks(ex) == [
        ("paragraph", "The city council voted 31 to 12 on Tuesday to build 14 km of protected cycle lanes by 2028."),
        ("heading", "What changes for drivers"),
        ("paragraph", "Parking will be removed on two streets, and the speed limit in the centre drops to 20 mph."),
        ("list_item", "Harbour Road: lanes on both sides."),
        ("list_item", "Mill Street: a two-way lane on the north side."),
        ("quote", "This is the biggest change to our streets in a generation, said councillor Ana Reyes."),
    ]
    assert _rules(ex) == ["navigation", "site header", "cookie consent", "advertising", "share bar", "comments",
                          "related links", "site footer", "title"]
    assert "Leave a Reply" in _removed(ex, "comments")
    assert ex.meta == {"title": "Council approves new cycle lanes", "date": "2026-02-11", "language": "en"}


def test_article_in_a_div_without_classes_for_its_furniture() -> None:
    ex = read_html(ARTICLE_IN_DIV, "dredging.html")
    assert _blocks(ex) == [
        ("paragraph", ("Dredging of the main channel in Portvale harbour began on Monday and should last eleven weeks, "
                      "the port authority said.")),
        ("heading", "Why the channel is dredged"),
        ("paragraph", "Silt has reduced the depth at low tide to 6.5 metres, too shallow for the new ferries."),
        ("quote", "We expect no disruption to the ferry timetable."),
        ("heading", "Key figures"),
        ("table_row", "Cost; 4.2 million pounds"),
        ("table_row", "Duration; 11 weeks"),
        ("code", "depth_before = 6.5\ndepth_after = 9.0"),
    ]
    assert [b.level for b in ex.blocks if b.kind == "heading"] == [2, 3]
    assert _rules(ex) == ["cookie consent", "newsletter", "related links", "related links", "title",
                          "outside the main text"]
    assert _removed(ex, "cookie consent").startswith("We and our partners use cookies")
    assert "Copyright 2026" in _removed(ex, "outside the main text")
    assert "date" not in ex.meta  # "Copyright 2026" is not a publication date


def test_an_article_about_cookies_is_kept() -> None:
    ex = read_html(BAKING, "cookies.html")
    assert [b.kind for b in ex.blocks] == ["paragraph", "paragraph", "heading", "list_item", "list_item", "list_item"]
    assert ex.blocks[0].text.startswith("These cookies keep for a week in a tin; we use cookies like these")
    assert _rules(ex) == ["title"]
    assert ex.meta["language"] == "en"


@pytest.mark.parametrize(
    ("furniture", "rule"),
    [
        ("<p>Wir verwenden Cookies, um Inhalte zu personalisieren und Zugriffe zu analysieren.</p>", "cookie consent"),
        ("<p>Utilizamos cookies propias y de terceros para fines analíticos y publicitarios.</p>", "cookie consent"),
        ("<div><p>Suscríbete a nuestro boletín y recibe las noticias cada mañana.</p><span>Enviar</span></div>",
         "newsletter"),
        ("<p>Abonnieren Sie unseren Newsletter!</p>", "newsletter"),
        ("<div class='fb-like-box'><p>Lire aussi : <a href='/x'>La mairie rénove le port</a></p></div>",
         "related links"),
        ("<div class='sponsored-content'><a href='/p'>Des bottes en promotion</a></div>", "advertising"),
    ],
)
def test_furniture_by_text_or_tokens_in_other_languages(furniture: str, rule: str) -> None:
    article = ("<p>Le conseil municipal a voté mardi un budget de 12 millions d'euros pour rénover le port de "
               "plaisance et ses pontons.</p>")
    ex = read_html(f"<html><body><div class='story'>{article}{furniture}</div></body></html>", "x.html")
    assert _rules(ex) == [rule]
    assert len(ex.blocks) == 1 and ex.blocks[0].text.startswith("Le conseil municipal")


def test_class_tokens_match_whole_words_of_block_elements_only() -> None:
    html = ("<html><body><article><div class='shadow header-image navigator'><p>Une phrase de l'article qui doit "
            "rester dans le texte principal, avec ses chiffres : 42 bateaux.</p></div><p>Selon <a class='related-link' "
            "href='/r'>le rapport annuel</a>, le port a accueilli 3 000 escales en 2025.</p></article></body></html>")
    ex = read_html(html, "x.html")
    assert _blocks(ex) == [
        ("paragraph", "Une phrase de l'article qui doit rester dans le texte principal, avec ses chiffres : 42 bateaux."),
        ("paragraph", "Selon le rapport annuel, le port a accueilli 3 000 escales en 2025."),
    ]
    assert ex.removals == []


@pytest.mark.parametrize("html", ["", "   ", "<html><body><nav><a href='/'>Accueil</a></nav></body></html>",
                                  ("<html><body><div class='cookie-banner'><p>Nous utilisons des cookies.</p></div>"
                                  "</body></html>")])
def test_no_main_text_is_an_error(html: str) -> None:
    with pytest.raises(DocumentError, match=r"^page\.html: no main text found in the HTML$"):
        read_html(html, "page.html")


def test_a_cell_spanning_rows_or_columns_is_read_in_each_row_it_spans() -> None:
    """A newcomer's trial: the second week of "Klettern" (rowspan) was read without its course,
    and "ausgebucht" (colspan) without its "Preis"."""
    html = (
        "<html><body><main><article><h1>Ferienprogramm</h1><p>Die Stadt Ulm bietet in den Sommerferien 140 Kurse "
        "für Kinder zwischen 6 und 14 Jahren an, von Klettern bis Töpfern, in allen Stadtteilen.</p>"
        "<table><tr><th>Kurs</th><th>Woche</th><th>Preis</th></tr>"
        "<tr><td rowspan='2'>Klettern</td><td>1. Woche</td><td>45 €</td></tr>"
        "<tr><td>2. Woche</td><td>50 €</td></tr>"
        "<tr><td>Töpfern</td><td colspan='2'>ausgebucht</td></tr></table></article></main></body></html>"
    )
    rows = [b.text for b in read_html(html, "ferien.html").blocks if b.kind == "table_row"]
    assert rows == [
        "Kurs: Klettern; Woche: 1. Woche; Preis: 45 €",
        "Kurs: Klettern; Woche: 2. Woche; Preis: 50 €",
        "Kurs: Töpfern; Woche: ausgebucht; Preis: ausgebucht",
    ]


def test_a_definition_list_and_a_caption_are_text_and_a_credit_is_furniture() -> None:
    """A newcomer's trial: each <dt> and <dd> was an item of its own ("Téléphone" | "04 79 …"),
    and a caption holding a fact went with its photo credit."""
    html = (
        "<html><body><main><article><h1>Refuge</h1><p>Le refuge du Col de la Vanoise, à 2 517 mètres d'altitude, "
        "rouvre le 13 juin après des travaux de rénovation de ses dortoirs et de sa cuisine.</p>"
        "<figure><img src='r.jpg'><figcaption>Le refuge compte 148 couchages. Photo : Parc national</figcaption>"
        "</figure><dl><dt>Téléphone</dt><dd>04 79 08 25 23</dd><dt>Accès</dt><dd>Depuis Pralognan, 3 h de marche."
        "</dd></dl></article></main></body></html>"
    )
    texts = [b.text for b in read_html(html, "refuge.html").blocks]
    assert "Le refuge compte 148 couchages." in texts and "Photo : Parc national" in texts
    assert "Téléphone : 04 79 08 25 23" in texts and "Accès : Depuis Pralognan, 3 h de marche." in texts
    doc = parse_document("refuge.html", html.encode())
    assert "148 couchages" in doc.text and "Parc national" not in doc.text
    assert any("Parc national" in r.text for r in doc.removed)
