"""The monthly workbook's operations sheet: repairs, keys, and the findings per rule against the month before.

Counts, not money: written as values with the changes and sums as formulas; nothing here sums the
detail sheet.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from registers.i18n import month_label, word
from registers.reports.monthly.model import Monthly
from registers.reports.monthly.styles import Formats


def write_operations(ws: Worksheet, mo: Monthly, lang: str, f: Formats) -> None:
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
