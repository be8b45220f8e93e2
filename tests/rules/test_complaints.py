"""``complaint.*``: the complaint register (业主投诉记录表, 4.6)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from registers.i18n import render_message
from tests.support.helpers import flat, make_office, run_check

HEADERS = ["投诉编号", "投诉时间", "投诉人", "房号", "联系电话", "投诉内容", "投诉类别", "受理人",
           "转交部门", "转交时间", "处理结果", "完结时间"]
# columns: B received_at, J forwarded_at, L closed_at


def d(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute)


def complaint(cid: Any, received: Any, forwarded: Any = "auto", closed: Any = "auto") -> list[Any]:
    if isinstance(received, datetime):  # by default passed on after 10 minutes, closed after 5 hours
        forwarded = received + timedelta(minutes=10) if forwarded == "auto" else forwarded
        closed = received + timedelta(hours=5) if closed == "auto" else closed
    return [cid, received, "王女士", "3-2-1501", "13800138000", "楼上噪音", "噪音扰民", "李客服",
            "秩序部", forwarded, "已处理", closed]


def office(tmp_path: Path, *rows: list[Any], config: str | None = None) -> Path:
    return make_office(tmp_path / "office", {"投诉.xlsx": {"投诉记录": [HEADERS, *rows]}}, config=config)


def findings(root: Path, rule: str, **kw: Any) -> set[tuple[Any, ...]]:
    return flat(run_check(root, select=["complaint", "input.bad-value"], **kw).findings, rules=rule)


# ---------------------------------------------------------------- forward-late


def test_forward_late_fires_after_the_limit(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        complaint("TS01", d(3, 9), forwarded=d(3, 9, 31)),
        complaint("TS02", d(3, 10), forwarded=d(3, 10, 30)),  # exactly 30 minutes: on time
        complaint("TS03", d(4, 10)),
    )
    assert findings(root, "complaint.forward-late") == {("complaint.forward-late", "投诉记录", 2, "J")}


def test_forward_missing_once_the_limit_has_passed(tmp_path: Path) -> None:
    root = office(tmp_path, complaint("TS01", d(10, 9), forwarded=None))
    assert findings(root, "complaint.forward-late", as_of="2026-11-10 09:30") == set()
    assert findings(root, "complaint.forward-late", as_of="2026-11-10 09:31") == {
        ("complaint.forward-late", "投诉记录", 2, "J")
    }


def test_forward_late_message_gives_the_figures(tmp_path: Path) -> None:
    root = office(tmp_path, complaint("TS01", d(6, 19, 10), forwarded=d(6, 20, 25)))
    (f,) = [f for f in run_check(root, select=["complaint"]).findings if f.rule == "complaint.forward-late"]
    assert render_message(f) == ("投诉 2026-11-06 19:10 受理，应在 2026-11-06 19:40 前转交处理部门（受理后 30 分钟内），"
                                 "转交时间：2026-11-06 20:25。")
    assert "轉交" in render_message(f, "zh-Hant") and "30 minutes" in render_message(f, "en")


def test_forward_unreadable_time_is_a_bad_value_not_a_missing_forward(tmp_path: Path) -> None:
    root = office(tmp_path, complaint("TS01", d(3, 9), forwarded="待定"))
    report = run_check(root, select=["complaint", "input.bad-value"])
    assert flat(report.findings, rules=["complaint.forward-late", "input.bad-value"]) == {
        ("input.bad-value", "投诉记录", 2, "J")
    }


def test_forward_late_only_for_complaints_received_in_the_period(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        complaint("TS01", d(30, 9, month=10), forwarded=d(30, 12, month=10)),
        complaint("TS02", d(1, 9, month=12), forwarded=d(1, 12, month=12)),
    )
    assert findings(root, "complaint.forward-late") == set()


def test_forward_limit_comes_from_the_office_config(tmp_path: Path) -> None:
    root = office(tmp_path, complaint("TS01", d(3, 9), forwarded=d(3, 9, 45)),
                  config="[limits]\ncomplaint_forward_minutes = 60\n")
    assert findings(root, "complaint.forward-late") == set()


# ---------------------------------------------------------------- overdue


def test_overdue_fires_after_the_limit(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        complaint("TS01", d(11, 9, 5), closed=d(14, 17, 30)),
        complaint("TS02", d(11, 9, 5), closed=d(13, 9, 5)),  # exactly 2 days: in time
        complaint("TS03", d(12, 9), closed=d(12, 15)),
    )
    assert findings(root, "complaint.overdue") == {("complaint.overdue", "投诉记录", 2, "L")}


def test_overdue_open_complaint_waits_for_the_limit_at_as_of(tmp_path: Path) -> None:
    root = office(tmp_path, complaint("TS01", d(27, 15, 40), closed=None))
    assert findings(root, "complaint.overdue", as_of="2026-11-29 15:40") == set()
    assert findings(root, "complaint.overdue", as_of="2026-11-29 15:41") == {("complaint.overdue", "投诉记录", 2, "L")}
    root2 = office(tmp_path / "b", complaint("TS01", d(30, 15, 40), closed=None))
    assert findings(root2, "complaint.overdue") == set()


def test_overdue_includes_older_complaints_still_open(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        complaint("TS01", d(20, 9, month=10), closed=None),  # never closed
        complaint("TS02", d(20, 9, month=10), closed=d(25, 9, month=10)),  # late, but closed in October
        complaint("TS03", d(30, 9, month=10), closed=d(3, 9)),  # closed late in November
    )
    assert findings(root, "complaint.overdue") == {
        ("complaint.overdue", "投诉记录", 2, "L"),
        ("complaint.overdue", "投诉记录", 4, "L"),
    }


def test_overdue_unreadable_close_time_is_a_bad_value(tmp_path: Path) -> None:
    root = office(tmp_path, complaint("TS01", d(3, 9), closed="待定"))
    report = run_check(root, select=["complaint", "input.bad-value"])
    assert flat(report.findings, rules=["complaint.overdue", "input.bad-value"]) == {
        ("input.bad-value", "投诉记录", 2, "L")
    }


def test_overdue_reads_text_dates_and_renders_in_every_language(tmp_path: Path) -> None:
    root = office(tmp_path, complaint("TS01", "2026年11月11日 9:05", forwarded="2026-11-11 9:10",
                                      closed="2026/11/14 17:30"))
    (f,) = [f for f in run_check(root, select=["complaint"]).findings if f.rule == "complaint.overdue"]
    assert (f.sheet, f.row, f.column, f.key) == ("投诉记录", 2, "L", "TS01")
    assert "2026-11-13 09:05" in render_message(f)
    assert "完結" in render_message(f, "zh-Hant") and "2 days" in render_message(f, "en")
