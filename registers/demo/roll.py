"""The demo's fee roll (收费台账（按户）) for 2026 and a small bills export (应收清单).

The roll is what many offices keep beside the receipts journal: a row per unit, a column per month
of 2026 holding the property fee paid for that month.  It is posted from the demo's receipts: each
物业服务费 receipt's share of each month it pays for (the amount spread evenly, whole fen, the
remainder on the first months, as :func:`registers.views.roll.receipt_months` spreads it); a unit
with no receipt for a month of the journal (October on) is unpaid there.  January to September
come before the receipts journal and are posted from a seeded random of their own (paid, 已缴, a
few unpaid, 空置 for vacant units), so the rest of the demo draws the same numbers as before.

The planted disagreements are :data:`ROLL_PLANTS`: one per rule, each at its cell.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from registers.demo.common import OFFICE, SEED, M, Office, SheetData
from registers.demo.fees import SCHEDULE, Receipt

ROLL_FILE = "收费台账（按户）2026.xlsx"
ROLL_SHEET = "2026年物业服务费"
BILLS_FILE = "应收清单 2026-11.xlsx"
BILLS_SHEET = "应收清单"
YEAR = 2026
RATE = SCHEDULE["物业服务费"][2]
# the roll's columns: A 房号, B 业主, C 面积, D 单价, E 月应收, F..Q 1月..12月, R 合计, S 欠费, T 备注
FRONT = (("unit", "房号"), ("owner", "业主"), ("area", "面积（㎡）"), ("rate", "单价"), ("due", "月应收"))
FIRST_MONTH_COL = len(FRONT) + 1
TOTAL_COL = FIRST_MONTH_COL + 12
HEADER_ROWS = 3  # title, 2026年 merged over the months, 1月..12月
FIRST_ROW = HEADER_ROWS + 1

# The planted disagreements: (rule, file, sheet, unit or bill, cell, what was done).  The cells are
# computed by :func:`write_roll` from the unit's row and checked there.
ROLL_PLANTS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("fee.roll-unreceipted", ROLL_FILE, ROLL_SHEET, "3-1-502", "P", "11月 posted as paid; no receipt covers it"),
    ("fee.roll-unposted", ROLL_FILE, ROLL_SHEET, "2-1-1501", "O", "receipt for 10月 (3 months) left off the roll's 10月"),
    ("fee.roll-amount-mismatch", ROLL_FILE, ROLL_SHEET, "1-2-902", "P", "11月 posted 10.00 more than the receipt's share"),
    ("fee.roll-total-wrong", ROLL_FILE, ROLL_SHEET, "4-2-601", "R", "合计 typed over the formula, one month short"),
    ("fee.bill-price-mismatch", BILLS_FILE, BILLS_SHEET, "4-1-1102", "G", "billed at 1.50/㎡ (schedule 1.20)"),
)


def _fen(amount: Decimal) -> int:
    return int(amount * 100)


def _months_of(r: Receipt) -> tuple[int, int]:
    """The receipt's first month (year × 12 + month − 1) and number of months, as the reader reads them."""
    assert r.period is not None
    m = re.match(r"(\d{4})[-.年](\d{1,2})", r.period)
    assert m, r.period
    first = int(m.group(1)) * 12 + int(m.group(2)) - 1
    if r.months:
        return first, r.months
    end = re.search(r"[-–](?:(\d{4})[.年-])?(\d{1,2})月?$", r.period)
    if end is None:
        return first, 1
    last = int(end.group(1) or m.group(1)) * 12 + int(end.group(2)) - 1
    return first, last - first + 1


def posted(receipts: list[Receipt]) -> dict[tuple[str, int], int]:
    """Fen per (unit, month of 2026) of the property fee receipts."""
    out: dict[tuple[str, int], int] = {}
    for r in receipts:
        if not r.counts or r.item != "物业服务费":
            continue
        first, count = _months_of(r)
        amount = _fen(r.amount)
        base, rest = divmod(amount, count)
        for i in range(count):
            y, m = divmod(first + i, 12)
            if y == YEAR:
                out[(r.unit, m + 1)] = out.get((r.unit, m + 1), 0) + base + (1 if i < rest else 0)
    return out


def _yuan(fen: int) -> float:
    return fen / 100


