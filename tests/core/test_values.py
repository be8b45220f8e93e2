"""Value readers: clerks' spellings read right; anything else is BAD or None, never an exception."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registers.core.values import READERS, enum_reader
from registers.core.values.dates import read_datetime, read_period, read_time
from registers.core.values.money import format_money, read_money
from registers.core.values.text import BAD, Context, read_bool, read_signature
from registers.core.values.units import mask_phone, read_phone, read_unit

CTX = Context(2026, 11)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2026-11-03", datetime(2026, 11, 3)),
        ("2026/11/3", datetime(2026, 11, 3)),
        ("2026.11.3", datetime(2026, 11, 3)),
        ("2026年11月3日", datetime(2026, 11, 3)),
        ("11月3日", datetime(2026, 11, 3)),
        ("2026-11-03 14:30", datetime(2026, 11, 3, 14, 30)),
        ("2026年11月5日 14:30", datetime(2026, 11, 5, 14, 30)),
        ("２０２６－１１－０３", datetime(2026, 11, 3)),
        (20261103, datetime(2026, 11, 3)),
        (46329.0, datetime(2026, 11, 3)),  # an Excel serial in a cell without date format
        (46329.5, datetime(2026, 11, 3, 12)),
        (datetime(2026, 11, 3, 9, 5), datetime(2026, 11, 3, 9, 5)),
        (date(2026, 11, 3), datetime(2026, 11, 3)),
        ("5.16", datetime(2026, 5, 16)),  # 16 May, the year from the sheet
        ("", None),
        ("无", None),
        ("2026-13-45", BAD),
        ("待定", BAD),
        ("2021.2.20-2.25", BAD),
        (True, BAD),
    ],
)
def test_dates_as_clerks_type_them(raw: object, expected: object) -> None:
    assert read_datetime(raw, CTX) == expected if expected is not BAD else read_datetime(raw, CTX) is BAD


def test_month_day_without_a_year_needs_the_sheet_year() -> None:
    assert read_datetime("11月3日", Context(None, None)) is BAD


@pytest.mark.parametrize(
    "raw, fen",
    [
        (1234, 123400),
        (1234.5, 123450),
        (2961.8999999999996, 296190),  # float noise from a formula
        ("¥1,234.00", 123400),
        ("￥1，234.50元", 123450),
        (" 100.00 ", 10000),
        ("１２３．５", 12350),
        ("(120.00)", -12000),
        ("-120", -12000),
        ("-", None),
        ("无", None),
        ("？", BAD),
        ("7007.35（手写）", BAD),
        ("1.2.3", BAD),
    ],
)
def test_money_in_fen(raw: object, fen: object) -> None:
    got = read_money(raw, CTX)
    assert got is BAD if fen is BAD else got == fen


@pytest.mark.parametrize(
    "raw, phone",
    [
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        (13800138000.0, "13800138000"),
        ("0552-1234567", "0552-1234567"),
        ("张三13800138000", "13800138000"),
        ("13800138000/13900139000", "13800138000"),
        ("", None),
        ("打不通", BAD),
    ],
)
def test_phones(raw: object, phone: object) -> None:
    got = read_phone(raw, CTX)
    assert got is BAD if phone is BAD else got == phone


def test_phone_masking() -> None:
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("0552-1234567") == "0552-***4567"


@pytest.mark.parametrize("raw", ["3-2-1501", "3栋2单元1501", "3#2-1501", "3幢2单元1501室", "3号楼2单元1501", "03-02-1501",
                                 "3棟2單元1501"])
def test_units_are_the_same_unit(raw: str) -> None:
    assert read_unit(raw, CTX) == "3-2-1501"


@pytest.mark.parametrize("raw, value", [("是", True), ("否", False), ("Y", True), ("n", False), ("√", True),
                                        ("×", False), ("✓", True), ("有", True), ("无", False), ("TRUE", True),
                                        (False, False), ("", None), ("也许", BAD)])
def test_yes_no(raw: object, value: object) -> None:
    got = read_bool(raw, CTX)
    assert got is BAD if value is BAD else got == value


def test_signatures() -> None:
    assert read_signature("王芳", CTX) is True
    assert read_signature("√", CTX) is True
    assert read_signature("已签", CTX) is True
    assert read_signature("", CTX) is None
    assert read_signature("未签", CTX) is False


@pytest.mark.parametrize(
    "raw, start, months",
    [("2026.10-2026.12", date(2026, 10, 1), 3), ("2026年10月-12月", date(2026, 10, 1), 3),
     ("2026-10", date(2026, 10, 1), 1), ("2026.11-2", date(2026, 11, 1), 4), ("10-12月", date(2026, 10, 1), 3)],
)
def test_periods(raw: str, start: date, months: int) -> None:
    assert read_period(raw, CTX) == (start, months)


def test_times() -> None:
    assert read_time("14:30", CTX) == time(14, 30)
    assert read_time("下午2:30", CTX) == time(14, 30)
    assert read_time(0.75, CTX) == time(18, 0)
    assert read_time(time(8, 0), CTX) == time(8, 0)


def test_enums_accept_aliases_and_traditional() -> None:
    read = enum_reader(("现金", "微信", "支付宝"), (("wechat", "微信"),))
    assert read("現金", CTX) == "现金"
    assert read("WeChat", CTX) == "微信"
    assert read("微信扫码", CTX) == "微信"
    assert read("信用卡", CTX) is BAD


def test_money_formatting() -> None:
    assert format_money(123450) == "¥1,234.50"
    assert format_money(-5) == "-¥0.05"


cells = st.one_of(
    st.none(), st.text(max_size=40), st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.datetimes(), st.dates(), st.times(),
    st.sampled_from(["2026-11-03", "¥1,234.00", "3栋2单元1501", "是", "无", "—", "(120.00)", "11月3日", "２０２６"]),
)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(value=cells, year=st.one_of(st.none(), st.integers(1990, 2100)))
def test_every_reader_returns_a_value_none_or_bad(value: object, year: int | None) -> None:
    ctx = Context(year, None)
    for name, reader in {**READERS, "enum": enum_reader(("现金", "微信"), ())}.items():
        got = reader(value, ctx)  # must not raise
        if got is None or got is BAD:
            continue
        assert isinstance(got, TYPES[name]), (name, value, got)


TYPES: dict[str, type | tuple[type, ...]] = {
    "text": str, "id": str, "ids": tuple, "date": datetime, "datetime": datetime, "time": (time, datetime),
    "money": int, "number": float, "int": int, "phone": str, "bool": bool, "signature": bool, "unit": str,
    "period": tuple, "remark": str, "flag_or_text": bool, "enum": str, "roll": str,
}


def test_several_ids_in_one_cell() -> None:
    from registers.core.values.text import read_ids

    assert read_ids("NO.001、NO.002", CTX) == ("NO.001", "NO.002")
    assert read_ids("NO.001 NO.002", CTX) == ("NO.001", "NO.002")
    assert read_ids("NO. 0011987, 0011988", CTX) == ("NO.0011987", "0011988")
    assert read_ids("无", CTX) is None


def test_free_text_keeps_what_the_clerk_typed() -> None:
    from registers.core.values.text import read_remark, read_text

    assert read_remark("未签收，需跟进", CTX) == "未签收，需跟进"
    assert read_remark("無", CTX) is None
    assert read_text(" 王芳 ", CTX) == "王芳"
