"""Memory handed back to the system between the build's phases, and children that end with
their parent."""

from __future__ import annotations

import ctypes
import gc


def release() -> None:
    """Collect garbage and return the freed heap to the system (glibc ``malloc_trim``; a no-op
    where there is none). Without it a process keeps the high-water mark of its heap: a warm
    kernel after a chapter, the build process after Sphinx."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except Exception:  # noqa: BLE001 - no glibc (macOS: AttributeError; Windows: TypeError)
        pass


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent ends (``PR_SET_PDEATHSIG``; a no-op
    elsewhere): a forked helper never outlives the build."""
    import signal

    try:
        ctypes.CDLL(None).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG = 1
    except Exception:  # noqa: BLE001 - not Linux
        pass
