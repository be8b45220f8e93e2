"""The live page's content: the office's current findings grouped by register, and what the last save changed.

Rendered with the reports' Jinja2 environment (:func:`registers.reports.day.html.environment`: an office's
own ``templates/`` first, then the shipped ``watch.html.j2``; autoescape on, so register text is always
escaped).  The page is the whole document; each update sends only its body (``watch_body.html.j2``).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

from registers.core.findings import Finding
from registers.i18n import register_name, render_message, suggestion_text, word
from registers.reports.day.html import environment
from registers.reports.findings.terminal import file_link
from registers.watch.session import Update

PAGE = "watch.html.j2"
BODY = "watch_body.html.j2"
WORDS = ("watch.page.title", "watch.page.changes", "watch.page.first", "watch.page.tag-new", "watch.page.tag-resolved",
         "watch.page.findings", "watch.page.live", "watch.page.offline", "watch.page.links", "severity", "rule",
         "cell", "message", "clean")


def _row(f: Finding, root: Path, lang: str, state: str = "") -> dict[str, Any]:
    return {"severity": f.severity.label, "severity_word": word(f.severity.label, lang), "rule": f.rule,
            "address": f.address, "href": file_link(root, f.file), "message": render_message(f, lang),
            "suggestion": suggestion_text(f, lang) if state != "resolved" else None,
            "register": register_name(f.register or "office", lang), "state": state}


def _groups(findings: Sequence[Finding], root: Path, lang: str, new: set[int]) -> list[dict[str, Any]]:
    out = []
    for register, group in groupby(findings, key=lambda f: f.register or "office"):
        items = list(group)
        out.append({"name": register_name(register, lang), "count": len(items),
                    "rows": [_row(f, root, lang, "new" if id(f) in new else "") for f in items]})
    return out


def context(update: Update, root: Path) -> dict[str, Any]:
    """What the templates are given (all text: escaped by the templates' autoescape)."""
    lang = update.lang
    w = {key.rsplit(".", 1)[-1]: word(key, lang) for key in WORDS}
    ctx: dict[str, Any] = {"lang": lang, "w": w, "error": update.error, "number": update.number,
                           "checked": word("watch.page.checked", lang, time=update.at.strftime("%Y-%m-%d %H:%M:%S"),
                                           n=update.number, seconds=f"{update.seconds:.2f}"),
                           "office": "", "summary": "", "groups": [], "changes": [], "first": update.number == 1}
    report = update.report
    if report is None:
        return ctx
    office = report.office
    ctx["office"] = office.settings.office
    ctx["summary"] = report.summary_line(lang)
    new_ids = {id(f) for f in update.new}
    ctx["groups"] = _groups(report.findings, office.root, lang, new_ids)
    ctx["changes"] = ([_row(f, office.root, lang, "new") for f in update.new]
                      + [_row(f, office.root, lang, "resolved") for f in update.resolved])
    return ctx


def render_body(update: Update, root: Path) -> str:
    return environment(root).get_template(BODY).render(**context(update, root))


def render_page(update: Update, root: Path) -> str:
    return environment(root).get_template(PAGE).render(**context(update, root))
