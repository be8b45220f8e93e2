"""The OLE compound file (``.xls``) checks: sector counts and stream sizes, then the BIFF workbook stream.

Nothing here is a zip: the checks read the compound file's header and FAT, then the BIFF
records (shared-string count, each sheet's DIMENSIONS, its cell records and merged ranges),
which calamine would otherwise trust when it reserves memory.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from registers.io.grid import Unreadable
from registers.io.guard.limits import Extent, InputLimits

_FREESECT, _ENDOFCHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_CELL_RECORDS = {0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6, 0x0201, 0x0003, 0x0004, 0x0002,
                 0x0005, 0x0001, 0x0406, 0x0206}
_MULRK, _MULBLANK, _FILEPASS, _SST_RECORD, _MERGED = 0x00BD, 0x00BE, 0x002F, 0x00FC, 0x00E5
_BOUNDSHEET, _DIMENSIONS, _EOF = 0x0085, 0x0200, 0x000A


def check_ole(data: bytes, limits: InputLimits) -> None:
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
        extent = Extent(f"sheet {n}", limits)
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
