"""Writing reports safely: into the output folder only, through a temporary file renamed into place.

A run killed halfway leaves either the previous complete report or the new
complete one, never a torn file; and nothing is ever written beside a
clerk's register.

The temporary file sits beside the target as ``.tmp-<host>-<pid>-<random><suffix>``
(hidden, so the reader never takes it for a register).  A run killed before its
rename leaves one behind; the next write into that folder removes the ones whose
process is gone (same machine) or that are older than a day (any machine), and
never a live run's.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TMP_PREFIX = ".tmp-"
STALE_AFTER_S = 24 * 3600  # a temporary file of another machine (or of an older version) is stale after a day
KILL_ENV = "REGISTERS_TEST_KILL_AT"  # tests only: "<point>:<n>" kills the process at the n-th <point>

_HOST = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:20] or "host"
_TMP_NAME = re.compile(r"^\.tmp-(?P<host>[A-Za-z0-9]+)-(?P<pid>\d+)-")
_hits: dict[str, int] = {}


def kill_point(name: str) -> None:
    """Crash-safety tests: SIGKILL this process at the n-th time it passes ``name``.

    Active only when the environment variable ``REGISTERS_TEST_KILL_AT`` is ``<name>:<n>``;
    the points are ``tmp-written`` (a complete temporary file, not yet renamed), ``replaced``
    (just renamed) and ``history-insert`` (the run's rows inserted, not yet committed).
    """
    spec = os.environ.get(KILL_ENV)
    if not spec:
        return
    point, _, nth = spec.partition(":")
    if point != name:
        return
    _hits[name] = _hits.get(name, 0) + 1
    if _hits[name] == int(nth or "1"):
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def output_dir(office_dir: Path, output: str | Path) -> Path:
    """The folder reports go to: ``output`` relative to the office folder unless absolute."""
    out = Path(output)
    return out if out.is_absolute() else office_dir / out


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or no way to tell: keep its file
    return True


def is_stale_temp(path: Path, *, now: float | None = None) -> bool:
    """A temporary file left by a killed run: its process (on this machine) is gone, or it is a day old."""
    if not path.name.startswith(TMP_PREFIX):
        return False
    try:
        age = (now if now is not None else time.time()) - path.stat().st_mtime
    except OSError:
        return False
    m = _TMP_NAME.match(path.name)
    if m and m["host"] == _HOST and not _alive(int(m["pid"])):
        return True
    return age > STALE_AFTER_S


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove the stale temporary files (:func:`is_stale_temp`) of ``folder``; returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for p in entries:
        if p.is_file() and is_stale_temp(p):
            try:
                p.unlink()
                removed.append(p)
            except OSError:
                pass  # another run removed it first, or it is not ours to remove
    return removed


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def file_mode() -> int:
    """The mode a new file gets under this process's umask (``0o644`` under 022): the temporary file is
    created private (``0o600``) and given this mode before it takes the report's name, so a report reads as
    any other file the user writes — a manager reading cron-written reports as another user can open them."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # (no /proc: read it by setting it, and put it back at once)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(target: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp_path)`` and rename the result onto ``target`` in one step (mode: :func:`file_mode`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target.parent)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f"{TMP_PREFIX}{_HOST}-{os.getpid()}-",
                               suffix=target.suffix)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        os.chmod(tmp_path, file_mode())
        _fsync(tmp_path)  # the new content is on disk before the name points at it
        kill_point("tmp-written")
        os.replace(tmp_path, target)
        kill_point("replaced")
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
    return target
