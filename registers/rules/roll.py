"""``fee.roll-*`` and ``fee.bill-*`` — the fee roll (收费台账, by unit × month) and the bills (应收清单) against
the receipts journal and the posted fee schedule (4.8.1, 4.8.2; ``shared/spec/fee-roll.md``).

Everything is compared per unit, item and month, as :mod:`registers.views.roll` lays the registers out: a roll
cell (what the roll says was paid for that month), the receipts' shares of that month (a receipt for three
months pays a third of its amount in each), a bill's amount due.  A roll finding points at the month's cell
of the unit's row.  A roll cell that could not be read is already ``input.bad-value`` and is not judged
again here.  Amounts may differ by the ``roll_tolerance`` setting (per month compared).

A finding belongs to the period of the day its disagreement arose, like every other finding: the month's first
day, or the day the last receipt involved was paid when that is later (a November receipt for October that the
roll leaves out is November's); a bill's, its first month's.  So a month checked alone shows its own, and a
receipt paid today for an old month shows in today's day close.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from registers.core.findings import Finding, Suggestion, Write, cell_text
from registers.core.frames import arrow_text
from registers.core.rule import rule
from registers.core.spec import BILLS, FEE_LEDGER, RECEIPTS, ROLL, SCHEDULE, UNITS
from registers.core.values.money import yuan
from registers.views.fees import PER_AREA, QUANTITY_ONE, as_int, round_half_up, unit_areas
from registers.views.roll import (
    FULL,
    NONE,
    PAID,
    UNPAID,
    bill_months_count,
    describe_month,
    item_keys,
    journal_start,
    month_start,
    receipt_months,
    received_by_month,
    roll_cells,
    row_items,
    ym,
)

if TYPE_CHECKING:
    from registers.office.load import Office

REGISTERS = (FEE_LEDGER,)
_KEY = ["unit", "item_key", "ym"]


def _tolerance(office: Office) -> int:
    return office.settings.limits.roll_tolerance_fen


def _fen(value: Any) -> Any:
    """A fen amount for a message (``—`` when not known)."""
    return "—" if value is None or pd.isna(value) else as_int(value)


def _bad_cells(office: Office) -> set[tuple[int, int, str]]:
    """(source, row, field) of the roll cells the reader could not read (``input.bad-value``)."""
    where: dict[tuple[str | None, str | None], tuple[int, dict[str, str]]] = {(s.file, s.sheet): (i, {letter: f for f, letter in s.columns.items()})
             for i, s in office.sources_of(ROLL)}
    out: set[tuple[int, int, str]] = set()
    for f in office.bad_values(ROLL):
        if f.row is None or f.column is None:
            continue
        at = where.get((f.file, f.sheet))
        if at is not None and f.column in at[1]:
            out.add((at[0], f.row, at[1][f.column]))
    return out


def _cells(office: Office) -> pd.DataFrame:
    """:func:`roll_cells` without the cells that could not be read."""
    cells = roll_cells(office)
    bad = _bad_cells(office)
    if not bad or not len(cells):
        return cells
    keys = zip(cells["_src"].astype(int), cells["_row"].astype(int), cells["field"], strict=True)
    return cells[np.array([k not in bad for k in keys], dtype=bool)]


def _received(office: Office) -> pd.DataFrame:
    """The receipts' shares per unit, item key and month: ``received`` (fen), ``last_paid`` (the day the last of
    them was paid) — :func:`registers.views.roll.received_by_month`, built once for the three rules."""
    return received_by_month(office)


def _in(left: pd.DataFrame, right: pd.DataFrame) -> np.ndarray:
    """Whether each row of ``left`` has its unit, item and month among ``right``'s — as whole numbers (the
    texts numbered once for both), not a merge on text columns (50,000 roll cells a year)."""
    if not len(left) or not len(right):
        return np.zeros(len(left), dtype=bool)
    n = len(left)

    def codes(name: str) -> tuple[np.ndarray, int]:
        """Both sides' texts of column ``name`` numbered together in Arrow (-1: missing)."""
        enc = pc.dictionary_encode(pa.concat_arrays([arrow_text(left[name]), arrow_text(right[name])]))
        return pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64), len(enc.dictionary)

    units, _ = codes("unit")
    items, n_items = codes("item_key")
    months = np.concatenate([left["ym"].to_numpy(dtype=np.int64), right["ym"].to_numpy(dtype=np.int64)])
    months -= months.min()
    key = (units * (n_items + 1) + items) * (int(months.max()) + 1) + months
    key = np.where((units < 0) | (items < 0), -1, key)  # a missing unit or item matches nothing
    # numbered densely: looked up in a table of them all, not by sorting both sides (a year's 100,000 cells)
    dense = int(key.max()) < 50_000_000
    found: np.ndarray = np.isin(key[:n], key[n:], kind="table" if dense else None) & (key[:n] >= 0)
    return found


