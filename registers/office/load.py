"""The loaded office: every register as a typed frame with provenance, the period and the as-of moment.

:func:`load_office` is the read stage of the pipeline: discover the
workbooks, find the register sheets by their headers, normalise the values,
and collect the read-stage findings (``input.*``).  It never raises for a bad
workbook: a workbook that cannot be read is one ``input.unreadable`` finding.

The payment platforms' statements in the folder belong to the office too
(:meth:`Office.statements`): read from disk here, once, on first asking, with the
office's settings and the sheets the register reader did not take — never while a
rule runs from below.  :meth:`Office.shared` is the office's one cache: the views
several rules and reports share, the statements and the payments' pairing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionDtype

from registers.core.findings import Finding, Suggestion, column_letter
from registers.core.frames import arrow_text, id_key, is_missing
from registers.core.inputs import BAD_VALUE, DUPLICATE_ID, MISSING_REGISTER, UNREADABLE, free_id_between
from registers.core.payment_settings import payment_settings
from registers.core.period import Period
from registers.core.resources import release_memory
from registers.core.settings import Settings
from registers.core.spec import KIND_BY_KEY, SHEET_KINDS
from registers.core.values.text import Context
from registers.io.grid import Grid, Unreadable
from registers.io.normalise import empty_frame
from registers.io.statements import read_statements
from registers.io.statements.model import Statements
from registers.office.reading import FileOutcome, ProgressFn, read_sheets, start_reading

if TYPE_CHECKING:
    from registers.office.cache import ParseCache

_Shared = TypeVar("_Shared")
STATEMENTS = "office.statements"  # where :meth:`Office.statements` keeps them among the shared views


@dataclass(frozen=True)
class Source:
    """Where a register sheet came from, and which column letter holds each field."""

    file: str
    sheet: str
    kind: str
    header_row: int
    columns: dict[str, str]  # field -> column letter
    hidden: bool = False
    year: int | None = None  # the year the sheet is about (its name, title or month headers), if it says
    title: str = ""  # the text above its header
    last_row: int = 0  # 1-based, its last row holding anything: below the last data row, a footer (合计, 制表人)


@dataclass(frozen=True)
class SheetRead:
    """One sheet the run opened, read as a register or not (the ``sheets`` of a run's JSON)."""

    file: str
    sheet: str
    register: str | None  # the sheet kind's key (``fee_ledger.receipts``); None: not read as any
    header_row: int | None  # 1-based, the last header row of a register sheet
    rows: int  # data rows read
    missing: tuple[str, ...]  # required fields without a column (an ignored sheet: its closest register's)
    best: tuple[str, float] | None = None  # an ignored sheet: the closest register and its score (0 to 1)

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "sheet": self.sheet, "register": self.register, "header_row": self.header_row,
                "rows": self.rows, "missing": list(self.missing),
                "best": None if self.best is None else {"register": self.best[0], "score": self.best[1]}}


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
    sheets: list[SheetRead] = field(default_factory=list)  # every sheet opened, in discovery order
    # (workbook, its lock file): open in Excel/WPS/LibreOffice as we read it — the saved version was checked
    open_elsewhere: list[tuple[str, str]] = field(default_factory=list)
    # each workbook's content digest, where the reading worked it out (with a parse cache: registers watch), and
    # each register sheet's (:func:`registers.office.reading.content_digest`: sheets up to a few thousand rows)
    digests: dict[str, bytes] = field(default_factory=dict, repr=False)
    sheet_digests: dict[tuple[str, str], bytes] = field(default_factory=dict, repr=False)
    # views of the frames that several rules and reports share, the statements, the pairing (see :meth:`shared`)
    _shared: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # what each shared view read, where it was built for a rule run through a memo (registers.office.memo)
    _shared_reads: dict[str, frozenset[tuple[str, ...]]] = field(default_factory=dict, repr=False, compare=False)

    def shared(self, key: str, make: Callable[[], _Shared]) -> _Shared:
        """What ``make()`` builds from this office, built once.  A frame (or series): each caller gets its own
        (shallow, copy-on-write) copy, so that adding a column or changing a value never reaches another;
        anything else (the statements, the pairing) is the one object, which callers only read.

        ``make`` reads all it depends on from the office itself, never a frame its caller read before: the
        watch keeps a view while what it read is unchanged (:mod:`registers.office.memo`)."""
        if key not in self._shared:
            self._shared[key] = make()
        made = self._shared[key]
        if isinstance(made, pd.DataFrame | pd.Series):
            return cast(_Shared, made.copy(deep=False))
        return cast(_Shared, made)

    def statements(self) -> Statements:
        """The platforms' statements in the office folder (CSV files, and the sheets the register reader did
        not take), read once for this office."""
        settings = self.settings
        return self.shared(STATEMENTS, lambda: read_statements(
            self.root, payment_settings(settings), output_dir=settings.output_dir,
            sheets=list(self.ignored_sheets), max_bytes=settings.max_file_mb << 20))

    def id_keys(self, kind_key: str, field_name: str) -> pd.Series:
        """The ids of a column as clerks mean them (:func:`registers.core.frames.id_key`: upper case, no
        spaces), computed once: the receipt numbers of a year are compared by several rules."""

        return self.shared(_id_keys_name(kind_key, field_name), lambda: id_key(self.frame(kind_key)[field_name]))

    def sources_of(self, kind_key: str) -> list[tuple[int, Source]]:
        """The sheets read as sheet kind ``kind_key``, each with its index in :attr:`sources` (a frame row's
        ``_src``), in discovery order."""
        return [(i, s) for i, s in enumerate(self.sources) if s.kind == kind_key]

    def read_findings_of(self, rule_id: str) -> list[Finding]:
        """The read stage's findings of one rule (``input.missing-value``…)."""
        return [f for f in self.read_findings if f.rule == rule_id]

    def bad_values(self, kind_key: str) -> list[Finding]:
        """The ``input.bad-value`` findings of the sheets read as ``kind_key``: cells the reader could not read,
        null in the frame."""
        sheets = {(s.file, s.sheet) for _, s in self.sources_of(kind_key)}
        return [f for f in self.read_findings_of(BAD_VALUE.id) if (f.file, f.sheet) in sheets]

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
        suggest: Callable[[Row], Suggestion | None] | None = None,
    ) -> list[Finding]:
        """One finding of ``rule`` per row of ``rows`` (rows of ``self.frame(kind_key)``; extra columns ride along).

        ``field`` names the cell the clerk should look at; ``args`` builds the message
        arguments from the :class:`Row`.  The finding's key and date come from the sheet
        kind's id and date columns, or from ``key_field``/``date_field``, or are computed
        by ``key``/``day``.  ``suggest`` gives the row's :class:`Suggestion`, where the right value is known
        (:meth:`Suggestion.here` fills the finding's own cell; :meth:`cell` places a write elsewhere).
        """
        kind = KIND_BY_KEY[kind_key]
        date_field = date_field or kind.date_field
        key_field = key_field or kind.id_field
        out: list[Finding] = []
        columns = _RowColumns(rows)
        for i in range(len(rows)):
            row = Row(columns, i)
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
                    suggestion=suggest(row) if suggest else None,
                )
            )
        return out

    def cell(self, row: Row | Mapping[str, Any], field: str) -> tuple[str, str, str] | None:
        """(file, sheet, cell) of ``field`` in the worksheet row a frame row came from (it carries ``_src`` and
        ``_row``), for a suggestion that writes another cell than its finding's; None when the sheet has no
        column for the field."""
        src = self.sources[int(row["_src"])]
        column = src.columns.get(field)
        return None if column is None else (src.file, src.sheet, f"{column}{int(row['_row'])}")


