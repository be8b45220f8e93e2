"""The ``核查结果`` sheet the check button writes into the open workbook: one row per finding of this
workbook, with a link to its cell, what the cell holds (原值), the suggestion (建议值, 依据) and the 采用 cell
the clerk ticks to accept it (:mod:`registers.excel.suggest`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from registers.core.findings import Finding
from registers.i18n import render_message, render_suggestion, shown_text, shown_value, word
from registers.io.grid import Grid

from .interface import Rect, cell_code

if TYPE_CHECKING:
    from registers.check import Report

    from .actions import CheckResult

RESULTS_SHEET = "核查结果"
SEV_HEAD = ("severity", "rule", "clause", "sheet", "cell", "message", "value", "suggest.value-head",
            "suggest.reason-label", "suggest.accept")
ACCEPT_COLUMN = len(SEV_HEAD)  # where the clerk ticks a suggestion to accept (1-based)
REASON_COLUMN = ACCEPT_COLUMN - 1


def literal(v: str) -> str:
    """Text for a cell, kept literal (Excel would read ``=…`` as a formula, ``0012`` as 12)."""
    return "'" + v if v else ""


def _held(grids: Mapping[str, Grid], f: Finding) -> str:
    """What the finding's cell holds in the open workbook, as text (phone numbers masked)."""
    grid = grids.get(f.sheet or "")
    if grid is None or not f.cell:
        return ""
    at = Rect.parse(f.cell)
    if at.top > len(grid.rows) or at.left > len(grid.rows[at.top - 1]):
        return ""
    v = grid.rows[at.top - 1][at.left - 1]
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return shown_text(str(v))


def internal_link(sheet: str, cell: str) -> str:
    """``=HYPERLINK("#'11月'!E5","E5")``: a link to a cell of this workbook, written with the values."""
    target = "#'" + sheet.replace("'", "''") + "'!" + cell
    return '=HYPERLINK("' + target.replace('"', '""') + '","' + cell + '")'


def results_rows(report: Report, rel: str, mine: Sequence[Finding], lang: str, result: CheckResult,
                 state: list[list[str]], grids: Mapping[str, Grid]) -> list[list[Any]]:
    """The 核查结果 sheet: the summary, then one row per finding of this workbook with a link to its cell, what
    the cell holds, the suggestion and why, and the 采用 cell to tick; records each write a tick would make."""
    office = report.office
    head = [word(k, lang) for k in SEV_HEAD]
    width = len(head)

    def line(text: str) -> list[Any]:
        return [literal(text)] + [""] * (width - 1)

    rows: list[list[Any]] = [
        line(f"{office.settings.office}  {rel}  {RESULTS_SHEET}"),
        line(report.summary_line(lang)),
    ]
    if result.not_highlighted or result.not_noted:
        rows.append(line(f"问题过多：{result.not_highlighted} 个单元格未标色、{result.not_noted} 处未加批注，"
                         f"但都列在下表中。 / Too many findings to mark them all; every one is listed below."))
    others = len(report.findings) - len(mine)
    if others:
        rows.append(line(f"其他台账另有 {others} 项问题：请运行 registers check 或查看 reports 文件夹。"
                         f" / {others} more findings in other workbooks."))
    rows.append([""] * width)
    rows.append([literal(h) for h in head])
    for f in mine:
        cell = f.cell or (f"A{f.row}" if f.row else "")
        loc = internal_link(f.sheet, cell) if f.sheet and cell else literal(cell)
        value, reason = render_suggestion(f, lang) or ("", "")
        writes = f.writes()
        mine_only = bool(writes) and all(w.file == rel and w.sheet and w.cell for w in writes)
        rows.append([literal(word(f.severity.label, lang)), literal(f.rule), literal(f.clause),
                     literal(f.sheet or ""), loc, literal(render_message(f, lang)),
                     literal(shown_value(f) or _held(grids, f)), literal(value), literal(reason),
                     "" if mine_only else literal("—" if value else "")])
        if mine_only:  # the suggestion "apply the ticked suggestions" writes if this row is ticked
            state.extend(["suggest", w.sheet or "", w.cell or "", str(len(rows)), cell_code(w.value)] for w in writes)
    if not mine:
        rows.append(line(word("clean", lang)))
    return rows