def _with_receipt_numbers(office: Office, cells: pd.DataFrame) -> pd.DataFrame:
    """``cells`` (the few that become findings) with ``receipts``: the numbers of the receipts paying for each
    unit, item and month, joined with 、."""
    if not len(cells):
        return cells.assign(receipts=pd.Series(dtype="object"))
    rm = receipt_months(office).merge(cells[_KEY].drop_duplicates(), on=_KEY, how="inner")
    numbers = rm.assign(receipt_no=rm["receipt_no"].astype("object").where(rm["receipt_no"].notna(), "—"))
    joined = numbers.groupby(_KEY, sort=False).agg(
        receipts=("receipt_no", lambda s: "、".join(dict.fromkeys(str(v) for v in s)))).reset_index()
    out = cells.merge(joined, on=_KEY, how="left")
    out.index = cells.index
    return out


def _arose(cells: pd.DataFrame) -> np.ndarray:
    """The day each cell's disagreement arose: its month's first day, or its last receipt's day if later."""
    months = cells["ym"].to_numpy(dtype=np.int64)
    first = (months - 1970 * 12).astype("datetime64[M]").astype("datetime64[D]")
    if "last_paid" not in cells:
        return first
    paid = pd.to_datetime(cells["last_paid"]).to_numpy(dtype="datetime64[D]")
    return np.where(~np.isnat(paid) & (paid > first), paid, first)


def _in_period(office: Office, cells: pd.DataFrame) -> pd.DataFrame:
    """The cells whose disagreement arose (:func:`_arose`) in the period being checked, with that day as ``_day``."""
    day = _arose(cells)
    start, end = np.datetime64(office.period.start, "D"), np.datetime64(office.period.end, "D")
    keep = (day >= start) & (day <= end)
    return cells[keep].assign(_day=day[keep])


def _cell_args(row: Any) -> dict[str, Any]:
    return {"unit": row["unit"], "item": row["item"], "month": describe_month(int(row["ym"]))}


def _at_cells(rule: Any, office: Office, cells: pd.DataFrame, args: Any, suggest: Any = None) -> list[Finding]:
    """One finding per roll cell of ``cells``, at that cell (its field is the month's column)."""
    out: list[Finding] = []
    for field, group in cells.sort_values(["_src", "_row"]).groupby("field", sort=True):
        out += office.findings_at(rule, ROLL, group, field=str(field),
                                  key=lambda row: row["unit"], day=lambda row: pd.Timestamp(row["_day"]).date(),
                                  args=lambda row: {**_cell_args(row), **args(row)}, suggest=suggest)
    return out


