"""The Excel buttons' logic, written against :class:`~registers.excel.interface.ExcelBook` only.

:func:`check_open_workbook` reads the workbook open in Excel (values and merged
ranges, whole ranges), runs the same check the CLI runs (:func:`registers.pipeline.check.run_check`)
— the open workbook's values plus the office's other workbooks from disk —
then, in the open workbook:

* fills the cells that have findings (colour by severity),
* puts a note with the message on them,
* writes a ``核查结果`` sheet listing the findings, each with a link to its cell,
* records what it changed (each coloured area with its ORIGINAL fill, each note
  with the text it replaced) in the hidden sheet ``registers_核查标记``.

:func:`clear_highlights` undoes exactly that record: an area gets its original
fill back only while it still has our colour (a cell the clerk re-coloured
keeps the clerk's colour), a note is restored/removed only while it still
holds our text; the clerk's own colours and notes elsewhere are never touched.
A second click of "check" clears the previous marks first.

Every Excel call works on whole ranges.  Cells with findings are grouped into
rectangles per colour and the rectangles into multi-area addresses of <= 255
characters (one call each); original fills are learnt by reading the bounding
range and splitting it only where it is mixed.  Hard budgets (``MAX_*``) bound
the calls whatever the number of findings: a register with 50,000 bad cells is
still one click; what is over a budget is listed on the ``核查结果`` sheet but
not coloured / not given a note, and the sheet says so.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PureWindowsPath
from typing import Any

from registers.check import Report
from registers.core.findings import Finding, Severity
from registers.core.inputs import UNREADABLE
from registers.core.period import Period
from registers.core.settings import CONFIG_NAME, Settings, load_settings
from registers.i18n import render_message, word
from registers.io.discover import discover
from registers.io.grid import Grid, Unreadable
from registers.io.read import iter_grids, read_bytes
from registers.pipeline.check import CheckOptions, run_check

from .areas import read_fill_pieces, read_group_fills, rectangles, take_chunks
from .interface import ExcelBook, Fill, Rect, union_chunks
from .results import RESULTS_SHEET, literal, results_rows

STATE_SHEET = "registers_核查标记"
STATE_HEADER = ["registers 核查标记：记录“核查”按钮改动的单元格，供“清除标记”还原。请勿编辑。", "", "", "", ""]

# Fill per severity: the findings workbook's colours (registers.reports.findings.book).
FILLS = {Severity.ERROR: "#F8CBAD", Severity.WARNING: "#FFE699", Severity.INFO: "#DDEBF7"}
NOTE_MARK = "【registers 核查】"

# Budgets: the most Excel calls one click may make for each job, whatever the number of findings.
MAX_FILL_WRITES = 100  # Range("E2:E9,G4,...").Interior.Color = ... calls when highlighting
MAX_FILL_READS = 100  # reads of current fills, to record the originals
MAX_MERGE_READS = 100  # probes for merged ranges in the open workbook (then the saved file's merges)
MAX_NOTES = 100  # notes set (Excel has no call that sets many notes at once)



class ExcelActionError(Exception):
    """A button cannot do its job; the message is for the clerk (shown in Excel)."""


# -- where the workbook sits ------------------------------------------------------------------------

def workbook_path(book: ExcelBook) -> Path:
    """The open workbook's file; refuses a workbook that was never saved (it has no folder)."""
    name = book.full_name()
    if not name or not (os.path.isabs(name) or PureWindowsPath(name).is_absolute()):
        raise ExcelActionError("请先把这个工作簿保存到管理处的台账文件夹中，再点“核查”。"
                               " / Save this workbook in the office folder first.")
    return Path(name)


def find_office_dir(workbook: Path) -> Path:
    """The workbook's folder or the nearest parent holding ``registers.toml``; else the workbook's folder."""
    folder = workbook.parent
    for d in (folder, *folder.parents):
        if (d / CONFIG_NAME).is_file():
            return d
    return folder


def _same_file(a: Path, b: Path) -> bool:
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


# -- reading the open workbook --------------------------------------------------------------------

def grid_from_values(sheet: str, values: Sequence[Sequence[Any]], merged: Iterable[Rect] = (),
                     hidden: bool = False) -> Grid:
    """A :class:`Grid` as the file reader makes it: ``''`` for empty cells, trailing blank rows/columns cut."""
    rows = [["" if v is None else v for v in row] for row in values]
    while rows and all(v == "" for v in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(r) if v != ""), default=0) for r in rows), default=0)
    rows = [r[:width] + [""] * (width - len(r)) for r in rows]
    spans = [((m.top - 1, m.left - 1), (m.bottom - 1, m.right - 1)) for m in merged if m.size > 1]
    return Grid(sheet=sheet, rows=rows, merged=spans, hidden=hidden)


