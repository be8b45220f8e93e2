"""Accepting one rule's suggestions on a small office and checking again: what each rule's suggestion test asserts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from registers.core.findings import Finding
from tests.support.helpers import run_check
from tests.support.suggest import Key, apply_writes, key, round_trip, touched


def accept(root: Path, suggested: Sequence[Finding], **check: Any) -> tuple[set[Key], set[Key]]:
    """Type every write of ``suggested`` into ``root``'s workbooks and check again (``check``: run_check's
    arguments): (the findings of ``suggested`` still there, the findings that were not there before)."""
    assert suggested and all(f.writes() for f in suggested), "nothing to accept"
    round_trip(root, touched(suggested))
    before = {key(f) for f in run_check(root, **check).findings}
    apply_writes(root, [w for f in suggested for w in f.writes()])
    after = {key(f) for f in run_check(root, **check).findings}
    return {key(f) for f in suggested} & after, after - before
