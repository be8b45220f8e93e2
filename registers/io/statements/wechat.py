"""The WeChat Pay merchant trade bill (交易账单, ALL or SUCCESS).

CSV, every detail field prefixed with a backtick; a summary header (``总交易单数,…``) and one
summary row after the details, checked against them.  Older bills say ``总金额`` for
``应结订单金额`` and have no ``特约商户号``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from registers.core.payment_settings import WECHAT
from registers.io.statements.fields import (
    Line,
    agrees,
    clean,
    coverage,
    header_key,
    keys_of,
    moment,
    money,
    reference_tokens,
    text_of,
    yuan,
)
from registers.io.statements.model import BAD_LINE, PAYMENT, REFUND, SUMMARY, TRUNCATED, Statement, record

WECHAT_NEEDS = ("交易时间", "微信订单号", "商户订单号", "交易状态")


def parse_wechat(lines: list[Line], at: int, rel: str, sheet: str) -> tuple[Statement, list[dict[str, Any]]]:
    header = keys_of(lines[at][1])
    col = {k: i for i, k in reversed(list(enumerate(header)))}
    amount_col = col.get("应结订单金额", col.get("总金额"))
    order_amount_col = col.get("订单金额")
    need = max(col[k] for k in WECHAT_NEEDS)
    if amount_col is not None:
        need = max(need, amount_col)
    preamble = [text_of(f) for _, f in lines[:at]]
    records: list[dict[str, Any]] = []
    moments: list[datetime] = []
    n_rows = 0
    sums = {"amount": 0, "success_amount": 0, "refund": 0, "order": 0}
    # 手续费 is given to five decimals (``0.00600``) per line and in the summary: summed as written, not per
    # line in fen (a bill of many small payments would otherwise be a few fen off its own summary)
    fees = Decimal(0)
    problem: tuple[str, int, str] | None = None
    summary_header: list[str] | None = None
    summary: tuple[int, list[str]] | None = None
    last_line = lines[at][0]

    def get(fields: list[str], name: str) -> str:
        i = col.get(name)
        return clean(fields[i]) if i is not None and i < len(fields) else ""

    for line, fields in lines[at + 1:]:
        if not any(clean(f) for f in fields):
            continue
        last_line = line
        first = clean(fields[0])
        if summary_header is None and header_key(first) in ("总交易单数", "总交易笔数"):
            summary_header = keys_of(fields)
            continue
        if summary_header is not None:
            if summary is None:
                summary = (line, fields)
            continue
        if problem:
            continue
        when = moment(first)
        status = get(fields, "交易状态").upper()
        amt = money(clean(fields[amount_col])) if amount_col is not None and amount_col < len(fields) else None
        if len(fields) <= need or when is None or amt is None or not status:
            problem = (BAD_LINE, line, str(line))
            continue
        n_rows += 1
        moments.append(when)
        refund = money(get(fields, "退款金额")) or 0
        fee_text = get(fields, "手续费")
        fee = money(fee_text) or 0
        fees += yuan(fee_text) or 0
        sums["amount"] += amt
        sums["refund"] += refund
        order_amt = money(get(fields, "订单金额")) if order_amount_col is not None else None
        sums["order"] += order_amt or 0
        order_no, merchant_no = get(fields, "微信订单号"), get(fields, "商户订单号")
        refs = tuple(x.upper() for x in (order_no, merchant_no) if x) + reference_tokens(get(fields, "商户数据包"))
        goods = get(fields, "商品名称")
        if status == "SUCCESS":
            sums["success_amount"] += amt
            records.append(record(rel, sheet, line, "wechat", WECHAT, when, PAYMENT, amt, fee, order_no,
                                   merchant_no, "", refs, get(fields, "用户标识"), goods))
        elif status == "REFUND":
            refund_no = get(fields, "微信退款单号") or get(fields, "商户退款单号")
            amount = refund or money(get(fields, "申请退款金额")) or 0
            records.append(record(rel, sheet, line, "wechat", WECHAT, when, REFUND, abs(amount), fee, order_no,
                                   merchant_no, refund_no,
                                   refs + tuple(x.upper() for x in (refund_no, get(fields, "商户退款单号")) if x),
                                   get(fields, "用户标识"), goods))
    if summary_header is None or summary is None:
        if problem is None or problem[1] == last_line:
            problem = (TRUNCATED, last_line, str(last_line))
    elif problem is None:
        problem = _wechat_summary(summary_header, summary, n_rows, sums, fees)
    first_day, last_day = coverage(preamble, moments)
    stmt = Statement(rel, sheet, "wechat", WECHAT, first_day, last_day, n_rows,
                     *(problem if problem else (None, None, "")))
    return stmt, records


def _wechat_summary(header: list[str], summary: tuple[int, list[str]], n_rows: int,
                    sums: dict[str, int], fees: Decimal) -> tuple[str, int, str] | None:
    line, fields = summary
    if len(fields) < len([h for h in header if h]):
        return (TRUNCATED, line, str(line))
    values = {k: clean(fields[i]) if i < len(fields) else "" for i, k in enumerate(header)}
    count = values.get("总交易单数", values.get("总交易笔数", ""))
    total = money(values.get("应结订单总金额", values.get("总交易额", "")))
    refunds = money(values.get("退款总金额", values.get("总退款金额", "")))
    fee_total = yuan(values.get("手续费总金额", ""))
    if not count.isdigit() or total is None:
        return (SUMMARY, line, f"{count or '?'}")
    shown = f"{n_rows} / {sums['amount'] / 100:,.2f} ≠ {int(count)} / {total / 100:,.2f}"
    if int(count) != n_rows or total not in (sums["amount"], sums["success_amount"]):
        return (SUMMARY, line, shown)
    if refunds is not None and refunds != sums["refund"]:
        return (SUMMARY, line, f"{sums['refund'] / 100:,.2f} ≠ {refunds / 100:,.2f}")
    if fee_total is not None and "手续费总金额" in values and not agrees(fee_total, fees):
        return (SUMMARY, line, f"{fees:,f} ≠ {fee_total:,f}")
    return None
