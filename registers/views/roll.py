"""The fee roll (``fee_ledger.roll``) and the bills (``fee_ledger.bills``) as one row per unit, item and month.

A roll sheet holds a row per unit and a column per month (see ``shared/spec/fee-roll.md``).  The
rules (:mod:`registers.rules.roll`) and the arrears of the monthly report compare it with the receipts
journal month by month, so both are brought to the same long shape here, once per office:

* :func:`roll_cells` — per roll row and month column: what the cell says (paid an amount, paid in
  full, unpaid, not billed), what was due that month, and where the cell is;
* :func:`receipt_months` — per receipt and month it pays for: its share of the amount, in fen;
* :func:`bill_months` — per bill and month it bills: its share of the amount due.

Items are compared as :func:`item_key`\\s: choice keys, with the everyday names of the property fee
(物业费, 物管费, 管理费) taken as 物业服务费.  A roll without an item column takes its item from the
sheet's name or title (one sheet per item), else it is the property fee.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from registers.core.frames import arrow_text, text_of
from registers.core.spec import BILLS, RECEIPTS, ROLL, SCHEDULE, normalise_choice
from registers.core.values.money import ROLL_FULL, ROLL_NONE
from registers.views.fees import choice_key, day_of, receipts, round_half_up, unit_areas

if TYPE_CHECKING:
    from registers.office.load import Office

PROPERTY_FEE = "物业服务费"
# everyday names of the property fee, as choice keys (Traditional is made Simplified by normalise_choice)
_PROPERTY_NAMES = ("物业服务费", "物业费", "物管费", "物业管理费", "管理费", "managementfee", "propertyfee")
MONTH_FIELDS = tuple(f"m{m:02d}" for m in range(1, 13))
DUE_FIELDS = tuple(f"d{m:02d}" for m in range(1, 13))

# what a month cell says
PAID = "paid"  # an amount (may be less than due: part paid)
FULL = "full"  # 已缴 / √: paid in full at the amount due
UNPAID = "unpaid"  # empty, 0, 未缴
NONE = "none"  # - / 空置: not billed


def item_key(text: str | None) -> str | None:
    """An item name as compared across registers: its choice key, the property fee's names as one."""
    if text is None:
        return None
    key = normalise_choice(text)
    if not key:
        return None
    return normalise_choice(PROPERTY_FEE) if key in _PROPERTY_NAMES else key


def item_keys(values: pd.Series) -> pd.Series:
    """:func:`item_key` of a column (computed once per distinct name, on Arrow's dictionary of the names)."""
    prop = normalise_choice(PROPERTY_FEE)
    return choice_key(values, then=lambda k: prop if k in _PROPERTY_NAMES else k)


def _sheet_item(office: Office, src: int) -> str:
    """The item a roll sheet without an item column is about: a schedule item its name or title names
    (the longest), else the property fee."""
    source = office.sources[src]
    evidence = normalise_choice(source.sheet + " " + source.title)
    names = [text_of(v) for v in office.frame(SCHEDULE)["item"].dropna().unique()]
    named = sorted((n for n in names if n and normalise_choice(n) in evidence), key=len, reverse=True)
    if named:
        return named[0]
    return PROPERTY_FEE


def ym(year: int, month: int) -> int:
    """A month as one number (year × 12 + month − 1), as the long frames keep it."""
    return year * 12 + month - 1


def roll_cells(office: Office) -> pd.DataFrame:
    """Per roll row and month column present in its sheet: ``rid`` (the roll frame's row), ``unit``,
    ``item`` (the name shown), ``item_key``, ``ym`` (:func:`ym`), ``field`` (``m01``…), ``state`` (:data:`PAID`,
    :data:`FULL`, :data:`UNPAID`, :data:`NONE`), ``paid`` (fen; for FULL the amount due; NA when not known),
    ``due`` (fen; NA when not known), ``_src`` and ``_row``."""
    return office.shared("roll.cells", lambda: _roll_cells(office))


