"""An office laid out unlike the demo: Traditional headers, title rows, text dates and amounts,
one sheet per month, a legacy .xls — checked through the CLI as JSON."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
import xlwt

from registers.cli.main import main

RECEIPTS = ["收據號", "收款日期", "房號", "繳款人", "收費項目", "所屬期間", "金額（元）", "收款方式", "收款人", "狀態"]
SCHEDULE = ["收費項目", "類別", "計費方式", "單價", "生效日期"]
HANDOVER = ["日期", "收款人", "現金上交", "上交時間", "接收人", "大額已報"]
UNITS = ["房號", "業主姓名", "聯繫電話", "建築面積"]


def _sheet(book: xlwt.Workbook, name: str, title: str, headers: list[str], rows: list[list[object]]) -> None:
    sh = book.add_sheet(name)
    sh.write_merge(0, 0, 0, len(headers) - 1, title)
    for c, h in enumerate(headers):
        sh.write(1, c, h)
    stamp = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm")
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row):
            if isinstance(v, datetime):
                sh.write(r, c, v, stamp)
            elif v is not None:
                sh.write(r, c, v)


@pytest.fixture
def office(tmp_path: Path) -> Path:
    root = tmp_path / "某管理處"
    root.mkdir()
    book = xlwt.Workbook(encoding="utf-8")
    _sheet(book, "十月", "某管理處 收費台賬 2026年10月", RECEIPTS, [
        ["0001001", "10月30日 09:00", "1棟1單元101", "陳大文", "物業服務費", "2026.10", "¥120.00", "現金", "張 三", "正常"],
    ])
    _sheet(book, "十一月", "某管理處 收費台賬 2026年11月", RECEIPTS, [
        ["0001002", "11月3日 09:00", "1-1-101", "陳大文", "物業服務費", "2026年11月-12月", "¥240.00", "現金", "張三", "正常"],
        ["0001003", "11月3日 10:00", "1-1-102", "李小明", "物業服務費", "2026.11", "¥150.00", "現金", "張三", "正常"],
        ["0001005", "2026/11/4 09:00", "1-1-102", "李小明", "停車費", "2026.11", "¥100.00", "微信", "張三", "正常"],
        ["0001006", "2026/11/4 10:00", "1-1-101", "陳大文", "物業服務費", "2026.11", "？", "微信", "張三", "正常"],
    ])
    _sheet(book, "收費標準", "收費標準", SCHEDULE, [
        ["物業服務費", "物業服務費", "按面積", 1.20, "2026-01-01"],
        ["停車費", "其他", "按戶", 100, "2026-01-01"],
    ])
    _sheet(book, "日結", "日結上交", HANDOVER, [
        ["2026年10月30日", "張三", 120, "2026-10-30 17:00", "王經理", "否"],
        ["2026年11月3日", "張三", 240, "2026-11-03 17:00", "王經理", "否"],
    ])
    _sheet(book, "業主", "業主檔案", UNITS, [
        ["1棟1單元101", "陳大文", "138 0013 8000", 100],
        ["1棟1單元102", "李小明", 13900139000, 125],
    ])
    book.save(str(root / "收費台賬.xls"))
    return root


def test_checked_through_the_cli_as_json(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(office), "--month", "2026-11", "--as-of", "2026-11-30 23:59", "--format", "json",
                 "--select", "input.bad-value", "fee"])
    doc = json.loads(capsys.readouterr().out)
    got = {(f["rule"], f["sheet"], f["row"], f["column"]) for f in doc["findings"]}
    assert code == 1
    assert got == {
        ("input.bad-value", "十一月", 6, "G"),  # ？ as an amount
        ("fee.not-cleared", "日結", 4, "C"),  # 11-03: ¥390.00 cash taken, ¥240.00 handed over
        ("fee.receipt-gap", "十一月", 5, "A"),  # 0001004 missing
    }
    cleared = next(f for f in doc["findings"] if f["rule"] == "fee.not-cleared")
    assert (cleared["key"], cleared["date"]) == ("張三", "2026-11-03")
    assert "¥390.00" in cleared["message"] and "¥240.00" in cleared["message"]
