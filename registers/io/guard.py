"""Refuse a workbook that would exhaust the computer, before any parser sees its bytes.

The cell readers (calamine, and fastexcel on top of it) allocate a dense grid
from the first to the last cell of a sheet, reserve vectors from counts that
the file declares, and stream zip members as far as they inflate.  A 1 KB
workbook with one cell in ``A1`` and one in ``XFD1048576`` therefore asks for
half a terabyte, and the process is killed by the allocator — no exception to
catch.  So every workbook's bytes pass :func:`check_workbook` first:

* a zip (``.xlsx .xlsm .xlsb .ods``): the central directory — member count,
  duplicate or overlapping members, the declared unpacked size in total and
  per member, the compression ratio of each member — and then every part a
  reader will parse is inflated in bounded chunks (never all at once), its
  real size checked against the declared one, and each worksheet's cell
  references scanned for the sheet's true extent (the ``<dimension>`` a sheet
  declares is read too, but the readers go by the cells, so the cells decide);
* an OLE file (``.xls``): the compound-file header's sector counts and stream
  sizes against the file size, then the workbook stream: the shared-string
  count, and per sheet its DIMENSIONS record (calamine reserves rows × columns
  cells from it before reading one), its cell records and merged ranges.

The scan of a worksheet's XML costs about 1 ms per megabyte (a first pass that
looks, with RE2, only for a reference beyond a generous bound); a sheet that
pass cannot clear is read a second time, exactly, at about 10 ms per megabyte.

An absurd workbook raises :class:`~registers.io.grid.Unreadable` with reason
``zip-bomb``, ``too-many-cells`` or ``corrupt``; the loader makes that one
``input.unreadable`` finding.  The limits are office settings
(:class:`InputLimits.of`).  The guard's own memory is a few chunk buffers.
"""

from __future__ import annotations

import functools
import itertools
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from registers.io.discover import sniff
from registers.io.grid import Unreadable

if TYPE_CHECKING:
    from registers.core.settings import Settings

try:  # Intel's ISA-L inflates and checksums about 2.5 times as fast as zlib; the same streams, the same verdicts
    from isal import isal_zlib as inflater
except ImportError:  # a platform without its wheels
    inflater = zlib  # type: ignore[misc]

MB = 1 << 20
CHUNK = 1 << 20  # what zipfile is asked for at a time (members it reads itself)
# Members read straight from the archive: compressed bytes fed to zlib at a time, and bytes it
# gives back at most per call (one release of the GIL per block).
FEED = 1 << 20
BLOCK = 8 << 20
# A zip part this small may compress as well as it likes: it cannot hurt.
RATIO_GRACE = 10 * MB
# No spreadsheet has this many parts; an archive of tiny members is a bomb of another kind.
MAX_MEMBERS = 10_000
# A single XML tag longer than this is not a spreadsheet's (and would defeat the chunked scan).
MAX_TAG = 8 * MB
# Excel's own sheet limits; a cell reference beyond them is corrupt or hostile.
EXCEL_ROWS = 1_048_576
EXCEL_COLS = 16_384


@dataclass(frozen=True)
class InputLimits:
    """What a workbook may ask of the computer before it is refused."""

    max_file_bytes: int = 200 * MB
    max_cells: int = 20_000_000
    max_unzipped_bytes: int = 2000 * MB
    max_compression_ratio: float = 100.0
    max_members: int = MAX_MEMBERS

    @classmethod
    def of(cls, settings: Settings) -> InputLimits:
        return cls(
            max_file_bytes=settings.max_file_mb * MB,
            max_cells=settings.max_cells,
            max_unzipped_bytes=settings.max_unzipped_mb * MB,
            max_compression_ratio=float(settings.max_compression_ratio),
        )


MergedRanges = list[tuple[tuple[int, int], tuple[int, int]]]


def check_workbook(data: bytes, limits: InputLimits) -> dict[str, MergedRanges]:
    """Raise :class:`Unreadable` when the workbook in ``data`` is absurd; return quietly otherwise.

    Formats it does not know (or that are not spreadsheets) pass: the reader refuses those itself.
    What it returns is what it saw on the way: the merged ranges of each worksheet part of a zip
    (0-based ``((first row, first col), (last row, last col))``, by part name), so that the readers
    need not inflate the sheets again for them.
    """
    if len(data) > limits.max_file_bytes:
        raise Unreadable("too-large", f"{len(data) // MB} MB")
    kind = sniff(data[:8192])
    merged: dict[str, MergedRanges] = {}
    if kind == "zip":
        _check_zip(data, limits, merged)
    elif kind == "ole":
        _check_ole(data, limits)
    return merged


# ---------------------------------------------------------------------------------------------- extents


class _Extent:
    """The grid a reader will allocate for one sheet: from A1 to the furthest row and column."""

    def __init__(self, where: str, limits: InputLimits) -> None:
        self.where = where
        self.max_cells = limits.max_cells
        self.rows = 0  # 1-based furthest row
        self.cols = 0  # 1-based furthest column

    def grow(self, rows: int, cols: int) -> None:
        self.rows = max(self.rows, rows)
        self.cols = max(self.cols, cols)
        if self.rows * self.cols > self.max_cells:
            raise Unreadable(
                "too-many-cells",
                f"{self.where}: {self.rows:,} × {self.cols:,} = {self.rows * self.cols:,}",
            )


