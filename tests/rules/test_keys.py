"""``key.*``: the key register (钥匙管理, 4.5) — inventory and loans."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from registers.i18n import render_message
from registers.views.keys import building_of, floor_of, label_ok
from tests.support.helpers import flat, make_office, run_check

INV = ["钥匙编号", "钥匙类别", "钥匙种类", "标识", "数量", "紧急备用", "存放位置"]
# columns: A key_id, B category, C kind, D label, F emergency_spare
LED = ["借出时间", "钥匙编号", "借用人", "部门/单位", "借用事由", "批准人", "预计归还时间", "归还时间", "经手人"]
# columns: A out_at, B key_id, C borrower, D department, E purpose, F approver, G due_at, H returned_at


def key(kid: str, category: str = "业主钥匙", kind: str | None = "防盗门", label: str | None = "3-2-1501",
        spare: Any = "否") -> list[Any]:
    return [kid, category, kind, label, 1, spare, "钥匙柜A"]


def with_spare(kid: str, *rest: Any, **kw: Any) -> list[list[Any]]:
    """A key and its emergency spare (``kid`` + ``S``)."""
    return [key(kid, *rest, **kw), key(kid + "S", *rest, **{**kw, "spare": "是"})]


def loan(out: Any, kid: str = "K1", borrower: Any = "王工", dept: Any = "工程部", purpose: Any = "更换门锁",
         approver: Any = "赵经理", due: Any = None, returned: Any = None) -> list[Any]:
    return [out, kid, borrower, dept, purpose, approver, due, returned, "李四"]


def d(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute)


def office(tmp_path: Path, inventory: list[list[Any]], loans: list[list[Any]] | None = None) -> Path:
    sheets: dict[str, list[list[Any]]] = {"钥匙清单": [INV, *inventory]}
    if loans is not None:
        sheets["借还记录"] = [LED, *loans]
    return make_office(tmp_path / "office", {"钥匙管理.xlsx": sheets})


def findings(root: Path, rule: str, **kw: Any) -> set[tuple[Any, ...]]:
    return flat(run_check(root, select=["key"], **kw).findings, rules=rule)


# ---------------------------------------------------------------- unknown-category


def test_unknown_owner_key_kind(tmp_path: Path) -> None:
    root = office(tmp_path, [
        *with_spare("K1", kind="防盗门"),
        *with_spare("K2", kind="防盜門"),  # Traditional spelling is fine
        *with_spare("K3", kind="车库门"),  # rows 6, 7
        *with_spare("K4", kind=None),  # kind column is optional
        *with_spare("K5", category="设备房钥匙", kind="卷帘门", label="水泵房"),  # only owner kinds are listed
    ])
    assert findings(root, "key.unknown-category") == {
        ("key.unknown-category", "钥匙清单", 6, "C"), ("key.unknown-category", "钥匙清单", 7, "C"),
    }


def test_unknown_category_is_only_a_bad_value(tmp_path: Path) -> None:
    root = office(tmp_path, [key("K1", category="汽车钥匙", spare="是")])
    report = run_check(root, select=["key", "input.bad-value"])
    assert flat(report.findings, rules=["key", "input.bad-value"]) == {("input.bad-value", "钥匙清单", 2, "B")}


# ---------------------------------------------------------------- bad-label


@pytest.mark.parametrize(("category", "label", "ok"), [
    ("业主钥匙", "3-2-1501", True), ("业主钥匙", "3栋2单元1501室", True), ("业主钥匙", "大堂", False),
    ("公共门窗钥匙", "5F", True), ("公共门窗钥匙", "5层", True), ("公共门窗钥匙", "5楼", True),
    ("公共门窗钥匙", "B1", True), ("公共门窗钥匙", "负一层", True), ("公共门窗钥匙", "地下一层", True),
    ("公共门窗钥匙", "1-5F", True), ("公共门窗钥匙", "5F消防门", True), ("公共门窗钥匙", "3-2-1501", False),
    ("公共门窗钥匙", "大堂", False), ("公共门窗钥匙", "1501", False),
    ("设备房钥匙", "水泵房", True), ("设备房钥匙", "配电房", True), ("设备房钥匙", "5F", False),
    ("设备房钥匙", "3-2-1501", False),
    ("水表箱钥匙", "3栋", True), ("水表箱钥匙", "3-2", True), ("水表箱钥匙", "3#", True),
    ("水表箱钥匙", "3栋2单元", True), ("水表箱钥匙", "水泵房", False), ("水表箱钥匙", "3-2-1501", False),
])
def test_label_fits_its_category(category: str, label: str, ok: bool) -> None:
    assert label_ok(category, label) is ok


def test_labels_are_read_one_way() -> None:
    assert floor_of("5层") == floor_of("5F") == floor_of("五楼") == "5F"
    assert floor_of("负一层") == floor_of("地下一层") == floor_of("B1") == "B1"
    assert floor_of("3#5层") == "3栋5F"
    assert building_of("3#") == building_of("3栋") == "3"
    assert building_of("3栋2单元") == building_of("3-2") == "3-2"


def test_bad_label_findings(tmp_path: Path) -> None:
    root = office(tmp_path, [
        *with_spare("K1"),
        key("K2", label="大堂", spare="是"),  # row 4: owner key without a unit
        key("K3", category="公共门窗钥匙", kind=None, label="5F", spare="是"),
        key("K4", category="公共门窗钥匙", kind=None, label="天井", spare="是"),  # row 6
        key("K5", category="设备房钥匙", kind=None, label="B1", spare="是"),  # row 7: a floor, not the equipment
        key("K6", category="水表箱钥匙", kind=None, label="3#", spare="是"),
        key("K7", category="水表箱钥匙", kind=None, label=None, spare="是"),  # row 9: empty
    ])
    report = run_check(root, select=["key", "input.missing-value"])
    assert flat(report.findings, rules=["key.bad-label", "input.missing-value"]) == {
        ("key.bad-label", "钥匙清单", 4, "D"), ("key.bad-label", "钥匙清单", 6, "D"),
        ("key.bad-label", "钥匙清单", 7, "D"), ("key.bad-label", "钥匙清单", 9, "D"),
    }


def test_bad_label_message(tmp_path: Path) -> None:
    root = office(tmp_path, [key("K2", label="大堂", spare="是")])
    (f,) = [f for f in run_check(root, select=["key"]).findings if f.rule == "key.bad-label"]
    assert render_message(f).startswith("业主钥匙的标识“大堂”不合要求")


# ---------------------------------------------------------------- no-emergency-spare


def test_every_key_type_needs_a_spare(tmp_path: Path) -> None:
    root = office(tmp_path, [
        key("K1", label="3-2-1501"),
        key("K2", label="3栋2单元1501室", spare="是"),  # the same type, spelled otherwise: covered
        key("K3", kind="信箱", label="3-2-1501"),  # row 4: another kind, no spare
        key("K4", kind="信箱", label="3-2-1501"),
        key("K5", category="公共门窗钥匙", kind=None, label="5层"),
        key("K6", category="公共门窗钥匙", kind=None, label="5F", spare="√"),
        key("K7", category="设备房钥匙", kind=None, label="水泵房", spare=None),  # row 8
    ])
    assert findings(root, "key.no-emergency-spare") == {
        ("key.no-emergency-spare", "钥匙清单", 4, "F"), ("key.no-emergency-spare", "钥匙清单", 8, "F"),
    }


def test_no_spare_message_and_not_period_filtered(tmp_path: Path) -> None:
    root = office(tmp_path, [key("K1", kind="信箱", label="3-2-1501"), key("K2", kind="信箱", label="3-2-1501")])
    report = run_check(root, month="2027-03", as_of="2027-03-31 23:59", select=["key"])
    (f,) = [f for f in report.findings if f.rule == "key.no-emergency-spare"]
    assert (f.sheet, f.row) == ("钥匙清单", 2)
    assert render_message(f) == ("钥匙“业主钥匙 信箱 3-2-1501”在清单中没有紧急备用（共 2 行，都未标“紧急备用”）。"
                                 "每种钥匙须留有紧急备用：请配备，并在清单中标明“紧急备用”。")


def test_unreadable_spare_flag_is_a_bad_value_only(tmp_path: Path) -> None:
    root = office(tmp_path, [key("K1", spare="待定")])
    report = run_check(root, select=["key", "input.bad-value"])
    assert flat(report.findings, rules=["key", "input.bad-value"]) == {("input.bad-value", "钥匙清单", 2, "F")}


# ---------------------------------------------------------------- unregistered-borrow / private-borrow


def test_unregistered_borrow_points_at_the_first_missing_field(tmp_path: Path) -> None:
    root = office(tmp_path, with_spare("K1"), [
        loan(d(3, 9), returned=d(3, 10)),
        loan(d(4, 9), approver=None, returned=d(4, 10)),  # row 3: F
        loan(d(5, 9), purpose="无", approver=None, returned=d(5, 10)),  # row 4: E first
        loan(d(6, 9), borrower=None, returned=d(6, 10)),  # row 5: C
    ])
    report = run_check(root, select=["key", "input.missing-value"])
    assert flat(report.findings, rules=["key.unregistered-borrow", "input.missing-value"]) == {
        ("key.unregistered-borrow", "借还记录", 3, "F"),
        ("key.unregistered-borrow", "借还记录", 4, "E"),
        ("key.unregistered-borrow", "借还记录", 5, "C"),
    }
    (f,) = [f for f in report.findings if f.rule == "key.unregistered-borrow" and f.row == 4]
    assert render_message(f) == "借钥匙登记不全：借用人 ✓、借用事由 ✗、批准人 ✗（三项都须填写）。请补登缺项。"
    assert f.args["missing"] == ("keys.ledger:purpose", "keys.ledger:approver")


def test_private_borrow(tmp_path: Path) -> None:
    root = office(tmp_path, with_spare("K1"), [
        loan(d(3, 9), returned=d(3, 10)),
        loan(d(4, 9), purpose="帮朋友开门", returned=d(4, 10)),  # row 3: purpose
        loan(d(5, 9), purpose="個人取物", returned=d(5, 10)),  # row 4: Traditional
        loan(d(6, 9), dept="个人", returned=d(6, 10)),  # row 5: department
        loan(d(7, 9), dept="/", returned=d(7, 10)),  # row 6: department says nothing
        loan(d(8, 9), dept="保安部", purpose="巡查天台", returned=d(8, 10)),
    ])
    assert findings(root, "key.private-borrow") == {
        ("key.private-borrow", "借还记录", 3, "E"), ("key.private-borrow", "借还记录", 4, "E"),
        ("key.private-borrow", "借还记录", 5, "D"), ("key.private-borrow", "借还记录", 6, "D"),
    }


# ---------------------------------------------------------------- overdue


def test_key_overdue_default_limit_and_due_time(tmp_path: Path) -> None:
    root = office(tmp_path, with_spare("K1"), [
        loan(d(3, 9), returned=d(4, 9)),  # exactly 24 h: on time
        loan(d(5, 9), returned=d(6, 9, 1)),  # row 3: late
        loan(d(7, 9), due=d(7, 12), returned=d(7, 12, 30)),  # row 4: late against its own due time
        loan(d(8, 9), due=d(10, 9), returned="2026-11-09 18:00"),  # in time (text date)
        loan(d(20, 9)),  # row 6: never returned
    ])
    assert findings(root, "key.overdue") == {
        ("key.overdue", "借还记录", 3, "H"), ("key.overdue", "借还记录", 4, "H"), ("key.overdue", "借还记录", 6, "H"),
    }


def test_key_out_is_measured_against_as_of(tmp_path: Path) -> None:
    root = office(tmp_path, with_spare("K1"), [loan(d(20, 9))])
    assert findings(root, "key.overdue", as_of="2026-11-21 09:00") == set()
    assert findings(root, "key.overdue", as_of="2026-11-21 09:01") == {("key.overdue", "借还记录", 2, "H")}


def test_key_lent_last_month_and_still_out_is_overdue_now(tmp_path: Path) -> None:
    root = office(tmp_path, with_spare("K1") + with_spare("K2") + with_spare("K3"), [
        loan(d(20, 9, month=10)),  # row 2: still out
        loan(d(20, 9, month=10), kid="K2", returned=d(25, 9, month=10)),  # late, but back in October
        loan(d(31, 9, month=10), kid="K3", returned=d(2, 9)),  # row 4: back late in November
    ])
    assert findings(root, "key.overdue") == {("key.overdue", "借还记录", 2, "H"), ("key.overdue", "借还记录", 4, "H")}


def test_key_overdue_message(tmp_path: Path) -> None:
    root = office(tmp_path, with_spare("K1"), [loan(d(5, 9), returned=d(6, 12))])
    (f,) = [f for f in run_check(root, select=["key"]).findings if f.rule == "key.overdue"]
    assert f.key == "K1"
    assert render_message(f) == (
        "2026-11-05 09:00 借出，应于 2026-11-06 09:00 前归还，已超时 3 小时（未写预计归还时间的，借出后 24 小时内归还）。"
        "尚未归还的，请催还并登记归还时间。"
    )


def test_unreadable_return_is_a_bad_value_not_an_overdue(tmp_path: Path) -> None:
    root = office(tmp_path, with_spare("K1"), [loan(d(5, 9), returned="已还"), loan(d(8, 9), due="明天", returned=d(9, 18))])
    report = run_check(root, select=["key", "input.bad-value"])
    assert flat(report.findings, rules=["key", "input.bad-value"]) == {
        ("input.bad-value", "借还记录", 2, "H"), ("input.bad-value", "借还记录", 3, "G"),
    }


# ---------------------------------------------------------------- double-borrow


def test_double_borrow_reports_the_later_loan(tmp_path: Path) -> None:
    root = office(tmp_path, with_spare("K1") + with_spare("K2"), [
        loan(d(3, 9), returned=d(3, 12)),
        loan(d(3, 10), kid=" k1 ", returned=d(3, 11)),  # row 3: the same key, still out since 09:00
        loan(d(3, 12), returned=d(3, 13)),  # returned at 12:00 exactly: free again
        loan(d(4, 9), kid="K2"),  # never returned
        loan(d(6, 9), kid="K2", returned=d(6, 10)),  # row 6
        loan(d(5, 9), kid="K1", returned=d(5, 10)),  # out of order in the sheet: fine
    ])
    report = run_check(root, select=["key"])
    assert flat(report.findings, rules="key.double-borrow") == {
        ("key.double-borrow", "借还记录", 3, "A"), ("key.double-borrow", "借还记录", 6, "A"),
    }
    (f,) = [f for f in report.findings if f.rule == "key.double-borrow" and f.row == 6]
    assert render_message(f) == "此钥匙 2026-11-04 09:00 借出（借还记录 第 5 行）尚未归还，又于 2026-11-06 09:00 借出。"


def test_double_borrow_sees_a_loan_from_last_month(tmp_path: Path) -> None:
    root = office(tmp_path, with_spare("K1"), [loan(d(30, 9, month=10)), loan(d(2, 9), returned=d(2, 10))])
    assert findings(root, "key.double-borrow") == {("key.double-borrow", "借还记录", 3, "A")}


# ---------------------------------------------------------------- unknown-key / spare-lent


def test_unknown_key(tmp_path: Path) -> None:
    root = office(tmp_path, with_spare("K1"), [
        loan(d(3, 9), kid="k1", returned=d(3, 10)),
        loan(d(4, 9), kid="K9", returned=d(4, 10)),  # row 3
        loan(d(4, 9, month=10), kid="K8", returned=d(4, 10, month=10)),  # October: not this check
    ])
    assert findings(root, "key.unknown-key") == {("key.unknown-key", "借还记录", 3, "B")}


def test_spare_lent_is_a_warning(tmp_path: Path) -> None:
    root = office(tmp_path, with_spare("K1"), [
        loan(d(3, 9), returned=d(3, 10)),
        loan(d(4, 9), kid="K1S", returned=d(4, 10)),  # row 3
    ])
    report = run_check(root, select=["key"])
    assert flat(report.findings, rules="key.spare-lent") == {("key.spare-lent", "借还记录", 3, "B")}
    assert all(f.severity.label == "warning" for f in report.findings if f.rule == "key.spare-lent")


def test_clean_key_register(tmp_path: Path) -> None:
    root = office(tmp_path, [
        *with_spare("K1"),
        *with_spare("P5", category="公共门窗钥匙", kind="消防门", label="5F"),
        *with_spare("E1", category="设备房钥匙", kind=None, label="水泵房"),
        *with_spare("W3", category="水表箱钥匙", kind=None, label="3栋"),
    ], [
        loan(d(3, 9), returned=d(3, 10)),
        loan("2026/11/4 9:00", kid="P5", dept="保安部", purpose="巡查", due="2026-11-04 18:00", returned=d(4, 17)),
    ])
    assert flat(run_check(root, select=["key"]).findings, rules="key") == set()


def test_the_private_words_traditional_forms_are_zhconvs() -> None:
    """The Traditional spellings of the private-borrowing words are written out (no zhconv table loaded for
    seven words during a check); they must stay what zhconv makes of the Simplified ones."""
    from registers.core.spec import to_traditional
    from registers.rules.keys import PRIVATE_WORDS, PRIVATE_WORDS_HANT

    assert tuple(to_traditional(w) for w in PRIVATE_WORDS) == PRIVATE_WORDS_HANT


# ---------------------------------------------------------------- suggestions


def test_bad_label_suggests_the_label_of_the_keys_other_copy(tmp_path: Path) -> None:
    from registers.check import finding_json
    from tests.support.accept import accept

    root = make_office(tmp_path / "office", {"钥匙管理.xlsx": {"钥匙台账": [
        ["XX管理处 钥匙台账"], ["编号", "类别", "种类", "房号/楼层/设备", "把数", "应急备用", "存放处"],  # other wordings
        ["GG-05A", "公共门窗钥匙", None, "5F", 2, "否", "钥匙柜"],
        ["GG-05B", "公共门窗钥匙", None, "水泵房", 1, "是", "应急箱"],  # row 4: its copy says 5F
        ["YZ-01A", "业主钥匙", "防盗门", None, 2, "否", "钥匙柜"],  # row 5: empty, its copy says the unit
        ["YZ-01B", "业主钥匙", "防盗门", "3栋2单元1501室", 1, "是", "应急箱"],
        ["SB-09A", "设备房钥匙", None, "5F", 1, "是", "应急箱"],  # row 7: no copy, the equipment is not known
        ["SX-01A", "水表箱钥匙", None, "3号", 1, "否", "钥匙柜"],  # row 8: copies disagree
        ["SX-01B", "水表箱钥匙", None, "3栋", 1, "是", "应急箱"],
        ["SX-01C", "水表箱钥匙", None, "4栋", 1, "否", "钥匙柜"],
    ]}})
    found = {f.row: f for f in run_check(root, select=["key"]).findings if f.rule == "key.bad-label"}
    assert set(found) == {4, 5, 7, 8}
    assert [w.value for w in found[4].writes()] == ["5F"]
    assert [w.value for w in found[5].writes()] == ["3栋2单元1501室"]
    assert found[7].suggestion is None and found[8].suggestion is None
    assert finding_json(found[4], "zh-Hant")["suggestion"]["value"] == "5F"

    stayed, new = accept(root, [found[4], found[5]], select=["key"])
    assert stayed == set() and new == set()


def test_unknown_key_suggests_the_inventory_id_the_loan_spells(tmp_path: Path) -> None:
    from tests.support.accept import accept

    root = office(tmp_path, [*with_spare("SB-01A", "设备房钥匙", None, "水泵房"),
                             *with_spare("GG-02A", "公共门窗钥匙", None, "B1")], [
        loan(d(3, 9), "SB01A", returned=d(3, 10)),  # row 2: the dash left out
        loan(d(4, 9), "gg-O2a", returned=d(4, 10)),  # row 3: letter O for zero, lower case
        loan(d(5, 9), "SB-09A", returned=d(5, 10)),  # row 4: no such key: nothing to suggest
    ])
    found = {f.row: f for f in run_check(root, select=["key"]).findings if f.rule == "key.unknown-key"}
    assert set(found) == {2, 3, 4}
    assert [w.value for w in found[2].writes()] == ["SB-01A"]
    assert [w.value for w in found[3].writes()] == ["GG-02A"]
    assert found[4].suggestion is None

    stayed, new = accept(root, [found[2], found[3]], select=["key"])
    assert stayed == set() and new == set()
