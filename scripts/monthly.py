"""Write last month's report (收支明细表) from a scheduler: ``python scripts/monthly.py OFFICE_DIR``.

Without ``--month`` it reports the month before today (in the office's time
zone), so a run early on the 1st covers the month just ended.  Writes
``OFFICE_DIR/reports/monthly/<YYYY-MM> 收支明细表.xlsx``, ``.html`` and, when
LibreOffice is installed, ``.pdf``; records the run in
``OFFICE_DIR/.registers/history.sqlite`` and appends one line per run to
``OFFICE_DIR/.registers/monthly.log`` (time, month, exit status, counts,
seconds — no names, no phone numbers).

Exit status: 0 no error findings in the month, 1 error findings, 2 could not
run (the reason is in the log line and on stderr).

cron (Linux, the office's time zone; ``crontab -e``), 06:00 on the 1st::

    0 6 1 * *  /opt/registers/.venv/bin/python /opt/registers/scripts/monthly.py /srv/管理处台账 >/dev/null 2>&1

Windows Task Scheduler (one line in ``cmd``)::

    schtasks /Create /TN "registers 月报" /SC MONTHLY /D 1 /ST 06:00 /TR "\"C:\\registers\\.venv\\Scripts\\python.exe\" \"C:\\registers\\scripts\\monthly.py\" \"D:\\管理处台账\""

The script finds the ``registers`` package installed in the Python that runs
it, or else in the checkout it sits in.
"""  # noqa: E501

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, datetime
from pathlib import Path

try:
    import registers  # noqa: F401
except ModuleNotFoundError:  # running from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PROG = "monthly"
LOG_NAME = "monthly.log"


def previous_month(today: date) -> str:
    """``YYYY-MM`` of the month before ``today``."""
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="monthly.py", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("office_dir", type=Path, metavar="OFFICE_DIR")
    p.add_argument("--month", metavar="YYYY-MM", help="report this month instead of last month")
    p.add_argument("--lang", choices=("zh-Hans", "zh-Hant", "en"))
    p.add_argument("--no-pdf", action="store_true", help="do not print the workbook to PDF")
    args = p.parse_args(argv)
    root: Path = args.office_dir
    started = time.monotonic()
    stamp = datetime.now().astimezone().strftime("%Y-%m-%dT%H:%M:%S%z")
    if not root.is_dir():
        print(f"monthly: no such folder: {root}", file=sys.stderr)
        return 2

    from registers.check import RunError
    from registers.cli.argtypes import parse_month
    from registers.core.runlog import append_line
    from registers.core.settings import ConfigError, load_settings
    from registers.pipeline.monthly import monthly_report

    try:
        settings = load_settings(root)
        month = args.month or previous_month(datetime.now(settings.tz).date())
        period = parse_month(month)
        result = monthly_report(root, period, settings=settings, lang=args.lang, pdf=not args.no_pdf)
    except (RunError, ConfigError, OSError, ValueError) as exc:
        reason = exc.key if isinstance(exc, RunError) else f"{type(exc).__name__}: {exc}"
        append_line(root, LOG_NAME, prog=PROG, line=f"{stamp} month={args.month or 'last'} status=2 "
                    f"error={reason!r} seconds={time.monotonic() - started:.1f}")
        print(f"monthly: could not run: {reason}", file=sys.stderr)
        return 2
    counts = result.report.summary()
    status = result.exit_status
    append_line(root, LOG_NAME, prog=PROG, line=" ".join([
        stamp, f"month={month}", f"status={status}", f"errors={counts['error']}", f"warnings={counts['warning']}",
        f"info={counts['info']}", f"files={len(result.paths)}", f"pdf={'yes' if result.pdf_note is None else 'no'}",
        f"seconds={time.monotonic() - started:.1f}",
    ]))
    for w in result.warnings:
        print(f"monthly: warning: {w}", file=sys.stderr)
    print(f"{month}: status {status}, {counts['error']} errors, {counts['warning']} warnings; "
          + ", ".join(str(p) for p in result.paths))
    return status


if __name__ == "__main__":
    from registers.core.resources import prepare_process

    prepare_process()
    sys.exit(main())
