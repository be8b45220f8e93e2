"""The monthly report's arrears of 物业服务费 and its collection rate: which units owe for which months, by age.

It stands apart from the money movements of :mod:`registers.reports.monthly.compute`: it reads the
owner archive, the schedule's prices and the receipts' periods paid for, not the cash of the month.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from registers.core.frames import text_of
from registers.core.spec import SCHEDULE, UNITS
from registers.reports.monthly.model import PROPERTY_ITEM, Arrear, Collection
from registers.reports.monthly.roll_arrears import FROM_RECEIPTS, fee_source, roll_arrears
from registers.reports.rows import cell_ref
from registers.views.fees import choice_key, day_of, receipts, unit_areas

if TYPE_CHECKING:
    from registers.office.load import Office


def add_months(d: date, n: int) -> date:
    k = d.year * 12 + d.month - 1 + n
    return date(k // 12, k % 12 + 1, 1)


def _property_price(office: Office) -> pd.DataFrame:
    s = office.frame(SCHEDULE)
    keys = choice_key(s["item"])
    rows = s[(keys == choice_key(pd.Series([PROPERTY_ITEM])).iloc[0]).fillna(False).astype(bool)]
    priced: pd.DataFrame = rows[rows["unit_price"].notna()]
    return priced


def _price_for(prices: pd.DataFrame, month: date) -> int | None:
    stamp = pd.Timestamp(month)
    ok = (prices["valid_from"].isna() | (day_of(prices["valid_from"]) <= stamp)) & \
        (prices["valid_to"].isna() | (day_of(prices["valid_to"]) >= stamp))
    hit = prices[ok.fillna(False).astype(bool)].sort_values("valid_from", na_position="first")
    return int(hit["unit_price"].iloc[-1]) if len(hit) else None


def _round_fen(v: float) -> int:
    return int(np.floor(round(v, 6) + 0.5))


def paid_through(office: Office) -> dict[str, date]:
    """Per unit, the first day of the last month its 物业服务费 is paid for (receipts paid by the month's end)."""
    r = receipts(office)
    key = choice_key(pd.Series([PROPERTY_ITEM])).iloc[0]
    r = r[(choice_key(r["item"]) == key).fillna(False).astype(bool) & ~r["void"] & r["unit"].notna()
          & (r["paid_at"] <= pd.Timestamp(office.period.end_dt)).fillna(False).astype(bool)]
    # per receipt: the first month paid for (所属期间, else the day paid), and how many (月数, else the
    # period's length, else one; rounded half to even, at least one) — on the columns, then the last per unit
    start = r["period_start"].where(r["period_start"].notna(), r["paid_at"])
    months = r["months"].astype("Float64").fillna(r["period_months"].astype("Float64")).fillna(1.0)
    count = np.maximum(np.round(months.to_numpy(dtype="float64")), 1).astype(np.int64)
    last = (start.dt.year * 12 + start.dt.month - 1).to_numpy(dtype=np.int64) + count - 1
    units = [text_of(u) for u in r["unit"].tolist()]
    through = pd.Series(last).groupby(pd.Series(units)).max()
    return {str(unit): date(int(k) // 12, int(k) % 12 + 1, 1) for unit, k in through.items()}


def arrears(office: Office, start: date) -> tuple[list[Arrear], Collection]:
    """Units of the owner archive whose 物业服务费 is paid through a month before the report month.

    A unit with no 物业服务费 receipt at all owes from the first month of the books (``start``).
    The amount owed for a month is the schedule's price in force on its first day × the unit's area,
    rounded to the fen; its age is the days from that first day to the report month's last day.

    An office that keeps a fee roll for the property fee has its arrears and rate from the roll instead
    (:mod:`registers.reports.monthly.roll_arrears`), cross-checked with the receipts when it keeps both;
    :attr:`Collection.source` says which.
    """
    source = fee_source(office)
    if source != FROM_RECEIPTS:
        return roll_arrears(office, source)
    month = office.period.start
    prices = _property_price(office)
    through = paid_through(office)
    units = office.frame(UNITS).dropna(subset=["unit"]).drop_duplicates("unit")
    area = unit_areas(office, units["unit"])
    price_now = _price_for(prices, month)
    out: list[Arrear] = []
    n = receivable = paid_units = paid = unpriced = 0
    for (_, row), a in zip(units.iterrows(), area, strict=True):
        unit = text_of(row["unit"])
        a_ok = not pd.isna(a) and float(a) > 0
        last = through.get(unit)
        if a_ok and price_now is not None:
            due = _round_fen(float(a) * price_now)
            n += 1
            receivable += due
            if last is not None and last >= month:
                paid_units += 1
                paid += due
        else:
            unpriced += 1
        if last is not None and last >= month:
            continue
        first = add_months(last, 1) if last is not None else min(start, month)
        months_owed: list[date] = []
        m = first
        while m <= month:
            months_owed.append(m)
            m = add_months(m, 1)
        buckets = [0, 0, 0, 0]
        owed: int | None = 0
        for m in months_owed:
            p = _price_for(prices, m)
            if not a_ok or p is None:
                owed = None
                break
            fee = _round_fen(float(a) * p)
            age = (office.period.end - m).days
            buckets[0 if age <= 30 else 1 if age <= 60 else 2 if age <= 90 else 3] += fee
            owed = (owed or 0) + fee
        if owed is None:
            buckets = [0, 0, 0, 0]
        rec = {str(k): v for k, v in row.items()}
        out.append(Arrear(
            unit=unit, owner=text_of(rec.get("owner")), phone=text_of(rec.get("phone")),
            area=float(a) if a_ok else None, paid_through=last,
            months=len(months_owed), owed=owed, buckets=(buckets[0], buckets[1], buckets[2], buckets[3]),
            days=(office.period.end - months_owed[0]).days if months_owed else 0,
            where=cell_ref(office, rec, "unit"),
        ))
    out.sort(key=lambda x: (-x.days, -(x.owed or 0), x.unit))
    return out, Collection(n, receivable, paid_units, paid, unpriced)
