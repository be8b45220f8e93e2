"""The OpenDocument (``.ods``) content scan and the binary ``.xlsb`` sheet scan.

Both formats are zips but count their cells differently from ``.xlsx`` XML: ODS by repeat
attributes (one element may stand for a million rows), ``.xlsb`` by binary records.  They
share the zip checks (:mod:`.zipped`) and nothing of the worksheet XML scan.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator

from registers.io.grid import Unreadable
from registers.io.guard.inflate import tags
from registers.io.guard.limits import CHUNK, EXCEL_COLS, EXCEL_ROWS, Extent, InputLimits

# ODS: rows and cells repeat by attribute; the readers expand the repeats that hold values.
_ODS_TAG = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)\b([^<>]*?)(/?)>"
)
_ODS_ROWS = re.compile(rb'table:number-rows-repeated="\s*([0-9]+)\s*"')
_ODS_COLS = re.compile(rb'table:number-columns-repeated="\s*([0-9]+)\s*"')
_ODS_SPAN_ROWS = re.compile(rb'table:number-rows-spanned="\s*([0-9]+)\s*"')
_ODS_SPAN_COLS = re.compile(rb'table:number-columns-spanned="\s*([0-9]+)\s*"')


def scan_ods_content(chunks: Iterator[bytes], limits: InputLimits) -> None:
    """Per table: the furthest row and column that hold something, repeats counted."""
    extent: Extent | None = None
    row = 0  # rows before the current one
    row_repeat = 1
    col = 0
    row_filled = 0  # furthest filled column in the current row
    merged = 0
    for piece in tags(chunks, "content.xml"):
        for m in _ODS_TAG.finditer(piece):
            closing, tag, attrs, empty = m.group(1), m.group(2), m.group(3), m.group(4)
            if tag == b"table":
                if not closing:
                    extent = Extent(f"content.xml table {_ods_name(attrs)}", limits)
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


def scan_xlsb_sheet(chunks: Iterator[bytes], name: str, limits: InputLimits) -> None:
    """An .xlsb sheet: BrtRowHdr records give the row, cell records their column (read as a stream)."""
    extent = Extent(name, limits)
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
