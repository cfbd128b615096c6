"""What happened: an acquisition is no founding.

"In what year was Annapurna Labs founded?" holds the name and wants a year, and "… avec le rachat
de la start-up israélienne Annapurna Labs en 2015" holds both; only the event differs. A few kinds
of event that news reports with a date, an amount or a person, and that are easily confused, are
listed here in the encoder's Latin- and Cyrillic-script languages (folded, by word prefix). A
sentence that reports one of them, and not the one the question asks about, does not answer it.
A sentence that names no listed event is left to the rest of the evidence ("… née en 2011").
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.text import fold

_EVENTS = {
    "founding": (
        r"found(?:ed|ing|s)?|founders?|establish\w*|set up|creat\w*|fond(?:er|e|ee|es|ees|a|ait|ateur\w*|ation)|"
        r"cre(?:er|e|ee|es|ees|a|ation)|nee|nees|fund(?:ar|o|ada|ado|acion|ador\w*|ou|acao)|cre(?:ar|ada|ado|acion)|"
        r"gegrundet|grund(?:en|ete|eten|ung|er\w*)|fond(?:are|ata|ato|o|azione|atore|atrice)|opgericht|oprich\w+|"
        r"zaloz\w+|kur(?:du|uldu|ucu\w*|ulus\w*)|основ\w+|созда\w+"
    ),
    "acquisition": (
        r"buy\w*|bought|acquir\w+|acquisitions?|purchas\w+|took over|takeover|rachat\w*|rachet\w+|achet\w+|"
        r"acqui(?:s|se|ses|ert|erir|sition\w*)|compr(?:a|o|ar|ado|ada|ou|aron|aram)|adquir\w+|adquisici\w+|kauf\w*|"
        r"gekauft|ubernahme\w*|ubernomm\w+|ubernehm\w+|ubernahm\w*|acquist\w+|aquisic\w+|adquiriu|kopen|gekocht|"
        r"overname\w*|overgenomen|kupi\w+|kupil\w*|przej\w+|satin al\w+|купи\w+|приобре\w+|покупк\w+"
    ),
    "loan": (
        r"borrow\w*|loans?|emprunt\w*|prest(?:o|amo|ado|ada|aram|ou)\w*|prestit\w+|emprest\w+|darlehen|"
        r"kredit\w*|geliehen|leih\w+|lening\w*|geleend|pozycz\w+|kredy\w+|borc\w*|занял\w*|займ\w*|кредит\w*"
    ),
    "contract": (
        r"contracts?|contrat\w*|contrato\w*|contratt\w+|vertrag\w*|vertrage\w*|kontrakt\w*|umow\w+|sozlesme\w*|"
        r"контракт\w*|договор\w*"
    ),
    "death": (
        r"died|dies|death|dead|mort|morte|morts|deced\w+|deces|muri\w+|murio|fallec\w+|gestorben|starb|tod|morto|"
        r"morta|morreu|faleceu|overleden|zmarl\w*|smierc\w*|olumu\w*|умер\w*|скончал\w*|смерт\w*"
    ),
}
_EVENT_RES = {name: re.compile(rf"(?<!\w)(?:{words})(?!\w)") for name, words in _EVENTS.items()}


@lru_cache(maxsize=8192)
def events(text: str) -> frozenset[str]:
    """The kinds of event (keys of :data:`_EVENTS`) that ``text`` names, folded."""
    folded = fold(text)
    return frozenset(name for name, pattern in _EVENT_RES.items() if pattern.search(folded))


def reports_another_event(question: str, sentence: str) -> bool:
    """Whether the question asks about an event of :data:`_EVENTS` and the sentence reports
    another one of them, but not the question's: "… le rachat de … Annapurna Labs en 2015" does
    not say when Annapurna Labs was founded, nor who founded it."""
    asked = events(question)
    if not asked:
        return False
    told = events(sentence)
    return bool(told) and not told & asked
