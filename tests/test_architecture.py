"""The file list shows the architecture, and imports point down only.

Layers, bottom first: the domain types (``rag.types``), errors, settings and text helpers; ``rag.ingest`` (files to documents and
chunks); ``rag.index`` (embeddings and the index store); ``rag.answer`` (retrieval, evidence,
extractive and generated answers, follow-ups, the LangChain adapter); ``rag.benchmark`` (evaluation
and benchmarks); ``rag.serve`` (CLI and web chat). ``rag`` itself (the public API) and ``rag.__main__``
sit on top. Every import counts, function-level ones included: a lazy import that points up is a
cycle all the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "rag"
LAYERS = {"rag.types": 0, "rag.errors": 0, "rag.settings": 0, "rag.text": 0, "rag.normalise": 0, "rag.reference_words": 0, "rag.ingest": 1, "rag.index": 2,
          "rag.answer": 3, "rag.benchmark": 4, "rag.serve": 5, "rag": 6, "rag.__main__": 6}
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    while module not in LAYERS:
        module = module.rsplit(".", 1)[0]
    return LAYERS[module]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    package = _module(path) if path.name == "__init__.py" else _module(path).rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "rag"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] == "rag":
                found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names}
    return {m for m in found if m != _module(path)}


FILES = sorted(ROOT.rglob("*.py"))
MODULES = {_module(p) for p in FILES}
GRAPH = {_module(p): {m for m in _imports(p) if m in MODULES} for p in FILES}


def test_no_import_cycle_inside_rag() -> None:
    """A depth-first search over every import (function-level ones included) finds no cycle."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            cycle = path[path.index(module):] + [module]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        for dep in sorted(GRAPH.get(module, ())):
            if dep != "rag" and not module.startswith(dep + "."):  # a package's own __init__ is not a cycle
                visit(dep, [*path, module])
        done.add(module)

    for module in sorted(GRAPH):
        visit(module, [])


def test_imports_point_down_only() -> None:
    """No module imports from a higher layer (rag.ingest never from rag.index, rag.answer never from rag.serve)."""
    upward = [f"{m} ({_layer(m)}) imports {d} ({_layer(d)})" for m, deps in GRAPH.items() for d in deps
              if d != "rag" and _layer(d) > _layer(m)]
    assert not upward, "\n".join(upward)


def test_the_domain_types_import_nothing_from_rag() -> None:
    """Document, Chunk, Passage, Citation, Claim, Answer... can be used (and type-checked) alone."""
    assert GRAPH["rag.types"] == set(), GRAPH["rag.types"]


def test_only_the_web_adapter_imports_gradio() -> None:
    users = {_module(p) for p in FILES if "gradio" in {n.split(".")[0] for n in _third_party(p)}}
    assert users <= {"rag.serve.webapp"}, users


def _third_party(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module)
    return names


def test_files_and_functions_stay_small() -> None:
    """Files under 400 lines, functions under 60 (the project's rule: one idea per unit, readable on one screen)."""
    too_long = []
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_FILE_LINES:
            too_long.append(f"{path.relative_to(ROOT.parent)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno:
                if node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                    too_long.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} {node.name}(): "
                                    f"{node.end_lineno - node.lineno + 1} lines")
    assert not too_long, "\n".join(too_long)
