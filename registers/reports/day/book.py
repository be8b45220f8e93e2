"""The day-close workbook (``reports/daily/<date> 日结.xlsx``).

A cover sheet a supervisor prints and signs — the day's receipts per cashier
and payment method with real ``SUM`` formulas over the detail rows, large
receipts, receipt numbers used, open repairs, keys still out, the count of
findings and the signature lines, fitted to one A4 page — and a findings
sheet with a link on every cell address that opens the clerk's workbook at
that cell.  Everything that came from a register is written as a literal
(:class:`registers.reports.cells.Literals`), never as a formula.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from registers.core.findings import CellRef, Finding, Severity
from registers.core.output import write_atomically
from registers.i18n import (
    coverage_text,
    problem_text,
    render_message,
    rule_title,
    shown_text,
    suggestion_text,
    word,
)
from registers.reports.cells import Literals
from registers.reports.day.compute import NONCASH_METHODS, DayClose
from registers.reports.day.platforms import COVERED
from registers.reports.findings.book import link_target
from registers.reports.paper import print_setup

DAILY_DIR = "daily"
_SEV_FILL = {Severity.ERROR: "#F8CBAD", Severity.WARNING: "#FFE699", Severity.INFO: "#DDEBF7"}
# cover columns: cashier, receipts, expected, handed, difference, 4 channels, non-cash, total, status
COVER_COLUMNS = 12
_COVER_WIDTHS = [14, 13, 13, 12, 12, 12, 11, 11, 12, 12, 13, 20]


def day_stem(close: DayClose) -> str:
    return f"{close.day.isoformat()} 日结"


def book_path(folder: Path, close: DayClose) -> Path:
    return folder / f"{day_stem(close)}.xlsx"


def _yuan(fen: int) -> float:
    return fen / 100


def _moment(v: datetime | None) -> str:
    return v.strftime("%Y-%m-%d %H:%M") if v else ""


def _header_text(text: str) -> str:
    """Header/footer text: ``&`` is a control character there."""
    return text.replace("&", "&&")[:100]


class _Cover:
    """Writes the cover row by row, keeping the current row."""

    def __init__(self, wb: xlsxwriter.Workbook, ws: Worksheet, close: DayClose, lang: str,
                 link: Callable[[CellRef], str | None]) -> None:
        self.wb, self.ws, self.close, self.lang, self.link = wb, ws, close, lang, link
        self.lit = Literals(wb)
        self.row = 0
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.section = wb.add_format({"bold": True, "font_size": 11, "bottom": 1})
        self.head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True,
                                   "valign": "vcenter", "align": "center"})
        self.text = wb.add_format({"border": 1, "valign": "top"})
        self.wrap = wb.add_format({"border": 1, "valign": "top", "text_wrap": True})
        self.money = wb.add_format({"border": 1, "num_format": "#,##0.00", "valign": "top"})
        self.int = wb.add_format({"border": 1, "num_format": "0", "valign": "top"})
        self.num = wb.add_format({"border": 1, "num_format": "0.0", "valign": "top"})
        self.linkf = wb.add_format({"border": 1, "font_color": "blue", "underline": 1, "valign": "top"})
        self.bad = wb.add_format({"border": 1, "bg_color": "#F8CBAD", "valign": "top"})
        self.bad_money = wb.add_format({"border": 1, "num_format": "#,##0.00", "bg_color": "#F8CBAD", "valign": "top"})
        self.total_text = wb.add_format({"bold": True, "border": 1, "top": 2})
        self.total_money = wb.add_format({"bold": True, "border": 1, "top": 2, "num_format": "#,##0.00"})
        self.total_int = wb.add_format({"bold": True, "border": 1, "top": 2, "num_format": "0"})
        self.note = wb.add_format({"italic": True, "font_color": "#595959"})

    def w(self, key: str, **kw: Any) -> str:
        return word(key, self.lang, **kw)

    def heading(self, key: str, **kw: Any) -> None:
        self.row += 1
        self.lit.write(self.ws, self.row, 0, self.w(key, **kw), self.section)
        self.row += 1

    def header_row(self, keys: Sequence[str]) -> None:
        for c, k in enumerate(keys):
            self.lit.write(self.ws, self.row, c, self.w(k), self.head)
        self.row += 1

    def linked(self, col: int, text: str, where: CellRef | None, fmt: Format | None = None) -> None:
        url = self.link(where) if where else None
        if url and text:
            self.lit.url(self.ws, self.row, col, url, self.linkf, string=text, tip=where.address if where else None)
        else:
            self.lit.write(self.ws, self.row, col, text, fmt or self.text)

    def nothing(self) -> None:
        self.lit.write(self.ws, self.row, 0, self.w("none"), self.text)
        self.row += 1

    # ------------------------------------------------------------ sections

    def top(self) -> None:
        c = self.close
        self.ws.merge_range(self.row, 0, self.row, COVER_COLUMNS - 1, "", self.title)
        self.lit.write(self.ws, self.row, 0, f"{c.office_name}  {self.w('day.title')}  {c.day.isoformat()}", self.title)
        self.row += 1
        line = f"{self.w('as_of')} {c.as_of.strftime('%Y-%m-%d %H:%M:%S')}"
        if c.previous_as_of:
            line += "    " + self.w("previous", when=c.previous_as_of.strftime("%Y-%m-%d %H:%M"))
        self.lit.write(self.ws, self.row, 0, line)
        self.row += 1

    def cash(self) -> tuple[int, int]:
        """The cashier table; returns the worksheet rows (0-based) of the first detail row and of the totals."""
        c = self.close
        self.heading("cash")
        self.header_row(["cashier", "receipts", "expected_cash", "handed", "difference", *NONCASH_METHODS,
                         "noncash", "total", "status"])
        first = self.row
        ws, lit = self.ws, self.lit
        for cd in c.cashiers:
            r = self.row
            self.linked(0, cd.cashier, cd.where)
            ws.write_number(r, 1, cd.receipts, self.int)
            ws.write_number(r, 2, _yuan(cd.expected_cash), self.money)
            ws.write_number(r, 3, _yuan(cd.handed), self.money)
            diff_fmt = self.money if c.cleared(cd) else self.bad_money
            ws.write_formula(r, 4, f"={xl_rowcol_to_cell(r, 3)}-{xl_rowcol_to_cell(r, 2)}", diff_fmt,
                             _yuan(cd.difference))
            for i, ch in enumerate(NONCASH_METHODS):
                ws.write_number(r, 5 + i, _yuan(cd.channels.get(ch, 0)), self.money)
            last_ch = 5 + len(NONCASH_METHODS) - 1
            ws.write_formula(r, last_ch + 1, f"=SUM({xl_rowcol_to_cell(r, 5)}:{xl_rowcol_to_cell(r, last_ch)})",
                             self.money, _yuan(cd.noncash))
            ws.write_formula(r, last_ch + 2, f"={xl_rowcol_to_cell(r, 2)}+{xl_rowcol_to_cell(r, last_ch + 1)}",
                             self.money, _yuan(cd.total))
            lit.write(ws, r, last_ch + 3, self._status(cd), self.text if c.cleared(cd) else self.bad)
            self.row += 1
        if not c.cashiers:
            lit.write(ws, self.row, 0, self.w("no-receipts"), self.text)
            self.row += 1
        last = self.row - 1
        totals = self.row
        lit.write(ws, totals, 0, self.w("sum"), self.total_text)
        t = c.totals
        values = [t["receipts"], _yuan(t["expected_cash"]), _yuan(t["handed"]), _yuan(t["difference"]),
                  *(_yuan(t[ch]) for ch in NONCASH_METHODS), _yuan(t["noncash"]), _yuan(t["total"])]
        for i, v in enumerate(values, start=1):
            rng = f"{xl_rowcol_to_cell(first, i)}:{xl_rowcol_to_cell(last, i)}"
            ws.write_formula(totals, i, f"=SUM({rng})", self.total_int if i == 1 else self.total_money, v)
        lit.write(ws, totals, COVER_COLUMNS - 1, "", self.total_text)
        self.row += 1
        lit.write(ws, self.row, 0, self.w("money_note"), self.note)
        self.row += 1
        return first, totals

    def _status(self, cd: Any) -> str:
        parts = []
        if not cd.has_handover and cd.expected_cash:
            parts.append(self.w("no-handover"))
        elif self.close.cleared(cd):
            parts.append(self.w("cleared"))
        else:
            parts.append(self.w("short") if cd.difference < 0 else self.w("over"))
        if cd.unsure:
            parts.append(self.w("unsure"))
        return "；".join(parts) if self.lang != "en" else "; ".join(parts)

    def span(self, first: int, last: int, text: str, fmt: Format, where: CellRef | None = None) -> None:
        """``text`` (a literal) over the columns ``first``–``last`` of the current row, linked to ``where``."""
        if last > first:
            self.ws.merge_range(self.row, first, self.row, last, "", fmt)
        url = self.link(where) if where else None
        if url and text:
            self.lit.url(self.ws, self.row, first, url, self.linkf, string=text, tip=where.address if where else None)
        else:
            self.lit.write(self.ws, self.row, first, text, fmt)

    def spans_head(self, cols: Sequence[tuple[int, int, str]]) -> None:
        for first, last, key in cols:
            self.span(first, last, self.w(key), self.head)
        self.ws.set_row(self.row, 15 * max(_lines(self.w(k), sum(_COVER_WIDTHS[a:b + 1])) for a, b, k in cols))
        self.row += 1

    def noncash(self) -> None:
        """Per platform channel: ledger, platform received, difference (a formula), refunds, fees, coverage;
        then the receipts no payment pays and the platform payments no receipt records."""
        c, ws = self.close, self.ws
        self.heading("noncash_check")
        bad_wrap = self.wb.add_format({"border": 1, "bg_color": "#F8CBAD", "valign": "top", "text_wrap": True})
        note_wrap = self.wb.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})
        if not c.statements:
            self.span(0, COVER_COLUMNS - 1, self.w("no-statements"), self.bad)
            self.row += 1
        self.spans_head([(0, 0, "channel"), (1, 1, "receipts"), (2, 2, "ledger"), (3, 3, "payments_count"),
                         (4, 4, "platform_received"), (5, 5, "difference"), (6, 6, "platform_refunded"),
                         (7, 7, "fees"), (8, COVER_COLUMNS - 1, "statement")])
        for pd_ in c.platforms:
            r = self.row
            self.lit.write(ws, r, 0, self.w(pd_.channel), self.text)
            ws.write_number(r, 1, pd_.receipts, self.int)
            ws.write_number(r, 2, _yuan(pd_.ledger), self.money)
            diff = pd_.difference
            if diff is None:
                for col in (3, 4, 5, 6, 7):
                    self.lit.write(ws, r, col, "—", self.text)
            else:
                ws.write_number(r, 3, pd_.payments, self.int)
                ws.write_number(r, 4, _yuan(pd_.received), self.money)
                ws.write_formula(r, 5, f"={xl_rowcol_to_cell(r, 2)}-{xl_rowcol_to_cell(r, 4)}",
                                 self.money if diff == 0 else self.bad_money, _yuan(diff))
                ws.write_number(r, 6, _yuan(pd_.refunded), self.money)
                ws.write_number(r, 7, _yuan(pd_.fees), self.money)
            ok = pd_.coverage == COVERED
            self.span(8, COVER_COLUMNS - 1, coverage_text(pd_.coverage, self.lang), self.text if ok else self.bad)
            self.row += 1
        self.span(0, COVER_COLUMNS - 1, self.w("noncash_note"), note_wrap)
        ws.set_row(self.row, 30)
        self.row += 1

        self.heading("unpaid")
        self.spans_head([(0, 0, "receipt_no"), (1, 3, "cell"), (4, 4, "method"), (5, 5, "amount"), (6, 7, "time"),
                         (8, COVER_COLUMNS - 1, "problem")])
        for u in c.unpaid:
            self.span(0, 0, u.receipt_no, self.text, u.where)
            self.span(1, 3, u.where.address, self.text)
            self.lit.write(ws, self.row, 4, u.method, self.text)
            ws.write_number(self.row, 5, _yuan(u.amount), self.money)
            self.span(6, 7, _moment(u.paid_at), self.text)
            problem = problem_text(u.status, self.lang, order=u.claimed)
            self.span(8, COVER_COLUMNS - 1, problem, bad_wrap)
            ws.set_row(self.row, 15 * _lines(problem, sum(_COVER_WIDTHS[8:])))
            self.row += 1
        if not c.unpaid:
            self.nothing()

        self.heading("unrecorded")
        self.spans_head([(0, 1, "order_no"), (2, 2, "channel"), (3, 3, "amount"), (4, 4, "fees"), (5, 6, "time"),
                         (7, 9, "file"), (10, 10, "line"), (11, 11, "problem")])
        for p in c.unrecorded:
            self.span(0, 1, p.order_no or "—", self.text, p.where)
            self.lit.write(ws, self.row, 2, self.w(p.channel), self.text)
            ws.write_number(self.row, 3, _yuan(p.amount), self.money)
            ws.write_number(self.row, 4, _yuan(p.fee), self.money)
            self.span(5, 6, _moment(p.at), self.text)
            file, problem = p.file + (f"!{p.sheet}" if p.sheet else ""), problem_text(p.status, self.lang, kind=p.kind)
            self.span(7, 9, file, self.wrap)
            ws.write_number(self.row, 10, p.line, self.int)
            self.lit.write(ws, self.row, 11, problem, bad_wrap)
            ws.set_row(self.row, 15 * max(_lines(file, sum(_COVER_WIDTHS[7:10])), _lines(problem, _COVER_WIDTHS[11])))
            self.row += 1
        if not c.unrecorded:
            self.nothing()

    def large(self) -> None:
        c = self.close
        self.heading("large", limit=f"{_yuan(c.large_limit):,.2f}")
        self.header_row(["receipt_no", "cashier", "unit", "item", "method", "amount", "reported"])
        for lr in c.large:
            self.linked(0, lr.receipt_no, lr.where)
            for col, v in enumerate((lr.cashier, lr.unit, lr.item, lr.method), start=1):
                self.lit.write(self.ws, self.row, col, v, self.text)
            self.ws.write_number(self.row, 5, _yuan(lr.amount), self.money)
            self.lit.write(self.ws, self.row, 6, self.w("yes" if lr.reported else "no"),
                                 self.text if lr.reported else self.bad)
            self.row += 1
        if not c.large:
            self.nothing()

    def ranges(self) -> None:
        self.heading("ranges")
        self.header_row(["series", "first", "last", "used", "void", "missing"])
        for rr in self.close.ranges:
            self.lit.write(self.ws, self.row, 0, rr.series, self.text)
            self.linked(1, rr.first, rr.where)
            self.lit.write(self.ws, self.row, 2, rr.last, self.text)
            for col, n in ((3, rr.used), (4, rr.void), (5, rr.missing)):
                self.ws.write_number(self.row, col, n, self.bad if col == 5 and n else self.int)
            self.row += 1
        if not self.close.ranges:
            self.nothing()

    def repairs(self) -> None:
        self.heading("repairs")
        self.header_row(["repair_id", "reported_at", "address", "resident", "phone", "content", "problem", "deadline",
                         "hours_late"])
        for rp in self.close.repairs:
            self.linked(0, rp.repair_id or rp.where.address, rp.where)
            self.lit.write(self.ws, self.row, 1, _moment(rp.reported_at), self.text)
            self.lit.write(self.ws, self.row, 2, rp.address, self.text)
            self.lit.write(self.ws, self.row, 3, rp.resident, self.text)
            self.lit.write(self.ws, self.row, 4, rp.phone, self.text)
            self.lit.write(self.ws, self.row, 5, rp.content, self.wrap)
            self.lit.write(self.ws, self.row, 6, self.w(rp.problem), self.bad)
            self.lit.write(self.ws, self.row, 7, _moment(rp.deadline), self.text)
            self.ws.write_number(self.row, 8, rp.hours_late, self.num)
            self.row += 1
        if not self.close.repairs:
            self.nothing()

    def keys(self) -> None:
        self.heading("keys")
        self.header_row(["key_id", "out_at", "borrower", "department", "purpose", "due", "status", "hours_late"])
        for k in self.close.keys:
            self.linked(0, k.key_id or k.where.address, k.where)
            for col, v in enumerate((_moment(k.out_at), k.borrower, k.department, k.purpose, _moment(k.due)),
                                    start=1):
                self.lit.write(self.ws, self.row, col, v, self.wrap if col == 4 else self.text)
            self.lit.write(self.ws, self.row, 6, self.w("key-overdue" if k.overdue else "key-out"),
                                 self.bad if k.overdue else self.text)
            self.ws.write_number(self.row, 7, k.hours_late, self.num)
            self.row += 1
        if not self.close.keys:
            self.nothing()

    def findings_line(self, counts: dict[str, int], sheet: str) -> None:
        self.heading("findings")
        self.lit.write(self.ws, self.row, 0, self.w("findings_counts", **counts))
        self.row += 1
        if self.close.history and self.close.history not in ("recorded", "off"):
            self.lit.write(self.ws, self.row, 0, self.w("history-broken", reason=self.close.history), self.note)
            self.row += 1
        if self.close.fee_source_note(self.lang):
            self.lit.write(self.ws, self.row, 0, self.close.fee_source_note(self.lang), self.note)
            self.row += 1
        self.lit.write(self.ws, self.row, 0, self.w("see_sheet", sheet=sheet), self.note)
        self.row += 1

    def signatures(self) -> None:
        self.row += 2
        line = self.wb.add_format({"bottom": 1})
        for col, key in ((0, "prepared_by"), (4, "reviewed_by"), (8, "sign_date")):
            self.lit.write(self.ws, self.row, col, self.w(key), self.wb.add_format({"bold": True, "align": "right"}))
            for c in range(col + 1, col + 3):
                self.ws.write_blank(self.row, c, None, line)
        self.row += 1


def finding_counts(close: DayClose) -> dict[str, int]:
    counts: dict[str, int] = dict(close.severity_counts())
    counts["new"] = sum(1 for f in close.findings if f.state == "new")
    counts["open"] = sum(1 for f in close.findings if f.state == "open")
    counts["resolved"] = len(close.resolved)
    return counts


def state_text(state: str | None, since: Any, lang: str) -> str:
    if state == "new":
        return word("new", lang)
    if state == "open":
        return word("open", lang, since=since.isoformat() if since else "?")
    if state == "resolved":
        return word("resolved-state", lang)
    return ""


def write_day_book(close: DayClose, folder: Path, office_dir: Path, lang: str = "zh-Hans", *,
                   show_personal: bool = False) -> Path:
    """Write ``<folder>/<date> 日结.xlsx`` atomically and return its path."""
    target = book_path(folder, close)
    write_atomically(target, lambda tmp: _write(tmp, close, lang, folder.resolve(), office_dir.resolve(),
                                                show_personal))
    return target


def _write(path: Path, close: DayClose, lang: str, book_dir: Path, office_dir: Path, show_personal: bool) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    wb.set_properties({"title": f"{close.office_name} {word('day.title', lang)} {close.day.isoformat()}",
                       "company": close.office_name})

    def link(where: CellRef) -> str | None:
        return link_target(book_dir, office_dir, where)

    cover_name = word("day.title", lang)
    findings_name = word("findings", lang)
    ws = wb.add_worksheet(cover_name)
    cover = _Cover(wb, ws, close, lang, link)
    cover.top()
    cover.cash()
    cover.noncash()
    cover.large()
    cover.ranges()
    cover.repairs()
    cover.keys()
    cover.findings_line(finding_counts(close), findings_name)
    cover.signatures()
    for c, width in enumerate(_COVER_WIDTHS):
        ws.set_column(c, c, width)
    office = _header_text(close.office_name)
    print_setup(ws, lang, header_rows=0, pages_tall=1, area=(0, 0, cover.row, COVER_COLUMNS - 1),
                header=f"&L{office}&R{_header_text(word('day.title', lang))} {close.day.isoformat()}")
    ws.set_footer(f"&L{office}  {close.day.isoformat()}&R{word('page', lang)}")

    _findings_sheet(wb, wb.add_worksheet(findings_name), close, lang, link, show_personal)
    ws.activate()
    wb.close()


def _lines(text: str, width: int) -> int:
    """Lines a wrapped cell needs (CJK characters are two columns wide); readers do not size rows themselves."""
    return sum(max(1, -(-sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) // max(width - 2, 1)))
               for line in text.split("\n"))


_FINDING_HEADS = ("severity", "history-state", "rule", "file", "sheet", "cell", "key", "date", "message")
_FINDING_WIDTHS = (7, 16, 34, 26, 12, 9, 14, 11, 70)
# Wrapped within their column, each row as tall as its longest (a rule's title, a file's path, the message):
# none runs over its neighbour on paper.
_FINDING_WRAPPED = (2, 3, 6, 8)


def _findings_sheet(wb: xlsxwriter.Workbook, ws: Worksheet, close: DayClose, lang: str,
                    link: Callable[[CellRef], str | None], show_personal: bool) -> None:
    lit = Literals(wb)
    bold = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    top = wb.add_format({"valign": "top"})
    linkf = wb.add_format({"font_color": "blue", "underline": 1, "valign": "top"})
    sev = {s: wb.add_format({"bg_color": c, "valign": "top"}) for s, c in _SEV_FILL.items()}
    done = wb.add_format({"bg_color": "#C6EFCE", "valign": "top"})
    for c, (h, width) in enumerate(zip(_FINDING_HEADS, _FINDING_WIDTHS, strict=True)):
        lit.write(ws, 0, c, word(h, lang), bold)
        ws.set_column(c, c, width)
    rows: list[tuple[Finding, str, Format]] = [
        (df.finding, state_text(df.state, df.since, lang), sev[df.finding.severity]) for df in close.findings
    ]
    rows += [(s.as_finding(), state_text("resolved", None, lang), done) for s in close.resolved]
    for r, (f, state, fmt) in enumerate(rows, start=1):
        cell = f.cell or (str(f.row) if f.row else "")
        values = [word(f.severity.label, lang), state, f"{f.rule}  {rule_title(f.rule, lang)}", f.file or "",
                  f.sheet or "", cell, shown_text(f.key or "", show_personal=show_personal),
                  f.date.isoformat() if f.date else "",
                  "\n".join(t for t in (render_message(f, lang, show_personal=show_personal),
                                         suggestion_text(f, lang, show_personal=show_personal)) if t)]
        for c, v in enumerate(values):
            lit.write(ws, r, c, v, fmt if c in (0, 1) else wrap if c in _FINDING_WRAPPED else top)
        ws.set_row(r, 15 * max(_lines(values[c], _FINDING_WIDTHS[c]) for c in _FINDING_WRAPPED))
        if f.file:
            url = link(CellRef(f.file, f.sheet or "", f.row, f.column))
            if url and cell:
                lit.url(ws, r, 5, url, linkf, string=cell, tip=f.address)
            elif url:
                lit.url(ws, r, 3, url, linkf, string=f.file, tip=f.file)
    if not rows:
        lit.write(ws, 1, 0, word("day.clean", lang))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(_FINDING_HEADS) - 1)
    print_setup(ws, lang, header=f"&L{_header_text(close.office_name)}&R{_header_text(word('findings', lang))} "
                                 f"{close.day.isoformat()}")
