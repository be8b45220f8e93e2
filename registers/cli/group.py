"""``registers check GROUP_DIR --offices``: every office folder of a group, in parallel, and one summary.

Called by ``registers.cli.check.run`` when ``--offices`` is given (the options are the check's).
Kept light to import: argparse only at module level.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from registers.core.period import Period
    from registers.group import GroupResult, OfficeOptions, ProgressFn


def default_period(now: datetime) -> Period:
    """This month, in the regulation's default timezone (every office of the group gets the same period)."""
    from registers.core.period import Period
    from registers.core.settings import Settings

    today = now.astimezone(Settings().tz).date()
    return Period.month(today.year, today.month)


def run_group(args: argparse.Namespace, period: Period | None) -> int:
    from registers.cli.argtypes import CliError
    from registers.cli.lang import current, say
    from registers.group import GroupError, check_group, find_offices, office_options
    from registers.i18n import word
    from registers.reports.group.book import write_group_summary
    from registers.reports.group.terminal import group_progress, print_group

    group_dir: Path = args.office_dir
    out: Path | None = args.out
    try:
        offices = find_offices(group_dir, skip=[out] if out else [])
    except GroupError as exc:
        raise CliError(say(exc.key, **exc.kw)) from None
    if not offices:
        raise CliError(say("cli.no-office-folder", dir=group_dir))
    now = datetime.now(UTC)
    options = office_options(period or default_period(now), as_of=args.as_of, select=args.select,
                             ignore=args.ignore, lang=args.lang, show_personal=args.show_personal_data,
                             record_history=not args.no_history, findings_book=args.xlsx, now=now)
    lang = args.lang or current()
    if args.verbose:
        for folder in offices:
            print(word("cli.office-found", lang, path=folder), file=sys.stderr)
    show_progress = args.format == "text" and sys.stderr.isatty()
    with group_progress(enabled=show_progress, lang=lang, total=len(offices)) as progress:
        if args.scheduler:
            result = _on_dask(args.scheduler, group_dir, options, offices, progress, lang)
        else:
            result = check_group(group_dir, options, offices=offices, progress=progress)
    if args.format == "json":
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_group(result, lang)
    try:
        json_path, book_path = write_group_summary(result, out or group_dir / "reports", lang)
    except OSError as exc:
        raise CliError(word("cli.group-unwritable", lang, error=exc)) from None
    for o in result.offices:
        for warning in o.warnings:
            print(f"registers: {word('cli.warning', lang, text=f'{o.name}: {warning}')}", file=sys.stderr)
    print(word("cli.group-summary", lang, path=json_path), file=sys.stderr)
    print(word("cli.group-summary", lang, path=book_path), file=sys.stderr)
    return result.exit_status(exit_zero=args.exit_zero)


def _on_dask(address: str, group_dir: Path, options: OfficeOptions, offices: list[Path],
             progress: ProgressFn | None, lang: str) -> GroupResult:
    from registers.cli.argtypes import CliError
    from registers.group_dask import DaskError, check_group_on_dask

    try:
        return check_group_on_dask(group_dir, options, address=address, offices=offices, progress=progress,
                                   lang=lang)
    except DaskError as exc:
        raise CliError(exc.message(lang)) from None
