"""The loaded office: every register as a typed frame with provenance, the period and the as-of moment.

:func:`load_office` is the read stage of the pipeline: discover the
workbooks, find the register sheets by their headers, normalise the values,
and collect the read-stage findings (``input.*``).  It never raises for a bad
workbook: a workbook that cannot be read is one ``input.unreadable`` finding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from registers.config import Settings
from registers.findings import Finding, column_letter
from registers.io.detect import SheetTable, find_table, table_for_kind
from registers.io.discover import WorkbookFile, discover
from registers.io.guard import InputLimits
from registers.io.normalise import empty_frame, normalise_table
from registers.io.read import Grid, SheetLoad, Unreadable, read_guarded, sheet_loads
from registers.io.values import Context
from registers.period import Period
from registers.resources import default_threads, release_memory
from registers.rules.inputs import DUPLICATE_ID, MISSING_COLUMN, MISSING_REGISTER, UNREADABLE
from registers.spec import KIND_BY_KEY, SHEET_KINDS, SheetKind

_Pandas = TypeVar("_Pandas", pd.DataFrame, pd.Series)


@dataclass(frozen=True)
class Source:
    """Where a register sheet came from, and which column letter holds each field."""

    file: str
    sheet: str
    kind: str
    header_row: int
    columns: dict[str, str]  # field -> column letter
    hidden: bool = False


@dataclass
class Office:
    root: Path
    settings: Settings
    period: Period
    as_of: datetime  # naive, office local time
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    read_findings: list[Finding] = field(default_factory=list)
    workbooks: list[str] = field(default_factory=list)
    ignored_sheets: list[tuple[str, str]] = field(default_factory=list)
    # (workbook, its lock file): open in Excel/WPS/LibreOffice as we read it — the saved version was checked
    open_elsewhere: list[tuple[str, str]] = field(default_factory=list)
    # views of the frames that several rules and reports share (see :meth:`shared`)
    _shared: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def shared(self, key: str, make: Callable[[], _Pandas]) -> _Pandas:
        """The frame (or series) ``make()`` builds from this office, built once; each caller gets its own
        (shallow, copy-on-write) copy, so that adding a column or changing a value never reaches another."""
        if key not in self._shared:
            self._shared[key] = make()
        made: _Pandas = self._shared[key]
        return made.copy(deep=False)

    def id_keys(self, kind_key: str, field_name: str) -> pd.Series:
        """The ids of a column as clerks mean them (:func:`registers.rules.common.id_key`: upper case, no
        spaces), computed once: the receipt numbers of a year are compared by several rules."""
        from registers.rules.common import id_key  # the rules import this module

        return self.shared(f"id_keys:{kind_key}:{field_name}", lambda: id_key(self.frame(kind_key)[field_name]))

    def frame(self, key: str) -> pd.DataFrame:
        """The frame of sheet kind ``key`` (e.g. ``fee_ledger.receipts``); empty when the office has none."""
        if key not in self.frames:
            self.frames[key] = empty_frame(KIND_BY_KEY[key])
        return self.frames[key]

    def has(self, key: str) -> bool:
        return key in self.frames and len(self.frames[key]) > 0

    def findings_at(
        self,
        rule: Any,
        kind_key: str,
        rows: pd.DataFrame,
        *,
        field: str | None = None,
        args: Callable[[Any], dict[str, Any]] | None = None,
        date_field: str | None = None,
        key_field: str | None = None,
        value_field: str | None = None,
        key: Callable[[Row], str | None] | None = None,
        day: Callable[[Row], date | None] | None = None,
    ) -> list[Finding]:
        """One finding of ``rule`` per row of ``rows`` (rows of ``self.frame(kind_key)``; extra columns ride along).

        ``field`` names the cell the clerk should look at; ``args`` builds the message
        arguments from the :class:`Row`.  The finding's key and date come from the sheet
        kind's id and date columns, or from ``key_field``/``date_field``, or are computed
        by ``key``/``day``.
        """
        kind = KIND_BY_KEY[kind_key]
        date_field = date_field or kind.date_field
        key_field = key_field or kind.id_field
        out: list[Finding] = []
        # not itertuples(): it renames fields that start with "_" (_src, _row) to _1, _2
        for record in rows.to_dict("records"):
            row = Row({str(k): v for k, v in record.items()})
            src = self.sources[int(row["_src"])]
            d = day(row) if day else row.get(date_field) if date_field else None
            k = key(row) if key else row.get(key_field) if key_field else None
            v = row.get(value_field) if value_field else None
            out.append(
                rule.finding(
                    register=kind.register, file=src.file, sheet=src.sheet, row=int(row["_row"]),
                    column=src.columns.get(field) if field else None,
                    key=None if is_missing(k) else str(k),
                    date=_day(d),
                    args=args(row) if args else {},
                    value=None if is_missing(v) else str(v),
                )
            )
        return out


class Row(dict[str, Any]):
    """One frame row for building a finding: ``row["amount"]`` or ``row.amount``."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _day(v: Any) -> date | None:
    """The calendar day of a frame value (Timestamp, datetime or date), or None."""
    if is_missing(v):
        return None
    return pd.Timestamp(v).date()


