"""Issue 23: where the regulation says what the clerk must do, the finding's message ends by saying it — 补交,
补签, 补登 — in the office's language, after the facts it already gave."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from registers.i18n import render_message
from tests.support.helpers import make_office, run_check

R_HEAD = ["收據號", "收款日期", "房號", "收費項目", "所屬期間", "金額", "收款方式", "收款人"]
H_HEAD = ["日期", "收款人", "现金上交", "上交时间", "接收人", "大额已报"]
E_HEAD = ["日期", "凭证号", "支出类别", "金额", "付款方式", "经办人", "审批人"]
P_HEAD = ["报修编号", "报修时间", "住户姓名", "地址/房号", "联系电话", "报修内容", "预约维修时间", "通知维修时间",
          "维修任务单号", "完成时间"]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    at = datetime(2026, 11, 3, 9, 0)
    rows: list[list[Any]] = [
        ["2026年11月 收費明細"], R_HEAD,
        ["NO.0000101", at, "3-2-1501", "停车费", "2026.11", 150, "现金", "王芳"],
        ["NO.0000102", datetime(2026, 11, 3, 10, 0), "3-2-1502", "停车费", "2026.11", 150, "现金", "王芳"],
        ["合計", None, None, None, None, 300],
    ]
    return make_office(tmp_path_factory.mktemp("instr") / "office", {
        "收费台账.xlsx": {
            "收费明细": rows,
            "收费标准": [["收费项目", "类别", "计费方式", "单价", "生效日期", "失效日期"],
                     ["停车费", "其他", "按户", 150, None, None]],
            "日结上交": [H_HEAD, ["2026-11-03", "王芳", 200, "2026-11-03 17:30", "张会计", "否"]],
            "支出明细": [E_HEAD, ["2026-11-10", "PZ-011", "办公用品", 80, "现金", "赵六", None]],
        },
        "住户报修记录表.xlsx": {"11月": [
            ["住户报修记录表"], P_HEAD,
            ["BX1105", "2026-11-05 09:00", "王五", "3-2-1501", "13800138000", "水龙头漏水", "2026-11-05 10:00",
             "2026-11-05 09:10", None, "2026-11-05 15:00"],
        ]},
    })


CASES = {
    "fee.not-cleared": ("当日现金须当日全额上交：请查明差额，补交或更正台账。", "補交或更正台賬。",
                        "then hand it over or correct the ledger."),
    "fee.unapproved-expense": ("支出须经审批人签批：请补签。", "請補簽。", "have it signed."),
    "repair.no-work-order": ("请补登维修任务单号。", "請補登維修任務單號。", "Enter the work-order number."),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_the_message_ends_with_what_the_regulation_asks(office: Path, rule: str) -> None:
    found = [f for f in run_check(office).findings if f.rule == rule]
    assert len(found) == 1, [f.rule for f in run_check(office).findings]
    hans, hant, en = (render_message(found[0], lang) for lang in ("zh-Hans", "zh-Hant", "en"))
    for text, tail in zip((hans, hant, en), CASES[rule], strict=True):
        assert text.endswith(tail), text
        assert "{" not in text, text  # every field still filled
    if rule == "fee.not-cleared":  # the facts come first, the instruction after them
        assert hans.startswith("2026-11-03 王芳 现金收款 ¥300.00，日结上交 ¥200.00，差额 -¥100.00。"), hans
