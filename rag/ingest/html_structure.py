"""What a page's markup means, made plain before trafilatura reads it.

trafilatura keeps the text of a page's main part but not every structure around it: a table
cell spanning rows is kept once and emptied elsewhere, a definition list's terms and
descriptions become separate list items, and figure captions are dropped with their figures.
Each is rewritten here, on the parsed page, into what trafilatura does keep.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

#: A photo credit at the end of a caption ("… über dem Rhein. Foto: Sascha Ditscher").
_CREDIT_RE = re.compile(r"\s*\b((?:photo|foto|bild|image|crédit|credit|credits|fotografía)\s*:|©).*$", re.IGNORECASE | re.DOTALL)


def normalise_structure(root: HtmlElement) -> None:
    """Rewrite, in place: table spans (:func:`_expand_spans`), definition lists
    (:func:`_definitions`) and figure captions (:func:`_captions`)."""
    for table in root.iter("table"):
        _expand_spans(table)
    for dl in list(root.iter("dl")):
        _definitions(dl)
    for caption in list(root.iter("figcaption")):
        _captions(caption)


def nearest_table(el: HtmlElement) -> HtmlElement | None:
    """The table a row belongs to (rows of a nested table belong to the inner one)."""
    return next(el.iterancestors("table"), None)


def _definitions(dl: HtmlElement) -> None:
    """``<dl><dt>Téléphone</dt><dd>04 79 08 25 23</dd>…`` -> one paragraph per term, "Téléphone :
    04 79 08 25 23": a term and its description are one statement, not two list items."""
    paragraphs: list[HtmlElement] = []
    term = ""
    for child in dl:
        text = " ".join(child.text_content().split())
        if child.tag == "dt":
            term = text
        elif child.tag == "dd" and text:
            p = dl.makeelement("p", {})
            p.text = f"{term} : {text}" if term else text
            paragraphs.append(p)
    if paragraphs:
        div = dl.makeelement("div", {})
        div.extend(paragraphs)
        div.tail = dl.tail
        dl.getparent().replace(dl, div)


def _captions(caption: HtmlElement) -> None:
    """A figure's caption is text of the article ("Die Kabinen schweben 112 Meter über dem
    Rhein."); its photo credit, a paragraph of its own, goes as furniture."""
    text = " ".join(caption.text_content().split())
    parent = caption.getparent()
    figure = caption if parent is None or parent.tag != "figure" else parent
    credit = _CREDIT_RE.search(text)
    paragraphs = []
    for part in (text[: credit.start()] if credit else text, credit.group(0).strip() if credit else ""):
        if part:
            p = caption.makeelement("p", {})
            p.text = part
            paragraphs.append(p)
    container = figure.getparent()
    if container is None:
        return
    index = container.index(figure)
    if paragraphs:
        paragraphs[-1].tail = figure.tail
    container.remove(figure)
    for offset, p in enumerate(paragraphs):
        container.insert(index + offset, p)


def _span(cell: HtmlElement, name: str, most: int) -> int:
    try:
        return max(1, min(int(cell.get(name) or 1), most))
    except ValueError:
        return 1


def _expand_spans(table: HtmlElement) -> None:
    """A cell spanning rows or columns is copied into each row and column it spans: trafilatura
    keeps one cell and empties the others, so a course over two weeks ("Klettern", rowspan 2)
    lost its name in the second week's row. Copies carry no span of their own."""
    pending: dict[int, tuple[HtmlElement, int]] = {}  # column -> (cell to copy, rows still spanned)
    for row in [r for r in table.iter("tr") if nearest_table(r) is table]:
        queue = [c for c in row if c.tag in ("td", "th")]
        built: list[HtmlElement] = []
        while queue or any(col >= len(built) for col in pending):
            col = len(built)
            if col in pending or not queue:
                cell, left = pending.pop(col, (row.makeelement("td", {}), 1))
                built.append(deepcopy(cell))
                if left > 1:
                    pending[col] = (cell, left - 1)
                continue
            cell = queue.pop(0)
            rows, cols = _span(cell, "rowspan", 1000), _span(cell, "colspan", 100)
            for attribute in ("rowspan", "colspan"):
                cell.attrib.pop(attribute, None)
            for k in range(cols):
                built.append(cell if k == 0 else deepcopy(cell))
                if rows > 1:
                    pending[col + k] = (cell, rows - 1)
        for child in [c for c in row if c.tag in ("td", "th")]:
            row.remove(child)
        row.extend(built)
