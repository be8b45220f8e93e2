"""A finding's suggestion where its readers meet it: the JSON, the terminal (under the message), the findings
workbook (原值 / 建议值 / 依据), and the day close's terminal, workbook and page — in the three languages.

The office keeps a bill list under a title row with a 合计 footer; two bills are off the posted price."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.excel.test_suggest import office
from tests.support.output_proof import run_cli

AS_OF = ["--as-of", "2026-11-30 23:59", "--no-history"]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return office(tmp_path)[0]


def test_json_carries_the_suggestion_and_where_accepting_it_writes(root: Path) -> None:
    run = run_cli(["check", str(root), "--month", "2026-11", "--format", "json", *AS_OF])
    bills = [f for f in json.loads(run.stdout)["findings"] if f["rule"] == "fee.bill-price-mismatch"]
    assert [(f["cell"], f["suggestion"]["value"]) for f in bills] == [("F4", "250"), ("F5", "200")]
    assert bills[0]["suggestion"]["reason"] == "收费标准 物业服务费 单价 ¥2.50 × 数量 100 × 1 个月"
    assert bills[0]["suggestion"]["cells"] == [
        {"file": "应收清单 2026-11.xlsx", "sheet": "应收清单", "cell": "F4", "value": 250.0}]
    others = [f for f in json.loads(run.stdout)["findings"] if f["rule"] != "fee.bill-price-mismatch"]
    assert others and all("suggestion" not in f for f in others)  # a missing register has no right value


@pytest.mark.parametrize(("lang", "line"), [
    ("zh-Hans", "建议：250（依据：收费标准 物业服务费 单价 ¥2.50 × 数量 100 × 1 个月）"),
    ("zh-Hant", "建議：250（依據：收費標準 物业服务费 單價 ¥2.50 × 數量 100 × 1 個月）"),  # the item as typed
    ("en", "Suggested: 250 (because: the posted price of"),
])
def test_the_terminal_shows_the_suggestion_under_the_message(root: Path, lang: str, line: str) -> None:
    out = run_cli(["check", str(root), "--month", "2026-11", "--lang", lang, *AS_OF]).stdout.splitlines()
    at = next(i for i, text in enumerate(out) if text.strip().endswith("应收清单 2026-11.xlsx!应收清单!F4"))
    assert "1-1-101" in out[at + 1]  # the message, then the suggestion
    assert out[at + 2].strip().startswith(line)


def test_the_findings_workbook_has_the_value_the_suggestion_and_why(root: Path) -> None:
    run_cli(["check", str(root), "--month", "2026-11", "--xlsx", *AS_OF])
    wb = load_workbook(next((root / "reports").glob("核查结果 *.xlsx")))
    ws = next(ws for ws in wb.worksheets if ws.title == "收费台账")
    head = [c.value for c in ws[1]]
    assert head[-3:] == ["原值", "建议值", "依据"]
    rows = {r[head.index("位置")]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["F4"][-3:] == ("260.00", "250", "收费标准 物业服务费 单价 ¥2.50 × 数量 100 × 1 个月")
    assert rows["F5"][-3:-1] == ("210.00", "200")


def test_the_day_close_shows_the_suggestion_under_the_message(root: Path) -> None:
    run = run_cli(["close-day", str(root), "--date", "2026-11-01", "--no-history"])
    assert "建议：250（依据：收费标准 物业服务费" in run.stdout
    html = (root / "reports" / "daily" / "2026-11-01 日结.html").read_text(encoding="utf-8")
    assert '<p class="suggestion">建议：250（依据：收费标准 物业服务费 单价 ¥2.50 × 数量 100 × 1 个月）</p>' in html
    wb = load_workbook(root / "reports" / "daily" / "2026-11-01 日结.xlsx")
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert any(c.startswith("1-1-101 物业服务费") and c.endswith("\n建议：250（依据：收费标准 物业服务费 单价 ¥2.50 × 数量 100 × 1 个月）")
               for c in cells)
