"""The Excel buttons' logic, against the in-memory workbook (no Excel needed).

The in-memory book counts the range operations Excel would see; the check it
runs is the same library call as ``registers check`` (same findings).
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from registers.core.findings import Severity
from registers.core.period import Period
from registers.excel import actions
from registers.excel.actions import (
    FILLS,
    MAX_FILL_READS,
    MAX_FILL_WRITES,
    MAX_MERGE_READS,
    MAX_NOTES,
    RESULTS_SHEET,
    STATE_SHEET,
    ExcelActionError,
    check_open_workbook,
    clear_highlights,
    find_office_dir,
)
from registers.excel.areas import rectangles
from registers.excel.interface import MAX_ADDRESS, Rect, union_chunks
from registers.excel.memory import MemoryBook, MemorySheet
from tests.support.helpers import make_office, run_check, sheets_from_file, write_xlsx

HEADERS = ["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人", "备注"]
NOV = Period.parse_month("2026-11")
AS_OF = datetime(2026, 11, 30, 23, 59)
GREEN, RED = "#00B050", "#FF0000"
ERR = FILLS[Severity.ERROR]


def book_from_file(path: Path) -> MemoryBook:
    """What Excel shows of a saved workbook: values (numbers as floats, as xlwings reads them), merges."""
    return MemoryBook(str(path.resolve()), sheets_from_file(path))


def receipt(n: int, amount: Any = 120, day: int = 3) -> list[Any]:
    return [f"NO.{n:06d}", datetime(2026, 11, day), "3-2-1501", "物业服务费", amount, "现金", "王芳", ""]


def fee_office(tmp_path: Path, rows: list[list[Any]], sheet: str = "11月") -> tuple[Path, Path]:
    root = make_office(tmp_path / "o", {"财务/收费台账.xlsx": {sheet: [HEADERS, *rows]}})
    return root, root / "财务" / "收费台账.xlsx"


def run(book: MemoryBook, root: Path | None = None, **kw: Any) -> actions.CheckResult:
    kw.setdefault("select", ["input.bad-value"])
    return check_open_workbook(book, root, period=NOV, as_of=AS_OF, **kw)


def test_the_open_workbook_gives_the_same_findings_as_the_cli(tmp_path: Path) -> None:
    root = make_office(tmp_path / "o", {
        "财务/收费台账.xlsx": {"11月": [
            ["阿尔卡迪亚管理处 收费台账 2026年11月"],
            HEADERS,
            receipt(1, "？"), receipt(2, "+1+1"), receipt(3, 120, day=4), receipt(4, "", day=5),
            ["NO.000005", None, "3-2-1501", "物业服务费", 80, "现金", "王芳", ""],
        ]},
        "工程/报修.xlsx": {"2026.11": [
            ["报修时间", "住户姓名", "房号", "联系电话", "报修内容", "预约维修时间", "通知维修时间", "完成时间"],
            [datetime(2026, 11, 2, 9), "张三", "3-2-1501", "13800138000", "漏水", datetime(2026, 11, 2, 14),
             datetime(2026, 11, 2, 11), None],
        ]},
    }, config='office = "阿尔卡迪亚管理处"\n')  # registers.toml marks the office folder above 财务/
    (root / "损坏的台账.xlsx").write_bytes(b"not a workbook")  # reported as the CLI reports it
    path = root / "财务" / "收费台账.xlsx"
    # a title merged over the columns, and a date merged over two rows (every row has it)
    from openpyxl import load_workbook as lw
    wb = lw(path)
    wb["11月"].merge_cells("A1:H1")
    wb["11月"].merge_cells("B6:B7")
    wb.save(path)

    cli = run_check(root)
    book = book_from_file(path)
    result = check_open_workbook(book, period=NOV, as_of=AS_OF)
    assert result.report.findings == cli.findings
    assert result.rel == "财务/收费台账.xlsx"
    assert {f.file for f in result.findings} == {"财务/收费台账.xlsx"}
    assert len(result.findings) > 0
    assert "input.unreadable" in {f.rule for f in result.report.findings}
    # the merged date reached row 7: no missing-date finding there
    assert not [f for f in result.findings if f.row == 7 and f.column == "B"]


def test_unsaved_edits_are_what_is_checked(tmp_path: Path) -> None:
    root, path = fee_office(tmp_path, [receipt(1), receipt(2)])
    book = book_from_file(path)
    book.sheets["11月"].values[2][4] = "十元"  # typed in Excel, not saved
    result = run(book)
    assert [(f.rule, f.sheet, f.cell) for f in result.findings] == [("input.bad-value", "11月", "E3")]
    assert run_check(root, select=["input.bad-value"]).findings == []


def test_highlight_and_clear_round_trip_keeps_the_clerks_own_fills(tmp_path: Path) -> None:
    _root, path = fee_office(tmp_path, [receipt(1, "？"), receipt(2), receipt(3, "x"), receipt(4, "y")])
    book = book_from_file(path)
    sheet = book.sheets["11月"]
    sheet.fills[(2, 5)] = GREEN  # the clerk's own colour on a cell that has a finding
    sheet.fills[(3, 1)] = RED  # and elsewhere
    sheet.fills[(1, 1)] = RED
    before = dict(sheet.fills)

    result = run(book)
    assert result.highlighted == 3
    assert {book.fill_at("11月", c) for c in ("E2", "E4", "E5")} == {ERR}
    assert book.fill_at("11月", "A3") == RED
    assert book.sheets[STATE_SHEET].hidden

    cleared = clear_highlights(book)
    assert cleared.restored == 3 and cleared.kept == 0
    assert sheet.fills == before
    assert STATE_SHEET not in book.sheets and RESULTS_SHEET not in book.sheets
    assert clear_highlights(book).restored == 0  # nothing recorded any more: a no-op


def test_a_cell_the_clerk_recoloured_after_the_highlight_keeps_the_clerks_colour(tmp_path: Path) -> None:
    _root, path = fee_office(tmp_path, [receipt(i, "？") for i in range(1, 11)])
    book = book_from_file(path)
    run(book)
    sheet = book.sheets["11月"]
    assert all(sheet.fills[(r, 5)] == ERR for r in range(2, 12))
    sheet.fills[(6, 5)] = GREEN  # the clerk marks one of them green after our highlight
    cleared = clear_highlights(book)
    assert cleared.kept == 1 and cleared.restored == 9
    assert sheet.fills == {(6, 5): GREEN}


def test_second_click_after_fixing_clears_the_fixed_cells(tmp_path: Path) -> None:
    _root, path = fee_office(tmp_path, [receipt(1, "？"), receipt(2, "x")])
    book = book_from_file(path)
    sheet = book.sheets["11月"]
    sheet.fills[(3, 5)] = GREEN
    run(book)
    assert book.fill_at("11月", "E3") == ERR
    sheet.values[2][4] = 100.0  # the clerk fixes E3
    result = run(book)
    assert [f.cell for f in result.findings] == ["E2"]
    assert book.fill_at("11月", "E3") == GREEN and book.fill_at("11月", "E2") == ERR
    assert book.note_at("11月", "E3") is None
    clear_highlights(book)
    assert sheet.fills == {(3, 5): GREEN}


def test_notes_added_and_removed_and_the_clerks_notes_kept(tmp_path: Path) -> None:
    _root, path = fee_office(tmp_path, [receipt(1, "？"), receipt(2, "x"), receipt(3, "y"), receipt(4)])
    book = book_from_file(path)
    sheet = book.sheets["11月"]
    sheet.notes[(2, 5)] = "王芳：待核实"  # the clerk's note on a cell with a finding
    sheet.notes[(5, 7)] = "交接时说明"  # and one elsewhere
    run(book)
    assert book.note_at("11月", "E2").startswith("王芳：待核实\n\n【registers 核查】")  # type: ignore[union-attr]
    assert "input.bad-value" in book.note_at("11月", "E3")  # type: ignore[operator]
    assert "？" in book.note_at("11月", "E2")  # type: ignore[operator]
    sheet.notes[(4, 5)] = "已改"  # the clerk rewrote our note on E4
    cleared = clear_highlights(book)
    assert cleared.notes_removed == 2 and cleared.notes_kept == 1
    assert sheet.notes == {(2, 5): "王芳：待核实", (5, 7): "交接时说明", (4, 5): "已改"}


def _links(book: MemoryBook, name: str = RESULTS_SHEET) -> list[tuple[str, str, str]]:
    out = []
    for row in book.sheets[name].values:
        for v in row:
            m = re.fullmatch(r'=HYPERLINK\("#\'((?:[^\']|\'\')*)\'!([A-Z]+\d+)","([A-Z]+\d+)"\)', str(v or ""))
            if m:
                out.append((m.group(1).replace("''", "'"), m.group(2), m.group(3)))
    return out


def test_results_sheet_lists_the_findings_with_links_to_their_cells(tmp_path: Path) -> None:
    sheet = "11月's 收费"
    _root, path = fee_office(tmp_path, [receipt(1, "？"), receipt(2), receipt(3, "=1+1")], sheet=sheet)
    book = book_from_file(path)
    result = run(book)
    assert _links(book) == [(sheet, f.cell, f.cell) for f in result.findings] == [
        (sheet, "E2", "E2"), (sheet, "E4", "E4")]
    values = [v for row in book.sheets[RESULTS_SHEET].values for v in row]
    assert "=1+1" in values  # the clerk's text comes back as text (written with Excel's ' prefix)
    assert any(str(v).startswith("input.bad-value") for v in values)


def test_a_clerks_own_sheet_named_like_ours_is_never_written(tmp_path: Path) -> None:
    root = make_office(tmp_path / "o", {"收费台账.xlsx": {"11月": [HEADERS, receipt(1, "？")],
                                                        RESULTS_SHEET: [["我的核查记录"]]}})
    book = book_from_file(root / "收费台账.xlsx")
    result = run(book)
    assert result.results_sheet == f"{RESULTS_SHEET}2"
    assert book.sheets[RESULTS_SHEET].values == [["我的核查记录"]]
    clear_highlights(book)
    assert set(book.sheets) == {"11月", RESULTS_SHEET}


def test_office_folder_is_found_by_its_config_file(tmp_path: Path) -> None:
    root = make_office(tmp_path / "o", {}, config='office = "测试管理处"\n')
    (root / "财务" / "2026").mkdir(parents=True)
    assert find_office_dir(root / "财务" / "2026" / "a.xlsx") == root
    assert find_office_dir(tmp_path / "x" / "a.xlsx") == tmp_path / "x"


def test_an_unsaved_workbook_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ExcelActionError, match="保存"):
        check_open_workbook(MemoryBook("工作簿1", [MemorySheet("Sheet1", [["a"]])]))


def test_day_close_and_monthly_buttons_call_the_pipeline_for_the_office_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import registers.pipeline.day
    import registers.pipeline.monthly

    root = make_office(tmp_path / "o", {}, config="")
    book = MemoryBook(str(root / "收费台账.xlsx"))
    calls: list[tuple[str, Path, dict[str, Any]]] = []
    monkeypatch.setattr(registers.pipeline.day, "close_day", lambda root, **kw: calls.append(("day", root, kw)))
    monkeypatch.setattr(registers.pipeline.monthly, "monthly_report",
                        lambda root, **kw: calls.append(("monthly", root, kw)))
    actions.close_day_from_excel(book)
    actions.monthly_from_excel(book, period=Period.parse_month("2026-11"))
    assert calls == [("day", root, {}), ("monthly", root, {"period": Period.parse_month("2026-11")})]


def test_the_monthly_button_reports_this_month_of_the_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 月报 button gives no month: the report is this month's in the office's time zone, as
    `registers monthly` without --month (it used to fail with a TypeError for the missing month)."""
    import registers.pipeline.monthly

    root = make_office(tmp_path / "o", {"收费台账.xlsx": {"收费明细": [["收据编号", "收款日期", "房号", "交款人", "收费项目",
                                                                     "金额", "收款方式", "收款人"]]}},
                       config='timezone = "Asia/Shanghai"\n')
    # the office clock (Asia/Shanghai) reads 1 December, 01:30
    monkeypatch.setattr(registers.pipeline.monthly, "now_local", lambda settings: datetime(2026, 12, 1, 1, 30))
    result = actions.monthly_from_excel(MemoryBook(str(root / "收费台账.xlsx")), pdf=False, history=False)
    assert result.monthly.period == Period.parse_month("2026-12")
    assert [p.name for p in result.paths] == ["2026-12 收支明细表.xlsx", "2026-12 收支明细表.html"]


