"""The parsed sheets of workbooks whose bytes have not changed, kept between reads of one office.

``registers watch`` re-checks an office each time a clerk saves a register; a workbook that was not
saved is not parsed again.  :class:`ParseCache` maps a workbook (its path in the office and a blake2b
digest of its bytes) to the sheets read from it (:class:`registers.office.reading.SheetOutcome`).
A re-check gives what a cold check gives (the rules whose inputs did not change keep their findings:
:mod:`registers.office.memo`).

* The bytes are read as every read reads them (held still, retried while a save is under way:
  :func:`registers.io.read.read_guarded`); only bytes the guard has passed are ever cached, and a
  workbook that could not be read is not cached (it is tried again next time).
* What was read depends on the office's settings (pins, limits) and on the year undated days fall
  in: a read with other settings or another year starts the cache afresh (:meth:`begin`).
* What is handed out is a copy, so that nothing the check does to its frames reaches the cache.
* Entries not used by a read are let go at its end (:meth:`end`): the cache holds one office's
  current workbooks, not every version ever saved.
* A workbook saved again is parsed again, but the guard (:func:`registers.io.guard.check_workbook`) does
  not inflate once more the zip members stored exactly as when it last passed them (:meth:`passed`): a
  save of one month's sheet leaves the other months' bytes as they were.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from registers.io.guard.limits import Scanned
    from registers.office.reading import SheetOutcome

CacheKey = tuple[str, bytes]


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


def _copy(outcomes: list[SheetOutcome]) -> list[SheetOutcome]:
    """Copies whose data the cache and the check do not share.  (Deep: 9 ms for the benchmark office's year.
    Shallow copies were copy-on-write, but each one left a reference behind in pandas' bookkeeping of the
    cached frames: a watch's memory grew with every save.)"""
    return [replace(o, frame=None if o.frame is None else o.frame.copy(deep=True), found=list(o.found),
                    ids=None if o.ids is None else o.ids.copy(deep=True)) for o in outcomes]


class ParseCache:
    """Parsed sheets by workbook and content hash (see the module's notes).  Safe to ask from the reading
    threads; :meth:`begin`, :meth:`put` and :meth:`end` are called by the thread that reads the office."""

    def __init__(self) -> None:
        self._entries: dict[CacheKey, list[SheetOutcome]] = {}
        self._passed: dict[str, Scanned] = {}  # per workbook: the zip members the guard passed last time
        self._used: set[CacheKey] = set()
        self._token: str | None = None
        self._lock = threading.Lock()
        self.hits = 0  # workbooks taken from the cache in the last read
        self.misses = 0  # workbooks parsed in the last read

    def begin(self, token: str) -> None:
        """A read starts; ``token`` says what its results depend on besides the bytes (settings, year)."""
        with self._lock:
            if token != self._token:
                self._entries.clear()
                self._passed.clear()
                self._token = token
            self._used = set()
            self.hits = self.misses = 0

    def get(self, key: CacheKey) -> list[SheetOutcome] | None:
        with self._lock:
            self._used.add(key)
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self.hits += 1
        return _copy(found)

    def put(self, key: CacheKey, outcomes: list[SheetOutcome]) -> None:
        with self._lock:
            self._entries[key] = _copy(outcomes)
            self._used.add(key)

    def passed(self, rel: str) -> Scanned | None:
        """The members of workbook ``rel`` the guard passed when it was last read (:func:`check_workbook`)."""
        with self._lock:
            return self._passed.get(rel)

    def keep_passed(self, rel: str, scanned: Scanned) -> None:
        """What the guard passed of workbook ``rel`` now (the last version only: one per workbook)."""
        with self._lock:
            self._passed[rel] = scanned

    def end(self) -> None:
        """The read is over: forget the workbooks it did not read (saved since, renamed or removed)."""
        with self._lock:
            for key in [k for k in self._entries if k not in self._used]:
                del self._entries[key]
            read = {rel for rel, _ in self._used}
            for rel in [r for r in self._passed if r not in read]:
                del self._passed[rel]

    def __len__(self) -> int:
        return len(self._entries)
