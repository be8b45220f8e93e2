"""Where one ``registers check`` spends its time and memory, stage by stage.

    python benchmarks/stages.py [--scale 1] [--threads N] [--top 8]

Runs in a fresh process, on the office ``benchmarks/run.py`` generates (cached in
``benchmarks/.cache/``), the stages ``registers check`` runs — the same calls, in the
same order, with the same settings as ``run.py``'s check (the whole year, as of its
last minute) — and prints per stage its wall time, its CPU time (user + system of
the whole process), how many cores that kept busy (CPU ÷ wall), the resident memory
after it and the peak so far:

* imports — pandas, pyarrow, numpy, fastexcel and the registers modules a check loads;
* settings and rules — the office's settings, the rule catalogue;
* reading — :func:`registers.office.load.load_office`: guard, parse, header search, row
  cut, normalisation, on ``--threads`` threads (default: one per core);
* rules — :func:`registers.check.run_rules`, with the ``--top`` slowest rules;
* output — the findings as JSON, as ``--format json`` prints them.

The figures are for reading, not for comparing runs: ``run.py`` measures the
targets (best of several runs, each command in its own process).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _rss_mb() -> tuple[float | None, float | None]:
    """Resident memory now and at its peak, in MB (None where the system does not say)."""
    now = peak = None
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            now = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, AttributeError):
        pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
    except ImportError:
        pass
    return now, peak


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


@dataclass
class Stage:
    name: str
    wall: float
    cpu: float
    rss: float | None
    peak: float | None


class Clock:
    def __init__(self) -> None:
        self.stages: list[Stage] = []
        self.wall, self.cpu = time.perf_counter(), _cpu()

    def lap(self, name: str) -> None:
        wall, cpu = time.perf_counter(), _cpu()
        self.stages.append(Stage(name, wall - self.wall, cpu - self.cpu, *_rss_mb()))
        self.wall, self.cpu = wall, cpu


def _mb(v: float | None) -> str:
    return "–" if v is None else f"{v:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                epilog="See docs/benchmark.md for what the figures have shown so far.")
    p.add_argument("--scale", type=int, default=1, help="size of the office (×1: 5,000 units, 200,000 receipts)")
    p.add_argument("--threads", type=int, default=None, help="reading threads (default: one per core)")
    p.add_argument("--top", type=int, default=8, help="the slowest rules to list (default 8)")
    args = p.parse_args(argv)

    sys.path.insert(0, str(HERE))
    from run import YEAR, office  # the generated office, as run.py makes it

    root = office(args.scale)
    clock = Clock()
    before_cpu, (before_rss, _) = clock.cpu, _rss_mb()

    from registers.core.resources import prepare_process

    prepare_process()  # as the command line does, before numpy and Arrow load
    from registers.core.resources import use_system_allocator

    use_system_allocator()
    from datetime import date, datetime

    import fastexcel  # noqa: F401  (the reading imports it on its first .xlsx)

    import registers.check as check
    from registers.core.period import Period
    from registers.core.settings import load_settings
    from registers.office.load import load_office
    clock.lap("imports")

    settings = load_settings(root)
    rules = check.selected_rules(settings)
    clock.lap("settings and rules")

    period = Period(date(YEAR, 1, 1), date(YEAR, 12, 31))
    office_ = load_office(root, settings, period, datetime(YEAR, 12, 31, 23, 59), threads=args.threads)
    clock.lap("reading")

    started: dict[str, float] = {}
    took: dict[str, float] = {}
    last: list[str] = []

    def progress(rule_id: str, i: int, n: int) -> None:
        now = time.perf_counter()
        if last:
            took[last[0]] = now - started[last[0]]
            last.clear()
        if rule_id:
            started[rule_id] = now
            last.append(rule_id)

    findings = check.run_rules(office_, rules, progress)
    clock.lap("rules")

    report = check.Report(office=office_, findings=findings, rules=rules)
    text = json.dumps(report.to_json(), ensure_ascii=False, indent=2)
    clock.lap("output")

    rows = sum(len(f) for f in office_.frames.values())
    print(f"\n## stages of one check — ×{args.scale}: {len(office_.workbooks)} workbooks, "
          f"{len(office_.sources)} register sheets, {rows:,} rows, {len(findings)} findings "
          f"({len(text) / 1e6:.1f} MB of JSON)\n")
    print(f"Before the first stage: the interpreter's start-up, {before_cpu:.2f} s of CPU, {_mb(before_rss)}.\n")
    print("| stage | wall | CPU | cores busy | RSS after | peak so far |")
    print("|---|---|---|---|---|---|")
    for s in clock.stages:
        busy = f"{s.cpu / s.wall:.2f}" if s.wall >= 0.05 else "–"  # (too short to say)
        print(f"| {s.name} | {s.wall:.2f} s | {s.cpu:.2f} s | {busy} | {_mb(s.rss)} | {_mb(s.peak)} |")
    total_wall = sum(s.wall for s in clock.stages)
    total_cpu = sum(s.cpu for s in clock.stages)
    print(f"| **all** | **{total_wall:.2f} s** | **{total_cpu:.2f} s** | {total_cpu / total_wall:.2f} | | |")

    frames_mb = sum(f.memory_usage(deep=True).sum() for f in office_.frames.values()) / 2**20
    print(f"\nThe registers' frames hold {frames_mb:.0f} MB.")
    print(f"\nThe {args.top} slowest of {len(rules)} rules (one core: pandas holds the GIL):\n")
    print("| rule | wall |")
    print("|---|---|")
    for rule_id, seconds in sorted(took.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"| {rule_id} | {seconds * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
