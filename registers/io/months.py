"""Month columns of a fee roll, read from their headers; and the units row some sheets put under the header.

A fee roll (``fee_ledger.roll``) puts a column per month across: ``1月`` … ``12月``,
``2026年1月``, ``2026-01``, ``2026.1``, ``一月``, ``Jan``.  Its headers may be two rows
deep, the year or 实收 / 应收 above the months (merged): a month under 应收 holds what
was due, any other what was paid.  Headers arrive here normalised
(:func:`registers.core.spec.normalise_header`: Simplified, lower case, no separators),
so ``2026-01`` is ``202601`` and ``2026.1`` is ``20261``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from registers.core.spec import to_simplified
from registers.core.values.text import clean_text

_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11,
       "十二": 12, "正": 1, "冬": 11, "腊": 12}
_EN = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_EN_LONG = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december")
_DUE_WORDS = ("应收", "应缴", "应交", "应付", "due")
_PAID_WORDS = ("实收", "实缴", "实交", "已缴", "已交", "已收", "缴费", "交费", "收款", "收费", "paid", "received")
_HEADER_YEAR_MONTH = re.compile(r"^(20\d\d)年?(0?[1-9]|1[0-2])月?份?$")
_MONTH = re.compile(r"^(0?[1-9]|1[0-2])月份?$")
_CN_MONTH = re.compile(r"^(?:(20\d\d)年?)?(十[一二]|[一二三四五六七八九十正冬腊])月份?$")
_EN_MONTH = re.compile(r"^(?:(20\d\d))?([a-z]{3,9})\.?(?:(20\d\d)|(\d\d))?$")
# a sheet name's or title's year and month (:func:`month_hint`)
_YEAR_MONTH = re.compile(r"(20\d{2})\s*(?:年|[-./])\s*(\d{1,2})\s*月?")
_YEAR = re.compile(r"(20\d{2})\s*年?")
_CN_MONTHS = {f"{name}月": month for name, month in _CN.items() if name not in ("正", "冬", "腊")}  # 一月…十二月


def month_hint(*texts: str) -> tuple[int | None, int | None]:
    """Year and month a sheet is about, from its name or title: ``2026.11``, ``11月``, ``十一月``, ``2026年11月``."""
    year = month = None
    for text in texts:
        if not text:
            continue
        t = to_simplified(text)
        m = _YEAR_MONTH.search(t)
        if m and 1 <= int(m.group(2)) <= 12:
            return int(m.group(1)), int(m.group(2))
        if year is None:
            y = _YEAR.search(t)
            if y:
                year = int(y.group(1))
        if month is None:
            for name in sorted(_CN_MONTHS, key=len, reverse=True):
                if name in t:
                    month = _CN_MONTHS[name]
                    break
            else:
                mm = re.search(r"(?<!\d)(\d{1,2})\s*月", t)
                if mm and 1 <= int(mm.group(1)) <= 12:
                    month = int(mm.group(1))
    return year, month


@dataclass(frozen=True)
class MonthHeader:
    month: int
    year: int | None
    due: bool  # under 应收: what was due that month, not what was paid


@lru_cache(maxsize=4096)
def month_of_key(key: str) -> MonthHeader | None:
    """The month a normalised header names, with its year and whether it is the due amount; else ``None``."""
    if not key or len(key) > 16:
        return None
    due = any(w in key for w in _DUE_WORDS)
    rest = key
    for word in (*_DUE_WORDS, *_PAID_WORDS, "金额"):
        rest = rest.replace(word, "")
    m = _HEADER_YEAR_MONTH.match(rest)
    if m:
        return MonthHeader(int(m.group(2)), int(m.group(1)), due)
    m = _MONTH.match(rest)
    if m:
        return MonthHeader(int(m.group(1)), None, due)
    m = _CN_MONTH.match(rest)
    if m:
        return MonthHeader(_CN[m.group(2)], int(m.group(1)) if m.group(1) else None, due)
    m = _EN_MONTH.match(rest)
    if m:
        name = m.group(2)
        month = (_EN.index(name) + 1 if name in _EN else _EN_LONG.index(name) + 1 if name in _EN_LONG else None)
        if month is None:
            return None
        year = m.group(1) or m.group(3) or (f"20{m.group(4)}" if m.group(4) else None)
        return MonthHeader(month, int(year) if year else None, due)
    return None


def month_of(keys: Iterable[str]) -> MonthHeader | None:
    """The month a header cell (all its normalised forms: ``keys``) names: the most specific reading
    (with a year, then under 应收 / 实收) wins."""
    found = [h for k in keys if (h := month_of_key(k)) is not None]
    if not found:
        return None
    return max(found, key=lambda h: (h.year is not None, h.due))


def month_columns(texts: Sequence[set[str]], taken: set[int]) -> dict[str, tuple[int, MonthHeader]]:
    """Field name (``m01`` paid, ``d01`` due) -> (column, header) for the columns not ``taken`` whose header
    names a month; the first column of a month wins."""
    out: dict[str, tuple[int, MonthHeader]] = {}
    for c, keys in enumerate(texts):
        if c in taken or not keys:
            continue
        h = month_of(keys)
        if h is None:
            continue
        name = f"{'d' if h.due else 'm'}{h.month:02d}"
        if name not in out:
            out[name] = (c, h)
    return out


def header_year(headers: Iterable[MonthHeader]) -> int | None:
    """The year most month headers name, if any name one."""
    years = [h.year for h in headers if h.year is not None]
    return max(set(years), key=lambda y: (years.count(y), y)) if years else None


_UNIT_TOKEN = r"(?:元|万元|¥|rmb|yuan|m2|m²|平方米|平米|平|月|个|次|户|kwh|度|吨|%|人民币)"
_UNIT_WORDS = re.compile(
    rf"^[(\[【]?(?:单位[:]?)?{_UNIT_TOKEN}(?:[/·.]{_UNIT_TOKEN})*[)\]】]?$", re.IGNORECASE)


def is_units_row(row: Sequence[Any]) -> bool:
    """A row under the header that only names the columns' units (``㎡``, ``元/㎡·月``, ``（元）``)."""
    cells = [to_simplified(clean_text(v)) for v in row if v not in ("", None)]
    return bool(cells) and all(isinstance(v, str) for v in row if v not in ("", None)) and all(
        _UNIT_WORDS.match(c.replace(" ", "")) for c in cells)
