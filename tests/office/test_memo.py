"""A rule's findings are kept between checks of one office only while everything the rule read is as it was.

The rules here are small functions written for the test, each reading one part of an office made by hand
(two registers, each from its own workbook with its own content digest); the demo office's whole
catalogue is in ``test_memo_demo.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from registers.core.findings import Finding, Severity
from registers.core.period import Period
from registers.core.settings import Settings
from registers.core.spec import INVENTORY, REPAIRS
from registers.office.load import Office, Source
from registers.office.memo import RuleMemo

AS_OF = datetime(2026, 11, 30, 23, 59)


def office(tmp_path: Path, *, keys: bytes = b"k1", repairs: bytes = b"r1", as_of: datetime = AS_OF,
           repair_sheets: int = 1) -> Office:
    """Two registers: the key inventory (钥匙.xlsx) and the repair log (报修.xlsx, ``repair_sheets`` sheets);
    ``keys`` / ``repairs`` stand for their workbooks' content digests."""
    sources = [Source("钥匙.xlsx", "钥匙清单", INVENTORY, 1, {"key_id": "A"})]
    sources += [Source("报修.xlsx", f"{m}月", REPAIRS, 1, {"id": "A"}) for m in range(11, 11 + repair_sheets)]
    frames = {
        INVENTORY: pd.DataFrame({"key_id": ["K1", "K2"], "_src": [0, 0], "_row": [2, 3]}),
        REPAIRS: pd.DataFrame({"id": ["BX1"], "_src": [1], "_row": [2]}),
    }
    return Office(root=tmp_path, settings=Settings(), period=Period.parse_month("2026-11"), as_of=as_of,
                  frames=frames, sources=sources, digests={"钥匙.xlsx": keys, "报修.xlsx": repairs})


def found(text: str) -> list[Finding]:
    return [Finding(rule="test", severity=Severity.INFO, clause="", args={"text": text})]


class Counted:
    """A rule for the test, counting its runs."""

    def __init__(self, body: Callable[[Office], str]) -> None:
        self.body = body
        self.runs = 0

    def __call__(self, o: Office) -> Iterable[Finding]:
        self.runs += 1
        return found(self.body(o))


def run(memo: RuleMemo, o: Office, *rules: tuple[str, Counted], token: str = "t") -> list[list[Finding]]:
    memo.begin(token, o)
    found = [memo.run(rule_id, r) for rule_id, r in rules]
    memo.end()
    return found


def keys_count(o: Office) -> str:
    return str(len(o.frame(INVENTORY)))


def test_a_rule_runs_again_only_when_a_register_it_read_was_saved(tmp_path: Path) -> None:
    memo, rule = RuleMemo(), Counted(keys_count)
    assert run(memo, office(tmp_path), ("keys", rule)) == [found("2")]
    assert run(memo, office(tmp_path, repairs=b"r2"), ("keys", rule)) == [found("2")]
    assert rule.runs == 1 and memo.reused == 1  # the repair log saved: the key rule's findings kept
    run(memo, office(tmp_path, repairs=b"r2", keys=b"k2"), ("keys", rule))
    assert rule.runs == 2 and memo.ran == 1  # the key register saved


def test_a_workbook_whose_digest_is_not_known_always_runs_again(tmp_path: Path) -> None:
    memo, rule = RuleMemo(), Counted(keys_count)
    unknown = office(tmp_path)
    unknown.digests.clear()  # read without a parse cache
    run(memo, unknown, ("keys", rule))
    run(memo, unknown, ("keys", rule))
    assert rule.runs == 2


def test_the_as_of_moment_is_an_input_of_the_rules_that_look_at_it(tmp_path: Path) -> None:
    memo = RuleMemo()
    clock, keys = Counted(lambda o: f"{o.as_of:%H:%M}"), Counted(keys_count)
    run(memo, office(tmp_path), ("clock", clock), ("keys", keys))
    later = run(memo, office(tmp_path, as_of=AS_OF.replace(hour=12)), ("clock", clock), ("keys", keys))
    assert later == [found("12:59"), found("2")]
    assert (clock.runs, keys.runs) == (2, 1)


