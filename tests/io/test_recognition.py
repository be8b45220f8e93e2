"""Sheets laid out the way real offices keep them are read as the right register, and their near-miss twins
are not: each case is a small workbook (title rows, other wordings, bilingual and Traditional headers,
footers) checked end to end — what it was read as, which column each field came from, and that the
reading itself caused no finding."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from registers.check import Report, RunError
from tests.support.helpers import make_office, run_check

Rows = Sequence[Sequence[Any]]
# what a misread shows as: values that do not parse, required cells or columns missing, rows read twice
MISREAD = ("input.bad-value", "input.missing-value", "input.missing-column", "input.duplicate-id")
D = datetime


@dataclass(frozen=True)
class Case:
    sheet: str
    rows: Rows
    kind: str | None  # the sheet key it must be read as, None: not a register
    columns: tuple[tuple[str, str], ...] = ()  # (field, column letter) it must be read from
    allowed: tuple[str, ...] = ()  # (rule) findings about the sheet that are true of it, not a misread


def read(tmp_path: Path, case: Case) -> Report:
    office = make_office(tmp_path / "office", {"台账.xlsx": {case.sheet: case.rows}})
    return run_check(office)


def misread(report: Report, case: Case) -> list[tuple[str, int | None, str | None]]:
    return [(f.rule, f.row, f.column) for f in report.findings
            if f.rule in MISREAD and f.rule not in case.allowed]


def kinds(report: Report) -> dict[str, str]:
    return {s.sheet: s.kind for s in report.office.sources}


TITLE = ["阳光花园管理处 2026年11月"]
FOOT_HANS: list[list[Any]] = [["合计", None, None, None, None, None, None], ["制表人：王芳", None, None, "审核：李强"]]
FOOT_HANT: list[list[Any]] = [["合　計", None, None, None, None, None, None], ["製表人：陳小明　　審核：李大文"]]

RECEIPTS_WORDS = ["收条号码", "缴费时间", "室号", "客户", "收费项目", "应缴金额", "实缴金额", "支付方式", "收银员"]
RECEIPT_ROWS = [
    ["NO.0001", D(2026, 11, 3, 9, 30), "3-2-1501", "张伟", "物业费", 360, 360, "微信", "刘敏"],
    ["NO.0002", D(2026, 11, 3, 10, 5), "3-2-701", "王丽", "物业费", 420, 400, "现金", "刘敏"],
    ["NO.0003", D(2026, 11, 4, 15, 0), "3-1-1003", "陈静", "停车费", 150, 150, "支付宝", "刘敏"],
]

EXPENSE_WORDS = ["票据号", "日期", "项目", "金额", "支出人", "付款方式"]
EXPENSE_ROWS = [
    ["ZC-01", D(2026, 11, 2), "办公用品", 86.5, "赵磊", "现金"],
    ["ZC-02", D(2026, 11, 9), "维修材料", 430, "赵磊", "转账"],
    ["ZC-03", D(2026, 11, 20), "清洁用品", 120, "孙倩", "现金"],
]

DUTY_HANT: list[list[Any]] = [["日期", "值班人", "開始時間", "結束時間", "值班情況", "處理結果"],
             [D(2026, 11, 1), "陳小明", "08:00", "20:00", "巡查正常", "無"],
             [D(2026, 11, 1), "李大文", "20:00", "08:00", "3棟電梯困人", "已通知維保，20分鐘解困"],
             [D(2026, 11, 2), "陳小明", "08:00", "20:00", "巡查正常", "無"]]

CASES: dict[str, tuple[Case, Case]] = {
    # 1. a receipts journal in other words (室号, 客户, 缴费时间, 实缴金额 beside 应缴金额, 收银员, 收条号码) ...
    "receipts-other-words": (
        Case("收费明细", [TITLE, RECEIPTS_WORDS, *RECEIPT_ROWS, *FOOT_HANS], "fee_ledger.receipts",
             (("receipt_no", "A"), ("paid_at", "B"), ("unit", "C"), ("payer", "D"), ("amount", "G"),
              ("method", "H"), ("cashier", "I"))),
        # ... and a bill list (what is due, nothing paid) is no receipts journal: it is the bills
        Case("应收清单", [TITLE, ["室号", "客户", "收费项目", "应缴金额", "缴费期限"],
                        ["3-2-1501", "张伟", "物业费", 360, D(2026, 11, 30)],
                        ["3-2-701", "王丽", "物业费", 420, D(2026, 11, 30)]], "fee_ledger.bills",
             (("unit", "A"), ("payer", "B"), ("item", "C"), ("amount_due", "D"))),
    ),
    # 2. the expense sheet of the issue, one header away from receipts: read as expenditures (it keeps no approver)
    "expense-sheet": (
        Case("支出表", [["2026年11月支出明细"], EXPENSE_WORDS, *EXPENSE_ROWS], "fee_ledger.expenditures",
             (("voucher", "A"), ("date", "B"), ("category", "C"), ("amount", "D"), ("handler", "E"),
              ("method", "F")), allowed=("input.missing-column",)),
        Case("收费明细", [["票据号", "日期", "房号", "项目", "金额", "付款方式", "收款人"],
                        ["S-01", D(2026, 11, 2), "3-2-1501", "物业费", 360, "现金", "刘敏"],
                        ["S-02", D(2026, 11, 3), "3-2-1502", "物业费", 360, "微信", "刘敏"]],
             "fee_ledger.receipts", (("receipt_no", "A"), ("unit", "C"), ("cashier", "G"))),
    ),
    # 3. an expense sheet whose handler is 经手人 (a receipts cashier's word too) and no unit or payer
    "expense-with-keeper": (
        Case("费用", [["凭证号码", "支出日期", "支出项目", "摘要", "支出金额", "支出方式", "经手人", "审核人"],
                    ["P1", D(2026, 11, 5), "水电", "公区电费", 1200, "转账", "赵磊", "钱总"],
                    ["P2", D(2026, 11, 6), "办公", "打印纸", 45, "现金", "赵磊", "钱总"]],
             "fee_ledger.expenditures", (("handler", "G"), ("approver", "H"), ("method", "F"))),
        Case("收费", [["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "经手人"],
                    ["R1", D(2026, 11, 5), "3-2-1501", "物业费", 360, "现金", "刘敏"],
                    ["R2", D(2026, 11, 6), "3-2-1502", "物业费", 360, "微信", "刘敏"]],
             "fee_ledger.receipts", (("cashier", "G"),)),
    ),
    # 4. the same headers fit receipts and expenditures alike: the sheet's name decides
    "named-by-sheet": (
        Case("支出表", [["单据号", "日期", "房号", "项目", "金额", "付款方式", "经手人", "审批人"],
                      ["D1", D(2026, 11, 5), "物业中心", "维修材料", 300, "现金", "赵磊", "钱总"]],
             "fee_ledger.expenditures"),
        Case("收费明细", [["单据号", "日期", "房号", "项目", "金额", "付款方式", "经手人", "审批人"],
                        ["D1", D(2026, 11, 5), "3-2-1501", "物业费", 300, "现金", "刘敏", "钱总"]],
             "fee_ledger.receipts"),
    ),
    # 5. bilingual header cells: either half names the column
    "bilingual-receipts": (
        Case("Receipts", [["收据编号 \nOfficial Receipt No", "日期\nDate", " UNIT  单元号", "业主名称\nCustomer",
                           "收费项目\nFee Item", "金额\nAmount", "付款方式\nPayment Method", "收银员\nCashier"],
                          ["OR-1", D(2026, 11, 3), "5-1-2601", "Chan Tai Man", "Management fee", 1500, "转账", "Amy"],
                          ["OR-2", D(2026, 11, 4), "5-1-2602", "Lee Siu Ming", "Management fee", 1500, "现金", "Amy"]],
             "fee_ledger.receipts", (("receipt_no", "A"), ("paid_at", "B"), ("unit", "C"), ("amount", "F"))),
        Case("Expenses", [["票据号\nVoucher No", " DATE  日期", "项目\nItem", "金额\nAmount", "支出人\nHandled by",
                           "审批人\nApproved by"],
                          ["V-1", D(2026, 11, 3), "Cleaning", 800, "Amy", "Mr Wong"]],
             "fee_ledger.expenditures", (("voucher", "A"), ("date", "B"), ("handler", "E"))),
    ),
    # 6. English headers as a Hong Kong office writes them
    "english-receipts": (
        Case("Sheet1", [["Official Receipt No", "Date Paid", "Unit No", "Customer", "Fee Item", "Amount Paid",
                         "Payment Method", "Collected By"],
                        ["OR-9", D(2026, 11, 8), "2-1-1101", "Wong", "Management fee", 980, "cash", "Amy"]],
             "fee_ledger.receipts", (("payer", "D"), ("amount", "F"), ("cashier", "H"))),
        Case("Sheet1", [["Unit No", "Customer", "Amount Due", "Due Date"],
                        ["2-1-1101", "Wong", 980, D(2026, 11, 30)]], "fee_ledger.bills",
             (("unit", "A"), ("payer", "B"), ("amount_due", "C"))),
    ),
    # 7. headers built from a field's key terms, confirmed by what the column holds
    "key-terms": (
        Case("11月", [["收据号", "实际缴费时间", "房号", "收费项目", "本次实收金额", "收款方式", "收款人员姓名"],
                     ["K1", D(2026, 11, 8, 9), "3-2-1501", "物业费", 360, "现金", "刘敏"],
                     ["K2", D(2026, 11, 9, 9), "3-2-1502", "物业费", 360, "微信", "刘敏"]],
             "fee_ledger.receipts", (("paid_at", "B"), ("amount", "E"), ("cashier", "G"))),
        # the same header over values that are no dates is not the receipt's date
        Case("11月", [["收据号", "缴费时间段", "房号", "收费项目", "金额", "收款方式", "收款人", "日期"],
                     ["K1", "全年", "3-2-1501", "物业费", 360, "现金", "刘敏", D(2026, 11, 8)],
                     ["K2", "半年", "3-2-1502", "物业费", 360, "微信", "刘敏", D(2026, 11, 9)]],
             "fee_ledger.receipts", (("paid_at", "H"),)),
    ),
    # 8. a duty log kept in Traditional Chinese, Traditional footers with full-width spaces ...
    "duty-traditional": (
        Case("值班記錄", [["陽光花園管理處 值班記錄表"], *DUTY_HANT, *FOOT_HANT], "duty_log"),
        # ... and a roster (值班表: dates × names and shift times, nothing that happened) is no duty log
        Case("值班表", [["2026年11月值班表"], ["日期", "星期", "值班人", "開始時間", "結束時間", "聯繫電話"],
                      [D(2026, 11, 1), "日", "陳小明", "08:00", "20:00", "13800138000"],
                      [D(2026, 11, 2), "一", "李大文", "08:00", "20:00", "13900139000"]], None),
    ),
    # 9. a roster laid out dates × shifts
    "roster-grid": (
        Case("排班", [["日期", "白班", "夜班", "带班领导"], [D(2026, 11, 1), "王芳", "李强", "赵总"],
                    [D(2026, 11, 2), "李强", "王芳", "赵总"]], None),
        Case("值班日志", [["值班日期", "值班员", "开始时间", "结束时间", "值班记录", "处理意见"],
                      [D(2026, 11, 1), "王芳", "08:00", "20:00", "巡查正常", "无"]], "duty_log"),
    ),
    # 10. an owner register in other words
    "owner-register": (
        Case("业主信息", [["阳光花园 业主信息表"], ["单元号", "业主名称", "产权面积(㎡)", "联系手机"],
                        ["3-2-1501", "张伟", 98.5, "13800138000"], ["3-2-1502", "王丽", 120, "13900139000"]],
             "units", (("unit", "A"), ("owner", "B"), ("area", "C"), ("phone", "D"))),
        Case("车位", [["车位号", "车主", "车牌号"], ["P-023", "张伟", "粤B12345"]], None),
    ),
    # 11. a repair log in Traditional wording, named 报修登记
    "repairs-traditional": (
        Case("報修登記", [["報修時間", "報修人", "房號", "聯繫電話", "故障內容", "預約時間"],
                      [D(2026, 11, 3, 9), "陳小明", "3-2-1501", "13800138000", "水龍頭漏水", D(2026, 11, 3, 14)]],
             "repair_log"),
        Case("投訴登記", [["投訴時間", "投訴人", "房號", "聯繫電話", "投訴內容", "受理人"],
                      [D(2026, 11, 3, 9), "陳小明", "3-2-1501", "13800138000", "噪音擾民", "李大文"]],
             "complaints"),
    ),
    # 12. a whole receipts office in Traditional: headers, values, footers
    "receipts-traditional": (
        Case("收費明細", [["陽光花園管理處 收費明細 2026年11月"],
                      ["收據號", "收款日期", "房號", "繳款人", "收費項目", "金額", "收款方式", "收款人"],
                      ["T1", D(2026, 11, 3), "3-2-1501", "陳小明", "物業服務費", 360, "現金", "黃美玲"],
                      ["T2", D(2026, 11, 4), "3-2-1502", "李大文", "物業服務費", 360, "微信", "黃美玲"],
                      *FOOT_HANT], "fee_ledger.receipts"),
        # a row that starts with a footer word but is a whole record is data
        Case("收費明細", [["收據號", "收款日期", "房號", "繳款人", "收費項目", "金額", "收款方式", "收款人"],
                      ["合計1", D(2026, 11, 3), "3-2-1501", "陳小明", "物業服務費", 360, "現金", "黃美玲"]],
             "fee_ledger.receipts"),
    ),
    # 13. a total row without a label right after the data is not a receipt ...
    "unlabelled-total": (
        Case("收费明细", [["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人"],
                        ["U1", D(2026, 11, 3), "3-2-1501", "物业费", 360, "现金", "刘敏"],
                        ["U2", D(2026, 11, 4), "3-2-1502", "物业费", 420.5, "微信", "刘敏"],
                        [None, None, None, None, 780.5, None, None]], "fee_ledger.receipts"),
        # ... but an amount that is not the sum is a row with its record missing: reported
        Case("收费明细", [["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人"],
                        ["U1", D(2026, 11, 3), "3-2-1501", "物业费", 360, "现金", "刘敏"],
                        ["U2", D(2026, 11, 4), "3-2-1502", "物业费", 420.5, "微信", "刘敏"],
                        [None, None, None, None, 100, None, None]], "fee_ledger.receipts",
             allowed=("input.missing-value",)),
    ),
    # 14. an expense sheet with an unlabelled total and Traditional footers
    "expense-total-traditional": (
        Case("支出明細", [["支出明細表"], ["日期", "憑證號", "支出類別", "摘要", "金額", "經辦人", "審批人"],
                      [D(2026, 11, 2), "P-1", "辦公", "影印紙", 45, "陳小明", "李大文"],
                      [D(2026, 11, 3), "P-2", "維修", "燈管", 120, "陳小明", "李大文"],
                      [None, None, None, None, 165], ["合　計", None, None, None, 165],
                      ["製表人：陳小明", None, None, "審核：李大文"]], "fee_ledger.expenditures"),
        Case("收費標準", [["收費項目", "類別", "計費方式", "單價"], ["物業服務費", "物業服務費", "按面積", 2.5]],
             "fee_ledger.schedule"),
    ),
    # 15. a daily cash handover beside the receipts, in other words
    "handover": (
        Case("日结", [["日期", "收款人", "上交现金", "非现金", "接收人"],
                    [D(2026, 11, 3), "刘敏", 420, 780, "财务张"]], "fee_ledger.handover"),
        Case("日结", [["日期", "收款人", "上交现金", "非现金", "接收人", "收据号", "房号", "收费项目", "收款方式"],
                    [D(2026, 11, 3), "刘敏", 420, 780, "财务张", "X1", "3-2-1501", "物业费", "现金"]],
             "fee_ledger.handover"),
    ),
}


@pytest.mark.parametrize("twin", [0, 1], ids=["case", "twin"])
@pytest.mark.parametrize("name", list(CASES))
def test_sheet_is_read_as_what_it_is(tmp_path: Path, name: str, twin: int) -> None:
    case = CASES[name][twin]
    if case.kind is None:
        # no register: the office (this one sheet) reads nothing, and the run says so rather than look clean
        with pytest.raises(RunError) as caught:
            read(tmp_path, case)
        assert caught.value.key == "nothing-recognised"
        return
    report = read(tmp_path, case)
    assert kinds(report) == {case.sheet: case.kind}
    source = report.office.sources[0]
    assert {f: source.columns.get(f) for f, _ in case.columns} == dict(case.columns)
    assert misread(report, case) == []


def test_the_corpus_holds_fifteen_pairs() -> None:
    assert len(CASES) >= 15


def test_no_finding_comes_from_a_footer_or_total_row(tmp_path: Path) -> None:
    """An office all in Traditional: footers (合　計, 製表人, 審核) and an unlabelled total produce no finding at all
    on their rows."""
    case = CASES["expense-total-traditional"][0]
    report = read(tmp_path, case)
    footer_rows = {6, 7, 8}
    assert [f.rule for f in report.findings if f.sheet == case.sheet and f.row in footer_rows] == []
    assert len(report.office.frames["fee_ledger.expenditures"]) == 2


def test_the_expense_sheet_misses_only_its_approver(tmp_path: Path) -> None:
    """The issue's expense sheet keeps no approver: that column is reported, and nothing of a receipts journal."""
    case = CASES["expense-sheet"][0]
    report = read(tmp_path, case)
    assert [f.args["field"] for f in report.findings if f.rule == "input.missing-column"] == [
        "fee_ledger.expenditures:approver"]
    assert "fee_ledger.receipts" not in {s.kind for s in report.office.sources}
