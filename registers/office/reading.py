"""Reading an office's workbooks on a pool of threads: the read stage of :func:`registers.office.load.load_office`.

* :func:`start_reading` discovers the workbooks and sets the pool going: each file is read and
  guarded, split into sheet loads, and each load parsed, its register sheets found and normalised.
  Each task hands its follow-ups to the pool itself (a workbook's loads are queued by the thread
  that guarded it);
* :meth:`Reading.outcomes` waits for the end, reports progress as files finish, and gives every
  file's sheets in discovery order, or why the file could not be read.

(Starting the reading before pandas is imported, so that the parsers run beside the import, was
measured three times on two cores: no faster.  The import and the reading's own Python work share
one GIL.)
"""

from __future__ import annotations

import contextlib
import queue
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registers.core.findings import Finding
from registers.core.frames import id_key
from registers.core.inputs import MISSING_COLUMN
from registers.core.period import Period
from registers.core.resources import default_threads
from registers.core.settings import Pin, Settings, SheetConfigError
from registers.core.spec import KIND_BY_KEY, field_label
from registers.core.values.text import Context
from registers.io.detect import HeaderNotFound, SheetTable, find_table, table_for_kind
from registers.io.diagnose import Candidate, best_candidate
from registers.io.discover import WorkbookFile, discover
from registers.io.grid import Grid, Unreadable
from registers.io.guard.limits import InputLimits
from registers.io.normalise import normalise_table
from registers.io.read import SheetLoad, read_guarded, sheet_loads

if TYPE_CHECKING:
    import pandas as pd

    from registers.io.guard.limits import Scanned
    from registers.office.cache import CacheKey, ParseCache

ProgressFn = Callable[[str, int, int], None]

# A register sheet up to this many rows is known by what it reads as (content_digest); a longer one by its bytes.
CONTENT_DIGEST_ROWS = 5_000
# How long the waiting thread sleeps between looks at a Ctrl-C (a lock wait on Windows cannot be interrupted).
POLL_SECONDS = 0.25


@dataclass
class SheetOutcome:
    """One sheet read: ignored (``table`` is None) or a register sheet's frame and read findings."""

    sheet: str
    table: SheetTable | None = None
    frame: pd.DataFrame | None = None
    found: list[Finding] = field(default_factory=list)
    ids: pd.Series | None = None  # the register's ids as compared (Office.id_keys), worked out here
    best: Candidate | None = None  # an ignored sheet: the register it comes closest to
    content: bytes | None = None  # what the sheet was read as, digested (see content_digest), where asked for


FileOutcome = list[SheetOutcome] | Unreadable


def pinned(settings: Settings, rel: str, sheet: str) -> Pin | None:
    """The office's settings' pin of this sheet to a register, if any."""
    for pin in settings.pins:
        if pin.file == rel and (pin.sheet is None or pin.sheet == sheet):
            return pin
    return None


def pinned_table(pin: Pin, rel: str, grid: Grid, lang: str) -> SheetTable | None:
    """The sheet read as its pin says; a header the pin's ``columns`` name that the sheet lacks stops the run
    (:class:`SheetConfigError`, exit status 2), naming the field, the header and the sheet's actual headers."""
    kind = KIND_BY_KEY[pin.register]
    try:
        return table_for_kind(grid, kind, dict(pin.columns))
    except HeaderNotFound as exc:
        label = field_label(kind, exc.field_name, lang)
        headers = "、".join(exc.headers) or "—"
        raise SheetConfigError(
            f"registers.pins: columns {label} = {exc.header!r}: {rel}!{grid.sheet} has no such header; "
            f"its headers: {headers}", "pin-header-not-found", lang,
            field=label, header=exc.header, file=rel, sheet=grid.sheet, headers=headers,
        ) from None


def content_digest(table: SheetTable, frame: pd.DataFrame, found: list[Finding]) -> bytes | None:
    """What a register sheet was read as — its typed values, columns and read findings — in 20 bytes, so that a
    sheet of a saved workbook that reads as it did before is known to be the same (``registers watch``:
    :mod:`registers.office.memo`).  None for a sheet past :data:`CONTENT_DIGEST_ROWS` rows (its workbook's
    bytes stand for it: digesting a month of receipts costs more than it saves) or whose values cannot be
    digested."""
    if len(frame) > CONTENT_DIGEST_ROWS:
        return None
    import hashlib

    import pandas as pd

    try:
        h = hashlib.blake2b(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes(), digest_size=20)
        h.update(repr((list(frame.columns), [str(t) for t in frame.dtypes], table.kind.key, table.header_row,
                       sorted(table.columns.items()), table.missing, table.hidden, table.year, table.title,
                       table.last_row, found)).encode())
    except Exception:  # a value pandas cannot hash: the workbook's digest stands for the sheet
        return None
    return h.digest()


