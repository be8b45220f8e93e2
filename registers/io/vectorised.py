"""Normalise a register sheet read column by column: Arrow text in, the same typed frame and findings out.

This is :func:`registers.io.normalise.normalise_table` for a :class:`SheetTable`
whose cells came as Arrow text (:mod:`registers.io.columnar`).  Each column is
dictionary-encoded, so a value is read once however often it repeats; the value
readers of :mod:`registers.core.values` read every distinct value, given the cell
as the calamine reader would (:func:`~registers.io.columnar.untype`) — except
the shapes that dominate big ledgers and whose reading is the identity or a
plain date parse, which are done on the whole column at once:

* dates and moments rendered ``YYYY-MM-DD HH:MM:SS`` (what a real date cell is),
  and typed ``2025年3月1日 09:02``, ``2025/3/1`` or ``2025-3-1 9:02``;
* money and numbers typed plainly (``300``, ``-12.5``, ``118.60``);
* ids of printable ASCII without spaces (``NO.0012345``); units typed
  ``3-2-1501``, ``3栋2单元1501``, ``3#2-1501`` or as codes of capitals and digits (``A701``);
  mobiles typed ``13800138000`` or ``138 0013 8000``;
* free text with no zero-width or control characters (stripped as typed).

``tests/io/test_vectorised.py`` checks both paths against each other.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from registers.core.findings import Finding, column_letter
from registers.core.inputs import BAD_VALUE, MISSING_VALUE, bad_value_suggestion
from registers.core.spec import Field
from registers.core.values import READERS, enum_reader
from registers.core.values.text import BAD, NOTHING, Context, clean_text
from registers.core.values.units import join_unit, unit_parts_of
from registers.io.columnar import RENDERED_NUMBER, text_buffers, untype
from registers.io.cut import clean
from registers.io.detect import SheetTable

_PLAIN_ID = r"^[!-~]+$"
_UNIT = r"^[1-9][0-9]{0,2}-[1-9][0-9]?-[1-9][0-9]{0,7}$"
# 3栋2单元1501 and 3#2-1501, rewritten to 3-2-1501 as read_unit does (a building of at most 3 digits, an
# entrance of at most 2, a room of at most 8)
_UNIT_FORMS = (r"^([1-9][0-9]{0,2})栋([1-9][0-9]?)单元([1-9][0-9]{0,7})$",
               r"^([1-9][0-9]{0,2})#([1-9][0-9]?)-([1-9][0-9]{0,7})$")
# a unit code of capital letters and digits, both (A701, 501B, 26F), kept as typed
_UNIT_CODE = r"^[A-Z0-9]{2,20}$"
_MOBILE = r"^1[3-9][0-9]{9}$"
_SPACED_MOBILE = r"^(1[3-9][0-9])[ -]([0-9]{4})[ -]([0-9]{4})$"  # 138 0013 8000: read as 13800138000
# Moments typed as text, in the forms clerks use most: 2025年3月1日 09:02, 2025/3/1, 2025-3-1 9:02.  Read
# as their canonical rendering (YYYY-MM-DD HH:MM:00); a day that does not exist is left to the reader.
_TYPED_MOMENT = (r"^(?P<y>19[0-9]{2}|2[01][0-9]{2}|2200)(?:年|/|-|\.)(?P<m>[0-9]{1,2})(?:月|/|-|\.)(?P<d>[0-9]{1,2})日?"
                 r"(?: (?P<h>[01]?[0-9]|2[0-3]):(?P<mi>[0-5][0-9]))?$")
# Money typed plainly: at most 13 whole digits (read_money refuses 10^13) and 2 decimals (whole fen).
_PLAIN_MONEY = r"^(?P<sign>-?)(?P<whole>[0-9]{1,13})(?:\.(?P<fen>[0-9]{1,2}))?$"
# Numbers typed plainly, short enough that every one is finite.
_PLAIN_NUMBER = r"^-?[0-9]{1,15}(?:\.[0-9]{1,15})?$"
_ODD_TEXT = "[\u0000-\u001f\u007f\u0085\u200b\ufeff]"  # characters the text readers treat specially
_RENDERED = f"{RENDERED_NUMBER}|^true$|^false$|^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}} [0-9]{{2}}:"
_DATE_KINDS = ("date", "datetime")


_CONTEXT_KINDS = frozenset({"date", "datetime", "time", "period"})  # readers that use the sheet's year


@lru_cache(maxsize=64)
def _reader(kind: str, choices: tuple[str, ...], aliases: tuple[tuple[str, str], ...]) -> Callable[[Any, Context], Any]:
    return enum_reader(choices, aliases) if kind == "enum" else READERS[kind]


@lru_cache(maxsize=1 << 18)
def _read(key: tuple[str, tuple[str, ...], tuple[tuple[str, str], ...], Context | None], text: str) -> Any:
    """A value reader's reading of one distinct cell, remembered across the sheets of a run."""
    kind, choices, aliases, ctx = key
    return _reader(kind, choices, aliases)(untype(text), ctx or Context())


