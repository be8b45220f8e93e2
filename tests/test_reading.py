"""The read stage's pool (registers.reading), the guard's fast inflater (zlib's verdicts), and memory
handed back with one walk of the heap."""

from __future__ import annotations

import threading
import zipfile
import zlib
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_outcomes_come_in_discovery_order_and_are_handed_over_once(tmp_path: Path) -> None:
    """Whatever order the threads finish in, the files come back in discovery order; the outcomes (with
    their frames) are the caller's, not kept by the reading."""
    root = _office(tmp_path)
    reading = start_reading(root, Settings(), NOV, threads=2)
    outcomes = reading.outcomes()
    assert [rel for rel, _ in outcomes] == [wf.rel for wf in reading.files] and len(outcomes) >= 8
    assert any(isinstance(o, Unreadable) for _, o in outcomes)  # the demo's broken workbook, as itself
    with pytest.raises(RuntimeError, match="already taken"):
        reading.outcomes()


def test_one_thread_reads_in_the_calling_thread_the_same_office(tmp_path: Path) -> None:
    root = _office(tmp_path)
    before = set(threading.enumerate())
    start_reading(root, Settings(), NOV, threads=1)
    assert set(threading.enumerate()) == before  # no pool: read here, at once
    alone = load_office(root, Settings(), NOV, AS_OF, threads=1)
    pooled = load_office(root, Settings(), NOV, AS_OF, threads=2)
    assert alone.has("fee_ledger.receipts") and alone.frames.keys() == pooled.frames.keys()
    assert all(alone.frames[k].equals(f) for k, f in pooled.frames.items())
    assert alone.read_findings == pooled.read_findings and alone.sources == pooled.sources


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
