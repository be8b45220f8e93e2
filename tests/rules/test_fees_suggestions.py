"""Suggestions of the ``fee.*`` rules of the fee ledger (4.8): the value each finding's right value follows from
the registers — the posted price, the posted item, the missing receipt numbers — and none where it would be a
guess.  Each accepted on a copy (openpyxl) makes its finding go and brings no new one."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from registers.core.findings import Finding
from registers.i18n import render_suggestion
from tests.rules.test_fees import H_HEAD, R_HEAD, S_HEAD, SCHEDULE, UNITS, receipt
from tests.support.helpers import make_office, run_check
from tests.support.suggest import apply_writes, key, round_trip, touched


def accepted(root: Path, finding: Finding, **kw: Any) -> tuple[set[Any], set[Any]]:
    """Accept ``finding``'s suggestion on a copy of the office: (the findings before, after), as keys — the
    whole check, every rule."""
    copy = Path(tempfile.mkdtemp(dir=root.parent)) / root.name
    shutil.copytree(root, copy)
    round_trip(copy, touched([finding]))
    before = {key(f) for f in run_check(copy, **kw).findings}
    assert key(finding) in before
    apply_writes(copy, finding.writes())
    return before, {key(f) for f in run_check(copy, **kw).findings}


def assert_accepting_clears(root: Path, finding: Finding, **kw: Any) -> None:
    before, after = accepted(root, finding, **kw)
    assert key(finding) not in after, "the suggestion accepted, its finding stayed"
    assert after - before == set(), "accepting the suggestion brought new findings"


def shown(f: Finding, lang: str = "zh-Hans") -> tuple[str, str]:
    """The finding's suggestion as a clerk reads it: (value, reason) in ``lang``."""
    out = render_suggestion(f, lang)
    assert out is not None, f"{f.rule} at {f.address} has no suggestion"
    return out


def only(root: Path, rule_id: str, **kw: Any) -> list[Finding]:
    return [f for f in run_check(root, **kw).findings if f.rule == rule_id]


def ledger(tmp_path: Path, receipts: list[list[Any]], handover: list[list[Any]] | None = None,
           schedule: list[list[Any]] = SCHEDULE, title: str = "阳光花园物业服务中心 收费明细") -> Path:
    """A fee ledger as an office keeps it: a title row above each sheet's header, a 合计 footer."""
    return make_office(tmp_path / "office", {
        "收费台账.xlsx": {
            "收费明细": [[title], R_HEAD, *receipts, ["合计"]],
            "收费标准": [["收费标准（明码标价）"], S_HEAD, *schedule],
            "日结上交": [["日结上交登记"], H_HEAD, *(handover or [])],
        },
        "业主档案.xlsx": {"业主档案": UNITS},
    })


# ---------------------------------------------------------------- fee.price-mismatch


def test_a_price_mismatch_suggests_the_posted_price_times_area_times_months(tmp_path: Path) -> None:
    # 2.50 × 89.5 m² × 3 months = 671.25; typed 600 by a bank transfer no statement pairs (none kept)
    root = ledger(tmp_path, [receipt("NO.0001001", 金额=600, 收款方式="转账")])
    [f] = only(root, "fee.price-mismatch")
    assert f.suggestion is not None and f.writes()[0].value == 671.25
    value, reason = shown(f)
    assert value == "671.25" and "¥2.50" in reason and "89.5" in reason and "3 个月" in reason
    assert "¥2.50" in shown(f, "en")[1]
    assert_accepting_clears(root, f)


def test_a_price_mismatch_of_cash_handed_over_that_day_suggests_nothing(tmp_path: Path) -> None:
    # the 600 in cash is on record in the cashier's handover: the amount or the months may be wrong
    root = ledger(tmp_path, [receipt("NO.0001001", 金额=600)],
                  handover=[["2026-11-03", "王芳", 600, "2026-11-03 17:30", "张会计", "否"]])
    [f] = only(root, "fee.price-mismatch")
    assert f.suggestion is None


