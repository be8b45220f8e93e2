"""Test helpers: build tiny office folders from Python lists, run the check, flatten findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from registers.check import Report, check
from registers.core.findings import Finding
from registers.core.period import Period

Rows = Sequence[Sequence[Any]]


def sheets_from_file(path: Path) -> list[Any]:
    """What Excel shows of a saved workbook, as the Excel side's in-memory sheets
    (:class:`registers.excel.memory.MemorySheet`): values (numbers as floats, as xlwings reads them), merges."""
    from registers.excel.interface import Rect
    from registers.excel.memory import MemorySheet

    sheets = []
    for ws in load_workbook(path).worksheets:
        rows = [[float(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in row]
                for row in ws.iter_rows(min_row=1, min_col=1, values_only=True)]
        merged = [Rect(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
        sheets.append(MemorySheet(ws.title, rows, merged=merged, hidden=ws.sheet_state != "visible"))
    return sheets


def write_xlsx(path: Path, sheets: Mapping[str, Rows]) -> Path:
    """A workbook with one sheet per entry; each entry is a list of rows (row 1 first)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def make_office(root: Path, workbooks: Mapping[str, Mapping[str, Rows]], config: str | None = None) -> Path:
    """An office folder: ``{"收费台账.xlsx": {"收费明细": [[headers], [row], ...]}}``."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, sheets in workbooks.items():
        write_xlsx(root / rel, sheets)
    if config is not None:
        (root / "registers.toml").write_text(config, encoding="utf-8")
    return root


def run_check(
    root: Path,
    month: str = "2026-11",
    as_of: str | datetime = "2026-11-30 23:59",
    select: Sequence[str] = (),
    period: Period | None = None,
) -> Report:
    moment = as_of if isinstance(as_of, datetime) else datetime.strptime(as_of, "%Y-%m-%d %H:%M")
    return check(root, period=period or Period.parse_month(month), as_of=moment, select=select)


def flat(findings: Iterable[Finding], *, rules: str | Sequence[str] | None = None) -> set[tuple[Any, ...]]:
    """``{(rule, sheet, row, column)}`` — what tests assert on (never message text)."""
    if isinstance(rules, str):
        rules = (rules,)
    return {
        (f.rule, f.sheet, f.row, f.column)
        for f in findings
        if rules is None or any(f.rule == r or f.rule.startswith(r + ".") for r in rules)
    }
