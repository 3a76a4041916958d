"""Warm kernels for the build's workers: one Jupyter kernel per worker process, started when
the worker starts and reused for every chapter that worker executes.

A fresh kernel spends about a second starting and two importing pandas, statsmodels, pandera
and altair; a build of six chapters on two workers pays that twice instead of six times.
Before each chapter the kernel's namespace is cleared (``%reset -f``) and the chapter's
preamble (``publish.start_chapter``) resets the library's own state, so a chapter sees what a
fresh kernel would show it apart from modules already imported; the determinism test checks
that the glued values are byte-identical to a fresh kernel's. A kernel that died or failed is
replaced by a fresh one. ``run`` (one chapter) does not use them.

The kernel's own output goes to ``_build/logs/worker-<pid>.kernel.log``.
"""

from __future__ import annotations

import atexit
import os

from .. import paths

#: what a warm kernel imports before its first chapter
WARM_UP = """\
import middleclass.notebook.publish, middleclass.notebook.figures, middleclass.notebook.charts
import middleclass.analysis.compute, middleclass.analysis.openness, middleclass.analysis.capital
import middleclass.analysis.innovation, middleclass.analysis.outlook, middleclass.analysis.trends
import middleclass.data.epoch, middleclass.data.performance, middleclass.data.funding, middleclass.data.curated
import middleclass.data.asof, middleclass.data.validate
import IPython.display, myst_nb
"""
#: between chapters: names cleared, garbage collected and the freed heap handed back (malloc_trim)
RESET = "%reset -f\nfrom middleclass.book.memory import release as _release\n_release()\ndel _release\n"

_km = None


def log_path():
    from ..build import safety

    return safety.kernel_log_path(f"worker-{os.getpid()}")


def _run(code: str, timeout: float = 120.0) -> bool:
    """Execute ``code`` in the warm kernel; True when it ran without error."""
    from jupyter_core.utils import run_sync

    async def go():
        kc = _km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=timeout)
            reply = await kc.execute_interactive(code, store_history=False, timeout=timeout,
                                                 output_hook=lambda msg: None)
            return reply["content"]["status"] == "ok"
        finally:
            kc.stop_channels()

    return run_sync(go)()


def _start():
    global _km
    from jupyter_core.utils import run_sync

    from ..build import safety

    log = log_path()
    log.parent.mkdir(parents=True, exist_ok=True)
    _km = safety.quiet_kernel_manager(log)(kernel_name="python3")
    run_sync(_km.start_kernel)(cwd=str(paths.PROJECT_ROOT))
    if not _run(WARM_UP):
        shutdown()


def start_warming() -> None:
    """Start this worker's kernel and import the library in it (called when a worker starts).
    A kernel that cannot start is no error here: the chapter then starts its own."""
    try:
        _start()
    except Exception:  # noqa: BLE001 - papermill will start and report a kernel of its own
        shutdown()
    atexit.register(shutdown)


def warm():
    """This worker's kernel, cleared for the next chapter (started again if it died), or None
    (papermill then starts a kernel of its own)."""
    try:
        if _km is None or not _alive():
            shutdown()
            _start()
        if _km is None:
            return None
        if not _run(RESET):
            shutdown()
            _start()
        return _km
    except Exception:  # noqa: BLE001
        shutdown()
        return None


def _alive() -> bool:
    from jupyter_core.utils import run_sync

    try:
        return bool(run_sync(_km.is_alive)())
    except Exception:  # noqa: BLE001
        return False


def shutdown() -> None:
    global _km
    km, _km = _km, None
    if km is None:
        return
    from jupyter_core.utils import run_sync

    try:
        run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - the process may be gone already
        pass


def run_history(as_of: str, timeout: float = 300.0) -> tuple[list[dict], list[str]]:
    """One run of the verdict history (:func:`history.verdicts_to_file`) in this worker's warm
    kernel: the library and the data frames the chapters loaded are already there, and the
    worker process stays small. Raises RuntimeError when the kernel is
    unavailable or the run fails (the build then computes the date again after the pool)."""
    import json
    import tempfile
    from pathlib import Path

    if (_km is None or not _alive()) and warm() is None:  # a kernel started again if it died
        raise RuntimeError("no kernel")
    with tempfile.TemporaryDirectory(prefix="mc-history-") as tmp:
        target = Path(tmp) / "rows.json"
        code = ("from middleclass.book import history as _history\n"
                f"_history.verdicts_to_file({as_of!r}, {str(target)!r})\n"
                "del _history\n")
        if not _run(code, timeout=timeout) or not target.exists():
            raise RuntimeError(f"the history run as of {as_of} failed in the kernel (log: {log_path()})")
        data = json.loads(target.read_text(encoding="utf-8"))
    _run(RESET)  # the run's garbage collected and its heap handed back; its answer does not depend on it
    return data["rows"], data["notes"]
