"""The day close (日结): what came in, what was handed over, what is still open, what went wrong today.

:func:`compute_day` works on a checked :class:`~registers.check.Report` whose
period is the one day.  Money is in fen.  The cash figures use the same views
as the ``fee.*`` rules (``fee_helpers.receipts``): voided receipts are not
money, cashiers are compared without spaces, and a receipt whose payment
method is empty or unreadable counts as cash — exactly as ``fee.not-cleared``
counts it — with the cashier's line marked *unsure* (the rule does not judge
such a day).  Difference = handed over − expected: negative means cash is short.

The non-cash receipts against the platform statements are checked in
:mod:`registers.reports.day.platforms`; this module computes the rest and puts the day together.
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
from registers.reports.day.platforms import PlatformDay, UnpaidReceipt, UnrecordedPayment, noncash_check
from registers.reports.rows import cell_ref, moment, records
from registers.views.common import tenths_of_hours, unreadable
from registers.views.fees import CASH, all_receipt_series, day_of, flag, format_receipt_no, receipts
from registers.views.roll import fee_source

if TYPE_CHECKING:
    from registers.check import Report
    from registers.history.store import FindingState, RunDiff, StoredFinding
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
    # where the property fee's arrears and 收缴率 come from (registers.views.roll.fee_source): "receipts", "roll"
    # or "both"; the close says it where the office keeps a fee roll
    fee_source: str = "receipts"

    def fee_source_note(self, lang: str) -> str:
        """The sentence naming the source, for an office that keeps a fee roll; "" otherwise."""
        from registers.i18n import word

        if self.fee_source == "receipts":
            return ""
        return word("fee_source", lang, source=word(f"fee_source:{self.fee_source}", lang))

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
            cashier=text_of(first["cashier"]),
            receipts=len(mine),
            expected_cash=int(as_cash["amount"].fillna(0).sum()),
            handed=int(hands["cash_handed"].fillna(0).sum()),
            channels=channels,
            noncash_declared=int(declared.sum()) if len(declared) else None,
            handed_at=moment(times.max()) if len(times) else None,
            unsure=unsure,
            has_handover=len(hands) > 0,
            where=cell_ref(office, first, "cash_handed" if len(hands) else "cashier"),
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
            receipt_no=text_of(row["receipt_no"]), cashier=text_of(row["cashier"]), unit=text_of(row["unit"]),
            item=text_of(row["item"]), method=text_of(row["method"]), amount=int(row["amount"]),
            reported=row["cashier_key"] in reported, where=cell_ref(office, row, "amount"),
        )
        for row in records(r)
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
            series=text_of(prefix),
            first=format_receipt_no(text_of(prefix), lo, width),
            last=format_receipt_no(text_of(prefix), hi, last_width),
            used=len(group), void=int(r.loc[group.index, "void"].sum()),
            missing=(hi - lo + 1) - known,
            where=cell_ref(office, r.loc[first_idx], "receipt_no"),
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
    for row in records(rows.sort_values("reported_at")):
        overdue = bool(row["overdue_now"])
        deadline = row["complete_by"] if overdue else row["dispatch_by"]
        out.append(OpenRepair(
            repair_id=text_of(row["repair_id"]), reported_at=moment(row["reported_at"]),
            address=text_of(row["address"]), content=text_of(row["content"]), resident=text_of(row["resident"]),
            phone=text_of(row["phone"]),
            problem="overdue" if overdue else "not-dispatched", deadline=moment(deadline),
            hours_late=tenths_of_hours(as_of - pd.Timestamp(deadline)),
            where=cell_ref(office, row, "completed_at" if overdue else "dispatched_at"),
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
    for row in records(rows):
        d = moment(row["due"])
        late = d is not None and pd.Timestamp(d) < as_of
        out.append(KeyOut(
            key_id=text_of(row["key_id"]), out_at=moment(row["out_at"]), borrower=text_of(row["borrower"]),
            department=text_of(row["department"]), purpose=text_of(row["purpose"]), due=d, overdue=late,
            hours_late=tenths_of_hours(as_of - pd.Timestamp(d)) if late and d else 0.0,
            where=cell_ref(office, row, "returned_at"),
        ))
    return out


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
        fee_source=fee_source(office),
    )


