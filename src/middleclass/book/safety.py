"""Faults an author or a machine can cause, handled in one place: a lock so that two builds
never share a build folder, stale temporary folders of killed runs removed, output paths checked
before a kernel starts, Ctrl-C deferred while a finished notebook is moved into place, and the
kernel's own messages kept out of the terminal (they go to ``_build/logs``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import tempfile
from pathlib import Path

from .. import paths
from ..errors import BuildError, ParameterError

LOCK_NAME = ".build.lock"


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def ensure_build_folder() -> Path:
    """The build folder, created if need be; one line when it cannot be (a file, a symlink loop
    or a dangling link in its place, no permission, a full disk)."""
    folder = paths.BUILD_DIR
    if (folder.exists() or folder.is_symlink()) and not folder.is_dir():
        raise BuildError(f"the build folder {folder} is not a folder (a file, or a symlink that loops or leads "
                         "nowhere); remove it or set MIDDLECLASS_BUILD_DIR to a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from ..errors import os_error_line

        raise BuildError(f"the build folder cannot be created: {os_error_line(exc)}; set MIDDLECLASS_BUILD_DIR to "
                         "a writable folder") from None
    return folder


@contextlib.contextmanager
def build_lock(what: str = "build"):
    """Hold the build folder's lock (``_build/.build.lock``) while a build or a `run` writing
    into it is under way. A second one is refused with the running process's pid."""
    import fcntl

    ensure_build_folder()
    lock_path = paths.BUILD_DIR / LOCK_NAME
    fh = open(lock_path, "a+")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.seek(0)
        holder = fh.read().strip() or "unknown"
        fh.close()
        raise BuildError(f"another build or run is using {paths.BUILD_DIR} (pid {holder}); wait for it to finish, or "
                         f"stop it, then run this {what} again") from None
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        remove_stale()
        yield
    finally:
        with contextlib.suppress(OSError):
            fh.seek(0)
            fh.truncate()
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def tmp_dir() -> Path:
    """The folder for this project's temporary files (inside the build folder, so that a killed
    run's leftovers are found and removed by the next build)."""
    d = paths.BUILD_DIR / "tmp"
    d.mkdir(parents=True, exist_ok=True)
    return d


def make_tmp(prefix: str) -> Path:
    """A temporary folder named with this process's pid (``<prefix><pid>-<random>``), in the
    build folder; in the system's temporary folder when the build folder cannot be written (a
    read-only project: `run --output` elsewhere still works)."""
    try:
        return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=tmp_dir()))
    except OSError:
        return Path(tempfile.mkdtemp(prefix=f"middleclass-{prefix}{os.getpid()}-"))


def _owner_pid(name: str) -> int | None:
    """The pid in a temporary folder's name (the first all-digit part), or None."""
    return next((int(part) for part in name.split("-") if part.isdigit()), None)


def remove_stale() -> list[Path]:
    """Remove temporary folders left by killed runs: ``_build/tmp/*`` and ``_build/.html-*``
    whose process is gone or that carry no pid (called under the build lock, so no other build
    owns them)."""
    removed = []
    tmp = paths.BUILD_DIR / "tmp"
    candidates = list(tmp.glob("*")) if tmp.exists() else []
    candidates += list(paths.BUILD_DIR.glob(".html-*"))
    for path in candidates:
        pid = _owner_pid(path.name)
        if pid is not None and (pid == os.getpid() or pid_alive(pid)):
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


_WATCHING: list[int] = []


def exit_with(parent: int, every: float = 0.5) -> None:
    """In a worker process of the build (``parent``: the build's pid): end this process within
    ``every`` seconds of the build ending, even by ``kill -9``; the kernels a worker starts watch
    it in turn (ipykernel's parent poller, about a second), so nothing of a killed build stays
    running. Started once per process; a worker whose build is already gone ends at once."""
    import threading
    import time

    if _WATCHING:
        return
    if os.getppid() != parent:
        os._exit(1)
    _WATCHING.append(parent)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-build", daemon=True).start()


