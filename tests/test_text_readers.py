"""Structure-aware readers for Markdown and plain text (rag/ingest/markdown.py, rag/ingest/plaintext.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.ingest.blocks import Block, Removal
from rag.ingest.markdown import read_markdown
from rag.ingest.plaintext import join_wrapped_lines, read_plaintext

CASES = Path(__file__).resolve().parents[1].parent / "shared" / "cases"


def _case(relative: str) -> str:
    """Text of a shared failure case's file (skips when the shared folder is not there)."""
    path = CASES / relative
    if not path.is_file():
        pytest.skip(f"shared case file missing: {path}")
    return path.read_text(encoding="utf-8")


def P(text: str) -> Block:  # noqa: N802 - short constructors keep the expected lists readable
    """A paragraph block (short constructors keep the expected lists readable)."""
    return Block("paragraph", text)


def H(text: str, level: int) -> Block:  # noqa: N802 - short constructors keep the expected lists readable
    """A heading block."""
    return Block("heading", text, level)


def LI(text: str) -> Block:  # noqa: N802 - short constructors keep the expected lists readable
    """A list item block."""
    return Block("list_item", text)


# --------------------------------------------------------------------------- Markdown

MARKDOWN = """\
# Rapport *annuel* de l'atelier

Présentation
============

L'atelier **Lumen** fabrique des lampes en [frêne](https://example.com/frene) et
en laiton depuis 2009 ; son catalogue tient sur une page, `v2` compris, et ses
lampes (voir ![icône](i.png)) sont garanties cinq ans.<br>Nouvelle ligne voulue.

## Gamme

- Lampes de bureau
  - Orion, la plus vendue
  - Lyra
- [x] Lampadaires livrés montés, avec leur notice de montage en français et en
  breton, et une ampoule de rechange

  dans chaque carton
1. Premier point

| Modèle | Prix TTC | Catégorie |
|---|---:|---|
| Orion | 149 € | bureau |
| Lyra | 219 € | |

> La lumière d'une lampe bien faite ne se remarque pas, elle accompagne le
> travail sans fatiguer les yeux, dit la fondatrice de l'atelier.

> Une lampe pour la vie,
> pas pour une saison.

```python
print("lumière")  # **pas** de markup ici
```

<!-- brouillon : ne pas publier -->

Contact : voir la [page][contact].

***

[contact]: https://example.com/contact
"""


def test_markdown_blocks_are_exact() -> None:
    result = read_markdown(MARKDOWN)
    assert result.blocks == [
        H("Rapport annuel de l'atelier", 1),
        H("Présentation", 1),
        P(
            "L'atelier Lumen fabrique des lampes en frêne et en laiton depuis 2009 ; son catalogue tient "
            "sur une page, v2 compris, et ses lampes (voir icône) sont garanties cinq ans.\nNouvelle ligne voulue."
        ),
        H("Gamme", 2),
        LI("Lampes de bureau"),
        LI("Orion, la plus vendue"),
        LI("Lyra"),
        LI(
            "Lampadaires livrés montés, avec leur notice de montage en français et en breton, et une "
            "ampoule de rechange dans chaque carton"
        ),
        LI("Premier point"),
        Block("table_row", "Modèle: Orion; Prix TTC: 149 €; Catégorie: bureau"),
        Block("table_row", "Modèle: Lyra; Prix TTC: 219 €"),
        Block(
            "quote",
            "La lumière d'une lampe bien faite ne se remarque pas, elle accompagne le travail sans "
            "fatiguer les yeux, dit la fondatrice de l'atelier.",
        ),
        Block("quote", "Une lampe pour la vie,\npas pour une saison."),  # short lines the author broke
        Block("code", 'print("lumière")  # **pas** de markup ici'),
        P("Contact : voir la page."),
    ]
    assert result.removals == [
        Removal("HTML comment", "<!-- brouillon : ne pas publier -->"),
        Removal("separator line", "***"),
        Removal("link reference", "[contact]: https://example.com/contact"),
    ]


def test_markdown_rules_are_reported_as_removed() -> None:
    """Every character is in the index or accounted for: a thematic break is listed by ``--explain``."""
    result = read_markdown("Premier fait.\n\n---\n\nSecond fait.\n\n* * *\n\nFin.\n")
    assert result.blocks == [P("Premier fait."), P("Second fait."), P("Fin.")]
    assert result.removals == [Removal("separator line", "---"), Removal("separator line", "* * *")]


