"""The monthly workbook (``reports/monthly/<YYYY-MM> 收支明细表.xlsx``).

Sheets: the statement (收支明细表) a manager signs, the daily detail (day ×
item), arrears with the collection rate, operations, native charts, the
detail of every money movement (收支明细) and the parameters the formulas use.

Every total of the statement and of the daily detail is a live formula
(``SUMIFS``) over the detail sheet, with the value we computed cached in it, so
Excel, WPS and LibreOffice show the same figures before and after a
recalculation, and a clerk who corrects a detail row sees the totals move.
Everything that came from a register is written as a literal
(:class:`registers.reports.cells.Literals`), never into a formula: where a
total is summed by a register's text (an item, a fee class, a payment method),
the formula refers to a criterion cell of the parameters sheet that holds the
text (:class:`~registers.reports.monthly.formulas.Criteria`).

The sheets are written by their own modules (``sheet_*``), on the formats of
:mod:`~registers.reports.monthly.styles` and the formulas of
:mod:`~registers.reports.monthly.formulas`; this module makes the workbook,
names and orders the sheets, and sets what every page shares.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from registers.core.output import write_atomically
from registers.i18n import month_label, word
from registers.reports.monthly.formulas import Criteria, Sums
from registers.reports.monthly.model import Monthly
from registers.reports.monthly.sheet_arrears import write_arrears
from registers.reports.monthly.sheet_daily import write_charts, write_daily
from registers.reports.monthly.sheet_detail import write_detail, write_params
from registers.reports.monthly.sheet_operations import write_operations
from registers.reports.monthly.sheet_statement import Statement
from registers.reports.monthly.styles import Formats

MONTHLY_DIR = "monthly"
A4 = 9


def month_stem(mo: Monthly) -> str:
    return f"{mo.period.start:%Y-%m} {word('monthly.title', 'zh-Hans')}"


def book_path(folder: Path, mo: Monthly) -> Path:
    return folder / f"{month_stem(mo)}.xlsx"


def _header_text(text: str) -> str:
    return text.replace("&", "&&")[:100]


def write_monthly_book(mo: Monthly, folder: Path, lang: str = "zh-Hans") -> Path:
    """Write ``<folder>/<YYYY-MM> 收支明细表.xlsx`` atomically and return its path."""
    target = book_path(folder, mo)
    write_atomically(target, lambda tmp: _write(tmp, mo, lang))
    return target


def write_print_book(mo: Monthly, path: Path, lang: str = "zh-Hans") -> None:
    """The workbook to print to PDF: the same, but with the detail sheet hidden too (a PDF of the pages a
    manager reads and signs, not of the movements behind the formulas)."""
    _write(path, mo, lang, printed_only=True)


def _write(path: Path, mo: Monthly, lang: str, printed_only: bool = False) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    label = month_label(mo.period.start.year, mo.period.start.month, lang)
    wb.set_properties({"title": f"{mo.office_name} {word('monthly.title', lang)} {label}", "company": mo.office_name})
    wb.set_calc_mode("auto")
    f = Formats(wb)
    names = {k: word(k, lang) for k in ("sheet_statement", "sheet_daily", "sheet_arrears", "sheet_ops",
                                         "sheet_charts", "sheet_detail", "sheet_params")}
    statement = wb.add_worksheet(names["sheet_statement"])
    daily = wb.add_worksheet(names["sheet_daily"])
    arrears = wb.add_worksheet(names["sheet_arrears"])
    ops = wb.add_worksheet(names["sheet_ops"])
    charts = wb.add_worksheet(names["sheet_charts"])
    detail = wb.add_worksheet(names["sheet_detail"])
    params = wb.add_worksheet(names["sheet_params"])

    write_params(wb, params, mo, lang, f)
    write_detail(detail, mo, lang, f)
    sums = Sums(names["sheet_detail"], lang, Criteria(params, names["sheet_params"], lang, f))
    Statement(wb, statement, mo, lang, f, sums, names["sheet_detail"]).write()
    daily_rows = write_daily(daily, mo, lang, f, sums)
    write_arrears(arrears, mo, lang, f)
    write_operations(ops, mo, lang, f)
    write_charts(wb, charts, mo, lang, names["sheet_daily"], daily_rows)
    for ws in (statement, daily, arrears, ops, charts, detail, params):
        ws.set_paper(A4)
        ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
        ws.set_header(f"&L{_header_text(mo.office_name)}&R{_header_text(word('monthly.title', lang))} {label}")
        ws.set_footer(f"&R{word('page', lang)}")
    params.hide()  # the criteria the formulas read: never printed, in the workbook nor in the PDF
    if printed_only:
        detail.hide()
    statement.activate()
    wb.close()
