"""What the question's wording asks of an answer span, beyond its kind.

- Generations of a named product: "Trainium 3" is not "Trainium 2", nor "le premier Trainium".
  An answer span belongs to the generation mentioned nearest to it; when the question numbers a
  name and that nearest mention carries another number, the span answers a question about
  another generation ("Trainium 2 (2024)" does not date Trainium 3).
- "In what year" wants a year: "décembre" alone does not answer it.
- "How many megawatts" wants a number in a unit of measure: not "9,5 milliards de dollars", nor
  "144 exemplaires".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rag.answer.answer_types import answer_type, wants_contact, wants_time, wants_year
from rag.text import any_stopword, content_terms, fold

#: Numbers written as words (folded), in English, French, Spanish and German.
NUMBER_WORDS = [
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
    "eighty", "ninety", "hundred", "thousand", "million", "billion", "deux", "trois", "quatre", "cinq", "six", "sept",
    "huit", "neuf", "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "vingt", "trente", "quarante",
    "cinquante", "soixante", "cent", "mille", "milliard", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho",
    "nueve", "diez", "once", "doce", "trece", "catorce", "quince", "veinte", "treinta", "cuarenta", "cincuenta", "cien",
    "mil", "millon", "zwei", "drei", "vier", "funf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwolf",
    "zwanzig", "dreissig", "vierzig", "funfzig", "hundert", "tausend", "milliarde",
]

#: A name and the number or Roman numeral that tells its generations or models apart: "Trainium 3",
#: "iPhone 12", "Falcon 9", "Louis XIV", or joined by a hyphen, "SW-600" (up to three digits: "mars
#: 2024" is a date, not a model).
NUMBERED_NAME = re.compile(r"\b([^\W\d_][\w-]*?)(?:\s+|-)(\d{1,3}|[IVX]+)\b(?![.,]?\d)")


#: Ordinals before a name number it: "le premier Trainium", "the second iPhone", "la première
#: (version du Trainium)" (up to three words between), in the encoder's spaced languages; 1 to 3.
ORDINALS = {
    "1": r"first|premi(?:er|[eè]re)|primer[oa]?|prim[oa]|primeir[oa]|erste[nrs]?|eerste|pierwsz[ya]|первы[йхе]|"
         r"перв(?:ая|ого|ой|ую)|ilk",
    "2": r"second|seconde?|deuxi[eè]me|segund[oa]|second[oa]|zweite[nrs]?|tweede|drug[ia]|втор(?:ой|ая|ого|ую)|ikinci",
    "3": r"third|troisi[eè]me|tercer[oa]?|terz[oa]|terceir[oa]|dritte[nrs]?|derde|trzeci[a]?|трет(?:ий|ья|ьего|ью)|"
         r"[uü]c[uü]nc[uü]",
}
ORDINAL_NAME = {number: re.compile(rf"\b(?:{words})\b((?:\W+\w+){{1,4}})", re.IGNORECASE)
                for number, words in ORDINALS.items()}


@lru_cache(maxsize=4096)
def _numbered(text: str) -> tuple[tuple[str, str, int], ...]:
    """Capitalised names of ``text`` with the number that tells their generation: (folded name,
    number, offset of the mention): "Trainium 3" is ("trainium", "3", …), "le premier Trainium"
    ("trainium", "1", …)."""
    found = [(fold(m.group(1)), m.group(2), m.start(2)) for m in NUMBERED_NAME.finditer(text)
             if any(ch.isupper() for ch in m.group(1)) and not any_stopword(m.group(1))]
    for number, pattern in ORDINAL_NAME.items():
        for m in pattern.finditer(text):
            words = [w for w in re.finditer(r"\w+", m.group(1)) if not any_stopword(w.group())]
            # a name, else the noun right after the ordinal: "its first taproom" is not "its second taproom"
            right_after = words[0] if words and words[0].start() <= 1 and len(words[0].group()) >= 4 else None
            name = right_after or next((w for w in words if w.group()[0].isupper()), None)
            if name is not None:
                found.append((fold(name.group()), number, m.start(1) + name.start()))
    return tuple(found)


def of_another_generation(sentence: str, start: int, end: int, question: str) -> bool:
    """Whether the answer span ``sentence[start:end]`` (character offsets) belongs to a generation
    the question does not ask about: the question numbers a name ("When did Trainium 3 go on
    sale?") and the sentence's last mention of that name before the span (else its first one
    after) carries another number ("Trainium 2 (2024), … puis Trainium 3": 2024 dates Trainium
    2; "Le Trainium 4 aura six fois la performance du Trainium 3": six times is Trainium 4's).
    False when the question numbers no name, or the sentence does not mention it."""
    asked: dict[str, set[str]] = {}
    for name, number, _ in _numbered(question):  # "Trainium 3 over Trainium 2": both are asked about
        asked.setdefault(name, set()).add(number)
    if not asked:
        return False
    mentions = [(at, number not in asked[name]) for name, number, at in _numbered(sentence) if name in asked]
    return _governing(mentions, start, end, False)


def _governing(mentions: list[tuple[int, bool]], start: int, end: int, default: bool) -> bool:
    """The value of the mention that governs the span ``start:end``: the last one before it, else
    the first one after it; ``default`` without mentions. ``mentions``: (offset, value)."""
    before = [(start - at, value) for at, value in mentions if at < start]
    after = [(at - end, value) for at, value in mentions if at >= start]
    return min(before or after)[1] if mentions else default


def of_the_subject(sentence: str, start: int, end: int, question: str) -> bool:
    """Whether the span ``sentence[start:end]`` belongs to the generation the question names
    first, when it numbers several of one name: "How much has Trainium 3 improved on Trainium 2?"
    asks about Trainium 3 ("… puis Trainium 3, qui a cette fois doublé …"), not about Trainium 2's
    "quadruplées" before it. True when the question numbers fewer than two, or the sentence does
    not name the first one."""
    named = _numbered(question)
    if len({(name, number) for name, number, _ in named}) < 2:
        return True
    first, number, _ = min(named, key=lambda mention: mention[2])
    mentions = [(at, n == number) for name, n, at in _numbered(sentence) if name == first]
    return _governing(mentions, start, end, True)


#: Units of measure (folded), as a question asks for them: "how many megawatts", "combien de
#: kilomètres", "wie viele Tonnen".
_MEASURE_RE = re.compile(
    r"\b(?:[kmgt]w|[kmgt]wh|(?:kilo|mega|giga|tera)?watt\w*|(?:kilo|centi|milli)?m(?:e|è)?t(?:re|er|ro)\w*|km|m2|m3|"
    r"miles?|millas?|meilen|feet|foot|inch(?:es)?|yards?|gallons?|ounces?|hectares?|hektar|acres?|tonnes?|tons?|tonnen|"
    r"toneladas?|kg|kilos?|kilogram\w*|litres?|liters?|liter|litros?|[kmgtp]b|octets?|bytes?|(?:tera|peta|exa)?flops|"
    r"degres?|degrees?|grados?|celsius|мегаватт\w*|киловатт\w*|гигаватт\w*|километр(?:ов|а|ы)?|метр(?:ов|а|ы)?|"
    r"тонн[аы]?|литр(?:ов|а|ы)?|"
    # a dimension asked for by its question word: "How tall is the Orion lamp?" wants "42 cm", not "149 €"
    r"how (?:tall|heavy|deep|wide|far)|wie (?:schwer|tief|breit|weit))\b"
)


@lru_cache(maxsize=4096)
def asks_measure(question: str) -> bool:
    """Whether the question asks for a quantity in a unit of measure ("how many megawatts"): a
    sum of money or a percentage does not answer it."""
    return bool(_MEASURE_RE.search(fold(question)))


#: A word that is, or ends in, a unit of measure (folded): "mètres", "GW", "Quadratkilometer", "°C".
_UNIT_WORD_RE = re.compile(
    r"watt|wh$|^[kmgt]?w$|met(?:er|re|ro)|metr|^[ckm]?m$|^m[23²³]$|^km|mile|milla|meile|feet|foot|inch|yard|gallon|"
    r"ounce|hect|hekt|acre|tonn|^tons?$|tonel|^kg$|kilo|gram|litr|liter|byte|octet|^[kmgtp][ob]$|flop|grad|degr|"
    r"celsius|°|ватт|метр|тонн|литр|^ha$|^ft$|^lbs?$|pound|livre|^mph$|km/h"
)


def unit_after(sentence: str, end: int) -> bool:
    """Whether the word after the number ending at ``end`` is a unit of measure ("118 mètres",
    "1,2 GW", "50 Quadratkilometer"), not a thing counted ("144 exemplaires")."""
    m = re.match(r"\s*(?:de |d'|of |\()?\s*([^\s,.;:)]+)", fold(sentence[end : end + 30]))
    return bool(m and _UNIT_WORD_RE.search(m.group(1)))


#: Words for people counted (folded, by prefix): "personnes", "employees", "Mitarbeiter", "habitants",
#: "ingénieurs", in the encoder's Latin- and Cyrillic-script languages.
_PEOPLE = (
    r"people|persons?|personn\w*|personen|personas|persone|pessoas|osob|kisi|человек|люд\w+|employ\w*|emplead\w*|"
    r"salari\w*|workers?|staff|travailleu\w*|trabajador\w*|trabalhador\w*|lavorator\w*|collaborat\w*|agents?|"
    r"mitarbeit\w*|beschaftigt\w*|dipendent\w*|funcionari\w*|medewerkers|werknemers|pracownik\w*|calisan\w*|"
    r"сотрудник\w*|работник\w*|habitants?|residents?|inhabitants?|einwohner\w*|abitanti|inwoners|mieszkanc\w*|"
    r"жител\w*|citizens?|citoyens?|ciudadan\w+|burger\w*|menschen|leute|gente|mensen|visit\w+|besucher\w*|"
    r"bezoekers|clients?|customers?|kunden|users?|utilisat\w+|usuari\w+|benutzer\w*|nutzer\w*|students?|"
    r"etudiant\w*|eleves?|estudiant\w+|alumn\w+|schuler\w*|studenten|members?|membres?|miembros?|membri|membros|"
    r"mitglied\w*|leden|engineers?|ingenieu\w+|ingenier\w+|ingegner\w+|engenheir\w+|chercheu\w+|researchers?|"
    r"investigador\w*|forscher\w*|scientists?|scientifiques?|doctors?|medecins?|nurses?|teachers?|enseignants?|"
    r"professeurs?|profesores|lehrer\w*|children|enfants?|ninos|kinder|bambini|criancas|adults?|adultes?|"
    r"volunteers?|benevoles?|voluntari\w+|freiwillig\w*|passengers?|passagers?|pasajeros|fahrgast\w*|"
    r"passeggeri|passageiros|passagier\w*|spectat\w+|zuschauer|athletes?|players?|joueurs?|jugadores|spieler\w*|patients?|"
    r"pacientes|pazienti|families|familles|familias|familien|famiglie|households?|menages|hogares|haushalt\w*|"
    r"fans|supporters|abonnes|subscribers?|abonnenten|suscriptores|miners?|mineurs?"
)
_PEOPLE_ASKED_RE = re.compile(
    r"\b(?:how many|combien d(?:e\s|')|cuant[oa]s|wie viele|quant[ie]|quantos|quantas|hoeveel|ile|kac|сколько)\s*"
    rf"(?:[^\W\d_]+\s+)?(?:{_PEOPLE})\b"
)
_PEOPLE_RE = re.compile(rf"(?:{_PEOPLE})$")


@lru_cache(maxsize=4096)
def asks_people(question: str) -> bool:
    """Whether a "how many" question counts people ("Combien de personnes travaillent …", "How
    many employees …"): "des centaines de milliers de puces" does not answer it."""
    return bool(_PEOPLE_ASKED_RE.search(fold(question)))


_WORD_RE = re.compile(r"[^\W\d_]+")
_NUMBER_WORD_SET = frozenset(NUMBER_WORDS) | frozenset(w + "s" for w in NUMBER_WORDS)
#: Words of a number itself, skipped to reach what it counts: "1,5 million de visiteurs", "38 Millionen Euro".
_SCALE_WORD_RE = re.compile(
    r"(?:hundreds?|thousands?|millions?|billions?|cents?|centaines?|milliers?|mille|milliards?|mil|miles|cientos|"
    r"millon(?:es)?|hundert|tausend|million(?:en)?|milliard(?:en)?|mila|milion[ei]|miliard[io]|milhares|milh(?:ao|oes)|"
    r"de|d|of|del|der)"
)


def _counted_word(sentence: str, start: int, end: int) -> str | None:
    """The first word of the count ``sentence[start:end]`` and after it that is not a figure, a
    number word, a scale word or "de"/"of": what it counts ("salaries", "millionen" skipped)."""
    digits = [m.end() for m in re.finditer(r"\d", sentence[start:end])]
    start += digits[-1] if digits else 0  # "etwa 515 Millionen Jahren": from the figure on
    words = _WORD_RE.findall(fold(sentence[start : end + 40]))
    return next((w for w in words if not _SCALE_WORD_RE.fullmatch(w) and w not in _NUMBER_WORD_SET), None)


def may_count_people(sentence: str, start: int, end: int) -> bool:
    """Whether the count ``sentence[start:end]`` may count people: what it counts (:func:`_counted_word`)
    names people ("380 salariés", "1,5 million de visiteurs", "zehn Millionen Menschen"), or is no
    content word ("Ils sont 380 à …"), or there is none. "144 exemplaires", "38 Millionen Euro",
    "des centaines de milliers de puces" count things."""
    first = _counted_word(sentence, start, end)
    return first is None or any_stopword(first) or bool(_PEOPLE_RE.match(first))


_AGE_ASKED_RE = re.compile(
    r"\b(?:how old|quel age|wie alt|welches alter|que edad|quantos anos tem|qual (?:e )?a idade|quanti anni|che eta|"
    r"hoe oud|ile lat|kac yasinda|сколько лет|what(?:'s| is| was) (?:the |his |her |their )?age|[\w]+'s age|"
    r"quel est l'age|cual es (?:la )?edad|wat is de leeftijd)\b"
)
#: Years of age after a number: "62 ans", "62 Jahre", "62-year-old", "aged 62" is read before it.
_AGE_UNIT_RE = re.compile(r"(?:ans|an|years?|yrs|year-old|jahre\w*|jahrig\w*|anos|anni|jaar|lat|yas\w*|лет|года?)")


def asks_age(question: str) -> bool:
    """Whether the question asks for someone's age ("What is Thomas Kessler's age?", "Quel âge a …")."""
    return bool(_AGE_ASKED_RE.search(fold(question)))


#: A date span that names its year: "2015", "mars 2024", "2024年", "二〇二四年".
#: A time of day, as a date span of :mod:`rag.answer.spans` may hold one: "20 h 30", "21 h",
#: "8 am", "18:00", "minuit", "9点", "9時".
CLOCK = (r"\b\d{1,2}\s?(?:h|heures?|uhr|:)\s?\d{0,2}\b|\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|"
         r"\b(?:midi|minuit|noon|midnight|mediodia|medianoche|mittag|mitternacht)\b|\d{1,2}\s?[点時]")
_CLOCK_RE = re.compile(CLOCK, re.IGNORECASE)
_HAS_YEAR_RE = re.compile(r"(?<!\d)(?:1\d\d\d|20\d\d)(?!\d)|\d{2,4}\s?年|[〇零一二三四五六七八九]{4}年")


def fits_question(sentence: str, start: int, end: int, kind: str, question: str) -> bool:
    """Whether the span ``sentence[start:end]`` of ``kind`` (a kind of :mod:`rag.answer.spans`) can
    answer ``question`` as worded: the asked generation, a year when a year is asked, a time of
    day when one is asked, people when people are counted, a phone number or an e-mail address
    when one of them is. (A
    unit of measure when one is asked, not an amount of money: :func:`asks_measure`, checked by
    :func:`rag.answer.spans.pick_span`, which finds amounts.)"""
    if of_another_generation(sentence, start, end, question):
        return False
    if kind == "date" and wants_year(question):
        return bool(_HAS_YEAR_RE.search(sentence[start:end]))
    if kind == "date" and wants_time(question):
        return bool(_CLOCK_RE.search(sentence[start:end]))
    if kind == "count" and asks_age(question):  # "62 ans", not "6,5 Millionen Euro"
        unit = _counted_word(sentence, start, end)
        return bool(unit and _AGE_UNIT_RE.fullmatch(unit)) or bool(re.search(r"\b(?:aged?|âgée?s? de)\s*$", sentence[:start]))
    if kind == "count" and (sentence[end : end + 1] == ":" or sentence[max(start - 1, 0) : start] == ":"):
        return False  # a score ("einen 3:1-Sieg") or a ratio counts nothing
    if kind == "count" and asks_people(question):  # "combien de personnes": not "centaines de milliers de puces"
        return may_count_people(sentence, start, end)
    if kind == "contact":  # a phone number is no e-mail address, and the other way round
        phone, mail = wants_contact(question)
        return phone == mail or ("@" in sentence[start:end]) == mail
    return True


#: The thing a question prices, as group 1..n: "How much does a can of beer cost?", "the price of X",
#: "Combien coûte X", "Wie viel kostet X", "¿Cuánto cuesta X?", "Quanto costa X", "le prix de X".
_PRICE_OF_RE = re.compile(
    r"\bhow much (?:does|do|did|will|would) (.+?) cost\b|\bprices? (?:of|for) (.+?)(?:\?|$)|"
    r"\bcombien (?:coute|coutent|coutait|coutera|a coute) (.+?)(?:\?|$)|\bprix (?:de|du|des|d') ?(.+?)(?:\?|$)|"
    r"\bcuanto (?:cuesta|cuestan|costo|costara) (.+?)(?:\?|$)|\bprecio (?:de|del) (.+?)(?:\?|$)|"
    r"\bwie ?viel (?:kostet|kosten|kostete) (.+?)(?:\?|$)|\bpreis (?:fur|von|des|der) (.+?)(?:\?|$)|"
    r"\bquanto (?:costa|costano|custa|custam) (.+?)(?:\?|$)|\bprezzo (?:di|del|della) (.+?)(?:\?|$)|"
    r"\bpreco (?:de|do|da) (.+?)(?:\?|$)"
)
_ONE = frozenset({"one", "un", "une", "uno", "una", "ein", "eine", "einen", "een", "um", "uma"})


@lru_cache(maxsize=4096)
def _priced(question: str, lang: str, title: str) -> tuple[frozenset[str], frozenset[str]]:
    """What a money question prices (:data:`_PRICE_OF_RE`): the terms of the priced thing other than
    numbers and names (capitalised, but in German only the title's: "Rennrad" is a noun, "Velotec" a
    name), and the thing's own names (capitalised words of the question that the title, the
    seller's, does not hold): "Combien coûte un croissant chez Maison Ferrand ?" -> (croissant, chez),
    (); "Quel est le prix de la lampe Lyra ?" -> (lampe), (lyra). Empty for other questions."""
    found = _PRICE_OF_RE.search(fold(question)) if answer_type(question) == "money" else None
    if found is None:
        return frozenset(), frozenset()
    capitalised = {fold(w) for w in _WORD_RE.findall(question)[1:] if w[0].isupper()}
    in_title = {fold(w) for w in _WORD_RE.findall(title)}
    names = in_title & capitalised if lang == "de" else capitalised
    words = [w for w in _WORD_RE.findall(next(g for g in found.groups() if g))
             if w not in names and len(w) >= 3 and w not in _NUMBER_WORD_SET and w not in _ONE]
    return content_terms(" ".join(words), lang), frozenset(capitalised - in_title)


def prices_something_else(question: str, q_lang: str, sentence: str, before: str, s_lang: str, title: str = "") -> bool:
    """Whether a money question asked in the sentence's own language prices something that
    neither the sentence nor the one ``before`` it names, in words or, in the sentence, by the
    thing's own name ("la lampe Lyra" is priced by "Modèle: Lyra; Prix: 219 €"): "How much does a
    can of Harbor Light beer cost?" is not answered by "A pint of the flagship pale ale, Foghorn,
    will cost $7.50." (a newcomer got $7.50 at 0.63). Across languages words do not match by stem,
    and nothing is ruled out."""
    if q_lang != s_lang:
        return False
    priced, own_names = _priced(question, q_lang, title)
    if not priced or priced & content_terms(f"{before} {sentence}", s_lang):
        return False
    return not own_names & {fold(w) for w in _WORD_RE.findall(sentence)}


#: Nouns that name a kind of organisation, folded ("Welche Firma …", "la société IREN").
ORG_NOUNS = (r"compan(?:y|ies)|firms?|societes?|entreprises?|groupes?|firmes?|firma|firmen|unternehmens?|konzerns?|"
              r"gesellschaft|empresas?|companias?|sociedad(?:es)?|aziend[ae]|societa|impres[ae]|companhias?|"
              r"startups?|start-ups?|компани\w*|фирм\w*|sirket\w*")
_ASKS_ORGANISATION_RE = re.compile(
    rf"\b(?:which|what|quel(?:le)?s?|welche[rsnm]?|que|cual(?:es)?|quale|quali|qual|quais|какая|какие|hangi)\s+"
    rf"(?:[^\W\d_]+\s+)?(?:{ORG_NOUNS})\b")
_INTRODUCED_RE = re.compile(rf"\b(?:{ORG_NOUNS})\s+(?:[^\W\d_]+\s+)?$")


def introduced_as_organisation(sentence: str, start: int, question: str) -> bool:
    """Whether a question asking which company (firm, société, Firma …) meets, at ``start`` of the
    sentence, a name the sentence introduces as one ("La société IREN, autrefois dédiée au minage
    de Bitcoin, …" answers "Welche Firma hat … mit Microsoft unterzeichnet?" with IREN, not
    Bitcoin). False for other questions."""
    return bool(_ASKS_ORGANISATION_RE.search(fold(question))) and bool(
        _INTRODUCED_RE.search(fold(sentence[max(0, start - 40) : start])))


_ORDINAL_WORD = {number: re.compile(rf"(?<![\w'’-])(?:{words})(?![\w'’-])", re.IGNORECASE) for number, words in ORDINALS.items()}


def with_other_ordinal(topic: str, question: str) -> str | None:
    """The topic question asked about the ordinal a short follow-up names: "¿y el segundo?" after
    "¿Cuándo salió el primer Trainium?" is "¿Cuándo salió el segundo Trainium?". None when either
    names no ordinal of :data:`ORDINALS` or both name the same one."""
    asked = next(((n, m.group()) for n, p in _ORDINAL_WORD.items() if (m := p.search(question))), None)
    before = next(((n, m) for n, p in _ORDINAL_WORD.items() if (m := p.search(topic))), None)
    if asked is None or before is None or asked[0] == before[0]:
        return None
    return topic[: before[1].start()] + asked[1] + topic[before[1].end() :]


_YEAR_RE = re.compile(r"(?<!\d)(?:1[89]\d{2}|20\d{2})(?!\d)")


def of_another_year(question: str, around: str) -> bool:
    """Whether the question dates what it asks ("How many households did it serve in 2020?") and
    ``around`` (the sentence's passage, the title and the article's date) names none of its years:
    the figure is of another time ("The board now serves 64,000 households." in a 2025 report; a
    newcomer got 64,000 for 2020). The passage, not only the sentence: "In 1990 …" may open it."""
    asked = set(_YEAR_RE.findall(question))
    return bool(asked) and not asked & set(_YEAR_RE.findall(around))


#: The noun a "which X" question names its answer's kind by: "À quel département …", "Which city …",
#: "In welcher Stadt …", "Quelle grande entreprise …" (one word may come between).
_ASKED_KIND_RE = re.compile(  # read on the question without accents, its case kept
    r"(?i:^\W*(?:(?:a|au|aux|en|dans|de|du|in|at|from|for|to|an|auf|bei|von|zu|con|para|por|di|da|per)\s+)?"
    r"(?:which|what|quel|quelle|quels|quelles|welche[rsnm]?|que|cual|cuales|quale|quali|qual|quais)\s+)"
    r"(?:([^\W\d_]+)\s+)?([^\W\d_]{4,})")


def _plain(text: str) -> str:
    """The text without accents, its case kept ("Département" -> "Departement")."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


_INTRODUCING_RE = r"\s+(?:(?:de|des|du|d'|of|the|von|der|del|di|do|da)\s*)*(?:l'|la|le|les|el|il)?\s*[A-Z]"


def introduced_as_asked(sentence: str, question: str) -> bool:
    """Whether the sentence gives a name the way a "which X" question asks for it, right after the
    question's noun for its kind: "… dans le département des Bouches-du-Rhône" for "À quel
    département la ville de Marseille est-elle rattachée ?" (PIAF), "La société IREN" for "Quelle
    société …". The noun is compared folded, by its first five letters (a plural, a gender)."""
    asked = _ASKED_KIND_RE.match(_plain(question))
    if asked is None:
        return False
    nouns = [w.lower() for w in asked.groups() if w and w.islower() and len(w) >= 4 and not any_stopword(w)]  # no name
    plain = _plain(sentence)
    return any(re.search(rf"(?i:\b{re.escape(noun[:5])}\w*){_INTRODUCING_RE}", plain) for noun in nouns)
