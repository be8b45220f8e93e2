"""``registers init``: blank register workbooks and a commented ``registers.toml``.

The blank workbooks live in ``templates/blank/`` (shipped in the wheel as
``registers.templates``); :func:`build_blank_workbook` makes them from the
register spec, so a column is declared once (``scripts/build_templates.py``
rewrites them, and a test fails when they drift from the spec).
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from registers.core.shipped import templates_dir
from registers.core.spec import ROLL, SHEET_KINDS, Field, SheetKind

# One workbook per register, sheets in spec order: file name -> sheet kinds
BLANK_FILES: dict[str, tuple[str, ...]] = {
    "业主档案.xlsx": ("units",),
    "住户报修记录表.xlsx": ("repair_log",),
    "回访记录表.xlsx": ("return_visits",),
    "业主投诉记录表.xlsx": ("complaints",),
    "钥匙管理.xlsx": ("keys.inventory", "keys.ledger"),
    "档案管理.xlsx": ("archives.inspections", "archives.loans"),
    "装修登记.xlsx": ("renovations",),
    "收费台账.xlsx": ("fee_ledger.receipts", "fee_ledger.schedule", "fee_ledger.handover",
                  "fee_ledger.expenditures", "fee_ledger.cash_counts"),
    "收费台账（按户）.xlsx": ("fee_ledger.roll",),
    "值班记录表.xlsx": ("duty_log",),
    "交接班记录.xlsx": ("handovers",),
}

_FORMATS = {
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "time": "hh:mm",
    "money": "#,##0.00",
    "number": "0.00",
    "int": "0",
    "phone": "@",
    "id": "@",
    "unit": "@",
}
_WIDTHS = {"date": 12, "datetime": 17, "time": 8, "money": 12, "phone": 14, "text": 16, "remark": 24}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_YES_NO = '"是,否"'
DATA_ROWS = 2000  # rows that carry formats and drop-down lists


def _choices(f: Field) -> str | None:
    if f.kind == "enum":
        return '"' + ",".join(f.choices) + '"'
    if f.kind in ("bool", "flag_or_text"):
        return _YES_NO
    if f.kind == "signature":
        return '"√,已签"'
    return None


def build_blank_workbook(kinds: tuple[SheetKind, ...]) -> Workbook:
    """A blank register: bold frozen header (required columns marked *), formats, drop-down lists."""
    wb = Workbook()
    wb.remove(wb.active)
    for kind in kinds:
        if kind.key == ROLL:
            _roll_sheet(wb, kind)
            continue
        ws = wb.create_sheet(kind.title)
        for c, f in enumerate((f for f in kind.fields if not f.part_of), start=1):  # 楼栋/单元: parts of 房号
            cell = ws.cell(row=1, column=c, value=f.label + ("*" if f.required else ""))
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            letter = get_column_letter(c)
            ws.column_dimensions[letter].width = max(_WIDTHS.get(f.kind, 14), len(f.label) * 2 + 4)
            fmt = _FORMATS.get(f.kind)
            if fmt:
                for r in range(2, DATA_ROWS + 2):
                    ws.cell(row=r, column=c).number_format = fmt
            choices = _choices(f)
            if choices:
                dv = DataValidation(type="list", formula1=choices, allow_blank=True, showErrorMessage=f.kind == "enum")
                dv.error = "请从下拉列表中选择"
                dv.errorTitle = f.label
                dv.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
                ws.add_data_validation(dv)
        ws.freeze_panes = "A2"
        ws.row_dimensions[1].height = 30
        _print_landscape(ws, "1:1")
    return wb


def _print_landscape(ws: Worksheet, title_rows: str) -> None:
    """A blank register prints on A4 landscape, one page wide, its header rows (``"1:2"``) on every page."""
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0


# The roll: one row per unit, a column per month; the year is typed into the title (the reader takes it from there)
ROLL_TITLE = "______年 收费台账（按户）"
ROLL_FIELDS = ("unit", "owner", "area", "rate", "item", "due", *(f"m{m:02d}" for m in range(1, 13)),
               "total_paid", "arrears", "note")
ROLL_ITEMS = '"物业服务费,电梯费,停车费,水费,电费,垃圾清运费"'  # suggestions: the office's own items may be typed
ROLL_MONTH_TOKENS = '"已缴,√,空置,-"'
ROLL_MONTH_PROMPT = "填本月实收金额；全额已缴可填 已缴 或 √，不计费填 空置 或 -，未缴留空"


def _roll_sheet(wb: Workbook, kind: SheetKind) -> None:
    """The fee roll (收费台账（按户）): title row with the year to fill in, header row, then rows whose 月应收
    (面积 × 单价), 已缴合计 and 欠费 are formulas that stay empty until the row has a 房号."""
    ws = wb.create_sheet(kind.title)
    fields = {f.name: f for f in kind.fields}
    col = {key: get_column_letter(i) for i, key in enumerate(ROLL_FIELDS, start=1)}
    last = get_column_letter(len(ROLL_FIELDS))
    ws.cell(row=1, column=1, value=ROLL_TITLE).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A1:{last}1")
    for c, key in enumerate(ROLL_FIELDS, start=1):
        f = fields[key]
        cell = ws.cell(row=2, column=c, value=f.label + ("*" if f.required else ""))
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        width = 8 if key.startswith("m") else max(_WIDTHS.get(f.kind, 12), len(f.label) * 2 + 4)
        ws.column_dimensions[col[key]].width = width
    a, m1, m12, due, total = col["unit"], col["m01"], col["m12"], col["due"], col["total_paid"]
    for r in range(3, DATA_ROWS + 3):
        months = f"{m1}{r}:{m12}{r}"
        area, rate = f"{col['area']}{r}", f"{col['rate']}{r}"
        ws[f"{due}{r}"] = f'=IF(OR({area}="",{rate}=""),"",ROUND({area}*{rate},2))'
        ws[f"{total}{r}"] = (f'=IF(${a}{r}="","",SUM({months})'
                             f'+(COUNTIF({months},"已缴")+COUNTIF({months},"√"))*N({due}{r}))')
        ws[f"{col['arrears']}{r}"] = (f'=IF(${a}{r}="","",N({due}{r})*(12-COUNTIF({months},"空置")'
                                      f'-COUNTIF({months},"-")-COUNTIF({months},"免"))-{total}{r})')
        for key in ROLL_FIELDS[1:]:
            fmt = "#,##0.00" if key.startswith("m") or fields[key].kind == "money" else _FORMATS.get(fields[key].kind)
            if fmt:
                ws[f"{col[key]}{r}"].number_format = fmt
        ws[f"{a}{r}"].number_format = "@"
    end = DATA_ROWS + 2
    item = DataValidation(type="list", formula1=ROLL_ITEMS, allow_blank=True, showErrorMessage=False)
    item.add(f"{col['item']}3:{col['item']}{end}")
    month = DataValidation(type="list", formula1=ROLL_MONTH_TOKENS, allow_blank=True, showErrorMessage=False,
                           showInputMessage=True, promptTitle="月份实收", prompt=ROLL_MONTH_PROMPT)
    month.add(f"{m1}3:{m12}{end}")
    ws.add_data_validation(item)
    ws.add_data_validation(month)
    ws.freeze_panes = "C3"
    ws.row_dimensions[2].height = 30
    _print_landscape(ws, "1:2")


def build_templates(dest: Path) -> list[Path]:
    """(Re)write the blank workbooks from the spec; used by ``scripts/build_templates.py``."""
    by_key = {k.key: k for k in SHEET_KINDS}
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for name, keys in BLANK_FILES.items():
        path = dest / name
        build_blank_workbook(tuple(by_key[k] for k in keys)).save(path)
        out.append(path)
    return out


def init_office(dest: Path, office: str | None = None, today: date | None = None) -> tuple[list[Path], list[Path]]:
    """Copy the blank registers and a commented config into ``dest``; never overwrite a file.

    The config names the office (``office``) and says its registers begin ``today`` (``records_from``): the
    blank registers have nothing to say of the days before."""
    dest.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    skipped: list[Path] = []
    src_dir = templates_dir()
    items: list[tuple[Path, Path]] = [(src_dir / "blank" / name, dest / name) for name in BLANK_FILES]
    items.append((src_dir / "registers.toml", dest / "registers.toml"))
    for src, target in items:
        if target.exists():
            skipped.append(target)
            continue
        data = src.read_bytes()
        if target.name == "registers.toml":
            if office:
                quoted = json.dumps(office, ensure_ascii=False)  # a TOML basic string is quoted as JSON is
                data = data.replace('office = "阿尔卡迪亚管理处"'.encode(), f"office = {quoted}".encode())
            data = data.replace(b"# records_from = 2026-10-08    ",
                                f"records_from = {(today or date.today()).isoformat()}".encode())
        _write_new(target, data)
        written.append(target)
    return written, skipped


def _write_new(target: Path, data: bytes) -> None:
    """Write through a temporary file and rename, refusing to replace an existing file."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.link(tmp, target)  # fails if the target appeared meanwhile: nothing is overwritten
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
