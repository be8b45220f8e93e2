"""Writing the demo's sheets as ``.xlsx`` (openpyxl, fixed zip timestamps) and legacy ``.xls`` (xlwt).

The registers' content knows nothing of file formats; these writers turn a
:class:`~registers.demo.common.SheetData` into cells with a clerk's number formats, and keep
the output byte-for-byte the same on every run.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from registers.demo.common import FIXED_STAMP, OFFICE, SheetData

FMT_DATETIME = "yyyy-mm-dd hh:mm"
FMT_DATE = "yyyy-mm-dd"
FMT_TIME = "hh:mm"
FMT_MONEY = "#,##0.00"


def _put(cell: openpyxl.cell.Cell, value: object) -> None:
    if isinstance(value, Decimal):
        cell.value = float(value)
        cell.number_format = FMT_MONEY
    elif isinstance(value, datetime):
        cell.value = value
        cell.number_format = FMT_DATETIME
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = FMT_DATE
    elif isinstance(value, time):
        cell.value = value
        cell.number_format = FMT_TIME
    else:
        cell.value = value


def _fill_sheet(ws: openpyxl.worksheet.worksheet.Worksheet, sheet: SheetData) -> None:
    ncol = len(sheet.columns)
    if sheet.title:
        ws.cell(1, 1, sheet.title).font = Font(bold=True, size=14)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    hr = sheet.header_row
    for c, (_, header) in enumerate(sheet.columns, 1):
        ws.cell(hr, c, header).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(c)].width = max(10, 2 * len(header) + 4)
    keys = [k for k, _ in sheet.columns]
    for i, row in enumerate([*sheet.rows, *sheet.footer]):
        if row is None:
            continue
        for c, key in enumerate(keys, 1):
            value = row.get(key)
            if value is not None and value != "":
                _put(ws.cell(hr + 1 + i, c), value)
    for key, first, last in sheet.merges:
        c = keys.index(key) + 1
        ws.merge_cells(start_row=first, start_column=c, end_row=last, end_column=c)
    ws.freeze_panes = ws.cell(hr + 1, 1)


def save_xlsx(path: Path, sheets: list[SheetData]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        _fill_sheet(wb.create_sheet(sheet.name), sheet)
    save_workbook(path, wb)


def save_workbook(path: Path, wb: openpyxl.Workbook) -> None:
    """Save ``wb`` with fixed timestamps, so the file is the same on every run."""
    wb.properties.creator = OFFICE
    wb.properties.created = datetime(*FIXED_STAMP)
    raw = io.BytesIO()
    wb.save(raw)
    # openpyxl stamps the save time into docProps/core.xml and the zip entries: pin both.
    stamp = b"2026-11-30T10:00:00Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\g<2>", data)
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_STAMP)
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def save_xls(path: Path, sheets: list[SheetData]) -> None:
    """A legacy BIFF8 workbook (xlwt), as old office PCs and WPS still produce."""
    wb = xlwt.Workbook(encoding="utf-8")
    title_style = xlwt.easyxf("font: bold on, height 280; align: horiz center")
    head_style = xlwt.easyxf("font: bold on")
    date_style = xlwt.easyxf(num_format_str=FMT_DATE)
    for sheet in sheets:
        ws = wb.add_sheet(sheet.name)
        ncol = len(sheet.columns)
        if sheet.title:
            ws.write_merge(0, 0, 0, ncol - 1, sheet.title, title_style)
        hr = sheet.header_row - 1
        for c, (_, header) in enumerate(sheet.columns):
            ws.write(hr, c, header, head_style)
            ws.col(c).width = 256 * max(10, 2 * len(header) + 4)
        for i, row in enumerate(sheet.rows):
            for c, (key, _) in enumerate(sheet.columns):
                value = None if row is None else row.get(key)
                if value is None or value == "":
                    continue
                if isinstance(value, date):
                    ws.write(hr + 1 + i, c, value, date_style)
                else:
                    ws.write(hr + 1 + i, c, value)
    raw = io.BytesIO()
    wb.save(raw)
    path.write_bytes(raw.getvalue())
