"""Bank statements: any bank's CSV or Excel export, its columns found through a
:class:`~registers.core.payment_settings.BankMapping`.

Banks share no format, so the columns are looked up by the office's mappings and the footer
lines (合计, 小计, …) are told from the details by their words.
"""

from __future__ import annotations

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


_FOOTER_WORDS = ("合计", "小计", "总计", "本页", "共计", "累计", "total")


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
