"""Dates, times and periods (所属期间) in the forms clerks type them, and Excel's serial numbers.

A date may be typed as text in a dozen ways, or be a number Excel stores as days since 1899;
a period may name a month, a range of months or a year.  They stand apart from the other
readers because the calendar arithmetic is theirs alone.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from registers.core.values.text import BAD, NOTHING, Bad, Context, clean_text

# Excel's day 0 in the 1900 system (with the 1900-02-29 bug accounted for by using 1899-12-30).
_EXCEL_EPOCH = datetime(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 18264, 73051  # 1950-01-01 .. 2099-12-31


_DATE_YMD = re.compile(
    r"^(?P<y>\d{4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})\s*(?:日|号)?"
    r"(?:[T\s]*(?P<rest>.*))?$"
)
_DATE_MD = re.compile(r"^(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})\s*(?:日|号)?(?:\s*(?P<rest>.*))?$")
_DATE_COMPACT = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?:\s*(?P<rest>.*))?$")
_TIME = re.compile(
    r"^(?P<ampm>上午|下午|晚上|凌晨|中午|am|pm)?\s*(?P<h>\d{1,2})\s*(?::|时|点)\s*(?P<mi>\d{1,2})?\s*分?"
    r"(?:\s*:\s*(?P<s>\d{1,2})(?:\.\d+)?\s*秒?)?\s*(?P<ampm2>am|pm)?$",
    re.IGNORECASE,
)


def _make_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _parse_time_text(s: str) -> time | Bad | None:
    s = s.strip()
    if not s:
        return None
    m = _TIME.match(s)
    if not m:
        return BAD
    h, mi, sec = int(m.group("h")), int(m.group("mi") or 0), int(m.group("s") or 0)
    ampm = (m.group("ampm") or m.group("ampm2") or "").lower()
    if ampm in {"下午", "晚上", "pm"} and h < 12:
        h += 12
    if ampm in {"am", "凌晨", "上午"} and h == 12:
        h = 0
    if h == 24 and mi == 0 and sec == 0:
        return time(23, 59, 59)
    if not (0 <= h < 24 and 0 <= mi < 60 and 0 <= sec < 60):
        return BAD
    return time(h, mi, sec)


def _serial_to_datetime(x: float) -> datetime | Bad:
    if not (_SERIAL_MIN <= x <= _SERIAL_MAX):
        return BAD
    dt = _EXCEL_EPOCH + timedelta(days=x)
    # round to the second: serials carry float noise
    return (dt + timedelta(microseconds=500_000)).replace(microsecond=0)


def read_datetime(v: Any, ctx: Context) -> datetime | Bad | None:
    """A moment. Dates alone become 00:00; ``11月3日`` takes the year from the sheet or period."""
    if v is None:
        return None
    if isinstance(v, bool):
        return BAD
    if isinstance(v, datetime):
        return v.replace(tzinfo=None) if 1900 <= v.year <= 2200 else BAD
    if isinstance(v, date):
        return datetime(v.year, v.month, v.day)
    if isinstance(v, (time, timedelta)):
        return BAD
    if isinstance(v, (int, float)):
        if isinstance(v, float) and not math.isfinite(v):
            return BAD
        if float(v).is_integer() and 19000101 <= v <= 21001231:
            return read_datetime(str(int(v)), ctx)
        if ctx.year and 1 <= v < 13 and not float(v).is_integer():
            # `5.16` for 16 May, typed as a number into a date column
            return read_datetime(repr(float(v)), ctx)
        return _serial_to_datetime(float(v))
    s = clean_text(v)
    if s.lower() in NOTHING:
        return None
    s = s.replace("T", " ") if re.match(r"^\d{4}-\d{2}-\d{2}T", s) else s
    m = _DATE_YMD.match(s) or _DATE_COMPACT.match(s)
    y: int | None
    if m:
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    else:
        m = _DATE_MD.match(s)
        if not m or ctx.year is None:
            if re.fullmatch(r"\d+(\.\d+)?", s):
                return _serial_to_datetime(float(s))
            return BAD
        y, mo, d = ctx.year, int(m.group("m")), int(m.group("d"))
    day = _make_date(y, mo, d)
    if day is None or not (1900 <= y <= 2200):
        return BAD
    rest = (m.group("rest") or "").strip()
    if not rest:
        return datetime(day.year, day.month, day.day)
    t = _parse_time_text(rest)
    if t is BAD or t is None:
        return BAD
    assert isinstance(t, time)
    return datetime.combine(day, t)


def read_date(v: Any, ctx: Context) -> datetime | Bad | None:
    """A calendar date (kept as a datetime; a typed time part is kept too)."""
    return read_datetime(v, ctx)


def read_time(v: Any, ctx: Context) -> time | datetime | Bad | None:
    """A time of day (``14:30``, ``下午2点``, a time-formatted cell) — or a full moment if one was typed."""
    if v is None:
        return None
    if isinstance(v, bool):
        return BAD
    if isinstance(v, time):
        return v.replace(tzinfo=None)
    if isinstance(v, timedelta):
        secs = int(v.total_seconds())
        if 0 <= secs <= 86400:
            return time(23, 59, 59) if secs == 86400 else time(secs // 3600, secs % 3600 // 60, secs % 60)
        return BAD
    if isinstance(v, datetime):
        if v.year < 1901:  # Excel stores a bare time as a date on day 0
            return v.time()
        return v.replace(tzinfo=None)
    if isinstance(v, date):
        return BAD
    if isinstance(v, (int, float)):
        if isinstance(v, float) and not math.isfinite(v):
            return BAD
        if 0 <= v < 1:
            secs = round(float(v) * 86400)
            return time(min(secs // 3600, 23), secs % 3600 // 60, secs % 60)
        if isinstance(v, int) or float(v).is_integer():
            n = int(v)
            if 0 <= n <= 2359 and n % 100 < 60 and n // 100 < 24:  # 830, 1430
                return time(n // 100, n % 100)
        return read_datetime(v, ctx)
    s = clean_text(v)
    if s.lower() in NOTHING:
        return None
    t = _parse_time_text(s)
    if t is not BAD:
        return t
    if re.fullmatch(r"\d{3,4}", s):
        return read_time(int(s), ctx)
    return read_datetime(s, ctx)

_PERIOD_RANGE = re.compile(
    r"^(?:(?P<y1>\d{4})\s*(?:年|[-./]))?\s*(?P<m1>\d{1,2})\s*月?\s*(?:[-~至到—]+)\s*"
    r"(?:(?P<y2>\d{4})\s*(?:年|[-./]))?\s*(?P<m2>\d{1,2})\s*月?(?:份)?$"
)
_PERIOD_ONE = re.compile(r"^(?P<y>\d{4})\s*(?:年|[-./])\s*(?P<m>\d{1,2})\s*月?(?:份)?$")
_PERIOD_YEAR = re.compile(r"^(?P<y>\d{4})\s*(?:年度?|全年)$")


def read_period(v: Any, ctx: Context) -> tuple[date, int] | Bad | None:
    """The months paid for as (first month, number of months): ``2026.10-2026.12`` → (2026-10-01, 3)."""
    if isinstance(v, datetime):
        return (date(v.year, v.month, 1), 1)
    if isinstance(v, date):
        return (date(v.year, v.month, 1), 1)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if isinstance(v, float) and math.isfinite(v) and 2000 < v < 2200 and not v.is_integer():
            return read_period(repr(v), ctx)  # 2026.11 typed into a number cell
        if isinstance(v, (int, float)) and float(v).is_integer() and 200001 <= v <= 219912:
            n = int(v)
            return read_period(f"{n // 100}-{n % 100}", ctx)
        return BAD
    s = clean_text(v)
    if s.lower() in NOTHING:
        return None
    m = _PERIOD_ONE.match(s)
    if m:
        y, mo = int(m.group("y")), int(m.group("m"))
        return (date(y, mo, 1), 1) if 1 <= mo <= 12 else BAD
    m = _PERIOD_YEAR.match(s)
    if m:
        return (date(int(m.group("y")), 1, 1), 12)
    m = _PERIOD_RANGE.match(s)
    if m:
        y1 = int(m.group("y1")) if m.group("y1") else ctx.year
        if y1 is None:
            return BAD
        y2 = int(m.group("y2")) if m.group("y2") else y1
        m1, m2 = int(m.group("m1")), int(m.group("m2"))
        if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
            return BAD
        if not m.group("y2") and m2 < m1:
            y2 = y1 + 1  # 2026.11-2 → Nov 2026 to Feb 2027
        n = (y2 * 12 + m2) - (y1 * 12 + m1) + 1
        if not (1 <= n <= 120):
            return BAD
        return (date(y1, m1, 1), n)
    # a full date in the period column names its month
    dt = read_datetime(s, ctx)
    if isinstance(dt, datetime):
        return (date(dt.year, dt.month, 1), 1)
    return BAD