def _due_each_month(office: Office, roll: pd.DataFrame, items: pd.Series) -> pd.Series:
    """A row's amount due per month when its months' own due columns are empty: its 月应收, else area (the
    roll's, else the owner archive's) × its rate, else × the schedule's price for its item (按户: the price)."""
    due = roll["due"].astype("Float64")
    area = roll["area"].astype("Float64")
    area = area.fillna(unit_areas(office, roll["unit"]))
    by_rate = pd.Series(round_half_up((area * roll["rate"].astype("Float64")).to_numpy(dtype=float, na_value=np.nan)),
                        index=roll.index)
    due = due.fillna(by_rate.where(by_rate.notna()))
    sched = office.frame(SCHEDULE)
    if len(sched) and due.isna().any():
        # the price in force now for each item (a roll's price by month is its rate; the schedule is the fallback)
        s = sched.assign(_key=item_keys(sched["item"])).dropna(subset=["_key", "unit_price"])
        s = s.sort_values("valid_from", na_position="first").drop_duplicates("_key", keep="last")
        price = items.map(dict(zip(s["_key"], s["unit_price"], strict=True)))
        per_unit = items.map(dict(zip(s["_key"], s["basis"].isin(("按户", "按次")), strict=True))).fillna(False)
        # (a metered item, 按用量, has no amount due from the schedule: its price is per m³ or kWh, not per m²)
        per_area = items.map(dict(zip(s["_key"], s["basis"] == "按面积", strict=True))).fillna(False)
        price = price.astype("Float64")
        fee = pd.Series(round_half_up((area * price).to_numpy(dtype=float, na_value=np.nan)), index=roll.index)
        fee = fee.where(per_area.astype(bool)).where(~per_unit.astype(bool), price)
        due = due.fillna(fee.where(fee.notna()))
    return due.round().astype("Int64")


