"""Offices whose units are shops, parking spaces and lobbies, or whose units are split over columns
(楼栋 | 单元 | 房号), checked end to end: no finding from the reading, and the fee rules still find each
receipt's unit in the owner archive (registers/io/normalise.py, registers/io/vectorised.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from registers.i18n import render_message
from tests.support.helpers import flat, make_office, run_check

SCHEDULE: list[list[Any]] = [["收费项目", "类别", "计费方式", "单价"], ["物业服务费", "物业服务费", "按面积", 2.50],
            ["车位管理费", "其他", "按面积", 5.00]]
R_HEAD = ["收据号", "收款日期", "房号", "缴款人", "收费项目", "所属期间", "金额", "收款方式", "收款人"]
FOOTER: list[Any] = ["合计", None, None, None, None, None, "=SUM(G4:G20)"]

# the archive: flats, a shop, flats with a letter, parking spaces, a lobby; B1-3 and 1-3 are two units
ARCHIVE: list[list[Any]] = [
    ["阳光花园物业服务中心 业主档案"],
    ["截至2026年11月"],
    ["房号", "业主姓名", "联系电话", "建筑面积", "状态"],
    ["1-3", "王五", "13800138000", 100, "入住"],
    ["B1-3", "王五", None, 12, "入住"],
    ["车位B2-015", "李四", None, 14, "入住"],
    ["2-15", "李四", None, 80, "入住"],
    ["501B", "张记餐饮", "0552-1234567", 120, "入住"],
    ["A701", "赵六", None, 90, "入住"],
    ["1101a", "钱七", None, 110, "空置"],
    ["1003-A", "孙八", None, 70, "入住"],
    ["2503-4", "周九", None, 45, "入住"],
    ["1#", "吴十", None, 300, "入住"],
    ["26F", "郑一", None, 200, "入住"],
    ["大堂", "物业公司", None, 60, "空置"],
    ["合计", None, None, "=SUM(D4:D15)"],
]


def _receipt(no: int, unit: str, item: str, amount: float, payer: str = "王五") -> list[Any]:
    return [f"NO.{no:07d}", f"2026-11-{3 + no % 20:02d} 09:{no % 60:02d}", unit, payer, item, "2026-11", amount,
            "微信", "王芳"]


# each typed as a clerk might, and charged its own area: B1-3 at 12 m² (not flat 1-3's 100 m²)
RECEIPTS: list[list[Any]] = [
    ["阳光花园物业服务中心 收费明细"], ["2026年11月"], R_HEAD,
    _receipt(1, "B1-3", "车位管理费", 60.00),
    _receipt(2, "车位B2-015", "车位管理费", 70.00, "李四"),
    _receipt(3, "1-3", "物业服务费", 250.00),
    _receipt(4, "2-15", "物业服务费", 200.00, "李四"),
    _receipt(5, "501b", "物业服务费", 300.00, "张记餐饮"),
    _receipt(6, "Ａ７０１", "物业服务费", 225.00, "赵六"),
    _receipt(7, "1101A", "物业服务费", 275.00, "钱七"),
    _receipt(8, "1003-a", "物业服务费", 175.00, "孙八"),
    _receipt(9, "2503-4", "物业服务费", 112.50, "周九"),
    _receipt(10, "1#", "物业服务费", 750.00, "吴十"),
    _receipt(11, "26F", "物业服务费", 500.00, "郑一"),
    _receipt(12, "大堂", "物业服务费", 150.00, "物业公司"),
    FOOTER,
]


def _office(root: Path, archive: list[list[Any]], receipts: list[list[Any]]) -> Path:
    return make_office(root, {"收费台账.xlsx": {"收费明细": receipts, "收费标准": SCHEDULE},
                              "业主档案.xlsx": {"业主档案": archive}})


def _reading_and_fees(root: Path) -> set[tuple[Any, ...]]:
    report = run_check(root, select=["input", "fee.price-mismatch", "fee.unknown-item"])
    return flat(report.findings, rules=("input.bad-value", "input.missing-value", "input.duplicate-id",
                                        "fee.price-mismatch", "fee.unknown-item"))


def test_shops_parking_spaces_and_lobbies_are_units(tmp_path: Path) -> None:
    assert _reading_and_fees(_office(tmp_path / "o", ARCHIVE, RECEIPTS)) == set()


def test_a_receipt_finds_its_code_unit_in_the_archive(tmp_path: Path) -> None:
    """A wrong amount on a shop's or a parking space's receipt is found: its area came from the archive."""
    receipts = [*RECEIPTS[:3], _receipt(1, "B1-3", "车位管理费", 500.00), _receipt(5, "501B", "物业服务费", 250.00,
                                                                        "张记餐饮"), FOOTER]
    assert _reading_and_fees(_office(tmp_path / "o", ARCHIVE, receipts)) == {
        ("fee.price-mismatch", "收费明细", 4, "G"), ("fee.price-mismatch", "收费明细", 5, "G")}


def test_traditional_office_with_codes(tmp_path: Path) -> None:
    archive: list[list[Any]] = [["陽光花園物業服務中心 業主檔案"], ["房號", "業主姓名", "建築面積"], ["車位B2-015", "李四", 14],
               ["501B", "張記", 120], ["大堂", "物業公司", 60]]
    receipts: list[list[Any]] = [["收據號", "收款日期", "房號", "收費項目", "金額", "收款方式", "收款人"],
                ["NO.0000001", "2026-11-03 09:00", "车位B2-015", "車位管理費", 70.00, "微信", "王芳"],
                ["NO.0000002", "2026-11-03 09:10", "501b", "物業服務費", 300.00, "現金", "王芳"]]
    assert _reading_and_fees(_office(tmp_path / "o", archive, receipts)) == set()


# ------------------------------------------------------------ a unit split over columns

SPLIT_ARCHIVE: list[list[Any]] = [
    ["阳光花园 业主档案"],
    ["楼栋", "单元", "房号", "业主姓名", "建筑面积"],
    ["3栋", "1单元", 101, "王五", 89.5],
    ["3栋", "2单元", 101, "李四", 100],  # the same room number in another entrance: another unit
    ["三号楼", "二单元", "1501室", "赵六", 120],
    ["A座", None, 1201, "钱七", 80],
]


def test_an_archive_split_over_columns_is_read_as_one_unit_per_row(tmp_path: Path) -> None:
    receipts: list[list[Any]] = [R_HEAD, _receipt(1, "3-1-101", "物业服务费", 223.75), _receipt(2, "3栋2单元101", "物业服务费", 250.00),
                _receipt(3, "3#2-1501", "物业服务费", 300.00), _receipt(4, "A座1201", "物业服务费", 200.00)]
    root = _office(tmp_path / "o", SPLIT_ARCHIVE, receipts)
    assert _reading_and_fees(root) == set()  # 3-1-101 and 3-2-101 are no duplicate; every area was found
    receipts[2] = _receipt(2, "3-2-101", "物业服务费", 223.75)  # charged 3-1-101's area: found wrong
    assert _reading_and_fees(_office(tmp_path / "p", SPLIT_ARCHIVE, receipts)) == {
        ("fee.price-mismatch", "收费明细", 3, "G")}


def test_receipts_with_the_building_in_its_own_column(tmp_path: Path) -> None:
    archive: list[list[Any]] = [["房号", "业主姓名", "建筑面积"], ["3-2-1501", "王五", 89.5], ["A-1201", "钱七", 80]]
    head = ["收据号", "收款日期", "楼号", "房号", "收费项目", "金额", "收款方式", "收款人"]
    receipts: list[list[Any]] = [head, ["NO.0000001", "2026-11-03 09:00", "3", "2-1501", "物业服务费", 223.75, "现金", "王芳"],
                ["NO.0000002", "2026-11-03 09:10", "A座", "1201", "物业服务费", 200.00, "现金", "王芳"],
                ["NO.0000003", "2026-11-03 09:20", "3栋", "3-2-1501", "物业服务费", 223.75, "现金", "王芳"],
                ["NO.0000004", "2026-11-03 09:30", "3栋", "2-1501", "物业服务费", 100.00, "现金", "王芳"]]
    assert _reading_and_fees(_office(tmp_path / "o", archive, receipts)) == {
        ("fee.price-mismatch", "收费明细", 5, "F")}


def test_a_split_unit_without_its_room_is_reported_at_the_room(tmp_path: Path) -> None:
    archive: list[list[Any]] = [*SPLIT_ARCHIVE[:3], ["3栋", "2单元", None, "李四", 100], ["3栋", "2单元", "待定", "孙八", 90]]
    report = run_check(_office(tmp_path / "o", archive, [R_HEAD]), select=["input"])
    found = {(f.rule, f.row, f.column, f.cell) for f in report.findings if f.sheet == "业主档案"}
    assert found == {("input.missing-value", 4, "C", "C4"), ("input.bad-value", 5, "C", "C5")}
    (bad,) = [f for f in report.findings if f.rule == "input.bad-value"]
    assert "待定" in render_message(bad) and "房号" in render_message(bad)