def col_number(letters: bytes) -> int:
    """``b"A"`` → 1, ``b"XFD"`` → 16384 (lower case counted as upper)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


def _furthest(numbers: list[bytes]) -> int:
    """The largest of decimal digit strings (no leading zeros) without converting them all."""
    top = max(numbers)  # the largest as text; as a number too when no string is longer
    longest = max(map(len, numbers))
    if len(top) == longest:
        return int(top)
    return int(max(n for n in numbers if len(n) == longest))


# ------------------------------------------------------------------------------------------------- zip


_REL_TARGET = re.compile(rb"<(?:\w+:)?Relationship\b[^<>]*>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_SHEET_DIRS = ("worksheets/", "macrosheets/", "dialogsheets/")


class _Archive(BytesIO):
    """A workbook's bytes as zipfile reads them, and as they are: deflated and stored members are
    inflated straight from ``raw`` (:func:`_stored_bytes`).  (``BytesIO.getbuffer`` would copy them.)"""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.raw = memoryview(data)


def open_archive(data: bytes) -> zipfile.ZipFile:
    """``data`` opened as the guard opens a workbook."""
    return zipfile.ZipFile(_Archive(data))


def _check_zip(data: bytes, limits: InputLimits, merged: dict[str, MergedRanges]) -> None:
    try:
        zf = open_archive(data)
        infos = zf.infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError (a version from the future), struct.error, …
        raise Unreadable("corrupt", f"zip: {str(exc)[:150]}") from None
    if len(infos) > limits.max_members:
        raise Unreadable("zip-bomb", f"{len(infos):,} parts")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise Unreadable("corrupt", f"zip: part {dup!r} appears twice")
    _check_layout(data, infos)
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_bytes:
        raise Unreadable("zip-bomb", f"unpacks to {total // MB:,} MB")
    for i in infos:
        if i.file_size > RATIO_GRACE and i.file_size > limits.max_compression_ratio * max(i.compress_size, 1):
            ratio = i.file_size / max(i.compress_size, 1)
            raise Unreadable("zip-bomb", f"{i.filename}: {i.compress_size:,} bytes unpack to "
                                         f"{i.file_size // MB:,} MB (×{ratio:,.0f})")
    sheets = _sheet_parts(zf, names)
    budget = [limits.max_unzipped_bytes]
    for info in infos:
        name = info.filename
        lower = name.lower()
        if not lower.endswith((".xml", ".rels", ".bin")) or "embeddings/" in lower or "media/" in lower \
                or "printersettings/" in lower or lower.endswith("vbaproject.bin"):
            continue  # parts no cell reader opens
        if name in sheets:
            if lower.endswith(".bin"):
                _scan_xlsb_sheet(_inflate(zf, info, budget), name, limits)
            else:
                merged[name] = _scan_sheet_xml(_reopener(zf, info, budget), name, limits)
        elif lower == "content.xml":
            _scan_ods_content(_inflate(zf, info, budget), limits)
        elif lower.endswith("sharedstrings.xml"):
            _scan_shared_strings(_inflate(zf, info, budget), name, info.file_size, limits)
        else:
            for _ in _inflate(zf, info, budget):
                pass  # inflated to check its real size and CRC against the declared ones


def _check_layout(data: bytes, infos: list[zipfile.ZipInfo]) -> None:
    """Members must not overlap (the 'overlapping files' zip bomb reuses one deflate stream many times)."""
    spans = []
    for i in infos:
        start = i.header_offset
        local = _local_header(data, i)
        if local is None:
            raise Unreadable("corrupt", f"zip: part {i.filename!r} has no local header")
        end = local[1] + i.compress_size
        if end > len(data):
            raise Unreadable("corrupt", f"zip: part {i.filename!r} runs past the end of the file")
        spans.append((start, end, i.filename))
    spans.sort()
    for (_, end, name), (start, _, other) in itertools.pairwise(spans):
        if start < end:
            raise Unreadable("zip-bomb", f"parts {name!r} and {other!r} overlap")


def _local_header(data: bytes | memoryview, info: zipfile.ZipInfo) -> tuple[bytes, int] | None:
    """The member's name as its local header writes it, and where its stored bytes begin; None when
    there is no local header where the directory says."""
    start = info.header_offset
    head = bytes(data[start:start + 30])
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        return None
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    return bytes(data[start + 30:start + 30 + name_len]), start + 30 + name_len + extra_len


def _sheet_parts(zf: zipfile.ZipFile, names: list[str]) -> set[str]:
    """The parts a reader may parse as a sheet: under worksheets/… or named as one by the workbook's rels."""
    found = {n for n in names if any(d in n.lower() for d in _SHEET_DIRS) and "binaryindex" not in n.lower()}
    present = set(names)
    for rels in names:
        if not rels.lower().endswith("workbook.xml.rels") and not rels.lower().endswith("workbook.bin.rels"):
            continue
        info = zf.getinfo(rels)
        if info.file_size > 16 * MB:
            raise Unreadable("corrupt", f"{rels}: {info.file_size // MB} MB of relationships")
        text = b"".join(_inflate(zf, info, [16 * MB]))
        base = rels.rsplit("_rels/", 1)[0]
        for tag in _REL_TARGET.findall(text):
            attrs = dict(_ATTR.findall(tag))
            typ, target = attrs.get(b"Type", b""), attrs.get(b"Target", b"")
            if not typ.lower().endswith(b"sheet") or not target:
                continue
            t = target.decode("utf-8", "replace")
            candidates = {t.lstrip("/"), base + t}
            found |= candidates & present
    return found


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> Iterator[bytes]:
    """The member's bytes in chunks; its real size must match the declared one and stay in the budget."""
    stored = _stored_bytes(zf, info)
    chunks = _inflate_stored(stored, info) if stored is not None else _inflate_zipfile(zf, info)
    got = 0
    try:
        for chunk in chunks:
            got += len(chunk)
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise Unreadable("zip-bomb", f"{info.filename}: unpacks beyond max_unzipped_mb")
            yield chunk
    except Unreadable:
        raise
    except Exception as exc:
        # zipfile stops at the declared size and then checks the CRC: a part that says it is small and
        # inflates to more lands here (BadZipFile), as do encrypted parts (RuntimeError), compression
        # methods no reader supports (NotImplementedError) and broken deflate streams (zlib.error).
        raise Unreadable("corrupt", f"{info.filename}: {str(exc)[:120]}") from None
    if got != info.file_size:
        raise Unreadable("corrupt", f"{info.filename}: {got:,} bytes, not the {info.file_size:,} declared")


