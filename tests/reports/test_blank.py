"""`registers init`: blank registers that the reader recognises, made from the spec, never overwriting."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from registers.core.shipped import templates_dir
from registers.core.spec import KIND_BY_KEY, SHEET_KINDS
from registers.reports.blank import BLANK_FILES, build_blank_workbook, init_office
from tests.support.helpers import run_check


@pytest.mark.slow
def test_shipped_templates_match_the_spec() -> None:
    for name, keys in BLANK_FILES.items():
        wb = load_workbook(templates_dir() / "blank" / name)
        fresh = build_blank_workbook(tuple(KIND_BY_KEY[k] for k in keys))
        assert wb.sheetnames == fresh.sheetnames, name
        for ws in wb.worksheets:
            headers = [c.value for c in ws[1]]
            assert headers == [c.value for c in fresh[ws.title][1]], f"{name}!{ws.title}: run scripts/build_templates.py"
    assert {k for keys in BLANK_FILES.values() for k in keys} == {k.key for k in SHEET_KINDS}


def test_blank_sheets_have_frozen_headers_formats_and_drop_downs() -> None:
    wb = load_workbook(templates_dir() / "blank" / "收费台账.xlsx")
    ws = wb["收费明细"]
    assert ws.freeze_panes == "A2"
    headers = [c.value for c in ws[1]]
    assert headers[0] == "收据号*"
    amount_col = headers.index("金额*") + 1
    assert ws.cell(row=2, column=amount_col).number_format == "#,##0.00"
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert '"现金,微信,支付宝,银行卡,转账"' in lists


def test_init_office_is_checked_clean_and_never_overwrites(tmp_path: Path) -> None:
    written, skipped = init_office(tmp_path / "o", office="某管理处")
    assert len(written) == len(BLANK_FILES) + 1 and not skipped
    report = run_check(tmp_path / "o")
    assert report.findings == []
    assert report.office.settings.office == "某管理处"
    assert {s.kind for s in report.office.sources} == {key for keys in BLANK_FILES.values() for key in keys}
    (tmp_path / "o" / "收费台账.xlsx").write_bytes(b"mine")
    written, skipped = init_office(tmp_path / "o")
    assert written == [] and (tmp_path / "o" / "收费台账.xlsx").read_bytes() == b"mine"
