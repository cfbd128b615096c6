"""Whether a sentence gives a reason or a purpose: the evidence a "why" question looks for.

"Nous avons décidé de fabriquer nos propres puces pour avoir une architecture intégrée" answers
"Why did AWS decide to design its own chips?" through "pour avoir"; a sentence that only names
the chips does not. The markers are the causal and final connectives of each of the encoder's
languages with spaces (folded, as :func:`rag.text.fold` writes them), plus a preposition of
purpose before an infinitive ("pour avoir", "para reducir", "per ridurre") where a language
marks one. Chinese, Japanese and Thai markers are matched as substrings.
"""

from __future__ import annotations

import re

from rag.text import fold

_MARKERS: dict[str, str] = {
    "en": r"because|since|as a result|due to|owing to|thanks to|so that|in order to|so as to|therefore|hence|"
          r"the reason|which is why|that is why|allows?|enables?",
    "fr": r"parce que|parce qu|car|puisque|puisqu|afin de|afin que|afin qu|grace a|en raison d\w*|a cause d\w*|"
          r"c'est pourquoi|donc|permet\w*|pour (?:\w+')?\w+(?:er|ir|re|oir)",
    "es": r"porque|ya que|puesto que|debido a|gracias a|para que|a fin de|por eso|por lo tanto|permite\w*|"
          r"para \w+(?:ar|er|ir)",
    "de": r"weil|da|denn|deshalb|daher|darum|wegen|aufgrund|damit|dank|ermoglich\w*|um (?:\w+ ){0,6}zu",
    "it": r"perche|poiche|dato che|a causa d\w*|grazie a|affinche|per questo|quindi|permette\w*|per \w+(?:are|ere|ire)",
    "pt": r"porque|pois|ja que|devido a|gracas a|para que|por isso|portanto|permite\w*|para \w+(?:ar|er|ir)",
    "nl": r"omdat|want|doordat|dankzij|zodat|daarom|vanwege|om (?:\w+ ){0,6}te",
    "pl": r"poniewaz|bo|dlatego|dzieki|z powodu|aby|zeby|by",
    "ru": r"потому что|так как|поскольку|из-за|благодаря|чтобы|поэтому|ради",
    "tr": r"cunku|nedeniyle|sayesinde|icin|bu yuzden|dolay\w*",
    "ar": r"لان|بسبب|بفضل|لكي|كي|لذلك|حتى",
    "ko": r"때문에|위해|덕분에|그래서|따라서",
}
_SUBSTRINGS: dict[str, tuple[str, ...]] = {
    "zh": ("因为", "由于", "为了", "所以", "因此", "以便"),
    "ja": ("ため", "から", "ので", "によって", "おかげ"),
    "th": ("เพราะ", "เนื่องจาก", "เพื่อ", "ดังนั้น"),
}
_PATTERNS = {lang: re.compile(rf"(?<!\w)(?:{words})(?!\w)") for lang, words in _MARKERS.items()}


def gives_reason(sentence: str, lang: str) -> bool:
    """Whether ``sentence`` (in ``lang``) holds a causal or final connective; False for a
    language without a list."""
    if lang in _SUBSTRINGS:
        return any(marker in sentence for marker in _SUBSTRINGS[lang])
    pattern = _PATTERNS.get(lang)
    return bool(pattern and pattern.search(fold(sentence)))
