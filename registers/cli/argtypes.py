"""Argument types shared by the commands: days, months and moments as users type them (their errors in the
command line's language, :mod:`registers.cli.lang`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

from registers.cli.lang import say
from registers.core.period import Period


def parse_date(text: str) -> date:
    """``2026-11-27``, ``2026/11/27`` or ``2026.11.27``."""
    t = text.strip().replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat("-".join(p.zfill(2) for p in t.split("-")))
    except ValueError:
        raise argparse.ArgumentTypeError(say("cli.not-a-date", text=text)) from None


def parse_month(text: str) -> Period:
    """``2026-11`` → the whole of November 2026."""
    try:
        return Period.parse_month(text)
    except (ValueError, TypeError):
        raise argparse.ArgumentTypeError(say("cli.not-a-month", text=text)) from None


def parse_moment(text: str) -> datetime:
    """``'2026-11-30 23:59'``; a day alone means its end (23:59:59)."""
    t = text.strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            dt = datetime.strptime(t, fmt)
            return dt.replace(hour=23, minute=59, second=59) if fmt == "%Y-%m-%d" else dt
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(say("cli.not-a-moment", text=text))


class CliError(Exception):
    """A command cannot run as asked: said on stderr, exit status 2."""


def office_folder(path: Path, lang: str | None) -> Path:
    """``path`` when it is a folder; else a :class:`CliError` that says what to give instead, in ``lang`` (else
    the command line's, :func:`registers.cli.lang.current`, which already took the language of the folder a
    workbook given here sits in): a workbook's folder, or that nothing is there."""
    from registers.cli.lang import current
    from registers.i18n import word

    if path.is_dir():
        return path
    folder = path.parent if path.is_file() else None
    lang = lang or current()
    if folder is not None:
        raise CliError(word("file-not-dir", lang, path=path, dir=folder if str(folder) else "."))
    raise CliError(word("no-dir", lang, dir=path))


def period_of(args: argparse.Namespace, error: Callable[[str], NoReturn]) -> Period | None:
    """The period ``--month``, ``--date`` (where the command has it) or ``--from``/``--to`` ask for; None for the
    default.  ``--to`` without ``--from``, or before it, goes to ``error`` with the reason in the user's language."""
    if args.to and not args.from_:
        error(say("cli.to-needs-from"))
    if args.from_:
        to = args.to or args.from_
        if to < args.from_:
            error(say("cli.to-before-from"))
        return Period(args.from_, to)
    if getattr(args, "date", None):
        return Period(args.date, args.date)
    month: Period | None = args.month
    return month


def add_run_options(p: argparse.ArgumentParser, t: Callable[[str], str], *, as_of: str, out: str,
                    extra: Sequence[tuple[str, str]] = ()) -> None:
    """The options close-day and monthly share, after their own period option: ``--as-of`` (help ``as_of``),
    ``--format``, ``--lang``, ``--out`` (help ``out``), ``--no-history``, the ``extra`` flags (name, help key),
    ``--show-personal-data``; ``t`` words a help key in the interface's language."""
    from registers.core.settings import LANGUAGES

    p.add_argument("--as-of", type=parse_moment, metavar="'YYYY-MM-DD HH:MM'", help=t(as_of))
    p.add_argument("--format", choices=("text", "json"), default="text", help=t("cli.opt.format"))
    p.add_argument("--lang", choices=LANGUAGES, help=t("cli.opt.lang"))
    p.add_argument("--out", type=Path, metavar="DIR", help=t(out))
    p.add_argument("--no-history", action="store_true", help=t("cli.opt.no-history"))
    for name, key in extra:
        p.add_argument(name, action="store_true", help=t(key))
    p.add_argument("--show-personal-data", action="store_true", help=t("cli.opt.show-personal"))