def find_merged(book: ExcelBook, sheet: str, extent: Rect, budget: list[int]) -> tuple[list[Rect], list[Rect]]:
    """The merged ranges inside ``extent``, by reading whole ranges and splitting only where merged.

    Returns ``(merged, unexplored)``: the areas left unexplored when ``budget[0]`` probes ran out.
    """
    found: list[Rect] = []
    level = [extent]
    while level:
        level = [a for a in level if not any(_covers(m, a) for m in found)]
        if not level:
            break
        if budget[0] < len(level):
            return found, level
        budget[0] -= len(level)
        states = book.merge_state(sheet, level)
        nxt: list[Rect] = []
        for area, state in zip(level, states, strict=True):
            if state is False:
                continue
            if area.size == 1:
                if budget[0] <= 0:
                    return found, [area, *nxt]
                budget[0] -= 1
                m = book.merge_area(sheet, area.top, area.left)
                if m.size > 1 and m not in found:
                    found.append(m)
                continue
            nxt.extend(area.halves())
        level = nxt
    return found, []


def _covers(outer: Rect, inner: Rect) -> bool:
    return (outer.top <= inner.top and outer.left <= inner.left
            and outer.bottom >= inner.bottom and outer.right >= inner.right)


def read_open_grids(book: ExcelBook, saved: Path | None = None,
                    max_file_bytes: int = 200 << 20) -> list[Grid]:
    """The open workbook's sheets (without our own) as grids, values as they are in Excel right now."""
    budget = [MAX_MERGE_READS]
    saved_merges: dict[str, list[Rect]] | None = None
    grids = []
    for name in book.sheet_names():
        if name == STATE_SHEET:  # our record; our 核查结果 sheet is gone once the last marks are cleared
            continue
        values = book.read_values(name)
        height, width = len(values), max((len(r) for r in values), default=0)
        merged: list[Rect] = []
        if height and width:
            merged, unexplored = find_merged(book, name, Rect(1, 1, height, width), budget)
            if unexplored:  # out of probes: take the saved file's merges for what was not explored
                if saved_merges is None:
                    saved_merges = _saved_merges(saved, max_file_bytes)
                merged += [m for m in saved_merges.get(name, [])
                           if any(m.intersects(u) for u in unexplored) and m not in merged]
        grids.append(grid_from_values(name, values, merged, book.is_hidden(name)))
    return grids


def _saved_merges(saved: Path | None, max_bytes: int) -> dict[str, list[Rect]]:
    if saved is None or not saved.is_file():
        return {}
    try:
        grids = iter_grids(read_bytes(saved, max_bytes), saved.name, max_cells=1 << 62)
        return {g.sheet: [Rect(a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1) for a, b in g.merged] for g in grids}
    except Unreadable:
        return {}


def office_workbooks(office_dir: Path, settings: Settings, open_path: Path, open_grids: Sequence[Grid],
                     unreadable: list[Finding] | None = None) -> Iterator[tuple[str, Sequence[Grid]]]:
    """The office's workbooks in the CLI's order: the open one from Excel, the others from disk.

    A workbook that cannot be read from disk is left out, with the ``input.unreadable``
    finding the CLI makes for it appended to ``unreadable``.
    """
    rel = open_path.resolve().relative_to(office_dir.resolve()).as_posix()
    given = False
    for wf in discover(office_dir, settings.output_dir):
        if _same_file(wf.path, open_path):
            given = True
            yield rel, open_grids
            continue
        try:
            data = read_bytes(wf.path, settings.max_file_mb << 20)
            yield wf.rel, list(iter_grids(data, wf.rel, max_cells=settings.max_cells))
        except Unreadable as exc:
            if unreadable is not None:
                unreadable.append(UNREADABLE.finding(register=None, file=wf.rel, sheet="",
                                                     args={"reason": f"{exc.reason}|{exc.detail}"}))
            continue
    if not given:
        yield rel, open_grids


# -- the check ------------------------------------------------------------------------------------

@dataclass
class CheckResult:
    report: Report
    rel: str  # the open workbook, relative to the office folder
    findings: list[Finding]  # the findings about the open workbook
    highlighted: int = 0  # cells coloured
    notes: int = 0
    not_highlighted: int = 0  # cells with findings left uncoloured (over budget)
    not_noted: int = 0
    results_sheet: str = RESULTS_SHEET

    def message(self, lang: str = "zh-Hans") -> str:
        """What the button shows the clerk when it is done."""
        s = self.report.summary()
        mine = len(self.findings)
        text = (f"本工作簿 {mine} 项问题（全所 错误 {s['error']} / 警告 {s['warning']} / 提示 {s['info']}），"
                f"已标出 {self.highlighted} 个单元格，详见“{self.results_sheet}”表。")
        if lang == "en":
            text = (f"{mine} findings in this workbook (office: {s['error']} errors, {s['warning']} warnings, "
                    f"{s['info']} notes); {self.highlighted} cells marked — see the '{self.results_sheet}' sheet.")
        return text


