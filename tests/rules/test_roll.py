"""``fee.roll-*`` and ``fee.bill-price-mismatch``: the fee roll and the bills against the receipts and the schedule.

The roll is laid out the way offices keep it: a title row, 房号 … merged over two header rows with 2026年
merged above 1月…12月, a units row (㎡ | 元/㎡·月), a 合计 row and a 制表人 footer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from registers.core.period import Period
from registers.i18n import render_message
from registers.rules import catalogue
from tests.support.helpers import flat, make_office, run_check

ROLL_RULES = ("fee.roll-unreceipted", "fee.roll-unposted", "fee.roll-amount-mismatch", "fee.roll-total-wrong",
              "fee.bill-price-mismatch")
SHEET = "2026年物业费"

R_HEAD = ["收据号", "收款日期", "房号", "收费项目", "所属期间", "月数", "数量", "金额", "收款方式", "收款人", "状态"]
S_HEAD = ["收费项目", "类别", "计费方式", "单价", "生效日期", "失效日期"]
SCHEDULE: list[list[Any]] = [
    ["物业服务费", "物业服务费", "按面积", 2.50, None, None],
    ["停车费", "其他", "按户", 150, None, None],
    ["水费", "代收代缴", "按用量", 3.50, None, None],
]
UNITS: list[list[Any]] = [["房号", "业主姓名", "建筑面积"], ["3-2-1501", "王五", 89.5], ["1-1-101", "李四", 100],
                          ["1-1-102", "赵六", 80], ["2-1-201", "钱七", 89.5]]

# receipts: the journal begins in January 2026; 物业费 is the property fee's everyday name
RECEIPTS: list[list[Any]] = [
    # 3-2-1501: January to March, 3 × 223.75
    ["NO.001", "2026-01-05 09:00", "3-2-1501", "物业费", "2026.01-2026.03", None, None, 671.25, "现金", "王芳", "正常"],
    # 1-1-101: the whole year, 12 × 250
    ["NO.002", "2026-02-01 10:00", "1-1-101", "物业服务费", "2026.01-2026.12", None, None, 3000, "微信", "王芳", "正常"],
    # 2-1-201: April to June at a discount: 670.00 spreads as 223.34 + 223.33 + 223.33
    ["NO.003", "2026-04-02 10:00", "2-1-201", "物业费", "2026.04-2026.06", None, None, 670, "现金", "王芳", "正常"],
]

# roll rows (row 5 on): 房号 业主 面积 单价 | 1月 … 12月 | 合计 欠费 备注
E = None


def roll_row(unit: str, owner: str, area: float, months: Sequence[Any], total: Any, arrears: Any) -> list[Any]:
    return [unit, owner, area, 2.5, *months, total, arrears, None]


# arrears up to November: 11 × 223.75 − 671.25 = 1790.00
ROW_1501 = roll_row("3-2-1501", "王五", 89.5, [223.75, "已缴", "√", *[E] * 9], 671.25, 1790)
ROW_101 = roll_row("1-1-101", "李四", 100, [250] * 12, 3000, 0)
ROW_102 = roll_row("1-1-102", "赵六", 80, ["空置"] * 12, 0, 0)  # vacant: not billed
ROW_201 = roll_row("2-1-201", "钱七", 89.5, [E] * 3 + [223.33] * 3 + [E] * 6, 669.99, None)


def write_roll(path: Path, rows: Sequence[Sequence[Any]], title: str = "2026年物业费收费台账",
               year: str = "2026年") -> None:
    """A roll sheet as offices lay it out, added to the workbook at ``path`` (made by make_office)."""
    from openpyxl import load_workbook

    wb = load_workbook(path) if path.exists() else Workbook()
    if not path.exists():
        wb.remove(wb.active)
    ws = wb.create_sheet(year + "物业费")
    ws.append([title])
    ws.merge_cells("A1:S1")
    ws.append(["房号", "业主", "面积", "单价", year, *[None] * 11, "合计", "欠费", "备注"])
    ws.merge_cells("E2:P2")
    for c in "ABCDQRS":
        ws.merge_cells(f"{c}2:{c}3")
    ws.append([None] * 4 + [f"{m}月" for m in range(1, 13)] + [None] * 3)
    ws.append([None, None, "㎡", "元/㎡·月", *[None] * 15])
    for row in rows:
        ws.append(list(row))
    ws.append(["合计", None, None, None, *[None] * 12, None, None, None])
    ws.append([])
    ws.append(["制表人：王芳", None, None, None, None, None, "审核：张会计"])
    wb.save(path)


def office(tmp_path: Path, rows: Sequence[Sequence[Any]] = (ROW_1501, ROW_101, ROW_102, ROW_201),
           receipts: Sequence[Sequence[Any]] | None = RECEIPTS, bills: Sequence[Sequence[Any]] | None = None,
           extra_roll: Sequence[Sequence[Any]] | None = None, config: str | None = None) -> Path:
    sheets: dict[str, list[Sequence[Any]]] = {"收费标准": [S_HEAD, *SCHEDULE]}
    if receipts is not None:
        sheets["收费明细"] = [R_HEAD, *receipts]
    if bills is not None:
        sheets["应收清单"] = [["2026年11月物业服务费应收清单"], ["编码", "单元代码", "室号", "客户", "面积", "金额"],
                          *bills, ["合计", None, None, None, None, None]]
    root = make_office(tmp_path / "office", {"收费台账.xlsx": sheets, "业主档案.xlsx": {"业主档案": UNITS}}, config)
    write_roll(root / "收费台账.xlsx", rows)
    if extra_roll is not None:
        write_roll(root / "收费台账.xlsx", extra_roll, title="2025年物业费收费台账", year="2025年")
    return root


YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))  # the roll's whole year, as an office checks its roll


def check_year(root: Path, select: list[str]) -> Any:
    return run_check(root, select=select, period=YEAR, as_of="2026-11-30 23:59")


def roll_findings(root: Path) -> set[tuple[Any, ...]]:
    return flat(check_year(root, list(ROLL_RULES)).findings, rules=ROLL_RULES)


def changed(row: list[Any], **cells: Any) -> list[Any]:
    """``row`` with some cells changed, by column letter."""
    out = list(row)
    for letter, value in cells.items():
        out[ord(letter) - ord("A")] = value
    return out


def test_a_roll_that_agrees_with_its_receipts_has_no_finding(tmp_path: Path) -> None:
    assert roll_findings(office(tmp_path)) == set()


@pytest.mark.parametrize("rows, expected", [
    # April marked paid with no receipt for it (total and arrears follow the cell)
    pytest.param([changed(ROW_1501, H=223.75, Q=895, R=1566.25), ROW_101, ROW_102, ROW_201],
                 {("fee.roll-unreceipted", SHEET, 5, "H")}, id="unreceipted"),
    # December paid by NO.002 but left empty on the roll
    pytest.param([ROW_1501, changed(ROW_101, P=None, Q=2750), ROW_102, ROW_201],
                 {("fee.roll-unposted", SHEET, 6, "P")}, id="unposted"),
    # …or marked 空置 (not billed)
    pytest.param([ROW_1501, changed(ROW_101, P="空置", Q=2750), ROW_102, ROW_201],
                 {("fee.roll-unposted", SHEET, 6, "P")}, id="unposted-vacant"),
    # March written as 205 where the receipt paid 250
    pytest.param([ROW_1501, changed(ROW_101, G=205, Q=2955), ROW_102, ROW_201],
                 {("fee.roll-amount-mismatch", SHEET, 6, "G")}, id="amount"),
    # 已缴 where the receipt paid a different amount than the month's due (2-1-201 April: 223.34 vs 223.75)
    pytest.param([ROW_1501, ROW_101, ROW_102, changed(ROW_201, H="已缴", Q=670.41)],
                 {("fee.roll-amount-mismatch", SHEET, 8, "H")}, id="full-amount"),
    # a total typed over the formula
    pytest.param([changed(ROW_1501, Q=447.5), ROW_101, ROW_102, ROW_201],
                 {("fee.roll-total-wrong", SHEET, 5, "Q")}, id="total"),
    # arrears neither of the year (2013.75) nor up to November (1790)
    pytest.param([changed(ROW_1501, R=2000), ROW_101, ROW_102, ROW_201],
                 {("fee.roll-total-wrong", SHEET, 5, "R")}, id="arrears"),
])
def test_each_roll_rule_fires_on_its_cell_only(tmp_path: Path, rows: list[list[Any]],
                                                expected: set[tuple[Any, ...]]) -> None:
    assert roll_findings(office(tmp_path, rows=rows)) == expected


def test_a_month_checked_alone_shows_the_roll_findings_that_arose_in_it(tmp_path: Path) -> None:
    """April's unreceipted cell is April's finding: a November check does not repeat it every month; the year's
    check shows it (a finding's day is its month's first day, or its last receipt's day if later)."""
    rows = [changed(ROW_1501, H=223.75, Q=895, R=1566.25), ROW_101, ROW_102, ROW_201]
    root = office(tmp_path, rows=rows)
    november = run_check(root, select=list(ROLL_RULES), as_of="2026-11-30 23:59")
    assert flat(november.findings, rules=ROLL_RULES) == set()
    april = run_check(root, select=list(ROLL_RULES), month="2026-04", as_of="2026-11-30 23:59")
    (found,) = [f for f in april.findings if f.rule in ROLL_RULES]
    assert (found.rule, found.row, found.column, found.date) == ("fee.roll-unreceipted", 5, "H", date(2026, 4, 1))
    assert roll_findings(root) == {("fee.roll-unreceipted", SHEET, 5, "H")}


def test_arrears_of_the_whole_year_are_accepted_too(tmp_path: Path) -> None:
    assert roll_findings(office(tmp_path, rows=[changed(ROW_1501, R=2013.75), ROW_101, ROW_102, ROW_201])) == set()


def test_a_receipt_spread_over_months_may_leave_a_fen(tmp_path: Path) -> None:
    # 2-1-201's April is 223.33 on the roll and 223.34 by the receipt: within the tolerance; beyond a
    # tolerance of nothing it is a mismatch
    root = office(tmp_path, config="[limits]\nroll_tolerance = 0\n")
    assert roll_findings(root) == {("fee.roll-amount-mismatch", SHEET, 8, "H")}


def test_without_a_receipts_journal_the_roll_is_not_matched_to_receipts(tmp_path: Path) -> None:
    rows = [changed(ROW_1501, H=223.75, Q=895, R=1566.25), ROW_101, ROW_102, ROW_201]
    assert roll_findings(office(tmp_path, rows=rows, receipts=None)) == set()


def test_a_roll_of_the_years_before_the_journal_began_is_not_reported(tmp_path: Path) -> None:
    old = [roll_row("3-2-1501", "王五", 89.5, [223.75] * 12, 2685, 0)]
    root = office(tmp_path, extra_roll=old)
    report = check_year(root, list(ROLL_RULES))
    assert [s.year for s in report.office.sources if s.sheet == "2025年物业费"] == [2025]  # read, as 2025
    assert flat(report.findings, rules=ROLL_RULES) == set()


def test_roll_findings_read_in_every_language(tmp_path: Path) -> None:
    root = office(tmp_path, rows=[ROW_1501, changed(ROW_101, G=205, P=None, Q=2705, R=45), ROW_102, ROW_201])
    found = [f for f in check_year(root, list(ROLL_RULES)).findings if f.rule in ROLL_RULES]
    assert {f.rule for f in found} == {"fee.roll-amount-mismatch", "fee.roll-unposted"}
    unposted = next(f for f in found if f.rule == "fee.roll-unposted")
    text = render_message(unposted, "zh-Hans")
    assert "NO.002" in text and "250.00" in text and "2026-12" in text and "1-1-101" in text
    assert "NO.002" in render_message(unposted, "zh-Hant") and "receipt NO.002" in render_message(unposted, "en")
    assert all(set(catalogue()[r].message) == {"zh-Hans", "zh-Hant", "en"} for r in ROLL_RULES)


# bills: A 编码  B 单元代码  C 室号  D 客户  E 面积  F 金额 (title row 1, header row 2, bills from row 3)
BILLS: list[list[Any]] = [
    ["B001", "3-2-1501", "1501", "王五", 89.5, 223.75],
    ["B002", "1-1-101", "101", "李四", None, 250],  # no area: the owner archive's 100 ㎡
    ["B003", "1-1-102", "102", "赵六", 80, 200],
]


def test_bills_at_the_posted_price_have_no_finding(tmp_path: Path) -> None:
    assert roll_findings(office(tmp_path, bills=BILLS)) == set()


def test_a_bill_off_the_posted_price_is_reported_at_its_amount(tmp_path: Path) -> None:
    bills = [BILLS[0], changed(BILLS[1], F=260), changed(BILLS[2], F=210)]
    assert roll_findings(office(tmp_path, bills=bills)) == {
        ("fee.bill-price-mismatch", "应收清单", 4, "F"), ("fee.bill-price-mismatch", "应收清单", 5, "F")}


def test_a_bill_whose_area_is_unknown_is_not_judged(tmp_path: Path) -> None:
    bills = [["B009", "9-9-909", "909", "无名", None, 999]]  # not in the archive, no area on the bill
    assert roll_findings(office(tmp_path, bills=bills)) == set()


def test_a_traditional_roll_per_item_is_matched_by_its_sheet_name(tmp_path: Path) -> None:
    # one sheet per item: 水費 (Traditional headers, 2026-01 months); the receipts say 水费
    root = office(tmp_path, receipts=[
        *RECEIPTS,
        ["NO.004", "2026-02-03 09:00", "1-1-101", "水费", "2026.01", None, 10, 35, "现金", "王芳", "正常"],
        ["NO.005", "2026-03-03 09:00", "1-1-101", "水费", "2026.02", None, 12, 42, "现金", "王芳", "正常"],
        ["NO.006", "2026-04-03 09:00", "3-2-1501", "水费", "2026.03", None, 8, 28, "现金", "王芳", "正常"],
    ])
    from openpyxl import load_workbook

    wb = load_workbook(root / "收费台账.xlsx")
    ws = wb.create_sheet("水費")
    ws.append(["管理處 代收水費台賬"])
    ws.append(["房號", "業主", "面積", "單價", "2026-01", "2026-02", "2026-03", "合計", "欠費"])
    ws.append(["1-1-101", "李四", 100, None, 35, "已繳", 40, 75, None])  # February: 已繳 of an unknown amount
    ws.append(["3-2-1501", "王五", 89.5, None, None, None, None, 0, None])  # March's 28 not posted
    ws.append(["合計", None, None, None, 35, None, 40, 75, None])
    ws.append(["製表人：王芳"])
    wb.save(root / "收费台账.xlsx")
    assert roll_findings(root) == {
        ("fee.roll-unreceipted", "水費", 3, "G"),  # March paid 40 on the roll, no water receipt for March
        ("fee.roll-unposted", "水費", 4, "G"),  # NO.006 paid 3-2-1501's March water
    }  # and no total-wrong for 1-1-101: its 已繳 has no known amount, so its row is not summed


def test_an_unreadable_month_cell_is_only_a_bad_value(tmp_path: Path) -> None:
    # December of 1-1-101 (paid by NO.002) written as 见收据: the reader says so; the roll rules do not
    # take it for unpaid, nor judge the row's total by it
    root = office(tmp_path, rows=[ROW_1501, changed(ROW_101, P="见收据", Q=3000), ROW_102, ROW_201])
    found = flat(check_year(root, [*ROLL_RULES, "input.bad-value"]).findings,
                 rules=[*ROLL_RULES, "input.bad-value"])
    assert found == {("input.bad-value", SHEET, 6, "P")}


# ---------------------------------------------------------------- suggestions


def roll_finding(root: Path, rule_id: str) -> Any:
    (found,) = [f for f in check_year(root, []).findings if f.rule == rule_id]
    return found


def test_a_roll_amount_off_the_receipts_suggests_their_total_and_moves_a_typed_total_with_it(tmp_path: Path) -> None:
    from tests.rules.test_fees_suggestions import assert_accepting_clears, shown

    # March written as 205 where the receipt paid 250; the clerk's typed total 2955 followed the months
    root = office(tmp_path, rows=[ROW_1501, changed(ROW_101, G=205, Q=2955), ROW_102, ROW_201])
    found = roll_finding(root, "fee.roll-amount-mismatch")
    assert [(w.cell, w.value) for w in found.writes()] == [("G6", 250.0), ("Q6", 3000.0)]
    assert shown(found)[0] == "250"
    assert "¥3,000.00" in shown(found, "zh-Hant")[1]
    assert_accepting_clears(root, found, period=YEAR)


def test_a_month_left_empty_suggests_the_receipts_amount(tmp_path: Path) -> None:
    from tests.rules.test_fees_suggestions import assert_accepting_clears

    # December paid by NO.002 but left empty (or 空置); the total already wrong is left to its own finding
    for n, december in enumerate((None, "空置")):
        root = office(tmp_path / str(n), rows=[ROW_1501, changed(ROW_101, P=december, Q=2750), ROW_102, ROW_201])
        found = roll_finding(root, "fee.roll-unposted")
        assert [(w.cell, w.value) for w in found.writes()] == [("P6", 250.0), ("Q6", 3000.0)]
        assert_accepting_clears(root, found, period=YEAR)


def test_a_typed_total_suggests_the_months_sum_and_the_arrears_nothing(tmp_path: Path) -> None:
    from tests.rules.test_fees_suggestions import assert_accepting_clears

    root = office(tmp_path, rows=[changed(ROW_1501, Q=447.5), ROW_101, ROW_102, ROW_201])
    found = roll_finding(root, "fee.roll-total-wrong")
    assert [(w.cell, w.value) for w in found.writes()] == [("Q5", 671.25)]
    assert_accepting_clears(root, found, period=YEAR)
    # arrears neither of the year nor up to November: up to which month the clerk meant is not known
    arrears = roll_finding(office(tmp_path / "arrears", rows=[changed(ROW_1501, R=2000), ROW_101, ROW_102, ROW_201]),
                           "fee.roll-total-wrong")
    assert arrears.suggestion is None


def test_a_roll_payment_without_a_receipt_suggests_nothing(tmp_path: Path) -> None:
    root = office(tmp_path, rows=[changed(ROW_1501, H=223.75, Q=895, R=1566.25), ROW_101, ROW_102, ROW_201])
    assert roll_finding(root, "fee.roll-unreceipted").suggestion is None