def _receipts_suggestion(office: Office) -> Callable[[Any], Suggestion]:
    """The receipts' total for a cell's unit, item and month: what the roll's cell should hold; the row's typed
    total paid moved by the same difference when it agreed with its months (so that it still does)."""
    roll, cells = office.frame(ROLL), roll_cells(office)
    summed = pd.Series(cells["paid"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan),
                       index=cells["rid"].to_numpy()).groupby(level=0).sum(min_count=1, skipna=False)

    def suggest(row: Any) -> Suggestion:
        received, before = int(row["received"]), row["paid"]
        args = {"receipts": row["receipts"], "received_fen": _fen(received)}
        writes = [Write(yuan(received))]
        total: Any = roll.at[row["rid"], "total_paid"] if "total_paid" in roll else None
        months = summed.get(row["rid"], np.nan)
        at = office.cell(roll.loc[row["rid"]], "total_paid")
        if not pd.isna(total) and not np.isnan(months) and abs(float(total) - months) <= _tolerance(office) and at:
            moved = int(total) + received - (0 if pd.isna(before) else int(before))
            writes.append(Write(yuan(moved), *at))
            return Suggestion(cell_text(yuan(received)), "suggest.roll-receipts-total",
                              {**args, "total_fen": moved}, tuple(writes))
        return Suggestion(cell_text(yuan(received)), "suggest.roll-receipts", args, tuple(writes))

    return suggest


# ---------------------------------------------------------------- 4.8.2 the roll against the receipts


@rule(
    "fee.roll-unreceipted", "4.8.2", "error",
    title={"zh-Hans": "台账有收款无收据", "zh-Hant": "台賬有收款無收據", "en": "Roll payment without a receipt"},
    message={
        "zh-Hans": "{unit} {month} {item}：收费台账记为已缴 {paid_fen}，但收费明细中没有收据覆盖这个月。",
        "zh-Hant": "{unit} {month} {item}：收費台賬記為已繳 {paid_fen}，但收費明細中沒有收據涵蓋這個月。",
        "en": "{unit} {month} {item}: the fee roll shows {paid_fen} paid, but no receipt in the receipts "
              "journal covers this month.",
    },
    registers=(*REGISTERS, UNITS),  # a month's due may be area (the owner archive's) × rate
)
def roll_unreceipted(office: Office) -> Iterable[Finding]:
    """The fee roll shows a payment (an amount, or 已缴/√) for a unit, item and month that no receipt covers.

    A receipt covers the months of its 所属期间 (else 月数 from the month paid, else the month paid); items
    are compared by name, the everyday names of the property fee (物业费, 物管费, 管理费) as 物业服务费.  Only
    when the office keeps a receipts journal, and only for months from the month of its first receipt on (a
    roll of the years before the journal began is not judged).  Voided receipts and receipts paid after the
    as-of moment cover nothing.

    No suggestion: whether a receipt is missing or the roll is wrong, the registers do not say.
    """
    if not office.has(RECEIPTS) or not office.has(ROLL):
        return []
    start = journal_start(office)
    if start is None:
        return []
    cells = _cells(office)
    paid = cells[cells["state"].isin((PAID, FULL)).to_numpy(dtype=bool)
                 & ~(cells["paid"] <= 0).fillna(False).to_numpy(dtype=bool)
                 & (cells["ym"] >= start).to_numpy(dtype=bool)]
    covered = _in(paid, _received(office))
    lone = _in_period(office, paid[~covered])
    return _at_cells(roll_unreceipted, office, lone, lambda row: {"paid_fen": _fen(row["paid"])})


