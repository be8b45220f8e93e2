"""Check, record the run in the history, write the findings workbook: the one sequence.

``registers check`` (one office, or each office of a group), the day close, the monthly report
and the Excel button all run an office's check this way; what differs between them is data,
the :class:`CheckOptions` (which period, whether the run is recorded and as what kind, whether
the findings workbook is written and where), never the steps or their order.  Before, each
wrote the sequence out itself and they had drifted apart: which history failures were only a
warning, and whether the run history was told that personal data was shown.

Errors as values: the check's result stands whatever happens to the run history or the findings
workbook, so a failure of either is in the :class:`CheckRun` (``history_error``, ``book_error``)
and each caller decides what it means to it — a warning line, the day close's history state, or
(on the command line) the run's own error once the findings are shown.  A check that cannot run
at all raises :class:`registers.check.RunError`, as :func:`registers.check.check` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from registers.check import Report, check
from registers.core.period import Period
from registers.core.settings import Settings, load_settings
from registers.i18n import word

if TYPE_CHECKING:
    from registers.history.store import RunDiff
    from registers.io.grid import Grid


@dataclass(frozen=True)
class CheckOptions:
    """What one office's run depends on besides its folder (and its ``registers.toml``)."""

    period: Period | None = None  # None: this month, in the office's timezone
    as_of: datetime | None = None  # naive, office local time; None: the end of the period, or now if earlier
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    lang: str | None = None  # language of the findings workbook; None: the office's (registers.toml)
    show_personal: bool = False  # phone numbers unmasked in the workbook; recorded in the history
    history: bool = False  # record the run in the office's .registers/history.sqlite
    kind: str = "check"  # what the run is recorded as (registers.history.KINDS)
    findings_book: bool = False  # write the findings workbook (核查结果 DATE.xlsx)
    out: Path | None = None  # folder of the findings workbook; None: the office's reports/ folder
    threads: int | None = None  # reading threads (None: one per core); the report does not depend on it
    until_as_of: bool = False  # the registers as they stood at the as-of moment (the day close)


@dataclass
class CheckRun:
    """The outcome of :func:`run_check`: the report, then what became of the history and the workbook."""

    report: Report
    lang: str
    diff: RunDiff | None = None  # the run as recorded, compared with the previous one of its kind and period
    history_error: Exception | None = None
    book: Path | None = None
    book_error: Exception | None = None

    @property
    def history_state(self) -> str:
        """``"off"`` (not asked for), ``"recorded"``, or why the run could not be recorded."""
        if self.history_error is not None:
            return str(self.history_error)
        return "off" if self.diff is None else "recorded"

    @property
    def history_warning(self) -> str | None:
        if self.history_error is None:
            return None
        return word("history.not-recorded", self.lang, reason=self.history_error)

    @property
    def book_warning(self) -> str | None:
        return None if self.book_error is None else f"findings workbook not written: {self.book_error}"

    @property
    def warnings(self) -> list[str]:
        return [w for w in (self.history_warning, self.book_warning) if w is not None]


def run_check(
    root: Path,
    options: CheckOptions,
    *,
    settings: Settings | None = None,
    progress: Callable[[str, str, int, int], None] | None = None,
    workbooks: Iterable[tuple[str, Sequence[Grid]]] | None = None,
) -> CheckRun:
    """Check the office folder ``root``, then record the run and write the findings workbook if asked.

    ``settings`` are the office's (read from ``root`` when not given); ``progress`` and
    ``workbooks`` go to :func:`registers.check.check` (the Excel button passes the open
    workbook's values as ``workbooks``).  Raises :class:`registers.check.RunError` when the
    office cannot be checked at all; nothing else that goes wrong is raised.
    """
    settings = settings or load_settings(root)
    lang = options.lang or settings.language
    report = check(root, period=options.period, as_of=options.as_of, settings=settings,
                   select=options.select, ignore=options.ignore, progress=progress, workbooks=workbooks,
                   threads=options.threads, until_as_of=options.until_as_of)
    run = CheckRun(report=report, lang=lang)
    if options.history:
        try:
            from registers.history.store import record_run

            run.diff = record_run(root, report, options.kind, show_personal=options.show_personal, lang=lang)
        except Exception as exc:  # the check's result stands whatever happens to the history
            run.history_error = exc
    if options.findings_book:
        try:
            from registers.reports.findings.book import write_findings_book

            run.book = write_findings_book(report, lang, dest_dir=options.out, show_personal=options.show_personal)
        except Exception as exc:  # and whatever happens to the workbook
            run.book_error = exc
    return run