def _roll_cells(office: Office) -> pd.DataFrame:
    roll = office.frame(ROLL)
    columns = ["rid", "unit", "item", "item_key", "ym", "field", "state", "paid", "due", "_src", "_row"]
    roll = roll[roll["unit"].notna().to_numpy(dtype=bool)]
    if not len(roll):
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    srcs = roll["_src"].to_numpy(dtype=np.int64)
    sources = {int(s): office.sources[int(s)] for s in np.unique(srcs)}
    item = row_items(office, roll)
    keys = item_keys(pd.Series(item, dtype="string"))
    row_due = _due_each_month(office, roll, keys)
    year_of = {s: src.year or office.period.start.year for s, src in sources.items()}
    years = np.array([year_of[int(s)] for s in srcs], dtype=np.int64) if len(sources) > 1 else \
        np.full(len(roll), next(iter(year_of.values())), dtype=np.int64)
    months = [m for m in range(1, 13) if any(MONTH_FIELDS[m - 1] in src.columns for src in sources.values())]
    n, k = len(roll), len(months)
    # the month columns side by side, then read as one: row i's month j is at j * n + i
    cells = pd.concat([roll[MONTH_FIELDS[m - 1]] for m in months], ignore_index=True).astype("string")
    dues = pd.concat([roll[DUE_FIELDS[m - 1]].astype("Int64").fillna(row_due) for m in months], ignore_index=True)
    has = np.concatenate([np.isin(srcs, [s for s, src in sources.items() if MONTH_FIELDS[m - 1] in src.columns])
                          for m in months])
    full = (cells == ROLL_FULL).fillna(False).to_numpy(dtype=bool)
    none = (cells == ROLL_NONE).fillna(False).to_numpy(dtype=bool)
    amount = pd.to_numeric(cells.where(~(full | none)), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    unpaid = ~full & ~none & (np.isnan(amount) | (amount == 0))
    state = np.where(full, FULL, np.where(none, NONE, np.where(unpaid, UNPAID, PAID)))
    due = dues.array
    values = np.where(unpaid | none, 0.0, amount)  # NaN left: the FULL cells, which were paid their due
    paid = pd.array(np.round(np.nan_to_num(values)).astype(np.int64), dtype="Int64")
    paid[np.isnan(values)] = pd.NA
    paid[full] = due[full]
    out = pd.DataFrame({
        "rid": np.tile(roll.index.to_numpy(), k), "unit": np.tile(roll["unit"].to_numpy(), k),
        "item": np.tile(item.to_numpy(), k), "item_key": np.tile(keys.to_numpy(), k),
        "ym": np.tile(years * 12, k) + np.repeat(np.array(months, dtype=np.int64) - 1, n),
        "field": np.repeat(np.array([MONTH_FIELDS[m - 1] for m in months], dtype=object), n), "state": state,
        "paid": paid, "due": due, "_src": np.tile(srcs, k), "_row": np.tile(roll["_row"].to_numpy(), k),
    })
    if not has.all():
        out = out[has]
    return out.reset_index(drop=True)


def _spread(amount: np.ndarray, first: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each amount over its ``count`` months from ``first`` (a :func:`ym`), in whole fen, the remainder on the
    first months: (row index, month, share)."""
    count = np.maximum(count, 1)
    idx = np.repeat(np.arange(len(amount)), count)
    offset = np.arange(len(idx)) - np.repeat(np.cumsum(count) - count, count)
    base = np.floor_divide(amount, count)
    rest = amount - base * count
    share = base[idx] + (offset < rest[idx]).astype(np.int64)
    return idx, first[idx] + offset, share


def receipt_months(office: Office) -> pd.DataFrame:
    """Per receipt of an item the roll keeps (not voided, paid by the as-of moment, with a unit and an amount)
    and month it pays for: ``rid`` (the receipts frame's row), ``unit``, ``item_key``, ``ym``, ``share`` (fen),
    ``receipt_no``.  (Only the roll's items: the receipts are spread over their months to be compared with
    it, and a year's parking and water receipts need not be.)

    The months: from 所属期间's first month (else the month paid), 月数 of them (else the period's length, else
    one); the amount is spread evenly over them, whole fen."""
    return office.shared("roll.receipt_months", lambda: _receipt_months(office))


def _paying_receipts(office: Office) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """The receipts :func:`receipt_months` spreads (columns unit, amount, receipt_no, paid_at, item_key), each
    spread over its months: (receipts, row of each share, its month, its fen); worked out once for both
    :func:`receipt_months` and :func:`received_by_month`."""
    return office.shared("roll.paying_receipts", lambda: _spread_receipts(office))


def _spread_receipts(office: Office) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    r = receipts(office)
    kept = [k for k in roll_cells(office)["item_key"].dropna().unique().tolist() if k]
    keys = item_keys(r["item"])
    ok = (~r["void"] & r["unit"].notna() & keys.isin(kept).fillna(False).astype(bool) & r["amount"].notna()
          & (r["paid_at"] <= pd.Timestamp(office.as_of)).fillna(False).astype(bool))
    # only the columns used: filtering the whole frame takes every column of 200,000 receipts
    r = r[["unit", "amount", "receipt_no", "paid_at", "period_start", "months", "period_months"]].assign(
        item_key=keys)
    r = r[ok.to_numpy(dtype=bool)]
    start = r["period_start"].where(r["period_start"].notna(), day_of(r["paid_at"]))
    months = r["months"].astype("Float64").fillna(r["period_months"].astype("Float64")).fillna(1.0)
    count = np.maximum(np.round(months.to_numpy(dtype="float64")), 1).astype(np.int64)
    first = (start.dt.year * 12 + start.dt.month - 1).to_numpy(dtype=np.int64)
    idx, month, share = _spread(r["amount"].to_numpy(dtype=np.int64), first, count)
    return r, idx, month, share


def _receipt_months(office: Office) -> pd.DataFrame:
    r, idx, month, share = _paying_receipts(office)
    return pd.DataFrame({
        "rid": r.index.to_numpy()[idx], "unit": _take_text(r["unit"], idx),
        "item_key": _take_text(r["item_key"], idx), "ym": month, "share": share,
        "receipt_no": _take_text(r["receipt_no"], idx),
    })


def received_by_month(office: Office) -> pd.DataFrame:
    """:func:`receipt_months` summed per unit, item and month: ``unit``, ``item_key``, ``ym``, ``received``
    (fen), ``last_paid`` (when the last of them was paid).  Summed on numbers (the texts numbered once in
    Arrow), not on a frame of 400,000 texts: a year's receipts in a few hundredths of a second."""
    return office.shared("roll.received_by_month", lambda: _received_by_month(office))


def _received_by_month(office: Office) -> pd.DataFrame:
    r, idx, month, share = _paying_receipts(office)
    columns = {"unit": pd.Series(dtype="str"), "item_key": pd.Series(dtype="str"), "ym": pd.Series(dtype="int64"),
               "received": pd.Series(dtype="int64"), "last_paid": pd.Series(dtype="datetime64[us]")}
    if not len(idx):
        return pd.DataFrame(columns)
    units = pc.dictionary_encode(arrow_text(r["unit"]))
    items = pc.dictionary_encode(arrow_text(r["item_key"]))
    n_items, low = len(items.dictionary), int(month.min())
    span = int(month.max()) - low + 1
    u = units.indices.to_numpy(zero_copy_only=False).astype(np.int64)[idx]
    i = items.indices.to_numpy(zero_copy_only=False).astype(np.int64)[idx]
    key = (u * n_items + i) * span + (month - low)  # (unit, item, month) numbered densely, in that order
    paid = r["paid_at"].to_numpy(dtype="datetime64[us]")[idx].astype(np.int64)  # (NaT: the least number)
    groups, received, last = _sum_and_latest(key, share, paid, len(units.dictionary) * n_items * span)
    gu, rest = np.divmod(groups, n_items * span)
    gi, gm = np.divmod(rest, span)
    nat = last == np.iinfo(np.int64).min
    return pd.DataFrame({
        "unit": pd.Series(units.dictionary.take(pa.array(gu)), dtype="str"),
        "item_key": pd.Series(items.dictionary.take(pa.array(gi)), dtype="str"),
        "ym": gm + low, "received": received,
        "last_paid": pd.Series(np.where(nat, np.datetime64("NaT"), last.astype("datetime64[us]")),
                               dtype="datetime64[us]"),
    })


def _sum_and_latest(key: np.ndarray, share: np.ndarray, moment: np.ndarray,
                    size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per key present (``0 <= key < size``), in key order: the key, the sum of its ``share`` and the latest of
    its ``moment`` (int64).  Counted in a table of all keys where it is not much longer than the keys, else
    after one sort."""
    if not len(key):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    if size <= 4 * len(key) + 1_000_000:
        present = np.flatnonzero(np.bincount(key, minlength=size))
        sums = np.bincount(key, weights=share.astype(np.float64), minlength=size)[present].round().astype(np.int64)
        latest = np.full(size, np.iinfo(np.int64).min)
        np.maximum.at(latest, key, moment)
        return present, sums, latest[present]
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.flatnonzero(np.concatenate(([True], sorted_key[1:] != sorted_key[:-1])))
    return (sorted_key[starts], np.add.reduceat(share[order], starts).astype(np.int64),
            np.maximum.reduceat(moment[order], starts))


def journal_start(office: Office) -> int | None:
    """The first month (:func:`ym`) the receipts journal covers: the month of its first receipt paid (not voided,
    by the as-of moment); ``None`` without one.  A roll's months before it cannot be told from the receipts."""
    r = receipts(office)
    paid = r["paid_at"][(~r["void"] & (r["paid_at"] <= pd.Timestamp(office.as_of))).fillna(False).astype(bool)]
    if not len(paid):
        return None
    first = paid.min()
    return ym(first.year, first.month)


def _take_text(values: pd.Series, idx: np.ndarray) -> pd.Series:
    """``values.to_numpy()[idx]`` as the ``str`` column a frame makes of it, taken in Arrow: a text column of
    the receipts journal is not turned into Python strings and back (0.15 s on the benchmark's 200,000)."""
    return pd.Series(values.array.take(idx), dtype="string").astype("str")


def bill_months(office: Office) -> pd.DataFrame:
    """Per bill and month it bills: ``bid`` (the bills frame's row), ``unit``, ``item_key``, ``ym``, ``share``
    (fen of the amount due).  A bill without a period bills the period being checked's first month; its item
    is its own, else the sheet's (name or title), else the property fee."""
    return office.shared("roll.bill_months", lambda: _bill_months(office))


def row_items(office: Office, rows: pd.DataFrame) -> pd.Series:
    """Each roll or bill row's item name: its own, else its sheet's (:func:`_sheet_item`)."""
    srcs = rows["_src"].to_numpy()
    sheet_items = {int(s): _sheet_item(office, int(s)) for s in np.unique(srcs)}
    fallback = pd.Series([sheet_items[int(s)] for s in srcs], index=rows.index, dtype="object")
    return rows["item"].astype("object").where(rows["item"].notna(), fallback)


def bill_months_count(bills: pd.DataFrame) -> np.ndarray:
    """Each bill's number of months: 月数, else its period's length, else one."""
    months = bills["months"].astype("Float64").fillna(bills["period_months"].astype("Float64")).fillna(1.0)
    out: np.ndarray = np.maximum(np.round(months.to_numpy(dtype="float64")), 1).astype(np.int64)
    return out


def _bill_months(office: Office) -> pd.DataFrame:
    b = office.frame(BILLS)
    b = b[(b["unit"].notna() & b["amount_due"].notna()).to_numpy(dtype=bool)]
    start = b["period_start"].fillna(pd.Timestamp(office.period.start))
    first = (start.dt.year * 12 + start.dt.month - 1).to_numpy(dtype=np.int64)
    idx, month, share = _spread(b["amount_due"].to_numpy(dtype=np.int64), first, bill_months_count(b))
    return pd.DataFrame({
        "bid": b.index.to_numpy()[idx], "unit": b["unit"].to_numpy()[idx],
        "item_key": item_keys(pd.Series(row_items(office, b), dtype="string")).to_numpy()[idx],
        "ym": month, "share": share,
    })


def month_start(value: int) -> date:
    """A :func:`ym` as the first day of its month."""
    return date(value // 12, value % 12 + 1, 1)


def describe_month(value: int) -> str:
    """A :func:`ym` as ``2026-03``."""
    return f"{value // 12:04d}-{value % 12 + 1:02d}"


# where the property fee's arrears and 收缴率 come from (the monthly statement, the day close, ``check``)
FROM_RECEIPTS = "receipts"  # the receipts journal × the owner archive × the schedule (no roll for the property fee)
FROM_ROLL = "roll"  # the fee roll (and the bills for what is due), no receipts journal
FROM_BOTH = "both"  # the roll's figures, cross-checked with the receipts journal


def property_cells(office: Office) -> pd.DataFrame:
    """:func:`roll_cells` of the property fee (物业服务费 and its everyday names)."""
    cells = roll_cells(office)
    if not len(cells):
        return cells
    out: pd.DataFrame = cells[(cells["item_key"] == item_key(PROPERTY_FEE)).fillna(False).to_numpy(dtype=bool)]
    return out


def fee_source(office: Office) -> str:
    """Where the property fee's arrears and 收缴率 come from: :data:`FROM_ROLL`, :data:`FROM_BOTH` (a roll for
    the property fee and a receipts journal) or :data:`FROM_RECEIPTS` (no roll for the property fee)."""
    if not len(property_cells(office)):
        return FROM_RECEIPTS
    return FROM_BOTH if office.sources_of(RECEIPTS) else FROM_ROLL
