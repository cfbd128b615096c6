"""The web app's rendering keeps document text inert."""

from __future__ import annotations

import app
from rag import Rag, Settings


def test_scripts_and_images_in_documents_are_escaped(settings: Settings) -> None:
    (settings.corpus_dir / "evil.md").write_text(
        "The harbour <script>alert(1)</script> has <img src=http://x/t.png> 40 ships a day.", encoding="utf-8"
    )
    from rag import build_index

    build_index(settings)
    rag = Rag.open(settings.model_copy(update={"abstain_threshold": 0.0}))
    html_out = app.render(rag.ask("How many ships does the harbour have?"))
    rag.close()
    assert "<script>" not in html_out and "<img" not in html_out
    assert "&lt;script&gt;" in html_out or "&lt;img" in html_out
