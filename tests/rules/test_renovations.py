"""``renovation.*``: the renovation register (装修登记, 4.7) against the fee ledger."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from registers.i18n import render_message
from tests.support.helpers import flat, make_office, run_check

RENO = ["申请编号", "房号", "业主", "申请日期", "装修内容", "涉及改动", "维修部核实人", "核实日期", "审批日期",
        "装修管理费", "装修押金", "收据号", "开工日期", "完工日期", "验收日期", "验收人", "押金退还日期"]
# columns: G verified_by, H verified_at, I approved_at, J fee, K deposit, L receipt_no,
#          N finished_at, O inspected_at, Q deposit_refunded_at
RECEIPTS = ["收据号", "收款日期", "房号", "缴款人", "收费项目", "所属期间", "月数", "数量", "单价", "金额",
            "收款方式", "收款人", "状态", "备注"]
SCHEDULE = ["收费项目", "类别", "计费方式", "单价", "生效日期", "失效日期"]
UNITS = ["房号", "业主姓名", "联系电话", "建筑面积", "交房日期", "状态"]


def d(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day)


def reno(pid: str = "ZX01", applied: Any = None, *, alterations: Any = "否", verified_by: Any = None,
         verified: Any = None, approved: Any = "auto", fee: Any = 300, deposit: Any = 2000,
         receipts: Any = "NO.001、NO.002", finished: Any = None, inspected: Any = None,
         refunded: Any = None, unit: str = "3-2-1501", started: Any = "auto") -> list[Any]:
    applied = applied or d(2)
    approved = d(3) if approved == "auto" else approved
    started = d(5) if started == "auto" else started
    return [pid, unit, "王先生", applied, "全屋翻新", alterations, verified_by, verified, approved,
            fee, deposit, receipts, started, finished, inspected, "周工" if inspected else None, refunded]


def receipt(no: str, amount: Any, item: str = "装修管理费", status: str = "正常") -> list[Any]:
    return [no, datetime(2026, 11, 3, 10), "3-2-1501", "王先生", item, None, None, 1, amount, amount,
            "微信", "刘收费", status, None]


SCHED_ROWS = [
    ["装修管理费", "装修管理费", "按次", 300, d(1, 1), None],
    ["装修押金", "押金", "按次", 2000, d(1, 1), None],
    ["钥匙押金", "押金", "按次", 50, d(1, 1), None],
]
RECEIPT_ROWS = [receipt("NO.001", 300), receipt("NO.002", 2000, "装修押金")]


def office(tmp_path: Path, *renos: list[Any], receipts: list[list[Any]] | None = None,
           schedule: list[list[Any]] | None = None, units: list[list[Any]] | None = None) -> Path:
    books: dict[str, dict[str, list[list[Any]]]] = {"装修登记.xlsx": {"装修登记": [RENO, *renos]}}
    books["收费台账.xlsx"] = {
        "收费明细": [RECEIPTS, *(RECEIPT_ROWS if receipts is None else receipts)],
        "收费标准": [SCHEDULE, *(SCHED_ROWS if schedule is None else schedule)],
    }
    books["业主档案.xlsx"] = {"业主档案": [UNITS, *(units or [["3-2-1501", "王先生", None, 100.5, None, "入住"]])]}
    return make_office(tmp_path / "office", books)


def findings(root: Path, rule: str, **kw: Any) -> set[tuple[Any, ...]]:
    return flat(run_check(root, select=["renovation", "input.bad-value"], **kw).findings, rules=rule)


# ---------------------------------------------------------------- unverified-alteration


def test_unverified_alteration(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        reno("ZX01", alterations="拆除阳台非承重墙"),  # a description means yes; approved, nobody verified
        reno("ZX02", alterations="是", verified_by="吴工"),  # verified by, but no date
        reno("ZX03", alterations="是", verified_by="吴工", verified=d(2), approved=d(3)),
        reno("ZX04", alterations="否"),
        reno("ZX05", alterations="是", approved=None, started=None),  # waiting: neither approved nor started
        reno("ZX06", alterations="否", verified_by="吴工", verified=d(4), approved=d(3)),  # approved first
    )
    assert findings(root, "renovation.unverified-alteration") == {
        ("renovation.unverified-alteration", "装修登记", 2, "G"),
        ("renovation.unverified-alteration", "装修登记", 3, "H"),
        ("renovation.unverified-alteration", "装修登记", 7, "I"),
    }


def test_unverified_alteration_with_an_unreadable_date_is_a_bad_value(tmp_path: Path) -> None:
    root = office(tmp_path, reno("ZX01", alterations="是", verified_by="吴工", verified="待定"))
    assert findings(root, "renovation.unverified-alteration") | findings(root, "input.bad-value") == {
        ("input.bad-value", "装修登记", 2, "H")
    }


def test_unverified_alteration_only_for_applications_in_the_period(tmp_path: Path) -> None:
    root = office(tmp_path, reno("ZX01", d(20, 10), alterations="是", approved=d(21, 10)))
    assert findings(root, "renovation.unverified-alteration") == set()


# ---------------------------------------------------------------- fee-mismatch


def test_fee_and_receipts_that_agree(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        reno("ZX01"),
        reno("ZX02", receipts="no.003 / no.004", fee="300.00元", deposit="￥2,000.00"),
        reno("ZX03", receipts="NO.005", fee=300.01, deposit=2000),  # one fen: within the tolerance
        receipts=[*RECEIPT_ROWS, receipt("NO.003", 300), receipt("NO.004", 2000, "装修押金"),
                  receipt("NO.005", 2300.01)],
    )
    assert findings(root, "renovation.fee-mismatch") == set()


def test_deposit_differs_from_the_schedule(tmp_path: Path) -> None:
    root = office(tmp_path, reno("ZX01", deposit=1500, receipts="NO.001、NO.003"),
                  receipts=[*RECEIPT_ROWS, receipt("NO.003", 1500, "装修押金")])
    report = run_check(root, select=["renovation"])
    assert flat(report.findings, rules="renovation.fee-mismatch") == {("renovation.fee-mismatch", "装修登记", 2, "K")}
    (f,) = report.findings
    assert render_message(f) == ("“装修押金”与收费标准不符：装修登记 ¥1,500.00，收费标准为 ¥2,000.00（装修押金 按次），"
                                 "相差 ¥500.00。")
    assert "收費標準" in render_message(f, "zh-Hant") and "'Fee schedule'" in render_message(f, "en")


def test_fee_by_area_uses_the_owner_archive(tmp_path: Path) -> None:
    schedule = [["装修管理费", "装修管理费", "按面积", 3, None, None], ["装修押金", "押金", "按次", 2000, None, None]]
    root = office(
        tmp_path,
        reno("ZX01", fee=301.5, receipts="NO.001"),  # 3.00 × 100.5 m²
        reno("ZX02", fee=300, receipts="NO.002"),
        reno("ZX03", fee=300, receipts="NO.003", unit="9-9-999"),  # not in the archive: not judged
        schedule=schedule,
        receipts=[receipt("NO.001", 2301.5), receipt("NO.002", 2300), receipt("NO.003", 2300)],
    )
    assert findings(root, "renovation.fee-mismatch") == {("renovation.fee-mismatch", "装修登记", 3, "J")}


def test_receipts_missing_from_the_ledger_or_not_adding_up(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        reno("ZX01", receipts="NO.001、NO.009"),  # NO.009 is not in the ledger
        reno("ZX02", receipts=None),  # fee and deposit but no receipt
        reno("ZX03", receipts="NO.003"),  # a receipt of 300.00 for 2,300.00
        reno("ZX04", receipts="NO.004 NO.005"),  # NO.005 was voided
        reno("ZX05", receipts=None, fee=None, deposit=None),  # nothing charged, nothing to receipt
        receipts=[*RECEIPT_ROWS, receipt("NO.003", 300), receipt("NO.004", 300),
                  receipt("NO.005", 2000, "装修押金", status="作废")],
    )
    report = run_check(root, select=["renovation"])
    assert flat(report.findings, rules="renovation.fee-mismatch") == {
        ("renovation.fee-mismatch", "装修登记", 2, "L"),
        ("renovation.fee-mismatch", "装修登记", 3, "L"),
        ("renovation.fee-mismatch", "装修登记", 4, "L"),
        ("renovation.fee-mismatch", "装修登记", 5, "L"),
    }
    first = next(f for f in report.findings if f.row == 2)
    assert render_message(first) == ("“收据号”与收费明细不符：装修登记 ¥2,300.00，收费明细为 ¥300.00"
                                      "（NO.001 ¥300.00, NO.009 —），相差 ¥2,000.00。")


def test_fee_unreadable_is_a_bad_value_not_a_mismatch(tmp_path: Path) -> None:
    root = office(tmp_path, reno("ZX01", fee="待定"))
    assert findings(root, "renovation.fee-mismatch") | findings(root, "input.bad-value") == {
        ("input.bad-value", "装修登记", 2, "J")
    }


# ---------------------------------------------------------------- no-acceptance


def test_no_acceptance_within_the_limit(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        reno("ZX01", finished=d(10), inspected=d(17)),  # 7 days: in time
        reno("ZX02", finished=d(10), inspected=d(18)),
        reno("ZX03", finished=d(12)),  # not inspected at 11-30
        reno("ZX04", finished=d(25)),  # due 12-02
        reno("ZX05"),  # not finished
    )
    assert findings(root, "renovation.no-acceptance") == {
        ("renovation.no-acceptance", "装修登记", 3, "O"),
        ("renovation.no-acceptance", "装修登记", 4, "O"),
    }


def test_no_acceptance_waits_until_the_last_day_is_over(tmp_path: Path) -> None:
    root = office(tmp_path, reno("ZX01", finished=d(12)))
    assert findings(root, "renovation.no-acceptance", as_of="2026-11-19 18:00") == set()
    assert findings(root, "renovation.no-acceptance", as_of="2026-11-19 23:59") == {
        ("renovation.no-acceptance", "装修登记", 2, "O")
    }


def test_deposit_refunded_before_acceptance(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        reno("ZX01", finished=d(10), inspected=d(14), refunded=d(12)),
        reno("ZX02", finished=d(10), inspected=d(14), refunded=d(14)),  # the same day: fine
        reno("ZX03", refunded=d(8)),  # never inspected
    )
    report = run_check(root, select=["renovation"])
    assert flat(report.findings, rules="renovation.no-acceptance") == {
        ("renovation.no-acceptance", "装修登记", 2, "Q"),
        ("renovation.no-acceptance", "装修登记", 4, "Q"),
    }
    f = next(f for f in report.findings if f.row == 2)
    assert render_message(f) == ("装修完工后应在 7 天内验收（2026-11-17 前），押金须验收后才退还：完工 2026-11-10，"
                                 "验收 2026-11-14，退押金 2026-11-12。")


def test_no_acceptance_includes_older_renovations_still_open(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        reno("ZX01", d(1, 10), finished=d(20, 10)),  # never inspected
        reno("ZX02", d(1, 10), finished=d(5, 10), inspected=d(20, 10), refunded=d(18, 10)),  # all in October
    )
    report = run_check(root, select=["renovation.no-acceptance"])
    assert flat(report.findings) == {("renovation.no-acceptance", "装修登记", 2, "O")}
    assert report.findings[0].date == d(20, 10).date()


def test_no_acceptance_unreadable_inspection_is_a_bad_value(tmp_path: Path) -> None:
    root = office(tmp_path, reno("ZX01", finished=d(2), inspected="已验收", refunded=d(12)))
    assert findings(root, "renovation.no-acceptance") | findings(root, "input.bad-value") == {
        ("input.bad-value", "装修登记", 2, "O")
    }


# ---------------------------------------------------------------- fee-mismatch: suggestions


def test_a_deposit_off_the_schedule_suggests_the_schedules_amount(tmp_path: Path) -> None:
    from tests.rules.test_fees_suggestions import assert_accepting_clears, shown

    # the register as an office keeps it: a title row above the header; the deposit typed 1500 where the
    # schedule and the receipts say 2000 (so its receipts do not add up either: one slip, two findings)
    root = make_office(tmp_path / "office", {
        "装修登记.xlsx": {"装修登记": [["阳光花园 装修申请登记表"], RENO, reno("ZX01", deposit=1500)]},
        "收费台账.xlsx": {"收费明细": [RECEIPTS, *RECEIPT_ROWS], "收费标准": [SCHEDULE, *SCHED_ROWS]},
        "业主档案.xlsx": {"业主档案": [UNITS, ["3-2-1501", "王先生", None, 100.5, None, "入住"]]},
    })
    found = {f.column: f for f in run_check(root).findings if f.rule == "renovation.fee-mismatch"}
    assert set(found) == {"K", "L"}
    assert [(w.cell, w.value) for w in found["K"].writes()] == [("K3", 2000.0)]
    assert shown(found["K"]) == ("2000", "收费标准：装修押金 按次")
    assert found["L"].suggestion is None  # the receipts' total: which side is wrong is not known
    assert_accepting_clears(root, found["K"])


def test_a_deposit_two_schedule_rows_price_differently_gets_no_suggestion(tmp_path: Path) -> None:
    schedule: list[list[Any]] = [*SCHED_ROWS, ["装修押金", "押金", "按次", 3000, d(1, 6), None]]
    root = office(tmp_path, reno("ZX01", deposit=1500, receipts="NO.001、NO.003"),
                  receipts=[*RECEIPT_ROWS, receipt("NO.003", 1500, "装修押金")], schedule=schedule)
    (f,) = [f for f in run_check(root).findings if f.rule == "renovation.fee-mismatch"]
    assert f.column == "K" and f.suggestion is None
