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

When the office also keeps a receipts journal, the same months — those from the journal's first month on,
which the receipts can tell — are read from the receipts (:func:`registers.views.roll.receipt_months`,
property fee): a unit whose owed amount read that way differs from the roll's is listed as a disagreement
(the figures stay the roll's).
"""

from __future__ import annotations

from itertools import pairwise
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
    PROPERTY_FEE,
    bill_months,
    fee_source,
    item_key,
    journal_start,
    month_start,
    property_cells,
    received_by_month,
    ym,
)

__all__ = ["FROM_BOTH", "FROM_RECEIPTS", "FROM_ROLL", "fee_source", "roll_arrears"]

if TYPE_CHECKING:
    from registers.office.load import Office


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
        b = bills[(bills["item_key"] == item_key(PROPERTY_FEE)).fillna(False).to_numpy(dtype=bool)]
        billed = b.assign(unit=[text_of(u) for u in b["unit"].tolist()]).groupby(["unit", "ym"])["share"].sum()
        keyed = pd.MultiIndex.from_arrays([cells["unit"], cells["ym"].astype("int64")])
        from_bill = pd.Series(billed.reindex(keyed).to_numpy(), index=cells.index).astype("Int64")
        due = from_bill.fillna(due)
    cells = cells.assign(due=due, paid=cells["paid"].astype("Int64").fillna(0))
    cells = cells.assign(got=np.minimum(cells["paid"], cells["due"].fillna(0)))
    units = cells["unit"].to_numpy(dtype=object)
    months = cells["ym"].to_numpy(dtype=np.int64)
    known = cells["due"].notna().to_numpy(dtype=bool)
    dues = cells["due"].fillna(0).to_numpy(dtype=np.int64)
    gots = cells["got"].to_numpy(dtype=np.int64)
    short = np.where(known, dues - gots, 0)
    # 收缴率: the report month's billed cells with a known due
    now = months == month
    n, unpriced = int((now & known).sum()), int((now & ~known).sum())
    receivable, paid = int(dues[now & known].sum()), int(gots[now & known].sum())
    paid_units = int((now & known & (gots >= dues)).sum())
    disagree: list[str] = []
    if source == FROM_BOTH:
        r = received_by_month(office)
        r = r[(r["item_key"] == item_key(PROPERTY_FEE)).fillna(False).to_numpy(dtype=bool)]
        by = r.assign(unit=[text_of(u) for u in r["unit"].tolist()]).groupby(["unit", "ym"])["received"].sum()
        keyed = pd.MultiIndex.from_arrays([cells["unit"], cells["ym"].astype("int64")])
        shares = by.reindex(keyed).fillna(0).to_numpy(dtype=np.int64)
        short_r = np.where(known, dues - np.minimum(shares, dues), 0)
        start = journal_start(office)  # the roll's months before the journal began cannot be told from it
        told = months >= (start if start is not None else month + 1)
        differ = pd.Series(np.where(told, short_r - short, 0)).groupby(units).sum()
        disagree = [str(u) for u in differ.index[differ.to_numpy() != 0]]
    roll = office.frame(ROLL)
    roll_owner = dict(zip(roll.index.tolist(), roll["owner"].tolist(), strict=True))
    roll_area = dict(zip(roll.index.tolist(), roll["area"].tolist(), strict=True))
    archive = office.frame(UNITS).dropna(subset=["unit"]).drop_duplicates("unit")
    archive_by = {text_of(u): rec for u, rec in zip(archive["unit"], archive.to_dict("records"), strict=True)}
    end = office.period.end
    rids, srcs, rows, fields = (cells[c].tolist() for c in ("rid", "_src", "_row", "field"))
    owes = ~known | (gots < dues)
    bounds = [0, *(np.flatnonzero(units[1:] != units[:-1]) + 1).tolist(), len(units)]
    out: list[Arrear] = []
    for lo, hi in pairwise(bounds):
        owing = [k for k in range(lo, hi) if owes[k]]
        if not owing:
            continue
        unit, first = str(units[lo]), owing[0]
        buckets = [0, 0, 0, 0]
        owed: int | None = 0
        for k in owing:
            if not known[k]:
                owed, buckets = None, [0, 0, 0, 0]
                break
            age = (end - month_start(int(months[k]))).days
            buckets[0 if age <= 30 else 1 if age <= 60 else 2 if age <= 90 else 3] += int(short[k])
            owed = (owed or 0) + int(short[k])
        rid = int(rids[hi - 1])
        rec = archive_by.get(unit, {})
        area: Any = roll_area[rid] if not pd.isna(roll_area[rid]) else rec.get("area")
        a_ok = area is not None and not pd.isna(area) and float(area) > 0
        src = office.sources[int(srcs[first])]
        out.append(Arrear(
            unit=unit, owner=text_of(roll_owner[rid]) or text_of(rec.get("owner")), phone=text_of(rec.get("phone")),
            area=float(area) if a_ok else None,
            paid_through=month_start(int(months[first - 1])) if first > lo else None,
            months=len(owing), owed=owed, buckets=(buckets[0], buckets[1], buckets[2], buckets[3]),
            days=(end - month_start(int(months[first]))).days,
            where=CellRef(src.file, src.sheet, int(rows[first]), src.columns.get(str(fields[first]))),
        ))
    out.sort(key=lambda x: (-x.days, -(x.owed or 0), x.unit))
    return out, Collection(n, receivable, paid_units, paid, unpriced, source=source, disagree=tuple(disagree))
