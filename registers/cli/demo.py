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


def add_parser(sub: Any) -> None:
    d = sub.add_parser("demo", help="write a realistic demo office folder to try the tool on",
                       description="Write the Arcadia demo office (two months of registers with planted problems).")
    d.add_argument("dest", type=Path, metavar="DIR", help="folder to create (must not exist or be empty)")
    d.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
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

