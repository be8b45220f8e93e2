"""What the Excel side needs from a workbook open in Excel — a small Protocol, whole ranges only.

:mod:`registers.excel.actions` holds the logic and talks to this Protocol only;
:mod:`registers.excel.xlwings_book` implements it on an ``xlwings.Book`` (one
Excel call per method call, or per :func:`union_chunks` chunk), and
:mod:`registers.excel.memory` implements it in memory for the tests, counting
the range operations Excel would see.

Coordinates are Excel's: rows and columns from 1, rectangles inclusive.
A fill is ``"#RRGGBB"``, ``None`` for "no fill", or :data:`MIXED` when a read
range holds more than one fill.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Final, Protocol

from registers.core.findings import column_letter

MIXED: Final = "mixed"
"""What :meth:`ExcelBook.read_fills` answers for a range whose cells do not all have one fill."""

Fill = str | None

# Excel's Range("A1,B2:C3,...") takes an address of at most 255 characters.
MAX_ADDRESS = 255


@dataclass(frozen=True, order=True)
class Rect:
    """A rectangle of cells, 1-based and inclusive: ``Rect(2, 5, 9, 5)`` is ``E2:E9``."""

    top: int
    left: int
    bottom: int
    right: int

    @classmethod
    def cell(cls, row: int, col: int) -> Rect:
        return cls(row, col, row, col)

    @classmethod
    def parse(cls, address: str) -> Rect:
        """``E2``, ``E2:F9`` or ``$E$2:$F$9``."""
        parts = address.replace("$", "").split(":")
        a = _parse_cell(parts[0])
        b = _parse_cell(parts[-1])
        return cls(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))

    @property
    def address(self) -> str:
        first = f"{col_letters(self.left)}{self.top}"
        if self.top == self.bottom and self.left == self.right:
            return first
        return f"{first}:{col_letters(self.right)}{self.bottom}"

    @property
    def size(self) -> int:
        return (self.bottom - self.top + 1) * (self.right - self.left + 1)

    def cells(self) -> Iterable[tuple[int, int]]:
        for r in range(self.top, self.bottom + 1):
            for c in range(self.left, self.right + 1):
                yield r, c

    def contains(self, row: int, col: int) -> bool:
        return self.top <= row <= self.bottom and self.left <= col <= self.right

    def intersects(self, other: Rect) -> bool:
        return not (other.left > self.right or other.right < self.left
                    or other.top > self.bottom or other.bottom < self.top)

    def halves(self) -> tuple[Rect, Rect]:
        """Split along the longer side (rows first when equal); only for rectangles of 2+ cells."""
        if self.bottom - self.top >= self.right - self.left:
            mid = (self.top + self.bottom) // 2
            return Rect(self.top, self.left, mid, self.right), Rect(mid + 1, self.left, self.bottom, self.right)
        mid = (self.left + self.right) // 2
        return Rect(self.top, self.left, self.bottom, mid), Rect(self.top, mid + 1, self.bottom, self.right)


_CELL = re.compile(r"^([A-Za-z]{1,3})(\d+)$")


def _parse_cell(text: str) -> tuple[int, int]:
    m = _CELL.match(text.strip())
    if not m:
        raise ValueError(f"not a cell address: {text!r}")
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def col_letters(col: int) -> str:
    """1 → ``A``, 27 → ``AA`` (:func:`registers.core.findings.column_letter`, counted from 1)."""
    return column_letter(col - 1)


def union_chunks(rects: Iterable[Rect], limit: int = MAX_ADDRESS) -> list[str]:
    """Join rectangles into multi-area addresses (``E2:E9,G4``) of at most ``limit`` characters.

    Each chunk is one Excel call (``Range("E2:E9,G4").Interior.Color = ...``); the
    adapter and the in-memory book both use this, so the counted operations are
    the ones Excel would see.
    """
    chunks: list[str] = []
    current = ""
    for rect in rects:
        a = rect.address
        if current and len(current) + 1 + len(a) > limit:
            chunks.append(current)
            current = ""
        current = f"{current},{a}" if current else a
    if current:
        chunks.append(current)
    return chunks


def cell_code(value: Any) -> str:
    """A cell value as text for our hidden record sheet, keeping its type: ``n:118.44``, ``d:2026-11-20``,
    ``m:2026-11-20T18:00:00``, ``t:陈静`` (``""`` for an empty cell)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f"t:{value}"
    if isinstance(value, int | float):
        return f"n:{float(value)!r}"
    if isinstance(value, datetime):
        return f"m:{value.isoformat()}" if value.time() != time() else f"d:{value.date().isoformat()}"
    if isinstance(value, date):
        return f"d:{value.isoformat()}"
    return f"t:{value}"