def test_a_price_mismatch_two_schedule_rows_price_differently_suggests_nothing(tmp_path: Path) -> None:
    two = [*SCHEDULE, ["物业服务费", "物业服务费", "按面积", 2.80, "2026-11-01", None]]
    root = ledger(tmp_path, [receipt("NO.0001001", 金额=600, 收款方式="转账")], schedule=two)
    [f] = only(root, "fee.price-mismatch")
    assert f.suggestion is None


# ---------------------------------------------------------------- fee.unknown-item


def test_an_unknown_item_suggests_the_one_posted_item_it_nearly_names(tmp_path: Path) -> None:
    # 物業費 (Traditional, the everyday short name) names 物业服务费 only; 停車費用 names 停车费
    root = ledger(tmp_path, [receipt("NO.0001001", 收费项目="物業費", 收款方式="转账"),
                             receipt("NO.0001002", 收费项目="停車費用", 收款方式="转账", 房号="1-1-101",
                                     所属期间="2026-11", 金额=150)])
    found = {f.args["item"]: f for f in only(root, "fee.unknown-item")}
    assert {v: f.suggestion and f.suggestion.value for v, f in found.items()} == {
        "物業費": "物业服务费", "停車費用": "停车费"}
    assert "停车费" in shown(found["停車費用"], "zh-Hant")[1]
    for f in found.values():
        assert_accepting_clears(root, f)


def test_an_unknown_item_near_no_posted_item_or_several_suggests_nothing(tmp_path: Path) -> None:
    # 垃圾清运费 is near nothing posted; 停车位管理费 contains both posted 停车费 and 车位管理费
    schedule = [*SCHEDULE, ["车位管理费", "其他", "按户", 80, None, None]]
    root = ledger(tmp_path, [receipt("NO.0001001", 收费项目="垃圾清运费", 金额=50, 收款方式="转账"),
                             receipt("NO.0001002", 收费项目="停车位管理费", 金额=50, 收款方式="转账")],
                  schedule=schedule)
    found = only(root, "fee.unknown-item")
    assert len(found) == 2 and all(f.suggestion is None for f in found)


def test_an_unknown_item_is_not_matched_to_an_item_no_longer_in_force(tmp_path: Path) -> None:
    ended = [*SCHEDULE, ["停车管理费", "其他", "按户", 150, None, "2026-06-30"]]
    root = ledger(tmp_path, [receipt("NO.0001001", 收费项目="停车管理", 金额=150, 收款方式="转账")],
                  schedule=[r for r in ended if r[0] != "停车费"])
    [f] = only(root, "fee.unknown-item")
    assert f.suggestion is None


# ---------------------------------------------------------------- fee.receipt-gap


def test_a_receipt_gap_names_the_missing_numbers_with_nothing_to_type(tmp_path: Path) -> None:
    root = ledger(tmp_path, [receipt("NO.0001001", 收款方式="转账"),
                             receipt("NO.0001004", 收款方式="转账", 收款日期="2026-11-04 09:00")])
    [f] = only(root, "fee.receipt-gap")
    assert f.suggestion is not None and f.suggestion.value == "NO.0001002、NO.0001003"
    assert f.writes() == ()
    assert "作废" in shown(f, "en")[1]


# ---------------------------------------------------------------- fee.not-cleared


PARKED = receipt("NO.0001000", 收款日期="2026-11-02 10:00", 房号="1-1-101", 收费项目="停车费", 所属期间="2026-11", 金额=150)
HANDED_2ND = ["2026-11-02", "王芳", 150, "2026-11-02 17:30", "张会计", "否"]


