"""The zip container's checks: the central directory, the members' layout, and which parts each scan reads.

Member count, duplicate or overlapping members, declared sizes and compression ratios are
checked before anything is inflated; then each part a reader will parse goes to its format's
scan (:mod:`.xlsx`, :mod:`.ods_xlsb`).
"""

from __future__ import annotations

import re
import zipfile

from registers.io.grid import Unreadable
from registers.io.guard.inflate import check_layout, inflate, open_archive, reopener
from registers.io.guard.limits import MB, RATIO_GRACE, InputLimits, MergedRanges
from registers.io.guard.ods_xlsb import scan_ods_content, scan_xlsb_sheet
from registers.io.guard.xlsx import scan_shared_strings, scan_sheet_xml

_REL_TARGET = re.compile(rb"<(?:\w+:)?Relationship\b[^<>]*>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_SHEET_DIRS = ("worksheets/", "macrosheets/", "dialogsheets/")


def check_zip(data: bytes, limits: InputLimits, merged: dict[str, MergedRanges]) -> None:
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
    check_layout(data, infos)
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
                scan_xlsb_sheet(inflate(zf, info, budget), name, limits)
            else:
                merged[name] = scan_sheet_xml(reopener(zf, info, budget), name, limits)
        elif lower == "content.xml":
            scan_ods_content(inflate(zf, info, budget), limits)
        elif lower.endswith("sharedstrings.xml"):
            scan_shared_strings(inflate(zf, info, budget), name, info.file_size, limits)
        else:
            for _ in inflate(zf, info, budget):
                pass  # inflated to check its real size and CRC against the declared ones


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
        text = b"".join(inflate(zf, info, [16 * MB]))
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
