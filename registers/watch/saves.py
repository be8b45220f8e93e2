"""Which changes in an office folder are saves the check should see, and the watching itself (watchfiles).

Excel and WPS save by writing a temporary file beside the workbook and renaming it over the workbook,
with their lock file (``~$name.xlsx``) there while the workbook is open; LibreOffice keeps
``.~lock.name.xlsx#``.  None of those files is a register, and neither is what the tool writes itself
(``reports/``, ``.registers/``): a change to them alone starts no re-check.  A change to anything else
in the folder (a register, ``registers.toml``, a platform's statement) does, once the folder has been
quiet for :data:`QUIET_MS`, at most :data:`MOST_MS` after the first change.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from registers.io.discover import TOOL_DIRS, is_lock_file

QUIET_MS = 80  # the folder this long without a change: the save is over (a file still half-written is read again)
MOST_MS = 3000  # a folder that never goes quiet is re-checked this often
STEP_MS = 20  # how often watchfiles hands over what it saw (after this long without a change)
# Excel's temporary files while it saves: eight hex digits without an extension (3A1B2C4D), ~WRL0001.tmp, ~WRD…
_EXCEL_TEMP = re.compile(r"^[0-9A-Fa-f]{8}$")
_TEMP_SUFFIXES = (".tmp", ".temp", ".bak", ".swp", ".part", ".crdownload", "~")


def is_save_of_interest(path: Path, root: Path, output_dir: str = "reports") -> bool:
    """Whether a change at ``path`` (under ``root``) may change what the check finds."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    if not parts:
        return False
    if parts[0] in {output_dir.strip("/").split("/")[0], *TOOL_DIRS}:
        return False
    name = parts[-1]
    if any(p.startswith(".") for p in parts):  # hidden files and folders; LibreOffice's .~lock; our .tmp-…
        return False
    if is_lock_file(name) or name.startswith("~"):  # ~$name.xlsx (Excel, WPS), ~WRL0001.tmp (Excel)
        return False
    lower = name.lower()
    if lower.endswith(_TEMP_SUFFIXES) or _EXCEL_TEMP.match(name):
        return False
    return not (parts[0] == "templates" and lower.endswith(".j2"))  # the office's page templates


class Watcher:
    """Watches ``root`` on a thread of its own; :meth:`next` waits for the next settled batch of saves.

    Started before the first check, so that a save made while it runs is not missed."""

    def __init__(self, root: Path, output_dir: str = "reports", *, quiet_ms: int = QUIET_MS,
                 most_ms: int = MOST_MS) -> None:
        self.root = root
        self.stop = threading.Event()
        self._batches: queue.SimpleQueue[set[str] | BaseException] = queue.SimpleQueue()
        self._filter: Callable[[Any, str], bool] = (
            lambda _change, path: is_save_of_interest(Path(path), root, output_dir))
        self._quiet = quiet_ms / 1000
        self._most = most_ms / 1000
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(quiet_ms, most_ms), name="registers-watch",
                                        daemon=True)
        self._thread.start()
        self._ready.wait(5)

    def _run(self, quiet_ms: int, most_ms: int) -> None:
        from watchfiles import watch

        try:
            # watchfiles hands over what it saw every STEP_MS of quiet; the quiet period itself is timed in
            # next(), to the millisecond (watchfiles' own step waits between one and two steps)
            changes = watch(self.root, watch_filter=self._filter, step=STEP_MS, debounce=most_ms,
                            stop_event=self.stop, rust_timeout=200, yield_on_timeout=True, raise_interrupt=False)
            for batch in changes:
                self._ready.set()
                if batch:
                    self._batches.put({p for _, p in batch})
        except BaseException as exc:  # the folder went away, the watcher failed: the loop says so and ends
            self._batches.put(exc)
        finally:
            self._ready.set()

    def next(self, timeout: float) -> set[str] | None:
        """The paths saved since the last call, once the folder has been quiet for the quiet period (waiting up
        to ``timeout`` seconds for a first change); None: none yet.  Raises what the watcher raised if it failed."""
        try:
            got = self._batches.get(timeout=timeout)
        except queue.Empty:
            return None
        paths: set[str] = set()
        started = time.monotonic()
        while True:  # until nothing more for the quiet period (a folder never quiet: at most MOST_MS)
            if isinstance(got, BaseException):
                raise got
            paths |= got
            left = self._most - (time.monotonic() - started)
            if left <= 0:
                return paths
            try:
                got = self._batches.get(timeout=min(self._quiet, left))
            except queue.Empty:
                return paths

    def close(self) -> None:
        self.stop.set()
        self._thread.join(timeout=5)
