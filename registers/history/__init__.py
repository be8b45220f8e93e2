"""Run history: every ``check`` and ``close-day`` run, in ``OFFICE_DIR/.registers/history.sqlite``.

* :mod:`registers.history.store` owns the SQLite file: it records a run and compares it with the
  previous run of the same kind and period (:class:`~registers.history.store.RunDiff`: each finding
  new or open since when, and the findings resolved);
* :mod:`registers.history.fingerprints` is how a finding is known across runs;
* :mod:`registers.history.queries` reads the history and records nothing (the latest runs, its
  consistency, the findings per rule of a period's latest check for the monthly report).

Nothing is imported here: a caller imports the module that holds what it uses.
"""