@rule(
    "fee.roll-unposted", "4.8.2", "error",
    title={"zh-Hans": "收据未记入台账", "zh-Hant": "收據未記入台賬", "en": "Receipt not posted to the roll"},
    message={
        "zh-Hans": "{unit} {month} {item}：收据 {receipts} 缴了这个月 {received_fen}，收费台账这个月却未记收款。",
        "zh-Hant": "{unit} {month} {item}：收據 {receipts} 繳了這個月 {received_fen}，收費台賬這個月卻未記收款。",
        "en": "{unit} {month} {item}: receipt {receipts} paid {received_fen} for this month, but the fee roll "
              "shows nothing paid.",
    },
    registers=(*REGISTERS, UNITS),  # a month's due may be area (the owner archive's) × rate
)
def roll_unposted(office: Office) -> Iterable[Finding]:
    """A receipt pays for a unit, item and month the fee roll holds, but the roll's cell says unpaid or not billed.

    The roll holds a month when it has a row for the unit and the item and its sheet a column for that month
    of its year (the year of its title, name or month headers).  The cell is empty, 0, 未缴, or -/空置; the
    message names the receipt numbers and their share of that month.  A receipt for a month the roll does
    not hold (another year, a unit missing from the roll) is not reported here.

    Suggests the receipts' amount for that month, for the cell (and a typed 合计 that agreed with the row's
    months moved by the same, so that it still agrees).
    """
    if not office.has(ROLL):
        return []
    cells = _cells(office)
    open_ = cells[cells["state"].isin((UNPAID, NONE)).to_numpy(dtype=bool)]
    got = _received(office)
    got = got[(got["received"] > 0).to_numpy(dtype=bool)]
    hit = _in_period(office, open_.reset_index(drop=True).merge(got, on=_KEY, how="inner"))
    return _at_cells(roll_unposted, office, _with_receipt_numbers(office, hit),
                     lambda row: {"receipts": row["receipts"], "received_fen": _fen(row["received"])},
                     _receipts_suggestion(office))


@rule(
    "fee.roll-amount-mismatch", "4.8.2", "error",
    title={"zh-Hans": "台账金额与收据不符", "zh-Hant": "台賬金額與收據不符", "en": "Roll amount differs from receipts"},
    message={
        "zh-Hans": "{unit} {month} {item}：收费台账记 {paid_fen}，收据 {receipts} 这个月合计 {received_fen}，"
                   "相差 {difference_fen}。",
        "zh-Hant": "{unit} {month} {item}：收費台賬記 {paid_fen}，收據 {receipts} 這個月合計 {received_fen}，"
                   "相差 {difference_fen}。",
        "en": "{unit} {month} {item}: the fee roll shows {paid_fen}, receipt {receipts} paid {received_fen} for "
              "this month, a difference of {difference_fen}.",
    },
    settings=("roll_tolerance",),
    registers=(*REGISTERS, UNITS),  # a month's due may be area (the owner archive's) × rate
)
def roll_amount_mismatch(office: Office) -> Iterable[Finding]:
    """The roll's amount for a unit, item and month differs from the receipts' shares of that month.

    A receipt's amount is spread evenly over the months it pays for, in whole fen; the cell's amount may
    differ from their sum by ``roll_tolerance``.  已缴/√ counts as the month's amount due (its 月应收, else
    area × rate, else the schedule's price); where that is not known the cell is not compared.  A cell with
    no receipt at all is ``fee.roll-unreceipted``.

    Suggests the receipts' total for that month, for the cell (and a typed 合计 that agreed with the row's
    months moved by the same difference).
    """
    if not office.has(ROLL):
        return []
    cells = _cells(office)
    paid = cells[cells["state"].isin((PAID, FULL)).to_numpy(dtype=bool) & cells["paid"].notna().to_numpy(dtype=bool)]
    hit = paid.reset_index(drop=True).merge(_received(office), on=_KEY, how="inner")
    diff = hit["paid"].astype("int64") - hit["received"].astype("int64")
    # (the difference is put on before filtering: assigning a series to an empty frame would take its index)
    hit = hit.assign(difference=diff)
    bad = _in_period(office, hit[(diff.abs() > _tolerance(office)).to_numpy(dtype=bool)])
    return _at_cells(roll_amount_mismatch, office, _with_receipt_numbers(office, bad), lambda row: {
        "paid_fen": _fen(row["paid"]), "received_fen": _fen(row["received"]), "receipts": row["receipts"],
        "difference_fen": _fen(row["difference"]),
    }, _receipts_suggestion(office))


