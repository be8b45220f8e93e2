"""The day close (日结): what came in, what was handed over, what is still open, what went wrong today.

:func:`compute_day` works on a checked :class:`~registers.check.Report` whose
period is the one day.  Money is in fen.  The cash figures use the same views
as the ``fee.*`` rules (``fee_helpers.receipts``): voided receipts are not
money, cashiers are compared without spaces, and a receipt whose payment
method is empty or unreadable counts as cash — exactly as ``fee.not-cleared``
counts it — with the cashier's line marked *unsure* (the rule does not judge
such a day).  Difference = handed over − expected: negative means cash is short.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from registers.core.findings import CellRef, Finding, Severity
from registers.core.frames import person_key, text_of
from registers.core.spec import HANDOVER, LEDGER, METHODS, REPAIRS
from registers.views.common import tenths_of_hours, unreadable
from registers.views.fees import CASH, all_receipt_series, day_of, flag, format_receipt_no, receipts

if TYPE_CHECKING:
    from registers.check import Report
    from registers.history import FindingState, RunDiff, StoredFinding
    from registers.office.load import Office

# The ledger's non-cash payment methods (微信 支付宝 银行卡 转账): the day close's columns per cashier.  Not the
# platform channels of registers.core.payment_settings.CHANNELS, which a statement is read for.
NONCASH_METHODS: tuple[str, ...] = tuple(m for m in METHODS if m != CASH)


@dataclass(frozen=True)
class CashierDay:
    cashier: str
    receipts: int  # receipts that are money (not voided) that day
    expected_cash: int  # cash receipts (and receipts of unknown method), fen
    handed: int  # 现金上交 of the day's 日结上交 rows
    channels: dict[str, int]  # non-cash by channel
    noncash_declared: int | None  # 非现金合计 written on the handover rows
    handed_at: datetime | None
    unsure: bool  # an unreadable amount or method: the rule does not judge this line
    has_handover: bool
    where: CellRef | None  # the first handover row, else the first receipt

    @property
    def difference(self) -> int:
        return self.handed - self.expected_cash

    @property
    def noncash(self) -> int:
        return sum(self.channels.values())

    @property
    def total(self) -> int:
        return self.expected_cash + self.noncash


@dataclass(frozen=True)
class LargeReceipt:
    receipt_no: str
    cashier: str
    unit: str
    item: str
    method: str
    amount: int
    reported: bool
    where: CellRef


@dataclass(frozen=True)
class ReceiptRange:
    series: str  # the prefix ("NO.", "" for plain numbers)
    first: str
    last: str
    used: int  # numbers used that day (voided ones too)
    void: int
    missing: int  # numbers between first and last not in the ledger at all
    where: CellRef


@dataclass(frozen=True)
class OpenRepair:
    repair_id: str
    reported_at: datetime | None
    address: str
    content: str
    resident: str
    phone: str  # to call the resident back: masked (138****8000) unless personal data is shown
    problem: str  # "not-dispatched" | "overdue"
    deadline: datetime | None
    hours_late: float
    where: CellRef


@dataclass(frozen=True)
class KeyOut:
    key_id: str
    out_at: datetime | None
    borrower: str
    department: str
    purpose: str
    due: datetime | None
    overdue: bool
    hours_late: float
    where: CellRef


@dataclass(frozen=True)
class DayFinding:
    finding: Finding
    state: str | None  # "new" | "open" | None (no history)
    since: date | None


# whether the platform statements cover a channel's day (:class:`PlatformDay`)
COVERED = "covered"  # a complete statement of the channel covers the day
INCOMPLETE = "incomplete"  # only a statement that is cut off or does not add up covers it
NO_STATEMENT = "none"  # no statement of the channel covers the day


@dataclass(frozen=True)
class PlatformDay:
    """One platform channel (微信, 支付宝, 银行 = 银行卡 + 转账) of the day: the ledger against the statement.

    ``ledger``: the day's live non-cash receipts of the channel (not voided, amount above zero) — the
    receipts the statements are matched against.  ``received``: the platform's payments that day, gross
    (refunds and the fee 手续费 not taken off); ``refunded`` and ``fees`` are shown beside it.
    Difference = ledger − received: positive, the ledger records money the platform did not receive;
    negative, the platform received money the ledger does not record.  No difference when no statement
    covers the day.
    """

    channel: str
    ledger: int
    receipts: int
    received: int
    payments: int
    refunded: int
    fees: int
    coverage: str  # COVERED | INCOMPLETE | NO_STATEMENT

    @property
    def difference(self) -> int | None:
        return None if self.coverage == NO_STATEMENT else self.ledger - self.received


@dataclass(frozen=True)
class UnpaidReceipt:
    """A non-cash receipt of the day no platform payment pays (``unmatched``), or whose payment pays another
    receipt already (``reused``)."""

    receipt_no: str
    channel: str
    method: str
    amount: int
    paid_at: datetime | None
    status: str  # "unmatched" | "reused"
    claimed: str  # the order number of the payment a reused receipt claims
    where: CellRef


@dataclass(frozen=True)
class UnrecordedPayment:
    """A platform payment (or refund) of the day with no receipt (or no voided / negative receipt)."""

    channel: str
    kind: str  # "payment" | "refund"
    file: str
    sheet: str
    line: int
    order_no: str
    amount: int
    fee: int
    at: datetime | None
    status: str  # "unrecorded" | "refunded" (a payment refunded in full) — refunds: "unrecorded"
    where: CellRef


@dataclass
class DayClose:
    office_name: str
    day: date
    as_of: datetime
    tolerance: int
    large_limit: int
    cashiers: list[CashierDay] = field(default_factory=list)
    large: list[LargeReceipt] = field(default_factory=list)
    ranges: list[ReceiptRange] = field(default_factory=list)
    repairs: list[OpenRepair] = field(default_factory=list)
    keys: list[KeyOut] = field(default_factory=list)
    findings: list[DayFinding] = field(default_factory=list)
    resolved: list[StoredFinding] = field(default_factory=list)
    history: str | None = None  # "recorded", "off", or the reason it could not be used
    previous_as_of: datetime | None = None
    platforms: list[PlatformDay] = field(default_factory=list)  # 微信, 支付宝, 银行
    unpaid: list[UnpaidReceipt] = field(default_factory=list)
    unrecorded: list[UnrecordedPayment] = field(default_factory=list)
    statements: int = 0  # platform statements found in the office folder (0: the office does not reconcile)

    @property
    def totals(self) -> dict[str, int]:
        t = {"expected_cash": 0, "handed": 0, "difference": 0, "noncash": 0, "total": 0, "receipts": 0}
        t.update({c: 0 for c in NONCASH_METHODS})
        for c in self.cashiers:
            t["expected_cash"] += c.expected_cash
            t["handed"] += c.handed
            t["difference"] += c.difference
            t["noncash"] += c.noncash
            t["total"] += c.total
            t["receipts"] += c.receipts
            for ch in NONCASH_METHODS:
                t[ch] += c.channels.get(ch, 0)
        return t

    def severity_counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.finding.severity.label] += 1
        return out

    @property
    def exit_status(self) -> int:
        return 1 if any(f.finding.severity is Severity.ERROR for f in self.findings) else 0

    def cleared(self, c: CashierDay) -> bool:
        return abs(c.difference) <= self.tolerance


# ---------------------------------------------------------------- helpers


def _text(v: Any) -> str:
    return text_of(v)


def _moment(v: Any) -> datetime | None:
    if v is None or v is pd.NaT or (not isinstance(v, datetime) and pd.isna(v)):
        return None
    return pd.Timestamp(v).to_pydatetime()


def _where(office: Office, row: Any, field_name: str | None) -> CellRef:
    src = office.sources[int(row["_src"])]
    return CellRef(src.file, src.sheet, int(row["_row"]), src.columns.get(field_name) if field_name else None)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]


# ---------------------------------------------------------------- the parts


def cashier_days(office: Office, day: date) -> list[CashierDay]:
    """Per cashier: the day's receipts by payment method against the 日结上交 rows of that day."""
    stamp = pd.Timestamp(day)
    r = receipts(office)
    r = r[(r["day"] == stamp).fillna(False).astype(bool) & ~r["void"] & r["cashier_key"].notna()]
    r = r.sort_values(["_src", "_row"])
    h = office.frame(HANDOVER).copy()
    h["day"] = day_of(h["date"])
    h["cashier_key"] = person_key(h["cashier"])
    h = h[(h["day"] == stamp).fillna(False).astype(bool) & h["cashier_key"].notna()].sort_values(["_src", "_row"])

    keys = list(dict.fromkeys([*r["cashier_key"].tolist(), *h["cashier_key"].tolist()]))
    # each cashier's rows and takings per channel, split once (not filtered again per cashier)
    r_of = dict(tuple(r.groupby("cashier_key", sort=False))) if len(r) else {}
    h_of = dict(tuple(h.groupby("cashier_key", sort=False))) if len(h) else {}
    platform = r[r["method"].isin(list(NONCASH_METHODS)).fillna(False).astype(bool)]
    taken = platform.assign(a=platform["amount"].fillna(0)).groupby(["cashier_key", "method"])["a"].sum()
    out: list[CashierDay] = []
    for key in keys:
        mine = r_of.get(key, r.iloc[:0])
        hands = h_of.get(key, h.iloc[:0])
        as_cash = mine[mine["cash"] | mine["method"].isna()]
        unsure = bool((as_cash["method"].isna() | as_cash["amount"].isna()).any()) or \
            bool(hands["cash_handed"].isna().any())
        channels = {ch: int(taken.get((key, ch), 0)) for ch in NONCASH_METHODS}
        declared = hands["noncash_total"].dropna()
        name_src = hands if len(hands) else mine
        first = {name: name_src[name].iloc[0] for name in ("cashier", "_src", "_row")}
        times = hands["handed_at"].dropna()
        out.append(CashierDay(
            cashier=_text(first["cashier"]),
            receipts=len(mine),
            expected_cash=int(as_cash["amount"].fillna(0).sum()),
            handed=int(hands["cash_handed"].fillna(0).sum()),
            channels=channels,
            noncash_declared=int(declared.sum()) if len(declared) else None,
            handed_at=_moment(times.max()) if len(times) else None,
            unsure=unsure,
            has_handover=len(hands) > 0,
            where=_where(office, first, "cash_handed" if len(hands) else "cashier"),
        ))
    out.sort(key=lambda c: c.cashier)
    return out


