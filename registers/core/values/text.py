"""What every reader shares, and the readers of plain text: the :data:`BAD` marker, the reading
:class:`Context`, what counts as nothing, text, ids and yes/no.

Every other reader module builds on these: a cell is cleaned (:func:`clean_text`) and judged
empty (:func:`is_nothing`) the same way whatever its kind.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from registers.core.spec import normalise_choice


class Bad:
    """Marker for a value that cannot be read as its type."""

    _instance: Bad | None = None

    def __new__(cls) -> Bad:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "BAD"

    def __bool__(self) -> bool:
        return False


BAD: Final = Bad()


@dataclass(frozen=True)
class Context:
    """What a reader may need beyond the cell: the year/month the sheet is about."""

    year: int | None = None
    month: int | None = None


NOTHING = frozenset(
    {"", "无", "無", "没有", "沒有", "暂无", "暫無", "/", "-", "—", "——", "--", "－", "n/a", "na", "none", "nil", "空"}
)


def clean_text(v: Any) -> str:
    """Cell → stripped text after NFKC (full-width digits and letters become ASCII)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        if math.isfinite(v) and v == int(v) and abs(v) < 1e16:
            return str(int(v))
        return repr(v)
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M") if (v.hour or v.minute or v.second) else v.strftime("%Y-%m-%d")
    s = unicodedata.normalize("NFKC", str(v))
    s = s.replace("\u200b", "").replace("\ufeff", "").replace("\x00", "")
    return s.strip()


def is_nothing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return clean_text(v).lower() in NOTHING
    return False


def is_empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and clean_text(v) == "")


def _as_typed(v: Any) -> str:
    """Free text as the clerk typed it (full-width punctuation kept); numbers and dates as text."""
    if isinstance(v, str):
        return v.replace("\u200b", "").replace("\ufeff", "").replace("\x00", "").strip()
    return clean_text(v)


def read_text(v: Any, ctx: Context) -> str | None:
    return _as_typed(v) or None


def read_remark(v: Any, ctx: Context) -> str | None:
    """Free text where 无, /, - and friends mean "nothing"."""
    s = _as_typed(v)
    return None if clean_text(s).lower() in NOTHING else s


def read_id(v: Any, ctx: Context) -> str | None:
    s = clean_text(v)
    return re.sub(r"\s+", "", s) or None


_ID_SPLIT = re.compile(r"[、,，;；/]+")


def read_ids(v: Any, ctx: Context) -> tuple[str, ...] | None:
    """Several ids in one cell: ``NO.001、NO.002``, ``NO.001 NO.002``; ``NO. 001`` stays one id."""
    s = clean_text(v)
    if s.lower() in NOTHING:
        return None
    ids: list[str] = []
    for part in _ID_SPLIT.split(s):
        pending = ""
        for token in part.split():
            # a token without digits is a prefix typed apart from its number (NO. 0011987)
            if not re.search(r"\d", token):
                pending += token
                continue
            ids.append(pending + token)
            pending = ""
        if pending:
            ids.append(pending)
    return tuple(ids) or None


_YES = frozenset({"是", "y", "yes", "true", "√", "✓", "✔", "有", "1", "已报", "已上报", "已", "对", "ok", "t"})
_NO = frozenset({"否", "n", "no", "false", "×", "✗", "✘", "x", "无", "没有", "0", "未报", "未上报", "未", "f"})


def read_bool(v: Any, ctx: Context) -> bool | Bad | None:
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if v == 1:
            return True
        if v == 0:
            return False
        return BAD
    s = clean_text(v).lower()
    if s == "":
        return None
    s = normalise_choice(s)
    if s in _YES:
        return True
    if s in _NO:
        return False
    return BAD


def read_flag_or_text(v: Any, ctx: Context) -> bool | None:
    """Yes/no, or a description (which means yes): ``涉及改动`` = ``拆除非承重墙`` → True."""
    b = read_bool(v, ctx)
    if b is not BAD:
        return b  # type: ignore[return-value]
    return True


_UNSIGNED = frozenset({"×", "✗", "否", "未签", "未签字", "no", "n", "x", "无"})


def read_signature(v: Any, ctx: Context) -> bool | None:
    """A name, √ or 已签 is a signature; ``None`` when empty; False when marked unsigned."""
    if isinstance(v, bool):
        return v
    s = clean_text(v)
    if s == "" or s in {"/", "-", "—"}:
        return None
    return normalise_choice(s) not in _UNSIGNED
