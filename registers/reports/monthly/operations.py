"""The monthly report's operations: repairs and keys of the month, and the findings per rule against the
latest check of the month before (read from the run history).

Counts, not money: they stand apart from the statement's movements in :mod:`registers.reports.monthly.compute`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from registers.core.findings import Finding, Severity
from registers.core.period import Period
from registers.core.spec import LEDGER, REPAIRS
from registers.reports.monthly.model import Keys, Repairs, RuleCount
from registers.reports.rows import within_period

if TYPE_CHECKING:
    from registers.office.load import Office


def repairs_summary(office: Office) -> Repairs:
    rep = office.frame(REPAIRS)
    lim = office.settings.limits
    received = int(within_period(office, rep["reported_at"]).sum())
    done = rep[within_period(office, rep["completed_at"])]
    due = done["appointment"] + pd.Timedelta(hours=lim.repair_complete_hours)
    judged = done["appointment"].notna()
    on_time = int(((done["completed_at"] <= due) & judged).fillna(False).astype(bool).sum())
    hours = ((done["completed_at"] - done["reported_at"]).dt.total_seconds() / 3600).dropna()
    hours = hours[hours >= 0]
    as_of = pd.Timestamp(office.as_of)
    open_end = ((rep["reported_at"] <= as_of) & (rep["completed_at"].isna() | (rep["completed_at"] > as_of)))
    return Repairs(received=received, completed=len(done), on_time=on_time, judged=int(judged.sum()),
                   avg_hours=round(float(hours.mean()), 1) if len(hours) else None,
                   open_at_end=int(open_end.fillna(False).astype(bool).sum()))


def keys_summary(office: Office, findings: Sequence[Finding]) -> Keys:
    led = office.frame(LEDGER)
    lent = led[within_period(office, led["out_at"])]
    as_of = pd.Timestamp(office.as_of)
    out_now = (led["out_at"] <= as_of) & (led["returned_at"].isna() | (led["returned_at"] > as_of))
    return Keys(
        lent=len(lent), returned=int(lent["returned_at"].notna().sum()),
        overdue=sum(1 for f in findings if f.rule == "key.overdue"),
        still_out=int(out_now.fillna(False).astype(bool).sum()),
        no_spare_types=sum(1 for f in findings if f.rule == "key.no-emergency-spare"),
    )


def previous_counts(root: Path, period: Period) -> tuple[dict[str, int] | None, str]:
    """Findings per rule of the latest ``check`` run of the month before ``period`` in the run history.

    Read only: the history is opened read-only and never created here.  ``(None, reason)`` when
    there is no such run ("none") or the history cannot be read.
    """
    from registers.history.queries import latest_check_counts

    prev_end = period.start - timedelta(days=1)
    prev = Period.month(prev_end.year, prev_end.month)
    return latest_check_counts(root, prev.start, prev.end)


def rule_counts(findings: Sequence[Finding], previous: dict[str, int] | None) -> list[RuleCount]:
    from registers.rules import catalogue

    cat = catalogue()
    now: dict[str, list[Finding]] = {}
    for f in findings:
        now.setdefault(f.rule, []).append(f)
    ids = set(now) | set(previous or {})
    out: list[RuleCount] = []
    for rid in ids:
        fs = now.get(rid, [])
        rule = cat.get(rid)
        clause = fs[0].clause if fs else rule.clause if rule else ""
        sev = fs[0].severity if fs else Severity.parse(rule.severity.label) if rule else Severity.INFO
        out.append(RuleCount(rid, clause, sev, len(fs), None if previous is None else previous.get(rid, 0)))
    out.sort(key=lambda x: (-int(x.severity), -x.count, x.rule))
    return out
