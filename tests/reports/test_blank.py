"""`registers init`: blank registers that the reader recognises, made from the spec, never overwriting."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from registers.core.shipped import templates_dir
from registers.core.spec import BILLS, KIND_BY_KEY, ROLL, SHEET_KINDS
from registers.reports.blank import BLANK_FILES, ROLL_FIELDS, build_blank_workbook, init_office
from registers.views.roll import FULL, NONE, PAID, UNPAID, roll_cells
from tests.support.helpers import run_check

ROLL_FILE = "收费台账（按户）.xlsx"
# Bills (应收清单) are exports of the billing software, never typed by a clerk: no blank template for them.
NOT_BLANK = {BILLS}


@pytest.mark.slow
def test_shipped_templates_match_the_spec() -> None:
    for name, keys in BLANK_FILES.items():
        wb = load_workbook(templates_dir() / "blank" / name)
        fresh = build_blank_workbook(tuple(KIND_BY_KEY[k] for k in keys))
        assert wb.sheetnames == fresh.sheetnames, name
        for ws in wb.worksheets:
            for r in (1, 2, 3):  # title or header, header or first row (the roll's formulas)
                shipped = [c.value for c in ws[r]]
                assert shipped == [c.value for c in fresh[ws.title][r]], f"{name}!{ws.title}: run scripts/build_templates.py"
    assert {k for keys in BLANK_FILES.values() for k in keys} == {k.key for k in SHEET_KINDS} - NOT_BLANK


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
    assert [s.sheet for s in report.office.sources if s.kind == ROLL] == ["收费台账（按户）"]
    (tmp_path / "o" / "收费台账.xlsx").write_bytes(b"mine")
    written, skipped = init_office(tmp_path / "o")
    assert written == [] and (tmp_path / "o" / "收费台账.xlsx").read_bytes() == b"mine"


def _col(key: str) -> int:
    return ROLL_FIELDS.index(key) + 1


def test_blank_roll_has_a_year_title_months_across_and_formulas_that_stay_empty() -> None:
    ws = load_workbook(templates_dir() / "blank" / ROLL_FILE)["收费台账（按户）"]
    assert "年" in str(ws["A1"].value) and "A1:U1" in {str(m) for m in ws.merged_cells.ranges}
    headers = [c.value for c in ws[2]]
    assert headers[:6] == ["房号*", "业主", "面积", "单价", "收费项目", "月应收"]
    assert headers[6:18] == [f"{m}月" for m in range(1, 13)] and headers[18:20] == ["已缴合计", "欠费"]
    total = ws.cell(row=3, column=_col("total_paid")).value
    assert str(total).startswith('=IF($A3="","",SUM(G3:R3)')  # an empty row stays empty
    month_lists = [dv for dv in ws.data_validations.dataValidation if "G3" in str(dv.sqref)]
    assert month_lists and not month_lists[0].showErrorMessage and month_lists[0].prompt  # suggests, never forbids


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not on PATH")
def test_a_filled_roll_row_recalculates_in_libreoffice_and_is_read(tmp_path: Path) -> None:
    init_office(tmp_path / "o")
    path = tmp_path / "o" / ROLL_FILE
    wb = load_workbook(path)
    ws = wb.active
    ws["A1"] = "2026年 收费台账（按户）"
    for key, value in {"unit": "1-1-101", "owner": "张三", "area": 88.5, "rate": 1.2, "item": "物业服务费"}.items():
        ws.cell(row=3, column=_col(key), value=value)
    for m, value in {1: 106.2, 2: "已缴", 3: "√", 5: 0, 6: "空置", 7: 106.2}.items():
        ws.cell(row=3, column=_col(f"m{m:02d}"), value=value)
    wb.save(path)
    out = tmp_path / "calc"
    subprocess.run([str(shutil.which("soffice")), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    calc = load_workbook(out / ROLL_FILE, data_only=True).active
    row = {key: calc.cell(row=3, column=_col(key)).value for key in ("due", "total_paid", "arrears")}
    assert row == {"due": 106.2, "total_paid": pytest.approx(424.8), "arrears": pytest.approx(106.2 * 11 - 424.8)}
    assert calc.cell(row=4, column=_col("total_paid")).value in (None, "")
    shutil.copy(out / ROLL_FILE, path)  # the office now holds the workbook as LibreOffice saved it
    report = run_check(tmp_path / "o")
    assert report.findings == []
    roll = [s for s in report.office.sources if s.kind == ROLL]
    assert len(roll) == 1
    cells = roll_cells(report.office)
    assert len(cells) == 12  # one row read: the 1,999 empty formula rows are not units
    by_month = dict(zip(cells["field"], zip(cells["state"], cells["paid"], strict=True), strict=True))
    assert by_month["m01"] == (PAID, 10620) and by_month["m02"] == (FULL, 10620) and by_month["m03"][0] == FULL
    assert by_month["m05"][0] == UNPAID and by_month["m06"][0] == NONE and by_month["m12"][0] == UNPAID


def test_the_year_typed_in_the_blank_rolls_title_is_the_rolls_year(tmp_path: Path) -> None:
    init_office(tmp_path / "o")
    path = tmp_path / "o" / ROLL_FILE
    wb = load_workbook(path)
    wb.active["A1"] = "2025年 收费台账（按户）"
    wb.active["A3"] = "1-1-101"
    wb.save(path)
    report = run_check(tmp_path / "o")
    assert [s.year for s in report.office.sources if s.kind == ROLL] == [2025]
