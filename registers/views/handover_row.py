"""The 日结上交 row a cashier's day of cash lacks (``fee.not-cleared`` with no handover row at all): its date,
cashier, the cash received that day as the cash handed over and the office's one receiver, at the row below the
handover sheet's last data row — offered only where every cell of it follows from the registers and adding it
changes no other judgement."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from registers.core.findings import CellValue, Suggestion, Write
from registers.core.frames import text_of
from registers.core.spec import CASH_COUNTS, HANDOVER
from registers.core.values.money import yuan
from registers.views.fees import END_OF_DAY, balance_at, cash_events, receipts

if TYPE_CHECKING:
    from registers.office.load import Office

_CELLS = ("date", "cashier", "cash_handed", "receiver")  # what the row holds; all four required by the spec


def handover_row(office: Office, day: date, cashier: str, expected_fen: int) -> Suggestion | None:
    """The handover row to add for ``cashier``'s cash of ``day``, or None.

    None when: the office has no handover sheet, or several (which one is not known) that are not one a month;
    the sheet lacks one of the four columns; something sits below its last data row (a 合计 or 制表人 footer:
    accepting would write over it, and a row cannot be inserted); its rows do not name one receiver (who
    received the cash is a fact no register gives); or a cash count after that day agrees with the books now
    and would not once this cash is taken out of the box (the cash may really still be in it).  上交时间 and
    大额已报 stay empty: an empty time counts as that day, and whether a large receipt was reported is not known.
    """
    src_ix = _sheet(office, day)
    if src_ix is None:
        return None
    src = office.sources[src_ix]
    if any(f not in src.columns for f in _CELLS):
        return None
    h = office.frame(HANDOVER)
    receivers = {text_of(v).strip() for v in h["receiver"].dropna()} - {""}
    if len(receivers) != 1 or _count_would_break(office, day, expected_fen):
        return None
    (receiver,) = receivers
    rows = h["_row"][(h["_src"] == src_ix).to_numpy(dtype=bool)]
    row = (int(rows.max()) if len(rows) else src.header_row) + 1
    if src.last_row >= row:
        return None  # a footer (合计, 制表人) or a row not read as data sits there: a row cannot be added below it
    values: tuple[CellValue, ...] = (datetime(day.year, day.month, day.day), cashier, yuan(expected_fen), receiver)
    writes = tuple(Write(v, src.file, src.sheet, f"{src.columns[f]}{row}") for f, v in zip(_CELLS, values, strict=True))
    shown = f"{day.isoformat()} | {cashier} | {yuan(expected_fen):.2f} | {receiver}"
    return Suggestion(shown, "suggest.handover-row", {"date": day, "cashier": cashier, "expected_fen": expected_fen,
                                                      "sheet": src.sheet, "row": row}, writes)


def _sheet(office: Office, day: date) -> int | None:
    """The handover sheet the row goes to: the office's one, else the one whose rows are of ``day``'s month."""
    sheets = [i for i, _ in office.sources_of(HANDOVER)]
    if len(sheets) <= 1:
        return sheets[0] if sheets else None
    h = office.frame(HANDOVER)
    month = (h["date"].dt.year == day.year) & (h["date"].dt.month == day.month)
    of_month = set(h["_src"][month.fillna(False).to_numpy(dtype=bool)].astype(int))
    return of_month.pop() if len(of_month) == 1 else None


def _count_would_break(office: Office, day: date, amount_fen: int) -> bool:
    """Whether a cash count from the end of ``day`` on agrees with the books now but would not with the cash
    handed over that day."""
    c = office.frame(CASH_COUNTS)
    after = (c["at"] >= pd.Timestamp(day) + END_OF_DAY) & c["counted"].notna()
    c = c[after.fillna(False).to_numpy(dtype=bool)]
    if c.empty:
        return False
    moved, _ = balance_at(cash_events(office, receipts(office)), c["at"])
    diff = c["counted"].to_numpy(dtype="int64") - (office.settings.limits.opening_float_fen + moved)
    tol = office.settings.limits.tolerance_fen
    return bool(np.any((np.abs(diff) <= tol) & (np.abs(diff + amount_fen) > tol)))
