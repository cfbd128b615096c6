"""Evidence for the extractive answerer: candidate sentences and the features that judge them.

All features work across languages: stored sentence embeddings, IDF-weighted term coverage
with both sides stemmed the same way, the strength of the sentence's passage, and whether the
sentence holds the kind of answer asked for (an amount for "what price", a duration for "how
long", a date for "when", a number for "how many").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rag.chunking import title_id
from rag.retrieval import Passage, Retrieval
from rag.text import content_terms, fold

_NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "vingt", "trente", "quarante", "cinquante", "soixante", "cent", "mille", "milliard", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce", "trece", "catorce", "quince", "veinte", "treinta", "cuarenta", "cincuenta", "cien", "mil", "millon", "zwei", "drei", "vier", "funf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwolf", "zwanzig", "dreissig", "vierzig", "funfzig", "hundert", "tausend", "milliarde"]
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?|\b(?:" + "|".join(_NUMBER_WORDS) + r")s?\b")
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre", "januar", "februar", "marz", "juni", "juli", "oktober", "dezember"]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"]
_SEASONS = ["spring", "summer", "autumn", "fall", "winter", "printemps", "automne", "hiver", "primavera", "verano", "otono", "invierno", "fruhling", "herbst"]
_DATE_RE = re.compile(
    r"\b(?:1\d\d\d|20\d\d)\b|\b(?:" + "|".join(_MONTHS + _WEEKDAYS + _SEASONS) + r")\b|"
    r"\b(?:январ|феврал|март|апрел|ма[йя]\b|июн|июл|август|сентябр|октябр|ноябр|декабр|понедельник|вторник|сред[аыу]|"
    r"четверг|пятниц|суббот|воскресень)\w*|\d+\s*[年月日]|(?:周|星期|礼拜)[一二三四五六日天]|[月火水木金土日]曜"
)
_WANTS_DATE_RE = re.compile(
    r"\b(when|what year|which year|since when|quand|depuis quand|en quelle annee|quelle annee|a quelle date|"
    r"cuando|en que ano|wann|in welchem jahr|seit wann|когда|в каком году|какого числа)\b|"
    r"哪天|哪一天|什么时候|何时|哪年|几月|いつ|何曜日"
)
_WANTS_MONEY_RE = re.compile(
    r"\b(price|prices|priced|prix|precio|preis|tarif|what (is|was|were|are) the cost|"
    r"(how much|does|do|did|will|would)\b.*\bcost|cout\w*|cuesta|cuestan|costara|kostet|kosten|"
    r"combien coute|combien coutent|cuanto cuesta|was kostet|сколько сто\w*|стоимост\w*|цен[аы])\b|"
    r"多少钱|花费|耗资|造价|费用|いくら"
)
_MONEY_RE = re.compile(
    r"[$€£¥₽]|\b(dollars?|euros?|usd|eur|livres? sterling|yens?|francs?|dolares|рубл\w*|евро|доллар\w*|юан\w*)\b|"
    r"\d\s*(?:万|亿)?\s*[元円]"
)
_TIME_UNITS = ["seconds?", "minutes?", "hours?", "days?", "weeks?", "months?", "years?", "decades?", "secondes?", "heures?", "jours?", "semaines?", "mois", "ans", "annees?", "decennies?", "segundos?", "minutos?", "horas?", "dias?", "semanas?", "meses?", "anos?", "sekunden", "minuten", "stunden", "tage[n]?", "wochen", "monate[n]?", "jahre[n]?"]
_WANTS_DURATION_RE = re.compile(
    r"\b(how long|for how long|how many (seconds|minutes|hours|days|weeks|months|years)|combien de temps|"
    r"pendant combien|en combien de temps|depuis combien de temps|cuanto tiempo|wie lange)\b"
)
_DURATION_RE = re.compile(
    r"\b(?:\d+(?:[.,]\d+)?|" + "|".join(_NUMBER_WORDS) + r")\s+(?:" + "|".join(_TIME_UNITS) + r")\b"
)
_WANTS_NUMBER_RE = re.compile(
    r"\b(how (many|much|long|old|fast|far|often)|by how much|what (percentage|share|proportion|amount|number|price|value)|"
    r"combien|de combien|quel(le)? (est le |est la )?(nombre|montant|prix|pourcentage|valeur)|cuant[oa]s?|"
    r"wie (viele?|lange|hoch)|сколько)\b|多少|几[个位家座名]"
)

_WANTS_PERSON_RE = re.compile(
    r"^\W*(who|whom|whose|qui|quien|quienes|wer|wem|wen|chi|quem|kim|kto|кто|кого|кому|кем)\b|"
    r"\b(a|par|de|avec|pour|by|to|with|for|from|con|por|para|von|mit|fur) (qui|whom|quien|quienes|wem|wen)\b|谁|誰|どなた"
)
#: Nouns whose answer is a proper name: which *company*, quel *cabinet*, welche *Stadt* (en/fr/es/de/it/pt).
_NAMED_THINGS = ["company", "companies", "firm", "firms", "business", "organisation", "organization", "agency", "bank", "team", "club", "party", "band", "group", "brand", "label", "newspaper", "channel", "city", "cities", "town", "village", "country", "countries", "region", "state", "province", "island", "river", "lake", "mountain", "street", "school", "university", "college", "hospital", "museum", "library", "stadium", "airport", "architect", "architects", "artist", "author", "writer", "singer", "player", "players", "coach", "president", "minister", "mayor", "king", "queen", "emperor", "pope", "leader", "founder", "ceo", "director", "chip", "chips", "model", "models", "product", "products", "software", "clinic", "hotel", "restaurant", "shop", "store", "association", "book", "books", "film", "album", "festival", "entreprise", "clinique", "hotel", "boutique", "magasin", "livre", "recueil", "festival", "entreprises", "societe", "societes", "cabinet", "firme", "banque", "equipe", "equipes", "parti", "marque", "journal", "chaine", "ville", "villes", "commune", "pays", "region", "ile", "fleuve", "riviere", "lac", "montagne", "rue", "ecole", "universite", "hopital", "musee", "bibliotheque", "stade", "aeroport", "architecte", "artiste", "auteur", "ecrivain", "chanteur", "joueur", "entraineur", "president", "ministre", "maire", "roi", "reine", "empereur", "dirigeant", "fondateur", "directeur", "directrice", "puce", "puces", "modele", "modeles", "produit", "produits", "logiciel", "empresa", "empresas", "compania", "banco", "equipo", "partido", "marca", "periodico", "ciudad", "pueblo", "pais", "isla", "rio", "lago", "montana", "calle", "escuela", "universidad", "hospital", "museo", "biblioteca", "estadio", "aeropuerto", "arquitecto", "artista", "autor", "escritor", "cantante", "jugador", "entrenador", "presidente", "ministro", "alcalde", "rey", "reina", "fundador", "director", "firma", "firmen", "unternehmen", "bank", "mannschaft", "verein", "partei", "marke", "zeitung", "sender", "stadt", "dorf", "land", "insel", "fluss", "see", "berg", "strasse", "schule", "universitat", "krankenhaus", "museum", "bibliothek", "flughafen", "architekt", "kunstler", "autor", "schriftsteller", "sanger", "spieler", "trainer", "prasident", "minister", "burgermeister", "konig", "konigin", "grunder", "direktor"]
_WANTS_NAME_RE = re.compile(
    r"^\W*(which|what|quel|quelle|quels|quelles|cual|cuales|que|welche[rsnm]?|qual|quale|quali)\s+(?:[\w']+\s+){0,3}"
    r"(?:" + "|".join(_NAMED_THINGS) + r")\b"
)
_WHO_IS_NAMED_RE = re.compile(
    r"^\W*(?i:who (?:is|was)|qui (?:est|était|etait)|quién (?:es|era)|quien (?:es|era)|wer (?:ist|war)|chi è|"
    r"кто так(?:ой|ая))\s+[A-ZÀ-ÖØ-ÞА-ЯЁ]"
)
_BY_HOW_MUCH_RE = re.compile(r"\b(by how much|de combien|um wie viel|en cuanto)\b")
_WANTS_CONTACT_RE = re.compile(
    r"\b(phone|telephone|telefon|telefono|tel|e-?mail|courriel|adresse (electronique|mail)|correo|телефон\w*|почт\w*)\b|"
    r"电话|邮箱|電話"
)
_CONTACT_RE = re.compile(r"\+?\(?\d[\d ().-]{6,}\d|[\w.+-]+@[\w-]+\.[\w.]+")
_WANTS_ADDRESS_RE = re.compile(
    r"\b(the address|address of|l'adresse|une adresse|adresse (du|de|des|postale)|direccion|anschrift|indirizzo|"
    r"endereco|адрес\w*)\b|地址|住所"
)
_ADDRESS_RE = re.compile(
    r"\b\d+[a-z]?\s*,?\s*(?:bis\s+|ter\s+)?(?:rue|avenue|av|boulevard|bd|place|chemin|allee|impasse|quai|route|cours|"
    r"street|st|road|rd|lane|ln|drive|dr|way|calle|avenida|plaza|paseo|via|piazza|rua|ул|улица|проспект)\b|"
    r"\b\w+(?:strasse|str|weg|platz|gasse|allee)\.?\s+\d+|\b\d{4,5}\s+[a-z]\w+|\d+\s*号|\w+[路街]\d+"
)
_UNIT_RE = re.compile(r"(\d+(?:[ .,]\d{3})*(?:[.,]\d+)?)\s*(?:%\s*)?(?:de |d'|of )?([^\W\d_]{3,})")
_PARTICLES = frozenset(["de", "du", "des", "d", "la", "le", "les", "van", "von", "der", "den", "di", "da", "del", "della", "al", "el", "bin", "ibn", "y", "e", "&", "and", "et", "und"])


def name_spans(sentence: str) -> list[str]:
    """Runs of capitalised words ("Thomas Le Gall", "Cabinet Marchetti & Associés", "Варвара Сёмина").

    Particles (de, van, al, &, ...) may join capitalised words. A lone capitalised word counts
    only away from the sentence start, where capitals mark names rather than the sentence.
    Scripts without case (Chinese, Arabic, Thai, ...) have none: no name evidence either way.
    """
    spans: list[str] = []
    run: list[str] = []
    first = True
    end = 0
    for match in re.finditer(r"[^\W\d_][\w'’-]*|&", sentence):
        word = match.group()
        if sentence[end : match.start()].strip():  # punctuation or a number between: the run ends
            _close(run, spans, first)
            run, first = [], False
        end = match.end()
        if word[0].isupper():
            run.append(word)
        elif run and word.lower() in _PARTICLES:
            run.append(word)
            continue
        else:
            _close(run, spans, first)
            run, first = [], False
            continue
    _close(run, spans, first)
    return spans


def _close(run: list[str], spans: list[str], at_start: bool) -> None:
    while run and not run[-1][0].isupper():
        run.pop()
    if len(run) >= 2 or (run and not at_start):
        spans.append(" ".join(run))


def _has_new_name(sentence: str, question: str) -> bool:
    asked = set(re.findall(r"\w+", fold(question)))
    for span in name_spans(sentence):
        words = [w for w in re.findall(r"\w+", fold(span)) if w not in _PARTICLES]
        if words and sum(w not in asked for w in words) > len(words) / 2:
            return True  # mostly new: "Cabinet Marchetti" for "quel cabinet", not "Jean-Rostand de Saint-Brieuc"
    return False


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage, its features and (once scored) its support probability."""

    passage_rank: int
    passage: Passage
    start: int
    end: int
    text: str
    features: dict[str, float]
    probability: float = 0.0


