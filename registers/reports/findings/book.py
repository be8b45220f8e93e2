"""The findings workbook (``reports/核查结果 <date>.xlsx``): where clerks meet the findings in Excel.

One summary sheet, then one sheet per register with an autofilter, a frozen
header, severity colours, and on every cell address a hyperlink that opens the
clerk's own workbook at that cell.  Links are relative, so the office folder
can move.  Everything that came from a register is written as a literal string
(:class:`registers.reports.cells.Literals`), never as a formula.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import xlsxwriter

from registers.core.findings import CellRef, Finding, Severity
from registers.core.output import output_dir, write_atomically
from registers.core.spec import REGISTERS
from registers.i18n import (
    register_name,
    render_message,
    render_suggestion,
    rule_title,
    shown_text,
    shown_value,
    word,
)
from registers.reports.cells import Literals
from registers.reports.findings.values import CellValues
from registers.reports.paper import header_text, print_setup

if TYPE_CHECKING:
    from registers.check import Report

_FILL = {Severity.ERROR: "#F8CBAD", Severity.WARNING: "#FFE699", Severity.INFO: "#DDEBF7"}
_HEAD = ("severity", "rule", "clause", "title", "file", "sheet", "cell", "key", "date", "message", "value",
         "suggest.value-head", "suggest.reason-label")
_SUMMARY = ("findings-book", "register", "errors", "warnings", "group.notes", "group.total", "rule")
_WIDTHS = [7, 26, 7, 22, 26, 12, 9, 16, 11, 60, 18, 16, 40]
# Columns whose text wraps within the column (the rest are short): rule, title, file, sheet, key, message, value,
# the suggested value and why.
_ONE_PAGE_ROWS = 70  # a summary up to this long prints on one portrait page (scaled a little), else on several
_WRAPPED = frozenset({1, 3, 4, 5, 7, 9, 10, 11, 12})


def book_name(report: Report) -> str:
    return f"核查结果 {report.office.as_of.date().isoformat()}.xlsx"


# What Excel percent-encodes in a hyperlink's file path (XlsxWriter's table, plus ``#``, which
# would otherwise be taken for the start of the cell reference: ``3#楼 装修.xlsx`` is a real name).
_URL_ESCAPES = {"%": "%25", '"': "%22", " ": "%20", "<": "%3c", ">": "%3e", "[": "%5b", "]": "%5d",
                "^": "%5e", "`": "%60", "{": "%7b", "}": "%7d", "#": "%23"}


def escape_path(path: str) -> str:
    """A file path as Excel writes it in a hyperlink target (``收费 台账#1.xlsx`` → ``收费%20台账%231.xlsx``).

    The whole path is escaped here, so XlsxWriter (which leaves a path that already holds
    a ``%XX`` alone) neither escapes it twice nor splits it at a ``#`` of the file name.
    """
    return "".join(_URL_ESCAPES.get(ch, ch) for ch in path)


def link_target(book_dir: Path, office_dir: Path, f: CellRef) -> str | None:
    """``external:`` URL from the findings book to the finding's cell in the clerk's workbook.

    XlsxWriter stores the path with backslashes (what Excel writes); Excel and
    LibreOffice (Linux too, see tests/reports/test_findings_book_libreoffice.py) both resolve it.
    """
    if not f.file:
        return None
    rel = os.path.relpath(office_dir / f.file, book_dir)
    target = escape_path(PurePosixPath(*Path(rel).parts).as_posix())
    if f.sheet:
        sheet = f.sheet.replace("'", "''")
        cell = f.cell or (f"A{f.row}" if f.row else "A1")
        return f"external:{target}#'{sheet}'!{cell}"
    return f"external:{target}"


def _sheet_title(name: str, used: set[str]) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, "_")
    name = name[:31]
    base, n = name, 2
    while name in used:
        name = f"{base[:28]}({n})"
        n += 1
    used.add(name)
    return name


def write_findings_book(report: Report, lang: str = "zh-Hans", *, dest_dir: Path | None = None,
                        show_personal: bool = False) -> Path:
    """Write the findings workbook and return its path."""
    office = report.office
    folder = dest_dir or output_dir(office.root, office.settings.output_dir)
    target = folder / book_name(report)
    write_atomically(target, lambda tmp: _write(tmp, report, lang, folder.resolve(), show_personal))
    return target


def _write(path: Path, report: Report, lang: str, book_dir: Path, show_personal: bool) -> None:
    office = report.office
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    lit = Literals(wb)
    wb.set_properties({"title": word(_SUMMARY[0], lang), "company": office.settings.office})
    bold = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    link = wb.add_format({"font_color": "blue", "underline": 1, "valign": "top"})
    top = wb.add_format({"valign": "top"})
    sev_fmt = {s: wb.add_format({"bg_color": c, "valign": "top"}) for s, c in _FILL.items()}
    used: set[str] = set()

    title, reg_h, err_h, warn_h, info_h, total_h, rule_h = (word(k, lang) for k in _SUMMARY)
    summary = wb.add_worksheet(_sheet_title(title, used))
    lit.write(summary, 0, 0, f"{office.settings.office}  {title}", wb.add_format({"bold": True, "font_size": 14}))
    lit.write(summary, 1, 0, f"{office.period.start} ~ {office.period.end}  "
                               f"({office.as_of.strftime('%Y-%m-%d %H:%M')})")
    for c, h in enumerate([reg_h, err_h, warn_h, info_h, total_h]):
        summary.write_string(3, c, h, bold)
    by_register: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_register.setdefault(f.register or "office", []).append(f)
    order = [r for r in ("office", *REGISTERS) if r in by_register]
    r = 4
    for reg in order:
        counts = Counter(f.severity for f in by_register[reg])
        summary.write_string(r, 0, register_name(reg, lang))
        for c, sev in enumerate((Severity.ERROR, Severity.WARNING, Severity.INFO), start=1):
            summary.write_number(r, c, counts[sev])
        summary.write_number(r, 4, len(by_register[reg]))
        r += 1
    r += 1
    summary.write_string(r, 0, rule_h, bold)
    summary.write_string(r, 1, total_h, bold)
    for rule_id, n in sorted(Counter(f.rule for f in report.findings).items()):
        r += 1
        summary.write_string(r, 0, f"{rule_id}  {rule_title(rule_id, lang)}")
        summary.write_number(r, 1, n)
    summary.set_column(0, 0, 40)
    summary.set_column(1, 4, 10)
    print_setup(summary, lang, header_rows=0, landscape=False, pages_tall=1 if r <= _ONE_PAGE_ROWS else 0,
                header=f"&L{header_text(office.settings.office)}&R{header_text(title)}")

    heads = [word(k, lang) for k in _HEAD]
    cell_values = CellValues(office)
    for reg in order:
        ws = wb.add_worksheet(_sheet_title(register_name(reg, lang), used))
        for c, h in enumerate(heads):
            ws.write_string(0, c, h, bold)
            ws.set_column(c, c, _WIDTHS[c])
        items = sorted(by_register[reg], key=lambda f: (f.file or "", f.sheet or "", f.row or 0, f.rule))
        for i, f in enumerate(items, start=1):
            values: list[Any] = [
                word(f.severity.label, lang), f.rule, f.clause, rule_title(f.rule, lang), f.file or "",
                f.sheet or "", f.cell or (str(f.row) if f.row else ""),
                shown_text(f.key or "", show_personal=show_personal),
                f.date.isoformat() if f.date else "", render_message(f, lang, show_personal=show_personal),
                shown_value(f, show_personal=show_personal)
                or shown_text(cell_values.text(f) or "", show_personal=show_personal),
                *(render_suggestion(f, lang, show_personal=show_personal) or ("", "")),
            ]
            for c, v in enumerate(values):
                fmt = sev_fmt[f.severity] if c == 0 else wrap if c in _WRAPPED else top
                lit.write(ws, i, c, v, fmt)
            url = link_target(book_dir, office.root.resolve(), f.place)
            if url and values[6]:
                lit.url(ws, i, 6, url, link, string=str(values[6]),
                        tip=f"{f.file}!{f.sheet}!{values[6]}" if f.sheet else f.file)
            elif url:
                lit.url(ws, i, 4, url, link, string=f.file or "", tip=f.file)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(items), 1), len(heads) - 1)
        print_setup(ws, lang, header=f"&L{header_text(office.settings.office)}&R{header_text(title)} "
                                     f"{header_text(register_name(reg, lang))}")
    wb.close()