def check_open_workbook(
    book: ExcelBook,
    office_dir: Path | None = None,
    *,
    period: Period | None = None,
    as_of: datetime | None = None,
    settings: Settings | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    lang: str | None = None,
) -> CheckResult:
    """The "check" button: clear our previous marks, check, mark the findings in the open workbook."""
    path = workbook_path(book)
    office_dir = office_dir or find_office_dir(path)
    settings = settings or load_settings(office_dir)
    lang = lang or settings.language
    clear_highlights(book)
    grids = read_open_grids(book, path, settings.max_file_mb << 20)
    unreadable: list[Finding] = []
    # the one sequence, with no run history and no findings workbook: the marks and the 核查结果 sheet are its report
    options = CheckOptions(period=period, as_of=as_of, select=tuple(select), ignore=tuple(ignore), lang=lang)
    report = run_check(office_dir, options, settings=settings,
                       workbooks=list(office_workbooks(office_dir, settings, path, grids, unreadable))).report
    if unreadable and any(r.id == UNREADABLE.id for r in report.rules):  # as the CLI reports them
        report.findings = sorted([*report.findings, *unreadable], key=Finding.sort_key)
    rel = path.resolve().relative_to(office_dir.resolve()).as_posix()
    mine = [f for f in report.findings if f.file == rel]
    result = CheckResult(report=report, rel=rel, findings=mine)
    state: list[list[str]] = []
    widths = {g.sheet: max((len(r) for r in g.rows), default=0) for g in grids}
    names = set(widths)
    targets = _targets(mine, widths, {g.sheet: g for g in grids})
    _highlight(book, targets, state, result)
    _notes(book, mine, names, lang, state, result)
    result.results_sheet = _results_sheet_name(book, names)
    book.write_sheet(result.results_sheet, results_rows(report, rel, mine, lang, result, state,
                                                      {g.sheet: g for g in grids}))
    state.append(["sheet", result.results_sheet, "", "", ""])
    book.write_sheet(STATE_SHEET, [STATE_HEADER, *([literal(v) for v in row] for row in state)], hidden=True)
    return result


def _results_sheet_name(book: ExcelBook, names: set[str]) -> str:
    if RESULTS_SHEET not in names:
        return RESULTS_SHEET
    n = 2  # the clerk has a sheet of that name: never write into it
    while f"{RESULTS_SHEET}{n}" in names:
        n += 1
    return f"{RESULTS_SHEET}{n}"


@dataclass
class _SheetTargets:
    cells: dict[tuple[int, int], Severity] = field(default_factory=dict)  # (row, col) -> worst severity


def _targets(findings: Sequence[Finding], widths: dict[str, int],
             grids: dict[str, Grid]) -> dict[str, _SheetTargets]:
    """The cells to colour, per sheet: the finding's cell (its whole merged range), or its row's used cells."""
    out: dict[str, _SheetTargets] = {}
    for f in findings:
        if not f.sheet or f.sheet not in widths or not f.row:
            continue
        t = out.setdefault(f.sheet, _SheetTargets())
        if f.cell:
            rect = _merged_rect(grids[f.sheet], Rect.parse(f.cell))
            cells: Iterable[tuple[int, int]] = rect.cells()
        else:
            cells = ((f.row, c) for c in range(1, max(widths[f.sheet], 1) + 1))
        for cell in cells:
            if cell not in t.cells or t.cells[cell] < f.severity:
                t.cells[cell] = f.severity
    return out


def _merged_rect(grid: Grid, cell: Rect) -> Rect:
    for (r0, c0), (r1, c1) in grid.merged:
        m = Rect(r0 + 1, c0 + 1, r1 + 1, c1 + 1)
        if m.contains(cell.top, cell.left):
            return m
    return cell


def _highlight(book: ExcelBook, targets: dict[str, _SheetTargets], state: list[list[str]],
               result: CheckResult) -> None:
    reads = [MAX_FILL_READS]
    writes = MAX_FILL_WRITES
    plan: list[tuple[str, Fill, list[Rect], list[tuple[Rect, Fill]]]] = []
    for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):  # the worst first, should a budget run out
        for sheet, t in targets.items():
            cells = [cell for cell, s in t.cells.items() if s is sev]
            if not cells:
                continue
            rects = rectangles(cells)
            known, unknown = read_fill_pieces(book, sheet, [(r, None) for r in rects], reads)
            result.not_highlighted += sum(r.size for r, _ in unknown)
            pieces = sorted(((r, orig) for r, _, orig in known), key=lambda p: p[0])
            taken = take_chunks([r for r, _ in pieces], writes)
            writes -= len(union_chunks(taken))
            result.not_highlighted += sum(r.size for r, _ in pieces[len(taken):])
            plan.append((sheet, FILLS[sev], taken, pieces[: len(taken)]))
    for sheet, ours, taken, pieces in plan:
        if not taken:
            continue
        book.set_fill(sheet, taken, ours)
        result.highlighted += sum(r.size for r in taken)
        state.extend(["fill", sheet, r.address, orig or "", ours or ""] for r, orig in pieces)


