"""The run history (OFFICE_DIR/.registers/history.sqlite): fingerprints, new/open/resolved, bad files, concurrency."""

from __future__ import annotations

import json
import multiprocessing
import re
import sqlite3
import threading
from datetime import datetime
from pathlib import Path

import pytest

from registers.cli.main import main
from registers.history.queries import integrity_ok, runs
from registers.history.store import HistoryError, history_path, record_run, safe_args
from tests.support.helpers import make_office, run_check

RECEIPTS = ["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人"]
HANDOVER = ["日期", "收款人", "现金上交", "接收人"]
EXPENSES = ["日期", "凭证号", "支出类别", "金额", "经办人", "审批人"]


def _office(root: Path, *, title_rows: int = 0, handed: float = 90.0, approver: str = "") -> Path:
    """A small fee ledger: a short handover (keyed by cashier), an unreadable amount (no key), an unapproved expense."""
    top = [["阿尔卡迪亚管理处 收费台账"]] * title_rows
    return make_office(root, {
        "收费台账.xlsx": {
            "收费明细": [*top, RECEIPTS,
                       ["NO.1", datetime(2026, 11, 3, 9), "1-1-101", "物业服务费", 100, "现金", "王芳"],
                       ["NO.2", datetime(2026, 11, 3, 10), "1-1-102", "物业服务费", 50, "微信", "王芳"]],
            "日结上交": [*top, HANDOVER, [datetime(2026, 11, 3), "王芳", handed, "周建华"]],
            "支出明细": [*top, EXPENSES,
                       [datetime(2026, 11, 4), "ZC1", "办公费", "3OO.00", "李明", "张经理"],
                       [datetime(2026, 11, 5), "ZC2", "维修费", 80, "李明", approver]],
        },
    }, config='office = "测试管理处"\n[rules]\nselect = ["fee", "input.bad-value"]\n')


def _check(root: Path):  # type: ignore[no-untyped-def]
    return run_check(root, as_of="2026-11-30 23:59")


def test_fingerprints_survive_rows_inserted_above(tmp_path: Path) -> None:
    root = _office(tmp_path / "o")
    before = _check(root)
    first = record_run(root, before, "check")
    assert first.previous_run_id is None
    assert {s.new for s in first.states} == {True}
    assert sorted(f.rule for f in before.findings) == ["fee.not-cleared", "fee.unapproved-expense", "input.bad-value"]

    # the clerk adds title rows above every table: every row number changes, no finding is new
    _office(tmp_path / "o", title_rows=2)
    report = _check(root)
    assert sorted((f.rule, f.row + 2 if f.row else None) for f in before.findings) == \
        sorted((f.rule, f.row) for f in report.findings)
    second = record_run(root, report, "check")
    assert second.previous_run_id == first.run_id
    assert [s.new for s in second.states] == [False] * len(report.findings)
    assert {s.since for s in second.states} == {datetime(2026, 11, 30).date()}
    assert second.resolved == []
    assert sorted(s.fingerprint for s in first.states) == sorted(s.fingerprint for s in second.states)


def test_fixed_problem_is_resolved_and_the_rest_still_open(tmp_path: Path) -> None:
    root = _office(tmp_path / "o")
    record_run(root, _check(root), "check")
    _office(tmp_path / "o", handed=100.0)  # the handover now matches the cash
    diff = record_run(root, _check(root), "check")
    assert [r.rule for r in diff.resolved] == ["fee.not-cleared"]
    assert diff.resolved[0].key == "王芳" and diff.resolved[0].args["difference_fen"] == -1000
    assert diff.counts() == {"new": 0, "open": 2, "resolved": 1}


def test_resolved_is_per_kind_and_period(tmp_path: Path) -> None:
    root = _office(tmp_path / "o")
    record_run(root, _check(root), "check")
    _office(tmp_path / "o", handed=100.0)
    close = record_run(root, _check(root), "close-day")
    assert close.previous_run_id is None and close.resolved == []  # no earlier close-day of this period
    assert [s.new for s in close.states] == [False, False]  # but they were seen by the check before
    assert [r.kind for r in runs(root)] == ["close-day", "check"]


def test_runs_are_ordered_by_the_moment_they_judge_not_by_when_they_ran(tmp_path: Path) -> None:
    """A check as of 11-30 first, then the same month judged as of 11-12 and 11-20 (an office catching up):
    nothing judged after a run's moment counts as seen before it."""
    root = _office(tmp_path / "o")
    late = record_run(root, run_check(root, as_of="2026-11-30 23:59"), "check")
    early = record_run(root, run_check(root, as_of="2026-11-12 23:59"), "check")
    assert early.previous_run_id is None  # the 11-30 run judged later: it is not "before"
    assert early.states and {(s.new, s.since) for s in early.states} == {(True, None)}
    middle = record_run(root, run_check(root, as_of="2026-11-20 23:59"), "check")
    assert middle.previous_run_id == early.run_id != late.run_id
    assert {(s.new, s.since) for s in middle.states} == {(False, datetime(2026, 11, 12).date())}