def cell_decode(code: str) -> Any:
    """The value :func:`cell_code` wrote (dates as ``datetime``, what Excel holds; numbers as ``float``)."""
    kind, _, text = code.partition(":")
    if not code:
        return None
    if kind == "n":
        return float(text)
    if kind == "d":
        return datetime.combine(date.fromisoformat(text), time())
    if kind == "m":
        return datetime.fromisoformat(text)
    return text


class ExcelBook(Protocol):
    """A workbook open in Excel, seen through whole-range operations."""

    def full_name(self) -> str:
        """The workbook's full path (``C:\\管理处\\收费台账.xlsx``); just its name when never saved."""
        ...

    def sheet_names(self) -> list[str]:
        """Worksheet names in tab order (chart sheets left out)."""
        ...

    def is_hidden(self, sheet: str) -> bool:
        ...

    def read_values(self, sheet: str) -> list[list[Any]]:
        """One read of ``A1`` to the last used cell: a list of rows, ``None`` for an empty cell."""
        ...

    def merge_state(self, sheet: str, areas: Sequence[Rect]) -> list[bool | None]:
        """Per area: ``True`` every cell is part of a merged range, ``False`` none, ``None`` some (one read each)."""
        ...

    def merge_area(self, sheet: str, row: int, col: int) -> Rect:
        """The merged range holding the cell (the cell itself when it is not merged)."""
        ...

    def read_fills(self, sheet: str, areas: Sequence[Sequence[Rect]]) -> list[Fill]:
        """Per area — one range of one or more rectangles, its address at most 255 characters
        (``E2:E9,G4``) — its fill: ``None`` for no fill, :data:`MIXED` when its cells differ (one read each)."""
        ...

    def set_fill(self, sheet: str, areas: Sequence[Rect], fill: Fill) -> None:
        """Give every area ``fill`` (``None`` clears it): one Excel call per :func:`union_chunks` chunk."""
        ...

    def read_notes(self, sheet: str) -> dict[str, str]:
        """Every note (comment) on the sheet: ``{"E5": text}``."""
        ...

    def set_note(self, sheet: str, cell: str, text: str) -> None:
        """Put ``text`` as the note of ``cell``, replacing any note there (one call per cell)."""
        ...

    def delete_notes(self, sheet: str, cells: Sequence[str]) -> None:
        """Remove the notes of ``cells``: one Excel call per :func:`union_chunks` chunk."""
        ...

    def write_cell(self, sheet: str, cell: str, value: Any) -> None:
        """Put ``value`` into one cell (a suggestion the clerk accepted): a number, a ``datetime``, or text —
        a string starting with ``'`` is stored as the text after it, as in :meth:`write_sheet`."""
        ...

    def write_sheet(self, sheet: str, rows: Sequence[Sequence[Any]], *, hidden: bool = False) -> None:
        """Create ``sheet`` (or empty it) and write ``rows`` from A1 in one call.

        A string starting with ``'`` is stored as the text after it (Excel's text prefix);
        a string starting with ``=`` is a formula (used for ``=HYPERLINK(...)`` only).
        """
        ...

    def delete_sheet(self, sheet: str) -> None:
        ...
