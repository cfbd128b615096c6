"""Plain-text reader: blank-line blocks, bullet lists, and soft line wraps joined.

The caller has decoded the bytes, removed any front matter and normalised newlines to ``"\\n"``;
:func:`read_plaintext` only finds the structure. :func:`join_wrapped_lines` decides, for every
line break inside a block, whether a program wrapped the line (join) or the author broke it on
purpose (keep ``"\\n"``); the Markdown reader uses it for its soft breaks too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from rag.ingest.blocks import Block, Extracted, row_text
from rag.types import Removal

# "- ", "* ", "• " (and a few other bullets), "1. ", "1) "; a marker is followed by a space
LIST_MARKER = re.compile(r"[ \t]*(?:[-*•◦▪‣]|\d{1,3}[.)])[ \t]+(?=\S)")
_HYPHEN_END = re.compile(r"(\w+)-$")
_WORD_START = re.compile(r"^(\w+)")
_HYPHEN_TAIL = 100  # characters of a line searched for the word its end hyphen splits
# A line wrapped with a proportional font (a PDF's text layer, text copied from a web page) is not
# cut at an exact column: a line that reaches this share of the width, followed by a line that
# continues in lowercase (or in Chinese/Japanese), is a soft wrap even when the next word would fit.
_PROPORTIONAL_SLACK = 0.85
_LINE_END = tuple(".!?:;…»\"”)。！？")
_SENTENCE_INSIDE = re.compile(r"[a-zß-ÿ]{3}[.!?]\s+[\"«„“]?[A-ZÀ-ÖØ-Þ]")  # not "14. März", "Dr. Haag"

# Scripts written without spaces between words: Han, kana, bopomofo, CJK punctuation, full-width forms
_NO_SPACE_RANGES = (
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation ("。", "、", "「")
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3100, 0x312F),  # bopomofo
    (0x31A0, 0x31FF),  # bopomofo extended, CJK strokes, katakana extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width and half-width forms ("，", "！", half-width katakana)
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)


def is_no_space_char(ch: str) -> bool:
    """True for a character of a script that puts no spaces between words (Chinese, Japanese)."""
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _NO_SPACE_RANGES)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospace terminal: wide (CJK) characters count 2, combining marks 0."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def text_width(lines: Sequence[str]) -> int:
    """The wrap width of a text, estimated as the display width of its longest line."""
    return max((display_width(line.rstrip()) for line in lines), default=0)


def _first_word(line: str) -> str:
    """The first unit a wrapping program could have moved to the end of the previous line.

    That is one character in Chinese or Japanese (a break is allowed between any two), else the
    text up to the first space, or up to and including an inner hyphen (where wrappers also break).
    """
    if is_no_space_char(line[0]):
        return line[0]
    word = line.split(maxsplit=1)[0]
    hyphen = word.find("-", 1)
    return word[: hyphen + 1] if 0 < hyphen < len(word) - 1 else word


def _joins_without_space(left: str, right: str) -> bool:
    """True when the break sits between two characters of a script written without spaces."""
    return is_no_space_char(left[-1]) and is_no_space_char(right[0])


def is_soft_break(line: str, next_line: str, width: int) -> bool:
    """Whether the break between ``line`` and ``next_line`` is a wrap made by a program.

    ``line`` is measured as it stands in the source (indentation and markup included); ``width`` is
    the wrap width of the text. See :func:`join_wrapped_lines` for the rule.
    """
    left, right = line.rstrip(), next_line.strip()
    if not left.strip() or not right or LIST_MARKER.match(next_line) or left.endswith(":"):
        return False
    gap = 0 if _joins_without_space(left, right) else 1
    needed = display_width(left) + gap + display_width(_first_word(right))
    if needed > width:
        return True
    return (right[0].islower() or gap == 0) and needed > width * _PROPORTIONAL_SLACK


def _junction(left: str, right: str) -> tuple[str, bool, Removal | None]:
    """How a soft-wrapped line joins the next: the separator, whether ``left``'s end hyphen goes, the removal.

    A space; nothing between two Chinese/Japanese characters or after a word's end hyphen; and an
    end hyphen between two lowercase letters only split a word: it goes, recorded.
    """
    hyphen = _HYPHEN_END.search(left[-_HYPHEN_TAIL:]) if left.endswith("-") else None
    if hyphen and hyphen.group(1)[-1].islower() and right[0].islower():
        start = _WORD_START.match(right)
        return "", True, Removal("line-end hyphen", f"{hyphen.group(0)}{start.group(1) if start else ''}")
    if _joins_without_space(left, right) or hyphen:
        return "", False, None
    return " ", False, None


def join_wrapped_lines(
    lines: list[str], width: int | None = None, *, measure: Sequence[str] | None = None
) -> tuple[str, list[Removal]]:
    """Join the lines of one block, keeping only the line breaks the author meant.

    A program that wraps text at a width of W columns (``fmt``, ``textwrap``, an editor's hard
    wrap, a PDF's text layer) moves a word to the next line only when it would not fit: so the
    break after line *i* is a **soft wrap** when ``len(line_i) + 1 + len(first word of line_i+1)
    > W``. A line that is short although the next word would have fitted was broken by the author
    (an address, a poem, a signature) and keeps its ``"\\n"``. ``width`` is the wrap width of the
    whole text, not only of this block (an address block in a text whose longest line is 120 is
    short); when it is ``None`` the longest of ``lines`` is taken. Lengths are display columns
    (a Chinese character counts 2); ``measure`` gives, line for line, the text to measure when it
    differs from the text to join (a Markdown source line with its markup and indentation).

    Exceptions and refinements:

    - prose wrapped at no fixed width (:func:`_ragged_prose`) is joined at every break but after
      a ":" and before a list marker;
    - a break before a list marker ("- ", "* ", "• ", "1. ", "1) ") or after a line ending with
      ":" stays hard;
    - a proportional font does not wrap at an exact column: a line reaching 85 % of W followed by a
      line starting in lowercase (or a Chinese/Japanese line followed by one) is a soft wrap too (a
      PDF's text layer, a copied web page);
    - joining puts one space, none between two Chinese/Japanese characters (no spaces in those
      scripts); a line-end hyphen between two lowercase letters only split a word and goes
      ("écono-" + "mie" -> "économie", recorded as ``Removal("line-end hyphen", "écono-mie")``),
      before an uppercase letter it is kept ("Jean-" + "Rostand" -> "Jean-Rostand").

    Returns the block's text (lines stripped of surrounding spaces) and the removals made.
    """
    measured = list(measure) if measure is not None else lines
    if len(measured) != len(lines):
        raise ValueError("measure must have one line per line")
    wrap = width if width is not None else text_width(measured)
    ragged = _ragged_prose([line.strip() for line in lines])
    removals: list[Removal] = []
    parts: list[list[str]] = []  # lines kept apart by hard breaks; each one a list of pieces
    previous = ""
    for i, line in enumerate(lines):
        text = line.strip()
        if previous and text and (is_soft_break(measured[i - 1], measured[i], wrap) or (
                ragged and not LIST_MARKER.match(measured[i]) and not previous.endswith(":"))):
            separator, drop_hyphen, removal = _junction(previous, text)
            if drop_hyphen:
                parts[-1][-1] = parts[-1][-1][:-1]
            parts[-1].append(separator + text)
            removals.extend([removal] if removal else [])
        else:
            parts.append([text])
        previous = text
    return "\n".join(joined for joined in ("".join(part) for part in parts) if joined), removals


def _tab_table(lines: list[str]) -> list[str]:
    """Rows of a tab-separated table ("Header: cell; Header: cell", as Markdown and HTML tables
    are read), or [] when the lines are not one: two lines or more, each with the same number of
    tab-separated cells (two or more), the first giving the headers."""
    cells = [[cell.strip() for cell in re.split(r"\t+", line.strip())] for line in lines]
    if len(cells) < 2 or len(cells[0]) < 2 or any(len(row) != len(cells[0]) for row in cells):
        return []
    return [row_text(cells[0], row) for row in cells[1:]]


def _ragged_prose(lines: list[str]) -> bool:
    """Whether a block is prose wrapped at no fixed width (a mail, a copied page): three lines or
    more, most of them ending mid-sentence, and a sentence that ends inside a line
    ("… im Stadtteil\nHaslach beschlossen. Die Baukosten sind mit 23,7\nMillionen Euro …").
    An address, a poem or a list of fields ends no sentence inside a line."""
    if len(lines) < 3:
        return False
    open_ended = sum(1 for line in lines[:-1] if line and not line.endswith(_LINE_END))
    return open_ended * 3 >= (len(lines) - 1) * 2 and any(_SENTENCE_INSIDE.search(line) for line in lines)


def _split_blocks(lines: list[str]) -> list[list[str]]:
    """Groups of consecutive non-blank lines."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [group for group in groups if group]


def _list_items(lines: list[str], width: int) -> tuple[list[list[str]], list[str]]:
    """Split lines starting with a list marker into items, and the lines left after the list.

    ``width`` is the wrap width of the whole text.

    A line without a marker continues the current item when it is indented or when the break
    before it is a soft wrap; otherwise the list is over and the rest is returned.
    """
    items: list[list[str]] = []
    for i, line in enumerate(lines):
        if LIST_MARKER.match(line):
            items.append([line])
        elif line[:1].isspace() or is_soft_break(lines[i - 1], line, width):
            items[-1].append(line)
        else:
            return items, lines[i:]
    return items, []


def _read_block(lines: list[str], width: int) -> tuple[list[Block], list[Removal]]:
    """The blocks of one group of non-blank lines: a table, a paragraph, list items, or both."""
    if rows := _tab_table(lines):
        return [Block("table_row", row) for row in rows], []
    first_marker = next((i for i, line in enumerate(lines) if LIST_MARKER.match(line)), None)
    if first_marker is None:
        text, removals = join_wrapped_lines(lines, width)
        return [Block("paragraph", text)], removals
    blocks: list[Block] = []
    removals = []
    if first_marker:
        text, removals = join_wrapped_lines(lines[:first_marker], width)
        blocks.append(Block("paragraph", text))
    items, rest = _list_items(lines[first_marker:], width)
    for item in items:
        marker = LIST_MARKER.match(item[0])
        assert marker is not None
        content = [item[0][marker.end() :], *item[1:]]
        # an item's continuation lines are joined: width 0 makes every break soft but the
        # exceptions (a line ending with ":")
        text, item_removals = join_wrapped_lines(content, 0)
        blocks.append(Block("list_item", text))
        removals.extend(item_removals)
    if rest:
        rest_blocks, rest_removals = _read_block(rest, width)
        blocks.extend(rest_blocks)
        removals.extend(rest_removals)
    return blocks, removals


def read_plaintext(text: str) -> Extracted:
    """Read a plain-text body into paragraphs and list items.

    Blocks are separated by blank lines. A block of tab-separated lines is a table (one
    ``table_row`` per line under the first, each cell with its header). Lines starting with a list marker ("- ", "* ", "• ",
    "1. ", "1) ") are list items (the marker is dropped, an item's continuation lines joined); the
    lines before the first marker are a paragraph. Line breaks inside a block go through
    :func:`join_wrapped_lines`, with the wrap width of the whole text. Titles are not decided here.
    """
    lines = text.split("\n")
    width = text_width(lines)
    blocks: list[Block] = []
    removals: list[Removal] = []
    for group in _split_blocks(lines):
        group_blocks, group_removals = _read_block(group, width)
        blocks.extend(block for block in group_blocks if block.text)
        removals.extend(group_removals)
    return Extracted(blocks, removals)
