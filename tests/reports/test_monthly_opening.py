"""The monthly report's opening cash, carried in from the earlier months summed on the registers, equals
the previous month's closing computed from its every movement (``--full-detail``)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from registers.core.period import Period
from registers.pipeline.monthly import monthly_report
from registers.reports.monthly.model import Monthly
from tests.support.helpers import make_office

R_HEAD = ["收据号", "收款日期", "房号", "收费项目", "所属期间", "月数", "数量", "金额", "收款方式", "收款人", "状态"]
S_HEAD = ["收费项目", "类别", "计费方式", "单价", "生效日期", "失效日期"]
H_HEAD = ["日期", "收款人", "现金上交", "上交时间", "接收人", "大额已报"]
E_HEAD = ["日期", "凭证号", "支出类别", "金额", "付款方式", "经办人", "审批人"]
SCHEDULE: list[list[Any]] = [
    ["物业服务费", "物业服务费", "按面积", 2.50, None, None],
    ["停车费", "其他", "按户", 150, None, None],
]
UNITS: list[list[Any]] = [["房号", "业主姓名", "建筑面积"], ["3-2-1501", "王五", 89.5], ["1-1-101", "李四", 100]]


def fee(no: str, at: str, item: str, amount: float, method: str, state: str = "正常") -> list[Any]:
    unit, period = ("3-2-1501", "2026.10-2026.12") if item == "物业服务费" else ("1-1-101", at[:7])
    return [no, at, unit, item, period, None, None, amount, method, "王芳", state]


RECEIPTS = [
    # September: 671.25 in cash; a voided cash receipt and one by WeChat do not touch the box
    fee("NO.0001001", "2026-09-03 09:00", "物业服务费", 671.25, "现金"),
    fee("NO.0001002", "2026-09-05 10:00", "物业服务费", 500, "现金", "作废"),
    fee("NO.0001003", "2026-09-10 11:00", "停车费", 150, "微信"),
    # October: 150 in cash; another voided cash receipt
    fee("NO.0001004", "2026-10-08 09:30", "停车费", 150, "现金"),
    fee("NO.0001005", "2026-10-09 09:30", "物业服务费", 671.25, "现金", "已作废"),
    # November
    fee("NO.0001006", "2026-11-03 09:00", "物业服务费", 671.25, "现金"),
]
HANDOVER = [
    ["2026-09-03", "王芳", 600, "2026-09-03 17:30", "张会计", "否"],
    ["2026-10-08", "王芳", 100, None, "张会计", "否"],  # no time: it leaves the box at the day's end
    ["2026-10-31", "王芳", 50, "2026-11-01 09:00", "张会计", "否"],  # dated October, handed over in November
]
EXPENDITURES = [
    ["2026-09-20", "PZ-001", "办公用品", 80, "现金", "赵六", "钱七"],
    ["2026-09-21", "PZ-002", "维修材料", 300, "银行转账", "赵六", "钱七"],  # not out of the box
    ["2026-09-22", "PZ-003", "清洁用品", 20, None, "赵六", "钱七"],  # no method: cash
    ["2026-10-15", "PZ-004", "办公用品", 45.5, "现金", "赵六", "钱七"],
]
# 1000 + 671.25 − 600 − 80 − 20 = 971.25 at September's end; + 150 − 100 − 45.5 = 975.75 at October's
CLOSING = {9: 97125, 10: 97575}
LAST_DAY = {9: 30, 10: 31, 11: 30}


@pytest.fixture
def office(tmp_path: Path) -> Path:
    return make_office(tmp_path / "office", {
        "收费台账.xlsx": {
            "收费明细": [["阿尔卡迪亚管理处 2026年收费明细"], R_HEAD, *RECEIPTS, ["合计", None, None, None, None, None,
                                                                  None, 2813.75]],
            "收费标准": [S_HEAD, *SCHEDULE],
            "日结上交": [H_HEAD, *HANDOVER],
            "支出明细": [E_HEAD, *EXPENDITURES],
        },
        "业主档案.xlsx": {"业主档案": UNITS},
    }, 'office = "测试管理处"\nopening_balance = 1000.00\n')


def monthly(root: Path, month: int, out: Path, *, full: bool) -> tuple[Monthly, Path]:
    result = monthly_report(root, Period.month(2026, month), as_of=datetime(2026, month, LAST_DAY[month], 23, 59),
                            out=out, history=False, pdf=False, full_detail=full)
    book = next(p for p in result.paths if p.suffix == ".xlsx")
    return result.monthly, book


def carried_cell(book: Path) -> Any:
    """The workbook's 月初库存现金（上月结转） value, wherever its parameters sheet puts it."""
    wb = load_workbook(book, read_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells = list(row)
            if "月初库存现金（上月结转）" in cells:
                return cells[cells.index("月初库存现金（上月结转）") + 1]
    raise AssertionError(f"no carried-in opening in {book}")


@pytest.mark.parametrize("month", [10, 11])
def test_carried_opening_equals_previous_full_closing(office: Path, tmp_path: Path, month: int) -> None:
    previous, _ = monthly(office, month - 1, tmp_path / "full", full=True)
    assert previous.full_detail
    assert previous.closing == CLOSING[month - 1]

    this, book = monthly(office, month, tmp_path / "month", full=False)
    assert not this.full_detail
    assert this.carried_in == previous.closing
    assert this.opening == CLOSING[month - 1]
    assert carried_cell(book) == pytest.approx(CLOSING[month - 1] / 100)
    # the detail holds the month's movements only: the October-dated handover of 11-01 is November's
    assert all(m.moment >= datetime(2026, month, 1) for m in this.movements)
    assert len(this.movements) == {10: 4, 11: 2}[month]

    whole, _ = monthly(office, month, tmp_path / "whole", full=True)
    assert whole.opening == this.opening and whole.closing == this.closing
