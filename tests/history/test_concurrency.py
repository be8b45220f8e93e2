"""Runs that start together on one office (issue 26): the evening close from the scheduler and a clerk's click
in Excel, a group run and a manager's monthly.  Every run is recorded exactly once and the history stays whole,
whether it did not exist yet, is current or has an older schema.

Starting the processes "together" by the clock is not enough: reading the workbooks takes each a different time,
so they reach the history one after another and the race is rarely hit.  Each worker therefore waits at a barrier
right before its first SQLite connection (the test wraps ``sqlite3.connect`` inside the worker process), so every
round all of them open the history at the same moment."""

from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from registers.history.queries import consistency_problems, integrity_ok, runs
from registers.history.store import history_path, record_run
from tests.support.helpers import make_office, run_check
from tests.support.output_proof import make_v1_history

COMMANDS = ("check", "close-day", "monthly")
ROUNDS = 20  # in each of the three states: no history yet, a current one, one with schema 1
STATES = ("none", "current", "v1")
# runs at once in the rounds of each state, every count from 2 to 8: more of them where the history is created
# (where runs used to collide), fewer where it exists, to stay within the minute
COUNTS = {"none": (8, 2, 7, 3, 6, 4, 5, 8, 7, 6, 5, 8, 4, 7, 6, 8, 5, 7, 3, 8),
          "current": (2, 8, 2, 3, 2, 7, 2, 3, 2, 6, 2, 3, 2, 5, 2, 4, 2, 3, 2, 2),
          "v1": (2, 8, 2, 3, 2, 7, 2, 3, 2, 6, 2, 3, 2, 5, 2, 4, 2, 3, 2, 2)}
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


def _run(office: str, command: str, gate: threading.Barrier) -> tuple[list[str], bool]:
    """One writing command on ``office``, held at ``gate`` right before it first connects to SQLite: the warnings
    it gave, and whether all the runs of the round really met at the gate."""
    from registers.core.period import Period
    from registers.pipeline.check import CheckOptions
    from registers.pipeline.check import run_check as pipeline_check
    from registers.pipeline.day import close_day
    from registers.pipeline.monthly import monthly_report

    real_connect = sqlite3.connect
    met: list[bool] = []

    def connect_together(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        if not met:
            try:
                gate.wait()
                met.append(True)
            except threading.BrokenBarrierError:
                met.append(False)
        return real_connect(*args, **kwargs)

    root = Path(office)
    sqlite3.connect = connect_together  # type: ignore[assignment]
    try:
        if command == "check":
            warnings = pipeline_check(root, CheckOptions(period=Period.parse_month("2026-11"), as_of=AS_OF,
                                                         history=True)).warnings
        elif command == "close-day":
            warnings = list(close_day(root, date(2026, 11, 3), as_of=datetime(2026, 11, 3, 23, 59)).warnings)
        else:
            warnings = list(monthly_report(root, Period.parse_month("2026-11"), as_of=AS_OF, pdf=False).warnings)
    finally:
        sqlite3.connect = real_connect
    return warnings, met == [True]


@pytest.mark.slow
def test_every_run_started_together_is_recorded_once(tmp_path: Path) -> None:
    master = _office(tmp_path / "master")
    current = tmp_path / "current-master"
    shutil.copytree(master, current)
    record_run(current, run_check(current, as_of="2026-10-31 23:59", month="2026-10"), "check")
    # fork where there is one: eight spawned interpreters importing registers cost more than the runs themselves
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ctx.Manager() as manager, ctx.Pool(8, initializer=_warm) as pool:
        for i in range(ROUNDS * len(STATES)):
            state = STATES[i % 3]
            n = COUNTS[state][i // 3]
            office = Path(shutil.copytree(current if state == "current" else master, tmp_path / f"round-{i}"))
            if state == "v1":
                make_v1_history(office)
            before = len(runs(office, limit=10_000))
            commands = [COMMANDS[(i + k) % 3] for k in range(n)]
            gate = manager.Barrier(n, timeout=20)
            results = pool.starmap(_run, [(str(office), c, gate) for c in commands])
            label = f"round {i} ({state} history, {n} runs: {commands})"
            assert all(met for _, met in results), f"{label}: the runs did not all meet before the history"
            assert [w for ws, _ in results for w in ws] == [], label  # nothing lost, nothing called damaged
            assert len(runs(office, limit=10_000)) - before == n, label
            assert consistency_problems(office) == [] and integrity_ok(office), label
            with sqlite3.connect(history_path(office)) as con:
                assert con.execute("SELECT value FROM registers_meta WHERE key = 'schema_version'").fetchone() == ("2",)
            assert not [p.name for p in history_path(office).parent.iterdir() if p.name.endswith(".tmp")], label


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_the_output_proof_hears_a_history_warning_in_the_office_language(tmp_path: Path, lang: str) -> None:
    from registers.history.db import BUSY_TIMEOUT_MS
    from registers.i18n import word
    from tests.support.output_proof import history_complaints

    office = tmp_path / "阿尔卡迪亚管理处"
    path = history_path(office)
    busy = word("history.busy", lang, path=path, seconds=BUSY_TIMEOUT_MS // 1000)
    err = f"{word('history.not-recorded', lang, reason=busy)}\n"
    assert history_complaints(f"报告已写入 {office / '报告' / '2026-11.xlsx'}\n{err}", office) == [err.strip()]
    assert history_complaints(f"报告已写入 {office / '报告' / '2026-11.xlsx'}\n", office) == []
