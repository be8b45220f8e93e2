"""Every rule reads only the registers it declares (``Rule.registers``), and leaves the office's frames as it found them.

The demo office has every register; each rule runs on it from nothing computed before (no view an
earlier rule built), and the sheet kinds it asks the office for are noted.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from registers.core.period import Period
from registers.core.settings import load_settings
from registers.core.spec import KIND_BY_KEY
from registers.demo.office import write_demo
from registers.office.load import Office, load_office
from registers.rules import catalogue


class _Frames(dict[str, Any]):
    """The office's frames, noting every sheet kind asked for."""

    def __init__(self, frames: dict[str, Any]) -> None:
        super().__init__(frames)
        self.asked: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.asked.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self.asked.add(str(key))
        return super().__contains__(key)

    def __iter__(self) -> Any:
        self.asked.add("*every kind*")
        return super().__iter__()

    def items(self) -> Any:
        self.asked.add("*every kind*")
        return super().items()

    def values(self) -> Any:
        self.asked.add("*every kind*")
        return super().values()


def _reads(office: Office, rule: Any) -> set[str]:
    """The registers ``rule`` reads of ``office``, from nothing computed before."""
    office._shared.clear()  # views built by an earlier rule would hide what this one reads
    frames = _Frames(dict(office.frames))
    office.frames = frames
    try:
        list(rule(office))
    finally:
        office.frames = dict(dict.items(frames))
    return {KIND_BY_KEY[k].register if k in KIND_BY_KEY else k for k in frames.asked}


@pytest.fixture(scope="module")
def demo_office(tmp_path_factory: pytest.TempPathFactory) -> Office:
    root = tmp_path_factory.mktemp("declared") / "demo"
    write_demo(root)
    return load_office(root, load_settings(root), Period(date(2026, 10, 1), date(2026, 11, 30)),
                       datetime(2026, 11, 30, 23, 59))


@pytest.mark.slow
@pytest.mark.parametrize("rule_id", sorted(catalogue()))
def test_a_rule_reads_only_the_registers_it_declares(demo_office: Office, rule_id: str) -> None:
    rule = catalogue()[rule_id]
    before = {k: (list(f.columns), len(f)) for k, f in demo_office.frames.items()}
    registers = _reads(demo_office, rule)
    assert registers <= set(rule.registers), f"{rule_id} reads {sorted(registers - set(rule.registers))} undeclared"
    after = {k: (list(f.columns), len(f)) for k, f in demo_office.frames.items() if k in before}
    assert after == before, f"{rule_id} changed the office's frames"


@pytest.mark.slow
def test_the_watch_sees_a_rule_that_reads_another_register(demo_office: Office) -> None:
    def nosy(office: Office) -> list[Any]:
        office.frame("units")
        return []

    assert _reads(demo_office, nosy) == {"units"}


def test_rules_declare_registers_of_the_catalogue() -> None:
    known = {k.register for k in KIND_BY_KEY.values()}
    for r in catalogue().values():
        assert set(r.registers) <= known, r.id
        assert r.registers or r.id.startswith("input."), f"{r.id} declares no register"
