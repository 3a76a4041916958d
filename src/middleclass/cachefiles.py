"""Cache files checked on read: each entry is written whole (beside, then renamed) with the
sha256 of its content in ``<name>.sha256`` next to it, and read only when the two agree. A
truncated, flipped or foreign entry, or one without its digest, is a miss: it is removed and
computed again. Used by every cache under ``_build/cache`` (the vega bundle, data status,
verdict history, robustness sweep, generated pages, PDF pages, frame pickles and, through
:class:`VerifiedStore`, the chapters' joblib cache).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from functools import lru_cache
from pathlib import Path

SUFFIX = ".sha256"


def digest_path(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def seal(path: Path) -> None:
    """Store the digest of ``path`` (a file just written whole, e.g. by a library) beside it."""
    mark = digest_path(path)
    tmp = mark.with_name(f".{mark.name}.{os.getpid()}.tmp")
    tmp.write_text(_sha256_file(path), encoding="ascii")
    os.replace(tmp, mark)


def intact(path: Path) -> bool:
    """``path`` is a file whose content matches its stored digest. A damaged entry and its
    digest are removed (a miss, computed again by the caller)."""
    mark = digest_path(path)
    try:
        ok = path.is_file() and mark.read_text(encoding="ascii").strip() == _sha256_file(path)
    except (OSError, UnicodeDecodeError):
        ok = False
    if not ok:
        discard(path)
    return ok


def discard(path: Path) -> None:
    """Remove a cache entry and its digest."""
    for p in (path, digest_path(path)):
        with contextlib.suppress(OSError):
            p.unlink()


def write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` whole or not at all, then its digest."""
    path.parent.mkdir(parents=True, exist_ok=True)
    digest_path(path).unlink(missing_ok=True)  # no stale digest may vouch for the new content
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    seal(path)
    return path


def write_text(path: Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


def read_bytes(path: Path) -> bytes | None:
    """The content of an intact entry (read once, checked in memory), else None; a damaged
    entry is removed."""
    try:
        data = path.read_bytes()
        ok = digest_path(path).read_text(encoding="ascii").strip() == hashlib.sha256(data).hexdigest()
    except (OSError, UnicodeDecodeError):
        ok = False
    if not ok:
        discard(path)
        return None
    return data


def read_text(path: Path) -> str | None:
    data = read_bytes(path)
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        discard(path)
        return None


def remove_stale(folder: Path, pattern: str, keep: set[str] = frozenset()) -> None:
    """Remove the entries matching ``pattern`` in ``folder`` (earlier versions) except ``keep``
    (file names), with their digests."""
    if not folder.exists():
        return
    for old in folder.glob(pattern):
        if old.name not in keep and not old.name.endswith(SUFFIX):
            discard(old)


@lru_cache(maxsize=1)
def _joblib_store():
    """A joblib store that checks each result's digest before using it (registered as
    ``"verified"``; :func:`memory` returns a ``Memory`` on it)."""
    from joblib._store_backends import FileSystemStoreBackend

    class VerifiedStore(FileSystemStoreBackend):
        """joblib's file-system store, with ``output.pkl`` sealed when written and checked
        before a cached call is used (a damaged result is computed again)."""

        def dump_item(self, call_id, item, verbose=1):
            super().dump_item(call_id, item, verbose)
            output = Path(self.location, *call_id, "output.pkl")
            if output.is_file():
                seal(output)

        def contains_item(self, call_id):
            return intact(Path(self.location, *call_id, "output.pkl"))

    return VerifiedStore


@lru_cache(maxsize=4)
def memory(location: Path):
    """A ``joblib.Memory`` at ``location`` whose entries are checked (:func:`_joblib_store`); one
    that caches nothing when ``location`` cannot be written (a read-only build folder). Made
    once per location and process (every chapter result of the history goes through it)."""
    from joblib import Memory, register_store_backend

    try:
        location.mkdir(parents=True, exist_ok=True)
        probe = location / f".probe-{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError:
        return Memory(None, verbose=0)
    register_store_backend("verified", _joblib_store())
    return Memory(location, backend="verified", verbose=0)