class _RowColumns:
    """The columns of the rows a rule reports, each read into Python values when a finding first asks for
    it, for all the rows at once, the way ``DataFrame.to_dict("records")`` reads them (a finding uses a
    few of the receipts' twenty-odd columns: reading them all cost 30 ms of a year's rules)."""

    def __init__(self, rows: pd.DataFrame) -> None:
        self.rows = rows
        self.names: dict[str, int] = {str(c): i for i, c in enumerate(rows.columns)}  # (a repeated name: the last)
        self.values: dict[str, list[Any]] = {}

    def column(self, name: str) -> list[Any]:
        if name not in self.values:
            at = self.names[name]  # KeyError: no such column
            column = self.rows.iloc[:, at]
            if _box_native is None:  # a pandas without the function: to_dict itself, on this column
                self.values[name] = [next(iter(r.values())) for r in self.rows.iloc[:, [at]].to_dict("records")]
            elif column.dtype == np.dtype(object) or isinstance(column.dtype, ExtensionDtype):
                self.values[name] = [_box_native(v) for v in column]  # as to_dict boxes these columns
            else:
                self.values[name] = list(column)
        return self.values[name]


try:  # what DataFrame.to_dict applies to the values of object and extension columns
    from pandas.core.dtypes.cast import maybe_box_native as _box_native  # type: ignore[attr-defined]
except ImportError:
    _box_native = None


def _id_keys_name(kind_key: str, field_name: str) -> str:
    """Where :meth:`Office.id_keys` keeps a column's ids among the office's shared views."""
    return f"id_keys:{kind_key}:{field_name}"


class Row(Mapping[str, Any]):
    """One frame row for building a finding: ``row["amount"]``, ``row.get("note")`` or ``row.amount``."""

    __slots__ = ("_at", "_columns")

    def __init__(self, columns: _RowColumns, at: int) -> None:
        self._columns = columns
        self._at = at

    def __getitem__(self, name: str) -> Any:
        return self._columns.column(name)[self._at]

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns.names)

    def __len__(self) -> int:
        return len(self._columns.names)

    def __getattr__(self, name: str) -> Any:
        if name in Row.__slots__:  # not set yet (a copy being made): no column lookup through itself
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _day(v: Any) -> date | None:
    """The calendar day of a frame value (Timestamp, datetime or date), or None."""
    if is_missing(v):
        return None
    return pd.Timestamp(v).date()


