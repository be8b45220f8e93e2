"""The command line as a finance/IT person meets it: exit statuses, JSON contract, clear errors."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from registers.cli.main import main
from registers.core.settings import load_settings
from tests.support.helpers import make_office

HEADERS = ["收据号", "收款日期", "房号", "收费项目", "金额", "收款方式", "收款人"]


def _office(tmp_path: Path) -> Path:
    return make_office(tmp_path / "o", {
        "收费台账.xlsx": {"收费明细": [["阿尔卡迪亚管理处 收费台账"], HEADERS,
                                      ["NO.1", datetime(2026, 11, 3, 9), "3-2-1501", "物业服务费", "？", "现金", "王芳"],
                                      ["NO.2", datetime(2026, 11, 4, 9), None, "物业服务费", 10, "现金", "王芳"]]},
    }, config='office = "测试管理处"\n')


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, dict]:
    code = main(argv)
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _office(tmp_path)
    code, doc = _json(capsys, ["check", str(root), "--month", "2026-11", "--as-of", "2026-11-30 23:59",
                               "--format", "json", "--select", "input.bad-value", "input.missing-value"])
    assert code == 1
    assert doc["office"] == "测试管理处"
    assert doc["period"] == {"from": "2026-11-01", "to": "2026-11-30"}
    assert [(f["rule"], f["file"], f["sheet"], f["row"], f["column"], f["cell"]) for f in doc["findings"]] == [
        ("input.bad-value", "收费台账.xlsx", "收费明细", 3, "E", "E3"),
        ("input.missing-value", "收费台账.xlsx", "收费明细", 4, "C", "C4"),
    ]
    f = doc["findings"][0]
    assert set(f) >= {"rule", "clause", "severity", "register", "file", "sheet", "row", "column", "cell", "key",
                      "date", "message"}
    assert (f["clause"], f["severity"], f["register"], f["key"], f["date"]) == (
        "4.9", "error", "fee_ledger", "NO.1", "2026-11-03")
    assert "金额" in f["message"] and "？" in f["message"]
    assert doc["summary"] == {"error": 2, "warning": 0, "info": 0,
                              "by_rule": {"input.bad-value": 1, "input.missing-value": 1}}


@pytest.mark.parametrize("lang, word", [("zh-Hant", "金額"), ("en", "Amount")])
def test_languages(tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, word: str) -> None:
    root = _office(tmp_path)
    _, doc = _json(capsys, ["check", str(root), "--month", "2026-11", "--format", "json", "--lang", lang,
                            "--select", "input.bad-value"])
    assert word in doc["findings"][0]["message"]


def test_text_output_names_the_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _office(tmp_path)
    code = main(["check", str(root), "--month", "2026-11", "--select", "input.bad-value"])
    out = capsys.readouterr().out
    assert code == 1
    assert "收费台账.xlsx!收费明细!E3" in out
    assert "input.bad-value" in out and "4.9" in out


def test_clean_selection_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _office(tmp_path)
    assert main(["check", str(root), "--month", "2026-10", "--select", "input.bad-value"]) == 0


def test_no_such_folder_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nope")]) == 2
    assert "nope" in capsys.readouterr().err


def test_empty_folder_is_exit_2_with_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["check", str(tmp_path / "empty")]) == 2
    assert "没有找到任何电子表格" in capsys.readouterr().err


def test_text_file_named_xlsx_and_encrypted_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      real_workbooks: Path) -> None:
    root = _office(tmp_path)
    (root / "假的.xlsx").write_text("这不是表格\n", encoding="utf-8")
    (root / "加密.xlsx").write_bytes((real_workbooks / "calamine__pass_protected.xlsx").read_bytes())
    code, doc = _json(capsys, ["check", str(root), "--month", "2026-11", "--format", "json",
                               "--select", "input.unreadable"])
    assert code == 1
    got = {(f["file"], f["rule"]): f["message"] for f in doc["findings"]}
    assert "不是电子表格" in got[("假的.xlsx", "input.unreadable")]
    assert "密码" in got[("加密.xlsx", "input.unreadable")]
    # the rest of the office was still read
    code, doc = _json(capsys, ["check", str(root), "--month", "2026-11", "--format", "json",
                               "--select", "input.bad-value"])
    assert len(doc["findings"]) == 1


def test_bad_arguments_and_bad_config_are_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _office(tmp_path)
    with pytest.raises(SystemExit) as e:
        main(["check", str(root), "--month", "2026-13"])
    assert e.value.code == 2
    assert main(["check", str(root), "--select", "fee.no-such-rule"]) == 2
    assert "fee.no-such-rule" in capsys.readouterr().err
    (root / "registers.toml").write_text('office = "x"\n[limits]\nrepair_dispatch_minute = 30\n', encoding="utf-8")
    assert main(["check", str(root)]) == 2
    err = capsys.readouterr().err
    assert "limits.repair_dispatch_minute" in err and "repair_dispatch_minutes" in err


def _digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_registers_are_byte_for_byte_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _office(tmp_path)
    before = _digest(root)
    main(["check", str(root), "--month", "2026-11"])
    main(["check", str(root), "--month", "2026-11", "--format", "json"])
    main(["init", str(tmp_path / "other")])
    main(["init", str(root)])  # init into an existing office writes only what is missing
    after = {k: v for k, v in _digest(root).items() if k in before}
    assert after == before
    assert (root / "registers.toml").read_text(encoding="utf-8") == 'office = "测试管理处"\n'


def test_rules_command_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    ids = [r["id"] for r in json.loads(capsys.readouterr().out)]
    assert "input.unreadable" in ids and "input.duplicate-id" in ids


def test_console_script_runs_and_help_teaches() -> None:
    out = subprocess.run([sys.executable, "-m", "registers", "check", "--help"], capture_output=True, text=True,
                         check=True).stdout
    assert "--month" in out and "退出状态" in out


def test_help_does_not_wait_for_the_data_stack() -> None:
    """``registers --help`` and every command's ``--help`` answer without importing pandas or pyarrow
    (0.07 s instead of 0.46 s here): the command that reads workbooks imports them."""
    code = ("import sys\nfrom registers.cli.main import build_parser\nbuild_parser()\n"
            "print(sorted(m for m in ('pandas', 'pyarrow', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("named", [None, "mimalloc"])
def test_the_command_line_has_arrow_allocate_through_malloc_unless_told_otherwise(named: str | None) -> None:
    """Arrow's own allocator keeps freed pages resident (≈ 70 MB after a year's receipts); the entry point
    asks for the C library's malloc, whose pages release_memory hands back — unless the environment
    already names an allocator."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if named:
        env["ARROW_DEFAULT_MEMORY_POOL"] = named
    code = ("from registers.core.resources import prefer_system_allocator, use_system_allocator\n"
            "prefer_system_allocator(); use_system_allocator()\n"
            "import pyarrow as pa; print(pa.default_memory_pool().backend_name)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert out.strip() == (named or "system")


_THREADS_AFTER_NUMPY = (
    "import os, sys\n"
    "if sys.argv[1] == 'prepared':\n"
    "    from registers.core.resources import prepare_process; prepare_process()\n"
    "import numpy\n"
    "print(os.environ.get('OPENBLAS_NUM_THREADS'), len(os.listdir('/proc/self/task')))\n"
)


@pytest.mark.parametrize("named", [None, "3"])
def test_our_processes_keep_openblas_to_one_thread_unless_told_otherwise(named: str | None) -> None:
    """numpy's OpenBLAS starts a thread per core that only costs the readers CPU (nothing here multiplies
    matrices): the command line and the scheduler scripts ask for one, unless the environment says."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if named:
        env["OPENBLAS_NUM_THREADS"] = named
    out = subprocess.run([sys.executable, "-c", _THREADS_AFTER_NUMPY, "prepared"], capture_output=True,
                         text=True, check=True, env=env).stdout.split()
    assert out[0] == (named or "1")


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through Linux's /proc")
def test_a_prepared_process_has_no_blas_threads_waiting() -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}

    def threads(how: str) -> int:
        out = subprocess.run([sys.executable, "-c", _THREADS_AFTER_NUMPY, how], capture_output=True, text=True,
                             check=True, env=env).stdout.split()
        return int(out[1])

    plain, prepared = threads("plain"), threads("prepared")
    if plain == prepared:
        pytest.skip(f"numpy starts no BLAS threads here ({plain} threads either way: one core, or no OpenBLAS)")
    assert prepared < plain


@pytest.mark.slow
@pytest.mark.parametrize("how", ["plain", "prepare_process", "prepare_worker"])
def test_our_processes_look_for_cycles_less_often_a_library_user_is_not_touched(how: str) -> None:
    """The command line, the scheduler scripts and the group's workers raise the collector's young threshold
    (a check's imports made it run 200 collections over objects that live to the end); importing registers
    as a library leaves the caller's collector as it was."""
    code = ("import gc, sys\n"
            "import registers.check, registers.core.resources as r\n"
            "if sys.argv[1] != 'plain':\n"
            "    getattr(r, sys.argv[1])()\n"
            "print(*gc.get_threshold())")
    out = subprocess.run([sys.executable, "-c", code, how], capture_output=True, text=True, check=True).stdout.split()
    plain = subprocess.run([sys.executable, "-c", "import gc; print(*gc.get_threshold())"], capture_output=True,
                           text=True, check=True).stdout.split()
    if how == "plain":
        assert out == plain
    else:
        from registers.core.resources import MIDDLE_COLLECTION, YOUNG_COLLECTION

        assert out == [str(YOUNG_COLLECTION), str(MIDDLE_COLLECTION), plain[2]]


def test_a_bug_is_exit_2_with_a_report_never_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit 1 means "error findings" to a scheduler; a crash must not look like that."""
    import registers.check

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("something unexpected")

    monkeypatch.setattr(registers.check, "load_office", broken)
    assert main(["check", str(_office(tmp_path)), "--format", "json"]) == 2
    err = capsys.readouterr().err
    assert "内部错误（ValueError: something unexpected）" in err and "Traceback" in err


def test_init_names_the_office_as_told_or_by_its_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A new office never carries the demo's name: ``--office NAME``, else the folder's name."""
    main(["init", str(tmp_path / "锦绣花园管理处")])
    assert 'office = "锦绣花园管理处"' in (tmp_path / "锦绣花园管理处" / "registers.toml").read_text(encoding="utf-8")
    main(["init", str(tmp_path / "new"), "--office", "蚌埠某某物业 金色家园管理处"])
    toml = (tmp_path / "new" / "registers.toml").read_text(encoding="utf-8")
    assert 'office = "蚌埠某某物业 金色家园管理处"' in toml and "阿尔卡迪亚" not in toml
    assert "蚌埠某某物业 金色家园管理处" in capsys.readouterr().out
    main(["init", str(tmp_path / "quoted"), "--office", '"金色家园"管理处'])
    settings = load_settings(tmp_path / "quoted")
    assert settings.office == '"金色家园"管理处'
    assert settings.records_from == date.today()  # its registers begin today: no day before is judged


@pytest.mark.parametrize("command", [["check"], ["close-day", "--date", "2026-11-27"], ["monthly", "--month", "2026-11"],
                                     ["match", "--month", "2026-11"], ["explain"]])
def test_a_workbook_given_for_the_office_says_to_give_its_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    root = _office(tmp_path)
    book = next(root.glob("*.xlsx"))
    assert main([command[0], str(book), *command[1:]]) == 2
    err = capsys.readouterr().err
    assert "是一个文件，不是管理处文件夹" in err and str(root) in err
    if command[0] != "match":  # (match has no --lang yet)
        assert main([command[0], str(book), *command[1:], "--lang", "en"]) == 2
        assert "is a file, not an office folder" in capsys.readouterr().err
    assert main([command[0], str(tmp_path / "nowhere"), *command[1:]]) == 2
    assert "文件夹不存在" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["check", "--month", "2026-12"], ["close-day", "--date", "2026-12-02"],
                                     ["monthly", "--month", "2026-12", "--no-pdf"], ["match", "--month", "2026-12"]])
def test_an_as_of_before_the_period_begins_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    """December judged 'as of' 30 November: nothing of it can be judged then — said, not silently done."""
    root = _office(tmp_path)
    assert main([command[0], str(root), *command[1:], "--as-of", "2026-11-30 23:59"]) == 2
    err = capsys.readouterr().err
    assert "截至时刻 2026-11-30 23:59 在所查期间" in err and "开始之前" in err
    assert not (root / "reports").exists() or not any((root / "reports").rglob("*.*"))


def test_from_alone_checks_that_day_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _office(tmp_path)
    main(["check", str(root), "--from", "2026-11-03", "--as-of", "2026-11-30 23:59", "--exit-zero"])
    assert "2026-11-03 至 2026-11-03" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert "单独使用时只查这一天" in capsys.readouterr().out
