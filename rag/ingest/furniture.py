"""Page furniture: the parts of a web page that belong to the site rather than to the article.

Furniture is what a site puts around every article: navigation, menus and breadcrumbs, the site
header and footer, cookie-consent banners, newsletter sign-up boxes, share bars, comment threads,
advertising, sidebars and "read also" rails of links. This module finds it on the parsed page
(stage 1 of :mod:`rag.ingest.html`) and takes it out, each element as one
:class:`~rag.ingest.blocks.Removal` whose rule says why.

Rules are named in plain words ("cookie consent", "newsletter", "comments", "share bar",
"related links", "advertising", "navigation", "site footer", "site header", "sidebar", "form"),
the same name whichever way an element matched:

- by whole tokens of ``class``/``id``/``aria-label`` (``_TOKEN_RULES``: ``cookie-banner`` matches,
  ``header-image`` and ``shadow`` do not), then by tag (``_TAG_RULES``) or ``role`` (``_ROLE_RULES``);
  ``aside`` and ``form`` by their text, else as "sidebar" / "form";
- by text (:func:`text_rule`) for a short block that is a consent, newsletter or "read also"
  formula (en/fr/es/de), removed with the small box around it or the link rail it heads.

An element that holds the article (``article``, ``main``, an ``h1``) is never removed, only
searched further; a site header or footer inside the article stays. The small text helpers both
stages share (:func:`collapse`, :func:`key`, :func:`visible_lines`...) live here too.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from typing import TYPE_CHECKING

from rag.types import Removal

if TYPE_CHECKING:
    from lxml.html import HtmlElement


def _words(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string."""
    return frozenset(text.split())


WS_RE = re.compile(r"\s+")
WORD_RE = re.compile(r"\w")
_TOKEN_SPLIT_RE = re.compile(r"[^0-9a-z]+")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
BREAK = "\ue000"  # marks a hard line break until whitespace is collapsed

#: Whole class/id/aria-label tokens (folded; two adjacent tokens also count joined) -> rule.
#: Checked in this order, so a "footer-newsletter" box is a newsletter, a "share" nav a share bar.
_TOKEN_RULES: tuple[tuple[str, frozenset[str]], ...] = (
    ("cookie consent", _words(
        "cookie cookies cookiebanner cookiebar cookienotice cookieconsent consent consentement gdpr rgpd cmp "
        "didomi onetrust tarteaucitron axeptio")),
    ("newsletter", _words("newsletter newsletters infolettre subscribe subscription signup optin mailinglist")),
    ("comments", _words("comment comments commentaires comentarios kommentare disqus respond replies")),
    ("share bar", _words("share shares sharing sharebar social socials partager partage compartir teilen "
                         "addthis sharethis")),
    ("related links", _words("related readalso lireaussi seealso voiraussi recommended recommendations "
                             "recirculation mostread pluslus")),
    ("advertising", _words("ad ads advert adverts advertisement advertising adslot adunit adsense dfp sponsor "
                           "sponsored promo promoted publicite publicidad werbung anzeige outbrain taboola")),
    ("navigation", _words("nav navbar navigation menu menus submenu breadcrumb breadcrumbs pagination pager "
                          "sitenav skiplink skiplinks")),
    ("site footer", _words("footer colophon")),
    ("site header", _words("masthead")),
)
_TAG_RULES = {"nav": "navigation", "menu": "navigation", "footer": "site footer", "header": "site header"}
_ROLE_RULES = {"navigation": "navigation", "menubar": "navigation", "search": "navigation",
               "contentinfo": "site footer", "banner": "site header", "complementary": "sidebar"}
_SITE_RULES = ("site footer", "site header")  # only outside the article: an article's own header/footer stays

_INLINE = _words(
    "a abbr b bdi bdo big br cite code data del dfn em font i img ins kbd label mark q s samp small span strong "
    "sub sup time tt u var wbr")
