"""``input.*`` suggestions: what an unreadable amount or date was meant to say, and the free id for a repeated one."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from registers.check import finding_json
from registers.core.inputs import bad_value_suggestion
from registers.core.values.text import Context
from tests.support.accept import accept
from tests.support.helpers import make_office, run_check

# a receipts sheet as offices keep it: a title row, their own header words
TITLE = ["XX物业管理处 收费明细 2026年11月"]
HEADERS = ["收据编号", "缴费日期", "房号", "费用名称", "实收金额", "收款方式", "收款人"]


def receipt(no: str, paid: Any, amount: Any) -> list[Any]:
    return [no, paid, "3-2-1501", "物业服务费", amount, "现金", "王芳"]


def bad_values(root: Path) -> list[Any]:
    return [f for f in run_check(root, select=["input.bad-value"]).findings if f.rule == "input.bad-value"]


def test_letters_typed_for_digits_suggest_the_amount_and_accepting_clears_it(tmp_path: Path) -> None:
    root = make_office(tmp_path / "o", {"收费台账.xlsx": {"收费明细": [
        TITLE, HEADERS,
        receipt("NO.001", datetime(2026, 11, 3), "3OO.00"),  # letter O for zero
        receipt("NO.002", datetime(2026, 11, 4), "l2OO"),  # letter l for one
        receipt("NO.003", datetime(2026, 11, 5), "待定"),  # free text: nothing follows from it
        receipt("NO.004", datetime(2026, 11, 6), 118.5),
    ]}})
    found = {f.cell: f for f in bad_values(root)}
    assert set(found) == {"E3", "E4", "E5"}
    assert [w.value for w in found["E3"].writes()] == [300.0]
    assert found["E3"].suggestion is not None and found["E3"].suggestion.value == "300.00"
    assert [w.value for w in found["E4"].writes()] == [1200.0]
    assert found["E5"].suggestion is None
    doc = finding_json(found["E3"], "zh-Hant")
    assert doc["suggestion"]["value"] == "300.00" and "300.00" in doc["suggestion"]["reason"]
    assert doc["suggestion"]["cells"] == [{"file": "收费台账.xlsx", "sheet": "收费明细", "cell": "E3", "value": 300.0}]

    stayed, new = accept(root, [found["E3"], found["E4"]], select=["input"])
    assert stayed == set() and new == set()


def test_a_date_typed_day_first_suggests_its_reading_and_names_the_other(tmp_path: Path) -> None:
    root = make_office(tmp_path / "o", {"收费台账.xlsx": {"收费明细": [
        TITLE, HEADERS,
        receipt("NO.001", "13/11/2026", 100),  # only one order is a date
        receipt("NO.002", "05/11/2026", 100),  # 5 Nov or 11 May: the sheet's month (November) says which
        receipt("NO.003", "2026-10-32", 100),  # no such day: no suggestion
    ]}})
    found = {f.cell: f for f in bad_values(root)}
    assert set(found) == {"B3", "B4", "B5"}
    assert [w.value for w in found["B3"].writes()] == [date(2026, 11, 13)]
    assert [w.value for w in found["B4"].writes()] == [date(2026, 11, 5)]
    doc = finding_json(found["B4"], "en")
    assert doc["suggestion"]["value"] == "2026-11-05" and "2026-05-11" in doc["suggestion"]["reason"]
    assert found["B5"].suggestion is None

    stayed, new = accept(root, [found["B3"], found["B4"]], select=["input"])
    assert stayed == set() and new == set()


def test_readings_of_typed_text() -> None:
    nov = Context(2026, 11)

    def value(kind: str, raw: Any, ctx: Context = nov) -> Any:
        s = bad_value_suggestion(kind, raw, ctx)
        return None if s is None else s.writes[0].value

    assert value("money", "3OO，5O") == 300.5  # a comma before two final digits is a decimal point
    assert value("number", "8O平米") == 80.0
    assert value("int", "1O") == 10
    assert value("money", "OO") is None  # no digit at all: not read as a number
    assert value("money", "3OO.OO元abc") is None  # still unreadable once the letters are digits
    assert value("phone", "l3800OO0000") is None  # a phone number is a fact, never suggested
    assert value("unit", "3-2-15O1") is None
    assert value("datetime", "2026-1l-05 14:3O") == datetime(2026, 11, 5, 14, 30)
    # both orders dates, the sheet's month deciding neither: month first, as 3/4 is read, the other named
    s = bad_value_suggestion("date", "03/04/2026", nov)
    assert s is not None and s.writes[0].value == date(2026, 3, 4) and s.args["alternative"] == "2026-04-03"
    assert value("date", "31/02/2026") is None  # neither order is a date


def test_a_repeated_repair_id_suggests_the_one_free_id_between_its_neighbours(tmp_path: Path) -> None:
    head = ["報修單號", "報修時間", "住戶姓名", "地址", "聯繫電話", "報修內容", "預約時間"]  # Traditional headers

    def repair(no: str, day: int) -> list[Any]:
        return [no, datetime(2026, 11, day, 9), "陳先生", "3-2-1501", "13800138000", "水管漏水",
                datetime(2026, 11, day, 14)]

    root = make_office(tmp_path / "o", {"報修記錄.xlsx": {"11月": [
        ["住戶報修記錄表"], head,
        repair("BX202611028", 3), repair("BX202611029", 4), repair("BX202611028", 5),  # row 5: 030 is free
        repair("BX202611031", 6),
        repair("BX202611032", 7), repair("BX202611031", 8), repair("BX202611035", 9),  # row 8: 033 and 034
    ]}})
    found = {f.cell: f for f in run_check(root, select=["input"]).findings if f.rule == "input.duplicate-id"}
    assert set(found) == {"A5", "A8"}
    assert [w.value for w in found["A5"].writes()] == ["BX202611030"]
    assert found["A8"].suggestion is None  # two numbers free: which one is a guess

    stayed, new = accept(root, [found["A5"]], select=["input"])
    assert stayed == set() and new == set()
