"""Issue 21, item 3: a clerk's own ledger with 日期 and 收入 columns (日期 | 摘要 | 收入 | 支出 | 余额) is not a bank
statement; a bank's export is.  What a bank's export has and the ledger has not: the bank's wording of its columns
(交易日期, 记账日期, 贷方发生额, 存入金额 …), a counterparty (对方户名) or the bank's serial number (交易流水号), or the
bank's header block above (账号：…).  A mapping the office wrote in ``registers.toml`` is taken at its word."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from registers.core.payment_settings import BankMapping, PaymentSettings
from registers.io.statements import read_statements
from tests.support.helpers import flat, make_office, run_check, write_xlsx

LEDGER: list[list[object]] = [["2026年11月 现金日记账"],
          ["日期", "摘要", "收入", "支出", "余额"],
          [datetime(2026, 11, 1), "上月结余", None, None, 3200],
          [datetime(2026, 11, 3), "收3-2-1501物业费", 360, None, 3560],
          [datetime(2026, 11, 5), "购买清洁用品", None, 86.5, 3473.5],
          [datetime(2026, 11, 9), "收停车费", 150, None, 3623.5],
          ["本月合计", None, 510, 86.5, 3623.5]]
LEDGER_HANT: list[list[object]] = [["2026年11月 零用金帳"],
               ["日期", "摘要", "收入", "支出", "結餘"],
               [datetime(2026, 11, 3), "收物業費", 360, None, 3560],
               ["合計", None, 360, None, 3560]]


@pytest.mark.parametrize("rows", [LEDGER, LEDGER_HANT], ids=["zh-Hans", "zh-Hant"])
def test_a_clerks_ledger_with_date_and_income_is_not_a_bank_statement(tmp_path: Path, rows: list[list[object]]) -> None:
    write_xlsx(tmp_path / "现金日记账.xlsx", {"11月": rows})
    assert read_statements(tmp_path).statements == []


@pytest.mark.parametrize("sheet", [
    # the bank's header block above plain column words
    [["中国建设银行 单位客户账户明细"], ["账号：6217 0000 1234 5678", "户名：阿尔卡迪亚物业服务中心"],
     ["日期", "摘要", "收入", "支出", "余额"], [datetime(2026, 11, 3), "转账存入", 360, None, 3560]],
    # a counterparty and the bank's serial number
    [["日期", "摘要", "收入", "支出", "余额", "对方户名", "交易流水号"],
     [datetime(2026, 11, 3), "转账存入", 360, None, 3560, "王芳", "HQ20261103001"]],
    # the bank's own words for the date and the money in
    [["记账日期", "摘要", "借方发生额", "贷方发生额", "余额"], [datetime(2026, 11, 3), "转账存入", None, 360, 3560]],
    # in Traditional Chinese, its footer too
    [["記賬日期", "摘要", "借方發生額", "貸方發生額", "餘額", "對方戶名"],
     [datetime(2026, 11, 3), "轉賬存入", None, 360, 3560, "王芳"], ["合計", None, None, 360, None, None]],
], ids=["header-block", "counterparty-serial", "bank-wording", "zh-Hant"])
def test_a_bank_export_is_still_a_statement(tmp_path: Path, sheet: list[list[object]]) -> None:
    write_xlsx(tmp_path / "银行流水.xlsx", {"明细": sheet})
    s = read_statements(tmp_path)
    assert [(x.platform, x.sheet, x.lines, x.complete) for x in s.statements] == [("bank", "明细", 1, True)]
    assert list(s.payments["amount"]) == [36000]


def test_a_mapping_in_registers_toml_reads_the_ledger_as_the_office_says(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "现金日记账.xlsx", {"11月": LEDGER})
    mapping = PaymentSettings(banks=(BankMapping(date=("日期",), time=(), amount_in=("收入",), counterparty=(),
                                                 reference=(), memo=("摘要",)),))
    s = read_statements(tmp_path, mapping)
    assert [(x.platform, x.lines) for x in s.statements] == [("bank", 4)]
    assert list(s.payments["amount"]) == [36000, 15000]


def test_an_office_keeping_a_cash_ledger_is_not_warned_about_bank_payments(tmp_path: Path) -> None:
    """What the clerk saw: every 收入 of the ledger reported as a bank payment the fee ledger does not record."""
    receipts: list[list[object]] = [
        ["2026年11月 收费明细"], ["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人"],
        ["NO.0001", datetime(2026, 11, 3, 10), "3-2-1501", "物业服务费", 360, "现金", "王芳"],
        ["NO.0002", datetime(2026, 11, 9, 16), "1-1-101", "停车费", 150, "转账", "王芳"]]
    root = make_office(tmp_path / "o", {"收费台账.xlsx": {"收费明细": receipts}, "现金日记账.xlsx": {"11月": LEDGER}})
    assert flat(run_check(root).findings, rules=("fee.payment-unrecorded", "fee.statement-incomplete")) == set()
