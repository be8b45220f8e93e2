"""Text cells that stay text: every string a report writes into a workbook goes through :class:`Literals`.

A string cell is never evaluated when a workbook opens, whatever it holds
(``=cmd|' /C calc'!A0`` is shown, not run).  But a clerk who clicks into such a
cell and presses Enter would turn it into a formula; Excel's *quote prefix*
(the hidden ``'`` of ``'=1+1``) keeps it text even then.  So a string that
Excel would take for a formula when typed — it starts, after blanks, with
``= + - @`` or their full-width forms — is written with the quote prefix set
on its format.  Formulas are only ever ours, written with ``write_formula``;
text from a register never goes into one.
"""

from __future__ import annotations

from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

# What makes Excel (or WPS, or LibreOffice) read typed text as a formula.
FORMULA_STARTS = frozenset("=+-@＝＋－＠")
_BLANKS = " \t\r\n\u3000\u00a0"
# Format attributes that tie a format to one workbook's tables, not to how a cell looks.
_INDEX_ATTRS = frozenset({"xf_format_indices", "dxf_format_indices", "xf_index", "dxf_index", "_format_key"})


def looks_like_formula(text: str) -> bool:
    """``=A1``, ``+1+1``, ``-2+3``, ``@SUM(A1)``, ``\\t=1``, ``＝1`` — text Excel would evaluate if typed."""
    return text.lstrip(_BLANKS)[:1] in FORMULA_STARTS


class Literals:
    """Writes strings as literal text cells of one workbook, quote-prefixed when they look like formulas."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        self._quoted: dict[int, Format] = {}
        self._plain_quoted: Format | None = None

    def quoted(self, fmt: Format | None) -> Format:
        """``fmt`` with the quote prefix set (made once per format)."""
        if fmt is None:
            if self._plain_quoted is None:
                self._plain_quoted = self.wb.add_format({"quote_prefix": True})
            return self._plain_quoted
        if fmt.quote_prefix:
            return fmt
        done = self._quoted.get(id(fmt))
        if done is None:
            done = self.wb.add_format()
            for name, value in vars(fmt).items():
                if name not in _INDEX_ATTRS:
                    setattr(done, name, value)
            done.set_quote_prefix(True)
            self._quoted[id(fmt)] = done
        return done

    def fmt(self, text: str, fmt: Format | None) -> Format | None:
        return self.quoted(fmt) if looks_like_formula(text) else fmt

    def write(self, ws: Worksheet, row: int, col: int, text: Any, fmt: Format | None = None) -> None:
        """A literal text cell (``None`` and ``""`` write an empty string cell, as ``write_string`` does)."""
        s = "" if text is None else str(text)
        ws.write_string(row, col, s, self.fmt(s, fmt))

    def url(self, ws: Worksheet, row: int, col: int, url: str, fmt: Format | None, string: str,
            tip: str | None = None) -> None:
        """A hyperlink (our target) whose shown text may come from a register."""
        ws.write_url(row, col, url, self.fmt(string, fmt), string=string, tip=tip)

    def merge(self, ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int, text: str,
              fmt: Format | None) -> None:
        """A merged range showing ``text`` as a literal (never through XlsxWriter's type-guessing ``write``)."""
        ws.merge_range(first_row, first_col, last_row, last_col, "", fmt)
        self.write(ws, first_row, first_col, text, fmt)
