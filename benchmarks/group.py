"""Benchmark of the group check: 50 copies of the demo office, in parallel against one after another.

    python benchmarks/group.py                 # 50 copies, one worker per core
    python benchmarks/group.py --copies 8 --workers 2

Prints the sum of the single ``check_office`` runs (one process, one after the other, after a
warm-up run that is not counted), the wall time of ``check_group`` (process start-up included),
the speed-up, the workers and the cores they kept busy (their CPU time over the wall time), and
the time to write the summary.  With ``--repeat N`` both are measured N times, alternating, and
the best of each is kept (on a machine shared with other work).  Asserts that the group's
results equal the single runs (the summary is the union of the single checks) and that the
group is at least ``--min-speedup`` times faster when it has more than one worker.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from registers.core.period import Period
from registers.demo.office import write_demo
from registers.group import GroupResult, check_group, check_office, find_offices, office_options
from registers.reports.group.book import write_group_summary


def children_cpu_seconds() -> float | None:
    """User + system CPU time of the finished child processes (None where the OS does not tell)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    try:
        return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except (AttributeError, OSError):  # Windows
        return "n/a"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--copies", type=int, default=50, help="copies of the demo office (default 50)")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    p.add_argument("--repeat", type=int, default=1, help="measure this many times, alternating, and keep the best")
    p.add_argument("--min-speedup", type=float, default=1.2,
                   help="fail when the group is not this many times faster (with 2+ workers; default 1.2)")
    args = p.parse_args(argv)
    load_before = _load()

    with tempfile.TemporaryDirectory(prefix="registers-group-") as tmp:
        demo = Path(tmp) / "demo"
        write_demo(demo)
        group = Path(tmp) / "集团"
        for i in range(1, args.copies + 1):
            shutil.copytree(demo, group / f"管理处{i:02d}")
        offices = find_offices(group)
        assert len(offices) == args.copies
        options = office_options(Period.parse_month("2026-11"), as_of=datetime(2026, 11, 30, 23, 59))

        check_office(offices[0], options)  # warm-up: imports, the rule catalogue — not counted
        serials: list[float] = []
        walls: list[float] = []
        busy: list[float] = []
        for _ in range(args.repeat):  # alternated, best of each: other work on a shared machine comes and goes
            start = time.perf_counter()
            singles = [check_office(folder, options) for folder in offices]
            serials.append(time.perf_counter() - start)

            cpu_before = children_cpu_seconds()
            start = time.perf_counter()
            result = check_group(group, options, offices=offices, workers=args.workers)
            walls.append(time.perf_counter() - start)
            cpu_after = children_cpu_seconds()
            if cpu_before is not None and cpu_after is not None:
                busy.append((cpu_after - cpu_before) / walls[-1])
        serial, wall = min(serials), min(walls)

        start = time.perf_counter()
        write_group_summary(result, Path(tmp) / "reports")
        written = time.perf_counter() - start

        union = GroupResult(group_dir=str(group), options=options, workers=result.workers,
                            offices=tuple(dataclasses.replace(s, name=Path(s.folder).name) for s in singles))
        assert result.offices == union.offices, "the group's results differ from the single checks"
        assert result.to_json() == union.to_json(), "the group summary is not the union of the single checks"
        totals = result.totals()

    speedup = serial / wall
    print(f"offices:                    {args.copies} copies of the demo office "
          f"({totals['error']} errors, {totals['warning']} warnings in all)")
    print(f"single runs, one process:   {serial:6.2f} s  ({serial / args.copies:.2f} s per office)")
    print(f"group check (check_group):  {wall:6.2f} s  (process start-up included)")
    print(f"speed-up:                   {speedup:6.2f}x")
    print(f"workers:                    {result.workers}")
    if busy:
        print(f"cores kept busy:            {max(busy):6.2f}  (workers' CPU time / wall time)")
    if args.repeat > 1:
        print(f"runs (best taken):          single {', '.join(f'{t:.1f}' for t in serials)} s; "
              f"group {', '.join(f'{t:.1f}' for t in walls)} s")
    print(f"summary written (json+xlsx): {written:5.2f} s")
    print(f"load average before/after:  {load_before} / {_load()}  (other work on the machine skews the figures)")
    print("summary equals the union of the single checks: yes")
    if result.workers > 1 and speedup < args.min_speedup:
        print(f"FAIL: speed-up {speedup:.2f}x is below {args.min_speedup}x", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
