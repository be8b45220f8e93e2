"""Value readers: turn what a clerk typed into a typed value.

Every reader takes one raw cell value (whatever the workbook reader produced:
``str``, ``int``, ``float``, ``bool``, ``datetime``, ``date``, ``time``,
``timedelta`` or ``None``) and returns

* the typed value,
* ``None`` when the cell holds nothing, or
* :data:`BAD` when the cell holds something that cannot be read as the type.

They never raise: a property test feeds them arbitrary text and numbers.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Final

from registers.core.spec import normalise_choice, to_simplified


class _Bad:
    """Marker for a value that cannot be read as its type."""

    _instance: _Bad | None = None

    def __new__(cls) -> _Bad:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "BAD"

    def __bool__(self) -> bool:
        return False


BAD: Final = _Bad()


@dataclass(frozen=True)
class Context:
    """What a reader may need beyond the cell: the year/month the sheet is about."""

    year: int | None = None
    month: int | None = None


NOTHING = frozenset(
    {"", "无", "無", "没有", "沒有", "暂无", "暫無", "/", "-", "—", "——", "--", "－", "n/a", "na", "none", "nil", "空"}
)

# Excel's day 0 in the 1900 system (with the 1900-02-29 bug accounted for by using 1899-12-30).
_EXCEL_EPOCH = datetime(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 18264, 73051  # 1950-01-01 .. 2099-12-31


def clean_text(v: Any) -> str:
    """Cell → stripped text after NFKC (full-width digits and letters become ASCII)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        if math.isfinite(v) and v == int(v) and abs(v) < 1e16:
            return str(int(v))
        return repr(v)
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M") if (v.hour or v.minute or v.second) else v.strftime("%Y-%m-%d")
    s = unicodedata.normalize("NFKC", str(v))
    s = s.replace("\u200b", "").replace("\ufeff", "").replace("\x00", "")
    return s.strip()


def is_nothing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return clean_text(v).lower() in NOTHING
    return False


def is_empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and clean_text(v) == "")


# ---------------------------------------------------------------- text-ish


def _as_typed(v: Any) -> str:
    """Free text as the clerk typed it (full-width punctuation kept); numbers and dates as text."""
    if isinstance(v, str):
        return v.replace("\u200b", "").replace("\ufeff", "").replace("\x00", "").strip()
    return clean_text(v)


def read_text(v: Any, ctx: Context) -> str | None:
    return _as_typed(v) or None


def read_remark(v: Any, ctx: Context) -> str | None:
    """Free text where 无, /, - and friends mean "nothing"."""
    s = _as_typed(v)
    return None if clean_text(s).lower() in NOTHING else s


def read_id(v: Any, ctx: Context) -> str | None:
    s = clean_text(v)
    return re.sub(r"\s+", "", s) or None


_ID_SPLIT = re.compile(r"[、,，;；/]+")


def read_ids(v: Any, ctx: Context) -> tuple[str, ...] | None:
    """Several ids in one cell: ``NO.001、NO.002``, ``NO.001 NO.002``; ``NO. 001`` stays one id."""
    s = clean_text(v)
    if s.lower() in NOTHING:
        return None
    ids: list[str] = []
    for part in _ID_SPLIT.split(s):
        pending = ""
        for token in part.split():
            # a token without digits is a prefix typed apart from its number (NO. 0011987)
            if not re.search(r"\d", token):
                pending += token
                continue
            ids.append(pending + token)
            pending = ""
        if pending:
            ids.append(pending)
    return tuple(ids) or None


# ---------------------------------------------------------------- money and numbers

