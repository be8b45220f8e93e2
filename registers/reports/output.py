"""Writing reports safely: into the output folder only, through a temporary file renamed into place.

A run killed halfway leaves either the previous complete report or the new
complete one, never a torn file; and nothing is ever written beside a
clerk's register.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def output_dir(office_dir: Path, output: str | Path) -> Path:
    """The folder reports go to: ``output`` relative to the office folder unless absolute."""
    out = Path(output)
    return out if out.is_absolute() else office_dir / out


def write_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` and rename the result onto ``target`` in one step."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
    return target
