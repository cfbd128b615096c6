"""The shape every format reader returns: typed blocks of clean text and named removals.

A block is one unit of structure that sentences never cross: a heading, a paragraph, one list
item, one table row. Within a block, soft line wraps are already joined (a space; a line-end
hyphen removed where it only split a word); a hard line break that the author meant (an address
block, a poem) is kept as ``"\\n"``. Whatever a reader leaves out is a :class:`Removal` with the
rule that removed it, so nothing is lost without a reason that `rag index --explain` can show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Literal

from rag.types import Removal

BlockKind = Literal["heading", "paragraph", "list_item", "table_row", "code", "quote"]


@dataclass(frozen=True)
class Block:
    """One structural unit of a document's clean text."""

    kind: BlockKind
    text: str  # clean text; soft wraps joined, hard line breaks kept as "\n"; never empty
    level: int = 0  # heading level 1-6 (1 = top); 0 for other kinds


@dataclass
class Extracted:
    """What a format reader found in one file."""

    blocks: list[Block]
    removals: list[Removal] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # "title", "date", "language" when the format has them


def row_text(header: list[str], cells: list[str]) -> str:
    """A table row as one block's text, each cell with its header: "Modèle: Lyra; Prix: 219 €".
    Empty cells are left out; a cell beyond the header, or under an empty one, stands alone."""
    return "; ".join(f"{h}: {v}" if h else v for h, v in zip_longest(header, cells, fillvalue="") if v)
