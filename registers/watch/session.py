"""One office watched: each re-check, what changed since the last one, and the outputs it rewrites.

A re-check is a cold check (:func:`registers.check.check`, the same period, as-of and rules) whose
reading takes the workbooks that did not change from a :class:`~registers.office.cache.ParseCache`, and
whose rules keep their findings where nothing they read changed (:class:`~registers.office.memo.RuleMemo`);
the findings are the ones ``registers check`` would print at that moment.  New and resolved are matched
as the run history matches runs (:func:`registers.history.fingerprints.fingerprints`: rule, file, sheet
and key, not the row), so a row inserted above does not make everything new.

The run history is not written: a watch re-checks on every save, and the history is for the runs a
scheduler or a clerk starts.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from registers.check import Report, RunError, check, now_local
from registers.core.findings import Finding
from registers.core.inputs import UNREADABLE
from registers.core.period import Period
from registers.core.settings import Settings, load_settings
from registers.history.fingerprints import fingerprints
from registers.i18n import word
from registers.office.cache import ParseCache
from registers.office.memo import RuleMemo

# Why a workbook could not be read that may be a save under way: checked again before anything is shown.
TRANSIENT = frozenset({"changed", "empty", "locked", "os-error", "corrupt"})


@dataclass(frozen=True)
class WatchOptions:
    period: Period | None = None  # None: this month, as of each re-check
    as_of: datetime | None = None  # None: the end of the period, or now if earlier (each re-check)
    lang: str | None = None  # None: the office's
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    findings_book: bool = True  # rewrite reports/核查结果 DATE.xlsx on each re-check
    out: Path | None = None  # the findings workbook's folder; None: the office's reports/
    threads: int | None = None


@dataclass
class Update:
    """The outcome of one re-check."""

    number: int  # 1 for the first check, then one more per re-check
    at: datetime  # when it finished (office local time)
    seconds: float  # how long the check took
    lang: str
    report: Report | None  # None: the office could not be checked (``error`` says why)
    new: list[Finding] = field(default_factory=list)  # not found by the previous re-check
    resolved: list[Finding] = field(default_factory=list)  # found by the previous one, not by this
    error: str | None = None
    parsed: int = 0  # workbooks parsed (the others came from the cache)
    cached: int = 0
    ran: int = 0  # rules run (the others' findings kept: nothing they read had changed)
    kept: int = 0
    transient: list[str] = field(default_factory=list)  # workbooks still being saved as they were read
    book: Path | None = None
    book_error: str | None = None


class WatchSession:
    """Re-checks one office folder; keeps the parse cache and the last findings between re-checks."""

    def __init__(self, root: Path, options: WatchOptions) -> None:
        self.root = root
        self.options = options
        self.cache = ParseCache()
        self.memo = RuleMemo()
        self._last: dict[str, Finding] | None = None  # fingerprint -> finding, of the last re-check
        self.count = 0

    def settings(self) -> Settings:
        return load_settings(self.root)  # read again each time: registers.toml may have been saved too

    def recheck(self, *, settle: bool = True) -> Update:
        """Check the office now.  A :class:`~registers.core.settings.ConfigError` (a bad registers.toml saved)
        propagates; a check that cannot run is an update with its ``error``.  ``settle``: this is the office's
        state from now on (:meth:`settle`); False for a reading that may be a save under way, which is
        looked at again before it is compared or shown."""
        settings = self.settings()
        lang = self.options.lang or settings.language
        started = time.perf_counter()
        try:
            report = check(self.root, period=self.options.period, as_of=self.options.as_of, settings=settings,
                           select=self.options.select, ignore=self.options.ignore, threads=self.options.threads,
                           cache=self.cache, memo=self.memo)
        except RunError as exc:
            update = Update(0, now_local(settings), time.perf_counter() - started, lang, None,
                            error=word(exc.key, lang, **exc.kw))
        else:
            update = Update(0, now_local(settings), time.perf_counter() - started, lang, report,
                            parsed=self.cache.misses, cached=self.cache.hits, ran=self.memo.ran, kept=self.memo.reused,
                            transient=transient_files(report.findings))
        if settle:
            self.settle(update)
        return update

    def settle(self, update: Update) -> None:
        """Number the update and say what changed since the last one settled (new, resolved)."""
        self.count += 1
        update.number = self.count
        report = update.report
        if report is None:
            self._last = None
            return
        now = dict(zip(fingerprints(report.findings, report.office), report.findings, strict=True))
        if self._last is not None:
            update.new = [f for fp, f in now.items() if fp not in self._last]
            update.resolved = [f for fp, f in self._last.items() if fp not in now]
        self._last = now

    def write_book(self, update: Update) -> None:
        """Rewrite the findings workbook (to a temporary file, then renamed over the last one)."""
        if update.report is None or not self.options.findings_book:
            return
        from registers.reports.findings.book import write_findings_book

        try:
            update.book = write_findings_book(update.report, update.lang, dest_dir=self.options.out)
        except Exception as exc:  # the findings stand whatever happens to the workbook
            update.book_error = str(exc) or type(exc).__name__


def transient_files(findings: Sequence[Finding]) -> list[str]:
    """The workbooks that could not be read for a reason a save under way gives (see :data:`TRANSIENT`)."""
    out = []
    for f in findings:
        if f.rule == UNREADABLE.id and f.file and str(f.args.get("reason", "")).split("|")[0] in TRANSIENT:
            out.append(f.file)
    return out
