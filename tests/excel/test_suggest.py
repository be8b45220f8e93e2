"""The "apply the suggestions I ticked" button and its undo, against the in-memory workbook (no Excel needed).

A bill list kept the way offices keep it (a title row above the header, a 合计 row) with two bills off the
posted price: the clerk ticks one suggestion; only that one is written, with a note; clearing the marks keeps
the clerk's own notes and fills; undo puts the value back.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from registers.core.period import Period
from registers.excel.actions import RESULTS_SHEET, STATE_SHEET, ExcelActionError, check_open_workbook, clear_highlights
from registers.excel.memory import MemoryBook
from registers.excel.suggest import SUGGEST_MARK, apply_suggestions, is_ticked, undo_suggestions
from tests.support.helpers import make_office, run_check, sheets_from_file

NOV = Period.parse_month("2026-11")
AS_OF = datetime(2026, 11, 30, 23, 59)
BILLS = "应收清单"
SCHEDULE: list[list[Any]] = [["收费项目", "类别", "计费方式", "单价", "生效日期", "失效日期"], ["物业服务费", "物业服务费", "按面积", 2.5, None, None]]
UNITS: list[list[Any]] = [["房号", "业主姓名", "建筑面积"], ["3-2-1501", "王五", 89.5], ["1-1-101", "李四", 100], ["1-1-102", "赵六", 80]]


def office(tmp_path: Path) -> tuple[Path, Path]:
    bills: list[list[Any]] = [
        ["2026年11月物业服务费应收清单"], ["编码", "单元代码", "室号", "客户", "面积", "金额"],
        ["B001", "3-2-1501", "1501", "王五", 89.5, 223.75],
        ["B002", "1-1-101", "101", "李四", None, 260],  # the archive's 100 ㎡ × 2.50: 250.00
        ["B003", "1-1-102", "102", "赵六", 80, 210],  # 80 × 2.50: 200.00
        ["合计", None, None, None, None, 693.75],
    ]
    root = make_office(tmp_path / "office", {"应收清单 2026-11.xlsx": {"收费标准": SCHEDULE, BILLS: bills},
                                             "业主档案.xlsx": {"业主档案": UNITS}})
    return root, root / "应收清单 2026-11.xlsx"


def check(book: MemoryBook) -> Any:
    return check_open_workbook(book, period=NOV, as_of=AS_OF, select=["fee.bill-price-mismatch"])


def results_row(book: MemoryBook, cell: str) -> int:
    """The 核查结果 row (1-based) listing the finding at ``cell`` of the bill list."""
    for i, row in enumerate(book.sheets[RESULTS_SHEET].values, start=1):
        if any(isinstance(v, str) and f"!{cell}\"" in v for v in row):
            return i
    raise AssertionError(f"no row for {cell}")


def tick(book: MemoryBook, row: int, mark: str = "✓") -> None:
    book.write_cell(RESULTS_SHEET, f"J{row}", mark)


def test_only_the_ticked_suggestion_is_written_with_a_note_and_clear_keeps_the_clerks_marks(tmp_path: Path) -> None:
    _root, path = office(tmp_path)
    book = MemoryBook(str(path.resolve()), sheets_from_file(path))
    bills = book.sheets[BILLS]
    bills.notes[(4, 6)] = "王芳：李四说面积有误"  # the clerk's own note on a cell the check marks
    bills.notes[(3, 4)] = "已联系"  # and one elsewhere
    bills.fills[(3, 1)] = "#00B050"  # the clerk's own colour
    check(book)
    listed = book.sheets[RESULTS_SHEET].values
    head = next(r for r in listed if r and r[0] == "级别")
    assert head[6:10] == ["原值", "建议值", "依据", "采用（打✓）"]
    assert listed[results_row(book, "F4") - 1][6] == "260"
    f4, f5 = results_row(book, "F4"), results_row(book, "F5")
    assert listed[f4 - 1][7:9] == ["250", "收费标准 物业服务费 单价 ¥2.50 × 数量 100 × 1 个月"]
    assert listed[f5 - 1][7] == "200"
    tick(book, f4)
    tick(book, f5, "✗")  # not a yes

    result = apply_suggestions(book)
    assert (result.ticked, result.applied) == (1, 1)
    assert book.value_at(BILLS, "F4") == 250.0 and book.value_at(BILLS, "F5") == 210.0  # F5 was not ticked
    note = book.note_at(BILLS, "F4") or ""
    assert note.startswith("王芳：李四说面积有误\n\n【registers 核查】")
    assert f"{SUGGEST_MARK}原值：260 → 改为：250" in note and "fee.bill-price-mismatch" in note
    assert SUGGEST_MARK not in (book.note_at(BILLS, "F5") or "")
    assert book.value_at(RESULTS_SHEET, f"J{f4}") == "已采用"
    assert apply_suggestions(book).applied == 0  # a second click changes nothing

    # what a re-check sees in the workbook as it is now: the accepted bill is right, the other still wrong
    assert [f.cell for f in check(book).findings] == ["F5"]
    cleared = clear_highlights(book)
    assert cleared.notes_kept == 0
    assert bills.notes == {(4, 6): "王芳：李四说面积有误", (3, 4): "已联系"}
    assert bills.fills == {(3, 1): "#00B050"}
    assert book.value_at(BILLS, "F4") == 250.0  # accepting is the clerk's edit: clear leaves it
    assert STATE_SHEET not in book.sheets and RESULTS_SHEET not in book.sheets


def test_undo_puts_back_what_the_cell_held_and_only_our_part_of_its_note(tmp_path: Path) -> None:
    _root, path = office(tmp_path)
    book = MemoryBook(str(path.resolve()), sheets_from_file(path))
    book.sheets[BILLS].notes[(5, 6)] = "待核"
    check(book)
    tick(book, results_row(book, "F4"))
    tick(book, results_row(book, "F5"), "是")
    assert apply_suggestions(book).applied == 2
    book.write_cell(BILLS, "F5", 205)  # the clerk typed over one of them afterwards
    undone = undo_suggestions(book)
    assert (undone.restored, undone.kept) == (1, 1)
    assert book.value_at(BILLS, "F4") == 260.0 and book.value_at(BILLS, "F5") == 205
    assert SUGGEST_MARK not in (book.note_at(BILLS, "F4") or "")
    assert SUGGEST_MARK in (book.note_at(BILLS, "F5") or "")  # the one kept keeps its note
    clear_highlights(book)
    assert book.sheets[BILLS].notes == {(5, 6): "待核"}


def test_applying_the_suggestions_gives_the_checks_verdict_on_the_saved_file(tmp_path: Path) -> None:
    root, path = office(tmp_path)
    book = MemoryBook(str(path.resolve()), sheets_from_file(path))
    check(book)
    tick(book, results_row(book, "F4"))
    tick(book, results_row(book, "F5"))
    apply_suggestions(book)
    clear_highlights(book)
    # the clerk saves: what Excel holds is written to the file
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for name, sheet in book.sheets.items():
        for r, row in enumerate(sheet.values, start=1):
            for c, v in enumerate(row, start=1):
                wb[name].cell(r, c).value = v
    wb.save(path)
    assert [f for f in run_check(root, select=["fee.bill-price-mismatch"]).findings] == []


def test_apply_before_any_check_says_what_to_do(tmp_path: Path) -> None:
    _root, path = office(tmp_path)
    book = MemoryBook(str(path.resolve()), sheets_from_file(path))
    with pytest.raises(ExcelActionError, match="核查"):
        apply_suggestions(book)


@pytest.mark.parametrize(("mark", "yes"), [("✓", True), ("√", True), (" Y ", True), (1.0, True), (True, True),
                                            ("是", True), ("", False), (None, False), ("✗", False), ("否", False),
                                            (0.0, False), ("x", False)])
def test_what_counts_as_a_tick(mark: Any, yes: bool) -> None:
    assert is_ticked(mark) is yes
