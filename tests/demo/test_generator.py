"""The demo office generator: deterministic, openable, and its planted list points at real rows."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from python_calamine import CalamineError, CalamineWorkbook

from registers.core.spec import KIND_BY_KEY, normalise_header
from registers.demo.common import Planted
from registers.demo.office import BROKEN_FILE, planted, write_demo
from tests.support.paths import SHARED

RULES_MD = SHARED / "spec" / "rules.md"
PAYMENTS_MD = RULES_MD.with_name("payments.md")
FEE_ROLL_MD = RULES_MD.with_name("fee-roll.md")
NOT_PLANTED = {"input.missing-register", "visit.rate-below-target", "archive.inspections-short"}

# (file, sheet) -> register sheet kind, as laid out in the demo office.
LAYOUT = {
    ("业主档案.xlsx", "业主档案"): "units",
    ("报修/住户报修记录表2026.xlsx", "10月"): "repair_log",
    ("报修/住户报修记录表2026.xlsx", "11月"): "repair_log",
    ("回访记录表.xlsx", "回访记录"): "return_visits",
    ("投诉/业主投诉记录表.xlsx", "投诉记录"): "complaints",
    ("投诉/业主投诉记录表.xlsx", "旧表"): "complaints",
    ("钥匙管理.xlsx", "钥匙清单"): "keys.inventory",
    ("钥匙管理.xlsx", "借还记录"): "keys.ledger",
    ("档案管理.xls", "档案检查"): "archives.inspections",
    ("档案管理.xls", "档案借阅"): "archives.loans",
    ("装修登记.xlsx", "装修登记"): "renovations",
    ("收费台账.xlsx", "收费明细"): "fee_ledger.receipts",
    ("收费台账.xlsx", "收费标准"): "fee_ledger.schedule",
    ("收费台账.xlsx", "日结上交"): "fee_ledger.handover",
    ("收费台账.xlsx", "支出明细"): "fee_ledger.expenditures",
    ("收费台账.xlsx", "现金盘点"): "fee_ledger.cash_counts",
    ("值班记录表.xlsx", "值班记录"): "duty_log",
    ("交接班记录.xlsx", "交接班"): "handovers",
    ("收费台账（按户）2026.xlsx", "2026年物业服务费"): "fee_ledger.roll",
    ("应收清单 2026-11.xlsx", "应收清单"): "fee_ledger.bills",
}


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Planted]]:
    dest = tmp_path_factory.mktemp("demo") / "office"
    return dest, write_demo(dest)


def _rows(path: Path, sheet: str) -> list[list[object]]:
    return [list(row) for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)]


def _header_row(rows: list[list[object]], kind_key: str) -> int:
    """1-based row whose cells match the most of the kind's headers."""
    keys = {k for f in KIND_BY_KEY[kind_key].fields for k in f.header_keys}
    scores = [sum(normalise_header(c) in keys for c in row) for row in rows[:5]]
    return scores.index(max(scores)) + 1


@pytest.mark.slow
def test_same_planted_list_and_bytes_every_run(office: tuple[Path, list[Planted]], tmp_path: Path) -> None:
    dest, first = office
    second = write_demo(tmp_path / "again")
    assert first == second == planted()
    files = sorted(p.relative_to(dest) for p in dest.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*") if p.is_file())
    for rel in files:
        assert (dest / rel).read_bytes() == (tmp_path / "again" / rel).read_bytes(), rel


def test_every_workbook_opens_except_the_broken_one(office: tuple[Path, list[Planted]]) -> None:
    dest, _ = office
    books = [p for p in dest.rglob("*") if p.suffix in (".xlsx", ".xls")]
    assert len(books) == 13  # with the fee roll and the bills export
    for path in books:
        if path.name == BROKEN_FILE:
            with pytest.raises(CalamineError):
                CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
            continue
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            assert wb.get_sheet_by_name(name).to_python(), (path, name)


def test_layout_sheets_exist_with_their_headers(office: tuple[Path, list[Planted]]) -> None:
    dest, _ = office
    for (file, sheet), kind_key in LAYOUT.items():
        rows = _rows(dest / file, sheet)
        top = _header_row(rows, kind_key) - 1
        # a roll's header is two rows deep: 房号… merged down beside 2026年 over 1月..12月
        header = {normalise_header(c) for r in rows[top - KIND_BY_KEY[kind_key].months:top + 1] for c in r}
        for f in KIND_BY_KEY[kind_key].required:
            if (sheet, f.name) == ("旧表", "receiver"):
                assert not header & set(f.header_keys)
            else:
                assert header & set(f.header_keys), (file, sheet, f.label)


def test_planted_rows_lie_inside_the_data(office: tuple[Path, list[Planted]]) -> None:
    dest, plants = office
    for p in plants:
        assert (dest / p.file).is_file(), p
        if p.file.endswith(".csv"):  # a platform statement: the row is its line number
            lines = (dest / p.file).read_bytes().splitlines()
            assert p.row is not None and 1 <= p.row <= len(lines), p
            continue
        if p.sheet == "":
            assert p.row is None and p.rule == "input.unreadable"
            continue
        wb = CalamineWorkbook.from_path(str(dest / p.file))
        assert p.sheet in wb.sheet_names, p
        if p.row is None:
            continue
        rows = _rows(dest / p.file, p.sheet)
        assert _header_row(rows, LAYOUT[(p.file, p.sheet)]) < p.row <= len(rows), p
        assert any(str(c).strip() for c in rows[p.row - 1]), p


def test_every_rule_is_planted(office: tuple[Path, list[Planted]]) -> None:
    _, plants = office
    rules = {p.rule for p in plants}
    if RULES_MD.is_file():
        text = "\n".join(p.read_text(encoding="utf-8") for p in (RULES_MD, PAYMENTS_MD, FEE_ROLL_MD) if p.is_file())
        catalogue = set(re.findall(r"^\| ([a-z]+\.[a-z-]+) \|", text, re.M))
        assert rules == catalogue - NOT_PLANTED
    assert not rules & NOT_PLANTED
    assert all(p.note and "\n" not in p.note for p in plants)
    assert len(set(plants)) == len(plants)
    assert all("\\" not in p.file for p in plants)


def test_legacy_xls_is_ole_and_broken_file_is_text(office: tuple[Path, list[Planted]]) -> None:
    dest, _ = office
    assert (dest / "档案管理.xls").read_bytes()[:4] == bytes.fromhex("D0CF11E0")
    assert (dest / "收费台账.xlsx").read_bytes()[:2] == b"PK"
    assert not (dest / BROKEN_FILE).read_bytes().startswith((b"PK", bytes.fromhex("D0CF11E0")))


def test_config(office: tuple[Path, list[Planted]]) -> None:
    dest, _ = office
    text = (dest / "registers.toml").read_text(encoding="utf-8")
    assert text.startswith("#")
    assert tomllib.loads(text) == {"office": "阿尔卡迪亚管理处", "language": "zh-Hans", "timezone": "Asia/Shanghai"}


def test_refuses_a_non_empty_destination(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_demo(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert write_demo(empty)
