"""registers — keeps a property-management office's Excel registers (台账) honest."""

from __future__ import annotations

__version__ = "0.1.0"
