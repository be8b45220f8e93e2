"""Refuse a workbook that would exhaust the computer, before any parser sees its bytes.

The cell readers (calamine, and fastexcel on top of it) allocate a dense grid
from the first to the last cell of a sheet, reserve vectors from counts that
the file declares, and stream zip members as far as they inflate.  A 1 KB
workbook with one cell in ``A1`` and one in ``XFD1048576`` therefore asks for
half a terabyte, and the process is killed by the allocator — no exception to
catch.  So every workbook's bytes pass :func:`check_workbook` first:

* a zip (``.xlsx .xlsm .xlsb .ods``): the central directory — member count,
  duplicate or overlapping members, the declared unpacked size in total and
  per member, the compression ratio of each member — and then every part a
  reader will parse is inflated in bounded chunks (never all at once), its
  real size checked against the declared one, and each worksheet's cell
  references scanned for the sheet's true extent (the ``<dimension>`` a sheet
  declares is read too, but the readers go by the cells, so the cells decide);
* an OLE file (``.xls``): the compound-file header's sector counts and stream
  sizes against the file size, then the workbook stream: the shared-string
  count, and per sheet its DIMENSIONS record (calamine reserves rows × columns
  cells from it before reading one), its cell records and merged ranges.

The scan of a worksheet's XML costs about 1 ms per megabyte (a first pass that
looks, with RE2, only for a reference beyond a generous bound); a sheet that
pass cannot clear is read a second time, exactly, at about 10 ms per megabyte.

The checks live one format to a module (:mod:`.zipped`, :mod:`.xlsx`, :mod:`.ods_xlsb`,
:mod:`.ole`), over the shared limits (:mod:`.limits`) and the zip inflating (:mod:`.inflate`).

An absurd workbook raises :class:`~registers.io.grid.Unreadable` with reason
``zip-bomb``, ``too-many-cells`` or ``corrupt``; the loader makes that one
``input.unreadable`` finding.  The limits are office settings
(:class:`InputLimits.of`).  The guard's own memory is a few chunk buffers.
"""

from __future__ import annotations

from registers.io.discover import sniff
from registers.io.grid import Unreadable
from registers.io.guard.limits import MB, InputLimits, MergedRanges, Scanned
from registers.io.guard.ole import check_ole
from registers.io.guard.zipped import check_zip


def check_workbook(data: bytes, limits: InputLimits, *, passed: Scanned | None = None,
                   now: Scanned | None = None) -> dict[str, MergedRanges]:
    """Raise :class:`Unreadable` when the workbook in ``data`` is absurd; return quietly otherwise.

    Formats it does not know (or that are not spreadsheets) pass: the reader refuses those itself.
    What it returns is what it saw on the way: the merged ranges of each worksheet part of a zip
    (0-based ``((first row, first col), (last row, last col))``, by part name), so that the readers
    need not inflate the sheets again for them.

    ``passed`` / ``now``: the zip members an earlier guard of this workbook passed, and what this one passes
    (:func:`.zipped.check_zip`; ``registers watch``, where a save usually leaves most sheets' bytes as they were).
    """
    if len(data) > limits.max_file_bytes:
        raise Unreadable("too-large", f"{len(data) // MB} MB")
    kind = sniff(data[:8192])
    merged: dict[str, MergedRanges] = {}
    if kind == "zip":
        check_zip(data, limits, merged, passed=passed, now=now)
    elif kind == "ole":
        check_ole(data, limits)
    return merged
