"""Short answers: the typed span a user reads first, cut exactly from the article's sentence."""

from __future__ import annotations

import pytest

from rag.answer.answer_types import without_type_words
from rag.answer.asked import introduced_as_asked, of_another_year
from rag.answer.evidence import answer_type, has_answer_of_type
from rag.answer.placement import anchors
from rag.answer.places import country_offsets
from rag.answer.spans import find_spans, pick_span

ULTRASERVER = ("Non loin de là, ce sont les UltraServers, serveurs équipés chacun de 144 exemplaires du "
               "Trainium 3, qui sont mis à l'épreuve avant d'être livrés.")
CARROLL = ('"Le développement de l\'IA requiert des centaines de milliers de puces", décrit Mark Carroll, '
           "en charge de l'ingénierie chez Annapurna Labs.")


def test_a_count_is_the_number_not_the_model_number_of_a_product() -> None:
    span = pick_span(ULTRASERVER, "count", "How many chips are in an UltraServer?")
    assert span is not None and span.text == "144" and ULTRASERVER[span.start:span.end] == "144"


def test_a_person_is_a_full_name_the_question_does_not_hold() -> None:
    span = pick_span(CARROLL, "person", "Who is in charge of engineering at Annapurna Labs?")
    assert span is not None and span.text == "Mark Carroll"
    assert pick_span("Les équipes travaillent à Cupertino (Californie).", "person", "Qui dirige ?") is None


@pytest.mark.parametrize(("sentence", "kind", "expected"), [
    ("La rénovation a coûté 1,5 million d'euros, soit 12 % de plus.", "money", "1,5 million d'euros"),
    ("La rénovation a coûté 1,5 million d'euros, soit 12 % de plus.", "percent", "12 %"),
    ("Реконструкция стоила 480 млн рублей.", "money", "480 млн рублей"),
    ("La première a mis 15 à 18 mois.", "duration", "15 à 18 mois"),
    ("Elle ouvrira le 3 mars 2026.", "date", "3 mars 2026"),
    ("Il est en vente depuis décembre.", "date", "décembre"),
    ("Das Labor wurde im Oktober eröffnet.", "date", "Oktober"),
    ("Il laboratorio ha aperto a ottobre.", "date", "ottobre"),
    ("図書館は2025年9月30日に閉館した。", "date", "2025年9月30日"),
    ("Des centaines de milliers de puces tournent.", "count", "centaines de milliers"),
])
def test_spans_of_every_kind_keep_the_articles_spelling(sentence: str, kind: str, expected: str) -> None:
    assert [s.text for s in find_spans(sentence, kind)][:1] == [expected]


def test_words_that_only_look_like_dates_are_not_dates() -> None:
    assert find_spans("La date n'a pas encore été révélée; you may go.", "date") == ()


def test_a_count_is_no_price_and_an_answer_the_question_holds_is_none() -> None:
    assert answer_type("How much does one UltraServer cost?") == "money"
    assert has_answer_of_type(ULTRASERVER, "money", "How much does one UltraServer cost?") is False
    assert has_answer_of_type("Amazon a racheté Annapurna Labs en 2015.", "date", "Was it bought in 2015?") is False


@pytest.mark.parametrize(("sentence", "price"), [
    ("Children under 12 enter free.", "free"),
    ("L'entrée est gratuite pour les moins de 12 ans.", "gratuite"),
    ("Der Eintritt ist kostenlos.", "kostenlos"),
    ("The museum uses free software.", None),  # no price
])
def test_free_is_a_price(sentence: str, price: str | None) -> None:
    """"How much does a child ticket cost?" is answered by "enter free"; the sentence had been no candidate."""
    span = pick_span(sentence, "money", "How much does a child ticket cost?")
    assert (span.text if span else None) == price