def answer_type(question: str) -> str | None:
    """"money", "duration", "date", "number", "person", "name" or None: the kind of answer asked for."""
    folded = fold(question)
    if _BY_HOW_MUCH_RE.search(folded):
        return "number"  # "by how much can it reduce the cost": a ratio or a share, not a price
    if _WANTS_MONEY_RE.search(folded):
        return "money"
    if _WANTS_DURATION_RE.search(folded):
        return "duration"
    if _WANTS_DATE_RE.search(folded):
        return "date"
    if _WANTS_NUMBER_RE.search(folded):
        return "number"
    if _WANTS_CONTACT_RE.search(folded):
        return "contact"
    if _WANTS_ADDRESS_RE.search(folded):
        return "address"
    if _WHO_IS_NAMED_RE.search(question):
        return None  # "Who is Aurélien Février?" asks for a description, not for a name
    if _WANTS_PERSON_RE.search(folded):
        return "person"
    if _WANTS_NAME_RE.search(folded):
        return "name"
    return None


def has_answer_of_type(sentence: str, kind: str, question: str = "") -> bool | None:
    """Whether the sentence holds an answer of that kind that the question did not already contain.

    None when it cannot tell: names in a script without capitals (Chinese, Arabic, Thai, ...).
    """
    if kind in ("person", "name"):
        if not any(ch.isupper() for ch in sentence):
            return None
        return _has_new_name(sentence, question)
    pattern = {"date": _DATE_RE, "money": _MONEY_RE, "duration": _DURATION_RE, "address": _ADDRESS_RE,
               "contact": _CONTACT_RE}.get(kind, _NUMBER_RE)
    asked = set(pattern.findall(fold(question)))
    return any(found not in asked for found in pattern.findall(fold(sentence)))


