"""The day close says where arrears and 收缴率 come from when the office keeps a fee roll (JSON, text,
workbook, HTML); an office with receipts only reads as before."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from registers.cli import close_day as close_day_command
from registers.pipeline.day import close_day
from tests.reports.test_monthly_roll_arrears import ARCHIVE, SCHEDULE, write_roll
from tests.support.helpers import make_office

RECEIPTS: dict[str, dict[str, list[list[Any]]]] = {"收费台账.xlsx": {"收费明细": [
    ["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "所属期间", "收款人"],
    ["A1", "2026-11-05 10:00", "1-101", "物业服务费", 221.25, "现金", "2026-11", "小刘"],
]}}


def _json(office: Path, capsys: pytest.CaptureFixture[str], lang: str) -> Any:
    parser = argparse.ArgumentParser()
    close_day_command.add_parser(parser.add_subparsers())
    args = parser.parse_args(["close-day", str(office), "--format", "json", "--date", "2026-11-05",
                              "--as-of", "2026-11-05 23:59:59", "--no-history", "--lang", lang])
    args.run(args)
    return json.loads(capsys.readouterr().out)


def test_day_close_names_the_roll_as_the_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    office = make_office(tmp_path / "office", {**SCHEDULE, **ARCHIVE, **RECEIPTS})
    write_roll(office / "物業費台賬.xlsx")
    doc = _json(office, capsys, "zh-Hant")
    assert doc["fee_source"] == {"arrears": "both", "message": "欠費與收繳率來源：兩者核對（數字取自收費台賬（按戶），與收費明細核對）。"}
    result = close_day(office, date(2026, 11, 5), as_of=datetime(2026, 11, 5, 23, 59), out=tmp_path / "out",
                       history=False, lang="en")
    html = next(p for p in result.paths if p.suffix == ".html").read_text(encoding="utf-8")
    assert "Arrears and the collection rate come from: both, cross-checked" in html
    book = next(p for p in result.paths if p.suffix == ".xlsx" and "日结" in p.name)
    cells = [c for ws in load_workbook(book).worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert any(isinstance(c, str) and c.startswith("Arrears and the collection rate come from: both") for c in cells)


def test_day_close_of_a_receipts_only_office_has_no_source_field(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    office = make_office(tmp_path / "office", {**SCHEDULE, **ARCHIVE, **RECEIPTS})
    assert "fee_source" not in _json(office, capsys, "zh-Hans")
