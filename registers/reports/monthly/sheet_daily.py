"""The monthly workbook's daily detail (day × item, each cell a SUMIFS over the detail sheet) and the charts
drawn from its cells; the charts stand with the sheet whose rows they plot.
"""

from __future__ import annotations

from datetime import datetime

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from registers.i18n import month_label, word
from registers.reports.monthly.formulas import D_ITEM, D_METHOD, D_MOMENT, Sums, criterion
from registers.reports.monthly.model import RECEIPT, Monthly
from registers.reports.monthly.styles import MONEY, Formats, yuan
from registers.views.fees import CASH


def write_daily(ws: Worksheet, mo: Monthly, lang: str, f: Formats, sums: Sums) -> tuple[int, int, int]:
    """Day × item; returns (header row, first day row, total row) for the charts."""
    items = mo.items
    f.lit.merge(ws, 0, 0, 0, len(items) + 2, f"{mo.office_name}  {word('daily_title', lang)}  "
                   f"{month_label(mo.period.start.year, mo.period.start.month, lang)}", f.title)
    ws.set_row(0, 24)
    head = 1
    f.lit.write(ws, head, 0, word("day", lang), f.head)
    for c, item in enumerate(items, start=1):
        f.lit.write(ws, head, c, item, f.head)
    total_col, cash_col = len(items) + 1, len(items) + 2
    f.lit.write(ws, head, total_col, word("sum", lang), f.head)
    f.lit.write(ws, head, cash_col, word("monthly.cash", lang), f.head)
    data = mo.daily()
    cash = mo.daily_cash()
    first = head + 1
    r = first
    for day, row in data.items():
        ws.write_datetime(r, 0, datetime.combine(day, datetime.min.time()), f.date)
        a = xl_rowcol_to_cell(r, 0, col_abs=True)
        window = ((D_MOMENT, f'">="&{a}'), (D_MOMENT, f'"<"&({a}+1)'))
        for c, item in enumerate(items, start=1):
            formula = sums.sumifs(sums.kind(RECEIPT), sums.text(D_ITEM, item), *window)
            ws.write_formula(r, c, f"={formula}", f.money, yuan(row.get(item, 0)))
        if items:
            ws.write_formula(r, total_col, f"=SUM({xl_rowcol_to_cell(r, 1)}:{xl_rowcol_to_cell(r, len(items))})",
                             f.money_bold, yuan(sum(row.values())))
        else:
            ws.write_number(r, total_col, 0, f.money_bold)
        formula = sums.sumifs(sums.kind(RECEIPT), (D_METHOD, criterion(CASH)), *window)
        ws.write_formula(r, cash_col, f"={formula}", f.money, yuan(cash[day]))
        r += 1
    last = r - 1
    f.lit.write(ws, r, 0, word("sum", lang), f.text_total)
    totals = [sum(row.get(item, 0) for row in data.values()) for item in items]
    for c, v in enumerate([*totals, sum(totals), sum(cash.values())], start=1):
        ws.write_formula(r, c, f"=SUM({xl_rowcol_to_cell(first, c)}:{xl_rowcol_to_cell(last, c)})",
                         f.money_total, yuan(v))
    ws.set_column(0, 0, 11)
    ws.set_column(1, cash_col, 12)
    ws.freeze_panes(head + 1, 1)
    ws.repeat_rows(head)
    ws.print_area(0, 0, r, cash_col)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    return head, first, r


def write_charts(wb: xlsxwriter.Workbook, ws: Worksheet, mo: Monthly, lang: str, daily_name: str,
            daily_rows: tuple[int, int, int]) -> None:
    head, first, total = daily_rows
    n = len(mo.items)
    sheet = daily_name
    ws.write_string(0, 0, f"{mo.office_name}  {word('sheet_charts', lang)}  "
                    f"{month_label(mo.period.start.year, mo.period.start.month, lang)}")
    if n:
        bar = wb.add_chart({"type": "bar"})
        bar.add_series({
            "name": word("chart_items", lang),
            "categories": [sheet, head, 1, head, n],
            "values": [sheet, total, 1, total, n],
            "data_labels": {"value": True, "num_format": MONEY},
            "fill": {"color": "#4472C4"},
        })
        bar.set_title({"name": word("chart_items", lang)})
        bar.set_legend({"none": True})
        bar.set_x_axis({"num_format": MONEY})
        bar.set_y_axis({"reverse": True})
        bar.set_size({"width": 720, "height": 40 * n + 120})
        ws.insert_chart(2, 0, bar)
    col = wb.add_chart({"type": "column"})
    col.add_series({
        "name": word("chart_daily", lang),
        "categories": [sheet, first, 0, total - 1, 0],
        "values": [sheet, first, n + 1, total - 1, n + 1],
        "fill": {"color": "#ED7D31"},
    })
    col.set_title({"name": word("chart_daily", lang)})
    col.set_legend({"none": True})
    col.set_x_axis({"num_format": "m-d", "num_font": {"rotation": -45}})
    col.set_y_axis({"num_format": MONEY})
    col.set_size({"width": 720, "height": 320})
    ws.insert_chart(4 + (2 * n + 6 if n else 0), 0, col)
    ws.set_landscape()
    ws.fit_to_pages(1, 1)
