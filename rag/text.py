"""Text normalisation, language identification and the BM25 tokenizer.

Kept in one place because indexing and querying must fold and stem text identically;
any change here changes what the lexical index means (bump INDEX_FORMAT_VERSION).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import bm25s.stopwords as bm25_stopwords
import Stemmer

#: Languages we identify and stem; others fall back to "en" rules (folding still applies).
LANGUAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "en": ("english", bm25_stopwords.STOPWORDS_EN),
    "fr": ("french", bm25_stopwords.STOPWORDS_FRENCH),
    "es": ("spanish", bm25_stopwords.STOPWORDS_SPANISH),
    "de": ("german", bm25_stopwords.STOPWORDS_GERMAN),
    "it": ("italian", bm25_stopwords.STOPWORDS_ITALIAN),
    "pt": ("portuguese", bm25_stopwords.STOPWORDS_PORTUGUESE),
    "nl": ("dutch", bm25_stopwords.STOPWORDS_DUTCH),
}
DEFAULT_LANGUAGE = "en"

WORD_RE = re.compile(r"\w+", re.UNICODE)
# Zero-width, bidirectional and other format/control characters that must never reach an index.
_INVISIBLE_RE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ", "\u202f": " "})


def clean_text(text: str) -> str:
    """Normalise a document: NFC, no invisible/control characters, unix newlines, straight apostrophes.

    Straight apostrophes matter because users type ``'`` while articles use ``’``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE_RE.sub("", text)
    return text.translate(_APOSTROPHES)


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text (``Élève`` -> ``eleve``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _identifier():  # noqa: ANN202 - third-party type
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def detect_language(text: str, default: str = DEFAULT_LANGUAGE) -> str:
    """ISO 639-1 code of the text's language among :data:`LANGUAGES`, or ``default`` if unsure."""
    sample = text[:2000]
    if len(WORD_RE.findall(sample)) < 2:
        return default
    lang, prob = _identifier().classify(sample)
    return lang if prob >= 0.5 else default


@lru_cache(maxsize=None)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(LANGUAGES.get(lang, LANGUAGES[DEFAULT_LANGUAGE])[0])


@lru_cache(maxsize=None)
def _stopwords(lang: str) -> frozenset[str]:
    words = LANGUAGES.get(lang, LANGUAGES[DEFAULT_LANGUAGE])[1]
    return frozenset(fold(w) for w in words)


def tokenize(text: str, lang: str) -> list[str]:
    """BM25 terms: folded words without stopwords, stemmed with the text's own language rules."""
    stop = _stopwords(lang)
    words = [w for w in WORD_RE.findall(fold(text.translate(_APOSTROPHES))) if w not in stop]
    # Elided articles (l', d', qu') stay glued to the word by \w+ splitting only if no apostrophe;
    # "l'action" is split into "l" and "action" and single letters are dropped here.
    words = [w for w in words if len(w) > 1 or w.isdigit()]
    return _stemmer(lang).stemWords(words)


def content_terms(text: str, lang: str) -> set[str]:
    """The distinct stemmed terms of a text, used to measure lexical support of a sentence."""
    return set(tokenize(text, lang))
