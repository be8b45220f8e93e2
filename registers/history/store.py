"""Recording runs in the history: the SQLite file, its schema, and :func:`record_run`.

Each run stores its time, kind, period, as-of moment and findings, each finding
under its fingerprint (:mod:`registers.history.fingerprints`).  :func:`record_run`
returns a :class:`RunDiff`: for each finding of the run whether it is new or
still open since when, and the findings of the previous run of the same kind
and period that are gone (resolved).

The file is opened by :mod:`registers.history.db`: created whole by one run when missing (the others
wait for it), WAL where the folder supports it and a rollback journal where it does not (network shares),
busy answers waited for and then told as "busy, try again", only real corruption called damage.  Every
write is one ``BEGIN IMMEDIATE`` transaction, so two runs at once queue instead of tearing the file; a
corrupt or foreign file at the path is a :class:`HistoryError` naming it; nothing is overwritten.
Phone numbers are masked before a
finding's message arguments are stored, whatever the run showed; a run that
showed personal data (``--show-personal-data``) says so in ``runs.show_personal``.

Schema 2 added ``runs.show_personal``; a schema-1 database is migrated in
place (one ``ALTER TABLE`` in a transaction, old runs read as 0) the first time
it is opened.  The queries that record nothing are :mod:`registers.history.queries`.
"""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from registers import __version__
from registers.core.findings import Finding, Severity
from registers.core.output import kill_point
from registers.core.values.units import mask_phone
from registers.history.db import (
    APP_ID,
    BUSY_TIMEOUT_MS,
    SCHEMA_VERSION,
    HistoryBusy,
    HistoryError,
    open_history,
    run_write,
)
from registers.history.fingerprints import fingerprints
from registers.i18n import mask_phones_in, word

__all__ = ["APP_ID", "BUSY_TIMEOUT_MS", "KINDS", "SCHEMA_VERSION", "FindingState", "HistoryBusy", "HistoryError",
           "RunDiff", "StoredFinding", "check_history", "connect", "history_path", "record_run", "safe_args"]

if TYPE_CHECKING:
    from registers.check import Report

HISTORY_DIR = ".registers"
HISTORY_NAME = "history.sqlite"

KINDS = ("check", "close-day")


@dataclass(frozen=True)
class FindingState:
    fingerprint: str
    new: bool
    since: date | None  # the as-of day of the first run that saw it (None when new)

    @property
    def label(self) -> str:
        return "new" if self.new else "open"


@dataclass(frozen=True)
class StoredFinding:
    """A finding as the history keeps it (for findings resolved since the last run)."""

    fingerprint: str
    rule: str
    severity: Severity
    clause: str
    register: str | None
    file: str | None
    sheet: str | None
    row: int | None
    column: str | None
    key: str | None
    date: date | None
    args: Mapping[str, Any]
    since: _dt.date | None

    def as_finding(self) -> Finding:
        return Finding(rule=self.rule, severity=self.severity, clause=self.clause, register=self.register,
                       file=self.file, sheet=self.sheet, row=self.row, column=self.column, key=self.key,
                       date=self.date, args=dict(self.args))


@dataclass
class RunDiff:
    run_id: int
    previous_run_id: int | None
    previous_as_of: datetime | None
    states: list[FindingState] = field(default_factory=list)  # aligned with the report's findings
    resolved: list[StoredFinding] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        new = sum(s.new for s in self.states)
        return {"new": new, "open": len(self.states) - new, "resolved": len(self.resolved)}


# ---------------------------------------------------------------- storing arguments

def _plain(name: str, v: Any) -> Any:
    if name == "phone" and isinstance(v, str):
        return mask_phone(v)
    if isinstance(v, bool | int | float) or v is None:
        return v
    if isinstance(v, datetime | pd.Timestamp):
        return pd.Timestamp(v).strftime("%Y-%m-%d %H:%M")
    if isinstance(v, date):
        return v.isoformat()
    if hasattr(v, "item"):  # numpy scalar
        return _plain(name, v.item())
    return mask_phones_in(str(v))


