"""Fixed phrases the answerer prints, in every language of the default encoder.

The extractive answerer writes no free text of its own: it says the articles do not say, or
introduces the sentences it quotes, or answers a yes/no question, always in the question's
language. This module holds those phrases for every code of :data:`rag.text.LANGUAGES` (the 15
languages of multilingual USE v3), so that a question in Polish or Thai is not answered in English.

* :data:`PHRASES` maps a phrase key to ``{language code: text}``; :func:`phrase` reads it, falling
  back to English for a language it does not know.
* :data:`NEGATIONS` lists, per language, the words and particles that make a sentence negative,
  which a yes/no answer must notice before it says "Yes".

Punctuation follows each language: French puts a space before ":" (``D'après les articles :``),
Chinese and Japanese use the full-width colon "：". Apostrophes are straight (``'``), as
:func:`rag.text.clean_text` leaves them in the articles. The en/fr/es/de ``abstain`` and ``lead_in``
texts are those :mod:`rag.answer.extractive` has always printed; the English ``closest`` heading is the one
``rag ask`` prints above the closest passages.
"""

from __future__ import annotations

import re

from rag.text import DEFAULT_LANGUAGE

PHRASES: dict[str, dict[str, str]] = {
    # The answer when no sentence of the articles answers the question.
    "abstain": {
        "en": "The articles do not say. The closest passages are shown below.",
        "fr": "Les articles ne le disent pas. Les passages les plus proches sont affichés ci-dessous.",
        "es": "Los artículos no lo dicen. Debajo se muestran los pasajes más cercanos.",
        "de": "Die Artikel sagen dazu nichts. Die nächstliegenden Passagen stehen unten.",
        "it": "Gli articoli non lo dicono. I passaggi più vicini sono riportati qui sotto.",
        "pt": "Os artigos não o dizem. Os trechos mais próximos aparecem abaixo.",
        "nl": "De artikelen zeggen het niet. De meest verwante passages staan hieronder.",
        "ar": "لا تذكر المقالات ذلك. تظهر أقرب المقاطع أدناه.",
        "zh": "文章中没有提到这一点。最相关的段落列在下方。",
        "ja": "記事には記載がありません。最も近い箇所を以下に示します。",
        "ko": "기사에는 관련 내용이 없습니다. 가장 가까운 단락을 아래에 표시합니다.",
        "pl": "Artykuły o tym nie mówią. Najbliższe fragmenty znajdują się poniżej.",
        "th": "บทความไม่ได้ระบุไว้ ข้อความที่ใกล้เคียงที่สุดแสดงอยู่ด้านล่าง",
        "tr": "Makaleler bu konuda bir şey söylemiyor. En yakın pasajlar aşağıda gösteriliyor.",
        "ru": "В статьях об этом не сказано. Ниже приведены самые близкие фрагменты.",
    },
    # Introduces the quoted supporting sentences of a confident answer.
    "lead_in": {
        "en": "The articles say:",
        "fr": "D'après les articles :",
        "es": "Según los artículos:",
        "de": "Laut den Artikeln:",
        "it": "Secondo gli articoli:",
        "pt": "Segundo os artigos:",
        "nl": "Volgens de artikelen:",
        "ar": "بحسب المقالات:",
        "zh": "根据文章：",
        "ja": "記事によると：",
        "ko": "기사에 따르면:",
        "pl": "Według artykułów:",
        "th": "ตามที่บทความระบุ:",
        "tr": "Makalelere göre:",
        "ru": "Согласно статьям:",
    },
    # Hedged lead-in, for an answer of middling confidence.
    "tentative": {
        "en": "The articles may answer this:",
        "fr": "Les articles répondent peut-être à la question :",
        "es": "Puede que los artículos respondan a esto:",
        "de": "Die Artikel beantworten das möglicherweise:",
        "it": "Gli articoli potrebbero rispondere così:",
        "pt": "Talvez os artigos respondam a isto:",
        "nl": "Mogelijk geven de artikelen hierop antwoord:",
        "ar": "قد تجيب المقالات عن هذا:",
        "zh": "文章中可能有答案：",
        "ja": "記事に答えがあるかもしれません：",
        "ko": "기사에 답이 있을 수 있습니다:",
        "pl": "Możliwe, że artykuły odpowiadają na to pytanie:",
        "th": "บทความอาจตอบคำถามนี้:",
        "tr": "Makaleler bu soruyu yanıtlıyor olabilir:",
        "ru": "Возможно, в статьях есть ответ:",
    },
    # First word of the answer to a yes/no question.
    "yes": {
        "en": "Yes",
        "fr": "Oui",
        "es": "Sí",
        "de": "Ja",
        "it": "Sì",
        "pt": "Sim",
        "nl": "Ja",
        "ar": "نعم",
        "zh": "是的",
        "ja": "はい",
        "ko": "네",
        "pl": "Tak",
        "th": "ใช่",
        "tr": "Evet",
        "ru": "Да",
    },
    "no": {
        "en": "No",
        "fr": "Non",
        "es": "No",
        "de": "Nein",
        "it": "No",
        "pt": "Não",
        "nl": "Nee",
        "ar": "لا",
        "zh": "不是",
        "ja": "いいえ",
        "ko": "아니요",
        "pl": "Nie",
        "th": "ไม่ใช่",
        "tr": "Hayır",
        "ru": "Нет",
    },
    # Says which article a date read from the article's metadata belongs to (rag.answer.dated).
    "dated": {
        "en": "The article “{title}” is dated {date}.",
        "fr": "L'article « {title} » est daté du {date}.",
        "es": "El artículo «{title}» tiene fecha del {date}.",
        "de": "Der Artikel „{title}“ ist vom {date}.",
        "it": "L'articolo «{title}» è datato {date}.",
        "pt": "O artigo «{title}» tem data de {date}.",
        "nl": "Het artikel ‘{title}’ is gedateerd {date}.",
        "ar": "المقال «{title}» مؤرخ في {date}.",
        "zh": "文章《{title}》的日期为 {date}。",
        "ja": "記事「{title}」の日付は {date} です。",
        "ko": "기사 「{title}」의 날짜는 {date}입니다.",
        "pl": "Artykuł „{title}” nosi datę {date}.",
        "th": "บทความ “{title}” ลงวันที่ {date}",
        "tr": "“{title}” makalesinin tarihi {date}.",
        "ru": "Статья «{title}» датирована {date}.",
    },
    # Heading above the closest passages shown with an abstention.
    "closest": {
        "en": "Closest passages:",
        "fr": "Passages les plus proches :",
        "es": "Pasajes más cercanos:",
        "de": "Nächstliegende Passagen:",
        "it": "Passaggi più vicini:",
        "pt": "Trechos mais próximos:",
        "nl": "Meest verwante passages:",
        "ar": "أقرب المقاطع:",
        "zh": "最相关的段落：",
        "ja": "最も近い箇所：",
        "ko": "가장 가까운 단락:",
        "pl": "Najbliższe fragmenty:",
        "th": "ข้อความที่ใกล้เคียงที่สุด:",
        "tr": "En yakın pasajlar:",
        "ru": "Ближайшие фрагменты:",
    },
}


