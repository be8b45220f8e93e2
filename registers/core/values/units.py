"""Phone numbers and unit numbers (房号): the identifiers of a household.

A phone is found inside whatever else the cell says and can be masked for reports
(:func:`mask_phone`); a unit number is normalised to ``building-room`` from the many ways
it is written (栋, 幢, 号楼, #, Chinese digits).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from registers.core.spec import to_simplified
from registers.core.values.text import BAD, NOTHING, Bad, Context, clean_text

_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})[-\s]?(\d{7,8})(?!\d)")
_LOCAL = re.compile(r"^(\d{7,8})$")


def read_phone(v: Any, ctx: Context) -> str | Bad | None:
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


_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_UNIT_3 = re.compile(
    r"(?P<b>\d+)\s*(?:栋|幢|号楼|楼|#|座|-)\s*(?P<e>\d+)\s*(?:单元|-|#)\s*(?P<r>\d+)\s*(?:室|号|房)?$"
)
_UNIT_2 = re.compile(r"(?P<b>\d+)\s*(?:栋|幢|号楼|楼|#|座|-)\s*(?P<r>\d+)\s*(?:室|号|房)?$")
_UNIT_1 = re.compile(r"^(?P<r>\d+)\s*(?:室|号|房)?$")


def read_unit(v: Any, ctx: Context) -> str | Bad | None:
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
