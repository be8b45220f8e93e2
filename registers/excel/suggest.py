"""The "apply the suggestions I ticked" button, and its undo, written against :class:`ExcelBook` only.

The check button lists each finding on the ``核查结果`` sheet with its suggestion (建议值, 依据) and, where
accepting it writes into this workbook, an empty 采用 cell; it records each such write (the cell and the
typed value) in the hidden record sheet.  :func:`apply_suggestions` writes the suggestions whose 采用 cell the
clerk ticked (✓ √ 是 y 1 …) into the open workbook — nothing else, nothing saved: the clerk sees every change
and saves (or closes without saving) as after any edit — and gives each changed cell a note saying what it
held and why it changed.  Excel's own undo does not reach changes made by a macro, so :func:`undo_suggestions`
puts back every value we wrote that is still as we wrote it.  The clear button removes our notes (the clerk's
own notes and fills stay as they were) and leaves the values: accepting a suggestion is an edit the clerk made.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from registers.core.findings import cell_text
from registers.i18n import word

from .actions import STATE_HEADER, STATE_SHEET, ExcelActionError, workbook_path
from .interface import ExcelBook, Rect, cell_code, cell_decode, col_letters
from .results import ACCEPT_COLUMN, REASON_COLUMN

SUGGEST_MARK = "【registers 建议】"
TICKS = frozenset({"✓", "√", "✔", "☑", "是", "y", "yes", "1", "true", "采用", "採用", "ok"})


@dataclass
class ApplyResult:
    applied: int = 0  # cells written
    already: int = 0  # cells that already held the suggested value
    ticked: int = 0  # suggestions ticked
    sheets_missing: int = 0  # writes into a sheet no longer in the workbook

    def message(self, lang: str = "zh-Hans") -> str:
        return word("suggest.applied", lang, applied=self.applied, ticked=self.ticked, already=self.already)


def is_ticked(value: Any) -> bool:
    """Whether a clerk's 采用 cell says yes: a tick mark, 是, y, 1, TRUE (not ✗, 否, n, 0 or empty)."""
    if value is True:
        return True
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value == 1
    return isinstance(value, str) and value.strip().lower() in TICKS


def _records(book: ExcelBook) -> list[list[str]]:
    if STATE_SHEET not in book.sheet_names():
        raise ExcelActionError(word("suggest.no-check", "zh-Hans"))
    return [[("" if v is None else str(v)) for v in (list(r) + [None] * 5)[:5]]
            for r in book.read_values(STATE_SHEET)[1:]]


def _save_records(book: ExcelBook, records: list[list[str]]) -> None:
    book.write_sheet(STATE_SHEET, [STATE_HEADER, *(["'" + v if v else "" for v in r] for r in records)], hidden=True)


def _same(a: Any, b: Any) -> bool:
    return cell_code(a) == cell_code(b)


def _shown(value: Any) -> str:
    """A cell's value in our note: as a suggestion's value reads (:func:`cell_text`), but an amount the clerk
    typed with more decimals as typed, and an empty cell said so."""
    if value is None or value == "":
        return word("suggest.empty", "zh-Hans")
    if isinstance(value, float) and not value.is_integer():
        return str(value)
    return cell_text(value)


def _cell(values: list[list[Any]], address: str) -> Any:
    r = Rect.parse(address)
    if r.top > len(values) or r.left > len(values[r.top - 1]):
        return None
    return values[r.top - 1][r.left - 1]