def is_missing(v: Any) -> bool:
    """A frame value that holds nothing (None, NaN, NaT, pd.NA)."""
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def text_of(v: Any) -> str:
    """A frame value as trimmed text; "" for a value that holds nothing."""
    return "" if is_missing(v) else str(v).strip()


def _pinned(settings: Settings, rel: str, sheet: str) -> SheetKind | None:
    for pin in settings.pins:
        if pin.file == rel and (pin.sheet is None or pin.sheet == sheet):
            return KIND_BY_KEY[pin.register]
    return None


ProgressFn = Callable[[str, int, int], None]


@dataclass
class _SheetOutcome:
    """One sheet read: ignored (``table`` is None) or a register sheet's frame and read findings."""

    sheet: str
    table: SheetTable | None = None
    frame: pd.DataFrame | None = None
    found: list[Finding] = field(default_factory=list)


# Memory freed while reading a sheet of at least this many cells is handed back at once (release_memory).
RELEASE_AFTER_CELLS = 50_000


def _read_sheets(rel: str, grids: Iterable[Grid], settings: Settings, default_ctx: Context) -> list[_SheetOutcome]:
    """Find the register in each grid and normalise it (``_src`` is set when the sources are numbered)."""
    out = []
    for grid in grids:
        pinned = _pinned(settings, rel, grid.sheet)
        table: SheetTable | None = table_for_kind(grid, pinned) if pinned else find_table(grid)
        if table is None:
            out.append(_SheetOutcome(grid.sheet))
            continue
        found = [
            MISSING_COLUMN.finding(
                register=table.kind.register, file=rel, sheet=grid.sheet,
                args={"field": f"{table.kind.key}:{name}", "header_row": table.header_row},
            )
            for name in table.missing
        ]
        frame, read = normalise_table(table, rel, 0, default_ctx)
        table.data = None  # the raw text columns are not needed any more
        table.rows = []
        out.append(_SheetOutcome(grid.sheet, table, frame, found + read))
        width = len(grid.columns) if grid.columns is not None else len(grid.rows[0]) if grid.rows else 0
        big = grid.height * width >= RELEASE_AFTER_CELLS
        del grid
        if big:  # a small sheet leaves little to hand back, and handing back costs a walk of the heap
            release_memory()
    return out


def load_office(
    root: Path,
    settings: Settings,
    period: Period,
    as_of: datetime,
    *,
    progress: ProgressFn | None = None,
    workbooks: Iterable[tuple[str, Sequence[Grid]]] | None = None,
    threads: int | None = None,
) -> Office:
    """Read every register of the office folder (or the given in-memory ``workbooks``).

    Workbooks, and the sheets of a big workbook, are read by ``threads`` threads (default: one per
    core); what comes out does not depend on their number or on which finishes first.
    """
    office = Office(root=root, settings=settings, period=period, as_of=as_of)
    default_ctx = Context(period.end.year, None)
    # per workbook, in discovery order: its sheets' outcomes, or why it could not be read
    results: list[tuple[str, list[_SheetOutcome] | Unreadable]] = []

    if workbooks is not None:
        for rel, grids in workbooks:
            office.workbooks.append(rel)
            results.append((rel, _read_sheets(rel, grids, settings, default_ctx)))
    else:
        files = list(discover(root, settings.output_dir))
        for wf in files:
            office.workbooks.append(wf.rel)
            if wf.lock:
                office.open_elsewhere.append((wf.rel, wf.lock))
        results = _read_files(files, settings, default_ctx, threads or default_threads(), progress)

    parts: dict[str, list[pd.DataFrame]] = {}
    for rel, outcome in results:
        if isinstance(outcome, Unreadable):
            office.read_findings.append(
                UNREADABLE.finding(register=None, file=rel, sheet="",
                                   args={"reason": f"{outcome.reason}|{outcome.detail}"})
            )
            continue
        for sheet in outcome:
            table = sheet.table
            if table is None or sheet.frame is None:
                office.ignored_sheets.append((rel, sheet.sheet))
                continue
            src = len(office.sources)
            office.sources.append(
                Source(rel, sheet.sheet, table.kind.key, table.header_row,
                       {name: column_letter(c) for name, c in table.columns.items()}, table.hidden)
            )
            frame = sheet.frame
            if src:
                frame["_src"] = pd.array(np.full(len(frame), src, dtype=np.int64), dtype="int64")
            office.read_findings.extend(sheet.found)
            parts.setdefault(table.kind.key, []).append(frame)

    for key, frames in parts.items():
        frames = [f for f in frames if len(f)] or frames[:1]
        office.frames[key] = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]

    _duplicates(office)
    _missing_registers(office, parts)
    release_memory()
    return office


