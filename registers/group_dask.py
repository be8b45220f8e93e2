"""A group's offices on a Dask distributed cluster: ``registers check GROUP_DIR --offices --scheduler ADDRESS``.

The same pure per-office task as the local pool (:func:`registers.group.check_office`) is submitted once
per office to the scheduler; the results come back as plain data and make the same
:class:`~registers.group.GroupResult`, so the summary is the local pool's.  ``dask.distributed`` is an
optional extra (``pip install 'registers[dask]'``) and is imported here only, inside the functions:
importing this module, or :mod:`registers.group`, imports no Dask.

Nothing is silently missing: an office whose worker died is run again by the scheduler on another
worker (up to its ``distributed.scheduler.allowed-failures``, 3 by default) and, if it keeps killing
workers, is reported as failed; an office whose task was lost (the scheduler restarted, the run
cancelled) is reported as failed too.  See docs/group.md for running it on a shared drive.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError
from dataclasses import replace
from pathlib import Path
from typing import Any

from registers.group import (
    GroupError,
    GroupResult,
    OfficeOptions,
    OfficeResult,
    ProgressFn,
    _name_in_group,
    check_office,
    failed,
    find_offices,
)
from registers.i18n import word

CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler
WORKERS_TIMEOUT = 60.0  # seconds to wait for the scheduler's first worker
TASK_RETRIES = 1  # a task that raised (not check_office: it never raises) is tried once more

# The folder goes to the workers as a string: a Windows path object cannot be unpickled on a Linux worker.
DaskTask = Callable[[str, OfficeOptions], OfficeResult]


class DaskError(GroupError):
    """Dask cannot run the group at all (exit status 2); ``key`` and ``kw`` name its message in registers.i18n."""

    def __init__(self, key: str, **kw: Any) -> None:
        super().__init__(key)
        self.key = key
        self.kw = kw

    def message(self, lang: str) -> str:
        return word(self.key, lang, **self.kw)


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise DaskError("dask.missing", error=str(exc)) from None
    return distributed


async def _probe(distributed: Any, address: str, timeout: float) -> None:
    comm = await distributed.comm.connect(address, timeout=timeout)
    await comm.close()


def connect(address: str, *, timeout: float = CONNECT_TIMEOUT) -> Any:
    """A ``distributed.Client`` on the scheduler at ``address``, or :class:`DaskError`.

    The address is tried first with one plain connection: a client that fails to connect waits
    twice its timeout more to close, and prints a traceback from its finaliser."""
    distributed = _distributed()
    try:
        asyncio.run(_probe(distributed, address, timeout))
        return distributed.Client(address, timeout=timeout, set_as_default=False)
    except Exception as exc:
        raise DaskError("dask.unreachable", address=address, error=str(exc) or type(exc).__name__) from None


def _outcome(future: Any, folder: Path, lang: str, distributed: Any) -> OfficeResult:
    try:
        result = future.result()
    except distributed.KilledWorker:
        return failed(folder, word("dask.worker-died", lang))
    except CancelledError:
        return failed(folder, word("dask.lost", lang))
    except Exception as exc:  # the task raised, or its result could not come back: this office only
        return failed(folder, f"crashed: {type(exc).__name__}: {exc}"[:500])
    if not isinstance(result, OfficeResult):  # a worker with another registers installed
        return failed(folder, f"crashed: the worker returned {type(result).__name__}, not an office result")
    return result


def check_group_on_dask(
    group_dir: Path,
    options: OfficeOptions,
    *,
    address: str,
    offices: Sequence[Path] | None = None,
    progress: ProgressFn | None = None,
    task: DaskTask = check_office,
    lang: str = "zh-Hans",
    connect_timeout: float | None = None,
    workers_timeout: float | None = None,
) -> GroupResult:
    """Check every office of ``group_dir`` as one task each on the Dask scheduler at ``address``.

    As :func:`registers.group.check_group`, but the offices run on the cluster's workers, which must
    see the office folders under the same paths as this machine and have registers installed.
    ``lang`` is the language of the failures this function words itself (a worker that died).
    Raises :class:`DaskError` when Dask is not installed, the scheduler cannot be reached or has no
    worker; an office that cannot be checked is an error entry and the others go on.
    """
    folders = list(offices) if offices is not None else find_offices(group_dir)
    if not folders:
        raise GroupError("cli.no-office-folder", dir=group_dir)
    distributed = _distributed()
    client = connect(address, timeout=CONNECT_TIMEOUT if connect_timeout is None else connect_timeout)
    workers_timeout = WORKERS_TIMEOUT if workers_timeout is None else workers_timeout
    futures: list[Any] = []
    try:
        try:
            client.wait_for_workers(1, timeout=workers_timeout)
        except (TimeoutError, OSError):
            raise DaskError("dask.no-workers", address=address, seconds=round(workers_timeout)) from None
        n_workers = len(client.scheduler_info().get("workers", {}))
        # each office reads with one thread, as in the local pool: start a worker process per core
        run_options = replace(options, threads=1) if options.threads is None else options
        # pure=False: the folder's content may change between two runs with the same arguments
        futures = client.map(task, [str(f) for f in folders], options=run_options, pure=False,
                             retries=TASK_RETRIES)
        folder_of = {future.key: folder for future, folder in zip(futures, folders, strict=True)}
        results: dict[Path, OfficeResult] = {}
        for future in distributed.as_completed(futures, loop=client.loop):
            folder = folder_of[future.key]
            results[folder] = replace(_outcome(future, folder, lang, distributed),
                                      name=_name_in_group(folder, group_dir))
            future.release()  # the cluster forgets the result
            if progress is not None:
                progress(len(results), len(folders), results[folder])
        for folder in folders:  # no office silently missing
            if folder not in results:
                results[folder] = replace(failed(folder, word("dask.lost", lang)),
                                          name=_name_in_group(folder, group_dir))
    except BaseException:  # Ctrl-C: the offices still waiting are not started
        if futures:
            client.cancel(futures)
        raise
    finally:
        client.close()
    return GroupResult(group_dir=str(group_dir), options=options,
                       offices=tuple(results[f] for f in folders), workers=n_workers)


__all__ = ["DaskError", "check_group_on_dask", "connect"]
