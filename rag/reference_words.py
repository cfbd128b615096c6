"""Word lists of follow-up resolution (:mod:`rag.answer.conversation`), per language of :data:`rag.text.LANGUAGES`.

Pronouns, possessives and demonstratives that point back ("il", "its", "dort"), openings that add
to the previous question ("and", "what about"), and determiners that start a noun phrase naming
its own subject ("la piscine"). Compiled by hand from each language's grammar; a language left
out falls back to what the text alone says.
"""

from __future__ import annotations

#: Words that point back to something named earlier, per language of :data:`rag.text.LANGUAGES`:
#: third-person pronouns, possessives, demonstratives, "there". Articles that are also object
#: pronouns (fr/es/it "la", nl "het") are left out: they mostly start a noun phrase. Languages
#: written without spaces (zh, ja, th) are searched for substrings, once the words listed after
#: "|" are removed (其他 "other" holds 其 and 他 by chance).
POINTERS: dict[str, str] = {
    "en": "it its itself they them their theirs themselves he him his himself she her hers herself "
          "this these those there thereof",
    "fr": "il ils elle elles lui leur leurs son sa ses eux ça cela ceci celui celle ceux celles "
          "là y cet cette ces",
    "es": "él ella ellos ellas lo le les su sus suyo suya este esta esto estos estas ese esa eso esos esas "
          "aquel aquella aquello allí ahí allá",
    "de": "er sie es ihn ihm ihr ihre ihren ihrem ihrer ihres sein seine seinen seinem seiner seines "
          "dies diese dieser dieses diesen diesem dort dafür davon deren dessen",
    "it": "lui lei esso essa essi esse loro suo sua suoi sue questo questa questi queste quello quella "
          "quelli quelle ne lì là",
    "pt": "ele ela eles elas seu sua seus suas dele dela deles delas isso isto aquilo este esta estes estas "
          "esse essa esses essas aquele aquela lá",
    "nl": "hij zij ze hem haar hun hen dit deze daar ervan hiervan daarvan erin",
    "pl": "on ona ono oni one jego jej ich go mu niego niej nim nią nich nimi ten ta to tego tej tym tam "
          "jemu tę",
    "ru": "он она оно они его её ее их ему ей им него неё нее них нему ней ним нём нем этот эта это эти "
          "этого этой этом тот та те того там",
    "tr": "o onu onun ona onda ondan onlar onları onların onlara bu bunu bunun buna şu orada orası",
    "ar": "هو هي هم هن هما ذلك تلك هذا هذه هؤلاء هناك",
    "ko": "그 그것 그것은 그것이 그것을 그녀 그녀는 그녀의 그들 그들은 그들의 그는 그가 그를 그의 그에게 "
          "이것 저것 거기 그곳 이곳 해당",
    "zh": "它 他 她 其 该 這 这 那里 那儿 此 | 其他 其它 其中 尤其 极其 因此 如此 彼此",
    "ja": "それ その これ この あれ あの 彼 そこ 同社 同氏 同市 同館",
    "th": "มัน เขา เธอ พวกเขา นี้ นั้น ที่นั่น ดังกล่าว",
}
UNSPACED = frozenset({"zh", "ja", "th"})
#: Openings that add to the previous question ("and", "what about"), matched at the start of the
#: lower-cased question without leading punctuation; "_" stands for a space.
OPENERS: dict[str, str] = {
    "en": "and_ what_about_ how_about_ also_ then_",
    "fr": "et_ qu'en_est-il quid_ puis_ sinon_",
    "es": "y_ e_ qué_hay_de_ qué_tal_ entonces_",
    "de": "und_ was_ist_mit_ wie_ist_es_mit_ wie_sieht_es_mit_ dann_",
    "it": "e_ ed_ e_invece_ che_mi_dici_di_ quanto_a_",
    "pt": "e_ e_quanto_a_ então_",
    "nl": "en_ wat_dacht_je_van_ hoe_zit_het_met_ dan_",
    "pl": "a_ i_ a_co_z_",
    "ru": "а_ и_ а_как_же_ а_что_",
    "tr": "peki_ ya_ ve_",
    "ar": "و ثم_",
    "zh": "那 还有 而 另外",
    "ja": "では じゃあ それで そして あと",
    "ko": "그리고_ 그럼_ 그러면_ 또_",
    "th": "แล้ว และ",
}
ARABIC_QUESTION_WORDS = ("ماذا", "كم", "متى", "أين", "اين", "ما", "من", "هل", "كيف", "لماذا")
#: Determiners that start a noun phrase naming its own subject ("la piscine", "the pool"),
#: demonstratives included. In languages without articles any new word can name a subject;
#: Arabic marks a definite noun with the prefix ال.
DETERMINERS: dict[str, str] = {
    "en": "the this these those that",
    "fr": "le la les l' du des au aux ce cet cette ces",
    "es": "el la los las del al este esta estos estas ese esa esos esas",
    "de": "der die das den dem des dieser diese dieses diesen diesem",
    "it": "il lo la i gli le l' del dello della dei degli delle al allo alla questo questa quel quella",
    "pt": "o a os as do da dos das no na nos nas este esta esse essa",
    "nl": "de het deze dit die",
}
LATIN = frozenset(DETERMINERS) | {"pl", "tr"}
ARTICLED = frozenset(DETERMINERS) | {"ar"}
