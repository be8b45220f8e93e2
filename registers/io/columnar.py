"""Read an ``.xlsx``/``.xlsm`` sheet as Arrow columns of text, every cell kept.

Big registers (a year of receipts) are read through fastexcel into Arrow, which
is several times faster than building a Python value per cell.  Every column is
read as *text* (``dtypes="string"``): fastexcel otherwise infers a column's type
from its first rows and turns a later ``待定`` in a date column into a silent
null.  As text nothing is lost — a date cell arrives as ``2026-11-03 09:30:00``,
a number as ``120.5``, a boolean as ``true`` — and :func:`untype` turns those
renderings back into the Python values the calamine reader gives, so every
value reader sees what it would have seen.

fastexcel does not report merged ranges, so they are read from the sheet's XML
(``<mergeCell ref="A1:N1"/>``) and applied to the columns here: every cell of a
merged range gets its top-left value, as :func:`registers.io.detect._fill_merged`
does for a grid of Python values.

Other formats (``.xls``, ``.ods``, ``.xlsb``) go through the calamine grid reader.
"""

from __future__ import annotations

import html
import io
import re
import struct
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import numpy as np
import pyarrow as pa

from registers.io.grid import Grid, Unreadable
from registers.io.guard.xlsx import sheet_merges

HEAD_ROWS = 32  # rows handed out as Python values: the header search looks at the first 30 (+ one below)

# How fastexcel renders a cell that is not text.
_RENDERED_MOMENT = re.compile(r"^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?$")
RENDERED_NUMBER = r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?$"
_RENDERED_NUMBER = re.compile(RENDERED_NUMBER)


def untype(s: str) -> Any:
    """The Python value the calamine reader gives for a cell fastexcel rendered as ``s``.

    ``2026-11-03 09:30:00`` → datetime, ``2026-11-03 00:00:00`` → date, ``1899-12-31 08:00:00``
    (a time of day: Excel's day 0) → time, ``120.5`` → float, ``true`` → True; anything
    else is the text itself.  A clerk's text that looks exactly like such a rendering is
    read as the typed value, which every value reader reads the same way.
    """
    first = s[:1]
    if not (first.isdecimal() or first == "-"):  # every rendered moment and number starts so (\d is Nd)
        return True if s == "true" else False if s == "false" else s
    return untype_by_patterns(s)


def untype_by_patterns(s: str) -> Any:
    """:func:`untype` as the renderings' patterns decide it, for any text (``untype`` skips them for text
    that cannot match; a property test holds the two to the same answers)."""
    m = _RENDERED_MOMENT.match(s)
    if m:
        y, mo, d, h, mi, sec = (int(g) for g in m.groups()[:6])
        micro = int((m.group(7) or "0").ljust(6, "0")[:6])
        try:
            if y == 1899 and mo == 12 and d in (30, 31):
                return time(h, mi, sec, micro)
            if not (h or mi or sec or micro):
                return date(y, mo, d)
            return datetime(y, mo, d, h, mi, sec, micro)
        except ValueError:  # no such day or time: a clerk's text, not a rendered date
            return s
    if _RENDERED_NUMBER.match(s):
        return float(s)
    if s == "true":
        return True
    if s == "false":
        return False
    return s


def is_xlsx(data: bytes) -> bool:
    """An Office Open XML spreadsheet (.xlsx/.xlsm), the format read column by column."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "xl/workbook.xml" in names and "xl/_rels/workbook.xml.rels" in names


_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')


def _attrs(raw: bytes) -> dict[str, str]:
    return {k.decode().split(":")[-1]: html.unescape(v.decode("utf-8", "replace")) for k, v in _ATTR.findall(raw)}


def _sheet_entries(zf: zipfile.ZipFile) -> list[tuple[dict[str, str], dict[str, str]]]:
    """Each ``<sheet>`` of ``xl/workbook.xml`` in order: its attributes and those of its relationship
    (empty when the relationship is missing)."""
    rels = {a.get("Id", ""): a for a in map(_attrs, _REL_TAG.findall(zf.read("xl/_rels/workbook.xml.rels")))}
    return [(a, rels.get(a.get("id", ""), {})) for a in map(_attrs, _SHEET_TAG.findall(zf.read("xl/workbook.xml")))]


def text_buffers(text: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A string array's value bounds (``bounds[i]:bounds[i + 1]`` are value i's bytes, int64) and its
    bytes (uint8), as views of its Arrow buffers: for readings done on the bytes with numpy."""
    wide = pa.types.is_large_string(text.type)
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64 if wide else np.int32)
    bounds = offsets[text.offset:text.offset + len(text) + 1].astype(np.int64)
    data = text.buffers()[2]
    return bounds, np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)