def test_a_figure_of_another_year_does_not_answer_a_dated_question() -> None:
    """"And how many did it serve in 2020?" is not answered by "now serves 64,000" in a 2025 report;
    the year may be in the sentence, what it leans on, or the article's date."""
    report = "The board now serves 64,000 households.\nWater board report 2025\n2025-03-01"
    assert of_another_year("How many households did it serve in 2020?", report)
    assert not of_another_year("How many households did it serve in 2025?", report)
    assert not of_another_year("How many households does it serve?", report)
    assert not of_another_year("Wie viele Prozessoren hat AWS 2018 herausgebracht?", "Sont d'abord nés, en 2018, Graviton et Inferentia")


def test_a_role_only_a_person_holds_is_not_answered_by_a_company() -> None:
    """"Who decided …?" may be answered by a body; "Who is the CEO of …?" only by a person's name."""
    rivals = "Encore dans l'ombre des géants Nvidia ou AMD, Amazon s'affirme comme un acteur des puces IA."
    for question in ("Who is the CEO of Nvidia?", "Qui est le PDG de Nvidia ?", "¿Quién es el consejero delegado de AMD?"):
        assert has_answer_of_type(rivals, "person", question) is False
    assert has_answer_of_type(rivals, "person", "Who decided to build the chips?") is None
    assert has_answer_of_type("Le PDG d'AWS, Matt Garman, l'a annoncé.", "person", "Who is the CEO of AWS?") is True


@pytest.mark.parametrize(("question", "kind"), [
    ("Why did AWS design its own chips?", "reason"),
    ("Pourquoi le Texas ?", "reason"),
    ("Is a Trainium chip bigger than a credit card?", "yesno"),
    ("Consomme-t-il autant que le précédent ?", "yesno"),
    ("AWS vend-il ses processeurs Trainium à d'autres entreprises ?", "yesno"),  # inverted after its subject
    ("Où AWS teste-t-il ses puces ?", None),
    ("Czy Trainium jest tańszy?", "yesno"),
    ("Quel pourcentage du marché détient Google ?", "percent"),
    ("Quelle chance Google a-t-il de sécuriser le meilleur modèle ?", "percent"),  # "une chance de 87 %"
    ("What are the odds that Google has the best model by year end?", "percent"),
    ("Wie hoch ist die Wahrscheinlichkeit, dass Google gewinnt?", "percent"),
    # a duration asked by its noun (the fourth held-out set's "Qual è la durata del contratto …?" was untyped)
    ("Qual è la durata del contratto tra IREN e Microsoft?", "duration"),
    ("Qual a duração do contrato?", "duration"),
    ("¿Cuánto duró la lucha?", "duration"),
    ("Quelle est la durée du mandat des députés ?", "duration"),
    ("Qu'est-ce qui peut mesurer la toxicité à forte dose et faible durée ?", None),  # asks something else
    # an era, a century or a year, not a span of time (PIAF: "A quelle période … ?" -> "époque soviétique", "1970")
    ("A quelle période la ville connaît des changements architecturaux majeurs ?", None),
    ("Durant quelle période l'empire fut-il à son apogée ?", None),
])
def test_reason_yes_no_and_percentage_questions_are_recognised(question: str, kind: str | None) -> None:
    assert answer_type(question) == kind


def test_who_is_answered_by_a_person_not_by_a_company() -> None:
    """ "Who runs the Austin lab?" must not get "Annapurna Labs"; a named person still answers."""
    lab = "Dans un laboratoire de sa filiale Annapurna Labs à Austin (Texas), on teste les puces."
    aws = "À la différence des grands noms, Amazon Web Services (AWS), filiale d'Amazon, ne vend pas ses puces."
    bain = "Bain & Co. a prédit un déficit de 800 milliards de dollars."
    assert pick_span(lab, "person", "Who runs the Austin lab?") is None
    assert pick_span(aws, "person", "Who is the CEO of AWS?") is None
    assert pick_span(bain, "person", "Who predicted a deficit?") is None
    carroll = "Selon Mark Carroll, en charge de l'ingénierie chez Annapurna Labs, tout tourne."
    assert pick_span(carroll, "person", "Who is in charge of engineering?").text == "Mark Carroll"
    assert pick_span("Selon Варвара Сёмина, директор", "person", "Кто директор?").text == "Варвара Сёмина"


