"""The check: load the office, run every selected rule, return a :class:`Report`.

This is the one library call behind ``registers check``, the day close, the
monthly report and the Excel button.
"""

from __future__ import annotations

import fnmatch
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from registers.core.findings import Finding, Severity, summary
from registers.core.period import Period
from registers.core.settings import Settings, load_settings
from registers.core.spec import KIND_BY_KEY
from registers.i18n import render_message, render_suggestion, shown_text, word
from registers.io.grid import Grid
from registers.office.load import Office, load_office
from registers.office.memo import RuleMemo
from registers.office.reading import ProgressFn
from registers.rules import Rule, catalogue

if TYPE_CHECKING:
    from registers.office.cache import ParseCache


class RunError(Exception):
    """The check could not run at all (exit status 2): no such folder, nothing to read."""

    def __init__(self, key: str, **kw: Any) -> None:
        super().__init__(key)
        self.key = key
        self.kw = kw


@dataclass
class Report:
    office: Office
    findings: list[Finding]
    rules: list[Rule] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        return 1 if any(f.severity is Severity.ERROR for f in self.findings) else 0

    def summary(self) -> dict[str, Any]:
        return summary(self.findings)

    def summary_line(self, lang: str) -> str:
        """The run in one line: ``管理处  2026-11-01 至 2026-11-30（截至 2026-11-30 23:59）：错误 44 项，…``."""
        office, counts = self.office, self.summary()
        return word("summary", lang, office=office.settings.office, start=office.period.start, end=office.period.end,
                    as_of=office.as_of.strftime("%Y-%m-%d %H:%M"),
                    error=counts["error"], warning=counts["warning"], info=counts["info"])

    def to_json(self, lang: str = "zh-Hans", *, show_personal: bool = False) -> dict[str, Any]:
        """The findings contract of ``shared/spec/rules.md``."""
        doc: dict[str, Any] = {
            "office": self.office.settings.office,
            "period": {"from": self.office.period.start.isoformat(), "to": self.office.period.end.isoformat()},
            "as_of": self.office.as_of.strftime("%Y-%m-%dT%H:%M:%S"),
            "findings": [finding_json(f, lang, show_personal=show_personal) for f in self.findings],
            "summary": self.summary(),
            "sheets": [s.to_json() for s in self.office.sheets],
        }
        source = fee_source_json(self.office, lang)
        if source is not None:
            doc["fee_source"] = source
        if self.office.open_elsewhere:
            # workbooks open in Excel/WPS as they were read (a lock file beside them): their saved version was checked
            doc["open_elsewhere"] = [
                {"file": file, "lock": lock, "message": word("open-elsewhere", lang, file=file, lock=lock)}
                for file, lock in self.office.open_elsewhere
            ]
        return doc


def fee_source_json(office: Office, lang: str) -> dict[str, str] | None:
    """Where the property fee's arrears and 收缴率 come from, for an office that keeps a fee roll for it:
    ``{"arrears": "roll" | "both", "message": ...}`` ("both": the roll's figures, cross-checked with the
    receipts journal); None for an office with receipts only (the field is then left out, as before rolls)."""
    from registers.views.roll import FROM_RECEIPTS, fee_source

    source = fee_source(office)
    if source == FROM_RECEIPTS:
        return None
    return {"arrears": source, "message": word("fee_source", lang, source=word(f"fee_source:{source}", lang))}


def finding_json(f: Finding, lang: str, *, show_personal: bool = False) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "rule": f.rule,
        "clause": f.clause,
        "severity": f.severity.label,
        "register": f.register,
        "file": f.file,
        "sheet": f.sheet,
        "row": f.row,
        "column": f.column,
        "cell": f.cell,
        "key": shown_text(f.key, show_personal=show_personal) if f.key else f.key,
        "date": f.date.isoformat() if f.date else None,
        "message": render_message(f, lang, show_personal=show_personal),
    }
    shown = render_suggestion(f, lang, show_personal=show_personal)
    if shown is not None:
        suggestion: dict[str, Any] = {"value": shown[0], "reason": shown[1]}
        doc["suggestion"] = suggestion
        if writes := f.writes():  # where accepting it writes (older readers ignore the key)
            suggestion["cells"] = [{"file": w.file, "sheet": w.sheet, "cell": w.cell,
                                           "value": w.value.isoformat() if isinstance(w.value, date) else w.value}
                                          for w in writes]
    return doc


def matches(rule_id: str, patterns: Iterable[str]) -> bool:
    """``fee`` or ``fee.*`` selects every fee rule; an exact id selects one."""
    for p in patterns:
        if rule_id == p or fnmatch.fnmatchcase(rule_id, p) or rule_id.startswith(p.rstrip(".*") + "."):
            return True
    return False


