"""Every real workbook of the shared corpus goes through the reader: a value or a finding, never a crash."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from registers.core.period import Period
from registers.core.settings import Settings
from registers.office.load import load_office

SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb", ".xltx"}


@pytest.mark.slow
def test_reader_survives_every_real_workbook(real_workbooks: Path, tmp_path: Path) -> None:
    office_dir = tmp_path / "office"
    office_dir.mkdir()
    names = sorted(p.name for p in real_workbooks.iterdir() if p.suffix.lower() in SUFFIXES)
    assert len(names) > 50
    for name in names:
        shutil.copy(real_workbooks / name, office_dir / name)
    office = load_office(office_dir, Settings(), Period.month(2026, 11), datetime(2026, 11, 30))
    unreadable = {f.file for f in office.read_findings if f.rule == "input.unreadable"}
    # every file was looked at, and each either read or was reported
    seen = set(office.workbooks)
    assert seen == {n for n in names if Path(n).suffix.lower() in {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}}
    # the corrupt, encrypted and empty ones are findings, with a reason
    for expected in ("calamine__pass_protected.xlsx", "pycalamine__password.xls", "openpyxl__null_file.xlsx",
                     "calamine__too_small.xls"):
        assert expected in unreadable
    reasons = {f.file: f.args["reason"].split("|")[0] for f in office.read_findings if f.rule == "input.unreadable"}
    assert reasons["calamine__pass_protected.xlsx"] == "encrypted"
    assert reasons["openpyxl__null_file.xlsx"] == "empty"
    # the readable ones really were read
    assert len(seen - unreadable) > 50


@pytest.mark.slow
def test_each_real_workbook_alone(real_workbooks: Path, tmp_path: Path) -> None:
    """One at a time too, so one bad file cannot hide another's crash."""
    for path in sorted(real_workbooks.iterdir()):
        if path.suffix.lower() not in SUFFIXES:
            continue
        d = tmp_path / path.name.replace(".", "_")
        d.mkdir()
        shutil.copy(path, d / path.name)
        load_office(d, Settings(), Period.month(2026, 11), datetime(2026, 11, 30))


def test_sheet_list_from_workbook_xml_is_calamines(real_workbooks: Path) -> None:
    """The worksheets of an .xlsx are listed from workbook.xml (calamine would parse the shared strings to list
    them): the same names, in the same order, hidden the same, chart sheets left out — for every real workbook
    calamine can open."""
    import io

    import python_calamine as pc

    from registers.io.columnar import is_xlsx, workbook_sheets

    compared = 0
    for path in sorted(real_workbooks.iterdir()):
        data = path.read_bytes()
        if not is_xlsx(data):
            continue
        try:
            metas = pc.CalamineWorkbook.from_filelike(io.BytesIO(data)).sheets_metadata
        except BaseException as exc:  # a file calamine cannot open (a Rust panic too): nothing to compare
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            continue
        want = [(m.name, m.visible != pc.SheetVisibleEnum.Visible) for m in metas
                if m.typ == pc.SheetTypeEnum.WorkSheet]
        assert workbook_sheets(data) == want, path.name
        compared += 1
    assert compared > 50


def _loaded(data: bytes, groups: int) -> Any:
    """Every sheet of the guarded workbook as ``sheet_loads`` in (at most) ``groups`` loads gives it, in sheet
    order and comparable; or why it is unreadable."""
    from registers.io.grid import Unreadable
    from registers.io.guard import check_workbook
    from registers.io.guard.limits import InputLimits
    from registers.io.read import sheet_loads

    try:
        merged = check_workbook(data, InputLimits())
        loads = sheet_loads(data, "w.xlsx", max_cells=20_000_000, columnar=True, groups=groups, merged=merged)
        out = sorted((i, g.sheet, g.hidden, g.merged, repr(g.rows), [c.to_pylist() for c in g.columns or []])
                     for load in loads for i, g in zip(load.indexes, load.load(), strict=True))
        return len(loads), out
    except Unreadable as exc:
        return "unreadable", exc.reason, exc.detail


@pytest.mark.slow
def test_a_big_workbook_read_in_two_loads_reads_as_in_one(real_workbooks: Path) -> None:
    """A workbook's sheets are split between threads, each given the workbook without the other loads'
    sheets (columnar.without_parts): every sheet of every real .xlsx reads the same as from the whole."""
    from registers.io.columnar import is_xlsx

    split = 0
    for path in sorted(real_workbooks.iterdir()):
        data = path.read_bytes()
        if not is_xlsx(data):
            continue
        whole, halves = _loaded(data, 1), _loaded(data, 2)
        if whole[0] == "unreadable":
            assert halves == whole, path.name
            continue
        assert halves[1] == whole[1], path.name
        split += halves[0] == 2
    assert split > 20