_HAS_ARTICLE = "boolean(.//article|.//main|.//h1|.//*[@role='main']|.//*[@itemprop='articleBody'])"
_IN_ARTICLE = "boolean(ancestor::article|ancestor::main|ancestor::*[@role='main'])"

# Text formulas, matched on folded text (lower case, no accents).
_COOKIE_RE = re.compile(r"\bcookies?\b")
_CONSENT_STRONG_RE = re.compile(
    r"(accept|refuse|reject|decline|manage|allow)(er|ar|ieren)? (all |tous les |les |todas las |las |alle )?cookies"
    r"|cookie[- ]?(settings|preferences|einstellungen|policy)|(gerer|parametrer) (mes|les|vos) cookies"
    r"|(parametres|politique|gestion) (des|de) cookies|(politica|configuracion) de cookies"
    r"|en poursuivant (votre )?navigation|by continuing to (browse|use)|si continua navegando"
    r"|(tout|alle) (accepter|akzeptieren)|aceptar todas"
)
_CONSENT_SITE_RE = re.compile(
    r"\b(we|nous|wir)\b.{0,60}\b(use|utilisons|verwenden|nutzen|setzen (\w+ )?ein)\b.{0,40}\bcookies"
    r"|\b(this|our) (web ?)?site uses cookies|\b(ce|notre) site (internet |web )?utilise des cookies"
    r"|utiliz(a|amos) (las |nuestras |propias )?cookies|\busa(mos)? cookies|(diese|unsere) (web)?seite verwendet cookies"
    r"|\bverwendet cookies|utilisons des (cookies|traceurs)"
)
_CONSENT_PURPOSE_RE = re.compile(
    r"consent|partenaires|partners|socios|audience|advertis|\bads\b|publicit|werbung|personali[sz]|personnalis"
    r"|analytics|statisti|tracking|traceurs|browsing|navigation|navegacion|privacy|confidentialite|privacidad"
    r"|datenschutz|einwilligung|zustimm|third[- ]part|tiers|terceros|dritt|preferen|experience|experiencia"
)
_NEWSLETTER_RE = re.compile(
    r"(subscribe|sign up|signup|register) (to|for) (our|the|my) .{0,40}newsletter|get (our|the) .{0,30}newsletter"
    r"|newsletter sign ?up|join our mailing list"
    r"|(inscrivez|abonnez)[- ]vous (a|au|aux) (notre|nos|la|les|nos) .{0,40}(newsletter|lettre)"
    r"|recevez (notre|nos|la|les) .{0,40}(newsletter|lettre d'information|infolettre)|inscription a la newsletter"
    r"|suscr[ií]bete (a|al) (nuestro|nuestra|nuestros|el|la) .{0,40}(boletin|newsletter)"
    r"|recib(e|ir) (nuestro|nuestra|el|la) .{0,30}(boletin|newsletter)"
    r"|newsletter (abonnieren|bestellen)|(abonnieren|bestellen) sie (unseren|den) .{0,30}newsletter"
    r"|melden sie sich .{0,40}newsletter"
)
_RAIL_TITLE_RE = re.compile(
    r"(a )?lire (aussi|egalement)|sur le meme sujet|voir aussi|dans la meme rubrique|les plus lus|a ne pas manquer"
    r"|read (also|more)|see also|related( articles| stories| posts| content)?|more on this (topic|story)"
    r"|you (may|might) also like|most read|(lee|lea|leer) tambien|te puede interesar|mas noticias"
    r"|mehr zum thema|lesen sie auch|auch interessant|das konnte sie auch interessieren|meistgelesen"
)
_RAIL_TITLE_FULL_RE = re.compile(r"^(?:" + _RAIL_TITLE_RE.pattern + r")\s*:?$")
_RAIL_PREFIX_RE = re.compile(r"^(?:" + _RAIL_TITLE_RE.pattern + r")\s*[:>»-]")
#: A word every formula above contains (any case, accents as written): most text is ruled out without folding.
_FORMULA_HINTS = _words(
    "cookie newsletter lettre bolet mailing lire read related voir see sujet rubrique lus manquer also like tambi "
    "interes noticias thema lesen")
