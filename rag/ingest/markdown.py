"""Markdown reader: walks markdown-it-py's token stream into typed blocks.

Headings, paragraphs, list items, table rows (each rendered with its header), block quotes and
code become :class:`~rag.ingest.blocks.Block` s; inline markup is dropped but its text kept.
Markup that is not text (``#``, ``---``, ``*``, list markers) is dropped without a record; text
that is left out (HTML comments, ``<script>``/``<style>``, link reference definitions) is a
:class:`~rag.ingest.blocks.Removal`. Soft line breaks go through
:func:`~rag.ingest.plaintext.join_wrapped_lines`, measured on the source lines.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, NamedTuple

from rag.ingest.blocks import Block, BlockKind, Extracted, row_text
from rag.ingest.plaintext import join_wrapped_lines, text_width
from rag.types import Removal

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_TASK_BOX = re.compile(r"\[[ xX]\]\s+")
_BR_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE)
_BLOCK_TAG = re.compile(
    r"</?(?:address|article|aside|blockquote|br|dd|details|div|dl|dt|figcaption|figure|footer|"
    r"h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|td|th|tr|ul)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")
# What a container (block quote, list item) puts before a line: "> ", "- ", "1. ", indentation
_CONTAINER_PREFIX = re.compile(r"^(?:[ \t]*(?:>|[-+*](?=\s|$)|\d{1,9}[.)](?=\s|$)))*[ \t]*")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_LEAF_OPENERS = {"paragraph_open", "heading_open", "code_block", "fence", "html_block", "hr", "table_open"}


class _Inline(NamedTuple):
    """An inline token list rendered as text lines."""

    segments: list[str]  # text between two breaks
    hard: list[bool]  # for each break between segments: True when hard ("\n" kept)
    source_line: list[int]  # for each segment: its line, counted from the first line of the block
    removals: list[Removal]


def _render_inline(children: list[Token]) -> _Inline:
    """Render inline tokens as text lines, with the kind of each break and the removals.

    Emphasis and link markup go, code spans and link texts stay, an image gives its alt text, an
    inline HTML tag goes but the text around it stays (``<br>`` is a hard break).
    """
    out = _Inline([""], [], [0], [])
    for tok in children:
        if tok.type in ("text", "code_inline", "image"):
            out.segments[-1] += tok.content
        elif tok.type in ("softbreak", "hardbreak") or (
            tok.type == "html_inline" and _BR_TAG.fullmatch(tok.content.strip())
        ):
            out.segments.append("")
            out.hard.append(tok.type != "softbreak")
            out.source_line.append(out.source_line[-1] + (tok.type != "html_inline"))
        elif tok.type == "html_inline" and tok.content.startswith("<!--"):
            out.removals.append(Removal("HTML comment", tok.content))
    return out


def _mask_prefix(source_line: str, content_line: str) -> str:
    """The source line with its container prefix ("> ", list indentation) turned into spaces.

    It keeps the columns the line took in the source (what a wrapping program counted) while
    its first word is the content's first word.
    """
    src, content = source_line.rstrip(), content_line.strip()
    if content and src.endswith(content):
        return " " * (len(src) - len(content)) + content
    return src


def _html_text(raw: str) -> tuple[list[str], list[Removal]]:
    """Visible text of a raw HTML block, one string per block-level element, and its removals."""
    removals = [Removal("HTML comment", m.group(0).strip()) for m in _COMMENT.finditer(raw)]
    raw = _COMMENT.sub(" ", raw)
    removals += [Removal("HTML script or style", m.group(0).strip()) for m in _SCRIPT_STYLE.finditer(raw)]
    raw = _SCRIPT_STYLE.sub(" ", raw)
    texts = []
    for part in _BLOCK_TAG.split(raw):
        text = " ".join(html.unescape(_TAG.sub("", part)).split())
        if text:
            texts.append(text)
    return texts, removals


class _MarkdownWalker:
    """One pass over the token stream; collects blocks (in source order) and removals."""

    def __init__(self, md: MarkdownIt, source: list[str], width: int) -> None:
        self.md = md
        self.source = source
        self.width = width
        self.blocks: list[Block | None] = []  # None: slot of a list item still being read
        self.removals: list[tuple[int, Removal]] = []  # (source line, removal) for ordering
        self.containers: list[str] = []  # "quote" / "item", innermost last
        self.items: list[tuple[int, list[str]]] = []  # (slot in blocks, texts of the item)

    # ------------------------------------------------------------------ output helpers

    def _remove(self, line: int, removals: list[Removal]) -> None:
        self.removals.extend((line, removal) for removal in removals)

    def _emit(self, kind: BlockKind, text: str, level: int = 0) -> None:
        """Add a text block where it belongs: in the open list item, as a quote, or as is."""
        if not text:
            return
        if self.containers and self.containers[-1] == "item" and kind in ("paragraph", "heading"):
            parts = self.items[-1][1]
            parts.append(_TASK_BOX.sub("", text, count=1) if not parts and text.startswith("[") else text)
        elif "quote" in self.containers and kind in ("paragraph", "heading"):
            self.blocks.append(Block("quote", text))
        else:
            self.blocks.append(Block(kind, text, level))

    # ------------------------------------------------------------------ token handlers

    def walk(self, tokens: list[Token]) -> None:
        """Handle every block-level token."""
        i = 0
        while i < len(tokens):
            i = self._token(tokens, i)

    def _token(self, tokens: list[Token], i: int) -> int:
        """Handle ``tokens[i]``; return the index of the next token to handle."""
        tok = tokens[i]
        if tok.type in ("blockquote_open", "list_item_open"):
            self.containers.append("quote" if tok.type == "blockquote_open" else "item")
            if tok.type == "list_item_open":
                self.items.append((len(self.blocks), []))
                self.blocks.append(None)
        elif tok.type in ("blockquote_close", "list_item_close"):
            self.containers.pop()
            if tok.type == "list_item_close":
                slot, parts = self.items.pop()
                text = " ".join(parts)
                self.blocks[slot] = Block("list_item", text) if text else None
        elif tok.type in ("paragraph_open", "heading_open"):
            self._text_block(tok, tokens[i + 1])
            return i + 3
        elif tok.type in ("fence", "code_block") and tok.content.strip():
            self.blocks.append(Block("code", tok.content.rstrip("\n")))
        elif tok.type == "html_block":
            texts, removals = _html_text(tok.content)
            self._remove(tok.map[0] if tok.map else 0, removals)
            for text in texts:
                self._emit("paragraph", text)
        elif tok.type == "table_open":
            return self._table(tokens, i)
        elif tok.type == "hr" and tok.map:  # a thematic break ("---", "* * *") separates; it states nothing
            self._remove(tok.map[0], [Removal("separator line", self.source[tok.map[0]].strip())])
        return i + 1

    def _text_block(self, opener: Token, inline: Token) -> None:
        """A paragraph or a heading. A setext heading over several lines is a paragraph and a rule."""
        rendered = _render_inline(inline.children or [])
        segments = rendered.segments
        self._remove(opener.map[0] if opener.map else 0, rendered.removals)
        sentence = opener.markup in ("-", "=") and segments[-1].rstrip().endswith(tuple(".!?…。！？"))
        if opener.type == "heading_open" and len(segments) == 1 and not sentence:
            self._emit("heading", segments[0].strip(), int(opener.tag[1:]))
        elif opener.type == "heading_open":  # "Line one\nLine two\n---" (lines the author broke) or a
            # sentence above a rule ("L'association compte désormais 318 adhérents.\n---"): text to quote
            self._emit("paragraph", "\n".join(s.strip() for s in segments if s.strip()))
        else:
            self._emit("paragraph", self._join(opener, inline, rendered))

    def _join(self, opener: Token, inline: Token, rendered: _Inline) -> str:
        """Join a paragraph's lines: hard breaks kept, soft breaks decided on the source lines.

        A segment is measured on its source line (markup and container prefix included: what a
        wrapping program counted) when the lines can be matched, else on its rendered text.
        """
        segments, measure = rendered.segments, None
        content_lines = inline.content.split("\n")
        if opener.map and len(content_lines) == rendered.source_line[-1] + 1 == opener.map[1] - opener.map[0]:
            source = self.source[opener.map[0] : opener.map[1]]
            masked = [_mask_prefix(src, line) for src, line in zip(source, content_lines, strict=True)]
            measure = [masked[n] for n in rendered.source_line]
        texts, start = [], 0
        for end in [i + 1 for i, is_hard in enumerate(rendered.hard) if is_hard] + [len(segments)]:
            group_measure = measure[start:end] if measure else None
            text, removals = join_wrapped_lines(segments[start:end], self.width, measure=group_measure)
            self._remove(opener.map[0] if opener.map else 0, removals)
            texts.append(text)
            start = end
        return "\n".join(text for text in texts if text)

    def _table(self, tokens: list[Token], i: int) -> int:
        """One ``table_row`` block per body row: "Header: cell; Header: cell"."""
        header: list[str] | None = None
        row: list[str] = []
        row_line = n_rows = 0
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "tr_open":
                row, row_line = [], tok.map[0] if tok.map else 0
            elif tok.type == "inline":
                row.append(self._cell_text(tok.children or [], row_line))
            elif tok.type == "tr_close" and header is None:
                header = row + self._extra_cells(row_line, len(row))
            elif tok.type == "tr_close":
                row += self._extra_cells(row_line, len(header or []))
                self._emit("table_row", row_text(header or [], row))
                n_rows += 1
            i += 1
        if not n_rows:  # a header without rows: its text is still text
            self._emit("table_row", row_text([], header or []))
        return i + 1

    def _cell_text(self, children: list[Token], line: int) -> str:
        """A table cell's text on one line."""
        rendered = _render_inline(children)
        self._remove(line, rendered.removals)
        return " ".join(" ".join(rendered.segments).split())

    def _extra_cells(self, line: int, n_header: int) -> list[str]:
        """Cells beyond the header's count, which markdown-it drops: kept as values without a header."""
        src = _CONTAINER_PREFIX.sub("", self.source[line]) if line < len(self.source) else ""
        src = src.strip()
        src = src.removeprefix("|")
        src = src[:-1] if src.endswith("|") and not src.endswith("\\|") else src
        cells = _UNESCAPED_PIPE.split(src)[n_header:]
        return [self._cell_text(self.md.parseInline(cell.strip())[0].children or [], line) for cell in cells]

    def uncovered_removals(self, covered: set[int]) -> None:
        """Source lines no block token covers: link reference definitions, recorded as removed."""
        run: list[tuple[int, str]] = []
        for n, line in enumerate([*self.source, ""]):
            text = _CONTAINER_PREFIX.sub("", line).strip() if n not in covered else ""
            if text:
                run.append((n, text))
            elif run:
                self._remove(run[0][0], [Removal("link reference", "\n".join(t for _, t in run))])
                run = []


