"""Someone's role, as a sentence states it next to their name.

"What does Kristopher King do?" is answered by "… explique Kristopher King, responsable du
laboratoire d'Austin", and "Qui est Aurélien Février ?" by "Le directeur du conservatoire,
Aurélien Février, veut …": an apposition after the name, a role before it, a parenthesis or a
copula ("X is the head of …"). A sentence that only names the person ("… a conduit Sam Altman
d'OpenAI à déclarer une « alerte rouge »") states no role, and does not answer "What is Sam
Altman's job title?".

A role is recognised by a role word (:data:`_ROLE_WORDS`: "directeur", "head", "Leiter",
"portavoz", …, folded, in the Latin- and Cyrillic-script languages of the default encoder); names
are runs of capitalised words, so scripts without capitals (Chinese, Arabic, Thai) get no role.

The same roles answer "who holds this role" questions: someone in another role ("Mark Carroll,
en charge de l'ingénierie" for "Who is the CEO of Annapurna Labs?") does not answer
(:func:`holds_another_role`), and someone in a role made of the question's words goes first
(:func:`states_the_asked_role`: "Wer leitet das Labor in Austin?").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from rag.text import any_stopword, fold

#: Words that name a role, folded, as a prefix of the word ("direct" covers "directeur", "director",
#: "directrice", "direktor" is listed apart). Listed by hand for the encoder's languages; not "model",
#: which in the news is an AI or a car model far more often than a person.
_ROLE_WORDS = (
    # English
    r"ceo|cto|cfo|coo|chief|head|director|manager|president|vice-president|chair\w*|founder|co-founder|cofounder|"
    r"engineer|spokes\w+|analyst|researcher|professor|scientist|executive|officer|leader|minister|mayor|secretary|"
    r"owner|editor|journalist|economist|consultant|architect|designer|developer|curator|coordinator|governor|"
    r"senator|boss|partner|in charge|responsible for|"
    # French
    r"pdg|directeur|directrice|dirigeant\w*|responsable|en charge|charge\w? d\w*|president\w*|fondat\w+|cofondat\w+|"
    r"ingenieur\w*|porte-parole|analyste|chercheu\w+|professeur\w*|patron\w*|chef\w*|gerant\w*|maire|adjoint\w*|"
    r"ministre|conservat\w+|secretaire|associe\w*|economiste|journaliste|architecte|delegue\w*|administrat\w+|"
    r"coordinat\w+|"
    # Spanish, Italian, Portuguese
    r"directora?|encargad[oa]|presidenta?|fundador\w*|ingenier[oa]|portavoz|analista|investigador\w*|profesora?|"
    r"jef[ea]|gerente|alcalde\w*|consejer[oa]|ministr[oa]|secretari[oa]|soci[oa]|direttor\w+|responsabile|"
    r"fondatore|fondatrice|ingegnere|portavoce|ricercat\w+|professor\w+|capo|sindaco|amministratore|diretor\w*|"
    r"responsavel|engenheir[oa]|porta-voz|pesquisador\w*|chefe|prefeit[oa]|"
    # German, Dutch
    r"direktor\w*|leiter\w*|chefin|geschaftsfuhrer\w*|vorsitzende\w*|grunder\w*|ingenieur\w*|sprecher\w*|"
    r"forscher\w*|prasident\w*|burgermeister\w*|vorstand\w*|inhaber\w*|verantwortlich\w*|zustandig\w*|"
    r"leider|voorzitter|oprichter|woordvoerder|hoogleraar|burgemeester|eigenaar|"
    # Polish, Turkish, Russian
    r"dyrektor\w*|prezes\w*|zalozyciel\w*|inzynier\w*|rzecznik\w*|kierownik\w*|szef\w*|burmistrz\w*|mudur\w*|"
    r"baskan\w*|kurucu\w*|muhendis\w*|sozcu\w*|yonetici\w*|директор\w*|глав[аыу]|руководител\w*|основател\w*|"
    r"президент\w*|председател\w*|инженер\w*|представител\w*|аналитик\w*|профессор\w*|мэр\w*|министр\w*|"
    # occupations, in the same languages
    r"histori\w+|compos\w+|kompon\w+|musici\w+|musiker\w*|musicista|writer|ecrivain\w*|escritor\w*|"
    r"schriftsteller\w*|scrittor\w+|auteur\w*|author|autor\w*|poet\w*|poete\w*|dichter\w*|painter|peintre|"
    r"pintor\w*|maler\w*|pittor\w+|actor|actress|acteur|actrice|attor\w+|schauspiel\w+|chanteu\w+|singer|"
    r"sanger\w*|cantant\w+|pasteur|pastor|priest|pretre|pfarrer|sacerdote|bishop|eveque|obispo|bischof|vescovo|"
    r"roi|reine|king|queen|konig\w*|rey|reina|prince\w*|princip\w+|prinz\w*|emperor|empereur|kaiser\w*|"
    r"emperador\w*|imperator\w*|general|colonel|oberst|commandant\w*|comandant\w+|kommandant\w*|officier\w*|"
    r"offizier\w*|lieutenant|captain|capitaine|capitan|kapitan|lawyer|avocat\w*|abogad\w+|anwalt\w*|"
    r"rechtsanwalt\w*|avvocat\w+|advogad\w+|avoue|notaire|judge|juge|juez|richter\w*|giudice|doctor|docteur|"
    r"medecin|physician|arzt|arztin|medico|surgeon|chirurg\w+|psychiatr\w+|anthropolog\w+|antropolog\w+|"
    r"sociolog\w+|philosoph\w+|filosof\w+|linguist\w*|lingu\w+|mathemati\w+|matematic\w+|physicist|"
    r"physicien\w*|fisico|physiker\w*|chemist|chimiste|quimico|chemiker\w*|biolog\w+|astronom\w+|"
    r"explorat\w+|explorer|geograph\w+|economist\w*|politici\w+|politiker\w*|politico|diplomat\w*|"
    r"ambassad\w+|botschafter\w*|embajador\w*|deput\w+|diputad\w+|abgeordnet\w*|senat\w+|conseill\w+|"
    r"councillor|stadtrat|entrepreneur\w*|empresari\w+|unternehmer\w*|imprenditor\w+|businessman|banker|"
    r"banquier|banquero|bankier|investor|investisseur|inversor|athlete|atleta|sportler\w*|footballer|"
    r"footballeur|futbolista|fussballer|calciatore|coach|entraineu\w+|entrenador\w*|trainer\w*|allenator\w+|"
    r"employee|salarie\w*|employe\w*|emplead\w+|mitarbeiter\w*|member|membre|miembro|mitglied|student|"
    r"etudiant\w*|estudiante|teacher|enseignant\w*|instituteur|institutrice|lehrer\w*|maestr[oa]|insegnant\w+|"
    r"nurse|infirmi\w+|pilot\w*|soldier|soldat\w*|soldado|artist\w*|sculpt\w+|photograph\w+|fotograf\w+|"
    r"novelist|romancier\w*|novelista|dramaturg\w*|playwright|filmmaker|cineaste|realisat\w+|regisseur\w*|"
    r"producer|producteur|productor|produzent\w*|presentat\w+|animat\w+|moderat\w+|reporter|correspondent\w*|"
    r"redacteur|redaktor\w*|ouvrier\w*|worker|arbeiter\w*|obrer[oa]|farmer|agricult\w+|"
    r"paysan\w*|bauer|campesin\w+|merchant|marchand|comerciante|kaufmann|craftsman|artisan\w*|handwerker|"
    r"cantonnier|assistant\w*|adjoint\w*|secretar\w+|treasurer|tresorier|tesorer[oa]|"
    r"писател\w*|поэт\w*|художник\w*|актер\w*|актрис\w*|певец|певица|врач\w*|учител\w*|учен\w+|"
    r"философ\w*|историк\w*|генерал\w*|офицер\w*|депутат\w*|сенатор\w*|посол\w*|юрист\w*|адвокат\w*"
)
_ROLE_WORD_RE = re.compile(rf"(?<!\w)(?:{_ROLE_WORDS})(?!\w)")
#: A capitalised word (of a name): "Kristopher", "Février", "O'Neil", "Jean-Marc".
_CAPITALISED_RE = re.compile(r"[^\W\d_][\w'’-]*")
#: What ends an apposition: a comma, a full stop, a bracket, a quote, a colon.
_PHRASE = r"[^,;:.!?()«»“”\"\[\]]+"
_AFTER_RE = re.compile(rf"\s*[)»”\"]?\s*,\s*({_PHRASE})")
_BRACKET_RE = re.compile(rf"\s*\(({_PHRASE})\)")
_COPULA_RE = re.compile(
    rf"(?:\s*\([^()]*\))?\s+(?:is|was|est|etait|était|ist|war|es|era|fue|è|é|foi|wordt|jest|является|был[аи]?)\s+({_PHRASE})",
    re.IGNORECASE,
)
_BEFORE_RE = re.compile(rf"({_PHRASE}?),?\s*$")
#: A role as a title right before the name, after an article: "le politologue Fabien Escalona",
#: "the German economist Clemens Fuest" (up to four lower-case words).
_ARTICLE_ROLE_RE = re.compile(
    r"(?:^|[\s(«“\"])(?i:le|la|l'|l’|the|der|die|das|el|il|lo|het)\s?"
    r"((?:[^\W\d_A-ZÀ-ÞА-Я][\w-]*\s+){1,4})$"
)
#: An apposition closed by a comma: at most six words, opening in lower case.
_CLOSED_RE = re.compile(r"\s*,\s*((?:[^\W\d_A-ZÀ-ÞА-Я][\w'’-]*)(?:\s+[\w'’-]+){0,5})\s*,")
#: What opens a clause rather than an apposition: a relative pronoun, a conjunction, a verb of saying.
_NOT_A_ROLE_RE = re.compile(
    r"(?:who|which|that|whose|qui|que|dont|lequel|laquelle|quien|que|cuyo|cuya|der|die|das|dessen|deren|welche\w*|"
    r"che|cui|il quale|la quale|o qual|a qual|and|et|y|und|e|but|mais|pero|aber|ma|mas|selon|according|said|says|"
    r"a dit|dit|explique|ajoute|estime|affirme|declare|sagte|sagt|dijo|dice|disse|ha detto|je|il|elle|ils|elles|"
    r"he|she|they|it|er|sie|es|el|ella|lui|lei|ele|ela|a|an|the|un|une|le|la|les|el|los|las|ein|eine)\b"
)


def _names(sentence: str) -> list[tuple[int, int]]:
    """Runs of two or more capitalised words ("Kristopher King", "Aurélien Février"), as offsets."""
    runs: list[list[re.Match[str]]] = [[]]
    for word in _CAPITALISED_RE.finditer(sentence):
        run = runs[-1]
        joined = bool(run) and sentence[run[-1].end() : word.start()] == " "
        if not word.group()[0].isupper():
            runs.append([])
        elif joined or not run:
            run.append(word)
        else:
            runs.append([word])
    return [(run[0].start(), run[-1].end()) for run in runs if len(run) >= 2]


def first_role_word(phrase: str) -> int | None:
    """Offset in ``phrase`` of its first role word (:data:`_ROLE_WORDS`, compared folded), or None."""
    for word in re.finditer(r"\w+", phrase):  # "l'astronome", "Velotec-Geschäftsführer": the word after ' or -
        if _ROLE_WORD_RE.match(fold(phrase[word.start() : word.start() + 40])):
            return word.start()
        folded = fold(word.group())  # a German compound that ends in a role: "Betriebsratsvorsitzende"
        tail = next((i for i in range(3, len(folded) - 4) if _ROLE_WORD_RE.fullmatch(folded[i:])), None)
        if len(folded) >= 9 and tail is not None:
            return word.start()
    return None


def _opens_with_role(phrase: str) -> bool:
    """Whether an apposition opens with its role: a role word among its first three words
    ("responsable du laboratoire", "the former head of", not "l'avait reprise … à son fondateur")."""
    first = first_role_word(phrase)
    return first is not None and len(re.findall(r"\w+", phrase[:first])) <= 2


def _trimmed(sentence: str, start: int, end: int) -> tuple[int, int]:
    while start < end and sentence[start].isspace():
        start += 1
    while end > start and sentence[end - 1].isspace():
        end -= 1
    return start, end


def _role_near(sentence: str, start: int, end: int) -> tuple[int, int] | None:
    """The role stated next to the name at ``start:end``: after it (apposition, parenthesis,
    copula), else before it ("Le directeur du conservatoire, Aurélien Février"), from the role
    word on."""
    after = sentence[end:]
    for pattern in (_AFTER_RE, _BRACKET_RE, _COPULA_RE):
        found = pattern.match(after)
        if found and _opens_with_role(found.group(1)):
            return _trimmed(sentence, end + found.start(1), end + found.end(1))
    closed = _CLOSED_RE.match(after)  # "Hortense Fiquet, modèle et ouvrière, …": an apposition between commas
    if closed and not _NOT_A_ROLE_RE.match(fold(closed.group(1))):
        return _trimmed(sentence, end + closed.start(1), end + closed.end(1))
    titled = _ARTICLE_ROLE_RE.search(sentence[:start])  # "l'astronome français Charles Messier"
    if titled and not any_stopword(titled.group(1).split()[0]) and not any_stopword(titled.group(1).split()[-1]):
        return _trimmed(sentence, titled.start(1), titled.end(1))
    before = _BEFORE_RE.search(sentence[:start])
    first = first_role_word(before.group(1)) if before else None
    if before and first is not None and len(before.group(1)[first:].split()) <= 8:
        return _trimmed(sentence, before.start(1) + first, before.end(1))
    return None


@lru_cache(maxsize=4096)
def role_offsets(sentence: str, question: str) -> tuple[tuple[int, int], ...]:
    """Offsets of the roles the sentence states for a person the question names (their last name
    is a word of the question, folded: "who is mark carroll" finds "Mark Carroll"), in order."""
    asked = set(re.findall(r"\w+", fold(question)))
    found = []
    for start, end in _names(sentence):
        if fold(sentence[start:end]).split()[-1] not in asked:
            continue
        inside = first_role_word(sentence[start:end])  # "AWS CEO Matt Garman": the role opens the run
        words = list(re.finditer(r"\S+", sentence[start + (inside or 0) : end]))
        if inside is not None and len(words) >= 3:
            found.append((start, start + inside + words[-3].end()))
            continue
        role = _role_near(sentence, start, end)
        if role is not None and role[1] > role[0]:
            found.append(role)
    return tuple(found)


@lru_cache(maxsize=8192)
def _stated_roles(sentence: str) -> tuple[tuple[int, int], ...]:
    """Offsets of the roles the sentence states next to any of its names (:func:`_role_near`), in order."""
    return tuple(role for start, end in _names(sentence) if (role := _role_near(sentence, start, end)) is not None)


#: What links a role word to what it is the role of ("en charge de l'ingénierie", "head of the lab",
#: "Leiter der Entwicklung"), and the articles that may follow.
_OF = frozenset("d de del della des di do dos da das du of der von vom".split())
_ARTICLES = frozenset("l la le les the el los las il lo gli die dem den".split())


@lru_cache(maxsize=4096)
def role_qualifiers(question: str, sentence: str) -> tuple[str, ...] | None:
    """What each role the sentence states for a name makes it the role of, for a question asking
    who holds a role (a role word in the question): for "Who is the CEO of Annapurna Labs?" and
    "… décrit Mark Carroll, en charge de l'ingénierie chez Annapurna Labs", ``("ingénierie",)``.

    Per role (:func:`_stated_roles`), the word after its role word, "of" (or
    "de", "der" …) and an article ("de l'", "of the"), when it is in lower case, no role word,
    no stopword and no word of the question (folded, or sharing its first five letters); ``""``
    when the role names nothing more ("le PDG de Velotec": the firm is the other checks' business).
    None when the question names no role or the sentence states none.
    """
    if first_role_word(question) is None:
        return None
    asked = {fold(w) for w in re.findall(r"\w+", question)}
    stems = {w[:5] for w in asked if len(w) >= 5}
    found = []
    for role in _stated_roles(sentence):
        first = first_role_word(sentence[role[0] : role[1]])
        if first is None:
            continue
        phrase = sentence[role[0] + first : role[1]]
        said = _ROLE_WORD_RE.match(fold(phrase))
        words = re.findall(r"[^\W\d_]+", phrase[said.end() if said else 0 :])[:3]
        of = bool(words) and fold(words[0]) in _OF  # "président depuis 2018", "l'écrivaine québécoise": no "of"
        word = next((w for w in words[1:] if fold(w) not in _ARTICLES), "") if of else ""
        keep = word.islower() and len(word) > 2 and not any_stopword(word) and not _ROLE_WORD_RE.fullmatch(fold(word))
        found.append(word if keep and fold(word) not in asked and fold(word)[:5] not in stems else "")
    return tuple(found) or None


#: Cosine of two words' vectors from which one counts as the other's translation (USE v3 on the bundled
#: corpus: engineering/ingénierie 0.63, lab/laboratoire 0.89; ceo/charge 0.51, ceo/ingénierie 0.26).
SAME_WORD = 0.55


def holds_another_role(question: str, sentence: str, vectors: Callable[[list[str]], np.ndarray] | None) -> bool:
    """Whether every role the sentence states for a name is the role of something the question
    does not ask about (:func:`role_qualifiers`, matched to the question's words by
    ``vectors``: folded words -> unit vectors, shape (n, d)): "Mark Carroll, en charge de
    l'ingénierie" does not answer "Who is the CEO of Annapurna Labs?". False without vectors."""
    qualifiers = role_qualifiers(question, sentence)
    if not qualifiers or "" in qualifiers or vectors is None:
        return False
    asked = [fold(w) for w in re.findall(r"[^\W\d_]+", question) if not any_stopword(w)]
    if not asked:
        return True
    table = vectors(asked + [fold(w) for w in qualifiers])
    return float((table[len(asked) :] @ table[: len(asked)].T).max()) < SAME_WORD


def states_the_asked_role(question: str, sentence: str) -> bool:
    """Whether the sentence names someone in a role made of the question's own words: "… explique
    Kristopher King, responsable du laboratoire d'Austin" for "Wer leitet das Labor in Austin?"
    (a word of the question other than a role word or a stopword, folded, or sharing its first
    five letters, in the role), and names every capitalised word of the question after its first
    but an owner's ("Who runs Amazon's lab in Austin?")."""
    words = re.findall(r"[^\W\d_]+", question)
    asked = {fold(w) for w in words if len(w) >= 3 and not any_stopword(w) and not _ROLE_WORD_RE.fullmatch(fold(w))}
    folded = fold(sentence)
    named = re.findall(r"[^\W\d_]+", re.sub(r"[\w&.-]+['’]s\b", " ", question))[1:]  # an owner ("Amazon's") may go unsaid
    if not asked or not all(fold(w) in folded for w in named if w[0].isupper() and not any_stopword(w)):
        return False
    for role in _stated_roles(sentence):
        said = {fold(w) for w in re.findall(r"[^\W\d_]+", sentence[role[0] : role[1]])}
        if any(w in said or any(len(w) >= 5 and s.startswith(w[:5]) for s in said) for w in asked):
            return True
    return False


#: Verbs that say someone leads something ("Elle est dirigée par …", "who runs …"), folded.
_LEADS_RE = re.compile(
    r"(?<!\w)(lead|leads|led|leading|runs?|ran|running|heads?|headed|heading|manag\w*|dirig\w*|gere\w*|presid\w*|"
    r"leit\w*|fuhrt\w*|gestisc\w*|guid[ao]\w*|lidera\w*|руковод\w*|возглав\w*|yonet\w*)(?!\w)"
)


#: A role word, also at the end of a compound ("Oberbürgermeister", "Pressesprecher"): a permissive reading.
_ROLE_SUFFIX_RE = re.compile(rf"(?:{_ROLE_WORDS})(?!\w)")


def states_a_role(sentence: str) -> bool:
    """Whether the sentence gives anyone a role or says someone leads something: "Who is the CEO of
    Google?" is not answered by "… a conduit Sam Altman d'OpenAI à déclarer une « alerte rouge »",
    which names a person in no role at all (a newcomer's trial quoted it at 0.82)."""
    folded = fold(sentence)
    return bool(_ROLE_SUFFIX_RE.search(folded) or _LEADS_RE.search(folded))
