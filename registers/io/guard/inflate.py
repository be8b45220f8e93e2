"""Inflating a zip's members in bounded chunks, and cutting the stream into tags.

Every zip-based format (``.xlsx .xlsm .xlsb .ods``) is read through these: a member is never
inflated whole, its real size is held to a budget, and its XML reaches the scans one tag at a
time.  They stand apart from the directory checks (:mod:`.zipped`) because the sheet scans use
them too.
"""

from __future__ import annotations

import itertools
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from io import BytesIO

from registers.io.grid import Unreadable
from registers.io.guard.limits import BLOCK, CHUNK, FEED, MAX_TAG, MB

try:  # Intel's ISA-L inflates and checksums about 2.5 times as fast as zlib; the same streams, the same verdicts
    from isal import isal_zlib as inflater
except ImportError:  # a platform without its wheels
    inflater = zlib  # type: ignore[misc]


class _Archive(BytesIO):
    """A workbook's bytes as zipfile reads them, and as they are: deflated and stored members are
    inflated straight from ``raw`` (:func:`_stored_bytes`).  (``BytesIO.getbuffer`` would copy them.)"""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.raw = memoryview(data)


def open_archive(data: bytes) -> zipfile.ZipFile:
    """``data`` opened as the guard opens a workbook."""
    return zipfile.ZipFile(_Archive(data))


def check_layout(data: bytes, infos: list[zipfile.ZipInfo]) -> None:
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


def stored_identity(data: bytes, info: zipfile.ZipInfo) -> tuple[str, int, int, int, bytes] | None:
    """A member as it is stored: its name, method, declared size and CRC, and a digest of its stored bytes —
    two members with one identity inflate to the same bytes.  None without a local header."""
    import hashlib

    local = _local_header(data, info)
    if local is None:
        return None
    stored = memoryview(data)[local[1]:local[1] + info.compress_size]
    return (info.filename, info.compress_type, info.file_size, info.CRC,
            hashlib.blake2b(stored, digest_size=20).digest())


def inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> Iterator[bytes]:
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


def reopener(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> Callable[[], Iterator[bytes]]:
    """Open the member afresh on each call; the first reading counts against the budget, a second
    (the exact pass over a sheet) re-reads bytes already counted."""
    budgets = iter([budget, [info.file_size]])

    def reopen() -> Iterator[bytes]:
        return inflate(zf, info, next(budgets))

    return reopen


def _inflate_zipfile(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    with zf.open(info) as fh:
        while chunk := fh.read(CHUNK):
            yield chunk


def _stored_bytes(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> memoryview | None:
    """The member's bytes as stored in the archive (a view, not a copy) when it is deflated or stored
    and not encrypted — what spreadsheet writers make; None for anything else, which zipfile reads.

    The local header must name the member as the directory does (zipfile's own check); the layout
    check (:func:`check_layout`) has made sure the header and the bytes lie inside the file.
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
    member that inflates to more is corrupt (:func:`inflate` compares the sizes).
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
            return  # more than declared: inflate reports the sizes
    if crc != info.CRC:
        raise Unreadable("corrupt", f"{info.filename}: bad CRC-32")


def tags(chunks: Iterator[bytes], where: str) -> Iterator[bytes]:
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
