"""The guard of a workbook saved again inflates only the zip members whose stored bytes changed
(``registers watch``: a save of one month's sheet leaves the other months' bytes as they were), and still
refuses what changed for the worse."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

import registers.io.guard.zipped as zipped
from registers.core.settings import Settings
from registers.io.grid import Unreadable
from registers.io.guard import check_workbook
from registers.io.guard.limits import InputLimits, Scanned

LIMITS = InputLimits.of(Settings())


def ledger(path: Path) -> bytes:
    """Two months of receipts, the first with its title merged across the columns."""
    wb = Workbook()
    wb.remove(wb.active)
    for month in ("11月", "12月"):
        ws = wb.create_sheet(month)
        ws.append([f"收费明细 2026年{month}"])
        ws.merge_cells("A1:C1")
        ws.append(["收据号", "房号", "金额"])
        for i in range(50):
            ws.append([f"NO.{month[:-1]}{i:04d}", f"1-1-{i + 101}", 100 + i])
    wb.save(path)
    return path.read_bytes()


def resaved(data: bytes, part: str, edit: bytes, at: bytes) -> bytes:
    """The workbook with one member's XML changed (``at`` replaced by ``edit``), the others re-deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == part:
                assert at in content
                content = content.replace(at, edit, 1)
            dst.writestr(item, content)
    return out.getvalue()


def scanned_sheets(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    scan = zipped.scan_sheet_xml

    def counting(reopen, name, limits):  # type: ignore[no-untyped-def]
        seen.append(name)
        return scan(reopen, name, limits)

    monkeypatch.setattr(zipped, "scan_sheet_xml", counting)
    return seen


def test_only_the_sheet_saved_is_inflated_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = ledger(tmp_path / "收费台账.xlsx")
    seen = scanned_sheets(monkeypatch)
    first: Scanned = {}
    merged = check_workbook(data, LIMITS, now=first)
    assert sorted(seen) == ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"]
    assert merged["xl/worksheets/sheet1.xml"] == [((0, 0), (0, 2))]

    amount = re.search(rb"<v>149</v>", zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml"))
    assert amount is not None
    saved = resaved(data, "xl/worksheets/sheet2.xml", b"<v>150</v>", amount[0])
    seen.clear()
    second: Scanned = {}
    again = check_workbook(saved, LIMITS, passed=first, now=second)
    assert seen == ["xl/worksheets/sheet2.xml"]
    assert again == merged  # the first month's merged title as found the first time
    assert check_workbook(saved, LIMITS) == again  # and as a guard with no memory finds it


def test_a_sheet_saved_for_the_worse_is_still_refused(tmp_path: Path) -> None:
    data = ledger(tmp_path / "收费台账.xlsx")
    first: Scanned = {}
    check_workbook(data, LIMITS, now=first)
    # a cell at the far corner of the grid: calamine would allocate the whole grid for it
    hostile = resaved(data, "xl/worksheets/sheet2.xml", b'<c r="XFD1048576"><v>1</v></c></row>', b"</row>")
    with pytest.raises(Unreadable) as refused:
        check_workbook(hostile, LIMITS, passed=first, now={})
    assert refused.value.reason == "too-many-cells"