def test_who_is_not_answered_by_a_street() -> None:
    """"Who runs the Northgate Harbor Library?" got "Quay Street" in a newcomer's trial."""
    assert pick_span("The library is on Quay Street in Northgate.", "person", "Who runs the library?") is None
    assert pick_span("Le musée est rue Victor Hugo.", "person", "Qui dirige le musée ?") is None
    assert pick_span("Das Bad liegt an der Karl Marx Straße.", "person", "Wer leitet das Bad?") is None
    assert pick_span("Elle est dirigée par Thomas Le Gall.", "person", "Qui dirige ?").text == "Thomas Le Gall"


def test_a_name_ends_at_a_line_break() -> None:
    """Two fields on two lines gave "Hélène Carrasco\nInscriptions" (a newcomer's trial)."""
    found = pick_span("Présidente : Hélène Carrasco\nInscriptions : aviron@example.org", "person", "Qui préside ?")
    assert found is not None and found.text == "Hélène Carrasco"


def test_who_is_answered_by_the_organisation_that_does_it_when_no_person_is_named() -> None:
    """A newcomer's trial: "Who built the new telescope?" named a person from another sentence."""
    telescope = "The observatory's new telescope, built by Grubb Parsons & Co. Ltd., cost approx. £1.6m."
    assert pick_span(telescope, "person", "Who built the new telescope?").text == "Grubb Parsons & Co"
    managed = "Elle est gérée depuis 2021 par l'association Vents d'Ouest."
    assert pick_span(managed, "person", "Qui gère la salle ?").text == "Vents d'Ouest"
    lab = "Dans un laboratoire de sa filiale Annapurna Labs à Austin (Texas), on teste les puces."
    assert pick_span(lab, "person", "Who runs the Austin lab?") is None  # no doer: still no answer


def test_german_nouns_are_no_person() -> None:
    """German capitalises every noun: "Ihr Bestand" opening a sentence and "Millionen Euro" after a
    number were quoted as the head of a library (held-out case h01-4)."""
    question = "Wer leitet die Stadtbücherei Lindenau?"
    assert pick_span("Ihr Bestand umfasst 62 000 Medien.", "person", question) is None
    assert pick_span("Ihr Budget beträgt 1,8 Millionen Euro im Jahr.", "person", question) is None
    found = pick_span("Sie wird seit 2020 von Katrin Vogelsang geleitet.", "person", question)
    assert found is not None and found.text == "Katrin Vogelsang"
    assert pick_span("Thomas Le Gall dirige la médiathèque.", "person", "Qui dirige ?").text == "Thomas Le Gall"


@pytest.mark.parametrize("question", [
    "How large is the budget of the Lindenau city library?", "Wie hoch ist das Budget der Bücherei?",
    "Quel est le budget annuel de L'Escale ?", "What is the mayor's salary?",
])
def test_a_budget_or_a_salary_is_an_amount_of_money(question: str) -> None:
    assert answer_type(question) == "money"
    assert "budget" in without_type_words(question) or "salary" in without_type_words(question)


@pytest.mark.parametrize(("question", "expected"), [
    ("How much does a sourdough loaf cost?", "£4.50"),
    ("How much does a box of pastries cost?", "£12"),
    ("Was kostet der Eintritt für Kinder?", "3 Euro"),
])
def test_the_short_answer_is_the_span_of_the_clause_the_question_names(question: str, expected: str) -> None:
    """The words that ask for the kind ("cost") sit next to every price; a comma parts clauses,
    not the figure "1,8"."""
    bakery = "The bakery sells a sourdough loaf for £4.50, while a box of six pastries costs £12."
    museum = "Im Museum zahlen Erwachsene 5 Euro, Kinder 3 Euro."
    sentence = museum if "Kinder" in question else bakery
    lang = "de" if "Kinder" in question else "en"
    found = pick_span(sentence, "money", question, anchors(sentence, question, lang, lang))
    assert found is not None and found.text == expected
    figure = "Der Zuschuss beträgt 1,8 Millionen Euro für die Stadtbücherei, 2 Millionen Euro für das Bad."
    question = "Wie hoch ist der Zuschuss für die Stadtbücherei?"
    assert pick_span(figure, "money", question, anchors(figure, question, "de", "de")).text == "1,8 Millionen Euro"


