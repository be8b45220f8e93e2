"""The thin xlwings adapter: :class:`~registers.excel.interface.ExcelBook` on an ``xlwings.Book``.

No logic lives here (that is :mod:`registers.excel.actions`, tested without
Excel); each method is one Excel call, or one per multi-area chunk.  xlwings is
imported lazily, so ``registers`` imports without it.  Fills are read through
Excel's object model (``Interior.ColorIndex`` / ``Interior.Color``), which is
what tells "no fill" from "mixed"; that path is Windows (pywin32).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from registers.excel.addin import is_macro_host
from registers.excel.interface import MIXED, Fill, Rect, union_chunks

_XL_COLOR_INDEX_NONE = -4142


def caller_book() -> XlwingsBook:
    """The workbook whose button called Python (``RunPython``); the active workbook when the
    macros live in PERSONAL.XLSB or an add-in (the Quick Access Toolbar route)."""
    import xlwings as xw

    book = xw.Book.caller()
    if is_macro_host(book.name):
        book = book.app.books.active
    return XlwingsBook(book)


def _hex(bgr: int) -> str:
    """Excel's ``Interior.Color`` (0xBBGGRR) as ``#RRGGBB``."""
    bgr = int(bgr)
    return f"#{bgr & 0xFF:02X}{(bgr >> 8) & 0xFF:02X}{(bgr >> 16) & 0xFF:02X}"


class XlwingsBook:
    def __init__(self, book: Any) -> None:
        self.book = book  # an xlwings.Book

    def _sheet(self, name: str) -> Any:
        return self.book.sheets[name]

    def full_name(self) -> str:
        return str(self.book.fullname)

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def is_hidden(self, sheet: str) -> bool:
        return not self._sheet(sheet).visible

    def read_values(self, sheet: str) -> list[list[Any]]:
        s = self._sheet(sheet)
        last = s.used_range.last_cell
        values = s.range((1, 1), (last.row, last.column)).options(ndim=2).value
        if values == [[None]]:
            return []
        return [list(r) for r in values]

    def merge_state(self, sheet: str, areas: Sequence[Rect]) -> list[bool | None]:
        s = self._sheet(sheet)
        out: list[bool | None] = []
        for a in areas:
            state = s.range(a.address).api.MergeCells  # True, False, or None (Null) when mixed
            out.append(None if state is None else bool(state))
        return out

    def merge_area(self, sheet: str, row: int, col: int) -> Rect:
        return Rect.parse(self._sheet(sheet).range((row, col)).merge_area.address)

    def read_fills(self, sheet: str, areas: Sequence[Sequence[Rect]]) -> list[Fill]:
        s = self._sheet(sheet)
        out: list[Fill] = []
        for area in areas:
            interior = s.range(",".join(r.address for r in area)).api.Interior
            index = interior.ColorIndex
            if index is None:
                out.append(MIXED)
            elif index == _XL_COLOR_INDEX_NONE:
                out.append(None)
            else:
                color = interior.Color
                out.append(MIXED if color is None else _hex(color))
        return out

    def set_fill(self, sheet: str, areas: Sequence[Rect], fill: Fill) -> None:
        s = self._sheet(sheet)
        for chunk in union_chunks(areas):
            s.range(chunk).color = fill  # "#RRGGBB", or None for no fill

    def read_notes(self, sheet: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for c in self._sheet(sheet).api.Comments:
            out[c.Parent.Address(False, False)] = str(c.Text())
        return out

    def set_note(self, sheet: str, cell: str, text: str) -> None:
        rng = self._sheet(sheet).range(cell)
        if rng.note is not None:
            rng.note.text = text
        else:
            rng.api.AddComment(text)

    def delete_notes(self, sheet: str, cells: Sequence[str]) -> None:
        s = self._sheet(sheet)
        for chunk in union_chunks(Rect.parse(c) for c in cells):
            s.range(chunk).api.ClearComments()

    def write_cell(self, sheet: str, cell: str, value: Any) -> None:
        self._sheet(sheet).range(cell).value = value

    def write_sheet(self, sheet: str, rows: Sequence[Sequence[Any]], *, hidden: bool = False) -> None:
        names = self.sheet_names()
        if sheet in names:
            s = self._sheet(sheet)
            s.clear()
        else:
            s = self.book.sheets.add(sheet, after=self.book.sheets[len(names) - 1])
        if rows:
            s.range("A1").value = [list(r) for r in rows]
        if hidden:
            s.visible = False
        else:
            s.autofit("c")

    def delete_sheet(self, sheet: str) -> None:
        if sheet in self.sheet_names():
            self._sheet(sheet).delete()
