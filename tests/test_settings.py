"""Settings: grouped by purpose, the index fingerprint derived from the index group, every field documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.errors import SettingsError
from rag.settings import GROUPS, Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_field_is_in_exactly_one_group() -> None:
    grouped = [name for names in GROUPS.values() for name in names]
    assert sorted(grouped) == sorted(Settings.model_fields)


def test_the_readme_table_lists_every_setting_with_its_group() -> None:
    rows = re.findall(r"^\| (\w+) \| `RAG_(\w+)` \|", README.read_text(encoding="utf-8"), re.M)
    assert sorted((group, name.lower()) for group, name in rows) == sorted(
        (group, name) for group, names in GROUPS.items() for name in names
    )


def test_only_the_index_group_changes_the_fingerprint() -> None:
    base = Settings()
    for group, names in GROUPS.items():
        for name in names:
            value = getattr(base, name)
            if type(value) is int:
                new: object = value + 1
            elif type(value) is float:
                new = value / 2
            else:
                continue  # names, paths, secrets: the cases below
            other = base.model_copy(update={name: new})
            assert (other.fingerprint() != base.fingerprint()) == (group == "index"), name
    assert Settings(embedder="sentence-transformers").fingerprint() != base.fingerprint()
    # the model name matters only to the embedder that reads it
    assert Settings(embedding_model="other").fingerprint() == base.fingerprint()


def test_a_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SettingsError, match=r"RAG_TOP_K"):
        Settings.load(top_k=0)


def test_a_bad_database_url_is_refused_without_printing_its_password() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.load(store="postgres", database_url="mysql://admin:s3cret@db/rag")
    assert "RAG_DATABASE_URL" in str(caught.value) and "s3cret" not in str(caught.value)
    good = Settings.load(store="postgres", database_url="postgresql://admin:s3cret@db/rag")
    assert "s3cret" not in repr(good) and good.fingerprint() == Settings().fingerprint()
