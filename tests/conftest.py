"""Shared fixtures: the real data root, a scratch copy of it, and a CLI runner."""

from __future__ import annotations

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


def run_cli(*args, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """``python -m middleclass ARGS`` in a subprocess (text output captured)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "middleclass", *map(str, args)], capture_output=True, text=True,
                          env=full_env, cwd=PROJECT_ROOT, timeout=timeout)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def book(tmp_path_factory, real_data_root):
    """A book built from scratch into a temporary build folder (real data copied, default
    parameters). Shared by the end-to-end tests; tests that change it restore it."""
    base = tmp_path_factory.mktemp("book")
    data = base / "data"
    for src in sources.manifest().values():
        (data / src.path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(real_data_root / src.path, data / src.path)
    env = {"MIDDLECLASS_BUILD_DIR": str(base / "_build"), "MIDDLECLASS_DATA_DIR": str(data)}
    proc = run_cli("build", env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {"env": env, "build": base / "_build", "data": data, "log": proc.stdout, "stderr": proc.stderr}


@pytest.fixture(scope="session")
def real(real_data_root):
    """Every chapter's measures on the real data with the default parameters: its function
    (what its notebook calls; cached under ``_build/cache/chapters``), read back as its executed
    notebook stores them."""
    from middleclass import chapters

    return {cid: chapters.stored_measures(chapters.measure(cid)) for cid in chapters.dependency_order()}
