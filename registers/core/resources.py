"""The process's resources: cores to read on, memory handed back, the allocator Arrow uses.

Light to import (no pandas, no pyarrow at module level): the command line uses it before it
knows whether it will read anything.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

ARROW_POOL_ENV = "ARROW_DEFAULT_MEMORY_POOL"
# numpy's bundled OpenBLAS starts a thread per core when numpy is imported; nothing here multiplies
# matrices, and those threads still cost CPU the readers need (0.1 s of a year's check on two cores).
BLAS_THREADS_ENV = "OPENBLAS_NUM_THREADS"
# The cyclic collector's young generation: Python looks for cycles after every 700 new container objects,
# which made a year's check run 183 young and 17 middle collections (40 ms), nearly all over the modules,
# classes and functions the imports made, which live to the end.  After every 50,000 it runs two.
YOUNG_COLLECTION = 50_000
MIDDLE_COLLECTION = 20


def release_memory() -> None:
    """Hand memory freed since the last call back to the system: Arrow's pool keeps what it freed, and
    glibc's malloc (the Rust readers allocate through it) keeps freed pages of every thread's arena.
    Called once the reading is done (:func:`registers.office.load.load_office`), before the rules build
    on what is alive.

    Arrow's system pool keeps nothing of its own (it is ``malloc``, and its ``release_unused`` is itself
    a ``malloc_trim``): with it only the trim below runs, and the heap is walked once, not twice."""
    try:
        import pyarrow as pa

        pool = pa.default_memory_pool()
        if pool.backend_name != "system":
            pool.release_unused()
    except Exception:  # an allocator without the calls: nothing of its own to hand back
        pass
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def prepare_process() -> None:
    """What a process of our own (the command line, the scheduler scripts) sets before numpy and Arrow
    load, for itself and the processes it starts: Arrow allocates through ``malloc``
    (:func:`prefer_system_allocator`) and OpenBLAS keeps to one thread.  Values the environment
    already gives are kept; a program that imports registers as a library is not touched."""
    prefer_system_allocator()
    os.environ.setdefault(BLAS_THREADS_ENV, "1")
    collect_cycles_less_often()


def prepare_worker() -> None:
    """What a group check's worker process sets before it reads: Arrow's allocator and the collector."""
    use_system_allocator()
    collect_cycles_less_often()


def collect_cycles_less_often() -> None:
    """Look for reference cycles after :data:`YOUNG_COLLECTION` new container objects, not Python's 700.

    Garbage caught in reference cycles waits longer to be freed (the middle generation is looked at after
    20 young collections, not 10); a year's check runs 1-2 % faster (its collections: 40 → 28 ms, the rest
    from fewer pauses of the reading threads), its peak the same.  The oldest generation keeps its
    threshold."""
    gc.set_threshold(YOUNG_COLLECTION, MIDDLE_COLLECTION, gc.get_threshold()[2])


def prefer_system_allocator() -> None:
    """Ask Arrow, before it is loaded, to allocate through the C library's ``malloc`` in this process and
    the processes it starts (the command line's entry point calls it; see :func:`use_system_allocator`).
    An allocator named in the environment already is kept."""
    os.environ.setdefault(ARROW_POOL_ENV, "system")


def use_system_allocator() -> None:
    """Let Arrow allocate through the C library's ``malloc`` for the rest of this process.

    For processes of our own (the command line, the group's workers), before anything is read:
    Arrow's bundled allocator keeps the pages it freed resident (about 70 MB after a year's
    receipts), while ``malloc``'s are handed back by :func:`release_memory`.  Measured on the
    benchmark office: the same time, 50 MB less at the peak.  A program that imports registers
    as a library keeps the allocator it chose, and an allocator named in the environment
    (``ARROW_DEFAULT_MEMORY_POOL``) is kept.
    """
    if os.environ.get(ARROW_POOL_ENV):
        return
    try:
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())
    except Exception:  # a pyarrow without the call: its default allocator is only less thrifty
        pass


def _malloc_trim() -> Any:
    """glibc's ``malloc_trim`` when this process has it (Linux with glibc), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_MALLOC_TRIM = _malloc_trim()


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13: the affinity on every system
    try:
        cores = counted() if counted else len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count()
    return max(1, cores or 1)


def default_threads() -> int:
    """Threads for reading one office: one per available core (the readers release the GIL), at most 8."""
    return min(available_cores(), 8)
