"""``fee.payment-*``, ``fee.refund-unrecorded``, ``fee.statement-incomplete`` — non-cash receipts (4.8.2, 4.8.3).

The fee ledger's 微信 / 支付宝 / 银行卡 / 转账 receipts are checked against the
statements the office downloads from the platforms (``shared/spec/payments.md``).
The statements are found anywhere in the office folder by their header line; the
pairing is :func:`registers.views.payments.reconcile`.  Ledger-side findings
point at the receipt's cell and carry the receipt number; platform-side findings
point at the statement file and line and carry the platform's order or serial
number.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from registers.core.findings import CellRef, Finding, Suggestion, Write
from registers.core.frames import moment
from registers.core.payment_settings import CHANNEL_OF_METHOD
from registers.core.rule import Rule, rule
from registers.core.spec import RECEIPTS
from registers.io.statements.model import Statement
from registers.views.fees import as_date, as_int
from registers.views.payments import (
    MATCHED,
    REUSED,
    UNMATCHED,
    UNRECORDED,
    Reconciliation,
    keeps_statements,
    reconcile,
    statement_days,
)

if TYPE_CHECKING:
    from registers.office.load import Office

REGISTERS = ("fee_ledger",)
NO_COVER = "statement-no-cover"  # a fee.statement-incomplete reason (the i18n catalogue words it)



def _receipt_rows(office: Office, recon: Reconciliation, status: str) -> pd.DataFrame:
    rows = recon.receipts[recon.receipts["status"] == status]
    return office.frame(RECEIPTS).loc[rows.index].join(rows[["channel", "pid", "claimed"]])


def _payment_finding(r: Rule, recon: Reconciliation, pid: Any, args: dict[str, Any], key: str | None,
                     suggestion: Suggestion | None = None) -> Finding:
    p = recon.payments.loc[pid]
    stmt = recon.statement(pid)
    return r.finding(register="fee_ledger", file=stmt.file, sheet=stmt.sheet, row=int(p["line"]), column=None,
                     key=key or None, date=as_date(p["at"]), args=args, suggestion=suggestion)


# a platform's one ledger method (the bank's two, 银行卡 and 转账, leave which one open)
_METHOD_OF_CHANNEL = {c: m for m, c in CHANNEL_OF_METHOD.items() if list(CHANNEL_OF_METHOD.values()).count(c) == 1}


def _other_channel(office: Office, recon: Reconciliation) -> dict[Any, tuple[Any, str]]:
    """Unmatched receipts paid, by every sign, on another platform: receipt → (payment, the method to write).

    A receipt and an unrecorded payment of another channel pair up when they have the same day and amount,
    within the window (a date-only receipt: the whole day), each is the other's only such candidate, the
    payment's channel has one ledger method and a complete statement covers the day (so that the receipt,
    its method changed, is judged against it)."""
    led, p = recon.receipts, recon.payments
    r = led[led["status"] == UNMATCHED]
    free = p[(p["kind"] == "payment") & (p["status"] == UNRECORDED)]
    if r.empty or free.empty:
        return {}
    c = r[["channel", "day", "amount", "paid_at", "date_only"]].assign(rid=r.index).merge(
        free[["channel", "day", "amount", "at"]].assign(pid=free.index), on=["day", "amount"],
        suffixes=("", "_p"))
    near = c["date_only"] | ((c["at"] - c["paid_at"]).abs() <= pd.Timedelta(minutes=recon.window_minutes))
    c = c[(c["channel"] != c["channel_p"]).to_numpy(dtype=bool) & near.to_numpy(dtype=bool)]
    c = c[(c.groupby("rid")["pid"].transform("size") == 1) & (c.groupby("pid")["rid"].transform("size") == 1)]
    covered = statement_days(recon)
    out: dict[Any, tuple[Any, str]] = {}
    for rid, pid, channel, day in zip(c["rid"], c["pid"], c["channel_p"], c["day"], strict=True):
        method = _METHOD_OF_CHANNEL.get(channel)
        if method is not None and (channel, pd.Timestamp(day).date()) in covered:
            out[rid] = (pid, method)
    return out


def _method_suggestion(office: Office, recon: Reconciliation, rid: Any, pid: Any, method: str) -> Suggestion | None:
    """The receipt's 收款方式 as the platform that has its payment (a write into the receipt's cell, the finding
    being at its amount or at the payment's statement line)."""
    place = office.cell(office.frame(RECEIPTS).loc[rid], "method")
    if place is None:
        return None
    p = recon.payments.loc[pid]
    args = {"channel": p["channel"], "source": _where(recon.statement(pid), p["line"]), "order_no": _order_key(p),
            "window": recon.window_minutes, "method": method}
    return Suggestion(method, "suggest.other-channel", args, (Write(method, *place),))


