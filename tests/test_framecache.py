"""Validated frames are cached per file version: the same frame back (attributes kept, a copy
the caller may change), a new version replaces the old one's files, a damaged file is a miss."""

from __future__ import annotations

import pandas as pd

from middleclass.data import framecache


def test_frames_come_back_as_independent_copies_and_old_versions_go(tmp_path, monkeypatch):
    monkeypatch.setattr(framecache, "folder", lambda: tmp_path)
    monkeypatch.setattr(framecache, "_MEMORY", {})
    df = pd.DataFrame({"a": [1.0, 2.0]})
    df.attrs["aliases"] = {"a": "A"}
    k1 = framecache.key("src_x", "a" * 64, needs=[])
    assert framecache.get(k1) is None
    framecache.put(k1, df)
    got = framecache.get(k1)
    pd.testing.assert_frame_equal(got, df)
    assert got.attrs == {"aliases": {"a": "A"}}
    got.loc[0, "a"] = 99.0
    assert framecache.get(k1).loc[0, "a"] == 1.0  # the cache is not changed through a copy
    framecache._MEMORY.clear()
    assert framecache.get(k1).loc[1, "a"] == 2.0  # from disk, as another process reads it
    assert framecache.key("src_x", "a" * 64, needs=["b"]) != k1
    k2 = framecache.key("src_x", "b" * 64, needs=[])
    framecache.put(k2, df)
    assert sorted(p.stem for p in tmp_path.glob("*.pkl")) == [k2]  # the old version's file is gone
    (tmp_path / f"{k2}.pkl").write_bytes(b"not a pickle")
    framecache._MEMORY.clear()
    assert framecache.get(k2) is None
