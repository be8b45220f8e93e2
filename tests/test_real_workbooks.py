"""Every real workbook of the shared corpus goes through the reader: a value or a finding, never a crash."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from registers.config import Settings
from registers.office import Period, load_office

SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb", ".xltx"}


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


def test_each_real_workbook_alone(real_workbooks: Path, tmp_path: Path) -> None:
    """One at a time too, so one bad file cannot hide another's crash."""
    for path in sorted(real_workbooks.iterdir()):
        if path.suffix.lower() not in SUFFIXES:
            continue
        d = tmp_path / path.name.replace(".", "_")
        d.mkdir()
        shutil.copy(path, d / path.name)
        load_office(d, Settings(), Period.month(2026, 11), datetime(2026, 11, 30))
