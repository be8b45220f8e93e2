"""``registers excel install [DIR]``: write the files that put the check buttons into Excel.

Plugs into the CLI through ``registers.cli.main.COMMAND_MODULES``; argparse only at import time.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "excel", help="Excel buttons (xlwings): write the macros and settings to install",
        description="One-click checks inside Excel through the free xlwings add-in. "
        "See docs/excel.md for the steps in Excel.",
    )
    inner = p.add_subparsers(dest="excel_command", metavar="ACTION")
    i = inner.add_parser(
        "install", help="write registers.bas (the macros), xlwings.conf and a README into DIR",
        description="Write registers.bas (four macros calling RunPython), xlwings.conf (this Python) and "
        "README-Excel.txt into DIR (default: ./registers-excel). Existing files are kept unless --force.",
    )
    i.add_argument("dest", nargs="?", type=Path, default=Path("registers-excel"), metavar="DIR")
    i.add_argument("--interpreter", metavar="PYTHON", help="the Python Excel should run (default: this one)")
    i.add_argument("--user-config", action="store_true",
                   help="also write the settings to ~/.xlwings/xlwings.conf (where xlwings looks for them)")
    i.add_argument("--force", action="store_true", help="overwrite files written earlier")
    i.set_defaults(run=run_install)
    p.set_defaults(run=lambda args: _usage(p))


def _usage(p: argparse.ArgumentParser) -> int:
    p.print_help()
    return 2


def run_install(args: argparse.Namespace) -> int:
    from registers.excel.addin import install

    user = Path.home() / ".xlwings" / "xlwings.conf" if args.user_config else None
    done = install(args.dest, interpreter=args.interpreter, user_config=user, force=args.force)
    for path in done.written:
        print(f"wrote   {path}")
    for path in done.kept:
        print(f"kept    {path} (already there; --force to rewrite)")
    print(f"next: follow {args.dest / 'README-Excel.txt'} (or docs/excel.md) to add the buttons in Excel")
    return 0
