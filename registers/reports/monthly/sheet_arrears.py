"""The monthly workbook's arrears sheet: the collection rate of 物业服务费 and the units that owe it, by age.

Its figures are our own (computed in :mod:`registers.reports.monthly.compute`), written as values with
row and column sums as formulas; nothing here sums the detail sheet.
"""

from __future__ import annotations

from datetime import datetime

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from registers.i18n import month_label, word
from registers.reports.monthly.model import AGE_BUCKETS, Monthly
from registers.reports.monthly.styles import Formats, yuan


def write_arrears(ws: Worksheet, mo: Monthly, lang: str, f: Formats) -> None:
    cols = ("unit", "owner", "phone", "area", "paid_through", "months_owed", "age_0", "age_1", "age_2", "age_3",
            "owed")
    area_c, paid_c, months_c, age_c, owed_c = 3, 4, 5, 6, 10
    f.lit.merge(ws, 0, 0, 0, len(cols) - 1, f"{mo.office_name}  {word('arrears_title', lang)}  "
                   f"{month_label(mo.period.start.year, mo.period.start.month, lang)}", f.title)
    ws.set_row(0, 24)
    f.lit.merge(ws, 1, 0, 1, len(cols) - 1, word(mo.arrears_note_key, lang, start=f"{mo.books_start:%Y-%m}"), f.note)
    ws.set_row(1, 30)
    r = 3
    c = mo.collection
    f.lit.write(ws, r, 0, word("collection", lang), f.bold)
    r += 1
    for k, col in (("units_count", 1), ("amount", 2)):
        f.lit.write(ws, r, col, word(k, lang), f.head)
    rec_row = r + 1
    f.lit.write(ws, rec_row, 0, word("receivable", lang), f.text)
    ws.write_number(rec_row, 1, c.units if c else 0, f.int)
    ws.write_number(rec_row, 2, yuan(c.receivable) if c else 0, f.money)
    f.lit.write(ws, rec_row + 1, 0, word("collected", lang), f.text)
    ws.write_number(rec_row + 1, 1, c.paid_units if c else 0, f.int)
    ws.write_number(rec_row + 1, 2, yuan(c.paid) if c else 0, f.money)
    f.lit.write(ws, rec_row + 2, 0, word("rate", lang), f.bold)
    rate = c.rate if c else None
    rc, pc = xl_rowcol_to_cell(rec_row, 2), xl_rowcol_to_cell(rec_row + 1, 2)
    ws.write_formula(rec_row + 2, 2, f'=IF({rc}=0,"",{pc}/{rc})', f.pct, rate if rate is not None else "")
    r = rec_row + 3
    if c and c.unpriced:
        f.lit.write(ws, r, 0, word("unpriced", lang, n=c.unpriced), f.note)
        r += 1
    r += 1
    for col, k in enumerate(cols):
        f.lit.write(ws, r, col, word(k, lang), f.head)
    head = r
    r += 1
    first = r
    for a in mo.arrears:
        f.lit.write(ws, r, 0, a.unit, f.text)
        f.lit.write(ws, r, 1, a.owner, f.text)
        f.lit.write(ws, r, 2, a.phone, f.text)
        if a.area is None:
            ws.write_blank(r, area_c, None, f.area)
        else:
            ws.write_number(r, area_c, a.area, f.area)
        if a.paid_through is None:
            f.lit.write(ws, r, paid_c, word("no_record", lang), f.text)
        else:
            ws.write_datetime(r, paid_c, datetime.combine(a.paid_through, datetime.min.time()), f.month)
        ws.write_number(r, months_c, a.months, f.int)
        if a.owed is None:
            for col in range(age_c, owed_c):
                ws.write_blank(r, col, None, f.money)
            f.lit.write(ws, r, owed_c, word("unknown", lang), f.text)
        else:
            for col, v in enumerate(a.buckets, start=age_c):
                ws.write_number(r, col, yuan(v), f.money)
            ws.write_formula(r, owed_c, f"=SUM({xl_rowcol_to_cell(r, age_c)}:{xl_rowcol_to_cell(r, owed_c - 1)})",
                             f.money_bold, yuan(a.owed))
        r += 1
    if not mo.arrears:
        f.lit.merge(ws, r, 0, r, len(cols) - 1, word("no_arrears", lang), f.text)
        r += 1
    f.lit.write(ws, r, 0, word("sum", lang), f.text_total)
    for col in range(1, months_c):
        ws.write_blank(r, col, None, f.text_total)
    last = max(r - 1, first)
    ws.write_formula(r, months_c, f"=SUM({xl_rowcol_to_cell(first, months_c)}:{xl_rowcol_to_cell(last, months_c)})",
                     f.int_total, sum(a.months for a in mo.arrears))
    sums = [sum(a.buckets[i] for a in mo.arrears) for i in range(len(AGE_BUCKETS))]
    for col, v in enumerate([*sums, mo.arrears_total], start=age_c):
        ws.write_formula(r, col, f"=SUM({xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)})",
                         f.money_total, yuan(v))
    for col, width in enumerate((11, 10, 13, 11, 11, 9, 12, 12, 12, 12, 13)):
        ws.set_column(col, col, width)
    ws.repeat_rows(head)
    ws.print_area(0, 0, r, len(cols) - 1)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
