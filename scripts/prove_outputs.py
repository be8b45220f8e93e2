"""Prove the reports' promises of issue 9 on the demo office and print the table for the closing note.

    python scripts/prove_outputs.py [--kills N] [--seed S] [--keep DIR]

* payloads (formula, DDE, markup, template, terminal, SQL and a phone number) planted in every text cell
  of every register, every command that writes output run on them, every output scanned;
* the demo office's phone numbers searched for in every output, the run history and the scheduler logs,
  then shown with ``--show-personal-data`` and that recorded in the run history;
* ``close-day``, ``check --xlsx`` and ``monthly`` SIGKILLed at N random moments and at every rename and
  commit, each time checking the reports, the run history and the registers;
* two commands at once on one office (no history yet, a schema-1 history, a current one).

Exit status 0 when nothing escaped, leaked or tore; 1 otherwise (the problems are listed).
The work is in ``tests/support/output_proof.py``; ``tests/reports/test_output_safety.py`` runs a few cases of each.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="prove_outputs.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--kills", type=int, default=50, metavar="N", help="random kill points (default: 50)")
    p.add_argument("--seed", type=int, default=9, help="seed of the random kill moments (default: 9)")
    p.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep it (default: a temporary folder)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    args = p.parse_args(argv)

    from tests.support.output_proof import (
        INJECTION,
        PAYLOADS,
        concurrent_campaign,
        injection_campaign,
        kill_campaign,
        kill_points,
        personal_campaign,
    )

    work = args.keep or Path(tempfile.mkdtemp(prefix="prove-outputs-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()

    def say(text: str) -> None:
        if not args.quiet:
            print(f"[{time.monotonic() - started:6.1f}s] {text}", file=sys.stderr, flush=True)

    try:
        say("injection: planting payloads and running every command")
        inj = injection_campaign(work / "injection")
        say("personal data: default runs, then --show-personal-data")
        per = personal_campaign(work / "personal")
        say(f"crash safety: {args.kills} random kill points and {len(kill_points())} at renames and commits")
        kil = kill_campaign(work / "kill", kills=args.kills, seed=args.seed, progress=lambda t: say(f"  {t}"))
        say("concurrency: two runs at once")
        con = concurrent_campaign(work / "concurrent", progress=lambda t: say(f"  {t}"))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    kinds = inj.by_kind()
    planted = sum(inj.planted.values())
    rows: list[tuple[str, str]] = [
        (f"Payloads planted: register cells rewritten ({len(PAYLOADS)} payloads, {len(INJECTION)} of them "
         "injection, in every text column of every register)", f"{planted}"),
    ]
    names = {"xlsx": "workbooks", "html": "HTML pages", "json": "JSON outputs", "terminal": "terminal outputs",
             "excel-button": "Excel-button runs (results sheet, state sheet, notes)"}
    for kind in ("xlsx", "html", "json", "terminal", "excel-button"):
        n, found = kinds.get(kind, (0, 0))
        rows.append((f"  payload occurrences in {n} {names[kind]}", f"{found}"))
    escapes = inj.escapes
    rows += [
        ("Escapes found (formula/DDE not literal, formula not ours, element/attribute from a register, "
         "control characters, crash)", f"{len(escapes)}"),
        (f"Kill points tried ({kil.random_points} random, seed {args.seed}; {kil.deterministic_points} at every "
         f"rename and history commit)",
         f"{kil.tried} ({kil.killed} runs killed, {kil.killed_writing} of them after a report or the history had "
         f"changed; {kil.temps_left} temp files left, then cleaned up)"),
        ("Inconsistencies (torn report, history integrity or a run without its findings, register changed, "
         "stale temp file)", f"{len(kil.problems)}"),
        (f"Concurrent runs ({con.pairs} pairs on one office: fresh, schema-1 and current history)",
         f"{con.runs} runs, {len(con.problems)} failures"),
        (f"Personal-data leaks by default ({per.phones} phone numbers of the demo office in {per.outputs} outputs "
         "incl. history and logs; the phone planted in free text in every output above)",
         f"{len(per.leaks) + len(inj.personal_leaks)}"),
        ("Phone numbers shown with --show-personal-data / runs recorded so in the history",
         f"{per.shown_with_flag} / {per.flagged_runs} of {per.flag_runs_expected}"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"| {'check':<{width}} | result |")
    print(f"|{'-' * (width + 2)}|--------|")
    for label, value in rows:
        print(f"| {label:<{width}} | {value} |")
    print(f"\nrerun: python scripts/prove_outputs.py --kills {args.kills} --seed {args.seed}   "
          f"({time.monotonic() - started:.0f} s)")
    problems = [*escapes, *kil.problems, *con.problems, *per.leaks, *inj.personal_leaks]
    if per.flagged_runs != per.flag_runs_expected or per.shown_with_flag == 0:
        problems.append("--show-personal-data did not show the phone numbers or was not recorded")
    for line in problems[:200]:
        print(f"PROBLEM: {line}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