_MAX_FORMULA_CHARS = 1500  # a consent or newsletter box is short; a long block is content
_BOX_EXTRA_CHARS = 150  # text a banner may hold besides its formula (buttons, "six mois" notice, links)


def page_body(root: HtmlElement) -> HtmlElement:
    """The ``body`` element (the root itself when the page was parsed as a fragment)."""
    body = root.find("body")
    return body if body is not None else root


def collapse(text: str) -> str:
    """Runs of whitespace (newlines and no-break spaces included) to one space, ends stripped."""
    return WS_RE.sub(" ", text).strip()


def _fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes: the form text formulas are matched on."""
    text = text.casefold().replace("\u2019", "'")
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.translate({ord(ch): None for ch in set(decomposed) if unicodedata.combining(ch)})


def key(text: str) -> str:
    """Comparison key that ignores case, accents, punctuation and spacing."""
    return re.sub(r"\W+", " ", _fold(text)).strip()


def visible_lines(top: HtmlElement) -> list[str]:
    """An element's visible text, one line per block element, whitespace collapsed."""
    from lxml import etree

    parts: list[str] = []
    for event, el in etree.iterwalk(top, events=("start", "end")):
        bound = BREAK if el.tag not in _INLINE or el.tag == "br" else ""
        if event == "start":
            parts.append(bound + (el.text or ""))
        else:
            parts.append(bound + ((el.tail or "") if el is not top else ""))
    lines = WS_RE.sub(" ", "".join(parts)).split(BREAK)
    return [line for line in map(str.strip, lines) if line and WORD_RE.search(line)]


def prune_furniture(root: HtmlElement) -> list[Removal]:
    """Remove furniture elements (by tag, tokens and role, then by text); one removal each."""
    body = page_body(root)
    removals: list[Removal] = []
    stack = [body]
    while stack:
        el = stack.pop()
        rule = _element_rule(el) if el is not body else None
        if rule is not None:
            _remove(el, rule, removals)
        else:
            stack.extend(reversed([child for child in el if isinstance(child.tag, str)]))
    removals += _prune_by_text(root)
    return removals


def _remove(el: HtmlElement, rule: str, removals: list[Removal]) -> None:
    """Take an element out of the tree (its tail text stays) and record it."""
    text = " ".join(visible_lines(el))
    if text:
        removals.append(Removal(rule, text))
    el.drop_tree()


def _tokens(el: HtmlElement) -> set[str]:
    """Whole tokens of class, id and aria-label, folded; adjacent pairs also joined ("read-also")."""
    tokens: set[str] = set()
    for attr in ("class", "id", "aria-label"):
        value = el.get(attr)
        if not value:
            continue
        parts = [p for p in _TOKEN_SPLIT_RE.split(_fold(_CAMEL_RE.sub(" ", value))) if p]
        tokens.update(parts)
        tokens.update(a + b for a, b in itertools.pairwise(parts))
    return tokens


def _element_rule(el: HtmlElement) -> str | None:
    """The furniture rule an element matches by its tag, tokens or role, or None."""
    tag = el.tag
    if tag in _INLINE:  # a link or span inside a sentence: taking it out would cut the sentence
        return None
    tokens = _tokens(el)
    rule = next((r for r, words in _TOKEN_RULES if tokens & words), None)
    if rule is None:
        rule = _TAG_RULES.get(tag) or _ROLE_RULES.get((el.get("role") or "").lower())
    if rule is None and tag in ("aside", "form"):
        rule = text_rule(collapse(el.text_content())) or ("sidebar" if tag == "aside" else "form")
    if rule is None or el.xpath(_HAS_ARTICLE) or tag in ("html", "body", "article", "main"):
        return None
    if rule in _SITE_RULES and el.xpath(_IN_ARTICLE):
        return None
    return rule


