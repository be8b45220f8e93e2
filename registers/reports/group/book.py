"""The group summary: ``reports/集团汇总 <period>.json`` and ``.xlsx`` for a group of offices.

The JSON is :meth:`registers.group.GroupResult.to_json`.  The workbook has three sheets:
the findings per office (by severity), the office × rule matrix, and every finding
(office, rule, severity, address, message).  Register text, office names and folder
names are untrusted: every text cell is written as a literal string (a shared string,
never a formula), and a text that looks like a formula (``= + - @``) also carries
Excel's quote prefix, so that editing the cell cannot turn it into one
(:class:`registers.reports.cells.Literals`).  Messages are
the offices' reports as rendered in the workers, phone numbers masked unless personal
data was asked for.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from registers.core.output import write_atomically
from registers.core.period import Period
from registers.i18n import rule_title, word
from registers.reports.cells import Literals
from registers.reports.paper import print_setup

if TYPE_CHECKING:
    from registers.group import GroupResult

SUMMARY_STEM = "集团汇总"





def period_label(period: Period) -> str:
    """``2026-11`` for a whole month, ``2026-11-27`` for a day, ``2026-11-01~2026-11-15`` otherwise."""
    if period == Period.month(period.start.year, period.start.month):
        return period.start.strftime("%Y-%m")
    if period.start == period.end:
        return period.start.isoformat()
    return f"{period.start.isoformat()}~{period.end.isoformat()}"


def summary_paths(period: Period, folder: Path) -> tuple[Path, Path]:
    stem = f"{SUMMARY_STEM} {period_label(period)}"
    return folder / f"{stem}.json", folder / f"{stem}.xlsx"


def write_group_summary(result: GroupResult, folder: Path, lang: str = "zh-Hans") -> tuple[Path, Path]:
    """Write the JSON and the workbook into ``folder`` (each atomically); return their paths."""
    json_path, book_path = summary_paths(result.options.period, folder)
    doc = result.to_json()

    def dump(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=2)
            fh.write("\n")

    write_atomically(json_path, dump)
    write_atomically(book_path, lambda tmp: write_group_book(tmp, doc, lang))
    return json_path, book_path


def finding_address(f: dict[str, Any]) -> str:
    """``收费台账.xlsx!收费明细!I17`` from a finding of the JSON contract (as :attr:`Finding.address`)."""
    if f.get("file") and not f.get("sheet") and f.get("row"):
        return f"{f['file']}:{f['row']}"  # a CSV's line, as Finding.address
    parts = [p for p in (f.get("file"), f.get("sheet")) if p]
    if f.get("cell"):
        parts.append(f["cell"])
    elif f.get("row"):
        parts.append(f"{f['row']}:{f['row']}")
    return "!".join(parts)


class _Cells:
    """Formats made once per look; text through :class:`Literals` (literal, quote-prefixed if formula-like)."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        self.literals = Literals(wb)
        self._formats: dict[tuple[tuple[str, Any], ...], Format] = {}

    def fmt(self, **props: Any) -> Format | None:
        if not props:
            return None
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.wb.add_format(props)
        return self._formats[key]

    def text(self, ws: Worksheet, row: int, col: int, value: object, **props: Any) -> None:
        self.literals.write(ws, row, col, value, self.fmt(**props))

    def number(self, ws: Worksheet, row: int, col: int, value: int, **props: Any) -> None:
        ws.write_number(row, col, value, self.fmt(**props))


_HEAD = {"bold": True, "bg_color": "#D9E1F2", "border": 1, "valign": "top"}
_SEV_FILL = {"error": "#F8CBAD", "warning": "#FFE699", "info": "#DDEBF7"}