def read_sheets(rel: str, grids: Iterable[Grid], settings: Settings, default_ctx: Context, *,
                digests: bool = False) -> list[SheetOutcome]:
    """Find the register in each grid and normalise it; its ids as compared are worked out here too, on the
    reading threads, rather than for the whole register after the reading.  ``digests``: each register
    sheet's :func:`content_digest` too."""

    out = []
    for grid in grids:
        pin = pinned(settings, rel, grid.sheet)
        table: SheetTable | None = pinned_table(pin, rel, grid, settings.language) if pin else find_table(grid)
        if table is None:
            out.append(SheetOutcome(grid.sheet, best=best_candidate(grid)))
            continue
        found = [
            MISSING_COLUMN.finding(
                register=table.kind.register, file=rel, sheet=grid.sheet,
                args={"field": f"{table.kind.key}:{name}", "header_row": table.header_row},
            )
            for name in table.missing
        ]
        frame, read = normalise_table(table, rel, 0, default_ctx)
        table.data = None  # the raw text columns are not needed any more
        table.rows = []
        id_field = table.kind.id_field
        ids = id_key(frame[id_field]) if id_field and id_field in frame.columns else None
        content = content_digest(table, frame, found + read) if digests else None
        out.append(SheetOutcome(grid.sheet, table, frame, found + read, ids, content=content))
        # The grid's text columns go before the next sheet is parsed.  (What the sheet freed is handed back
        # once all is read, not here: a trim walks the whole heap while the other threads wait for its
        # lock, 0.07 s of a year's check and 0.4 s at four times that, for no lower peak.)
        del grid
    return out


