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

from registers.cli.argtypes import CliError, office_folder, parse_date, parse_moment, parse_month, period_of
from registers.cli.lang import say
from registers.core.settings import LANGUAGES, load_settings


def add_parser(sub: Any, lang: str = "zh-Hans") -> None:
    from registers.i18n import word

    def t(key: str) -> str:
        return word(key, lang)

    c = sub.add_parser(
        "check", help=t("cli.check.help"), description=t("cli.check.desc"),
        epilog=t("cli.check.epilog") + "\n" + t("cli.group.help"), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    c.add_argument("office_dir", type=Path, metavar="OFFICE_DIR", help=t("cli.check.office-dir"))
    c.add_argument("--offices", action="store_true", help=t("cli.check.offices"))
    c.add_argument("--scheduler", metavar="ADDRESS", help=t("cli.check.scheduler"))
    when = c.add_mutually_exclusive_group()
    when.add_argument("--month", type=parse_month, metavar="YYYY-MM", help=t("cli.check.month"))
    when.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help=t("cli.check.date"))
    when.add_argument("--from", dest="from_", type=parse_date, metavar="YYYY-MM-DD", help=t("cli.check.from"))
    c.add_argument("--to", type=parse_date, metavar="YYYY-MM-DD", help=t("cli.check.to"))
    c.add_argument("--as-of", type=parse_moment, metavar="'YYYY-MM-DD HH:MM'", help=t("cli.opt.as-of"))
    c.add_argument("--format", choices=("text", "json"), default="text", help=t("cli.opt.format"))
    c.add_argument("--lang", choices=LANGUAGES, help=t("cli.opt.lang"))
    c.add_argument("--select", nargs="+", default=[], metavar="RULE", help=t("cli.check.select"))
    c.add_argument("--ignore", nargs="+", default=[], metavar="RULE", help=t("cli.check.ignore"))
    c.add_argument("--show-personal-data", action="store_true", help=t("cli.check.show-personal"))
    c.add_argument("-v", "--verbose", action="store_true", help=t("cli.check.verbose"))
    c.add_argument("--xlsx", action="store_true", help=t("cli.check.xlsx"))
    c.add_argument("--out", type=Path, metavar="DIR", help=t("cli.opt.out"))
    c.add_argument("--exit-zero", action="store_true", help=t("cli.check.exit-zero"))
    c.add_argument("--no-history", action="store_true", help=t("cli.opt.no-history"))


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from registers.check import RunError, unknown_rule_patterns
    from registers.i18n import word
    from registers.pipeline.check import CheckOptions, run_check
    from registers.reports.findings.terminal import print_report, progress_reporter

    period = period_of(args, parser.error)
    unknown = unknown_rule_patterns([*args.select, *args.ignore])
    if unknown:
        raise CliError(say("cli.unknown-rules", ids=", ".join(unknown)))
    if args.scheduler and not args.offices:
        parser.error(say("cli.scheduler-needs-offices"))
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
        print(f"registers: {word('cli.warning', lang, text=done.history_warning)}", file=sys.stderr)
    report = done.report
    if args.format == "json":
        json.dump(report.to_json(lang, show_personal=args.show_personal_data), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_report(report, lang, verbose=args.verbose, show_personal=args.show_personal_data)
    if done.book_error is not None:  # asked for with --xlsx: the run's error, once the findings are shown
        raise done.book_error
    if done.book is not None:
        print(word("cli.findings-book", lang, path=done.book), file=sys.stderr)
    return 0 if args.exit_zero else report.exit_status
