"""``visit.*``: return visits (回访记录表, 4.3) of complaints and repairs."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from registers.core.period import Period
from registers.i18n import render_message
from tests.support.helpers import flat, make_office, run_check

VISITS = ["回访时间", "回访类型", "关联编号", "房号", "回访人", "回访方式", "回访结果", "备注"]
# columns: A visited_at, B kind, C ref_id, G result
COMPLAINTS = ["投诉编号", "投诉时间", "投诉人", "房号", "联系电话", "投诉内容", "投诉类别", "受理人",
              "转交部门", "转交时间", "处理结果", "完结时间"]
# column L closed_at
REPAIRS = ["报修编号", "报修时间", "住户姓名", "地址/房号", "联系电话", "报修内容",
           "预约维修时间", "通知维修时间", "维修人员", "维修任务单号", "完成时间", "备注"]


def d(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute)


def visit(at: Any, ref: Any, kind: Any = "投诉", result: Any = "满意") -> list[Any]:
    return [at, kind, ref, "3-2-1501", "周主管", "电话", result, None]


def complaint(cid: Any, closed: datetime | None) -> list[Any]:
    received = (closed or d(1, 9)) - timedelta(hours=3)
    return [cid, received, "王女士", "3-2-1501", "13800138000", "楼上噪音", "噪音扰民", "李客服",
            "秩序部", received + timedelta(minutes=5), "已处理", closed]


def repair(rid: str, completed: datetime) -> list[Any]:
    reported = completed - timedelta(hours=4)
    return [rid, reported, "张三", "3-2-1501", "13800138000", "水龙头漏水", reported + timedelta(hours=1),
            reported + timedelta(minutes=5), "李师傅", "WO-" + rid, completed, None]


def office(tmp_path: Path, visits: list[list[Any]], complaints: list[list[Any]] = (),  # type: ignore[assignment]
           repairs: list[list[Any]] = ()) -> Path:  # type: ignore[assignment]
    books: dict[str, dict[str, list[list[Any]]]] = {"回访.xlsx": {"回访记录": [VISITS, *visits]}}
    books["投诉.xlsx"] = {"投诉记录": [COMPLAINTS, *complaints]}
    books["报修.xlsx"] = {"报修记录": [REPAIRS, *repairs]}
    return make_office(tmp_path / "office", books)


def findings(root: Path, rule: str, **kw: Any) -> set[tuple[Any, ...]]:
    return flat(run_check(root, select=["visit", "input.bad-value"], **kw).findings, rules=rule)


# ---------------------------------------------------------------- missing


def test_missing_visit_of_a_closed_complaint(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        [visit(d(13, 10), "TS02"), visit(d(14, 10), "TS03"), visit(d(12, 9), "ts 04")],
        [
            complaint("TS01", d(10, 10)),  # never visited
            complaint("TS02", d(10, 10)),  # visited exactly 3 days later: in time
            complaint("TS03", d(10, 10)),  # visited 4 days later: too late
            complaint("TS04", d(10, 10)),  # visit's number typed in lower case with a space
        ],
    )
    assert findings(root, "visit.missing") == {
        ("visit.missing", "投诉记录", 2, "L"),
        ("visit.missing", "投诉记录", 4, "L"),
    }


def test_missing_visit_waits_for_the_deadline_at_as_of(tmp_path: Path) -> None:
    root = office(tmp_path, [], [complaint("TS01", d(27, 10))])
    assert findings(root, "visit.missing", as_of="2026-11-30 10:00") == set()
    assert findings(root, "visit.missing", as_of="2026-11-30 10:01") == {("visit.missing", "投诉记录", 2, "L")}
    root2 = office(tmp_path / "b", [], [complaint("TS01", d(28, 10))])
    assert findings(root2, "visit.missing") == set()


def test_missing_visit_of_a_complaint_without_a_number(tmp_path: Path) -> None:
    root = office(tmp_path, [visit(d(11, 10), "TS01")], [complaint(None, d(10, 10)), complaint("TS01", d(10, 10))])
    report = run_check(root, select=["visit"])
    assert flat(report.findings, rules="visit.missing") == {("visit.missing", "投诉记录", 2, "L")}
    (f,) = [f for f in report.findings if f.rule == "visit.missing"]
    assert render_message(f) == ("投诉 — 于 2026-11-10 10:00 完结，应在 2026-11-13 10:00 前回访（完结后 3 天内），"
                                 "回访记录中最早的回访：—。尚未回访的，请尽快回访并登记。")
    assert "回訪" in render_message(f, "zh-Hant") and "3 days" in render_message(f, "en")


def test_missing_visit_looks_at_complaints_whose_visit_fell_due_in_the_period(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        [],
        [
            complaint("TS01", d(30, 16, month=10)),  # due 11-02: judged in November
            complaint("TS02", d(10, 16, month=10)),  # due 10-13: October's check
            complaint("TS03", None),  # still open
        ],
    )
    assert findings(root, "visit.missing") == {("visit.missing", "投诉记录", 2, "L")}


def test_missing_visit_with_unreadable_visit_time_is_a_bad_value(tmp_path: Path) -> None:
    root = office(tmp_path, [visit("待定", "TS01"), visit(d(11, 9), "TS02")],
                  [complaint("TS01", d(10, 10)), complaint("TS02", d(10, 10))])
    assert findings(root, "visit.missing") | findings(root, "input.bad-value") == {("input.bad-value", "回访记录", 2, "A")}


# ---------------------------------------------------------------- rate


def _repairs_completed_in_october(n: int) -> list[list[Any]]:
    return [repair(f"BX{i:02d}", d(1 + i, 10, month=10)) for i in range(n)]


def test_rate_below_target_once_the_window_has_closed(tmp_path: Path) -> None:
    visits = [visit(d(3, 10), "BX00", kind="报修"), visit(d(2, 10, month=12), "BX01", kind="报修")]  # 2nd: too late
    root = office(tmp_path, visits, repairs=_repairs_completed_in_october(4))
    october = Period.parse_month("2026-10")
    report = run_check(root, select=["visit.rate-below-target"], period=october, as_of="2026-11-30 23:59")
    (f,) = report.findings
    assert (f.rule, f.sheet, f.row, f.column, f.key) == ("visit.rate-below-target", "回访记录", None, None, "2026-10")
    assert render_message(f) == "2026-10 完成的报修 4 件，截至 2026-11-30 回访 1 件，回访率 25%，低于 30%。"
    assert "25%" in render_message(f, "en") and "回訪率" in render_message(f, "zh-Hant")


def test_rate_not_judged_while_the_window_is_open(tmp_path: Path) -> None:
    root = office(tmp_path, [], repairs=_repairs_completed_in_october(4))
    october = Period.parse_month("2026-10")
    assert run_check(root, select=["visit.rate-below-target"], period=october, as_of="2026-11-30 23:58").findings == []
    assert run_check(root, select=["visit.rate-below-target"], as_of="2026-11-30 23:59").findings == []  # November


def test_rate_exactly_at_target_is_fine(tmp_path: Path) -> None:
    visits = [visit(d(20, 10), f"BX{i:02d}", kind="报修") for i in range(3)]
    root = office(tmp_path, visits, repairs=_repairs_completed_in_october(10))
    october = Period.parse_month("2026-10")
    assert run_check(root, select=["visit.rate-below-target"], period=october, as_of="2026-12-31 23:59").findings == []


# ---------------------------------------------------------------- unknown-ref


def test_unknown_ref(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        [
            visit(d(5, 10), "BX99", kind="报修"),  # no such repair
            visit(d(5, 11), "BX01", kind="报修"),  # a repair of October: fine
            visit(d(5, 12), "BX01", kind="投诉"),  # a repair number on a complaint visit
            visit(d(5, 13), "ts01", kind="投诉"),  # case and spaces ignored
        ],
        [complaint("TS01", d(4, 10))],
        [repair("BX01", d(28, 10, month=10))],
    )
    assert findings(root, "visit.unknown-ref") == {
        ("visit.unknown-ref", "回访记录", 2, "C"),
        ("visit.unknown-ref", "回访记录", 4, "C"),
    }


def test_unknown_ref_with_an_unreadable_kind_matches_either(tmp_path: Path) -> None:
    root = office(tmp_path, [visit(d(5, 10), "TS01", kind="电话回访")], [complaint("TS01", d(4, 10))])
    assert findings(root, "visit.unknown-ref") | findings(root, "input.bad-value") == {
        ("input.bad-value", "回访记录", 2, "B")
    }


def test_unknown_ref_only_for_visits_in_the_period(tmp_path: Path) -> None:
    root = office(tmp_path, [visit(d(5, 10, month=10), "BX99", kind="报修")], repairs=[repair("BX01", d(2, 10))])
    assert findings(root, "visit.unknown-ref") == set()


# ---------------------------------------------------------------- no-result


def test_no_result(tmp_path: Path) -> None:
    root = office(
        tmp_path,
        [visit(d(11, 10), "TS01", result=None), visit(d(11, 11), "TS01", result="无"),
         visit(d(11, 12), "TS01", result="基本满意")],
        [complaint("TS01", d(10, 10))],
    )
    report = run_check(root, select=["visit", "input.missing-value"])
    assert flat(report.findings, rules=["visit.no-result", "input.missing-value"]) == {
        ("visit.no-result", "回访记录", 2, "G"),
        ("visit.no-result", "回访记录", 3, "G"),
    }


# ---------------------------------------------------------------- suggestions


def test_unknown_ref_suggests_the_one_unvisited_case_of_the_unit(tmp_path: Path) -> None:
    from registers.check import finding_json
    from tests.support.accept import accept

    def at(row: list[Any], unit: str) -> list[Any]:
        return [*row[:3], unit, *row[4:]]

    def repair_at(rid: str, completed: datetime, unit: str) -> list[Any]:
        return [*repair(rid, completed)[:3], unit, *repair(rid, completed)[4:]]

    root = make_office(tmp_path / "office", {
        "回访.xlsx": {"回访记录": [["XX管理处 回访记录表 2026年11月"], ["回访日期", "类型", "报修/投诉编号", "地址",
                                                                        "回访人员", "回访方式", "回访意见", "说明"],
                                   at(visit(d(10, 10), "BX099", kind="报修"), "2-1-1501"),  # row 3: BX005 follows
                                   at(visit(d(10, 11), "BX098", kind="报修"), "5-1-801"),  # row 4: two unvisited
                                   at(visit(d(10, 12), "BX097", kind="报修"), "1-1-101"),  # row 5: done after the visit
                                   at(visit(d(10, 13), "BX001", kind="报修"), "2-1-1501")]},
        "报修.xlsx": {"报修记录": [REPAIRS,
                                   repair_at("BX001", d(5, 15), "2-1-1501"),  # visited (row 6)
                                   repair_at("BX005", d(8, 15), "2-1-1501"),
                                   repair_at("BX006", d(12, 15), "2-1-1501"),  # completed after the visit
                                   repair_at("BX007", d(7, 15), "5-1-801"), repair_at("BX008", d(8, 15), "5-1-801"),
                                   repair_at("BX009", d(11, 15), "1-1-101")]},
        "投诉.xlsx": {"投诉记录": [COMPLAINTS]},
    })
    found = {f.row: f for f in run_check(root, select=["visit"]).findings if f.rule == "visit.unknown-ref"}
    assert set(found) == {3, 4, 5}
    assert [w.value for w in found[3].writes()] == ["BX005"]
    assert found[4].suggestion is None and found[5].suggestion is None
    assert "2-1-1501" in finding_json(found[3], "en")["suggestion"]["reason"]

    stayed, new = accept(root, [found[3]], select=["visit"])
    assert stayed == set() and new == set()