def _note_text(fs: Sequence[Finding], lang: str) -> str:
    lines = [NOTE_MARK]
    for f in fs:
        lines.append(f"[{word(f.severity.label, lang)}] {f.rule}（{f.clause}）：{render_message(f, lang)}")
    return "\n".join(lines)


def _notes(book: ExcelBook, findings: Sequence[Finding], sheets: set[str], lang: str,
           state: list[list[str]], result: CheckResult) -> None:
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.sheet in sheets and f.row:
            by_cell[(f.sheet, f.cell or f"A{f.row}")].append(f)
    order = sorted(by_cell, key=lambda k: (-max(f.severity for f in by_cell[k]), k[0],
                                           Rect.parse(k[1]).top, Rect.parse(k[1]).left))
    existing: dict[str, dict[str, str]] = {}
    for sheet, cell in order[:MAX_NOTES]:
        if sheet not in existing:
            existing[sheet] = book.read_notes(sheet)
        before = existing[sheet].get(cell, "")
        text = _note_text(by_cell[(sheet, cell)], lang)
        if before:
            text = f"{before}\n\n{text}"  # the clerk's note stays first; clear puts it back as it was
        book.set_note(sheet, cell, text)
        state.append(["note", sheet, cell, before, text])
        result.notes += 1
    result.not_noted = max(0, len(order) - MAX_NOTES)


# -- undoing our marks ----------------------------------------------------------------------------

@dataclass
class ClearResult:
    restored: int = 0  # cells given their original fill back
    kept: int = 0  # cells the clerk re-coloured after our highlight: left as they are
    unchecked: int = 0  # cells whose fill could not be read within the budget: left as they are
    notes_removed: int = 0
    notes_kept: int = 0  # notes the clerk edited after we added them


def clear_highlights(book: ExcelBook) -> ClearResult:
    """The "clear" button: undo what the last check recorded, and only that."""
    result = ClearResult()
    names = book.sheet_names()
    if STATE_SHEET not in names:
        return result
    rows = [[("" if v is None else str(v)) for v in (list(r) + [None] * 5)[:5]]
            for r in book.read_values(STATE_SHEET)[1:]]
    present = set(names)
    fills: dict[str, list[tuple[Rect, tuple[Fill, Fill]]]] = defaultdict(list)
    notes: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    own_sheets = [r[1] for r in rows if r[0] == "sheet" and r[1] in present and r[1] != STATE_SHEET]
    for kind, sheet, where, before, ours in rows:
        if sheet not in present or sheet in own_sheets:
            continue
        elif kind == "fill":
            fills[sheet].append((Rect.parse(where), (before or None, ours or None)))
        elif kind == "note":
            notes[sheet].append((where, before, ours))
    reads = [MAX_FILL_READS * 2]  # twice: a click clears, then checks
    for sheet, pieces in fills.items():
        known, unknown = read_group_fills(book, sheet, pieces, reads)
        result.unchecked += sum(r.size for r, _ in unknown)
        back: dict[Fill, list[Rect]] = defaultdict(list)
        for rect, (original, mine), now in known:
            if now == mine:
                back[original].append(rect)
                result.restored += rect.size
            else:
                result.kept += rect.size
        for original, rects in back.items():
            book.set_fill(sheet, sorted(rects), original)
    for sheet, items in notes.items():
        now_notes = book.read_notes(sheet)
        gone: list[str] = []
        for cell, before, ours in items:
            if now_notes.get(cell) != ours:
                result.notes_kept += 1
                continue
            result.notes_removed += 1
            if before:
                book.set_note(sheet, cell, before)
            else:
                gone.append(cell)
        if gone:
            book.delete_notes(sheet, gone)
    for sheet in own_sheets:
        book.delete_sheet(sheet)
    book.delete_sheet(STATE_SHEET)
    return result


# -- the day close and the monthly report ---------------------------------------------------------

def close_day_from_excel(book: ExcelBook, **kw: Any) -> Any:
    """The "day close" button: the library's day close (``registers close-day``) for the open
    workbook's office folder.  It reads the saved files: save the registers first."""
    from registers.pipeline.day import close_day

    return close_day(find_office_dir(workbook_path(book)), **kw)


def monthly_from_excel(book: ExcelBook, **kw: Any) -> Any:
    """The "monthly report" button: the library's monthly report for the office folder (saved files)."""
    from registers.pipeline.monthly import monthly_report

    return monthly_report(find_office_dir(workbook_path(book)), **kw)
