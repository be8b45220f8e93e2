"""``registers init DIR``: blank register workbooks and a commented registers.toml for a new office.

Kept light to import: the blank workbooks' writer is imported when the command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> None:
    i = sub.add_parser("init", help="start an office folder: blank registers and a commented registers.toml",
                       description="Write blank register workbooks (headers, formats, drop-down lists) and a "
                       "commented registers.toml into DIR. Existing files are never overwritten.")
    i.add_argument("dest", type=Path, metavar="DIR")
    i.add_argument("--office", default=None, metavar="NAME",
                   help="the office's name, written into registers.toml and shown on every report "
                        "(default: the name of DIR)")
    i.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from registers.reports.blank import init_office

    office = args.office or args.dest.resolve().name  # never the demo's name in a real office
    written, skipped = init_office(args.dest, office=office)
    for p in written:
        print(f"wrote   {p}")
    for p in skipped:
        print(f"kept    {p} (already there)")
    if any(p.name == "registers.toml" for p in written):
        print(f"office  {office} (registers.toml; --office NAME to choose another)")
    return 0