def write_group_book(path: Path, doc: dict[str, Any], lang: str = "zh-Hans") -> None:
    """The workbook of a group summary ``doc`` (:meth:`GroupResult.to_json`)."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    wb.set_properties({"title": word("group.title", lang)})
    cells = _Cells(wb)
    _offices_sheet(wb.add_worksheet(word("offices", lang)), cells, doc, lang)
    _rules_sheet(wb.add_worksheet(word("by-rule", lang)), cells, doc, lang)
    _findings_sheet(wb.add_worksheet(word("group.findings", lang)), cells, doc, lang)
    wb.close()


def _offices_sheet(ws: Worksheet, cells: _Cells, doc: dict[str, Any], lang: str) -> None:
    period = doc["period"]
    cells.text(ws, 0, 0, f"{doc['group']}  {word('group.title', lang)}", bold=True, font_size=14)
    cells.text(ws, 1, 0, f"{period['from']} ~ {period['to']}")
    heads = ["folder", "office", "status", "errors", "warnings", "group.notes", "group.total", "as-of", "detail"]
    for c, h in enumerate(heads):
        cells.text(ws, 3, c, word(h, lang), **_HEAD)
    r = 4
    for o in doc["offices"]:
        report = o["report"]
        cells.text(ws, r, 0, o["folder"])
        cells.text(ws, r, 1, o["office"] or "")
        if report is None:
            cells.text(ws, r, 2, word("failed", lang), bg_color=_SEV_FILL["error"])
            cells.text(ws, r, 8, o["error"], text_wrap=True)
        else:
            s = report["summary"]
            cells.text(ws, r, 2, word("checked", lang))
            for c, key in enumerate(("error", "warning", "info"), start=3):
                cells.number(ws, r, c, s[key])
            cells.number(ws, r, 6, s["error"] + s["warning"] + s["info"])
            cells.text(ws, r, 7, report["as_of"].replace("T", " ")[:16])
            if o["warnings"]:
                cells.text(ws, r, 8, "; ".join(o["warnings"]), text_wrap=True)
        r += 1
    totals = doc["summary"]
    cells.text(ws, r, 0, word("group.total", lang), bold=True)
    cells.text(ws, r, 2, f"{totals['checked']}/{totals['offices']}", bold=True)
    for c, key in enumerate(("error", "warning", "info"), start=3):
        cells.number(ws, r, c, totals[key], bold=True)
    cells.number(ws, r, 6, totals["error"] + totals["warning"] + totals["info"], bold=True)
    for c, width in enumerate([24, 24, 12, 8, 8, 8, 8, 17, 60]):
        ws.set_column(c, c, width)
    ws.freeze_panes(4, 0)
    ws.autofilter(3, 0, max(r - 1, 4), len(heads) - 1)
    print_setup(ws, lang, header_rows=4)


def _rules_sheet(ws: Worksheet, cells: _Cells, doc: dict[str, Any], lang: str) -> None:
    """Rules down, offices across (a group has fewer offices than the catalogue has rules, and a rule id
    then reads whole): the rule id, its title, the group's total, then one column per office."""
    matrix: dict[str, dict[str, int]] = doc["by_rule"]
    offices = doc["offices"]
    heads = [word("rule", lang), word("rule-title", lang), word("group.total", lang)]
    for c, h in enumerate(heads):
        cells.text(ws, 0, c, h, **_HEAD)
    for c, o in enumerate(offices, start=3):
        cells.text(ws, 0, c, o["folder"], **_HEAD, text_wrap=True)
    for r, rule_id in enumerate(matrix, start=1):
        cells.text(ws, r, 0, rule_id)
        cells.text(ws, r, 1, rule_title(rule_id, lang), text_wrap=True, valign="top")
        cells.number(ws, r, 2, sum(matrix[rule_id].values()), bold=True)
        for c, o in enumerate(offices, start=3):
            if o["report"] is None:
                cells.text(ws, r, c, word("failed", lang), bg_color=_SEV_FILL["error"])
            elif n := matrix[rule_id].get(o["folder"], 0):
                cells.number(ws, r, c, n)
    width = max((len(rule_id) for rule_id in matrix), default=10) + 2
    ws.set_column(0, 0, width)
    ws.set_column(1, 1, 34)
    ws.set_column(2, 2, 8)
    ws.set_column(3, max(len(offices) + 2, 3), 12)
    ws.freeze_panes(1, 3)
    print_setup(ws, lang, header_rows=1)
    if len(offices) > 17:  # too many office columns for one page's width: pages by column, the rule repeated
        ws.fit_to_pages(0, 0)
        ws.repeat_columns(0, 2)


def _findings_sheet(ws: Worksheet, cells: _Cells, doc: dict[str, Any], lang: str) -> None:
    heads = ["folder", "office", "severity", "rule", "clause", "group.address", "date", "message"]
    for c, (h, width) in enumerate(zip(heads, [14, 16, 6, 24, 7, 30, 11, 60], strict=True)):
        cells.text(ws, 0, c, word(h, lang), **_HEAD)
        ws.set_column(c, c, width)
    r = 0
    for o in doc["offices"]:
        if o["report"] is None:
            continue
        for f in o["report"]["findings"]:
            r += 1
            sev = f["severity"]
            values = [o["folder"], o["office"] or "", word(sev, lang), f["rule"], f["clause"], finding_address(f),
                      f["date"] or "", f["message"]]
            for c, v in enumerate(values):
                if c == 2:
                    cells.text(ws, r, c, v, bg_color=_SEV_FILL.get(sev, "#FFFFFF"), valign="top")
                else:  # wrapped: a long address or message grows its row, never runs off the page
                    cells.text(ws, r, c, v, text_wrap=True, valign="top")
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(r, 1), len(heads) - 1)
    print_setup(ws, lang, header_rows=1)
