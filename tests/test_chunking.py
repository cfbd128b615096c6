from __future__ import annotations

from rag.ingest.chunking import chunk_document, represented, sentence_spans, stable_id
from rag.ingest.documents import Document, parse_document


def make_doc(text: str, lang: str = "en") -> Document:
    return Document("doc.txt", "t", None, lang, text, "h")


TEXT = (
    "The first sentence is here. The second sentence follows it. A third one ends the paragraph.\n\n"
    "A new paragraph starts. It has two sentences.\n\n"
    + " ".join(f"Filler sentence number {i} talks about harbours and ships." for i in range(30))
)


def test_chunk_text_is_exactly_the_source_slice() -> None:
    doc = make_doc(TEXT)
    for chunk in chunk_document(doc, 200, 1):
        assert doc.text[chunk.start : chunk.end] == chunk.text
        for start, end in chunk.sentences:
            assert chunk.start <= start < end <= chunk.end


def test_chunks_are_bounded_and_cover_every_sentence() -> None:
    doc = make_doc(TEXT)
    chunks = chunk_document(doc, 200, 1)
    assert all(len(c.text) <= 200 for c in chunks)
    covered = {span for c in chunks for span in c.sentences}
    every = {span for para in sentence_spans(doc.text, "en", 200) for span in para}
    assert covered == every


def test_consecutive_chunks_share_one_sentence_of_overlap() -> None:
    chunks = chunk_document(make_doc(TEXT), 200, 1)
    long_run = [c for c in chunks if "Filler" in c.text]
    for prev, nxt in zip(long_run, long_run[1:]):
        assert prev.sentences[-1] == nxt.sentences[0]


def test_without_overlap_chunks_are_disjoint() -> None:
    chunks = chunk_document(make_doc(TEXT), 200, 0)
    for prev, nxt in zip(chunks, chunks[1:]):
        assert prev.end <= nxt.start


def test_ids_are_stable_and_distinct() -> None:
    first = chunk_document(make_doc(TEXT), 200, 1)
    again = chunk_document(make_doc(TEXT), 200, 1)
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    assert len({c.chunk_id for c in first}) == len(first)
    assert stable_id("a.txt", 0, 5, "hello") != stable_id("b.txt", 0, 5, "hello")


def test_an_over_long_sentence_is_cut_at_whitespace_within_the_bound() -> None:
    doc = make_doc("word " * 400)
    chunks = chunk_document(doc, 150, 1)
    assert len(chunks) > 5
    assert all(len(c.text) <= 150 and doc.text[c.start : c.end] == c.text for c in chunks)
    assert all(not c.text.startswith(" ") and not c.text.endswith(" ") for c in chunks)


def test_french_abbreviations_do_not_split_sentences() -> None:
    spans = sentence_spans("M. Dupont est arrivé à 8 h. Il est reparti.", "fr", 500)
    assert len(spans[0]) == 2


def test_a_quotation_keeps_the_dash_line_that_attributes_it() -> None:
    """An epigraph's "— Yvonne Kerhervé, Chants de l'estran (1954)" was a sentence of its own, so
    "De quel livre vient la citation « … » ?" found the quote without its source (case h08-2)."""
    text = "« La mer est un miroir où l'on ne se voit pas. »\n— Yvonne Kerhervé, Chants de l'estran (1954)"
    assert [text[a:b] for para in sentence_spans(text, "fr", 500) for a, b in para] == [text]
    dialogue = "Il a dit « oui ».\n— Et ensuite ?"  # a sentence that only holds a quotation: a reply follows
    assert len([s for para in sentence_spans(dialogue, "fr", 500) for s in para]) == 2


def test_overlap_never_carries_a_sentence_across_a_heading() -> None:
    """The last sentence of "Horaires" is not repeated in the chunk of "Adresse", where it would be
    read under the wrong heading ("Le samedi, 9 h - 12 h." as an address)."""
    page = (
        "# Maison France Services de Guichen\n\nUn guichet unique pour vos démarches.\n\n"
        "## Horaires\n\nDu lundi au vendredi, 9 h - 17 h 30. Le samedi, 9 h - 12 h.\n\n"
        "## Adresse\n\n3 place de l'Église, 35580 Guichen.\n"
    )
    doc = parse_document("guichen.md", page.encode())
    chunks = chunk_document(doc, 1000, 1)
    sections = {doc.text[a:b]: [c.section for c in chunks if (a, b) in c.sentences] for c in chunks for a, b in c.sentences}
    assert sections["Un guichet unique pour vos démarches."] == [""]
    assert sections["Le samedi, 9 h - 12 h."] == ["Horaires"]
    assert sections["3 place de l'Église, 35580 Guichen."] == ["Adresse"]


def test_a_chunk_under_a_heading_is_indexed_with_the_page_title() -> None:
    """"Quels sont les horaires du Musée de la Lumière ?" finds "Du lundi au vendredi, 9 h - 18 h."
    only through its heading and the page's title: the section's chunk holds neither the name
    of the museum nor, since overlap stops at headings, the page's opening sentence."""
    page = "# Musée de la Lumière\n\nUn musée à Valcourt.\n\n## Horaires\n\nDu lundi au vendredi, 9 h - 18 h.\n"
    doc = parse_document("musee.md", page.encode())
    opening, hours = chunk_document(doc, 1000, 1)
    assert represented(hours, doc.topic) == "Musée de la Lumière\nHoraires\n\nDu lundi au vendredi, 9 h - 18 h."
    assert represented(opening, doc.topic) == "Un musée à Valcourt."  # the opening is read as it is
