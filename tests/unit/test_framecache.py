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


def test_curated_tables_are_validated_once_per_file_version(tmp_path, monkeypatch):
    """A curated table read again (the verdict history reads each 15 times) comes from the cache;
    a changed file is validated again, and a bad one is refused, not served from the cache."""
    import shutil

    import pytest

    from middleclass.data import curated, validate
    from middleclass.errors import DataError

    monkeypatch.setattr(framecache, "folder", lambda: tmp_path / "frames")
    monkeypatch.setattr(framecache, "_MEMORY", {})
    calls = []
    real = curated.validate_file
    monkeypatch.setattr(curated, "validate_file", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    copy = tmp_path / "organizations.csv"
    shutil.copy(curated.curated_path("organizations"), copy)
    first = curated.load_curated("organizations", path=copy)
    second = curated.load_curated("organizations", path=copy)
    pd.testing.assert_frame_equal(first, second)
    assert len(calls) == 1
    assert validate.READS[-1]["sha256"] == validate.READS[-2]["sha256"]  # every read still recorded
    copy.write_text(copy.read_text(encoding="utf-8") + "Late Lab,,mid,2030,2020,made up,2024,False,,,,,,,,https://example.org\n",
                    encoding="utf-8")
    with pytest.raises(DataError, match="from_year"):  # 2030 > 2020: the table check runs on the new version
        curated.load_curated("organizations", path=copy)
    assert len(calls) == 2
