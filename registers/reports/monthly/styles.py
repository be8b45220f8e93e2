"""How the monthly workbook looks: its cell formats (one :class:`Formats` per workbook) and money in yuan.

Every sheet writes with the same formats, and every number of money goes in as yuan with the same
number format; they stand apart from the sheets so that each sheet's module reads only what it writes.
"""

from __future__ import annotations

import xlsxwriter

from registers.reports.cells import Literals

MONEY = "¥#,##0.00"


def yuan(fen: int) -> float:
    return fen / 100



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
