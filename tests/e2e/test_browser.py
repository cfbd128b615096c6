"""End to end: the real app, driven in headless Chromium from Debian (never a downloaded browser)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e import harness
from tests.e2e.harness import run_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    yield from run_app(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def browser(server, chromium) -> Browser:  # noqa: ANN001 - fixtures
    return chromium


@pytest.fixture
def page(browser, server) -> Iterator[Page]:  # noqa: ANN001 - fixtures
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto(server["url"])
    page.locator("#question textarea").wait_for(timeout=60_000)
    yield page
    context.close()


def ask(page, question: str) -> None:  # noqa: ANN001 - playwright Page
    harness.ask(page, question, timeout_ms=120_000)


def upload(page, path: Path) -> None:  # noqa: ANN001 - playwright Page
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Documents").click()
    status = page.locator("#doc-status")
    before = status.inner_text()  # after a first upload, "Added and indexed" is already on the page
    page.locator("#upload input[type=file]").set_input_files(str(path))
    expect(status).not_to_have_text(before, timeout=180_000)
    expect(status).to_contain_text("Added and indexed", timeout=180_000)
    page.get_by_role("tab", name="Chat").click()


def test_ultraserver_question_shows_144_and_a_citation_card(page) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    ask(page, "How many chips are in an UltraServer?")
    card = page.locator(".citation-card").last
    expect(page.locator("#chat")).to_contain_text("144")
    expect(card).to_contain_text(".txt")
    card.locator("summary").click()  # expand the full passage: the supporting sentence is highlighted
    expect(card.locator("mark")).to_contain_text("144", use_inner_text=True)
    page.locator(".cite-marker").last.click()  # the [1] marker links to its card


def test_a_follow_up_is_answered_in_its_conversation(page) -> None:  # noqa: ANN001
    """Gradio 6 hands the earlier messages as lists of parts; the follow-up must still see them."""
    from playwright.sync_api import expect

    ask(page, "When was Trainium 3 launched?")
    abstentions = page.locator(".abstained").count()
    december = page.locator(".citation-sentence", has_text="décembre")
    before = december.count()
    ask(page, "And when did it go on sale?")  # asked on its own, this abstains
    expect(december).to_have_count(before + 1)  # "... commercialisée depuis décembre." quoted in the second answer
    assert page.locator(".abstained").count() == abstentions


def test_an_uploaded_document_answers_with_a_citation(page, tmp_path: Path) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    doc = tmp_path / "Zorblax report.txt"
    doc.write_text(
        "The Zorblax 9 processor was presented in Oslo.\n\nThe Zorblax 9 processor has 512 cores and runs at 3 GHz.\n",
        encoding="utf-8",
    )
    upload(page, doc)
    ask(page, "How many cores does the Zorblax 9 processor have?")
    expect(page.locator("#chat")).to_contain_text("512")
    card = page.locator(".citation-card").last
    expect(card).to_contain_text("zorblax-report-")
    name = next(w for w in card.inner_text().split() if w.startswith("zorblax-report-"))
    # ... and remove it again, in the UI alone
    page.get_by_role("tab", name="Documents").click()
    expect(page.locator("#documents")).to_contain_text(name)
    page.locator("#remove-choice input").click()
    page.get_by_role("option", name=name).click()
    page.locator("#remove").click()
    expect(page.locator("#doc-status")).to_contain_text(f"Removed {name}", timeout=180_000)
    expect(page.locator("#documents")).not_to_contain_text(name)


def test_html_and_markdown_with_scripts_stay_inert(page, tmp_path: Path) -> None:  # noqa: ANN001
    html = tmp_path / "harbour.html"
    html.write_text(
        "<html><head><title>Harbour</title><script>window.__pwned = 1</script></head><body><article>"
        "<p>The Portvale harbour terminal handles 40 ships a day, the port authority said on Monday.</p>"
        "<p>Its new crane lifts 90 tonnes <img src='http://127.0.0.1:9/tracker.png'> at once.</p></article></body></html>",
        encoding="utf-8",
    )
    md = tmp_path / "canal.md"
    md.write_text(
        "The Vellmar canal is 77 kilometres long. <script>window.__pwned2 = 1</script>"
        " <img src=http://127.0.0.1:9/pixel.png onerror=\"window.__pwned3 = 1\">\n",
        encoding="utf-8",
    )
    upload(page, html)
    upload(page, md)
    ask(page, "How long is the Vellmar canal?")
    ask(page, "How many ships a day does the Portvale terminal handle?")
    assert page.evaluate("[window.__pwned, window.__pwned2, window.__pwned3]") == [None, None, None]
    assert not [u for u in page.requests if "tracker.png" in u or "pixel.png" in u]
    chat_html = page.locator("#chat").inner_html()
    assert "<script" not in chat_html and "pixel.png\"" not in chat_html
