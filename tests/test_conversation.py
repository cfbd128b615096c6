"""Follow-ups read against their conversation (rag.answer.conversation): pure functions, no model, no index."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from types import SimpleNamespace

import pytest

from rag import Rag, Settings, build_index
from rag.answer.conversation import (
    OPENERS,
    POINTERS,
    TopicDocument,
    resolve,
)
from rag.answer.history import user_questions
from rag.answer.pipeline import _reply_language
from rag.errors import RagError
from rag.text import LANGUAGES, content_terms, fold
from tests.helpers import run

BRIDGE = "Qui a conçu le pont Marlowe ?"
POOL = "Combien coûte la piscine de Cesson ?"
BRIDGE_TEXT = ("Le pont Marlowe, une passerelle piétonne et cyclable sur la Vilaine à Rennes, a été conçu par "
               "l'architecte Inès Valadier. La passerelle ouvrira au public le 21 juin 2026. Elle mesure 118 mètres.")
POOL_TEXT = "La piscine olympique de Cesson, conçue par le cabinet Ardoise, ouvrira le 2 septembre 2026. Bassin de 50 mètres."


class FakeIndex:
    """Two French articles; a topic question's document is the one sharing most terms with it."""

    def __init__(self) -> None:
        self.docs = {"pont.txt": ("Le pont Marlowe, nouvelle passerelle sur la Vilaine", BRIDGE_TEXT),
                     "piscine.txt": ("Une piscine olympique à Cesson", POOL_TEXT)}
        self.vocabulary = frozenset().union(*(content_terms(f"{t} {x}", "fr") for t, x in self.docs.values()))
        self.asked: list[str] = []

    def terms(self, text: str, lang: str) -> frozenset[str]:
        return content_terms(text, lang) | content_terms(text, lang, stem_lang="fr")

    def known(self, terms: Iterable[str]) -> frozenset[str]:
        return frozenset(terms) & self.vocabulary

    def document(self, question: str) -> TopicDocument | None:
        self.asked.append(question)
        wanted = self.terms(question, "fr")
        doc_id, (title, text) = max(self.docs.items(), key=lambda item: len(wanted & content_terms(item[1][1], "fr")))
        return TopicDocument(doc_id, content_terms(text, "fr"), content_terms(title, "fr"), fold(text))


def test_history_is_read_in_every_shape_a_chat_hands_it() -> None:
    gradio6 = [
        {"role": "user", "content": [{"text": BRIDGE, "type": "text"}]},
        {"role": "assistant", "content": "<p>Inès Valadier [1]</p>"},
        {"role": "user", "content": [{"type": "file", "file": {"path": "/tmp/x.pdf"}}, {"type": "text", "text": "Et ça ?"}]},
        {"role": "user", "content": ("/tmp/photo.png",)},  # a Gradio 5 file message: no text
    ]
    assert user_questions(gradio6) == [BRIDGE, "Et ça ?"]
    assert user_questions([{"role": "user", "content": BRIDGE}, {"role": "assistant", "content": "x"}]) == [BRIDGE]
    assert user_questions([BRIDGE, "  ", "Quand ouvrira-t-il ?"]) == [BRIDGE, "Quand ouvrira-t-il ?"]
    assert user_questions([SimpleNamespace(role="user", content=BRIDGE), SimpleNamespace(role="assistant", content="x")]) == [BRIDGE]
    assert user_questions(None) == []
    # (question, answer) pairs were ignored without a word (a newcomer's trial): they are read, and a shape
    # that is none of these is refused, not dropped
    assert user_questions([(BRIDGE, "Inès Valadier [1]"), ["Et ça ?", None]]) == [BRIDGE, "Et ça ?"]
    with pytest.raises(RagError, match="history item 42"):
        user_questions([42])
    # the same conversation in any of these shapes is read the same way
    plain = resolve("Quand ouvrira-t-il ?", [BRIDGE])
    assert resolve("Quand ouvrira-t-il ?", gradio6[:2]) == plain
    assert resolve("Quand ouvrira-t-il ?", [{"role": "user", "content": BRIDGE}]) == plain


