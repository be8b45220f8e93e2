"""Coverage-guided fuzzing of the reader with atheris (libFuzzer for Python).

    pip install atheris            # 3.0 installs from a wheel on CPython 3.11, x86-64 Linux
    python fuzz/fuzz_reader.py bytes CORPUS_DIR [libFuzzer options]   # workbook bytes
    python fuzz/fuzz_reader.py cells [libFuzzer options]              # cell values

``bytes``: libFuzzer's input is a workbook file.  Seed the corpus directory with the shared real
workbooks (``scripts/prove_reader.py`` does); libFuzzer mutates them, keeping the inputs that reach
new code of the ``registers`` package (only that package is instrumented).  Each input is written
into an office folder (``.xlsx`` if it is a zip, ``.xls`` otherwise) and checked as a whole.

``cells``: libFuzzer's input drives the same cell-value generator as the property tests
(:mod:`tests.support.reader_proof`), one register sheet per input, read and checked in memory.

An exception escaping the check, a broken promise (an unreadable file that is not exactly one
``input.unreadable`` finding, a crashed rule, a refused value without a finding) is a crash:
libFuzzer stops and writes the input to ``crash-…``.  Use ``-timeout=`` for hangs and
``-rss_limit_mb=`` for memory.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["registers"]):
    import registers.check
    import registers.io.guard
    import registers.io.read  # noqa: F401

from tests.support.reader_proof import cells_case, files_case

OFFICE = Path(tempfile.mkdtemp(prefix="fuzz-office-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))


class BrokenPromise(Exception):
    """The reader's promise does not hold for this input."""


def test_bytes(data: bytes) -> None:
    name = "台账.xlsx" if data[:2] == b"PK" else "台账.xls"
    problems = files_case({name: data}, OFFICE)
    if problems:
        raise BrokenPromise("; ".join(problems)[:2000])


def test_cells(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)

    def pick(n: int) -> int:
        return fdp.ConsumeIntInRange(0, n - 1) if n > 1 else 0

    problems = cells_case(pick)
    if problems:
        raise BrokenPromise("; ".join(problems)[:2000])


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in ("bytes", "cells"):
        sys.exit(__doc__)
    target = test_bytes if sys.argv[1] == "bytes" else test_cells
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
