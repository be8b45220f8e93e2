"""``registers excel install [DIR]``: write the files that put the check buttons into Excel.

Plugs into the CLI through ``registers.cli.main.COMMAND_MODULES``; argparse only at import time.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(sub: Any, lang: str = "zh-Hans") -> None:
    from registers.core.settings import LANGUAGES
    from registers.i18n import word

    def t(key: str) -> str:
        return word(key, lang)

    p = sub.add_parser("excel", help=t("cli.excel.help"), description=t("cli.excel.desc"))
    inner = p.add_subparsers(dest="excel_command", metavar="ACTION", title=t("cli.excel.actions"))
    i = inner.add_parser("install", help=t("cli.excel.install.help"), description=t("cli.excel.install.desc"))
    i.add_argument("dest", nargs="?", type=Path, default=Path("registers-excel"), metavar="DIR",
                   help=t("cli.excel.dest"))
    i.add_argument("--interpreter", metavar="PYTHON", help=t("cli.excel.interpreter"))
    i.add_argument("--user-config", action="store_true", help=t("cli.excel.user-config"))
    i.add_argument("--force", action="store_true", help=t("cli.excel.force"))
    i.add_argument("--lang", choices=LANGUAGES, help=t("cli.opt.lang"))
    i.set_defaults(run=run_install)
    p.set_defaults(run=lambda args: _usage(p))


def _usage(p: argparse.ArgumentParser) -> int:
    p.print_help()
    return 2


def run_install(args: argparse.Namespace) -> int:
    from registers.cli.lang import say
    from registers.excel.addin import install

    user = Path.home() / ".xlwings" / "xlwings.conf" if args.user_config else None
    done = install(args.dest, interpreter=args.interpreter, user_config=user, force=args.force)
    for path in done.written:
        print(say("cli.wrote", path=path))
    for path in done.kept:
        print(say("cli.kept-force", path=path))
    print(say("cli.excel.next", readme=args.dest / "README-Excel.txt"))
    return 0
