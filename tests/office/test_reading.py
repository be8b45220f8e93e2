"""The read stage's pool (registers.office.reading), the guard's fast inflater (zlib's verdicts), and memory
handed back with one walk of the heap."""

from __future__ import annotations

import threading
import zipfile
import zlib
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registers.core.period import Period
from registers.core.settings import Settings
from registers.demo.office import write_demo
from registers.io.grid import Unreadable
from registers.io.guard import inflate
from registers.office.load import load_office
from registers.office.reading import start_reading

NOV = Period.month(2026, 11)
AS_OF = datetime(2026, 11, 30, 23, 59)


def _office(tmp_path: Path) -> Path:
    root = tmp_path / "o"
    write_demo(root)
    return root


@pytest.mark.slow
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


@pytest.mark.slow
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
        for chunk in inflate._inflate_stored(memoryview(stored), info):
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
        before = inflate.inflater
        inflate.inflater = module
        try:
            verdicts[name] = _verdict(stored, info)
        finally:
            inflate.inflater = before
    assert verdicts["isal"] == verdicts["zlib"]
    if damage == "none":
        assert verdicts["isal"] == ("read", payload)


def test_the_guard_uses_the_fast_inflater_where_it_is_installed() -> None:
    isal_zlib = pytest.importorskip("isal.isal_zlib")
    assert inflate.inflater is isal_zlib


# ---------------------------------------------------------------- handing memory back


@pytest.mark.parametrize(("backend", "trims", "pool_calls"), [("system", 1, 0), ("jemalloc", 1, 1), (None, 1, 1)])
def test_memory_is_handed_back_with_one_walk_of_the_heap(monkeypatch: pytest.MonkeyPatch, backend: str | None,
                                                        trims: int, pool_calls: int) -> None:
    """Arrow's system pool is malloc itself (its release_unused is one more malloc_trim): the heap is walked
    once.  Another pool keeps pages of its own, handed back by release_unused, then malloc's."""
    import pyarrow as pa

    from registers.core import resources

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


# ---------------------------------------------------------------- the rows a rule reports


def _same(a: object, b: object) -> bool:
    from typing import Any, cast  # a row's values are scalars, which pd.isna takes

    if a is b or (type(a) is type(b) and a == b):
        return True
    return type(a) is type(b) and bool(pd.isna(cast(Any, a))) and bool(pd.isna(cast(Any, b)))


@pytest.mark.parametrize("boxing", ["pandas", "to_dict"])
def test_a_findings_row_reads_a_column_as_to_dict_records_does(monkeypatch: pytest.MonkeyPatch,
                                                              boxing: str) -> None:
    """The rows of findings_at read each column on first use; every value is the one (and of the type)
    DataFrame.to_dict("records") gives — the messages are built from them.  ("to_dict": a pandas
    without the boxing function the fast way borrows.)"""
    import copy

    import registers.office.load as office_module
    from registers.office.load import Row, _RowColumns

    if boxing == "to_dict":
        monkeypatch.setattr(office_module, "_box_native", None)
    frame = pd.DataFrame({
        "receipt_no": pd.array(["TS001", None, "TS003"], dtype=pd.StringDtype("pyarrow", na_value=np.nan)),
        "unit": pd.array(["1-2-301", "3-1-101", None], dtype="string"),
        "amount": pd.array([12000, None, -500], dtype="Int64"),
        "paid_at": pd.to_datetime(["2025-03-01 09:02", None, "2025-12-31 00:00"]).astype("datetime64[us]"),  # type: ignore[arg-type]  # pandas-stubs: None is valid in the list
        "void": [False, True, False],
        "note": np.array(["押金", None, float("nan")], dtype=object),
        "rate": [0.5, float("nan"), 2.0],
        "_src": np.array([0, 1, 2], dtype=np.int64),
        "_row": pd.array([5, 6, 7], dtype="int64"),
    }, index=[10, 4, 99])
    records = frame.to_dict("records")
    columns = _RowColumns(frame)
    rows = [Row(columns, i) for i in range(len(frame))]
    for row, record in zip(rows, records, strict=True):
        for name, value in record.items():
            assert isinstance(name, str)
            assert _same(row[name], value), (name, row[name], value)
            assert _same(getattr(row, name), value)
        assert list(row) == list(record) and len(row) == len(record)
        assert row.get("no such column", "—") == "—" and "amount" in row and "nope" not in row
        with pytest.raises(AttributeError):
            _ = row.nope
        twin = copy.copy(row)  # a copy neither recurses nor fails
        assert all(_same(twin[name], row[name]) for name in row)
    assert set(columns.values) == set(frame.columns)  # read, each, when first asked for


def test_findings_at_reads_only_the_columns_a_rule_uses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import registers.office.load as office_module
    from registers.rules.fees import unknown_item

    root = _office(tmp_path)
    office = load_office(root, Settings(), NOV, AS_OF)
    receipts = office.frame("fee_ledger.receipts")
    asked: list[str] = []
    original = office_module._RowColumns.column

    def counting(self: office_module._RowColumns, name: str) -> list[object]:
        if name not in self.values:
            asked.append(name)
        return original(self, name)

    monkeypatch.setattr(office_module._RowColumns, "column", counting)
    found = office.findings_at(unknown_item, "fee_ledger.receipts", receipts.head(3), field="item",
                               args=lambda row: {"item": row["item"]})
    assert len(found) == 3 and found[0].args == {"item": receipts["item"].iloc[0]}
    assert sorted(asked) == sorted({"_src", "_row", "item", "receipt_no", "paid_at"})
    assert len(receipts.columns) > 10


def test_the_ids_worked_out_while_reading_are_the_registers_ids_as_compared(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Office.id_keys comes from the sheets' ids, worked out on the reading threads and put together: the
    same series (values, dtype, index, name) as id_key of the whole register's column."""
    from registers.core.frames import id_key
    from registers.core.spec import KIND_BY_KEY
    from registers.office import reading

    root = _office(tmp_path)
    where: list[str] = []

    def watched(values: pd.Series) -> pd.Series:
        where.append(threading.current_thread().name)
        return id_key(values)

    monkeypatch.setattr(reading, "id_key", watched)
    office = load_office(root, Settings(), NOV, AS_OF, threads=2)
    monkeypatch.undo()
    assert where and all(name.startswith("registers-read") for name in where)  # none after the reading
    with_ids = [k for k in office.frames if KIND_BY_KEY[k].id_field]
    assert len(with_ids) >= 5
    for key in with_ids:
        id_field = KIND_BY_KEY[key].id_field
        assert id_field is not None
        got = office.id_keys(key, id_field)
        expected = id_key(office.frame(key)[id_field])
        assert got.dtype == expected.dtype and got.name == expected.name, key
        assert got.index.equals(expected.index) and got.equals(expected), key
