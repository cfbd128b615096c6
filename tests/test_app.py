"""The web app's pieces without a browser: rendering stays inert, uploads are validated, follow-ups read the chat."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Rag, Settings, build_index
from rag.errors import DocumentError
from rag.index.plan import plan_index
from rag.ingest.uploads import save_upload, validate_upload
from rag.serve.render import render_answer
from rag.serve.service import ChatService

EVIL = "The harbour <script>alert(1)</script> has <img src=http://x/t.png onerror=alert(2)> 40 ships a day."


def test_scripts_and_images_in_documents_are_escaped(settings: Settings) -> None:
    (settings.corpus_dir / "evil.txt").write_text(EVIL, encoding="utf-8")  # plain text keeps the tags as text
    build_index(settings)
    rag = Rag.open(settings.model_copy(update={"abstain_threshold": 0.0}))
    html_out = render_answer(rag.ask("How many ships does the harbour have?"), "1")
    rag.close()
    assert "<script>" not in html_out and "<img" not in html_out
    assert "&lt;script&gt;" in html_out or "&lt;img" in html_out
    assert 'class="citation-card"' in html_out and "<mark>" in html_out and 'href="#cite-1-1"' in html_out


def test_abstention_renders_the_closest_passages(built: Settings) -> None:
    rag = Rag.open(built.model_copy(update={"abstain_threshold": 1.0}))
    html_out = render_answer(rag.ask("What is the price of a Krypton chip?"), "2")
    rag.close()
    assert 'class="abstained"' in html_out and html_out.count('class="passage-card"') >= 1


def test_uploads_are_checked_by_content_and_renamed(tmp_path: Path) -> None:
    name, doc = validate_upload("../../etc/My Report.md", b"# Title\n\nThe dam holds 3 billion litres.", 1)
    assert name.startswith("my-report-") and name.endswith(".md") and "/" not in name
    with pytest.raises(DocumentError, match="not a .pdf"):
        validate_upload("fake.pdf", b"just text", 1)
    with pytest.raises(DocumentError, match="binary"):
        validate_upload("x.txt", b"\x00\x01binary", 1)
    with pytest.raises(DocumentError, match="unsupported"):
        validate_upload("x.exe", b"MZ...", 1)
    with pytest.raises(DocumentError, match="larger"):
        validate_upload("big.txt", b"a" * 2_000_000, 1)
    saved = save_upload(tmp_path, "notes.txt", b"Some plain text about rivers.", 1)
    assert saved.parent == tmp_path and saved.read_bytes() == b"Some plain text about rivers."


def test_staleness_follows_the_corpus(built: Settings) -> None:
    assert not plan_index(built).changes
    (built.corpus_dir / "new.txt").write_text("A new article about canals.", encoding="utf-8")
    assert plan_index(built).changes


def test_service_adds_and_removes_documents_while_answering(built: Settings, tmp_path: Path) -> None:
    service = ChatService(built.model_copy(update={"abstain_threshold": 0.0}))
    service.start()
    upload = tmp_path / "canal.txt"
    upload.write_text("The Zorblax canal is 512 kilometres long and opened in 1911.", encoding="utf-8")
    [name] = service.add([str(upload)])
    assert name in {d.doc_id for d in service.documents()}
    answer = service.ask("How long is the Zorblax canal?")
    assert answer.citations[0].source == name and "512" in answer.answer
    service.remove(name)
    assert name not in {d.doc_id for d in service.documents()}
    assert not (built.corpus_dir / name).exists()


def test_a_follow_up_is_read_against_the_chat_history_as_gradio_hands_it(built: Settings) -> None:
    service = ChatService(built.model_copy(update={"abstain_threshold": 0.0}))
    service.start()
    history = [  # Gradio 6: a user message is a list of parts, an answer is our HTML
        {"role": "user", "content": [{"text": "What did the Portvale harbour terminal cost?", "type": "text"}]},
        {"role": "assistant", "content": [{"text": "<p>The articles say: 120 million euros [1]</p>", "type": "text"}]},
    ]
    answer = service.ask("How many jobs did it create?", history)
    assert answer.question == "How many jobs did it create?"
    assert answer.citations and answer.citations[0].source == "portvale.md" and "800 jobs" in answer.answer
    library = service.rag.ask("How many jobs did it create?", history=["What did the Portvale harbour terminal cost?"])
    assert library.to_dict() | {"timings_ms": None} == answer.to_dict() | {"timings_ms": None}  # the web chat and the library alike
