"""Prove the reader's promises (issue 9, items 1, 2 and 6) and print the tables for the closing note.

    python scripts/prove_reader.py                 # 10 minutes in all
    python scripts/prove_reader.py --seconds 120   # a quick run
    python scripts/prove_reader.py --replay bytes:1234   # re-run one generated input, in this process

What runs (the generators, mutations and checks are :mod:`tests.support.reader_proof`):

* **hostile workbooks** (:mod:`tests.support.hostile`) — each in a fresh worker process: refused as what, how
  fast, and how much the worker's peak memory grew; and, for comparison, what the bare cell reader
  (python-calamine, no guard) does with the same bytes;
* **a file being saved** — each way of changing a register mid-read;
* **random cell values** and **mutated real workbooks** — seeded, in a worker process that runs one
  input at a time under a memory limit (``RLIMIT_AS``) with a watchdog: an input that takes longer
  than ``--timeout`` is a hang, a worker that dies (a Rust abort, the memory limit) is a crash;
* **coverage-guided** — atheris (libFuzzer) on ``fuzz/fuzz_reader.py``, bytes and cells, when
  atheris is installed;
* **property-based** — ``tests/io/test_fuzz_reader.py`` under hypothesis with more examples.

Every failure is listed with the command that replays it.  Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import select
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = ("cells", "bytes")


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------------------------------------- worker


def worker_main(scratch: str) -> None:
    """Run requests from stdin, one JSON line each; answer one JSON line each."""
    from tests.support.reader_proof import bytes_case, cells_case, changing_case, corpus, files_case, rng_pick

    files = corpus()
    office = Path(scratch) / f"office-{os.getpid()}"
    # warm up: every lazy import the check makes, so memory growth measures the input, not the code
    cells_case(rng_pick(random.Random(0)))
    if files:
        files_case({files[0].name: files[0].read_bytes()}, office)
    print(json.dumps({"ready": True, "rss_mb": _maxrss_mb()}), flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        before = _maxrss_mb()
        t0 = time.perf_counter()
        out: dict[str, Any] = {"problems": [], "exception": None}
        try:
            kind = req["kind"]
            if kind == "cells":
                out["problems"] = cells_case(rng_pick(random.Random(req["seed"])))
            elif kind == "bytes":
                out["problems"] = bytes_case(rng_pick(random.Random(req["seed"])), files, office)
            elif kind == "hostile":
                out.update(_hostile(Path(req["dir"]), req["expect"]))
            elif kind == "changing":
                ok, what = changing_case(req["mode"], office)
                out["problems"] = [] if ok else [what]
                out["what"] = what
        except BaseException:
            out["exception"] = traceback.format_exc()[-3000:]
        out["seconds"] = time.perf_counter() - t0
        out["rss_mb"] = _maxrss_mb()
        out["rss_growth_mb"] = out["rss_mb"] - before
        print(json.dumps(out), flush=True)


def _hostile(office_dir: Path, expect: str) -> dict[str, Any]:
    from datetime import datetime

    from registers.core.period import Period
    from registers.core.settings import Settings
    from registers.office.load import load_office

    t0 = time.perf_counter()
    office = load_office(office_dir, Settings(), Period.month(2026, 11), datetime(2026, 11, 30, 23, 59))
    seconds = time.perf_counter() - t0
    found = [f for f in office.read_findings if f.rule == "input.unreadable"]
    reason = found[0].args["reason"] if found else ""
    problems = []
    if len(found) != 1 or reason.split("|")[0] != expect:
        problems.append(f"expected one input.unreadable ({expect}), got {[f.args['reason'] for f in found]}")
    if seconds > 1.0:
        problems.append(f"took {seconds:.2f} s (more than a second)")
    return {"problems": problems, "reason": reason, "refused_in": seconds}


@dataclass
class Worker:
    memory_mb: int
    scratch: str
    log: Path
    proc: subprocess.Popen[str] | None = None
    baseline_mb: float = 0.0

    def start(self) -> None:
        limit = self.memory_mb << 20

        def limit_memory() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        err = self.log.open("a")
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", "--scratch", self.scratch],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True, preexec_fn=limit_memory,
            env={**os.environ, "RUST_BACKTRACE": "0"},
        )
        ready = self._answer(120)
        if not isinstance(ready, dict) or not ready.get("ready"):
            raise RuntimeError(f"worker did not start: {ready}; see {self.log}")
        self.baseline_mb = float(ready["rss_mb"])

    def _answer(self, timeout: float) -> dict[str, Any] | str:
        assert self.proc is not None and self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            self.stop()
            return "hang"
        line = self.proc.stdout.readline()
        if not line:
            rc = self.proc.wait()
            self.proc = None
            return f"died (exit status {rc})" if rc >= 0 else f"died (signal {-rc})"
        answer: dict[str, Any] = json.loads(line)
        return answer

    def run(self, req: dict[str, Any], timeout: float) -> dict[str, Any] | str:
        if self.proc is None:
            self.start()
        assert self.proc is not None and self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps(req) + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            self.proc = None
            return "died (broken pipe)"
        return self._answer(timeout)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


# ------------------------------------------------------------------------------------------------ parent


@dataclass
class Tally:
    tried: int = 0
    escaped: int = 0
    broken: int = 0
    died: int = 0
    hangs: int = 0
    max_rss_mb: float = 0.0
    slowest: float = 0.0
    failures: list[str] = field(default_factory=list)

    def add(self, label: str, replay: str, answer: dict[str, Any] | str) -> None:
        self.tried += 1
        if answer == "hang":
            self.hangs += 1
            self.failures.append(f"{label}: hang — {replay}")
            return
        if isinstance(answer, str):
            self.died += 1
            self.failures.append(f"{label}: worker {answer} — {replay}")
            return
        self.max_rss_mb = max(self.max_rss_mb, answer["rss_mb"])
        self.slowest = max(self.slowest, answer["seconds"])
        if answer["exception"]:
            self.escaped += 1
            last = answer["exception"].strip().splitlines()[-1]
            self.failures.append(f"{label}: exception escaped: {last} — {replay}")
        elif answer["problems"]:
            self.broken += 1
            self.failures.append(f"{label}: {answer['problems'][0][:300]} — {replay}")


def hostile_section(args: argparse.Namespace, scratch: Path, log: Path) -> tuple[list[str], list[str]]:
    from tests.support.hostile import HOSTILE

    rows = ["| hostile workbook | size | refused as | refused in | worker peak memory growth | "
            "bare python-calamine, no guard |", "|---|---|---|---|---|---|"]
    failures = []
    for name, (build, file_name, expect) in HOSTILE.items():
        d = scratch / "hostile" / name
        d.mkdir(parents=True, exist_ok=True)
        data = build()
        (d / file_name).write_bytes(data)
        worker = Worker(args.memory_mb, str(scratch), log)
        answer = worker.run({"kind": "hostile", "dir": str(d), "expect": expect}, args.timeout)
        worker.stop()
        bare = _bare_reader(d / file_name, args) if args.bare else "—"
        if isinstance(answer, str) or answer["exception"] or answer["problems"]:
            why = answer if isinstance(answer, str) else answer["exception"] or answer["problems"]
            failures.append(f"hostile {name}: {why}")
            rows.append(f"| {name} | {_size(len(data))} | FAILED | | | {bare} |")
            continue
        rows.append(f"| {name} | {_size(len(data))} | {answer['reason'].replace('|', ': ')[:70]} | "
                    f"{answer['refused_in']:.3f} s | {answer['rss_growth_mb']:+.0f} MB | {bare} |")
    return rows, failures


_BARE = r"""
import io, resource, sys, time
import python_calamine as pc
data = open(sys.argv[1], "rb").read()
t = time.time()
try:
    wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    for m in wb.sheets_metadata:
        wb.get_sheet_by_name(m.name).to_python(skip_empty_area=False)
    out = "read"
