"""Read payment-platform statements exactly as they are downloaded.

* WeChat Pay merchant trade bill (交易账单, ALL or SUCCESS): CSV, every detail field
  prefixed with a backtick; a summary header (``总交易单数,…``) and one summary row
  after the details, checked against them.  Older bills say ``总金额`` for
  ``应结订单金额`` and have no ``特约商户号``.
* Alipay merchant account statement (账务明细): CSV (GBK as downloaded) with ``#``
  comment lines before and after the details; the ``#收入合计`` / ``#支出合计`` lines
  are checked against the details.
* Bank statements: any bank's CSV or Excel export, its columns found through a
  :class:`~registers.core.payment_settings.BankMapping`.  Through the built-in mapping only
  when the sheet shows it is the bank's (:func:`.bank.is_bank_export`), not a clerk's own
  ledger of 日期 and 收入.

Files are recognised by their header line, never their name; CSV may be UTF-8
(with or without BOM), GBK/GB18030 or UTF-16.  Every payment keeps the file and
line (worksheet row for Excel) it came from.  A statement that is cut off, whose
summary disagrees with its details or that has a line that cannot be read is
*incomplete*: it is kept (its payments still pair with receipts) and reported,
never raised.

The shared model (:class:`Statement`, the payments frame) is :mod:`.model`; the text of a
statement's fields (money, moments, references, encodings) is :mod:`.fields`; each platform's
format is its own module (:mod:`.wechat`, :mod:`.alipay`, :mod:`.bank`).  This module finds the
files and recognises which format a file's header line names.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from registers.core.payment_settings import PaymentSettings
from registers.io.discover import SPREADSHEET_SUFFIXES, TOOL_DIRS, is_lock_file
from registers.io.statements.alipay import ALIPAY_NEEDS, parse_alipay
from registers.io.statements.bank import bank_columns, is_bank_export, parse_bank
from registers.io.statements.fields import Line, cell_text, csv_lines, decode, keys_of, text_of
from registers.io.statements.model import UNREADABLE, Statement, Statements, combine
from registers.io.statements.wechat import WECHAT_NEEDS, parse_wechat

CSV_SUFFIXES = frozenset({".csv", ".txt"})
HEADER_SCAN_LINES = 60  # the detail header must appear within the first lines of a file


def _walk(root: Path, output_dir: str) -> Iterator[tuple[Path, str]]:
    skip = {output_dir.strip("/").split("/")[0], *TOOL_DIRS}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if here == root:
            dirnames[:] = [d for d in dirnames if d not in skip]
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if is_lock_file(name) or name.startswith("."):
                continue
            path = here / name
            yield path, path.relative_to(root).as_posix()


def statement_files(root: Path, output_dir: str = "reports") -> list[tuple[Path, str]]:
    """The CSV files :func:`read_statements` reads under ``root`` (path, path in the office), in its order."""
    return [(path, rel) for path, rel in _walk(root, output_dir) if path.suffix.lower() in CSV_SUFFIXES]


def read_statements(
    root: Path,
    config: PaymentSettings | None = None,
    *,
    output_dir: str = "reports",
    sheets: Collection[tuple[str, str]] | None = None,
    max_bytes: int = 200 << 20,
) -> Statements:
    """Every statement under ``root``: CSV files, and the spreadsheet sheets in ``sheets`` (all when ``None``).

    ``sheets`` lets the caller pass only the sheets the register reader did not
    recognise (``Office.ignored_sheets``), so workbooks are not read twice.
    """
    config = config or PaymentSettings()
    found: list[tuple[Statement, list[dict[str, Any]]]] = []
    if not root.is_dir():
        return Statements()
    wanted_files = None if sheets is None else {f for f, _ in sheets}
    wanted = None if sheets is None else set(sheets)
    for path, rel in _walk(root, output_dir):
        suffix = path.suffix.lower()
        try:
            if suffix in CSV_SUFFIXES:
                if path.stat().st_size > max_bytes:
                    continue
                found.extend(_from_bytes(path.read_bytes(), rel, config))
            elif suffix in SPREADSHEET_SUFFIXES and (wanted_files is None or rel in wanted_files):
                found.extend(_from_workbook(path, rel, config, wanted, max_bytes))
        except OSError:
            continue
    return combine(found)


def read_statement_bytes(data: bytes, rel: str, config: PaymentSettings | None = None) -> Statements:
    """The statement(s) in one CSV file's bytes (for tests and single files)."""
    return combine(_from_bytes(data, rel, config or PaymentSettings()))


def _from_bytes(data: bytes, rel: str, config: PaymentSettings) -> list[tuple[Statement, list[dict[str, Any]]]]:
    text = decode(data)
    if text is None:
        # cannot be decoded: a statement only if a header can still be seen through the damage
        text = data.decode("gb18030", errors="replace")
        lines = csv_lines(text)
        parsed = parse_lines(lines, rel, "", config)
        return [(replace(s, problem=UNREADABLE, problem_line=None, detail="encoding"), p) for s, p in parsed]
    return parse_lines(csv_lines(text), rel, "", config)


def _from_workbook(path: Path, rel: str, config: PaymentSettings, wanted: set[tuple[str, str]] | None,
                   max_bytes: int) -> list[tuple[Statement, list[dict[str, Any]]]]:
    from registers.io.grid import Unreadable
    from registers.io.read import iter_grids, read_bytes

    out: list[tuple[Statement, list[dict[str, Any]]]] = []
    try:
        data = read_bytes(path, max_bytes)
        for grid in iter_grids(data, rel, max_cells=5_000_000):
            if wanted is not None and (rel, grid.sheet) not in wanted:
                continue
            lines = [(i + 1, [cell_text(v) for v in row]) for i, row in enumerate(grid.rows)]
            out.extend(parse_lines(lines, rel, grid.sheet, config))
    except Unreadable:
        return out  # input.unreadable already reports a workbook that cannot be opened
    return out


def parse_lines(lines: list[Line], rel: str, sheet: str,
                config: PaymentSettings) -> list[tuple[Statement, list[dict[str, Any]]]]:
    """The statement these lines hold (recognised by its header line), or nothing."""
    for n, (_, fields) in enumerate(lines[:HEADER_SCAN_LINES]):
        keys = keys_of(fields)
        if all(k in keys for k in WECHAT_NEEDS):
            return [parse_wechat(lines, n, rel, sheet)]
        if all(k in keys for k in ALIPAY_NEEDS):
            return [parse_alipay(lines, n, rel, sheet)]
        for mapping in config.bank_mappings:
            cols = bank_columns(keys, mapping)
            if cols is not None and (mapping is not config.builtin_bank
                                     or is_bank_export(keys, cols, [text_of(f) for _, f in lines[:n]])):
                return [parse_bank(lines, n, cols, rel, sheet)]
    return []
