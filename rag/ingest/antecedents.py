"""What a sentence that names its subject by a pronoun is read with: the subject of the sentence it leans on.

"Elle est dirigée depuis 2022 par Thomas Le Gall." says nothing about the médiathèque on its own;
its vector is the encoder's reading of "La médiathèque Jean-Rostand de Saint-Brieuc. Elle est
dirigée …" instead. The quoted text never changes: only the vector that retrieval and the
answerer compare with the question (issue 12, "sentences that lean on their neighbours").

Measured with the default encoder (multilingual USE v3) on case ``01-pronoun-subject``:
"Who runs the Jean-Rostand media library?" has cosine 0.118 with the bare sentence and 0.402
with the sentence read after its antecedent's subject; 0.345 after the whole previous sentence,
whose other facts dilute it (2026-12-02).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rag.reference_words import DETERMINERS, POINTERS, UNSPACED
from rag.text import any_stopword
from rag.types import Chunk

_WORD_RE = re.compile(r"[\w’'-]+")
#: Words that join the parts of a name ("Jean-Rostand de Saint-Brieuc", "Bank of England").
_JOINERS = frozenset("de du des d' d’ of von van der del della di da do dos das".split())
#: Sentences looked back over for a subject, when the sentences before also lean back.
LOOK_BACK = 3


@lru_cache(maxsize=32)
def _pointers(lang: str) -> frozenset[str]:
    return frozenset() if lang in UNSPACED else frozenset(POINTERS.get(lang, "").partition("|")[0].split())


def leans_back(sentence: str, lang: str) -> bool:
    """Whether a sentence names its subject by a pronoun or a possessive among its first three
    words ("It opened in 1887 …", "Elle est dirigée …", "Son fonds compte …"). Languages written
    without spaces are not read this way."""
    pointers = _pointers(lang)
    return bool(pointers) and any(word in pointers for word in re.findall(r"\w+", sentence.lower())[:3])


def _name_part(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def subject_phrase(sentence: str, lang: str) -> str | None:
    """The noun phrase a sentence opens with, when it opens with one: a determiner and its noun
    followed by the words of a name ("La médiathèque Jean-Rostand de Saint-Brieuc"), or a name
    ("Kristopher King", "Le Trainium 3"). None when the sentence opens otherwise ("En 2015, …")
    or in a language without a list of determiners (:data:`rag.reference_words.DETERMINERS`)."""
    determiners = DETERMINERS.get(lang)
    words = list(_WORD_RE.finditer(sentence))
    if not determiners or not words:
        return None
    first = words[0].group().lower()
    elided = re.match(r"(l|d)['’]", first)
    if first in determiners.split() and len(words) > 1:
        end, i = words[1].end(), 2
    elif elided and len(first) > 2:
        end, i = words[0].end(), 1
    elif _name_part(words[0].group()) and not any_stopword(first):
        end, i = words[0].end(), 1  # "Kristopher King …"; not "En 2015, …" nor "Pourtant …"
    else:
        return None
    while i < len(words) and sentence[end : words[i].start()].strip(" -") == "":
        word = words[i].group()
        if _name_part(word):
            end, i = words[i].end(), i + 1
        elif word.lower() in _JOINERS and i + 1 < len(words) and _name_part(words[i + 1].group()):
            end, i = words[i + 1].end(), i + 2
        else:
            break
    if i == 1 and sentence[end : end + 1] == ",":
        return None  # "Pourtant, …", "Today, …": an adverb, not a subject
    phrase = sentence[:end].strip()
    return phrase if len(phrase) < len(sentence.strip()) else None


def read_with_antecedents(sentences: Iterable[str], lang: str) -> list[str]:
    """The text each sentence of a document (in order) is embedded as: itself, or, when it leans
    back (:func:`leans_back`), the subject phrase of the nearest sentence before it that does not
    (at most :data:`LOOK_BACK` back), a full stop, and itself."""
    texts = list(sentences)
    out: list[str] = []
    for i, text in enumerate(texts):
        subject = None
        if leans_back(text, lang):
            for j in range(i - 1, max(i - 1 - LOOK_BACK, -1), -1):
                if not leans_back(texts[j], lang):
                    subject = subject_phrase(texts[j], lang)
                    break
        out.append(f"{subject}. {text}" if subject else text)
    return out


def sentence_texts(chunks: Iterable[Chunk], languages: dict[str, str]) -> dict[int, str]:
    """Sentence id -> the text its vector is embedded from (:func:`read_with_antecedents`), for
    every sentence of ``chunks``; ``languages``: document id -> language. A sentence that two
    overlapping chunks share is read once, in its document's order."""
    by_doc: dict[str, dict[int, tuple[int, str]]] = {}
    for chunk in chunks:
        for (start, end), sid in zip(chunk.sentences, chunk.sentence_ids):
            by_doc.setdefault(chunk.doc_id, {})[sid] = (start, chunk.text[start - chunk.start : end - chunk.start])
    texts: dict[int, str] = {}
    for doc_id, sentences in by_doc.items():
        ordered = sorted(sentences.items(), key=lambda item: item[1][0])
        read = read_with_antecedents([text for _, (_, text) in ordered], languages.get(doc_id, ""))
        texts.update(zip((sid for sid, _ in ordered), read))
    return texts
