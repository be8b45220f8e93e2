"""Checking a group of offices: one task per office folder, in parallel across the cores.

The unit of work is :func:`check_office` — a pure function of an office folder
and :class:`OfficeOptions`: it only reads the folder (registers, statements,
``registers.toml``), writes nothing unless the options ask for the run history,
never raises for a bad office (the failure is in the result), and returns an
:class:`OfficeResult` that is plain data (strings, numbers, lists, dicts; the
office's findings in the JSON contract of ``shared/spec/rules.md``).  That is
what lets the same function run in a local process pool (:func:`check_group`),
on Dask (``client.map(check_office, folders, options=…)``) or on Ray
(``ray.remote(check_office)``) — see ``docs/group.md``.

Which folders are offices (:func:`find_offices`): every folder under the group
folder that holds a ``registers.toml`` (its subfolders belong to it); and every
direct child of the group folder that holds no such office but holds
spreadsheets.  Hidden folders and the group's own ``reports/`` are skipped.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from registers.core.period import Period
from registers.core.resources import available_cores, prepare_worker
from registers.core.settings import CONFIG_NAME, ConfigError
from registers.io.discover import discover

GROUP_REPORTS = "reports"  # the group's own output folder, never taken for an office

# How a worker process is started: "spawn" on every platform — the same on Linux as on the
# offices' Windows machines, and no fork() of a parent that runs threads (rich's progress
# refresher, Arrow's thread pool), which can deadlock the child.
MP_START_METHOD = "spawn"


class GroupError(Exception):
    """The group check could not run at all (exit status 2): no such folder, no office in it.

    ``key`` and ``kw`` word it in the catalogue (:func:`registers.i18n.word`); the message is the English."""

    def __init__(self, key: str, **kw: object) -> None:
        from registers.i18n import word

        super().__init__(word(key, "en", **kw))
        self.key = key
        self.kw = kw


@dataclass(frozen=True)
class OfficeOptions:
    """Everything besides the folder that a check of one office depends on.

    With ``as_of`` or ``now`` given, :func:`check_office` is a pure function of the
    folder and these options.  ``now`` is the clock reading (timezone-aware) taken once
    for the whole group; each office measures its default as-of moment (the end of the
    period, or now if earlier) in its own timezone from it.  With neither given, the
    clock is read in the worker.
    """

    period: Period
    as_of: datetime | None = None  # naive, office local time
    now: datetime | None = None  # aware
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    lang: str | None = None  # None: each office's own language (registers.toml)
    show_personal: bool = False
    record_history: bool = False  # record the run in the office's .registers/history.sqlite
    findings_book: bool = False  # also write the office's reports/核查结果 DATE.xlsx
    threads: int | None = None  # reading threads per office (None: one per core); the result does not depend on it


@dataclass(frozen=True)
class OfficeResult:
    """The outcome of checking one office: plain data, picklable, comparable.

    ``report`` is exactly what ``registers check FOLDER --format json`` prints (None when the
    office could not be checked, and then ``error`` says why).  ``exit_status`` is what
    ``registers check FOLDER`` would exit with: 0 no error findings, 1 error findings, 2 could
    not be checked.
    """

    folder: str  # the folder as given to check_office
    name: str  # the office's name in the group: its path relative to the group folder
    exit_status: int
    report: dict[str, Any] | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()  # a report or history write that failed (the check stands)

    @property
    def ok(self) -> bool:
        return self.report is not None

    def counts(self) -> dict[str, int]:
        if self.report is None:
            return {"error": 0, "warning": 0, "info": 0}
        s = self.report["summary"]
        return {"error": s["error"], "warning": s["warning"], "info": s["info"]}

    def by_rule(self) -> dict[str, int]:
        return dict(self.report["summary"]["by_rule"]) if self.report is not None else {}


def failed(folder: Path | str, error: str) -> OfficeResult:
    return OfficeResult(folder=str(folder), name=Path(folder).name, exit_status=2, error=error)


def check_office(folder: Path | str, options: OfficeOptions) -> OfficeResult:
    """Check one office folder; never raises for a bad office (the failure is the result's ``error``).

    Reads the folder only.  Writes only what ``options`` ask for (run history, findings workbook),
    and nothing at all with the defaults: the office's run is :func:`registers.pipeline.check.run_check`,
    as ``registers check FOLDER`` runs it.
    """
    from registers.check import RunError, default_as_of
    from registers.core.settings import load_settings
    from registers.i18n import word
    from registers.pipeline.check import CheckOptions, run_check

    root = Path(folder)
    lang = options.lang or "zh-Hans"
    try:
        if not root.is_dir():
            raise RunError("no-dir", dir=str(root))
        settings = load_settings(root)
        lang = options.lang or settings.language
        as_of = options.as_of
        if as_of is None and options.now is not None:
            local_now = options.now.astimezone(settings.tz).replace(tzinfo=None, microsecond=0)
            as_of = default_as_of(options.period, local_now)
        run = run_check(root, CheckOptions(period=options.period, as_of=as_of, select=options.select,
                                           ignore=options.ignore, lang=lang, show_personal=options.show_personal,
                                           history=options.record_history, findings_book=options.findings_book,
                                           threads=options.threads), settings=settings)
    except ConfigError as exc:  # named by the file inside the office, so the result does not depend on where it is
        return failed(root, f"config error: {str(exc).replace(str(root / CONFIG_NAME), CONFIG_NAME)}")
    except RunError as exc:
        return failed(root, word(exc.key, lang, **{**exc.kw, "dir": root.name}))
    except Exception as exc:  # one office's crash must not stop the group
        return failed(root, "crashed: " + "".join(traceback.format_exception_only(type(exc), exc)).strip()[:500])
    # a history or workbook that could not be written is a warning: the office's check stands
    return OfficeResult(folder=str(folder), name=root.name, exit_status=run.report.exit_status,
                        report=run.report.to_json(lang, show_personal=options.show_personal),
                        warnings=tuple(run.warnings))


# --- which folders are offices ---------------------------------------------------------------------

def _visible_dirs(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return []


def _configured_offices(folder: Path) -> list[Path]:
    """``folder`` itself when it holds a registers.toml, else the configured offices beneath it."""
    if (folder / CONFIG_NAME).is_file():
        return [folder]
    return [o for sub in _visible_dirs(folder) for o in _configured_offices(sub)]


def find_offices(group_dir: Path, *, skip: Iterable[Path] = ()) -> list[Path]:
    """The office folders of a group folder, in a stable order (see the module docstring).

    ``skip`` names folders that are not offices (the report folder, when given with ``--out``).
    """
    if not group_dir.is_dir():
        raise GroupError("no-dir", dir=group_dir)
    if (group_dir / CONFIG_NAME).is_file():
        raise GroupError("group.one-office", dir=group_dir)
    skipped = {p.resolve() for p in skip}
    offices: list[Path] = []
    for child in _visible_dirs(group_dir):
        if child.name == GROUP_REPORTS or child.resolve() in skipped:
            continue
        configured = _configured_offices(child)
        if configured:
            offices.extend(configured)
        elif next(iter(discover(child)), None) is not None:
            offices.append(child)
    return offices


# --- the group ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupResult:
    group_dir: str
    options: OfficeOptions
    offices: tuple[OfficeResult, ...]  # in find_offices order
    workers: int = 0

    def exit_status(self, *, exit_zero: bool = False) -> int:
        """The worst of what ``registers check`` would exit with for each office (``--exit-zero``: 1 → 0)."""
        worst = max((o.exit_status for o in self.offices), default=0)
        return 0 if exit_zero and worst == 1 else worst

    def totals(self) -> dict[str, Any]:
        sev: Counter[str] = Counter()
        rules: Counter[str] = Counter()
        for o in self.offices:
            sev.update(o.counts())
            rules.update(o.by_rule())
        checked = sum(1 for o in self.offices if o.ok)
        return {"offices": len(self.offices), "checked": checked, "failed": len(self.offices) - checked,
                "error": sev["error"], "warning": sev["warning"], "info": sev["info"],
                "by_rule": dict(sorted(rules.items()))}

    def rule_matrix(self) -> dict[str, dict[str, int]]:
        """``{rule: {office name: findings}}`` — only the offices with findings of that rule."""
        matrix: dict[str, dict[str, int]] = {}
        for o in self.offices:
            for rule_id, n in o.by_rule().items():
                matrix.setdefault(rule_id, {})[o.name] = n
        return dict(sorted(matrix.items()))

    def to_json(self) -> dict[str, Any]:
        """The group summary (docs/group.md): per office the single-office findings contract, then totals."""
        opts = self.options
        return {
            "group": Path(self.group_dir).name,
            "period": {"from": opts.period.start.isoformat(), "to": opts.period.end.isoformat()},
            "as_of": opts.as_of.strftime("%Y-%m-%dT%H:%M:%S") if opts.as_of else None,
            "offices": [
                {"folder": o.name, "office": o.report["office"] if o.report else None,
                 "exit_status": o.exit_status, "error": o.error, "warnings": list(o.warnings), "report": o.report}
                for o in self.offices
            ],
            "by_rule": self.rule_matrix(),
            "summary": self.totals(),
            "exit_status": self.exit_status(),
        }


ProgressFn = Callable[[int, int, OfficeResult], None]
Task = Callable[[Path, OfficeOptions], OfficeResult]


def default_workers() -> int:
    """One worker per core this process may run on."""
    return available_cores()


def _outcome(future: Future[OfficeResult], folder: Path) -> OfficeResult:
    try:
        return future.result()
    except Exception as exc:  # the result could not come back (e.g. not picklable): this office only
        return failed(folder, f"crashed: {type(exc).__name__}: {exc}"[:500])


def _run_alone(task: Task, folder: Path, options: OfficeOptions) -> OfficeResult:
    """``folder`` in a process of its own, so that a worker dying takes down no other office."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(MP_START_METHOD),
                             initializer=prepare_worker) as ex:
        future = ex.submit(task, folder, options)
        try:
            return future.result()
        except BrokenProcessPool:
            return failed(folder, "crashed: the worker process died (out of memory, killed, or a crash "
                                  "in native code) while checking this office")
        except Exception:
            return _outcome(future, folder)


