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
    from registers.core.spec import KIND_BY_KEY, RECEIPTS, SCHEDULE, UNITS, to_traditional
    from registers.i18n import register_name

    out: list[str] = []
    source = mo.collection.source if mo.collection is not None else "receipts"
    if mo.as_of < datetime.combine(mo.period.end, datetime.max.time()).replace(microsecond=0, second=0):
        out.append(word("in_progress", lang, as_of=f"{mo.as_of:%Y-%m-%d %H:%M}"))
    for key in mo.missing:
        kind = KIND_BY_KEY[key]
        name = register_name(kind.register, lang)
        sheet = {"en": kind.title_en, "zh-Hant": to_traditional(kind.title)}.get(lang, kind.title)
        text = name if sheet == name else f"{name} · {sheet}"
        # where a fee roll gives arrears and the rate, what a missing register takes away is not the same
        by_roll = source != "receipts" and key in (RECEIPTS, SCHEDULE, UNITS)
        effect = f"effect:{key}.roll" if by_roll else f"effect:{key}"
        out.append(word("monthly.missing", lang, name=text, effect=word(effect, lang)))
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
    out.extend(source_notes(mo, lang))
    return out


SHOWN_UNITS = 5  # units named in the note of disagreements between the roll and the receipts


def source_notes(mo: Monthly, lang: str) -> list[str]:
    """Where arrears and 收缴率 came from, and the units the receipts read otherwise — said only where the
    office keeps a fee roll (an office with receipts only reads as it always has)."""
    c = mo.collection
    if c is None or c.source == "receipts":
        return []
    out = [word("fee_source", lang, source=word(f"fee_source:{c.source}", lang))]
    if c.disagree:
        sep = ", " if lang == "en" else "、"
        units = sep.join(c.disagree[:SHOWN_UNITS])
        if len(c.disagree) > SHOWN_UNITS:
            units = word("fee_disagree_more", lang, units=units)
        out.append(word("fee_disagree", lang, n=len(c.disagree), units=units))
    return out
