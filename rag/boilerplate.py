"""Removal of site furniture from plain-text articles (HTML goes through trafilatura instead).

Scraped articles end with comment forms, "don't miss" rails, reading times and photo credits.
None of it is evidence, and a citation that quotes "Laisser un commentaire" destroys trust,
so such lines are dropped before chunking. Patterns are whole-line and multilingual (en/fr/es/de).
"""

from __future__ import annotations

import re

from rag.text import fold

_FURNITURE = [
    # comment forms
    r"(laisser|laissez|leave|post) (un|a) (commentaire|comment|reply|reponse)",
    r"your email address will not be published\.?",
    r"votre adresse (e-?mail|de messagerie|courriel) ne sera pas publiee\.?",
    r"(required fields are marked|les champs obligatoires sont indiques).*",
    r"(nom|name|e-?mail|site web|website|commentaire|comment)\s*\*?",
    r"(enregistrer|save) (mon nom|my name).*",
    # rails and navigation
    r"(a ne pas manquer|ne manquez pas|don't miss|dont miss|a lire aussi|lire aussi|a lire egalement|read more|read also|"
    r"related( articles| posts| stories)?|articles similaires|sur le meme sujet|dans la meme rubrique|"
    r"dernieres nouvelles|derniers articles|latest news|latest posts|les plus lus|most read|popular posts|"
    r"tendances|trending|newsletter|abonnez-vous.*|subscribe.*|inscrivez-vous.*|"
    r"partager( sur \w+| cet article| l'article)?|share( this| on \w+| this article)?|tweet|"
    r"publicite|advertisement|sponsored|contenu sponsorise|mentions legales|cookies?)\s*:?",
    # reading time, bare timestamps, bylines of agencies, photo credits
    r"\d+\s*(min|minutes?)\s*(de lecture|read|reading|lectura|lesezeit)",
    r"(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})(\s+(a\s+)?\d{1,2}[:h]\d{2})?",
    r"(photo|photos|image|credit photo|credit|credits|foto|bild)\s*(:|©).*",
    r"©.*",
]
_FURNITURE_RE = re.compile(r"^\s*(?:" + "|".join(_FURNITURE) + r")\s*$", re.IGNORECASE)
_LEADING_DATE_RE = re.compile(r"^\s*(date|published|publie le|publie)\s*:?\s*\d{4}-\d{2}-\d{2}\s*", re.IGNORECASE)
_TERMINAL = tuple(".!?…»\"')]:;")


def _key(line: str) -> str:
    return re.sub(r"\W+", " ", fold(line)).strip()


def is_furniture(line: str) -> bool:
    """True for a line that is site furniture, whatever its case or accents."""
    return bool(_FURNITURE_RE.match(fold(line)))


def strip_boilerplate(text: str, title: str = "") -> str:
    """Drop furniture lines, repetitions of the title and a truncated tail."""
    lines = text.split("\n")
    if lines:
        lines[0] = _LEADING_DATE_RE.sub("", lines[0], count=1)
    title_key = _key(title) if title else None
    kept: list[str] = []
    for line in lines:
        if is_furniture(line):
            continue
        if title_key and line.strip() and _key(line) == title_key:
            continue
        kept.append(line.rstrip())
    _drop_truncated_tail(kept)
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return out + "\n" if out else ""


def _drop_truncated_tail(lines: list[str]) -> None:
    """A scraped article often ends mid-sentence ("Si la demande pour") where the paywall cut it."""
    while lines and not lines[-1].strip():
        lines.pop()
    if lines and len(lines[-1].strip()) < 60 and not lines[-1].strip().endswith(_TERMINAL):
        # only when it follows a real paragraph, so a one-line document survives
        if any(len(line) > 80 for line in lines[:-1]):
            lines.pop()