def test_a_day_close_after_a_month_check_does_not_say_since_the_month_end(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's case: check as of 11-30, then close-day 11-03: its findings are new that day, not
    "2026-11-30 起未解决"."""
    root = _office(tmp_path / "o")
    main(["check", str(root), "--month", "2026-11", "--as-of", "2026-11-30 23:59", "--exit-zero"])
    capsys.readouterr()
    main(["close-day", str(root), "--date", "2026-11-03", "--format", "json"])
    close = json.loads(capsys.readouterr().out)
    assert close["findings"] and {(f["state"], f["since"]) for f in close["findings"]} == {("new", None)}


def test_ignored_rules_do_not_count_as_resolved(tmp_path: Path) -> None:
    root = _office(tmp_path / "o")
    record_run(root, _check(root), "check")
    diff = record_run(root, run_check(root, select=["input.bad-value"]), "check")
    assert diff.resolved == []


def test_phone_numbers_are_masked_before_storing(tmp_path: Path) -> None:
    stored = safe_args({"phone": "13800138000", "note": "回电 138 0013 8000 或 13912345678", "n": 3,
                        "at": datetime(2026, 11, 3, 9, 5)})
    assert "13800138000" not in stored and "0013 8000" not in stored and "13912345678" not in stored
    assert "138****8000" in stored and "139****5678" in stored and "2026-11-03 09:05" in stored


@pytest.mark.slow
def test_demo_history_holds_no_phone_numbers(tmp_path: Path) -> None:
    from registers.demo.office import write_demo

    root = tmp_path / "demo"
    write_demo(root)
    record_run(root, _check(root), "check")
    with sqlite3.connect(history_path(root)) as con:
        text = " ".join(str(v) for row in con.execute("SELECT * FROM findings") for v in row)
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", text)


# ---------------------------------------------------------------- bad files


def test_corrupt_history_is_a_clear_error_and_check_still_works(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = _office(tmp_path / "o")
    path = history_path(root)
    path.parent.mkdir()
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(HistoryError) as err:
        record_run(root, _check(root), "check")
    assert str(path) in str(err.value)
    status = main(["check", str(root), "--month", "2026-11", "--as-of", "2026-11-30 23:59", "--format", "json"])
    assert status == 1  # the check's own verdict, unchanged by the broken history
    captured = capsys.readouterr()
    assert '"fee.not-cleared"' in captured.out
    assert "警告" in captured.err and str(path) in captured.err
    assert path.read_bytes().startswith(b"this is not a database")  # never overwritten


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    root = _office(tmp_path / "o")
    path = history_path(root)
    path.parent.mkdir()
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE contacts (name TEXT)")
    with pytest.raises(HistoryError, match="其他程序的 SQLite 数据库"):
        record_run(root, _check(root), "check")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    root = _office(tmp_path / "o")
    record_run(root, _check(root), "check")
    with sqlite3.connect(history_path(root)) as con:
        con.execute("UPDATE registers_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(HistoryError, match="更新版本"):
        record_run(root, _check(root), "check")


def test_check_records_runs_unless_told_not_to(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _office(tmp_path / "o")
    args = ["check", str(root), "--month", "2026-11", "--as-of", "2026-11-30 23:59", "--format", "json"]
    assert main([*args, "--no-history"]) == 1
    assert not history_path(root).exists()
    assert main(args) == 1
    assert main(args) == 1
    capsys.readouterr()
    assert [(r.kind, r.counts["error"]) for r in runs(root)] == [("check", 3), ("check", 3)]
    with sqlite3.connect(history_path(root)) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# ---------------------------------------------------------------- concurrency


def _record_many(root: str, n: int) -> None:
    office = Path(root)
    report = run_check(office, as_of="2026-11-30 23:59")
    for _ in range(n):
        record_run(office, report, "check")


@pytest.mark.slow
def test_concurrent_processes_and_threads_leave_the_database_intact(tmp_path: Path) -> None:
    root = _office(tmp_path / "o")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_record_many, args=(str(root), 8)) for _ in range(3)]
    for p in procs:
        p.start()
    threads = [threading.Thread(target=_record_many, args=(str(root), 8)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    for p in procs:
        p.join(timeout=300)
        assert p.exitcode == 0
    assert integrity_ok(root)
    recorded = runs(root, limit=1000)
    assert len(recorded) == 5 * 8
    with sqlite3.connect(history_path(root)) as con:
        per_run = con.execute("SELECT run_id, COUNT(*) FROM findings GROUP BY run_id").fetchall()
    assert len(per_run) == 40 and {n for _, n in per_run} == {3}
