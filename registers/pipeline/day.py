"""One day close, end to end: check the day, record it in the run history, write the reports.

This is the library call behind ``registers close-day`` and ``scripts/close_day.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from registers.check import Report, now_local
from registers.core.output import output_dir
from registers.core.period import Period
from registers.core.settings import Settings, load_settings
from registers.pipeline.check import CheckOptions, run_check
from registers.reports.day.book import DAILY_DIR, write_day_book
from registers.reports.day.compute import DayClose, compute_day
from registers.reports.day.html import write_day_html

KIND = "close-day"


class FutureDay(ValueError):
    """The day to close has not begun yet (``day``, ``today``: worded by the catalogue's ``day.future``)."""

    def __init__(self, day: date, today: date) -> None:
        super().__init__(f"{day.isoformat()} has not begun yet (today is {today.isoformat()})")
        self.day = day
        self.today = today


@dataclass
class CloseResult:
    close: DayClose
    report: Report
    paths: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        return self.close.exit_status


def day_as_of(day: date, now: datetime) -> datetime:
    """The moment a day is closed at: its end (23:59:59) once it is over, now while it is today."""
    if day > now.date():
        raise FutureDay(day, now.date())
    if day == now.date():
        return now
    return datetime.combine(day, time(23, 59, 59))


def close_day(
    root: Path,
    day: date | None = None,
    *,
    as_of: datetime | None = None,
    settings: Settings | None = None,
    lang: str | None = None,
    out: Path | None = None,
    history: bool = True,
    show_personal: bool = False,
) -> CloseResult:
    """Close ``day`` (default: today in the office's time zone) for the office folder ``root``.

    The check, its record in the run history (as a ``close-day`` run) and the findings workbook are
    :func:`registers.pipeline.check.run_check`'s; the day close is built on its report and history diff.
    Raises :class:`registers.check.RunError` when the office cannot be checked at all and
    :class:`FutureDay` for a day not begun; a broken run history is only a warning.
    """
    settings = settings or load_settings(root)
    lang = lang or settings.language
    now = now_local(settings)
    day = day or now.date()
    as_of = as_of or day_as_of(day, now)
    run = run_check(root, CheckOptions(period=Period(day, day), as_of=as_of, lang=lang, show_personal=show_personal,
                                       history=history, kind=KIND, findings_book=True, out=out,
                                       until_as_of=True), settings=settings)
    close = compute_day(run.report, run.diff, history=run.history_state, show_personal=show_personal)

    base = out if out is not None else output_dir(root, settings.output_dir)
    daily = base / DAILY_DIR
    paths = [
        write_day_book(close, daily, root, lang, show_personal=show_personal),
        write_day_html(close, daily, root, lang, show_personal=show_personal),
    ]
    if run.book_error is not None:  # the findings workbook is one of the day close's reports: its failure is the run's
        raise run.book_error
    assert run.book is not None
    paths.append(run.book)
    warnings = [] if run.history_warning is None else [run.history_warning]
    return CloseResult(close=close, report=run.report, paths=paths, warnings=warnings)