@rule(
    "fee.roll-total-wrong", "4.8.2", "warning",
    title={"zh-Hans": "台账合计或欠费与各月不符", "zh-Hant": "台賬合計或欠費與各月不符",
           "en": "Roll total or arrears disagrees with the months"},
    message={
        "zh-Hans": "{unit}：{field} 填的是 {typed_fen}，按各月金额应为 {expected_fen}。",
        "zh-Hant": "{unit}：{field} 填的是 {typed_fen}，按各月金額應為 {expected_fen}。",
        "en": "{unit}: {field} says {typed_fen}; the month cells give {expected_fen}.",
    },
    settings=("roll_tolerance",),
    registers=(*REGISTERS, UNITS),  # a month's due may be area (the owner archive's) × rate
)
def roll_total_wrong(office: Office) -> Iterable[Finding]:
    """A roll row's total-paid (合计 / 已缴 / 实收合计) or arrears (欠费 / 未缴) column disagrees with its month cells:
    a number typed over a formula, a SUM range that misses a month.

    Its day is the row's last month paid, a month paid ahead counting as the as-of month (undated when nothing
    is paid).  The total paid is the sum of the
    month cells, 已缴/√ counting the month's amount due (a row with a 已缴
    whose amount due is not known is not judged).  The arrears are the amount due of the billed months (not
    -/空置) less the total paid, up to any month of the year (the clerk brings it up to date month by month, and
    the whole year's is also kept); the message gives it up to the period's end or the as-of moment
    (a prepaid row's arrears may be written 0); the message gives the latter.  Differences within
    ``roll_tolerance`` are fine; a row with an unreadable cell is left to ``input.bad-value``.

    Suggests, for the total paid, the months' sum.  None for the arrears: the clerk may have brought them up
    to any month, so more than one value is right.
    """
    if not office.has(ROLL):
        return []
    roll = office.frame(ROLL)
    cells = roll_cells(office)
    if not len(cells):
        return []
    bad_rows = {(s, r) for s, r, _ in _bad_cells(office)}
    until = min(office.period.end, office.as_of.date())  # the arrears the message gives: up to the month now
    upto = ym(until.year, until.month)
    billed = (cells["state"] != NONE).to_numpy(dtype=bool)
    due = np.where(billed, cells["due"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan), 0.0)
    c = pd.DataFrame({
        "rid": cells["rid"].to_numpy(),
        "paid": cells["paid"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan),
        "due_year": due,
        "due_upto": np.where((cells["ym"] <= upto).to_numpy(dtype=bool), due, 0.0),
    })
    per = c.groupby("rid").sum(min_count=1, skipna=False)
    # what was due up to each month of the row's year, in order (the arrears a clerk wrote in any month)
    by_month = c.assign(m=cells["ym"].to_numpy() % 12).pivot_table(index="rid", columns="m", values="due_year",
                                                                   aggfunc="sum", dropna=False)
    cumulative = by_month.reindex(per.index).cumsum(axis=1).to_numpy(dtype="float64")
    rows = roll.loc[per.index]
    keep = np.array([(int(s), int(r)) not in bad_rows for s, r in zip(rows["_src"], rows["_row"], strict=True)],
                    dtype=bool)
    rows, per, cumulative = rows[keep], per[keep], cumulative[keep]
    # the row's day: its last month paid (the payment that last changed the total; a month paid ahead counts as
    # the as-of month, when it was written), else undated; a row is judged in the period holding that day
    now = ym(office.as_of.year, office.as_of.month)
    paid_months = cells[cells["state"].isin((PAID, FULL)).to_numpy(dtype=bool)].groupby("rid")["ym"].max()
    last = paid_months.reindex(rows.index).clip(upper=now)
    day = np.array([None if pd.isna(v) else month_start(int(v)) for v in last], dtype=object)
    current = np.array([d is None or office.period.start <= d <= office.period.end for d in day], dtype=bool)
    rows, per, cumulative, day = rows[current], per[current], cumulative[current], day[current]
    rows = rows.assign(_day=day)
    tol = _tolerance(office)
    total = rows["total_paid"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    summed = per["paid"].to_numpy(dtype="float64")
    wrong_total = ~np.isnan(total) & ~np.isnan(summed) & (np.abs(total - summed) > tol)
    out = office.findings_at(roll_total_wrong, ROLL, rows[wrong_total].assign(_expected=summed[wrong_total]),
                             field="total_paid", key=lambda row: row["unit"], day=lambda row: row["_day"],
                             suggest=lambda row: Suggestion.here(yuan(row["_expected"]), "suggest.roll-months",
                                                                 expected_fen=_fen(row["_expected"])),
                             args=lambda row: {
                                 "unit": row["unit"], "field": f"{ROLL}:total_paid",
                                 "typed_fen": _fen(row["total_paid"]), "expected_fen": _fen(row["_expected"])})
    arrears = rows["arrears"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    ok = np.zeros(len(rows), dtype=bool)
    known = ~np.isnan(arrears) & ~np.isnan(summed) & ~np.isnan(per["due_year"].to_numpy(dtype="float64"))
    for k in range(cumulative.shape[1]):  # up to any month of the year: the month the clerk last brought it to
        for paid in (summed, total):
            owed = cumulative[:, k] - paid
            ok |= (np.abs(arrears - owed) <= tol) | (np.abs(arrears - np.maximum(owed, 0.0)) <= tol)
    wrong = known & ~ok
    expected = per["due_upto"].to_numpy(dtype="float64") - summed
    out += office.findings_at(roll_total_wrong, ROLL, rows[wrong].assign(_expected=expected[wrong]),
                              field="arrears", key=lambda row: row["unit"], day=lambda row: row["_day"],
                              args=lambda row: {
                                  "unit": row["unit"], "field": f"{ROLL}:arrears",
                                  "typed_fen": _fen(row["arrears"]), "expected_fen": _fen(row["_expected"])})
    return out


# ---------------------------------------------------------------- 4.8.1 the bills against the schedule


@rule(
    "fee.bill-price-mismatch", "4.8.1", "error",
    title={"zh-Hans": "应收金额与收费标准不符", "zh-Hant": "應收金額與收費標準不符",
           "en": "Amount due differs from the fee schedule"},
    message={
        "zh-Hans": "{unit} {item}：应收清单开出 {amount_fen}，按标准应为 {expected_fen}（单价 {price_fen} × "
                   "数量 {quantity} × {months} 个月）。",
        "zh-Hant": "{unit} {item}：應收清單開出 {amount_fen}，按標準應為 {expected_fen}（單價 {price_fen} × "
                   "數量 {quantity} × {months} 個月）。",
        "en": "{unit} {item}: the bill says {amount_fen} due; the schedule gives {expected_fen} (unit price "
              "{price_fen} × quantity {quantity} × {months} months).",
    },
    settings=("roll_tolerance",),
    registers=(*REGISTERS, UNITS),  # a price per m² reads the unit's area in the owner archive when the bill has none
)
def bill_price_mismatch(office: Office) -> Iterable[Finding]:
    """A bill's amount due is not area × the posted price × months (错收 / 乱收 at billing time).

    The price is the fee schedule's for the bill's item (its own, else the sheet's name or title, else the
    property fee; 物业费 / 物管费 / 管理费 are 物业服务费), in force on the bill's first month (所属期间, else the
    period being checked).  The quantity is the bill's area, else the unit's 建筑面积 in the owner archive, for
    an item priced by area (按面积), and one for 按户 / 按次.  Months: 月数, else the length of 所属期间, else
    one.  Rounding to the fen per month or on the whole are both right, within ``roll_tolerance``.  A bill
    whose item is not on the schedule, or whose area is not known, or a metered item (按用量), is not judged;
    the bill's own 单价 column is not trusted.
    """
    if not office.has(BILLS) or not office.has(SCHEDULE):
        return []
    b = office.frame(BILLS)
    b = b[(b["unit"].notna() & b["amount_due"].notna()).to_numpy(dtype=bool)]
    if not len(b):
        return []
    item = row_items(office, b)
    bills = pd.DataFrame({
        "bid": b.index.to_numpy(),
        "item_key": item_keys(pd.Series(item, dtype="string")).to_numpy(),
        "day": b["period_start"].fillna(pd.Timestamp(office.period.start)).to_numpy(),
        "months": bill_months_count(b),
        "area": b["area"].astype("Float64").fillna(unit_areas(office, b["unit"]).astype("Float64"))
        .to_numpy(dtype="float64", na_value=np.nan),
        "amount": b["amount_due"].to_numpy(dtype="float64", na_value=np.nan),
    })
    s = office.frame(SCHEDULE)
    sched = pd.DataFrame({
        "item_key": item_keys(s["item"]).to_numpy(), "price": s["unit_price"].to_numpy(dtype="float64",
                                                                                       na_value=np.nan),
        "basis": s["basis"].to_numpy(), "s_from": s["valid_from"].to_numpy(), "s_to": s["valid_to"].to_numpy(),
    }).dropna(subset=["item_key", "price", "basis"])
    m = bills.merge(sched, on="item_key", how="inner")
    m = m[((m["s_from"].isna() | (m["s_from"] <= m["day"])) & (m["s_to"].isna() | (m["day"] <= m["s_to"])))
          .to_numpy(dtype=bool)]
    quantity = np.where(m["basis"].isin(QUANTITY_ONE).to_numpy(dtype=bool), 1.0,
                        np.where((m["basis"] == PER_AREA).to_numpy(dtype=bool), m["area"].to_numpy(), np.nan))
    m = m.assign(quantity=quantity)
    m = m[~np.isnan(quantity)]
    if not len(m):
        return []
    price, q, months = m["price"].to_numpy(), m["quantity"].to_numpy(), m["months"].to_numpy(dtype="float64")
    whole = round_half_up(price * q * months)
    by_month = round_half_up(price * q) * months
    amount, tol = m["amount"].to_numpy(), _tolerance(office)
    m = m.assign(ok=(np.abs(amount - whole) <= tol) | (np.abs(amount - by_month) <= tol), expected=whole)
    wrong = m[~m.groupby("bid")["ok"].transform("any").to_numpy(dtype=bool)]
    wrong = wrong.sort_values(["bid", "s_from"], ascending=[True, False], na_position="last").drop_duplicates("bid")
    wrong = wrong.set_index("bid")
    first = b.loc[wrong.index, "period_start"].fillna(pd.Timestamp(office.period.start)).dt.date
    wrong = wrong[((first >= office.period.start) & (first <= office.period.end)).to_numpy(dtype=bool)]
    rows = b.loc[wrong.index].assign(
        _item=item.loc[wrong.index].to_numpy(), _price=wrong["price"].to_numpy(),
        _quantity=wrong["quantity"].to_numpy(), _months=wrong["months"].to_numpy(),
        _expected=wrong["expected"].to_numpy())
    return office.findings_at(bill_price_mismatch, BILLS, rows, field="amount_due",
        key=lambda row: row["bill_id"] if row["bill_id"] is not None else row["unit"],
        day=lambda row: None if row["period_start"] is None or pd.isna(row["period_start"])
        else row["period_start"].date(),
        args=lambda row: {
            "unit": row["unit"], "item": row["_item"], "amount_fen": _fen(row["amount_due"]),
            "expected_fen": _fen(row["_expected"]), "price_fen": _fen(row["_price"]),
            "quantity": float(row["_quantity"]) if row["_quantity"] % 1 else int(row["_quantity"]),
            "months": int(row["_months"]),
        },
        suggest=lambda row: Suggestion.here(
            yuan(row["_expected"]), "suggest.posted-price", item=row["_item"], price_fen=_fen(row["_price"]),
            quantity=float(row["_quantity"]) if row["_quantity"] % 1 else int(row["_quantity"]),
            months=int(row["_months"])))
