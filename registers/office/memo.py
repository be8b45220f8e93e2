"""Each rule's findings kept with what the rule read, so that a re-check runs only the rules whose inputs changed.

``registers watch`` re-checks an office each time a clerk saves a register.  Its reading already keeps
the parsed sheets of the workbooks that were not saved (:mod:`registers.office.cache`); :class:`RuleMemo`
keeps, for each rule, its findings and the :data:`Read` list of the office's parts it looked at.  On the next
check, a rule whose every part is as it was is not run again: its findings are the ones it gave.

What a rule reads is noted as it runs, not declared: the rule is handed an :class:`OfficeReads`, the same
office noting each part asked for (a register's frame, the sheets' list, the read findings, the as-of
moment, the statements), and a view several rules share (:meth:`~registers.office.load.Office.shared`)
passes on what it read to every rule that takes it.  A declaration could fall behind the rule's code; the
notes cannot.

A part's *version* (:class:`Versions`) is what it is made of: a register's frame, the index, file, sheet
and content digest (the parse cache's) of each sheet it was read from; the as-of moment, its value; the
sheets' list and the read findings, their values; the statements, the digests of the files they are read
from.  Settings, period and the rule set are the token a check gives :meth:`RuleMemo.begin`: another token starts it
afresh.
A file whose digest is not known (read without a cache, or unreadable) makes every version holding it new,
so a rule reading it runs again.  A rule that raised is not kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

import pandas as pd

from registers.core.findings import Finding
from registers.io.statements import statement_files
from registers.office.load import STATEMENTS, Office, Row, SheetRead, Source

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from registers.core.period import Period
    from registers.core.settings import Settings
    from registers.io.statements.model import Statements

_Shared = TypeVar("_Shared")

# One part of the office a rule read: ("frame", kind key), ("as_of",), ("sources",), ("read_findings",) (all
# of them) or ("read_findings", rule id), ("statements",), ("office",) for all of it (what cannot be told apart).
Read = tuple[str, ...]
AS_OF: Read = ("as_of",)
SOURCES: Read = ("sources",)
READ_FINDINGS: Read = ("read_findings",)
STATEMENTS_READ: Read = ("statements",)
WHOLE: Read = ("office",)


def frame_read(kind_key: str) -> Read:
    return ("frame", kind_key)


class OfficeReads(Office):
    """The office as one rule sees it: the same office, noting each part the rule asks for (:attr:`reads`).

    Frames come as shallow copies (copy-on-write), so that a rule adding a column never changes what the
    next rule reads: a rule not run again cannot leave out what a later one relied on."""

    _office: Office
    _open: list[set[Read]]
    _versions: Versions
    _views: _ViewMemo

    def __init__(self, versions: Versions, views: _ViewMemo) -> None:  # (every field is the office's)
        object.__setattr__(self, "_office", versions.office)
        object.__setattr__(self, "_open", [set()])  # what each rule or shared view being built has read
        object.__setattr__(self, "_versions", versions)  # the parts' versions, for the views kept across checks
        object.__setattr__(self, "_views", views)

    @property
    def reads(self) -> set[Read]:
        return self._open[0]

    def _note(self, *reads: Read) -> None:
        for open_ in self._open:
            open_.update(reads)

    # the office's fields: the ones that are constant for a memo (root, settings, period) are not noted
    @property
    def root(self) -> Path:  # type: ignore[override]
        return self._office.root

    @property
    def settings(self) -> Settings:  # type: ignore[override]
        return self._office.settings

    @property
    def period(self) -> Period:  # type: ignore[override]
        return self._office.period

    @property
    def as_of(self) -> datetime:  # type: ignore[override]
        self._note(AS_OF)
        return self._office.as_of

    @property
    def sources(self) -> list[Source]:  # type: ignore[override]
        return cast(list[Source], _SheetList(self._office.sources, self))

    @property
    def read_findings(self) -> list[Finding]:  # type: ignore[override]
        self._note(READ_FINDINGS)
        return self._office.read_findings

    @property
    def frames(self) -> dict[str, pd.DataFrame]:  # type: ignore[override]
        self._note(WHOLE)
        return self._office.frames

    @property
    def workbooks(self) -> list[str]:  # type: ignore[override]
        self._note(WHOLE)
        return self._office.workbooks

    @property
    def ignored_sheets(self) -> list[tuple[str, str]]:  # type: ignore[override]
        self._note(WHOLE)
        return self._office.ignored_sheets

    @property
    def sheets(self) -> list[SheetRead]:  # type: ignore[override]
        self._note(WHOLE)
        return self._office.sheets

    @property
    def open_elsewhere(self) -> list[tuple[str, str]]:  # type: ignore[override]
        self._note(WHOLE)
        return self._office.open_elsewhere

    @property
    def _shared(self) -> dict[str, Any]:  # type: ignore[override]
        return self._office._shared

    def frame(self, key: str) -> pd.DataFrame:
        self._note(frame_read(key))
        return self._office.frame(key).copy(deep=False)

    def has(self, key: str) -> bool:
        self._note(frame_read(key))
        return self._office.has(key)

    def id_keys(self, kind_key: str, field_name: str) -> pd.Series:
        self._note(frame_read(kind_key))
        return self._office.id_keys(kind_key, field_name)

    def sources_of(self, kind_key: str) -> list[tuple[int, Source]]:
        self._note(frame_read(kind_key))
        return self._office.sources_of(kind_key)

    def read_findings_of(self, rule_id: str) -> list[Finding]:
        self._note(("read_findings", rule_id))
        return self._office.read_findings_of(rule_id)

    def bad_values(self, kind_key: str) -> list[Finding]:  # made by reading the kind's sheets: their frame's
        self._note(frame_read(kind_key))
        return self._office.bad_values(kind_key)

    def statements(self) -> Statements:
        self._note(STATEMENTS_READ)
        return self._office.statements()

    def shared(self, key: str, make: Callable[[], _Shared]) -> _Shared:
        """The office's shared view, built (if no rule has yet) with what it reads noted apart; what it read is
        noted for this rule, and for every later rule that takes it."""
        office: Office = self._office
        if key == STATEMENTS:
            self._note(STATEMENTS_READ)
            return office.shared(key, make)
        if key not in office._shared:
            kept = self._views.get(key, self._versions)
            if kept is not None:  # built for an earlier check from parts that are as they were
                office._shared[key], office._shared_reads[key] = kept
            else:
                self._open.append(set())
                try:
                    made = make()
                finally:
                    built = self._open.pop()
                office._shared[key] = made
                office._shared_reads[key] = frozenset(built)
                self._views.keep(key, made, office._shared_reads[key], self._versions)
        # a view built outside any rule (while reading): what it read is not known, so all of the office
        self._note(*office._shared_reads.get(key, (WHOLE,)))
        return office.shared(key, make)

    # building findings reads the sheets' list by the rows' own sheets: covered by their frames' versions
    def findings_at(self, rule: Any, kind_key: str, rows: pd.DataFrame, **kw: Any) -> list[Finding]:
        self._note(frame_read(kind_key))
        return self._office.findings_at(rule, kind_key, rows, **kw)

    def cell(self, row: Row | Any, field: str) -> tuple[str, str, str] | None:
        return self._office.cell(row, field)


class _SheetList(Sequence[Source]):
    """:attr:`Office.sources` as a rule sees it: the sheet of a frame row (``sources[row._src]``) is part of
    that frame's version, so indexing notes nothing; going through the list notes all of it."""

    def __init__(self, sources: list[Source], reads: OfficeReads) -> None:
        self._sources = sources
        self._reads = reads

    @overload
    def __getitem__(self, i: int) -> Source: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Source]: ...

    def __getitem__(self, i: int | slice) -> Source | Sequence[Source]:
        if isinstance(i, slice):
            self._reads._note(SOURCES)
        return self._sources[i]

    def __len__(self) -> int:
        self._reads._note(SOURCES)
        return len(self._sources)

    def __iter__(self) -> Iterator[Source]:
        self._reads._note(SOURCES)
        return iter(self._sources)