def check_group(
    group_dir: Path,
    options: OfficeOptions,
    *,
    offices: Sequence[Path] | None = None,
    workers: int | None = None,
    progress: ProgressFn | None = None,
    task: Task = check_office,
) -> GroupResult:
    """Check every office of ``group_dir`` (default: :func:`find_offices`), one process task per office.

    ``workers`` defaults to the number of cores.  An office that cannot be checked — bad
    config, nothing to read, a crash, even its worker process dying — is an error entry
    and the other offices go on.  ``progress(done, total, result)`` is called in this
    process as each office finishes.  ``task`` is the per-office function (a module-level
    function, so that it pickles; :func:`check_office` unless testing).
    """
    folders = list(offices) if offices is not None else find_offices(group_dir)
    if not folders:
        raise GroupError("cli.no-office-folder", dir=group_dir)
    n_workers = max(1, min(workers or default_workers(), len(folders)))
    results: dict[Path, OfficeResult] = {}
    lost: list[Path] = []  # offices whose worker process died (or died with another's)
    done = 0

    def finish(folder: Path, result: OfficeResult) -> None:
        nonlocal done
        results[folder] = replace(result, name=_name_in_group(folder, group_dir))
        done += 1
        if progress is not None:
            progress(done, len(folders), results[folder])

    # the offices share the cores already: one reading thread each, unless asked otherwise
    run_options = replace(options, threads=1) if n_workers > 1 and options.threads is None else options
    ex = ProcessPoolExecutor(n_workers, mp_context=multiprocessing.get_context(MP_START_METHOD),
                             initializer=prepare_worker)
    try:
        futures = {ex.submit(task, folder, run_options): folder for folder in folders}
        for future in as_completed(futures):
            folder = futures[future]
            if isinstance(future.exception(), BrokenProcessPool):
                lost.append(folder)
            else:
                finish(folder, _outcome(future, folder))
    except BaseException:  # Ctrl-C: do not start the offices still waiting
        ex.shutdown(wait=False, cancel_futures=True)
        raise
    ex.shutdown()
    if lost:
        # A dead worker breaks the whole pool, and every office still in it fails with it: check
        # each of those again in a process of its own, so that only the office that kills its
        # worker is reported as crashed.
        with ThreadPoolExecutor(n_workers) as threads:
            retried = {threads.submit(_run_alone, task, folder, run_options): folder for folder in lost}
            for future in as_completed(retried):
                finish(retried[future], future.result())
    return GroupResult(group_dir=str(group_dir), options=options,
                       offices=tuple(results[f] for f in folders), workers=n_workers)


def _name_in_group(folder: Path, group_dir: Path) -> str:
    try:
        return folder.relative_to(group_dir).as_posix()
    except ValueError:
        return folder.name


def office_options(
    period: Period,
    *,
    as_of: datetime | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    lang: str | None = None,
    show_personal: bool = False,
    record_history: bool = False,
    findings_book: bool = False,
    now: datetime | None = None,
) -> OfficeOptions:
    """Options with the clock read once, here (so every office of the group is judged at the same moment)."""
    return OfficeOptions(period=period, as_of=as_of, now=now or datetime.now(UTC),
                         select=tuple(select), ignore=tuple(ignore), lang=lang, show_personal=show_personal,
                         record_history=record_history, findings_book=findings_book)


__all__ = ["GroupError", "GroupResult", "OfficeOptions", "OfficeResult", "check_group", "check_office",
           "find_offices", "office_options"]