def _reopener(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> Callable[[], Iterator[bytes]]:
    """Open the member afresh on each call; the first reading counts against the budget, a second
    (the exact pass over a sheet) re-reads bytes already counted."""
    budgets = iter([budget, [info.file_size]])

    def reopen() -> Iterator[bytes]:
        return _inflate(zf, info, next(budgets))

    return reopen


def _inflate_zipfile(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    with zf.open(info) as fh:
        while chunk := fh.read(CHUNK):
            yield chunk


def _stored_bytes(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> memoryview | None:
    """The member's bytes as stored in the archive (a view, not a copy) when it is deflated or stored
    and not encrypted — what spreadsheet writers make; None for anything else, which zipfile reads.

    The local header must name the member as the directory does (zipfile's own check); the layout
    check (:func:`_check_layout`) has made sure the header and the bytes lie inside the file.
    """
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return None
    if not isinstance(zf.fp, _Archive):
        return None
    data = zf.fp.raw
    local = _local_header(data, info)
    if local is None:
        return None
    raw_name, begin = local
    try:
        name = raw_name.decode("utf-8" if info.flag_bits & 0x800 else "cp437")
    except UnicodeDecodeError:
        return None
    if name != info.orig_filename:
        return None
    if begin + info.compress_size > len(data):
        return None
    return data[begin:begin + info.compress_size]


def _inflate_stored(stored: memoryview, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """Inflate ``stored`` (raw deflate, or stored as is) in blocks of :data:`BLOCK`, checking the CRC.

    Each block is one call into zlib, which releases the GIL for all of it: the guard of one
    workbook then runs beside the parsing of another instead of queueing for the GIL (zipfile's
    reader takes it back every few kilobytes).  It stops one byte past the declared size: a
    member that inflates to more is corrupt (:func:`_inflate` compares the sizes).
    """
    crc = 0
    if info.compress_type == zipfile.ZIP_STORED:
        for i in range(0, len(stored), BLOCK):
            chunk = bytes(stored[i:i + BLOCK])
            crc = inflater.crc32(chunk, crc)
            yield chunk
    else:
        d = inflater.decompressobj(-zlib.MAX_WBITS)
        left = info.file_size + 1
        for i in range(0, len(stored), FEED):
            data: bytes | memoryview = stored[i:i + FEED]
            while data and left > 0 and not d.eof:
                chunk = d.decompress(data, min(BLOCK, left))
                data = d.unconsumed_tail
                if chunk:
                    left -= len(chunk)
                    crc = inflater.crc32(chunk, crc)
                    yield chunk
            if left <= 0 or d.eof:
                break
        if left > 0 and not d.eof:
            raise Unreadable("corrupt", f"{info.filename}: the compressed data ends early")
        if left <= 0:
            return  # more than declared: _inflate reports the sizes
    if crc != info.CRC:
        raise Unreadable("corrupt", f"{info.filename}: bad CRC-32")


def _tags(chunks: Iterator[bytes], where: str) -> Iterator[bytes]:
    """Re-cut a byte stream so no XML tag straddles two pieces (each piece ends before an unclosed ``<``)."""
    tail = b""
    for chunk in chunks:
        buf = tail + chunk if tail else chunk
        cut = buf.rfind(b"<")
        if cut >= 0 and buf.find(b">", cut) < 0:
            piece, tail = buf[:cut], buf[cut:]
            if len(tail) > MAX_TAG:
                raise Unreadable("corrupt", f"{where}: a tag longer than {MAX_TAG // MB} MB")
        else:
            piece, tail = buf, b""
        if piece:
            yield piece
    if tail:
        yield tail


# Cell references (r="B17" on <c>) in every form XML allows: either quote, blanks around "=".  Leading
# zeros are skipped so that digit strings compare by length.  (Other attributes whose names end in
# "r" and whose values look like references only make the bound larger, never smaller.)
_REF_ROW = re.compile(rb"""r\s*=\s*["'][A-Za-z]+0*([0-9]+)["']""")
# Every pattern that spans a tag stops at "<" as well as ">": text that lost its ">" then costs one scan
# to the next tag, not one to the end of the piece per match.
# A reference not followed, within its tag, by "/>": a cell that may hold a value.  The look-ahead
# stops at the tag's end and at 256 bytes (a cell's other attributes are short), so that text
# missing its ">" cannot make every reference scan the rest of the piece (found by atheris: a
# 1.5 MB sheet without brackets kept the exact pass busy for minutes); a longer tag counts as valued.
_VALUED_REF = re.compile(rb"""r\s*=\s*["']([A-Za-z]+)0*([0-9]+)["'](?![^<>]{0,256}/>)""")
_ROW_ATTR = re.compile(rb"""<(?:[\w.-]+:)?row\b[^<>]{0,1024}?\sr\s*=\s*["']0*([0-9]+)""")
_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row[\s/>]")
_DIMENSION = re.compile(rb"""<(?:[\w.-]+:)?dimension\b[^<>]*\bref\s*=\s*["']([^"']*)""")
# Merged ranges as the readers take them (upper-case references, double quotes, no "$").
SHEET_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*"([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?"')
_MERGE = re.compile(
    rb"""<(?:[\w.-]+:)?mergeCell\b[^<>]*\bref\s*=\s*["']\$?([A-Za-z]+)\$?([0-9]+)(?::\$?([A-Za-z]+)\$?([0-9]+))?"""
)


def _scan_sheet_xml(open_part: Callable[[], Iterator[bytes]], name: str, limits: InputLimits) -> MergedRanges:
    """The extent of a worksheet from its cell references; refused when it is too big.  Returns the
    sheet's merged ranges as the readers take them (:data:`SHEET_MERGE`).

    A first, quick pass bounds the extent from above: every reference's row, any column of two or
    more letters, single-letter columns as 26.  Only a sheet it cannot clear is read again, exactly:
    then only cells that may hold a value count (a self-closing ``<c r="ZZ1048576" s="0"/>`` is a
    formatted empty cell, which the readers skip), and it stops at the first cell past the limit.
    """
    ranges: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    if not _first_pass(open_part(), name, limits, ranges):
        ranges.clear()
        _exact_pass(open_part(), name, limits, ranges)
    return sorted(ranges)


# Cell tags the first pass cannot judge (RE2 has no look-ahead: "<c " not followed by 'r="'), and
# prefixed cell tags.
_UNUSUAL_CELL_RE2 = (r"""<c(?:[\t\r\n/>]| [^r]| r[^=]| r=[^"]| $| r$| r=$)""", r""":c[\s/>]""")
# The tiers of the first pass: a sheet is surely small enough when all its references stay within the
# columns of one tier and below that tier's row bound (the rows ``max_cells`` allows at that width).
_TIER_COLS = (26, 702)  # columns of one letter (A-Z); of at most two (A-ZZ)
_BATCH = 8 * MB  # pieces searched together (bounds the pass's own memory)


def at_least(n: int) -> str:
    """A regular expression for a decimal number without leading zeros that is ≥ ``n`` (n ≥ 1)."""
    digits = str(n)
    k = len(digits)
    alts = [f"[1-9][0-9]{{{k},}}", digits]
    for i, d in enumerate(digits):
        if d != "9":
            alts.append(f"{digits[:i]}[{int(d) + 1}-9][0-9]{{{k - i - 1}}}")
    return "(?:" + "|".join(alts) + ")"


@functools.lru_cache(maxsize=64)
def _tier_pattern(cols: int, max_cells: int) -> str:
    """A reference outside the tier: a column beyond ``cols`` or a row beyond ``max_cells // cols``."""
    letters = 1 if cols == 26 else 2
    wider = f"[A-Za-z]{{{letters + 1},}}0*[0-9]+"
    longer = f"[A-Za-z]+0*{at_least(max_cells // cols + 1)}"
    return r"""r\s*=\s*["'](?:""" + wider + "|" + longer + r""")["']"""


@functools.lru_cache(maxsize=16)
def _anything_beyond(max_cells: int) -> str:
    """A reference outside some tier (one search for all: they start alike)."""
    return "|".join(_tier_pattern(cols, max_cells) for cols in _TIER_COLS)


def _binary_array(pieces: list[bytes]) -> pa.Array:
    """``pieces`` as an Arrow binary array; one piece (the usual batch: a block of the inflated part) is
    wrapped, not copied."""
    data = pieces[0] if len(pieces) == 1 else b"".join(pieces)
    offsets = np.zeros(len(pieces) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in pieces], out=offsets[1:])
    return pa.Array.from_buffers(pa.large_binary(), len(pieces), [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def _any_match(arr: pa.Array, pattern: str) -> bool:
    return bool(pc.any(pc.match_substring_regex(arr, pattern)).as_py())


def _first_pass(chunks: Iterator[bytes], name: str, limits: InputLimits,
                ranges: set[tuple[tuple[int, int], tuple[int, int]]]) -> bool:
    """True when the sheet is surely within the limits; False when the exact pass must decide.

    Every cell must be written ``<c r="…"`` (any other form leaves the decision to the exact pass), and
    every reference (each ``r="…"`` of letters and digits, of cells or not) must fit one tier for the
    whole sheet: one-letter columns and rows up to ``max_cells // 26``, or columns up to ZZ and rows
    up to ``max_cells // 702``.  The pieces are searched in batches with RE2 (pyarrow's regular
    expressions: linear time, about 0.5 ms per megabyte, and the GIL released, so that sheets are
    scanned while others are parsed); the declared dimension and the merged ranges are read from the
    pieces that name them.
    """
    tiers = set(range(len(_TIER_COLS)))  # the tiers every batch so far fits
    merged = 0
    batch: list[bytes] = []
    size = 0

    def fits(pieces: list[bytes]) -> bool:
        nonlocal tiers
        arr = _binary_array(pieces)
        # (separate searches: RE2 skips ahead fastest when every alternative starts with the same byte)
        if any(_any_match(arr, p) for p in _UNUSUAL_CELL_RE2):
            return False
        if not _any_match(arr, _anything_beyond(limits.max_cells)):
            return True  # the usual case: every tier still fits
        tiers = {t for t in tiers if not _any_match(arr, _tier_pattern(_TIER_COLS[t], limits.max_cells))}
        return bool(tiers)

    for piece in _tags(chunks, name):
        if b"dimension" in piece:
            _check_dimension(piece, name)
        if b"mergeCell" in piece:
            merged += _merged_cells(piece, name, limits, ranges)
            if merged > limits.max_cells:
                raise Unreadable("too-many-cells", f"{name}: merged ranges cover {merged:,} cells")
        batch.append(piece)
        size += len(piece)
        if size >= _BATCH:
            if not fits(batch):
                return False
            batch, size = [], 0
    return fits(batch) if batch else True


def _exact_pass(chunks: Iterator[bytes], name: str, limits: InputLimits,
                ranges: set[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Every reference of a cell that may hold a value.  Cells without an ``r`` attribute are placed by
    the readers after the previous one, so each may widen the sheet by a column and each row without
    ``r`` add a row."""
    extent = _Extent(name, limits)
    cells = refs = rows = row_refs = merged = 0
    for piece in _tags(chunks, name):
        refs += len(_REF_ROW.findall(piece))
        found = _VALUED_REF.findall(piece)
        if found:
            letters = {c.upper() for c, _ in found}
            longest = max(map(len, letters))
            extent.grow(_furthest([r for _, r in found]),
                        col_number(max(c for c in letters if len(c) == longest)))
        row_attrs = _ROW_ATTR.findall(piece)
        if row_attrs:
            row_refs += len(row_attrs)
            extent.grow(_furthest(row_attrs), 0)
        cells += len(_CELL_TAG.findall(piece))
        rows += len(_ROW_TAG.findall(piece))
        if b"mergeCell" in piece:
            merged += _merged_cells(piece, name, limits, ranges)
            if merged > limits.max_cells:
                raise Unreadable("too-many-cells", f"{name}: merged ranges cover {merged:,} cells")
    # the cells the readers number themselves, one after the other (in rows they may number too)
    if cells > refs:
        extent.grow(extent.rows + max(rows - row_refs, 0), extent.cols + cells - refs)
    if extent.rows > EXCEL_ROWS or extent.cols > EXCEL_COLS:
        raise Unreadable("too-many-cells", f"{name}: a cell beyond Excel's last row or column "
                                           f"({extent.rows:,} × {extent.cols:,})")


def _check_dimension(piece: bytes, name: str) -> None:
    """The ``<dimension ref="A1:XFD1048576">`` a sheet declares: absurd beyond Excel's own limits.

    Within them it is only informative — the readers size the sheet by its cells, so the cells decide.
    """
    m = _DIMENSION.search(piece)
    if not m:
        return
    ref = m.group(1).strip()
    parts = re.fullmatch(rb"\$?([A-Za-z]{1,8})\$?([0-9]{1,12})(?::\$?([A-Za-z]{1,8})\$?([0-9]{1,12}))?", ref)
    if parts is None:
        return
    cols = col_number(parts.group(3) or parts.group(1))
    rows = int(parts.group(4) or parts.group(2))
    if rows > EXCEL_ROWS or cols > EXCEL_COLS:
        raise Unreadable("too-many-cells", f"{name}: declares {ref.decode('ascii', 'replace')}")


def sheet_merges(piece: bytes, start: int = 0) -> set[tuple[tuple[int, int], tuple[int, int]]]:
    """The merged ranges in ``piece`` (from ``start``) as the readers take them (:data:`SHEET_MERGE`), 0-based
    ``((first row, first col), (last row, last col))``."""
    found = set()
    for c0, r0, c1, r1 in SHEET_MERGE.findall(piece, start):
        first = (int(r0) - 1, col_number(c0) - 1)
        found.add((first, (int(r1) - 1, col_number(c1) - 1) if c1 else first))
    return found


def _merged_cells(piece: bytes, name: str, limits: InputLimits,
                  ranges: set[tuple[tuple[int, int], tuple[int, int]]] | None = None) -> int:
    """Cells covered by the merged ranges in ``piece`` (the reader fills each from its top-left cell);
    the ranges as the readers take them are added to ``ranges``."""
    total = 0
    start = max(piece.rfind(b"<", 0, piece.find(b"mergeCell")), 0)  # the ranges come together, after the cells
    if ranges is not None:
        ranges |= sheet_merges(piece, start)
    for m in _MERGE.finditer(piece, start):
        c0, r0 = col_number(m.group(1)), int(m.group(2))
        c1, r1 = (col_number(m.group(3)), int(m.group(4))) if m.group(3) else (c0, r0)
        if max(r0, r1) > EXCEL_ROWS or max(c0, c1) > EXCEL_COLS:
            raise Unreadable("too-many-cells", f"{name}: a merged range beyond the sheet")
        total += (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)
        if total > limits.max_cells:
            raise Unreadable("too-many-cells", f"{name}: merged ranges cover {total:,} cells")
    return total


_SST = re.compile(rb'<(?:\w+:)?sst\b[^<>]*>')
_COUNT = re.compile(rb'\b(uniqueCount|count)="\s*([0-9]+)\s*"')


def _scan_shared_strings(chunks: Iterator[bytes], name: str, size: int, limits: InputLimits) -> None:
    """The readers reserve room for ``uniqueCount`` strings up front: it may not exceed what the part can hold."""
    head = True
    for chunk in chunks:
        if head:
            head = False
            m = _SST.search(chunk[:65536])
            if m:
                for key, value in _COUNT.findall(m.group(0)):
                    n = int(value)
                    if n > max(size, 1024) or n > limits.max_cells * 4:
                        raise Unreadable("too-many-cells", f"{name}: {key.decode()}={n:,}")


# ODS: rows and cells repeat by attribute; the readers expand the repeats that hold values.
_ODS_TAG = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)\b([^<>]*?)(/?)>"
)
_ODS_ROWS = re.compile(rb'table:number-rows-repeated="\s*([0-9]+)\s*"')
_ODS_COLS = re.compile(rb'table:number-columns-repeated="\s*([0-9]+)\s*"')
_ODS_SPAN_ROWS = re.compile(rb'table:number-rows-spanned="\s*([0-9]+)\s*"')
_ODS_SPAN_COLS = re.compile(rb'table:number-columns-spanned="\s*([0-9]+)\s*"')


def _scan_ods_content(chunks: Iterator[bytes], limits: InputLimits) -> None:
    """Per table: the furthest row and column that hold something, repeats counted."""
    extent: _Extent | None = None
    row = 0  # rows before the current one
    row_repeat = 1
    col = 0
    row_filled = 0  # furthest filled column in the current row
    merged = 0
    for piece in _tags(chunks, "content.xml"):
        for m in _ODS_TAG.finditer(piece):
            closing, tag, attrs, empty = m.group(1), m.group(2), m.group(3), m.group(4)
            if tag == b"table":
                if not closing:
                    extent = _Extent(f"content.xml table {_ods_name(attrs)}", limits)
                    row = 0
                continue
            if extent is None:
                continue
            if tag == b"table-row":
                if closing:
                    if row_filled:
                        extent.grow(row + row_repeat, row_filled)
                    row += row_repeat
                    continue
                row_repeat = _attr_int(_ODS_ROWS, attrs, 1)
                if row_repeat > EXCEL_ROWS:
                    raise Unreadable("too-many-cells", f"{extent.where}: a row repeated {row_repeat:,} times")
                col, row_filled = 0, 0
                if empty:
                    row += row_repeat
                continue
            if closing:
                continue
            repeat = _attr_int(_ODS_COLS, attrs, 1)
            if repeat > EXCEL_COLS:
                raise Unreadable("too-many-cells", f"{extent.where}: a cell repeated {repeat:,} times")
            col += repeat
            spans = _attr_int(_ODS_SPAN_ROWS, attrs, 1) * _attr_int(_ODS_SPAN_COLS, attrs, 1)
            if spans > 1:
                merged += spans * repeat * row_repeat
                if merged > limits.max_cells:
                    raise Unreadable("too-many-cells", f"{extent.where}: merged ranges cover {merged:,} cells")
            filled = not empty or b"value-type" in attrs or b"formula" in attrs
            if filled:
                row_filled = col


def _ods_name(attrs: bytes) -> str:
    m = re.search(rb'table:name="([^"]*)"', attrs)
    return m.group(1).decode("utf-8", "replace") if m else "?"


def _attr_int(pattern: re.Pattern[bytes], attrs: bytes, default: int) -> int:
    m = pattern.search(attrs)
    return int(m.group(1)) if m else default


def _scan_xlsb_sheet(chunks: Iterator[bytes], name: str, limits: InputLimits) -> None:
    """An .xlsb sheet: BrtRowHdr records give the row, cell records their column (read as a stream)."""
    extent = _Extent(name, limits)
    row = 0
    for typ, head in _xlsb_records(_Stream(chunks)):
        if typ == 0x0000 and len(head) >= 4:  # BrtRowHdr
            row = struct.unpack_from("<I", head)[0]
            if row > 0x0010_0000:
                return  # the readers stop at an invalid row
        elif 0x0002 <= typ <= 0x000B and len(head) >= 4:  # cell records (BrtCellBlank is skipped)
            extent.grow(row + 1, struct.unpack_from("<I", head)[0] + 1)
        elif typ == 0x0092:  # BrtEndSheetData
            return


class _Stream:
    """Bytes from a chunk iterator, read a few at a time or skipped, never all held at once."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.buf = b""
        self.pos = 0

    def _fill(self, n: int) -> None:
        while len(self.buf) - self.pos < n:
            chunk = next(self.chunks, b"")
            if not chunk:
                return
            self.buf = self.buf[self.pos:] + chunk
            self.pos = 0

    def read(self, n: int) -> bytes:
        self._fill(n)
        out = self.buf[self.pos:self.pos + n]
        self.pos += len(out)
        return out

    def skip(self, n: int) -> None:
        while n > 0:
            got = len(self.read(min(n, CHUNK)))
            if not got:
                return
            n -= got


def _xlsb_records(stream: _Stream) -> Iterator[tuple[int, bytes]]:
    """(record type, first bytes of the record) — the type and size are 7-bit varints."""
    while True:
        b = stream.read(1)
        if not b:
            return
        typ = b[0] & 0x7F
        if b[0] & 0x80:
            b2 = stream.read(1)
            if not b2:
                return
            typ |= (b2[0] & 0x7F) << 7
        size = 0
        for shift in (0, 7, 14, 21):
            b = stream.read(1)
            if not b:
                return
            size |= (b[0] & 0x7F) << shift
            if not b[0] & 0x80:
                break
        head = stream.read(min(size, 16))
        stream.skip(size - len(head))
        yield typ, head


# ------------------------------------------------------------------------------------------------- xls

_FREESECT, _ENDOFCHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_CELL_RECORDS = {0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6, 0x0201, 0x0003, 0x0004, 0x0002,
                 0x0005, 0x0001, 0x0406, 0x0206}
_MULRK, _MULBLANK, _FILEPASS, _SST_RECORD, _MERGED = 0x00BD, 0x00BE, 0x002F, 0x00FC, 0x00E5
_BOUNDSHEET, _DIMENSIONS, _EOF = 0x0085, 0x0200, 0x000A


def _check_ole(data: bytes, limits: InputLimits) -> None:
    """An .xls compound file: its header's counts against the file size, then the cells of every sheet."""
    try:
        stream = _cfb_workbook_stream(data)
    except (struct.error, IndexError, ValueError) as exc:
        raise Unreadable("corrupt", f"OLE: {str(exc)[:120]}") from None
    if stream is not None:
        _scan_biff(stream, limits)


def _cfb_workbook_stream(data: bytes) -> bytes | None:
    if len(data) < 512:
        raise Unreadable("corrupt", "OLE: shorter than its header")
    shift = struct.unpack_from("<H", data, 30)[0]
    mini_shift = struct.unpack_from("<H", data, 32)[0]
    if shift not in (9, 12) or mini_shift != 6:
        raise Unreadable("corrupt", f"OLE: sector size 2^{shift}")
    size = 1 << shift
    sectors = (len(data) - 512 + size - 1) // size  # sectors the file really has
    # the counts the reader reserves memory for before reading anything: each at most the sectors there are
    n_dir, n_fat, first_dir, _, _, first_mini_fat, n_mini_fat, first_difat, n_difat = struct.unpack_from(
        "<9I", data, 40)
    if max(n_dir, n_fat, n_difat, n_mini_fat) > sectors:
        raise Unreadable("corrupt", f"OLE: header claims {max(n_dir, n_fat, n_difat, n_mini_fat):,} sectors, "
                                    f"the file has {sectors:,}")
    # a FAT never needs more sectors than it takes to map every sector (nor a mini FAT every 64-byte block)
    per_sector = size // 4
    if n_fat > sectors // per_sector + 2 or n_mini_fat > len(data) // 64 // per_sector + 2:
        raise Unreadable("corrupt", f"OLE: {n_fat:,} FAT and {n_mini_fat:,} mini-FAT sectors for {sectors:,} sectors")

    def sector(i: int) -> bytes:
        if i >= sectors:
            raise Unreadable("corrupt", f"OLE: sector {i:,} past the end")
        off = 512 + i * size
        return data[off:off + size].ljust(size, b"\0")  # a short last sector reads as zeros

    # the FAT: 109 sector ids in the header, then the DIFAT chain
    fat_ids = [i for i in struct.unpack_from("<109I", data, 76) if i < _ENDOFCHAIN][:n_fat]
    nxt, seen = first_difat, 0
    while nxt < _ENDOFCHAIN and len(fat_ids) < n_fat:
        seen += 1
        if seen > sectors:
            raise Unreadable("corrupt", "OLE: DIFAT chain loops")
        ids = struct.unpack(f"<{size // 4}I", sector(nxt))
        fat_ids += [i for i in ids[:-1] if i < _ENDOFCHAIN]
        nxt = ids[-1]
    fat: list[int] = []
    for i in fat_ids[:n_fat]:
        fat += struct.unpack(f"<{size // 4}I", sector(i))

    def chain(start: int, limit: int) -> Iterator[int]:
        i, count = start, 0
        while i < _ENDOFCHAIN:
            count += 1
            if count > limit or i >= len(fat):
                raise Unreadable("corrupt", "OLE: a sector chain loops or leaves the file")
            yield i
            i = fat[i]

    directory = b"".join(sector(i) for i in chain(first_dir, sectors))
    entries = []
    for off in range(0, len(directory) - 127, 128):
        e = directory[off:off + 128]
        name = e[:64].decode("utf-16-le", "replace").split("\0", 1)[0]
        start, stream_size = struct.unpack_from("<IQ", e, 116)
        if shift == 9:
            stream_size &= 0xFFFFFFFF  # version 3 files keep only the low 32 bits
        entries.append((name, start, stream_size))
    if not entries:
        raise Unreadable("corrupt", "OLE: no directory")
    # the root entry's stream is the mini stream, which the reader loads whole, as it does the workbook
    root = entries[0]
    books = [e for e in entries if e[0].lower() == "workbook"] or [e for e in entries if e[0].lower() == "book"]
    for name, _, stream_size in [root, *books[:1]]:
        if stream_size > len(data) + 65536:
            raise Unreadable("corrupt", f"OLE: stream {name!r} of {stream_size:,} bytes in a {len(data):,}-byte file")
    mini = b"".join(sector(i) for i in chain(root[1], sectors)) if root[1] < _ENDOFCHAIN else b""
    mini_fat: list[int] = []
    for i in chain(first_mini_fat, sectors) if first_mini_fat < _ENDOFCHAIN else ():
        mini_fat += struct.unpack(f"<{size // 4}I", sector(i))
    if not books:
        return None  # no workbook stream: the reader says what this is
    _, start, stream_size = books[0]
    if stream_size >= 4096:
        return b"".join(sector(i) for i in chain(start, sectors))[:stream_size]
    # a small stream lives in the mini stream
    out, i, count = [], start, 0
    while i < _ENDOFCHAIN:
        count += 1
        if count > len(mini_fat) + 1 or i >= len(mini_fat):
            raise Unreadable("corrupt", "OLE: a mini-sector chain loops or leaves the file")
        out.append(mini[i * 64:(i + 1) * 64])
        i = mini_fat[i]
    return b"".join(out)[:stream_size]


def _biff_records(stream: bytes, pos: int) -> Iterator[tuple[int, bytes]]:
    end = len(stream)
    while pos + 4 <= end:
        typ, length = struct.unpack_from("<HH", stream, pos)
        yield typ, stream[pos + 4:pos + 4 + length]
        pos += 4 + length


def _scan_biff(stream: bytes, limits: InputLimits) -> None:
    """What calamine allocates for a .xls: the workbook globals are read up to their EOF record (the
    shared strings reserve room for the count they declare), then each sheet from the position its
    BoundSheet record gives — its DIMENSIONS record reserves rows × columns cells, and its cell records
    (16-bit rows and columns, so up to four billion cells) size the grid."""
    positions: list[int] = []
    for typ, body in _biff_records(stream, 0):
        if typ == _FILEPASS:
            return  # the rest is encrypted: the reader reports a password-protected workbook
        if typ == _BOUNDSHEET and len(body) >= 4:
            positions.append(struct.unpack_from("<I", body)[0])
        elif typ == _SST_RECORD and len(body) >= 8:
            unique = struct.unpack_from("<I", body, 4)[0]
            if unique > len(stream):  # every string takes at least three bytes of the stream
                raise Unreadable("too-many-cells", f"shared strings: {unique:,} declared in {len(stream):,} bytes")
        elif typ == _EOF:
            break
    positions = sorted(set(p for p in positions if p < len(stream)))
    if len(positions) > 4096:
        raise Unreadable("corrupt", f"{len(positions):,} sheets")
    walked = 0
    for n, pos in enumerate(positions, start=1):
        extent = _Extent(f"sheet {n}", limits)
        merged = 0
        for typ, body in _biff_records(stream, pos):
            walked += 4 + len(body)
            if walked > 64 * len(stream) + 65536:
                raise Unreadable("corrupt", "sheets overlap one another")
            if typ == _EOF:
                break
            if typ == _DIMENSIONS:
                rows, cols = _biff_dimensions(body)
                if rows * cols > limits.max_cells:
                    raise Unreadable("too-many-cells", f"sheet {n}: declares {rows:,} × {cols:,} = {rows * cols:,}")
            elif typ in _CELL_RECORDS and len(body) >= 4:
                row, col = struct.unpack_from("<HH", body)
                extent.grow(row + 1, col + 1)
            elif typ in (_MULRK, _MULBLANK) and len(body) >= 6:
                row, first = struct.unpack_from("<HH", body)
                last = struct.unpack_from("<H", body, len(body) - 2)[0]
                extent.grow(row + 1, max(first, last) + 1)
            elif typ == _MERGED and len(body) >= 2:
                count = struct.unpack_from("<H", body)[0]
                for k in range(min(count, (len(body) - 2) // 8)):
                    r0, r1, c0, c1 = struct.unpack_from("<HHHH", body, 2 + 8 * k)
                    merged += (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)
                if merged > limits.max_cells:
                    raise Unreadable("too-many-cells", f"sheet {n}: merged ranges cover {merged:,} cells")


def _biff_dimensions(body: bytes) -> tuple[int, int]:
    """Rows and columns a DIMENSIONS record makes calamine reserve (its arithmetic wraps like a u32)."""
    if len(body) == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", body)
    elif len(body) == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", body)
    else:
        return 0, 0  # the reader refuses any other length
    if last_row >= 1 and last_col >= 1:
        end_row, end_col = last_row - 1, last_col - 1
    else:
        end_row, end_col = first_row, first_col
    return (end_row - first_row + 1) % (1 << 32), (end_col - first_col + 1) % (1 << 32)
