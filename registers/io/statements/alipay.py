"""The Alipay merchant account statement (账务明细).

CSV (GBK as downloaded) with ``#`` comment lines before and after the details; the
``#收入合计`` / ``#支出合计`` lines are checked against the details.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

from registers.core.payment_settings import ALIPAY
from registers.io.statements.fields import (
    Line,
    clean,
    coverage,
    keys_of,
    moment,
    money,
    money_or_zero,
    reference_tokens,
    text_of,
)
from registers.io.statements.model import BAD_LINE, PAYMENT, REFUND, SUMMARY, TRUNCATED, Statement, record

ALIPAY_NEEDS = ("账务流水号", "业务流水号", "发生时间", "收入金额", "支出金额")


_ALIPAY_TOTAL = re.compile(r"(收入|支出)合计[:：]\s*(\d+)\s*笔[,，]?\s*共?\s*([-+]?[\d,]+(?:\.\d+)?)\s*元")


def parse_alipay(lines: list[Line], at: int, rel: str, sheet: str) -> tuple[Statement, list[dict[str, Any]]]:
    header = keys_of(lines[at][1])
    col = {k: i for i, k in reversed(list(enumerate(header)))}
    need = max(col[k] for k in ALIPAY_NEEDS)
    preamble = [text_of(f) for _, f in lines[:at]]

    def get(fields: list[str], name: str) -> str:
        i = col.get(name)
        return clean(fields[i]) if i is not None and i < len(fields) else ""

    records: list[dict[str, Any]] = []
    fees: dict[str, int] = {}
    moments: list[datetime] = []
    n_rows = n_in = n_out = 0
    sum_in = sum_out = 0
    totals: dict[str, tuple[int, int, int]] = {}
    footer = False
    problem: tuple[str, int, str] | None = None
    last_line = lines[at][0]
    for line, fields in lines[at + 1:]:
        if not any(clean(f) for f in fields):
            continue
        last_line = line
        text = text_of(fields)
        if text.startswith("#"):
            footer = True
            m = _ALIPAY_TOTAL.search(unicodedata.normalize("NFKC", text))
            if m:
                amount = money(m[3])
                totals[m[1]] = (int(m[2]), abs(amount or 0), line)
            continue
        if footer or problem:
            continue
        when = moment(get(fields, "发生时间"))
        income, spent = money_or_zero(get(fields, "收入金额")), money_or_zero(get(fields, "支出金额"))
        if len(fields) <= need or when is None or income is None or spent is None:
            problem = (BAD_LINE, line, str(line))
            continue
        n_rows += 1
        moments.append(when)
        serial, trade, merchant = get(fields, "账务流水号"), get(fields, "业务流水号"), get(fields, "商户订单号")
        kind_text, note, goods = get(fields, "业务类型"), get(fields, "备注"), get(fields, "商品名称")
        refs = tuple(x.upper() for x in (trade, merchant, serial) if x) + reference_tokens(goods) \
            + reference_tokens(note)
        if income:
            n_in += 1
            sum_in += abs(income)
            if "提现" not in kind_text:
                records.append(record(rel, sheet, line, "alipay", ALIPAY, when, PAYMENT, abs(income), 0,
                                       trade or serial, merchant, "", refs, get(fields, "对方账号"),
                                       goods or note))
        if spent:
            n_out += 1
            sum_out += abs(spent)
            if "退款" in kind_text:
                records.append(record(rel, sheet, line, "alipay", ALIPAY, when, REFUND, abs(spent), 0,
                                       trade or serial, merchant, serial, refs, get(fields, "对方账号"),
                                       goods or note))
            elif "收费" in kind_text or "服务费" in kind_text or "服务费" in note:
                fees[(trade or serial).upper()] = fees.get((trade or serial).upper(), 0) + abs(spent)
    for rec in records:
        if rec["kind"] == PAYMENT:
            rec["fee"] = fees.get(rec["order_no"].upper(), 0)
    if "收入" not in totals or "支出" not in totals:
        if problem is None or problem[1] == last_line:
            problem = (TRUNCATED, last_line, str(last_line))
    elif problem is None:
        (c_in, s_in, line_in), (c_out, s_out, line_out) = totals["收入"], totals["支出"]
        if (c_in, s_in) != (n_in, sum_in):
            problem = (SUMMARY, line_in, f"{n_in} / {sum_in / 100:,.2f} ≠ {c_in} / {s_in / 100:,.2f}")
        elif (c_out, s_out) != (n_out, sum_out):
            problem = (SUMMARY, line_out, f"{n_out} / {sum_out / 100:,.2f} ≠ {c_out} / {s_out / 100:,.2f}")
    first_day, last_day = coverage(preamble, moments)
    stmt = Statement(rel, sheet, "alipay", ALIPAY, first_day, last_day, n_rows,
                     *(problem if problem else (None, None, "")))
    return stmt, records
