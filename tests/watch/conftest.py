from __future__ import annotations

from pathlib import Path

import pytest

from tests.watch.offices import key_office


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """The small key office of :mod:`tests.watch.offices`, in a folder named as offices name theirs."""
    return key_office(tmp_path / "某某管理处")
