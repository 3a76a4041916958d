"""Shared fixtures: the real data root, a scratch copy of it, and a CLI runner."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from middleclass import paths
from middleclass.data import sources

PROJECT_ROOT = paths.PROJECT_ROOT


@pytest.fixture(scope="session")
def real_data_root() -> Path:
    root = sources.data_root()
    if not (root / "epoch" / "notable_ai_models.csv").exists():
        pytest.fail(f"the source data is not at {root}: clone the project next to ../shared or set MIDDLECLASS_DATA_DIR")
    return root


@pytest.fixture
def data_copy(tmp_path, real_data_root) -> Path:
    """A scratch data root holding copies of every file in the manifest."""
    root = tmp_path / "data"
    for src in sources.manifest().values():
        dst = root / src.path
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(real_data_root / src.path, dst)
    return root


class Catalogue(dict):
    """Named cases of a catalogue test, registered with ``@catalogue.case("name")``."""

    def case(self, name: str):
        def deco(fn):
            self[name] = fn
            return fn
        return deco


def run_cli(*args, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """``python -m middleclass ARGS`` in a subprocess (text output captured)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "middleclass", *map(str, args)], capture_output=True, text=True,
                          env=full_env, cwd=PROJECT_ROOT, timeout=timeout)


@pytest.fixture
def cli():
    return run_cli


def _shared_root(tmp_path_factory) -> Path:
    """A folder shared by every worker of this test run (pytest-xdist gives each worker its own
    base folder under one parent)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def shared_book(tmp_path_factory, real_data_root):
    """A book built from scratch into a temporary build folder (real data copied, default
    parameters), once per test run: the first worker builds it, the others wait for it. Shared
    by the end-to-end tests that only read it; a test that changes the build folder or the data
    uses :func:`own_book`, a copy of its own."""
    from filelock import FileLock

    base = _shared_root(tmp_path_factory) / "book"
    with FileLock(str(base) + ".lock"):
        done = base / "built.json"
        if not done.exists():
            shutil.rmtree(base, ignore_errors=True)
            data = base / "data"
            for src in sources.manifest().values():
                (data / src.path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(real_data_root / src.path, data / src.path)
            env = {"MIDDLECLASS_BUILD_DIR": str(base / "_build"), "MIDDLECLASS_DATA_DIR": str(data)}
            proc = run_cli("build", env=env)
            assert proc.returncode == 0, proc.stderr[-3000:]
            done.write_text(json.dumps({"log": proc.stdout, "stderr": proc.stderr}))
    record = json.loads(done.read_text())
    env = {"MIDDLECLASS_BUILD_DIR": str(base / "_build"), "MIDDLECLASS_DATA_DIR": str(base / "data")}
    return {"env": env, "build": base / "_build", "data": base / "data", "log": record["log"],
            "stderr": record["stderr"]}


@pytest.fixture(scope="session")
def book(shared_book):
    """The shared book, for tests that only read it."""
    return shared_book


@pytest.fixture(scope="module")
def own_book(shared_book, tmp_path_factory):
    """A copy of the shared book (build folder and data) for the tests of one module that run
    commands changing it: rebuilds, reruns, damaged data, interrupted runs. Such a module
    overrides ``book`` with it."""
    base = tmp_path_factory.mktemp("own_book")
    shutil.copytree(shared_book["build"], base / "_build", symlinks=True)
    shutil.copytree(shared_book["data"], base / "data")
    env = {"MIDDLECLASS_BUILD_DIR": str(base / "_build"), "MIDDLECLASS_DATA_DIR": str(base / "data")}
    return {**shared_book, "env": env, "build": base / "_build", "data": base / "data"}


@pytest.fixture(scope="session")
def real(real_data_root):
    """Every chapter's measures on the real data with the default parameters: its function
    (what its notebook calls; cached under ``_build/cache/chapters``), read back as its executed
    notebook stores them."""
    from middleclass import chapters

    return {cid: chapters.stored_measures(chapters.measure(cid)) for cid in chapters.dependency_order()}