def large_receipts(office: Office, day: date) -> list[LargeReceipt]:
    """Receipts of the day of at least the large amount, any method, and whether the cashier reported them."""
    limit = office.settings.limits.large_receipt_fen
    stamp = pd.Timestamp(day)
    r = receipts(office)
    r = r[(r["day"] == stamp).fillna(False).astype(bool) & ~r["void"]]
    r = r[flag((r["amount"] >= limit).astype("boolean"))].sort_values(["_src", "_row"])
    h = office.frame(HANDOVER)
    ok = (day_of(h["date"]) == stamp).fillna(False).astype(bool) & flag(h["large_reported"])
    reported = set(person_key(h.loc[ok, "cashier"]).dropna())
    return [
        LargeReceipt(
            receipt_no=_text(row["receipt_no"]), cashier=_text(row["cashier"]), unit=_text(row["unit"]),
            item=_text(row["item"]), method=_text(row["method"]), amount=int(row["amount"]),
            reported=row["cashier_key"] in reported, where=_where(office, row, "amount"),
        )
        for row in _records(r)
    ]


def receipt_ranges(office: Office, day: date) -> list[ReceiptRange]:
    """The receipt numbers used that day, per series (``fee_helpers.receipt_series``), voided ones included."""
    r = receipts(office)
    s = all_receipt_series(office)
    if s.empty:
        return []
    today = s[(r.loc[s.index, "day"] == pd.Timestamp(day)).fillna(False).astype(bool).to_numpy()]
    out: list[ReceiptRange] = []
    for prefix, group in today.groupby("prefix", sort=True, dropna=False):
        lo, hi = int(group["n"].min()), int(group["n"].max())
        series = s[(s["prefix"] == prefix).fillna(False).astype(bool)]
        known = int(((series["n"] >= lo) & (series["n"] <= hi)).sum())
        first_idx = group["n"].idxmin()
        width = int(group.loc[first_idx, "width"])
        last_width = int(group.loc[group["n"].idxmax(), "width"])
        out.append(ReceiptRange(
            series=_text(prefix),
            first=format_receipt_no(_text(prefix), lo, width),
            last=format_receipt_no(_text(prefix), hi, last_width),
            used=len(group), void=int(r.loc[group.index, "void"].sum()),
            missing=(hi - lo + 1) - known,
            where=_where(office, r.loc[first_idx], "receipt_no"),
        ))
    return out


