"""The benchmark: ``registers check`` on a large generated office against the fastest reader and a plain peer.

    python benchmarks/run.py [--scale 1] [--growth] [--repeat 3] [--no-peer] [--no-roll]

Generates (once, cached in ``benchmarks/.cache/``) the office of ``benchmarks/generate.py``
and measures, each command in its own process on the same files, best of ``--repeat`` runs:

* floor — every sheet of every workbook loaded by fastexcel into Arrow, headerless (the
  fastest xlsx reader we know: the practical floor for any xlsx tool), run in turns with the check
  so that both see the machine alike (each turn's ratio is printed too);
* check — ``registers check`` of the whole year (findings as JSON, no run history);
* peer — ``benchmarks/peer.py``: ``pandas.read_excel`` with openpyxl on every sheet plus a
  few of the same rules written plainly (run once: it is slow);
* close-day of 27 November and monthly of November (no PDF), with their run history reset
  before each run; monthly with its PDF once when LibreOffice is installed;
* the fee roll (``benchmarks/roll.py``; skip with ``--no-roll``): the office keeps a 5,000-unit property fee
  roll for the year, which every check above reads; the check without it and with it, in turns, on the
  same files, and the difference against its target (< 0.3 s);
* with ``--growth``: check at ×1, ×2 and ×4 the data;
* with ``--scale 4``: every measure on ×4 the data, the peak RSS against ×4's target (≤ 1.5 GB; ×1: ≤ 500 MB).

R1 = check ÷ floor, R2 = check ÷ peer; peak RSS is the check process's own (``wait4``), the median
of the runs (it moves by 10-20 MB with the reading threads' timing), their range beside it.  The
package's bytecode is written first (``compileall``), as an installed package has it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
YEAR = 2025
DAY = f"{YEAR}-11-27"
MONTH = f"{YEAR}-11"

FLOOR = """
import sys, fastexcel
from pathlib import Path
root = Path(sys.argv[1])
for path in sorted(root.rglob("*.xlsx")):
    if "reports" in path.relative_to(root).parts:
        continue
    reader = fastexcel.read_excel(path)
    for i in range(len(reader.sheet_names)):
        reader.load_sheet(i, header_row=None).to_arrow()
"""


@dataclass
class Run:
    seconds: float  # wall
    cpu: float  # user + system of the process
    rss_mb: float
    status: int
    rss_range: tuple[float, float] = (0.0, 0.0)  # the peak RSS of the fewest and the most of several runs


def measure(cmd: list[str], *, reset: Path | None = None, ok: tuple[int, ...] = (0, 1)) -> Run:
    """Run ``cmd`` once; wall time and the peak RSS of that process alone."""
    if reset is not None:
        shutil.rmtree(reset, ignore_errors=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if code not in ok or "Traceback" in err:  # exit 1 is "error findings"; a crash is never a measurement
        raise SystemExit(f"{' '.join(cmd)} exited {code}:\n{err[-2000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code)


def best(cmd: list[str], repeat: int, **kw: object) -> Run:
    """The fastest of ``repeat`` runs, with its peak RSS replaced by the runs' median (the peak moves by
    10-20 MB from run to run with the reading threads' timing) and the range kept beside it."""
    return _best([measure(cmd, **kw) for _ in range(repeat)])  # type: ignore[arg-type]


def best_pair(first: list[str], second: list[str], repeat: int) -> tuple[Run, Run, list[float]]:
    """:func:`best` of two commands run in turns (first, second, first, second …), so that a drift of this
    shared machine's speed reaches both alike; also each turn's ratio second ÷ first."""
    a: list[Run] = []
    b: list[Run] = []
    for _ in range(repeat):
        a.append(measure(first))
        b.append(measure(second))
    ratios = [y.seconds / x.seconds for x, y in zip(a, b, strict=True)]
    return _best(a), _best(b), ratios


