"""The demo office's 2026 fee roll and bills: read as a roll and bills, posted from the receipts, and
found wrong exactly at the planted cells (:data:`registers.demo.roll.ROLL_PLANTS`)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from registers.check import Report, check
from registers.core.period import Period
from registers.core.spec import BILLS, ROLL
from registers.demo.common import Planted
from registers.demo.office import write_demo
from registers.demo.roll import BILLS_FILE, ROLL_FILE, ROLL_PLANTS, ROLL_SHEET
from registers.views.roll import PAID, UNPAID, receipt_months, roll_cells

AS_OF = datetime(2026, 11, 30, 23, 59)
ROLL_RULES = {p[0] for p in ROLL_PLANTS}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, list[Planted]]:
    root = tmp_path_factory.mktemp("demo") / "阿尔卡迪亚"
    planted = write_demo(root)
    return check(root, period=Period(date(2026, 10, 1), date(2026, 11, 30)), as_of=AS_OF), planted


@pytest.mark.slow
def test_the_demo_roll_and_bills_are_read_with_their_year(demo: tuple[Report, list[Planted]]) -> None:
    report, _ = demo
    kinds = {(s.file, s.sheet): (s.kind, s.year, s.header_row) for s in report.office.sources}
    assert kinds[(ROLL_FILE, ROLL_SHEET)] == (ROLL, 2026, 3)  # title, 2026年 over the months, 1月..12月
    assert kinds[(BILLS_FILE, "应收清单")][0] == BILLS


@pytest.mark.slow
def test_the_demo_roll_posts_every_property_fee_receipt(demo: tuple[Report, list[Planted]]) -> None:
    report, _ = demo
    cells = roll_cells(report.office)
    shares = receipt_months(report.office).groupby(["unit", "item_key", "ym"])["share"].sum()
    fall = cells[cells["ym"] >= 2026 * 12 + 9]  # October on: the receipts journal's months
    posted = fall.set_index(["unit", "item_key", "ym"])
    both = posted.join(shares, how="inner")
    differ = both[(both["paid"] != both["share"])]
    # where the roll and the receipts differ at all, it is a planted cell
    planted_cells = {(p[3], p[4]) for p in ROLL_PLANTS if p[1] == ROLL_FILE}
    letters = {f"m{m:02d}": chr(ord("F") + m - 1) for m in range(1, 13)}
    assert {(u, letters[f]) for (u, _, _), f in zip(differ.index, differ["field"], strict=True)} <= planted_cells
    assert len(differ) == 2  # the unposted October and the mistyped November
    unreceipted = fall[(fall["state"] == PAID) & ~fall.set_index(["unit", "item_key", "ym"]).index.isin(shares.index)]
    assert [(u, letters[f]) for u, f in zip(unreceipted["unit"], unreceipted["field"], strict=True)] == [
        (p[3], p[4]) for p in ROLL_PLANTS if p[0] == "fee.roll-unreceipted"]
    assert (fall["state"] == UNPAID).sum() > 0  # units with no receipt are unpaid


@pytest.mark.slow
def test_the_demo_roll_findings_are_exactly_the_planted_cells(demo: tuple[Report, list[Planted]]) -> None:
    """Fails until the roll rules (registers/rules/roll.py) are merged."""
    report, planted = demo
    rows = {(p.rule, p.file, p.sheet): p.row for p in planted if p.rule in ROLL_RULES}
    expected = {(rule, sheet, rows[(rule, file, sheet)], cell) for rule, file, sheet, _, cell, _ in ROLL_PLANTS}
    found = {(f.rule, f.sheet, f.row, f.column) for f in report.findings if f.rule in ROLL_RULES}
    assert found == expected
    assert len(expected) == len(ROLL_PLANTS) == len(ROLL_RULES)
