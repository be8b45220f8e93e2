"""Unit numbers (房号) as clerks type them: numbered units normalised, every other unit code kept as an id,
and a unit split over columns (楼栋 | 单元 | 房号) joined into one (registers/core/values/units.py)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from registers.core.values.text import BAD, Context
from registers.core.values.units import join_unit, read_unit, unit_number
from registers.views.keys import label_key, label_ok

CTX = Context(2026, 11)


@pytest.mark.parametrize("raw, unit", [
    # shops, flats with a letter, parking spaces, lobbies: kept as typed (spaces out, Latin letters upper-cased)
    ("501B", "501B"), ("A701", "A701"), ("1101a", "1101A"), ("1003-A", "1003-A"), ("1#", "1#"), ("26F", "26F"),
    ("B1-3", "B1-3"), ("车位B2-015", "车位B2-015"), ("車位B2-015", "车位B2-015"), ("大堂", "大堂"), ("储藏室", "储藏室"),
    ("Ａ７０１", "A701"), ("A701室", "A701"), (" 501 b ", "501B"), ("商铺12号", "商铺12"),
    # a room and its part: never building 2503 room 4, and its zero kept
    ("2503-4", "2503-4"), ("2503-04", "2503-04"), ("3-2503-4", "3-2503-4"),
    # numbered units, as before
    ("3-2-1501", "3-2-1501"), ("3栋2单元1501室", "3-2-1501"), ("3#2-1501", "3-2-1501"), ("03-02-1501", "3-2-1501"),
    ("三栋二单元1501", "3-2-1501"), ("3栋1501", "3-1501"), (1501, "1501"), (1501.0, "1501"), ("0501", "501"),
    # a lettered building is a building: A座1201, A栋1201 and A-1201 are one unit
    ("A座1201", "A-1201"), ("A栋1201", "A-1201"), ("A-1201", "A-1201"), ("A栋2单元0701", "A-2-701"),
])
def test_unit_codes_are_ids(raw: object, unit: str) -> None:
    assert read_unit(raw, CTX) == unit


def test_letters_and_zeros_keep_different_units_apart() -> None:
    """What the old reader merged: a parking space B1-3 and flat 1-3, space 车位B2-015 and flat 2-15."""
    read = {u: read_unit(u, CTX) for u in ("B1-3", "1-3", "车位B2-015", "2-15", "B2-015", "2503-4", "2503-04")}
    assert len(set(read.values())) == len(read), read


@pytest.mark.parametrize("raw", ["待定", "见备注", "同上", "打不通，下午再来", "TBD", "unknown", "13800138000", "-3",
                                 "1501.5", 1501.5, "?", "#", datetime(2026, 11, 3, 9, 0), date(2026, 11, 3), True,
                                 "x" * 21, "3栋2单元1501" * 3])
def test_what_names_no_unit_is_unreadable(raw: object) -> None:
    assert read_unit(raw, CTX) is BAD


@pytest.mark.parametrize("building, entrance, room, unit", [
    ("3栋", "2单元", "1501", "3-2-1501"), (3, 2, 1501, "3-2-1501"), (3.0, 2.0, 1501.0, "3-2-1501"),
    ("三号楼", "二单元", "1501室", "3-2-1501"), ("3#", None, "1501", "3-1501"), ("A座", None, "1201", "A-1201"),
    ("3栋", "2单元", "3-2-1501", "3-2-1501"),  # the room names its building already
    ("3", None, "3栋1501", "3-1501"),
    ("1", None, "2503-4", "1-2503-4"), ("车库", None, "B1-3", "车库-B1-3"),
    ("车库", None, "车位B2-015", "车位B2-015"), ("1栋", None, "大堂", "大堂"),  # a room that names its place
    (None, None, "501B", "501B"), ("", " ", "1101a", "1101A"),
])
def test_a_unit_split_over_columns_is_one_unit(building: object, entrance: object, room: object, unit: str) -> None:
    assert read_unit(join_unit(building, entrance, room), CTX) == unit


def test_an_empty_room_stays_empty_whatever_its_building() -> None:
    """The unit is missing or unreadable: the room's cell is the one to report."""
    assert join_unit("3栋", "2单元", None) is None
    assert join_unit("3栋", "2单元", "待定") == "待定"  # unreadable: reported as the clerk typed it


def test_key_labels_keep_the_numbered_reading() -> None:
    """An owner key names a numbered unit; an equipment-room key a word.  A code is no owner-key unit, and
    B1-3 is no longer unit 1-3's key."""
    assert unit_number("3栋2单元1501室") == "3-2-1501" and unit_number("水泵房") is None
    assert unit_number("B1-3") is None and unit_number("大堂") is None
    assert label_ok("设备房钥匙", "水泵房") and not label_ok("设备房钥匙", "3-2-1501")
    assert label_key("业主钥匙", "3栋2单元1501") == label_key("业主钥匙", "3-2-1501")
    assert label_key("业主钥匙", "B1-3") != label_key("业主钥匙", "1-3")