def _match(values: pa.Array, pattern: str) -> np.ndarray:
    matched: np.ndarray = pc.fill_null(pc.match_substring_regex(values, pattern), False).to_numpy(zero_copy_only=False)
    return matched


def _fast_mask(kind: str, uniq: pa.Array) -> np.ndarray:
    """The distinct values read on the whole column at once; the others go to the value readers (dates and
    moments: :func:`_rendered_moments`)."""
    mask: np.ndarray
    if kind == "id":
        mask = _match(uniq, _PLAIN_ID) & ~(_match(uniq, RENDERED_NUMBER) & (pc.utf8_length(uniq).to_numpy() >= 16)) \
            & ~_match(uniq, "^(true|false)$")
    elif kind == "unit":
        mask = _match(uniq, _UNIT) | _match(uniq, _UNIT_FORMS[0]) | _match(uniq, _UNIT_FORMS[1]) \
            | (_match(uniq, _UNIT_CODE) & _match(uniq, "[A-Z]") & _match(uniq, "[0-9]"))
    elif kind == "phone":
        mask = _match(uniq, _MOBILE) | _match(uniq, _SPACED_MOBILE)
    elif kind == "money":
        mask = _match(uniq, _PLAIN_MONEY)
    elif kind == "number":
        mask = _match(uniq, _PLAIN_NUMBER)
    elif kind in ("text", "remark"):
        mask = ~_match(uniq, _ODD_TEXT) & ~_match(uniq, _RENDERED)
    else:
        mask = np.zeros(len(uniq), dtype=bool)
    return mask


_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
_DIGIT_AT = np.array([0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18])  # the digits of YYYY-MM-DD HH:MM:SS
_SEPARATORS = ((4, ord("-")), (7, ord("-")), (10, ord(" ")), (13, ord(":")), (16, ord(":")))