def selected_rules(settings: Settings, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[Rule]:
    sel = list(select) or list(settings.select)
    ign = list(ignore) + list(settings.ignore)
    return [r for r in catalogue().values() if (not sel or matches(r.id, sel)) and not matches(r.id, ign)]


def unknown_rule_patterns(patterns: Iterable[str]) -> list[str]:
    ids = list(catalogue())
    return [p for p in patterns if not any(matches(i, [p]) for i in ids)]


def default_as_of(period: Period, now: datetime) -> datetime:
    return min(period.end_dt, now)


def now_local(settings: Settings) -> datetime:
    return datetime.now(settings.tz).replace(tzinfo=None, microsecond=0)


def _in_period(f: Finding, period: Period) -> bool:
    """Read-stage findings about a row count when the row is in the period or has no readable date."""
    return f.date is None or period.contains(f.date)


def as_they_stood(office: Office) -> None:
    """Blank every date and time written after the as-of moment, but the ones that place a row in its period
    (a row reported tomorrow is not of today's period anyway): at that moment those things had not happened."""
    moment = pd.Timestamp(office.as_of)
    for key, frame in office.frames.items():
        kind = KIND_BY_KEY[key]
        for f in kind.fields:
            if f.kind not in ("date", "datetime", "time") or f.name == kind.date_field or f.name not in frame:
                continue
            later = (frame[f.name] > moment).fillna(False).to_numpy(dtype=bool)
            if later.any():
                frame[f.name] = frame[f.name].mask(later)


def run_rules(office: Office, rules: Sequence[Rule], progress: ProgressFn | None = None,
              memo: RuleMemo | None = None) -> list[Finding]:
    """Every rule's findings, sorted.  With a ``memo`` (:mod:`registers.office.memo`, begun on ``office``), a
    rule whose inputs are as they were at its last run gives the findings it gave then."""
    found: list[Finding] = []
    for i, r in enumerate(rules):
        if progress:
            progress(r.id, i, len(rules))
        try:
            out = list(r(office)) if memo is None else memo.run(r.id, r)
        except Exception as exc:  # a broken rule must not stop the others
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            out = [r.finding(register=None, args={"crash": detail[:300]})]
        if r.id.startswith("input."):
            out = [f for f in out if _in_period(f, office.period)]
        found.extend(out)
    if memo is not None:
        memo.end()
    if progress:
        progress("", len(rules), len(rules))
    found.sort(key=Finding.sort_key)
    return found


def check(
    root: Path,
    *,
    period: Period | None = None,
    as_of: datetime | None = None,
    settings: Settings | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    progress: Callable[[str, str, int, int], None] | None = None,
    workbooks: Iterable[tuple[str, Sequence[Grid]]] | None = None,
    threads: int | None = None,
    until_as_of: bool = False,
    cache: ParseCache | None = None,
    memo: RuleMemo | None = None,
) -> Report:
    """Check the office folder ``root`` for ``period`` (default: the current month).

    ``until_as_of``: the registers as they stood at the as-of moment — a time written after it (a repair
    completed tomorrow, a complaint closed next week) has not happened yet (:func:`as_they_stood`); the day
    close reads them so.

    ``threads`` read the workbooks (default: one per core); the report does not depend on their number.
    ``cache`` keeps parsed workbooks between checks of one office (``registers watch``), ``memo`` each rule's
    findings with what they were made from; nor does the report depend on them.
    """
    if workbooks is None and not root.is_dir():
        raise RunError("no-dir", dir=str(root))
    settings = settings or load_settings(root)
    now = now_local(settings)
    if period is None:
        today = now.date()
        period = Period.month(today.year, today.month)
    if as_of is not None and as_of < datetime.combine(period.start, time()):
        raise RunError("as-of-before-period", as_of=f"{as_of:%Y-%m-%d %H:%M}", start=period.start, end=period.end)
    as_of = as_of or default_as_of(period, now)

    def stage(name: str) -> ProgressFn | None:
        if progress is None:
            return None
        cb = progress
        return lambda item, i, n: cb(name, item, i, n)

    office = load_office(root, settings, period, as_of, progress=stage("reading"), workbooks=workbooks,
                         threads=threads, cache=cache)
    if not office.workbooks:
        raise RunError("no-workbooks", dir=str(root))
    if not office.sources:  # not a clean office: nothing was checked (and nothing is recorded)
        raise RunError("nothing-recognised", dir=str(root), files=len(office.workbooks), sheets=len(office.sheets))
    if until_as_of:
        as_they_stood(office)
    rules = selected_rules(settings, select, ignore)
    if memo is not None:  # the frames as they stood depend on the as-of moment: then so does every rule
        memo.begin(f"{settings!r}|{period!r}|{','.join(r.id for r in rules)}|{as_of if until_as_of else ''}", office)
    findings = run_rules(office, rules, stage("checking"), memo)
    return Report(office=office, findings=findings, rules=rules)


def parse_day(text: str) -> date:
    return date.fromisoformat(text.strip())
