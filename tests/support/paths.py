"""Where the checkout and the shared material beside it are, for tests at any depth of ``tests/``."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]  # the checkout: registers/, tests/, scripts/ …
SHARED = REPO.parent / "shared"  # ../shared: the specs and the real workbooks, beside the checkout (CI, developers)
