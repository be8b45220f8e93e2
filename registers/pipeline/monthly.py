"""One monthly report, end to end: check the month, compare with last month, write the workbook, HTML and PDF.

This is the library call behind ``registers monthly``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from registers.check import Report, now_local
from registers.core.output import write_atomically
from registers.core.period import Period
from registers.core.settings import Settings, load_settings
from registers.pipeline.check import CheckOptions, run_check
from registers.reports.monthly.book import MONTHLY_DIR, book_path, write_monthly_book
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


def write_pdf(book: Path) -> Path:
    """``book`` printed to PDF beside it by LibreOffice (headless, a throwaway profile); raises on failure."""
    exe = soffice()
    if exe is None:
        raise FileNotFoundError("LibreOffice (soffice) is not on PATH")
    target = book.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="registers-pdf-") as tmp:
        work = Path(tmp)
        src = work / "book.xlsx"
        shutil.copyfile(book, src)
        profile = work / "profile"
        subprocess.run([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(work), str(src)],
                       check=True, capture_output=True, timeout=PDF_TIMEOUT_S)
        made = work / "book.pdf"
        if not made.is_file():
            raise RuntimeError("LibreOffice wrote no PDF")

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
) -> MonthlyResult:
    """Check ``period`` (a calendar month; default: this month in the office's time zone) for the office folder
    ``root`` and write its monthly report.

    The check and its record in the run history are :func:`registers.pipeline.check.run_check`'s (no
    findings workbook: the report counts the findings per rule against last month's, which are read
    from the history first).  Raises :class:`registers.check.RunError` when the office cannot be
    checked at all; a broken run history or a failed PDF is only a warning.  Phone numbers are
    masked unless ``show_personal``.
    """
    from registers.core.output import output_dir

    settings = settings or load_settings(root)
    lang = lang or settings.language
    if period is None:
        today = now_local(settings).date()
        period = Period.month(today.year, today.month)
    previous = previous_counts(root, period)  # read only, and before this month's run is recorded
    run = run_check(root, CheckOptions(period=period, as_of=as_of, lang=lang, show_personal=show_personal,
                                       history=history, kind=KIND), settings=settings)
    report = run.report
    warnings: list[str] = []
    if previous[1] not in ("found", "none"):
        warnings.append(f"run history not read: {previous[1]}")
    if run.history_warning is not None:
        warnings.append(run.history_warning)
    mo = compute_monthly(report, previous=previous, show_personal=show_personal)

    base = out if out is not None else output_dir(root, settings.output_dir)
    folder = base / MONTHLY_DIR
    paths = [write_monthly_book(mo, folder, lang), write_monthly_html(mo, folder, root, lang)]
    note: str | None = None
    if not pdf:
        note = "not asked for (--no-pdf)"
    elif soffice() is None:
        note = "LibreOffice (soffice) is not on PATH"
    else:
        try:
            paths.append(write_pdf(book_path(folder, mo)))
        except (OSError, subprocess.SubprocessError, RuntimeError) as exc:
            note = f"LibreOffice failed: {exc}"
            warnings.append(f"no PDF: {note}")
    return MonthlyResult(monthly=mo, report=report, paths=paths, warnings=warnings, pdf_note=note)
