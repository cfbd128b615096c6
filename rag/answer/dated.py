"""Answers from an article's own date: "On what date was the article about the Trainium 3 launch published?"

When an article was published is rarely a sentence of it: it is the document's ``date`` (its
front matter, or a date in its file name), which every citation shows. A question that asks when
an article was published, written or dated is answered from it: the date first, then the
article's title, cited. The article is the best retrieved passage's, and one that names a name
the question gives when the question gives names ("… the article about Texas"). Articles
without a date are left to the sentences (which then rarely answer).

The confidence is not the answer model's (no sentence is scored): :data:`NAMED` when the
question's names pick the article (or there is one), else one in the number of articles
among the passages, and the answer is then tentative: which article the user means is a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from rag.answer.answer_types import answer_type
from rag.answer.entities import question_names, written_words
from rag.answer.phrases import phrase
from rag.answer.retrieval import Passage, Retrieval
from rag.index.records import DocumentRecord
from rag.text import fold
from rag.types import Answer, Citation, Claim, ShortAnswer

#: "article", "story" ... in the languages of rag.text.LANGUAGES (folded: no accents, lower case).
_DOCUMENT = (r"article|story|piece|post|blog post|news item|artikel|texte|papier|depeche|billet|articulo|noticia|"
             r"texto|bericht|beitrag|meldung|articolo|notizia|testo|artigo|artykul|tekst|стать[яюие]|makale\w*|"
             r"haber\w*|文章|报道|報道|記事|기사|مقال|บทความ|ข่าว")
#: Words for publishing, writing and dating something, folded.
_PUBLISHED = (r"published|publication|posted|written|dated|appeared|came out|publie\w*|paru\w*|parution|ecrit|"
              r"mis en ligne|publicad[oa]|publico|publicacion|escrito|veroffentlicht\w*|erschienen|erscheinungsdatum|"
              r"geschrieben|datiert|pubblicat[oa]|pubblicazione|scritto|publicacao|gepubliceerd|verschenen|"
              r"opublikowan\w*|опубликован\w*|вышл[аи]|yayimlan\w*|发表|发布|刊登|公開|掲載|게재|발행|نشر|เผยแพร่")
_PUBLISHED_RE = re.compile(rf"(?<!\w)({_PUBLISHED})(?!\w)")
_DOCUMENT_RE = re.compile(rf"(?<!\w)({_DOCUMENT})(?!\w)")
#: "the date of the article", "de quand date l'article", "Datum des Artikels": a date asked of the article itself.
_DATE_OF_RE = re.compile(
    rf"\b(date|fecha|datum|data)( de| of| del| des| do| della)?( l'| la| le| the| this| el| cet| ce| dieses| des)? ?({_DOCUMENT})"
    rf"|({_DOCUMENT})('s)? date\b|\bdate (l'|cet |ce |le )?({_DOCUMENT})"
)

#: Confidence of a date read from the article the question names (see the module's docstring).
NAMED = 0.9


def asks_publication_date(question: str) -> bool:
    """Whether the question asks when an article was published (or written, or dated), in any
    language of :data:`rag.text.LANGUAGES`: an article word and a publishing word in a question
    that wants a date, or "the date of the article"."""
    folded = fold(question)
    if _DATE_OF_RE.search(folded):
        return True
    return bool(_DOCUMENT_RE.search(folded) and _PUBLISHED_RE.search(folded)) and answer_type(question) == "date"


def _article(
    retrieval: Retrieval, documents: Callable[[], Sequence[DocumentRecord]]
) -> tuple[Citation | None, bool] | None:
    """The article the question names, cited: by its title first ("the article about the Trainium
    3 launch" is the one titled "… lancement du Trainium 3", though every retrieved passage may
    come from the Texas article, which mentions the chip too), then by a retrieved passage's text;
    the best retrieved dated passage's when the question names nothing the articles hold. None
    when the article it names has no date. With it, whether the question's names picked it."""
    names = set(question_names(retrieval.text))

    def named(text: str) -> int:
        return len(names & written_words([text]))

    if names:
        titled = max(documents(), key=lambda d: named(d.title), default=None)
        if titled is not None and named(titled.title):
            shown = next((p for p in retrieval.passages if p.chunk.doc_id == titled.doc_id), None)
            return _cited(titled.doc_id, titled.title, titled.date, shown) if titled.date else None, True
        mentions = next((p for p in retrieval.passages if named(p.chunk.text)), None)
        if mentions is not None:
            return _cited(mentions.chunk.doc_id, mentions.chunk.title, mentions.chunk.date, mentions) if mentions.chunk.date else None, True
    dated = next((p for p in retrieval.passages if p.chunk.date), None)
    return None if dated is None else (_cited(dated.chunk.doc_id, dated.chunk.title, dated.chunk.date, dated), False)


def _cited(doc_id: str, title: str, date: str | None, passage: Passage | None) -> Citation:
    """Citation [1] of an article's date: its title stands for the sentence (offsets 0-0: the title is
    no part of the text), and its best retrieved passage, if any, for the passage."""
    text, start = (passage.chunk.text, passage.chunk.start) if passage else (title, 0)
    return Citation(n=1, source=doc_id, title=title, date=date, text=text, passage_start=start, sentence=title,
                    start=0, end=0, score=NAMED)


def dated_answer(retrieval: Retrieval, documents: Callable[[], Sequence[DocumentRecord]],
                 band_of: Callable[[float], str]) -> Answer | None:
    """The answer to a question about an article's publication date (see the module's
    docstring), or None when the question asks something else or no article is dated.
    ``documents``: the index's documents (listed only for such a question); ``band_of``: a
    confidence's band (:func:`rag.answer.extractive.band` with the caller's threshold)."""
    if not asks_publication_date(retrieval.text):
        return None
    found, named = _article(retrieval, documents) or (None, False)
    if found is None:
        return None
    articles = len({p.chunk.doc_id for p in retrieval.passages})
    confidence = NAMED if named or articles == 1 else 1 / articles
    band = band_of(confidence)
    if confidence < NAMED and band == "answered":
        band = "tentative"  # a guess between articles is never stated plainly
    cite = replace(found, score=confidence)
    lang = retrieval.reply_lang
    said = phrase("dated", lang).format(title=cite.title, date=cite.date)
    text = f"{cite.date} — {said} [1]"
    if band == "tentative":
        text = f"{phrase('tentative', lang)} {text}"
    return Answer(retrieval.question, text, False, [cite], retrieval.passages, lang,
                  claims=[Claim(f"{said} [1]", (1,), True, cite.title)],
                  short_answer=ShortAnswer(str(cite.date), 1, 0, 0), confidence=confidence, band=band)