def _same(a: Any, b: Any) -> bool:
    """Whether two versions are equal; anything that cannot be compared is not (the rule runs again)."""
    try:
        return bool(a == b)
    except Exception:
        return False


class Versions:
    """The current version of each part of one office (see the module's notes), each worked out once."""

    def __init__(self, office: Office) -> None:
        self.office = office
        self._known: dict[Read, Any] = {}
        self._unknown = object()

    def digest(self, file: str) -> Hashable:
        return self.office.digests.get(file) or self._unknown

    def of(self, read: Read) -> Any:
        if read not in self._known:
            self._known[read] = self._work_out(read)
        return self._known[read]

    def now(self, reads: Iterable[Read]) -> tuple[tuple[Read, Any], ...]:
        """Each part read with its version now, in a stable order: what is kept with a rule or a view."""
        return tuple((r, self.of(r)) for r in sorted(reads))

    def unchanged(self, then: tuple[tuple[Read, Any], ...]) -> bool:
        """Whether every part of ``then`` (:meth:`now` of an earlier check) is at the version it was."""
        return all(_same(self.of(r), v) for r, v in then)

    def _work_out(self, read: Read) -> Any:
        office = self.office
        what = read[0]
        if what == "frame":  # each sheet by what it read as, else by its workbook's bytes
            return tuple((i, s.file, s.sheet, office.sheet_digests.get((s.file, s.sheet)) or self.digest(s.file))
                         for i, s in office.sources_of(read[1]))
        if what == "as_of":
            return office.as_of
        if what == "sources":
            return tuple(office.sources)
        if what == "read_findings":
            return tuple(office.read_findings_of(read[1]) if len(read) > 1 else office.read_findings)
        if what == "statements":
            files: list[tuple[str, Hashable]] = []
            for path, rel in statement_files(office.root, office.settings.output_dir):
                try:
                    files.append((rel, hashlib.blake2b(path.read_bytes(), digest_size=20).digest()))
                except OSError:
                    files.append((rel, self._unknown))
            return (tuple((f, s, self.digest(f)) for f, s in office.ignored_sheets), tuple(files))
        return (tuple((f, self.digest(f)) for f in office.workbooks), tuple(office.sources),
                tuple(office.read_findings), office.as_of, self.of(STATEMENTS_READ))