def safe_args(args: Mapping[str, Any]) -> str:
    """The message arguments as JSON, dates as text and phone numbers masked."""
    return json.dumps({k: _plain(k, v) for k, v in args.items()}, ensure_ascii=False, sort_keys=True)


# ---------------------------------------------------------------- the database


def history_path(office_dir: Path) -> Path:
    return office_dir / HISTORY_DIR / HISTORY_NAME


@contextmanager
def connect(path: Path, lang: str = "zh-Hans") -> Iterator[sqlite3.Connection]:
    """The history at ``path``, opened (created whole when missing) in WAL mode where the folder supports it,
    its schema checked and brought up to date; :class:`HistoryError` in ``lang`` when it cannot be used
    (:class:`HistoryBusy` when another run kept it busy past the timeout)."""
    with open_history(path, lang, lambda con: _ensure_schema(con, path, lang)) as con:
        yield con


def _ensure_schema(con: sqlite3.Connection, path: Path, lang: str) -> None:
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "registers_meta" not in tables:
        raise HistoryError(path, word("history.foreign", lang, path=path))
    meta = dict(con.execute("SELECT key, value FROM registers_meta").fetchall())
    if meta.get("app") != APP_ID:
        raise HistoryError(path, word("history.not-ours", lang, path=path, app=meta.get("app")))
    try:
        version = int(meta.get("schema_version", "0"))
    except ValueError:
        version = 0
    if version > SCHEMA_VERSION:
        raise HistoryError(path, word("history.newer", lang, path=path, version=version, reads=SCHEMA_VERSION))
    if version < 1 or not {"runs", "findings"} <= tables:
        raise HistoryError(path, word("history.incomplete", lang, path=path, version=version))
    if version < SCHEMA_VERSION:
        _migrate(con)


def _migrate(con: sqlite3.Connection) -> None:
    """Bring an older history up to :data:`SCHEMA_VERSION`, in one transaction (a concurrent run waits)."""
    con.execute("BEGIN IMMEDIATE")
    try:
        version = int(dict(con.execute("SELECT key, value FROM registers_meta").fetchall())
                      .get("schema_version", "0"))
        if version < 2:  # 1 -> 2: the run records whether personal data was shown
            columns = {r[1] for r in con.execute("PRAGMA table_info(runs)")}
            if "show_personal" not in columns:
                con.execute("ALTER TABLE runs ADD COLUMN show_personal INTEGER NOT NULL DEFAULT 0")
        if version < SCHEMA_VERSION:  # a run that migrated meanwhile left nothing to do
            con.execute("UPDATE registers_meta SET value = ? WHERE key = 'schema_version'",
                        (str(SCHEMA_VERSION),))
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise


def check_history(office_dir: Path) -> None:
    """Open (creating if needed) and validate the office's history; :class:`HistoryError` when unusable."""
    with connect(history_path(office_dir)):
        pass


def _iso(d: date | datetime) -> str:
    return d.isoformat(sep=" ") if isinstance(d, datetime) else d.isoformat()