def test_what_a_shared_view_read_counts_for_every_rule_that_takes_it(tmp_path: Path) -> None:
    """The second rule never touches the key frame itself: the view built by the first one did."""
    def view(o: Office) -> str:
        return str(o.shared("key-ids", lambda: o.frame(INVENTORY)["key_id"]).tolist())

    memo, first, second = RuleMemo(), Counted(view), Counted(view)
    run(memo, office(tmp_path), ("first", first), ("second", second))
    saved = office(tmp_path, keys=b"k2")
    saved.frames[INVENTORY] = saved.frames[INVENTORY].head(1)
    assert run(memo, saved, ("first", first), ("second", second)) == [found("['K1']")] * 2
    assert (first.runs, second.runs) == (2, 2)
    run(memo, office(tmp_path, keys=b"k2", repairs=b"r9"), ("first", first), ("second", second))
    assert (first.runs, second.runs) == (2, 2)


def test_the_sheets_of_a_rules_own_rows_are_part_of_their_frame(tmp_path: Path) -> None:
    """``sources[row._src]`` notes nothing more; going through every sheet notes the sheet list."""
    memo = RuleMemo()
    own = Counted(lambda o: o.sources[int(o.frame(INVENTORY)["_src"].to_numpy()[0])].sheet)
    every = Counted(lambda o: str(len([s for s in o.sources if s.kind == REPAIRS])))
    run(memo, office(tmp_path), ("own", own), ("every", every))
    assert run(memo, office(tmp_path, repairs=b"r2", repair_sheets=2), ("own", own), ("every", every)) == [
        found("钥匙清单"), found("2")]
    assert (own.runs, every.runs) == (1, 2)


def test_a_frame_a_rule_changes_is_its_own(tmp_path: Path) -> None:
    """A rule adding a column never changes what the next one reads, so skipping the first changes nothing."""
    def adds(o: Office) -> str:
        f = o.frame(INVENTORY)
        f["flag"] = True
        return "added"

    memo, first, second = RuleMemo(), Counted(adds), Counted(lambda o: str("flag" in o.frame(INVENTORY)))
    o = office(tmp_path)
    assert run(memo, o, ("first", first), ("second", second)) == [found("added"), found("False")]
    assert "flag" not in o.frames[INVENTORY]


def test_a_rule_that_raised_is_not_kept_and_another_token_forgets_all(tmp_path: Path) -> None:
    memo, calls = RuleMemo(), []

    def flaky(o: Office) -> Iterable[Finding]:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("first time")
        return found(keys_count(o))

    o = office(tmp_path)
    with pytest.raises(RuntimeError):
        run(memo, o, ("flaky", Counted(lambda _: "")), ("f", flaky))  # type: ignore[arg-type]
    assert run(memo, o, ("f", flaky)) == [found("2")]  # type: ignore[arg-type]
    assert run(memo, o, ("f", flaky)) == [found("2")] and len(calls) == 2  # type: ignore[arg-type]
    run(memo, o, ("f", flaky), token="other settings")  # type: ignore[arg-type]
    assert len(calls) == 3


def test_the_read_findings_of_one_rule_are_their_own_input(tmp_path: Path) -> None:
    memo = RuleMemo()
    missing = Counted(lambda o: str(len(o.read_findings_of("input.missing-value"))))
    o = office(tmp_path)
    run(memo, o, ("missing", missing))
    other = office(tmp_path)
    other.read_findings.append(replace(found("")[0], rule="input.bad-value"))
    run(memo, other, ("missing", missing))
    assert missing.runs == 1
    other.read_findings.append(replace(found("")[0], rule="input.missing-value"))
    assert run(memo, other, ("missing", missing)) == [found("1")] and missing.runs == 2