def test_rectangles_and_chunks() -> None:
    cells = {(r, c) for r in range(2, 6) for c in (5, 6)} | {(9, 5), (10, 5), (12, 1)}
    assert rectangles(cells) == [Rect(2, 5, 5, 6), Rect(9, 5, 10, 5), Rect(12, 1, 12, 1)]
    rects = [Rect.cell(r, 5) for r in range(2, 5000, 2)]
    chunks = union_chunks(rects)
    assert all(len(c) <= MAX_ADDRESS for c in chunks)
    assert [Rect.parse(a) for c in chunks for a in c.split(",")] == rects
    assert Rect.parse("$E$2:$F$9").address == "E2:F9"


# -- 50,000 rows: the number of Excel calls stays bounded ------------------------------------------

ROWS = 50_000
# One click on a one-sheet workbook: 1 sheet list + 1 values read + merge probes + fill reads +
# 1 notes read, and writes: fills + notes + the 核查结果 and record sheets.
WRITE_BOUND = MAX_FILL_WRITES + MAX_NOTES + 2
OP_BOUND = WRITE_BOUND + 1 + 1 + MAX_MERGE_READS + MAX_FILL_READS + 1


def big_book(tmp_path: Path, bad: Any) -> tuple[Path, MemoryBook]:
    rows = [HEADERS] + [receipt(i, bad(i)) for i in range(1, ROWS + 1)]
    root = tmp_path / "o"
    path = root / "收费台账.xlsx"
    root.mkdir()
    write_xlsx(path, {"11月": rows[:2]})  # the file on disk is small; the open workbook holds the 50,000 rows
    book = MemoryBook(str(path.resolve()), [MemorySheet("11月", [list(r) for r in rows])])
    return root, book


