"""``duty.*`` and ``handover.*``: the duty log (值班记录表) and the shift handovers (交接班记录)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from registers.i18n import render_message
from tests.support.helpers import flat, make_office, run_check

DUTY = ["日期", "值班人", "开始时间", "结束时间", "值班情况", "处理结果", "重大事件", "书面报告日期"]
# columns: A date, B officer, C start, D end, E situation, F outcome, G major, H report_date
HANDOVERS = ["交接时间", "交班人", "接班人", "未完成工作", "领导指令", "公共区域维修情况", "重大事件未处理",
             "交班人签字", "接班人签字"]
# columns: D pending, G open_major, H outgoing_signed, I incoming_signed


def d(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day)


def duty(day: Any, officer: Any = "李明", start: Any = time(8), end: Any = time(20),
         situation: Any = "巡查正常", outcome: Any = "已记录", major: Any = "否", report: Any = None) -> list[Any]:
    return [day, officer, start, end, situation, outcome, major, report]


def november(skip: tuple[int, ...] = (), **changes: list[Any]) -> list[list[Any]]:
    """One record a day for November; ``changes`` replaces the record of day ``d<n>``."""
    rows = []
    for n in range(1, 31):
        if n in skip:
            continue
        rows.append(changes.get(f"d{n}", duty(d(n))))
    return rows


def handover(at: Any = None, pending: Any = "无", open_major: Any = "否", out_signed: Any = "李明",
             in_signed: Any = "√") -> list[Any]:
    return [at or datetime(2026, 11, 5, 20), "李明", "王强", pending, "无", "无", open_major, out_signed, in_signed]


def office(tmp_path: Path, duty_rows: list[list[Any]] | None, handover_rows: list[list[Any]] = ()) -> Path:  # type: ignore[assignment]
    books: dict[str, dict[str, list[list[Any]]]] = {"交接班.xlsx": {"交接班": [HANDOVERS, *handover_rows]}}
    if duty_rows is not None:
        books["值班.xlsx"] = {"值班记录": [DUTY, *duty_rows]}
    return make_office(tmp_path / "office", books)


def run(root: Path, **kw: Any) -> list[Any]:
    return run_check(root, select=["duty", "handover", "input.bad-value"], **kw).findings


def findings(root: Path, rule: str, **kw: Any) -> set[tuple[Any, ...]]:
    return flat(run(root, **kw), rules=rule)


# ---------------------------------------------------------------- incomplete


def test_incomplete_points_at_the_first_empty_cell(tmp_path: Path) -> None:
    root = office(tmp_path, november(
        d3=duty(d(3), outcome=None),
        d4=duty(d(4), officer=None, outcome="无"),
        d5=duty(d(5), end=None),
    ))
    report = run_check(root, select=["duty.incomplete"])
    assert flat(report.findings) == {
        ("duty.incomplete", "值班记录", 4, "F"),
        ("duty.incomplete", "值班记录", 5, "B"),
        ("duty.incomplete", "值班记录", 6, "D"),
    }
    f = next(f for f in report.findings if f.row == 5)
    assert render_message(f) == ("值班记录缺少 2 项，首项为“值班人”（B, F 列）；值班人、开始和结束时间、值班情况、"
                                 "处理结果都须填写。请补登缺项。")
    assert "值班人" in render_message(f, "zh-Hant") and "'Officer'" in render_message(f, "en")


def test_incomplete_unreadable_time_is_a_bad_value(tmp_path: Path) -> None:
    root = office(tmp_path, november(d3=duty(d(3), start="待定")))
    assert findings(root, "duty.incomplete") | findings(root, "input.bad-value") == {
        ("input.bad-value", "值班记录", 4, "C")
    }


def test_night_shift_times_are_complete(tmp_path: Path) -> None:
    root = office(tmp_path, november(d3=duty(d(3), start="20:00", end="08:00")))
    assert findings(root, "duty.incomplete") == set()


# ---------------------------------------------------------------- no-cover


def test_every_day_covered(tmp_path: Path) -> None:
    root = office(tmp_path, november())
    assert findings(root, "duty") == set()


def test_one_finding_per_uncovered_day(tmp_path: Path) -> None:
    root = office(tmp_path, november(skip=(10, 11, 30)))
    found = [f for f in run(root) if f.rule == "duty.no-cover"]
    assert [(f.sheet, f.row, f.key, f.date) for f in found] == [
        ("值班记录", None, "2026-11-10", date(2026, 11, 10)),
        ("值班记录", None, "2026-11-11", date(2026, 11, 11)),
        ("值班记录", None, "2026-11-30", date(2026, 11, 30)),
    ]
    assert render_message(found[0]) == "2026-11-10 没有值班记录，每天都须有人值班并记录。"
    assert "2026-11-10" in render_message(found[0], "en")


def test_no_cover_judges_a_day_once_it_is_over(tmp_path: Path) -> None:
    root = office(tmp_path, [row for row in november(skip=(14,)) if row[0] < d(15)])
    assert [f.key for f in run(root, as_of="2026-11-14 18:00") if f.rule == "duty.no-cover"] == []
    assert [f.key for f in run(root, as_of="2026-11-15 09:00") if f.rule == "duty.no-cover"] == ["2026-11-14"]


def test_no_cover_without_a_duty_log_is_left_to_missing_register(tmp_path: Path) -> None:
    root = office(tmp_path, None, [handover()])
    assert findings(root, "duty.no-cover") == set()


def test_an_empty_duty_log_is_no_cover_from_the_day_the_registers_begin(tmp_path: Path) -> None:
    """A log with its headers and no row does not exempt the days already over (issue 23); the office's
    ``records_from`` setting says from which day its registers are kept."""
    root = office(tmp_path / "blank", [], [handover()])
    keys = [f.key for f in run(root, as_of="2026-11-30 23:59") if f.rule == "duty.no-cover"]
    assert keys == [f"2026-11-{day:02d}" for day in range(1, 31)]
    (root / "registers.toml").write_text("records_from = 2026-11-27\n", encoding="utf-8")
    keys = [f.key for f in run(root, as_of="2026-11-30 23:59") if f.rule == "duty.no-cover"]
    assert keys == ["2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30"]
    (root / "registers.toml").write_text('records_from = "2026-12-01"\n', encoding="utf-8")
    assert [f for f in run(root, as_of="2026-11-30 23:59") if f.rule == "duty.no-cover"] == []


def test_an_unreadable_date_keeps_its_day_from_being_reported(tmp_path: Path) -> None:
    root = office(tmp_path, november(d10=duty("11月十日")))
    assert findings(root, "duty") | findings(root, "input.bad-value") == {("input.bad-value", "值班记录", 11, "A")}


# ---------------------------------------------------------------- major-unreported


def test_major_event_report_by_the_next_day(tmp_path: Path) -> None:
    root = office(tmp_path, november(
        d3=duty(d(3), major="是", report=d(4)),  # the next day: in time
        d5=duty(d(5), major="是", report=d(7)),
        d8=duty(d(8), major="是"),  # never reported
        d9=duty(d(9), major="否"),
    ))
    assert findings(root, "duty.major-unreported") == {
        ("duty.major-unreported", "值班记录", 6, "H"),
        ("duty.major-unreported", "值班记录", 9, "H"),
    }


def test_major_event_waits_for_the_next_day_to_end(tmp_path: Path) -> None:
    rows = [duty(d(n)) for n in range(1, 20)] + [duty(d(20), major="是")]
    root = office(tmp_path, rows)
    assert findings(root, "duty.major-unreported", as_of="2026-11-21 18:00") == set()
    assert findings(root, "duty.major-unreported", as_of="2026-11-21 23:59") == {
        ("duty.major-unreported", "值班记录", 21, "H")
    }


def test_major_event_of_the_day_before_the_period(tmp_path: Path) -> None:
    root = office(tmp_path, [duty(d(31, 10), major="是"), duty(d(30, 10), major="是"), *november()])
    assert findings(root, "duty.major-unreported") == {("duty.major-unreported", "值班记录", 2, "H")}


def test_major_event_unreadable_report_date_is_a_bad_value(tmp_path: Path) -> None:
    root = office(tmp_path, november(d3=duty(d(3), major="是", report="已报")))
    assert findings(root, "duty.major-unreported") | findings(root, "input.bad-value") == {
        ("input.bad-value", "值班记录", 4, "H")
    }


# ---------------------------------------------------------------- handovers


def test_unsigned(tmp_path: Path) -> None:
    root = office(tmp_path, november(), [
        handover(in_signed=None),
        handover(out_signed="×"),
        handover(out_signed=None, in_signed="未签"),
        handover(out_signed="已签", in_signed="王强"),
    ])
    report = run_check(root, select=["handover"])
    assert flat(report.findings, rules="handover.unsigned") == {
        ("handover.unsigned", "交接班", 2, "I"),
        ("handover.unsigned", "交接班", 3, "H"),
        ("handover.unsigned", "交接班", 4, "H"),
    }
    f = next(f for f in report.findings if f.row == 4)
    assert render_message(f) == ("2026-11-05 20:00 交接班有 2 处未签字，首处为“交班人签字”；交班人和接班人都须签字。"
                                 "请交接双方补签。")
    assert "簽字" in render_message(f, "zh-Hant") and "2 signature" in render_message(f, "en")


def test_open_emergency(tmp_path: Path) -> None:
    root = office(tmp_path, november(), [handover(open_major="是"), handover(open_major="否"), handover(open_major=None)])
    assert findings(root, "handover.open-emergency") == {("handover.open-emergency", "交接班", 2, "G")}


def test_open_emergency_unreadable_is_a_bad_value(tmp_path: Path) -> None:
    root = office(tmp_path, november(), [handover(open_major="待定")])
    assert findings(root, "handover") | findings(root, "input.bad-value") == {("input.bad-value", "交接班", 2, "G")}


def test_pending_passed(tmp_path: Path) -> None:
    root = office(tmp_path, november(), [
        handover(pending="4栋业主投诉噪音待回复"),
        handover(pending="无"), handover(pending="-"), handover(pending=None),
        handover(at=datetime(2026, 10, 31, 20), pending="电梯维保记录未签收"),  # October
    ])
    report = run_check(root, select=["handover"])
    assert flat(report.findings, rules="handover.pending-passed") == {("handover.pending-passed", "交接班", 2, "D")}
    (f,) = [f for f in report.findings if f.rule == "handover.pending-passed"]
    assert render_message(f) == "2026-11-05 20:00 交班留下未完成工作：“4栋业主投诉噪音待回复”，请确认接班人已跟进。"


def test_handover_rules_only_in_the_period(tmp_path: Path) -> None:
    at = datetime(2026, 12, 1, 8) - timedelta(days=31)
    root = office(tmp_path, november(), [handover(at=at, in_signed=None, open_major="是", pending="巡查未完")])
    assert findings(root, "handover") == set()
