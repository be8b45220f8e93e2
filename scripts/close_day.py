"""Run the day close (日结) for today from a scheduler: ``python scripts/close_day.py OFFICE_DIR``.

Writes ``OFFICE_DIR/reports/daily/<today> 日结.xlsx`` and ``.html`` (and the
findings workbook), records the run in ``OFFICE_DIR/.registers/history.sqlite``
and appends one line per run to ``OFFICE_DIR/.registers/close-day.log`` (time,
day, exit status, counts, seconds — no names, no phone numbers).

Exit status: 0 no error findings that day, 1 error findings (let the scheduler
alert), 2 could not run (the reason is in the log line and on stderr).

Run it at 23:59, so the day is over for the time limits (a cashier has until
the end of the day to hand cash over; a close run earlier in the evening does
not judge today's handover yet).  ``--date YYYY-MM-DD`` closes a past day,
e.g. one the machine was off for.

cron (Linux, the office's time zone; ``crontab -e``)::

    59 23 * * *  /opt/registers/.venv/bin/python /opt/registers/scripts/close_day.py /srv/管理处台账 >/dev/null 2>&1

Windows Task Scheduler (one line in ``cmd``)::

    schtasks /Create /TN "registers 日结" /SC DAILY /ST 23:59 /TR "\"C:\\registers\\.venv\\Scripts\\python.exe\" \"C:\\registers\\scripts\\close_day.py\" \"D:\\管理处台账\""

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

PROG = "close_day"
LOG_NAME = "close-day.log"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="close_day.py", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("office_dir", type=Path, metavar="OFFICE_DIR")
    p.add_argument("--date", type=date.fromisoformat, metavar="YYYY-MM-DD", help="close this day instead of today")
    p.add_argument("--as-of", type=lambda t: datetime.fromisoformat(t.strip()), metavar="'YYYY-MM-DD HH:MM'",
                   help="the moment of the close (default: 23:59:59 of a past day, now for today)")
    p.add_argument("--lang", choices=("zh-Hans", "zh-Hant", "en"))
    args = p.parse_args(argv)
    root: Path = args.office_dir
    started = time.monotonic()
    stamp = datetime.now().astimezone().strftime("%Y-%m-%dT%H:%M:%S%z")
    if not root.is_dir():
        print(f"close_day: no such folder: {root}", file=sys.stderr)
        return 2

    from registers.check import RunError
    from registers.core.runlog import append_line, relative
    from registers.core.settings import ConfigError
    from registers.pipeline.day import FutureDay, close_day
    from registers.reports.day.book import finding_counts

    try:
        result = close_day(root, args.date, as_of=args.as_of, lang=args.lang)
    except (RunError, ConfigError, FutureDay, OSError) as exc:
        reason = exc.key if isinstance(exc, RunError) else f"{type(exc).__name__}: {exc}"
        append_line(root, LOG_NAME, prog=PROG, line=f"{stamp} day={args.date or 'today'} status=2 "
                    f"error={reason!r} seconds={time.monotonic() - started:.1f}")
        print(f"close_day: could not run: {reason}", file=sys.stderr)
        return 2
    c = result.close
    counts = finding_counts(c)
    short = sum(1 for x in c.cashiers if not c.cleared(x))
    status = result.exit_status
    append_line(root, LOG_NAME, prog=PROG, line=" ".join([
        stamp, f"day={c.day.isoformat()}", f"as_of={c.as_of.strftime('%Y-%m-%dT%H:%M:%S')}", f"status={status}",
        f"errors={counts['error']}", f"warnings={counts['warning']}", f"info={counts['info']}",
        f"new={counts['new']}", f"open={counts['open']}", f"resolved={counts['resolved']}",
        f"cashiers={len(c.cashiers)}", f"not_cleared={short}", f"history={'ok' if c.history == 'recorded' else 'no'}",
        f"seconds={time.monotonic() - started:.1f}",
        f"report={relative(result.paths[0], root)!r}",
    ]))
    for w in result.warnings:
        print(f"close_day: warning: {w}", file=sys.stderr)
    print(f"{c.day.isoformat()}: status {status}, {counts['error']} errors, {counts['warning']} warnings; "
          + ", ".join(str(p) for p in result.paths))
    return status


if __name__ == "__main__":
    from registers.core.resources import prepare_process

    prepare_process()
    sys.exit(main())