class _ViewMemo:
    """The shared views built for the rules of earlier checks, each with what it read and their versions then:
    a view whose parts are as they were (in ``versions``, the office being checked) is taken as it is (views
    are only read by their callers)."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[Any, tuple[tuple[Read, Any], ...]]] = {}

    def get(self, key: str, versions: Versions) -> tuple[Any, frozenset[Read]] | None:
        kept = self._kept.get(key)
        if kept is None:
            return None
        if not versions.unchanged(kept[1]):
            del self._kept[key]
            return None
        return kept[0], frozenset(r for r, _ in kept[1])

    def keep(self, key: str, value: Any, reads: frozenset[Read], versions: Versions) -> None:
        self._kept[key] = (value, versions.now(reads))

    def forget_stale(self, versions: Versions) -> None:
        """Let go of the views some part of which has changed (the memo holds the current office's views only)."""
        for key in [k for k, (_, reads) in self._kept.items() if not versions.unchanged(reads)]:
            del self._kept[key]

    def clear(self) -> None:
        self._kept.clear()


@dataclass(frozen=True)
class _Kept:
    reads: tuple[tuple[Read, Any], ...]  # each part the rule read, and its version then
    findings: tuple[Finding, ...]


class RuleMemo:
    """Each rule's last findings and what they were made from, between checks of one office.

    A check calls :meth:`begin` with the office loaded, :meth:`run` for each rule, then :meth:`end`."""

    def __init__(self) -> None:
        self._kept: dict[str, _Kept] = {}
        self._views = _ViewMemo()
        self._versions: Versions | None = None  # of the office being checked, from begin to end
        self._token: str | None = None
        self.reused = 0  # rules whose findings were kept, in the last check
        self.last_run: list[str] = []  # the ids of the rules run in it

    @property
    def ran(self) -> int:
        return len(self.last_run)

    def begin(self, token: str, office: Office) -> None:
        """A check of ``office`` starts; ``token`` says what every rule's findings depend on besides the
        office's parts (the settings, the period, the rules selected): another token forgets all."""
        if token != self._token:
            self._kept.clear()
            self._views.clear()
            self._token = token
        self._versions = Versions(office)
        self.reused = 0
        self.last_run = []

    def run(self, rule_id: str, call: Callable[[Office], Iterable[Finding]]) -> list[Finding]:
        """The rule's findings on the office of :meth:`begin`: the kept ones if every part it read is as it was,
        else ``call``'s (kept for next time, unless it raised)."""
        versions = self._versions
        if versions is None:
            raise RuntimeError("RuleMemo.run outside a check (begin ... end)")
        kept = self._kept.get(rule_id)
        if kept is not None and versions.unchanged(kept.reads):
            self.reused += 1
            return list(kept.findings)
        self._kept.pop(rule_id, None)
        seen = OfficeReads(versions, self._views)
        found = list(call(seen))
        self.last_run.append(rule_id)
        self._kept[rule_id] = _Kept(versions.now(seen.reads), tuple(found))
        return found

    def end(self) -> None:
        """The check is over: the shared views kept are the ones built from the office as it is now (the office
        itself is let go)."""
        if self._versions is not None:
            self._views.forget_stale(self._versions)
        self._versions = None