def unit_match(question: str, q_lang: str, sentence: str, s_lang: str) -> float:
    """1 when a number of the sentence is followed by a word of the question: "Combien de livres"
    and "85 000 livres", "how many stations" and "12 stations" (a count of the asked thing, not
    of something else: "dix ans"). Compared stemmed, in the sentence's language."""
    asked = content_terms(question, q_lang, stem_lang=s_lang)
    numbers = {m.group() for m in _NUMBER_RE.finditer(fold(question))}
    for match in _UNIT_RE.finditer(fold(sentence)):
        if match.group(1) not in numbers and content_terms(match.group(2), s_lang) & asked:
            return 1.0
    return 0.0


def type_feature(question: str, sentence: str) -> float:
    """+1 when the sentence holds the kind of answer asked for, -1 when it does not, 0 when unknown."""
    kind = answer_type(question)
    if kind is None:
        return 0.0
    found = has_answer_of_type(sentence, kind, question)
    return 0.0 if found is None else 1.0 if found else -1.0


def coverage(
    question: str, q_lang: str, sentence: str, s_lang: str, idf: dict[str, float] | None = None, given: str = ""
) -> float:
    """IDF-weighted share of the question's terms found in the sentence.

    The question is stemmed both its own way and the sentence's way (names and numbers are what
    match across languages); rare terms ("hyperscalers") count more than ubiquitous ones. With
    ``idf``, only terms the index knows count: a word no document has cannot tell sentences apart.
    With ``given`` (the document's title or section), only the question's terms that it does not
    already hold count: its focus. "Qui dirige la médiathèque ?" under the title "La médiathèque
    fête ses dix ans" is about "dirige"; a sentence that only names the médiathèque adds nothing.
    When ``given`` holds every term, the plain coverage is returned.
    """
    best = 0.0
    for lang in dict.fromkeys((q_lang, s_lang)):  # both sides through the same stemmer each time
        q_terms = content_terms(question, q_lang, stem_lang=lang)
        focus = q_terms - content_terms(given, s_lang, stem_lang=lang) if given else q_terms
        q_terms = focus or q_terms
        s_terms = content_terms(sentence, s_lang, stem_lang=lang)
        weight = {t: idf[t] for t in q_terms if t in idf} if idf is not None else dict.fromkeys(q_terms, 1.0)
        total = sum(weight.values())
        if total > 0:
            best = max(best, sum(w for t, w in weight.items() if t in s_terms) / total)
    return best


