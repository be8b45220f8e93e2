"""The group on a Dask distributed cluster (issue 24): ``registers check GROUP --offices --scheduler ADDRESS``.

The cluster is a ``LocalCluster`` of two worker processes, one thread each, in this test process's scheduler;
the same pure task as the local pool runs on them and the summary must be the local pool's.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from registers.cli.main import main
from registers.core.period import Period
from registers.group import OfficeOptions, OfficeResult, check_office, office_options
from registers.i18n import word
from tests.support.helpers import make_office

MONTH = ["--month", "2026-11", "--as-of", "2026-11-30 23:59"]
HAS_DASK = importlib.util.find_spec("distributed") is not None
needs_dask = pytest.mark.skipif(not HAS_DASK, reason="dask.distributed is not installed (pip install 'registers[dask]')")

REPAIRS: dict[str, dict[str, list[list[Any]]]] = {"报修登记.xlsx": {"11月": [  # a title row, Traditional Chinese headers, a footer
    ["2026年11月報修登記"],
    ["報修時間", "住戶姓名", "地址/房號", "聯繫電話", "報修內容", "預約維修時間"],
    [datetime(2026, 11, 3, 9), "陳大文", "1-1-101", "13800138000", "漏水", datetime(2026, 11, 3, 14)],
    [datetime(2026, 11, 5, 10), "李小明", "2-1-302", "13900139000", "停電", None],
    ["製表人：王"],
]}}


def _options() -> OfficeOptions:
    return office_options(Period.parse_month("2026-11"), as_of=datetime(2026, 11, 30, 23, 59))


@pytest.fixture
def group(demo_folder: Path, tmp_path: Path) -> Path:
    root = tmp_path / "集团"
    for name in ("华东/浦东", "华东/闵行"):
        shutil.copytree(demo_folder, root / name)
        (root / name / "registers.toml").write_text(f'office = "{name[3:]}管理处"\n', encoding="utf-8")
    make_office(root / "小区报修", REPAIRS)
    return root


@pytest.fixture
def cluster() -> Iterator[Any]:
    """Two worker processes of one thread each; a worker takes one office at a time (saturation 1), so a
    worker that dies takes down only the office it was checking."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.scheduler.worker-saturation": 1.0,
                          "distributed.scheduler.allowed-failures": 1}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, memory_limit="1.5GiB",
                         dashboard_address=None) as c:
        yield c


def _cli_json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, dict[str, Any]]:
    code = main(argv)
    return code, json.loads(capsys.readouterr().out)


