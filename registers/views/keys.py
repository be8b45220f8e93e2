"""The key register's words and labels: the key categories, the owner-key kinds, and what a label
says a key opens (a unit, a floor, a building or entrance, the equipment).

They stand apart from the ``key.*`` rules because the rules are not their only reader: the label
rules judge a label with them, the spare rule groups keys into types by them, and a report that
counts keys by type would read them the same way.  Nothing here needs an office.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pandas as pd

from registers.core.frames import no_spaces
from registers.core.spec import to_simplified
from registers.core.values.units import unit_number

# the inventory's categories
OWNER = "业主钥匙"
PUBLIC = "公共门窗钥匙"
EQUIPMENT = "设备房钥匙"
METER = "水表箱钥匙"
OWNER_KINDS = ("防盗门", "室内门", "电子对讲门", "水表箱", "信箱")


@lru_cache(maxsize=1 << 14)  # the label rules read the same labels: each is worked out once
def plain_label(text: str) -> str:
    """A label compared as text: Simplified, upper case, no spaces."""
    return re.sub(r"\s+", "", to_simplified(text)).upper()


_CN_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMBER = "[一二两三四五六七八九十]{1,3}"


def _number(text: str) -> int | None:
    """``12`` or ``十二`` → 12 (up to 99)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _CN_DIGIT.get(tens, 0) if tens else 1
        o = _CN_DIGIT.get(ones, 0) if ones else 0
        return None if (tens and tens not in _CN_DIGIT) or (ones and ones not in _CN_DIGIT) else t * 10 + o
    return _CN_DIGIT.get(text) if len(text) == 1 else None


_FLOOR = re.compile(
    rf"(?:B(?P<b>\d{{1,2}})(?:F|层|楼)?"
    rf"|(?P<neg>-)?(?P<n>\d{{1,3}})(?:F|层|楼)"
    rf"|F(?P<f>\d{{1,3}})"
    rf"|(?:负|地下)(?P<u>\d{{1,2}}|{_CN_NUMBER})(?:F|层|楼)?"
    rf"|(?P<c>{_CN_NUMBER})(?:层|楼)"
    rf"|(?P<top>顶层|天台|屋顶|屋面|地下室))"
)
_BUILDING_PREFIX = re.compile(r"^(?P<b>\d+)(?:栋|幢|号楼|#|座)")
_RANGE_SEP = re.compile(r"(?<=.)(?:-|~|至|到|—)")


def _one_floor(text: str) -> str | None:
    """``5F``, ``5层``, ``五楼`` → ``5F``; ``B1``, ``-1F``, ``负一层``, ``地下一层`` → ``B1``."""
    m = _FLOOR.fullmatch(text)
    if not m:
        return None
    if m["top"]:
        return "顶层" if m["top"] in ("顶层", "天台", "屋顶", "屋面") else m["top"]
    below = m["b"] or m["u"]
    if below:
        n = _number(below)
        return f"B{n}" if n else None
    n = _number(m["n"] or m["f"] or m["c"])
    if not n:
        return None
    return f"B{n}" if m["neg"] else f"{n}F"


@lru_cache(maxsize=1 << 14)  # the label rules read the same labels: each is worked out once
def floor_of(label: str) -> str | None:
    """The floor (or floor range) a label names exactly, in one spelling: ``1-5F`` → ``1F-5F``; else ``None``.

    A building may come first: ``3#5层`` → ``3栋5F``.
    """
    text = plain_label(label)
    building = _BUILDING_PREFIX.match(text)
    prefix = f"{int(building['b'])}栋" if building else ""
    text = text[building.end():] if building else text
    floors = _floors(text)
    return prefix + floors if floors else None


def _floors(text: str) -> str | None:
    one = _one_floor(text)
    if one:
        return one
    for sep in _RANGE_SEP.finditer(text):
        low, high = text[: sep.start()], text[sep.end():]
        top = _one_floor(high)
        if top is None:
            continue
        bottom = _one_floor(low) or (_one_floor(low + high[-1]) if low.isdigit() and high[-1] in "F层楼" else None)
        if bottom:
            return f"{bottom}-{top}"
    return None


def names_a_floor(label: str) -> bool:
    """A public door/window label: a floor, possibly followed by which door (``5F消防门``, ``B1车库门``)."""
    if floor_of(label):
        return True
    text = _BUILDING_PREFIX.sub("", plain_label(label))
    for m in _FLOOR.finditer(text):
        rest = text[m.end():]
        if m.start() == 0 and _one_floor(m.group()) and rest and not re.match(r"[\d\-~至到—]", rest):
            return True
        break
    return False


@lru_cache(maxsize=1 << 14)  # the label rules read the same labels: each is worked out once
def _unit(label: str) -> str | None:
    return unit_number(label)  # a numbered unit: a word (水泵房) or a code (B1-3) names none


_ENTRANCE = re.compile(
    r"^(?P<b>\d+)(?:栋|幢|号楼|#|座)?(?:-|#)?(?P<e>\d+)单元$"
    r"|^(?P<b2>\d+)(?:栋|幢|号楼|#|座)?-(?P<e2>\d+)$"
    r"|^(?P<b3>\d+)#(?P<e3>\d+)$"
)
_BUILDING = re.compile(r"^(?P<b>\d+)(?:栋|幢|号楼|#|座)$")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


@lru_cache(maxsize=1 << 14)  # the label rules read the same labels: each is worked out once
def building_of(label: str) -> str | None:
    """A water-meter-box label: ``3栋``, ``3#``, ``三号楼`` → ``3``; ``3-2``, ``3栋2单元``, ``3#2`` → ``3-2``."""
    text = plain_label(label)
    if re.search(r"栋|幢|楼|单元|座", text):
        text = text.translate(_CN_DIGITS)
    m = _BUILDING.match(text)
    if m:
        return str(int(m["b"]))
    m = _ENTRANCE.match(text)
    if m:
        b, e = (m["b"] or m["b2"] or m["b3"]), (m["e"] or m["e2"] or m["e3"])
        return f"{int(b)}-{int(e)}"
    return None


def label_ok(category: str, label: str) -> bool:
    """Whether ``label`` says what a key of ``category`` opens."""
    if category == OWNER:
        return _unit(label) is not None
    if category == PUBLIC:
        return names_a_floor(label)
    if category == EQUIPMENT:
        return _unit(label) is None and floor_of(label) is None
    if category == METER:
        return building_of(label) is not None
    return True


def label_key(category: str, label: str) -> str:
    """A label in one spelling per category, so ``3-2-1501`` and ``3栋2单元1501室`` are the same key type."""
    normal: str | None = None
    if category == OWNER:
        normal = _unit(label)
    elif category == PUBLIC:
        normal = floor_of(label)
    elif category == METER:
        normal = building_of(label)
    return normal or plain_label(label)


def per_label(inv: pd.DataFrame, func: Callable[[str, str], Any], default: Any) -> list[Any]:
    """``func(category, label)`` for every row (``default`` when either is empty), once per distinct pair."""
    pairs = inv[["category", "label"]].dropna().drop_duplicates()
    values = {(c, lab): func(c, lab) for c, lab in zip(pairs["category"], pairs["label"], strict=True)}
    return [values.get(pair, default) for pair in zip(inv["category"], inv["label"], strict=True)]


def kind_key(kinds: pd.Series) -> pd.Series:
    plain = {k: re.sub(r"\s+", "", to_simplified(k)) for k in kinds.dropna().unique()}
    return kinds.map(plain).astype("string")


def comparable_key_ids(ids: pd.Series) -> pd.Series:
    """Key ids compared without case or spaces."""
    return no_spaces(ids.str.upper())