@pytest.mark.parametrize(("question", "kind"), [
    ("whats the name of amazons cloud unit", "name"),  # typed the way people type
    ("What does Kristopher King do at Amazon?", "role"),  # his role ("king" is not a thing named)
    ("Quelle somme les mineurs ont-ils empruntée ?", "money"),
    ("Which company did Amazon buy in 2015?", "name"),
    # a "when" after another question word is a conjunction (q2-08 was read as a date question, 0.01)
    ("What problem do big tech companies have trouble solving when they build new AI servers?", None),
    ("Que se passe-t-il quand les serveurs chauffent ?", None),
    ("Combien coûte le Trainium quand il sort ?", "money"),
    ("In what year was Annapurna Labs founded?", "date"),
    ("Und wann ging er in den Verkauf?", "date"),
    # a cost in the past tense asks for money, not a count (a newcomer's follow-up got a staff count)
    ("Und wie viel hat sie gekostet?", "money"),
    ("¿Cuánto costó la fábrica?", "money"),
    ("Quanto è costata la fabbrica?", "money"),
    ("Quanto custou a fábrica?", "money"),
    ("Hoeveel heeft de fabriek gekost?", "money"),
])
def test_question_wording_a_second_held_out_set_showed(question: str, kind: str | None) -> None:
    assert answer_type(question) == kind


@pytest.mark.parametrize(("question", "lang", "expected"), [
    ("¿Cuánto mejoró el Trainium 3 las capacidades respecto al Trainium 2?", "es", "doublé"),
    ("How much has Trainium 3 improved on Trainium 2?", "en", "doublé"),
    ("Um wie viel hat der Trainium 2 die Leistung verbessert?", "de", "quadruplées"),
])
def test_an_improvement_is_a_factor_of_the_generation_asked_about_first(question: str, lang: str, expected: str) -> None:
    """"cuánto mejoró" asked for a count and got nothing; with two generations named, the span of
    the first one named is the answer (the second held-out set, q2-21)."""
    sentence = ("Puis sont venus Trainium 2 (2024), avec des performances quadruplées par rapport à sa devancière, "
                "puis Trainium 3, qui a cette fois doublé les capacités de son prédécesseur.")
    assert answer_type(question) == "number" and answer_type("How much does the improvement cost?") == "money"
    found = pick_span(sentence, "count", question, anchors(sentence, question, lang, "fr"))
    assert found is not None and found.text == expected


@pytest.mark.parametrize(("sentence", "question", "expected"), [
    ("The festival opens on Friday, 3 July 2026, at 6 pm.", "When does the festival open?", "Friday, 3 July 2026, at 6 pm"),
    ("Wann: Samstag, 14. März, 19 Uhr", "Wann tritt Monika Gruber auf?", "Samstag, 14. März, 19 Uhr"),
    ("Le concert aura lieu le samedi 14 mars à 20 h.", "À quelle heure a lieu le concert ?", "20 h"),
    ("Amazon a racheté Annapurna Labs en 2015 et lancé Graviton en 2018.", "In what year did Amazon buy Annapurna Labs?",
     "2015"),
])
def test_a_when_gets_the_whole_date_the_sentence_writes(sentence: str, question: str, expected: str) -> None:
    """"Wann tritt … auf?" was answered "19 Uhr" or "Samstag" alone (a newcomer's trial); a time of
    day is still asked for alone, and two dates joined by "et" stay two."""
    found = pick_span(sentence, "date", question, anchors(sentence, question, "en", "en"))
    assert found is not None and found.text == expected


def test_how_large_asks_for_a_number_and_a_state_is_no_budget() -> None:
    assert answer_type("How big is the collection?") == "number"
    assert answer_type("Wie groß ist der Bestand?") == "number"
    assert answer_type("Quel est l'état de la route ?") is None


