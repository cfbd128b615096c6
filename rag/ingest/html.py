"""HTML reader: the article's structure as blocks, site furniture removed by named rules.

Two stages. First, on the parsed page, elements that are site furniture are taken out, each as
a :class:`~rag.ingest.blocks.Removal` with its rule: by tag (``nav``, ``footer``, ``aside``,
``form``...), by whole tokens of ``class``/``id``/``aria-label`` and ``role`` (``cookie-banner``
matches, ``header-image`` and ``shadow`` do not), and by text for a short block that is a
consent, newsletter or "read also" formula (en/fr/es/de). An element that holds the article
(``article``, ``main``, an ``h1``) is never removed, only searched further. Second, trafilatura
picks the main text of what is left; its XML (``head``, ``p``, ``list/item``, ``table/row/cell``,
``quote``, ``code``) becomes blocks. What trafilatura left out is one "outside the main text"
removal, and the title repeated as the first heading is dropped as "title".
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from rag.errors import DocumentError
from rag.ingest.blocks import Block, BlockKind, Extracted, Removal

if TYPE_CHECKING:
    from lxml.html import HtmlElement


def _words(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string."""
    return frozenset(text.split())


_WS_RE = re.compile(r"\s+")
_XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_WORD_RE = re.compile(r"\w")
_TOKEN_SPLIT_RE = re.compile(r"[^0-9a-z]+")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")

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
_SILENT = ("script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "math")
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


def read_html(html: str, name: str) -> Extracted:
    """Read one decoded HTML page: its main text as blocks, every furniture element as a removal.

    Raises :class:`~rag.errors.DocumentError` when the page has no main text.
    """
    root = _parse(html, name)
    title_texts = _title_texts(root)
    removals = _prune_furniture(root)
    doc = _extract_main(root)
    blocks = _to_blocks(doc.body) if doc is not None and doc.body is not None else []
    blocks, post = _drop_furniture_blocks(blocks)
    removals += post
    meta = _meta(root, doc)
    blocks, title_removal = _drop_title(blocks, [meta.get("title", ""), *title_texts])
    removals += title_removal
    if not blocks:
        raise DocumentError(f"{name}: no main text found in the HTML")
    removals += _outside(root, blocks, [meta.get("title", ""), *title_texts], title_done=bool(title_removal))
    return Extracted(blocks=blocks, removals=removals, meta=meta)


def _parse(html: str, name: str) -> HtmlElement:
    """The page as an lxml tree, without comments, scripts, styles and other non-text elements."""
    from lxml import etree
    from trafilatura.utils import load_html

    html = _XML_DECLARATION_RE.sub("", html, count=1)  # lxml refuses a str that declares its encoding
    try:
        root = load_html(html) if html.strip() else None
    except (ValueError, TypeError):
        root = None
    if root is None:
        raise DocumentError(f"{name}: no main text found in the HTML")
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, *_SILENT, with_tail=False)
    return root


def _body(root: HtmlElement) -> HtmlElement:
    """The ``body`` element (the root itself when the page was parsed as a fragment)."""
    body = root.find("body")
    return body if body is not None else root


def _collapse(text: str) -> str:
    """Runs of whitespace (newlines and no-break spaces included) to one space, ends stripped."""
    return _WS_RE.sub(" ", text).strip()


