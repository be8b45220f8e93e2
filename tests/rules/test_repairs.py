"""``repair.*``: the repair log (住户报修记录表, 4.2)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from registers.i18n import render_message
from tests.support.helpers import flat, make_office, run_check

HEADERS = [
    "报修编号", "报修时间", "住户姓名", "地址/房号", "联系电话", "报修内容",
    "预约维修时间", "通知维修时间", "维修人员", "维修任务单号", "完成时间", "备注",
]
# columns: B reported_at, G appointment, H dispatched_at, J work_order_no, K completed_at


def repair(
    rid: str,
    reported: Any,
    appointment: Any = None,
    dispatched: Any = None,
    completed: Any = None,
    order: Any = "WO-1",
) -> list[Any]:
    reported_dt = reported if isinstance(reported, datetime) else None
    if appointment is None and reported_dt is not None:
        appointment = reported_dt.replace(hour=14, minute=0)
    return [rid, reported, "张三", "3-2-1501", "13800138000", "水龙头漏水",
            appointment, dispatched, "李师傅", order, completed, None]


def office(tmp_path: Path, *rows: list[Any], sheet: str = "11月") -> Path:
    return make_office(tmp_path / "office", {"报修.xlsx": {sheet: [HEADERS, *rows]}})


def d(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute)


def findings(root: Path, rule: str, **kw: Any) -> set[tuple[Any, ...]]:
    return flat(run_check(root, select=["repair"], **kw).findings, rules=rule)


# ---------------------------------------------------------------- dispatch-late


def test_dispatch_late_fires_after_the_limit(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        repair("R1", d(3, 9), dispatched=d(3, 9, 31), completed=d(3, 15)),
        repair("R2", d(3, 10), dispatched=d(3, 10, 30), completed=d(3, 15)),  # exactly 30 min: on time
        repair("R3", d(4, 10), dispatched=d(4, 10, 5), completed=d(4, 15)),
    )
    assert findings(root, "repair.dispatch-late") == {("repair.dispatch-late", "11月", 2, "H")}


def test_dispatch_late_message_gives_the_figures(tmp_path: Path) -> None:
    root = office(tmp_path, repair("R1", d(3, 9), dispatched=d(3, 10, 15), completed=d(3, 15)))
    (f,) = [f for f in run_check(root, select=["repair"]).findings if f.rule == "repair.dispatch-late"]
    assert render_message(f) == "报修后 75 分钟才通知维修（限 30 分钟内）：报修 2026-11-03 09:00，通知 2026-11-03 10:15。"
    assert "75" in render_message(f, "zh-Hant") and "75 minutes" in render_message(f, "en")


def test_dispatch_limit_comes_from_the_office_config(tmp_path: Path) -> None:
    root = office(tmp_path, repair("R1", d(3, 9), dispatched=d(3, 9, 45), completed=d(3, 15)))
    (root / "registers.toml").write_text("[limits]\nrepair_dispatch_minutes = 60\n", encoding="utf-8")
    assert findings(root, "repair.dispatch-late") == set()


def test_dispatch_late_reads_text_dates(tmp_path: Path) -> None:
    root = office(tmp_path, repair("R1", "2026-11-05 08:00", dispatched="2026年11月5日 9:00", completed=d(5, 15)))
    assert findings(root, "repair.dispatch-late") == {("repair.dispatch-late", "11月", 2, "H")}


def test_dispatch_late_only_for_repairs_reported_in_the_period(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        repair("R1", d(30, 9, month=10), dispatched=d(30, 12, month=10), completed=d(30, 15, month=10)),
        repair("R2", d(1, 9, month=12), dispatched=d(1, 12, month=12), completed=d(1, 15, month=12)),
    )
    assert findings(root, "repair.dispatch-late") == set()


# ---------------------------------------------------------------- not-dispatched


def test_not_dispatched_fires_even_when_completed(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        repair("R1", d(3, 9), completed=d(3, 15)),
        repair("R2", d(3, 9), dispatched=d(3, 9, 10), completed=d(3, 15)),
    )
    assert findings(root, "repair.not-dispatched") == {("repair.not-dispatched", "11月", 2, "H")}


def test_not_dispatched_waits_for_the_limit_at_as_of(tmp_path: Path) -> None:
    root = office(tmp_path, repair("R1", d(30, 23, 40), appointment=d(30, 23, 50)))
    assert findings(root, "repair.not-dispatched", as_of="2026-11-30 23:59") == set()
    assert findings(root, "repair.overdue", as_of="2026-11-30 23:59") == set()
    root2 = office(tmp_path / "b", repair("R1", d(10, 9)))
    assert findings(root2, "repair.not-dispatched", as_of="2026-11-10 09:30") == set()
    assert findings(root2, "repair.not-dispatched", as_of="2026-11-10 09:31") == {("repair.not-dispatched", "11月", 2, "H")}


def test_not_dispatched_includes_older_repairs_still_open(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        repair("R1", d(28, 9, month=10)),  # October, never dispatched nor completed
        repair("R2", d(28, 9, month=10), completed=d(28, 15, month=10)),  # closed in October: October's finding
        repair("R3", d(29, 9, month=10), completed=d(2, 15)),  # completed in November: still open then
        sheet="10-11月",
    )
    assert findings(root, "repair.not-dispatched") == {
        ("repair.not-dispatched", "10-11月", 2, "H"),
        ("repair.not-dispatched", "10-11月", 4, "H"),
    }


def test_unreadable_dispatch_time_is_a_bad_value_not_a_missing_dispatch(tmp_path: Path) -> None:
    root = office(tmp_path, repair("R1", d(3, 9), dispatched="已通知", completed=d(3, 15)))
    report = run_check(root, select=["repair", "input.bad-value"])
    assert flat(report.findings, rules=["repair", "input.bad-value"]) == {("input.bad-value", "11月", 2, "H")}


# ---------------------------------------------------------------- overdue


def test_overdue_completed_after_appointment_plus_limit(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        repair("R1", d(3, 9), appointment=d(3, 14), dispatched=d(3, 9, 10), completed=d(4, 14, 1)),
        repair("R2", d(3, 9), appointment=d(3, 14), dispatched=d(3, 9, 10), completed=d(4, 14)),  # exactly 24 h
    )
    assert findings(root, "repair.overdue") == {("repair.overdue", "11月", 2, "K")}


def test_overdue_open_repair_is_measured_against_as_of(tmp_path: Path) -> None:
    root = office(tmp_path, repair("R1", d(20, 9), appointment=d(20, 14), dispatched=d(20, 9, 5)))
    assert findings(root, "repair.overdue", as_of="2026-11-21 14:00") == set()
    assert findings(root, "repair.overdue", as_of="2026-11-21 14:01") == {("repair.overdue", "11月", 2, "K")}


def test_overdue_message(tmp_path: Path) -> None:
    root = office(tmp_path, repair("R1", d(3, 9), appointment=d(3, 14), dispatched=d(3, 9, 5), completed=d(4, 16, 30)))
    (f,) = [f for f in run_check(root, select=["repair"]).findings if f.rule == "repair.overdue"]
    assert render_message(f) == "预约维修 2026-11-03 14:00，应在 2026-11-04 14:00 前完成（预约后 24 小时内），已超时 2.5 小时。"


def test_overdue_includes_older_repairs_open_into_the_period(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        repair("R1", d(25, 9, month=10), appointment=d(25, 14, month=10), dispatched=d(25, 9, 5, month=10)),
        repair("R2", d(25, 9, month=10), appointment=d(25, 14, month=10), dispatched=d(25, 9, 5, month=10),
               completed=d(28, 9, month=10)),  # late, but done in October
        repair("R3", d(25, 9, month=10), appointment=d(25, 14, month=10), dispatched=d(25, 9, 5, month=10),
               completed=d(3, 9)),  # done late in November
        repair("R4", d(31, 9, month=10), appointment=d(31, 14, month=10), dispatched=d(31, 9, 5, month=10),
               completed=d(1, 10)),  # done in time in November
        sheet="明细",
    )
    assert findings(root, "repair.overdue") == {("repair.overdue", "明细", 2, "K"), ("repair.overdue", "明细", 4, "K")}


def test_bad_appointment_is_a_bad_value_not_an_overdue(tmp_path: Path) -> None:
    root = office(tmp_path, repair("R1", d(3, 9), appointment="待定", dispatched=d(3, 9, 5)))
    report = run_check(root, select=["repair", "input.bad-value"])
    assert flat(report.findings, rules=["repair", "input.bad-value"]) == {("input.bad-value", "11月", 2, "G")}


def test_unreadable_completion_is_not_an_open_repair(tmp_path: Path) -> None:
    root = office(tmp_path, repair("R1", d(3, 9), dispatched=d(3, 9, 5), completed="已修好"))
    report = run_check(root, select=["repair", "input.bad-value"])
    assert flat(report.findings, rules=["repair", "input.bad-value"]) == {("input.bad-value", "11月", 2, "K")}


# ---------------------------------------------------------------- no-work-order


def test_no_work_order_when_completed(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        repair("R1", d(3, 9), dispatched=d(3, 9, 5), completed=d(3, 15), order=None),
        repair("R2", d(3, 9), dispatched=d(3, 9, 5), completed=d(3, 15), order="无"),
        repair("R3", d(20, 9), dispatched=d(20, 9, 5), order=None),  # not completed yet
        repair("R4", d(3, 9), dispatched=d(3, 9, 5), completed=d(3, 15), order="WO-9"),
    )
    assert findings(root, "repair.no-work-order", as_of="2026-11-20 12:00") == {
        ("repair.no-work-order", "11月", 2, "J"),
        ("repair.no-work-order", "11月", 3, "J"),
    }


# ---------------------------------------------------------------- time-order


def test_time_order_points_at_the_cell_out_of_order(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        repair("R1", d(3, 9), dispatched=d(3, 8), completed=d(3, 15)),  # dispatched before reported
        repair("R2", d(3, 9), dispatched=d(3, 9, 5), completed=d(2, 15)),  # completed before reported
        repair("R3", d(3, 9), dispatched=d(3, 16), completed=d(3, 15)),  # completed before dispatched
        repair("R4", d(3, 9), dispatched=d(3, 9, 5), completed=d(3, 15)),
    )
    report = run_check(root, select=["repair"])
    assert flat(report.findings, rules="repair.time-order") == {
        ("repair.time-order", "11月", 2, "H"),
        ("repair.time-order", "11月", 3, "K"),
        ("repair.time-order", "11月", 4, "K"),
    }
    # a negative or impossible delay is not also "dispatched late"
    assert flat(report.findings, rules="repair.dispatch-late") == set()


def test_time_order_message(tmp_path: Path) -> None:
    root = office(tmp_path, repair("R1", d(3, 9), dispatched=d(3, 16), completed=d(3, 15)))
    (f,) = [f for f in run_check(root, select=["repair"]).findings if f.rule == "repair.time-order"]
    assert render_message(f) == (
        "时间先后颠倒：“完成时间”为 2026-11-03 15:00，早于前一步的 2026-11-03 16:00（应依次为 报修 → 通知维修 → 完成）。"
    )
    assert "完成時間" in render_message(f, "zh-Hant")


def test_clean_log_has_no_repair_findings(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        repair("R1", d(3, 9), dispatched=d(3, 9, 20), completed=d(3, 16)),
        repair("R2", "2026/11/4 10:00", appointment="2026-11-05 09:00", dispatched="2026-11-04 10:30",
               completed="2026-11-05 11:00"),
    )
    assert flat(run_check(root, select=["repair"]).findings, rules="repair") == set()
