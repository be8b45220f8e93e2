"""The shipped templates are found both ways: installed (``registers.templates``) and from a source checkout,
where the top-level ``templates/`` folder is not a subpackage of ``registers`` (CI runs the tests that way)."""

from __future__ import annotations

from importlib import resources

import pytest

from registers.core import shipped
from tests.support.paths import REPO


def test_a_checkout_finds_its_templates_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str) -> None:
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(resources, "files", not_installed)
    found = shipped.templates_dir()
    assert found == REPO / "templates"
    assert (found / "blank" / "收费台账.xlsx").is_file() and (found / "monthly.html.j2").is_file()


def test_the_found_folder_holds_the_templates() -> None:
    found = shipped.templates_dir()
    assert (found / "day.html.j2").is_file() and (found / "registers.toml").is_file()