def _fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes: the form text formulas are matched on."""
    text = text.casefold().replace("\u2019", "'")
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.translate({ord(ch): None for ch in set(decomposed) if unicodedata.combining(ch)})


def _key(text: str) -> str:
    """Comparison key that ignores case, accents, punctuation and spacing."""
    return re.sub(r"\W+", " ", _fold(text)).strip()


# --- stage 1: furniture -------------------------------------------------------------------


def _prune_furniture(root: HtmlElement) -> list[Removal]:
    """Remove furniture elements (by tag, tokens and role, then by text); one removal each."""
    body = _body(root)
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
    text = " ".join(_visible_lines(el))
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
        rule = _text_rule(_collapse(el.text_content())) or ("sidebar" if tag == "aside" else "form")
    if rule is None or el.xpath(_HAS_ARTICLE) or tag in ("html", "body", "article", "main"):
        return None
    if rule in _SITE_RULES and el.xpath(_IN_ARTICLE):
        return None
    return rule


def _text_rule(text: str) -> str | None:
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
    if _RAIL_TITLE_FULL_RE.match(_key(text)) or _RAIL_PREFIX_RE.match(folded):
        return "related links"
    return None


def _prune_by_text(root: HtmlElement) -> list[Removal]:
    """Remove the short blocks whose text is a furniture formula, with the box that holds them."""
    body = _body(root)
    leaves = [el for el in body.iter() if el is not body and el.tag not in _INLINE and _is_leaf(el)]
    removals: list[Removal] = []
    for leaf in leaves:
        if leaf.getroottree().getroot() is not root:  # inside a box removed already
            continue
        text = _collapse(leaf.text_content())
        rule = _text_rule(text)
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
        own = set(_visible_lines(node))
        extra = [line for line in _visible_lines(parent) if line not in own]
        if sum(len(line) for line in extra) > _BOX_EXTRA_CHARS or any(len(line) > 100 for line in extra):
            break
        node = parent
    return node


def _link_density(el: HtmlElement) -> float:
    """Share of an element's text that is link text: near 1 for a rail of links."""
    text = len(_collapse(el.text_content()))
    links = sum(len(_collapse(a.text_content())) for a in el.iter("a"))
    return links / text if text else 0.0


def _remove_rail(leaf: HtmlElement, text: str, removals: list[Removal]) -> None:
    """A "read also" title: remove the link rail it heads, or, inside the article, the links after it."""
    if not _RAIL_TITLE_FULL_RE.match(_key(text)):  # "Lire aussi : <a>...</a>" inline in a paragraph
        if _link_density(leaf) >= 0.5:
            _remove(leaf, "related links", removals)
        return
    box = leaf
    while (parent := box.getparent()) is not None and len(_collapse(parent.text_content())) <= len(text):
        box = parent
    parent = box.getparent()
    protected = parent is None or parent.tag in ("html", "body", "article", "main") or parent.xpath(_HAS_ARTICLE)
    if not protected and len(_collapse(parent.text_content())) <= 3000 and _link_density(parent) >= 0.5:
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


# --- stage 2: main text -------------------------------------------------------------------


def _extract_main(root: HtmlElement) -> Any:
    """trafilatura on the pruned tree (it works on a copy): the main text as XML plus metadata."""
    import trafilatura

    return trafilatura.bare_extraction(
        root, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
        include_formatting=False, include_links=False,
    )


def _title_texts(root: HtmlElement) -> list[str]:
    """The page's own titles, as written: ``<title>`` and og:title (an ``h1`` is body, not a title)."""
    found = [root.findtext(".//head/title") or ""]
    found += root.xpath("//meta[@property='og:title']/@content") or []
    return [_collapse(t) for t in found if t and t.strip()]


def _meta(root: HtmlElement, doc: Any) -> dict[str, str]:
    """Title, date and language: trafilatura's metadata, the language from ``<html lang>`` first."""
    meta: dict[str, str] = {}
    h1 = root.find(".//h1")
    fallback = [*_title_texts(root), h1.text_content() if h1 is not None else ""]
    title = _collapse(getattr(doc, "title", None) or "") or _collapse(next((t for t in fallback if t.strip()), ""))
    if title:
        meta["title"] = title
    if date := _plausible_date(root, getattr(doc, "date", None)):
        meta["date"] = date
    lang = (root.get("lang") or root.get("xml:lang") or getattr(doc, "language", None) or "").strip()
    if lang := re.split(r"[-_]", lang.lower())[0]:
        meta["language"] = lang
    return meta


def _plausible_date(root: HtmlElement, date: str | None) -> str | None:
    """trafilatura's date, unless it is a bare year guessed from the text ("© 2026" gives 2026-01-01)."""
    if not date or not str(date).endswith("-01-01"):
        return str(date) if date else None
    from htmldate import find_date

    return find_date(root, extensive_search=False, original_date=True)


