"""Frame helpers every layer above may use: empty values, text compared the way clerks mean it, values for messages.

Rules are computed on whole columns; these keep the few readings every register
needs (what counts as empty, ids and names compared without spaces, how an
empty value shows in a message) in one place, below the office that reads the
frames and the rules that judge them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from registers.core.values.text import NOTHING

NONE_SHOWN = "—"  # an empty value in a message, the same in every language


# Moments are typed to the minute (``--as-of "2026-11-30 23:59"``): a day counts as over
# once as_of reaches its last minute, 23:59.
LAST_MINUTE = pd.Timedelta(days=1) - pd.Timedelta(minutes=1)


# Python's ``\s`` for text (what str.isspace() calls space), written for Arrow's regular expressions.
_SPACES = "[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"


def arrow_text(values: pd.Series) -> pa.Array:
    """A text column as one Arrow string array, nulls kept (a frame concatenated from several sheets holds
    chunks)."""
    text = pa.array(values.astype("string").array)
    return text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text


def no_spaces(values: pd.Series) -> pd.Series:
    """Text with every space removed (as ``re.sub(r"\\s+", "", v)``), computed by Arrow on the whole column.

    A column of few distinct texts (names, categories) is rewritten per distinct text."""
    text = arrow_text(values)
    if len(text) >= _FEW_DISTINCT_FROM and pc.count_distinct(text.slice(0, 1000)).as_py() <= 100:
        enc = pc.dictionary_encode(text)
        out = pc.replace_substring_regex(enc.dictionary, _SPACES, "").take(enc.indices)
    else:
        out = pc.replace_substring_regex(text, _SPACES, "")
    return pd.Series(pd.array(out, dtype="string"), index=values.index, name=values.name)


_FEW_DISTINCT_FROM = 1000  # rows from which a column is dictionary-encoded first (no_spaces)


def isin_text(values: pd.Series, pool: pd.Series) -> pd.Series:
    """Whether each text of ``values`` is one of ``pool``'s (False when empty), by Arrow's hash set."""
    found = pc.is_in(pa.array(values.astype("string").array), value_set=pa.array(pool.dropna().astype("string").array))
    return pd.Series(pc.fill_null(found, False).to_numpy(zero_copy_only=False), index=values.index, dtype=bool)


def id_key(values: pd.Series) -> pd.Series:
    """Ids compared the way clerks mean them: upper case, no spaces (``ts 2026 01`` = ``TS202601``)."""
    return no_spaces(values.astype("string").str.upper())


def shown(v: Any) -> Any:
    """A frame value for a message: a datetime, or ``—`` when empty."""
    m = moment(v)
    return NONE_SHOWN if m is None else m


def shown_text(v: Any) -> str:
    """A text cell for a message, or ``—`` when empty."""
    return v if isinstance(v, str) and v else NONE_SHOWN


def shown_day(v: Any) -> Any:
    """A frame value for a message as a calendar day, or ``—`` when empty."""
    m = moment(v)
    return NONE_SHOWN if m is None else m.date()


def is_nothing(values: pd.Series) -> pd.Series:
    """Empty, or one of the "nothing" spellings clerks use (无, /, -, —…)."""
    typed = values.astype("string").str.strip().str.lower()
    return (values.isna() | typed.isin(NOTHING)).fillna(True).astype(bool)


def moment(v: Any) -> datetime | None:
    """A frame value as a plain datetime for a message (``None`` for NaT)."""
    return None if is_missing(v) else pd.Timestamp(v).to_pydatetime()


def aggregate(groups: Any, **named: tuple[str, str]) -> pd.DataFrame:
    """``groups.agg(name=(column, function), …)`` (pandas' named aggregation) for the plain functions
    (``sum``, ``any``, ``all``, ``first``, ``size``…), one column at a time: the same frame for half the
    time — named aggregation's own bookkeeping is most of its cost on a few thousand groups."""
    return pd.DataFrame({name: getattr(groups[column], how)() for name, (column, how) in named.items()})


def person_key(names: pd.Series) -> pd.Series:
    """A person's name compared without any spaces (``王 芳`` = ``王芳``)."""
    return no_spaces(names)


def is_missing(v: Any) -> bool:
    """A frame value that holds nothing (None, NaN, NaT, pd.NA)."""
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def text_of(v: Any) -> str:
    """A frame value as trimmed text; "" for a value that holds nothing."""
    return "" if is_missing(v) else str(v).strip()