def test_markdown_letterhead_between_dashes_is_text() -> None:
    result = read_markdown(_case("08-dashes-not-front-matter/corpus/mise-en-demeure-2026-02-02.md"))
    assert result.blocks == [
        P("Cabinet Marchetti & Associés\n12 rue des Tanneurs, 69002 Lyon"),
        P(
            "Nous intervenons pour le compte de la société Ferronnerie Baudry, qui vous a livré un "
            "portail en acier pour 8 650 euros."
        ),
    ]
    assert result.removals == [Removal("separator line", "---")]  # the opening rule; the closing one underlines


def test_a_sentence_above_a_rule_is_text_not_a_heading() -> None:
    """CommonMark reads "line\n---" as a heading; a line that ends like a sentence was a fact
    the author set off with a rule (a newcomer's trial lost "318 adhérents" that way)."""
    result = read_markdown("L'association compte désormais 318 adhérents.\n---\n\nRapport annuel\n---\n")
    assert result.blocks == [P("L'association compte désormais 318 adhérents."), Block("heading", "Rapport annuel", 2)]


def test_markdown_table_keeps_its_last_row_with_the_header() -> None:
    result = read_markdown(_case("03-table-last-row/corpus/catalogue-lumen-2026-04-02.md"))
    assert result.blocks == [
        P(
            "L'atelier Lumen, installé à Nantes, fabrique des lampes de bureau en frêne et en laiton, "
            "toutes garanties cinq ans."
        ),
        Block("table_row", "Modèle: Orion; Prix: 149 €"),
        Block("table_row", "Modèle: Lyra; Prix: 219 €"),
    ]


def test_markdown_table_edge_cases() -> None:
    text = "| | Prix |\n|---|---|\n| Orion | 149 € | en stock |\n\n| Seul | entête |\n|---|---|\n"
    assert read_markdown(text).blocks == [
        Block("table_row", "Orion; Prix: 149 €; en stock"),  # a cell beyond the header is kept
        Block("table_row", "Seul; entête"),  # a header without rows is still text
    ]


def test_markdown_html_block_and_hyphenated_wrap() -> None:
    text = (
        "<div>\n<p>Horaires &amp; accès</p><script>track();</script>\n</div>\n\n"
        "Le musée rouvre après une longue période de travaux de mise aux normes écono-\n"
        "miques et techniques.\n"
    )
    result = read_markdown(text)
    assert result.blocks == [
        P("Horaires & accès"),
        P("Le musée rouvre après une longue période de travaux de mise aux normes économiques et techniques."),
    ]
    assert result.removals == [
        Removal("HTML script or style", "<script>track();</script>"),
        Removal("line-end hyphen", "écono-miques"),
    ]


def test_markdown_empty() -> None:
    assert read_markdown("").blocks == []
    assert read_markdown("---\n\n***\n").blocks == []


# --------------------------------------------------------------------------- plain text


def test_plaintext_wrapped_paragraph_from_the_shared_case() -> None:
    result = read_plaintext(_case("02-wrapped-lines/corpus/ecole-plouvenec-2026-03-05-copie-texte.txt"))
    assert result.blocks == [
        P(
            "La commune de Plouvenec ouvrira en septembre une école primaire de huit classes, construite "
            "en bois et en paille, pour un coût de 5,6 millions d'euros. Elle accueillera 190 élèves dès la rentrée."
        )
    ]


FRENCH = """\
Le conseil municipal a voté mardi soir le budget de la nouvelle
médiathèque, qui ouvrira ses portes au printemps prochain dans
l'ancienne gare. Les travaux coûteront 2,3 millions d'euros.

Le maire a rappelé que le projet avait été lancé il y a six ans.
"""


def test_plaintext_french_hard_wraps() -> None:
    assert read_plaintext(FRENCH).blocks == [
        P(
            "Le conseil municipal a voté mardi soir le budget de la nouvelle médiathèque, qui ouvrira ses "
            "portes au printemps prochain dans l'ancienne gare. Les travaux coûteront 2,3 millions d'euros."
        ),
        P("Le maire a rappelé que le projet avait été lancé il y a six ans."),
    ]


ENGLISH = """\
The harbour authority approved the new container ter-
minal on Tuesday, after a long debate on the cost of
dredging the channel. The new school, named after Jean-
Rostand, will open next to the terminal in September.
"""


