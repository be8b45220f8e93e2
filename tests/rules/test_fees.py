"""``fee.*`` rules of the fee ledger (4.8): items, prices, receipt series, daily cash, expenditure, cash counts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registers.i18n import render_message
from registers.rules import catalogue
from tests.support.helpers import flat, make_office, run_check

FEE_RULES = (
    "fee.unknown-item", "fee.price-mismatch", "fee.receipt-gap", "fee.not-cleared",
    "fee.handover-late", "fee.large-not-reported", "fee.unapproved-expense", "fee.cash-count-mismatch",
)

# receipts: A 收据号  B 收款日期  C 房号  D 收费项目  E 所属期间  F 月数  G 数量  H 金额  I 收款方式  J 收款人  K 状态
R_HEAD = ["收据号", "收款日期", "房号", "收费项目", "所属期间", "月数", "数量", "金额", "收款方式", "收款人", "状态"]
S_HEAD = ["收费项目", "类别", "计费方式", "单价", "生效日期", "失效日期"]
# handover: A 日期  B 收款人  C 现金上交  D 上交时间  E 接收人  F 大额已报
H_HEAD = ["日期", "收款人", "现金上交", "上交时间", "接收人", "大额已报"]
# expenditures: A 日期  B 凭证号  C 支出类别  D 金额  E 付款方式  F 经办人  G 审批人
E_HEAD = ["日期", "凭证号", "支出类别", "金额", "付款方式", "经办人", "审批人"]
# cash counts: A 盘点时间  B 盘点金额  C 盘点人
C_HEAD = ["盘点时间", "盘点金额", "盘点人"]

SCHEDULE: list[list[Any]] = [
    ["物业服务费", "物业服务费", "按面积", 2.50, None, None],
    ["停车费", "其他", "按户", 150, None, None],
    ["水费", "代收代缴", "按用量", 3.50, None, None],
    ["装修管理费", "装修管理费", "按次", 500, None, None],
]
UNITS: list[list[Any]] = [["房号", "业主姓名", "建筑面积"], ["3-2-1501", "王五", 89.5], ["1-1-101", "李四", 100]]

# 2.50 × 89.5 m² × 3 months = 671.25
FEE_OK: list[Any] = ["NO.0001001", "2026-11-03 09:00", "3-2-1501", "物业服务费", "2026.10-2026.12", None, None, 671.25,
                    "现金", "王芳", "正常"]
PARKING: list[Any] = ["NO.0001002", "2026-11-03 10:00", "1-1-101", "停车费", "2026-11", None, None, 150, "微信", "王芳", "正常"]
HANDED_OK: list[Any] = ["2026-11-03", "王芳", 671.25, "2026-11-03 17:30", "张会计", "否"]


def receipt(no: str, **kw: Any) -> list[Any]:
    """A receipt row like ``FEE_OK`` with some cells changed (by header label)."""
    row = list(FEE_OK)
    row[0] = no
    for label, value in kw.items():
        row[R_HEAD.index(label)] = value
    return row


def office(
    tmp_path: Path,
    receipts: Sequence[Sequence[Any]] = (FEE_OK, PARKING),
    handover: Sequence[Sequence[Any]] = (HANDED_OK,),
    expenditures: Sequence[Sequence[Any]] = (),
    counts: Sequence[Sequence[Any]] | None = None,
    schedule: Sequence[Sequence[Any]] = SCHEDULE,
    config: str | None = None,
) -> Path:
    sheets: dict[str, list[Sequence[Any]]] = {
        "收费明细": [R_HEAD, *receipts],
        "收费标准": [S_HEAD, *schedule],
        "日结上交": [H_HEAD, *handover],
        "支出明细": [E_HEAD, *expenditures],
    }
    if counts is not None:
        sheets["现金盘点"] = [C_HEAD, *counts]
    return make_office(tmp_path / "office", {"收费台账.xlsx": sheets, "业主档案.xlsx": {"业主档案": UNITS}}, config)


def fee_findings(root: Path, rules: str | Sequence[str] = FEE_RULES, **kw: Any) -> set[tuple[Any, ...]]:
    report = run_check(root, select=list(FEE_RULES), **kw)
    return flat(report.findings, rules=rules)


def findings_of(root: Path, rule_id: str, **kw: Any) -> list[Any]:
    return [f for f in run_check(root, select=[rule_id], **kw).findings if f.rule == rule_id]


# ---------------------------------------------------------------- the clean ledger


def test_clean_ledger_has_no_fee_findings(tmp_path: Path) -> None:
    assert fee_findings(office(tmp_path)) == set()


def test_catalogue_declares_every_fee_rule_in_three_languages() -> None:
    rules = catalogue()
    for rule_id in FEE_RULES:
        r = rules[rule_id]
        assert r.doc
        placeholders = {lang: set(re.findall(r"{(\w+)}", r.message[lang])) for lang in ("zh-Hans", "zh-Hant", "en")}
        assert placeholders["zh-Hans"] == placeholders["zh-Hant"] == placeholders["en"], rule_id
        assert set(r.title) == {"zh-Hans", "zh-Hant", "en"}
        assert r.message["zh-Hant"] != r.message["zh-Hans"], rule_id


# ---------------------------------------------------------------- fee.unknown-item


def test_item_not_on_schedule_is_reported(tmp_path: Path) -> None:
    root = office(tmp_path, receipts=[FEE_OK, receipt("NO.0001002", 收费项目="清洁费", 金额=20, 收款方式="微信")])
    assert fee_findings(root, "fee.unknown-item") == {("fee.unknown-item", "收费明细", 3, "D")}


def test_traditional_and_spaced_item_names_match_the_schedule(tmp_path: Path) -> None:
    root = office(tmp_path, receipts=[receipt("NO.0001001", 收费项目="物業 服務費"), PARKING])
    assert fee_findings(root) == set()


def test_item_outside_its_schedule_dates_is_unknown(tmp_path: Path) -> None:
    schedule = [*SCHEDULE[1:], ["物业服务费", "物业服务费", "按面积", 2.50, "2025-01-01", "2026-10-31"]]
    root = office(tmp_path, schedule=schedule)
    assert fee_findings(root, "fee.unknown-item") == {("fee.unknown-item", "收费明细", 2, "D")}


def test_price_taken_from_the_schedule_row_in_force_that_day(tmp_path: Path) -> None:
    schedule = [
        *SCHEDULE[1:],
        ["物业服务费", "物业服务费", "按面积", 2.00, "2025-01-01", "2026-10-31"],
        ["物业服务费", "物业服务费", "按面积", 2.50, "2026-11-01", None],
    ]
    assert fee_findings(office(tmp_path, schedule=schedule)) == set()
    # a receipt priced at the old rate in November is wrong: 2.00 × 89.5 × 3 = 537.00
    old = receipt("NO.0001001", 金额=537)
    root = office(tmp_path / "b", receipts=[old, PARKING], handover=[["2026-11-03", "王芳", 537, None, "张会计", "否"]],
                  schedule=schedule)
    assert fee_findings(root) == {("fee.price-mismatch", "收费明细", 2, "H")}


def test_voided_receipt_with_unknown_item_is_not_a_charge(tmp_path: Path) -> None:
    void = receipt("NO.0001003", 收费项目="清洁费", 金额=20, 收款方式="微信", 状态="作废")
    root = office(tmp_path, receipts=[FEE_OK, PARKING, void])
    assert fee_findings(root) == set()


def test_no_fee_schedule_reports_no_item_or_price(tmp_path: Path) -> None:
    root = office(tmp_path, schedule=[])
    assert fee_findings(root, ("fee.unknown-item", "fee.price-mismatch")) == set()


# ---------------------------------------------------------------- fee.price-mismatch


def test_amount_beyond_the_tolerance_is_reported(tmp_path: Path) -> None:
    wrong = receipt("NO.0001001", 金额=671.27)
    root = office(tmp_path, receipts=[wrong, PARKING], handover=[["2026-11-03", "王芳", 671.27, None, "张会计", "否"]])
    assert fee_findings(root) == {("fee.price-mismatch", "收费明细", 2, "H")}
    (f,) = findings_of(root, "fee.price-mismatch")
    assert f.args["expected_fen"] == 67125 and f.args["amount_fen"] == 67127
    assert f.args["price_fen"] == 250 and f.args["quantity"] == 89.5 and f.args["months"] == 3
    assert f.key == "NO.0001001"
    assert "¥671.25" in render_message(f) and "¥671.27" in render_message(f)


def test_amount_just_inside_the_tolerance_is_fine(tmp_path: Path) -> None:
    close = receipt("NO.0001001", 金额=671.26)
    root = office(tmp_path, receipts=[close, PARKING], handover=[["2026-11-03", "王芳", 671.26, None, "张会计", "否"]])
    assert fee_findings(root) == set()


def test_tolerance_comes_from_the_config(tmp_path: Path) -> None:
    close = receipt("NO.0001001", 金额=671.30)
    root = office(tmp_path, receipts=[close, PARKING], handover=[["2026-11-03", "王芳", 671.30, None, "张会计", "否"]],
                  config="[limits]\namount_tolerance = 0.05\n")
    assert fee_findings(root) == set()


def test_months_column_wins_over_period_and_quantity_over_area(tmp_path: Path) -> None:
    # 2.50 × 80 m² × 2 months = 400.00, despite the three-month period and the archive's 89.5 m²
    row = receipt("NO.0001001", 月数=2, 数量=80, 金额=400)
    root = office(tmp_path, receipts=[row, PARKING], handover=[["2026-11-03", "王芳", 400, None, "张会计", "否"]])
    assert fee_findings(root) == set()


def test_per_unit_and_metered_items(tmp_path: Path) -> None:
    rows = [
        FEE_OK,
        PARKING,  # 按户, no quantity: 150 × 1 × 1
        receipt("NO.0001003", 收费项目="水费", 所属期间=None, 数量="12吨", 金额=42, 收款方式="微信"),
        receipt("NO.0001004", 收费项目="水费", 所属期间=None, 数量=None, 金额=99, 收款方式="微信"),  # unknown usage
        receipt("NO.0001005", 收费项目="装修管理费", 所属期间=None, 金额=500, 收款方式="微信"),
        receipt("NO.0001006", 收费项目="停车费", 所属期间="2026.11-2027.1", 金额=400, 收款方式="微信"),  # 450 due
    ]
    root = office(tmp_path, receipts=rows)
    assert fee_findings(root) == {("fee.price-mismatch", "收费明细", 7, "H")}


def test_with_two_schedule_rows_in_force_either_price_will_do(tmp_path: Path) -> None:
    """An old rate left open beside a new one: a receipt at either is fine; at neither, it is reported
    against the rate most recently in force."""
    schedule = [
        *SCHEDULE[1:],
        ["物业服务费", "物业服务费", "按面积", 2.00, "2025-01-01", None],  # 2.00 × 89.5 × 3 = 537.00
        ["物业服务费", "物业服务费", "按面积", 2.50, "2026-11-01", None],  # 671.25
    ]
    rows = [
        FEE_OK,
        PARKING,
        receipt("NO.0001003", 金额=537, 收款方式="微信"),
        receipt("NO.0001004", 金额=600, 收款方式="微信"),
    ]
    root = office(tmp_path, receipts=rows, schedule=schedule)
    assert fee_findings(root, "fee.price-mismatch") == {("fee.price-mismatch", "收费明细", 5, "H")}
    (f,) = findings_of(root, "fee.price-mismatch")
    assert f.args["price_fen"] == 250 and f.args["expected_fen"] == 67125 and f.args["amount_fen"] == 60000


def test_area_item_for_a_unit_not_in_the_archive_is_not_guessed(tmp_path: Path) -> None:
    row = receipt("NO.0001001", 房号="9-9-909", 金额=1)
    root = office(tmp_path, receipts=[row, PARKING], handover=[["2026-11-03", "王芳", 1, None, "张会计", "否"]])
    assert fee_findings(root) == set()


def test_refunds_and_voided_receipts_are_not_priced(tmp_path: Path) -> None:
    refund = receipt("NO.0001003", 金额=-100, 收款方式="微信")
    void = receipt("NO.0001004", 金额=1, 收款方式="微信", 状态="作废")
    root = office(tmp_path, receipts=[FEE_OK, PARKING, refund, void])
    assert fee_findings(root) == set()


def test_unreadable_amount_is_a_bad_value_not_a_fee_finding(tmp_path: Path) -> None:
    bad = receipt("NO.0001001", 金额="？")
    root = office(tmp_path, receipts=[bad, PARKING])
    report = run_check(root, select=[*FEE_RULES, "input.bad-value"])
    assert flat(report.findings) == {("input.bad-value", "收费明细", 2, "H")}


# ---------------------------------------------------------------- fee.receipt-gap


def test_missing_numbers_are_reported_at_the_next_receipt(tmp_path: Path) -> None:
    rows = [FEE_OK, PARKING, receipt("NO.0001005", 收款方式="微信")]
    root = office(tmp_path, receipts=rows)
    assert fee_findings(root, "fee.receipt-gap") == {("fee.receipt-gap", "收费明细", 4, "A")}
    (f,) = findings_of(root, "fee.receipt-gap")
    assert f.args == {"first": "NO.0001003", "last": "NO.0001004", "count": 2}
    assert f.key == "NO.0001005"


def test_one_missing_number_is_named_alone(tmp_path: Path) -> None:
    """Not "缺少 NO.0001003 至 NO.0001003，共 1 张" (issue 23)."""
    root = office(tmp_path, receipts=[FEE_OK, PARKING, receipt("NO.0001004", 收款方式="微信")])
    (f,) = findings_of(root, "fee.receipt-gap")
    assert f.args == {"first": "NO.0001003", "last": "NO.0001003", "count": 1}
    assert render_message(f) == "收据 NO.0001004 之前缺少 NO.0001003；作废的收据也须保留并登记为“作废”。"
    assert render_message(f, "en").startswith("Receipt number NO.0001003 is missing before NO.0001004")
    assert "至" not in render_message(f, "zh-Hant")


def test_voided_receipts_fill_their_numbers(tmp_path: Path) -> None:
    rows = [
        FEE_OK, PARKING,
        receipt("NO.0001003", 金额=None, 收款方式="微信", 状态="作废"),
        receipt("no.0001004", 金额=None, 收款方式="微信", 状态="已作废"),  # prefix case does not matter
        receipt("NO.0001005", 收款方式="微信"),
    ]
    root = office(tmp_path, receipts=rows)
    assert fee_findings(root, "fee.receipt-gap") == set()


def test_series_with_different_prefixes_do_not_mix(tmp_path: Path) -> None:
    rows = [
        FEE_OK, PARKING,
        receipt("A-1003", 收款方式="微信"),
        receipt("0001004", 收款方式="微信"),
        receipt("A-1004", 收款方式="微信"),
    ]
    root = office(tmp_path, receipts=rows)
    assert fee_findings(root, "fee.receipt-gap") == set()


def test_gap_is_reported_only_when_the_next_receipt_is_in_the_period(tmp_path: Path) -> None:
    rows = [
        receipt("NO.0000900", 收款日期="2026-10-10", 收款方式="微信"),
        receipt("NO.0000950", 收款日期="2026-10-20", 收款方式="微信"),  # gap inside October: not this period
        FEE_OK,  # NO.0001001: 50 missing before it (951..1000), reported once
        PARKING,
    ]
    root = office(tmp_path, receipts=rows)
    assert fee_findings(root, "fee.receipt-gap") == {("fee.receipt-gap", "收费明细", 4, "A")}
    (f,) = findings_of(root, "fee.receipt-gap")
    assert f.args["count"] == 50


# ---------------------------------------------------------------- fee.not-cleared


def test_cash_short_at_handover_is_reported(tmp_path: Path) -> None:
    root = office(tmp_path, handover=[["2026-11-03", "王芳", 600, "2026-11-03 17:30", "张会计", "否"]])
    assert fee_findings(root) == {("fee.not-cleared", "日结上交", 2, "C")}
    (f,) = findings_of(root, "fee.not-cleared")
    assert f.key == "王芳" and str(f.date) == "2026-11-03"
    assert f.args["expected_fen"] == 67125 and f.args["handed_fen"] == 60000 and f.args["difference_fen"] == -7125
    assert render_message(f) == ("2026-11-03 王芳 现金收款 ¥671.25，日结上交 ¥600.00，差额 -¥71.25。"
                                 "当日现金须当日全额上交：请查明差额，补交或更正台账。")
    assert "現金收款" in render_message(f, "zh-Hant")
    assert "handed over ¥600.00" in render_message(f, "en")


def test_cash_within_tolerance_is_cleared(tmp_path: Path) -> None:
    root = office(tmp_path, handover=[["2026-11-03", "王 芳", 671.24, "2026-11-03 17:30", "张会计", "否"]])
    assert fee_findings(root) == set()


def test_cash_with_no_handover_row_points_at_the_days_first_cash_receipt(tmp_path: Path) -> None:
    """Its cashier cell (J2), not the sheet alone, which opened the title row (issue 23)."""
    root = office(tmp_path, handover=[])
    assert fee_findings(root) == {("fee.not-cleared", "收费明细", 2, "J")}
    (f,) = findings_of(root, "fee.not-cleared")
    assert f.file == "收费台账.xlsx" and f.key == "王芳" and f.args["handed_fen"] == 0


def test_cash_handed_with_no_cash_receipts_is_a_mismatch(tmp_path: Path) -> None:
    handover = [HANDED_OK, ["2026-11-04", "李明", 100, "2026-11-04 17:00", "张会计", "否"]]
    root = office(tmp_path, handover=handover)
    assert fee_findings(root) == {("fee.not-cleared", "日结上交", 3, "C")}


def test_handover_rows_of_a_day_are_summed(tmp_path: Path) -> None:
    handover = [
        ["2026-11-03", "王芳", 600, "2026-11-03 12:00", "张会计", "否"],
        ["2026-11-03", "王芳", 71.25, "2026-11-03 17:30", "张会计", "否"],
    ]
    assert fee_findings(office(tmp_path, handover=handover)) == set()


def test_voided_cash_receipt_is_not_money_to_hand_over(tmp_path: Path) -> None:
    void = receipt("NO.0001003", 金额=671.25, 状态="作废")
    assert fee_findings(office(tmp_path, receipts=[FEE_OK, PARKING, void])) == set()


def test_a_day_not_yet_over_is_not_judged(tmp_path: Path) -> None:
    root = office(tmp_path, handover=[])
    assert fee_findings(root, as_of="2026-11-03 20:00") == set()
    assert fee_findings(root, as_of="2026-11-03 23:58") == set()
    assert len(fee_findings(root, as_of="2026-11-04 00:00")) == 1


def test_unreadable_handover_amount_is_not_judged(tmp_path: Path) -> None:
    root = office(tmp_path, handover=[["2026-11-03", "王芳", "？", "2026-11-03 17:30", "张会计", "否"]])
    report = run_check(root, select=[*FEE_RULES, "input.bad-value"])
    assert flat(report.findings) == {("input.bad-value", "日结上交", 2, "C")}


# ---------------------------------------------------------------- fee.handover-late


def test_cash_handed_the_next_day_is_late(tmp_path: Path) -> None:
    root = office(tmp_path, handover=[["2026-11-03", "王芳", 671.25, "2026-11-04 08:30", "张会计", "否"]])
    assert fee_findings(root) == {("fee.handover-late", "日结上交", 2, "D")}
    (f,) = findings_of(root, "fee.handover-late")
    assert f.key == "王芳" and str(f.date) == "2026-11-03"


def test_cash_handed_late_the_same_evening_is_on_time(tmp_path: Path) -> None:
    root = office(tmp_path, handover=[["2026-11-03", "王芳", 671.25, "2026-11-03 23:59", "张会计", "否"]])
    assert fee_findings(root) == set()


# ---------------------------------------------------------------- fee.large-not-reported


def large(no: str, amount: float, **kw: Any) -> list[Any]:
    return receipt(no, 收费项目="装修管理费", 所属期间=None, 数量=amount / 500, 金额=amount, 收款方式="转账", **kw)


def test_large_receipt_without_report_is_reported(tmp_path: Path) -> None:
    root = office(tmp_path, receipts=[FEE_OK, PARKING, large("NO.0001003", 5000)])
    assert fee_findings(root) == {("fee.large-not-reported", "收费明细", 4, "H")}
    (f,) = findings_of(root, "fee.large-not-reported")
    assert f.key == "NO.0001003" and f.args["limit_fen"] == 500000


def test_large_receipt_reported_that_day_is_fine(tmp_path: Path) -> None:
    handover = [["2026-11-03", "王芳", 671.25, "2026-11-03 17:30", "张会计", "是"]]
    root = office(tmp_path, receipts=[FEE_OK, PARKING, large("NO.0001003", 5000)], handover=handover)
    assert fee_findings(root) == set()


def test_just_under_the_large_amount_needs_no_report(tmp_path: Path) -> None:
    schedule = [*SCHEDULE, ["押金", "押金", "按次", 4999.99, None, None]]
    row = receipt("NO.0001003", 收费项目="押金", 所属期间=None, 金额=4999.99, 收款方式="转账")
    root = office(tmp_path, receipts=[FEE_OK, PARKING, row], schedule=schedule)
    assert fee_findings(root) == set()


def test_large_amount_comes_from_the_config_and_voids_are_skipped(tmp_path: Path) -> None:
    rows = [FEE_OK, PARKING, large("NO.0001003", 5000, 状态="作废")]
    assert fee_findings(office(tmp_path, receipts=rows)) == set()
    root = office(tmp_path / "b", config="[limits]\nlarge_receipt = 600\n")
    assert fee_findings(root) == {("fee.large-not-reported", "收费明细", 2, "H")}


def test_large_receipt_of_a_day_with_no_handover_row(tmp_path: Path) -> None:
    rows = [FEE_OK, PARKING, large("NO.0001003", 5000, 收款日期="2026-11-05 10:00")]
    root = office(tmp_path, receipts=rows)
    assert fee_findings(root) == {("fee.large-not-reported", "收费明细", 4, "H")}


# ---------------------------------------------------------------- fee.unapproved-expense


def test_expenditure_without_approver_is_reported(tmp_path: Path) -> None:
    spent = [
        ["2026-11-05", "ZC-001", "办公用品", 50, "转账", "赵六", "刘经理"],
        ["2026-11-06", "ZC-002", "维修材料", 80, "转账", "赵六", None],
        ["2026-11-07", "ZC-003", "维修材料", 80, "转账", "赵六", "无"],
        ["2026-10-07", "ZC-000", "维修材料", 80, "转账", "赵六", None],  # another month
    ]
    root = office(tmp_path, expenditures=spent)
    report = run_check(root, select=[*FEE_RULES, "input.missing-value"])
    assert flat(report.findings) == {
        ("fee.unapproved-expense", "支出明细", 3, "G"),
        ("fee.unapproved-expense", "支出明细", 4, "G"),
    }
    f = next(f for f in report.findings if f.row == 3)
    assert f.key == "ZC-002" and "¥80.00" in render_message(f)


# ---------------------------------------------------------------- fee.cash-count-mismatch


def test_cash_count_matches_the_cash_box(tmp_path: Path) -> None:
    counts = [
        ["2026-11-03 12:00", 671.25, "张会计"],  # after the 09:00 cash receipt
        ["2026-11-03 18:00", 0, "张会计"],  # after the 17:30 handover
    ]
    assert fee_findings(office(tmp_path, counts=counts)) == set()


def test_cash_count_short_is_reported(tmp_path: Path) -> None:
    root = office(tmp_path, counts=[["2026-11-03 12:00", 600, "张会计"]])
    assert fee_findings(root) == {("fee.cash-count-mismatch", "现金盘点", 2, "B")}
    (f,) = findings_of(root, "fee.cash-count-mismatch")
    assert f.args["expected_fen"] == 67125 and f.args["counted_fen"] == 60000 and f.args["difference_fen"] == -7125


def test_cash_count_within_tolerance(tmp_path: Path) -> None:
    root = office(tmp_path, counts=[["2026-11-03 12:00", 671.24, "张会计"]])
    assert fee_findings(root) == set()


def test_cash_count_with_float_expenditure_and_untimed_handover(tmp_path: Path) -> None:
    handover = [["2026-11-03", "王芳", 671.25, None, "张会计", "否"]]  # handed at the end of the day
    spent = [
        ["2026-11-03", "ZC-001", "办公用品", 30, None, "赵六", "刘经理"],  # cash by default
        ["2026-11-03", "ZC-002", "办公用品", 999, "转账", "赵六", "刘经理"],  # not cash
    ]
    counts = [
        ["2026-11-03 20:00", 500 + 671.25 - 30, "张会计"],
        ["2026-11-04 09:00", 470, "张会计"],
        ["2026-11-04 10:00", 400, "张会计"],  # short by 70
    ]
    config = "opening_balance = 12345.00\n[limits]\nopening_float = 500\n"
    root = office(tmp_path, handover=handover, expenditures=spent, counts=counts, config=config)
    assert fee_findings(root) == {("fee.cash-count-mismatch", "现金盘点", 4, "B")}


def test_cash_count_with_an_unreadable_cash_amount_before_it_is_not_judged(tmp_path: Path) -> None:
    rows = [receipt("NO.0001001", 金额="？"), PARKING]
    root = office(tmp_path, receipts=rows, handover=[], counts=[["2026-11-03 12:00", 1, "张会计"]])
    assert fee_findings(root) == set()


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_every_message_renders_without_leftover_fields(tmp_path: Path, lang: str) -> None:
    rows = [
        receipt("NO.0001001", 金额=671.27),
        receipt("NO.0001004", 收费项目="清洁费", 金额=20, 收款方式="微信"),
        large("NO.0001005", 5000),
    ]
    handover = [["2026-11-03", "王芳", 600, "2026-11-04 08:00", "张会计", "否"]]
    spent = [["2026-11-06", "ZC-002", "维修材料", 80, "转账", "赵六", None]]
    counts = [["2026-11-03 12:00", 1, "张会计"]]
    root = office(tmp_path, receipts=rows, handover=handover, expenditures=spent, counts=counts)
    report = run_check(root, select=list(FEE_RULES))
    assert {f.rule for f in report.findings} == set(FEE_RULES)
    for f in report.findings:
        text = render_message(f, lang)
        assert "{" not in text and "None" not in text, text


def test_choice_keys_of_a_column_read_from_several_sheets() -> None:
    """A frame concatenated from month sheets holds its text in several Arrow chunks."""
    import pandas as pd

    from registers.views.fees import choice_key

    one = pd.Series(pd.array(["物業服務費", None], dtype="string"))
    two = pd.Series(pd.array([" 水 费", "物业服务费"], dtype="string"))
    joined = pd.concat([one, two], ignore_index=True)
    assert choice_key(joined).tolist() == ["物业服务费", pd.NA, "水费", "物业服务费"]
    assert choice_key(joined.sort_values()).tolist() == ["水费", "物业服务费", "物业服务费", pd.NA]


def _bare_office(frames: dict[str, Any]) -> Any:
    from registers.core.period import Period
    from registers.core.settings import Settings
    from registers.office.load import Office

    office = Office(root=Path("."), settings=Settings(), period=Period(date(2026, 1, 1), date(2026, 12, 31)),
                    as_of=datetime(2026, 12, 31, 23, 59))
    office.frames.update(frames)
    return office


_ITEMS = ["物业服务费", "物業服務費", "停车费", " 水 费", "水费", "装修管理费", "未列项目"]
_DAYS = [None, "2026-01-01", "2026-03-01", "2026-03-02", "2026-06-30", "2026-12-31"]


@settings(max_examples=150, deadline=None)
@given(
    schedule=st.lists(st.tuples(st.sampled_from([*_ITEMS, None]), st.sampled_from(_DAYS), st.sampled_from(_DAYS),
                                st.integers(0, 900)), max_size=8),
    rows=st.lists(st.tuples(st.sampled_from([*_ITEMS, None]), st.sampled_from(_DAYS), st.booleans()), max_size=25),
)
@pytest.mark.slow
def test_schedule_matches_are_those_of_a_plain_merge(schedule: list[Any], rows: list[Any]) -> None:
    """Each receipt's schedule rows in force, as a merge on the item's choice key and a date filter gives them
    (receipts in order, a receipt's rows in schedule order; a receipt without a day matches only open rows);
    with a mask, those of the receipts it keeps, as if they alone had been given."""
    import pandas as pd

    from registers.core.spec import KIND_BY_KEY, SCHEDULE
    from registers.io.normalise import empty_frame
    from registers.views.fees import choice_key, schedule_matches

    def days(values: list[Any]) -> pd.Series:
        return pd.Series(pd.to_datetime(pd.Series(values, dtype="object")), dtype="datetime64[us]")

    sched = empty_frame(KIND_BY_KEY[SCHEDULE]).reindex(range(len(schedule)))
    sched["item"] = pd.array([s[0] for s in schedule], dtype="string")
    sched["valid_from"] = days([s[1] for s in schedule])
    sched["valid_to"] = days([s[2] for s in schedule])
    sched["unit_price"] = pd.array([s[3] for s in schedule], dtype="Int64")
    sched["basis"] = pd.array(["按面积"] * len(schedule), dtype="string")
    office = _bare_office({SCHEDULE: sched})
    # an index that is not 0..n-1: rid is the receipts' own index
    receipts = pd.DataFrame({"item": pd.array([r[0] for r in rows], dtype="string"),
                             "day": days([r[1] for r in rows])}, index=[7 * i + 3 for i in range(len(rows))])

    where = np.array([r[2] for r in rows], dtype=bool)
    got = schedule_matches(office, receipts)
    masked = schedule_matches(office, receipts, where=where)
    alone = schedule_matches(office, receipts[where])
    assert masked.to_dict("list") == alone.to_dict("list")

    s = pd.DataFrame({"item_key": choice_key(sched["item"]), "sid": range(len(sched)),
                      "s_price": sched["unit_price"], "s_from": sched["valid_from"], "s_to": sched["valid_to"]})
    left = pd.DataFrame({"rid": receipts.index, "item_key": choice_key(receipts["item"]), "day": receipts["day"]})
    m = left.reset_index(names="pos").merge(s.dropna(subset=["item_key"]), on="item_key")
    ok = ((m["s_from"].isna() | (m["s_from"] <= m["day"])) & (m["s_to"].isna() | (m["day"] <= m["s_to"])))
    want = m[ok.fillna(False).astype(bool)].sort_values(["pos", "sid"])
    assert got["rid"].tolist() == want["rid"].tolist()
    assert got["sid"].tolist() == want["sid"].tolist()
    assert got["s_price"].tolist() == want["s_price"].tolist()
    assert [None if pd.isna(v) else v for v in got["s_from"]] == [None if pd.isna(v) else v for v in want["s_from"]]


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text("NO.A-0129 ٣x", max_size=9),
                          st.integers(0, 10**20).map(lambda i: f"T{i}")), max_size=30))
def test_receipt_series_split_numbers_as_a_regular_expression_does(numbers: list[Any]) -> None:
    """Prefix, number and width of each receipt number as ``^(.*?)(\\d{1,18})$`` reads it (Python's ``re``:
    ٣ is a digit), sorted by prefix and number, a number's first row kept, ``prev`` its series' number before."""
    import pandas as pd

    from registers.core.frames import id_key
    from registers.core.spec import RECEIPTS
    from registers.views.fees import receipt_series

    frame = pd.DataFrame({
        "receipt_no": pd.array(numbers, dtype="string"),
        "_src": pd.array([i % 2 for i in range(len(numbers))], dtype="int64"),
        "_row": pd.array([len(numbers) - i for i in range(len(numbers))], dtype="int64"),
    }, index=[5 * i + 1 for i in range(len(numbers))])
    got = receipt_series(_bare_office({RECEIPTS: frame}), frame)

    want = []
    for rid, no, src, row in zip(frame.index, id_key(frame["receipt_no"]), frame["_src"], frame["_row"], strict=True):
        m = None if pd.isna(no) else re.match(r"^(.*?)(\d{1,18})$", no)
        if m and not m.group(2).endswith("\n"):
            want.append((m.group(1), int(m.group(2)), src, row, rid, len(m.group(2))))
    want.sort()
    kept = [w for i, w in enumerate(want) if i == 0 or w[:2] != want[i - 1][:2]]
    prev = [None if i == 0 or kept[i - 1][0] != w[0] else kept[i - 1][1] for i, w in enumerate(kept)]
    assert list(got.index) == [w[4] for w in kept]
    assert got["prefix"].tolist() == [w[0] for w in kept]
    assert got["n"].tolist() == [w[1] for w in kept]
    assert got["width"].tolist() == [w[5] for w in kept]
    assert [None if pd.isna(p) else int(p) for p in got["prev"]] == prev


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(" \t\n\u3000\xa0\u2028王芳a1", max_size=6)), min_size=1, max_size=8),
       st.integers(1, 1500))
def test_no_spaces_removes_what_python_calls_space(texts: list[Any], repeat: int) -> None:
    """Names and ids compare without any space Python's ``\\s`` knows, in short columns and in long ones of few
    distinct texts (those are rewritten per distinct text)."""
    import pandas as pd

    from registers.core.frames import no_spaces

    column = (texts * repeat)[:max(len(texts), repeat)]
    got = no_spaces(pd.Series(pd.array(column, dtype="string"))).tolist()
    assert got == [pd.NA if v is None else re.sub(r"\s+", "", v) for v in column]


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["王芳", "李强", None]), st.sampled_from([1, 2, 3]),
                          st.one_of(st.none(), st.integers(-500, 500)), st.booleans()), max_size=25))
def test_aggregate_is_pandas_named_aggregation(rows: list[Any]) -> None:
    """core.frames.aggregate gives the very frame of ``groupby(...).agg(name=(column, function))``: values,
    dtypes, index — empty groups and missing amounts included."""
    import pandas as pd

    from registers.core.frames import aggregate

    frame = pd.DataFrame({
        "who": pd.array([r[0] for r in rows], dtype="string"),
        "day": pd.array([r[1] for r in rows], dtype="int64"),
        "amount": pd.array([r[2] for r in rows], dtype="Int64"),
        "unsure": [r[3] for r in rows],
    })
    frame["rid"] = frame.index
    spec = {"total": ("amount", "sum"), "any_unsure": ("unsure", "any"), "all_unsure": ("unsure", "all"),
            "first": ("rid", "first"), "count": ("amount", "size")}
    for keys in (["day", "who"], "day"):
        pd.testing.assert_frame_equal(aggregate(frame.groupby(keys), **spec), frame.groupby(keys).agg(**spec))