@dataclass(frozen=True)
class SheetPart:
    """A worksheet's part in the package, its unpacked size, and its merged ranges (0-based
    ``((first row, first col), (last row, last col))``)."""

    part: str
    size: int
    merged: list[tuple[tuple[int, int], tuple[int, int]]]


def sheet_parts(data: bytes, merged: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] | None = None
                ) -> dict[str, SheetPart]:
    """Each worksheet's :class:`SheetPart`, by sheet name (fastexcel does not report merged ranges).

    ``merged`` are merged ranges by part name already read (by the guard); other parts are read here.
    """
    out: dict[str, SheetPart] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        for a, rel in _sheet_entries(zf):
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if part not in names or "name" not in a:
                continue
            size = zf.getinfo(part).file_size
            if merged is not None and part in merged:
                out[a["name"]] = SheetPart(part, size, merged[part])
                continue
            found: set[tuple[tuple[int, int], tuple[int, int]]] = set()
            tail = b""
            with zf.open(part) as fh:
                while chunk := fh.read(1 << 22):
                    piece = tail + chunk
                    tail = piece[-512:]
                    if b"mergeCell" in piece:
                        found |= sheet_merges(piece)
            out[a["name"]] = SheetPart(part, size, sorted(found))
    return out


def workbook_sheets(data: bytes) -> list[tuple[str, bool]]:
    """The worksheets of the .xlsx in ``data`` in the workbook's order, each ``(name, hidden)``, as the
    calamine reader lists them (chart, dialog and macro sheets left out; ``hidden`` and ``veryHidden``
    are hidden) — read from ``xl/workbook.xml`` and its relationships, so that listing the sheets
    does not parse the workbook's shared strings (which every reader of a workbook Excel saved does
    when it opens it: 0.1 s for a year of receipts)."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for a, rel in _sheet_entries(zf):
            if "name" not in a:
                continue
            kind = rel.get("Type")
            worksheet = kind.endswith("/worksheet") if kind else "worksheets/" in rel.get("Target", "")
            if worksheet:
                out.append((a["name"], a.get("state") in ("hidden", "veryHidden")))
    return out


_EOCD = struct.Struct("<4s4H2LH")  # end of central directory: signature … directory size, offset, comment
_CENTRAL = struct.Struct("<4s6H3L5H2L")  # a central directory record's fixed 46 bytes
_ZIP64 = 0xFFFFFFFF


def without_parts(data: bytes, drop: Collection[str]) -> bytes:
    """The zip in ``data`` without the members named in ``drop`` (names as :mod:`zipfile` gives them).

    The members kept are copied byte for byte — local header, stored data, data descriptor — and so
    are their central directory records, only their offsets moved: nothing is inflated or rewritten,
    so what the guard checked is what the reader gets.  Each load of a big workbook hands its reader
    only its own sheets (the reader copies the bytes it is given).  ``data`` itself comes back when
    nothing is dropped or the archive is not laid out plainly (zip64, bytes before the first member,
    a gap before the directory, records it cannot follow).
    """
    if not drop:
        return data
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - (1 << 16) - _EOCD.size))
    if at < 0 or at + _EOCD.size > len(data) or data.rfind(b"PK\x06\x07", max(0, at - 20), at) >= 0:
        return data
    _, disk, cd_disk, _, count, cd_size, cd_offset, _ = _EOCD.unpack_from(data, at)
    if disk or cd_disk or count == 0xFFFF or _ZIP64 in (cd_size, cd_offset) or cd_offset + cd_size != at:
        return data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = [i.filename for i in zf.infolist()]
    except (zipfile.BadZipFile, OSError, ValueError):
        return data
    records: list[tuple[str, int, int, int]] = []  # name, record start, record end, local header offset
    pos = cd_offset
    for name in names:
        if pos + _CENTRAL.size > at or data[pos:pos + 4] != b"PK\x01\x02":
            return data
        fields = _CENTRAL.unpack_from(data, pos)
        csize, usize, name_len, extra_len, comment_len, offset = *fields[8:13], fields[16]
        if _ZIP64 in (csize, usize, offset):
            return data
        end = pos + _CENTRAL.size + name_len + extra_len + comment_len
        records.append((name, pos, end, offset))
        pos = end
    if pos != at or len(records) != count:
        return data
    starts = sorted(r[3] for r in records)
    if not starts or starts[0] != 0 or len(set(starts)) != len(starts):
        return data
    ends = dict(zip(starts, [*starts[1:], cd_offset], strict=True))  # a member runs up to the next one
    named = {offset: name for name, _, _, offset in records}
    view = memoryview(data)
    pieces: list[memoryview | bytes] = []
    moved: dict[int, int] = {}
    size = 0
    for start in starts:
        if named[start] in drop:
            continue
        moved[start] = size
        pieces.append(view[start:ends[start]])
        size += ends[start] - start
    directory = bytearray()
    for name, begin, end, offset in records:
        if name in drop:
            continue
        record = bytearray(view[begin:end])
        struct.pack_into("<L", record, 42, moved[offset])
        directory += record
    kept = len(moved)
    pieces.append(bytes(directory))
    pieces.append(_EOCD.pack(b"PK\x05\x06", 0, 0, kept, kept, len(directory), size, 0))
    return b"".join(pieces)


def merged_ranges(data: bytes) -> dict[str, list[tuple[tuple[int, int], tuple[int, int]]]]:
    """Each worksheet's merged ranges, 0-based ``((first row, first col), (last row, last col))``, by sheet name."""
    return {name: p.merged for name, p in sheet_parts(data).items()}