def test_plaintext_english_with_hyphenation() -> None:
    result = read_plaintext(ENGLISH)
    assert result.blocks == [
        P(
            "The harbour authority approved the new container terminal on Tuesday, after a long debate on "
            "the cost of dredging the channel. The new school, named after Jean-Rostand, will open next to "
            "the terminal in September."
        )
    ]
    assert result.removals == [Removal("line-end hyphen", "ter-minal")]


CHINESE = """\
青石镇图书馆于二〇二五年完成扩建，新增阅览座
位三百个。扩建工程由本地建筑师林晓设计，总投
资一千二百万元。

新馆设有儿童绘本区和地方志阅览室。
"""


def test_plaintext_chinese_wrapped_without_spaces() -> None:
    assert read_plaintext(CHINESE).blocks == [
        P("青石镇图书馆于二〇二五年完成扩建，新增阅览座位三百个。扩建工程由本地建筑师林晓设计，总投资一千二百万元。"),
        P("新馆设有儿童绘本区和地方志阅览室。"),
    ]


RUSSIAN = """\
Музей текстиля в Иваново откроется после реконструкции 12
сентября 2026 года. Стоимость работ составила 480 миллионов
рублей, сообщила директор музея Варвара Сёмина.
"""


def test_plaintext_russian_wrapped() -> None:
    assert read_plaintext(RUSSIAN).blocks == [
        P(
            "Музей текстиля в Иваново откроется после реконструкции 12 сентября 2026 года. Стоимость работ "
            "составила 480 миллионов рублей, сообщила директор музея Варвара Сёмина."
        )
    ]


def test_plaintext_non_latin_shared_cases_are_unchanged() -> None:
    for name in ("muzei-ivanovo-2026-02-11.txt", "qingshi-library-2025-09-30.txt"):
        text = _case(f"05-non-latin-documents/corpus/{name}")
        assert [block.text for block in read_plaintext(text).blocks] == [
            part.strip() for part in text.split("\n\n") if part.strip()
        ]


LONG_LINE = (
    "Nous intervenons pour le compte de la société Ferronnerie Baudry, qui vous a livré le 3 novembre "
    "un portail en acier."
)


def test_plaintext_address_block_keeps_its_breaks() -> None:
    assert len(LONG_LINE) == 117
    text = f"Cabinet Marchetti & Associés\n12 rue des Tanneurs, 69002 Lyon\n\nMadame,\n\n{LONG_LINE}\n"
    assert read_plaintext(text).blocks == [
        P("Cabinet Marchetti & Associés\n12 rue des Tanneurs, 69002 Lyon"),
        P("Madame,"),
        P(LONG_LINE),
    ]


def test_plaintext_ragged_wrap_is_joined_but_an_address_and_a_poem_are_not() -> None:
    """Prose wrapped at no fixed width (a newcomer's trial: the short answer read "23,7\nMillionen
    Euro" and "Finanzie-rung" kept its hyphen); an address and a poem end no sentence inside a line."""
    ragged = ("Der Gemeinderat hat am Dienstag den Bau eines Hallenbads im Stadtteil\nHaslach beschlossen. Die Baukosten "
              "sind mit 23,7\nMillionen Euro veranschlagt, die Finanzie-\nrung übernehmen Stadt und Land Baden-\n"
              "Württemberg gemeinsam.\n\n" + LONG_LINE + "\n")
    assert read_plaintext(ragged).blocks[0] == P(
        "Der Gemeinderat hat am Dienstag den Bau eines Hallenbads im Stadtteil Haslach beschlossen. Die Baukosten "
        "sind mit 23,7 Millionen Euro veranschlagt, die Finanzierung übernehmen Stadt und Land Baden-Württemberg "
        "gemeinsam.")
    address = "Mairie de Plouha\nService culturel\n2 place de l'Église\n22580 Plouha\n\n" + LONG_LINE + "\n"
    assert read_plaintext(address).blocks[0] == P("Mairie de Plouha\nService culturel\n2 place de l'Église\n22580 Plouha")
    fields = "Wann: Samstag, 14. März, 19 Uhr\nWo: Kulturzentrum Rosenheim\nEintritt: 34 Euro\n\n" + LONG_LINE + "\n"
    assert read_plaintext(fields).blocks[0] == P("Wann: Samstag, 14. März, 19 Uhr\nWo: Kulturzentrum Rosenheim\nEintritt: 34 Euro")
    poem = "La mer monte\net la lune\nregarde passer\nles bateaux\n\n" + LONG_LINE + "\n"
    assert read_plaintext(poem).blocks[0] == P("La mer monte\net la lune\nregarde passer\nles bateaux")


