"""Send N simultaneous chat requests to a running app on 127.0.0.1 and report what happened.

    python app.py &                      # or: rag serve
    python scripts/load_test.py --requests 20

Loopback only, a bounded number of requests, each with a timeout; prints a JSON report:
accepted, answered, errors, latency p50/p95/max (seconds, from submission to the full answer).
"""

from __future__ import annotations

import argparse
import json
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

import numpy as np
from gradio_client import Client

QUESTIONS = [
    "How many chips are in an UltraServer?",
    "En quelle année le premier Trainium est-il arrivé ?",
    "When did Amazon acquire Annapurna Labs?",
    "What is the retail price of a single Trainium 3 chip?",
    "Combien de puces Trainium 3 un UltraServer peut-il faire fonctionner ?",
]


def one(url: str, question: str, timeout: float) -> tuple[float, str | None, bool]:
    began = time.perf_counter()
    try:
        job = Client(url, verbose=False).submit(question, [], 5, api_name="/ask")
        _, history = job.result(timeout=timeout)
        answered = bool(history) and history[-1]["role"] == "assistant" and "Error:" not in str(history[-1]["content"])
        return time.perf_counter() - began, None, answered
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none is fatal
        return time.perf_counter() - began, f"{type(exc).__name__}: {exc}", False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860/")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    if urlparse(args.url).hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("refusing: this load test only targets the loopback interface")
    with ThreadPoolExecutor(max_workers=args.requests) as pool:
        results = list(pool.map(lambda i: one(args.url, QUESTIONS[i % len(QUESTIONS)], args.timeout), range(args.requests)))
    latencies = [t for t, error, _ in results if error is None]
    report = {
        "requests": args.requests,
        "accepted": len(latencies),
        "answered": sum(answered for _, _, answered in results),
        "errors": [error for _, error, _ in results if error],
        "latency_s": {
            "p50": round(float(np.percentile(latencies, 50)), 3) if latencies else None,
            "p95": round(float(np.percentile(latencies, 95)), 3) if latencies else None,
            "max": round(max(latencies), 3) if latencies else None,
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