def test_a_question_pointing_back_is_read_with_the_subject_of_its_topic() -> None:
    r = resolve("Quand ouvrira-t-il ?", [BRIDGE], FakeIndex())
    assert r.follow_up and r.kind == "reference" and r.topic == BRIDGE
    assert r.question == "Quand ouvrira-t-il ?"
    assert r.query == "Quand ouvrira-t-il ? pont Marlowe"  # the subject, not "Qui a conçu": one question word
    assert resolve("Quand ouvrira-t-il ?", []).query == "Quand ouvrira-t-il ?"  # no history, nothing to lean on


def test_a_follow_up_to_a_follow_up_keeps_the_topic() -> None:
    index = FakeIndex()
    r = resolve("Combien mesure-t-elle ?", [BRIDGE, "Quand ouvrira-t-il ?"], index)
    assert r.topic == BRIDGE and r.query == "Combien mesure-t-elle ? pont Marlowe"
    r = resolve("Qui l'a conçue ?", [BRIDGE, "Quand ouvrira-t-il ?", POOL, "Et sa profondeur ?"], index)
    assert r.topic == POOL and "piscine" in r.query and "Marlowe" not in r.query


@pytest.mark.parametrize("question", [POOL, "Combien coûte la piscine ?", "Quand la piscine ouvrira-t-elle ?",
                                      "Qui est Inès Valadier ?"])
def test_a_question_naming_what_the_topic_does_not_hold_stands_alone(question: str) -> None:
    r = resolve(question, [BRIDGE, "Quand ouvrira-t-il ?"], FakeIndex())
    assert not r.follow_up and r.query == question, r.reason


def test_without_an_index_names_still_start_a_new_topic() -> None:
    assert not resolve(POOL, [BRIDGE]).follow_up
    assert not resolve("How many chips are in an UltraServer?", ["When was Trainium 3 launched?"]).follow_up
    assert resolve("When did it go on sale?", ["When was Trainium 3 launched?"]).query == "When did Trainium 3 go on sale?"


@pytest.mark.parametrize("question", ["Combien de mètres ?", "Quand ouvrira-t-il au public ?", "Quelle longueur ?"])
def test_words_the_topic_document_holds_do_not_start_a_new_topic(question: str) -> None:
    r = resolve(question, [BRIDGE], FakeIndex())
    assert r.follow_up and r.kind == "reference" and "pont Marlowe" in r.query


def test_an_ellipsis_repeats_the_topic_question() -> None:
    index = FakeIndex()
    opening = "Quand ouvrira le pont Marlowe ?"
    r = resolve("Et en France ?", [opening], index)
    assert r.kind == "ellipsis" and r.query == f"{opening} Et en France ?"
    r = resolve("Et la piscine ?", [opening], index)  # the same question about another subject
    assert r.kind == "ellipsis" and "Marlowe" not in r.query and r.query.startswith("Quand ouvrira") and "piscine" in r.query
    later = resolve("Qui l'a conçue ?", [opening, "Et la piscine ?"], index)  # ... which is now the topic
    assert "piscine" in later.query and "Marlowe" not in later.query
    r = resolve("And the price?", ["When was Trainium 3 launched?"])  # something else about the same subject
    assert r.kind == "reference" and r.query == "And the price? Trainium 3"


class ChipIndex(FakeIndex):
    """One article that names the follow-up's subject too (Trainium 2 beside Trainium 3)."""

    def __init__(self) -> None:
        super().__init__()
        self.docs = {"puces.txt": ("Les puces d'Amazon", "Un UltraServer compte 144 Trainium 3. Avant lui vint Trainium 2 (2024).")}
        self.vocabulary = frozenset().union(*(content_terms(f"{t} {x}", "fr") for t, x in self.docs.values()))


def test_a_name_the_topic_article_mentions_is_still_a_new_subject_of_an_ellipsis() -> None:
    """"Et le Trainium 2 ?" after a count question asks the same count about Trainium 2; it had been
    read as "something else about the UltraServer" and answered, confidently and without a count."""
    r = resolve("Et le Trainium 2 ?", ["Combien de puces compte un UltraServer ?"], ChipIndex())
    assert r.kind == "ellipsis" and r.query == "Combien de puces compte un Trainium 2 ?"  # in the subject's place
    assert resolve("Et le prix ?", ["Combien de puces compte un UltraServer ?"], ChipIndex()).kind == "reference"


