"""Every sheet of an office folder judged the way the check reads it: which register it is read as and
why, or why not and what to add to ``registers.toml`` — the data of ``registers explain``.

The sheets are read as :mod:`registers.office.reading` reads them (same guard, same readers, same
pins and detection), one after another; nothing is normalised or checked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from registers.core.findings import column_letter
from registers.core.settings import Settings, SheetConfigError
from registers.core.spec import KIND_BY_KEY
from registers.io.detect import SheetTable, find_table, header_texts, naming_word
from registers.io.diagnose import Candidate, best_candidate, suggest_columns, unknown_headers
from registers.io.discover import discover
from registers.io.grid import Grid, Unreadable
from registers.io.guard.limits import InputLimits
from registers.io.read import read_guarded, sheet_loads
from registers.office.reading import pinned, pinned_table


@dataclass
class SheetVerdict:
    """One sheet: read as ``register`` (with the headers that made it so), or not (its closest register,
    the header words no register knows, and the ``registers.toml`` lines that would read it)."""

    file: str
    sheet: str
    register: str | None = None
    pinned: bool = False
    header_row: int | None = None
    rows: int = 0
    matched: list[tuple[str, str, str]] = field(default_factory=list)  # (field, header as typed, column letter)
    named: str | None = None  # the word of the sheet's name or title naming its register (支出表), if any
    missing: tuple[str, ...] = ()
    best: str | None = None  # an ignored sheet's closest register
    score: float = 0.0
    unknown: list[str] = field(default_factory=list)  # header words no register knows
    fix: list[str] = field(default_factory=list)  # the lines to add to registers.toml
    fix_missing: tuple[str, ...] = ()  # required fields the fix still leaves without a column
    error: str | None = None  # the pin's columns name a header the sheet lacks (the run stops on it)


@dataclass
class FileVerdict:
    file: str
    sheets: list[SheetVerdict] = field(default_factory=list)
    unreadable: Unreadable | None = None


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def pin_lines(register: str, file: str, sheet: str, columns: dict[str, str]) -> list[str]:
    """A pin as an ``[[registers.pins]]`` table: it can be added at the end of any registers.toml."""
    kind = KIND_BY_KEY[register]
    lines = ["[[registers.pins]]", f"register = {toml_string(register)}", f"file = {toml_string(file)}",
             f"sheet = {toml_string(sheet)}"]
    if columns:
        pairs = ", ".join(f"{toml_string(kind.field(n).label)} = {toml_string(h)}" for n, h in columns.items())
        lines.append(f"columns = {{ {pairs} }}")
    return lines


def _rows(table: SheetTable) -> int:
    return len(table.row_numbers) if table.row_numbers is not None else len(table.rows)


def _header_of(grid: Grid, table: SheetTable, c: int) -> str:
    """A matched column's header as typed: its cell on the header row, or the row above (two rows deep)."""
    for r in (table.header_row - 1, table.header_row - 2):
        texts = header_texts(grid, r) if r >= 0 else []
        if c < len(texts) and texts[c]:
            return texts[c]
    return ""


def judge_sheet(rel: str, grid: Grid, settings: Settings) -> SheetVerdict:
    """How the check reads this sheet, and why."""
    verdict = SheetVerdict(rel, grid.sheet)
    pin = pinned(settings, rel, grid.sheet)
    try:
        table = pinned_table(pin, rel, grid, settings.language) if pin else find_table(grid)
    except SheetConfigError as exc:
        verdict.pinned, verdict.error = True, str(exc)
        return verdict
    if table is not None:
        verdict.register, verdict.pinned, verdict.header_row = table.kind.key, pin is not None, table.header_row
        verdict.rows, verdict.missing = _rows(table), table.missing
        verdict.matched = [(name, _header_of(grid, table, c), column_letter(c))
                           for name, c in sorted(table.columns.items(), key=lambda p: p[1])]
        verdict.named = naming_word(grid, table.kind, table.header_row)
        named = {header for _, header, _ in verdict.matched}
        verdict.unknown = [h for h in unknown_headers(grid, table.header_row) if h not in named]
        if table.missing:  # read, but short of columns: the pin (with what it has named) that would find them
            req = table.kind.required
            found = Candidate(table.kind, round(1 - len(table.missing) / len(req), 2), table.header_row,
                              table.columns, table.missing)
            columns = {**(dict(pin.columns) if pin else {}), **suggest_columns(grid, found)}
            verdict.fix = pin_lines(table.kind.key, rel, grid.sheet, columns)
            verdict.fix_missing = tuple(n for n in table.missing if n not in columns)
        return verdict
    best = best_candidate(grid)
    first_text = next((r + 1 for r in range(min(30, len(grid.rows))) if any(header_texts(grid, r))), None)
    row = best.header_row if best else first_text
    verdict.unknown = unknown_headers(grid, row) if row else []
    if best is None:
        return verdict
    verdict.best, verdict.score, verdict.header_row, verdict.missing = (best.kind.key, best.score, best.header_row,
                                                                          best.missing)
    columns = suggest_columns(grid, best)
    verdict.fix = pin_lines(best.kind.key, rel, grid.sheet, columns)
    verdict.fix_missing = tuple(n for n in best.missing if n not in columns)
    return verdict


def explain_office(root: Path, settings: Settings) -> Iterator[FileVerdict]:
    """Every workbook of the office folder, in discovery order, with a verdict for each of its sheets."""
    limits = InputLimits.of(settings)
    for wf in discover(root, settings.output_dir):
        out = FileVerdict(wf.rel)
        try:
            data, merged = read_guarded(wf.path, settings.max_file_mb << 20, limits=limits)
            for load in sheet_loads(data, wf.rel, max_cells=settings.max_cells, columnar=True, merged=merged):
                out.sheets.extend(judge_sheet(wf.rel, grid, settings) for grid in load.load())
        except Unreadable as exc:
            out.unreadable = exc
        yield out
