"""Opening the history's SQLite file: created whole or not at all, waited for when busy, errors told apart.

* **Creation is race-free.**  A missing history is built under a temporary name in ``.registers/`` (schema,
  meta rows, journal mode) and then hard-linked into place, which fails when the file is already there; so
  of two runs starting together on a new office exactly one history appears, complete, and the other run
  uses it.  Where the folder cannot hold hard links the file is created in place inside one
  ``BEGIN IMMEDIATE`` transaction instead, retried while another run holds the lock.
* **A busy history is waited for.**  SQLite's busy timeout (:data:`BUSY_TIMEOUT_MS`) covers most waits;
  the few ``SQLITE_BUSY`` answers SQLite gives without waiting (two connections switching journal mode,
  a lock upgrade it refuses to avoid a deadlock) are retried here until the same deadline.  Then the
  run fails with :class:`HistoryBusy`: "busy, try again", never "damaged".
* **Only real corruption is damage.**  ``SQLITE_CORRUPT`` and ``SQLITE_NOTADB`` say the file is damaged
  or not a database; a read-only folder, a full disk or an I/O error say what they are.
* **WAL where the folder supports it, a rollback journal where it does not.**  WAL needs shared memory
  beside the file, which network shares (SMB, NFS) often cannot give; SQLite then refuses the switch and
  the history keeps a rollback journal (``journal_mode = DELETE``): every run still waits for the others,
  readers wait for a writer too.  ``REGISTERS_HISTORY_VFS`` names the SQLite VFS to open the file with
  (``unix-dotfile`` for a share whose byte-range locks do not work; the tests use it to force the fallback);
  every computer using the office folder must then set the same.

Messages are in the office's language (:mod:`registers.i18n.history`).
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

from registers.i18n import word

APP_ID = "registers-history"
SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 30_000
VFS_ENV = "REGISTERS_HISTORY_VFS"

_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
_DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
_NO_ACCESS = (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_AUTH)
_DISK = (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL)

SCHEMA = """
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

T = TypeVar("T")


class HistoryError(Exception):
    """The history database cannot be used (damaged, foreign, newer schema, not writable, busy)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


class HistoryBusy(HistoryError):
    """Another run held the history longer than the busy timeout: nothing is wrong with it, try again."""


def history_error(path: Path, exc: sqlite3.Error, lang: str, what: str = "history.unusable") -> HistoryError:
    """The :class:`HistoryError` that ``exc`` means: busy, damaged, no access, a disk error, or ``what``."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in _BUSY or (primary is None and "locked" in str(exc)):
        return HistoryBusy(path, word("history.busy", lang, path=path, seconds=BUSY_TIMEOUT_MS // 1000))
    if primary in _DAMAGED:
        return HistoryError(path, word("history.damaged", lang, path=path, detail=exc))
    if primary in _NO_ACCESS:
        return HistoryError(path, word("history.no-access", lang, path=path, detail=exc))
    if primary in _DISK:
        return HistoryError(path, word("history.disk", lang, path=path, detail=exc))
    return HistoryError(path, word(what, lang, path=path, detail=exc))


def is_busy(exc: BaseException) -> bool:
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    return (code & 0xFF) in _BUSY if isinstance(code, int) else "locked" in str(exc)


def retrying(step: Callable[[], T], deadline: float) -> T:
    """``step()``, again after a short pause while SQLite answers busy without waiting, until ``deadline``."""
    pause = 0.005
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def _open(path: Path, timeout_s: float) -> sqlite3.Connection:
    vfs = os.environ.get(VFS_ENV, "").strip()
    if vfs:
        return sqlite3.connect(f"{path.resolve().as_uri()}?vfs={vfs}", uri=True, timeout=timeout_s,
                               isolation_level=None)
    return sqlite3.connect(str(path), timeout=timeout_s, isolation_level=None)


def _journal(con: sqlite3.Connection, deadline: float) -> str:
    """WAL when the folder supports it, else a rollback journal; the mode the file is in."""
    mode = str(retrying(lambda: con.execute("PRAGMA journal_mode").fetchone(), deadline)[0]).lower()
    if mode == "wal":
        return mode
    try:
        mode = str(retrying(lambda: con.execute("PRAGMA journal_mode = WAL").fetchone(), deadline)[0]).lower()
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise
        mode = "failed"  # no shared memory beside the file (a network share): keep a rollback journal
    if mode != "wal":
        mode = str(retrying(lambda: con.execute("PRAGMA journal_mode = DELETE").fetchone(), deadline)[0]).lower()
    return mode


def _create_schema(con: sqlite3.Connection) -> None:
    """The schema and meta rows, in one transaction, unless somebody created them meanwhile."""
    con.execute("BEGIN IMMEDIATE")
    try:
        if con.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    con.execute(statement)
            con.executemany("INSERT INTO registers_meta (key, value) VALUES (?, ?)",
                            [("app", APP_ID), ("schema_version", str(SCHEMA_VERSION))])
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise


def _create_whole(path: Path, deadline: float) -> None:
    """Build the history under a temporary name and link it into place; the loser of a race removes its copy.
    Where hard links are not supported, nothing is done here (the file is created in place)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        with closing(_open(tmp, BUSY_TIMEOUT_MS / 1000)) as con:
            _journal(con, deadline)
            _create_schema(con)
        with suppress(FileExistsError):
            os.link(tmp, path)
    except OSError:
        pass  # no hard links here (some shares): created in place by the caller
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm"),
                         tmp.with_name(tmp.name + "-journal")):
            with suppress(OSError):
                leftover.unlink()


@contextmanager
def open_history(path: Path, lang: str, check: Callable[[sqlite3.Connection], None]) -> Iterator[sqlite3.Connection]:
    """The history at ``path`` (created whole when missing), its journal mode set, ``check(con)`` run on it;
    :class:`HistoryError` (:class:`HistoryBusy` when it stayed busy) when it cannot be used."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HistoryError(path, word("history.no-folder", lang, path=path, detail=exc.strerror or exc)) from None
    if path.exists() and not path.is_file():
        raise HistoryError(path, word("history.not-a-file", lang, path=path))
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    try:
        if not path.exists():
            _create_whole(path, deadline)
        con = _open(path, BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise history_error(path, exc, lang, "history.cannot-open") from None
    with closing(con):
        try:
            con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if _journal(con, deadline) == "wal":
                con.execute("PRAGMA synchronous = NORMAL")
            con.execute("PRAGMA foreign_keys = ON")
            tables = retrying(lambda: con.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0], deadline)
            if tables == 0:  # an empty file (no hard links here, or left by an older registers)
                retrying(lambda: _create_schema(con), deadline)
            retrying(lambda: check(con), deadline)
        except sqlite3.Error as exc:
            raise history_error(path, exc, lang) from None
        yield con


def run_write(con: sqlite3.Connection, path: Path, lang: str, body: Callable[[], Any]) -> Any:
    """``body()`` inside one ``BEGIN IMMEDIATE`` transaction, retried whole while SQLite answers busy without
    waiting; rolled back on any error (:class:`HistoryError` for a database error)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000

    def once() -> Any:
        con.execute("BEGIN IMMEDIATE")
        try:
            out = body()
            con.execute("COMMIT")
            return out
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise

    try:
        return retrying(once, deadline)
    except sqlite3.Error as exc:
        raise history_error(path, exc, lang, "history.not-written") from None