def _drop_title(blocks: list[Block], titles: list[str]) -> tuple[list[Block], list[Removal]]:
    """The first heading, when it repeats the document title, is metadata rather than body."""
    first = next((i for i, b in enumerate(blocks) if b.kind == "heading"), None)
    keys = {_key(t) for t in titles if t}
    if first is None or not (heading := _key(blocks[first].text)):
        return blocks, []
    repeats = heading in keys or any(len(heading) >= 10 and k.startswith(heading + " ") for k in keys)
    if not repeats:
        return blocks, []
    return blocks[:first] + blocks[first + 1 :], [Removal("title", blocks[first].text)]


def _drop_furniture_blocks(blocks: list[Block]) -> tuple[list[Block], list[Removal]]:
    """Whatever trafilatura kept, a paragraph that is a consent or newsletter formula goes."""
    kept: list[Block] = []
    removals: list[Removal] = []
    for block in blocks:
        rule = _text_rule(block.text) if block.kind in ("paragraph", "list_item") else None
        if rule in ("cookie consent", "newsletter"):
            removals.append(Removal(rule, _collapse(block.text)))
        else:
            kept.append(block)
    return kept, removals


# --- trafilatura XML (or the HTML of its fallback extractors) to blocks ---------------------

_HEADINGS = {"head", "h1", "h2", "h3", "h4", "h5", "h6"}
_LISTS = {"list", "ul", "ol", "dl"}
_ITEMS = {"item", "li", "dd", "dt"}
_ROWS = {"row", "tr"}
_CELLS = {"cell", "td", "th"}
_BREAKS = {"lb", "br"}
_BREAK = "\ue000"  # marks a hard line break until whitespace is collapsed
_SKIPPED = {"graphic", "img", "figure", "picture", "video", "audio", "button", "input", "select"}
_BLOCKY = _HEADINGS | _LISTS | _ITEMS | _ROWS | {"p", "table", "quote", "blockquote", "code", "pre", "div",
                                                   "section", "article", "main", "body", "fw", "note"}


def _to_blocks(body: HtmlElement) -> list[Block]:
    """Blocks in reading order from trafilatura's output tree."""
    blocks: list[Block] = []
    _container(body, blocks)
    return blocks


def _container(el: HtmlElement, blocks: list[Block]) -> None:
    """A container: its block children in order; loose inline text between them becomes paragraphs."""
    pending: list[Any] = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BLOCKY and not (tag == "code" and child.getparent().tag not in ("body", "div")):
            _add(blocks, "paragraph", _join_inline(pending))
            pending = []
            _block(child, blocks)
        elif tag not in _SKIPPED:
            pending.append(child)
        pending.append(child.tail or "")
    _add(blocks, "paragraph", _join_inline(pending))


def _block(el: HtmlElement, blocks: list[Block]) -> None:
    """One block-level element to its block(s)."""
    tag = el.tag
    if tag in _HEADINGS:
        rend = el.get("rend") or ("h" + tag[1] if tag != "head" else "h2")
        level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
        _add(blocks, "heading", _inline_text(el), level)
    elif tag == "p":
        _add(blocks, "paragraph", _inline_text(el))
    elif tag in _LISTS or tag in _ITEMS:
        _list(el, blocks)
    elif tag == "table":
        blocks.extend(Block("table_row", row) for row in _table_rows(el))
    elif tag in ("quote", "blockquote"):
        _add(blocks, "quote", _inline_text(el))
    elif tag in ("code", "pre"):
        text = "\n".join(line.rstrip() for line in "".join(el.itertext()).strip("\n").split("\n"))
        _add(blocks, "code", text)
    else:
        _container(el, blocks)


def _list(el: HtmlElement, blocks: list[Block]) -> None:
    """One block per item, whole; an item's nested list gives blocks of its own after it."""
    if el.tag in _ITEMS:
        own = [el.text or ""]
        nested = []
        for child in el:
            if child.tag in _LISTS:
                nested.append(child)
            elif child.tag not in _SKIPPED:
                own.append(child)
            own.append(child.tail or "")
        _add(blocks, "list_item", _join_inline(own))
        for sub in nested:
            _list(sub, blocks)
        return
    for child in el:
        if child.tag in _ITEMS or child.tag in _LISTS:
            _list(child, blocks)
        elif isinstance(child.tag, str) and child.tag not in _SKIPPED:
            _block(child, blocks)