def _where(stmt: Statement, line: Any) -> str:
    return CellRef(stmt.file, stmt.sheet, int(line)).address


def _order_key(p: Any) -> str:
    return str(p["order_no"] or p["merchant_no"] or "")


# ---------------------------------------------------------------- ledger side


@rule(
    "fee.payment-unmatched", "4.8.2", "error",
    title={"zh-Hans": "非现金收款在平台无对应记录", "zh-Hant": "非現金收款在平台無對應記錄",
           "en": "Non-cash receipt with no platform payment"},
    message={
        "zh-Hans": "收据 {key}（{method} {amount_fen}，{paid_at}）在{channel}对账单中找不到同日、同金额、"
                   "{window} 分钟内的收款：台账记了收款但平台未收到，或实际走了其他渠道。",
        "zh-Hant": "收據 {key}（{method} {amount_fen}，{paid_at}）在{channel}對帳單中找不到同日、同金額、"
                   "{window} 分鐘內的收款：台帳記了收款但平台未收到，或實際走了其他渠道。",
        "en": "Receipt {key} ({method} {amount_fen}, {paid_at}) has no payment of that amount on the same day "
              "within {window} min in the {channel} statement: recorded but not received, or paid another way.",
    },
    settings=("payment_window_minutes",),
    registers=REGISTERS,
)
def payment_unmatched(office: Office) -> Iterable[Finding]:
    """A non-cash receipt (微信 / 支付宝 / 银行卡 / 转账, not voided, positive amount) that no platform payment pays.

    A receipt pairs with a payment of its channel (银行卡 and 转账 with the bank
    statement) on the same day, of the same amount, within ± ``payment_window_minutes``
    of the ledger time (a time of 00:00 means the date alone: any time that day), or
    with several receipts of the same unit issued together whose amounts sum to one
    payment; a platform number written in 备注 decides the pairing outright.  Only
    days covered by a complete statement of the channel are judged here: a day no
    statement covers is ``fee.statement-incomplete``.

    Suggests, for the receipt's 收款方式, the platform whose statement has its payment when exactly one
    unrecorded payment of another channel has its day, amount and window (and it no other receipt); none when
    that platform is the bank (银行卡 or 转账: which one is not known).
    """
    if not keeps_statements(office):
        return []  # nothing to reconcile with (see keeps_statements)
    recon = reconcile(office)
    rows = _receipt_rows(office, recon, UNMATCHED)
    other = _other_channel(office, recon)

    def suggest(row: Any) -> Suggestion | None:
        rid = row["_rid"]
        return None if rid not in other else _method_suggestion(office, recon, rid, *other[rid])

    return office.findings_at(payment_unmatched, RECEIPTS, rows.assign(_rid=rows.index), field="amount",
        suggest=suggest,
        key=lambda row: row["receipt_no"], day=lambda row: as_date(row["paid_at"]),
        args=lambda row: {"method": row["method"], "channel": row["channel"], "amount_fen": as_int(row["amount"]),
                          "paid_at": moment(row["paid_at"]), "window": recon.window_minutes},
    )


