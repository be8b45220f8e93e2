"""The day close's non-cash check: the day's non-cash receipts against the platform statements.

Per platform channel (微信, 支付宝, 银行) the ledger, what the platform received, refunded and charged,
and whether a statement covers the day; then the receipts no payment pays and the payments no receipt
records.  It stands apart from the cash of :mod:`registers.reports.day.compute` because it reads the
platform statements (``registers.views.payments.reconcile``), not the handover rows, and an office that
keeps no statements shows it empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from registers.core.findings import CellRef
from registers.core.frames import text_of
from registers.reports.rows import cell_ref, moment, records

if TYPE_CHECKING:
    from registers.office.load import Office

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
    from registers.core.spec import RECEIPTS
    from registers.io.statements.model import PAYMENT
    from registers.views.payments import (
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
    for rid, row in zip(listed.index.tolist(), records(listed), strict=True):
        claimed = ""
        if row["status"] == REUSED and not pd.isna(row["claimed"]):
            q = p.loc[int(row["claimed"])]
            claimed = str(q["order_no"] or q["merchant_no"] or "")
        unpaid.append(UnpaidReceipt(
            receipt_no=text_of(row["receipt_no"]), channel=str(row["channel"]), method=text_of(row["method"]),
            amount=int(row["amount"]), paid_at=moment(row["paid_at"]), status=str(row["status"]), claimed=claimed,
            where=cell_ref(office, frame.loc[rid], "amount"),
        ))
    is_pay = p_day["kind"] == PAYMENT
    loose = p_day[(is_pay & p_day["status"].isin([UNRECORDED, REFUNDED]))
                  | (~is_pay & (p_day["status"] == UNRECORDED))]
    unrecorded = [
        UnrecordedPayment(
            channel=str(row["channel"]), kind=str(row["kind"]), file=str(row["file"]), sheet=str(row["sheet"]),
            line=int(row["line"]), order_no=str(row["order_no"] or row["merchant_no"] or row["refund_no"] or ""),
            amount=int(row["amount"]), fee=int(row["fee"]), at=moment(row["at"]), status=str(row["status"]),
            where=CellRef(str(row["file"]), str(row["sheet"]), int(row["line"]), None),
        )
        for _, row in loose.sort_values(["at", "file", "line"], kind="stable").iterrows()
    ]
    return platforms, unpaid, unrecorded, len(recon.statements)
