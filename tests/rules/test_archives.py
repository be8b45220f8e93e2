"""``archive.*``: the archive register (档案管理, 4.4) — inspections and loans."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from registers.i18n import render_message
from tests.support.helpers import flat, make_office, run_check

INSPECTIONS = ["检查日期", "检查人", "检查内容", "发现问题", "整改情况"]
LOANS = ["借阅日期", "档案编号/名称", "借阅人", "借阅类型", "事由", "批准人", "归还日期"]
# loan columns: A date, D kind, F approver, G returned_at


def inspection(day: Any) -> list[Any]:
    return [day, "周主管", "全部档案", "无", "无"]


def loan(day: Any, kind: Any = "借阅", approver: Any = "赵经理", returned: Any = None) -> list[Any]:
    return [day, "工程图纸 2栋给排水", "马建军", kind, "维修查图", approver, returned]


def office(tmp_path: Path, inspections: list[list[Any]] | None, loans: list[list[Any]] = ()) -> Path:  # type: ignore[assignment]
    sheets: dict[str, list[list[Any]]] = {}
    if inspections is not None:
        sheets["档案检查"] = [INSPECTIONS, *inspections]
    sheets["档案借阅"] = [LOANS, *loans]
    return make_office(tmp_path / "office", {"档案管理.xlsx": sheets})


def run(root: Path, month: str = "2026-11", as_of: str = "2026-11-30 23:59") -> list[Any]:
    return run_check(root, month=month, as_of=as_of, select=["archive", "input.bad-value"]).findings


def findings(root: Path, rule: str, **kw: Any) -> set[tuple[Any, ...]]:
    return flat(run(root, **kw), rules=rule)


# ---------------------------------------------------------------- inspections-short


def test_two_inspections_with_one_by_june_are_enough(tmp_path: Path) -> None:
    root = office(tmp_path, [inspection(datetime(2026, 3, 16)), inspection("2026/9/21")])
    assert findings(root, "archive.inspections-short", month="2026-12", as_of="2026-12-31 23:59") == set()


def test_no_inspection_by_the_first_half_deadline(tmp_path: Path) -> None:
    root = office(tmp_path, [inspection(datetime(2026, 7, 1)), inspection(datetime(2026, 9, 21))])
    (f,) = [f for f in run(root) if f.rule == "archive.inspections-short"]
    assert (f.sheet, f.row, f.column, f.key, f.date) == ("档案检查", None, None, "2026", date(2026, 6, 30))
    assert render_message(f) == ("2026 年截至 2026-06-30 只有 0 次档案检查记录；规定每年至少检查 2 次，"
                                 "且 2026-06-30 前至少一次。")
    assert "檢查" in render_message(f, "zh-Hant") and "by 2026-06-30" in render_message(f, "en")


def test_first_half_deadline_is_judged_once_the_day_is_over(tmp_path: Path) -> None:
    root = office(tmp_path, [inspection(datetime(2026, 7, 3))])
    assert findings(root, "archive.inspections-short", month="2026-06", as_of="2026-06-30 12:00") == set()
    assert len([f for f in run(root, month="2026-06", as_of="2026-06-30 23:59")
                if f.rule == "archive.inspections-short"]) == 1


def test_a_finished_year_with_too_few_inspections(tmp_path: Path) -> None:
    root = office(tmp_path, [inspection(datetime(2026, 3, 16))])
    assert findings(root, "archive.inspections-short") == set()  # the year is still running
    found = [f for f in run(root, month="2026-12", as_of="2026-12-31 23:59") if f.rule == "archive.inspections-short"]
    assert [(f.key, f.date, f.args["count"]) for f in found] == [("2026", date(2026, 12, 31), 1)]


def test_an_unreadable_inspection_date_is_a_bad_value(tmp_path: Path) -> None:
    root = office(tmp_path, [inspection("上半年"), inspection(datetime(2026, 3, 16))])
    assert findings(root, "input.bad-value", month="2026-03", as_of="2026-03-31 23:59") == {
        ("input.bad-value", "档案检查", 2, "A")
    }
    assert findings(root, "archive.inspections-short") == set()


def test_no_inspection_sheet_is_left_to_missing_register(tmp_path: Path) -> None:
    root = office(tmp_path, None, [loan(datetime(2026, 11, 2), returned=datetime(2026, 11, 3))])
    assert findings(root, "archive.inspections-short") == set()


def test_a_blank_inspection_sheet_is_not_judged(tmp_path: Path) -> None:
    root = office(tmp_path, [], [loan(datetime(2026, 11, 2), returned=datetime(2026, 11, 3))])
    assert findings(root, "archive.inspections-short") == set()


# ---------------------------------------------------------------- unapproved-loan


def test_unapproved_loan(tmp_path: Path) -> None:
    day = datetime(2026, 11, 4)
    root = office(tmp_path, [], [
        loan(day, "借阅", approver=None, returned=day),
        loan(day, "查阅", approver="无", returned=day),
        loan(day, "上级检查", approver=None, returned=day),  # exempt
        loan(day, "查閱", approver="赵经理", returned=day),  # Traditional spelling of 查阅
    ])
    assert findings(root, "archive.unapproved-loan") == {
        ("archive.unapproved-loan", "档案借阅", 2, "F"),
        ("archive.unapproved-loan", "档案借阅", 3, "F"),
    }


def test_unapproved_loan_with_an_unreadable_kind_is_a_bad_value(tmp_path: Path) -> None:
    day = datetime(2026, 11, 4)
    root = office(tmp_path, [], [loan(day, "复印", approver=None, returned=day)])
    assert findings(root, "archive.unapproved-loan") | findings(root, "input.bad-value") == {
        ("input.bad-value", "档案借阅", 2, "D")
    }


# ---------------------------------------------------------------- overdue


def test_overdue_after_the_limit(tmp_path: Path) -> None:
    root = office(tmp_path, [], [
        loan(datetime(2026, 11, 1), returned=datetime(2026, 11, 8)),  # 7 days: in time
        loan(datetime(2026, 11, 1), returned="2026.11.9"),  # 8 days
        loan(datetime(2026, 11, 10)),  # still out at 11-30
        loan(datetime(2026, 11, 25)),  # due 12-02
        loan(datetime(2026, 11, 2), "查阅"),  # a 查阅 is held to the limit too
    ])
    assert findings(root, "archive.overdue") == {
        ("archive.overdue", "档案借阅", 3, "G"),
        ("archive.overdue", "档案借阅", 4, "G"),
        ("archive.overdue", "档案借阅", 6, "G"),
    }


def test_overdue_waits_until_the_last_day_is_over(tmp_path: Path) -> None:
    root = office(tmp_path, [], [loan(datetime(2026, 11, 20))])
    assert findings(root, "archive.overdue", as_of="2026-11-27 12:00") == set()
    assert findings(root, "archive.overdue", as_of="2026-11-27 23:59") == {("archive.overdue", "档案借阅", 2, "G")}


def test_overdue_includes_older_loans_still_out(tmp_path: Path) -> None:
    root = office(tmp_path, [], [
        loan(datetime(2026, 10, 20)),  # still out
        loan(datetime(2026, 10, 1), returned=datetime(2026, 10, 20)),  # late, back in October
        loan(datetime(2026, 10, 28), returned=datetime(2026, 11, 6)),  # late, back in November
    ])
    assert findings(root, "archive.overdue") == {
        ("archive.overdue", "档案借阅", 2, "G"),
        ("archive.overdue", "档案借阅", 4, "G"),
    }


def test_overdue_with_an_unreadable_return_date_is_a_bad_value(tmp_path: Path) -> None:
    root = office(tmp_path, [], [loan(datetime(2026, 11, 2), returned="已还")])
    assert findings(root, "archive.overdue") | findings(root, "input.bad-value") == {
        ("input.bad-value", "档案借阅", 2, "G")
    }


def test_overdue_message(tmp_path: Path) -> None:
    root = office(tmp_path, [], [loan(datetime(2026, 11, 19))])
    (f,) = [f for f in run(root) if f.rule == "archive.overdue"]
    assert render_message(f) == ("“工程图纸 2栋给排水”2026-11-19 借阅，应在 2026-11-26 前归还（7 天内），归还日期：—。"
                                 "尚未归还的，请催还并登记归还日期。")
    assert "歸還" in render_message(f, "zh-Hant") and "7 days" in render_message(f, "en")
