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
text (:class:`Criteria`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from registers.core.output import write_atomically
from registers.i18n import month_label, statement_text, word
from registers.reports.cells import Literals
from registers.reports.monthly.compute import (
    AGE_BUCKETS,
    DEPOSIT,
    EXPENSE,
    HANDED,
    OPERATING,
    PASS_THROUGH,
    RECEIPT,
    VOID,
    Line,
    Monthly,
    Movement,
)
from registers.views.fees import CASH

MONTHLY_DIR = "monthly"
MONEY = "¥#,##0.00"
A4 = 9

# detail sheet columns
D_MOMENT, D_KIND, D_REF, D_PARTY, D_NAME, D_ITEM, D_CLASS, D_METHOD, D_AMOUNT, D_SOURCE = range(10)
_DETAIL_WIDTHS = (17, 10, 13, 13, 22, 14, 11, 9, 13, 34)
# defined names the formulas use (cells of the parameters sheet)
BOOKS_START, OPENING_BALANCE, MONTH_START, NEXT_MONTH = "BooksStart", "OpeningBalance", "MonthStart", "NextMonth"


def month_stem(mo: Monthly) -> str:
    return f"{mo.period.start:%Y-%m} {word('monthly.title', 'zh-Hans')}"


def book_path(folder: Path, mo: Monthly) -> Path:
    return folder / f"{month_stem(mo)}.xlsx"


def yuan(fen: int) -> float:
    return fen / 100


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def criterion_text(text: str) -> str:
    """A SUMIFS criterion matching ``text`` exactly, as a cell holds it: ``=…`` with the wildcards escaped."""
    return "=" + text.replace("~", "~~").replace("*", "~*").replace("?", "~?")


def criterion(text: str) -> str:
    """A SUMIFS criterion matching our own word ``text`` exactly, as a formula's string: ``"=…"``.

    Only for the tool's words (kinds of movement, 现金); text from a register goes through :class:`Criteria`.
    """
    return '"' + criterion_text(text).replace('"', '""') + '"'


class Criteria:
    """The criteria of register text (items, fee classes, payment methods), one literal cell each in a column of
    the parameters sheet; formulas refer to the cell, so no register text is ever inside a formula (where a
    string is also limited to 255 characters)."""

    COL = 3  # column D of the parameters sheet

    def __init__(self, ws: Worksheet, sheet_name: str, lang: str, f: Formats) -> None:
        self.ws, self.f = ws, f
        self.sheet = quote_sheet(sheet_name)
        self.refs: dict[str, str] = {}
        f.lit.write(ws, 0, self.COL, word("p_criteria", lang), f.bold)
        ws.set_column(self.COL, self.COL, 30)

    def ref(self, text: str) -> str:
        """An absolute reference to the cell holding the criterion that matches ``text`` exactly."""
        if text not in self.refs:
            row = len(self.refs) + 1
            self.f.lit.write(self.ws, row, self.COL, criterion_text(text), self.f.text)
            self.refs[text] = f"{self.sheet}!{xl_rowcol_to_cell(row, self.COL, row_abs=True, col_abs=True)}"
        return self.refs[text]


def kind_word(kind: str, lang: str) -> str:
    return word({RECEIPT: "k_receipt", VOID: "k_void", HANDED: "k_handover", EXPENSE: "k_expense"}[kind], lang)


def class_word(fee_class: str, lang: str) -> str:
    return word("c_operating", lang) if fee_class == OPERATING else fee_class


def _header_text(text: str) -> str:
    return text.replace("&", "&&")[:100]


class Sums:
    """SUMIFS over the detail sheet."""

    def __init__(self, detail: str, lang: str, criteria: Criteria) -> None:
        self.d = quote_sheet(detail)
        self.lang = lang
        self.criteria = criteria

    def text(self, col: int, text: str) -> tuple[int, str]:
        """``col`` of the detail sheet equal to ``text`` (register text: through a criterion cell)."""
        return (col, self.criteria.ref(text))

    def col(self, c: int) -> str:
        name = xl_col_to_name(c)
        return f"{self.d}!${name}:${name}"

    def sumifs(self, *crit: tuple[int, str]) -> str:
        parts = ",".join(f"{self.col(c)},{e}" for c, e in crit)
        return f"SUMIFS({self.col(D_AMOUNT)},{parts})"

    def kind(self, kind: str) -> tuple[int, str]:
        return (D_KIND, criterion(kind_word(kind, self.lang)))

    @staticmethod
    def month() -> tuple[tuple[int, str], tuple[int, str]]:
        return (D_MOMENT, f'">="&{MONTH_START}'), (D_MOMENT, f'"<"&{NEXT_MONTH}')

    @staticmethod
    def before_month() -> tuple[tuple[int, str], tuple[int, str]]:
        return (D_MOMENT, f'">="&{BOOKS_START}'), (D_MOMENT, f'"<"&{MONTH_START}')

    def cash_flow(self, window: Sequence[tuple[int, str]]) -> str:
        """Cash receipts − cash handed over − cash expenditures over ``window``."""
        cash = (D_METHOD, criterion(CASH))
        return (f"{self.sumifs(self.kind(RECEIPT), cash, *window)}-{self.sumifs(self.kind(HANDED), *window)}"
                f"-{self.sumifs(self.kind(EXPENSE), cash, *window)}")


class Formats:
    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 15, "align": "center", "valign": "vcenter"})
        self.meta = wb.add_format({"font_color": "#404040", "align": "center"})
        self.section = wb.add_format({"bold": True, "font_size": 11, "bg_color": "#D9E1F2", "border": 1})
        self.head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "align": "center",
                                   "valign": "vcenter", "text_wrap": True})
        self.text = wb.add_format({"border": 1, "valign": "top"})
        self.indent = wb.add_format({"border": 1, "indent": 1, "valign": "top"})
        self.indent2 = wb.add_format({"border": 1, "indent": 2, "valign": "top"})
        self.bold = wb.add_format({"border": 1, "bold": True})
        self.money = wb.add_format({"border": 1, "num_format": MONEY})
        self.money_bold = wb.add_format({"border": 1, "num_format": MONEY, "bold": True})
        self.money_total = wb.add_format({"border": 1, "top": 2, "num_format": MONEY, "bold": True})
        self.text_total = wb.add_format({"border": 1, "top": 2, "bold": True})
        self.money_bad = wb.add_format({"border": 1, "num_format": MONEY, "bg_color": "#F8CBAD", "bold": True})
        self.int = wb.add_format({"border": 1, "num_format": "0"})
        self.int_total = wb.add_format({"border": 1, "top": 2, "num_format": "0", "bold": True})
        self.dec = wb.add_format({"border": 1, "num_format": "0.0"})
        self.area = wb.add_format({"border": 1, "num_format": "0.00"})
        self.pct = wb.add_format({"border": 1, "num_format": "0.00%", "bold": True})
        self.date = wb.add_format({"border": 1, "num_format": "yyyy-mm-dd"})
        self.month = wb.add_format({"border": 1, "num_format": "yyyy-mm"})
        self.moment = wb.add_format({"border": 1, "num_format": "yyyy-mm-dd hh:mm"})
        self.note = wb.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})
        self.warn = wb.add_format({"bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE", "text_wrap": True,
                                   "valign": "top"})
        self.sign = wb.add_format({"bold": True, "valign": "bottom"})
        self.line = wb.add_format({"bottom": 1})
        self.lit = Literals(wb)