def record_run(office_dir: Path, report: Report, kind: str, *, run_at: datetime | None = None,
               show_personal: bool = False, lang: str | None = None) -> RunDiff:
    """Store ``report`` as one run of ``kind`` and compare it with the history (one transaction).

    ``show_personal`` records that the run's reports showed personal data unmasked; ``lang`` is the language
    of a :class:`HistoryError` (default: the office's)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    office = report.office
    path = history_path(office_dir)
    fps = fingerprints(report.findings, office)
    when = run_at or datetime.now(office.settings.tz).replace(tzinfo=None, microsecond=0)
    counts = report.summary()
    rule_ids = sorted({r.id for r in report.rules} | {f.rule for f in report.findings})
    lang = lang or office.settings.language

    judged = _iso(office.as_of)

    def write(con: sqlite3.Connection) -> tuple[Any, dict[str, date], int, list[StoredFinding]]:
        # runs are ordered by the moment they judge, not by when they ran: a close of 11-12 made after a check
        # as of 11-30 compares with what was judged by 11-12, and nothing judged later counts as seen before
        prev = con.execute(
            "SELECT id, as_of, rules FROM runs WHERE kind = ? AND period_start = ? AND period_end = ? "
            "AND as_of <= ? ORDER BY as_of DESC, id DESC LIMIT 1",
            (kind, office.period.start.isoformat(), office.period.end.isoformat(), judged),
        ).fetchone()
        first_seen = _first_seen(con, fps, judged)
        cur = con.execute(
            "INSERT INTO runs (run_at, kind, period_start, period_end, as_of, rules, tool_version, "
            "n_error, n_warning, n_info, show_personal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_iso(when), kind, office.period.start.isoformat(), office.period.end.isoformat(),
             _iso(office.as_of), json.dumps(rule_ids), __version__,
             counts["error"], counts["warning"], counts["info"], int(show_personal)),
        )
        run_id = int(cur.lastrowid or 0)
        con.executemany(
            "INSERT INTO findings (run_id, fingerprint, rule, severity, clause, register, file, sheet, row, "
            "col, key, day, args) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(run_id, fp, f.rule, f.severity.label, f.clause, f.register, f.file, f.sheet, f.row, f.column,
              mask_phones_in(f.key) if f.key else f.key, f.date.isoformat() if f.date else None,
              safe_args(f.args))
             for fp, f in zip(fps, report.findings, strict=True)],
        )
        resolved: list[StoredFinding] = []
        if prev is not None:
            ran_now = set(rule_ids)
            current = set(fps)
            for row in con.execute(
                "SELECT fingerprint, rule, severity, clause, register, file, sheet, row, col, key, day, args "
                "FROM findings WHERE run_id = ? ORDER BY rowid", (prev[0],),
            ):
                if row[0] in current or row[1] not in ran_now:
                    continue  # still there, or its rule did not run this time
                resolved.append(_stored(row, first_seen.get(row[0])))
            since = _first_seen(con, [r.fingerprint for r in resolved], judged)
            resolved = [_with_since(r, since.get(r.fingerprint)) for r in resolved]
        kill_point("history-insert")
        return prev, first_seen, run_id, resolved

    with connect(path, lang) as con:
        prev, first_seen, run_id, resolved = run_write(con, path, lang, lambda: write(con))
    states = [FindingState(fp, fp not in first_seen, first_seen.get(fp)) for fp in fps]
    return RunDiff(run_id=run_id, previous_run_id=prev[0] if prev else None,
                   previous_as_of=datetime.fromisoformat(prev[1]) if prev else None,
                   states=states, resolved=resolved)


def _first_seen(con: sqlite3.Connection, fps: Sequence[str], judged: str) -> dict[str, date]:
    """For fingerprints already recorded by a run judging a moment no later than ``judged``: the as-of day of
    the earliest run that reported each."""
    out: dict[str, date] = {}
    uniq = list(dict.fromkeys(fps))
    for i in range(0, len(uniq), 500):
        chunk = uniq[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for fp, first in con.execute(
            f"SELECT f.fingerprint, MIN(r.as_of) FROM findings f JOIN runs r ON r.id = f.run_id "
            f"WHERE f.fingerprint IN ({marks}) AND r.as_of <= ? GROUP BY f.fingerprint", [*chunk, judged],
        ):
            out[fp] = datetime.fromisoformat(first).date()
    return out


def _stored(row: Sequence[Any], since: date | None) -> StoredFinding:
    fp, rule, sev, clause, register, file, sheet, r, col, key, day, args = row
    return StoredFinding(fp, rule, Severity.parse(sev), clause, register, file, sheet, r, col, key,
                         date.fromisoformat(day) if day else None, json.loads(args), since)


def _with_since(s: StoredFinding, since: date | None) -> StoredFinding:
    return StoredFinding(s.fingerprint, s.rule, s.severity, s.clause, s.register, s.file, s.sheet, s.row,
                         s.column, s.key, s.date, s.args, since)