class _Inline(Executor):
    """Runs each task at once in the calling thread (one thread: no pool, and profilers see it all).

    What a task raises comes out of ``submit``: a Ctrl-C stops the reading there and then."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        fut: Future[Any] = Future()
        fut.set_result(fn(*args, **kwargs))
        return fut


# What a task tells the waiting thread: (file index, load index or None for the file's preparation, value)
_Event = tuple[int, int | None, Any]


class Reading:
    """The reading of one office's workbooks, under way on a pool of threads (see :func:`start_reading`).

    A file whose reading or any of whose sheets raises :class:`Unreadable` is that one reason, whole.
    What comes out does not depend on the number of threads or on which task finishes first.
    """

    def __init__(self, root: Path, settings: Settings, period: Period, threads: int | None = None,
                 cache: ParseCache | None = None) -> None:
        self.root = root
        self.settings = settings
        self.context = Context(period.end.year, None)
        self.files: list[WorkbookFile] = list(discover(root, settings.output_dir))
        self.threads = threads or default_threads()
        self._limits = InputLimits.of(settings)
        self._events: queue.SimpleQueue[_Event] = queue.SimpleQueue()
        self._pool: Executor = (ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="registers-read")
                                if self.threads > 1 else _Inline())
        self._closed = False
        self._handed_over = False
        self._cache = cache
        self._parsed: dict[int, CacheKey] = {}  # files parsed (not taken from the cache): their cache keys
        self.digests: dict[str, bytes] = {}  # with a cache: each workbook's content digest, as read
        if cache is not None:
            cache.begin(f"{settings!r}|{self.context!r}")
        for i in range(len(self.files)):
            self._submit(self._prepare, i)

    def _submit(self, task: Callable[..., None], *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the pool was shut down (the reading closed): start nothing
            self._pool.submit(self._guarded, task, *args)

    def _guarded(self, task: Callable[..., None], i: int, *args: Any) -> None:
        """Run a task; whatever it raises goes to the waiting thread (Unreadable is the file's outcome,
        anything else a bug raised there)."""
        try:
            task(i, *args)
        except BaseException as exc:
            self._events.put((i, -1, exc))
            if not isinstance(exc, Exception):  # Ctrl-C, reading in the calling thread (one thread, no pool)
                raise

    def _prepare(self, i: int) -> None:
        wf = self.files[i]
        from registers.io.guard import check_workbook

        # the bytes held still, then guarded (unless the cache has parsed these very bytes before)
        data, _ = read_guarded(wf.path, self.settings.max_file_mb << 20, limits=self._limits, guard=False)
        if self._cache is not None:
            from registers.office.cache import digest

            key = (wf.rel, digest(data))
            self.digests[wf.rel] = key[1]
            known = self._cache.get(key)
            if known is not None:  # the same bytes as last read: their sheets as parsed then
                self._events.put((i, None, 1))
                self._events.put((i, 0, list(enumerate(known))))
                return
            self._parsed[i] = key
        if self._cache is None:
            merged = check_workbook(data, self._limits)
        else:  # the members stored as when the guard last passed this workbook are not inflated again
            now: Scanned = {}
            merged = check_workbook(data, self._limits, passed=self._cache.passed(wf.rel), now=now)
            self._cache.keep_passed(wf.rel, now)
        loads = sheet_loads(data, wf.rel, max_cells=self.settings.max_cells, columnar=True, groups=self.threads,
                            merged=merged)
        del data
        self._events.put((i, None, len(loads)))
        for k, load in enumerate(loads):
            self._submit(self._run, i, k, load)

    def _run(self, i: int, k: int, load: SheetLoad) -> None:
        rel = self.files[i].rel
        read = read_sheets(rel, load.load(), self.settings, self.context, digests=self._cache is not None)
        self._events.put((i, k, list(zip(load.indexes, read, strict=True))))

    def outcomes(self, progress: ProgressFn | None = None) -> list[tuple[str, FileOutcome]]:
        """Every file's sheets in discovery order (or why it could not be read), once all is read.

        ``progress(file, files done, files)`` is called in this thread as each file finishes.  A bug in a
        reading task is raised here, and the tasks not yet started are dropped.  The outcomes are handed
        over, not kept (their frames are the caller's to let go): a second call raises RuntimeError.
        """
        if self._handed_over:
            raise RuntimeError("this reading's outcomes were already taken")
        self._handed_over = True
        files = self.files
        expected: dict[int, int] = {}
        pieces: dict[int, dict[int, list[tuple[int, SheetOutcome]]]] = {}
        failed: dict[int, Unreadable] = {}
        done = 0

        def finished(i: int) -> bool:
            return i in failed or (i in expected and len(pieces.get(i, {})) == expected[i])

        if progress:
            progress(files[0].rel if files else "", 0, len(files))
        try:
            while done < len(files):
                try:
                    i, part, value = self._events.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    continue
                if isinstance(value, BaseException) and not isinstance(value, Unreadable):
                    raise value
                was_finished = finished(i)
                if isinstance(value, Unreadable):
                    failed.setdefault(i, value)
                elif i not in failed:
                    if part is None:
                        expected[i] = value
                    else:
                        pieces.setdefault(i, {})[part] = value
                if finished(i) and not was_finished:
                    done += 1
                    if progress:
                        progress(files[i].rel, done, len(files))
        except BaseException:  # Ctrl-C, or a bug in a task: start none of the loads still waiting
            self.close()
            raise
        self._closed = True
        self._pool.shutdown(wait=True)  # all is read: the threads end now, and what they hold goes with them

        results: list[tuple[str, FileOutcome]] = []
        for i, wf in enumerate(files):
            if i in failed:
                results.append((wf.rel, failed[i]))
                continue
            sheets = sorted((pair for piece in pieces.get(i, {}).values() for pair in piece), key=lambda p: p[0])
            read = [outcome for _, outcome in sheets]
            results.append((wf.rel, read))
            if self._cache is not None and i in self._parsed:
                self._cache.put(self._parsed[i], read)
        if self._cache is not None:
            self._cache.end()
        return results

    def close(self) -> None:
        """Start nothing more; the tasks already running finish in their threads."""
        if not self._closed:
            self._closed = True
            self._pool.shutdown(wait=False, cancel_futures=True)


def start_reading(root: Path, settings: Settings, period: Period, threads: int | None = None,
                  cache: ParseCache | None = None) -> Reading:
    """Discover the office's workbooks and start reading them on ``threads`` threads (default: one per core).

    ``period`` sets the year a date typed without one falls in, as the check's period does.  With a
    ``cache`` (:class:`registers.office.cache.ParseCache`), a workbook whose bytes it has seen is not parsed again.
    """
    return Reading(root, settings, period, threads, cache)
