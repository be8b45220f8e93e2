"""Reading the run history, recording nothing: the latest runs, whether the file is whole and every run
holds the findings it counted, and the findings per rule of a period's latest ``check`` (the monthly
report's comparison with the month before).

They stand apart from :mod:`registers.history.store`, which records runs; :func:`latest_check_counts`
opens the file read-only and never creates it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from registers.history.db import history_error
from registers.history.store import connect, history_path


@dataclass(frozen=True)
class RunRecord:
    id: int
    run_at: datetime
    kind: str
    period_start: date
    period_end: date
    as_of: datetime
    counts: dict[str, int]
    show_personal: bool = False


def runs(office_dir: Path, *, kind: str | None = None, limit: int = 50) -> list[RunRecord]:
    """The latest runs, newest first (for reports and tests)."""
    path = history_path(office_dir)
    if not path.exists():
        return []
    with connect(path) as con:
        sql = ("SELECT id, run_at, kind, period_start, period_end, as_of, n_error, n_warning, n_info, show_personal "
               "FROM runs")
        params: list[Any] = []
        if kind:
            sql += " WHERE kind = ?"
            params.append(kind)
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(limit)
        try:
            rows = con.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise history_error(path, exc, "zh-Hans") from None
    return [RunRecord(r[0], datetime.fromisoformat(r[1]), r[2], date.fromisoformat(r[3]), date.fromisoformat(r[4]),
                      datetime.fromisoformat(r[5]), {"error": r[6], "warning": r[7], "info": r[8]}, bool(r[9]))
            for r in rows]


def integrity_ok(office_dir: Path) -> bool:
    """``PRAGMA integrity_check`` of the office's history."""
    with connect(history_path(office_dir)) as con:
        return [r[0] for r in con.execute("PRAGMA integrity_check")] == ["ok"]


def consistency_problems(office_dir: Path) -> list[str]:
    """What is wrong with the office's history, if anything: SQLite's own checks, and every run holding
    exactly the findings it counted (a run is stored whole or not at all)."""
    path = history_path(office_dir)
    if not path.exists():
        return []
    problems: list[str] = []
    with connect(path) as con:
        problems += [f"integrity_check: {r[0]}" for r in con.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign_key_check: {tuple(r)}" for r in con.execute("PRAGMA foreign_key_check")]
        for run_id, counted, stored in con.execute(
            "SELECT r.id, r.n_error + r.n_warning + r.n_info, "
            "(SELECT COUNT(*) FROM findings f WHERE f.run_id = r.id) FROM runs r"
        ):
            if counted != stored:
                problems.append(f"run {run_id}: counts {counted} findings, holds {stored}")
    return problems


def latest_check_counts(office_dir: Path, start: date, end: date) -> tuple[dict[str, int] | None, str]:
    """Findings per rule of the ``check`` run of the period ``start``..``end`` that judged the latest moment
    (the monthly report's comparison with the month before).

    Read only: the history is opened read-only and never created here.  ``(None, "none")`` when
    there is no such run, ``(None, reason)`` when the history cannot be read.
    """
    path = history_path(office_dir)
    if not path.is_file():
        return None, "none"
    try:
        con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True, timeout=30)
        try:
            row = con.execute(
                "SELECT id FROM runs WHERE kind = 'check' AND period_start = ? AND period_end = ? "
                "ORDER BY as_of DESC, id DESC LIMIT 1", (start.isoformat(), end.isoformat()),
            ).fetchone()
            if row is None:
                return None, "none"
            counts = dict(con.execute("SELECT rule, COUNT(*) FROM findings WHERE run_id = ? GROUP BY rule",
                                      (row[0],)).fetchall())
        finally:
            con.close()
    except sqlite3.Error as exc:
        return None, f"{path}: {exc}"
    return {str(k): int(v) for k, v in counts.items()}, "found"
