"""The build's worker processes (spawned, two by default): each owns a warm kernel
(:mod:`kernels`) and executes chapters and verdict-history dates in it. This module imports
only the runner and the kernels, not the build or pandas, so that a worker stays small (about
45 MB before its first chapter instead of 90 MB)."""

from __future__ import annotations

import time

from ..errors import MiddleclassError
from . import kernels
from ..build import execute as runner


def execute_one(chapter_id: str, given: dict, force: bool, warm: bool = True) -> tuple[str, str | None, bool, float,
                                                                                     list[str]]:
    """Worker: (chapter id, error message or None, executed?, seconds, log lines); in the worker's
    warm kernel, or (``warm`` false) in a kernel of papermill's own."""
    lines: list[str] = []
    t0 = time.perf_counter()
    try:
        _, executed = runner.execute(chapter_id, given, force=force, log=lines.append,
                                     km=kernels.warm() if warm else None)
        return chapter_id, None, executed, time.perf_counter() - t0, lines
    except MiddleclassError as exc:
        return chapter_id, str(exc), False, time.perf_counter() - t0, lines


def init() -> None:
    """A build worker: a kernel started and warmed (the library imported) at once, while the
    scheduler plans."""
    kernels.start_warming()


def history_one(as_of: str) -> tuple[list[dict], list[str]]:
    """Worker: one run of the verdict history, in the worker's warm kernel (output switched off
    there for the run and restored after)."""
    return kernels.run_history(as_of)
