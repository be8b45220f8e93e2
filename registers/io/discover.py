"""Find the workbooks of an office folder and tell their formats by their first bytes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Extensions clerks' spreadsheets come with.  The format itself is decided by
# the content (an .xlsx saved under an .xls name is common).
SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".xlsb", ".et", ".ett"})
TOOL_DIRS = frozenset({".registers"})

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


@dataclass(frozen=True)
class WorkbookFile:
    path: Path
    rel: str  # relative to the office folder, forward slashes
    lock: str | None = None  # the lock file beside it (``~$name.xlsx``): someone has it open


def lock_names(name: str) -> tuple[str, ...]:
    """The lock files Excel, WPS and LibreOffice keep beside ``name`` while it is open.

    Excel and WPS write ``~$`` + the name (hidden, and left behind when Excel crashes);
    LibreOffice writes ``.~lock.NAME#``.
    """
    return (f"~${name}", f".~lock.{name}#")


def is_lock_file(name: str) -> bool:
    """Excel's ``~$name.xlsx`` and LibreOffice's ``.~lock.name.xlsx#``."""
    return name.startswith("~$") or name.startswith(".~lock.")


def discover(office_dir: Path, output_dir: str = "reports") -> Iterator[WorkbookFile]:
    """Every spreadsheet under the office folder, in a stable order.

    Skips lock files, hidden folders, the tool's own folder and the output folder.  A workbook with
    a lock file beside it (open in Excel, WPS or LibreOffice, or left by a crash) carries its name.
    """
    skip = {output_dir.strip("/").split("/")[0], *TOOL_DIRS}
    for dirpath, dirnames, filenames in os.walk(office_dir):
        here = Path(dirpath)
        if here == office_dir:
            dirnames[:] = [d for d in dirnames if d not in skip]
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        locks = {n for n in filenames if is_lock_file(n)}
        for name in sorted(filenames):
            if is_lock_file(name) or name.startswith("."):
                continue
            if Path(name).suffix.lower() not in SPREADSHEET_SUFFIXES:
                continue
            path = here / name
            lock = next((n for n in lock_names(name) if n in locks), None) if locks else None
            yield WorkbookFile(path, path.relative_to(office_dir).as_posix(), lock)


def sniff(head: bytes) -> str:
    """``'zip'`` (xlsx/xlsm/xlsb/ods), ``'ole'`` (xls), ``'encrypted'`` (password-protected OOXML), or ``'other'``."""
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "encrypted" if _ENCRYPTION_INFO in head else "ole"
    return "other"
