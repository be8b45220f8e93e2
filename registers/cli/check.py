"""``registers check OFFICE_DIR``: one office's findings for a period, as text or JSON (and, with
``--xlsx``, the findings workbook); with ``--offices``, a group folder's (``registers.cli.group``).

Its own module as every command has one; ``registers.cli.main`` keeps the parser and the dispatch.
Kept light to import: argparse only at module level.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from registers.cli.argtypes import CliError, office_folder, parse_date, parse_moment, parse_month
from registers.core.period import Period
from registers.core.settings import LANGUAGES, load_settings

EPILOG_CHECK = """\
examples:
  registers check 管理处台账                      this month, as of now
  registers check 管理处台账 --month 2026-11      a whole month
  registers check 管理处台账 --date 2026-11-27    one day
  registers check 管理处台账 --select fee --ignore fee.receipt-gap
  registers check 管理处台账 --format json > findings.json

exit status: 0 no error findings, 1 error findings, 2 could not run.
Times are the office's local time (registers.toml: timezone, default Asia/Shanghai).
"""

def add_parser(sub: Any) -> None:
    from registers.cli.group import GROUP_HELP

    c = sub.add_parser(
        "check", help="check an office folder's registers and list the findings",
        description="Read every workbook under OFFICE_DIR, recognise the registers by their headers, "
        "and check them against the regulation. The registers are never modified; the tool writes only "
        "its run history (.registers/) and the reports you ask for (reports/).",
        epilog=EPILOG_CHECK + "\n" + GROUP_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    c.add_argument("office_dir", type=Path, metavar="OFFICE_DIR",
                   help="the office folder holding the registers (with --offices: the group folder)")
    c.add_argument("--offices", action="store_true",
                   help="OFFICE_DIR is a group folder: check every office folder in it in parallel and write "
                   "reports/集团汇总 PERIOD.json and .xlsx (see below)")
    c.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --offices: run one task per office on this Dask scheduler (tcp://host:8786) "
                   "instead of this machine's cores; needs pip install 'registers[dask]' (docs/group.md)")
    when = c.add_mutually_exclusive_group()
    when.add_argument("--month", type=parse_month, metavar="YYYY-MM", help="check one month (default: this month)")
    when.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="check one day")
    when.add_argument("--from", dest="from_", type=parse_date, metavar="YYYY-MM-DD",
                      help="first day of a span of days: with --to, up to that day; alone, that one day only")
    c.add_argument("--to", type=parse_date, metavar="YYYY-MM-DD",
                   help="last day of the span begun by --from (included)")
    c.add_argument("--as-of", type=parse_moment, metavar="'YYYY-MM-DD HH:MM'",
                   help="the moment time limits are measured against (default: end of period or now, if earlier)")
    c.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    c.add_argument("--lang", choices=LANGUAGES, help="language of messages (default: the office config's)")
    c.add_argument("--select", nargs="+", default=[], metavar="RULE",
                   help="only these rules (ids or prefixes: fee, key.overdue, input.*)")
    c.add_argument("--ignore", nargs="+", default=[], metavar="RULE", help="skip these rules")
    c.add_argument("--show-personal-data", action="store_true", help="show phone numbers unmasked")
    c.add_argument("-v", "--verbose", action="store_true", help="also list the sheets recognised and ignored")
    c.add_argument("--xlsx", action="store_true",
                   help="also write the findings workbook (reports/核查结果 DATE.xlsx) with links to the cells")
    c.add_argument("--out", type=Path, metavar="DIR",
                   help="folder for written reports (default: the office's reports/ folder)")
    c.add_argument("--exit-zero", action="store_true",
                   help="exit 0 even when there are error findings (to look without failing a script)")
    c.add_argument("--no-history", action="store_true",
                   help="do not record this run in the office's run history (.registers/history.sqlite)")


def _period_of(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Period | None:
    if args.to and not args.from_:
        parser.error("--to needs --from")
    if args.from_:
        to = args.to or args.from_
        if to < args.from_:
            parser.error("--to is before --from")
        return Period(args.from_, to)
    if args.date:
        return Period(args.date, args.date)
    month: Period | None = args.month
    return month


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from registers.check import RunError, unknown_rule_patterns
    from registers.i18n import word
    from registers.pipeline.check import CheckOptions, run_check
    from registers.reports.findings.terminal import print_report, progress_reporter

    period = _period_of(args, parser)
    unknown = unknown_rule_patterns([*args.select, *args.ignore])
    if unknown:
        raise CliError(f"unknown rule id(s): {', '.join(unknown)} — `registers rules` lists them")
    if args.scheduler and not args.offices:
        parser.error("--scheduler needs --offices (it runs a group's offices on a Dask cluster)")
    if args.offices:
        from registers.cli.group import run_group

        return run_group(args, period)
    root: Path = office_folder(args.office_dir, args.lang)
    settings = load_settings(root)
    lang = args.lang or settings.language
    options = CheckOptions(period=period, as_of=args.as_of, select=tuple(args.select), ignore=tuple(args.ignore),
                           lang=lang, show_personal=args.show_personal_data, history=not args.no_history,
                           findings_book=args.xlsx, out=args.out)
    with progress_reporter(enabled=args.format == "text" and sys.stderr.isatty(), lang=lang) as progress:
        try:
            done = run_check(root, options, settings=settings, progress=progress)
        except RunError as exc:
            raise CliError(word(exc.key, lang, **exc.kw)) from None
    if done.history_warning is not None:  # a warning, never a changed exit status
        print(f"registers: warning: {done.history_warning}", file=sys.stderr)
    report = done.report
    if args.format == "json":
        json.dump(report.to_json(lang, show_personal=args.show_personal_data), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_report(report, lang, verbose=args.verbose, show_personal=args.show_personal_data)
    if done.book_error is not None:  # asked for with --xlsx: the run's error, once the findings are shown
        raise done.book_error
    if done.book is not None:
        print(f"findings workbook: {done.book}", file=sys.stderr)
    return 0 if args.exit_zero else report.exit_status
