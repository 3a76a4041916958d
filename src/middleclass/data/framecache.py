"""Validated frames, parsed once per file version.

Parsing and validating a source (the 25 MB Arena file takes about a second) would otherwise be
repeated by every chapter kernel and every date of the verdict history. A validated frame is
kept in memory for this process and pickled under ``_build/cache/frames/`` for the other
processes of the build, keyed by the file's sha256, the reading options (columns a chapter
needs) and a digest of the code that reads and validates it (this package's readers and
schemas, the pandas and pandera versions). A changed file, schema or reader is a new key; a
cache file that does not match the digest stored beside it (:mod:`middleclass.cachefiles`) is
ignored and rewritten; a new version of a file replaces the old one's
cache files.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pandas as pd

from .. import cachefiles, paths

_MEMORY: dict[str, pd.DataFrame] = {}
_READER_FILES = ("validate.py", "schemas.py", "sources.py", "framecache.py")


@lru_cache(maxsize=1)
def reader_digest() -> str:
    """Digest of the code that turns a file into a validated frame."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in _READER_FILES:
        h.update(name.encode())
        h.update((here / name).read_bytes())
    for dist in ("pandas", "pandera", "numpy"):
        h.update(f"{dist} {metadata.version(dist)}".encode())
    return h.hexdigest()[:16]


def key(source_id: str, sha256: str, **options) -> str:
    payload = json.dumps({"source": source_id, "sha256": sha256, "options": options, "reader": reader_digest()},
                         sort_keys=True, default=str)
    return f"{source_id}-{sha256[:12]}-{hashlib.sha256(payload.encode()).hexdigest()[:12]}"


def folder() -> Path:
    return paths.CACHE_DIR / "frames"


def get(cache_key: str) -> pd.DataFrame | None:
    """The cached frame (a copy, attributes kept), or None."""
    df = _MEMORY.get(cache_key)
    if df is None:
        data = cachefiles.read_bytes(folder() / f"{cache_key}.pkl")  # None unless it matches its digest
        if data is None:
            return None
        try:
            df = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a foreign cache file is only a miss
            return None
        if not isinstance(df, pd.DataFrame):
            return None
        _MEMORY[cache_key] = df
    out = df.copy()
    out.attrs = dict(df.attrs)
    return out


def put(cache_key: str, df: pd.DataFrame) -> None:
    """Keep ``df`` in memory and on disk (atomically; a read-only build folder is no error)."""
    kept = df.copy()
    kept.attrs = dict(df.attrs)
    _MEMORY[cache_key] = kept
    target = folder() / f"{cache_key}.pkl"
    if cachefiles.intact(target):
        return
    try:
        cachefiles.write_bytes(target, pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
        source, version, _ = cache_key.rsplit("-", 2)
        for old in target.parent.glob(f"{source}-*.pkl"):  # other versions of the file are not read again
            if old.stem.rsplit("-", 2)[0] == source and old.stem.rsplit("-", 2)[1] != version:
                cachefiles.discard(old)
    except OSError:
        pass