def test_a_count_is_read_whole_with_its_scale_unit_or_percent_sign() -> None:
    """The short answer is "jusqu'à 800 milliards de dollars" or "environ 1,5 %", never "800" or
    "milliards" alone, nor without the words that bound it ("plus de 17 %" is not "17 %") or the
    range it closes ("30 ou 40 %" is not "40 %")."""
    bain = "Bain a prédit un déficit pouvant aller jusqu'à 800 milliards de dollars d'ici à 2030."
    nasdaq = "L'indice NASDAQ 100 a baissé d'environ 1,5 % au cours du dernier mois."
    assert [s.text for s in find_spans(bain, "count")] == ["jusqu'à 800 milliards de dollars"]
    assert [s.text for s in find_spans(nasdaq, "count")] == ["environ 1,5 %"]
    gpu = "Elle peut réduire le coût jusqu'à 30 ou 40% par rapport aux GPU."
    assert [s.text for s in find_spans(gpu, "percent")] == ["jusqu'à 30 ou 40%"]
    assert [s.text for s in find_spans("Le Bitcoin a chuté de plus de 17 % en un mois.", "percent")] == ["plus de 17 %"]
    assert [s.text for s in find_spans("It raised more than $5 billion.", "money")] == ["more than $5 billion"]
    assert find_spans("C'est très important pour nous.", "count") == ()  # "très" is no Spanish "tres"
    assert [s.text for s in find_spans("Tiene tres chips.", "count")] == ["tres"]
    assert [s.text for s in find_spans("Il y a des centaines de milliers de puces.", "count")] == ["centaines de milliers"]


@pytest.mark.parametrize(("sentence", "duration"), [
    ("Le Bitcoin a chuté de 17 % au cours des 30 derniers jours.", "30 derniers jours"),
    ("Des puces fonctionnent simultanément pendant des semaines.", "pendant des semaines"),
    ("Nvidia a lancé les Rubin moins d'un an après les Blackwell.", "un an"),
    ("We tested it for several weeks.", "for several weeks"),
    ("It opened less than a year later.", "a year"),
    ("La première a mis 15 à 18 mois.", "15 à 18 mois"),
])
def test_durations_with_an_adjective_an_article_or_no_figure(sentence: str, duration: str) -> None:
    """ "How long …?" is answered by "30 derniers jours", "pendant des semaines" or "un an" too."""
    assert duration in [s.text for s in find_spans(sentence, "duration")]


def test_a_rate_is_no_duration() -> None:
    """ "40 ships a day" says how many per day, not for how long: "How long is the canal?" must not take it."""
    assert find_spans("The terminal can handle 40 ships a day.", "duration") == ()


def test_an_answer_dates_the_generation_the_question_names_not_its_neighbour() -> None:
    """"Trainium 2 (2024)" does not date Trainium 3, nor "le premier Trainium, en 2020"; the
    sentence that names only the asked generation still answers."""
    generations = ("Puis sont venus Trainium 2 (2024), avec des performances quadruplées, puis Trainium 3, "
                   "qui a cette fois doublé les capacités.")
    first = "Sont d'abord nés, en 2018, Graviton et Inferentia, avant l'arrivée du premier Trainium, en 2020."
    phones = "L'iPhone 11 (2019) a précédé l'iPhone 12 (2020)."
    assert pick_span(generations, "date", "When did Trainium 3 go on sale?") is None
    assert pick_span(generations, "date", "When did Trainium 2 come out?").text == "2024"
    assert pick_span(first, "date", "When was Trainium 3 launched?") is None
    assert pick_span(first, "date", "When did the first Trainium arrive?", [first.index("Trainium")]).text == "2020"
    assert pick_span(phones, "date", "Quand est sorti l'iPhone 12 ?").text == "2020"
    assert pick_span("Le Trainium 3 est commercialisé depuis décembre.", "date", "When did Trainium 3 go on sale?").text \
        == "décembre"
    assert pick_span("En 2024, 12 millions de puces.", "date", "How many chips in 2023?") is not None  # a year, not a model
    # a model code joined by a hyphen: the price of the SW-400 is not the SW-600's (a newcomer's table)
    row = "Modell: SW-400 Eco; Leistung: 400 W; Preis: 189 €"
    assert pick_span(row, "money", "How much does the SW-600 Ultra cost?") is None
    assert pick_span(row, "money", "How much does the SW-400 Eco cost?").text == "189 €"


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Puis sont venus Trainium 2 (2024), avec des performances quadruplées par rapport à sa devancière.",
     ["quadruplées"]),
    ("Le Trainium 4 aura six fois la performance du Trainium 3.", ["six fois"]),
    ("Die Leistung hat sich verdreifacht, bei 4x weniger Strom.", ["verdreifacht", "4x"]),
    ("Sales grew tenfold, to 3 times the 2023 level.", ["tenfold", "3 times"]),
])
def test_how_many_times_is_answered_by_a_factor(sentence: str, expected: list[str]) -> None:
    """"Par combien ?" / "how many times?" is answered by "quadruplées" or "six fois", not only by a figure."""
    assert [s.text for s in find_spans(sentence, "count")] == expected