@pytest.mark.slow
@pytest.mark.parametrize("pattern", ["one-bad-column", "scattered"])
def test_50000_rows_take_a_bounded_number_of_range_operations(tmp_path: Path, pattern: str) -> None:
    if pattern == "one-bad-column":
        def bad(i: int) -> Any:
            return "待定"  # every amount is text: 50,000 findings in one column
    else:
        def bad(i: int) -> Any:
            return "？" if i % 7 == 0 else 120.0  # 7,142 findings, none next to another
    _root, book = big_book(tmp_path, bad)
    book.sheets["11月"].fills.update({(r, 5): GREEN for r in range(100, 110)})  # some of the clerk's colours
    t0 = time.perf_counter()
    result = run(book)
    elapsed = time.perf_counter() - t0
    n = len(result.findings)
    assert n == (ROWS if pattern == "one-bad-column" else ROWS // 7)
    first_ops, first_writes = book.op_count, book.write_count
    print(f"\n{pattern}: {n} findings, {first_ops} range operations ({first_writes} writes), "
          f"{result.highlighted} cells coloured, {result.notes} notes, {elapsed:.1f}s")
    assert first_writes <= WRITE_BOUND
    assert first_ops <= OP_BOUND
    if pattern == "one-bad-column":  # contiguous findings: a handful of calls, everything coloured
        assert result.highlighted == ROWS and result.not_highlighted == 0
        assert book.ops["set_fill"] <= 3
        assert book.ops["read_fills"] <= 2 * ROWS.bit_length() + 4  # splits only around the clerk's colours
    else:  # scattered: the budget is spent on the first rows, the rest is listed on the 核查结果 sheet
        assert result.highlighted > 2_000
        assert result.highlighted + result.not_highlighted == n
    assert len(book.sheets[RESULTS_SHEET].values) >= n

    # the second click (clear, then check again) is bounded the same way, and the round trip is exact
    book.reset_ops()
    clear_highlights(book)
    print(f"clear: {book.op_count} range operations ({book.write_count} writes)")
    assert book.op_count <= 2 * OP_BOUND
    assert book.sheets["11月"].fills == {(r, 5): GREEN for r in range(100, 110)}


def test_install_writes_the_macros_and_the_xlwings_settings(tmp_path: Path) -> None:
    from registers.excel.addin import install, is_macro_host

    done = install(tmp_path / "x", interpreter=r"C:\Python312\python.exe", user_config=tmp_path / "u" / "xlwings.conf")
    assert sorted(p.name for p in done.written) == ["README-Excel.txt", "registers.bas", "xlwings.conf", "xlwings.conf"]
    bas = (tmp_path / "x" / "registers.bas").read_bytes().decode("ascii")
    for macro in ("check", "apply", "undo", "clear", "close_day", "monthly"):
        assert f'RunPython "import registers.excel.entry as e; e.{macro}()"' in bas
    assert (tmp_path / "u" / "xlwings.conf").read_text().startswith('"INTERPRETER_WIN","C:\\Python312\\python.exe"')
    assert install(tmp_path / "x").written == []  # kept unless --force
    assert is_macro_host("PERSONAL.XLSB") and is_macro_host("xlwings.xlam") and not is_macro_host("收费台账.xlsx")
    import registers.excel.entry as entry  # imports without Excel; xlwings is loaded only when a button runs

    assert callable(entry.check)
