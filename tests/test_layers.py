"""The package's floors: each layer imports only the layers below it, and no module imports itself back.

In the spirit of beancount's dependency-constraints test: every ``import`` of every module of
``registers/`` is read from its source (imports inside functions included; imports under
``if TYPE_CHECKING:`` are for the type checker only and allowed), and

* an import of a module in a higher layer fails the test, naming both modules and the line;
* an import circle among ``registers`` modules fails it too, even within one layer;
* the demo office is imported by the command line alone.

The layers, lowest first, are :data:`LAYERS`; the README's section for developers shows them.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "registers"

# Lowest first.  A module belongs to the first layer one of whose prefixes names it or a package above it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("core", ("registers", "registers.core")),  # spec, text values, findings, settings, periods, output files
    ("io", ("registers.io",)),  # readers, the input guard, platform statements
    ("office", ("registers.office",)),  # registers and statements read together
    ("views", ("registers.views",)),  # frames several rules and reports share
    ("rules", ("registers.rules",)),  # one module per register
    ("i18n", ("registers.i18n",)),  # the one message catalogue
    ("check", ("registers.check",)),  # rules run over an office: a Report
    ("history", ("registers.history",)),  # runs recorded in SQLite
    ("reports", ("registers.reports",)),  # findings, day, monthly, group: compute, workbook, html, terminal
    ("pipeline", ("registers.pipeline",)),  # check -> record -> write: the sequence every command calls
    ("apps", ("registers.group", "registers.group_dask", "registers.excel",
              "registers.watch")),  # the group run (local, Dask), Excel, the watch and its live page
    ("demo", ("registers.demo",)),  # the demo office: only the command line imports it
    ("cli", ("registers.cli", "registers.__main__")),  # one module per command
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    """The index in :data:`LAYERS` of the most specific prefix naming ``module``."""
    best, best_len = -1, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    if best < 0:
        raise LookupError(f"{module} is in no layer: add it to LAYERS")
    return best


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int


def _type_checking_only(tree: ast.AST) -> set[int]:
    """The ids of the nodes under ``if TYPE_CHECKING:`` (or ``typing.TYPE_CHECKING``)."""
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                hidden.update(id(n) for n in ast.walk(child))
    return hidden


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> Iterator[Import]:
    """Every ``registers`` module that ``module`` imports at run time, functions' bodies included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    hidden = _type_checking_only(tree)
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            # `from registers.reports import day` imports the module registers.reports.day
            targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in modules else source for a in node.names]
        else:
            continue
        for target in targets:
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in modules and target != module:
                yield Import(module, target, node.lineno)


def import_graph() -> list[Import]:
    return _graph_of_package(PACKAGE)


@functools.lru_cache(maxsize=4)
def _graph_of_package(package: Path) -> list[Import]:
    modules = all_modules()
    return [imp for name, path in modules.items() for imp in imports_of(name, path, modules)]


def upward(graph: list[Import]) -> list[str]:
    return [
        f"{i.importer} (layer {LAYERS[layer_of(i.importer)][0]}, line {i.line}) imports {i.imported} "
        f"(layer {LAYERS[layer_of(i.imported)][0]})"
        for i in graph
        if layer_of(i.imported) > layer_of(i.importer)
    ]


def circles(graph: list[Import]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    edges: dict[str, set[str]] = {}
    for i in graph:
        edges.setdefault(i.importer, set()).add(i.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_every_module_is_in_a_layer() -> None:
    for name in all_modules():
        layer_of(name)  # raises, naming the module


def test_no_module_imports_a_layer_above_its_own() -> None:
    assert upward(import_graph()) == []


def test_no_import_circle() -> None:
    assert circles(import_graph()) == []


def test_only_the_command_line_imports_the_demo_office() -> None:
    outside = [
        f"{i.importer} line {i.line} imports {i.imported}"
        for i in import_graph()
        if i.imported.startswith("registers.demo") and not i.importer.startswith(("registers.demo", "registers.cli"))
    ]
    assert outside == []


def test_reports_read_no_rule_module() -> None:
    """A report reads the registers through the views and the sheet keys of the spec, never through a rule's
    module: what a rule and a report both need lives below both (the rule catalogue, for titles, is fine)."""
    reaching = [
        f"{i.importer} line {i.line} imports {i.imported}"
        for i in import_graph()
        if i.importer.startswith("registers.reports") and i.imported.startswith("registers.rules.")
    ]
    assert reaching == []


# The checks themselves, on small made-up packages: one upward import, one circle, one hidden import.


def _graph_of(tmp_path: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> list[Import]:
    root = tmp_path / "registers"
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.PACKAGE", root)
    return import_graph()


BASE = {"__init__.py": "", "core/__init__.py": "", "rules/__init__.py": "", "io/__init__.py": ""}


def test_an_upward_import_inside_a_function_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = _graph_of(tmp_path, {
        **BASE,
        "core/spec.py": "def f():\n    from registers.rules import base\n",
        "rules/base.py": "from registers.core import spec\n",
    }, monkeypatch)
    found = upward(graph)
    assert len(found) == 1 and found[0].startswith("registers.core.spec (layer core, line 2) imports registers.rules.base")


def test_an_import_for_the_type_checker_only_is_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = _graph_of(tmp_path, {
        **BASE,
        "core/spec.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from registers.rules.base import Rule\n",
        "rules/base.py": "from registers.core import spec\n",
    }, monkeypatch)
    assert upward(graph) == [] and circles(graph) == []


def test_a_circle_within_one_layer_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = _graph_of(tmp_path, {
        **BASE,
        "io/a.py": "from registers.io.b import x\n",
        "io/b.py": "import registers.io.c\n",
        "io/c.py": "from . import a\n",
    }, monkeypatch)
    assert upward(graph) == []
    assert circles(graph) == [["registers.io.a", "registers.io.b", "registers.io.c"]]
