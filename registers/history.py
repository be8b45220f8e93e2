"""Run history: every ``check`` and ``close-day`` run, in ``OFFICE_DIR/.registers/history.sqlite``.

Each run stores its time, kind, period, as-of moment and findings.  A finding is
known across runs by its *fingerprint*: a hash of the rule, file, sheet, the
row's key (or, when the row has none, the row's own identifying text), the
field and the date — never the row number, so a row inserted above does not
make every finding "new".  :func:`record_run` returns a :class:`RunDiff`: for
each finding of the run whether it is new or still open since when, and the
findings of the previous run of the same kind and period that are gone
(resolved).

The database is SQLite in WAL mode with a busy timeout; every write is one
``BEGIN IMMEDIATE`` transaction, so two runs at once queue instead of tearing
the file.  A corrupt or foreign file at the path is a :class:`HistoryError`
naming it; nothing is overwritten.  Phone numbers are masked before a
finding's message arguments are stored, whatever the run showed; a run that
showed personal data (``--show-personal-data``) says so in ``runs.show_personal``.

Schema 2 added ``runs.show_personal``; a schema-1 database is migrated in
place (one ``ALTER TABLE`` in a transaction, old runs read as 0) the first time
it is opened.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
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
from registers.core.spec import KIND_BY_KEY
from registers.core.values import mask_phone
from registers.i18n import mask_phones_in

if TYPE_CHECKING:
    from registers.check import Report
    from registers.office.load import Office

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


# ---------------------------------------------------------------- fingerprints


def _norm(v: Any) -> str:
    if v is None:
        return ""
    try:
        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(v, pd.Timestamp | datetime):
        return pd.Timestamp(v).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, date):
        return v.isoformat()
    return re.sub(r"\s+", "", str(v))


def _field_of(office: Office | None, f: Finding) -> str:
    """The field a finding points at, by name (stable when columns move), else its ``field`` argument."""
    arg = f.args.get("field")
    if isinstance(arg, str):
        return arg
    if office is None or not f.column:
        return ""
    for src in office.sources:
        if src.file == f.file and src.sheet == f.sheet:
            for name, letter in src.columns.items():
                if letter == f.column:
                    return name
    return f.column


def _row_identity(office: Office | None, f: Finding, field_name: str) -> str:
    """A keyless row told by its own content: its required fields (but the one at fault), not its number."""
    if office is None or f.row is None:
        return ""
    for i, src in enumerate(office.sources):
        if src.file != f.file or src.sheet != f.sheet:
            continue
        frame = office.frames.get(src.kind)
        if frame is None or frame.empty:
            continue
        hit = frame[(frame["_src"] == i) & (frame["_row"] == f.row)]
        if hit.empty:
            continue
        kind = KIND_BY_KEY[src.kind]
        usable = [fl for fl in kind.fields if fl.name != field_name and fl.kind != "phone"]
        names = [fl.name for fl in usable if fl.required] or [fl.name for fl in usable]
        record = hit.iloc[0]
        parts = [_norm(record.get(n)) for n in names]
        if f.value is not None:
            parts.append(_norm(f.value))
        return "|".join(parts)
    return ""


def fingerprint(f: Finding, office: Office | None = None) -> str:
    """sha256 of rule, file, sheet, key (or the row's identifying text), field and date."""
    field_name = _field_of(office, f)
    ident = f.key if f.key else _row_identity(office, f, field_name)
    parts = [f.rule, f.file or "", f.sheet or "", _norm(ident), field_name, f.date.isoformat() if f.date else ""]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def fingerprints(findings: Sequence[Finding], office: Office | None = None) -> list[str]:
    """Fingerprints of ``findings``; a repeat within one run gets ``#2``, ``#3``… so each stays distinct."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for f in findings:
        fp = fingerprint(f, office)
        n = seen.get(fp, 0) + 1
        seen[fp] = n
        out.append(fp if n == 1 else hashlib.sha256(f"{fp}#{n}".encode()).hexdigest())
    return out


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
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
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
    with _connect(history_path(office_dir)):
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
    with _connect(path) as con:
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
    with _connect(path) as con:
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
            raise HistoryError(path, f"cannot be read ({exc})") from None
    return [RunRecord(r[0], datetime.fromisoformat(r[1]), r[2], date.fromisoformat(r[3]), date.fromisoformat(r[4]),
                      datetime.fromisoformat(r[5]), {"error": r[6], "warning": r[7], "info": r[8]}, bool(r[9]))
            for r in rows]


def integrity_ok(office_dir: Path) -> bool:
    """``PRAGMA integrity_check`` of the office's history."""
    with _connect(history_path(office_dir)) as con:
        return [r[0] for r in con.execute("PRAGMA integrity_check")] == ["ok"]


def consistency_problems(office_dir: Path) -> list[str]:
    """What is wrong with the office's history, if anything: SQLite's own checks, and every run holding
    exactly the findings it counted (a run is stored whole or not at all)."""
    path = history_path(office_dir)
    if not path.exists():
        return []
    problems: list[str] = []
    with _connect(path) as con:
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
    """Findings per rule of the latest ``check`` run of the period ``start``..``end`` (the monthly
    report's comparison with the month before).

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
                "ORDER BY id DESC LIMIT 1", (start.isoformat(), end.isoformat()),
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
