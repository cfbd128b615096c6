"""Follow-up questions: which earlier question a new one leans on, and what to retrieve for it.

A conversation is answered one question at a time; "When did it open?" after "Who designed the
Marlowe bridge?" names nothing, so it is read as "When did Marlowe bridge open?" ("Quand
ouvrira-t-il ?" as "Quand ouvrira-t-il ? pont Marlowe"). Pure functions: what they need of an
index comes in as a :class:`TopicIndex` (``rag.answer.pipeline`` gives one), else the text alone.
Shapes:
- ``history``: the conversation before the question, oldest first, in any shape a chat hands it
  (:mod:`rag.answer.history`).
- :func:`resolve` returns a :class:`Resolution`: the question as typed, the ``query`` to retrieve and
  answer, the ``topic`` it leans on (``None`` when it stands alone) and the ``reason``.

The topic is carried from the last question that stood on its own (a follow-up to a follow-up keeps
it); a question is a follow-up when it points back (a pronoun, a possessive or a demonstrative of
one of the encoder's languages, :data:`rag.text.LANGUAGES`), opens with "and" ("Et en France ?",
"And the price?"), or names at most one thing; it stands on its own when it names something the
topic does not hold: a name, or a word the index knows that is neither in the topic question nor
in the document that answers it ("Combien coûte la piscine de Cesson ?").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from rag.answer.asked import with_other_ordinal
from rag.answer.history import user_questions
from rag.answer.name_words import given_name
from rag.reference_words import ARABIC_QUESTION_WORDS, ARTICLED, DETERMINERS, LATIN, OPENERS, POINTERS, UNSPACED
from rag.text import content_terms, fold, language_probabilities, stopwords, tokenize

#: Earlier questions read to find the topic (each costs a language guess and, once per topic, a retrieval).
MAX_TURNS = 12
_PLAUSIBLE = 0.1  # a language this probable for a question has its word lists applied
_LEADING = "¿¡«\"'-–— "
#: French "est-ce" (Qu'est-ce que...) is no pointer; nor is Portuguese "-lo" seen through it.
_EST_CE_RE = re.compile(r"\best-ce\b", re.IGNORECASE)
#: French object pronoun elided before a form of avoir/être: "Qui l'a conçue ?" (not "l'architecte").
_ELIDED_OBJECT_RE = re.compile(r"\b[lL]['’](?:a|ai|as|avait|avaient|ont|aura|auront|est|était|étaient|sont)\b")
#: Portuguese enclitic object: "inaugurá-lo", "vendê-la".
_ENCLITIC_RE = re.compile(r"\w-(?:lo|la|los|las)\b")
#: Arabic object or possessive suffix: "افتتاحها" (its opening).
_ARABIC_SUFFIX_RE = re.compile(r"[\u0621-\u064a]{2,}(?:ها|هم|هما)\b")
_WORD_RE = re.compile(r"\w+(?:['’](?=\w)(?![sS]\b))?")
_SENTENCE_END = frozenset(".!?;:¿¡")
#: Pointer words that close a question as a verb: German "… wird Trainium 4 als Trainium 3 sein?"
#: ends on the infinitive "to be", not on the possessive "its".
_VERBS_AT_END = {"de": frozenset({"sein"})}
#: Languages that capitalise every noun: a capital says nothing of a name there.
_CAPITALISED_NOUNS = frozenset({"de"})
_UNSPACED_RE = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Words that link two nouns of one noun phrase ("la salle de Lorient", "the Museum of Art").
_LINKS = frozenset(["de", "des", "du", "d'", "of", "von", "vom", "der", "del", "della", "di", "da", "do", "dos", "das", "van", "à"])
#: A text's content terms in the question's language, stemmed the ways the index stems: (text, lang) -> terms.
Terms = Callable[[str, str], frozenset[str]]


@dataclass(frozen=True)
class TopicDocument:
    """The document that best answers a topic question, as :func:`resolve` needs it.

    ``doc_id``: its name in the index; ``terms``: content terms of its whole text (as the index
    stems them); ``title_terms``: those of its title and section; ``text``: its text folded
    (:func:`rag.text.fold`), to look names up.
    """

    doc_id: str
    terms: frozenset[str]
    title_terms: frozenset[str]
    text: str


class TopicIndex(Protocol):
    """What resolution asks of an index (``rag.answer.pipeline`` implements it over an opened index)."""

    def terms(self, text: str, lang: str) -> frozenset[str]:
        """Content terms of ``text`` (a question in ``lang``), stemmed every way the index stems."""
        ...

    def known(self, terms: Iterable[str]) -> frozenset[str]:
        """The terms the index vocabulary holds."""
        ...

    def document(self, question: str) -> TopicDocument | None:
        """The best document for a question, or None when nothing is retrieved."""
        ...


@dataclass(frozen=True)
class Resolution:
    """How one question is read in its conversation.

    ``question``: as typed (stripped); ``query``: what is retrieved and answered (the question, or
    the question with its topic); ``topic``: the earlier question it leans on, None when it stands
    alone; ``kind``: ``"alone"``, ``"reference"`` (points back: the topic's subject is added) or
    ``"ellipsis"`` ("Et en France ?": the topic question is repeated with it); ``reason``: why.
    """

    question: str
    query: str
    topic: str | None
    kind: Literal["alone", "reference", "ellipsis"]
    reason: str
    carried: str | None = None  # the topic the next question leans on

    @property
    def follow_up(self) -> bool:
        return self.topic is not None


def _languages(text: str) -> tuple[str, frozenset[str]]:
    """The most likely language of a question and every one it plausibly is (short questions are ambiguous)."""
    probabilities = language_probabilities(text)
    best = max(probabilities, key=probabilities.__getitem__)
    return best, frozenset(lang for lang, p in probabilities.items() if p >= _PLAUSIBLE) | {best}


def _lists(table: dict[str, str], langs: frozenset[str]) -> Iterator[tuple[str, list[str]]]:
    """The word lists of ``table`` that apply: the plausible languages', and always those in another
    script than Latin (their words cannot be mistaken for another language's)."""
    for lang, words in table.items():
        if lang in langs or lang not in LATIN:
            yield lang, words.split()


def _pointer(question: str, words: Sequence[str], langs: frozenset[str]) -> str | None:
    """The first word of ``question`` pointing back to something named before, if any."""
    lowered = [w.lower().replace("’", "'") for w in words]
    text = _EST_CE_RE.sub(" ", question)
    for lang, pointers in _lists(POINTERS, langs):
        if lang in UNSPACED:
            found, _, ignored = " ".join(pointers).partition("|")
            rest = text
            for word in ignored.split():
                rest = rest.replace(word, "")
            if hit := next((w for w in found.split() if w in rest), None):
                return hit
        elif hit := next((w for i, w in enumerate(lowered) if w in pointers
                          and not (i == len(lowered) - 1 and w in _VERBS_AT_END.get(lang, ()))), None):
            return hit
    for pattern in (_ELIDED_OBJECT_RE, _ENCLITIC_RE, _ARABIC_SUFFIX_RE):
        if m := pattern.search(text):
            return m.group()
    return None


def _opener(question: str, langs: frozenset[str]) -> str | None:
    """The opening that adds this question to the previous one ("and", "et", "what about"), if any."""
    text = "_".join(question.lower().replace("’", "'").lstrip(_LEADING).split()) + "_"
    for _, openings in _lists(OPENERS, langs):
        for opening in openings:
            if text.startswith(opening):
                if opening == "و" and not text[1:].startswith(ARABIC_QUESTION_WORDS):
                    continue  # و is "and" here only before a question word
                return opening.replace("_", " ").strip()
    return None


@dataclass(frozen=True)
class _Word:
    text: str
    terms: frozenset[str]  # empty for a stopword of any language the question plausibly is in
    name: bool  # part of a name: capitalised inside a sentence, mixed case or capitals (UltraServer, AWS), a number after a name
    start: int = -1  # where it is in the question (-1: not found as such)
    capital: bool = False  # capitalised inside a sentence (in German: any noun)


def _words(question: str, langs: tuple[str, frozenset[str]], terms: Terms) -> list[_Word]:
    """The question's words with their terms; a run of Han, kana or Thai is cut into its content words."""
    lang, plausible = langs
    stop = frozenset().union(*(stopwords(lang) for lang in plausible))
    out: list[_Word] = []
    position = 0
    for m in _WORD_RE.finditer(question):
        token = m.group()
        sentence_start = not out or any(ch in _SENTENCE_END for ch in question[position : m.start()])
        position = m.end()
        if _UNSPACED_RE.search(token):
            cursor = m.start()
            for w in tokenize(token, lang):
                found = question.find(w, cursor, m.end())
                cursor = found + len(w) if found >= 0 else cursor
                out.append(_Word(w, frozenset({w}), False, found))
            continue
        core = token.rstrip("'’")
        capital = core[:1].isupper() and not sentence_start
        mixed = any(ch.isupper() for ch in core[1:]) and (any(ch.islower() for ch in core) or len(core) > 1)
        after_name = core.isdigit() and bool(out) and out[-1].name
        # German capitalises nouns; "And Kristopher King?" may still be English, and "Kristopher" is a first name
        german_noun = lang in _CAPITALISED_NOUNS and not (plausible - _CAPITALISED_NOUNS and (given_name(core) or out and out[-1].name))
        name = (capital and not german_noun) or mixed or after_name
        content = terms(core, lang) if core and fold(core) not in stop else frozenset()
        out.append(_Word(token, content, name, m.start(), capital))
    return out


def _names(words: Sequence[_Word]) -> list[str]:
    """Runs of name words: "Trainium 3", "Inès Valadier", "Cesson"."""
    runs: list[list[str]] = []
    previous = False
    for w in words:
        if w.name:
            if previous:
                runs[-1].append(w.text)
            else:
                runs.append([w.text])
        previous = w.name
    return [" ".join(run) for run in runs]


def _default_terms(text: str, lang: str) -> frozenset[str]:
    return content_terms(text, lang)


def _determiner(word: _Word, langs: frozenset[str]) -> bool:
    lowered = word.text.lower().replace("’", "'")
    return any(lowered in words for _, words in _lists(DETERMINERS, langs))


def _noun_phrases(words: Sequence[_Word], langs: frozenset[str]) -> list[list[int]]:
    """Word positions of each noun phrase a determiner opens: "le pont Marlowe", "la salle L'Escale de
    Lorient", "the Marlowe bridge" (content words and names, linked by "de", "of", "von"...)."""
    phrases: list[list[int]] = []
    i = 0
    while i < len(words):
        if not _determiner(words[i], langs):
            i += 1
            continue
        phrase: list[int] = []
        j = i + 1
        while j < len(words):
            w = words[j]
            if w.terms or w.name:
                phrase.append(j)
            elif not (phrase and (w.text.lower().replace("’", "'") in _LINKS or _determiner(w, langs))
                      and j + 1 < len(words) and (words[j + 1].terms or words[j + 1].name)):
                break
            j += 1
        if phrase:
            phrases.append(phrase)
        i = j
    return phrases


def _subject(topic: str, doc: TopicDocument | None, terms: Terms) -> tuple[str, list[str]]:
    """The words of a topic question that name its subject, as one text and as the words.

    The noun phrases its determiners open and its names ("Qui a conçu le pont Marlowe ?" -> "pont
    Marlowe"; "When was Trainium 3 launched?" -> "Trainium 3"), kept to those its document's title
    holds when there are some: the answer is then read with what that title already says. In a
    language without articles, the words the title holds. When there are none, every content word.
    """
    langs = _languages(topic)
    words = _words(topic, langs, terms)
    title = doc.title_terms if doc is not None else frozenset()
    named = {i for phrase in _noun_phrases(words, langs[1]) for i in phrase} | {i for i, w in enumerate(words) if w.name}
    in_title = {i for i, w in enumerate(words) if w.terms & title}
    keep = (named & in_title) or named or in_title or {i for i, w in enumerate(words) if w.terms}
    parts: list[str] = []
    end = -1
    for i in sorted(keep):
        w = words[i]
        if parts and w.start >= 0 and end >= 0 and re.fullmatch(r"[-'’]?", topic[end : w.start]):
            parts[-1] += topic[end : w.start] + w.text  # "Jean-Rostand", "青石镇图书馆" stay whole
        else:
            parts.append(w.text)
        end = w.start + len(w.text) if w.start >= 0 else -1
    return " ".join(parts), [words[i].text for i in sorted(keep)]


def _in_place(question: str, pointer: str | None, subject: str) -> str | None:
    """The question with its pointer word replaced by the subject ("When did Trainium 3 go on sale?");
    None when the pointer is part of a word ("ouvrira-t-il")."""
    pattern = rf"(?<![\w'’-]){re.escape(pointer or '')}(?![\w'’-])"
    found = re.subn(pattern, subject, question, count=1, flags=re.IGNORECASE) if pointer else ("", 0)
    return found[0] if found[1] else None


def _without(text: str, words: Iterable[str]) -> str:
    for word in words:
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", "", text)
    return " ".join(text.split())


def _starts_noun_phrase(words: Sequence[_Word], i: int, langs: frozenset[str]) -> bool:
    """Whether word ``i`` can name a subject: after a determiner in a language with articles, with
    Arabic's prefix ال, capitalised in German, anywhere in a language without articles."""
    if words[i].text.startswith("ال") or (words[i].capital and langs & _CAPITALISED_NOUNS):
        return True
    if not any(lang in ARTICLED for lang in langs):
        return True
    return bool(i) and _determiner(words[i - 1], langs)


def resolve_turn(question: str, topic: str | None, index: TopicIndex | None = None) -> Resolution:
    """Read one question against the topic of the conversation so far (see :func:`resolve`)."""
    question = question.strip()
    if not topic or not question:
        return Resolution(question, question, None, "alone", "no earlier question", question)
    langs = _languages(question)
    terms: Terms = index.terms if index is not None else _default_terms
    words = _words(question, langs, terms)
    content = [w for w in words if w.terms]
    doc = index.document(topic) if index is not None else None
    topic_terms = {t for w in _words(topic, _languages(topic), terms) for t in w.terms}
    held = topic_terms | (doc.terms if doc is not None else frozenset())
    known = index.known({t for w in content for t in w.terms}) if index is not None else frozenset()
    topic_text = fold(topic) + " " + (doc.text if doc is not None else "")
    opener = _opener(question, langs[1])
    texts = [w.text for w in words]
    if texts and opener == texts[0].lower():  # "¿Y en Francia?": "y" opens the question, it points at nothing
        texts = texts[1:]
    pointer = _pointer(question, texts, langs[1])

    # a name the topic does not hold (with a pronoun, only one the index knows: "in Germany" qualifies "it")
    new_names = [n for n in _names(words) if fold(n) not in topic_text and (pointer is None or terms(n, langs[0]) & known)]
    # a word the index knows, outside the topic and its document (however stemmed), that can name a
    # subject ("la piscine")
    named = [w.text for i, w in enumerate(words)
             if w.terms & known and not w.terms & held and _starts_noun_phrase(words, i, langs[1])]
    new = list(dict.fromkeys(new_names + named))

    def reference(reason: str) -> Resolution:
        subject = _subject(topic, doc, terms)[0]
        query = _in_place(question, pointer, subject) or f"{question} {subject}"
        return Resolution(question, query, topic, "reference", reason, topic)

    if opener and not pointer and len(content) <= 2 and (ordinal := with_other_ordinal(topic, question)):
        return Resolution(question, ordinal, topic, "ellipsis", "asks the previous question about another of its kind", topic)
    if opener and not pointer and len(content) <= 2:
        # "Et la piscine ?" after "Quand ouvrira le pont Marlowe ?": the same question about another subject the
        # index knows, even one the topic's article names ("Et le Trainium 2 ?"); "Et en France ?" only narrows it
        subjects = [n for n in dict.fromkeys(new + _names(words)) if fold(n) not in fold(topic) and terms(n, langs[0]) & known]
        if subjects:  # in the subject's place ("Who is Kristopher King?"), else with the question glued on
            subject = _subject(topic, doc, terms)
            swapped = _in_place(topic, subject[0], " ".join(subjects)) if len(subjects) == 1 and subject[0] else None
            query = swapped or f"{_without(topic, subject[1])} {question}"
            return Resolution(question, query, topic, "ellipsis",
                              f"asks the previous question about {', '.join(subjects)!r}", query)
        if any(w.terms - topic_terms and i and _determiner(words[i - 1], langs[1]) for i, w in enumerate(words)):
            return reference(f"asks something else about the same subject ({opener!r})")  # "And the price?"
        query = f"{topic} {question}"  # "Et en France ?"
        return Resolution(question, query, topic, "ellipsis", f"adds to the previous question ({opener!r})", topic)
    if new:
        return Resolution(question, question, None, "alone", f"names {', '.join(new)!r}", question)
    if pointer or opener:
        return reference(f"points back ({pointer or opener!r})")
    if len(content) <= 1:
        return reference("names at most one thing")
    return Resolution(question, question, None, "alone", "a complete question", question)


def resolve(question: str, history: Iterable[Any] | None = None, index: TopicIndex | None = None) -> Resolution:
    """Read ``question`` in its conversation: what to retrieve and answer for it.

    ``history``: the conversation before it (shapes: :mod:`rag.answer.history`). Each earlier user
    question is read in turn, so the topic is the last question that stood on its own (or the
    last ellipsis that named a new subject), not merely the previous one. Only the last
    :data:`MAX_TURNS` questions are read: a topic left that long ago is not "it" any more.
    """
    topic: str | None = None
    for earlier in user_questions(history)[-MAX_TURNS:]:
        topic = resolve_turn(earlier, topic, index).carried
    return resolve_turn(question, topic, index)