class LabIndex(FakeIndex):
    """One article naming two people (a newcomer's "And Kristopher King?" after "Who is Mark Carroll?")."""

    def __init__(self) -> None:
        super().__init__()
        self.docs = {"lab.txt": ("Le labo d'Austin", "Mark Carroll, en charge de l'ingénierie. Kristopher King, "
                                 "responsable du laboratoire.")}
        self.vocabulary = frozenset().union(*(content_terms(f"{t} {x}", "fr") for t, x in self.docs.values()))


def test_and_a_person_asks_the_same_question_about_them_in_the_same_language() -> None:
    """ "And Kristopher King?" reads as German first (capitals, "And"), so its names went unseen, the
    query became "Who is Mark Carroll? And Kristopher King?", and the answer came in German."""
    r = resolve("And Kristopher King?", ["Who is Mark Carroll?"], LabIndex())
    assert r.kind == "ellipsis" and r.query == "Who is Kristopher King?"
    assert _reply_language("And Kristopher King?", "Who is Mark Carroll?") == "en"
    assert _reply_language("Et le Trainium 2 ?", "How many chips are in an UltraServer?") == "fr"  # the user switched


def test_word_lists_cover_every_language_of_the_encoder() -> None:
    assert set(POINTERS) == set(LANGUAGES) == set(OPENERS)


#: (topic, follow-up pointing back) in every language of rag.text.LANGUAGES
POINTING_BACK = {
    "en": ("Who designed the Marlowe bridge?", "When did it open?"),
    "fr": ("Qui a conçu le pont Marlowe ?", "Quand a-t-elle ouvert ?"),
    "es": ("¿Quién dirige la orquesta de Logroño?", "¿Cuántos conciertos dirigirá él?"),
    "de": ("Wer leitet die Stadtbücherei von Lindenau?", "Wann wurde sie eröffnet?"),
    "it": ("Chi ha progettato il ponte Marlowe?", "Quanto è costata la sua costruzione?"),
    "pt": ("Quem projetou a ponte Marlowe?", "Quando ela foi inaugurada?"),
    "nl": ("Wie ontwierp de Marlowebrug?", "Wanneer is hij geopend?"),
    "pl": ("Kto zaprojektował most Marlowe?", "Kiedy go otwarto?"),
    "ru": ("Кто спроектировал театр в Томске?", "Когда он открылся?"),
    "tr": ("Tomsk tiyatrosunu kim tasarladı?", "Onun bütçesi ne kadar?"),
    "ar": ("من صمم متحف النسيج؟", "متى تم افتتاحها؟"),
    "zh": ("青石镇图书馆扩建由谁设计？", "它哪天闭馆？"),
    "ja": ("白砂町の水族館の館長は誰ですか？", "その入館料はいくらですか？"),
    "ko": ("백사정 수족관의 관장은 누구입니까?", "그것은 언제 개관했나요?"),
    "th": ("ใครออกแบบสะพานมาร์โลว์", "มันเปิดเมื่อไหร่"),
}


@pytest.mark.parametrize("lang", sorted(POINTING_BACK))
def test_a_pronoun_points_back_in_every_language(lang: str) -> None:
    topic, question = POINTING_BACK[lang]
    r = resolve(question, [topic])
    assert r.follow_up and r.topic == topic, (lang, r.reason)


@pytest.mark.parametrize(("topic", "question"), [
    ("Combien coûte le pont Marlowe ?", "Et en France ?"),
    ("What does the Lyra lamp cost?", "And in Germany?"),
    ("¿Cuánto cuesta la lámpara Lyra?", "¿Y en Francia?"),
    ("Was kostet die Lampe Lyra?", "Und in Frankreich?"),
    ("Quanto costa la lampada Lyra?", "E in Francia?"),
    ("Сколько стоит лампа Lyra?", "А во Франции?"),
])
def test_an_opening_and_adds_to_the_previous_question(topic: str, question: str) -> None:
    r = resolve(question, [topic])
    assert r.kind == "ellipsis" and r.query == f"{topic} {question}", r.reason


