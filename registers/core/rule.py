"""What a rule is: a plain function with declared metadata.

A rule takes the loaded :class:`~registers.office.load.Office` and yields
:class:`~registers.core.findings.Finding` values for the rows that fail.  Its id,
clause, severity, titles and messages (in every language), and the settings
that tune it are declared with :func:`rule`; the catalogue is collected from
the rule modules (``registers.rules.catalogue``), never listed by hand.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from registers.core.findings import Finding, Severity

if TYPE_CHECKING:
    from registers.office.load import Office

LANGS = ("zh-Hans", "zh-Hant", "en")

RuleFunc = Callable[["Office"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    clause: str
    severity: Severity
    title: Mapping[str, str]
    message: Mapping[str, str]
    settings: tuple[str, ...] = ()
    registers: tuple[str, ...] = ()
    doc: str = ""
    func: RuleFunc | None = field(default=None, compare=False)
    # The message when the finding's ``count`` is one (one missing number is named, not "from N to N, 1 of them")
    message_one: Mapping[str, str] | None = None

    def __call__(self, office: Office) -> Iterable[Finding]:
        if self.func is None:
            return ()
        return self.func(office)

    def finding(self, **kw: Any) -> Finding:
        """A finding of this rule; ``kw`` are :class:`Finding` fields (register, file, sheet, row, …)."""
        return Finding(rule=self.id, severity=self.severity, clause=self.clause, **kw)


def rule(
    id: str,
    clause: str,
    severity: str,
    *,
    title: Mapping[str, str],
    message: Mapping[str, str],
    settings: tuple[str, ...] = (),
    registers: tuple[str, ...] = (),
    message_one: Mapping[str, str] | None = None,
) -> Callable[[RuleFunc], Rule]:
    """Declare a rule.  ``message`` templates use ``str.format`` fields filled from the finding's args;
    ``message_one``, when given, is the message of a finding whose ``count`` arg is 1."""

    def wrap(func: RuleFunc) -> Rule:
        return Rule(
            id=id,
            clause=clause,
            severity=Severity.parse(severity),
            title=dict(title),
            message=dict(message),
            settings=settings,
            registers=registers,
            doc=inspect.getdoc(func) or "",
            func=func,
            message_one=dict(message_one) if message_one is not None else None,
        )

    return wrap


def declared(
    id: str,
    clause: str,
    severity: str,
    *,
    title: Mapping[str, str],
    message: Mapping[str, str],
    doc: str,
    registers: tuple[str, ...] = (),
    settings: tuple[str, ...] = (),
) -> Rule:
    """A rule whose findings are made by the read stage (``input.*``); calling it replays them."""

    def replay(office: Office) -> Iterable[Finding]:
        return office.read_findings_of(id)

    replay.__doc__ = doc
    return rule(id, clause, severity, title=title, message=message, registers=registers, settings=settings)(replay)
