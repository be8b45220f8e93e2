"""The watch as a clerk meets it: a save made the way Excel and WPS make them is checked once the folder is
quiet, the terminal and the findings workbook show what it added and resolved, a half-written register is
never checked, lock files and the tool's own outputs start nothing, and Ctrl-C/SIGTERM end it cleanly."""

from __future__ import annotations

import io
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.console import Console

from registers.core.period import Period
from registers.watch.run import WatchLoop
from registers.watch.saves import is_save_of_interest
from registers.watch.session import Update, WatchOptions
from tests.watch.offices import save_like_excel

TIMEOUT = 20.0


class Running:
    """A watch loop on a thread; ``updates`` receives every update it publishes."""

    def __init__(self, root: Path, *, lang: str = "zh-Hans") -> None:
        self.updates: queue.SimpleQueue[Update] = queue.SimpleQueue()
        self.stop = threading.Event()
        self.out = io.StringIO()
        options = WatchOptions(period=Period.parse_month("2026-11"), as_of=datetime(2026, 11, 30, 23, 59), lang=lang)
        self.loop = WatchLoop(root, options, Console(file=self.out, width=120), self.stop, on_update=self.updates.put)
        self.status: list[int] = []
        self.thread = threading.Thread(target=lambda: self.status.append(self.loop.run()), daemon=True)
        self.thread.start()

    def next(self) -> Update:
        return self.updates.get(timeout=TIMEOUT)

    def none_within(self, seconds: float) -> bool:
        try:
            self.updates.get(timeout=seconds)
        except queue.Empty:
            return True
        return False

    def end(self) -> int:
        self.stop.set()
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive()
        return self.status[0]


@pytest.fixture
def running(office: Path) -> Iterator[Running]:
    r = Running(office)
    yield r
    r.stop.set()
    r.thread.join(TIMEOUT)


def book_addresses(office: Path) -> set[str]:
    """The addresses the findings workbook lists (its 文件, 工作表 and 位置 columns)."""
    [book] = (office / "reports").glob("核查结果*.xlsx")
    out = set()
    for ws in load_workbook(book).worksheets[1:]:
        rows = ws.iter_rows(values_only=True)
        head = [str(v) for v in next(rows)]
        at = [head.index(h) for h in ("文件", "工作表", "位置")]
        out |= {"!".join(str(r[i]) for i in at) for r in rows if r[at[2]]}
    return out


@pytest.mark.slow
def test_a_save_like_excel_shows_new_and_resolved_in_terminal_and_workbook(office: Path, running: Running) -> None:
    first = running.next()
    assert first.number == 1 and first.report is not None
    assert "钥匙管理.xlsx!钥匙清单!D4" not in book_addresses(office)

    save_like_excel(office / "钥匙管理.xlsx", lambda ws: ws.cell(4, 4, "5F"))  # 设备房钥匙 labelled 5F
    second = running.next()
    assert [f.address for f in second.new] == ["钥匙管理.xlsx!钥匙清单!D4"] and not second.resolved
    assert (second.parsed, second.cached) == (1, 1)
    assert "钥匙管理.xlsx!钥匙清单!D4" in book_addresses(office)

    save_like_excel(office / "钥匙管理.xlsx", lambda ws: ws.cell(4, 4, "水泵房"))  # fixed
    third = running.next()
    assert [f.address for f in third.resolved] == ["钥匙管理.xlsx!钥匙清单!D4"] and not third.new
    assert "钥匙管理.xlsx!钥匙清单!D4" not in book_addresses(office)
    assert running.end() == 0
    out = running.out.getvalue()
    assert "已保存：钥匙管理.xlsx" in out and "新增 1 项" in out and "已解决 1 项" in out
    assert "钥匙管理.xlsx!钥匙清单!D4" in out and "已停止监视" in out
    assert not list((office / "reports").glob(".tmp-*")), "no temporary report left behind"


@pytest.mark.slow
def test_lock_files_temporary_files_and_own_outputs_start_no_recheck(office: Path, running: Running) -> None:
    running.next()
    (office / "~$钥匙管理.xlsx").write_bytes(b"clerk")  # the clerk opens it
    (office / ".~lock.业主档案.xlsx#").write_text("clerk", encoding="utf-8")  # LibreOffice
    (office / "~WRL0001.tmp").write_bytes(b"x")
    (office / "reports" / "note.xlsx").write_bytes(b"x")
    (office / ".registers").mkdir(exist_ok=True)
    (office / ".registers" / "history.sqlite").write_bytes(b"x")
    assert running.none_within(1.5)


@pytest.mark.slow
def test_a_half_written_register_is_never_checked(office: Path, running: Running) -> None:
    running.next()
    register = office / "钥匙管理.xlsx"
    save_like_excel(register, lambda ws: ws.cell(4, 4, "5F"))
    whole = register.read_bytes()
    save_like_excel(register, lambda ws: ws.cell(4, 4, "水泵房"))
    # a writer that is not Excel: the register truncated in place, then written out over a second
    register.write_bytes(whole[: len(whole) // 2])
    time.sleep(1.0)
    register.write_bytes(whole)
    update = running.next()
    assert update.report is not None, running.out.getvalue()
    assert not [f for f in update.report.findings if f.rule == "input.unreadable"], running.out.getvalue()
    assert [f.address for f in update.new] == ["钥匙管理.xlsx!钥匙清单!D4"], running.out.getvalue()
    assert "仍在保存中" in running.out.getvalue()


@pytest.mark.parametrize(("name", "seen"), [
    ("钥匙管理.xlsx", True), ("台账/收费台账.xls", True), ("registers.toml", True), ("对账单/微信账单.csv", True),
    ("~$钥匙管理.xlsx", False), (".~lock.钥匙管理.xlsx#", False), ("~WRL0001.tmp", False), ("A1B2C3D4", False),
    ("钥匙管理.xlsx.tmp", False), ("reports/核查结果 2026-11-30.xlsx", False), (".registers/history.sqlite", False),
    ("reports/.tmp-123-核查结果.xlsx", False), ("台账/.~钥匙管理.xlsx", False),
])
def test_which_changes_are_saves(tmp_path: Path, name: str, seen: bool) -> None:
    assert is_save_of_interest(tmp_path / name, tmp_path) is seen


def _watch(office: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "registers", "watch", str(office), "--month", "2026-11", "--as-of", "2026-11-30 23:59",
         *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="SIGTERM is POSIX")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_ctrl_c_end_it_cleanly(office: Path, sig: signal.Signals) -> None:
    proc = _watch(office)
    book = office / "reports" / "核查结果 2026-11-30.xlsx"
    deadline = time.monotonic() + TIMEOUT
    while not book.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert book.exists()
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "已停止监视" in out
    assert not list((office / "reports").glob(".tmp-*"))


@pytest.mark.slow
def test_port_in_use_is_a_clear_message_and_exit_2(office: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _watch(office, "--serve", "--port", str(port))
        _out, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 2
    assert f"端口 {port}" in err and "--port" in err and "Traceback" not in err
    assert not (office / "reports").exists(), "nothing checked or written"
