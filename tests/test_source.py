"""The package's own source: conventions that ruff and mypy do not check."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import helpline

PACKAGE = Path(helpline.__file__).parent


def _top_level_names(tree: ast.Module) -> Counter[str]:
    names: Counter[str] = Counter()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            if isinstance(node.target, ast.Name):
                names[node.target.id] += 1
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names[node.name] += 1
    return names


def test_no_module_binds_a_top_level_name_twice() -> None:
    # A second `_LIKE = ...` lower in a long module silently replaces the first for every
    # function that reads it, which has happened twice in context.py.
    twice = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for name, count in _top_level_names(ast.parse(path.read_text(encoding="utf-8"))).items()
        if count > 1
    }
    assert twice == set()


def test_the_check_finds_a_name_bound_twice() -> None:
    tree = ast.parse("A = 1\ndef f() -> None: ...\nA = frozenset()\n")
    assert _top_level_names(tree)["A"] == 2
