"""Evidence for the extractive answerer: candidate sentences and the features that judge them.

All features work across languages: stored sentence embeddings, IDF-weighted term coverage
with both sides stemmed the same way, the strength of the sentence's passage, and whether the
sentence holds the kind of answer asked for (an amount for "what price", a duration for "how
long", a date for "when", a number for "how many").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.retrieval import Passage, Retrieval
from rag.text import content_terms, fold

_NUMBER_WORDS = (
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred thousand million billion "
    "deux trois quatre cinq six sept huit neuf dix onze douze vingt trente quarante cinquante cent mille milliard "
    "dos tres cuatro cinco seis siete ocho nueve diez cien mil millon "
    "zwei drei vier funf sechs sieben acht neun zehn hundert tausend milliarde"
).split()
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?|\b(?:" + "|".join(_NUMBER_WORDS) + r")s?\b")
_MONTHS = (
    "january february march april may june july august september october november december "
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre "
    "januar februar marz juni juli oktober dezember"
).split()
_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche "
    "lunes martes miercoles jueves viernes sabado domingo montag dienstag mittwoch donnerstag freitag samstag sonntag"
).split()
_DATE_RE = re.compile(
    r"\b(?:1[5-9]\d\d|20\d\d)\b|\b(?:" + "|".join(_MONTHS + _WEEKDAYS) + r")\b|"
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
    r"(how much|does|do|did|will|would)\b.*\bcost|cout|coute|coutent|cuesta|cuestan|kostet|kosten|"
    r"combien coute|combien coutent|cuanto cuesta|was kostet|сколько сто\w*|стоимост\w*|цен[аы])\b|"
    r"多少钱|花费|耗资|造价|费用|いくら"
)
_MONEY_RE = re.compile(
    r"[$€£¥₽]|\b(dollars?|euros?|usd|eur|livres? sterling|yens?|francs?|dolares|рубл\w*|евро|доллар\w*|юан\w*)\b|"
    r"\d\s*(?:万|亿)?\s*[元円]"
)
_TIME_UNITS = (
    "seconds? minutes? hours? days? weeks? months? years? decades? "
    "secondes? heures? jours? semaines? mois ans annees? decennies? "
    "segundos? minutos? horas? dias? semanas? meses? anos? "
    "sekunden minuten stunden tage[n]? wochen monate[n]? jahre[n]?"
).split()
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
    r"\b(who (is|was|are|were)|qui (est|etait|sont)|a qui|par qui|quien es|de quien|wer ist|von wem)\b|谁|誰|どなた"
)
_WANTS_NAME_RE = re.compile(
    r"^\W*(which|what|quel|quelle|quels|quelles|cual|cuales|que|welche[rsnm]?|qual|quale|quali|какой|какая|какое|какие)\s+"
    r"(?!(is|are|was|were|est|sont|es|son|ist|sind)\b)\w+"
)
_BY_HOW_MUCH_RE = re.compile(r"\b(by how much|de combien|um wie viel|en cuanto)\b")
_WANTS_ADDRESS_RE = re.compile(r"\b(address|adresse|direccion|anschrift|indirizzo|endereco|адрес\w*)\b|地址|住所")
_ADDRESS_RE = re.compile(
    r"\b\d+[a-z]?\s*,?\s*(?:bis\s+|ter\s+)?(?:rue|avenue|av|boulevard|bd|place|chemin|allee|impasse|quai|route|cours|"
    r"street|st|road|rd|lane|ln|drive|dr|way|calle|avenida|plaza|paseo|via|piazza|rua|ул|улица|проспект)\b|"
    r"\b\w+(?:strasse|str|weg|platz|gasse|allee)\.?\s+\d+|\b\d{4,5}\s+[a-z]\w+|\d+\s*号|\w+[路街]\d+"
)
_PARTICLES = frozenset("de du des d la le les van von der den di da del della al el bin ibn y e & and et und".split())


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


def _has_new_name(sentence: str, question: str, people: bool) -> bool:
    asked = set(re.findall(r"\w+", fold(question)))
    for span in name_spans(sentence):
        words = [w for w in re.findall(r"\w+", fold(span)) if w not in _PARTICLES]
        if (len(words) >= 2 or not people) and any(w not in asked for w in words):
            return True
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
    if _WANTS_ADDRESS_RE.search(folded):
        return "address"
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
        return _has_new_name(sentence, question, people=kind == "person")
    pattern = {"date": _DATE_RE, "money": _MONEY_RE, "duration": _DURATION_RE, "address": _ADDRESS_RE}.get(kind, _NUMBER_RE)
    asked = set(pattern.findall(fold(question)))
    return any(found not in asked for found in pattern.findall(fold(sentence)))


def type_feature(question: str, sentence: str) -> float:
    """+1 when the sentence holds the kind of answer asked for, -1 when it does not, 0 when unknown."""
    kind = answer_type(question)
    if kind is None:
        return 0.0
    found = has_answer_of_type(sentence, kind, question)
    return 0.0 if found is None else 1.0 if found else -1.0


def coverage(question: str, q_lang: str, sentence: str, s_lang: str, idf: dict[str, float] | None = None) -> float:
    """IDF-weighted share of the question's terms found in the sentence.

    The question is stemmed both its own way and the sentence's way (names and numbers are what
    match across languages); rare terms ("hyperscalers") count more than ubiquitous ones. With
    ``idf``, only terms the index knows count: a word no document has cannot tell sentences apart.
    """
    best = 0.0
    for lang in dict.fromkeys((q_lang, s_lang)):  # both sides through the same stemmer each time
        q_terms = content_terms(question, q_lang, stem_lang=lang)
        s_terms = content_terms(sentence, s_lang, stem_lang=lang)
        weight = {t: idf[t] for t in q_terms if t in idf} if idf is not None else dict.fromkeys(q_terms, 1.0)
        total = sum(weight.values())
        if total > 0:
            best = max(best, sum(w for t, w in weight.items() if t in s_terms) / total)
    return best


def _neighbour(similarity: list[float], position: int) -> float:
    """Best similarity of the sentences right before and after: context a lone sentence lacks."""
    return max(similarity[max(position - 1, 0) : position] + similarity[position + 1 : position + 2], default=0.0)


def _context(chunk, position: int) -> str:  # noqa: ANN001 - StoredChunk
    """What a sentence leans on: its section's headings and the sentences around it.

    "Elle est dirigée par Thomas Le Gall." names its subject only in the previous sentence;
    "Du lundi au vendredi, 9 h - 18 h." only in its heading ("Horaires"); a letterhead line
    only in the letter that follows it.
    """
    parts = [chunk.section] if chunk.section else []
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
            own = coverage(retrieval.text, retrieval.lang, text, chunk.lang, retrieval.term_idf)
            features = {
                "dense": retrieval.sentence_similarity.get(sid, 0.0),
                "coverage": own,
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


