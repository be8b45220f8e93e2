"""Pair the fee ledger's non-cash receipts with the platforms' payments (``shared/spec/payments.md``).

The pairing, in this order, each step on what the previous ones left:

1. **references** — a receipt whose 备注 holds a platform number (微信订单号,
   商户订单号, 支付宝交易号, a bank serial, or a code the payer wrote in the
   transfer's memo) is paired with that payment outright.  Several receipts naming
   one payment are its group when their amounts sum to it; otherwise the one whose
   amount is the payment's (else the first) has it and the others *reuse* it.
2. **one to one** — same channel (微信, 支付宝, bank for 银行卡/转账), same day, same
   amount, the payment within ± the window of the ledger time (a ledger time of
   00:00 means a date only: the whole day).  Candidates are taken closest first.
3. **one to group** — one payment covering several receipts of the same unit
   within the window whose amounts sum to it (a renovation fee and deposit paid
   together).
4. A receipt still unpaired whose payment (same channel, day, amount, window) was
   taken by another receipt *reuses* it; one with no such payment is unmatched.

Ties are broken by content (times, numbers, amounts), never by row or line
position, so the same receipts and payments give the same pairs in any order.
The platform fee (手续费) never changes the amount compared.

The statements are the office's (:meth:`registers.office.load.Office.statements`, read by the
office layer); this module reads nothing from disk, and keeps its pairing among the office's
shared views, so the rules, ``registers match`` and the day and monthly reports see one pairing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from registers.core.frames import aggregate, arrow_text
from registers.core.payment_settings import CHANNEL_OF_METHOD, CHANNELS, window_minutes
from registers.core.spec import RECEIPTS
from registers.io.statements.fields import reference_tokens
from registers.io.statements.model import PAYMENT, REFUND, Statement, Statements, empty_payments

if TYPE_CHECKING:
    from registers.office.load import Office

VOID = "作废"
MAX_GROUP = 8  # receipts of one unit tried for a group payment
# the receipts' columns a reconciliation keeps (those it reads, and those its readers show; its own
# ``status`` replaces the ledger's)
LEDGER_COLUMNS = ("receipt_no", "paid_at", "unit", "item", "amount", "method", "note", "_src", "_row")

# how a receipt was paired
BY_REFERENCE = "reference"
BY_TIME = "time"
BY_GROUP = "group"

# receipt status
MATCHED = "matched"
REUSED = "reused"
UNMATCHED = "unmatched"
UNCOVERED = "uncovered"  # no statement of its channel covers its day (Statement.covers)
# payment status
UNRECORDED = "unrecorded"
REFUNDED = "refunded"  # unpaired, but refunded in full: the money did not stay
RECORDED = "recorded"  # a refund with its voided or negative receipt
OUTSIDE = "outside"  # not on a day of the period


# ---------------------------------------------------------------- the pairing itself


def _text(s: pd.Series) -> pd.Series:
    return s.astype("string").fillna("").astype(str)


def _arrow_text(s: pd.Series) -> pa.Array:
    return pc.fill_null(pa.array(s.astype("string").array), "")


def receipt_order(r: pd.DataFrame) -> pd.Series:
    """A rank of each receipt by content: time, number, unit, amount, note (never its row).

    Sorted by Arrow (stable; text by code point, as Python compares it; nulls — no time — last).
    """
    keys = pa.table({
        "t": pa.array(r["paid_at"].to_numpy(dtype="datetime64[us]"), pa.timestamp("us")),
        "no": _arrow_text(r["receipt_no"]), "u": _arrow_text(r["unit"]),
        "a": pa.array(r["amount"].astype("int64").to_numpy()), "n": _arrow_text(r["note"]),
    })
    order = pc.sort_indices(keys, sort_keys=[(k, "ascending") for k in ("t", "no", "u", "a", "n")]).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return pd.Series(rank, index=r.index)


def payment_order(p: pd.DataFrame) -> pd.Series:
    """A rank of each payment by content: time, platform numbers, amount (never its file line)."""
    keys = pd.DataFrame({
        "t": p["at"], "o": _text(p["order_no"]), "m": _text(p["merchant_no"]), "a": p["amount"].astype("int64"),
        "pf": _text(p["platform"]), "c": _text(p["counterparty"]), "x": _text(p["text"]),
    }, index=p.index)
    ordered = keys.sort_values(["t", "o", "m", "a", "pf", "c", "x"], kind="stable").index
    return pd.Series(np.arange(len(ordered)), index=ordered).reindex(p.index)


def _greedy(cand: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """One-to-one pairs from candidate (rid, pid) rows, best first by ``by``."""
    cand = cand.sort_values(by, kind="stable")
    used_r: set[Any] = set()
    used_p: set[Any] = set()
    keep = []
    for i, rid, pid in zip(range(len(cand)), cand["rid"].to_numpy(), cand["pid"].to_numpy(), strict=True):
        if rid in used_r or pid in used_p:
            continue
        used_r.add(rid)
        used_p.add(pid)
        keep.append(i)
    return cand.iloc[keep]


def _candidates(r: pd.DataFrame, p: pd.DataFrame, window: pd.Timedelta, *, amount: bool = True) -> pd.DataFrame:
    """Receipt × payment rows of the same channel and day (and amount), within the window or date-only."""
    on = ["channel", "day", "amount"] if amount else ["channel", "day"]
    left = r[["channel", "day", "amount", "paid_at", "date_only", "r_ord", "unit"]].assign(rid=r.index)
    right = p[["channel", "day", "amount", "at", "p_ord"]].assign(pid=p.index)
    if not amount:
        right = right.rename(columns={"amount": "p_amount"})
    c = left.merge(right, on=on, how="inner")
    dist = (c["at"] - c["paid_at"]).abs()
    c["dist"] = dist.where(~c["date_only"], pd.Timedelta(0))
    return c[c["date_only"] | (dist <= window)]


@dataclass
class Pairing:
    """What :func:`pair` decided for each receipt (index = the receipts' index)."""

    pid: pd.Series  # the payment paired (Int64, NA when none)
    how: pd.Series  # reference / time / group (NA when none)
    reused: pd.Series  # the payment another receipt has, which this one also claims (Int64, NA)

    def pairs(self) -> set[tuple[Any, Any]]:
        ok = self.pid.notna()
        return set(zip(self.pid.index[ok], self.pid[ok].astype("int64"), strict=True))


def prepare_receipts(r: pd.DataFrame) -> pd.DataFrame:
    """Receipts with ``channel``, ``day``, ``date_only``, ``refs`` and ``r_ord`` for :func:`pair`.

    Needs ``receipt_no``, ``paid_at``, ``unit``, ``amount`` (fen), ``method`` and ``note``.
    """
    out = r.copy(deep=False)  # copy-on-write: the new columns stay in this copy
    # the method's channel, looked up with Arrow's hash set (NaN for a method that is not a platform's)
    at = pc.index_in(arrow_text(out["method"]), value_set=pa.array(list(CHANNEL_OF_METHOD), pa.string()))
    channel = pa.array(list(CHANNEL_OF_METHOD.values()), pa.string()).take(at)
    out["channel"] = pd.Series(pd.array(channel, dtype=pd.StringDtype("pyarrow", na_value=np.nan)), index=out.index)
    out["day"] = out["paid_at"].dt.normalize()
    out["date_only"] = (out["paid_at"] == out["day"]).fillna(False).astype(bool)
    # each distinct note read for references once; rows without a note share one empty tuple
    codes, notes = pd.factorize(out["note"])
    refs = np.empty(len(notes) + 1, dtype=object)
    for i, v in enumerate(notes):
        refs[i] = reference_tokens(v)
    refs[-1] = ()
    out["refs"] = pd.Series(refs[codes], index=out.index, dtype=object)  # code -1 (no note): the last
    out["amount"] = out["amount"].astype("int64")
    out["r_ord"] = receipt_order(out)
    return out


def prepare_payments(p: pd.DataFrame) -> pd.DataFrame:
    out = p.copy()
    out["day"] = out["at"].dt.normalize()
    out["p_ord"] = payment_order(out)
    return out


def pair(receipts: pd.DataFrame, payments: pd.DataFrame, window_minutes: int) -> Pairing:
    """Pair prepared receipts (:func:`prepare_receipts`) with prepared payments (:func:`prepare_payments`).

    ``payments`` holds payments only (no refunds); both frames keep their index as ids.
    """
    window = pd.Timedelta(minutes=window_minutes)
    pid = pd.Series(pd.NA, index=receipts.index, dtype="Int64")
    how = pd.Series(pd.NA, index=receipts.index, dtype="string")
    reused = pd.Series(pd.NA, index=receipts.index, dtype="Int64")
    taken: set[Any] = set()
    if payments.empty or receipts.empty:
        return Pairing(pid, how, reused)  # nothing to pair (an office that keeps no statements)

    # 1. references
    rr = receipts[["refs", "r_ord", "amount"]].assign(rid=receipts.index).explode("refs").dropna(subset=["refs"])
    pr = payments[["refs", "p_ord"]].assign(pid=payments.index).explode("refs").dropna(subset=["refs"])
    if len(rr) and len(pr):
        amounts: dict[Any, int] = {k: int(v) for k, v in payments["amount"].items()}
        claims = rr.merge(pr, on="refs").sort_values(["r_ord", "p_ord"]).drop_duplicates("rid")
        for p_id, group in claims.sort_values(["p_ord", "r_ord"]).groupby("pid", sort=False):
            members = group.sort_values("r_ord")
            total = int(members["amount"].sum())
            want = amounts[p_id]
            if len(members) == 1 or total == want:
                keep = list(members["rid"])
            else:
                exact = members[members["amount"] == want]
                keep = [(exact if len(exact) else members)["rid"].iloc[0]]
            for rid in members["rid"]:
                if rid in keep:
                    pid[rid], how[rid] = p_id, BY_REFERENCE
                else:
                    reused[rid] = p_id
            taken.add(p_id)

    slim = receipts[["channel", "day", "amount", "paid_at", "date_only", "r_ord", "unit"]]  # what _candidates reads

    def free_r() -> pd.DataFrame:
        return slim[(pid.isna() & reused.isna()).to_numpy(dtype=bool)]

    def free_p() -> pd.DataFrame:
        return payments[~payments.index.isin(list(taken))]

    # 2. one to one
    cand = _candidates(free_r(), free_p(), window)
    if len(cand):
        chosen = _greedy(cand, ["date_only", "dist", "r_ord", "p_ord"])
        for rid, p_id in zip(chosen["rid"], chosen["pid"], strict=True):
            pid[rid], how[rid] = p_id, BY_TIME
            taken.add(p_id)

    # 3. one payment, several receipts of one unit
    cand = _candidates(free_r(), free_p(), window, amount=False)
    cand = cand[cand["unit"].notna()]
    if len(cand):
        used: set[Any] = set()
        for p_id, group in cand.sort_values(["p_ord", "r_ord"]).groupby("p_ord", sort=True):
            p_id = group["pid"].iloc[0]
            want = int(group["p_amount"].iloc[0])
            for _, members in group.groupby("unit", sort=True):
                members = members[~members["rid"].isin(list(used))].sort_values("r_ord").head(MAX_GROUP)
                found = _subset(list(members["rid"]), list(members["amount"].astype("int64")), want)
                if found:
                    for rid in found:
                        pid[rid], how[rid] = p_id, BY_GROUP
                        used.add(rid)
                    taken.add(p_id)
                    break

    # 4. a payment already taken, claimed again
    rest = free_r()
    claimed = payments[payments.index.isin(list(taken))]
    cand = _candidates(rest, claimed, window)
    if len(cand):
        first = cand.sort_values(["rid", "date_only", "dist", "p_ord"]).drop_duplicates("rid")
        reused[first["rid"].to_numpy()] = first["pid"].to_numpy()
    return Pairing(pid, how, reused)


def _subset(ids: list[Any], amounts: list[int], want: int) -> list[Any] | None:
    """The largest run of receipts (all, else fewer, in order) of at least two whose amounts sum to ``want``."""
    for size in range(len(ids), 1, -1):
        for combo in combinations(range(len(ids)), size):
            if sum(amounts[i] for i in combo) == want:
                return [ids[i] for i in combo]
    return None


# ---------------------------------------------------------------- the office's reconciliation


@dataclass
class Reconciliation:
    """Receipts, payments and refunds of the period with what became of each.

    ``receipts``: the live non-cash receipts of the period (index = the receipts frame's
    index) with ``channel``, ``status`` (matched / reused / unmatched / uncovered),
    ``pid``, ``how`` and ``claimed`` (the payment a reused receipt claims).
    ``payments``: every payment and refund read (index = pid) with ``status``
    (matched / unrecorded / refunded / recorded / outside) and ``receipt_nos``.
    ``uncovered``: (channel, day) of the period with non-cash receipts and no
    statement of that channel covering it (complete, or only its summary disagreeing),
    with ``count``, ``amount`` and ``rid`` (its first receipt).
    """

    statements: list[Statement]
    receipts: pd.DataFrame
    payments: pd.DataFrame
    uncovered: pd.DataFrame
    window_minutes: int = 30
    meta: dict[str, Any] = field(default_factory=dict)

    def statement(self, pid: Any) -> Statement:
        return self.statements[int(self.payments.loc[pid, "stmt"])]


def keeps_statements(office: Office) -> bool:
    """Whether the office folder holds any platform statement.  An office that holds none is not reconciled
    with the platforms: no receipt is paired, every one is uncovered, and no payment rule has anything to say."""
    return bool(office.statements().statements)


def reconcile(office: Office) -> Reconciliation:
    """The office's reconciliation for its period (computed once per loaded office, kept among its shared views)."""
    return office.shared("payments.reconciliation", lambda: reconcile_frames(
        office.frame(RECEIPTS), office.statements(), office.period.start, office.period.end,
        window_minutes(office.settings)))


def reconcile_frames(receipts: pd.DataFrame, statements: Statements, start: date, end: date,
                     window: int = 30) -> Reconciliation:
    """:func:`reconcile` on plain frames: the ledger's receipts frame and the statements read."""
    first, after = pd.Timestamp(start), pd.Timestamp(end) + pd.Timedelta(days=1)
    r = receipts
    live = (r["status"] != VOID).fillna(True).astype(bool)
    in_period = ((r["paid_at"] >= first) & (r["paid_at"] < after)).fillna(False).astype(bool)
    noncash = r["method"].isin(list(CHANNEL_OF_METHOD)).fillna(False).astype(bool)
    known = r["amount"].notna() & r["paid_at"].notna()
    positive = known & (r["amount"].fillna(0) > 0)
    # the columns the pairing and its readers use: a year of receipts is filtered, not every column of it
    ledger = prepare_receipts(r.loc[(live & in_period & noncash & positive).to_numpy(dtype=bool),
                                    [c for c in r.columns if c in LEDGER_COLUMNS]])

    p_all = statements.payments if len(statements.payments) else empty_payments()
    p_all = prepare_payments(p_all)
    pays = p_all[p_all["kind"] == PAYMENT]
    result = pair(ledger, pays, window)

    covered = _covered(statements.statements)
    if covered:
        covered_days = pd.MultiIndex.from_tuples(sorted((c, pd.Timestamp(d)) for c, d in covered))
        is_covered = pd.Series(pd.MultiIndex.from_arrays([ledger["channel"].astype(object), ledger["day"]])
                               .isin(covered_days), index=ledger.index, dtype=bool)
    else:
        is_covered = pd.Series(False, index=ledger.index, dtype=bool)
    # each receipt's status worked out as a small code (comparing 140,000 Python strings costs more)
    code = np.zeros(len(ledger), dtype=np.int8)  # 0 unmatched
    code[result.reused.notna().to_numpy(dtype=bool)] = 1
    code[result.pid.notna().to_numpy(dtype=bool)] = 2
    code[(code == 0) & ~is_covered.to_numpy(dtype=bool)] = 3
    status = pd.Series(np.array([UNMATCHED, REUSED, MATCHED, UNCOVERED], dtype=object)[code], index=ledger.index)
    ledger = ledger.assign(status=status, pid=result.pid, how=result.how, claimed=result.reused)

    # refunds: a voided receipt of the refunded payment, or a negative receipt of the refund
    refunds = p_all[p_all["kind"] == REFUND]
    recorded = _recorded_refunds(r[noncash & known] if len(refunds) else r.iloc[:0], refunds, pays, window)

    day = p_all["day"]
    p_in = ((day >= first) & (day < after)).fillna(False).astype(bool)
    paired = set(ledger["pid"].dropna().astype("int64"))
    refunded_total = refunds.groupby(["platform", "order_no"])["amount"].sum()
    full = pd.Series(
        [refunded_total.get((pf, o), 0) >= a if o else False
         for pf, o, a in zip(p_all["platform"], p_all["order_no"], p_all["amount"], strict=True)],
        index=p_all.index, dtype=bool,
    )
    pstatus = pd.Series(OUTSIDE, index=p_all.index, dtype=object)
    is_pay = p_all["kind"] == PAYMENT
    pstatus[is_pay & p_all.index.isin(list(paired))] = MATCHED
    pstatus[is_pay & ~p_all.index.isin(list(paired)) & full & p_in] = REFUNDED
    pstatus[is_pay & ~p_all.index.isin(list(paired)) & ~full & p_in] = UNRECORDED
    pstatus[~is_pay & p_in] = UNRECORDED
    pstatus[~is_pay & p_in & p_all.index.isin(list(recorded))] = RECORDED
    nos = ledger[ledger["pid"].notna()].groupby("pid")["receipt_no"].agg(
        lambda s: "、".join(sorted(str(x) for x in s)))
    p_all = p_all.assign(status=pstatus, receipt_nos=pd.Series(nos.to_dict(), dtype=object).reindex(p_all.index))

    unc = ledger.loc[code == 3, ["channel", "day", "amount", "r_ord"]]
    by_day = unc.groupby(["channel", "day"], sort=True)
    days = aggregate(by_day, count=("amount", "size"), amount=("amount", "sum"))
    days["rid"] = by_day["r_ord"].idxmin()  # the day's first receipt by content
    return Reconciliation(statements.statements, ledger, p_all, days.reset_index(), window)


def _covered(statements: Iterable[Statement]) -> set[tuple[str, date]]:
    return {(s.channel, d) for s in statements if s.covers for d in s.days()}


def _recorded_refunds(r: pd.DataFrame, refunds: pd.DataFrame, pays: pd.DataFrame, window: int) -> set[Any]:
    """Refund ids recorded in the ledger: by a negative receipt of the refund, or a voided receipt of its payment."""
    if refunds.empty:
        return set()
    neg = r[(r["amount"] < 0) & (r["status"] != VOID).fillna(True)].copy()
    neg["amount"] = -neg["amount"]
    void = r[(r["status"] == VOID).fillna(False) & (r["amount"] > 0)]
    out: set[Any] = set()
    win = pd.Timedelta(minutes=window)

    # a negative receipt: same channel and day as the refund, its amount, or naming it
    if len(neg):
        ledger = prepare_receipts(neg)
        refs = refunds.assign(p_ord=payment_order(refunds))
        found = pair(ledger, refs, window).pid.dropna()
        out |= set(found.astype("int64"))
    # a voided receipt: the refunded payment's channel, day and amount (or the refund's amount)
    if len(void):
        ledger = prepare_receipts(void)
        orig = pays[["platform", "order_no", "at", "day", "amount"]].rename(
            columns={"at": "p_at", "day": "p_day", "amount": "p_amount"})
        rf = refunds.reset_index(names="fid").merge(orig, on=["platform", "order_no"], how="left")
        rf = rf[rf["order_no"] != ""]
        c = ledger.assign(rid=ledger.index).merge(rf, left_on=["channel", "day"], right_on=["channel", "p_day"])
        ok = (c["amount_x"] == c["p_amount"]) | (c["amount_x"] == c["amount_y"])
        near = c["date_only"] | ((c["p_at"] - c["paid_at"]).abs() <= win)
        named = pd.Series([bool(set(a) & set(b)) for a, b in zip(c["refs_x"], c["refs_y"], strict=True)],
                          index=c.index, dtype=bool)
        c = c[(ok & near) | named].assign(pid=lambda d: d["fid"], dist=0)
        if len(c):
            chosen = _greedy(c.assign(r_ord=c["r_ord"], p_ord=0), ["r_ord", "fid"])
            out |= set(chosen["fid"])
    return out


def platform_totals(recon: Reconciliation, start: date, end: date) -> pd.DataFrame:
    """Per channel over the days ``start``–``end``: platform ``received``, ``refunded`` and ``fees`` (fen).

    For the day close and the monthly statement (ledger vs platform vs difference).
    """
    p = recon.payments
    first, after = pd.Timestamp(start), pd.Timestamp(end) + pd.Timedelta(days=1)
    p = p[(p["at"] >= first) & (p["at"] < after)]
    out = pd.DataFrame(index=pd.Index(CHANNELS, name="channel"))
    out["received"] = p[p["kind"] == PAYMENT].groupby("channel")["amount"].sum()
    out["refunded"] = p[p["kind"] == REFUND].groupby("channel")["amount"].sum()
    out["fees"] = p.groupby("channel")["fee"].sum()
    return out.fillna(0).astype("int64")


def statement_days(recon: Reconciliation, *, complete_only: bool = True) -> set[tuple[str, date]]:
    """The (channel, day) pairs the statements read cover: by complete statements only, or by any statement,
    complete or not, when ``complete_only`` is false.  (The pairing counts a day as covered by a statement
    whose only fault is its summary too: :attr:`Statement.covers`.)"""
    return {(s.channel, d) for s in recon.statements if s.complete or not complete_only for d in s.days()}