def write_monthly_book(mo: Monthly, folder: Path, lang: str = "zh-Hans") -> Path:
    """Write ``<folder>/<YYYY-MM> 收支明细表.xlsx`` atomically and return its path."""
    target = book_path(folder, mo)
    write_atomically(target, lambda tmp: _write(tmp, mo, lang))
    return target


def _write(path: Path, mo: Monthly, lang: str) -> None:
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

    _params(wb, params, mo, lang, f)
    _detail(detail, mo, lang, f)
    sums = Sums(names["sheet_detail"], lang, Criteria(params, names["sheet_params"], lang, f))
    _Statement(wb, statement, mo, lang, f, sums, names["sheet_detail"]).write()
    daily_rows = _daily(daily, mo, lang, f, sums)
    _arrears(arrears, mo, lang, f)
    _operations(ops, mo, lang, f)
    _charts(wb, charts, mo, lang, names["sheet_daily"], daily_rows)
    for ws in (statement, daily, arrears, ops, charts, detail, params):
        ws.set_paper(A4)
        ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
        ws.set_header(f"&L{_header_text(mo.office_name)}&R{_header_text(word('monthly.title', lang))} {label}")
        ws.set_footer(f"&R{word('page', lang)}")
    statement.activate()
    wb.close()


# ---------------------------------------------------------------- parameters and detail