def _covered_lines(tokens: list[Token]) -> set[int]:
    """Source lines that belong to a leaf block (paragraph, heading, code, HTML, rule, table)."""
    covered: set[int] = set()
    for tok in tokens:
        if tok.type in _LEAF_OPENERS and tok.map:
            covered.update(range(tok.map[0], tok.map[1]))
    return covered


def _paragraph_width(tokens: list[Token], source: list[str]) -> int:
    """Wrap width of the prose: the longest source line of a paragraph (not code or a table row)."""
    lines = [source[n] for tok in tokens if tok.type == "paragraph_open" and tok.map for n in range(*tok.map)]
    return text_width(lines)


def read_markdown(text: str) -> Extracted:
    """Read a Markdown (CommonMark + tables) body into typed blocks and removals.

    - ATX and setext headings are ``heading`` blocks; a setext "heading" over several lines (a
      letterhead above a ``---`` rule) or ending like a sentence is a paragraph keeping its line breaks;
    - paragraphs lose their inline markup, not its text; soft breaks go through
      :func:`~rag.ingest.plaintext.join_wrapped_lines`, hard breaks stay ``"\\n"``;
    - one ``list_item`` per item (its paragraphs joined with a space; nested items are their own
      blocks; task-list boxes dropped); one ``table_row`` per body row, each cell with its header;
    - block quotes are ``quote`` blocks, code blocks ``code`` blocks (text as is);
    - raw HTML blocks give their visible text; comments, scripts and styles and link reference
      definitions are recorded removals; rules and markup characters are dropped silently.
    """
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    source = text.split("\n")
    walker = _MarkdownWalker(md, source, _paragraph_width(tokens, source))
    walker.walk(tokens)
    walker.uncovered_removals(_covered_lines(tokens))
    blocks = [block for block in walker.blocks if block is not None]
    removals = [removal for _, removal in sorted(walker.removals, key=lambda pair: pair[0])]
    return Extracted(blocks, removals)