@pytest.mark.parametrize(("topic", "question"), [
    ("Wer leitet die Stadtbücherei von Lindenau?", "Wie viele Besucher erwartet die Fahrradmesse Velowelt in München?"),
    ("Qui a conçu le pont Marlowe ?", "Qu'est-ce que le festival des élèves du conservatoire de Vénissieux ?"),
    ("When was Trainium 3 launched?", "Who is the chief executive of Amazon Web Services?"),
    # "sein" closing the question is the verb "to be", not the possessive "its"
    ("In welchem Jahr kaufte AWS Annapurna Labs?", "Wie viel leistungsfähiger wird Trainium 4 als Trainium 3 sein?"),
])
def test_complete_questions_are_not_glued_to_the_previous_one(topic: str, question: str) -> None:
    assert not resolve(question, [topic]).follow_up


# --- through the library and the CLI (hashing embedder: seconds) ---

BRIDGE_EN = "# The Marlowe bridge\n\nThe Marlowe bridge was designed by Ines Valadier. It will open on 21 June 2026.\n"
POOL_EN = "# The Cesson pool\n\nThe Cesson pool will open soon: it will open on 2 September 2026, once it is open.\n"


@pytest.fixture
def two_topics(tmp_path: Path) -> Settings:

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bridge.md").write_text(BRIDGE_EN, encoding="utf-8")
    (corpus / "pool.md").write_text(POOL_EN, encoding="utf-8")
    settings = Settings.load(corpus_dir=corpus, index_dir=tmp_path / "index", embedder="hashing", abstain_threshold=0.0)
    build_index(settings)
    return settings


def test_rag_ask_reads_a_follow_up_against_its_history(two_topics: Settings) -> None:
    rag = Rag.open(two_topics)
    alone = rag.ask("When will it open?")
    assert alone.citations[0].source == "pool.md"  # on its own, the question lands on the pool
    for history in (["Who designed the Marlowe bridge?"],
                    [{"role": "user", "content": [{"type": "text", "text": "Who designed the Marlowe bridge?"}]}]):
        answer = rag.ask("When will it open?", history=history)
        assert answer.question == "When will it open?"
        assert answer.citations[0].source == "bridge.md" and "21 June" in answer.answer
        assert answer.read_as is not None and "Marlowe" in answer.read_as  # the JSON says how it was read
    assert alone.read_as is None  # read as typed
    new_topic = rag.ask("When will the Cesson pool open?", history=["Who designed the Marlowe bridge?"])
    assert new_topic.citations[0].source == "pool.md"
    ellipsis = rag.ask("Et le pont Marlowe ?", history=["When will the Cesson pool open?"])
    assert "21 June" in ellipsis.answer  # read with the English topic question ...
    assert ellipsis.lang == "fr"  # ... answered in the user's French (a short answer leads, no French wording needed)
    assert ellipsis.answer.startswith(("21 June 2026 —", "Les articles"))
    with pytest.raises(RagError, match="holds no words"):  # a stray "?" asks nothing, even after a question
        rag.ask(" ? ", history=["Who designed the Marlowe bridge?"])
    rag.close()


def test_cli_batch_lines_are_one_conversation_only_with_the_flag(two_topics: Settings) -> None:
    lines = "Who designed the Marlowe bridge?\nWhen will it open?\n"
    env = {"RAG_ABSTAIN_THRESHOLD": "0"}
    together = run(["ask", "--json", "--conversation", "--index", str(two_topics.index_dir)], env, stdin=lines)
    apart = run(["ask", "--json", "--index", str(two_topics.index_dir)], env, stdin=lines)
    assert together.returncode == 0 and apart.returncode == 0, together.stderr + apart.stderr
    second = [json.loads(proc.stdout.splitlines()[1]) for proc in (together, apart)]
    assert [s["question"] for s in second] == ["When will it open?"] * 2
    assert second[0]["citations"][0]["source"] == "bridge.md" and "21 June" in second[0]["answer"]
    assert second[1]["citations"][0]["source"] == "pool.md"  # without the flag, each line stands alone


@pytest.mark.parametrize(("topic", "follow_up", "query"), [
    ("¿Cuándo salió el primer Trainium?", "¿y el segundo?", "¿Cuándo salió el segundo Trainium?"),  # a newcomer's trial
    ("When did the first Trainium come out?", "And the second?", "When did the second Trainium come out?"),
    ("Quand est sortie la première version ?", "Et la deuxième ?", "Quand est sortie la deuxième version ?"),
])
def test_and_the_second_asks_the_previous_question_about_another_ordinal(topic: str, follow_up: str, query: str) -> None:
    assert resolve(follow_up, [topic]).query == query
