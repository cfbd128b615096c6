"""The kind of answer a question asks for, in every language of the default encoder.

"How many chips …" wants a count, "What does … cost" an amount of money, "Who runs …" a person,
"Since when …" a date. The answerer quotes a sentence only when it holds a span of that kind
(:mod:`rag.answer.spans`) that the question does not already hold: a count is no price.

Question words are listed by hand, on the folded question (:func:`rag.text.fold`), for the 15
languages of :data:`rag.text.LANGUAGES`; the patterns are tried from the most specific kind
(a percentage, a price) to the most general (a name).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.answer.places import asks_country
from rag.text import any_stopword, fold

#: Kinds an answer may have; None from :func:`answer_type` means the question does not say.
ANSWER_TYPES = ("number", "money", "percent", "date", "duration", "person", "name", "contact", "address", "role",
                "reason", "yesno")

_WANTS_REASON_RE = re.compile(
    r"^\W*(why|how come|what makes|pourquoi|qu'est-ce qui (fait|explique|pousse)|por ?que|warum|wieso|weshalb|"
    r"perche|come mai|waarom|почему|зачем|neden|niye|niçin|dlaczego|czemu|لماذا|لم|왜)\b|为什么|為什麼|为何|なぜ|どうして|ทำไม"
)
#: What opens or closes a yes/no question only ("Is …", "Est-ce que …", "…吗"), even one that embeds
#: a wh-question; Japanese ですか / ますか close wh-questions as well, so they are not in it.
_YES_NO_FRAME_RE = re.compile(
    r"^\W*(is|are|was|were|do|does|did|can|could|will|would|has|have|had|should|est-ce que|est-ce qu'|ist|sind|war|"
    r"waren|hat|haben|hatte|kann|konnen|wird|werden|gibt|gab|zijn|heeft|hebben|wordt|czy|هل)\b|"
    r"^\W*\w+-t-(il|elle|on)\b|^\W*[\w']+-(il|elle|ils|elles|on)\b|\bли\b|\b(mı|mi|mu|mü)(sun|dır|dir)?\W*$|"
    r"吗\W*$|是否|有没有|ไหม\W*$|หรือไม่\W*$|"
    r"^\W*(se sabe|sabemos|si sa|sappiamo|sabe-se|weiss man|wissen wir|is it known|do we know|on sait)\b"
)
_WANTS_YES_NO_RE = re.compile(rf"{_YES_NO_FRAME_RE.pattern}|ですか\W*$|ますか\W*$")
_WANTS_PERCENT_RE = re.compile(
    r"\b(what (percentage|percent|share|proportion)|quel(le)? (pourcentage|part|proportion)|pourcentage|"
    r"que porcentaje|porcentaje|wie viel prozent|welche[rn]? anteil|prozent|percentuale|porcentagem|percentage|"
    r"percentage|yuzde|procent\w*|какой процент|какая доля|сколько процент\w*|نسبة)\b|百分之几|百分比|多少百分|"
    r"何パーセント|割合|퍼센트|비율|"
    # a chance is a share: "Quelle chance Google a-t-il de …" is answered by "une chance de 87 %"
    r"\bwhat (are|is|were|was) the (odds|chances?|probability|likelihood)\b|\bquel(le)?s? (chances?|probabilites?)\b|"
    r"\bwahrscheinlichkeit\b|\bwie (hoch|gross) (ist|sind|war|waren) die chancen?\b|\bque (probabilidad|posibilidades)\b|"
    r"\bche probabilita\b|\bquante probabilita\b|\bqual (e )?a probabilidade\b|\bкакова вероятность\b|\bкакие шансы\b"
)
_WANTS_MONEY_RE = re.compile(
    r"\b(how much money|combien d'argent|cuanto dinero|wie ?viel geld|quanto denaro|quanto dinheiro|"
    r"price|prices|priced|prix|precio|preis|tarif|prezzo|preco|prijs|cena|fiyat\w*|what (is|was|were|are) the cost|"
    r"(how much|does|do|did|will|would)\b.*\bcost|what sum|quelle somme|quelle est la somme|que suma|welche summe|"
    r"welchen betrag|quale somma|qual (e )?a soma|cout|couts|coute|coutent|coutait|coutaient|coutera|couteront|"
    r"couteux|couteuse|cuesta|cuestan|costara|kostet|kosten|costa|costano|custa|"
    r"gekostet|kostete|kosteten|costo|costaron|costaba|costato|costata|costati|costate|custou|custaram|custava|"
    r"kostte|kostten|gekost|\w+preis(?:e|es|en)?|\w+kosten|\w+prijs|\w+summe|"  # "Kaufpreis", "Baukosten"
    r"custam|kost|kosztuje|maliyet\w*|combien coute|combien coutent|cuanto cuesta|was kostet|"
    r"(how much|combien|cuanto|wie viel|quanto|hoeveel|ile)\b.*\b(pay|paid|spend|spent|invest\w*|paye\w*|payer|"
    r"depense\w*|investi\w*|pago|pagado|gasto|invirtio|bezahlt|gezahlt|ausgegeben|investiert|pagato|speso|"
    r"pagou|gastou|investiu|betaald|uitgegeven|zaplacil\w*|wydal\w*)|"
    r"сколько сто\w*|стоимост\w*|цен[аы]|заплатил\w*|سعر|تكلفة|ثمن|يكلف)\b|"
    r"多少钱|价格|花费|耗资|造价|费用|いくら|価格|値段|費用|가격|비용|얼마"
)
#: An amount by its name ("How large is the budget …", "Wie hoch ist ihr Budget ?"): the name
#: stays in the question's focus, unlike "how much".
_NAMED_MONEY_RE = re.compile(
    r"\b(budget|budgets|presupuesto|haushalt|bilancio|orcamento|begroting|budzet\w*|butce\w*|бюджет\w*|ميزانية|"
    r"salary|salaire|salario|gehalt|stipendio|salaris|pensj\w*|maas\w*|зарплат\w*|راتب)\b|预算|工资|薪水|予算|給料|예산|급여"
)
_WANTS_DURATION_RE = re.compile(
    r"\b(how long|for how long|how many (seconds|minutes|hours|days|weeks|months|years|decades)|combien de temps|"
    r"pendant combien|en combien de temps|depuis combien de temps|combien d'(annees|ans)|combien de (mois|jours|semaines)|"
    r"cuanto tiempo|cuantos (anos|meses|dias)|wie lange|wie viel zeit|wie viele (jahre|monate|tage|wochen)|"
    r"quanto tempo|per quanto tempo|quanti (anni|mesi|giorni)|quanto dura|quantos (anos|meses|dias)|"
    r"hoe lang|hoeveel tijd|hoeveel (jaar|maanden|dagen|weken)|jak dlugo|ile czasu|ile lat|"
    r"ne kadar sur\w*|kac (yil|gun|ay|hafta)|(over what|over which) (period|time span)|(which|what) time span|"
    r"quelle duree|(en )?que (periodo|plazo)|welche[nm]? zeitraum|welke periode|quale periodo|"
    r"как долго|сколько времени|сколько (лет|дней|месяцев|недель)|"
    # the noun: "Qual è la durata del contratto?", "Qual a duração …?", "¿Cuánto dura …?"
    r"(what is|what's|whats|what was) the (duration|length of time)|quelle (est|etait|a ete|sera|serait) la duree|"
    r"cual (es|era|fue|sera) la duracion|qual (e|era|sera|foi) (la durata|a duracao)|qual a duracao|welche dauer|"
    r"cuanto (dura|duro)|quanto durou|hoe lang duurt|какова (длительность|продолжительность)|"
    r"كم من الوقت|كم سنة|منذ متى)\b|多长时间|多久|几年|多少年|几个月|どのくらいの期間|何年間|何日間|何か月|얼마나 오래"
)
#: Words that ask for a time of day (folded), part of "when" questions: "At what time …", "À quelle heure …".
_TIME_ASKED = (r"(at )?what time|a quelle heure|a que hora|um wie viel uhr|um welche uhrzeit|a che ora|a que horas|"
               r"hoe laat|o ktorej|saat kacta|во сколько|в котором часу")
_TIME_ASKED_UNSPACED = r"几点|何時に|몇 시"
_WANTS_DATE_RE = re.compile(
    r"\b(when|what year|which year|what month|which month|what date|which day|since when|quand|depuis quand|"
    r"en quelle annee|quelle annee|quel mois|quelle date|quel jour|a quelle date|cuando|en que ano|que mes|que dia|"
    r"que fecha|wann|in welchem jahr|seit wann|welche[mn]? monat|welches datum|an welchem tag|quando|"
    r"in (che|quale) anno|da quando|che giorno|em que ano|desde quando|em que dia|em que mes|wanneer|in welk jaar|"
    r"sinds wanneer|welke maand|kiedy|w ktorym roku|od kiedy|ne zaman|hangi yil\w*|hangi tarih\w*|hangi ay\w*|"
    r"когда|в каком году|какого числа|в каком месяце|متى|في أي عام|في أي سنة|"
    rf"{_TIME_ASKED})\b|{_TIME_ASKED_UNSPACED}|"
    r"哪天|哪一天|什么时候|何时|哪年|几月|いつ|何曜日|何年|何月|언제|몇 년도|몇 월"
)
_WANTS_NUMBER_RE = re.compile(
    r"\b(how (many|much|long|old|fast|far|often|large|big|high|tall|heavy|deep|wide)|by how much|what (percentage|share|proportion|amount|number|price|value)|"
    r"combien|de combien|quel(le)? (est le |est la )?(nombre|montant|prix|pourcentage|valeur)|cuant[oa]s?|"
    r"wie (viele?|hoch|gross|schwer|alt|weit|tief|breit)|quant[io]|quante|quanto|quantos|quantas|hoeveel|ile|kac|ne kadar|сколько|كم)\b|"
    r"多少|几[个位家座名]|いくつ|何[個台人本枚基社]|몇|"
    # an age by its name: "What is Thomas Kessler's age?", "Quel âge a …", "¿Qué edad tiene …?"
    r"\b(?:age|edad|eta|idade|leeftijd|wiek|возраст\w*)\b"
)
_WANTS_PERSON_RE = re.compile(
    r"^\W*(who|whom|whose|qui|quien|quienes|wer|wem|wen|chi|quem|wie (is|was|zijn|waren|heeft|had|leidt|leidde|"
    r"werd|wordt)|kim|kimin|kime|kto|kogo|komu|кто|кого|кому|кем|من هو|من هي)\b|"
    r"\b(a|par|de|avec|pour|by|to|with|for|from|con|por|para|von|mit|fur|da|door) (qui|whom|quien|quienes|wem|wen|chi|"
    r"quem|wie)\b|谁|誰|どなた|だれ|누가|누구"
)
#: Roles only a person holds: a "who" question naming one ("Who is the CEO of Nvidia?", "¿Quién es
#: el alcalde …?") is not answered by a body or a company, as "Who decided …?" may be.
_PERSON_ROLE_RE = re.compile(
    r"\b(ceo|cto|cfo|coo|chief executive|chairman|chairwoman|chairperson|spokes(?:man|woman|person)|(?:the|a) mayor|"
    r"pdg|porte-parole|maire|directeur general|directrice generale|patron|patronne|"
    r"consejero delegado|director ejecutivo|directora ejecutiva|portavoz|alcalde|alcaldesa|"
    r"vorstandschef(?:in)?|vorstandsvorsitzende[rn]?|geschaftsfuhrer(?:in)?|sprecher(?:in)?|burgermeister(?:in)?|"
    r"amministratore delegato|sindaco|portavoce|diretor executivo|prefeito|prefeita|porta-voz|"
    r"burgemeester|woordvoerder)\b"
)
_NAMED_THINGS = ["company", "companies", "firm", "firms", "business", "organisation", "organization", "agency", "bank", "team", "club", "party", "band", "group", "brand", "label", "newspaper", "channel", "city", "cities", "town", "village", "country", "countries", "region", "state", "province", "island", "river", "lake", "mountain", "street", "school", "university", "college", "hospital", "museum", "library", "stadium", "airport", "architect", "architects", "artist", "author", "writer", "singer", "player", "players", "coach", "president", "minister", "mayor", "king", "queen", "emperor", "pope", "leader", "founder", "ceo", "director", "chip", "chips", "model", "models", "product", "products", "software", "clinic", "hotel", "restaurant", "shop", "store", "association", "book", "books", "film", "album", "festival", "entreprise", "clinique", "hotel", "boutique", "magasin", "livre", "recueil", "festival", "entreprises", "societe", "societes", "cabinet", "firme", "banque", "equipe", "equipes", "parti", "marque", "journal", "chaine", "ville", "villes", "commune", "pays", "region", "ile", "fleuve", "riviere", "lac", "montagne", "rue", "ecole", "universite", "hopital", "musee", "bibliotheque", "stade", "aeroport", "architecte", "artiste", "auteur", "ecrivain", "chanteur", "joueur", "entraineur", "president", "ministre", "maire", "roi", "reine", "empereur", "dirigeant", "fondateur", "directeur", "directrice", "puce", "puces", "modele", "modeles", "produit", "produits", "logiciel", "empresa", "empresas", "compania", "banco", "equipo", "partido", "marca", "periodico", "ciudad", "pueblo", "pais", "isla", "rio", "lago", "montana", "calle", "escuela", "universidad", "hospital", "museo", "biblioteca", "estadio", "aeropuerto", "arquitecto", "artista", "autor", "escritor", "cantante", "jugador", "entrenador", "presidente", "ministro", "alcalde", "rey", "reina", "fundador", "director", "firma", "firmen", "unternehmen", "bank", "mannschaft", "verein", "partei", "marke", "zeitung", "sender", "stadt", "dorf", "land", "insel", "fluss", "see", "berg", "strasse", "schule", "universitat", "krankenhaus", "museum", "bibliothek", "flughafen", "architekt", "kunstler", "autor", "schriftsteller", "sanger", "spieler", "trainer", "prasident", "minister", "burgermeister", "konig", "konigin", "grunder", "direktor", "estado", "estados", "cidade", "pais", "stato", "citta", "paese", "staat", "stad", "land", "bedrijf", "empresa", "azienda", "societa", "sirket", "sehir", "ulke", "miasto", "kraj", "firma", "город", "страна", "компания", "штат"]
_WANTS_NAME_RE = re.compile(
    r"^\W*(?:(?:in|en|em|dans|a|w|в|from|de|da|di)\s+)?(which|what|quel|quelle|quels|quelles|cual|cuales|que|"
    r"welche[rsnm]?|qual|quais|quale|quali|welke?|ktor[aey]m?|jakim|hangi|как(ой|ая|ое|ие|ом))\s+"
    # "What does Kristopher King do?": after an auxiliary the noun is no longer what is asked for
    r"(?!(?:do|does|did|can|could|should|might|must|will|would|has|have|had)\b)(?:[\w']+\s+){0,3}"
    r"(?:" + "|".join(_NAMED_THINGS) + r")\b"
)
#: "What is X called?", "Which rival …": the answer is a name, whatever the noun.
_WANTS_ANY_NAME_RE = re.compile(
    r"^\W*(what is the name|what's the name|whats the name|what is .* called|what was .* called|comment s'appelle|quel est le nom|"
    r"como se llama|cual es el nombre|wie heisst|wie hiess|come si chiama|qual e il nome|como se chama|qual e o nome|"
    r"hoe heet|jak sie nazywa|как называ\w+|ما اسم)\b|何という|名前は|叫什么|什么名字|이름은|"
    r"^\W*(which|quel|quelle|quels|quelles|welche[rsnm]?|cual|cuales|quale|quali|qual|quais|welke?|ktor[aey]|hangi|"
    r"как(ой|ая|ое|ие))\s+(?!(is|are|was|were|est|sont|etait|etaient|es|son|era|eran|ist|sind|war|waren|e|sono|era|"
    r"zijn|is|was|jest|to|sa|je|это|will|would|sera|seront|serait|seraient|seria|serian|seran|fue|fueron|wird|"
    r"werden|wurde|wurden|sara|saranno|sarebbe|fu|furono|foi|foram|будет|будут|был|была|было|были)\b)\w|"
    r"^\W*哪(?![里裡儿兒])"
)
_ANY_NAME_WORDS = re.compile(
    r"\b(what is the name|what's the name|whats the name|called|comment s'appelle|quel est le nom|como se llama|cual es el nombre|"
    r"wie heisst|wie hiess|come si chiama|qual e il nome|como se chama|qual e o nome|hoe heet|jak sie nazywa|"
    r"как называ\w+|ما اسم)\b|何という|名前は|叫什么|什么名字|이름은"
)
_WHO_IS_NAMED_RE = re.compile(
    r"^\W*(?i:who (?:is|was)|qui (?:est|était|etait)|quién (?:es|era)|quien (?:es|era)|wer (?:ist|war)|chi è|"
    r"quem é|wie is|kim|кто так(?:ой|ая))\s+[A-ZÀ-ÖØ-ÞА-ЯЁ]"
)
#: Words that ask for someone's role or job (folded): "What is Sam Altman's job title?", "Quelle est la
#: fonction de …", "¿Qué cargo tiene …?", "Welche Funktion hat …?".
_ROLE_ASKED_RE = re.compile(
    r"\b(job|job title|role|occupation|profession|metier|poste|fonction|cargo|puesto|oficio|funcion|papel|"
    r"beruf|funktion|rolle|ruolo|mestiere|professione|carica|funcao|profissao|ocupacao|beroep|functie|rol|"
    r"stanowisko|funkcja|zawod|gorevi|meslegi|должност\w*|професси\w*|роль)\b"
)
#: "What does Kristopher King do?", "Que fait …", "¿Qué hace …?", "Was macht …?": the subject is group 1.
_DOES_WHAT_RE = re.compile(
    r"^\W*(?:what (?:does|did) ([\w' -]+?) do|(?:que fait|qu'est-ce que fait|que hace|was macht|cosa fa|"
    r"che cosa fa|che fa|o que faz|wat doet|чем занимается) ([\w' -]+?))"
    # and nothing more than where: "What does X do at Amazon?", not "Que fait Dieu à Lucifer ?" (an action)
    r"(?:\s+(?:for a living|(?:at|for|chez|bei|para|per|presso|bij|in|dans|en|w)\s+[\w' -]+))?\W*$"
)
_BY_HOW_MUCH_RE = re.compile(
    r"\b(by how much|de combien|um wie viel|en cuanto|di quanto|em quanto|met hoeveel)\b|"
    # "how much can Trainium cut the cost": how much of a change, a ratio or a share, not a price
    r"\b(how much|combien|cuanto|wie ?viel|quanto)\b(\W+(?!(money|cost|costs|coute|coutent|cuesta|cuestan|kostet|costa|custa|argent|dinero|geld|soldi|dinheiro)\b)\w+){0,5}?\W+(reduce|reduces|cut|cuts|lower|lowers|decrease|"
    r"increase|increases|raise|improv(?:e|es|ed|ing)|boost|shrink|save|saves|redui\w*|diminu\w*|augment\w*|baisse\w*|reduc\w*|"
    r"amelior\w*|mejor\w*|verbesser\w*|miglior\w*|melhor\w*|verbeter\w*|"
    r"baj\w*|aument\w*|senk\w*|reduzier\w*|erhoh\w*|steiger\w*|ridu\w*|diminui\w*)\b"
)
#: Words that ask for a phone number, and for an e-mail address (folded).
_PHONE_ASKED = r"\b(phone|telephone|telefon|telefono|telefoon|tel|телефон\w*)\b|电话|電話"
_MAIL_ASKED = r"\b(e-?mail|courriel|adresse (electronique|mail)|correo|почт\w*)\b|邮箱"
_WANTS_CONTACT_RE = re.compile(f"{_PHONE_ASKED}|{_MAIL_ASKED}")
_WANTS_ADDRESS_RE = re.compile(
    r"\b(the address|address of|l'adresse|une adresse|adresse (du|de|des|postale)|direccion|anschrift|indirizzo|"
    r"endereco|adres|адрес\w*)\b|地址|住所"
)
#: "À quelle période …", "Durant quelle époque …" (PIAF: 34 questions, answered "1970", "au XIe siècle", "la Libération").
_ASKS_PERIOD_RE = re.compile(r"\bquel(le)?s? (periode|epoque|ere)s?\b|\b(which|what) (period|era)\b")
#: A question opening with another question word: a later "when" is a conjunction ("What problem
#: do companies have when they build servers?"), not what is asked.
_OTHER_WH_RE = re.compile(
    r"^\W*(what|which|who|whom|whose|how|why|where|que|quel|quelle|quels|quelles|qui|comment|pourquoi|combien|"
    r"cual|cuales|quien|quienes|como|donde|cuanto|cuanta|cuantos|cuantas|was|welche[rsnm]?|wer|wie|warum|wo|"
    r"cosa|quale|quali|chi|perche|dove|qual|quais|quem|porque|onde|wat|welke?|hoe|waarom|waar)\b"
)
_ORDERED = (
    ("number", _BY_HOW_MUCH_RE),  # "by how much can it reduce the cost": a ratio or a share, not a price
    ("percent", _WANTS_PERCENT_RE),
    ("money", _WANTS_MONEY_RE),
    ("money", _NAMED_MONEY_RE),
    ("duration", _WANTS_DURATION_RE),
    ("date", _WANTS_DATE_RE),
    ("number", _WANTS_NUMBER_RE),
    ("contact", _WANTS_CONTACT_RE),
    ("address", _WANTS_ADDRESS_RE),
)


def without_type_words(question: str) -> str:
    """The folded question without the words that ask for the kind of answer ("what year",
    "combien de temps", "wer"): what is left says what the answer is about (its focus)."""
    folded = fold(question)
    for pattern in (_WANTS_REASON_RE, *(p for _, p in _ORDERED if p is not _NAMED_MONEY_RE), _WANTS_PERSON_RE, _ANY_NAME_WORDS,
                    _ROLE_ASKED_RE, _WANTS_YES_NO_RE):
        folded = pattern.sub(_type_words, folded)
    return folded


def _type_words(match: re.Match[str]) -> str:
    """A matched question phrase goes; of a long one ("how much does … cost") only its ends."""
    words = match.group().split()
    if len(words) <= 3:
        return " "
    return " " + " ".join(words[1:-1]) + " "


_WANTS_YEAR_RE = re.compile(
    r"\b(what year|which year|quelle annee|quel an|que ano|qual ano|welche[ms]? jahr|(che|quale) anno|welk jaar|"
    r"ktorym roku|ktory rok|hangi yil\w*|каком году|котором году|أي عام|أي سنة)\b|哪一?年|何年に|몇 년|ปีใด|ปีไหน"
)


#: "Depuis quand …?" is answered by a date ("depuis 2016") or by a span of time ("depuis une vingtaine
#: d'années", "10 ans"): 2 of 23 such PIAF questions.
_SINCE_WHEN_RE = re.compile(r"\b(depuis quand|since when|seit wann|desde cuando|da quando|desde quando|с каких пор)\b")


def asks_since_when(question: str) -> bool:
    """Whether a "when" question asks since when ("Depuis quand …?", "Since when …?")."""
    return bool(_SINCE_WHEN_RE.search(fold(question)))


@lru_cache(maxsize=4096)
def wants_year(question: str) -> bool:
    """Whether a "when" question asks for a year ("In what year …", "En quelle année …"): a
    month or a weekday without one does not answer it."""
    return bool(_WANTS_YEAR_RE.search(fold(question)))


_WANTS_TIME_RE = re.compile(rf"\b({_TIME_ASKED})\b|{_TIME_ASKED_UNSPACED}")
_WANTS_PHONE_RE, _WANTS_MAIL_RE = re.compile(_PHONE_ASKED), re.compile(_MAIL_ASKED)


@lru_cache(maxsize=4096)
def wants_time(question: str) -> bool:
    """Whether a "when" question asks for a time of day ("At what time …", "À quelle heure …"): a
    weekday or a date does not answer it ("… le samedi 16 mai" for "À quelle heure commence la
    conférence ?")."""
    return bool(_WANTS_TIME_RE.search(fold(question)))


@lru_cache(maxsize=4096)
def wants_contact(question: str) -> tuple[bool, bool]:
    """Whether a contact question names a phone number, and whether it names an e-mail address."""
    folded = fold(question)
    return bool(_WANTS_PHONE_RE.search(folded)), bool(_WANTS_MAIL_RE.search(folded))


#: French complex inversion after the subject: "Amazon a-t-il …", "La ville peut-elle …".
_SUBJECT_INVERSION_RE = re.compile(r"\b\w+-(?:t-)?(?:il|elle|ils|elles|on)\b")
_FRENCH_WH_RE = re.compile(r"\b(?:qui|que|qu|quoi|quel|quelle|quels|quelles|quand|combien|comment|pourquoi|ou|lequel|laquelle)\b")


#: Questions that want a factor or a number of times ("par combien ?", "how many times", "how much
#: faster"): "quadruplées" and "six fois" answer them, and only them.
_WANTS_FACTOR_RE = re.compile(
    rf"{_BY_HOW_MUCH_RE.pattern}|\b(how many times|how much (more|less|faster|slower|cheaper|bigger|larger|smaller|higher|lower|better|longer|shorter|greater)|\w+fold|combien de fois|par combien|"
    r"multipli\w*|wie oft|wievielmal|wie ?viel (mehr|weniger|schneller|langsamer|billiger|teurer|grosser|kleiner|hoher|besser|starker|langer|kurzer|"
    r"effizienter|\w+fahiger|\w+starker)|cuanto (mas|menos)|quanto (piu|meno|mais|menos)|"
    r"hoeveel (meer|minder|sneller|goedkoper|duurder|groter|kleiner|beter|krachtiger)|combien plus|насколько|um das wievielfache|cuantas veces|quante volte|quantas vezes|hoeveel keer|"
    r"ile razy|сколько раз|во сколько раз|kac kat|kac kez)\b|几倍|何倍|몇 배"
)


@lru_cache(maxsize=4096)
def asks_factor(question: str) -> bool:
    """Whether the question wants a factor or a number of times, not a quantity: "Le Trainium 2
    a multiplié les performances par combien ?" is answered by "quadruplées"; "¿Cuánta memoria
    lleva cada chip?" is not answered by "six fois la performance"."""
    return bool(_WANTS_FACTOR_RE.search(fold(question)))


@lru_cache(maxsize=4096)
def yes_no_framed(question: str) -> bool:
    """Whether the question opens as a yes/no question ("Amazon a-t-il annoncé quand …", "Has
    Amazon said when …"), even one that embeds a wh-question that decides its :func:`answer_type`."""
    folded = fold(question)
    inverted = _SUBJECT_INVERSION_RE.search(folded)
    return bool(_YES_NO_FRAME_RE.search(folded) or (inverted and not _FRENCH_WH_RE.search(folded[: inverted.start()])))


def without_capitals(question: str) -> bool:
    """Whether the question is typed all in lower or all in upper case ("who is mark carroll"): its
    capitals then tell no names."""
    return question in (question.lower(), question.upper())


@lru_cache(maxsize=4096)
def wants_a_role(question: str) -> bool:
    """Whether the question asks for the role or job of a person it names: a role word ("job
    title", "fonction", "cargo") or "What does X do?" with X opening on a known first name
    (:func:`rag.answer.name_words.given_name`; "What does Annapurna Labs do?" asks for an activity).
    Only a sentence that states a role next to the name answers it (:mod:`rag.answer.roles`)."""
    from rag.answer.name_words import given_name  # the list of first names loads on first use

    folded = fold(question)
    does = _DOES_WHAT_RE.search(folded)
    if does is not None:  # a name of at most three words, capitalised unless the question has no capitals
        subject = (does.group(1) or does.group(2) or "").split()
        flat = without_capitals(question)
        written = re.findall(r"[^\W\d_][\w'’-]*", question)
        capitalised = {fold(w) for w in written if w[0].isupper()}
        return (0 < len(subject) <= 3 and given_name(subject[0])
                and (flat or all(w in capitalised for w in subject)))
    return bool(_ROLE_ASKED_RE.search(folded)) and names_a_person(question)


def names_a_person(question: str) -> bool:
    """Whether the question names someone: a known first name followed by another name ("Sam
    Altman's", "Kristopher King"); in a question typed without capitals, any two words after one."""
    from rag.answer.name_words import given_name  # the list of first names loads on first use

    lower = without_capitals(question)
    words = [w for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", question)[1:]  # "d'Anne Prigent": "Anne"
             if not (lower and any_stopword(w))]
    return any(given_name(first) and (lower or not first.isupper()) and len(then) > 1
               and (lower or (first[0].isupper() and then[0].isupper()))
               for first, then in zip(words, words[1:]))


def wants_a_person(question: str) -> bool:
    """Whether a "who" question names a role only a person holds (:data:`_PERSON_ROLE_RE`), so
    that a sentence without a person's name cannot answer it."""
    return answer_type(question) == "person" and bool(_PERSON_ROLE_RE.search(fold(question)))


@lru_cache(maxsize=4096)
def answer_type(question: str) -> str | None:
    """The kind of answer asked for (one of :data:`ANSWER_TYPES`), or None when the question does not say.

    "number" is a count; "name" an organisation, place or product; "Who is Aurélien Février?"
    asks for a description, not a name: "role" (:mod:`rag.answer.roles`). Cached: the answerer asks it once per
    candidate sentence.
    """
    folded = fold(question)
    if _WANTS_REASON_RE.search(folded):
        return "reason"
    for kind, pattern in _ORDERED:
        found = pattern.search(folded)
        if found and not (pattern is _WANTS_DATE_RE and found.start() > 0 and _OTHER_WH_RE.match(folded)):
            return kind
    typed_flat = without_capitals(question)  # "who is mark carroll": no capitals to go by
    who_is = _WHO_IS_NAMED_RE.search(question.title() if typed_flat else question) and (not typed_flat or names_a_person(question))
    if who_is or wants_a_role(question):
        return "role"  # "Who is Aurélien Février?": a description, best the role next to the name
    if _ASKS_PERIOD_RE.search(folded):
        return None  # "À quelle période …": a year, a century or an era's name ("l'époque soviétique"), not a span of time
    if _WANTS_PERSON_RE.search(folded):
        return "person"
    if _WANTS_NAME_RE.search(folded) or _WANTS_ANY_NAME_RE.search(folded) or asks_country(question):
        return "name"  # a country's name or an adjective of nationality (rag.answer.places) for "where … from"
    if _WANTS_YES_NO_RE.search(folded) or yes_no_framed(question):  # "AWS vend-il ses processeurs … ?"
        return "yesno"
    return None
