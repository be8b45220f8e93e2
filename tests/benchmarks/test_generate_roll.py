"""The benchmark office's fee roll (benchmarks/generate.py): read by registers as a roll of the benchmark year,
every unit of the owner archive a row, and every month cell what the receipts journal says was paid for it."""

from __future__ import annotations

import importlib.util
import random
import sys
from datetime import date, datetime, time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from registers.check import check
from registers.core.period import Period
from registers.core.spec import ROLL
from registers.views.roll import FULL, NONE, PAID, UNPAID, receipt_months, roll_cells

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (its dataclasses look their module up)
    spec.loader.exec_module(module)
    return module


def _office(gen: Any, tmp_path: Path, vacant_paid: bool = False) -> tuple[Path, list[Any]]:
    """20 units of the benchmark's archive and receipts of every kind the benchmark writes: one month and
    several, 所属期间 typed ``2025-03``, ``2025年3月``, ``2025.03-2025.08``, ``2025年3月-8月``, with and without
    月数, a prepayment running into later years, a void receipt, an unreadable amount, other items."""
    rng = random.Random(7)
    o = gen.Office(rng, 1, gen._units(rng, 1)[:20])
    u = [x.unit for x in o.units]
    area = {x.unit: x.area10 for x in o.units}

    def fee(i: int, month: int, months: int, style: int, with_months: bool = True, **kw: Any) -> Any:
        unit = u[i]
        return gen.Receipt(datetime.combine(date(2025, month, 10), time(9, i)), unit, "物业服务费",
                           gen._half_up(120 * area[unit] * months, 10), "现金", "张丽",
                           gen._period_text(2025, month, months, style), months if with_months else None,
                           None, 120, **kw)

    receipts = [
        fee(0, 1, 1, 0), fee(0, 2, 1, 1), fee(0, 3, 3, 0), fee(0, 6, 6, 1, with_months=False),
        fee(1, 5, 3, 1, with_months=False), fee(1, 8, 12, 0),  # runs into 2026: 5 months of it on this roll
        fee(2, 11, 48, 0, note="预交四年"), fee(3, 4, 1, 0, status="作废"), fee(4, 4, 1, 0, bad_amount=True),
        fee(5, 7, 6, 0, with_months=False),
        gen.Receipt(datetime(2025, 4, 2, 10), u[6], "停车费", 15000, "微信", "张丽", "2025-04", 1, 1.0, 15000),
    ]
    if vacant_paid:  # unit 10 is vacant in the archive (every tenth)
        receipts.append(fee(9, 9, 1, 1))
    for n, r in enumerate(receipts):
        r.number = 1_000_000 + n
    root = tmp_path / "office"
    gen._write_units(o, root)
    gen._write_fee_ledger(o, root, receipts, [], [])
    gen._write_roll(o, root, receipts)
    (root / "registers.toml").write_text(gen.CONFIG.format(scale=1), encoding="utf-8")
    return root, receipts


def test_the_benchmark_roll_reads_as_posted_from_the_receipts(gen: Any, tmp_path: Path) -> None:
    root, _ = _office(gen, tmp_path)
    report = check(root, period=Period(date(2025, 1, 1), date(2025, 12, 31)), as_of=datetime(2025, 12, 31, 23, 59))
    office = report.office
    [source] = [s for s in office.sources if s.kind == ROLL]
    assert (source.file, source.sheet, source.year, source.header_row) == (gen.ROLL_FILE, gen.ROLL_SHEET, 2025, 3)
    assert len(office.frame(ROLL)) == 20  # a row per unit: the 合计 and 制表人 lines are footers
    cells = roll_cells(office)
    assert len(cells) == 20 * 12
    shares = receipt_months(office)
    shares = shares[shares["ym"].between(2025 * 12, 2025 * 12 + 11) & (shares["item_key"] == cells["item_key"][0])]
    paid = shares.groupby(["unit", "ym"])["share"].sum()
    posted = cells[cells["state"].isin([PAID, FULL])].set_index(["unit", "ym"])["paid"].astype("int64")
    # every month a receipt pays for is on the roll at its share, and nothing else is
    assert posted.sort_index().to_dict() == paid.sort_index().to_dict()
    assert len(posted) == 1 + 1 + 3 + 6 + 3 + 5 + 2 + 6  # unit 1: Jan–Dec; 2: May–Dec; 3: Nov–Dec; 6: Jul–Dec
    # the void receipt, the unreadable amount and the parking fee post nothing: those months are unpaid
    unpaid = cells[cells["state"] == UNPAID]
    assert {"1-1-202", "1-1-301"} <= set(unpaid["unit"])  # units 4 and 5
    # the archive's vacant unit (every tenth) is 空置 where nothing was paid
    vacant = cells[cells["unit"] == gen._units(random.Random(7), 1)[9].unit]
    assert set(vacant["state"]) == {NONE}
    assert not [f for f in report.findings if f.file == gen.ROLL_FILE]


def test_a_vacant_units_paid_month_is_posted_not_vacant(gen: Any, tmp_path: Path) -> None:
    root, _ = _office(gen, tmp_path, vacant_paid=True)
    report = check(root, period=Period(date(2025, 1, 1), date(2025, 12, 31)), as_of=datetime(2025, 12, 31, 23, 59))
    cells = roll_cells(report.office)
    vacant = cells[cells["unit"] == gen._units(random.Random(7), 1)[9].unit]
    assert vacant.set_index("field")["state"].to_dict() == {f"m{m:02d}": PAID if m == 9 else NONE
                                                             for m in range(1, 13)}
