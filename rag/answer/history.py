"""A conversation's history, in every shape a chat hands it: the user's questions, oldest first.

Shapes: user questions (``str``); (question, answer) pairs (Gradio's "tuples" history); chat
messages ``{"role": "user" | "assistant", "content": ...}`` whose content is a string or a list
of parts (Gradio 6: ``[{"type": "text", "text": "Qui a conçu le pont ?"}]``; file parts and
assistant turns are ignored), or objects with ``role``/``content`` attributes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rag.errors import RagError


def message_text(content: Any) -> str:
    """The text of a chat message's content: a string, a ``{"type": "text", "text": ...}`` part, or a
    list of parts (strings or text parts; file parts and Gradio 5 file tuples give "")."""
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping):
        text = content.get("text")
        return text if isinstance(text, str) and content.get("type", "text") == "text" else ""
    if isinstance(content, list):
        return " ".join(t for t in (message_text(part).strip() for part in content) if t)
    return ""


def _field(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def user_questions(history: Iterable[Any] | None) -> list[str]:
    """The user's questions in a history (see the module docstring for its shapes), oldest first.

    Raises RagError for an item that is none of those shapes: nothing is dropped unsaid."""
    questions = []
    for item in history or ():
        if isinstance(item, str):
            text = item
        elif isinstance(item, Sequence) and item and isinstance(item[0], str):
            text = item[0]  # a (question, answer) pair: Gradio's "tuples" history
        elif _field(item, "role") is None and _field(item, "content") is None:
            raise RagError(f"history item {item!r:.80} is no question, (question, answer) pair or chat message")
        else:  # assistant turns are not questions
            text = message_text(_field(item, "content")) if _field(item, "role") in (None, "user") else ""
        if text.strip():
            questions.append(text.strip())
    return questions