def open_repairs(office: Office) -> list[OpenRepair]:
    """Repairs reported by the close and still open then, past the dispatch or the completion limit."""
    rep = office.frame(REPAIRS)
    if rep.empty:
        return []
    lim = office.settings.limits
    as_of = pd.Timestamp(office.as_of)
    reported = rep["reported_at"] <= as_of
    not_done = (rep["completed_at"].isna() | (rep["completed_at"] > as_of)) & \
        ~unreadable(office, REPAIRS, rep, "completed_at")
    not_sent = (rep["dispatched_at"].isna() | (rep["dispatched_at"] > as_of)) & \
        ~unreadable(office, REPAIRS, rep, "dispatched_at")
    dispatch_by = rep["reported_at"] + pd.Timedelta(minutes=lim.repair_dispatch_minutes)
    complete_by = rep["appointment"] + pd.Timedelta(hours=lim.repair_complete_hours)
    late_done = flag((not_done & (complete_by < as_of)).astype("boolean"))
    late_sent = flag((not_sent & (dispatch_by < as_of)).astype("boolean"))
    rows = rep[flag(reported.astype("boolean")) & (late_done | late_sent)].copy()
    rows["overdue_now"] = late_done[rows.index]
    rows["dispatch_by"] = dispatch_by[rows.index]
    rows["complete_by"] = complete_by[rows.index]
    out: list[OpenRepair] = []
    for row in _records(rows.sort_values("reported_at")):
        overdue = bool(row["overdue_now"])
        deadline = row["complete_by"] if overdue else row["dispatch_by"]
        out.append(OpenRepair(
            repair_id=_text(row["repair_id"]), reported_at=_moment(row["reported_at"]),
            address=_text(row["address"]), content=_text(row["content"]), resident=_text(row["resident"]),
            phone=_text(row["phone"]),
            problem="overdue" if overdue else "not-dispatched", deadline=_moment(deadline),
            hours_late=tenths_of_hours(as_of - pd.Timestamp(deadline)),
            where=_where(office, row, "completed_at" if overdue else "dispatched_at"),
        ))
    return out