def _params(wb: xlsxwriter.Workbook, ws: Worksheet, mo: Monthly, lang: str, f: Formats) -> None:
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 16)
    f.lit.write(ws, 0, 0, word("sheet_params", lang), f.bold)
    rows: list[tuple[str, str, Any, Format]] = [
        (BOOKS_START, "p_books_start", mo.books_start, f.date),
        (OPENING_BALANCE, "p_opening_balance", yuan(mo.opening_balance), f.money),
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


def _detail(ws: Worksheet, mo: Monthly, lang: str, f: Formats) -> None:
    heads = ("d_moment", "d_kind", "d_ref", "d_party", "d_name", "d_item", "d_class", "d_method", "d_amount",
             "d_source")
    for c, (k, width) in enumerate(zip(heads, _DETAIL_WIDTHS, strict=True)):
        f.lit.write(ws, 0, c, word(k, lang), f.head)
        ws.set_column(c, c, width)
    for r, m in enumerate(mo.movements, start=1):
        _detail_row(ws, r, m, lang, f)
    last = len(mo.movements)
    f.lit.write(ws, last + 2, 0, word("detail_note", lang), f.note)
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


# ---------------------------------------------------------------- the statement


_STATEMENT_WIDTHS = (46, 17, 17, 24)  # label, amount, of which cash, remark


class _Statement:
    """The statement sheet, written row by row; remembers the cells later rows refer to."""

    COLS = 4  # label, amount, of which cash, remark

    def __init__(self, wb: xlsxwriter.Workbook, ws: Worksheet, mo: Monthly, lang: str, f: Formats, sums: Sums,
                 detail_name: str) -> None:
        self.wb, self.ws, self.mo, self.lang, self.f, self.s = wb, ws, mo, lang, f, sums
        self.detail_name = detail_name
        self.row = 0
        self.cells: dict[str, str] = {}

    def w(self, key: str, **kw: Any) -> str:
        return word(key, self.lang, **kw)

    def cell(self, col: int, row: int | None = None) -> str:
        return xl_rowcol_to_cell(self.row if row is None else row, col)

    def money(self, col: int, formula: str, fen: int, fmt: Format | None = None) -> None:
        self.ws.write_formula(self.row, col, f"={formula}", fmt or self.f.money, yuan(fen))

    def label(self, text: str, fmt: Format | None = None, remark: str = "") -> None:
        self.f.lit.write(self.ws, self.row, 0, text, fmt or self.f.indent)
        for c in (1, 2):
            self.ws.write_blank(self.row, c, None, self.f.money)
        self.f.lit.write(self.ws, self.row, 3, remark, self.f.text)

    def section(self, key: str) -> None:
        self.row += 1
        self.f.lit.merge(self.ws, self.row, 0, self.row, self.COLS - 1, self.w(key), self.f.section)
        self.row += 1

    def header(self) -> None:
        for c, k in enumerate(("monthly.line", "amount", "of_which_cash")):
            self.f.lit.write(self.ws, self.row, c, self.w(k), self.f.head)
        self.ws.write_blank(self.row, 3, None, self.f.head)
        self.row += 1

    def item_rows(self, lines: Sequence[Line], crit: Any, unlisted: bool = False) -> tuple[int, int]:
        """One row per line: amount and its cash part as SUMIFS; returns the first and last row (0-based)."""
        first = self.row
        cash = (D_METHOD, criterion(CASH))
        for x in lines:
            remark = self.w("unlisted") if unlisted and not x.listed else ""
            self.label(x.label or self.w("method_unknown"), self.f.indent2, remark.strip("（）() "))
            c = crit(x)
            self.money(1, self.s.sumifs(*c, *Sums.month()), x.amount)
            self.money(2, self.s.sumifs(*c, cash, *Sums.month()), x.cash)
            self.row += 1
        if not lines:
            self.label(self.w("no_lines"), self.f.indent2)
            self.row += 1
        return first, self.row - 1

    def sum_row(self, text: str, first: int, last: int, amount: int, cash: int, *, total: bool = False,
                cash_col: bool = True) -> int:
        fmt = self.f.money_total if total else self.f.money_bold
        self.f.lit.write(self.ws, self.row, 0, text, self.f.text_total if total else self.f.bold)
        self.money(1, f"SUM({self.cell(1, first)}:{self.cell(1, last)})", amount, fmt)
        if cash_col:
            self.money(2, f"SUM({self.cell(2, first)}:{self.cell(2, last)})", cash, fmt)
        else:
            self.ws.write_blank(self.row, 2, None, fmt)
        self.ws.write_blank(self.row, 3, None, self.f.text_total if total else self.f.text)
        r = self.row
        self.row += 1
        return r

    # ------------------------------------------------------------ parts

    def write(self) -> None:
        ws, mo, f = self.ws, self.mo, self.f
        label = month_label(mo.period.start.year, mo.period.start.month, self.lang)
        f.lit.merge(ws, 0, 0, 0, self.COLS - 1, f"{mo.office_name}  {self.w('monthly.title')}  {label}", f.title)
        ws.set_row(0, 26)
        f.lit.merge(ws, 1, 0, 1, self.COLS - 1, f"{mo.period.start.isoformat()} — {mo.period.end.isoformat()}    "
                       f"{self.w('as_of')} {mo.as_of:%Y-%m-%d %H:%M}    {self.w('unit_note')}", f.meta)
        self.row = 2
        for text in notes(mo, self.lang):
            f.lit.merge(ws, self.row, 0, self.row, self.COLS - 1, text, f.warn)
            ws.set_row(self.row, 30)
            self.row += 1
        self.opening()
        self.income()
        self.pass_through()
        self.deposits()
        self.receipts_total()
        self.methods()
        self.expenses()
        self.cash()
        self.signatures()
        for c, width in enumerate(_STATEMENT_WIDTHS):
            ws.set_column(c, c, width)
        ws.print_area(0, 0, self.row, self.COLS - 1)
        ws.set_portrait()
        ws.fit_to_pages(1, 1)  # the page a manager signs
        ws.center_horizontally()

    def opening(self) -> None:
        self.section("s_opening")
        mo = self.mo
        self.label(self.w("opening"), self.f.bold)
        self.money(1, f"{OPENING_BALANCE}+{self.s.cash_flow(Sums.before_month())}", mo.opening, self.f.money_bold)
        self.cells["opening"] = self.cell(1)
        self.row += 1
        self.f.lit.merge(self.ws, self.row, 0, self.row, self.COLS - 1, self.w(
            "opening_how", start=f"{mo.books_start:%Y-%m}", balance=f"{yuan(mo.opening_balance):,.2f}"), self.f.note)
        self.row += 1

    def income(self) -> None:
        self.section("s_income")
        self.header()
        subtotal_rows: list[int] = []
        for cls in self.mo.own:
            self.label(cls.fee_class, self.f.bold)
            self.row += 1
            first, last = self.item_rows(
                cls.lines, lambda x, c=cls.fee_class: (self.s.kind(RECEIPT), self.s.text(D_ITEM, x.label),
                                                       self.s.text(D_CLASS, c)), unlisted=True)
            subtotal_rows.append(self.sum_row(self.w("class_total", cls=cls.fee_class), first, last,
                                              cls.amount, cls.cash))
        own = self.mo.own_total
        fmt = self.f.money_total
        self.f.lit.write(self.ws, self.row, 0, self.w("own_total"), self.f.text_total)
        for col, v in ((1, own.amount), (2, own.cash)):
            refs = "+".join(self.cell(col, r) for r in subtotal_rows) or "0"
            self.money(col, refs, v, fmt)
        self.ws.write_blank(self.row, 3, None, self.f.text_total)
        self.cells["own"] = str(self.row)
        self.row += 1

    def pass_through(self) -> None:
        mo = self.mo
        self.section("s_pass")
        self.header()
        first, last = self.item_rows(mo.pass_through, lambda x: (
            self.s.kind(RECEIPT), self.s.text(D_ITEM, x.label), self.s.text(D_CLASS, PASS_THROUGH)))
        t = mo.pass_total
        collected = self.sum_row(self.w("pass_collected"), first, last, t.amount, t.cash)
        self.cells["pass"] = str(collected)
        self._paid_out("pass_paid", PASS_THROUGH, mo.passed_on)
        paid = self.row - 1
        self.f.lit.write(self.ws, self.row, 0, self.w("pass_held"), self.f.bold)
        for col, v in ((1, t.amount - mo.passed_on.amount), (2, t.cash - mo.passed_on.cash)):
            self.money(col, f"{self.cell(col, collected)}-{self.cell(col, paid)}", v, self.f.money_bold)
        self.ws.write_blank(self.row, 3, None, self.f.text)
        self.row += 1

    def _paid_out(self, key: str, fee_class: str, line: Line) -> None:
        crit = (self.s.kind(EXPENSE), self.s.text(D_CLASS, fee_class))
        self.label(self.w(key))
        self.money(1, self.s.sumifs(*crit, *Sums.month()), line.amount)
        self.money(2, self.s.sumifs(*crit, (D_METHOD, criterion(CASH)), *Sums.month()), line.cash)
        self.row += 1

    def deposits(self) -> None:
        mo = self.mo
        self.section("s_deposit")
        self.header()
        first, last = self.item_rows(mo.deposits, lambda x: (
            self.s.kind(RECEIPT), self.s.text(D_ITEM, x.label), self.s.text(D_CLASS, DEPOSIT)))
        t = mo.deposit_total
        received = self.sum_row(self.w("deposit_in"), first, last, t.amount, t.cash)
        self.cells["deposit"] = str(received)
        self._paid_out("deposit_out", DEPOSIT, mo.refunded)
        out = self.row - 1
        self.f.lit.write(self.ws, self.row, 0, self.w("deposit_net"), self.f.bold)
        for col, v in ((1, t.amount - mo.refunded.amount), (2, t.cash - mo.refunded.cash)):
            self.money(col, f"{self.cell(col, received)}-{self.cell(col, out)}", v, self.f.money_bold)
        self.ws.write_blank(self.row, 3, None, self.f.text)
        self.row += 1

    def receipts_total(self) -> None:
        self.row += 1
        t = self.mo.receipts_total
        self.f.lit.write(self.ws, self.row, 0, self.w("receipts_total"), self.f.text_total)
        for col, v in ((1, t.amount), (2, t.cash)):
            refs = "+".join(self.cell(col, int(self.cells[k])) for k in ("own", "pass", "deposit"))
            self.money(col, refs, v, self.f.money_total)
        self.ws.write_blank(self.row, 3, None, self.f.text_total)
        self.cells["receipts"] = str(self.row)
        self.row += 1

    def methods(self) -> None:
        self.section("s_methods")
        self.header()
        first = self.row
        rows: dict[str, int] = {}
        for x in self.mo.methods:
            self.label(x.label or self.w("method_unknown"), self.f.indent2)
            self.money(1, self.s.sumifs(self.s.kind(RECEIPT), self.s.text(D_METHOD, x.label), *Sums.month()),
                       x.amount)
            rows.setdefault(x.label, self.row)
            self.row += 1
        t = sum(x.amount for x in self.mo.methods)
        self.sum_row(self.w("methods_total"), first, self.row - 1, t, 0, total=True, cash_col=False)
        self.platforms(rows)

    def platforms(self, method_rows: dict[str, int]) -> None:
        """Beside the methods: per platform channel (a column each) the ledger (a formula over the method rows),
        what the statements say was received, the difference (a formula), refunds, fees (手续费) and the net."""
        mo, ws, f = self.mo, self.ws, self.f
        if not mo.platforms:
            return
        self.row += 1
        self.label(self.w("pf_title"), f.bold)
        self.row += 1
        if not mo.statements:
            f.lit.merge(ws, self.row, 0, self.row, self.COLS - 1, self.w("pf_no_statements"), f.warn)
            ws.set_row(self.row, 30)
            self.row += 1
        f.lit.write(ws, self.row, 0, self.w("monthly.line"), f.head)
        for c, x in enumerate(mo.platforms, start=1):
            f.lit.write(ws, self.row, c, self.w(f"ch_{x.channel}"), f.head)
        self.row += 1
        cols = list(enumerate(mo.platforms, start=1))
        ledger = self.row
        f.lit.write(ws, ledger, 0, self.w("pf_ledger"), f.indent2)
        for c, x in cols:
            refs = [self.cell(1, method_rows[m]) for m in x.methods if m in method_rows]
            self.money(c, "+".join(refs) or "0", x.ledger)
        self.row += 1
        received = self.row
        for key, value in (("pf_received", "received"), ("pf_difference", None), ("pf_refunded", "refunded"),
                           ("pf_fees", "fees"), ("pf_net", None)):
            f.lit.write(ws, self.row, 0, self.w(key), f.bold if key == "pf_difference" else f.indent2)
            for c, x in cols:
                if not x.has_statement:
                    f.lit.write(ws, self.row, c, "—", f.text)
                elif value is not None:
                    ws.write_number(self.row, c, yuan(getattr(x, value)), f.money)
                elif key == "pf_difference":
                    diff = x.difference or 0
                    self.money(c, f"{self.cell(c, ledger)}-{self.cell(c, received)}", diff,
                               f.money_bold if diff == 0 else f.money_bad)
                else:
                    self.money(c, f"{self.cell(c, received)}-{self.cell(c, received + 2)}-{self.cell(c, received + 3)}",
                               x.net)
            self.row += 1
        f.lit.write(ws, self.row, 0, self.w("pf_statement"), f.indent2)
        wrap = self.wb.add_format({"border": 1, "valign": "top", "text_wrap": True})
        height = 1
        for c, x in cols:
            text = statement_text(x.has_statement, x.uncovered_days, self.lang)
            f.lit.write(ws, self.row, c, text, wrap if x.has_statement and not x.uncovered_days else f.warn)
            cols_wide = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)  # CJK characters are two columns wide
            height = max(height, -(-cols_wide // (_STATEMENT_WIDTHS[c] - 2)))
        ws.set_row(self.row, 15 * height)
        self.row += 1
        f.lit.merge(ws, self.row, 0, self.row, self.COLS - 1, self.w("pf_note"), f.note)
        ws.set_row(self.row, 30)
        self.row += 1

    def expenses(self) -> None:
        mo = self.mo
        self.section("s_expenses")
        self.header()

        def crit(x: Line) -> tuple[tuple[int, str], ...]:
            return (self.s.kind(EXPENSE), self.s.text(D_ITEM, x.label),
                    self.s.text(D_CLASS, class_word(x.fee_class, self.lang)))

        first = self.row
        cash = (D_METHOD, criterion(CASH))
        for x in mo.expenses:
            remark = {PASS_THROUGH: "expense_pass", DEPOSIT: "expense_deposit"}.get(x.fee_class)
            self.label(x.label, self.f.indent2, self.w(remark).strip("（）() ") if remark else "")
            self.money(1, self.s.sumifs(*crit(x), *Sums.month()), x.amount)
            self.money(2, self.s.sumifs(*crit(x), cash, *Sums.month()), x.cash)
            self.row += 1
        if not mo.expenses:
            self.label(self.w("no_lines"), self.f.indent2)
            self.row += 1
        t = mo.expense_total
        self.sum_row(self.w("expenses_total"), first, self.row - 1, t.amount, t.cash, total=True)

    def cash(self) -> None:
        mo = self.mo
        self.section("s_cash")
        self.header()
        cash = (D_METHOD, criterion(CASH))
        month = Sums.month()
        self.label(self.w("opening"))
        self.money(1, self.cells["opening"], mo.opening)
        first = self.row
        self.row += 1
        self.label(self.w("cash_in"))
        self.money(1, self.s.sumifs(self.s.kind(RECEIPT), cash, *month), mo.cash_receipts)
        self.row += 1
        self.label(self.w("cash_handed"))
        self.money(1, self.s.sumifs(self.s.kind(HANDED), *month), mo.handed)
        self.row += 1
        self.label(self.w("cash_spent"))
        self.money(1, self.s.sumifs(self.s.kind(EXPENSE), cash, *month), mo.cash_expenses)
        self.row += 1
        b = [self.cell(1, first + i) for i in range(4)]
        self.f.lit.write(self.ws, self.row, 0, self.w("closing"), self.f.text_total)
        self.money(1, f"{b[0]}+{b[1]}-{b[2]}-{b[3]}", mo.closing, self.f.money_total)
        for c in (2, 3):
            self.ws.write_blank(self.row, c, None, self.f.text_total)
        self.cells["closing"] = self.cell(1)
        self.row += 1
        cnt = mo.count
        if cnt is None:
            self.f.lit.merge(self.ws, self.row, 0, self.row, self.COLS - 1, self.w("no_count"), self.f.note)
            self.row += 1
            return
        self.f.lit.merge(self.ws, self.row, 0, self.row, self.COLS - 1,
                            self.w("count_at", at=f"{cnt.at:%Y-%m-%d %H:%M}", counter=cnt.counter or "—"), self.f.bold)
        self.row += 1
        self.label(self.w("count_counted"), remark=cnt.where.address)
        self.ws.write_number(self.row, 1, yuan(cnt.counted), self.f.money)
        counted = self.cell(1)
        self.row += 1
        self.label(self.w("count_book"))
        self.ws.write_datetime(self.row, 3, cnt.at, self.f.moment)
        upto = ((D_MOMENT, f'">="&{MONTH_START}'), (D_MOMENT, f'"<="&{self.cell(3)}'))
        self.money(1, f"{self.cells['opening']}+{self.s.cash_flow(upto)}", cnt.book)
        book = self.cell(1)
        self.row += 1
        self.label(self.w("count_diff"), self.f.bold)
        fmt = self.f.money_bold if cnt.difference == 0 else self.f.money_bad
        self.money(1, f"{counted}-{book}", cnt.difference, fmt)
        self.row += 1

    def signatures(self) -> None:
        self.row += 1
        self.f.lit.merge(self.ws, self.row, 0, self.row, self.COLS - 1,
                            self.w("formula_note", sheet=self.detail_name), self.f.note)
        self.row += 3
        ws, f = self.ws, self.f
        ws.set_row(self.row, 24)
        f.lit.write(ws, self.row, 0, f"{self.w('prepared_by')}____________________", self.f.sign)
        f.lit.write(ws, self.row, 1, self.w("reviewed_by"), self.f.sign)
        ws.write_blank(self.row, 2, None, self.f.line)
        f.lit.write(ws, self.row, 3, f"{self.w('manager')}____________", self.f.sign)
        self.row += 2
        f.lit.write(ws, self.row, 0, f"{self.w('sign_date')}____________________", self.f.sign)


def notes(mo: Monthly, lang: str) -> list[str]:
    """What the reader must know before trusting the figures: missing registers, unreadable rows."""
    from registers.core.spec import KIND_BY_KEY, to_traditional
    from registers.i18n import register_name

    out: list[str] = []
    if mo.as_of < datetime.combine(mo.period.end, datetime.max.time()).replace(microsecond=0, second=0):
        out.append(word("in_progress", lang, as_of=f"{mo.as_of:%Y-%m-%d %H:%M}"))
    for key in mo.missing:
        kind = KIND_BY_KEY[key]
        name = register_name(kind.register, lang)
        sheet = {"en": kind.title_en, "zh-Hant": to_traditional(kind.title)}.get(lang, kind.title)
        text = name if sheet == name else f"{name} · {sheet}"
        out.append(word("monthly.missing", lang, name=text, effect=word(f"effect:{key}", lang)))
    for file in mo.unreadable_files:
        out.append(word("unreadable_file", lang, file=file))
    if mo.unplaced:
        out.append(word("unplaced", lang, n=mo.unplaced))
    if mo.unreadable_amounts:
        out.append(word("unreadable_amounts", lang, n=mo.unreadable_amounts))
    if mo.unknown_method:
        out.append(word("unknown_method", lang, n=mo.unknown_method))
    if mo.before_books is not None:
        out.append(word("before_books", lang, start=f"{mo.before_books:%Y-%m}"))
    return out


# ---------------------------------------------------------------- daily detail


def _daily(ws: Worksheet, mo: Monthly, lang: str, f: Formats, sums: Sums) -> tuple[int, int, int]:
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


# ---------------------------------------------------------------- arrears


def _arrears(ws: Worksheet, mo: Monthly, lang: str, f: Formats) -> None:
    cols = ("unit", "owner", "phone", "area", "paid_through", "months_owed", "age_0", "age_1", "age_2", "age_3",
            "owed")
    area_c, paid_c, months_c, age_c, owed_c = 3, 4, 5, 6, 10
    f.lit.merge(ws, 0, 0, 0, len(cols) - 1, f"{mo.office_name}  {word('arrears_title', lang)}  "
                   f"{month_label(mo.period.start.year, mo.period.start.month, lang)}", f.title)
    ws.set_row(0, 24)
    f.lit.merge(ws, 1, 0, 1, len(cols) - 1, word("arrears_note", lang, start=f"{mo.books_start:%Y-%m}"), f.note)
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


# ---------------------------------------------------------------- operations


def _operations(ws: Worksheet, mo: Monthly, lang: str, f: Formats) -> None:
    from registers.i18n import rule_title

    f.lit.merge(ws, 0, 0, 0, 6, f"{mo.office_name}  {word('ops_title', lang)}  "
                   f"{month_label(mo.period.start.year, mo.period.start.month, lang)}", f.title)
    ws.set_row(0, 24)
    r = 2
    rp = mo.repairs
    f.lit.write(ws, r, 0, word("monthly.repairs", lang), f.bold)
    r += 1
    if rp is not None:
        rows: list[tuple[str, Any, Format]] = [
            ("r_received", rp.received, f.int), ("r_completed", rp.completed, f.int),
            ("r_on_time", rp.on_time, f.int),
        ]
        start = r
        for k, v, fmt in rows:
            f.lit.write(ws, r, 0, word(k, lang), f.text)
            ws.write_number(r, 1, v, fmt)
            r += 1
        f.lit.write(ws, r, 0, word("r_on_time_rate", lang), f.text)
        done, ok = xl_rowcol_to_cell(start + 1, 1), xl_rowcol_to_cell(start + 2, 1)
        ws.write_formula(r, 1, f'=IF({done}=0,"",{ok}/{done})', f.pct,
                         rp.on_time / rp.completed if rp.completed else "")
        r += 1
        f.lit.write(ws, r, 0, word("r_avg_hours", lang), f.text)
        if rp.avg_hours is None:
            f.lit.write(ws, r, 1, "—", f.text)
        else:
            ws.write_number(r, 1, rp.avg_hours, f.dec)
        r += 1
        f.lit.write(ws, r, 0, word("r_open", lang), f.text)
        ws.write_number(r, 1, rp.open_at_end, f.int)
        r += 1
    r += 1
    ky = mo.keys
    f.lit.write(ws, r, 0, word("monthly.keys", lang), f.bold)
    r += 1
    if ky is not None:
        for key, v in (("k_lent", ky.lent), ("k_returned", ky.returned), ("k_overdue", ky.overdue),
                       ("k_out", ky.still_out), ("k_no_spare", ky.no_spare_types)):
            f.lit.write(ws, r, 0, word(key, lang), f.text)
            ws.write_number(r, 1, v, f.int)
            r += 1
    r += 1
    f.lit.write(ws, r, 0, word("monthly.findings", lang), f.bold)
    f.lit.write(ws, r, 2, word("monthly.findings_counts", lang, **mo.severity), f.text)
    r += 1
    if mo.previous_runs == "none":
        f.lit.write(ws, r, 0, word("no_previous", lang), f.note)
        r += 1
    elif mo.previous_runs != "found":
        f.lit.write(ws, r, 0, word("history_broken", lang, reason=mo.previous_runs), f.note)
        r += 1
    heads = ("rule", "clause", "severity", "rule_title", "this_month", "last_month", "change")
    for c, key in enumerate(heads):
        f.lit.write(ws, r, c, word(key, lang), f.head)
    r += 1
    first = r
    for rc in mo.rules:
        f.lit.write(ws, r, 0, rc.rule, f.text)
        f.lit.write(ws, r, 1, rc.clause, f.text)
        f.lit.write(ws, r, 2, word(rc.severity.label, lang), f.text)
        f.lit.write(ws, r, 3, rule_title(rc.rule, lang), f.text)
        ws.write_number(r, 4, rc.count, f.int)
        if rc.previous is None:
            f.lit.write(ws, r, 5, "—", f.text)
            f.lit.write(ws, r, 6, "—", f.text)
        else:
            ws.write_number(r, 5, rc.previous, f.int)
            ws.write_formula(r, 6, f"={xl_rowcol_to_cell(r, 4)}-{xl_rowcol_to_cell(r, 5)}", f.int,
                             rc.count - rc.previous)
        r += 1
    if not mo.rules:
        f.lit.write(ws, r, 0, word("no_findings", lang), f.text)
        r += 1
    f.lit.write(ws, r, 0, word("sum", lang), f.text_total)
    for c in (1, 2, 3):
        ws.write_blank(r, c, None, f.text_total)
    last = max(first, r - 1)
    ws.write_formula(r, 4, f"=SUM({xl_rowcol_to_cell(first, 4)}:{xl_rowcol_to_cell(last, 4)})", f.int_total,
                     sum(x.count for x in mo.rules))
    if mo.previous_runs == "found":
        ws.write_formula(r, 5, f"=SUM({xl_rowcol_to_cell(first, 5)}:{xl_rowcol_to_cell(last, 5)})", f.int_total,
                         sum(x.previous or 0 for x in mo.rules))
        ws.write_formula(r, 6, f"={xl_rowcol_to_cell(r, 4)}-{xl_rowcol_to_cell(r, 5)}", f.int_total,
                         sum(x.count - (x.previous or 0) for x in mo.rules))
    for c, width in enumerate((26, 9, 8, 30, 9, 9, 9)):
        ws.set_column(c, c, width)
    ws.print_area(0, 0, r, 6)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)


# ---------------------------------------------------------------- charts


def _charts(wb: xlsxwriter.Workbook, ws: Worksheet, mo: Monthly, lang: str, daily_name: str,
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
