"""The monthly workbook's formulas: the detail sheet's columns, the parameters' defined names, and SUMIFS
over the detail (:class:`Sums`) with the criterion cells of register text (:class:`Criteria`).

The statement and the daily detail compute every total from the detail sheet through these; they stand
apart from the sheets because the sheets that write the detail and those that sum it must agree on its
columns and on the words of its 类型 column.
"""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from registers.i18n import word
from registers.reports.monthly.model import EXPENSE, HANDED, OPERATING, RECEIPT, VOID
from registers.reports.monthly.styles import Formats
from registers.views.fees import CASH

# detail sheet columns
D_MOMENT, D_KIND, D_REF, D_PARTY, D_NAME, D_ITEM, D_CLASS, D_METHOD, D_AMOUNT, D_SOURCE = range(10)
# defined names the formulas use (cells of the parameters sheet)
BOOKS_START, OPENING_BALANCE, MONTH_START, NEXT_MONTH = "BooksStart", "OpeningBalance", "MonthStart", "NextMonth"


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
