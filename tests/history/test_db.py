"""Opening the run history when another run holds it, when it is damaged, and where WAL is not supported."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from registers.cli.main import main
from registers.history import db
from registers.history.queries import integrity_ok, runs
from registers.history.store import HistoryBusy, HistoryError, history_path, record_run
from tests.support.helpers import make_office, run_check


def _office(root: Path, language: str = "zh-Hant") -> Path:
    """A Traditional-Chinese office: a receipts ledger under a title row, a short handover."""
    return make_office(root, {
        "收費台賬.xlsx": {
            "收費明細": [["阿爾卡迪亞管理處 收費台賬"], ["收據號", "收款日期", "房號", "收費項目", "金額", "收款方式", "收款人"],
                       ["NO.1", datetime(2026, 11, 3, 9), "1-1-101", "物業服務費", 100, "現金", "王芳"]],
            "日結上交": [["日期", "收款人", "現金上交", "接收人"], [datetime(2026, 11, 3), "王芳", 90, "周建華"]],
        },
    }, config=f'office = "測試管理處"\nlanguage = "{language}"\n[rules]\nselect = ["fee"]\n')


def _hold(path: Path, seconds: float) -> threading.Thread:  # opened the way registers opens it (the VFS too)
    """Another run writing to the history for ``seconds`` (an exclusive lock, as a long commit holds)."""
    ready = threading.Event()

    def hold() -> None:
        con = db._open(path, 30)
        con.execute("BEGIN EXCLUSIVE")
        ready.set()
        time.sleep(seconds)
        con.execute("COMMIT")
        con.close()

    t = threading.Thread(target=hold)
    t.start()
    ready.wait()
    return t


@pytest.mark.slow
def test_a_busy_history_is_waited_for(tmp_path: Path) -> None:
    root = _office(tmp_path / "o")
    record_run(root, run_check(root), "check")
    holder = _hold(history_path(root), 0.8)
    record_run(root, run_check(root), "check")  # waits for the other run, then records
    holder.join()
    assert len(runs(root)) == 2 and integrity_ok(root)


@pytest.mark.slow
def test_a_history_busy_past_the_timeout_says_try_again_never_damaged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    root = _office(tmp_path / "o")
    record_run(root, run_check(root), "check")
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)
    holder = _hold(history_path(root), 3)
    with pytest.raises(HistoryBusy) as err:
        record_run(root, run_check(root), "check")
    assert str(history_path(root)) in str(err.value)
    assert "正被另一次運行佔用" in str(err.value) and "請稍後再試" in str(err.value)  # the office's language
    assert "損壞" not in str(err.value) and "移到別處" not in str(err.value)
    args = ["check", str(root), "--month", "2026-11", "--as-of", "2026-11-30 23:59", "--format", "json"]
    assert main(args) == 1  # the check's own verdict
    err_text = capsys.readouterr().err
    assert "運行歷史未記錄" in err_text and "請稍後再試" in err_text and "損壞" not in err_text
    holder.join()
    assert len(runs(root)) == 1 and integrity_ok(root)  # nothing lost but the refused runs; nothing torn


def test_only_a_damaged_file_is_called_damaged(tmp_path: Path) -> None:
    root = _office(tmp_path / "o", language="en")
    path = history_path(root)
    path.parent.mkdir()
    path.write_bytes(b"SQLite format 3\x00" + b"\x10\x00" + b"garbage" * 300)
    with pytest.raises(HistoryError) as err:
        record_run(root, run_check(root), "check")
    assert not isinstance(err.value, HistoryBusy)
    assert "damaged" in str(err.value) and "move it aside" in str(err.value) and str(path) in str(err.value)


@pytest.mark.slow
def test_where_wal_is_not_supported_the_history_keeps_a_rollback_journal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the unix-dotfile VFS has no shared memory, as a network share (SMB, NFS) may not: SQLite refuses WAL
    monkeypatch.setenv(db.VFS_ENV, "unix-dotfile")
    root = _office(tmp_path / "o")
    first = record_run(root, run_check(root), "check")
    second = record_run(root, run_check(root), "check")
    assert second.previous_run_id == first.run_id and [s.new for s in second.states] == [False]
    with sqlite3.connect(history_path(root)) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not history_path(root).with_name("history.sqlite-wal").exists()
    assert len(runs(root)) == 2 and integrity_ok(root)
    holder = _hold(history_path(root), 0.8)  # still waits for another run
    started = time.monotonic()
    record_run(root, run_check(root), "check")
    assert time.monotonic() - started > 0.3
    holder.join()
    assert len(runs(root)) == 3
