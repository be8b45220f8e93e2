"""Bank statements: any bank's CSV or Excel export, its columns found through a
:class:`~registers.core.payment_settings.BankMapping`.

Banks share no format, so the columns are looked up by the office's mappings and the footer
lines (合计, 小计, …) are told from the details by their words.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from registers.core.payment_settings import BANK, BankMapping
from registers.io.statements.fields import (
    Line,
    clean,
    coverage,
    header_key,
    moment,
    money_or_zero,
    reference_tokens,
    text_of,
    time_of,
)
from registers.io.statements.model import BAD_LINE, PAYMENT, Statement, record


def bank_columns(keys: list[str], mapping: BankMapping) -> dict[str, int] | None:
    def find(names: tuple[str, ...], taken: set[int]) -> int | None:
        for name in names:
            k = header_key(name)
            for i, h in enumerate(keys):
                if h == k and i not in taken:
                    return i
        return None

    cols: dict[str, int] = {}
    taken: set[int] = set()
    for role in ("amount_in", "date", "time", "counterparty", "reference", "memo"):
        i = find(getattr(mapping, role), taken)
        if i is not None:
            cols[role] = i
            if role != "time":
                taken.add(i)
    if "date" not in cols or "amount_in" not in cols:
        return None
    if cols.get("time") == cols["date"]:
        del cols["time"]
    # every further memo-like column (摘要 and 附言 both) is read as memo text too
    extra = 0
    while (i := find(mapping.memo, taken)) is not None:
        cols[f"memo{extra}"] = i
        taken.add(i)
        extra += 1
    return cols


# Column headers a clerk's own ledger has too (日期 | 摘要 | 收入 | 支出 | 余额, a cash or bank journal's 凭证号).
_CLERK_WORDS = frozenset(header_key(w) for w in ("日期", "时间", "收入", "收入金额", "凭证号",
                                                 "Date", "Time", "Income"))
# A line of the bank's header block above the details: the account, its card or the bank that keeps it.
_ACCOUNT_LINE = re.compile(r"账号|帐号|帳號|卡号|卡號|开户行|開戶行|开户银行|開戶銀行|account\s*(?:no|number)",
                           re.IGNORECASE)


def is_bank_export(keys: list[str], cols: dict[str, int], preamble: list[str]) -> bool:
    """Whether a sheet the built-in mapping found a date and a money-in column in is a bank's export, not a clerk's
    ledger (``日期 | 摘要 | 收入 | 支出 | 余额``, whose 收入 are not payments the bank received).

    A bank's export says so by the bank's own wording of a column it was found by (交易日期, 记账日期, 交易时间,
    贷方发生额, 存入金额 …), by a counterparty (对方户名) or the bank's serial number (交易流水号), or by the
    bank's header block above its details (账号：…, 开户行：…).  A mapping the office configured is not asked this.
    """
    roles = ("date", "time", "amount_in", "counterparty", "reference")
    if any(keys[cols[role]] not in _CLERK_WORDS for role in roles if role in cols):
        return True
    return any(_ACCOUNT_LINE.search(line) for line in preamble)


# (and their Traditional forms: a footer line's text is compared as written)
_FOOTER_WORDS = ("合计", "小计", "总计", "本页", "共计", "累计", "total",
                 "合計", "小計", "總計", "本頁", "共計", "累計")


def parse_bank(lines: list[Line], at: int, cols: dict[str, int], rel: str,
          sheet: str) -> tuple[Statement, list[dict[str, Any]]]:
    preamble = [text_of(f) for _, f in lines[:at]]
    need = max(cols.values())

    def get(fields: list[str], role: str) -> str:
        i = cols.get(role)
        return clean(fields[i]) if i is not None and i < len(fields) else ""

    records: list[dict[str, Any]] = []
    moments: list[datetime] = []
    n_rows = 0
    problem: tuple[str, int, str] | None = None
    trailer: list[str] = []
    ended = False
    for line, fields in lines[at + 1:]:
        if not any(clean(f) for f in fields):
            continue
        text = text_of(fields)
        if ended or (any(w in text.lower() for w in _FOOTER_WORDS) and moment(get(fields, "date")) is None):
            ended = True
            trailer.append(text)
            continue
        if problem:
            continue
        when = moment(get(fields, "date"))
        if when is not None and "time" in cols:
            t = time_of(get(fields, "time"))
            if t is not None:
                when = datetime.combine(when.date(), t)
        amount = money_or_zero(get(fields, "amount_in"))
        if len(fields) <= need or when is None or amount is None:
            problem = (BAD_LINE, line, str(line))
            continue
        n_rows += 1
        moments.append(when)
        if amount <= 0:
            continue
        reference = get(fields, "reference")
        memo = " ".join(x for x in (get(fields, k) for k in cols if k.startswith("memo")) if x)
        refs = ((reference.upper(),) if reference else ()) + reference_tokens(memo)
        records.append(record(rel, sheet, line, "bank", BANK, when, PAYMENT, amount, 0, reference, "", "", refs,
                               get(fields, "counterparty"), memo))
    first_day, last_day = coverage([*preamble, *trailer], moments)
    stmt = Statement(rel, sheet, "bank", BANK, first_day, last_day, n_rows,
                     *(problem if problem else (None, None, "")))
    return stmt, records
