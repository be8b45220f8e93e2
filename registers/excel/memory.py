"""An in-memory :class:`~registers.excel.interface.ExcelBook` for tests: it counts range operations.

Every method call is counted as Excel would see it: one per area for reads,
one per :func:`~registers.excel.interface.union_chunks` chunk for fills and
note removal, one per note set, one per sheet write.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from registers.excel.interface import MAX_ADDRESS, MIXED, Fill, Rect, union_chunks


@dataclass
class MemorySheet:
    name: str
    values: list[list[Any]] = field(default_factory=list)  # row 0 = row 1; None = empty
    fills: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 1-based
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[Rect] = field(default_factory=list)
    hidden: bool = False


class MemoryBook:
    """A workbook held in memory, standing in for the one open in Excel."""

    def __init__(self, path: str, sheets: Sequence[MemorySheet] = ()) -> None:
        self.path = path
        self.sheets: dict[str, MemorySheet] = {s.name: s for s in sheets}
        self.ops: Counter[str] = Counter()

    # -- test helpers -------------------------------------------------------------------------
    def add_sheet(self, name: str, rows: Sequence[Sequence[Any]], merged: Sequence[Rect] = ()) -> MemorySheet:
        sheet = MemorySheet(name, [list(r) for r in rows], merged=list(merged))
        self.sheets[name] = sheet
        return sheet

    @property
    def op_count(self) -> int:
        return sum(self.ops.values())

    @property
    def write_count(self) -> int:
        return sum(n for k, n in self.ops.items() if k in _WRITES)

    def reset_ops(self) -> None:
        self.ops.clear()

    def fill_at(self, sheet: str, address: str) -> Fill:
        r = Rect.parse(address)
        return self.sheets[sheet].fills.get((r.top, r.left))

    def note_at(self, sheet: str, address: str) -> str | None:
        r = Rect.parse(address)
        return self.sheets[sheet].notes.get((r.top, r.left))

    # -- the Protocol ---------------------------------------------------------------------------
    def full_name(self) -> str:
        return self.path

    def sheet_names(self) -> list[str]:
        self.ops["sheet_names"] += 1
        return list(self.sheets)

    def is_hidden(self, sheet: str) -> bool:
        return self.sheets[sheet].hidden

    def read_values(self, sheet: str) -> list[list[Any]]:
        self.ops["read_values"] += 1
        s = self.sheets[sheet]
        width = max((len(r) for r in s.values), default=0)
        return [list(r) + [None] * (width - len(r)) for r in s.values]

    def merge_state(self, sheet: str, areas: Sequence[Rect]) -> list[bool | None]:
        self.ops["merge_state"] += len(areas)
        s = self.sheets[sheet]
        out: list[bool | None] = []
        for a in areas:
            merged = sum(1 for cell in a.cells() if any(m.contains(*cell) for m in s.merged))
            out.append(True if merged == a.size else False if merged == 0 else None)
        return out

    def merge_area(self, sheet: str, row: int, col: int) -> Rect:
        self.ops["merge_area"] += 1
        for m in self.sheets[sheet].merged:
            if m.contains(row, col):
                return m
        return Rect.cell(row, col)

    def read_fills(self, sheet: str, areas: Sequence[Sequence[Rect]]) -> list[Fill]:
        self.ops["read_fills"] += len(areas)
        fills = self.sheets[sheet].fills
        out: list[Fill] = []
        for area in areas:
            assert len(",".join(r.address for r in area)) <= MAX_ADDRESS, "one Excel range address"
            seen: set[Fill] = set()
            for a in area:
                if a.size > len(fills):  # a big range over a sparse sheet: only the filled cells inside matter
                    inside = [v for (r, c), v in fills.items() if a.contains(r, c)]
                    seen |= set(inside) | ({None} if len(inside) < a.size else set())
                else:
                    seen |= {fills.get(cell) for cell in a.cells()}
            out.append(seen.pop() if len(seen) == 1 else MIXED)
        return out

    def set_fill(self, sheet: str, areas: Sequence[Rect], fill: Fill) -> None:
        self.ops["set_fill"] += len(union_chunks(areas))
        fills = self.sheets[sheet].fills
        for a in areas:
            for cell in a.cells():
                if fill is None:
                    fills.pop(cell, None)
                else:
                    fills[cell] = fill

    def read_notes(self, sheet: str) -> dict[str, str]:
        self.ops["read_notes"] += 1
        return {Rect.cell(r, c).address: t for (r, c), t in self.sheets[sheet].notes.items()}

    def set_note(self, sheet: str, cell: str, text: str) -> None:
        self.ops["set_note"] += 1
        r = Rect.parse(cell)
        self.sheets[sheet].notes[(r.top, r.left)] = text

    def delete_notes(self, sheet: str, cells: Sequence[str]) -> None:
        rects = [Rect.parse(c) for c in cells]
        self.ops["delete_notes"] += len(union_chunks(rects))
        for r in rects:
            self.sheets[sheet].notes.pop((r.top, r.left), None)

    def write_cell(self, sheet: str, cell: str, value: Any) -> None:
        self.ops["write_cell"] += 1
        r = Rect.parse(cell)
        rows = self.sheets[sheet].values
        while len(rows) < r.top:
            rows.append([])
        row = rows[r.top - 1]
        row.extend([None] * (r.left - len(row)))
        row[r.left - 1] = value[1:] if isinstance(value, str) and value.startswith("'") else value

    def value_at(self, sheet: str, address: str) -> Any:
        r = Rect.parse(address)
        rows = self.sheets[sheet].values
        if r.top > len(rows) or r.left > len(rows[r.top - 1]):
            return None
        return rows[r.top - 1][r.left - 1]

    def write_sheet(self, sheet: str, rows: Sequence[Sequence[Any]], *, hidden: bool = False) -> None:
        self.ops["write_sheet"] += 1
        stored = [[v[1:] if isinstance(v, str) and v.startswith("'") else v for v in row] for row in rows]
        if sheet in self.sheets:
            s = self.sheets[sheet]
            s.values, s.fills, s.notes, s.merged, s.hidden = stored, {}, {}, [], hidden
        else:
            self.sheets[sheet] = MemorySheet(sheet, stored, hidden=hidden)

    def delete_sheet(self, sheet: str) -> None:
        self.ops["delete_sheet"] += 1
        self.sheets.pop(sheet, None)


_WRITES = frozenset({"write_cell", "set_fill", "set_note", "delete_notes", "write_sheet", "delete_sheet"})
