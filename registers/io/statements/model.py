"""What a platform statement is once read: the :class:`Statement`, its payments frame, and how downloads combine.

Every format's parser produces the same records (:func:`record`) and the reasons a statement
is incomplete; :func:`combine` orders the statements and keeps a payment repeated by two
overlapping downloads once.  The rules and views need this model, never the parsers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

# Reasons a statement is incomplete (the rule's ``reason`` argument, ``code|detail``).
TRUNCATED = "statement-truncated"
SUMMARY = "statement-summary"
BAD_LINE = "statement-bad-line"
UNREADABLE = "statement-unreadable"

PAYMENT = "payment"
REFUND = "refund"

PAYMENT_COLUMNS = ("stmt", "file", "sheet", "line", "platform", "channel", "at", "kind", "amount", "fee",
                   "order_no", "merchant_no", "refund_no", "refs", "counterparty", "text")


@dataclass(frozen=True)
class Statement:
    file: str  # relative to the office folder, forward slashes
    sheet: str  # "" for CSV
    platform: str  # wechat | alipay | bank
    channel: str  # 微信 | 支付宝 | 银行
    first_day: date | None  # the days the statement covers (declared, else its details' days)
    last_day: date | None
    lines: int = 0  # detail lines read
    problem: str | None = None  # a reason code when incomplete
    problem_line: int | None = None
    detail: str = ""

    @property
    def complete(self) -> bool:
        return self.problem is None

    @property
    def covers(self) -> bool:
        """Whether its days count as covered for the pairing: when complete, and when read to its end with only
        its summary disagreeing with the details.  Such a statement is still reported as incomplete, but its
        receipts are judged (paired, unmatched, reused), not all set aside as on days no statement covers."""
        return self.problem is None or self.problem == SUMMARY

    def days(self) -> list[date]:
        if self.first_day is None or self.last_day is None:
            return []
        n = (self.last_day - self.first_day).days
        return [self.first_day + timedelta(days=i) for i in range(n + 1)]


@dataclass
class Statements:
    """Every statement found, and their payments and refunds as one frame (``PAYMENT_COLUMNS``)."""

    statements: list[Statement] = field(default_factory=list)
    payments: pd.DataFrame = field(default_factory=lambda: empty_payments())


def empty_payments() -> pd.DataFrame:
    return pd.DataFrame({
        "stmt": pd.Series(dtype="int64"), "file": pd.Series(dtype=object), "sheet": pd.Series(dtype=object),
        "line": pd.Series(dtype="int64"), "platform": pd.Series(dtype=object), "channel": pd.Series(dtype=object),
        "at": pd.Series(dtype="datetime64[us]"), "kind": pd.Series(dtype=object),
        "amount": pd.Series(dtype="int64"), "fee": pd.Series(dtype="int64"),
        "order_no": pd.Series(dtype=object), "merchant_no": pd.Series(dtype=object),
        "refund_no": pd.Series(dtype=object), "refs": pd.Series(dtype=object),
        "counterparty": pd.Series(dtype=object), "text": pd.Series(dtype=object),
    })


def record(stmt_file: str, sheet: str, line: int, platform: str, channel: str, at: datetime, kind: str,
            amount: int, fee: int = 0, order_no: str = "", merchant_no: str = "", refund_no: str = "",
            refs: tuple[str, ...] = (), counterparty: str = "", text: str = "") -> dict[str, Any]:
    return {"file": stmt_file, "sheet": sheet, "line": line, "platform": platform, "channel": channel, "at": at,
            "kind": kind, "amount": amount, "fee": fee, "order_no": order_no, "merchant_no": merchant_no,
            "refund_no": refund_no, "refs": refs, "counterparty": counterparty, "text": text}


def _identity(p: pd.DataFrame) -> pd.Series:
    """What makes two rows of two downloads the same payment: the platform's numbers, else its content."""
    numbered = p["order_no"].astype(str) + "|" + p["refund_no"].astype(str)
    content = p["at"].astype(str) + "|" + p["amount"].astype(str) + "|" + p["counterparty"].astype(str) + "|" \
        + p["text"].astype(str)
    has_no = (p["order_no"].astype(str) != "") | (p["refund_no"].astype(str) != "")
    return p["platform"] + "|" + p["kind"] + "|" + numbered.where(has_no, content)


def combine(found: list[tuple[Statement, list[dict[str, Any]]]]) -> Statements:
    """Statements in a fixed order (complete ones first, then by file and sheet) and their payments, each once.

    A payment in two overlapping downloads is kept from the first statement only.
    """
    order = sorted(range(len(found)), key=lambda i: (not found[i][0].complete, found[i][0].file, found[i][0].sheet))
    statements = [found[i][0] for i in order]
    rows = [dict(rec, stmt=rank) for rank, i in enumerate(order) for rec in found[i][1]]
    if not rows:
        return Statements(statements, empty_payments())
    p = pd.DataFrame(rows, columns=list(PAYMENT_COLUMNS))
    p["at"] = pd.to_datetime(p["at"]).astype("datetime64[us]")
    p["amount"] = p["amount"].astype("int64")
    p["fee"] = p["fee"].astype("int64")
    p["line"] = p["line"].astype("int64")
    p["stmt"] = p["stmt"].astype("int64")
    ident = _identity(p)
    # within one file every row counts; a later file repeating a row of an earlier one does not
    nth = p.groupby([ident, p["stmt"]]).cumcount()
    key = ident + "#" + nth.astype(str)
    first_stmt = p.groupby(key)["stmt"].transform("min")
    p = p[p["stmt"] == first_stmt].sort_values(["stmt", "line"], kind="stable").reset_index(drop=True)
    return Statements(statements, p)
