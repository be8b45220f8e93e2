"""What the readers hand out: a sheet as a grid of raw cell values, and the one error a workbook can be.

Kept apart from the readers (:mod:`registers.io.read`, :mod:`registers.io.columnar`) and the
guard (:mod:`registers.io.guard`) so that each of them can name these types without importing
the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class Unreadable(Exception):
    """The workbook cannot be read; ``reason`` is a key of the i18n catalogue."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass
class Grid:
    """One sheet's cells, row 0 = worksheet row 1, column 0 = column A."""

    sheet: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    hidden: bool = False
    # Read column by column (:mod:`registers.io.columnar`): the whole sheet as Arrow text arrays
    # (column 0 = A, merged ranges already filled), and ``rows`` holds only its first rows.
    columns: list[Any] | None = None

    @property
    def height(self) -> int:
        return len(self.columns[0]) if self.columns else len(self.rows)


@dataclass
class Workbook:
    rel: str
    sheets: list[Grid]
