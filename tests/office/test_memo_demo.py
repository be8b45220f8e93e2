"""On the demo office, every rule of the catalogue: after a save of any register or statement, a check that
keeps the rules' findings whose inputs did not change (``registers watch``) gives what a cold check gives."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from registers.check import Report, check, selected_rules
from registers.core.period import Period
from registers.core.settings import Settings
from registers.office.cache import ParseCache
from registers.office.memo import RuleMemo

PERIOD = Period.parse_month("2026-11")
AS_OF = datetime(2026, 11, 30, 23, 59)
RULES = len(selected_rules(Settings()))

pytestmark = pytest.mark.slow


def edits(root: Path) -> list[tuple[str, Path, bytes]]:
    """One clerk's edit in every register sheet the demo keeps (a cell of a row in its middle emptied, or filled
    where it was empty), one more for each number in that row (raised by 10: an amount, a fee, a count
    typed otherwise), and a statement cut short by a line: (what, file, its bytes after)."""
    out = []
    for book in sorted(root.glob("*.xlsx")):
        before = book.read_bytes()
        try:
            wb = load_workbook(book)
        except Exception:  # the demo's damaged workbook
            continue
        for ws in wb.worksheets:
            cell = ws.cell((ws.max_row + 3) // 2, 2)
            if ws.max_row < 3 or isinstance(cell, MergedCell):
                continue
            was = cell.value
            cell.value = None if was is not None else "x"
            wb.save(book)
            out.append((f"{book.name}!{ws.title}!{cell.coordinate}", book, book.read_bytes()))
            cell.value = was
            for number in ws[cell.row]:
                if isinstance(number.value, int | float) and not isinstance(number.value, bool):
                    typed = number.value
                    number.value = typed + 10
                    wb.save(book)
                    out.append((f"{book.name}!{ws.title}!{number.coordinate}", book, book.read_bytes()))
                    number.value = typed
        book.write_bytes(before)
    for statement in sorted(root.glob("*.csv"))[:2]:
        lines = statement.read_bytes().split(b"\n")
        out.append((f"{statement.name} line {len(lines) - 2}", statement, b"\n".join(lines[:-3] + lines[-2:])))
    return out


def test_each_save_gives_what_a_cold_check_gives(demo_folder: Path, tmp_path: Path) -> None:
    root = tmp_path / "office"
    shutil.copytree(demo_folder, root)
    cache, memo = ParseCache(), RuleMemo()

    def kept() -> Report:
        return check(root, period=PERIOD, as_of=AS_OF, cache=cache, memo=memo)

    assert kept().findings == check(root, period=PERIOD, as_of=AS_OF).findings
    saves = edits(root)
    assert len(saves) >= 14
    ran: dict[str, int] = {}
    for what, path, data in saves:
        before = path.read_bytes()
        path.write_bytes(data)
        assert kept().findings == check(root, period=PERIOD, as_of=AS_OF).findings, what
        ran[what] = memo.ran
        path.write_bytes(before)
        assert kept().findings == check(root, period=PERIOD, as_of=AS_OF).findings, f"{what} undone"
    # and the memo is worth having: a save of the key register runs a fraction of the rules again
    keys = [n for what, n in ran.items() if what.startswith("钥匙管理.xlsx")]
    assert keys and max(keys) < RULES / 3, ran


def test_a_sheet_that_reads_as_before_keeps_its_rules_when_another_sheet_of_its_workbook_is_saved(
        demo_folder: Path, tmp_path: Path) -> None:
    """The fee ledger holds the receipts and the daily handovers: a handover corrected leaves the rules that
    read the receipts but not the handovers alone (a sheet of a few thousand rows is known by its content)."""
    root = tmp_path / "office"
    shutil.copytree(demo_folder, root)
    cache, memo = ParseCache(), RuleMemo()
    check(root, period=PERIOD, as_of=AS_OF, cache=cache, memo=memo)
    ledger = root / "收费台账.xlsx"
    wb = load_workbook(ledger)
    handovers = wb["日结上交"]
    handovers.cell(handovers.max_row, 3).value = 160  # 现金上交 of the last day
    wb.save(ledger)
    report = check(root, period=PERIOD, as_of=AS_OF, cache=cache, memo=memo)
    assert report.findings == check(root, period=PERIOD, as_of=AS_OF).findings
    assert "fee.not-cleared" in memo.last_run  # it reads the handovers
    assert "fee.receipt-gap" not in memo.last_run and "fee.unknown-item" not in memo.last_run
    receipts = wb["收费明细"]
    receipts.cell(receipts.max_row - 2, 10).value = 480  # 金额 of the last receipt (a 合计 and a 制表人 row below)
    wb.save(ledger)
    check(root, period=PERIOD, as_of=AS_OF, cache=cache, memo=memo)
    assert "fee.receipt-gap" in memo.last_run and "fee.unknown-item" in memo.last_run