def text_rule(text: str) -> str | None:
    """The rule a short text matches as a whole: a consent or newsletter formula, or a "read also" rail."""
    if not text or len(text) > _MAX_FORMULA_CHARS:
        return None
    lower = text.lower()
    if not any(hint in lower for hint in _FORMULA_HINTS):
        return None
    folded = _fold(text)
    if _COOKIE_RE.search(folded) and (
        _CONSENT_STRONG_RE.search(folded) or (_CONSENT_SITE_RE.search(folded) and _CONSENT_PURPOSE_RE.search(folded))
    ):
        return "cookie consent"
    if _NEWSLETTER_RE.search(folded):
        return "newsletter"
    if _RAIL_TITLE_FULL_RE.match(key(text)) or _RAIL_PREFIX_RE.match(folded):
        return "related links"
    return None


def _prune_by_text(root: HtmlElement) -> list[Removal]:
    """Remove the short blocks whose text is a furniture formula, with the box that holds them."""
    body = page_body(root)
    leaves = [el for el in body.iter() if el is not body and el.tag not in _INLINE and _is_leaf(el)]
    removals: list[Removal] = []
    for leaf in leaves:
        if leaf.getroottree().getroot() is not root:  # inside a box removed already
            continue
        text = collapse(leaf.text_content())
        rule = text_rule(text)
        if rule is None or leaf.xpath(_HAS_ARTICLE):
            continue
        if rule == "related links":
            _remove_rail(leaf, text, removals)
        else:
            _remove(_enclosing_box(leaf), rule, removals)
    return removals


def _is_leaf(el: HtmlElement) -> bool:
    """A block element whose children are all inline: the smallest unit a formula is matched on."""
    return isinstance(el.tag, str) and all(child.tag in _INLINE for child in el)


def _enclosing_box(el: HtmlElement) -> HtmlElement:
    """The box around a matched block: its ancestors while they add only a little short text.

    A consent banner is the formula plus buttons and a line such as "Vos choix seront conservés
    pendant six mois."; an article is the formula's neighbour only with longer text, which stops
    the climb, as does an ancestor holding the article (``article``, ``main``, an ``h1``).
    """
    node = el
    while (parent := node.getparent()) is not None and parent.tag not in ("html", "body", "article", "main"):
        if parent.xpath(_HAS_ARTICLE):
            break
        own = set(visible_lines(node))
        extra = [line for line in visible_lines(parent) if line not in own]
        if sum(len(line) for line in extra) > _BOX_EXTRA_CHARS or any(len(line) > 100 for line in extra):
            break
        node = parent
    return node


def _link_density(el: HtmlElement) -> float:
    """Share of an element's text that is link text: near 1 for a rail of links."""
    text = len(collapse(el.text_content()))
    links = sum(len(collapse(a.text_content())) for a in el.iter("a"))
    return links / text if text else 0.0


def _remove_rail(leaf: HtmlElement, text: str, removals: list[Removal]) -> None:
    """A "read also" title: remove the link rail it heads, or, inside the article, the links after it."""
    if not _RAIL_TITLE_FULL_RE.match(key(text)):  # "Lire aussi : <a>...</a>" inline in a paragraph
        if _link_density(leaf) >= 0.5:
            _remove(leaf, "related links", removals)
        return
    box = leaf
    while (parent := box.getparent()) is not None and len(collapse(parent.text_content())) <= len(text):
        box = parent
    parent = box.getparent()
    protected = parent is None or parent.tag in ("html", "body", "article", "main") or parent.xpath(_HAS_ARTICLE)
    if not protected and len(collapse(parent.text_content())) <= 3000 and _link_density(parent) >= 0.5:
        _remove(parent, "related links", removals)
        return
    following = []
    for sibling in box.itersiblings():
        if not isinstance(sibling.tag, str) or sibling.tag not in ("ul", "ol", "div", "p", "section"):
            break
        if _link_density(sibling) < 0.6 or sibling.xpath(_HAS_ARTICLE):
            break
        following.append(sibling)
    if following:  # no rail without its links: a heading "Voir aussi" over real text stays
        for el in (box, *following):
            _remove(el, "related links", removals)
