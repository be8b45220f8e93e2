"""What a finding's cell holds, for the findings workbook's 原值 column.

A finding names its cell (file, sheet, row, column); the office's frames hold every register cell as read.
:class:`CellValues` finds the row and the column's field and shows the value as a clerk typed it in
substance: a moment as ``2026-11-14 17:30``, a date as ``2026-11-14``, money as ``360.00``.  The read
stage's findings (``input.bad-value``) keep the text they found, which the reader could not type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from registers.core.frames import is_missing
from registers.core.spec import KIND_BY_KEY

if TYPE_CHECKING:
    from registers.core.findings import Finding
    from registers.office.load import Office


class CellValues:
    """The typed value at a finding's cell, looked up through the office's sources (built once per book)."""

    def __init__(self, office: Office) -> None:
        self.office = office
        self._sources: dict[tuple[str, str | None], int] = {(s.file, s.sheet): i for i, s in enumerate(office.sources)}
        self._rows: dict[int, dict[int, Any]] = {}

    def _row_index(self, src: int) -> dict[int, Any]:
        if src not in self._rows:
            frame = self.office.frames.get(self.office.sources[src].kind)
            if frame is None or not len(frame):
                self._rows[src] = {}
            else:
                mine = frame[frame["_src"] == src]
                self._rows[src] = dict(zip(mine["_row"].tolist(), mine.index.tolist(), strict=True))
        return self._rows[src]

    def text(self, f: Finding) -> str | None:
        """The cell's value as text; ``None`` when the finding names no cell or the cell is empty."""
        if f.file is None or f.row is None or f.column is None:
            return None
        src = self._sources.get((f.file, f.sheet))
        if src is None:
            return None
        source = self.office.sources[src]
        name = next((n for n, letter in source.columns.items() if letter == f.column), None)
        at = self._row_index(src).get(f.row)
        frame = self.office.frames.get(source.kind)
        if name is None or at is None or frame is None or name not in frame:
            return None
        value: Any = frame.at[at, name]
        if is_missing(value):
            return None
        kind = KIND_BY_KEY[source.kind].field(name).kind
        if kind in ("date", "datetime", "time") and isinstance(value, pd.Timestamp):
            return value.strftime("%Y-%m-%d") if kind == "date" else value.strftime("%Y-%m-%d %H:%M")
        if kind == "money":
            fen = int(value)
            return f"{'-' if fen < 0 else ''}{abs(fen) // 100}.{abs(fen) % 100:02d}"
        if kind == "number":
            return f"{float(value):g}"
        return str(value)
