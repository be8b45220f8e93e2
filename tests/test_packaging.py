"""The wheel holds every package of ``registers/``: pyproject.toml lists them by hand (the templates folder is
mapped into the package, which automatic discovery cannot do), so a new subpackage must be added there."""

from __future__ import annotations

import tomllib

from tests.support.paths import REPO


def test_every_package_under_registers_is_in_the_wheel() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(REPO).parts)
        for p in (REPO / "registers").rglob("__init__.py")
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert {"registers.templates", "registers.templates.blank"} <= listed