def write_roll(office: Office, receipts: list[Receipt]) -> Workbook:
    rng = random.Random(SEED + 22)  # its own draws: the other registers keep theirs
    paid = posted(receipts)
    plants = {(p[3], p[0]): p for p in ROLL_PLANTS if p[1] == ROLL_FILE}
    wb = Workbook()
    ws = wb.active
    ws.title = ROLL_SHEET
    last_col = get_column_letter(TOTAL_COL + 2)
    ws["A1"] = f"{OFFICE} {YEAR}年物业服务费收费台账"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A1:{last_col}1")
    heads = [*(h for _, h in FRONT)]
    for c, h in enumerate(heads, 1):
        ws.cell(2, c, h)
        ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    ws.cell(2, FIRST_MONTH_COL, f"{YEAR}年")
    ws.merge_cells(start_row=2, start_column=FIRST_MONTH_COL, end_row=2, end_column=FIRST_MONTH_COL + 11)
    for m in range(1, 13):
        ws.cell(3, FIRST_MONTH_COL + m - 1, f"{m}月")
    for c, h in ((TOTAL_COL, "合计"), (TOTAL_COL + 1, "欠费"), (TOTAL_COL + 2, "备注")):
        ws.cell(2, c, h)
        ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    for row in ws.iter_rows(min_row=2, max_row=3):
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center")
    first_m, last_m = get_column_letter(FIRST_MONTH_COL), get_column_letter(FIRST_MONTH_COL + 11)
    total_l, due_l = get_column_letter(TOTAL_COL), get_column_letter(len(FRONT))
    r = FIRST_ROW
    for u in office.units:
        due = _fen(M(u.area * RATE))
        months: list[object] = []
        for m in range(1, 13):
            if m <= 9:  # before the receipts journal: posted from the old paper book
                if u.status == "空置" and m <= 6:
                    months.append("空置")
                elif rng.random() < 0.08:
                    months.append(None)
                else:
                    months.append("已缴" if rng.random() < 0.2 else _yuan(due))
            else:
                fen = paid.get((u.unit, m))
                months.append(_yuan(fen) if fen else None)
        note = None
        for (unit, rule), plant in plants.items():
            if unit != u.unit:
                continue
            col = plant[4]
            m = ord(col) - ord(first_m) + 1
            if rule == "fee.roll-unreceipted":
                assert (u.unit, m) not in paid and months[m - 1] is None
                months[m - 1] = _yuan(due)
            elif rule == "fee.roll-unposted":
                assert (u.unit, m) in paid
                months[m - 1] = None
            elif rule == "fee.roll-amount-mismatch":
                assert (u.unit, m) in paid
                months[m - 1] = _yuan(paid[(u.unit, m)] + 1000)
            office.plant(rule, ROLL_FILE, ROLL_SHEET, r, f"{u.unit} {col}{r}: {plant[5]}")
        values = [u.unit, u.owner, float(u.area), float(RATE), _yuan(due), *months]
        for c, v in enumerate(values, 1):
            if v is not None:
                ws.cell(r, c, v)
        for c in range(FIRST_MONTH_COL - 1, TOTAL_COL + 2):
            ws.cell(r, c).number_format = "#,##0.00"
        months_range = f"{first_m}{r}:{last_m}{r}"
        ws.cell(r, TOTAL_COL, f'=SUM({months_range})+COUNTIF({months_range},"已缴")*{due_l}{r}')
        ws.cell(r, TOTAL_COL + 1, f'={due_l}{r}*(12-COUNTIF({months_range},"空置"))-{total_l}{r}')
        if (u.unit, "fee.roll-total-wrong") in plants:
            # typed over the formula: the sum of January to November (December forgotten)
            counted = sum(_fen(M(v)) if isinstance(v, float) else due if v == "已缴" else 0 for v in months[:11])
            assert counted != sum(_fen(M(v)) if isinstance(v, float) else due if v == "已缴" else 0 for v in months)
            ws.cell(r, TOTAL_COL, _yuan(counted))
        if note:
            ws.cell(r, TOTAL_COL + 2, note)
        r += 1
    ws.cell(r, 1, "合计")
    for c in range(FIRST_MONTH_COL, TOTAL_COL + 1):
        letter = get_column_letter(c)
        ws.cell(r, c, f"=SUM({letter}{FIRST_ROW}:{letter}{r - 1})")
    ws.cell(r + 1, 1, "制表人：刘敏")
    ws.freeze_panes = ws.cell(FIRST_ROW, 3)
    return wb


BILL_UNITS = ("4-1-301", "4-1-502", "4-1-801", "4-1-1102", "4-1-1501", "4-1-1802")


def write_bills(office: Office) -> list[SheetData]:
    """The billing software's export of November's property fee bills for building 4, unit 1."""
    sheet = SheetData(BILLS_SHEET, [("bill_id", "编码"), ("unit", "单元代码"), ("payer", "客户"), ("area", "面积"),
                                    ("rate", "单价"), ("period", "所属期间"), ("amount_due", "金额"),
                                    ("item", "收费项目")])
    plants = {p[3]: p for p in ROLL_PLANTS if p[1] == BILLS_FILE}
    for i, code in enumerate(BILL_UNITS, 1):
        u = office.unit(code)
        rate = M("1.50") if code in plants else RATE
        row = sheet.add(bill_id=f"YS202611{i:04d}", unit=code, payer=u.owner, area=float(u.area),
                        rate=float(RATE), period="2026-11", amount_due=M(u.area * rate), item="物业服务费")
        if code in plants:
            office.plant(plants[code][0], BILLS_FILE, BILLS_SHEET, row, f"{code}: {plants[code][5]}")
    return [sheet]