_MONEY_STRIP = re.compile(r"[¥￥$,，\s]|元$|元整$|rmb|cny", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _decimal_from(v: Any) -> Decimal | _Bad | None:
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


def read_money(v: Any, ctx: Context) -> int | _Bad | None:
    """Money in fen (分) as an int: ``'¥1,234.50'`` → ``123450``; ``(120.00)`` → ``-12000``."""
    d = _decimal_from(v)
    if d is None or d is BAD:
        return d
    assert isinstance(d, Decimal)
    if abs(d) >= Decimal("1e13"):
        return BAD
    return int((d * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


_NUMBER_UNITS = re.compile(r"(m²|m2|㎡|平方米|平米|平|kwh|度|吨|t|个|把|月|次|户)$", re.IGNORECASE)


def read_number(v: Any, ctx: Context) -> float | _Bad | None:
    if isinstance(v, str):
        v = _NUMBER_UNITS.sub("", clean_text(v)).strip()
    d = _decimal_from(v)
    if d is None or d is BAD:
        return d
    assert isinstance(d, Decimal)
    f = float(d)
    return f if math.isfinite(f) else BAD


def read_int(v: Any, ctx: Context) -> int | _Bad | None:
    f = read_number(v, ctx)
    if f is None or f is BAD:
        return f
    assert isinstance(f, float)
    if f != int(f) or abs(f) > 1e12:
        return BAD
    return int(f)


# ---------------------------------------------------------------- phones

_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})[-\s]?(\d{7,8})(?!\d)")
_LOCAL = re.compile(r"^(\d{7,8})$")


def read_phone(v: Any, ctx: Context) -> str | _Bad | None:
    """A mobile (``13800138000``) or a landline (``0552-1234567``); the first one of several."""
    if isinstance(v, (bool, datetime, date, time, timedelta)):
        return BAD
    s = clean_text(v)
    if s.lower() in NOTHING:
        return None
    # Mobiles typed with separators: 138 0013 8000, 138-0013-8000.
    squeezed = re.sub(r"(?<=\d)[\s\-.](?=\d)", "", s)
    if s.startswith("+86") or s.startswith("86 "):
        squeezed = squeezed.removeprefix("+86").removeprefix("86").strip()
    m = _MOBILE.search(squeezed)
    if m:
        return m.group(1)
    m = _LANDLINE.search(s)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    m = _LOCAL.match(squeezed)
    if m:
        return m.group(1)
    return BAD


def mask_phone(phone: str | None) -> str | None:
    """``13800138000`` → ``138****8000``; landlines keep area code and last 4 digits."""
    if not phone:
        return phone
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    if "-" in phone:
        area, rest = phone.split("-", 1)
        return f"{area}-{'*' * max(len(rest) - 4, 0)}{rest[-4:]}"
    return "*" * max(len(phone) - 4, 0) + phone[-4:]


# ---------------------------------------------------------------- yes / no

_YES = frozenset({"是", "y", "yes", "true", "√", "✓", "✔", "有", "1", "已报", "已上报", "已", "对", "ok", "t"})
_NO = frozenset({"否", "n", "no", "false", "×", "✗", "✘", "x", "无", "没有", "0", "未报", "未上报", "未", "f"})


def read_bool(v: Any, ctx: Context) -> bool | _Bad | None:
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if v == 1:
            return True
        if v == 0:
            return False
        return BAD
    s = clean_text(v).lower()
    if s == "":
        return None
    s = normalise_choice(s)
    if s in _YES:
        return True
    if s in _NO:
        return False
    return BAD


def read_flag_or_text(v: Any, ctx: Context) -> bool | None:
    """Yes/no, or a description (which means yes): ``涉及改动`` = ``拆除非承重墙`` → True."""
    b = read_bool(v, ctx)
    if b is not BAD:
        return b  # type: ignore[return-value]
    return True


_UNSIGNED = frozenset({"×", "✗", "否", "未签", "未签字", "no", "n", "x", "无"})


def read_signature(v: Any, ctx: Context) -> bool | None:
    """A name, √ or 已签 is a signature; ``None`` when empty; False when marked unsigned."""
    if isinstance(v, bool):
        return v
    s = clean_text(v)
    if s == "" or s in {"/", "-", "—"}:
        return None
    return normalise_choice(s) not in _UNSIGNED


# ---------------------------------------------------------------- units (房号)

_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_UNIT_3 = re.compile(
    r"(?P<b>\d+)\s*(?:栋|幢|号楼|楼|#|座|-)\s*(?P<e>\d+)\s*(?:单元|-|#)\s*(?P<r>\d+)\s*(?:室|号|房)?$"
)
_UNIT_2 = re.compile(r"(?P<b>\d+)\s*(?:栋|幢|号楼|楼|#|座|-)\s*(?P<r>\d+)\s*(?:室|号|房)?$")
_UNIT_1 = re.compile(r"^(?P<r>\d+)\s*(?:室|号|房)?$")


def read_unit(v: Any, ctx: Context) -> str | _Bad | None:
    """``3栋2单元1501室``, ``3#2-1501``, ``3-2-1501`` → ``'3-2-1501'``; leading zeros dropped."""
    if isinstance(v, (datetime, date, time, timedelta, bool)):
        return BAD
    s = to_simplified(clean_text(v))  # 3棟2單元 is 3栋2单元
    if s.lower() in NOTHING:
        return None
    s = s.translate(_CN_DIGITS) if re.search(r"[〇零一二三四五六七八九]", s) and re.search(r"栋|幢|单元", s) else s
    for rx in (_UNIT_3, _UNIT_2, _UNIT_1):
        m = rx.search(s)
        if m:
            parts = [m.group(g) for g in ("b", "e", "r") if g in m.groupdict() and m.group(g) is not None]
            return "-".join(str(int(p)) for p in parts)
    return BAD


# ---------------------------------------------------------------- dates and times

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


def _parse_time_text(s: str) -> time | _Bad | None:
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


def _serial_to_datetime(x: float) -> datetime | _Bad:
    if not (_SERIAL_MIN <= x <= _SERIAL_MAX):
        return BAD
    dt = _EXCEL_EPOCH + timedelta(days=x)
    # round to the second: serials carry float noise
    return (dt + timedelta(microseconds=500_000)).replace(microsecond=0)


def read_datetime(v: Any, ctx: Context) -> datetime | _Bad | None:
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


def read_date(v: Any, ctx: Context) -> datetime | _Bad | None:
    """A calendar date (kept as a datetime; a typed time part is kept too)."""
    return read_datetime(v, ctx)


def read_time(v: Any, ctx: Context) -> time | datetime | _Bad | None:
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


# ---------------------------------------------------------------- periods (所属期间)

_PERIOD_RANGE = re.compile(
    r"^(?:(?P<y1>\d{4})\s*(?:年|[-./]))?\s*(?P<m1>\d{1,2})\s*月?\s*(?:[-~至到—]+)\s*"
    r"(?:(?P<y2>\d{4})\s*(?:年|[-./]))?\s*(?P<m2>\d{1,2})\s*月?(?:份)?$"
)
_PERIOD_ONE = re.compile(r"^(?P<y>\d{4})\s*(?:年|[-./])\s*(?P<m>\d{1,2})\s*月?(?:份)?$")
_PERIOD_YEAR = re.compile(r"^(?P<y>\d{4})\s*(?:年度?|全年)$")


def read_period(v: Any, ctx: Context) -> tuple[date, int] | _Bad | None:
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


# ---------------------------------------------------------------- enumerations


def enum_reader(choices: tuple[str, ...], aliases: tuple[tuple[str, str], ...]) -> Callable[[Any, Context], Any]:
    """A reader for one enumerated column: exact spelling, alias, Traditional form, or one choice contained."""
    table = {normalise_choice(c): c for c in choices}
    table.update({normalise_choice(a): c for a, c in aliases})

    def read_enum(v: Any, ctx: Context) -> str | _Bad | None:
        s = clean_text(v)
        if s.lower() in NOTHING:
            return None
        key = normalise_choice(s)
        if key in table:
            return table[key]
        contained = {c for k, c in table.items() if len(k) >= 2 and k in key}
        if len(contained) == 1:
            return contained.pop()
        return BAD

    return read_enum


READERS: dict[str, Callable[[Any, Context], Any]] = {
    "text": read_text,
    "id": read_id,
    "ids": read_ids,
    "date": read_date,
    "datetime": read_datetime,
    "time": read_time,
    "money": read_money,
    "number": read_number,
    "int": read_int,
    "phone": read_phone,
    "bool": read_bool,
    "signature": read_signature,
    "unit": read_unit,
    "period": read_period,
    "remark": read_remark,
    "flag_or_text": read_flag_or_text,
}


def format_money(fen: int | None) -> str:
    """``123450`` → ``'¥1,234.50'``."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    fen = abs(int(fen))
    return f"{sign}¥{fen // 100:,}.{fen % 100:02d}"
