"""Office config: defaults are the regulation's; a bad key names itself and what is accepted."""

from __future__ import annotations

import pytest

from registers.core.settings import ConfigError, Limits, parse_settings


def test_defaults_are_the_regulations() -> None:
    s = parse_settings({})
    assert s.timezone == "Asia/Shanghai" and s.language == "zh-Hans"
    assert s.limits == Limits()
    assert (s.limits.repair_dispatch_minutes, s.limits.large_receipt_fen, s.limits.tolerance_fen) == (30, 500000, 1)
    assert s.limits.roll_tolerance_fen == 5  # five fen a month: a receipt spread over months leaves a fen


def test_roll_tolerance_is_read_and_checked() -> None:
    assert parse_settings({"limits": {"roll_tolerance": 0.5}}).limits.roll_tolerance_fen == 50
    assert parse_settings({"limits": {"roll_tolerance": 1}}).limits.roll_tolerance_fen == 100
    with pytest.raises(ConfigError, match=r"limits\.roll_tolerance"):
        parse_settings({"limits": {"roll_tolerance": -0.01}})
    with pytest.raises(ConfigError, match=r"limits\.roll_tolerance"):
        parse_settings({"limits": {"roll_tolerance": "五分"}})


def test_overrides() -> None:
    s = parse_settings({"office": "x", "limits": {"large_receipt": 3000, "repair_visit_rate": 0.5},
                        "rules": {"ignore": ["fee.receipt-gap"]},
                        "registers": {"not_kept": ["fee_ledger.cash_counts"],
                                      "pins": [{"register": "keys.ledger", "file": "a.xlsx", "sheet": "S"}]}})
    assert s.limits.large_receipt_fen == 300000 and s.limits.repair_visit_rate == 0.5
    assert s.ignore == ("fee.receipt-gap",) and s.pins[0].register == "keys.ledger"


@pytest.mark.parametrize(
    "data, words",
    [
        ({"langauge": "en"}, ["langauge", "language"]),
        ({"language": "fr"}, ["language", "zh-Hans", "zh-Hant", "en"]),
        ({"timezone": "Mars/Base"}, ["timezone", "Mars/Base"]),
        ({"limits": {"large_receipt": "五千"}}, ["limits.large_receipt", "number"]),
        ({"limits": {"repair_dispatch_minutes": -1}}, ["limits.repair_dispatch_minutes"]),
        ({"limits": {"repair_visit_rate": 30}}, ["repair_visit_rate"]),
        ({"rules": {"select": "fee"}}, ["rules.select", "list"]),
        ({"records_from": "11月8日"}, ["records_from", "2026-10-08"]),
        ({"registers": {"pins": [{"register": "nope", "file": "a.xlsx"}]}}, ["pins[0].register", "fee_ledger.receipts"]),
    ],
)
def test_bad_config_names_the_key_and_the_accepted_values(data: dict, words: list[str]) -> None:
    with pytest.raises(ConfigError) as e:
        parse_settings(data)
    for w in words:
        assert w in str(e.value)


def test_a_pin_names_columns_by_field_name_or_header_in_any_language() -> None:
    pins = [{"register": "fee_ledger.receipts", "file": "收费.xlsx",
             "columns": {"房號": "室号", "cashier": "收银员", "Amount": "实缴金额"}}]
    pin = parse_settings({"registers": {"pins": pins}}).pins[0]
    assert pin.columns == (("unit", "室号"), ("cashier", "收银员"), ("amount", "实缴金额"))


@pytest.mark.parametrize("columns, words", [
    ({"楼层": "室号"}, ["'楼层' is not a field of fee_ledger.receipts", "房号", "收款人"]),
    ({"房号": ""}, ["房号", "header text"]),
    ("房号=室号", ["must be a table"]),
])
def test_bad_pin_columns_name_what_is_wrong(columns: object, words: list[str]) -> None:
    pins = [{"register": "fee_ledger.receipts", "file": "收费.xlsx", "columns": columns}]
    with pytest.raises(ConfigError) as err:
        parse_settings({"registers": {"pins": pins}})
    assert all(w in str(err.value) for w in words), str(err.value)