def _table_rows(table: HtmlElement) -> list[str]:
    """Rows as text: "Header: cell; Header: cell" under a header row, else cells joined by "; "."""
    rows = [r for r in table.iter("row", "tr") if _nearest_table(r) is table]
    header: list[str] = []
    out: list[str] = []
    for row in rows:
        cells = [c for c in row if c.tag in _CELLS]
        texts = [_collapse(_inline_text(c)) for c in cells]
        if cells and all(c.get("role") == "head" or c.tag == "th" for c in cells):
            header = texts
            continue
        if header:
            pairs = [f"{h}: {t}" if h else t for h, t in zip(header, texts, strict=False) if t]
            pairs += [t for t in texts[len(header) :] if t]
            text = "; ".join(pairs)
        else:
            text = "; ".join(t for t in texts if t)
        if text:
            out.append(text)
    if not out and header:  # a table that is only a header row still says something
        out.append("; ".join(t for t in header if t))
    return [t for t in out if t]


def _nearest_table(el: HtmlElement) -> HtmlElement | None:
    """The table a row belongs to (rows of a nested table belong to the inner one)."""
    return next(el.iterancestors("table"), None)


def _inline_text(el: HtmlElement) -> str:
    """An element's text: whitespace collapsed, ``lb``/``br`` and inner block bounds kept as "\\n"."""
    return _join_inline([el])


def _join_inline(parts: list[Any]) -> str:
    """Join text pieces and elements into one clean string (hard breaks as "\\n")."""
    text = _WS_RE.sub(" ", "".join(_raw_text(part) for part in parts)).replace(_BREAK, "\n")
    return re.sub(r" *\n[ \n]*", "\n", text).strip()


def _raw_text(part: Any) -> str:
    """Text of a piece or element (without its tail), hard breaks and inner block bounds marked."""
    if isinstance(part, str):
        return part
    if not isinstance(part.tag, str) or part.tag in _SKIPPED:
        return ""
    if part.tag in _BREAKS:
        return _BREAK
    inner = (part.text or "") + "".join(_raw_text(child) + (child.tail or "") for child in part)
    return _BREAK + inner + _BREAK if part.tag in _BLOCKY else inner


def _add(blocks: list[Block], kind: BlockKind, text: str, level: int = 0) -> None:
    """Append a block unless its text is empty or has no word (a lone bullet, a separator)."""
    if text and _WORD_RE.search(text):
        blocks.append(Block(kind, text, level))


# --- what trafilatura left out ------------------------------------------------------------


def _visible_lines(top: HtmlElement) -> list[str]:
    """An element's visible text, one line per block element, whitespace collapsed."""
    from lxml import etree

    parts: list[str] = []
    for event, el in etree.iterwalk(top, events=("start", "end")):
        bound = _BREAK if el.tag not in _INLINE or el.tag == "br" else ""
        if event == "start":
            parts.append(bound + (el.text or ""))
        else:
            parts.append(bound + ((el.tail or "") if el is not top else ""))
    lines = _WS_RE.sub(" ", "".join(parts)).split(_BREAK)
    return [line for line in map(str.strip, lines) if line and _WORD_RE.search(line)]


def _outside(root: HtmlElement, blocks: list[Block], titles: list[str], title_done: bool) -> list[Removal]:
    """Visible text that is neither in the blocks nor removed already: one "outside the main text"."""
    kept = {_collapse(b.text.replace("\n", " ")) for b in blocks}
    kept |= {cell.split(": ", 1)[-1] for b in blocks if b.kind == "table_row" for cell in b.text.split("; ")}
    joined = "\n".join(kept)
    title_keys = {_key(t) for t in titles if t}
    outside: list[str] = []
    removals: list[Removal] = []
    for line in _visible_lines(_body(root)):
        if line in kept or line in joined:
            continue
        if _key(line) in title_keys:
            if not title_done:
                removals.append(Removal("title", line))
                title_done = True
            continue
        outside.append(line)
    if outside:
        removals.append(Removal("outside the main text", "\n".join(outside)))
    return removals
