"""Countries as answers: "¿De qué país era la start-up Annapurna Labs?" is answered by "la start-up
israélienne Annapurna Labs" (a nationality adjective) as well as by "Israël" (a country's name).

A "which country" question asks for a name, but not any name: the names of "… AWS s'est lancé …
avec le rachat de la start-up israélienne Annapurna Labs" are AWS and Annapurna Labs, and the
answer is the lower-case adjective between them. Country names come from CLDR (Babel's territory
names, in the Latin-script languages of :data:`rag.text.LANGUAGES`); an adjective of nationality is
a country's name (its last vowel dropped) followed by one of :data:`_ENDINGS` ("israël" ->
"israélienne", "chine" -> "chinois", "italia" -> "italiano"), or one of the irregular ones of
:data:`_IRREGULAR` ("allemand", "american").
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.text import fold

#: "which country", "de quel pays", "where … from", per language (folded).
_ASKS_COUNTRY_RE = re.compile(
    r"\b(?:which|what) (?:country|nation|nationality)\b|\bnationality\b|\bwhere (?:is|are|was|were|does|do|did) .+ "
    r"(?:from|come from)\b|\b(?:quel|de quel|dans quel) pays\b|\bnationalite\b|\bd'ou (?:vient|viennent|est)\b|"
    r"\b(?:que|cual|de que|en que) pais\b|\bnacionalidad\b|\bde donde (?:es|son|era|viene)\b|\b(?:welche[mns]?|aus welchem|in "
    r"welchem) land\b|\bstaatsangehorigkeit\b|\bwoher (?:kommt|stammt|kommen|stammen)\b|\b(?:quale|da quale|in quale) paese\b|"
    r"\bnazionalita\b|\bda dove (?:viene|e)\b|\b(?:qual|de qual|de que|em que) pais\b|\bnacionalidade\b|\bde onde (?:e|vem)\b|"
    r"\buit welk land\b|\bwelk land\b"
)
_LOCALES = ("en", "fr", "es", "de", "it", "pt", "nl", "pl", "tr")
#: Endings of adjectives of nationality after a country's name ("israél" + "ienne"), folded.
_ENDINGS = frozenset(
    "ien ienne iens iennes ais aise aises ois oise oises ain aine ains aines an ane ans anes ese eses esa esas eso esi "
    "i ia ian ians ish isch ische ischen ischer isches ischem er ero era eros eras ano ana anos anas ano iano iana en enne ens ennes "
    "iani iane ico ica icos icas ier iers esisch esische esischen esischer esisches".split()
)
#: Adjectives of nationality not made from the country's name in some language (folded stems).
_IRREGULAR = ("americ", "estadounidens", "amerikan", "britann", "british", "britanic", "britisch", "alleman", "german",
              "aleman", "deutsch", "tedesc", "alema", "suiss", "swiss", "suiz", "schweizer", "svizzer", "neerlandais",
              "dutch", "holandes", "niederlandisch", "oland", "grec", "greek", "grieg", "griechisch", "grek")
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
#: Words of country names that name no country alone ("United States", "Corée du Sud", "Nouvelle-Zélande").
_GENERIC = frozenset("""
    united states kingdom republic republique republica republik repubblica democratic democratique democratica
    south north east west sud nord est ouest sur norte este oeste sud nord ost west new nouvelle nueva nuevo neu
    saint sainte san santa sao islands island iles ile islas isla inseln insel isole isola ilhas ilha great grande
    central centrale centro central people popular arab arabe emirates emirats emiratos federal federation federation
    del de du des la las los le les di da do das dos and et y und e of the
""".split())


@lru_cache(maxsize=4096)
def asks_country(question: str) -> bool:
    """Whether the question asks for a country or a nationality (any language of :data:`_ASKS_COUNTRY_RE`)."""
    return bool(_ASKS_COUNTRY_RE.search(fold(question)))


@lru_cache(maxsize=1)
def _countries() -> tuple[frozenset[str], frozenset[str]]:
    """Folded country names (CLDR, two-letter territories) and the stems adjectives are made from."""
    from babel import Locale  # CLDR data loads on first use

    names = {fold(name) for lang in _LOCALES for code, name in Locale(lang).territories.items()
             if len(code) == 2 and code.isalpha() and code not in ("EU", "EZ", "UN", "QO", "ZZ")}  # unions, not countries
    words = {word for name in names for word in re.split(r"[ -]", name) if word not in _GENERIC}  # "South Korea": "korea"
    stems = {re.sub(r"(?:ie|ia|e|a|o)$", "", word) for word in words}
    return frozenset(names), frozenset(stem for stem in stems if len(stem) >= 4)


def _adjective(word: str, stems: frozenset[str]) -> bool:
    if word.startswith(_IRREGULAR):
        return True
    return any(word[:cut] in stems and word[cut:] in _ENDINGS for cut in range(4, len(word)))


def country_offsets(sentence: str) -> list[tuple[int, int]]:
    """Offsets of the country names and adjectives of nationality in ``sentence``, in order."""
    names, stems = _countries()
    found = []
    for match in _WORD_RE.finditer(sentence):
        word = fold(match.group())
        if word in names or _adjective(word, stems):
            found.append((match.start(), match.end()))
    return found
