"""Rules that remove text from a document, each one named and reported.

Applied to every format after its reader (:mod:`rag.ingest.blocks`):

* **front matter**: a leading ``---`` block counts only when its YAML is a mapping; a letterhead
  between two ``---`` lines is text (:func:`split_front_matter`);
* **furniture**: whole lines that are site furniture of scraped articles (comment forms,
  "don't miss" rails, reading times, bare timestamps, photo credits, separator lines), matched
  case- and accent-insensitively in en/fr/es/de;
* **title**: the first line or heading taken as the document's title, and repetitions of it;
* **date line**: a "date 2026-02-28" prefix glued to the first line by scrapers;
* **paywall cut**: a last paragraph that stops mid-phrase (one line, no sentence punctuation,
  ending on a function word such as "pour", "the", "de"), which scrapers leave where a paywall
  cut the article. Never a list item, a table row or a heading, and always reported.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rag.ingest.blocks import Block
from rag.text import WORD_RE, fold, stopwords
from rag.types import Removal

_FURNITURE = [
    # comment forms
    r"(laisser|laissez|leave|post) (un|a) (commentaire|comment|reply|reponse)",
    r"your email address will not be published\.?",
    r"votre adresse (e-?mail|de messagerie|courriel) ne sera pas publiee\.?",
    r"(required fields are marked|les champs obligatoires sont indiques).*",
    r"(nom|name|e-?mail|site web|website|commentaire|comment)\s*\*?",
    r"(enregistrer|save) (mon nom|my name).*",
    # rails and navigation
    (
        r"(a ne pas manquer|ne manquez pas|don't miss|dont miss|a lire aussi|lire aussi|a lire egalement|read more|read also|"
        r"related( articles| posts| stories)?|articles similaires|sur le meme sujet|dans la meme rubrique|"
        r"dernieres nouvelles|derniers articles|latest news|latest posts|les plus lus|most read|popular posts|"
        r"tendances|trending|newsletter|abonnez-vous.*|subscribe.*|inscrivez-vous.*|suscribete.*|suscribase.*|"
        r"hazte suscriptor.*|jetzt abonnieren.*|abonnieren sie.*|iscriviti.*|abbonati.*|assine.*|inscreva-se.*|"
        r"partager( sur \w+| cet article| l'article)?|share( this| on \w+| this article)?|tweet|"
        r"publicite|advertisement|sponsored|contenu sponsorise|mentions legales|cookies?)\s*:?"
    ),
    # a "read also" rail with the title it links to: "Lire aussi : Les trottinettes interdites à Paris"
    r"(a lire aussi|lire aussi|a lire egalement|voir aussi|read also|read more|see also|lea tambien|lee tambien|"
    r"lesen sie auch|mehr zum thema|leggi anche|leia tambem|leia mais|lees ook)\s*:.{1,120}",
    # a publication stamp: "Publié le 14 mars 2026 à 08h15", "Published March 14, 2026, 8:15 am"
    (
        r"(publie|mis a jour|modifie|published|updated|posted|veroffentlicht|aktualisiert|publicado|actualizado|"
        r"pubblicato|aggiornato)(\s+(le|on|am|el|il|em|at))?\s*:?\s*(\w+,?\s+)?"
        r"(\d{1,2}(er|st|nd|rd|th)?\.?\s+(de\s+)?\w+\.?\s+(de\s+)?\d{4}|\w+\.?\s+\d{1,2},?\s+\d{4})"
        r"(\s*,?\s*((a|at|um|a las|alle|as|-)\s*)?\d{1,2}\s*[:h]\s*\d{2}(\s*(am|pm|uhr))?)?"
    ),
    # reading time, bare timestamps, photo credits
    r"\d+\s*(min|minutes?)\s*(de lecture|read|reading|lectura|lesezeit)",
    r"(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})(\s+(a\s+)?\d{1,2}[:h]\d{2})?",
    r"(photo|photos|image|credit photo|credit|credits|foto|bild)\s*(:|©).*",
    r"©.*",
]
_FURNITURE_RE = re.compile(r"^\s*(?:" + "|".join(_FURNITURE) + r")\s*$", re.IGNORECASE)
_SEPARATOR_RE = re.compile(r"^\s*([-=_*~#•·.])(\s*\1){2,}\s*$")
_LEADING_DATE_RE = re.compile(r"^\s*(date|published|publie le|publie)\s*:?\s*\d{4}-\d{2}-\d{2}\s*", re.IGNORECASE)
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_TERMINAL = tuple(".!?…»\"')]:;。！？」』”")
#: A title is one short line; longer first lines are prose (measured on the bundled and shared corpora: titles <= 120).
TITLE_MAX_CHARS = 150


def is_furniture(line: str) -> bool:
    """True for a line that is site furniture, whatever its case or accents."""
    return bool(_FURNITURE_RE.match(fold(line)))


def split_front_matter(text: str) -> tuple[str, dict[str, object], list[Removal]]:
    """YAML front matter -> (body, metadata, removals); text without a YAML *mapping* is all body.

    A ``---`` block whose YAML is a string ("Cabinet Marchetti\\n12 rue des Tanneurs"), does
    not parse, or is a mapping of words rather than of metadata keys (:func:`_metadata_keys`) is
    document text (a letterhead, a separator, a memo's header), never silently dropped.
    """
    import yaml

    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return text, {}, []
    try:
        meta = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError:
        return text, {}, []
    if not isinstance(meta, dict) or not _metadata_keys(meta):
        return text, {}, []
    return text[match.end() :], {str(k): v for k, v in meta.items()}, [Removal("front matter", match.group(0).strip())]


#: Keys that mark a mapping as a document's metadata (Jekyll, Hugo, Pandoc, Obsidian and scrapers' own).
METADATA_KEYS = frozenset(
    "title subtitle date author authors tags lang language description summary categories category slug layout "
    "draft source url link published updated lastmod modified created keywords aliases type id abstract".split()
)


def _metadata_keys(meta: dict) -> bool:
    """Whether a ``---`` mapping is metadata: one known key, or only lower-case identifiers as keys.
    "Von: Dr. Anke Brandt / An: … / Betreff: …" (a memo's header) and "Achtung: Das Konzert …" (a
    notice) are mappings too, but of words a reader is meant to read."""
    keys = [str(k) for k in meta]
    return any(k.lower() in METADATA_KEYS for k in keys) or all(re.fullmatch(r"[a-z][a-z0-9_-]*", k) for k in keys)


def title_key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used to recognise a repeated title."""
    return re.sub(r"\W+", " ", fold(text)).strip()


def drop_furniture(blocks: list[Block]) -> tuple[list[Block], list[Removal]]:
    """Remove furniture and separator lines from every block; a block left empty goes."""
    kept: list[Block] = []
    removed: list[Removal] = []
    for block in blocks:
        if block.kind in ("code", "table_row"):
            kept.append(block)
            continue
        lines = []
        for line in block.text.split("\n"):
            if _SEPARATOR_RE.match(line):
                removed.append(Removal("separator line", line.strip()))
            elif is_furniture(line):
                removed.append(Removal("site furniture", line.strip()))
            else:
                lines.append(line)
        if any(line.strip() for line in lines):
            kept.append(replace(block, text="\n".join(line for line in lines if line.strip())))
    return kept, removed


def strip_date_line(blocks: list[Block]) -> tuple[list[Block], list[Removal]]:
    """A scraper's "date 2026-02-28" glued before the first line of text."""
    if not blocks:
        return blocks, []
    first = blocks[0]
    match = _LEADING_DATE_RE.match(first.text)
    if not match:
        return blocks, []
    rest = first.text[match.end() :]
    removal = [Removal("date line", match.group(0).strip())]
    return ([replace(first, text=rest)] if rest.strip() else []) + blocks[1:], removal


def _is_title_like(block: Block) -> bool:
    if block.kind == "heading":
        return block.level <= 2
    return block.kind == "paragraph" and "\n" not in block.text and len(block.text) <= TITLE_MAX_CHARS and (
        not block.text.rstrip().endswith(tuple(".!?…。！？")))


def take_title(blocks: list[Block], title: str) -> tuple[str, list[Block], list[Removal]]:
    """The document title, and the blocks without it or its repetitions.

    With a title from metadata, blocks equal to it are repetitions. Without one, a first block
    that looks like a title (a heading, or one short line without final punctuation that stands
    alone) becomes the title. Either way it is kept as the title, carried with every chunk.
    """
    removed: list[Removal] = []
    if not title and len(blocks) > 1 and _is_title_like(blocks[0]):
        title = blocks[0].text.strip()
        removed.append(Removal("title", title))
        blocks = blocks[1:]
    if not title:
        return "", blocks, removed
    key = title_key(title)
    kept = []
    for block in blocks:
        if block.kind in ("heading", "paragraph") and title_key(block.text) == key:
            removed.append(Removal("title repeated", block.text))
        else:
            kept.append(block)
    return title, kept, removed


def drop_paywall_cut(blocks: list[Block], lang: str) -> tuple[list[Block], list[Removal]]:
    """A last paragraph cut mid-phrase ("Si la demande pour") after a real article."""
    if len(blocks) < 2:
        return blocks, []
    last = blocks[-1]
    text = last.text.strip()
    if last.kind != "paragraph" or "\n" in text or text.endswith(_TERMINAL) or len(text) >= 80:
        return blocks, []
    words = WORD_RE.findall(fold(text))
    if not words or words[-1] not in stopwords(lang) or not any(len(b.text) > 80 for b in blocks[:-1]):
        return blocks, []
    return blocks[:-1], [Removal("paywall cut", text)]