def _neighbour(similarity: list[float], position: int) -> float:
    """Best similarity of the sentences right before and after: context a lone sentence lacks."""
    return max(similarity[max(position - 1, 0) : position] + similarity[position + 1 : position + 2], default=0.0)


def _title_cosines(retrieval: Retrieval, chunk, sid: int) -> tuple[float, float]:  # noqa: ANN001 - StoredChunk
    """The sentence's cosine with the question once the title's direction is taken out of both,
    and its cosine read together with its title; both the plain cosine without a title.

    With q, s and t unit vectors (question, sentence, title): the cosine of q - (q.t)t and
    s - (s.t)t is (q.s - (q.t)(s.t)) / sqrt((1 - (q.t)^2)(1 - (s.t)^2)), what the sentence says
    about the question beyond the topic everyone in the document shares ("Who runs the
    Jean-Rostand media library?" leans to "Elle est dirigée par ..." rather than to the sentence
    that only names the library); cos(q, s + t) = (q.s + q.t) / sqrt(2 + 2 s.t), the sentence
    read under its title ("Elle est dirigée par Thomas Le Gall." says nothing about the
    médiathèque on its own). From stored vectors only: nothing is embedded again.
    """
    qs = retrieval.sentence_similarity.get(sid, 0.0)
    st = retrieval.topic_similarity.get(sid)
    if st is None:
        return qs, qs
    qt = retrieval.sentence_similarity.get(title_id(chunk.doc_id, chunk.topic), 0.0)
    focus = (qs - qt * st) / math.sqrt(max(1e-6, (1 - qt * qt) * (1 - st * st)))
    return max(-1.0, min(1.0, focus)), (qs + qt) / math.sqrt(max(1e-6, 2 + 2 * st))