def keys_out(office: Office) -> list[KeyOut]:
    """Keys lent by the close and not back then; overdue when past 预计归还时间 (or out + the limit)."""
    led = office.frame(LEDGER)
    if led.empty:
        return []
    as_of = pd.Timestamp(office.as_of)
    due = led["due_at"].fillna(led["out_at"] + pd.Timedelta(hours=office.settings.limits.key_return_hours))
    out_now = (led["out_at"] <= as_of) & (led["returned_at"].isna() | (led["returned_at"] > as_of))
    out_now = flag(out_now.astype("boolean")) & ~unreadable(office, LEDGER, led, "returned_at")
    rows = led[out_now].assign(due=due[out_now]).sort_values("out_at")
    out: list[KeyOut] = []
    for row in _records(rows):
        d = _moment(row["due"])
        late = d is not None and pd.Timestamp(d) < as_of
        out.append(KeyOut(
            key_id=_text(row["key_id"]), out_at=_moment(row["out_at"]), borrower=_text(row["borrower"]),
            department=_text(row["department"]), purpose=_text(row["purpose"]), due=d, overdue=late,
            hours_late=tenths_of_hours(as_of - pd.Timestamp(d)) if late and d else 0.0,
            where=_where(office, row, "returned_at"),
        ))
    return out


