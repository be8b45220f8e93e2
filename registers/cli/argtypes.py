"""Argument types shared by the commands: days, months and moments as users type them."""

from __future__ import annotations

import argparse
from datetime import date, datetime

from registers.core.period import Period


def parse_date(text: str) -> date:
    """``2026-11-27``, ``2026/11/27`` or ``2026.11.27``."""
    t = text.strip().replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat("-".join(p.zfill(2) for p in t.split("-")))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (expected YYYY-MM-DD, e.g. 2026-11-27)") from None


def parse_month(text: str) -> Period:
    """``2026-11`` → the whole of November 2026."""
    try:
        return Period.parse_month(text)
    except (ValueError, TypeError):
        raise argparse.ArgumentTypeError(f"not a month: {text!r} (expected YYYY-MM, e.g. 2026-11)") from None


def parse_moment(text: str) -> datetime:
    """``'2026-11-30 23:59'``; a day alone means its end (23:59:59)."""
    t = text.strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            dt = datetime.strptime(t, fmt)
            return dt.replace(hour=23, minute=59, second=59) if fmt == "%Y-%m-%d" else dt
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"not a moment: {text!r} (expected 'YYYY-MM-DD HH:MM', e.g. '2026-11-30 23:59')")


class CliError(Exception):
    """A command cannot run as asked: said on stderr, exit status 2."""
