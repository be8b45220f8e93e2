"""The findings workbook's links survive LibreOffice: converted to .xlsx and to .ods, every link still
points at the right file, sheet and cell (file names with spaces, ``#`` and ``%`` included)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from registers.reports.findings.book import write_findings_book
from tests.support.helpers import make_office, run_check

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not on PATH: apt-get install libreoffice-calc to run this proof")

HEADERS: list[object] = ["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人", "备注"]
NS = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0", "xlink": "http://www.w3.org/1999/xlink"}
Link = tuple[Path, str, str]  # (file, sheet, cell)


def rows(*amounts: object) -> list[list[object]]:
    return [HEADERS] + [[f"NO.{i}", datetime(2026, 11, 3), "3-2-1501", "物业服务费", a, "现金", "王芳", ""]
                        for i, a in enumerate(amounts, start=1)]


def parse_location(location: str) -> tuple[str, str]:
    """``'11 月''s'!E2`` (or LibreOffice's ``'11 月''s'.E2``) → (sheet, cell)."""
    m = re.fullmatch(r"'((?:[^']|'')*)'[!.]\$?([A-Z]+)\$?(\d+)", location) or \
        re.fullmatch(r"([^'!]+)[!.]\$?([A-Z]+)\$?(\d+)", location)
    assert m, f"not a cell reference: {location!r}"
    return m.group(1).replace("''", "'"), m.group(2) + m.group(3)


def resolve(base: Path, target: str) -> Path:
    return (base / PurePosixPath(target.replace("\\", "/"))).resolve()


def xlsx_links(path: Path) -> set[Link]:
    out: set[Link] = set()
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.hyperlink is not None and c.hyperlink.target:
                    sheet, cell = parse_location(unquote(c.hyperlink.location or ""))
                    assert c.value == cell  # the clerk sees the address the link opens
                    out.add((resolve(path.parent, unquote(c.hyperlink.target)), sheet, cell))
    return out


def ods_links(path: Path) -> set[Link]:
    """ODF links are relative to the package itself: the first ``../`` leaves the .ods file."""
    root = ElementTree.fromstring(zipfile.ZipFile(path).read("content.xml"))
    out: set[Link] = set()
    for a in root.iter(f"{{{NS['text']}}}a"):
        href = a.get(f"{{{NS['xlink']}}}href") or ""
        target, _, location = href.partition("#")  # a '#' in a file name is %23 here
        sheet, cell = parse_location(unquote(location))
        assert "".join(a.itertext()) == cell
        out.add((resolve(path, unquote(target)), sheet, cell))
    return out


def convert(src: Path, fmt: str, out_dir: Path, profile: Path) -> Path:
    assert SOFFICE is not None
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", fmt, "--outdir", str(out_dir), str(src)],
                   check=True, capture_output=True, timeout=240)
    converted = out_dir / f"{src.stem}.{fmt}"
    assert converted.is_file(), f"LibreOffice wrote no {converted.name}"
    return converted


@pytest.mark.slow
def test_links_survive_libreoffice(tmp_path: Path) -> None:
    root = make_office(tmp_path / "管理处", {
        "财务 2026/收费 台账#1 50%.xlsx": {"11 月's": rows("？", 120, "+1+1")},
        "钥匙 新.xls": {"2026.11": rows(80, "x")},  # an .xlsx saved under an .xls name
        "收费台账.xlsx": {"收费明细": rows("y")},
    })
    report = run_check(root, select=["input.bad-value"])
    expected = {((root / f.file).resolve(), f.sheet, f.cell) for f in report.findings if f.file}
    assert len(expected) == 4
    book = write_findings_book(report)

    assert xlsx_links(book) == expected  # as written, read with openpyxl

    out = tmp_path / "converted"  # elsewhere: LibreOffice must re-relativise each link
    profile = tmp_path / "lo-profile"
    assert xlsx_links(convert(book, "xlsx", out / "xlsx", profile)) == expected
    assert ods_links(convert(book, "ods", out / "ods", profile)) == expected
