"""Lines that fit a terminal: text wrapped at word and CJK-character boundaries, never inside a date, a number or a
workbook address, with CJK characters counted as two cells (rich's ``cell_len``).

A text is given as spans ``(text, style)``; whitespace is where a line may break (and is dropped there), as is the
boundary beside a CJK character, except before closing punctuation (，。）” …) and after opening punctuation (（“ …).
A run no line can hold (a workbook path wider than the terminal) is folded by characters, the only cut ever made.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text

_STOP = r"\s，。：；！？（）「」『』《》〈〉【】“”‘’、"
# file.xlsx!sheet!B12 (and the folders before it): one token, never broken
ADDRESS = re.compile(rf"[^{_STOP}]*?\.(?:xlsx|xlsm|xls|csv|ods|et)(?:![^{_STOP}!]+)*", re.IGNORECASE)
# a moment, 2026-11-30 23:59, stays on one line too
_KEPT = re.compile(rf"\d{{4}}-\d\d-\d\d \d\d:\d\d(?::\d\d)?|{ADDRESS.pattern}", re.IGNORECASE)
_OPEN = set("（「『《〈【〔“‘")
_CLOSE = set("，。、：；！？）」』》〉】〕”’…")

Span = tuple[str, Any]  # (text, a rich style or ""); WHOLE in the style's place: one token (see :func:`whole`)


@dataclass(frozen=True)
class Whole:
    """A span never broken (an address in its own line): folded by characters only if no line can hold it."""

    style: Any


@functools.lru_cache(maxsize=64)
def _kept(files: tuple[str, ...]) -> re.Pattern[str]:
    """Tokens kept whole: the office's workbooks' addresses (their names may hold spaces), then any address and
    any moment."""
    named = "|".join(rf"{re.escape(f)}(?:![^{_STOP}!]+)*" for f in sorted(files, key=len, reverse=True) if f)
    return re.compile(f"{named}|{_KEPT.pattern}" if named else _KEPT.pattern, re.IGNORECASE)


@dataclass
class _Atom:
    text: str
    style: Any
    kind: str  # word (no break inside), wide (one CJK character), open, close, space


def _atoms(text: str, style: Any, files: tuple[str, ...]) -> list[_Atom]:
    if isinstance(style, Whole):
        return [_Atom(text, style.style, "word")]
    out: list[_Atom] = []
    i = 0
    addresses = [(m.start(), m.end()) for m in _kept(files).finditer(text) if m.end() > m.start()]
    while i < len(text):
        if addresses and addresses[0][0] == i:
            end = addresses.pop(0)[1]
            out.append(_Atom(text[i:end], style, "word"))
            i = end
            continue
        stop = addresses[0][0] if addresses else len(text)
        ch = text[i]
        if ch.isspace():
            j = i
            while j < stop and text[j].isspace():
                j += 1
            out.append(_Atom(text[i:j], style, "space"))
            i = j
        elif ch in _OPEN or ch in _CLOSE or cell_len(ch) > 1:
            out.append(_Atom(ch, style, "open" if ch in _OPEN else "close" if ch in _CLOSE else "wide"))
            i += 1
        else:
            j = i
            while (j < stop and not text[j].isspace() and text[j] not in _OPEN and text[j] not in _CLOSE
                   and cell_len(text[j]) <= 1):
                j += 1
            out.append(_Atom(text[i:j], style, "word"))
            i = j
    return out


def _chunks(spans: Sequence[Span], files: tuple[str, ...]) -> list[tuple[str, list[_Atom]]]:
    """Runs that stay on one line, each with the space that stood before it."""
    chunks: list[tuple[str, list[_Atom]]] = []
    spaced = ""
    prev: _Atom | None = None
    for text, style in spans:
        for atom in _atoms(text, style, files):
            if atom.kind == "space":
                spaced = atom.text.replace("\n", " ")
                prev = None
                continue
            breaks = prev is not None and (atom.kind in ("wide", "open") or prev.kind in ("wide", "close")) \
                and atom.kind != "close" and prev.kind != "open"
            if not chunks or spaced or breaks:
                chunks.append((spaced if chunks else "", [atom]))
            else:
                chunks[-1][1].append(atom)
            spaced = ""
            prev = atom
    return chunks


def wrap(spans: Sequence[Span], width: int, indent: int = 0, hang: int | None = None,
         files: Sequence[str] = ()) -> list[Text]:
    """The spans as lines no wider than ``width`` cells: the first indented by ``indent``, the rest by ``hang``;
    an address into one of ``files`` (the office's workbooks) is kept whole even where its name has spaces."""
    hang = indent if hang is None else hang
    width = max(width, 1)
    indent, hang = min(indent, width // 2), min(hang, width // 2)
    lines: list[Text] = []
    line = Text(" " * indent)
    used = indent

    def new_line() -> None:
        nonlocal line, used
        lines.append(line)
        line = Text(" " * hang)
        used = hang

    for spaced, atoms in _chunks(spans, tuple(files)):
        size = sum(cell_len(a.text) for a in atoms)
        start = indent if not lines else hang
        gap = cell_len(spaced) if used > start else 0
        if used + gap + size > width and used > start:
            new_line()
            gap = 0
        if used + gap + size <= width:
            if gap:
                line.append(spaced)
            for a in atoms:
                line.append(a.text, style=a.style)
            used += gap + size
            continue
        for a in atoms:  # wider than any line: folded by characters, the one cut ever made
            for ch in a.text:
                w = cell_len(ch)
                if used + w > width and used > (indent if not lines else hang):
                    new_line()
                line.append(ch, style=a.style)
                used += w
    lines.append(line)
    return lines
