"""Suggestions on the demo office: accepting every one makes its finding go and brings no new finding."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from registers.core.period import Period
from tests.support.suggest import apply_writes, copy_office, key, round_trip, run, touched

AS_OF = datetime(2026, 11, 30, 23, 59)
PERIOD = Period(date(2026, 10, 1), date(2026, 11, 30))


@pytest.mark.slow
def test_accepting_every_demo_suggestion_clears_its_findings_and_adds_none(demo_folder: Path,
                                                                            tmp_path: Path) -> None:
    office = copy_office(demo_folder, tmp_path / "office")
    before = run(office, PERIOD, AS_OF)
    suggested = [f for f in before if f.suggestion is not None and f.writes()]
    assert suggested, "the demo has findings whose right value is known"
    round_trip(office, touched(suggested))
    baseline = {key(f) for f in run(office, PERIOD, AS_OF)}
    assert {key(f) for f in suggested} <= baseline, "a round trip through openpyxl alone changed the findings"

    apply_writes(office, [w for f in suggested for w in f.writes()])
    after = {key(f) for f in run(office, PERIOD, AS_OF)}
    assert {key(f) for f in suggested} & after == set(), "accepted suggestions whose findings stayed"
    assert after - baseline == set(), "findings that accepting the suggestions created"
