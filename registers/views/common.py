"""Readings of an office every rule module needs: period masks, day ends, unreadable cells.

Rules are computed on whole columns; these helpers keep the few readings that
depend on the office (which rows a period covers, when a day is over at the
as-of moment, which cells the reader could not read) in one place, with the one
way a lateness is shown (:func:`tenths_of_hours`, which the repair and key rules and the day
close's open repairs and keys share).  Helpers that
need no office (empty values, ids compared without spaces, values for messages)
are :mod:`registers.core.frames`.
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from registers.core.frames import LAST_MINUTE

if TYPE_CHECKING:
    from registers.office.load import Office


def day_over(office: Office, days: pd.Series) -> pd.Series:
    """Whether each day (a date/datetime column; NaT is never over) has ended at ``as_of``.

    A day has ended once ``as_of`` reaches its last minute (23:59), which is how a check
    "as of the end of the month" is typed.
    """
    over: pd.Series = ((days.dt.normalize() + LAST_MINUTE) <= pd.Timestamp(office.as_of)).fillna(False).astype(bool)
    return over


def day_over_at(office: Office, day: date) -> bool:
    """Whether ``day`` has ended at ``as_of`` (see :func:`day_over`)."""
    return pd.Timestamp(day) + LAST_MINUTE <= pd.Timestamp(office.as_of)


def in_period(office: Office, moments: pd.Series) -> pd.Series:
    """Moments on a day of the office's period (NaT is outside)."""
    start = pd.Timestamp(office.period.start)
    after = pd.Timestamp(office.period.end) + pd.Timedelta(days=1)
    return (moments >= start) & (moments < after)


def open_in_period(office: Office, moments: pd.Series, closed_at: pd.Series) -> pd.Series:
    """In the period, or earlier but not closed before the period began (the overdue kinds of rule)."""
    start = pd.Timestamp(office.period.start)
    still_open = closed_at.isna() | (closed_at >= start)
    return in_period(office, moments) | ((moments < start) & still_open)


def unreadable(office: Office, kind_key: str, frame: pd.DataFrame, field: str) -> pd.Series:
    """Rows whose ``field`` cell held something the reader could not read (already ``input.bad-value``).

    Such a cell is null in the frame; a rule must not take it for an empty cell
    (``已通知`` in the dispatch column is not "never dispatched").
    """
    ref = f"{kind_key}:{field}"
    cells = {(f.file, f.sheet, f.row) for f in office.bad_values(kind_key) if f.args.get("field") == ref}
    if not cells:
        return pd.Series(False, index=frame.index)
    pairs = [
        (i, row)
        for i, src in office.sources_of(kind_key)
        for file, sheet, row in cells
        if (file, sheet) == (src.file, src.sheet)
    ]
    where = pd.MultiIndex.from_arrays([frame["_src"], frame["_row"]])
    return pd.Series(where.isin(pairs), index=frame.index)


def tenths_of_hours(delta: Any) -> float:
    """A delay in hours for a message, rounded up to a tenth (never shows a lateness of 0)."""
    return math.ceil(pd.Timedelta(delta) / pd.Timedelta(hours=1) * 10) / 10
