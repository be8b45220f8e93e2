"""Register rows as the day close and the monthly report list them: the cell a row's field is in, a frame's
rows as records, a cell's moment, the rows of the office's period.

Both computations read the office's frames row by row for the lines they show (a cashier's day, a
receipt, an arrear, a cash count), and so do their parts in their own modules (the day's platform
check, the month's arrears and operations); these few readings were typed once in each before.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from registers.core.findings import CellRef

if TYPE_CHECKING:
    from registers.office.load import Office


def cell_ref(office: Office, row: Any, field_name: str | None) -> CellRef:
    """The cell of ``field_name`` in a frame's ``row`` (its ``_src`` and ``_row``); the row alone without a field."""
    src = office.sources[int(row["_src"])]
    return CellRef(src.file, src.sheet, int(row["_row"]), src.columns.get(field_name) if field_name else None)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts keyed by column name."""
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]


def moment(v: Any) -> datetime | None:
    """A cell's moment as a datetime; None for a cell that holds none."""
    if v is None or v is pd.NaT or (not isinstance(v, datetime) and pd.isna(v)):
        return None
    return pd.Timestamp(v).to_pydatetime()


def within_period(office: Office, moments: pd.Series) -> pd.Series:
    """Moments on a day of the office's period, as a plain boolean mask (no moment is outside)."""
    start = pd.Timestamp(office.period.start)
    after = start + pd.Timedelta(days=(office.period.end - office.period.start).days + 1)
    return ((moments >= start) & (moments < after)).fillna(False).astype(bool)
