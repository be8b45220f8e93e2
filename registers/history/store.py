"""Recording runs in the history: the SQLite file, its schema, and :func:`record_run`.

Each run stores its time, kind, period, as-of moment and findings, each finding
under its fingerprint (:mod:`registers.history.fingerprints`).  :func:`record_run`
returns a :class:`RunDiff`: for each finding of the run whether it is new or
still open since when, and the findings of the previous run of the same kind
and period that are gone (resolved).

The database is SQLite in WAL mode with a busy timeout; every write is one
``BEGIN IMMEDIATE`` transaction, so two runs at once queue instead of tearing
the file.  A corrupt or foreign file at the path is a :class:`HistoryError`
naming it; nothing is overwritten.  Phone numbers are masked before a
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
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from registers import __version__
from registers.core.findings import Finding, Severity
from registers.core.output import kill_point
from registers.core.values.units import mask_phone
from registers.history.fingerprints import fingerprints
from registers.i18n import mask_phones_in

if TYPE_CHECKING:
    from registers.check import Report

HISTORY_DIR = ".registers"
HISTORY_NAME = "history.sqlite"
APP_ID = "registers-history"
SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 30_000

KINDS = ("check", "close-day")

_SCHEMA = """
CREATE TABLE registers_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_at TEXT NOT NULL,          -- wall clock, office local time
    kind TEXT NOT NULL,            -- check | close-day
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    as_of TEXT NOT NULL,
    rules TEXT NOT NULL,           -- JSON list of the rule ids that ran
    tool_version TEXT NOT NULL,
    n_error INTEGER NOT NULL,
    n_warning INTEGER NOT NULL,
    n_info INTEGER NOT NULL,
    show_personal INTEGER NOT NULL DEFAULT 0  -- 1: the run's reports showed phone numbers unmasked
);
CREATE INDEX runs_scope ON runs (kind, period_start, period_end, id);
CREATE TABLE findings (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    fingerprint TEXT NOT NULL,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    clause TEXT NOT NULL,
    register TEXT,
    file TEXT,
    sheet TEXT,
    row INTEGER,
    col TEXT,
    key TEXT,
    day TEXT,
    args TEXT NOT NULL             -- JSON, phone numbers masked
);
CREATE INDEX findings_run ON findings (run_id);
CREATE INDEX findings_fingerprint ON findings (fingerprint, run_id);
"""


class HistoryError(Exception):
    """The history database cannot be used (corrupt, foreign, newer schema, not writable)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"run history {path}: {reason}")
        self.path = path
        self.reason = reason


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
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """The history at ``path``, opened (created when missing) in WAL mode, its schema checked and brought up
    to date; :class:`HistoryError` when it cannot be used."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HistoryError(path, f"cannot create its folder ({exc.strerror or exc})") from None
    if path.exists() and not path.is_file():
        raise HistoryError(path, "is not a file")
    try:
        con = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise HistoryError(path, f"cannot be opened ({exc})") from None
    with closing(con):
        try:
            con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = con.execute("PRAGMA journal_mode = WAL").fetchone()
            if mode is None or str(mode[0]).lower() != "wal":
                raise HistoryError(path, f"cannot switch to WAL mode (got {mode})")
            con.execute("PRAGMA synchronous = NORMAL")
            con.execute("PRAGMA foreign_keys = ON")
            _ensure_schema(con, path)
        except sqlite3.DatabaseError as exc:
            raise HistoryError(path, f"is not a registers history database or is damaged ({exc}); "
                                     "move it aside to start a new history") from None
        yield con


def _ensure_schema(con: sqlite3.Connection, path: Path) -> None:
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        con.execute("BEGIN IMMEDIATE")
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:  # nobody created it meanwhile
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        con.execute(statement)
                con.executemany("INSERT INTO registers_meta (key, value) VALUES (?, ?)",
                                [("app", APP_ID), ("schema_version", str(SCHEMA_VERSION))])
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "registers_meta" not in tables:
        raise HistoryError(path, "is a SQLite database of another program (no registers_meta table); "
                                 "move it aside to start a new history")
    meta = dict(con.execute("SELECT key, value FROM registers_meta").fetchall())
    if meta.get("app") != APP_ID:
        raise HistoryError(path, f"is not a registers history database (app = {meta.get('app')!r})")
    version = int(meta.get("schema_version", "0"))
    if version > SCHEMA_VERSION:
        raise HistoryError(path, f"was written by a newer registers (schema {version}, this one reads "
                                 f"{SCHEMA_VERSION}); upgrade registers")
    if version < 1 or not {"runs", "findings"} <= tables:
        raise HistoryError(path, f"has an unknown or incomplete schema (version {version})")
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
        con.execute("UPDATE registers_meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
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
               show_personal: bool = False) -> RunDiff:
    """Store ``report`` as one run of ``kind`` and compare it with the history (one transaction).

    ``show_personal`` records that the run's reports showed personal data unmasked."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    office = report.office
    path = history_path(office_dir)
    fps = fingerprints(report.findings, office)
    when = run_at or datetime.now(office.settings.tz).replace(tzinfo=None, microsecond=0)
    counts = report.summary()
    rule_ids = sorted({r.id for r in report.rules} | {f.rule for f in report.findings})
    with connect(path) as con:
        try:
            con.execute("BEGIN IMMEDIATE")
            prev = con.execute(
                "SELECT id, as_of, rules FROM runs WHERE kind = ? AND period_start = ? AND period_end = ? "
                "ORDER BY id DESC LIMIT 1",
                (kind, office.period.start.isoformat(), office.period.end.isoformat()),
            ).fetchone()
            first_seen = _first_seen(con, fps)
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
                since = _first_seen(con, [r.fingerprint for r in resolved])
                resolved = [_with_since(r, since.get(r.fingerprint)) for r in resolved]
            kill_point("history-insert")
            con.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise HistoryError(path, f"could not record the run ({exc})") from None
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
    states = [FindingState(fp, fp not in first_seen, first_seen.get(fp)) for fp in fps]
    return RunDiff(run_id=run_id, previous_run_id=prev[0] if prev else None,
                   previous_as_of=datetime.fromisoformat(prev[1]) if prev else None,
                   states=states, resolved=resolved)


def _first_seen(con: sqlite3.Connection, fps: Sequence[str]) -> dict[str, date]:
    """For fingerprints already recorded: the as-of day of the earliest run that reported each."""
    out: dict[str, date] = {}
    uniq = list(dict.fromkeys(fps))
    for i in range(0, len(uniq), 500):
        chunk = uniq[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for fp, first in con.execute(
            f"SELECT f.fingerprint, MIN(r.as_of) FROM findings f JOIN runs r ON r.id = f.run_id "
            f"WHERE f.fingerprint IN ({marks}) GROUP BY f.fingerprint", chunk,
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