def _rendered_moments(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Which texts are moments written ``YYYY-MM-DD HH:MM:SS`` (years 1900-2200, every field in range: no
    02-30, no 24:00:00, no second 60), and those moments (datetime64[us], in order).

    Read from the Arrow buffers with numpy: what a regular expression, a parse and a field-by-field check
    of the parse did, at a fraction of the cost (a year's receipts have 200,000 distinct moments)."""
    n = len(texts)
    ok = np.zeros(n, dtype=bool)
    if n == 0 or texts.null_count == n:
        return ok, np.zeros(0, dtype="datetime64[us]")
    bounds, data = text_buffers(texts)
    starts = bounds[:-1]
    maybe = np.diff(bounds) == 19
    if texts.null_count:
        maybe &= pc.is_valid(texts).to_numpy(zero_copy_only=False)
    at = np.flatnonzero(maybe)
    if len(at) == 0:
        return ok, np.zeros(0, dtype="datetime64[us]")
    cells = data[starts[at, None] + np.arange(19)]  # one row of 19 bytes per candidate
    good = np.ones(len(at), dtype=bool)
    for i, byte in _SEPARATORS:
        good &= cells[:, i] == byte
    digits = cells[:, _DIGIT_AT] - np.uint8(ord("0"))  # a byte below "0" wraps round to more than 9
    good &= (digits <= 9).all(axis=1)
    digits = np.where(good[:, None], digits, 0).astype(np.int64)
    y = digits[:, 0] * 1000 + digits[:, 1] * 100 + digits[:, 2] * 10 + digits[:, 3]
    mo, d, h, mi, sec = (digits[:, k] * 10 + digits[:, k + 1] for k in (4, 6, 8, 10, 12))
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    month_days = _MONTH_DAYS[np.clip(mo - 1, 0, 11)] + ((mo == 2) & leap)
    good &= (y >= 1900) & (y <= 2200) & (mo >= 1) & (mo <= 12) & (d >= 1) & (d <= month_days)
    good &= (h <= 23) & (mi <= 59) & (sec <= 59)
    ok[at[good]] = True
    y, mo, d, h, mi, sec = (v[good] for v in (y, mo, d, h, mi, sec))
    days = ((y - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (mo - 1)).astype("datetime64[D]") + (d - 1)
    moments = days.astype("datetime64[us]") + ((h * 60 + mi) * 60 + sec) * 1_000_000
    return ok, moments


def _canonical_moments(texts: pa.Array) -> pa.Array:
    """Texts of :data:`_TYPED_MOMENT` written ``YYYY-MM-DD HH:MM:00`` (others null)."""
    p = pc.extract_regex(texts, _TYPED_MOMENT)

    def two(name: str) -> pa.Array:
        return pc.utf8_lpad(pc.if_else(pc.equal(p.field(name), ""), "0", p.field(name)), 2, "0")

    parts = [p.field("y"), "-", two("m"), "-", two("d"), " ", two("h"), ":", two("mi"), ":00"]
    joined = pc.binary_join_element_wise(*[pa.scalar(x) if isinstance(x, str) else x for x in parts], "")
    return pc.if_else(p.is_valid(), joined, pa.scalar(None, pa.string()))


def _fen(texts: pa.Array) -> np.ndarray:
    """Texts of :data:`_PLAIN_MONEY` as whole fen (int64): ``-12.5`` → -1250."""
    p = pc.extract_regex(texts, _PLAIN_MONEY)
    whole = pc.cast(p.field("whole"), pa.int64()).to_numpy(zero_copy_only=False)
    fen = pc.cast(pc.utf8_rpad(p.field("fen"), 2, "0"), pa.int64()).to_numpy(zero_copy_only=False)
    sign = np.where(pc.equal(p.field("sign"), "-").to_numpy(zero_copy_only=False), -1, 1)
    fens: np.ndarray = sign * (whole * 100 + fen)
    return fens


class Column:
    """One field's values for every row: ``values`` per distinct raw text, ``codes`` per row (-1 = empty)."""

    def __init__(self, f: Field, raw: pa.Array, ctx: Context) -> None:
        self.field = f
        self.ctx = ctx  # the sheet's year and month, which a date's reading may need
        enc = pc.dictionary_encode(raw)
        uniq: pa.Array = enc.dictionary
        self.codes = enc.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        self.uniq = uniq
        n = len(uniq)
        self.fast_moments: np.ndarray | None = None
        self.fast_values: np.ndarray | None = None  # money (fen) and numbers of the fast distinct values
        if f.kind in _DATE_KINDS:
            texts = uniq
            typed = _match(uniq, _TYPED_MOMENT)
            if typed.any():  # (only the typed ones are rewritten: they are usually few)
                mask = pa.array(typed)
                texts = pc.replace_with_mask(uniq, mask, _canonical_moments(uniq.filter(mask)))
            # a text such as 2026-02-30 00:00:00 is no date: it goes to the reader, which says so
            fast, self.fast_moments = _rendered_moments(texts)
        else:
            fast = _fast_mask(f.kind, uniq)
            if f.kind == "money" and fast.any():
                self.fast_values = _fen(uniq.filter(pa.array(fast)))
            elif f.kind == "number" and fast.any():
                self.fast_values = pc.cast(uniq.filter(pa.array(fast)), pa.float64()).to_numpy(zero_copy_only=False)
        self.bad = np.zeros(n + 1, dtype=bool)
        slow = np.flatnonzero(~fast)
        # only the distinct values read one by one become Python strings (a year's ids are 200,000)
        slow_texts: list[str] = uniq.take(pa.array(slow, pa.int64())).to_pylist() if len(slow) else []
        key = (f.kind, f.choices, f.choice_aliases, ctx if f.kind in _CONTEXT_KINDS else None)
        parsed: dict[int, Any] = {}
        for i, text in zip(slow, slow_texts, strict=True):
            v = _read(key, text)
            if v is BAD:
                self.bad[i] = True
                v = None
            parsed[int(i)] = v
        self.parsed = parsed
        self.fast = fast
        self.n = n  # distinct values

    def raw(self, j: int) -> Any:
        """The cell of row ``j`` as the calamine reader gives it."""
        code = self.codes[j]
        return None if code < 0 else untype(self.uniq[int(code)].as_py())

    def bad_rows(self) -> np.ndarray:
        return np.flatnonzero(self.bad[self.codes])

    def _objects(self, fast_values: list[Any] | None) -> np.ndarray:
        """One Python value per distinct text, plus None for empty cells at the end."""
        out = np.empty(self.n + 1, dtype=object)
        for i, v in self.parsed.items():
            out[i] = v
        if fast_values is not None:
            out[np.flatnonzero(self.fast)] = fast_values
        return out

    def objects(self) -> np.ndarray:
        """Every row's typed value as a Python object (None when empty or unreadable)."""
        objects: np.ndarray = self._objects(self._fast_list())[self.codes]
        return objects

    def typed(self, dtype: Any) -> Any:
        """Every row's value as a pandas array of ``dtype`` (converted once per distinct value)."""
        return pd.array(self._objects(self._fast_list()), dtype=dtype).take(self.codes)

    def _fast_list(self) -> list[Any] | None:
        return None if self.fast_values is None else self.fast_values.tolist()

    def period(self) -> tuple[np.ndarray, Any]:
        """A period field: every row's first month (datetime64[us]) and number of months (Int64)."""
        values = self._objects(None)
        starts = _moments([v[0] if v else None for v in values])
        months = pd.array([v[1] if v else None for v in values], dtype="Int64")
        return starts[self.codes], months.take(self.codes)

    def moments(self) -> np.ndarray:
        """Date and datetime fields: every row as datetime64[us] (NaT when empty or unreadable)."""
        out = np.full(self.n + 1, np.datetime64("NaT"), dtype="datetime64[us]")
        if self.fast_moments is not None:
            out[np.flatnonzero(self.fast)] = self.fast_moments
        for i, v in self.parsed.items():
            if isinstance(v, datetime):
                out[i] = np.datetime64(v, "us")
        moments: np.ndarray = out[self.codes]
        return moments

    def text(self) -> pa.Array:
        """Text-like fields: every row as Arrow text (null when empty, nothing or unreadable)."""
        kind = self.field.kind
        out = self.uniq
        if kind == "unit":
            for form in _UNIT_FORMS:
                out = pc.replace_substring_regex(out, form, r"\1-\2-\3")
        elif kind == "phone":
            out = pc.replace_substring_regex(out, _SPACED_MOBILE, r"\1\2\3")
        elif kind in ("text", "remark"):
            trimmed = pc.utf8_trim_whitespace(out)
            empty = pc.equal(trimmed, "")
            if kind == "remark":
                empty = pc.or_(empty, pc.is_in(pc.utf8_lower(clean(out)), pa.array(sorted(NOTHING))))
            out = pc.if_else(empty, pa.scalar(None, pa.string()), trimmed)
        if self.parsed:  # the values the readers read replace the whole-column reading
            mask = np.zeros(self.n, dtype=bool)
            filler = np.full(self.n, None, dtype=object)
            index = np.fromiter(self.parsed, dtype=np.int64, count=len(self.parsed))
            mask[index] = True
            filler[index] = list(self.parsed.values())
            out = pc.if_else(pa.array(mask), pa.array(filler, type=pa.string()), out)
        out = pa.concat_arrays([out.cast(pa.string()), pa.nulls(1, pa.string())])
        return out.take(pa.array(np.where(self.codes < 0, self.n, self.codes)))


def normalise_columns(
    table: SheetTable, file: str, src: int, default_ctx: Context
) -> tuple[pd.DataFrame, list[Finding]]:
    """The typed frame and the read findings of a column-by-column :class:`SheetTable`."""
    assert table.data is not None
    kind = table.kind
    ctx = Context(table.year or default_ctx.year, table.month or default_ctx.month)
    rows = np.asarray(table.row_numbers, dtype=np.int64)
    n = len(rows)
    _join_parts(table)
    fields = [f for f in kind.fields if not f.part_of]
    cols = {f.name: Column(f, table.data[f.name], ctx) for f in fields if f.name in table.columns}

    data: dict[str, Any] = {}
    objects: dict[str, np.ndarray] = {}  # time fields, combined with their dates below
    for f in fields:
        col = cols.get(f.name)
        if f.kind in _DATE_KINDS:
            data[f.name] = col.moments() if col else np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
        elif f.kind == "time":
            objects[f.name] = col.objects() if col else np.full(n, None, dtype=object)
        elif f.kind == "period":
            if col:
                data["period_start"], data["period_months"] = col.period()
            else:
                data["period_start"] = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
                data["period_months"] = pd.array([None] * n, dtype="Int64")
        elif f.kind == "ids":
            data[f.name] = pd.Series(col.objects() if col else [None] * n, dtype="object")
        elif f.kind in ("money", "int", "number", "bool", "signature", "flag_or_text"):
            dtype: Any = {"money": "Int64", "int": "Int64", "number": "Float64"}.get(f.kind, "boolean")
            data[f.name] = col.typed(dtype) if col else pd.array([None] * n, dtype=dtype)
        else:
            data[f.name] = pd.array(col.text() if col else pa.nulls(n, pa.string()), dtype="string")

    # time-of-day fields take their date from the row's date column; an end before
    # the start on the same row is the next day (a night shift)
    previous: np.ndarray | None = None
    for f in kind.fields:
        if f.kind != "time":
            continue
        times = objects[f.name]
        if f.date_from is not None:
            days = data[f.date_from]
            for j, t in enumerate(times):
                if isinstance(t, time):
                    d = days[j]
                    times[j] = (datetime.combine(pd.Timestamp(d).date(), t) if not np.isnat(d) else None)
            if previous is not None:
                for j, t in enumerate(times):
                    b = previous[j]
                    if isinstance(t, datetime) and isinstance(b, datetime) and t < b and t.date() == b.date():
                        times[j] = t + timedelta(days=1)
            previous = times
        data[f.name] = _moments(list(times))

    ordered: dict[str, Any] = {}
    for f in fields:
        if f.kind == "period":
            ordered["period_start"] = _moment_series(data["period_start"])
            ordered["period_months"] = data["period_months"]
        elif f.kind in _DATE_KINDS or f.kind == "time":
            ordered[f.name] = _moment_series(data[f.name])
        else:
            ordered[f.name] = data[f.name]
    ordered["_src"] = pd.array(np.full(n, src, dtype=np.int64), dtype="int64")
    ordered["_row"] = pd.array(rows, dtype="int64")
    frame = pd.DataFrame(ordered, copy=False)  # every column was made here for this frame alone
    return frame, _findings(table, file, cols, frame, rows)


def _join_parts(table: SheetTable) -> None:
    """The unit of a sheet that splits it over columns (楼栋 | 单元 | 房号) joined into the room's column, as
    the cell-by-cell reader joins it (:func:`~registers.core.values.units.join_unit`, once per distinct
    row of parts)."""
    found = unit_parts_of(table.kind, table.columns)
    if found is None:
        return
    assert table.data is not None
    target, building, entrance = found
    room = table.data[target]
    given = [table.data[name] for name in (building, entrance) if name is not None]
    has_part = pc.is_valid(given[0]) if len(given) == 1 else pc.or_(pc.is_valid(given[0]), pc.is_valid(given[1]))
    at = np.flatnonzero(pc.and_(has_part, pc.is_valid(room)).to_numpy(zero_copy_only=False))
    if not len(at):
        return
    take = pa.array(at, pa.int64())

    def texts(name: str | None) -> list[str | None]:
        return table.data[name].take(take).to_pylist() if name is not None else [None] * len(at)  # type: ignore[index]

    joined: dict[tuple[str | None, str | None, str], str] = {}
    out: list[str] = []
    for key in zip(texts(building), texts(entrance), room.take(take).to_pylist(), strict=True):
        if key not in joined:
            b, e, r = (None if x is None else untype(x) for x in key)
            unit = join_unit(b, e, r)
            joined[key] = key[2] if unit is r else unit
        out.append(joined[key])
    mask = np.zeros(len(room), dtype=bool)
    mask[at] = True
    table.data[target] = pc.replace_with_mask(room, pa.array(mask), pa.array(out, pa.string()))


def _moment_series(moments: np.ndarray) -> pd.Series:
    """A column of moments made here, as datetime64[us]: wrapped, not copied (pandas copies a NumPy array it
    is given unless told not to; an array of another unit is still converted)."""
    return pd.Series(moments, dtype="datetime64[us]", copy=False)


def _moments(values: list[Any]) -> np.ndarray:
    out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[us]")
    for j, v in enumerate(values):
        if isinstance(v, datetime):
            out[j] = np.datetime64(v.replace(tzinfo=None), "us")
        elif isinstance(v, date):
            out[j] = np.datetime64(datetime(v.year, v.month, v.day), "us")
    return out


def _findings(table: SheetTable, file: str, cols: dict[str, Column], frame: pd.DataFrame,
              rows: np.ndarray) -> list[Finding]:
    kind = table.kind
    assert table.data is not None

    def key(j: int) -> str | None:
        if kind.id_field is None:
            return None
        v = frame[kind.id_field].iat[j]
        return None if v is None or v is pd.NA else str(v)

    def day(j: int) -> date | None:
        if not kind.date_field:
            return None
        v: Any = frame[kind.date_field].iat[j]
        return None if pd.isna(v) else pd.Timestamp(v).date()

    findings: list[Finding] = []
    for f in kind.fields:
        col = cols.get(f.name)
        if col is None:
            continue
        for j in col.bad_rows():
            raw = col.raw(int(j))
            findings.append(
                BAD_VALUE.finding(
                    register=kind.register, file=file, sheet=table.sheet, row=int(rows[j]),
                    column=column_letter(table.columns[f.name]), key=key(int(j)), date=day(int(j)),
                    args={"field": f"{kind.key}:{f.name}", "type": _type_arg(f)},
                    value=(raw.strip() if isinstance(raw, str) else clean_text(raw))[:200],
                    suggestion=bad_value_suggestion(f.kind, raw, col.ctx),
                )
            )
    for f in kind.fields:
        if f.name not in table.columns or not f.required or f.missing_rule:
            continue
        for j in np.flatnonzero(pc.is_null(table.data[f.name]).to_numpy(zero_copy_only=False)):
            findings.append(
                MISSING_VALUE.finding(
                    register=kind.register, file=file, sheet=table.sheet, row=int(rows[j]),
                    column=column_letter(table.columns[f.name]), key=key(int(j)), date=day(int(j)),
                    args={"field": f"{kind.key}:{f.name}"},
                )
            )
    return findings


def _type_arg(f: Field) -> str:
    if f.kind == "enum":
        return "enum|" + " / ".join(f.choices)
    return f.kind
