"""Arrears and 收缴率 of the monthly statement from the fee roll (收费台账（按户）), and the source it names.

The roll is laid out as offices lay it out: a title row, 2026年 merged over the month headers, a units
row, Traditional headers, 已繳 / 空置 / - cells and a 合計 footer.  The statement's arrears and rate
are compared with the roll read here with openpyxl alone, to the fen.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from registers.core.period import Period
from registers.pipeline.monthly import MonthlyResult, monthly_report
from registers.reports.findings.terminal import print_report
from tests.support.helpers import make_office

NOV = Period.parse_month("2026-11")
AS_OF = datetime(2026, 11, 30, 23, 59)

SCHEDULE: dict[str, dict[str, list[list[Any]]]] = {"收费标准.xlsx": {"收费标准": [
    ["收费项目", "类别", "计费方式", "单价", "生效日期"],
    ["物业服务费", "物业服务费", "按面积", 2.5, "2026-01-01"],
]}}
ARCHIVE: dict[str, dict[str, list[list[Any]]]] = {"业主档案.xlsx": {"业主档案": [
    ["房号", "业主姓名", "联系电话", "建筑面积"],
    ["1-101", "王一", "13800000001", 88.5],
    ["1-102", "李二", "13800000002", 101.37],
    ["1-201", "张三", "13800000003", 120],
    ["1-202", "赵四", "13800000004", 75.2],
    ["1-301", "钱五", "13800000005", 66.66],
]}}

# per unit: area, rate (元/㎡·月), then January..November as typed (December left empty)
ROLL_ROWS: list[list[Any]] = [
    ["1-101", "王一", 88.5, 2.5, *["已繳"] * 11],
    ["1-102", "李二", 101.37, 2.5, *["已繳"] * 8, 253.43, None, None],
    ["1-201", "張三", 120, 2.5, *["已繳"] * 6, 100, 0, "-", "空置", 300],
    ["1-202", "趙四", 75.2, 2.5, *["√"] * 10, 100],
    ["1-301", "錢五", 66.66, 2.5, None, None, None, *["已繳"] * 8],
]


def write_roll(path: Path, rows: list[list[Any]] = ROLL_ROWS) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "2026年物業費"
    ws.append(["錦繡花園 2026年物業服務費收費台賬"])
    ws.append(["房號", "業主", "面積", "單價", "2026年", *[None] * 11, "合計", "欠費"])
    ws.append([None, None, None, None, *[f"{m}月" for m in range(1, 13)], None, None])
    ws.append([None, None, "㎡", "元/㎡·月", *[None] * 14])
    for c in (1, 2, 3, 4, 17, 18):
        ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    ws.merge_cells(start_row=2, start_column=5, end_row=2, end_column=16)
    for r in rows:
        ws.append([*r, *[None] * (16 - len(r))])
    ws.append(["合計", None, None, None])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _fen(v: float) -> int:
    return int((Decimal(str(v)) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def independent(path: Path, month: int) -> tuple[dict[str, int], int, int, int]:
    """The roll read with openpyxl alone: owed per unit up to ``month``, and that month's receivable, paid
    (capped at due) and units paid in full."""
    ws = load_workbook(path)["2026年物業費"]
    rows = list(ws.iter_rows(values_only=True))
    months = {c: int(hit.group(1)) for c, v in enumerate(rows[2]) if v and (hit := re.fullmatch(r"(\d+)月", str(v)))}
    owed: dict[str, int] = {}
    receivable = paid = paid_units = 0
    for row in rows[4:]:
        if row[0] == "合計":
            break
        due = int((Decimal(str(row[2])) * Decimal(str(row[3])) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
        for c, m in months.items():
            if m > month or row[c] in ("-", "空置"):
                continue
            got = due if row[c] in ("已繳", "√") else min(_fen(row[c] or 0), due)
            if got < due:
                owed[str(row[0])] = owed.get(str(row[0]), 0) + due - got
            if m == month:
                receivable += due
                paid += got
                paid_units += got == due
    return owed, receivable, paid, paid_units


def statement(result: MonthlyResult) -> tuple[dict[str, int], int, int, int]:
    """The written workbook's arrears sheet: owed per unit, receivable, paid, paid units (fen)."""
    book = next(p for p in result.paths if p.suffix == ".xlsx")
    ws = load_workbook(book, data_only=True)["欠费"]
    rows = list(ws.iter_rows(values_only=True))
    receivable_row = next(r for r in rows if r[0] == "本月应收")
    paid_row = next(r for r in rows if r[0] and str(r[0]).startswith("本月已缴"))
    head = next(i for i, r in enumerate(rows) if r[0] == "房号")
    owed = {}
    for r in rows[head + 1:]:
        if r[0] in ("合计", None) or str(r[0]).startswith("本月无"):
            break
        owed[str(r[0])] = _fen(r[10])
    return owed, _fen(receivable_row[2]), _fen(paid_row[2]), int(paid_row[1])


def _notes(result: MonthlyResult) -> list[str]:
    from registers.reports.monthly.notes import notes

    return notes(result.monthly, "zh-Hans")