@rule(
    "fee.payment-reused", "4.8.2", "error",
    title={"zh-Hans": "两张收据认领同一笔平台收款", "zh-Hant": "兩張收據認領同一筆平台收款",
           "en": "Two receipts claim one platform payment"},
    message={
        "zh-Hans": "收据 {key}（{amount_fen}）认领的{channel}收款 {order_no}（{payment_fen}，{source}）"
                   "已对应收据 {other}：一笔平台收款不能对应两张无关的收据。",
        "zh-Hant": "收據 {key}（{amount_fen}）認領的{channel}收款 {order_no}（{payment_fen}，{source}）"
                   "已對應收據 {other}：一筆平台收款不能對應兩張無關的收據。",
        "en": "Receipt {key} ({amount_fen}) claims {channel} payment {order_no} ({payment_fen}, {source}), which "
              "already pays receipt {other}: one platform payment cannot serve two unrelated receipts.",
    },
    settings=("payment_window_minutes",),
    registers=REGISTERS,
)
def payment_reused(office: Office) -> Iterable[Finding]:
    """A receipt whose platform payment already pays another receipt.

    Either two receipts name the same platform number in 备注 and their amounts do
    not add up to it (the one of the payment's amount keeps it), or a receipt's only
    payment of the same channel, day, amount and window was taken by another
    receipt.  The receipt left over is reported, naming the payment and the receipt
    that has it.
    """
    if not keeps_statements(office):
        return []  # nothing to reconcile with (see keeps_statements)
    recon = reconcile(office)
    rows = _receipt_rows(office, recon, REUSED)
    led = recon.receipts

    def args(row: Mapping[str, Any]) -> dict[str, Any]:
        pid = int(row["claimed"])
        p = recon.payments.loc[pid]
        others = led[(led["pid"] == pid) & (led["status"] == MATCHED)]["receipt_no"]
        return {"amount_fen": as_int(row["amount"]), "channel": row["channel"], "order_no": _order_key(p),
                "payment_fen": as_int(p["amount"]), "source": _where(recon.statement(pid), p["line"]),
                "other": "、".join(sorted(str(x) for x in others)) or "—"}

    return office.findings_at(payment_reused, RECEIPTS, rows, field="amount",
        key=lambda row: row["receipt_no"], day=lambda row: as_date(row["paid_at"]), args=args)


# ---------------------------------------------------------------- platform side


@rule(
    "fee.payment-unrecorded", "4.8.3", "error",
    title={"zh-Hans": "平台收款未入账", "zh-Hant": "平台收款未入帳", "en": "Platform payment not recorded"},
    message={
        "zh-Hans": "{channel}收款 {amount_fen}（{at}，单号 {key}）在收费台账中没有对应的收据：钱已收到但未入账。"
                   "请补开收据，登记入收费台账。",
        "zh-Hant": "{channel}收款 {amount_fen}（{at}，單號 {key}）在收費台帳中沒有對應的收據：錢已收到但未入帳。"
                   "請補開收據，登記入收費台賬。",
        "en": "{channel} payment of {amount_fen} ({at}, number {key}) has no receipt in the fee ledger: "
              "money received but not recorded."
              " Issue its receipt and enter it in the fee ledger.",
    },
    settings=("payment_window_minutes",),
    registers=REGISTERS,
)
def payment_unrecorded(office: Office) -> Iterable[Finding]:
    """A payment to the office on a platform statement, on a day of the period, that no receipt records.

    A payment refunded in full on the statements is not money kept and is not
    reported here (its refund is checked by ``fee.refund-unrecorded``).  The same
    payment in two overlapping downloads counts once.  The finding points at the
    statement's file and line.

    Suggests what ``fee.payment-unmatched`` suggests when the payment is the one of a receipt recorded on
    another platform: that receipt's 收款方式 (a write into the fee ledger's cell).
    """
    if not keeps_statements(office):
        return []  # nothing to reconcile with (see keeps_statements)
    recon = reconcile(office)
    p = recon.payments
    rows = p[(p["kind"] == "payment") & (p["status"] == UNRECORDED)]
    receipt_of = {pid: (rid, method) for rid, (pid, method) in _other_channel(office, recon).items()}
    return [
        _payment_finding(payment_unrecorded, recon, pid, {
            "channel": row["channel"], "amount_fen": as_int(row["amount"]), "at": moment(row["at"]),
        }, _order_key(row), None if pid not in receipt_of else _method_suggestion(
            office, recon, receipt_of[pid][0], pid, receipt_of[pid][1]))
        for pid, row in rows.iterrows()
    ]


