"""The public API: rag._EXPORTS (what is served lazily), the TYPE_CHECKING imports and __all__ (what
linters and type checkers read) must name the same things."""

from __future__ import annotations

import ast
from pathlib import Path

import rag


def test_type_checking_imports_match_the_exports() -> None:
    tree = ast.parse(Path(rag.__file__).read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    imported = {(node.module, a.name) for node in block.body if isinstance(node, ast.ImportFrom) for a in node.names}
    exported = {(module, name) for module, names in rag._EXPORTS.items() for name in names}
    assert imported == exported


def test_every_export_resolves() -> None:
    for name in rag.__all__:
        assert getattr(rag, name) is not None, name


def test_all_lists_exactly_the_exports() -> None:
    """``__all__`` stays a literal (linters and type checkers read it); it must list what _EXPORTS serves."""
    assert sorted(rag.__all__) == sorted(name for names in rag._EXPORTS.values() for name in names)
