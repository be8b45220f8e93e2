"""The demo office: the Arcadia management office (阿尔卡迪亚管理处), Bengbu.

:func:`write_demo` writes two months (2026-10-01 .. 2026-11-30) of registers
for about sixty units, laid out the way clerks keep them (title rows, one
sheet per month, text dates, ``¥1,234.00``, a legacy ``.xls``...), with one or
two planted violations of every rule in ``shared/spec/rules.md``.  Each
planted violation is returned as a :class:`Planted` naming the exact file,
sheet and worksheet row the finding must point at, so the checker can be
tested end to end against it.  Everything else is clean under the
regulation's default limits.

The output is deterministic: a fixed random seed, no clock, and the ``.xlsx``
zip members carry a fixed timestamp.

This module is the orchestration: the office's people and units (:mod:`.common`), the
registers by group (:mod:`.service`, :mod:`.keys`, :mod:`.fees`, :mod:`.duty`), written as
workbooks (:mod:`.workbooks`), then the platform statements (:mod:`.statements`).
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from registers.demo.common import CONFIG, SEED, Office, Planted, make_units, write_units
from registers.demo.duty import write_duty, write_handovers
from registers.demo.fees import make_receipts, make_renovations, write_fee_ledger, write_renovations
from registers.demo.keys import write_archives, write_keys
from registers.demo.roll import BILLS_FILE, ROLL_FILE, write_bills, write_roll
from registers.demo.service import make_complaints, make_repairs, write_complaints, write_repairs, write_visits
from registers.demo.statements import write_demo_statements
from registers.demo.workbooks import save_workbook, save_xls, save_xlsx

BROKEN_FILE = "损坏的台账.xlsx"


def write_demo(dest: Path) -> list[Planted]:
    """Write the demo office into ``dest`` and return the planted violations.

    ``dest`` is created if missing; an existing non-empty folder is refused
    (:class:`FileExistsError`).  The content is the same on every run.
    """
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise FileExistsError(f"{dest} exists and is not empty")
    dest.mkdir(parents=True, exist_ok=True)

    rng = random.Random(SEED)
    office = Office(rng, make_units(rng))
    repairs = make_repairs(office)
    complaints = make_complaints(office)
    renos = make_renovations()
    receipts = make_receipts(office, renos)

    books = [
        write_units(office),
        write_repairs(office, repairs),
        write_visits(office, repairs, complaints),
        write_complaints(office, complaints),
        write_keys(office),
        write_renovations(office, renos),
        write_fee_ledger(office, receipts),
        write_duty(office),
        write_handovers(office),
    ]
    for name, sheets in books:
        save_xlsx(dest / name, sheets)
    save_workbook(dest / ROLL_FILE, write_roll(office, receipts))  # after the others: it draws no office.rng
    save_xlsx(dest / BILLS_FILE, write_bills(office))
    name, sheets = write_archives(office)
    save_xls(dest / name, sheets)
    (dest / BROKEN_FILE).write_text("这不是Excel文件：网盘同步中断，文件已损坏。\n", encoding="utf-8")
    office.plant("input.unreadable", BROKEN_FILE, "", None, "a .xlsx that is really plain text")
    (dest / "registers.toml").write_text(CONFIG, encoding="utf-8")
    write_demo_statements(dest, office.planted)
    return sorted(office.planted, key=lambda p: (p.rule, p.file, p.sheet, p.row or 0))


def planted() -> list[Planted]:
    """The planted violations, without keeping the office."""
    with tempfile.TemporaryDirectory() as tmp:
        return write_demo(Path(tmp) / "office")


if __name__ == "__main__":  # pragma: no cover
    import sys

    for p in write_demo(Path(sys.argv[1] if len(sys.argv) > 1 else "demo-office")):
        print(p.rule, p.file, p.sheet, p.row, p.note, sep="\t")
