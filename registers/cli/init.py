"""``registers init DIR``: blank register workbooks and a commented registers.toml for a new office.

Kept light to import: the blank workbooks' writer is imported when the command runs.
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

    i = sub.add_parser("init", help=t("cli.init.help"), description=t("cli.init.desc"))
    i.add_argument("dest", type=Path, metavar="DIR", help=t("cli.init.dest"))
    i.add_argument("--office", default=None, metavar="NAME", help=t("cli.init.office"))
    i.add_argument("--lang", choices=LANGUAGES, help=t("cli.opt.lang"))
    i.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from registers.cli.lang import say
    from registers.reports.blank import init_office

    office = args.office or args.dest.resolve().name  # never the demo's name in a real office
    written, skipped = init_office(args.dest, office=office)
    for p in written:
        print(say("cli.wrote", path=p))
    for p in skipped:
        print(say("cli.kept", path=p))
    if any(p.name == "registers.toml" for p in written):
        print(say("cli.office-named", office=office))
    return 0

