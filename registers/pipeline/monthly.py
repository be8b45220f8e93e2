"""One monthly report, end to end: check the month, compare with last month, write the workbook, HTML and PDF.

This is the library call behind ``registers monthly``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from registers.check import Report, now_local
from registers.core.output import write_atomically
from registers.core.period import Period
from registers.core.settings import Settings, load_settings
from registers.pipeline.check import CheckOptions, run_check
from registers.reports.monthly.book import MONTHLY_DIR, write_monthly_book, write_print_book
from registers.reports.monthly.compute import compute_monthly
from registers.reports.monthly.html import write_monthly_html
from registers.reports.monthly.model import Monthly
from registers.reports.monthly.operations import previous_counts

KIND = "check"  # the run is recorded as a check of the month, so next month's report can compare with it
PDF_TIMEOUT_S = 180


@dataclass
class MonthlyResult:
    monthly: Monthly
    report: Report
    paths: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pdf_note: str | None = None  # why no PDF was written

    @property
    def exit_status(self) -> int:
        return self.report.exit_status


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class PdfError(Exception):
    """No PDF: ``key`` and ``kw`` name the reason in the catalogue (:mod:`registers.i18n.monthly`)."""

    def __init__(self, key: str, **kw: Any) -> None:
        super().__init__(key, kw)
        self.key, self.kw = key, kw

    def text(self, lang: str) -> str:
        from registers.i18n import word

        return word(self.key, lang, **self.kw)


def _end_group(proc: subprocess.Popen[bytes]) -> None:
    """Every process of LibreOffice's own process group ended: asked first, then killed."""
    for sig, wait in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            break
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            proc.poll()
            try:
                os.killpg(proc.pid, 0)
            except (ProcessLookupError, PermissionError):
                return  # the group is empty
            time.sleep(0.05)
    proc.poll()


class _Interrupted(KeyboardInterrupt):
    """SIGTERM during the conversion, raised so that LibreOffice's group is ended before we go."""


