"""Accepting suggestions the way a clerk would, on a copy of an office (openpyxl, tests only: the tool never
writes a register), and re-checking: what the suggestion tests stand on."""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from registers.check import check
from registers.core.findings import Finding, Write
from registers.core.period import Period

Key = tuple[str, str | None, str | None, int | None, str | None, str | None]


def key(f: Finding) -> Key:
    """A finding's identity across two runs: rule, place and key (never message text)."""
    return (f.rule, f.file, f.sheet, f.row, f.column, f.key)


def touched(findings: Iterable[Finding]) -> set[str]:
    return {w.file for f in findings for w in f.writes() if w.file}


def round_trip(root: Path, files: Iterable[str]) -> None:
    """Load and save ``files`` with openpyxl unchanged: the baseline a write is compared with (openpyxl drops
    cached formula results and some formatting, which is not the suggestion's doing)."""
    for rel in files:
        wb = load_workbook(root / rel)
        wb.save(root / rel)


def apply_writes(root: Path, writes: Sequence[Write]) -> None:
    """Type each write's value into its cell, as a clerk accepting the suggestion would."""
    by_file: dict[str, list[Write]] = defaultdict(list)
    for w in writes:
        assert w.file and w.sheet and w.cell, f"a write with no place: {w}"
        by_file[w.file].append(w)
    for rel, ws in by_file.items():
        assert rel.endswith(".xlsx"), f"a suggestion writes into {rel}, which openpyxl cannot save"
        wb = load_workbook(root / rel)
        for w in ws:
            value: Any = w.value
            if isinstance(value, date) and not isinstance(value, datetime):
                value = datetime(value.year, value.month, value.day)
            wb[w.sheet][w.cell].value = value
        wb.save(root / rel)


def copy_office(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("reports", ".registers"))
    return dest


def run(root: Path, period: Period, as_of: datetime) -> list[Finding]:
    return check(root, period=period, as_of=as_of).findings
