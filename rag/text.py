"""Text normalisation, language identification and the BM25 tokenizer.

Kept in one place because indexing and querying must fold and stem text identically; any change
here changes what the lexical index means (bump INDEX_FORMAT_VERSION). Languages are the 15 of
the default encoder, multilingual USE v3
(https://tfhub.dev/google/universal-sentence-encoder-multilingual/3). Scripts written without
spaces (Han, kana, Thai) are cut into words by ICU's dictionary-based word BreakIterator,
whatever the language of the text they appear in; every other script keeps ``\\w+`` words.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import Stemmer


class _Stopwords(Sequence[str]):
    """The stopword list of one language, loaded on first use: from ``rag/stopwords.json`` (bm25s's
    NLTK lists, copied so keyword tokens do not depend on a store engine's package) or from
    Stopwords-ISO (https://github.com/stopwords-iso; importing it costs ~70 ms, which `rag --help`
    should not pay)."""

    def __init__(self, lang: str, source: str) -> None:
        self.lang, self.source = lang, source

    @property
    def _words(self) -> tuple[str, ...]:
        return _iso_stopwords(self.lang) if self.source == "iso" else tuple(_bundled_stopwords()[self.lang])

    def __getitem__(self, index: Any) -> Any:
        return self._words[index]

    def __len__(self) -> int:
        return len(self._words)

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __repr__(self) -> str:
        return f"_Stopwords({self.lang!r}, {self.source!r})"


@cache
def _bundled_stopwords() -> dict[str, list[str]]:
    return json.loads((Path(__file__).parent / "stopwords.json").read_text(encoding="utf-8"))


@cache
def _iso_stopwords(lang: str) -> tuple[str, ...]:
    import stopwordsiso

    return tuple(sorted(stopwordsiso.stopwords(lang)))


#: code -> (Snowball algorithm name, stopwords). The name is also the language's English name
#: (rag.answer.llm builds "Answer in French" from it), so languages Snowball has no stemmer for
#: (``Stemmer.algorithms()``, PyStemmer 3.1: none for zh, ja, ko, th) carry their English name
#: and are not stemmed. Stopwords: bm25s's NLTK lists where it has one, else Stopwords-ISO.
#: Other codes fall back to "en" rules (folding still applies).
LANGUAGES: dict[str, tuple[str, Sequence[str]]] = {
    "en": ("english", _Stopwords("en", "bundled")),
    "fr": ("french", _Stopwords("fr", "bundled")),
    "es": ("spanish", _Stopwords("es", "bundled")),
    "de": ("german", _Stopwords("de", "bundled")),
    "it": ("italian", _Stopwords("it", "bundled")),
    "pt": ("portuguese", _Stopwords("pt", "bundled")),
    "nl": ("dutch", _Stopwords("nl", "bundled")),
    "ar": ("arabic", _Stopwords("ar", "iso")),
    "zh": ("chinese", _Stopwords("zh", "bundled")),
    "ja": ("japanese", _Stopwords("ja", "iso")),
    "ko": ("korean", _Stopwords("ko", "bundled")),
    "pl": ("polish", _Stopwords("pl", "iso")),
    "th": ("thai", _Stopwords("th", "iso")),
    "tr": ("turkish", _Stopwords("tr", "bundled")),
    "ru": ("russian", _Stopwords("ru", "bundled")),
}
DEFAULT_LANGUAGE = "en"
#: Question words carry no topic; dropping them helped French BM25 (+0.003 to +0.012 hit@5 on PIAF).
_QUESTION_WORDS = {
    "fr": "quel quelle quels quelles combien comment pourquoi quand quoi lequel laquelle lesquels lesquelles duquel "
    "auquel cet cette ceux celle celles celui",
    "en": "much many",
    "es": "cual cuales cuanto cuanta cuantos cuantas donde cuando como quien quienes",
    "de": "wer wann warum wieviel wie welche welcher welches welchen welchem",
}
#: Languages whose words get the plural -s dropped before stemming (see :func:`_singular`).
_SINGULAR_LANGS = frozenset({"en", "fr", "es", "de", "it", "pt", "nl"})

WORD_RE = re.compile(r"\w+", re.UNICODE)
# Zero-width, bidirectional and other format/control characters that must never reach an index.
_INVISIBLE_RE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ", "\u202f": " "})
_LIGATURES = {"œ": "oe", "æ": "ae"}
#: Blocks whose combining marks are spelling, not accents: Indic (U+0900-0DFF), Thai and Lao
#: (U+0E00-0EFF), Tibetan and Myanmar (U+0F00-109F), Khmer (U+1780-17FF), kana voicing (U+3099-309A).
_SPELLING_MARK_BLOCKS = ((0x0900, 0x0DFF), (0x0E00, 0x0EFF), (0x0F00, 0x109F), (0x1780, 0x17FF), (0x3099, 0x309A))
#: Letters that look like accented ones but are letters of their own (re-composed after NFKD).
_CYRILLIC_LETTERS = {"и\u0306": "й", "у\u0306": "ў"}
_TURKISH_LETTERS = {"c\u0327": "ç", "s\u0327": "ş", "g\u0306": "ğ", "o\u0308": "ö", "u\u0308": "ü"}
#: NFKC splits Thai/Lao SARA AM into NIKHAHIT + SARA AA, which ICU's dictionaries do not know.
_SARA_AM = {"\u0e4d\u0e32": "\u0e33", "\u0ecd\u0eb2": "\u0eb3"}
_TATWEEL = "\u0640"  # Arabic justification stroke: typography, not spelling (Lucene's ArabicNormalizer drops it)
#: Characters ICU segments (Unicode Scripts.txt): Thai; Han (ext. A, URO, compatibility, ext. B-H),
#: 々〆〇; hiragana, katakana (incl. ー), katakana extension, kana supplement/extended.
_THAI = "\u0e00-\u0e7f"
_KANA = "\u3040-\u3098\u309b-\u30ff\u31f0-\u31ff\U0001b000-\U0001b16f"
_HAN = "\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
_KANA_RE = re.compile(f"[{_KANA}]")
#: A run to segment: starts on such a character, goes on over them and over non-word characters.
_SEGMENTED_RUN_RE = re.compile(f"([{_THAI}{_KANA}{_HAN}\u3099\u309a][{_THAI}{_KANA}{_HAN}\u3099\u309a\\W]*)")
#: Letters outside Latin (Basic, Latin-1, Extended-A/B, Extended Additional).
_NON_LATIN_LETTER_RE = re.compile("[^\\W\\d_\u0000-\u024f\u1e00-\u1eff]")
_WIDE_RE = re.compile("[\U00010000-\U0010ffff]")
#: ICU UBRK_WORD_NUMBER: segments with a rule status at or above it are words (numbers, letters, kana, ideographs).
_ICU_WORD_STATUS = 100


def clean_text(text: str) -> str:
    """Normalise a document: NFC, no invisible/control characters, unix newlines, straight apostrophes.

    Straight apostrophes matter because users type ``'`` while articles use ``’``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE_RE.sub("", text)
    return text.translate(_APOSTROPHES)


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text (``Élève`` -> ``eleve``).

    Accents go (Latin, Greek, Cyrillic ё -> е), and so do Arabic harakat, shadda and hamza
    marks (أ -> ا): optional vowel signs, as Lucene's ArabicNormalizer drops them. Marks that
    spell a word stay: Thai and Indic vowel signs and tone marks, kana voicing (が), and the
    breve of Cyrillic й: it is a letter, and Snowball's Russian adjective endings (-ый, -ий)
    need it. NFKC makes half-width katakana full-width; Hangul comes back as syllables.
    """
    return _fold(text, turkish=False)


def _fold(text: str, turkish: bool) -> str:
    """:func:`fold`; ``turkish`` keeps ç ğ ö ş ü, which Snowball's Turkish stemmer needs for vowel harmony.

    Characters are deleted with ``str.replace``, once per distinct one: 3x faster than ``str.translate``.
    """
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    chars = set(decomposed)  # per distinct character: fast on 10 MB
    latin = not turkish and max(chars, default=" ") < "\u0370"  # the historical fold, nothing to re-compose
    if not latin:
        for pairs in (_CYRILLIC_LETTERS, _TURKISH_LETTERS if turkish else {}, _SARA_AM):
            for pair, letter in pairs.items():
                if pair[1] in chars and pair in decomposed:
                    decomposed = decomposed.replace(pair, letter)
    dropped = [ch for ch in chars if unicodedata.combining(ch) and not _spelling_mark(ch)]
    if _TATWEEL in chars:
        dropped.append(_TATWEEL)
    for ch in dropped:
        decomposed = decomposed.replace(ch, "")
    for ligature in chars.intersection(_LIGATURES):
        decomposed = decomposed.replace(ligature, _LIGATURES[ligature])
    return decomposed if latin else unicodedata.normalize("NFC", decomposed)


def _spelling_mark(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _SPELLING_MARK_BLOCKS)


@lru_cache(maxsize=1)
def _identifier() -> Any:  # py3langid's LanguageIdentifier
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))  # py3langid 0.4 labels Chinese "zh", as we do
    return ident


def language_probabilities(text: str) -> dict[str, float]:
    """Probability of each language of :data:`LANGUAGES`; short questions are often ambiguous.

    A single Latin-script word says too little and counts as :data:`DEFAULT_LANGUAGE`; text in
    another script (one Russian word, a Chinese question without spaces) is identified.
    """
    sample = text[:2000]
    if len(WORD_RE.findall(sample)) < 2 and not _NON_LATIN_LETTER_RE.search(sample):
        return {DEFAULT_LANGUAGE: 1.0}
    return {lang: float(prob) for lang, prob in _identifier().rank(sample)}


#: Question openers that belong to one language only (folded; "quando", "wie", "como" are shared and left out).
#: py3langid reads "Qui dirige Annapurna Labs ?" as Italian (0.46, French 0.18): the opener says more.
QUESTION_OPENERS = {
    "fr": "qui quel quelle quels quelles quand combien pourquoi comment ou lequel laquelle lesquels lesquelles",
    "en": "who whom whose what when where why how which",
    "es": "quien quienes cual cuales cuanto cuanta cuantos cuantas donde",
    "de": "wer wann warum wieviel wieso weshalb welche welcher welches welchen welchem woher wohin",
    "it": "chi quale quali perche dove cosa",
    "pt": "quem qual quais onde",
    "nl": "wat wanneer waarom hoeveel welke waar hoe",
}
_OPENER_LANGUAGE = {w: lang for lang, words in QUESTION_OPENERS.items() for w in words.split()}
_OPENER_WEIGHT, _OPENER_WITHIN = 1.0, 3  # probability mass the opener adds; words searched for it
#: A name inside a question: capitalised words after the first, with particles ("Musée de la Lumière").
_NAME_RUN_RE = re.compile(r"(?<=\S\s)(?:[^\W\d_]*[A-ZÀ-ÞĀ-ſ][\w'’-]*)(?:\s+(?:(?:de|la|le|les|du|des|del|della|di|da|do|dos|"
                          r"van|von|der|den|y|et|and|of|the)\s+)*[^\W\d_]*[A-ZÀ-ÞĀ-ſ][\w'’-]*)*")


def question_language_probabilities(question: str) -> dict[str, float]:
    """:func:`language_probabilities` of a question, read without its names when at least three
    words are left ("Why did the Musée de la Lumière move?" is English, not French), with its
    opener's language raised when the identifier gives that language any chance (≥ 0.02): "Qui
    dirige Annapurna Labs ?" is French, and so is "en quelle annee amazon a …" (Italian 0.69, French 0.24)."""
    unnamed = _NAME_RUN_RE.sub(" ", question)
    probabilities = language_probabilities(unnamed if len(WORD_RE.findall(unnamed)) >= 3 else question)
    words = WORD_RE.findall(fold(question.lstrip("¿¡«\"' ")))
    lang = next((_OPENER_LANGUAGE[w] for w in words[:_OPENER_WITHIN] if w in _OPENER_LANGUAGE), None)
    if lang is None or probabilities.get(lang, 0.0) < 0.02:
        return probabilities
    raised = dict(probabilities) | {lang: probabilities[lang] + _OPENER_WEIGHT}
    total = sum(raised.values())
    return {k: v / total for k, v in raised.items()}


def detect_language(text: str, default: str = DEFAULT_LANGUAGE) -> str:
    """ISO 639-1 code of the text's language among :data:`LANGUAGES`, or ``default`` if unsure."""
    lang, prob = max(language_probabilities(text).items(), key=lambda item: item[1])
    return lang if prob >= 0.5 else default


def _known(lang: str) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer | None:
    """Snowball stemmer of the language, None where Snowball has none (zh, ja, ko, th)."""
    name = LANGUAGES[_known(lang)][0]
    return Stemmer.Stemmer(name) if name in Stemmer.algorithms() else None


@cache
def _stopwords(lang: str) -> frozenset[str]:
    """Folded stopwords, in both folds (a Turkish-folded token must meet Turkish-folded stopwords)."""
    words = [*LANGUAGES[_known(lang)][1], *_QUESTION_WORDS.get(_known(lang), "").split()]
    return frozenset(f(w) for w in words for f in (fold, _fold_turkish))


@cache
def any_stopword(word: str) -> bool:
    """Whether the folded ``word`` is a stopword in any language of :data:`LANGUAGES` ("Selon", "The")."""
    return any(fold(word) in _stopwords(lang) for lang in LANGUAGES)


def _fold_turkish(text: str) -> str:
    return _fold(text, turkish=True)


@lru_cache(maxsize=64)
def _word_breaker(locale: str, thread: int) -> Any:  # icu.BreakIterator
    """An ICU word BreakIterator per locale and thread: they are not thread-safe (creating one
    costs ~8 µs; a dead thread's identifier may be reused, and so may its iterator, safely)."""
    import icu

    return icu.BreakIterator.createWordInstance(icu.Locale(locale))


def _segment(run: str, lang: str) -> list[str]:
    """ICU's words of a run of Han, kana or Thai text (numbers, letters, kana, ideographs)."""
    locale = "th" if run[0] <= "\u0e7f" else "ja" if lang == "ja" or _KANA_RE.search(run) else "zh"
    breaker = _word_breaker(locale, threading.get_ident())
    breaker.setText(run)
    units = run.encode("utf-16-le") if _WIDE_RE.search(run) else None  # ICU counts UTF-16 code units
    words = []
    start = breaker.first()
    for end in breaker:
        if breaker.getRuleStatus() >= _ICU_WORD_STATUS:
            words.append(run[start:end] if units is None else units[2 * start : 2 * end].decode("utf-16-le"))
        start = end
    return words


def _stemmed_words(text: str, stop: frozenset[str], stem_lang: str) -> list[str]:
    """Stemmed ``\\w+`` words of folded text, without stopwords and lone letters.

    Each distinct word is stemmed once: a text repeats its words, and per-word calls dominated.
    """
    found = WORD_RE.findall(text)
    # "l'action" splits into "l" and "action": single letters (elided articles) are dropped; a
    # single Hangul syllable is a word (책, book)
    kept = [w for w in dict.fromkeys(found) if w not in stop and (len(w) > 1 or w.isdigit() or _is_hangul(w))]
    prepared = [_singular(w) for w in kept] if _known(stem_lang) in _SINGULAR_LANGS else kept
    stemmer = _stemmer(stem_lang)
    stems = dict(zip(kept, stemmer.stemWords(prepared) if stemmer is not None else prepared))
    return [stems[w] for w in found if w in stems]


def surface_words(text: str, lang: str) -> list[str]:
    """Folded words of a text, not stemmed, without ``lang``'s stopwords and lone letters ("l'ia"
    gives "ia"); Han, kana and Thai runs cut into words by ICU. What a word vector is taken of."""
    stop = _stopwords(lang)
    words: list[str] = []
    for i, part in enumerate(_SEGMENTED_RUN_RE.split(_fold(text, turkish=False))):
        if i % 2:  # odd parts are the runs to segment
            words += [w for w in _segment(part, lang) if w not in stop]
        elif part:
            words += [w for w in WORD_RE.findall(part) if w not in stop and (len(w) > 1 or _is_hangul(w))]
    return words


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


def tokenize(text: str, lang: str, stem_lang: str | None = None) -> list[str]:
    """BM25 terms: folded words without ``lang``'s stopwords, stemmed by ``stem_lang`` (default: ``lang``).

    Stemming a question the way another language's documents were stemmed lets names match
    ("Annapurna": English stem annapurna, French stem annapurn); its stopwords stay its own.
    Han, kana and Thai runs are cut into words by ICU, in any language's text, and not stemmed.
    """
    stem_lang = stem_lang or lang
    stop = _stopwords(lang)
    if _known(stem_lang) in _ACCENT_STEMMED and _is_latin(text):
        return _latin_terms(text, stop, stem_lang)
    parts = _SEGMENTED_RUN_RE.split(_fold(text, turkish=_known(stem_lang) == "tr"))
    if len(parts) == 1:
        return _stemmed_words(parts[0], stop, stem_lang)
    tokens: list[str] = []
    for i, part in enumerate(parts):  # odd parts are the runs to segment
        if i % 2:
            tokens += [w for w in _segment(part, lang) if w not in stop]
        elif part:
            tokens += _stemmed_words(part, stop, stem_lang)
    return tokens


#: Snowball stemmers whose rules read accents (é, è, ñ, ä...): they get the word before folding.
_ACCENT_STEMMED = frozenset({"fr", "es", "pt", "it", "de"})


def _is_latin(text: str) -> bool:
    return max(text, default=" ") < "\u0370"


def _latin_terms(text: str, stop: frozenset[str], stem_lang: str) -> list[str]:
    """Terms of Latin-script text: each word stemmed with its accents, then folded.

    Snowball's French, Spanish, Portuguese and Italian rules read accents: folding first turned
    "dirigée" into "dirige" while "dirige" gives "dirig", so a question never met the feminine
    participle (the same for créée/crée, élevée/élever). Stopwords and lone letters are dropped
    by their folded form, as before.
    """
    words = WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold())
    terms = {w: _latin_term(w, stem_lang) for w in dict.fromkeys(words)}
    keep = {w: pair[0] for w, pair in terms.items() if pair is not None and pair[1] not in stop}
    return [keep[w] for w in words if w in keep]


@lru_cache(maxsize=262_144)
def _latin_term(word: str, stem_lang: str) -> tuple[str, str] | None:
    """(term, folded word) of one lower-case word; None for a lone letter (elided article: "l'")."""
    folded = fold(word)
    if len(folded) <= 1 and not folded.isdigit():
        return None
    stemmer = _stemmer(stem_lang)
    stem = stemmer.stemWord(_singular(word)) if stemmer is not None else word
    return fold(stem), folded


def _singular(word: str) -> str:
    """Drop a plural -s before stemming: Snowball is inconsistent on loanwords and names
    (French: ultraserver -> ultraserv but ultraservers -> ultraserver; GPUs). Not -ss, nor -is,
    which would turn "mois" into the stopword "moi"."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=16_384)
def content_terms(text: str, lang: str, stem_lang: str | None = None) -> frozenset[str]:
    """The distinct stemmed terms of a text, used to measure lexical support of a sentence.

    Cached: the answerer asks for the same question and sentences many times per question.
    """
    return frozenset(tokenize(text, lang, stem_lang))


def stopwords(lang: str) -> frozenset[str]:
    """Folded stopwords of a language (unknown codes: English's); e.g. to tell a sentence cut mid-phrase."""
    return _stopwords(lang)
