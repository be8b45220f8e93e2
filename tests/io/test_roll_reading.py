"""Reading fee rolls and bills laid out the way other offices lay them out: what each month cell reads as
(``views.roll.roll_cells``), the year, the item of a sheet per item, and cells the reader cannot read."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook

from registers.core.period import Period
from registers.core.settings import load_settings
from registers.i18n import render_message
from registers.office.load import Office, load_office
from registers.views.roll import FULL, NONE, PAID, UNPAID, bill_months, roll_cells, ym
from tests.support.helpers import flat, make_office, run_check

UNITS: list[list[Any]] = [["房號", "業主姓名", "建築面積"], ["3-2-1501", "王五", 89.5], ["1-1-101", "李四", 100]]
SCHEDULE: list[list[Any]] = [["收費項目", "類別", "計費方式", "單價", "生效日期", "失效日期"],
                             ["物業服務費", "物業服務費", "按面積", 2.5, None, None],
                             ["水費", "代收代繳", "按用量", 3.5, None, None]]


def load(root: Path) -> Office:
    return load_office(root, load_settings(root), Period.month(2026, 11), datetime(2026, 11, 30, 23, 59))


def cells_of(office: Office, unit: str) -> list[tuple[str, str, Any, Any]]:
    """(month, state, paid, due) of a unit's cells, in month order."""
    c = roll_cells(office)
    c = c[c["unit"] == unit].sort_values("ym")
    return [(f"{v // 12}-{v % 12 + 1:02d}", s, None if pd.isna(p) else int(p), None if pd.isna(d) else int(d))
            for v, s, p, d in zip(c["ym"], c["state"], c["paid"].astype(object), c["due"].astype(object),
                                  strict=True)]


def base(tmp_path: Path) -> Path:
    return make_office(tmp_path / "office", {"業主檔案.xlsx": {"業主檔案": UNITS},
                                             "收費標準.xlsx": {"收費標準": SCHEDULE}})


def test_a_traditional_water_roll_with_yyyy_mm_headers(tmp_path: Path) -> None:
    root = base(tmp_path)
    wb = Workbook()
    ws = wb.active
    ws.title = "水費"  # one sheet per item: the sheet's name is its item
    ws.append(["管理處 收費台賬"])
    ws.append(["房號", "業主", "面積", "單價", "2026-01", "2026-02", "2026-03", "2026-04", "合計", "欠費"])
    ws.append(["1-1-101", "李四", 100, None, 35.5, "已繳", "空置", "未繳", 35.5, None])
    ws.append(["合計", None, None, None, 35.5, None, None, None, 35.5, None])
    ws.append(["製表人：王芳"])
    wb.save(root / "水費台賬.xlsx")
    office = load(root)
    [src] = [s for s in office.sources if s.kind == "fee_ledger.roll"]
    assert (src.sheet, src.year, src.title) == ("水費", 2026, "管理處 收費台賬")
    assert set(roll_cells(office)["item_key"]) == {"水费"}
    # no 月应收, no rate, a metered item: 已缴's amount is not known
    assert cells_of(office, "1-1-101") == [("2026-01", PAID, 3550, None), ("2026-02", FULL, None, None),
                                          ("2026-03", NONE, 0, None), ("2026-04", UNPAID, 0, None)]
    assert set(roll_cells(office)["unit"]) == {"1-1-101"}  # the 合计 row is a footer


def test_a_roll_with_due_and_paid_blocks_under_merged_headers(tmp_path: Path) -> None:
    root = base(tmp_path)
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["2026年物业费收缴明细"])  # the year and the item come from the title
    ws.append(["楼栋", "单元", "房号", "面积", "应收", None, None, "实收", None, None, "备注"])
    ws.merge_cells("E2:G2")
    ws.merge_cells("H2:J2")
    for c in "ABCDK":
        ws.merge_cells(f"{c}2:{c}3")
    ws.append([None] * 4 + ["1月", "2月", "3月"] * 2 + [None])
    ws.append([None, None, None, "㎡", "元", "元", "元", "元", "元", "元", None])  # units row
    ws.append([3, 2, 1501, 89.5, 223.75, 223.75, 200, "√", 100, "-", None])
    ws.append(["合计", None, None, None, 647.5, None, None, 323.75, None, None, None])
    wb.save(root / "收费.xlsx")
    office = load(root)
    [src] = [s for s in office.sources if s.kind == "fee_ledger.roll"]
    assert (src.year, src.header_row) == (2026, 4)
    assert cells_of(office, "3-2-1501") == [("2026-01", FULL, 22375, 22375), ("2026-02", PAID, 10000, 22375),
                                           ("2026-03", NONE, 0, 20000)]
    assert int(roll_cells(office)["ym"].min()) == ym(2026, 1)


def test_a_bills_export_is_read_per_unit_and_month(tmp_path: Path) -> None:
    root = base(tmp_path)
    wb = Workbook()
    ws = wb.active
    ws.title = "导出数据"
    for row in (["编码", "单元代码", "室号", "客户", "面积", "金额", "所属期间"],
                ["B001", "3-2-1501", "1501", "王五", 89.5, 671.25, "2026.10-2026.12"],
                ["B002", "1-1-101", "101", "李四", 100, 250, None]):
        ws.append(row)
    wb.save(root / "应收.xlsx")
    office = load(root)
    bm = bill_months(office).sort_values(["unit", "ym"])
    assert [(u, int(m), int(s)) for u, m, s in zip(bm["unit"], bm["ym"], bm["share"], strict=True)] == [
        ("1-1-101", ym(2026, 11), 25000),  # no period: the month being checked
        ("3-2-1501", ym(2026, 10), 22375), ("3-2-1501", ym(2026, 11), 22375), ("3-2-1501", ym(2026, 12), 22375)]


def test_an_unreadable_month_cell_is_a_bad_value_naming_what_a_cell_may_hold(tmp_path: Path) -> None:
    root = base(tmp_path)
    wb = Workbook()
    ws = wb.active
    ws.title = "2026年物业费"
    ws.append(["房号", "面积", "1月", "2月", "3月", "4月"])
    ws.append(["3-2-1501", 89.5, 223.75, "见收据", None, None])
    wb.save(root / "台账.xlsx")
    report = run_check(root, select=["input.bad-value"])
    assert flat(report.findings, rules="input.bad-value") == {("input.bad-value", "2026年物业费", 2, "D")}
    [bad] = [f for f in report.findings if f.rule == "input.bad-value"]
    assert "已缴" in render_message(bad, "zh-Hans") and "已繳" in render_message(bad, "zh-Hant")
    assert "paid" in render_message(bad, "en")
