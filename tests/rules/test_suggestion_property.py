"""No suggestion is ever offered for what the registers cannot know: an empty required name, a phone number."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.helpers import make_office, run_check

REPAIRS = ["报修编号", "报修时间", "报修人", "报修地址", "手机", "故障描述", "预约时间", "派工时间", "维修工", "工单号",
           "完工时间"]
NAME, PHONE = "C", "E"  # the resident's name and phone: facts only the resident can give
VISITS = ["回访日期", "回访类型", "关联编号", "房号", "回访人", "回访方式", "回访结果"]
VISITOR = "E"

phones = st.one_of(st.just("13800138000"), st.just(None), st.sampled_from(["1380013800", "l3800138000", "138-OO13-8000",
                                                                            "待补", "0755-8888888x", "12345"]))
names = st.one_of(st.just("陈先生"), st.just(None), st.just(""), st.just("  "), st.just("/"))
ids = st.sampled_from(["BX001", "BX002", "BX003", "BX004", "BX0O5", "bx 001"])
units = st.sampled_from(["3-2-1501", "3栋2单元1501室", "5-1-801", None])
rows = st.lists(st.tuples(ids, names, phones, units, st.integers(1, 25), st.booleans()), min_size=1, max_size=6)


def _repair(no: str, name: Any, phone: Any, unit: Any, day: int, done: bool) -> list[Any]:
    at = datetime(2026, 11, day, 9)
    return [no, at, name, unit, phone, "水管漏水", at + timedelta(hours=2), at + timedelta(minutes=10), "李师傅",
            "WO-" + no, at + timedelta(hours=5) if done else None]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows, visitor=names, ref=ids)
def test_no_suggestion_for_names_or_phones(rows: list[tuple[Any, ...]], visitor: Any, ref: str) -> None:
    with TemporaryDirectory() as tmp:
        root = make_office(Path(tmp) / "o", {
            "报修.xlsx": {"11月": [["XX管理处 住户报修记录表"], REPAIRS, *(_repair(*r) for r in rows)]},
            "回访.xlsx": {"回访记录": [VISITS, [datetime(2026, 11, 27, 10), "报修", ref, "3-2-1501", visitor, "电话",
                                                 "满意"]]},
        })
        findings = run_check(root).findings
    for f in findings:
        if f.rule == "input.missing-value":
            assert f.suggestion is None, f
        if f.rule == "input.bad-value" and str(f.args.get("field", "")).endswith(":phone"):
            assert f.suggestion is None, f
        for w in f.writes():
            place = (w.sheet, (w.cell or "")[:1])
            assert place not in {("11月", NAME), ("11月", PHONE), ("回访记录", VISITOR)}, f
