"""Failure drills: a chapter whose kernel dies mid-run, and a build that is terminated, leave
the previous executed notebooks and HTML intact and say what happened."""

from __future__ import annotations

import pytest
import hashlib
import os
import signal
import subprocess
import sys
import time

import psutil

from conftest import PROJECT_ROOT

@pytest.fixture(scope="module")
def book(own_book):
    """This module runs commands that change the book: a copy of its own."""
    return own_book



def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def start(args, env):
    return subprocess.Popen([sys.executable, "-m", "middleclass", *args], cwd=PROJECT_ROOT, env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def wait_for_kernel(proc, timeout=60.0):
    """The ipykernel process started (directly or not) by ``proc``."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for child in psutil.Process(proc.pid).children(recursive=True):
            try:
                if any("ipykernel" in part for part in child.cmdline()):
                    return child
            except psutil.Error:
                continue
        time.sleep(0.2)
    raise AssertionError("no kernel started")


def snapshot(book):
    files = [book["build"] / "html" / "index.html", book["build"] / "html" / "chapters" / "01_compute.html",
             book["build"] / "executed" / "01_compute.ipynb", book["build"] / "executed" / "02_open_models.ipynb"]
    return {f.name: digest(f) for f in files}


def test_kernel_killed_mid_run(book):
    before = snapshot(book)
    proc = start(["run", "compute", "--force"], book["env"])
    kernel = wait_for_kernel(proc)
    time.sleep(2)  # let it get into the analysis cells
    kernel.kill()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    line = err.strip().splitlines()[-1]
    assert line.startswith("error: chapter 'compute' (chapters/01_compute.md) ")
    assert "DeadKernelError" in line or "died" in line.lower()
    assert snapshot(book) == before
    leftovers = [p.name for p in (book["build"] / "executed").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_build_terminated_mid_run(book):
    before = snapshot(book)
    proc = start(["build", "--force"], book["env"])
    wait_for_kernel(proc)
    time.sleep(2)
    os.killpg(proc.pid, signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert "interrupted" in err or proc.returncode < 0
    assert snapshot(book) == before
    time.sleep(1)
    assert not [p for p in psutil.process_iter(["cmdline"]) if p.info["cmdline"] and
                any(str(book["build"]) in part for part in p.info["cmdline"])]