def test_a_day_of_cash_with_no_handover_row_suggests_the_row_to_add(tmp_path: Path) -> None:
    # 王芳 handed over the 2nd's cash; of the 3rd's 671.25 in cash the handover sheet has no row
    root = ledger(tmp_path, [PARKED, receipt("NO.0001001")], handover=[HANDED_2ND])
    [f] = only(root, "fee.not-cleared")
    assert (f.sheet, f.row, f.column) == ("收费明细", 4, "J")  # the cashier of the day's first cash receipt
    # title row 1, header row 2, the 2nd's row 3: the row to add is 4 (上交时间 empty: that day; 大额已报 unknown)
    assert [(w.sheet, w.cell, w.value) for w in f.writes()] == [
        ("日结上交", "A4", datetime(2026, 11, 3)), ("日结上交", "B4", "王芳"), ("日结上交", "C4", 671.25),
        ("日结上交", "E4", "张会计")]
    value, reason = shown(f)
    assert value == "2026-11-03 | 王芳 | 671.25 | 张会计" and "第 4 行" in reason and "¥671.25" in reason
    assert "row 4" in shown(f, "en")[1] and "補登" in shown(f, "zh-Hant")[1]
    assert_accepting_clears(root, f)


def test_no_handover_row_is_suggested_where_a_cell_of_it_is_not_known_or_the_count_says_the_cash_is_there(
        tmp_path: Path) -> None:
    # two receivers: who received the 3rd's cash is not known
    two = ledger(tmp_path / "two", [PARKED, receipt("NO.0001001")],
                 handover=[HANDED_2ND, ["2026-11-01", "王芳", 0, None, "李会计", "否"]])
    # the next morning's cash count agrees with the books as they are: the cash is still in the box
    counted = make_office(tmp_path / "counted" / "office", {
        "收费台账.xlsx": {"收费明细": [R_HEAD, PARKED, receipt("NO.0001001")], "日结上交": [H_HEAD, HANDED_2ND],
                       "收费标准": [S_HEAD, *SCHEDULE], "现金盘点": [["盘点时间", "盘点金额", "盘点人"],
                                                                ["2026-11-04 08:30", 671.25, "张会计"]]},
        "业主档案.xlsx": {"业主档案": UNITS}})
    # a handover row of the day whose amount differs: the difference is what must be looked into
    short = ledger(tmp_path / "short", [PARKED, receipt("NO.0001001")],
                   handover=[HANDED_2ND, ["2026-11-03", "王芳", 600, None, "张会计", "否"]])
    # a 制表人 footer right under the handover rows: accepting would write over it (a row cannot be inserted)
    footed = make_office(tmp_path / "footed" / "office", {
        "收费台账.xlsx": {"收费明细": [R_HEAD, PARKED, receipt("NO.0001001")],
                       "日结上交": [H_HEAD, HANDED_2ND, ["制表人：张会计"]], "收费标准": [S_HEAD, *SCHEDULE]},
        "业主档案.xlsx": {"业主档案": UNITS}})
    for root in (two, counted, short, footed):
        [f] = only(root, "fee.not-cleared")
        assert f.suggestion is None, root


def test_a_price_mismatch_whose_months_the_roll_shows_paid_suggests_nothing(tmp_path: Path) -> None:
    from tests.rules import test_roll as roll

    # 1-1-101's year is 12 × 250 = 3000 on the schedule; the receipt says 2900 and the roll shows each month paid:
    # the receipt's amount or the roll's months may be the slip
    receipts = [r if r[0] != "NO.002" else [*r[:7], 2900, *r[8:]] for r in roll.RECEIPTS]
    root = roll.office(tmp_path, receipts=receipts)
    [f] = [f for f in roll.check_year(root, ["fee.price-mismatch"]).findings if f.rule == "fee.price-mismatch"]
    assert f.key == "NO.002" and f.suggestion is None
    # without the roll the posted price is the suggestion
    bare = make_office(tmp_path / "bare", {"收费台账.xlsx": {"收费明细": [roll.R_HEAD, *receipts],
                                                          "收费标准": [roll.S_HEAD, *roll.SCHEDULE]},
                                           "业主档案.xlsx": {"业主档案": roll.UNITS}})
    [f] = [f for f in roll.check_year(bare, ["fee.price-mismatch"]).findings if f.rule == "fee.price-mismatch"]
    assert f.suggestion is not None and f.suggestion.value == "3000"
