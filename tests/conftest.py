from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.paths import SHARED

REAL_WORKBOOKS = SHARED / "real-workbooks"


@pytest.fixture
def real_workbooks() -> Path:
    if not REAL_WORKBOOKS.is_dir():
        pytest.skip(f"{REAL_WORKBOOKS} is absent: the shared real-workbook corpus sits beside the checkout only in CI "
                    "and on the developers' machines")
    return REAL_WORKBOOKS


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo office, written once per test module; tests copy it before changing anything in it."""
    from registers.demo.office import write_demo

    dest = tmp_path_factory.mktemp("demo") / "阿尔卡迪亚"
    write_demo(dest)
    return dest