class _Inline(Executor):
    """Runs each task at once in the calling thread (one thread: no pool, and profilers see it all)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        fut: Future[Any] = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            fut.set_exception(exc)
        return fut


def _read_files(
    files: Sequence[WorkbookFile], settings: Settings, default_ctx: Context, threads: int,
    progress: ProgressFn | None,
) -> list[tuple[str, list[_SheetOutcome] | Unreadable]]:
    """Each file read, guarded and split into sheet loads, the loads run on a pool of ``threads``.

    A file whose reading or any of whose sheets raises :class:`Unreadable` is that one reason, whole.
    """
    limits = InputLimits.of(settings)
    # file index -> {load index: its outcomes} and the number of loads
    pieces: dict[int, dict[int, list[tuple[int, _SheetOutcome]]]] = {}
    expected: dict[int, int] = {}
    failed: dict[int, Unreadable] = {}
    done = 0

    def prepare(wf: WorkbookFile) -> list[SheetLoad]:
        data, merged = read_guarded(wf.path, settings.max_file_mb << 20, limits=limits)
        return sheet_loads(data, wf.rel, max_cells=settings.max_cells, columnar=True, groups=threads, merged=merged)

    def run(wf: WorkbookFile, load: SheetLoad) -> list[tuple[int, _SheetOutcome]]:
        return list(zip(load.indexes, _read_sheets(wf.rel, load.load(), settings, default_ctx), strict=True))

    def finished(i: int) -> bool:
        return i in failed or (i in expected and len(pieces.get(i, {})) == expected[i])

    if progress:
        progress(files[0].rel if files else "", 0, len(files))
    pool_: Executor = (ThreadPoolExecutor(max_workers=threads, thread_name_prefix="registers-read") if threads > 1
                       else _Inline())
    with pool_ as pool:
        waiting: dict[Future[Any], tuple[int, int | None]] = {
            pool.submit(prepare, wf): (i, None) for i, wf in enumerate(files)
        }
        try:
            while waiting:
                ready, _ = wait(waiting, return_when=FIRST_COMPLETED)
                for fut in ready:
                    i, part = waiting.pop(fut)
                    was_finished = finished(i)
                    try:
                        value = fut.result()
                    except Unreadable as exc:
                        failed.setdefault(i, exc)
                        value = None
                    if value is not None and i not in failed:
                        if part is None:
                            loads: list[SheetLoad] = value
                            expected[i] = len(loads)
                            for k, load in enumerate(loads):
                                waiting[pool.submit(run, files[i], load)] = (i, k)
                        else:
                            pieces.setdefault(i, {})[part] = value
                    if finished(i) and not was_finished:
                        done += 1
                        if progress:
                            progress(files[i].rel, done, len(files))
        except BaseException:  # Ctrl-C, or a bug in a task: start none of the loads still waiting
            pool.shutdown(wait=False, cancel_futures=True)
            raise

    results: list[tuple[str, list[_SheetOutcome] | Unreadable]] = []
    for i, wf in enumerate(files):
        if i in failed:
            results.append((wf.rel, failed[i]))
            continue
        sheets = sorted((pair for piece in pieces.get(i, {}).values() for pair in piece), key=lambda p: p[0])
        results.append((wf.rel, [outcome for _, outcome in sheets]))
    return results


def _missing_registers(office: Office, parts: dict[str, Any]) -> None:
    not_kept = set(office.settings.not_kept)
    for kind in SHEET_KINDS:
        if kind.optional or kind.key in parts or kind.key in not_kept or kind.register in not_kept:
            continue
        office.read_findings.append(
            MISSING_REGISTER.finding(register=kind.register, args={"register_name": kind.key})
        )


def _repeated(keys: pd.Series) -> np.ndarray:
    """Where a key (not empty) occurs more than once, every occurrence (``duplicated(keep=False)``),
    counted on Arrow's dictionary of the keys: no Python string per key."""
    import pyarrow.compute as pc

    from registers.rules.common import arrow_text  # the rules import this module

    enc = pc.dictionary_encode(arrow_text(keys))
    at = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    counts = np.bincount(at[at >= 0], minlength=len(enc.dictionary))
    return (at >= 0) & (counts[np.maximum(at, 0)] > 1) if len(counts) else np.zeros(len(keys), dtype=bool)


def _duplicates(office: Office) -> None:
    for key, frame in office.frames.items():
        kind = KIND_BY_KEY[key]
        if kind.id_field is None or frame.empty:
            continue
        ids = frame[kind.id_field]
        norm = office.id_keys(key, kind.id_field)
        dup = _repeated(norm)
        if not dup.any():
            continue
        first_at: dict[str, str] = {}
        dates = frame[kind.date_field] if kind.date_field else None
        for idx in frame.index[dup]:
            n = str(norm.at[idx])
            src = office.sources[int(frame.at[idx, "_src"])]  # type: ignore[arg-type]
            row = int(frame.at[idx, "_row"])  # type: ignore[arg-type]
            where = f"{src.file}!{src.sheet}!{src.columns.get(kind.id_field, '')}{row}"
            if n not in first_at:
                first_at[n] = where
                continue
            office.read_findings.append(
                DUPLICATE_ID.finding(
                    register=kind.register, file=src.file, sheet=src.sheet, row=row,
                    column=src.columns.get(kind.id_field), key=str(ids.at[idx]),
                    date=_day(dates.at[idx]) if dates is not None else None,
                    args={"field": f"{key}:{kind.id_field}", "first": first_at[n]},
                )
            )