@contextmanager
def _terminate_raises() -> Iterator[None]:
    """SIGTERM turned into an exception for the duration (main thread only), the old handler put back after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise _Interrupted

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def convert_to_pdf(src: Path, work: Path, *, timeout: float = PDF_TIMEOUT_S) -> Path:
    """``src`` printed to PDF in ``work`` by LibreOffice: headless, a profile folder of its own, in a process group
    of its own that is ended whatever happens (done, timed out, interrupted), so no LibreOffice outlives the call.
    Raises :class:`PdfError`; a KeyboardInterrupt or SIGTERM is passed on once the group is ended."""
    exe = soffice()
    if exe is None:
        raise PdfError("pdf_no_soffice", book=src.name)
    profile = work / "profile"
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
           "--convert-to", "pdf", "--outdir", str(work), str(src)]
    # its own temporary files (lu*.tmp) in ``work`` too, removed with it even when LibreOffice is killed
    scratch = work / "tmp"
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(scratch), "TMP": str(scratch), "TEMP": str(scratch)}
    with _terminate_raises():
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    start_new_session=True, env=env)
        except OSError as exc:
            raise PdfError("pdf_failed", book=src.name, detail=exc.strerror or str(exc)) from exc
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PdfError("pdf_timeout", book=src.name, seconds=round(timeout)) from None
        finally:
            _end_group(proc)  # also on success: soffice.bin may linger after the launcher returns
    made = work / f"{src.stem}.pdf"
    if proc.returncode != 0 or not made.is_file():
        last = out.decode("utf-8", "replace").strip().splitlines()[-1:] if out else []
        detail = f"exit {proc.returncode}" + (f": {last[0][:200]}" if last else "")
        raise PdfError("pdf_failed", book=src.name, detail=detail)
    return made


def write_pdf(mo: Monthly, book: Path, lang: str, *, timeout: float = PDF_TIMEOUT_S) -> Path:
    """The printed pages of ``mo``'s workbook (statement, daily detail, arrears, operations, charts; not the
    detail and parameters sheets) as a PDF beside ``book``; raises :class:`PdfError`."""
    target = book.with_suffix(".pdf")
    printed = mo if not mo.full_detail else replace(mo, movements=mo.month(), carried_in=mo.opening)
    with tempfile.TemporaryDirectory(prefix="registers-pdf-") as tmp:
        work = Path(tmp)
        src = work / "book.xlsx"
        write_print_book(printed, src, lang)
        made = convert_to_pdf(src, work, timeout=timeout)

        def copy(dest: Path) -> None:
            shutil.copyfile(made, dest)

        write_atomically(target, copy)
    return target


def monthly_report(
    root: Path,
    period: Period | None = None,
    *,
    as_of: datetime | None = None,
    settings: Settings | None = None,
    lang: str | None = None,
    out: Path | None = None,
    history: bool = True,
    pdf: bool = True,
    show_personal: bool = False,
    full_detail: bool = False,
    progress: Callable[[str, str, int, int], None] | None = None,
    pdf_timeout: float = PDF_TIMEOUT_S,
) -> MonthlyResult:
    """Check ``period`` (a calendar month; default: this month in the office's time zone) for the office folder
    ``root`` and write its monthly report.

    The check and its record in the run history are :func:`registers.pipeline.check.run_check`'s (no
    findings workbook: the report counts the findings per rule against last month's, which are read
    from the history first).  Raises :class:`registers.check.RunError` when the office cannot be
    checked at all; a broken run history or a failed PDF is only a warning (in ``lang``, saying what to do).
    Phone numbers are masked unless ``show_personal``.  The workbook's detail holds the month's movements with
    the opening cash carried in, or every movement since the books began when ``full_detail``.  ``progress``
    is called as the check's is (stage, item, done, total), then with the stage ``progress_monthly``.
    """
    from registers.core.output import output_dir
    from registers.i18n import word

    settings = settings or load_settings(root)
    lang = lang or settings.language
    if period is None:
        today = now_local(settings).date()
        period = Period.month(today.year, today.month)
    previous = previous_counts(root, period)  # read only, and before this month's run is recorded
    run = run_check(root, CheckOptions(period=period, as_of=as_of, lang=lang, show_personal=show_personal,
                                       history=history, kind=KIND), settings=settings, progress=progress)
    report = run.report
    warnings: list[str] = []
    if previous[1] not in ("found", "none"):
        warnings.append(f"run history not read: {previous[1]}")
    if run.history_warning is not None:
        warnings.append(run.history_warning)
    steps = ["", "xlsx", "html"] + (["pdf"] if pdf else [])

    def step(i: int) -> None:
        if progress is not None:
            progress("progress_monthly", steps[i] if i < len(steps) else "", i, len(steps))

    step(0)
    mo = compute_monthly(report, previous=previous, show_personal=show_personal, full_detail=full_detail)

    base = out if out is not None else output_dir(root, settings.output_dir)
    folder = base / MONTHLY_DIR
    step(1)
    paths = [write_monthly_book(mo, folder, lang)]
    step(2)
    paths.append(write_monthly_html(mo, folder, root, lang))
    note: str | None = None
    if not pdf:
        note = word("pdf_not_asked", lang)
    elif soffice() is None:
        note = PdfError("pdf_no_soffice", book=paths[0].name).text(lang)
    else:
        step(3)
        try:
            paths.append(write_pdf(mo, paths[0], lang, timeout=pdf_timeout))
        except PdfError as exc:
            note = exc.text(lang)
            warnings.append(word("pdf_skipped", lang, reason=note))
        except OSError as exc:
            note = PdfError("pdf_failed", book=paths[0].name, detail=exc.strerror or str(exc)).text(lang)
            warnings.append(word("pdf_skipped", lang, reason=note))
    step(len(steps))
    return MonthlyResult(monthly=mo, report=report, paths=paths, warnings=warnings, pdf_note=note)
