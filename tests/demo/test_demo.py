"""The demo office: every planted problem is found, at the right cell, and nothing else is."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import pytest

from registers.check import check
from registers.core.period import Period
from registers.demo.common import Planted
from registers.demo.office import write_demo
from registers.rules import catalogue

AS_OF = datetime(2026, 11, 30, 23, 59)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Planted]]:
    root = tmp_path_factory.mktemp("demo") / "阿尔卡迪亚"
    return root, write_demo(root)


def _key(p: Planted) -> tuple[str, str, str, int | None]:
    return (p.rule, p.file, p.sheet, p.row)


@pytest.mark.slow
def test_demo_findings_are_exactly_the_planted_ones(demo: tuple[Path, list[Planted]]) -> None:
    root, planted = demo
    report = check(root, period=Period(date(2026, 10, 1), date(2026, 11, 30)), as_of=AS_OF)
    implemented = set(catalogue())
    expected = {_key(p) for p in planted if p.rule in implemented}
    found = {(f.rule, f.file or "", f.sheet or "", f.row) for f in report.findings}
    assert found - expected == set(), "findings on clean rows"
    assert expected - found == set(), "planted problems not found"


@pytest.mark.slow
def test_every_implemented_rule_is_planted(demo: tuple[Path, list[Planted]]) -> None:
    _, planted = demo
    planted_rules = {p.rule for p in planted}
    # not plantable without breaking the rest of the demo: all registers are present; the repair
    # visit rate and the yearly archive inspections need a finished month/year after the demo's
    unplantable = {"input.missing-register", "visit.rate-below-target", "archive.inspections-short"}
    assert set(catalogue()) - unplantable <= planted_rules


@pytest.mark.slow
def test_each_month_alone(demo: tuple[Path, list[Planted]]) -> None:
    root, _ = demo
    nov = check(root, period=Period.month(2026, 11), as_of=AS_OF)
    octo = check(root, period=Period.month(2026, 10), as_of=AS_OF)
    assert nov.findings and octo.findings
    assert all(f.date is None or f.date.month == 11 for f in nov.findings if f.rule != "key.overdue")


@pytest.mark.slow
def test_check_leaves_the_office_byte_for_byte_unchanged(demo: tuple[Path, list[Planted]]) -> None:
    root, _ = demo
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()}
    check(root, period=Period.month(2026, 11), as_of=AS_OF)
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()}
    assert after == before