def _context(chunk, position: int) -> str:  # noqa: ANN001 - StoredChunk
    """What a sentence leans on: its section's headings (else the title) and the sentences around it.

    "Elle est dirigée par Thomas Le Gall." names its subject only in the previous sentence;
    "Du lundi au vendredi, 9 h - 18 h." only in its heading ("Horaires"); a letterhead line
    only in the letter that follows it.
    """
    parts = [chunk.section or chunk.title]
    for near in (position - 1, position + 1):
        if 0 <= near < len(chunk.sentences):
            start, end = chunk.sentences[near]
            parts.append(chunk.text[start - chunk.start : end - chunk.start])
    return "\n".join(parts)


def candidates(retrieval: Retrieval) -> list[Candidate]:
    """Every distinct sentence of the retrieved passages, with its features."""
    seen: set[int] = set()
    found: list[Candidate] = []
    top_score = max((p.score for p in retrieval.passages), default=0.0)
    for rank, passage in enumerate(retrieval.passages):
        chunk = passage.chunk
        similarity = [retrieval.sentence_similarity.get(i, 0.0) for i in chunk.sentence_ids]
        for position, ((start, end), sid) in enumerate(zip(chunk.sentences, chunk.sentence_ids)):
            if sid in seen:
                continue
            seen.add(sid)
            text = chunk.text[start - chunk.start : end - chunk.start]
            kind = type_feature(retrieval.text, text)
            context = _context(chunk, position)
            focus_dense, context_dense = _title_cosines(retrieval, chunk, sid)
            own = coverage(retrieval.text, retrieval.lang, text, chunk.lang, retrieval.term_idf)
            features = {
                "dense": retrieval.sentence_similarity.get(sid, 0.0),
                "coverage": own,
                "focus_dense": focus_dense,
                "context_dense": context_dense,
                "focus_coverage": coverage(retrieval.text, retrieval.lang, f"{chunk.section}\n{text}", chunk.lang,
                                           retrieval.term_idf, given=chunk.topic),
                "unit_match": unit_match(retrieval.text, retrieval.lang, text, chunk.lang) if kind > 0 else 0.0,
                "context_coverage": max(own, coverage(retrieval.text, retrieval.lang, f"{context}\n{text}",
                                                      chunk.lang, retrieval.term_idf)) if context else own,
                "passage": passage.score / top_score if top_score > 0 else 0.0,
                "passage_dense": passage.dense_score or 0.0,
                "neighbour_dense": _neighbour(similarity, position),
                "type_match": float(kind > 0),
                "type_mismatch": float(kind < 0),
            }
            found.append(Candidate(rank, passage, start, end, text, features))
    best_dense = max((c.features["dense"] for c in found), default=0.0)
    for cand in found:
        cand.features["dense_gap"] = best_dense - cand.features["dense"]
    return found


