"""HTML reader: the article's structure as blocks, site furniture removed by named rules.

Two stages. First, on the parsed page, elements that are site furniture are taken out by
:func:`rag.ingest.furniture.prune_furniture`, each as a :class:`~rag.ingest.blocks.Removal` with
its rule: by tag (``nav``, ``footer``, ``aside``, ``form``...), by whole tokens of
``class``/``id``/``aria-label`` and ``role`` (``cookie-banner`` matches, ``header-image`` and
``shadow`` do not), and by text for a short block that is a consent, newsletter or "read also"
formula (en/fr/es/de). An element that holds the article (``article``, ``main``, an ``h1``) is
never removed, only searched further. Second, trafilatura picks the main text of what is left;
its XML (``head``, ``p``, ``list/item``, ``table/row/cell``, ``quote``, ``code``) becomes blocks.
A paragraph it kept that is a consent or newsletter formula is still removed. What trafilatura
left out is one "outside the main text" removal, and the title repeated as the first heading is
dropped as "title".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rag.errors import DocumentError
from rag.ingest.blocks import Block, BlockKind, Extracted, row_text
from rag.ingest.furniture import (
    BREAK,
    WORD_RE,
    WS_RE,
    collapse,
    key,
    page_body,
    prune_furniture,
    text_rule,
    visible_lines,
)
from rag.ingest.html_structure import nearest_table, normalise_structure
from rag.types import Removal

if TYPE_CHECKING:
    from lxml.html import HtmlElement


_XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_SILENT = ("script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "math")


def read_html(html: str, name: str) -> Extracted:
    """Read one decoded HTML page: its main text as blocks, every furniture element as a removal.

    Raises :class:`~rag.errors.DocumentError` when the page has no main text.
    """
    root = _parse(html, name)
    title_texts = _title_texts(root)
    removals = prune_furniture(root)
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
    normalise_structure(root)
    return root


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
    return [collapse(t) for t in found if t and t.strip()]


def _meta(root: HtmlElement, doc: Any) -> dict[str, str]:
    """Title, date and language: trafilatura's metadata, the language from ``<html lang>`` first."""
    meta: dict[str, str] = {}
    h1 = root.find(".//h1")
    fallback = [*_title_texts(root), h1.text_content() if h1 is not None else ""]
    title = collapse(getattr(doc, "title", None) or "") or collapse(next((t for t in fallback if t.strip()), ""))
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
    keys = {key(t) for t in titles if t}
    if first is None or not (heading := key(blocks[first].text)):
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
        rule = text_rule(block.text) if block.kind in ("paragraph", "list_item") else None
        if rule in ("cookie consent", "newsletter"):
            removals.append(Removal(rule, collapse(block.text)))
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
    rows = [r for r in table.iter("row", "tr") if nearest_table(r) is table]
    header: list[str] = []
    out: list[str] = []
    for row in rows:
        cells = [c for c in row if c.tag in _CELLS]
        texts = [collapse(_inline_text(c)) for c in cells]
        if cells and all(c.get("role") == "head" or c.tag == "th" for c in cells):
            header = texts
            continue
        text = row_text(header, texts)
        if text:
            out.append(text)
    if not out and header:  # a table that is only a header row still says something
        out.append(row_text([], header))
    return [t for t in out if t]


def _inline_text(el: HtmlElement) -> str:
    """An element's text: whitespace collapsed, ``lb``/``br`` and inner block bounds kept as "\\n"."""
    return _join_inline([el])


def _join_inline(parts: list[Any]) -> str:
    """Join text pieces and elements into one clean string (hard breaks as "\\n")."""
    text = WS_RE.sub(" ", "".join(_raw_text(part) for part in parts)).replace(BREAK, "\n")
    return re.sub(r" *\n[ \n]*", "\n", text).strip()


def _raw_text(part: Any) -> str:
    """Text of a piece or element (without its tail), hard breaks and inner block bounds marked."""
    if isinstance(part, str):
        return part
    if not isinstance(part.tag, str) or part.tag in _SKIPPED:
        return ""
    if part.tag in _BREAKS:
        return BREAK
    inner = (part.text or "") + "".join(_raw_text(child) + (child.tail or "") for child in part)
    return BREAK + inner + BREAK if part.tag in _BLOCKY else inner


def _add(blocks: list[Block], kind: BlockKind, text: str, level: int = 0) -> None:
    """Append a block unless its text is empty or has no word (a lone bullet, a separator)."""
    if text and WORD_RE.search(text):
        blocks.append(Block(kind, text, level))


# --- what trafilatura left out ------------------------------------------------------------


def _outside(root: HtmlElement, blocks: list[Block], titles: list[str], title_done: bool) -> list[Removal]:
    """Visible text that is neither in the blocks nor removed already: one "outside the main text"."""
    kept = {collapse(b.text.replace("\n", " ")) for b in blocks}
    kept |= {cell.split(": ", 1)[-1] for b in blocks if b.kind == "table_row" for cell in b.text.split("; ")}
    joined = "\n".join(kept)
    title_keys = {key(t) for t in titles if t}
    outside: list[str] = []
    removals: list[Removal] = []
    for line in visible_lines(page_body(root)):
        if line in kept or line in joined:
            continue
        if key(line) in title_keys:
            if not title_done:
                removals.append(Removal("title", line))
                title_done = True
            continue
        outside.append(line)
    if outside:
        removals.append(Removal("outside the main text", "\n".join(outside)))
    return removals