def phrase(key: str, lang: str) -> str:
    """The phrase ``key`` in ``lang``, or in English when ``lang`` has none.

    Raises ``KeyError`` for an unknown ``key``: a typo must not print an empty answer.
    """
    texts = PHRASES[key]
    return texts.get(lang, texts[DEFAULT_LANGUAGE])


#: Per language, the lower-case words and particles that make a sentence negative, accents as
#: written (Arabic without vowel signs, as it is normally printed). How to match them:
#:
#: * languages written with spaces: whole words of the lower-cased sentence, except the clitics
#:   with an apostrophe, which are part of a word: fr ``n'`` starts one (``n'est``), en ``n't``
#:   ends one (``isn't``). Korean entries are whole words too (``않는다``, ``없다`` are spaced);
#: * zh, ja, th, written without spaces: substrings of the sentence.
#:
#: Negation that is only a verb suffix (Turkish -me/-ma: ``gelmedi``) is not listed: no word marks it.
NEGATIONS: dict[str, tuple[str, ...]] = {
    "en": ("not", "n't", "no", "never", "none", "nothing", "nobody", "neither", "nor", "cannot"),
    "fr": ("ne", "n'", "pas", "jamais", "aucun", "aucune", "rien", "ni", "non", "nullement"),
    "es": ("no", "nunca", "jamás", "ningún", "ninguno", "ninguna", "nada", "nadie", "ni", "tampoco"),
    "de": ("nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "nichts",
           "niemand", "weder", "nein"),
    "it": ("non", "mai", "nessuno", "nessuna", "nessun", "niente", "nulla", "né"),
    "pt": ("não", "nunca", "jamais", "nenhum", "nenhuma", "nada", "ninguém", "nem"),
    "nl": ("niet", "geen", "nooit", "niets", "niemand", "nee", "noch"),
    "ar": ("لا", "لم", "لن", "ليس", "ليست", "ليسوا", "ولا", "ولم", "ولن", "وليس", "فلا", "فلم", "أبدا"),
    "zh": ("不", "没", "沒", "未", "无", "無"),
    "ja": ("ない", "ません", "なかった", "無い", "いいえ"),
    "ko": ("안", "못", "않다", "않는다", "않는", "않은", "않았다", "않습니다", "않아요", "않았습니다",
           "없다", "없는", "없습니다", "없어요", "없었다", "없었습니다", "아니다", "아닌", "아닙니다", "아니요"),
    "pl": ("nie", "nigdy", "żaden", "żadna", "żadne", "żadnego", "nic", "niczego", "nikt", "ani"),
    "th": ("ไม่", "มิได้", "มิใช่"),
    "tr": ("değil", "değildir", "yok", "yoktur", "hiç", "hiçbir", "asla", "hayır"),
    "ru": ("не", "нет", "ни", "никогда", "ничего", "ничто", "никто", "никакой", "нельзя"),
}


def negative(sentence: str, lang: str) -> bool:
    """Whether ``sentence`` (in ``lang``) holds a word of :data:`NEGATIONS` for its language."""
    words = NEGATIONS.get(lang, ())
    if lang in ("zh", "ja", "th"):
        return any(w in sentence for w in words)
    lowered = sentence.lower()
    tokens = set(re.findall(r"\w+", lowered))
    return any(w in tokens or ("'" in w and w in lowered.replace("’", "'")) for w in words)
