"""``registers demo DIR``: write the Arcadia demo office to try the tool on.

The only importer of ``registers.demo`` (tests/test_layers.py holds it to that).
Kept light to import: the demo office is imported when the command runs.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

from registers.cli.argtypes import CliError

DEMO_MARKER = ".registers-demo"


def add_parser(sub: Any, lang: str = "zh-Hans") -> None:
    from registers.core.settings import LANGUAGES
    from registers.i18n import word

    def t(key: str) -> str:
        return word(key, lang)

    d = sub.add_parser("demo", help=t("cli.demo.help"), description=t("cli.demo.desc"))
    d.add_argument("dest", type=Path, metavar="DIR", help=t("cli.demo.dest"))
    d.add_argument("--lang", choices=LANGUAGES, help=t("cli.opt.lang"))
    d.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from registers.cli.lang import say
    from registers.demo.office import write_demo

    dest: Path = args.dest
    if (dest / DEMO_MARKER).is_file():
        shutil.rmtree(dest)  # a demo office written earlier by this command: write it afresh
    try:
        planted = write_demo(dest)
    except FileExistsError:
        raise CliError(say("cli.demo.exists", dir=dest)) from None
    (dest / DEMO_MARKER).write_text("written by `registers demo`; the folder is rewritten by the next run\n",
                                    encoding="utf-8")
    print(say("cli.demo.written", dir=dest, n=len(planted)))
    print(say("cli.next", command=f"registers check {dest} --month 2026-11"))
    return 0