def test_a_year_is_asked_for_so_a_month_alone_does_not_answer() -> None:
    """"In what year was the lab opened?" is not answered by "depuis décembre"; "since which month" is."""
    lab = "Dans un laboratoire à Austin, on teste le Trainium 3, commercialisé depuis décembre."
    assert pick_span(lab, "date", "In what year was the Austin lab opened?") is None
    assert pick_span(lab, "date", "In welchem Jahr wurde das Labor eröffnet?") is None
    assert pick_span(lab, "date", "Since which month has Trainium 3 been on sale?").text == "décembre"
    assert pick_span("Le rachat d'Annapurna Labs, en mars 2015.", "date", "¿En qué año?").text == "mars 2015"


def test_a_count_in_a_unit_of_measure_is_not_a_sum_of_money() -> None:
    """"How many megawatts?" is not answered by "9,5 milliards de dollars", but by "200 MW"."""
    deal = "De même, TeraWulf a conclu un partenariat de 9,5 milliards de dollars avec Fluidstack."
    assert pick_span(deal, "count", "Hoeveel megawatt aan stroomcapaciteit heeft TeraWulf?") is None
    assert pick_span("Le site dispose de 200 MW et de 9,5 milliards de dollars.", "count", "How many megawatts?").text == "200"
    assert pick_span("Le bassin fait 50 m de long.", "count", "Combien de mètres mesure son bassin ?").text == "50"
    assert pick_span(deal, "count", "Combien de dollars ?") is not None  # no unit of measure asked
    row = "Modèle: Orion; Prix: 149 €; Hauteur: 42 cm"  # a newcomer's trial: "How tall …?" got "149 €"
    assert pick_span(row, "count", "How tall is the Orion lamp?").text == "42"


def test_a_factor_answers_only_a_question_about_a_factor() -> None:
    """"Six fois la performance" says how many times, not how much memory; and in "Le Trainium 4
    aura six fois la performance du Trainium 3" the factor is Trainium 4's, named before it."""
    trainium4 = "Le Trainium 4, dont la date n'a pas été révélée, aura six fois la performance du Trainium 3."
    assert pick_span(trainium4, "count", "¿Cuánta memoria HBM lleva cada chip Trainium 3?") is None
    assert pick_span(trainium4, "count", "Combien de fois plus performant sera le Trainium 4 ?").text == "six fois"
    assert pick_span(trainium4, "count", "How much faster will Trainium 4 be?").text == "six fois"
    assert pick_span(trainium4, "count", "Wie viel leistungsfähiger wird Trainium 4 als Trainium 3 sein?").text == "six fois"
    assert pick_span(trainium4, "count", "Wie viel Wasser braucht ein Rechenzentrum?") is None  # "-er" is no comparative
    assert pick_span("Il a gagné le titre six fois.", "count", "How many times did he win the title?").text == "six fois"