def noncash_check(office: Office, day: date) -> tuple[list[PlatformDay], list[UnpaidReceipt],
                                                      list[UnrecordedPayment], int]:
    """The day's non-cash receipts against the platform statements (``registers.views.payments.reconcile``).

    Per channel (微信, 支付宝, 银行): the ledger, what the platform received, refunded and charged, and
    whether a statement covers the day; then the receipts no payment pays and the platform payments
    (and refunds) no receipt records.  On a covered channel, ledger − received is exactly the unpaid
    receipts' amounts less the unrecorded payments' (unless a receipt names a payment of another
    amount or another day).
    """
    from registers.core.payment_settings import CHANNELS as PLATFORM_CHANNELS
    from registers.io.statements import PAYMENT
    from registers.views.payments import (
        RECEIPTS,
        REFUNDED,
        REUSED,
        UNMATCHED,
        UNRECORDED,
        platform_totals,
        reconcile,
        statement_days,
    )

    recon = reconcile(office)
    totals = platform_totals(recon, day, day)
    complete = statement_days(recon)
    touched = statement_days(recon, complete_only=False)
    r = recon.receipts
    r = r[(r["day"] == pd.Timestamp(day)).fillna(False).astype(bool)]
    p = recon.payments
    stamp = pd.Timestamp(day)
    p_day = p[((p["at"] >= stamp) & (p["at"] < stamp + pd.Timedelta(days=1))).fillna(False).astype(bool)]
    by_channel: dict[Any, dict[Any, Any]] = totals.to_dict("index")
    platforms: list[PlatformDay] = []
    for ch in PLATFORM_CHANNELS:
        mine = r[r["channel"] == ch]
        pays = p_day[(p_day["channel"] == ch) & (p_day["kind"] == PAYMENT)]
        coverage = COVERED if (ch, day) in complete else INCOMPLETE if (ch, day) in touched else NO_STATEMENT
        platforms.append(PlatformDay(
            channel=ch, ledger=int(mine["amount"].sum()), receipts=len(mine),
            received=int(by_channel[ch]["received"]), payments=len(pays),
            refunded=int(by_channel[ch]["refunded"]), fees=int(by_channel[ch]["fees"]), coverage=coverage,
        ))

    frame = office.frame(RECEIPTS)
    unpaid: list[UnpaidReceipt] = []
    listed = r[r["status"].isin([UNMATCHED, REUSED])].sort_values("r_ord")
    for rid, row in zip(listed.index.tolist(), _records(listed), strict=True):
        claimed = ""
        if row["status"] == REUSED and not pd.isna(row["claimed"]):
            q = p.loc[int(row["claimed"])]
            claimed = str(q["order_no"] or q["merchant_no"] or "")
        unpaid.append(UnpaidReceipt(
            receipt_no=_text(row["receipt_no"]), channel=str(row["channel"]), method=_text(row["method"]),
            amount=int(row["amount"]), paid_at=_moment(row["paid_at"]), status=str(row["status"]), claimed=claimed,
            where=_where(office, frame.loc[rid], "amount"),
        ))
    is_pay = p_day["kind"] == PAYMENT
    loose = p_day[(is_pay & p_day["status"].isin([UNRECORDED, REFUNDED]))
                  | (~is_pay & (p_day["status"] == UNRECORDED))]
    unrecorded = [
        UnrecordedPayment(
            channel=str(row["channel"]), kind=str(row["kind"]), file=str(row["file"]), sheet=str(row["sheet"]),
            line=int(row["line"]), order_no=str(row["order_no"] or row["merchant_no"] or row["refund_no"] or ""),
            amount=int(row["amount"]), fee=int(row["fee"]), at=_moment(row["at"]), status=str(row["status"]),
            where=CellRef(str(row["file"]), str(row["sheet"]), int(row["line"]), None),
        )
        for _, row in loose.sort_values(["at", "file", "line"], kind="stable").iterrows()
    ]
    return platforms, unpaid, unrecorded, len(recon.statements)


def day_findings(findings: Sequence[Finding], states: Sequence[FindingState] | None) -> list[DayFinding]:
    if states is None:
        return [DayFinding(f, None, None) for f in findings]
    return [DayFinding(f, s.label, s.since) for f, s in zip(findings, states, strict=True)]


_T = TypeVar("_T")


def _shown(items: Sequence[_T], fields: Sequence[str], show_personal: bool, phone: str | None = None) -> list[_T]:
    """``items`` with the register text of ``fields`` as reports show it (phone numbers in it masked), and the
    ``phone`` field masked, unless personal data was asked for."""
    from registers.i18n import shown_phone, shown_text

    if show_personal:
        return list(items)
    out: list[_T] = []
    for x in items:
        changes: dict[str, Any] = {f: shown_text(getattr(x, f)) for f in fields}
        if phone:
            changes[phone] = shown_phone(getattr(x, phone))
        out.append(replace(x, **changes))  # type: ignore[type-var]
    return out


def compute_day(report: Report, diff: RunDiff | None = None, *, history: str | None = None,
                show_personal: bool = False) -> DayClose:
    """The day close of ``report`` (checked for one day) with the history's view of its findings.

    Phone numbers are masked in it (the repair's phone column, and any inside register text)
    unless ``show_personal``; names are kept."""
    office = report.office
    day = office.period.start
    if office.period.end != day:
        raise ValueError("the day close needs a report checked for one day")
    p = show_personal
    platforms, unpaid, unrecorded, n_statements = noncash_check(office, day)
    return DayClose(
        office_name=office.settings.office, day=day, as_of=office.as_of,
        tolerance=office.settings.limits.tolerance_fen, large_limit=office.settings.limits.large_receipt_fen,
        cashiers=_shown(cashier_days(office, day), ("cashier",), p),
        large=_shown(large_receipts(office, day), ("receipt_no", "cashier", "unit", "item", "method"), p),
        ranges=receipt_ranges(office, day),
        repairs=_shown(open_repairs(office), ("repair_id", "address", "content", "resident"), p, phone="phone"),
        keys=_shown(keys_out(office), ("key_id", "borrower", "department", "purpose"), p),
        findings=day_findings(report.findings, diff.states if diff else None),
        resolved=list(diff.resolved) if diff else [],
        history=history, previous_as_of=diff.previous_as_of if diff else None,
        platforms=platforms, unpaid=_shown(unpaid, ("receipt_no",), p), unrecorded=unrecorded, statements=n_statements,
    )


