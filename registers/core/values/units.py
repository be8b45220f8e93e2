"""Phone numbers and unit numbers (房号): the identifiers of a household.

A phone is found inside whatever else the cell says and can be masked for reports
(:func:`mask_phone`); a unit number is normalised to ``building-entrance-room`` from the many
ways it is written (栋, 幢, 号楼, #, Chinese digits), any other unit code (a shop, a parking space, a
lobby) is kept as an id, and a unit split over columns is joined (:func:`join_unit`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from typing import Any

from registers.core.spec import SheetKind, to_simplified
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
# A numbered unit: building (1-3 digits, or one or two Latin letters: A座), entrance (1-2 digits), room
# (1-8 digits), with the separators clerks type.  Longer parts are no building or entrance: 2503-4 is room
# 2503's part 4, not building 2503 room 4, and is kept as typed.
_B = r"(?P<b>[0-9]{1,3}|[A-Z]{1,2})(?:栋|幢|号楼|楼|#|座|-)"
_R = r"(?P<r>[0-9]{1,8})(?:室|号|房)?"
_UNIT_3 = re.compile(rf"{_B}(?P<e>[0-9]{{1,2}})(?:单元|-|#){_R}")
_UNIT_2 = re.compile(rf"{_B}{_R}")
_UNIT_1 = re.compile(_R)
# Any other unit code: a shop, a parking space, a lobby (501B, A701, 1003-A, 1#, 26F, B1-3, 车位B2-015, 大堂):
# Latin letters, digits, Chinese characters and the joiners - # /, with a digit or a Chinese character in it.
_CODE = re.compile(r"[0-9A-Z\u3400-\u9fff][0-9A-Z\u3400-\u9fff#/\-]{0,19}")
_HAS_DIGIT_OR_HAN = re.compile(r"[0-9\u3400-\u9fff]")
_HAN = re.compile(r"[\u3400-\u9fff]")
_ROOM_MARK = re.compile(r"(?<=[0-9A-Z])[室房号]$")
# Words typed where a unit is not known: no unit, so the cell cannot be read.
_PLACEHOLDERS = frozenset({"待定", "未知", "不详", "不清楚", "待查", "未填", "未登记", "见备注", "详见备注", "同上",
                           "无房号", "暂无房号"})


def _compact(v: Any) -> str | Bad | None:
    """A unit cell as comparable text: NFKC, Simplified, no spaces, Latin letters upper-cased."""
    if isinstance(v, (datetime, date, time, timedelta, bool)):
        return BAD
    if isinstance(v, float) and not (math.isfinite(v) and v == int(v)):
        return BAD  # 1501.5 names no unit
    s = to_simplified(clean_text(v))  # 3棟2單元 is 3栋2单元
    if s.lower() in NOTHING:
        return None
    s = re.sub(r"\s+", "", s).upper()
    if re.search(r"栋|幢|单元", s) and re.search(r"[〇零一二三四五六七八九]", s):
        s = s.translate(_CN_DIGITS)
    return s


def _numbered(s: str) -> str | None:
    """``3栋2单元1501室``, ``3#2-1501``, ``03-02-1501``, ``A座1201`` → ``3-2-1501``, ``A-1201``; else None."""
    for rx in (_UNIT_3, _UNIT_2, _UNIT_1):
        m = rx.fullmatch(s)
        if m:
            parts = [m.group(g) for g in ("b", "e", "r") if g in m.groupdict()]
            return "-".join(p if p.isalpha() else str(int(p)) for p in parts)
    return None


def read_unit(v: Any, ctx: Context) -> str | Bad | None:
    """A unit (房号) as one id: ``3栋2单元1501``, ``3#2-1501``, ``3-2-1501`` → ``'3-2-1501'`` (leading zeros
    dropped); any other unit code kept as typed, only spaces dropped and Latin letters upper-cased
    (``1101a`` → ``'1101A'``, ``车位B2-015``, ``大堂``).  ``B1-3`` stays ``B1-3``, never unit ``1-3``."""
    s = _compact(v)
    if not isinstance(s, str):
        return s
    numbered = _numbered(s)
    if numbered is not None:
        return numbered
    s = _ROOM_MARK.sub("", s)  # A701室 is A701
    if s.isdigit() or s in _PLACEHOLDERS or not _CODE.fullmatch(s) or not _HAS_DIGIT_OR_HAN.search(s):
        return BAD  # a long number (a phone?), a placeholder, a sentence, punctuation, a Latin word
    return s


def unit_number(text: str) -> str | None:
    """The unit a label names by number (``3栋2单元1501室`` → ``3-2-1501``), or None: a key label that is a
    word (``水泵房``) or any other code names no numbered unit."""
    s = _compact(text)
    return _numbered(s) if isinstance(s, str) else None


_PART_MARK = re.compile(r"(?:栋|幢|号楼|楼|#|座|单元|门洞|号)$")


def _part(v: Any) -> str:
    """A building or entrance cell as a part of a unit: ``3栋``, ``三号楼``, ``3`` → ``3``; ``A座`` → ``A``."""
    s = _compact(v)
    if not isinstance(s, str):
        return ""
    s = s.translate(_CN_DIGITS) if re.fullmatch(r"[〇零一二三四五六七八九]+(?:栋|幢|号楼|楼|座|单元)", s) else s
    return _PART_MARK.sub("", s)


def join_unit(building: Any, entrance: Any, room: Any) -> Any:
    """One unit from a sheet that splits it over columns (楼栋 | 单元 | 房号): ``3``, ``2``, ``1501`` →
    ``'3-2-1501'``, read then as any unit cell.  The room cell as it is when no part is given, when the room
    is empty or unreadable (the finding is the room's, with what the clerk typed there) or when it names its
    building already (``3-2-1501`` under 楼栋 ``3``)."""
    b, e = _part(building), _part(entrance)
    room_text = _compact(room)
    unit = read_unit(room, Context())
    if not (b or e) or not isinstance(room_text, str) or not isinstance(unit, str) or _HAN.search(unit):
        return room  # nothing to join, nothing to read, or a room that names its place (车位B2-015, 大堂)
    if b and re.match(rf"{re.escape(b)}(?:栋|幢|号楼|楼|#|座|-)", room_text):
        return room
    return "-".join(p for p in (b, e, clean_text(room)) if p)


def unit_parts_of(kind: SheetKind, columns: Collection[str]) -> tuple[str, str | None, str | None] | None:
    """The field a unit split over columns is joined into, and its building and entrance fields among
    ``columns`` (a sheet's); None when the sheet has no such part, or no column for the room."""
    parts = {f.name: f.part_of for f in kind.fields if f.part_of and f.name in columns}
    target = next(iter(parts.values()), None)
    if target is None or target not in columns:
        return None
    return target, "building" if "building" in parts else None, "entrance" if "entrance" in parts else None
