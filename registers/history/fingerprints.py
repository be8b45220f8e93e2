"""How a finding is known across runs: its *fingerprint*.

A hash of the rule, file, sheet, the row's key (or, when the row has none, the
row's own identifying text), the field and the date — never the row number, so
a row inserted above does not make every finding "new".  Pure functions of a
finding and the office's frames; they stand apart from the SQLite storage
(:mod:`registers.history.store`) that keeps them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from registers.core.findings import Finding
from registers.core.spec import KIND_BY_KEY

if TYPE_CHECKING:
    from registers.office.load import Office


def _norm(v: Any) -> str:
    if v is None:
        return ""
    try:
        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(v, pd.Timestamp | datetime):
        return pd.Timestamp(v).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, date):
        return v.isoformat()
    return re.sub(r"\s+", "", str(v))


def _field_of(office: Office | None, f: Finding) -> str:
    """The field a finding points at, by name (stable when columns move), else its ``field`` argument."""
    arg = f.args.get("field")
    if isinstance(arg, str):
        return arg
    if office is None or not f.column:
        return ""
    for src in office.sources:
        if src.file == f.file and src.sheet == f.sheet:
            for name, letter in src.columns.items():
                if letter == f.column:
                    return name
    return f.column


def _row_identity(office: Office | None, f: Finding, field_name: str) -> str:
    """A keyless row told by its own content: its required fields (but the one at fault), not its number."""
    if office is None or f.row is None:
        return ""
    for i, src in enumerate(office.sources):
        if src.file != f.file or src.sheet != f.sheet:
            continue
        frame = office.frames.get(src.kind)
        if frame is None or frame.empty:
            continue
        hit = frame[(frame["_src"] == i) & (frame["_row"] == f.row)]
        if hit.empty:
            continue
        kind = KIND_BY_KEY[src.kind]
        usable = [fl for fl in kind.fields if fl.name != field_name and fl.kind != "phone"]
        names = [fl.name for fl in usable if fl.required] or [fl.name for fl in usable]
        record = hit.iloc[0]
        parts = [_norm(record.get(n)) for n in names]
        if f.value is not None:
            parts.append(_norm(f.value))
        return "|".join(parts)
    return ""


def fingerprint(f: Finding, office: Office | None = None) -> str:
    """sha256 of rule, file, sheet, key (or the row's identifying text), field and date."""
    field_name = _field_of(office, f)
    ident = f.key if f.key else _row_identity(office, f, field_name)
    parts = [f.rule, f.file or "", f.sheet or "", _norm(ident), field_name, f.date.isoformat() if f.date else ""]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def fingerprints(findings: Sequence[Finding], office: Office | None = None) -> list[str]:
    """Fingerprints of ``findings``; a repeat within one run gets ``#2``, ``#3``… so each stays distinct."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for f in findings:
        fp = fingerprint(f, office)
        n = seen.get(fp, 0) + 1
        seen[fp] = n
        out.append(fp if n == 1 else hashlib.sha256(f"{fp}#{n}".encode()).hexdigest())
    return out
