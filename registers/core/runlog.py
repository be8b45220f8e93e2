"""The one-line-per-run logs the scheduler scripts keep in ``OFFICE_DIR/.registers/``.

A line holds the time, the period, the exit status, counts and seconds — never a
name, a phone number or any other text from a register — so the log can be
read by whoever looks after the machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

LOG_DIR = ".registers"


def append_line(office_dir: Path, name: str, line: str, *, prog: str) -> None:
    """Append ``line`` to ``OFFICE_DIR/.registers/<name>``; a failure is said on stderr, never raised."""
    try:
        folder = office_dir / LOG_DIR
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / name, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
    except OSError as exc:
        print(f"{prog}: cannot write the log: {exc}", file=sys.stderr)


def relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes, or as given when it lies outside."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
