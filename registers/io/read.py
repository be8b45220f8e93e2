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
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import python_calamine as pc

from registers.io.discover import sniff
from registers.io.grid import Grid, Unreadable

if TYPE_CHECKING:
    from registers.io.guard.limits import InputLimits








def _reader_failure(exc: BaseException) -> bool:
    """An error of the cell reader about the file — including a Rust panic, which pyo3 raises as
    ``PanicException``, a :class:`BaseException` — rather than Ctrl-C or an exit."""
    return not isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit))


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
    except BaseException as exc:  # calamine raises several unrelated types, and a Rust panic is a BaseException
        if not _reader_failure(exc):
            raise
        text = str(exc)
        if "password" in text.lower() or "encrypt" in text.lower():
            raise Unreadable("encrypted") from None
        raise Unreadable("corrupt", text[:200]) from None


# A file that changes while it is read (a clerk saving it) is read again, this many times in all,
# this long apart; then it is reported as ``changed`` and not checked.
READ_ATTEMPTS = 3
READ_WAIT_SECONDS = 0.5
# A file modified less than this long ago is read twice and the two readings compared.
RECENT_SECONDS = 3.0


def read_bytes(
    path: Path,
    max_bytes: int,
    *,
    limits: InputLimits | None = None,
    attempts: int | None = None,
    wait: float | None = None,
) -> bytes:
    """The whole file, read while it held still and passed by the guard (see :func:`read_guarded`)."""
    return read_guarded(path, max_bytes, limits=limits, attempts=attempts, wait=wait)[0]


def read_guarded(
    path: Path,
    max_bytes: int,
    *,
    limits: InputLimits | None = None,
    attempts: int | None = None,
    wait: float | None = None,
    guard: bool = True,
) -> tuple[bytes, dict[str, Any]]:
    """The whole file, read while it held still, and passed by the guard (:mod:`registers.io.guard`).

    The file's size, modification time and identity are taken before and after the read; if they
    differ (Excel replacing the file as it saves, a copy still arriving) the read is retried after
    ``wait`` seconds (default :data:`READ_WAIT_SECONDS`), up to ``attempts`` reads (default
    :data:`READ_ATTEMPTS`), and then it is ``Unreadable("changed")`` — a half-read register is never
    handed on as if complete.  A file that is missing, locked or empty for a moment (the middle of a
    save) is retried the same way.  ``limits`` default to the guard's own, with ``max_bytes`` as the
    file size limit.  Also returns what the guard saw: each worksheet part's merged ranges.
    ``guard=False``: the bytes only, held still, not yet guarded (the office's reading guards the bytes
    its parse cache has not seen before: :mod:`registers.office.reading`); what the guard saw is then empty.
    """
    from registers.io.guard import check_workbook
    from registers.io.guard.limits import InputLimits

    attempts = READ_ATTEMPTS if attempts is None else attempts
    wait = READ_WAIT_SECONDS if wait is None else wait
    failure: Unreadable = Unreadable("changed", f"{attempts}×")
    for attempt in range(max(attempts, 1)):
        if attempt:
            time.sleep(wait)
        try:
            data = _read_still(path, max_bytes)
        except _Transient as exc:
            failure = exc.unreadable
            continue
        if data is None:
            failure = Unreadable("changed", f"{attempts}×")
            continue
        if not guard:
            return data, {}
        seen = check_workbook(data, limits or InputLimits(max_file_bytes=max_bytes))
        return data, seen
    raise failure


class _Transient(Exception):
    """A failure that may be the middle of a save: retried, and reported if it lasts."""

    def __init__(self, unreadable: Unreadable) -> None:
        super().__init__(str(unreadable))
        self.unreadable = unreadable


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev)


