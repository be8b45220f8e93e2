"""The reading started ahead of the rules (registers.reading): same office as reading at once, no pandas
needed to start it, and the guard's fast inflater gives zlib's verdicts."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import zipfile
import zlib
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registers.cli import main
from registers.config import Settings
from registers.demo import write_demo
from registers.io import guard
from registers.io.read import Unreadable
from registers.office import load_office
from registers.period import Period
from registers.reading import start_reading

NOV = Period.month(2026, 11)
AS_OF = datetime(2026, 11, 30, 23, 59)


def _office(tmp_path: Path) -> Path:
    root = tmp_path / "o"
    write_demo(root)
    return root


def test_the_reading_starts_without_pandas() -> None:
    """What the command line does before the rules' libraries load: settings, discovery and the reading
    threads.  pandas there would put the 0.15 s of its import back in front of the reading."""
    code = ("import sys\nimport registers.cli, registers.reading\n"
            "print(sorted(m for m in ('pandas', 'registers.office', 'registers.check') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_reading_started_ahead_gives_the_office_read_at_once(tmp_path: Path) -> None:
    root = _office(tmp_path)
    settings = Settings()
    reading = start_reading(root, settings, NOV)
    time.sleep(0.05)  # the threads are under way before anyone asks
    ahead = load_office(root, settings, NOV, AS_OF, reading=reading)
    at_once = load_office(root, settings, NOV, AS_OF)
    assert ahead.workbooks == at_once.workbooks and len(ahead.workbooks) >= 8
    assert ahead.sources == at_once.sources
    assert ahead.read_findings == at_once.read_findings and ahead.read_findings
    assert ahead.frames.keys() == at_once.frames.keys()
    for key, frame in at_once.frames.items():
        assert ahead.frames[key].equals(frame), key


def test_a_reading_is_for_its_own_office_and_year_and_handed_over_once(tmp_path: Path) -> None:
    root = _office(tmp_path)
    settings = Settings()
    reading = start_reading(root, settings, NOV)
    with pytest.raises(ValueError, match="started for"):
        load_office(root, settings, Period.month(2027, 1), AS_OF, reading=reading)  # dates read in another year
    with pytest.raises(ValueError, match="started for"):
        load_office(tmp_path / "elsewhere", settings, NOV, AS_OF, reading=reading)
    load_office(root, settings, NOV, AS_OF, reading=reading)
    with pytest.raises(RuntimeError, match="already taken"):
        reading.outcomes()


def _reading_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("registers-read")]


def test_a_check_refused_after_the_reading_started_leaves_no_reading_behind(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The command line starts reading before it knows the rule ids are good; a bad one is exit 2 at once,
    and the reading stops with the sheet it was on."""
    root = _office(tmp_path)
    for t in _reading_threads():
        t.join(30)
    assert main(["check", str(root), "--select", "fee.no-such-rule"]) == 2
    assert "fee.no-such-rule" in capsys.readouterr().err
    for t in _reading_threads():
        t.join(30)
        assert not t.is_alive()


def test_one_thread_reads_in_the_calling_thread(tmp_path: Path) -> None:
    root = _office(tmp_path)
    before = set(threading.enumerate())
    reading = start_reading(root, Settings(), NOV, threads=1)
    assert set(threading.enumerate()) == before  # all read already, here
    office = load_office(root, Settings(), NOV, AS_OF, reading=reading)
    pooled = load_office(root, Settings(), NOV, AS_OF, threads=2)
    assert office.has("fee_ledger.receipts") and office.frames.keys() == pooled.frames.keys()
    assert all(office.frames[k].equals(f) for k, f in pooled.frames.items())
    assert office.read_findings == pooled.read_findings


# ---------------------------------------------------------------- the guard's inflater


def _member(payload: bytes, level: int) -> tuple[bytes, zipfile.ZipInfo]:
    c = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    stored = c.compress(payload) + c.flush()
    info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
    info.compress_type = zipfile.ZIP_DEFLATED
    info.file_size = len(payload)
    info.CRC = zlib.crc32(payload)
    return stored, info


def _verdict(stored: bytes, info: zipfile.ZipInfo) -> tuple[str, bytes]:
    out: list[bytes] = []
    try:
        for chunk in guard._inflate_stored(memoryview(stored), info):
            out.append(chunk)
    except Unreadable:
        return "refused", b""
    except Exception:  # a broken stream the caller (_inflate) reports as corrupt
        return "refused", b""
    data = b"".join(out)
    return ("refused", b"") if len(data) != info.file_size else ("read", data)


@settings(max_examples=150, deadline=None)
@given(payload=st.binary(max_size=3000) | st.text("<c r=\"A1\"/>0123456789", max_size=30000).map(str.encode),
       level=st.integers(1, 9),
       damage=st.sampled_from(["none", "truncate", "flip", "trail", "smaller", "larger"]),
       where=st.floats(0, 1, exclude_max=True), bit=st.integers(0, 7))
def test_the_fast_inflater_reads_and_refuses_what_zlib_does(payload: bytes, level: int, damage: str,
                                                           where: float, bit: int) -> None:
    isal_zlib = pytest.importorskip("isal.isal_zlib")
    stored, info = _member(payload, level)
    if damage == "truncate" and stored:
        stored = stored[:int(where * len(stored))]
    elif damage == "flip" and stored:
        b = bytearray(stored)
        b[int(where * len(b))] ^= 1 << bit
        stored = bytes(b)
    elif damage == "trail":
        stored += bytes([bit]) * 7
    elif damage == "smaller" and info.file_size:
        info.file_size -= 1
    elif damage == "larger":
        info.file_size += 1
    verdicts = {}
    for name, module in (("zlib", zlib), ("isal", isal_zlib)):
        before = guard.inflater
        guard.inflater = module
        try:
            verdicts[name] = _verdict(stored, info)
        finally:
            guard.inflater = before
    assert verdicts["isal"] == verdicts["zlib"]
    if damage == "none":
        assert verdicts["isal"] == ("read", payload)


def test_the_guard_uses_the_fast_inflater_where_it_is_installed() -> None:
    isal_zlib = pytest.importorskip("isal.isal_zlib")
    assert guard.inflater is isal_zlib


# ---------------------------------------------------------------- handing memory back


@pytest.mark.parametrize(("backend", "trims", "pool_calls"), [("system", 1, 0), ("jemalloc", 1, 1), (None, 1, 1)])
def test_memory_is_handed_back_with_one_walk_of_the_heap(monkeypatch: pytest.MonkeyPatch, backend: str | None,
                                                        trims: int, pool_calls: int) -> None:
    """Arrow's system pool is malloc itself (its release_unused is one more malloc_trim): the heap is walked
    once.  Another pool keeps pages of its own, handed back by release_unused, then malloc's."""
    import pyarrow as pa

    from registers import resources

    calls = {"trim": 0, "pool": 0}

    class Pool:
        backend_name = backend

        def release_unused(self) -> None:
            calls["pool"] += 1

    def trim(pad: int) -> int:
        calls["trim"] += 1
        return 1

    monkeypatch.setattr(resources, "_MALLOC_TRIM", trim)
    monkeypatch.setattr(pa, "default_memory_pool", lambda: Pool())
    resources.release_memory()
    assert calls == {"trim": trims, "pool": pool_calls}