def load_office(
    root: Path,
    settings: Settings,
    period: Period,
    as_of: datetime,
    *,
    progress: ProgressFn | None = None,
    workbooks: Iterable[tuple[str, Sequence[Grid]]] | None = None,
    threads: int | None = None,
    cache: ParseCache | None = None,
) -> Office:
    """Read every register of the office folder (or the given in-memory ``workbooks``).

    Workbooks, and the sheets of a big workbook, are read by ``threads`` threads (default: one per
    core); what comes out does not depend on their number or on which finishes first
    (:mod:`registers.office.reading`).  ``cache``: workbooks whose bytes did not change since its last
    read are not parsed again (:mod:`registers.office.cache`; ``registers watch``).
    """
    office = Office(root=root, settings=settings, period=period, as_of=as_of)
    # per workbook, in discovery order: its sheets' outcomes, or why it could not be read
    results: list[tuple[str, FileOutcome]] = []

    if workbooks is not None:
        default_ctx = Context(period.end.year, None)
        for rel, grids in workbooks:
            office.workbooks.append(rel)
            results.append((rel, read_sheets(rel, grids, settings, default_ctx)))
    else:
        reading = start_reading(root, settings, period, threads, cache)
        for wf in reading.files:
            office.workbooks.append(wf.rel)
            if wf.lock:
                office.open_elsewhere.append((wf.rel, wf.lock))
        results = reading.outcomes(progress)
        office.digests = dict(reading.digests)

    kinds = _assemble(office, results)
    del results  # the sheets' own frames go: what the trim below hands back
    _duplicates(office)
    _missing_registers(office, kinds)
    release_memory()
    return office


def _assemble(office: Office, results: list[tuple[str, FileOutcome]]) -> set[str]:
    """The office's frames (each register's sheets concatenated), sources and read findings from the
    sheets read; returns the register sheet kinds found."""
    parts: dict[str, list[tuple[pd.DataFrame, pd.Series | None]]] = {}
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
                best = sheet.best
                office.sheets.append(SheetRead(rel, sheet.sheet, None, None, 0, best.missing if best else (),
                                               (best.kind.key, best.score) if best else None))
                continue
            office.sheets.append(SheetRead(rel, sheet.sheet, table.kind.key, table.header_row, len(sheet.frame),
                                           table.missing))
            src = len(office.sources)
            office.sources.append(
                Source(rel, sheet.sheet, table.kind.key, table.header_row,
                       {name: column_letter(c) for name, c in table.columns.items()}, table.hidden,
                       table.year, table.title, table.last_row)
            )
            frame = sheet.frame
            if src:
                frame["_src"] = pd.array(np.full(len(frame), src, dtype=np.int64), dtype="int64")
            office.read_findings.extend(sheet.found)
            if sheet.content is not None:
                office.sheet_digests[(rel, sheet.sheet)] = sheet.content
            parts.setdefault(table.kind.key, []).append((frame, sheet.ids))

    for key, pieces in parts.items():
        pieces = [p for p in pieces if len(p[0])] or pieces[:1]
        frames = [f for f, _ in pieces]
        office.frames[key] = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        id_field = KIND_BY_KEY[key].id_field
        ids = [i for _, i in pieces if i is not None]
        if id_field and len(ids) == len(pieces):  # the ids the reading worked out, as Office.id_keys gives them
            office._shared[_id_keys_name(key, id_field)] = pd.concat(ids, ignore_index=True) if len(ids) > 1 else ids[0]
    return set(parts)


def _missing_registers(office: Office, parts: set[str]) -> None:
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


    enc = pc.dictionary_encode(arrow_text(keys))
    at = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    counts = np.bincount(at[at >= 0], minlength=len(enc.dictionary))
    return (at >= 0) & (counts[np.maximum(at, 0)] > 1) if len(counts) else np.zeros(len(keys), dtype=bool)


def _id_used(norm: pd.Series) -> Callable[[str], bool]:
    """Whether an id (compared as :func:`id_key` compares) is in ``norm``: one vectorised comparison per id asked
    about (a few per sheet with a repeated id), never a Python string per row."""
    import pyarrow.compute as pc

    column = arrow_text(norm)

    def used(text: str) -> bool:
        key = str(id_key(pd.Series([text], dtype="string")).iat[0])
        return bool(pc.any(pc.equal(column, key)).as_py())

    return used


def _free_id(frame: pd.DataFrame, ids: pd.Series, idx: Any, used: Callable[[str], bool]) -> Suggestion | None:
    """``input.duplicate-id``'s suggestion: the one free id of the series between the ids of the rows above and
    below the repeated one on its sheet (:func:`free_id_between`), else None."""
    at = frame.index.get_loc(idx)
    if not isinstance(at, int) or at == 0 or at + 1 >= len(frame):
        return None
    srcs = frame["_src"].iloc[at - 1:at + 2]
    if srcs.nunique() != 1:
        return None
    before, after = ids.iat[at - 1], ids.iat[at + 1]
    free = free_id_between(before, after, ids.iat[at], used)
    return None if free is None else Suggestion.here(free, "suggest.free-id", before=before, after=after, free=free)


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
        used = _id_used(norm)
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
                    suggestion=_free_id(frame, ids, idx, used),
                )
            )
