"""What the registers already record of a receipt's money, for the fee rules' suggestions: an amount typed on
a receipt is not to be "corrected" to the price when the money received is on record elsewhere (a platform
payment paired with it, the cash its cashier handed over that day, a fee roll showing its months paid) — then
which is wrong is not known."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from registers.core.frames import person_key
from registers.core.spec import HANDOVER, ROLL
from registers.views.fees import day_of, receipts
from registers.views.payments import keeps_statements, reconcile
from registers.views.roll import FULL, PAID, receipt_months, roll_cells

if TYPE_CHECKING:
    from registers.office.load import Office


def amount_on_record(office: Office, rids: pd.Index) -> np.ndarray:
    """For each receipt of ``rids`` (the receipts frame's index), whether its amount is on record elsewhere:
    a non-cash receipt paired with a platform payment, a cash receipt of a cashier who has a handover row
    that day (its 现金上交 counted it), or a receipt of a month the fee roll shows paid (已缴 or an amount)."""
    out = np.zeros(len(rids), dtype=bool)
    if not len(rids):
        return out
    if keeps_statements(office):
        led = reconcile(office).receipts
        paired = led.index[led["pid"].notna().to_numpy(dtype=bool)]
        out |= rids.isin(paired)
    r = receipts(office)[["day", "cash", "cashier_key"]].loc[rids]
    cash = r["cash"].to_numpy(dtype=bool)
    h = office.frame(HANDOVER)
    h_day = day_of(h["date"])
    kept = h_day.isin(r["day"][cash]).to_numpy(dtype=bool)  # the handovers of these receipts' days only
    handed = set(zip(h_day[kept], person_key(h["cashier"][kept]), strict=True))
    out |= cash & np.array([(d, c) in handed for d, c in zip(r["day"], r["cashier_key"], strict=True)], dtype=bool)
    if office.has(ROLL):
        months = receipt_months(office)
        months = months[months["rid"].isin(rids).to_numpy(dtype=bool)]
        cells = roll_cells(office)
        # the roll's paid cells of these receipts' units only (a few of a year's 60,000 cells)
        paid = cells[(cells["state"].isin((PAID, FULL)) & cells["unit"].isin(months["unit"].unique()))
                     .to_numpy(dtype=bool)][["unit", "item_key", "ym"]]
        out |= rids.isin(months.merge(paid.drop_duplicates(), on=["unit", "item_key", "ym"])["rid"])
    return out
