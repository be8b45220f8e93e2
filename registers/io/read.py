"""Open a workbook read-only and hand out its sheets as grids of raw cell values.

The calamine reader gives every cell as a Python value (``str``, ``float``,
``int``, ``bool``, ``datetime``, ``date``, ``time``, ``timedelta``), with no
type inference over a column — so a ``待定`` or a text date in row 5,000 of a
date column arrives as typed, never as a silent null.

A workbook that cannot be opened raises :class:`Unreadable`, which the
loader turns into one ``input.unreadable`` finding.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as pc

from registers.io.discover import sniff


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

    @property
    def height(self) -> int:
        return len(self.rows)


@dataclass
class Workbook:
    rel: str
    sheets: list[Grid]


def _open(data: bytes, rel: str) -> pc.CalamineWorkbook:
    kind = sniff(data[:8192] if len(data) > 8192 else data)
    if kind == "encrypted":
        raise Unreadable("encrypted")
    if kind == "other":
        raise Unreadable("not-spreadsheet")
    if kind == "ole" and b"E\x00n\x00c\x00r\x00y\x00p\x00t" in data[:65536]:
        raise Unreadable("encrypted")
    try:
        return pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError:
        raise Unreadable("encrypted") from None
    except Exception as exc:  # calamine raises several unrelated types for corrupt files
        text = str(exc)
        if "password" in text.lower() or "encrypt" in text.lower():
            raise Unreadable("encrypted") from None
        raise Unreadable("corrupt", text[:200]) from None


def read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise Unreadable("too-large", f"{size // (1 << 20)} MB")
        if size == 0:
            raise Unreadable("empty")
        with path.open("rb") as fh:
            return fh.read(max_bytes + 1)
    except PermissionError:
        raise Unreadable("locked") from None
    except OSError as exc:
        raise Unreadable("os-error", exc.strerror or str(exc)) from None


def iter_grids(data: bytes, rel: str, *, max_cells: int) -> Iterator[Grid]:
    """Each worksheet of the workbook in ``data`` as a :class:`Grid` (chart sheets skipped)."""
    wb = _open(data, rel)
    try:
        metas = list(wb.sheets_metadata)
    except Exception as exc:
        raise Unreadable("corrupt", str(exc)[:200]) from None
    for meta in metas:
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue
        try:
            sheet = wb.get_sheet_by_name(meta.name)
            declared = (sheet.total_height + 1) * (sheet.total_width + 1)
            if declared > max_cells:
                raise Unreadable("too-many-cells", f"{meta.name}: {declared:,}")
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
        except Unreadable:
            raise
        except Exception as exc:
            raise Unreadable("corrupt", f"{meta.name}: {str(exc)[:200]}") from None
        yield Grid(
            sheet=meta.name,
            rows=rows,
            merged=merged,
            hidden=meta.visible != pc.SheetVisibleEnum.Visible,
        )
