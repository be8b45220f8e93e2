"""Every register sheet is recognised from its headers in Simplified, Traditional and English."""

from __future__ import annotations

import pytest

from registers.core.spec import SHEET_KINDS, SheetKind, to_traditional
from registers.io.detect import find_table
from registers.io.grid import Grid


def _labels(kind: SheetKind, lang: str) -> list[str]:
    if lang == "en":
        return [f.label_en for f in kind.fields]
    if lang == "zh-Hant":
        return [to_traditional(f.label) for f in kind.fields]
    return [f.label for f in kind.fields]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("kind", SHEET_KINDS, ids=lambda k: k.key)
def test_full_header_row_is_recognised_with_every_column(kind: SheetKind, lang: str) -> None:
    grid = Grid("S", [["某管理处 某某登记表"], _labels(kind, lang), ["x"] * len(kind.fields)])
    table = find_table(grid)
    assert table is not None
    assert table.kind.key == kind.key
    assert table.header_row == 2
    assert set(table.columns) == {f.name for f in kind.fields}
    assert table.columns == {f.name: i for i, f in enumerate(kind.fields)}


@pytest.mark.parametrize("kind", SHEET_KINDS, ids=lambda k: k.key)
def test_required_headers_alone_are_enough(kind: SheetKind) -> None:
    months = ["1月", "2月", "3月"] if kind.months else []  # a roll is a roll by its months across
    grid = Grid("S", [[f.label for f in kind.required] + months])
    table = find_table(grid)
    assert table is not None and table.kind.key == kind.key


def test_traditional_footers_and_an_unlabelled_total_are_not_rows() -> None:
    """Read cell by cell (.xls, .ods): 合　計 and 製表人 rows, and a row holding only the amount's sum, are no data."""
    header = ["收據號", "收款日期", "房號", "收費項目", "金額", "收款方式", "收款人"]
    rows = [["T1", "2026-11-03", "3-2-1501", "物業費", 360.0, "現金", "黃美玲"],
            ["T2", "2026-11-04", "3-2-1502", "物業費", 420.5, "微信", "黃美玲"]]
    grid = Grid("收費明細", [["收費明細 2026年11月"], header, *rows, ["", "", "", "", 780.5, "", ""],
                             ["合　計", "", "", "", 780.5], ["製表人：陳小明　審核：李大文"]])
    table = find_table(grid)
    assert table is not None and table.kind.key == "fee_ledger.receipts"
    assert [r for r, _ in table.rows] == [3, 4]


def test_a_last_row_that_is_not_the_sum_stays() -> None:
    grid = Grid("S", [["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人"],
                      ["T1", "2026-11-03", "3-2-1501", "物业费", 360.0, "现金", "刘敏"],
                      ["", "", "", "", 100.0, "", ""]])
    table = find_table(grid)
    assert table is not None and [r for r, _ in table.rows] == [2, 3]


@pytest.mark.parametrize("cell", ["日期\nDate", " DATE  日期", "Date 日期", "日期 DATE"])
def test_either_half_of_a_bilingual_header_names_the_column(cell: str) -> None:
    grid = Grid("S", [[cell, "值班人\nOfficer", "开始时间", "结束时间", "值班情况", "处理结果"],
                      ["2026-11-01", "王芳", "08:00", "20:00", "正常", "无"]])
    table = find_table(grid)
    assert table is not None and table.kind.key == "duty_log" and table.columns["date"] == 0
