"""``registers watch``: re-check an office each time a clerk saves a register, in Excel, WPS or anything else.

* :mod:`~registers.watch.session` — one re-check: the office checked as ``check`` checks it (the
  workbooks that did not change taken from a parse cache), compared with the last one (new and
  resolved findings), the findings workbook rewritten;
* :mod:`~registers.watch.saves` — which changes in the folder are a save of something the check reads,
  and waiting for the folder to settle (watchfiles);
* :mod:`~registers.watch.page` and :mod:`~registers.watch.server` — the local, read-only page, updated
  live by server-sent events (Starlette on uvicorn);
* :mod:`~registers.watch.run` — the loop that ties them together, and its clean end on Ctrl-C or SIGTERM.
"""
