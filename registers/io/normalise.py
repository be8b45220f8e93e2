"""Turn a register sheet's raw cells into a typed frame, and unreadable cells into findings.

Each column is parsed by its kind's reader (:mod:`registers.core.values`).
Readers are called once per distinct raw value of a sheet, which keeps big
ledgers (the same dates, items and cashiers over and over) cheap.

A unit split over columns (楼栋 | 单元 | 房号: fields that are ``part_of`` another) is joined into
that field first (:func:`~registers.core.values.units.join_unit`), so it is read, and reported at the
room's cell, as one unit.

Frame columns: every field of the sheet kind (typed) but those parts, plus ``_src`` (index
of the :class:`Source` the row came from) and ``_row`` (1-based worksheet
row).  A ``period`` field becomes ``period_start`` and ``period_months``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pandas as pd

from registers.core.findings import Finding, column_letter
from registers.core.inputs import BAD_VALUE, MISSING_VALUE, bad_value_suggestion
from registers.core.spec import Field, SheetKind
from registers.core.values import READERS, enum_reader
from registers.core.values.text import BAD, Context, clean_text
from registers.core.values.units import join_unit, unit_parts_of
from registers.io.detect import SheetTable


def _reader_for(f: Field) -> Any:
    if f.kind == "enum":
        return enum_reader(f.choices, f.choice_aliases)
    return READERS[f.kind]


def _hashable(v: Any) -> bool:
    try:
        hash(v)
    except TypeError:
        return False
    return True


def empty_frame(kind: SheetKind) -> pd.DataFrame:
    return _build(kind, {f.name: [] for f in kind.fields}, [], [])


def _build(kind: SheetKind, columns: dict[str, list[Any]], src: list[int], rows: list[int]) -> pd.DataFrame:
    data: dict[str, Any] = {}
    for f in kind.fields:
        if f.part_of:
            continue
        values = columns[f.name]
        if f.kind in ("date", "datetime", "time"):
            data[f.name] = pd.Series(pd.to_datetime(pd.Series(values, dtype="object")), dtype="datetime64[us]")
        elif f.kind == "money" or f.kind == "int":
            data[f.name] = pd.array(values, dtype="Int64")
        elif f.kind == "number":
            data[f.name] = pd.array(values, dtype="Float64")
        elif f.kind in ("bool", "signature", "flag_or_text"):
            data[f.name] = pd.array(values, dtype="boolean")
        elif f.kind == "ids":
            data[f.name] = pd.Series(values, dtype="object")
        elif f.kind == "period":
            data["period_start"] = pd.Series(
                pd.to_datetime(pd.Series([v[0] if v else None for v in values], dtype="object")),
                dtype="datetime64[us]",
            )
            data["period_months"] = pd.array([v[1] if v else None for v in values], dtype="Int64")
        else:
            data[f.name] = pd.array(values, dtype="string")
    data["_src"] = pd.array(src, dtype="int64")
    data["_row"] = pd.array(rows, dtype="int64")
    return pd.DataFrame(data)


def normalise_table(table: SheetTable, file: str, src: int, default_ctx: Context) -> tuple[pd.DataFrame, list[Finding]]:
    """The typed frame of one register sheet and the ``input.bad-value`` / ``input.missing-value`` findings."""
    if table.data is not None:  # read column by column
        from registers.io.vectorised import normalise_columns

        return normalise_columns(table, file, src, default_ctx)
    kind = table.kind
    ctx = Context(table.year or default_ctx.year, table.month or default_ctx.month)
    fields = kind.fields
    _join_parts(table)
    present = [f for f in fields if f.name in table.columns and not f.part_of]
    n = len(table.rows)
    columns: dict[str, list[Any]] = {f.name: [None] * n for f in fields}
    bad: list[tuple[int, Field, Any]] = []  # (row index, field, raw)
    for f in present:
        i = fields.index(f)
        reader = _reader_for(f)
        cache: dict[tuple[type, Any], Any] = {}
        out = columns[f.name]
        for j, (_, raw) in enumerate(table.rows):
            v = raw[i]
            if v is None:
                continue
            if _hashable(v):
                k = (type(v), v)
                if k in cache:
                    parsed = cache[k]
                else:
                    parsed = cache[k] = reader(v, ctx)
            else:
                parsed = reader(v, ctx)
            if parsed is BAD:
                bad.append((j, f, v))
            else:
                out[j] = parsed
    # time-of-day fields take their date from the row's date column; an end before
    # the start on the same row is the next day (a night shift)
    previous_time: str | None = None
    for f in fields:
        if f.kind != "time" or f.date_from is None:
            continue
        days = columns[f.date_from]
        times = columns[f.name]
        for j, t in enumerate(times):
            if isinstance(t, time):
                d = days[j]
                times[j] = datetime.combine(d.date(), t) if isinstance(d, datetime) else None
        if previous_time is not None:
            before = columns[previous_time]
            for j, t in enumerate(times):
                b = before[j]
                if isinstance(t, datetime) and isinstance(b, datetime) and t < b and t.date() == b.date():
                    times[j] = t + timedelta(days=1)
        previous_time = f.name

    date_col = columns.get(kind.date_field) if kind.date_field else None
    rows = [r for r, _ in table.rows]
    findings: list[Finding] = []
    for j, f, raw in bad:
        findings.append(
            BAD_VALUE.finding(
                register=kind.register, file=file, sheet=table.sheet, row=rows[j],
                column=column_letter(table.columns[f.name]),
                key=_row_key(kind, columns, j),
                date=_as_date(date_col[j]) if date_col else None,
                args={"field": f"{kind.key}:{f.name}", "type": _type_arg(f)},
                value=(raw.strip() if isinstance(raw, str) else clean_text(raw))[:200],
                suggestion=bad_value_suggestion(f.kind, raw, ctx),
            )
        )
    bad_cells = {(j, f.name) for j, f, _ in bad}
    for f in present:
        if not f.required or f.missing_rule:
            continue
        i = fields.index(f)
        for j, (r, raw) in enumerate(table.rows):
            if raw[i] is None and (j, f.name) not in bad_cells:
                findings.append(
                    MISSING_VALUE.finding(
                        register=kind.register, file=file, sheet=table.sheet, row=r,
                        column=column_letter(table.columns[f.name]),
                        key=_row_key(kind, columns, j),
                        date=_as_date(date_col[j]) if date_col else None,
                        args={"field": f"{kind.key}:{f.name}"},
                    )
                )
    frame = _build(kind, columns, [src] * n, rows)
    return frame, findings


def _join_parts(table: SheetTable) -> None:
    """Each row's unit joined from its parts, in the room's place (the rows are changed in place)."""
    found = unit_parts_of(table.kind, table.columns)
    if found is None:
        return
    target, building, entrance = found
    index = {f.name: i for i, f in enumerate(table.kind.fields)}
    t, b, e = index[target], index.get(building or ""), index.get(entrance or "")
    for _, raw in table.rows:
        raw[t] = join_unit(raw[b] if b is not None else None, raw[e] if e is not None else None, raw[t])


def _type_arg(f: Field) -> str:
    if f.kind == "enum":
        return "enum|" + " / ".join(f.choices)
    return f.kind


def _row_key(kind: SheetKind, columns: dict[str, list[Any]], j: int) -> str | None:
    if kind.id_field is None:
        return None
    v = columns[kind.id_field][j]
    return str(v) if v is not None else None


def _as_date(v: Any) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return None
