"""The zip container's checks: the central directory, the members' layout, and which parts each scan reads.

Member count, duplicate or overlapping members, declared sizes and compression ratios are
checked before anything is inflated; then each part a reader will parse goes to its format's
scan (:mod:`.xlsx`, :mod:`.ods_xlsb`).
"""

from __future__ import annotations

import re
import zipfile

from registers.io.grid import Unreadable
from registers.io.guard.inflate import check_layout, inflate, open_archive, reopener, stored_identity
from registers.io.guard.limits import MB, RATIO_GRACE, InputLimits, MergedRanges, Scanned
from registers.io.guard.ods_xlsb import scan_ods_content, scan_xlsb_sheet
from registers.io.guard.xlsx import scan_shared_strings, scan_sheet_xml

_REL_TARGET = re.compile(rb"<(?:\w+:)?Relationship\b[^<>]*>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_SHEET_DIRS = ("worksheets/", "macrosheets/", "dialogsheets/")


def check_zip(data: bytes, limits: InputLimits, merged: dict[str, MergedRanges], *,
              passed: Scanned | None = None, now: Scanned | None = None) -> None:
    """The checks of the module's notes.  ``passed``: members an earlier guard of this workbook passed (with
    these limits); one stored exactly as then is not inflated again, its merged ranges taken as found then.
    ``now``: filled with what this guard passed, for the next."""
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
        stored = stored_identity(data, info) if now is not None else None
        identity = None if stored is None else (*stored, name in sheets)  # (scanned as a sheet, or not)
        if identity is not None and passed is not None and identity in passed:
            budget[0] -= info.file_size  # (its declared size is its real size: it inflated to it before)
            if budget[0] < 0:
                raise Unreadable("zip-bomb", f"{name}: unpacks beyond max_unzipped_mb")
            if (found := passed[identity]) is not None:
                merged[name] = found
        else:
            _scan(zf, info, name, lower, sheets, limits, budget, merged)
        if identity is not None and now is not None:
            now[identity] = merged.get(name)


def _scan(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, lower: str, sheets: set[str], limits: InputLimits,
          budget: list[int], merged: dict[str, MergedRanges]) -> None:
    """One member inflated and scanned as its format says (a worksheet's merged ranges into ``merged``)."""
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