@contextlib.contextmanager
def notebooks_kept_on_failure(folder: Path):
    """The executed notebooks in ``folder`` as they were, put back if the block fails: a failed
    or interrupted build leaves every executed notebook unchanged, also those of the chapters it
    ran successfully (kept as hard links in ``_build/tmp``, so nothing is copied)."""
    keep = make_tmp("executed-before-")
    before = sorted(folder.glob("*.ipynb")) if folder.exists() else []
    try:
        for nb in before:
            try:
                os.link(nb, keep / nb.name)
            except OSError:  # a file system without hard links
                shutil.copy2(nb, keep / nb.name)
        yield
    except BaseException:
        with deferred_interrupt():
            names = {nb.name for nb in before}
            for nb in folder.glob("*.ipynb") if folder.exists() else []:
                if nb.name not in names:
                    nb.unlink()
            for nb in before:
                os.replace(keep / nb.name, nb)
        raise
    finally:
        shutil.rmtree(keep, ignore_errors=True)


def check_output(target: Path, given: bool) -> None:
    """Refuse, before anything runs, an output path that cannot be written: a folder, a missing
    or read-only folder, a place where a file cannot be created."""
    label = "--output" if given else "the executed notebook"
    try:
        longest = os.pathconf(target.parent if target.parent.is_dir() else "/", "PC_NAME_MAX")
    except (OSError, ValueError):
        longest = 255
    if len(target.name.encode()) + 30 > longest:  # the temporary file beside it adds about 30 characters
        raise ParameterError(f"{label} {str(target)[:80]}…: file name too long ({len(target.name)} characters; "
                             f"at most {longest - 30} here)")
    if target.is_symlink():
        try:
            target.resolve(strict=True)
        except FileNotFoundError:
            pass  # a link to a file still to be written: written through
        except (OSError, RuntimeError):
            raise ParameterError(f"{label} {target}: a symlink loop; give a file name ending in .ipynb") from None
    if target.exists() and target.is_dir():
        raise ParameterError(f"{label} {target}: is a folder; give a file name ending in .ipynb")
    parent = target.parent
    if not parent.exists():
        if not given:
            return  # the build folder is created as needed
        raise ParameterError(f"{label} {target}: the folder {parent} does not exist")
    if not parent.is_dir():
        raise ParameterError(f"{label} {target}: {parent} is not a folder")
    try:
        fd, probe = tempfile.mkstemp(prefix=".mc-write-test-", dir=parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        reason = "read-only or not writable" if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) else (
            exc.strerror or str(exc))
        raise ParameterError(f"{label} {target}: cannot write in {parent} ({reason})") from None


@contextlib.contextmanager
def deferred_interrupt():
    """Hold Ctrl-C (SIGINT) and SIGTERM while a finished result is moved into place; a signal
    that arrived meanwhile is raised as KeyboardInterrupt right after, when the move is done."""
    received = []
    handlers = {}

    def hold(signum, frame):
        received.append(signum)

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            handlers[sig] = signal.signal(sig, hold)
        except ValueError:  # not the main thread: nothing to defer
            pass
    try:
        yield
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        if received:
            raise KeyboardInterrupt


class Interrupted(KeyboardInterrupt):
    """Ctrl-C after a result was written: the message says which file is complete."""

    def __init__(self, written: Path):
        super().__init__(str(written))
        self.written = written


def kernel_log_path(name: str) -> Path:
    """``_build/logs/<name>.kernel.log``; the system's null device when the build folder cannot
    be written."""
    d = paths.BUILD_DIR / "logs"
    try:
        d.mkdir(parents=True, exist_ok=True)
        with open(d / f"{name}.kernel.log", "ab"):
            pass
    except OSError:
        return Path(os.devnull)
    return d / f"{name}.kernel.log"


def quiet_kernel_manager(log_path: Path):
    """A Jupyter kernel manager class whose kernel writes its own output (start-up warnings,
    'KeyboardInterrupt caught in kernel', tracebacks of an interrupted kernel) to ``log_path``
    instead of the terminal."""
    from jupyter_client.manager import AsyncKernelManager

    class QuietKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            fh = open(log_path, "ab")
            kw["stdout"], kw["stderr"] = fh, fh
            try:
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            finally:
                fh.close()  # the child keeps its own copy of the descriptor

    return QuietKernelManager
