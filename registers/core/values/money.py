"""Money and numbers as clerks type them: ``¥1,200元整``, ``35平米``, whole fen throughout.

Money is read to integer fen through :class:`~decimal.Decimal` (never a float), rounded half
up; :func:`format_money` writes it back the one way every report shows it.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from registers.core.values.text import BAD, NOTHING, Bad, Context, clean_text

_MONEY_STRIP = re.compile(r"[¥￥$,，\s]|元$|元整$|rmb|cny", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _decimal_from(v: Any) -> Decimal | Bad | None:
    if isinstance(v, bool):
        return BAD
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            return BAD
        # repr() gives the shortest text that round-trips: 2961.8999999999996 stays so,
        # and rounding to the fen below removes that noise.
        return Decimal(repr(v))
    if isinstance(v, (datetime, date, time, timedelta)):
        return BAD
    s = clean_text(v)
    if s.lower() in NOTHING:
        return None
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    s = s.replace("−", "-")
    s = _MONEY_STRIP.sub("", s)
    if s.startswith("-"):
        negative, s = (not negative), s[1:]
    elif s.startswith("+"):
        s = s[1:]
    if not _NUMBER.match(s):
        return BAD
    try:
        d = Decimal(s)
    except InvalidOperation:
        return BAD
    return -d if negative else d


def read_money(v: Any, ctx: Context) -> int | Bad | None:
    """Money in fen (分) as an int: ``'¥1,234.50'`` → ``123450``; ``(120.00)`` → ``-12000``."""
    d = _decimal_from(v)
    if d is None or d is BAD:
        return d
    assert isinstance(d, Decimal)
    if abs(d) >= Decimal("1e13"):
        return BAD
    return int((d * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


_NUMBER_UNITS = re.compile(r"(m²|m2|㎡|平方米|平米|平|kwh|度|吨|t|个|把|月|次|户)$", re.IGNORECASE)


def read_number(v: Any, ctx: Context) -> float | Bad | None:
    if isinstance(v, str):
        v = _NUMBER_UNITS.sub("", clean_text(v)).strip()
    d = _decimal_from(v)
    if d is None or d is BAD:
        return d
    assert isinstance(d, Decimal)
    f = float(d)
    return f if math.isfinite(f) else BAD


def read_int(v: Any, ctx: Context) -> int | Bad | None:
    f = read_number(v, ctx)
    if f is None or f is BAD:
        return f
    assert isinstance(f, float)
    if f != int(f) or abs(f) > 1e12:
        return BAD
    return int(f)


def yuan(fen: Any) -> float:
    """A fen amount as the yuan a clerk types into an amount cell (``11844`` → ``118.44``)."""
    return round(float(fen)) / 100


def format_money(fen: int | None) -> str:
    """``123450`` → ``'¥1,234.50'``."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    fen = abs(int(fen))
    return f"{sign}¥{fen // 100:,}.{fen % 100:02d}"


# A fee roll's month cell (``fee_ledger.roll``): what it says of the month, as a token the frame keeps as text.
ROLL_FULL = "full"  # 已缴 / √: paid in full, at the amount due
ROLL_NONE = "none"  # - / 空置 / 免: not billed that month
_ROLL_FULL = frozenset({"已缴", "已交", "已收", "已付", "已缴费", "已交费", "已缴清", "缴清", "结清", "已结清", "√",
                        "✓", "✔", "☑", "v", "y", "yes", "paid", "ok", "已繳", "已繳費", "繳清",
                        "已收訖", "已收讫", "收讫"})
_ROLL_NONE = frozenset({"-", "—", "——", "--", "－", "/", "空置", "空房", "免", "免收", "免缴", "不收", "未交房", "未售",
                        "n/a", "na", "vacant", "exempt", "免繳"})
_ROLL_UNPAID = frozenset({"未缴", "未交", "未收", "欠", "欠费", "欠缴", "待缴", "待收", "×", "✗", "x", "unpaid", "未繳",
                          "欠繳", "待繳"})


def read_roll_cell(v: Any, ctx: Context) -> str | Bad | None:
    """A fee roll's month cell: the fen paid as decimal text (``'0'``: unpaid), :data:`ROLL_FULL` or
    :data:`ROLL_NONE`; ``None`` when empty (unpaid too)."""
    if isinstance(v, str):
        s = clean_text(v).lower()
        if not s:
            return None
        if s in _ROLL_FULL:
            return ROLL_FULL
        if s in _ROLL_NONE:
            return ROLL_NONE
        if s in _ROLL_UNPAID:
            return "0"
    fen = read_money(v, ctx)
    if fen is None or fen is BAD:
        return fen
    assert isinstance(fen, int)
    return str(fen)