def test_plaintext_tab_separated_table_keeps_its_header() -> None:
    """A newcomer's trial: the child's 10-entry card got the adult's 4,20 € (the table was one paragraph)."""
    text = "Tarifs :\n\nPublic\tEntrée\t\tCarte 10 entrées\nAdulte\t4,20 €\t\t36 €\nEnfant\t2,60 €\t\t22 €\n"
    assert read_plaintext(text).blocks == [
        P("Tarifs :"),
        Block("table_row", "Public: Adulte; Entrée: 4,20 €; Carte 10 entrées: 36 €"),
        Block("table_row", "Public: Enfant; Entrée: 2,60 €; Carte 10 entrées: 22 €"),
    ]


def test_plaintext_bullet_list() -> None:
    text = (
        "Pour la pâte :\n- 200 g de farine\n* 3 œufs\n• une pincée de sel\n\n"
        "1. Mélanger la farine et\n   les œufs.\n2) Laisser reposer une heure.\n"
    )
    assert read_plaintext(text).blocks == [
        P("Pour la pâte :"),
        LI("200 g de farine"),
        LI("3 œufs"),
        LI("une pincée de sel"),
        LI("Mélanger la farine et les œufs."),
        LI("Laisser reposer une heure."),
    ]


def test_plaintext_without_wrapping_is_unchanged() -> None:
    paragraphs = [
        LONG_LINE,
        "Short one.",
        "The second paragraph is a single long line as well, written in an editor that wraps on screen only.",
    ]
    result = read_plaintext("\n\n".join(paragraphs) + "\n")
    assert result.blocks == [P(text) for text in paragraphs]
    assert result.removals == []


def test_plaintext_empty() -> None:
    assert read_plaintext("").blocks == []
    assert read_plaintext("\n \n\n").blocks == []


# --------------------------------------------------------------------------- join_wrapped_lines


def test_join_keeps_hard_breaks_before_a_list_and_after_a_colon() -> None:
    lines = ["Les pièces à fournir sont les suivantes, sans exception aucune :", "un justificatif", "- un RIB"]
    assert join_wrapped_lines(lines, width=70) == ("\n".join(lines), [])


def test_join_hyphen_rules() -> None:
    assert join_wrapped_lines(["une politique d'écono-", "mie"], width=20) == (
        "une politique d'économie",
        [Removal("line-end hyphen", "écono-mie")],
    )
    assert join_wrapped_lines(["le lycée Jean-", "Rostand"], width=15) == ("le lycée Jean-Rostand", [])


_LETTERS = "abcdefghijklmnopqrstuvwxyzéèàçôœßABCDEFGHÉÀабвгдежзийклмнопрстуфхцчшщыэюяЖЯ"
_WORD = st.builds(
    lambda body, end: body + end,
    st.text(alphabet=_LETTERS, min_size=1, max_size=12),
    st.sampled_from(["", "", "", ",", ".", ";", "!", "?", "'s"]),
)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_WORD, min_size=1, max_size=80), width=st.integers(30, 100))
def test_join_undoes_textwrap(words: list[str], width: int) -> None:
    paragraph = " ".join(words)
    lines = textwrap.wrap(paragraph, width=width)
    assert join_wrapped_lines(lines) == (paragraph, [])


_MARKDOWNISH = st.lists(
    st.sampled_from(list("ab é中 \n\n#*-_>|`[]()!<>/:.,1)•\\") + ["<!--", "-->", "---", "```", "|--|", "<br>"]),
    max_size=150,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_MARKDOWNISH)
def test_readers_never_fail_and_never_give_empty_blocks(text: str) -> None:
    for result in (read_markdown(text), read_plaintext(text)):
        assert all(block.text.strip() for block in result.blocks)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("abcé Жя中文。，.,;:!? \n\n\n")), max_size=400))
def test_plaintext_loses_no_character(text: str) -> None:
    """Without list markers or hyphens, every character but whitespace reaches a block, in order."""
    kept = "".join(block.text for block in read_plaintext(text).blocks)
    assert "".join(kept.split()) == "".join(text.split())
