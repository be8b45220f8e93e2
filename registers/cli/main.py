"""``registers`` — the command line.  Each command parses options, calls one library function,
renders the result and sets the exit status (0 clean, 1 error findings, 2 could not run)."""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from registers import __version__
from registers.cli.argtypes import CliError, parse_date, parse_moment, parse_month
from registers.core.period import Period
from registers.core.settings import LANGUAGES, ConfigError, load_settings

if TYPE_CHECKING:
    from registers.check import Report

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


DEMO_MARKER = ".registers-demo"

# Commands that live with their feature: each module has ``add_parser(subparsers)``, which sets
# ``run=<function(args) -> exit status>`` as the parser's default.  Keep these modules light
# to import (argparse only at module level).
COMMAND_MODULES: tuple[str, ...] = (
    "registers.cli.close_day",
    "registers.cli.monthly",
    "registers.cli.match",
    "registers.cli.excel",
)




def build_parser() -> argparse.ArgumentParser:
    from registers.cli.group import GROUP_HELP

    p = argparse.ArgumentParser(
        prog="registers",
        description="Check a property-management office's Excel registers (台账) against the regulation.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"registers {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

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
    when = c.add_mutually_exclusive_group()
    when.add_argument("--month", type=parse_month, metavar="YYYY-MM", help="check one month (default: this month)")
    when.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="check one day")
    when.add_argument("--from", dest="from_", type=parse_date, metavar="YYYY-MM-DD", help="first day (with --to)")
    c.add_argument("--to", type=parse_date, metavar="YYYY-MM-DD", help="last day (with --from)")
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

    d = sub.add_parser("demo", help="write a realistic demo office folder to try the tool on",
                       description="Write the Arcadia demo office (two months of registers with planted problems).")
    d.add_argument("dest", type=Path, metavar="DIR", help="folder to create (must not exist or be empty)")

    i = sub.add_parser("init", help="start an office folder: blank registers and a commented registers.toml",
                       description="Write blank register workbooks (headers, formats, drop-down lists) and a "
                       "commented registers.toml into DIR. Existing files are never overwritten.")
    i.add_argument("dest", type=Path, metavar="DIR")
    i.add_argument("--office", default=None, help="the office's name for registers.toml")

    r = sub.add_parser("rules", help="list the rule catalogue: id, clause, severity, title",
                       description="List every rule with its stable id, clause of the regulation and severity.")
    r.add_argument("--lang", choices=LANGUAGES, default="zh-Hans")
    r.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "check":
            return cmd_check(args, parser)
        if args.command == "demo":
            return cmd_demo(args)
        if args.command == "init":
            return cmd_init(args)
        if args.command == "rules":
            return cmd_rules(args)
        if hasattr(args, "run"):
            status: int = args.run(args)
            return status
    except ConfigError as exc:
        print(f"registers: config error: {exc}", file=sys.stderr)
        return 2
    except (CliError, FileNotFoundError, NotADirectoryError) as exc:
        print(f"registers: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("registers: interrupted", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: say so, keep the details for a report, and never exit as "findings"
        import traceback

        traceback.print_exc(file=sys.stderr)
        print(f"registers: internal error ({type(exc).__name__}: {exc}); nothing was checked to the end. "
              "Please report it with the lines above.", file=sys.stderr)
        return 2
    parser.error(f"unknown command {args.command}")
    return 2


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


def cmd_check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from registers.check import RunError, check, unknown_rule_patterns
    from registers.i18n import ui
    from registers.reports.findings.terminal import print_report, progress_reporter

    period = _period_of(args, parser)
    unknown = unknown_rule_patterns([*args.select, *args.ignore])
    if unknown:
        raise CliError(f"unknown rule id(s): {', '.join(unknown)} — `registers rules` lists them")
    if args.offices:
        from registers.cli.group import run_group

        return run_group(args, period)
    root: Path = args.office_dir
    if not root.is_dir():
        raise CliError(ui("no-dir", "zh-Hans", dir=root) + f" / no such folder: {root}")
    settings = load_settings(root)
    lang = args.lang or settings.language
    with progress_reporter(enabled=args.format == "text" and sys.stderr.isatty(), lang=lang) as progress:
        try:
            report = check(root, period=period, as_of=args.as_of, settings=settings,
                           select=args.select, ignore=args.ignore, progress=progress)
        except RunError as exc:
            raise CliError(ui(exc.key, lang, **exc.kw)) from None
    if not args.no_history:
        _record_history(root, report, show_personal=args.show_personal_data)
    if args.format == "json":
        json.dump(report.to_json(lang, show_personal=args.show_personal_data), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_report(report, lang, verbose=args.verbose, show_personal=args.show_personal_data)
    if args.xlsx:
        from registers.reports.findings.book import write_findings_book

        book = write_findings_book(report, lang, dest_dir=args.out, show_personal=args.show_personal_data)
        print(f"findings workbook: {book}", file=sys.stderr)
    return 0 if args.exit_zero else report.exit_status


def _record_history(root: Path, report: Report, *, show_personal: bool = False) -> None:
    """Record the run in the office's run history; any failure is a warning, never a changed exit status."""
    try:
        from registers.history.store import record_run

        record_run(root, report, "check", show_personal=show_personal)
    except Exception as exc:  # the check's result stands whatever happens to the history
        print(f"registers: warning: run history not recorded: {exc}", file=sys.stderr)


def cmd_demo(args: argparse.Namespace) -> int:
    from registers.demo.office import write_demo

    dest: Path = args.dest
    if (dest / DEMO_MARKER).is_file():
        shutil.rmtree(dest)  # a demo office written earlier by this command: write it afresh
    try:
        planted = write_demo(dest)
    except FileExistsError:
        raise CliError(f"{dest} exists and is not empty; choose a new folder") from None
    (dest / DEMO_MARKER).write_text("written by `registers demo`; the folder is rewritten by the next run\n",
                                    encoding="utf-8")
    print(f"demo office written to {dest} ({len(planted)} planted problems)")
    print(f"next: registers check {dest} --month 2026-11")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from registers.reports.blank import init_office

    written, skipped = init_office(args.dest, office=args.office)
    for p in written:
        print(f"wrote   {p}")
    for p in skipped:
        print(f"kept    {p} (already there)")
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from registers.reports.findings.terminal import print_rules

    print_rules(args.lang, args.format)
    return 0


def run() -> None:  # console-script entry point
    from registers.core.resources import prepare_process

    prepare_process()
    status = main()
    # Everything is written and closed by now.  Freezing the objects left spares the interpreter's
    # final garbage collections over them (0.1 s after a year's check); they are still freed.
    import gc

    gc.freeze()
    sys.exit(status)