def _read_still(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it changed while being read."""
    try:
        before = path.stat()
        if before.st_size > max_bytes:
            raise Unreadable("too-large", f"{before.st_size // (1 << 20)} MB")
        if before.st_size == 0:
            raise _Transient(Unreadable("empty"))
        with path.open("rb") as fh:
            opened = os.fstat(fh.fileno())
            data = _read_all(fh, max_bytes + 1)
            done = os.fstat(fh.fileno())
        after = path.stat()
    except FileNotFoundError as exc:
        raise _Transient(Unreadable("os-error", exc.strerror or str(exc))) from None
    except PermissionError:
        raise _Transient(Unreadable("locked")) from None
    except OSError as exc:
        raise Unreadable("os-error", exc.strerror or str(exc)) from None
    if len(data) > max_bytes:
        return None  # it grew past the limit while being read
    same = _identity(before) == _identity(opened) == _identity(done) == _identity(after)
    if not same or len(data) != before.st_size:
        return None
    if time.time() - after.st_mtime < RECENT_SECONDS:
        # written a moment ago: a file system whose clock ticks coarsely (FAT, SMB shares: 2 s) may not
        # show a rewrite of the same size in its modification time, so compare with a second reading
        try:
            with path.open("rb") as fh:
                if _read_all(fh, max_bytes + 1) != data:
                    return None
        except OSError:
            return None
    return data


def _read_all(fh: BinaryIO, limit: int) -> bytes:
    """Read the open file (a seam for tests that change the file mid-read)."""
    return fh.read(limit)


@dataclass
class SheetLoad:
    """Some sheets of one workbook, read together by one reader: an independent piece of work.

    ``load()`` gives their grids in sheet order, once (the workbook's bytes are let go as it reads);
    ``indexes`` are their places among the workbook's worksheets.  The loads of a workbook may run
    in different threads (the readers release the GIL).
    """

    indexes: list[int]
    load: Callable[[], Iterator[Grid]]


def iter_grids(data: bytes, rel: str, *, max_cells: int, columnar: bool = False) -> Iterator[Grid]:
    """Each worksheet of the workbook in ``data`` as a :class:`Grid` (chart sheets skipped).

    With ``columnar``, an .xlsx/.xlsm is read column by column into Arrow
    (:mod:`registers.io.columnar`): the grids carry ``columns`` and only their first rows.
    """
    for part in sheet_loads(data, rel, max_cells=max_cells, columnar=columnar):
        yield from part.load()


def sheet_loads(data: bytes, rel: str, *, max_cells: int, columnar: bool = False, groups: int = 1,
                merged: dict[str, Any] | None = None) -> list[SheetLoad]:
    """The worksheets of the workbook in ``data`` split into at most ``groups`` loads of about equal size.

    ``merged`` are the worksheet parts' merged ranges if the guard saw them (:func:`read_guarded`).
    Only a columnar .xlsx is split (each load opens its own fastexcel reader); other formats are one load.
    Opening the workbook here raises :class:`Unreadable` at once; a sheet that cannot be read raises it
    from its load.
    """
    if columnar:
        from registers.io.columnar import is_xlsx, iter_columnar, sheet_parts, without_parts, workbook_sheets

        if is_xlsx(data):
            # the sheet list from workbook.xml: opening the workbook with calamine only to list its
            # sheets would parse its shared strings once more (each load's reader parses them too)
            try:
                sheets = workbook_sheets(data)
                parts = sheet_parts(data, merged)
            except Exception as exc:
                raise Unreadable("corrupt", str(exc)[:200]) from None
            shares = _balance([parts[name].size if name in parts else 0 for name, _ in sheets], groups)

            def loader(chosen: list[int]) -> Callable[[], Iterator[Grid]]:
                # a load of some of the sheets gets a copy of the workbook without the others' parts
                mine = {parts[sheets[i][0]].part for i in chosen if sheets[i][0] in parts}
                others = {parts[name].part for name, _ in sheets if name in parts} - mine if len(shares) > 1 else set()
                box = [without_parts(data, others)]

                def load() -> Iterator[Grid]:
                    # taken once: the bytes go as soon as the reader has its own copy
                    return iter_columnar(box.pop(), [sheets[i] for i in chosen], parts, max_cells=max_cells)

                return load

            return [SheetLoad(chosen, loader(chosen)) for chosen in shares]
    wb = _open(data, rel)
    try:
        metas = list(wb.sheets_metadata)
    except BaseException as exc:
        if not _reader_failure(exc):
            raise
        raise Unreadable("corrupt", str(exc)[:200]) from None
    worksheets = [m for m in metas if m.typ == pc.SheetTypeEnum.WorkSheet]
    return [SheetLoad(list(range(len(worksheets))), lambda: _cell_grids(wb, worksheets, max_cells))]


def _balance(sizes: list[int], groups: int) -> list[list[int]]:
    """Indexes of ``sizes`` in at most ``groups`` lists of about equal total (largest first, each to the
    lightest list), each list in index order; no empty list."""
    bins: list[tuple[int, list[int]]] = [(0, []) for _ in range(max(1, min(groups, len(sizes))))]
    for i in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        k = min(range(len(bins)), key=lambda k: bins[k][0])
        bins[k] = (bins[k][0] + sizes[i], [*bins[k][1], i])
    return [sorted(b) for _, b in bins if b] or [[]]


def _cell_grids(wb: pc.CalamineWorkbook, metas: list[Any], max_cells: int) -> Iterator[Grid]:
    for meta in metas:
        try:
            sheet = wb.get_sheet_by_name(meta.name)
            declared = (sheet.total_height + 1) * (sheet.total_width + 1)
            if declared > max_cells:
                raise Unreadable("too-many-cells", f"{meta.name}: {declared:,}")
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
        except Unreadable:
            raise
        except BaseException as exc:  # a Rust panic (pyo3's PanicException) is a BaseException
            if not _reader_failure(exc):
                raise
            raise Unreadable("corrupt", f"{meta.name}: {str(exc)[:200]}") from None
        yield Grid(
            sheet=meta.name,
            rows=rows,
            merged=merged,
            hidden=meta.visible != pc.SheetVisibleEnum.Visible,
        )
