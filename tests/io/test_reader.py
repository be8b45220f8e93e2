"""The reader: registers found by headers wherever and however clerks lay them out."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import xlwt
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from registers.core.period import Period
from registers.core.settings import Settings
from registers.office.load import Office, load_office
from tests.support.helpers import flat, make_office, run_check, write_xlsx

RECEIPT_HEADERS = ["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人"]
NOV = Period.month(2026, 11)


def _load(root: Path) -> Office:
    return load_office(root, Settings(), NOV, datetime(2026, 11, 30, 23, 59))


def test_title_rows_footer_rows_and_blank_rows(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "收费明细"
    ws["A1"] = "阿尔卡迪亚管理处 收费台账 2026年11月"
    ws.merge_cells("A1:G1")
    ws["A2"] = "单位：元"
    ws.append(RECEIPT_HEADERS)
    ws.append(["NO.0001", datetime(2026, 11, 3, 9), "3-2-1501", "物业服务费", 120, "现金", "王芳"])
    ws.append([None] * 7)
    ws.append(["NO.0002", "2026/11/4", "3栋2单元1502", "物业服务费", "¥1,234.00", "微信", "王芳"])
    ws.append(["合计", None, None, None, "=SUM(E4:E6)"])
    ws.append(["制表人：王芳", None, None, "审核：李强"])
    (tmp_path / "o").mkdir()
    wb.save(tmp_path / "o" / "随便起的名字.xlsx")
    office = _load(tmp_path / "o")
    receipts = office.frame("fee_ledger.receipts")
    assert list(receipts["_row"]) == [4, 6]
    assert list(receipts["amount"]) == [12000, 123400]
    assert list(receipts["unit"]) == ["3-2-1501", "3-2-1502"]
    src = office.sources[0]
    assert (src.file, src.sheet, src.header_row, src.columns["amount"]) == ("随便起的名字.xlsx", "收费明细", 3, "E")
    assert not [f for f in office.read_findings if f.rule != "input.missing-register"]


def test_traditional_and_english_headers_and_extra_columns(tmp_path: Path) -> None:
    root = make_office(tmp_path / "o", {
        "a.xlsx": {"S1": [["序號", "收據號", "收款日期", "房號", "收費項目", "金額（元）", "收款方式", "收款人", "備 註"],
                          [1, "A-1", "2026.11.3", "3-2-1501", "物業服務費", "120.00", "現金", "王芳", "無"]]},
        "b.xlsx": {"S1": [["Receipt No.", "Paid at", "Unit", "Item", "Amount", "Method", "Cashier"],
                          ["B-1", datetime(2026, 11, 4), "3-2-1501", "water", 10, "WeChat", "Li"]]},
    })
    office = _load(root)
    r = office.frame("fee_ledger.receipts")
    assert list(r["receipt_no"]) == ["A-1", "B-1"]
    assert list(r["method"]) == ["现金", "微信"]
    assert r["note"].isna().all()  # 無 means nothing
    assert office.sources[0].columns["amount"] == "F"


def test_two_row_header_and_merged_date_over_rows(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "11月"
    ws.append(["收据号", "收款", None, "房号", "收费项目", "金额", "收款方式", "收款人"])
    ws.append([None, "日期", "备注", None, None, None, None, None])
    ws.merge_cells("B1:C1")
    ws.append(["1", datetime(2026, 11, 3), None, "3-2-1501", "物业服务费", 10, "现金", "王芳"])
    ws.append(["2", None, None, "3-2-1502", "物业服务费", 10, "现金", "王芳"])
    ws.merge_cells("B3:B4")
    (tmp_path / "o").mkdir()
    wb.save(tmp_path / "o" / "x.xlsx")
    office = _load(tmp_path / "o")
    r = office.frame("fee_ledger.receipts")
    assert list(r["_row"]) == [3, 4]
    assert list(r["paid_at"]) == [datetime(2026, 11, 3)] * 2


def test_one_sheet_per_month_gets_year_from_title_and_month_names(tmp_path: Path) -> None:
    rows = lambda d: [["阿尔卡迪亚管理处 收费台账 2026年"], RECEIPT_HEADERS,  # noqa: E731
                      [f"N{d}", d, "3-2-1501", "物业服务费", 10, "现金", "王芳"]]
    root = make_office(tmp_path / "o", {"fee.xlsx": {"十月": rows("10月3日"), "2026.11": rows("11月4日")}})
    r = _load(root).frame("fee_ledger.receipts")
    assert list(r["paid_at"]) == [datetime(2026, 10, 3), datetime(2026, 11, 4)]


def test_odd_values_past_row_1000_are_kept(tmp_path: Path) -> None:
    """Readers that infer a column's type from its first 1,000 rows drop a later 待定; we must not."""
    rows: list[list[object]] = [list(RECEIPT_HEADERS)]
    for i in range(1, 1500):
        rows.append([f"NO.{i:05d}", datetime(2026, 11, 1 + i % 28, 9), "3-2-1501", "物业服务费", 10.0, "现金", "王芳"])
    rows[1201][1] = "待定"  # a text in a date column, row 1202
    rows[1301][4] = "¥1,000.00"  # a text amount, row 1302
    rows[1401][1] = "2026年11月5日"  # a text date, row 1402
    root = make_office(tmp_path / "o", {"fee.xlsx": {"收费明细": rows}})
    report = run_check(root, select=["input.bad-value"])
    assert flat(report.findings) == {("input.bad-value", "收费明细", 1202, "B")}
    r = report.office.frame("fee_ledger.receipts")
    assert len(r) == 1499
    assert r.loc[r["_row"] == 1302, "amount"].item() == 100000
    assert r.loc[r["_row"] == 1402, "paid_at"].item() == datetime(2026, 11, 5)


