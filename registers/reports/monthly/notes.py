"""What the reader of a monthly report must know before trusting its figures (missing registers, unreadable
rows, a month still in progress): the statement sheet, the HTML page and the command line's summary all
say them, so they are worded once here.
"""

from __future__ import annotations

from datetime import datetime

from registers.i18n import word
from registers.reports.monthly.model import Monthly


def notes(mo: Monthly, lang: str) -> list[str]:
    """What the reader must know before trusting the figures: missing registers, unreadable rows."""
    from registers.core.spec import KIND_BY_KEY, to_traditional
    from registers.i18n import register_name

    out: list[str] = []
    if mo.as_of < datetime.combine(mo.period.end, datetime.max.time()).replace(microsecond=0, second=0):
        out.append(word("in_progress", lang, as_of=f"{mo.as_of:%Y-%m-%d %H:%M}"))
    for key in mo.missing:
        kind = KIND_BY_KEY[key]
        name = register_name(kind.register, lang)
        sheet = {"en": kind.title_en, "zh-Hant": to_traditional(kind.title)}.get(lang, kind.title)
        text = name if sheet == name else f"{name} · {sheet}"
        out.append(word("monthly.missing", lang, name=text, effect=word(f"effect:{key}", lang)))
    for file in mo.unreadable_files:
        out.append(word("unreadable_file", lang, file=file))
    if mo.unplaced:
        out.append(word("unplaced", lang, n=mo.unplaced))
    if mo.unreadable_amounts:
        out.append(word("unreadable_amounts", lang, n=mo.unreadable_amounts))
    if mo.unknown_method:
        out.append(word("unknown_method", lang, n=mo.unknown_method))
    if mo.before_books is not None:
        out.append(word("before_books", lang, start=f"{mo.before_books:%Y-%m}"))
    return out
