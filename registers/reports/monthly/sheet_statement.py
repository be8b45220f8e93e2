"""The monthly workbook's statement sheet (收支明细表), the page a manager signs.

Opening cash, income by fee class, pass-through money, deposits, the receipts by payment method with the
platform statements beside them, expenditures, the cash on hand with the last count, and the signatures:
every amount a live formula over the detail sheet (:mod:`registers.reports.monthly.formulas`) with our
figure cached.  :class:`StatementRows` is the row cursor and the kinds of row; :class:`Statement` the parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from registers.i18n import month_label, statement_text, word
from registers.reports.monthly.formulas import (
    D_CLASS,
    D_ITEM,
    D_METHOD,
    D_MOMENT,
    MONTH_START,
    OPENING_BALANCE,
    Sums,
    class_word,
    criterion,
)
from registers.reports.monthly.model import DEPOSIT, EXPENSE, HANDED, PASS_THROUGH, RECEIPT, Line, Monthly
from registers.reports.monthly.notes import notes
from registers.reports.monthly.styles import Formats, yuan
from registers.views.fees import CASH

_STATEMENT_WIDTHS = (46, 17, 17, 24)  # label, amount, of which cash, remark


class StatementRows:
    """The statement sheet's row cursor and its kinds of row (sections, labels, money cells, item rows, sums);
    remembers the cells later rows refer to."""

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
        ref: str = xl_rowcol_to_cell(self.row if row is None else row, col)
        return ref

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


class Statement(StatementRows):
    """The statement sheet, written part by part from the top."""

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
        # carried in: the parameters sheet holds the cash on hand at the month's start, the detail the month only
        formula = f"{OPENING_BALANCE}+{self.s.cash_flow(Sums.before_month())}" if mo.full_detail else OPENING_BALANCE
        self.money(1, formula, mo.opening, self.f.money_bold)
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
