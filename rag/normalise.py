"""A question typed the way people type it, written the way the articles write it.

Keywords fold case and accents on both sides, but the multilingual encoder and the answer
model see the question itself: "QUI EST LE DIRECTEUR DU CONSERVATOIRE ?" or "Qui est Aurelien
Fevrier ?" embed far from "Aurélien Février". So before retrieval each word of the question is
given the spelling the index uses most for the same folded word (case and accents restored:
``aurelien`` -> ``Aurélien``, ``CONSERVATOIRE`` -> ``conservatoire``, and in a question typed all
in lower case ``annapurna`` -> ``Annapurna``); a question in capitals
that the index does not know is lower-cased, and umlauts typed as ae, oe, ue are restored when
the index writes the word with them ("Juergen" -> "Jürgen"). Words the user wrote with accents
or mixed case are theirs and stay as typed. The index keeps the vocabulary (:func:`surface_vocabulary`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from rag.text import any_stopword, fold

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: Words this short are left alone: "a"/"à", "ou"/"où" are different words, not spellings.
MIN_RESTORED_LENGTH = 3


def surface_vocabulary(texts: Iterable[str]) -> dict[str, str]:
    """Folded word -> its most frequent spelling, for words whose spelling differs from the folded form.

    ``texts``: the documents' clean texts. Only letters count (no digits); words shorter than
    :data:`MIN_RESTORED_LENGTH` are left out. Ties go to the spelling met first.
    """
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_WORD_RE.findall(text))
    best: dict[str, tuple[int, str]] = {}
    for surface, n in counts.items():
        if len(surface) < MIN_RESTORED_LENGTH:
            continue
        key = fold(surface)
        if key not in best or n > best[key][0]:
            best[key] = (n, surface)
    return {key: surface for key, (_, surface) in best.items() if surface != key}


def _shouting(question: str) -> bool:
    letters = [ch for ch in question if ch.isalpha() and (ch.isupper() or ch.islower())]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def normalise_question(question: str, lookup: Callable[[list[str]], dict[str, str]]) -> str:
    """The question with each word spelled as the index spells it (see the module docstring).

    ``lookup``: folded words -> spelling in the index (:meth:`rag.index.store.IndexStore.surface_forms`).
    A word is respelled when it is in capitals, or written without any accent while the index
    writes it with accents, or (in a question typed all in lower case) when the index writes it
    with a capital and it is no stopword of any language: a name. A word in capitals the index
    does not know is lower-cased when the whole question is in capitals. Returns the question
    unchanged when nothing applies.
    """
    shouting = _shouting(question)
    lowered = not any(ch.isupper() for ch in question)
    words = [m for m in _WORD_RE.finditer(question) if len(m.group()) >= MIN_RESTORED_LENGTH or shouting]
    if not words:
        return question
    keys = {fold(m.group()) for m in words}
    known = lookup(sorted(keys | {_untransliterated(k) for k in keys}))
    out: list[str] = []
    pos = 0
    for m in words:
        word = m.group()
        key = fold(word)
        spelled = known.get(key)
        umlauted = known.get(_untransliterated(key), "")
        if not spelled and word.isascii() and _UMLAUT_RE.search(umlauted):
            spelled = umlauted  # "Juergen Weissenboern" typed without umlauts: "Jürgen Weißenborn"
        if word.isupper() and len(word) > 1 and (shouting or spelled):
            new = spelled or word.lower()
        elif lowered and spelled and spelled[:1].isupper() and not any_stopword(key):
            new = spelled  # a name typed in lower case: "annapurna labs" -> "Annapurna Labs"
        elif spelled and word.isascii() and not spelled.isascii() and spelled.lower() != word.lower():
            new = _keep_initial(word, spelled)
        else:
            new = word
        out.append(question[pos : m.start()] + new)
        pos = m.end()
    result = "".join(out) + question[pos:]
    return result[:1].upper() + result[1:] if shouting else result


def _untransliterated(folded: str) -> str:
    """The folded key of a word typed with umlauts spelled out ("juergen" -> "jurgen", the key of
    "Jürgen"): German keyboards without ä, ö, ü write ae, oe, ue. Only a spelling with an umlaut
    in the index is taken (:data:`_UMLAUT_RE`), so "blue" or "does" are never respelled."""
    return folded.replace("ae", "a").replace("oe", "o").replace("ue", "u")


_UMLAUT_RE = re.compile("[äöüÄÖÜ]")


def _keep_initial(typed: str, spelled: str) -> str:
    """Accents from the index, the user's capital initial kept ("fevrier" stays lower-case, "Fevrier" -> "Février")."""
    if typed[:1].isupper() and spelled[:1].islower():
        return spelled[:1].upper() + spelled[1:]
    return spelled
