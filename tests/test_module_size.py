"""No module of ``registers/`` is longer than a newcomer can read in one sitting, data tables aside.

A module past :data:`MAX_LINES` is a sign two things live in one file: split it along what it holds.
Modules that are mostly data (the register spec, message tables, the demo's records) are listed in
:data:`DATA_TABLES` with what their bulk is.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "registers"
MAX_LINES = 500

DATA_TABLES: dict[str, str] = {
    "core/spec.py": "the registers' columns, one field per line",
}


def test_no_module_is_over_the_limit_but_data_tables() -> None:
    over = {
        str(p.relative_to(PACKAGE)): n
        for p in sorted(PACKAGE.rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert {k: n for k, n in over.items() if k not in DATA_TABLES} == {}


def test_the_data_table_list_names_real_modules() -> None:
    assert all((PACKAGE / name).is_file() for name in DATA_TABLES)
