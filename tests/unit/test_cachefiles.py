"""Cache entries are checked against the digest stored beside them (issue 28, class 2)."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest

from middleclass import cachefiles, paths
from middleclass.data import framecache


def flip(path, at: int = 10) -> None:
    data = bytearray(path.read_bytes())
    data[min(at, len(data) - 1)] ^= 0x55
    path.write_bytes(bytes(data))


def test_an_intact_entry_is_read_back(tmp_path):
    path = cachefiles.write_text(tmp_path / "a" / "t.csv", "x,y\n1,2\n")
    assert cachefiles.read_text(path) == "x,y\n1,2\n"
    assert cachefiles.digest_path(path).read_text() == __import__("hashlib").sha256(b"x,y\n1,2\n").hexdigest()


@pytest.mark.parametrize("damage", ["flip", "truncate", "no digest", "not text", "digest of another"])
def test_a_damaged_entry_is_a_miss_and_is_removed(tmp_path, damage):
    path = cachefiles.write_text(tmp_path / "t.csv", "claim,verdict\n" + "a,supported\n" * 50)
    if damage == "flip":
        flip(path)
    elif damage == "truncate":
        path.write_bytes(path.read_bytes()[:40])
    elif damage == "no digest":
        cachefiles.digest_path(path).unlink()
    elif damage == "not text":
        cachefiles.write_bytes(path, b"\xff\xfe\x00binary")
    else:
        cachefiles.digest_path(path).write_text("0" * 64)
    assert cachefiles.read_text(path) is None
    assert not path.exists() and not cachefiles.digest_path(path).exists()


def test_a_library_written_file_is_sealed_and_checked(tmp_path):
    path = tmp_path / "page.pdf"
    path.write_bytes(b"%PDF-1.7 fake page")
    assert not cachefiles.intact(path)  # written, not sealed: not trusted
    path.write_bytes(b"%PDF-1.7 fake page")
    cachefiles.seal(path)
    assert cachefiles.intact(path)
    flip(path, 3)
    assert not cachefiles.intact(path)


def test_remove_stale_keeps_what_is_asked_and_takes_digests_along(tmp_path):
    for name in ("a.json", "b.json", "c.json"):
        cachefiles.write_text(tmp_path / name, "[]")
    cachefiles.remove_stale(tmp_path, "*.json", keep={"b.json"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.json", "b.json.sha256"]


def test_the_joblib_store_computes_a_flipped_result_again(tmp_path):
    calls = []

    def square(x):
        calls.append(x)
        return [float(x) ** 2] * 100

    cached = cachefiles.memory(tmp_path).cache(square)
    assert cached(3) == [9.0] * 100 and cached(3) == [9.0] * 100 and calls == [3]
    (output,) = tmp_path.rglob("output.pkl")
    data = bytearray(output.read_bytes())
    at = data.find(pickle.dumps(9.0)[2:])  # one of the stored numbers, changed
    data[at + 3] ^= 0x01
    output.write_bytes(bytes(data))
    assert cached(3) == [9.0] * 100 and calls == [3, 3]


def test_the_frame_cache_ignores_a_pickle_whose_numbers_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "CACHE_DIR", tmp_path)
    framecache._MEMORY.clear()
    frame = pd.DataFrame({"flop": [1e20, 2e21, 3e22]})
    framecache.put("src-abc-def", frame)
    framecache._MEMORY.clear()
    assert framecache.get("src-abc-def")["flop"].tolist() == [1e20, 2e21, 3e22]
    framecache._MEMORY.clear()
    path = framecache.folder() / "src-abc-def.pkl"
    data = bytearray(path.read_bytes())
    at = data.find(pd.Series([2e21]).to_numpy().tobytes())
    assert at > 0
    data[at + 2] ^= 0x01  # still a valid pickle, another number
    path.write_bytes(bytes(data))
    assert framecache.get("src-abc-def") is None
    framecache.put("src-abc-def", frame)  # rewritten, whole
    framecache._MEMORY.clear()
    assert framecache.get("src-abc-def")["flop"].tolist() == [1e20, 2e21, 3e22]