def test_formats_told_by_content_not_extension_and_lock_files_skipped(tmp_path: Path) -> None:
    root = tmp_path / "o"
    write_xlsx(root / "收费.xls", {"收费明细": [RECEIPT_HEADERS, ["1", datetime(2026, 11, 3), "3-2-1501", "物业服务费", 1,
                                                              "现金", "王芳"]]})
    (root / "~$收费.xls").write_bytes(b"\x00lock")
    (root / ".~lock.收费.xls#").write_text("lock")
    office = _load(root)
    assert office.workbooks == ["收费.xls"]
    assert len(office.frame("fee_ledger.receipts")) == 1


def test_legacy_xls(tmp_path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sh = book.add_sheet("收费明细")
    for c, h in enumerate(RECEIPT_HEADERS):
        sh.write(0, c, h)
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm")
    sh.write(1, 0, "NO.1")
    sh.write(1, 1, datetime(2026, 11, 3, 9, 30), date_style)
    for c, v in enumerate(["3-2-1501", "物业服务费", 120.5, "现金", "王芳"], start=2):
        sh.write(1, c, v)
    (tmp_path / "o").mkdir()
    book.save(str(tmp_path / "o" / "旧台账.xls"))
    r = _load(tmp_path / "o").frame("fee_ledger.receipts")
    assert r["paid_at"].tolist() == [datetime(2026, 11, 3, 9, 30)]
    assert r["amount"].tolist() == [12050]


def test_missing_column_and_bad_value_point_at_cells(tmp_path: Path) -> None:
    root = make_office(tmp_path / "o", {
        "fee.xlsx": {"收费明细": [[*RECEIPT_HEADERS[:-1], "备注"],
                                   ["1", "2026-13-45", "3-2-1501", "物业服务费", "？", "现金", "x"]]},
    })
    report = run_check(root, select=["input"])
    assert flat(report.findings, rules=["input.missing-column", "input.bad-value"]) == {
        ("input.missing-column", "收费明细", None, None),
        ("input.bad-value", "收费明细", 2, "B"),
        ("input.bad-value", "收费明细", 2, "E"),
    }


def test_sheets_that_match_nothing_are_ignored(tmp_path: Path) -> None:
    root = make_office(tmp_path / "o", {"notes.xlsx": {"说明": [["今天天气不错"], ["明天开会"]]}})
    office = _load(root)
    assert office.ignored_sheets == [("notes.xlsx", "说明")]
    assert office.sources == []


def test_pinned_sheet_is_read_as_its_register(tmp_path: Path) -> None:
    root = make_office(tmp_path / "o", {"odd.xlsx": {"Sheet1": [["单号", "日子", "房号", "收费项目", "金额", "收款方式",
                                                                "收款人", "收据号"], ["x"] * 7 + ["1"]]}})
    from registers.core.settings import Pin

    settings = Settings(pins=(Pin("fee_ledger.receipts", "odd.xlsx", "Sheet1"),))
    office = load_office(root, settings, NOV, datetime(2026, 11, 30))
    assert office.sources[0].kind == "fee_ledger.receipts"
    assert [f.args["field"] for f in office.read_findings if f.rule == "input.missing-column"] == [
        "fee_ledger.receipts:paid_at"]


def test_header_repeated_inside_the_data_is_not_a_row(tmp_path: Path) -> None:
    root = make_office(tmp_path / "o", {"fee.xlsx": {"收费明细": [
        RECEIPT_HEADERS,
        ["1", datetime(2026, 11, 3), "3-2-1501", "物业服务费", 1, "现金", "王芳"],
        RECEIPT_HEADERS,  # the printed page 2 header
        ["2", datetime(2026, 11, 4), "3-2-1501", "物业服务费", 1, "现金", "王芳"],
    ]}})
    report = run_check(root, select=["input"])
    assert list(report.office.frame("fee_ledger.receipts")["_row"]) == [2, 4]
    assert flat(report.findings, rules=["input.bad-value", "input.missing-value"]) == set()


def test_an_id_used_twice_is_reported_at_its_second_use_across_sheets(tmp_path: Path) -> None:
    """Receipt numbers compare as clerks mean them (case and spaces aside); the second use points at the
    first; empty numbers are never duplicates."""
    head = ["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人"]
    root = make_office(tmp_path / "office", {"收费台账.xlsx": {
        "10月": [head, ["NO.0001", "2026-10-30 09:00", "3-2-1501", "停车费", 150, "微信", "王芳"],
                 [None, "2026-10-30 10:00", "3-2-1501", "停车费", 150, "微信", "王芳"]],
        "11月": [head, ["no. 0001", "2026-11-03 09:00", "1-1-101", "停车费", 150, "微信", "王芳"],
                 ["NO.0002", "2026-11-03 10:00", "1-1-101", "停车费", 150, "微信", "王芳"],
                 [None, "2026-11-03 11:00", "1-1-101", "停车费", 150, "微信", "王芳"]],
    }})
    report = run_check(root, select=["input.duplicate-id"])
    assert flat(report.findings) == {("input.duplicate-id", "11月", 2, "A")}
    (f,) = report.findings
    assert f.args["first"] == "收费台账.xlsx!10月!A2" and f.key == "no.0001"  # an id is read without spaces


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["A1", "a1", "B2", "", "b 2", "C3"])), max_size=40))
def test_repeated_keys_are_pandas_duplicated_keep_false(keys: list[str | None]) -> None:
    import pandas as pd

    from registers.office.load import _repeated

    s = pd.Series(pd.array(keys, dtype="string"))
    assert _repeated(s).tolist() == (s.notna() & s.duplicated(keep=False)).tolist()
