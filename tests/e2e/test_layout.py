"""The chat page's layout in headless Chromium at a desktop (1280x800) and a phone (390x844) size:
nothing wider than the window, every column of the Documents table on screen, a new answer read from
its first line, Ask on screen without scrolling, an empty Ask doing nothing, one font per heading.

The app runs with the hashing embedder: the layout does not depend on the answers' quality, and the
index builds in about a second (tests/e2e/test_browser.py checks the answers with the real encoder).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.e2e import harness
from tests.e2e.harness import run_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
QUESTIONS = [
    "How many chips are in an UltraServer?",  # abstains with the hashing embedder: five passage cards
    "Combien d'exemplaires du Trainium 3 équipent chaque UltraServer ?",
    "Quel est le prix d'une puce Trainium 3 ?",
]

# Where the last answer's first line of text is, against the conversation's scrolling box, the
# buttons drawn over its top and the window
FIRST_LINE = """() => {
  const answers = document.querySelectorAll('#chat .message-row.bot-row');
  const questions = document.querySelectorAll('#chat .message-row.user-row');
  const answer = answers[answers.length - 1];
  const texts = document.createTreeWalker(answer, NodeFilter.SHOW_TEXT,
      {acceptNode: n => n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP});
  const range = document.createRange();
  range.selectNodeContents(texts.nextNode());
  const line = range.getClientRects()[0];
  const box = document.querySelector('#chat .bubble-wrap').getBoundingClientRect();
  const bar = document.querySelector('#chat .top-panel').getBoundingClientRect();
  const question = questions[questions.length - 1].getBoundingClientRect();
  return {line_top: line.top, line_bottom: line.bottom, question_top: question.top, box_top: box.top,
          box_bottom: box.bottom, toolbar_bottom: bar.bottom, window_height: innerHeight};
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    yield from run_app(tmp_path_factory.mktemp("layout"), RAG_EMBEDDER="hashing")


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1280x800", "390x844"])
def page(request, server, chromium) -> Iterator[Page]:  # noqa: ANN001 - fixtures
    context = chromium.new_context(viewport=request.param)
    page = context.new_page()
    page.goto(server["url"])
    page.locator("#question textarea").wait_for(timeout=60_000)
    page.evaluate("document.fonts.ready")
    yield page
    context.close()


def ask(page, question: str) -> None:  # noqa: ANN001 - playwright Page
    harness.ask(page, question, timeout_ms=60_000)


def overflow(page) -> dict:  # noqa: ANN001 - playwright Page
    return page.evaluate("({scroll_width: document.documentElement.scrollWidth, window_width: innerWidth})")


def assert_fits(page) -> None:  # noqa: ANN001 - playwright Page
    o = overflow(page)
    assert o["scroll_width"] <= o["window_width"], o


def assert_ask_on_screen(page) -> None:  # noqa: ANN001 - playwright Page
    height = page.viewport_size["height"]
    assert page.evaluate("scrollY") == 0
    for element in ("#ask", "#question textarea"):
        box = page.locator(element).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (element, box, height)


def first_line_in_view(m: dict) -> bool:
    top = max(m["box_top"], m["toolbar_bottom"])
    bottom = min(m["box_bottom"], m["window_height"])
    return top <= m["line_top"] and m["line_bottom"] <= bottom and m["question_top"] >= top


def test_the_page_fits_and_ask_is_on_screen_without_scrolling(page) -> None:  # noqa: ANN001
    assert_fits(page)
    assert_ask_on_screen(page)


def test_a_new_answer_is_read_from_its_first_line(page) -> None:  # noqa: ANN001
    """Each answer's first line is in the conversation's view, below the buttons over its top, and so is
    its question; the third answer comes after two long ones (an abstention lists five passages)."""
    for question in QUESTIONS:
        ask(page, question)
        deadline = time.monotonic() + 5  # the page places the question when the answer's HTML lands
        while not first_line_in_view(m := page.evaluate(FIRST_LINE)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert first_line_in_view(m), (question, m)
        assert_fits(page)
        assert_ask_on_screen(page)


def test_the_documents_table_shows_every_column(page) -> None:  # noqa: ANN001
    page.get_by_role("tab", name="Documents").click()
    headers = page.locator("#documents th")
    headers.nth(4).wait_for()
    width = page.viewport_size["width"]
    boxes = {headers.nth(i).inner_text(): headers.nth(i).bounding_box() for i in range(headers.count())}
    assert list(boxes) == ["file", "title", "date", "language", "chunks"]
    for name, box in boxes.items():
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (name, box, width)
    for cell in page.locator("#documents [role=gridcell]").all():
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (cell.inner_text(), box, width)
    assert_fits(page)


def test_an_empty_ask_does_nothing(page) -> None:  # noqa: ANN001
    for text in ("", "   \n "):
        page.locator("#question textarea").fill(text)
        page.locator("#ask").click()
    page.locator("#question textarea").fill("  ")
    page.locator("#question textarea").press("Enter")
    page.wait_for_timeout(1500)
    assert page.locator("#chat .message-row").count() == 0
    assert page.locator(".toast-body").count() == 0  # no error toast either


def test_wording(page) -> None:  # noqa: ANN001
    """One "Settings" on the page (Gradio's footer link; ours is "Answer options"), and a placeholder
    that does not limit the languages."""
    placeholder = page.locator("#question textarea").get_attribute("placeholder")
    assert "English or French" not in placeholder and "any language" in placeholder
    assert page.get_by_text("Settings", exact=True).count() == 1
    assert page.get_by_text("Answer options").count() == 1


def test_bold_text_is_drawn_in_one_font(page) -> None:  # noqa: ANN001
    """Gradio's SemiBold file holds only "A" and "B" of the Latin letters: bold text drew those from
    Source Sans and the rest from a larger fallback font, so "IA" read "Iᴀ"."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    for selector in ("h2", "#ask"):  # the heading, the button
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = [f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]
        assert len(fonts) == 1, (selector, fonts)
