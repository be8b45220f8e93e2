"""The findings workbook: one sheet per register, links to the clerk's cells, register text kept literal."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path, PureWindowsPath

from openpyxl import load_workbook

from registers.reports.findings.book import write_findings_book
from tests.support.helpers import make_office, run_check

HEADERS = ["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人", "备注"]


def test_links_point_at_the_right_file_sheet_and_cell(tmp_path: Path) -> None:
    root = make_office(tmp_path / "o", {
        "财务/收费台账.xlsx": {"11月": [HEADERS,
                                         ["NO.1", datetime(2026, 11, 3), "3-2-1501", "物业服务费", "？", "现金", "王芳", ""],
                                         ["NO.2", datetime(2026, 11, 4), "3-2-1501", "物业服务费", "+1+1", "现金", "王芳", ""]]},
    })
    report = run_check(root, select=["input.bad-value"])
    book = write_findings_book(report)
    assert book.parent == root / "reports"
    wb = load_workbook(book)
    ws = wb["收费台账"]
    rows = list(ws.iter_rows(min_row=2, values_only=False))
    got = {(r[6].value, PureWindowsPath(r[6].hyperlink.target).as_posix(), r[6].hyperlink.location) for r in rows}
    assert got == {("E2", "../财务/收费台账.xlsx", "'11月'!E2"), ("E3", "../财务/收费台账.xlsx", "'11月'!E3")}
    # the text a clerk typed comes back as text, never a formula
    values = {r[10].value for r in rows}
    assert "+1+1" in values
    assert all(r[10].data_type == "s" for r in rows)
    assert wb["核查结果"]["A5"].value == "收费台账"


def test_rewriting_replaces_the_report_atomically(tmp_path: Path) -> None:
    root = make_office(tmp_path / "o", {"a.xlsx": {"收费明细": [HEADERS, ["1", "2026-13-45", "1-1-1", "x", 1, "现金", "a", ""]]}})
    report = run_check(root, select=["input.bad-value"])
    first = write_findings_book(report)
    second = write_findings_book(report)
    assert first == second
    assert [p.name for p in (root / "reports").iterdir()] == [first.name]


def test_a_hash_or_space_in_a_file_name_stays_in_the_link(tmp_path: Path) -> None:
    # 3#楼 is how clerks write building 3; XlsxWriter alone would cut the path at the '#'
    from urllib.parse import unquote

    root = make_office(tmp_path / "o", {"3#楼 收费 50%.xlsx": {"11月": [HEADERS, ["NO.1", datetime(2026, 11, 3), "3-2-1501", "物业服务费", "？", "现金", "王芳", ""]]}})
    book = write_findings_book(run_check(root, select=["input.bad-value"]))
    link = next(r[6].hyperlink for r in load_workbook(book)["收费台账"].iter_rows(min_row=2))
    assert (unquote(PureWindowsPath(link.target).as_posix()), link.location) == ("../3#楼 收费 50%.xlsx", "'11月'!E2")


def test_mistyped_phone_numbers_are_masked_unless_asked(tmp_path: Path) -> None:
    from registers.i18n import render_message

    root = make_office(tmp_path / "o", {"报修.xlsx": {"11月": [
        ["报修时间", "住户姓名", "地址/房号", "联系电话", "报修内容", "预约维修时间"],
        [datetime(2026, 11, 3, 9), "陈大文", "1-1-101", "1380013800012", "漏水", datetime(2026, 11, 3, 14)],
    ]}})
    report = run_check(root, select=["input.bad-value"])
    (f,) = report.findings
    assert "138******0012" in render_message(f) and "1380013800012" not in render_message(f)
    assert "1380013800012" in render_message(f, show_personal=True)
    wb = load_workbook(write_findings_book(report))
    cells = [c.value for row in wb["住户报修记录表"].iter_rows() for c in row]
    assert not any("1380013800012" in str(v) for v in cells)


def test_the_value_column_shows_what_the_cell_holds(tmp_path: Path) -> None:
    """原值 is the finding's cell as read — a price-mismatch's amount, a handover's cash, a late repair's time —
    not only an unreadable cell's text (issue 23); an empty cell stays empty."""
    root = make_office(tmp_path / "o", {"收费台账.xlsx": {
        "收费明细": [HEADERS, ["NO.1", datetime(2026, 11, 3, 9, 5), "3-2-1501", "物业服务费", 999.5, "现金", "王芳", ""]],
        "收费标准": [["收费项目", "类别", "计费方式", "单价"], ["物业服务费", "物业服务费", "按户", 360]],
        "日结上交": [["日期", "收款人", "现金上交", "接收人"], [datetime(2026, 11, 3), "王芳", 900, "周建华"]],
    }})
    report = run_check(root, select=["fee.price-mismatch", "fee.not-cleared"])
    assert {f.rule for f in report.findings} == {"fee.price-mismatch", "fee.not-cleared"}
    rows = list(load_workbook(write_findings_book(report))["收费台账"].iter_rows(min_row=2, values_only=True))
    by_rule = {r[1]: r for r in rows}
    assert by_rule["fee.price-mismatch"][6] == "E2" and by_rule["fee.price-mismatch"][10] == "999.50"
    assert by_rule["fee.not-cleared"][6] == "C2" and by_rule["fee.not-cleared"][10] == "900.00"  # cash handed
