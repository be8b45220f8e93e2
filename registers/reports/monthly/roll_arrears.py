"""Arrears and 收缴率 of 物业服务费 from the fee roll (收费台账（按户）) and the bills (应收清单).

Used by :func:`registers.reports.monthly.arrears.arrears` when the office keeps a roll for the
property fee.  Per unit on the roll and month up to the report month whose cell is billed (not ``-`` /
空置 / 免):

* what was due is the bill's share for that unit and month where the office keeps bills, else the
  roll's own (the month's 应收 column, else 月应收, else area × rate, else area × the schedule's price);
* what was paid is the cell (已缴 / √: the amount due), capped at what was due;
* the month owes due − paid when paid < due, aged as the receipts-based arrears (days from the month's
  first day to the report month's last day, buckets 0-30, 31-60, 61-90, 90+);
* ``paid_through`` is the last billed month before the first month that owes (everything up to it paid in
  full); none when the first billed month owes.  A later month paid while an earlier one owes does not
  move it.

收缴率 of the report month: units with a billed cell for that month whose due is known; receivable = their
due; paid = what was paid for the month, capped at due; paid units = those paid in full.  Units whose due
is not known are counted as ``unpriced``.

When the office also keeps a receipts journal, the same months are read from the receipts
(:func:`registers.views.roll.receipt_months`, property fee): a unit whose owed amount read that way
differs from the roll's is listed as a disagreement (the figures stay the roll's).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from registers.core.findings import CellRef
from registers.core.frames import text_of
from registers.core.spec import ROLL, UNITS
from registers.reports.monthly.model import Arrear, Collection
from registers.views.roll import (
    FROM_BOTH,
    FROM_RECEIPTS,
    FROM_ROLL,
    NONE,
    bill_months,
    fee_source,
    item_key,
    property_cells,
    receipt_months,
    ym,
)

__all__ = ["FROM_BOTH", "FROM_RECEIPTS", "FROM_ROLL", "fee_source", "roll_arrears"]

if TYPE_CHECKING:
    from registers.office.load import Office


def _month_start(k: int) -> date:
    return date(k // 12, k % 12 + 1, 1)


def roll_arrears(office: Office, source: str) -> tuple[list[Arrear], Collection]:
    """The arrears and the collection rate of the report month from the roll (see the module's text)."""
    month = ym(office.period.start.year, office.period.start.month)
    cells = property_cells(office)
    cells = cells[(cells["ym"].astype("int64") <= month).to_numpy(dtype=bool) & (cells["state"] != NONE).to_numpy()]
    cells = cells.assign(unit=[text_of(u) for u in cells["unit"].tolist()])
    cells = cells.sort_values(["unit", "ym", "rid"], kind="stable").drop_duplicates(["unit", "ym"])
    due = cells["due"].astype("Int64")
    bills = bill_months(office)
    if len(bills):
        b = bills[(bills["item_key"] == item_key("物业服务费")).fillna(False).to_numpy(dtype=bool)]
        billed = b.assign(unit=[text_of(u) for u in b["unit"].tolist()]).groupby(["unit", "ym"])["share"].sum()
        keyed = pd.MultiIndex.from_arrays([cells["unit"], cells["ym"].astype("int64")])
        from_bill = pd.Series(billed.reindex(keyed).to_numpy(), index=cells.index).astype("Int64")
        due = from_bill.fillna(due)
    cells = cells.assign(due=due, paid=cells["paid"].astype("Int64").fillna(0))
    cells = cells.assign(got=np.minimum(cells["paid"], cells["due"].fillna(0)))
    receipts_by: pd.Series | None = None
    if source == FROM_BOTH:
        r = receipt_months(office)
        r = r[(r["item_key"] == item_key("物业服务费")).fillna(False).to_numpy(dtype=bool)]
        receipts_by = r.assign(unit=[text_of(u) for u in r["unit"].tolist()]).groupby(["unit", "ym"])["share"].sum()
    roll = office.frame(ROLL)
    archive = office.frame(UNITS).dropna(subset=["unit"]).drop_duplicates("unit")
    archive_by = {text_of(u): rec for u, rec in zip(archive["unit"], archive.to_dict("records"), strict=True)}
    end = office.period.end
    out: list[Arrear] = []
    disagree: list[str] = []
    n = receivable = paid_units = paid = unpriced = 0
    for unit, g in cells.groupby("unit", sort=True):
        unit = str(unit)
        dues = g["due"].tolist()
        gots = g["got"].tolist()
        months = g["ym"].astype("int64").tolist()
        owing = [(m, None if pd.isna(d) else int(d) - int(x)) for m, d, x in zip(months, dues, gots, strict=True)
                 if pd.isna(d) or int(x) < int(d)]
        now = g[g["ym"].astype("int64") == month]
        if len(now):
            d_now = now["due"].iloc[0]
            if pd.isna(d_now):
                unpriced += 1
            else:
                n += 1
                receivable += int(d_now)
                paid += int(now["got"].iloc[0])
                paid_units += int(now["got"].iloc[0]) >= int(d_now)
        if receipts_by is not None:
            got_r = [min(int(receipts_by.get((unit, m), 0)), int(d)) for m, d in zip(months, dues, strict=True)
                     if not pd.isna(d)]
            owed_r = sum(int(d) for d in dues if not pd.isna(d)) - sum(got_r)
            owed_roll = sum(int(d) - int(x) for d, x in zip(dues, gots, strict=True) if not pd.isna(d))
            if owed_r != owed_roll:
                disagree.append(unit)
        if not owing:
            continue
        first = owing[0][0]
        before = [m for m in months if m < first]
        buckets = [0, 0, 0, 0]
        owed: int | None = 0
        for m, amount in owing:
            if amount is None:
                owed, buckets = None, [0, 0, 0, 0]
                break
            age = (end - _month_start(m)).days
            buckets[0 if age <= 30 else 1 if age <= 60 else 2 if age <= 90 else 3] += amount
            owed = (owed or 0) + amount
        row = roll.loc[int(g["rid"].iloc[-1])]
        rec = archive_by.get(unit, {})
        area: Any = row["area"] if not pd.isna(row["area"]) else rec.get("area")
        a_ok = area is not None and not pd.isna(area) and float(area) > 0
        src = office.sources[int(g["_src"].iloc[0])]
        field = str(g.loc[g["ym"].astype("int64") == first, "field"].iloc[0])
        out.append(Arrear(
            unit=unit, owner=text_of(row["owner"]) or text_of(rec.get("owner")), phone=text_of(rec.get("phone")),
            area=float(area) if a_ok else None, paid_through=_month_start(before[-1]) if before else None,
            months=len(owing), owed=owed, buckets=(buckets[0], buckets[1], buckets[2], buckets[3]),
            days=(end - _month_start(first)).days,
            where=CellRef(src.file, src.sheet, int(g.loc[g["ym"].astype("int64") == first, "_row"].iloc[0]),
                          src.columns.get(field)),
        ))
    out.sort(key=lambda x: (-x.days, -(x.owed or 0), x.unit))
    return out, Collection(n, receivable, paid_units, paid, unpriced, source=source, disagree=tuple(disagree))