def test_arrears_and_rate_from_a_roll_equal_the_roll_read_independently(tmp_path: Path) -> None:
    office = make_office(tmp_path / "office", {**SCHEDULE, **ARCHIVE})
    roll = write_roll(office / "物業費台賬.xlsx")
    result = monthly_report(office, NOV, as_of=AS_OF, out=tmp_path / "out", history=False, pdf=False)
    owed, receivable, paid, paid_units = independent(roll, 11)
    # 1-101 paid all; 1-102 owes Oct-Nov at 101.37 × 2.50 = 253.425 → 253.43; 1-201 owes July's rest and August
    # (its - / 空置 months owe nothing); 1-202 part-paid November; 1-301 owes January-March
    assert owed == {"1-102": 2 * 25343, "1-201": 20000 + 30000, "1-202": 8800, "1-301": 3 * 16665}
    assert (receivable, paid, paid_units) == (112933, 22125 + 30000 + 10000 + 16665, 3)
    assert statement(result) == (owed, receivable, paid, paid_units)
    arrears = {a.unit: a for a in result.monthly.arrears}
    assert arrears["1-301"].paid_through is None and arrears["1-301"].months == 3
    assert arrears["1-201"].paid_through == datetime(2026, 6, 1).date()
    assert arrears["1-201"].where is not None and arrears["1-201"].where.sheet == "2026年物業費"
    text = "\n".join(_notes(result))
    assert "欠费与收缴率来源：收费台账（按户）" in text
    # no receipts journal: the notes say what cannot be computed without it
    assert "收据号段均无法计算" in text and "收费明细" in text
    book = next(p for p in result.paths if p.suffix == ".xlsx")
    assert str(load_workbook(book)["欠费"]["A2"].value).startswith("欠费取自收费台账（按户）")
    # check's JSON says the same (an added field, only where a roll is kept)
    assert result.report.to_json()["fee_source"] == {"arrears": "roll", "message": "欠费与收缴率来源：收费台账（按户）。"}
    assert result.report.to_json("en")["fee_source"]["message"].endswith("the fee roll (by unit).")


def test_roll_and_receipts_that_disagree_name_the_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [list(r) for r in ROLL_ROWS]
    receipts: list[list[Any]] = [["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "所属期间", "收款人"]]
    no = 1000
    for r in rows:
        for m, cell in enumerate(r[4:], start=1):
            due = _fen(float(Decimal(str(r[2])) * Decimal(str(r[3]))))
            amount = due if cell in ("已繳", "√") else 0 if cell in (None, "-", "空置") else _fen(cell)
            if amount and not (r[0] == "1-202" and m == 3):  # 1-202's March: on the roll, no receipt
                no += 1
                receipts.append([f"A{no}", f"2026-{m:02d}-05", r[0], "物业服务费", amount / 100, "现金",
                                 f"2026-{m:02d}", "小刘"])
    office = make_office(tmp_path / "office", {**SCHEDULE, **ARCHIVE, "收费台账.xlsx": {"收费明细": receipts}})
    write_roll(office / "物業費台賬.xlsx", rows)
    result = monthly_report(office, NOV, as_of=AS_OF, out=tmp_path / "out", history=False, pdf=False)
    assert result.monthly.collection is not None
    assert result.monthly.collection.source == "both"
    assert result.monthly.collection.disagree == ("1-202",)
    text = "\n".join(_notes(result))
    assert "两者核对" in text and "不一致的房屋 1 户：1-202" in text
    assert result.report.to_json()["fee_source"]["arrears"] == "both"
    print_report(result.report, "zh-Hant")
    assert "欠費與收繳率來源：兩者核對" in capsys.readouterr().out


def test_receipts_only_office_keeps_its_source_and_says_nothing_new(tmp_path: Path) -> None:
    receipts: list[list[Any]] = [["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "所属期间", "收款人"],
                ["A1", "2026-11-05", "1-101", "物业服务费", 221.25, "现金", "2026-11", "小刘"]]
    office = make_office(tmp_path / "office", {**SCHEDULE, **ARCHIVE, "收费台账.xlsx": {"收费明细": receipts}})
    result = monthly_report(office, NOV, as_of=AS_OF, out=tmp_path / "out", history=False, pdf=False)
    assert result.monthly.collection is not None and result.monthly.collection.source == "receipts"
    assert not any("来源" in n for n in _notes(result))
    assert "fee_source" not in result.report.to_json()


def test_a_bill_for_a_unit_and_month_is_what_was_due(tmp_path: Path) -> None:
    bills: dict[str, dict[str, list[list[Any]]]] = {"应收清单.xlsx": {"11月应收": [
        ["2026年11月物业服务费应收清单"],
        ["编码", "室号", "客户", "面积", "所属期间", "金额"],
        ["B001", "1-202", "赵四", 75.2, "2026-11", 200],
        ["合计", None, None, None, None, 200],
    ]}}
    office = make_office(tmp_path / "office", {**SCHEDULE, **ARCHIVE, **bills})
    write_roll(office / "物業費台賬.xlsx")
    result = monthly_report(office, NOV, as_of=AS_OF, out=tmp_path / "out", history=False, pdf=False)
    owed, receivable, paid, paid_units = statement(result)
    # 1-202's November: the bill's 200.00 was due, 100.00 paid (the roll's own rate says 188.00)
    assert owed["1-202"] == 10000
    assert receivable == 112933 - 18800 + 20000 and paid == 22125 + 30000 + 10000 + 16665 and paid_units == 3


def test_a_roll_without_owner_archive_still_has_arrears_and_says_what_is_lost(tmp_path: Path) -> None:
    office = make_office(tmp_path / "office", SCHEDULE)
    roll = write_roll(office / "物業費台賬.xlsx")
    result = monthly_report(office, NOV, as_of=AS_OF, out=tmp_path / "out", history=False, pdf=False)
    assert statement(result) == independent(roll, 11)
    text = "\n".join(_notes(result))
    assert "欠费表中无业主电话" in text and "欠费与收缴率无法计算" not in text
