"""What every format's check shares: the office's limits, the sizes the checks read in, and a sheet's extent.

The zip checks, the sheet scans and the ``.xls`` checks all measure against the same
:class:`InputLimits` and count cells the same way (:class:`Extent`); they live here so that
no format's module needs another's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from registers.io.grid import Unreadable

if TYPE_CHECKING:
    from registers.core.settings import Settings


MB = 1 << 20
CHUNK = 1 << 20  # what zipfile is asked for at a time (members it reads itself)
# Members read straight from the archive: compressed bytes fed to zlib at a time, and bytes it
# gives back at most per call (one release of the GIL per block).
FEED = 1 << 20
BLOCK = 8 << 20
# A zip part this small may compress as well as it likes: it cannot hurt.
RATIO_GRACE = 10 * MB
# No spreadsheet has this many parts; an archive of tiny members is a bomb of another kind.
MAX_MEMBERS = 10_000
# A single XML tag longer than this is not a spreadsheet's (and would defeat the chunked scan).
MAX_TAG = 8 * MB
# Excel's own sheet limits; a cell reference beyond them is corrupt or hostile.
EXCEL_ROWS = 1_048_576
EXCEL_COLS = 16_384


@dataclass(frozen=True)
class InputLimits:
    """What a workbook may ask of the computer before it is refused."""

    max_file_bytes: int = 200 * MB
    max_cells: int = 20_000_000
    max_unzipped_bytes: int = 2000 * MB
    max_compression_ratio: float = 100.0
    max_members: int = MAX_MEMBERS

    @classmethod
    def of(cls, settings: Settings) -> InputLimits:
        return cls(
            max_file_bytes=settings.max_file_mb * MB,
            max_cells=settings.max_cells,
            max_unzipped_bytes=settings.max_unzipped_mb * MB,
            max_compression_ratio=float(settings.max_compression_ratio),
        )


MergedRanges = list[tuple[tuple[int, int], tuple[int, int]]]
# The zip members a guard has passed, by their stored identity (:func:`.inflate.stored_identity`) and whether it
# scanned them as a sheet, with the merged ranges it found in each worksheet part (None for other parts): the
# same bytes pass again unscanned.
Scanned = dict[tuple[object, ...], "MergedRanges | None"]


class Extent:
    """The grid a reader will allocate for one sheet: from A1 to the furthest row and column."""

    def __init__(self, where: str, limits: InputLimits) -> None:
        self.where = where
        self.max_cells = limits.max_cells
        self.rows = 0  # 1-based furthest row
        self.cols = 0  # 1-based furthest column

    def grow(self, rows: int, cols: int) -> None:
        self.rows = max(self.rows, rows)
        self.cols = max(self.cols, cols)
        if self.rows * self.cols > self.max_cells:
            raise Unreadable(
                "too-many-cells",
                f"{self.where}: {self.rows:,} × {self.cols:,} = {self.rows * self.cols:,}",
            )


def col_number(letters: bytes) -> int:
    """``b"A"`` → 1, ``b"XFD"`` → 16384 (lower case counted as upper)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


def furthest(numbers: list[bytes]) -> int:
    """The largest of decimal digit strings (no leading zeros) without converting them all."""
    top = max(numbers)  # the largest as text; as a number too when no string is longer
    longest = max(map(len, numbers))
    if len(top) == longest:
        return int(top)
    return int(max(n for n in numbers if len(n) == longest))
