"""Where the files shipped with the package are (light to import: the day close and the monthly report
find their templates without loading openpyxl)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def templates_dir() -> Path:
    """The shipped templates: ``registers.templates`` when installed, ``templates/`` in a source checkout."""
    try:
        return Path(str(resources.files("registers.templates")))
    except ModuleNotFoundError:  # running from a checkout that shadows the installed package
        return Path(__file__).resolve().parents[2] / "templates"  # registers/core/shipped.py -> the checkout
