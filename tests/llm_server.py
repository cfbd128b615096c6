"""A real OpenAI-compatible HTTP server on 127.0.0.1 with scripted replies, for the LLM tests.

It speaks ``POST /v1/chat/completions`` (streamed as server-sent events or not), records every
request it receives, and answers from a queue of scripts: a fixed text, or a function of the
prompt (so a reply can cite whichever number the passage it means was given), with an optional
delay (timeouts) or HTTP status (server errors).
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = str | Callable[[str], str]


@dataclass
class Script:
    reply: Reply = "NOT_IN_SOURCES"
    delay: float = 0.0
    status: int = 200


def passage_number(prompt: str, needle: str) -> int:
    """The number the prompt gave to the passage containing ``needle``."""
    for match in re.finditer(r'<passage n="(\d+)"[^>]*>\n(.*?)\n</passage>', prompt, re.S):
        if needle in match.group(2):
            return int(match.group(1))
    raise AssertionError(f"no passage with {needle!r} in the prompt")


class ScriptedLLM:
    """Start with ``with ScriptedLLM() as llm:``; ``llm.base_url`` goes into RAG_LLM_BASE_URL."""

    def __init__(self) -> None:
        self.scripts: deque[Script] = deque()
        self.requests: list[dict[str, Any]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def script(self, reply: Reply = "NOT_IN_SOURCES", delay: float = 0.0, status: int = 200) -> None:
        self.scripts.append(Script(reply, delay, status))

    def prompt(self, i: int = -1) -> str:
        """All message contents of request ``i``, joined: what the model was shown."""
        return "\n".join(m["content"] for m in self.requests[i]["messages"])

    def __enter__(self) -> ScriptedLLM:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        llm = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                llm.requests.append(body)
                script = llm.scripts.popleft() if llm.scripts else Script()
                time.sleep(script.delay)
                if script.status != 200:
                    self._send(script.status, {"error": {"message": "scripted failure", "type": "server_error"}})
                    return
                prompt = "\n".join(m["content"] for m in body["messages"])
                text = script.reply(prompt) if callable(script.reply) else script.reply
                if body.get("stream"):
                    self._stream(body.get("model", "scripted"), text)
                else:
                    self._send(200, {"id": "c1", "object": "chat.completion", "created": 0, "model": body.get("model"),
                                     "choices": [{"index": 0, "finish_reason": "stop",
                                                  "message": {"role": "assistant", "content": text}}]})

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, model: str, text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = [text[i : i + 4] for i in range(0, len(text), 4)] or [""]
                for piece in pieces:
                    self._event({"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}, model)
                self._event({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}, model)
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _event(self, chunk: dict, model: str) -> None:
                chunk |= {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": model}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()

        return Handler


def refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (the port was just freed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"