@needs_dask
@pytest.mark.slow
def test_the_summary_on_dask_equals_the_local_pools(group: Path, cluster: Any, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", str(group), "--offices", *MONTH, "--format", "json", "--no-history"]
    code, on_dask = _cli_json(capsys, [*args, "--scheduler", cluster.scheduler_address,
                                       "--out", str(tmp_path / "dask")])
    local_code, local = _cli_json(capsys, [*args, "--out", str(tmp_path / "local")])
    assert (code, local_code) == (1, 1)
    assert on_dask == local
    assert [o["folder"] for o in on_dask["offices"]] == ["华东/浦东", "华东/闵行", "小区报修"]
    assert on_dask["summary"]["checked"] == 3 and on_dask["summary"]["error"] > 0
    assert any(f["rule"].startswith("repair.") for f in on_dask["offices"][2]["report"]["findings"])
    name = "集团汇总 2026-11.json"
    assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    assert not (group / "华东" / "浦东" / ".registers").exists()  # --no-history: nothing written in the offices


def _raises_on_boom(folder: str, options: OfficeOptions) -> OfficeResult:
    if Path(folder).name == "boom":
        raise RuntimeError("the task itself failed")
    return check_office(folder, options)


@needs_dask
@pytest.mark.slow
def test_an_office_that_fails_is_reported_and_the_others_finish(group: Path, cluster: Any) -> None:
    from registers.group_dask import check_group_on_dask

    (group / "华东" / "闵行" / "registers.toml").write_text("[limits]\nno_such_limit = 3\n", encoding="utf-8")
    make_office(group / "boom", REPAIRS)
    seen: list[str] = []
    result = check_group_on_dask(group, _options(), address=cluster.scheduler_address, task=_raises_on_boom,
                                 progress=lambda done, total, r: seen.append(r.name))
    by_name = {o.name: o for o in result.offices}
    assert list(by_name) == ["boom", "华东/浦东", "华东/闵行", "小区报修"] and sorted(seen) == sorted(by_name)
    assert by_name["华东/闵行"].exit_status == 2 and "no_such_limit" in (by_name["华东/闵行"].error or "")
    assert by_name["boom"].exit_status == 2 and "the task itself failed" in (by_name["boom"].error or "")
    assert by_name["华东/浦东"].report == check_office(group / "华东" / "浦东", _options()).report
    assert by_name["小区报修"].exit_status == 1
    assert result.exit_status() == 2 and result.totals()["failed"] == 2 and result.workers == 2


def _kills_its_worker(folder: str, options: OfficeOptions) -> OfficeResult:
    """Kills the worker process checking it (as running out of memory would): 'crash' every time, 'once' on
    its first try only (a marker file beside it says it has been tried)."""
    path = Path(folder)
    if path.name == "crash":
        os._exit(70)
    if path.name == "once":
        marker = path.parent / ".once-tried"
        if not marker.exists():
            marker.write_text("x")
            os._exit(70)
    return check_office(folder, options)


@needs_dask
@pytest.mark.slow
def test_a_worker_killed_mid_run_leaves_no_office_missing(group: Path, demo_folder: Path, cluster: Any) -> None:
    from registers.group_dask import check_group_on_dask

    shutil.copytree(demo_folder, group / "crash")
    shutil.copytree(demo_folder, group / "once")
    result = check_group_on_dask(group, _options(), address=cluster.scheduler_address, task=_kills_its_worker,
                                 lang="en")
    by_name = {o.name: o for o in result.offices}
    assert sorted(by_name) == sorted(["crash", "once", "华东/浦东", "华东/闵行", "小区报修"])
    # killed twice (the scheduler's allowed failures: 1): reported as failed, in the language asked for
    assert (by_name["crash"].exit_status, by_name["crash"].error) == (2, word("dask.worker-died", "en"))
    # killed once: run again on a worker, and its result is the office's
    assert (group / ".once-tried").exists()
    assert by_name["once"].report == check_office(group / "once", _options()).report
    assert [by_name[n].exit_status for n in ("once", "华东/浦东", "华东/闵行", "小区报修")] == [1, 1, 1, 1]


@needs_dask
@pytest.mark.slow
def test_scheduler_unreachable_or_without_workers_is_exit_2(group: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    import dask
    from distributed import LocalCluster

    import registers.group_dask as on_dask

    monkeypatch.setattr(on_dask, "CONNECT_TIMEOUT", 1.0)
    monkeypatch.setattr(on_dask, "WORKERS_TIMEOUT", 1.0)
    assert main(["check", str(group), "--offices", *MONTH, "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "无法连接 Dask 调度器 tcp://127.0.0.1:9" in err and "Traceback" not in err
    assert main(["check", str(group), "--offices", *MONTH, "--scheduler", "scheduler-pc", "--lang", "zh-Hant"]) == 2
    assert "無法連線 Dask 排程器 scheduler-pc" in capsys.readouterr().err
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
            LocalCluster(n_workers=0, processes=True, dashboard_address=None) as empty:
        assert main(["check", str(group), "--offices", *MONTH, "--lang", "en",
                     "--scheduler", empty.scheduler_address]) == 2
    assert f"the Dask scheduler at {empty.scheduler_address} had no worker within 1 s" in capsys.readouterr().err
    assert not (group / "reports").exists()


def test_without_dask_installed_scheduler_is_exit_2(group: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` raises ImportError
    assert main(["check", str(group), "--offices", *MONTH, "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    err = capsys.readouterr().err
    assert "--scheduler 需要 Dask" in err and "pip install 'registers[dask]'" in err
    assert not (group / "reports").exists()
    with pytest.raises(SystemExit) as exit_:  # --scheduler is for a group
        main(["check", str(group / "小区报修"), "--scheduler", "tcp://127.0.0.1:8786"])
    assert exit_.value.code == 2 and "--scheduler 需要与 --offices 一起使用" in capsys.readouterr().err


@pytest.mark.slow
def test_the_local_pool_imports_no_dask() -> None:
    code = ("import sys, registers.group, registers.group_dask, registers.cli.main; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