def test_ordinals_and_comparisons_name_generations_too() -> None:
    """"The second Trainium" is not "la première (version du Trainium)"; a question comparing two
    generations asks about both; a factor is not a duration."""
    first = '"La première (version du Trainium) a mis 15 à 18 mois", rappelle Mark Carroll.'
    assert pick_span(first, "duration", "How long did the second Trainium take to develop?") is None
    assert pick_span(first, "duration", "Combien de temps a pris le premier Trainium ?").text == "15 à 18 mois"
    assert pick_span(first, "count", "By how much did Trainium 2 improve over the first Trainium?") is None
    both = ("Puis sont venus Trainium 2 (2024), avec des performances quadruplées par rapport à sa devancière, "
            "puis Trainium 3, qui a cette fois doublé les capacités.")
    assert pick_span(both, "count", "By how much did Trainium 2 improve over the first Trainium?").text == "quadruplées"


def test_a_quantity_in_a_unit_is_not_a_count_of_things() -> None:
    """"How many megawatts do the UltraServers consume?" is not answered by "144 exemplaires"."""
    ultra = "Des serveurs équipés chacun de 144 exemplaires du Trainium 3, qui sont mis à l'épreuve."
    assert pick_span(ultra, "count", "How many megawatts do the UltraServers consume?") is None
    assert pick_span(ultra, "count", "How many chips are in an UltraServer?").text == "144"
    assert pick_span("Das Becken misst 50 Quadratmeter.", "count", "Wie viele Quadratmeter?").text == "50"


def test_a_phone_question_is_not_answered_by_an_email_address() -> None:
    """"Quel est le numéro de téléphone du musée ?" got "accueil@musee-lumiere.fr" in a newcomer's trial."""
    mail = "Courriel : accueil@musee-lumiere.fr"
    assert pick_span(mail, "contact", "Quel est le numéro de téléphone du musée ?") is None
    assert pick_span(mail, "contact", "Quelle est l'adresse e-mail du musée ?").text == "accueil@musee-lumiere.fr"
    both = "Contact : glycines@centresocial-morlaix.fr, tél. 02 98 63 41 27"
    assert pick_span(both, "contact", "What is the phone number?").text == "02 98 63 41 27"
    assert pick_span(both, "contact", "How can I contact them?").text == "glycines@centresocial-morlaix.fr"
    end = "Call us or write to hello@harbourbakery.example."  # a README-only newcomer got the full stop too
    assert pick_span(end, "contact", "What is the bakery's email address?").text == "hello@harbourbakery.example"


def test_which_company_is_answered_by_the_name_the_sentence_calls_a_company() -> None:
    """ "Welche Firma hat … mit Microsoft unterzeichnet?" was answered "Bitcoin" (a newcomer's trial)."""
    iren = ("La société IREN, autrefois dédiée au minage de Bitcoin, a récemment connu une forte hausse après avoir "
            "signé un contrat de cloud IA de 9,7 milliards de dollars avec Microsoft.")
    question = "Welche Firma hat einen Cloud-Vertrag über 9,7 Milliarden Dollar mit Microsoft unterzeichnet?"
    span = pick_span(iren, "name", question, anchors=[iren.index("9,7"), iren.index("cloud")])
    assert span is not None and span.text == "IREN"


def test_who_reported_is_answered_by_the_source_the_sentence_names() -> None:
    """ "…, rapporte TopTribune." names who reported it, though one capitalised word is no person's name."""
    launch = ("Amazon intensifie sa présence dans la course à l'IA avec le lancement de Trainium 3, une puce conçue pour "
              "rivaliser avec Nvidia, rapporte TopTribune.")
    span = pick_span(launch, "person", "Who reported the Trainium 3 launch?")
    assert span is not None and span.text == "TopTribune"


def test_a_year_before_1500_is_a_year() -> None:
    """ "en quelle année Christophe Colomb a atteint l'Amérique" ruled out its own answer, 1492 (PIAF)."""
    colomb = "Le navigateur génois Christophe Colomb atteignit incidemment l'Amérique en 1492."
    span = pick_span(colomb, "date", "en quelle année Christophe Colomb a atteint l'Amérique")
    assert span is not None and span.text == "1492"