def _best(runs: list[Run]) -> Run:
    fastest = min(runs, key=lambda r: r.seconds)
    peaks = sorted(r.rss_mb for r in runs)
    return Run(fastest.seconds, fastest.cpu, peaks[len(peaks) // 2], fastest.status, (peaks[0], peaks[-1]))


def office(scale: int) -> Path:
    dest = CACHE / f"office-x{scale}"
    info = dest / "benchmark-office.json"
    if not info.is_file() or "roll" not in json.loads(info.read_text(encoding="utf-8")):  # (made before the roll)
        shutil.rmtree(dest, ignore_errors=True)
        print(f"generating the ×{scale} office in {dest} …", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(dest), "--scale", str(scale)], check=True,
                       stdout=subprocess.DEVNULL)
    return dest


def files_mb(root: Path) -> float:
    return sum(p.stat().st_size for p in root.rglob("*.xlsx") if "reports" not in p.relative_to(root).parts) / 1e6


def registers(*args: str) -> list[str]:
    return [sys.executable, "-m", "registers", *args]


def check_cmd(root: Path) -> list[str]:
    return registers("check", str(root), "--from", f"{YEAR}-01-01", "--to", f"{YEAR}-12-31",
                     "--as-of", f"{YEAR}-12-31 23:59", "--format", "json", "--no-history")


def compile_package() -> None:
    """Write the package's bytecode before measuring, as ``pip install`` does: a checkout whose bytecode is
    stale (edited modules, or ``PYTHONDONTWRITEBYTECODE`` set) would otherwise have every measured run
    compile those modules again (0.1 s when a few dozen have changed)."""
    where = subprocess.run([sys.executable, "-c", "import registers, os; print(os.path.dirname(registers.__file__))"],
                           capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "compileall", "-q", where], check=True, stdout=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="registers benchmark (issue 8)")
    p.add_argument("--scale", type=int, default=1, help="size of the office (×1: 5,000 units, 200,000 receipts)")
    p.add_argument("--growth", action="store_true", help="also check ×1, ×2 and ×4 the data")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement, the best is kept (default 3)")
    p.add_argument("--no-peer", action="store_true", help="skip the pandas + openpyxl peer (slow)")
    p.add_argument("--no-roll", action="store_true", help="skip the check without the fee roll (benchmarks/roll.py)")
    args = p.parse_args(argv)

    root = office(args.scale)
    compile_package()
    info = json.loads((root / "benchmark-office.json").read_text(encoding="utf-8"))
    size = files_mb(root)
    # the floor and the check in turns: R1 compares runs made under the same load
    floor, check, turns = best_pair([sys.executable, "-c", FLOOR, str(root)], check_cmd(root), args.repeat)
    # the memory of Python with what check imports (pandas, pyarrow, fastexcel…), before any data
    bare = best([sys.executable, "-c", "import registers.check, registers.reports.findings.terminal, fastexcel"],
                args.repeat)
    peer = None if args.no_peer else measure([sys.executable, str(HERE / "peer.py"), str(root)])
    history = root / ".registers"
    close = best(registers("close-day", str(root), "--date", DAY, "--out", str(CACHE / "reports")), args.repeat,
                 reset=history)
    monthly = best(registers("monthly", str(root), "--month", MONTH, "--no-pdf", "--out", str(CACHE / "reports")),
                   args.repeat, reset=history)
    with_pdf = None
    if shutil.which("soffice") or shutil.which("libreoffice"):  # once: LibreOffice's start dominates it
        with_pdf = measure(registers("monthly", str(root), "--month", MONTH, "--out", str(CACHE / "reports")),
                           reset=history)
    shutil.rmtree(history, ignore_errors=True)
    roll = None
    if not args.no_roll:  # the check without the office's fee roll and with it, in turns (issue 22)
        from roll import lines as roll_lines
        from roll import measure as measure_roll

        roll = roll_lines(measure_roll(root, args.repeat))

    print(f"\n## registers benchmark — ×{args.scale}: {info['units']:,} units, {info['receipts']:,} receipts, "
          f"{info['repairs']:,} repairs; {size:.1f} MB of xlsx; best of {args.repeat}\n")
    print("| measure | wall | CPU | target |")
    print("|---|---|---|---|")
    print(f"| floor: fastexcel → Arrow, every sheet | {floor.seconds:.2f} s | {floor.cpu:.2f} s | |")
    print(f"| `registers check` (the year) | {check.seconds:.2f} s | {check.cpu:.2f} s | |")
    print(f"| **R1** = check ÷ floor | **{check.seconds / floor.seconds:.2f}** | {check.cpu / floor.cpu:.2f} "
          "| ≤ 1.5 |")
    print(f"| R1 of each turn (floor, then check) | {' '.join(f'{r:.2f}' for r in turns)} | | |")
    if peer is not None:
        print(f"| peer: pandas + openpyxl + plain rules | {peer.seconds:.2f} s | {peer.cpu:.2f} s | |")
        print(f"| **R2** = check ÷ peer | **{check.seconds / peer.seconds:.3f}** | {check.cpu / peer.cpu:.3f} "
              "| ≤ 0.1 |")
    low, high = check.rss_range
    print(f"| peak RSS of check (median of {args.repeat} runs; {low:.0f}–{high:.0f} MB) | {check.rss_mb:.0f} MB | | |")
    print(f"| RSS ÷ files' size ({size:.1f} MB) | **{check.rss_mb / size:.1f}×** | | ≤ 10× |")
    print(f"| of which Python with check's modules, no data | {bare.rss_mb:.0f} MB | | |")
    print(f"| RSS above that ÷ files' size | {(check.rss_mb - bare.rss_mb) / size:.1f}× | | |")
    print(f"| `close-day --date {DAY}` | {close.seconds:.2f} s = **{close.seconds / check.seconds:.2f}×** check "
          f"| {close.cpu:.2f} s = {close.cpu / check.cpu:.2f}× | ≤ 1.2× |")
    print(f"| `monthly --month {MONTH} --no-pdf` (xlsx + html) | {monthly.seconds:.2f} s = "
          f"**{monthly.seconds / check.seconds:.2f}×** check | {monthly.cpu:.2f} s = {monthly.cpu / check.cpu:.2f}× "
          "| ≤ 2× |")
    if with_pdf is None:
        print(f"| `monthly --month {MONTH}` with PDF | LibreOffice not installed | | ≤ check + 20 s |")
    else:
        print(f"| `monthly --month {MONTH}` with PDF (one run) | {with_pdf.seconds:.2f} s = check + "
              f"**{with_pdf.seconds - check.seconds:.1f} s** | {with_pdf.cpu:.2f} s | ≤ check + 20 s |")
    for name, run in (("check", check), ("close-day", close), ("monthly", monthly)):
        print(f"| peak RSS of {name} (median; {run.rss_range[0]:.0f}–{run.rss_range[1]:.0f} MB) "
              f"| **{run.rss_mb:.0f} MB** | | ≤ {500 if args.scale == 1 else 1500} MB |")
    if roll is not None:
        print("\n".join(roll))

    if args.growth:
        print("\n| data | receipts | xlsx | check wall | check CPU | CPU per 100k receipts | CPU ÷ ×1 | peak RSS "
              "| RSS ÷ xlsx | RSS above imports ÷ xlsx |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        base = None
        for scale in (1, 2, 4):
            r = office(scale)
            n = json.loads((r / "benchmark-office.json").read_text(encoding="utf-8"))["receipts"]
            run = check if scale == args.scale else best(check_cmd(r), args.repeat)
            base = base or run.cpu
            mb = files_mb(r)
            print(f"| ×{scale} | {n:,} | {mb:.0f} MB | {run.seconds:.2f} s | {run.cpu:.2f} s "
                  f"| {run.cpu / n * 1e5:.2f} s | {run.cpu / base:.2f} | {run.rss_mb:.0f} MB | {run.rss_mb / mb:.1f}× "
                  f"| {(run.rss_mb - bare.rss_mb) / mb:.1f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
