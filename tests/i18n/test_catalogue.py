"""The one message catalogue (registers.i18n): every key once, in every language, with the same fields.

The tables are read from their source with ``ast`` as well as imported: a key written twice in one
dict literal silently keeps the second text, which only the source shows.
"""

from __future__ import annotations

import ast
import string
from collections import Counter

from registers.i18n import CATALOGUE, LANGS, words
from tests.support.paths import REPO

PACKAGE = REPO / "registers"
I18N = PACKAGE / "i18n"


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def _is_texts(node: ast.AST) -> bool:
    """A dict literal with a text in each language: ``{"zh-Hans": ..., "zh-Hant": ..., "en": ...}``."""
    if not isinstance(node, ast.Dict):
        return False
    keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
    return set(LANGS) <= keys


def test_every_key_has_every_language_with_the_same_fields() -> None:
    for key, texts in CATALOGUE.items():
        assert set(texts) == set(LANGS), key
        assert all(isinstance(texts[lang], str) and texts[lang].strip() for lang in LANGS), key
        assert len({frozenset(_fields(texts[lang])) for lang in LANGS}) == 1, key


def test_no_key_is_defined_twice_in_the_catalogue_source() -> None:
    keys: Counter[str] = Counter()
    for path in sorted(I18N.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict) and node.values and all(_is_texts(v) for v in node.values):
                keys.update(k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str))
    assert keys, "no tables found"
    assert sorted(k for k, n in keys.items() if n > 1) == []
    assert set(keys) == set(CATALOGUE)


def test_no_text_table_outside_the_catalogue() -> None:
    """Outside registers/i18n/, texts in three languages are only in rule declarations (their titles
    and messages, collected by registers.rules.catalogue)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if I18N in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        declared: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func).split(".")[-1] in {"rule", "declared"}:
                declared.update(id(n) for n in ast.walk(node))
        found += [f"{path.relative_to(PACKAGE)}:{node.lineno}" for node in ast.walk(tree)
                  if isinstance(node, ast.Dict) and _is_texts(node) and id(node) not in declared]
    assert found == []


def test_a_report_sees_its_own_words_under_their_short_names() -> None:
    assert words("day", "zh-Hans")["title"] == "日结"
    assert words("monthly", "en")["title"] == "Income and expenditure statement"
    assert words("day", "zh-Hant")["severity"] == "級別"


def test_no_module_adds_to_the_catalogue_when_it_is_imported() -> None:
    """The catalogue is the same whatever else is imported, in whatever order: no module adds to a table
    of another at import time (registers/rules/payments.py once added the statements' reasons that way)."""
    import json
    import subprocess
    import sys

    dump = "import json, registers.i18n as i; print(json.dumps(i.CATALOGUE, sort_keys=True, ensure_ascii=False))"
    everything = (
        "import importlib, pkgutil, registers\n"
        "for m in sorted(pkgutil.walk_packages(registers.__path__, 'registers.'), key=lambda m: m.name, reverse=True):\n"
        "    if m.name != 'registers.__main__':\n"
        "        importlib.import_module(m.name)\n"
    )
    alone, after_all = (
        json.loads(subprocess.run([sys.executable, "-c", code + dump], capture_output=True, text=True,
                                  check=True, cwd=REPO).stdout)
        for code in ("", everything)
    )
    assert alone == after_all == json.loads(json.dumps(CATALOGUE, ensure_ascii=False))