def apply_suggestions(book: ExcelBook, lang: str = "zh-Hans") -> ApplyResult:
    """The "apply ticked suggestions" button (see the module docstring)."""
    workbook_path(book)
    records = _records(book)
    results = next((r[1] for r in records if r[0] == "sheet"), None)
    if results is None or results not in book.sheet_names():
        raise ExcelActionError(word("suggest.no-check", lang))
    listed = book.read_values(results)
    ticked: dict[int, list[list[str]]] = defaultdict(list)
    accept = col_letters(ACCEPT_COLUMN)
    for rec in records:
        if rec[0] == "suggest" and rec[3].isdigit() and is_ticked(_cell(listed, f"{accept}{rec[3]}")):
            ticked[int(rec[3])].append(rec)
    result = ApplyResult(ticked=len(ticked))
    sheets = set(book.sheet_names())
    values: dict[str, list[list[Any]]] = {}
    notes: dict[str, dict[str, str]] = {}
    note_records = {(r[1], r[2]): r for r in records if r[0] == "note"}
    for row, writes in sorted(ticked.items()):
        reason = _cell(listed, f"{col_letters(REASON_COLUMN)}{row}") or ""
        rule = _cell(listed, f"B{row}") or ""
        for _, sheet, cell, _, code in writes:
            if sheet not in sheets:
                result.sheets_missing += 1
                continue
            if sheet not in values:
                values[sheet], notes[sheet] = book.read_values(sheet), book.read_notes(sheet)
            new, old = cell_decode(code), _cell(values[sheet], cell)
            if _same(new, old):
                result.already += 1
                continue
            book.write_cell(sheet, cell, "'" + new if isinstance(new, str) else new)
            before = notes[sheet].get(cell, "")
            text = word("suggest.note", lang, mark=SUGGEST_MARK, old=_shown(old), new=_shown(new), reason=reason,
                        rule=rule)
            text = f"{before}\n\n{text}" if before else text
            book.set_note(sheet, cell, text)
            notes[sheet][cell] = text
            if (sheet, cell) in note_records:  # the check's note on this cell: clear now expects this text
                note_records[(sheet, cell)][4] = text
            else:
                rec = ["note", sheet, cell, before, text]
                note_records[(sheet, cell)] = rec
                records.append(rec)
            records.append(["value", sheet, cell, cell_code(old), code])
            result.applied += 1
        book.write_cell(results, f"{col_letters(ACCEPT_COLUMN)}{row}", "'" + word("suggest.done", lang))
    _save_records(book, records)
    return result


@dataclass
class UndoResult:
    restored: int = 0  # cells given back the value they had
    kept: int = 0  # cells the clerk changed again after we wrote them: left as they are


def undo_suggestions(book: ExcelBook) -> UndoResult:
    """Put back every value :func:`apply_suggestions` wrote that still holds what it wrote, and take our
    suggestion's part out of those cells' notes (the clerk's own note text stays)."""
    records = _records(book)
    result = UndoResult()
    sheets = set(book.sheet_names())
    values: dict[str, list[list[Any]]] = {}
    notes: dict[str, dict[str, str]] = {}
    keep: list[list[str]] = []
    undone: set[tuple[str, str]] = set()
    for rec in reversed(records):  # the last write of a cell first: it holds that one
        kind, sheet, cell, before, after = rec
        if kind != "value" or sheet not in sheets:
            keep.append(rec)
            continue
        if sheet not in values:
            values[sheet], notes[sheet] = book.read_values(sheet), book.read_notes(sheet)
        if (sheet, cell) in undone or cell_code(_cell(values[sheet], cell)) != after:
            result.kept += (sheet, cell) not in undone
            continue
        old = cell_decode(before)
        book.write_cell(sheet, cell, "'" + old if isinstance(old, str) else ("" if old is None else old))
        undone.add((sheet, cell))
        result.restored += 1
    keep.reverse()
    for sheet, cell in sorted(undone):
        note = notes[sheet].get(cell, "")
        at = note.find(SUGGEST_MARK)
        if at < 0:
            continue
        left = note[:at].rstrip("\n")
        if left:
            book.set_note(sheet, cell, left)
        else:
            book.delete_notes(sheet, [cell])
        for rec in keep:
            if rec[0] == "note" and rec[1] == sheet and rec[2] == cell:
                rec[4] = left  # what clear expects now; nothing of ours left when it is the note as it was
        keep = [r for r in keep if not (r[0] == "note" and r[1] == sheet and r[2] == cell and r[3] == r[4])]
    _save_records(book, keep)
    return result