except BaseException as e:
    out = "error: " + (str(e).splitlines() or [type(e).__name__])[0][:60]
print(f"{out}, {time.time() - t:.1f} s, {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10} MB")
"""


def _bare_reader(path: Path, args: argparse.Namespace) -> str:
    limit = args.memory_mb << 20
    try:
        r = subprocess.run([sys.executable, "-c", _BARE, str(path)], capture_output=True, text=True, timeout=90,
                           preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
                           env={**os.environ, "RUST_BACKTRACE": "0"})
    except subprocess.TimeoutExpired:
        return "still running after 90 s"
    if r.returncode == 0:
        return r.stdout.strip()
    alloc = re.search(r"memory allocation of (\d+) bytes failed", r.stderr)
    if alloc:
        return f"process aborted: allocation of {_size(int(alloc.group(1)))} failed"
    return f"process died (status {r.returncode})"


def _size(n: int) -> str:
    for unit, k in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= k:
            return f"{n / k:,.1f} {unit}"
    return f"{n} B"


def changing_section(args: argparse.Namespace, scratch: Path, log: Path) -> tuple[list[str], list[str]]:
    from tests.support.reader_proof import CHANGING_MODES

    rows = ["| the register while it is read | what happened | promise |", "|---|---|---|"]
    failures = []
    worker = Worker(args.memory_mb, str(scratch), log)
    for mode in CHANGING_MODES:
        answer = worker.run({"kind": "changing", "mode": mode}, args.timeout)
        if isinstance(answer, str) or answer["exception"]:
            failures.append(f"changing {mode}: {answer if isinstance(answer, str) else answer['exception']}")
            rows.append(f"| {mode} | FAILED | no |")
            continue
        ok = not answer["problems"]
        if not ok:
            failures.append(f"changing {mode}: {answer['what']}")
        rows.append(f"| {mode} | {answer['what']} | {'kept' if ok else 'BROKEN'} |")
    worker.stop()
    return rows, failures


def fuzz_section(args: argparse.Namespace, scratch: Path, log: Path, seconds: float) -> dict[str, Tally]:
    tallies = {k: Tally() for k in KINDS}
    worker = Worker(args.memory_mb, str(scratch), log)
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline:
        kind = KINDS[i % 2] if i % 3 else "bytes"  # two mutated workbooks for every cell case
        seed = args.seed * 1_000_000 + i
        i += 1
        answer = worker.run({"kind": kind, "seed": seed}, args.timeout)
        tallies[kind].add(kind, f"python scripts/prove_reader.py --replay {kind}:{seed}", answer)
        if isinstance(answer, dict) and answer["rss_mb"] > args.memory_mb * 0.6:
            worker.stop()  # a fresh worker, so one input's peak does not hide the next one's
    worker.stop()
    return tallies


def atheris_section(args: argparse.Namespace, scratch: Path, seconds: float) -> dict[str, Tally]:
    """libFuzzer runs, restarted after each crash until the time is up."""
    from tests.support.reader_proof import corpus

    tallies: dict[str, Tally] = {}
    seeds = scratch / "atheris-seeds"
    seeds.mkdir(exist_ok=True)
    for p in corpus(200_000):
        shutil.copy(p, seeds / p.name)
    artifacts = scratch / "atheris-artifacts"
    artifacts.mkdir(exist_ok=True)
    for target, share in (("bytes", 0.7), ("cells", 0.3)):
        tally = tallies.setdefault(f"atheris {target}", Tally())
        deadline = time.monotonic() + seconds * share
        work = scratch / f"atheris-corpus-{target}"
        work.mkdir(exist_ok=True)
        while (left := deadline - time.monotonic()) > 5:
            cmd = [sys.executable, str(ROOT / "fuzz" / "fuzz_reader.py"), target, str(work)]
            if target == "bytes":
                cmd.append(str(seeds))
            cmd += [f"-max_total_time={int(left)}", f"-timeout={int(args.timeout)}",
                    f"-rss_limit_mb={args.memory_mb}", f"-artifact_prefix={artifacts}/{target}-",
                    "-print_final_stats=1", f"-seed={args.seed + 1 + tally.tried}"]
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=left + 120,
                               env={**os.environ, "RUST_BACKTRACE": "0"})
            runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", r.stderr)
            done = int(runs.group(1)) if runs else len(re.findall(r"^#\d+", r.stderr, re.M))
            tally.tried += done
            rss = re.search(r"stat::peak_rss_mb:\s*(\d+)", r.stderr)
            if rss:
                tally.max_rss_mb = max(tally.max_rss_mb, float(rss.group(1)))
            slow = re.search(r"stat::slowest_unit_time_sec:\s*(\d+)", r.stderr)
            if slow:
                tally.slowest = max(tally.slowest, float(slow.group(1)))
            if r.returncode == 0:
                break
            artifact = re.search(r"Test unit written to (\S+)", r.stderr)
            where = artifact.group(1) if artifact else "(no artifact)"
            replay = f"python fuzz/fuzz_reader.py {target} {where}"
            if "timeout" in r.stderr.lower() and "ERROR: libFuzzer: timeout" in r.stderr:
                tally.hangs += 1
                tally.failures.append(f"atheris {target}: hang — {replay}")
            elif "Uncaught Python exception" in r.stderr or "Traceback (most recent call last)" in r.stderr:
                exc = re.search(r"^(\w+(?:Error|Exception|Promise|Exit)\b.*)$", r.stderr, re.M)
                kind = "broken promise" if "BrokenPromise" in r.stderr else "exception escaped"
                if kind == "broken promise":
                    tally.broken += 1
                else:
                    tally.escaped += 1
                tally.failures.append(f"atheris {target}: {kind}: {exc.group(1)[:200] if exc else ''} — {replay}")
            else:
                tally.died += 1
                tail = [ln for ln in r.stderr.splitlines() if "ERROR" in ln or "allocation" in ln][:1]
                tally.failures.append(f"atheris {target}: crash {tail} — {replay}")
    return tallies


def hypothesis_section(args: argparse.Namespace, seconds: float) -> Tally:
    tally = Tally()
    # a cell example costs ~0.3 s (every rule runs), a mutated workbook ~0.03 s: both tests get this many
    examples = args.hypothesis_examples or max(20, int(seconds / 0.4))
    env = {**os.environ, "REGISTERS_FUZZ_EXAMPLES": str(examples), "RUST_BACKTRACE": "0"}
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--hypothesis-show-statistics",
           "--hypothesis-seed", str(args.seed), str(ROOT / "tests" / "test_fuzz_reader.py")]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds * 3 + 120, cwd=ROOT, env=env)
    except subprocess.TimeoutExpired:
        tally.hangs += 1
        tally.failures.append("hypothesis: the property tests did not finish in time")
        return tally
    tally.tried = sum(int(n) for n in re.findall(r"(\d+) passing", r.stdout))
    failing = sum(int(n) for n in re.findall(r"(\d+) failing", r.stdout))
    if r.returncode != 0:
        tally.broken += max(failing, 1)
        tally.failures.append("hypothesis: " + "\n".join(r.stdout.strip().splitlines()[-15:]))
    return tally


def replay(spec: str) -> int:
    from tests.support.reader_proof import bytes_case, cells_case, corpus, mutated_workbook, rng_pick

    kind, seed_text = spec.split(":")
    seed = int(seed_text)
    scratch = Path(tempfile.mkdtemp(prefix="replay-"))
    if kind == "cells":
        problems = cells_case(rng_pick(random.Random(seed)))
    else:
        name, data = mutated_workbook(rng_pick(random.Random(seed)), corpus())
        (scratch / f"input-{name}").write_bytes(data)
        print(f"input written to {scratch / f'input-{name}'}")
        problems = bytes_case(rng_pick(random.Random(seed)), corpus(), scratch / "office")
    print("\n".join(problems) or "the promise holds")
    return 1 if problems else 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=600, help="total budget (default 600)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--timeout", type=float, default=30, help="seconds one input may take before it is a hang")
    p.add_argument("--memory-mb", type=int, default=4096, help="address-space limit of the worker processes")
    p.add_argument("--no-atheris", action="store_true")
    p.add_argument("--no-hypothesis", action="store_true")
    p.add_argument("--no-bare", dest="bare", action="store_false", help="skip running the bare reader on the "
                   "hostile workbooks")
    p.add_argument("--hypothesis-examples", type=int, default=0, help="examples per property test "
                   "(default: what fits its share of the budget)")
    p.add_argument("--replay", metavar="KIND:SEED")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--scratch", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker:
        worker_main(args.scratch)
        return 0
    if args.replay:
        return replay(args.replay)

    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="prove-reader-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    log = scratch / "workers.log"
    print(f"scratch: {scratch}", file=sys.stderr)
    failures: list[str] = []

    hostile_rows, f = hostile_section(args, scratch, log)
    failures += f
    changing_rows, f = changing_section(args, scratch, log)
    failures += f

    try:
        import atheris  # noqa: F401

        have_atheris = not args.no_atheris
    except ImportError:
        have_atheris = False
    left = args.seconds - (time.monotonic() - started)
    shares = {"fuzz": 0.5, "atheris": 0.3 if have_atheris else 0.0, "hypothesis": 0.0 if args.no_hypothesis else 0.2}
    total = sum(shares.values())
    budget = {k: max(left, 30) * v / total for k, v in shares.items()}

    tallies: dict[str, Tally] = {}
    if not args.no_hypothesis:
        tallies["hypothesis (tests/io/test_fuzz_reader.py)"] = hypothesis_section(args, budget["hypothesis"])
    for kind, t in fuzz_section(args, scratch, log, budget["fuzz"]).items():
        tallies[{"cells": "random cell values (seeded)", "bytes": "mutated workbooks (real + demo, seeded)"}[kind]] = t
    if have_atheris:
        tallies.update(atheris_section(args, scratch, budget["atheris"]))

    for t in tallies.values():
        failures += t.failures
    print(f"\n## Reader proof — {time.strftime('%Y-%m-%d %H:%M')}, {time.monotonic() - started:.0f} s, "
          f"seed {args.seed}, per-input timeout {args.timeout:.0f} s, worker memory limit {args.memory_mb} MB\n")
    print("| inputs | tried | exceptions escaped | broken promises | process crashes | hangs | max RSS | slowest |")
    print("|---|---|---|---|---|---|---|---|")
    for name, t in tallies.items():
        slowest = f"{t.slowest:.1f} s" if t.slowest else "—"
        rss = f"{t.max_rss_mb:.0f} MB" if t.max_rss_mb else "—"
        print(f"| {name} | {t.tried:,} | {t.escaped} | {t.broken} | {t.died} | {t.hangs} | {rss} | {slowest} |")
    if not have_atheris:
        print("\n(atheris is not installed: `pip install atheris`; the coverage-guided runs were skipped)")
    print()
    print("\n".join(hostile_rows))
    print()
    print("\n".join(changing_rows))
    print()
    if failures:
        print(f"### {len(failures)} failures\n")
        for line in failures[:60]:
            print(f"- {line}")
        return 1
    print("No failures.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
