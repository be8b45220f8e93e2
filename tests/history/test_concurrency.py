"""Runs that start together on one office (issue 26): the evening close from the scheduler and a clerk's click
in Excel, a group run and a manager's monthly.  Every run is recorded exactly once and the history stays whole,
whether it did not exist yet, is current or has an older schema."""

from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from registers.history.queries import consistency_problems, integrity_ok, runs
from registers.history.store import history_path, record_run
from tests.support.helpers import make_office, run_check
from tests.support.output_proof import make_v1_history

COMMANDS = ("check", "close-day", "monthly")
ROUNDS = 20
AS_OF = datetime(2026, 11, 30, 23, 59)


def _office(root: Path) -> Path:
    """A small fee ledger with a title row, as a cashier keeps it: a short handover and an unapproved expense."""
    return make_office(root, {
        "收费台账.xlsx": {
            "收费明细": [["阿尔卡迪亚管理处 2026年11月收费台账"], ["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人"],
                       ["NO.1", datetime(2026, 11, 3, 9), "1-1-101", "物业服务费", 100, "现金", "王芳"],
                       ["NO.2", datetime(2026, 11, 3, 10), "1-1-102", "物业服务费", 50, "微信", "王芳"],
                       ["合计", None, None, None, 150, None, None]],
            "日结上交": [["日期", "收款人", "现金上交", "接收人"], [datetime(2026, 11, 3), "王芳", 90, "周建华"]],
            "支出明细": [["日期", "凭证号", "支出类别", "金额", "经办人", "审批人"],
                       [datetime(2026, 11, 5), "ZC2", "维修费", 80, "李明", ""]],
        },
    }, config='office = "测试管理处"\n[rules]\nselect = ["fee", "input.bad-value"]\n')


def _warm() -> None:
    import registers.pipeline.day
    import registers.pipeline.monthly  # noqa: F401


def _run(office: str, command: str, start_at: float) -> list[str]:
    """One writing command on ``office``, started at ``start_at`` (wall clock): the warnings it gave."""
    from registers.core.period import Period
    from registers.pipeline.check import CheckOptions
    from registers.pipeline.check import run_check as pipeline_check
    from registers.pipeline.day import close_day
    from registers.pipeline.monthly import monthly_report

    root = Path(office)
    time.sleep(max(0.0, start_at - time.time()))
    if command == "check":
        return pipeline_check(root, CheckOptions(period=Period.parse_month("2026-11"), as_of=AS_OF,
                                                 history=True)).warnings
    if command == "close-day":
        return list(close_day(root, date(2026, 11, 3), as_of=datetime(2026, 11, 3, 23, 59)).warnings)
    return list(monthly_report(root, Period.parse_month("2026-11"), as_of=AS_OF, pdf=False).warnings)


@pytest.mark.slow
def test_every_run_started_together_is_recorded_once(tmp_path: Path) -> None:
    master = _office(tmp_path / "master")
    current = tmp_path / "current-master"
    shutil.copytree(master, current)
    record_run(current, run_check(current, as_of="2026-10-31 23:59", month="2026-10"), "check")
    started = time.monotonic()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(8, initializer=_warm) as pool:
        for i in range(ROUNDS):
            state = ("none", "current", "v1")[i % 3]
            n = 2 + i % 7  # 2 to 8 runs at once
            office = Path(shutil.copytree(current if state == "current" else master, tmp_path / f"round-{i}"))
            if state == "v1":
                make_v1_history(office)
            before = len(runs(office, limit=10_000))
            commands = [COMMANDS[(i + k) % 3] for k in range(n)]
            start_at = time.time() + 0.3
            warnings = pool.starmap(_run, [(str(office), c, start_at) for c in commands])
            label = f"round {i} ({state} history, {n} runs: {commands})"
            assert [w for ws in warnings for w in ws] == [], label  # nothing lost, nothing called damaged
            assert len(runs(office, limit=10_000)) - before == n, label
            assert consistency_problems(office) == [] and integrity_ok(office), label
            with sqlite3.connect(history_path(office)) as con:
                assert con.execute("SELECT value FROM registers_meta WHERE key = 'schema_version'").fetchone() == ("2",)
            assert not [p.name for p in history_path(office).parent.iterdir() if p.name.endswith(".tmp")], label
    assert time.monotonic() - started < 60