def test_since_when_is_answered_by_a_date_or_a_span_of_time() -> None:
    """ "Depuis quand le Liban était-il en phase de reconstruction ?" is answered by "10 ans" (PIAF)."""
    rebuilt = "Le Liban est en reconstruction depuis 10 ans."
    assert has_answer_of_type(rebuilt, "date", "Depuis quand le Liban était-il en phase de reconstruction ?")
    assert not has_answer_of_type(rebuilt, "date", "Quand le Liban a-t-il été reconstruit ?")


def test_which_x_prefers_the_sentence_that_gives_a_name_right_after_x() -> None:
    """PIAF: "À quel département la ville de Marseille est-elle rattachée ?" quoted a sentence naming La
    Corniche; "… dans le département des Bouches-du-Rhône" gives the name where the question's noun is."""
    question = "A quel département la ville de Marseille est-elle rattachée ?"
    assert introduced_as_asked("Endoume est une localité de Marseille, dans le département des Bouches-du-Rhône.", question)
    assert not introduced_as_asked("Ce village est localisé non loin de La Corniche, à Marseille.", question)
    assert not introduced_as_asked("Batu Khan, nieto de Genghis Khan, invadió Kievan Rus'.",
                                   "Which of Genghis Khan's descendants invaded Kievan Rus'?")  # a name is no kind


def test_an_acronym_the_question_holds_in_another_language_is_no_answer() -> None:
    """ "What is the name of Microsoft's own AI chip?" was answered "IA", the French "AI" of
    "contrat de cloud IA" (a newcomer's trial)."""
    sentence = "La société IREN a signé un contrat de cloud IA de 9,7 milliards de dollars avec Microsoft."
    span = pick_span(sentence, "name", "What is the name of Microsoft's own AI chip?")
    assert span is None or span.text != "IA"
    assert pick_span(sentence, "name", "Which company signed a cloud contract with Microsoft?") is not None


def test_a_country_question_is_answered_by_a_country_or_an_adjective_of_nationality() -> None:
    """ "¿De qué país era la start-up Annapurna Labs?" was answered with a pair of chip names."""
    sentence = "AWS s'est lancé dans la conception de ses puces avec le rachat de la start-up israélienne Annapurna Labs en 2015."
    span = pick_span(sentence, "name", "¿De qué país era la start-up Annapurna Labs que compró AWS?")
    assert span is not None and span.text == "israélienne"
    assert answer_type("Where is Annapurna Labs from?") == "name"
    assert pick_span("Le laboratoire se trouve aux États-Unis, à Austin.", "name", "In which country is the lab?").text == "États-Unis"
    assert pick_span("Le laboratoire se trouve à Austin.", "name", "In which country is the lab?") is None  # a city is no country
    assert pick_span(sentence, "name", "Which company did AWS buy?") is not None  # other name questions unchanged


def test_a_duration_keeps_its_bound_and_a_score_counts_nothing() -> None:
    """A newcomer's trial: "more than two decades" was shortened to "two decades", and "How many
    sponsors does the club have?" was answered "3" from a "3:1-Sieg"."""
    span = pick_span("The site was sold more than two decades after the closure.", "duration", "How long after the closure?")
    assert span is not None and span.text == "more than two decades"
    assert pick_span("Der Verein feierte einen 3:1-Sieg gegen Grünhain.", "count", "How many sponsors does the club have?") is None
    assert pick_span("Chaque serveur embarque 144 puces.", "count", "How many chips?").text == "144"  # type: ignore[union-attr]


def test_an_adjective_of_nationality_from_a_country_of_several_words() -> None:
    """ "Which country is Hanseo Energy from?" abstained on "the Korean company" (South Korea,
    Corée du Sud), a newcomer's trial; "européenne" names a union, not a country."""


    for sentence, adjective in [("The Korean company Hanseo Energy will build it.", "Korean"),
                                ("Une entreprise coréenne construira l'usine.", "coréenne")]:
        assert [sentence[a:b] for a, b in country_offsets(sentence)] == [adjective]
    assert country_offsets("La présidence européenne et le core business d'une scène.") == []
