"""The monthly workbook's detail (收支明细) and parameters (参数) sheets: the cells every formula reads.

The detail sheet holds one row per money movement of the month (every one since the first month of the
books with ``--full-detail``), written as literals; the parameters sheet the
defined names (first month of the books, opening balance, the month's bounds) and, in its own column,
the criterion cells of register text (:class:`registers.reports.monthly.formulas.Criteria`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from registers.i18n import word
from registers.reports.monthly.formulas import (
    BOOKS_START,
    D_AMOUNT,
    D_CLASS,
    D_ITEM,
    D_KIND,
    D_METHOD,
    D_MOMENT,
    D_NAME,
    D_PARTY,
    D_REF,
    D_SOURCE,
    MONTH_START,
    NEXT_MONTH,
    OPENING_BALANCE,
    class_word,
    kind_word,
    quote_sheet,
)
from registers.reports.monthly.model import Monthly, Movement
from registers.reports.monthly.styles import Formats, yuan

_DETAIL_WIDTHS = (17, 10, 13, 13, 22, 14, 11, 9, 13, 34)


def write_params(wb: xlsxwriter.Workbook, ws: Worksheet, mo: Monthly, lang: str, f: Formats) -> None:
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 16)
    f.lit.write(ws, 0, 0, word("sheet_params", lang), f.bold)
    rows: list[tuple[str, str, Any, Format]] = [
        (BOOKS_START, "p_books_start", mo.books_start, f.date),
        (OPENING_BALANCE, "p_opening_balance", yuan(mo.opening_balance), f.money) if mo.full_detail
        else (OPENING_BALANCE, "p_opening_carried", yuan(mo.opening), f.money),
        (MONTH_START, "p_month_start", mo.period.start, f.date),
        (NEXT_MONTH, "p_next_start", mo.period.end + timedelta(days=1), f.date),
    ]
    quoted = quote_sheet(word("sheet_params", lang))
    for i, (name, key, value, fmt) in enumerate(rows, start=1):
        f.lit.write(ws, i, 0, word(key, lang), f.text)
        if isinstance(value, date):
            ws.write_datetime(i, 1, datetime.combine(value, datetime.min.time()), fmt)
        else:
            ws.write_number(i, 1, value, fmt)
        wb.define_name(name, f"={quoted}!$B${i + 1}")
    f.lit.write(ws, len(rows) + 2, 0, word("p_note", lang), f.note)
    ws.set_portrait()


def write_detail(ws: Worksheet, mo: Monthly, lang: str, f: Formats) -> None:
    heads = ("d_moment", "d_kind", "d_ref", "d_party", "d_name", "d_item", "d_class", "d_method", "d_amount",
             "d_source")
    for c, (k, width) in enumerate(zip(heads, _DETAIL_WIDTHS, strict=True)):
        f.lit.write(ws, 0, c, word(k, lang), f.head)
        ws.set_column(c, c, width)
    for r, m in enumerate(mo.movements, start=1):
        _detail_row(ws, r, m, lang, f)
    last = len(mo.movements)
    f.lit.write(ws, last + 2, 0, word("detail_note", lang), f.note)
    if not mo.full_detail:
        f.lit.write(ws, last + 3, 0, word("detail_carried", lang), f.note)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(last, 1), len(heads) - 1)
    ws.repeat_rows(0)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


def _detail_row(ws: Worksheet, r: int, m: Movement, lang: str, f: Formats) -> None:
    ws.write_datetime(r, D_MOMENT, m.moment, f.moment)
    f.lit.write(ws, r, D_KIND, kind_word(m.kind, lang), f.text)
    for c, v in ((D_REF, m.ref), (D_PARTY, m.party), (D_NAME, m.name), (D_ITEM, m.item),
                 (D_CLASS, class_word(m.fee_class, lang)), (D_METHOD, m.method), (D_SOURCE, m.where.address)):
        if v:
            f.lit.write(ws, r, c, v, f.text)
        else:
            ws.write_blank(r, c, None, f.text)
    if m.amount is None:
        ws.write_blank(r, D_AMOUNT, None, f.money)
    else:
        ws.write_number(r, D_AMOUNT, yuan(m.amount), f.money)
