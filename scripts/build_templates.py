"""Rewrite templates/blank/*.xlsx from the register spec (run after changing registers/core/spec.py)."""

from __future__ import annotations

from pathlib import Path

from registers.reports.blank import build_templates

if __name__ == "__main__":
    for path in build_templates(Path(__file__).resolve().parent.parent / "templates" / "blank"):
        print(path)