def _fill_merged(columns: list[pa.Array], merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Give every empty cell of a merged range its top-left value (in place; columns touched become new arrays).

    Only the rows a range covers are turned into Python values; the rest of a column stays Arrow.
    """
    height = len(columns[0]) if columns else 0
    patches: dict[int, dict[int, Any]] = {}  # column -> row -> value
    for (r0, c0), (r1, c1) in merged:
        if r0 >= height or c0 >= len(columns) or (r1 - r0 + 1) * (c1 - c0 + 1) > 100_000:
            continue
        value = patches.get(c0, {}).get(r0, columns[c0][r0].as_py())
        last = min(r1, height - 1)
        for c in range(c0, min(c1, len(columns) - 1) + 1):
            seg = columns[c].slice(r0, last - r0 + 1).to_pylist()
            for i, v in enumerate(seg):
                if (v is None or v == "") and patches.get(c, {}).get(r0 + i) in (None, ""):
                    patches.setdefault(c, {})[r0 + i] = value
    for c, cells in patches.items():
        # only the rows down to the last one patched are rebuilt (merged ranges are titles and headers)
        last = max(cells) + 1
        head = columns[c].slice(0, last).to_pylist()
        for r, v in cells.items():
            head[r] = v
        columns[c] = pa.concat_arrays([pa.array(head, pa.string()), columns[c].slice(last)])


def iter_columnar(data: bytes, sheets: list[tuple[str, bool]], parts: dict[str, SheetPart], *,
                  max_cells: int) -> Iterator[Grid]:
    """Each of ``sheets`` (name, hidden) of the .xlsx in ``data`` as a columnar :class:`Grid`.

    ``parts`` are the workbook's :func:`sheet_parts`.

    The grid's ``columns`` hold the whole sheet (column 0 = A, row 0 = worksheet row 1) as
    Arrow text; its ``rows`` only the first :data:`HEAD_ROWS` rows, as Python values, for the
    header search.
    """
    import fastexcel  # imported here: only big .xlsx files need it

    try:
        reader = fastexcel.read_excel(data)
    except Exception as exc:
        raise Unreadable("corrupt", str(exc)[:200]) from None
    del data  # the reader keeps a copy: the caller's may go (a big workbook's bytes are tens of MB)
    for name, hidden in sheets:
        try:
            sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
            infos = sheet.selected_columns
            offset = infos[0].absolute_index if infos else 0
            declared = (sheet.total_height + 1) * (offset + sheet.width + 1)
            if declared > max_cells:
                raise Unreadable("too-many-cells", f"{name}: {declared:,}")
            batch = sheet.to_arrow()
        except Unreadable:
            raise
        except Exception as exc:
            raise Unreadable("corrupt", f"{name}: {str(exc)[:200]}") from None
        # the reader's grid of the sheet (several times the Arrow columns' size) goes before the sheet is
        # handed on to be searched and normalised, not when the next sheet replaces it
        del sheet
        height = batch.num_rows
        columns: list[pa.Array] = [pa.nulls(height, pa.string())] * offset
        columns += [c.cast(pa.string()) if c.type != pa.string() else c for c in batch.columns]
        del batch
        merged = parts[name].merged if name in parts else []
        _fill_merged(columns, merged)
        head = [c.slice(0, HEAD_ROWS).to_pylist() for c in columns]
        rows = [[untype(v) if v is not None else "" for v in row] for row in zip(*head, strict=True)]
        yield Grid(sheet=name, rows=rows, merged=merged, hidden=hidden, columns=columns)