@rule(
    "fee.refund-unrecorded", "4.8.3", "warning",
    title={"zh-Hans": "平台退款未在台账登记", "zh-Hant": "平台退款未在台帳登記", "en": "Platform refund not recorded"},
    message={
        "zh-Hans": "{channel}退款 {amount_fen}（{at}，原单号 {order_no}）在收费台账中没有作废或负数收据。"
                   "请补登作废或负数收据。",
        "zh-Hant": "{channel}退款 {amount_fen}（{at}，原單號 {order_no}）在收費台帳中沒有作廢或負數收據。"
                   "請補登作廢或負數收據。",
        "en": "{channel} refund of {amount_fen} ({at}, original order {order_no}) has no voided or negative "
              "receipt in the fee ledger."
              " Enter the voided or negative receipt.",
    },
    settings=("payment_window_minutes",),
    registers=REGISTERS,
)
def refund_unrecorded(office: Office) -> Iterable[Finding]:
    """A refund on a platform statement, on a day of the period, with no voided or negative receipt.

    It counts as recorded when a negative receipt of the channel pairs with the refund
    (same day, amount, window, or its number in 备注), or when a voided (作废) receipt
    pairs with the refunded payment (its channel, day and window, the payment's or the
    refund's amount, or its number in 备注).  The key is the refund number (the order
    number when the statement gives none).
    """
    if not keeps_statements(office):
        return []  # nothing to reconcile with (see keeps_statements)
    recon = reconcile(office)
    p = recon.payments
    rows = p[(p["kind"] == "refund") & (p["status"] == UNRECORDED)]
    return [
        _payment_finding(refund_unrecorded, recon, pid, {
            "channel": row["channel"], "amount_fen": as_int(row["amount"]), "at": moment(row["at"]),
            "order_no": _order_key(row) or "—",
        }, str(row["refund_no"] or _order_key(row)))
        for pid, row in rows.iterrows()
    ]


@rule(
    "fee.statement-incomplete", "4.8.2", "warning",
    title={"zh-Hans": "平台对账单缺失或不完整", "zh-Hant": "平台對帳單缺失或不完整",
           "en": "Platform statement missing or incomplete"},
    message={
        "zh-Hans": "{channel}对账：{reason}。",
        "zh-Hant": "{channel}對帳：{reason}。",
        "en": "{channel} reconciliation: {reason}.",
    },
    registers=REGISTERS,
)
def statement_incomplete(office: Office) -> Iterable[Finding]:
    """A day of the period with non-cash receipts that no complete statement of their channel covers,
    or a statement that is cut off, whose summary disagrees with its details, or with a line that
    cannot be read.

    A statement covers the days it declares (``起始时间`` … ``终止时间``), else the days
    from its first to its last detail.  An incomplete statement's payments still pair
    with receipts, but a cut-off or unreadable statement's days do not count as covered:
    receipts it does not pay are reported here, per channel and day (at the receipts
    sheet, key = the channel), rather than as ``fee.payment-unmatched``.  A statement read
    to its end whose summary disagrees with its details does cover its days: its
    receipts are judged as any (unmatched, reused), and the disagreement is reported here.  A statement's own problem is reported at
    its file and line when its days touch the period (or cannot be told).

    An office folder holding no statement at all is taken as not reconciling with the
    platforms yet: nothing is reported until the first statement is dropped in.
    """
    if not keeps_statements(office):
        return []  # nothing to reconcile with (see keeps_statements)
    recon = reconcile(office)
    out: list[Finding] = []
    frame = office.frame(RECEIPTS)
    for row in recon.uncovered.to_dict("records"):
        src = office.sources[int(frame.loc[row["rid"], "_src"])]
        out.append(statement_incomplete.finding(
            register="fee_ledger", file=src.file, sheet=src.sheet, row=None, key=row["channel"],
            date=as_date(row["day"]),
            args={"channel": row["channel"], "reason": f"{NO_COVER}|{as_date(row['day'])}"},
        ))
    start, end = office.period.start, office.period.end
    for s in recon.statements:
        if s.complete:
            continue
        if s.first_day is not None and s.last_day is not None and (s.last_day < start or s.first_day > end):
            continue
        out.append(statement_incomplete.finding(
            register="fee_ledger", file=s.file, sheet=s.sheet, row=s.problem_line, key=None, date=None,
            args={"channel": s.channel, "reason": f"{s.problem}|{s.detail}"},
        ))
    return out
