"""The bad-input catalogue (issue 15): what authors and faults do to the CLI, and what they get.

Each case runs one command against the shared test book and asserts the exit code, a one-line
error naming the file, column and rows or the parameter, no traceback, and that the executed
notebooks and the HTML book are byte-identical afterwards. Most cases fail before a kernel
starts; the few that need one are marked ``slow``.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import PROJECT_ROOT, Catalogue, run_cli
from middleclass.data import sources

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0

@pytest.fixture(scope="module")
def book(own_book):
    """This module runs commands that change the book: a copy of its own."""
    return own_book



def tree_digest(build: Path) -> str:
    """sha256 over every file of the executed notebooks and the HTML book."""
    h = hashlib.sha256()
    for folder in (build / "executed", build / "html"):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(build).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def assert_refused(book, argv, code: int, words, env: dict | None = None, name: str = "",
                   before: str | None = None) -> tuple[subprocess.CompletedProcess, str]:
    """Run the CLI expecting a refusal: exit ``code``, exactly one ``error:`` line containing
    ``words``, no traceback, and the executed notebooks, the HTML book and the parameters in
    effect (``parameters.json``) as they were. Returns (the process, its error line)."""
    state_file = book["build"] / "parameters.json"
    state = state_file.read_text() if state_file.exists() else None
    before = before or tree_digest(book["build"])
    proc = run_cli(*argv, env={**book["env"], **{k: str(v) for k, v in (env or {}).items()}})
    out = proc.stdout + proc.stderr
    assert proc.returncode == code, (name, proc.returncode, out[-1500:])
    assert "Traceback" not in out, (name, out[-3000:])
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, (name, proc.stderr[-2000:])
    assert all(w in errors[0] for w in words), (name, errors[0])
    assert tree_digest(book["build"]) == before, name
    assert (state_file.read_text() if state_file.exists() else None) == state, name
    return proc, errors[0]


def notable(book) -> Path:
    return book["data"] / sources.get_source("epoch_notable").path


def deals_csv(tmp: Path, rows: list[str], header: str = "company,date,amount_usd,round_type,is_ai",
              name: str = "deals.csv", encoding: str = "utf-8") -> Path:
    path = tmp / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding=encoding)
    return path


GOOD_DEALS = ["A,2023-01-05,60000000,Series B,True", "B,2024-03-01,70000000,Series C,True"]
TIERS_HEADER = "organization,parent,tier,from_year,to_year,basis,basis_year,raised_over_1b,source_url"


# Each case: id -> function(book, tmp) returning (argv, env, exit code, words the last line must contain)
def _cases():
    c = Catalogue()
    case = c.case

    # ---- parameters (exit 2, before any kernel)
    @case("unknown chapter")
    def _(b, t): return ["run", "nochapter"], {}, 2, ["unknown chapter 'nochapter'"]

    @case("unknown parameter")
    def _(b, t): return ["run", "compute", "-p", "nope", "1"], {}, 2, ["no parameter 'nope'", "valid parameters"]

    @case("int parameter given text")
    def _(b, t): return ["run", "compute", "-p", "frontier_top_n", "ten"], {}, 2, ["'frontier_top_n'", "expects int"]

    @case("bool parameter given nonsense")
    def _(b, t): return ["run", "open-models", "-p", "style_control", "maybe"], {}, 2, ["'style_control'", "expects bool"]

    @case("date in the wrong format")
    def _(b, t): return ["run", "compute", "-p", "start_date", "2024/01/01"], {}, 2, ["'start_date'", "YYYY-MM-DD"]

    @case("impossible date")
    def _(b, t): return ["run", "compute", "-p", "end_date", "2024-02-30"], {}, 2, ["'end_date'", "not a valid date"]

    @case("start after end")
    def _(b, t): return (["run", "compute", "-p", "start_date", "2025-01-01", "-p", "end_date", "2024-01-01"], {}, 2,
                         ["start_date 2025-01-01 must be before end_date"])

    @case("confidence above 1")
    def _(b, t): return ["run", "compute", "-p", "confidence", "1.5"], {}, 2, ["'confidence'", "between 0 and 1"]

    @case("confidence nan")
    def _(b, t): return ["run", "compute", "-p", "confidence", "nan"], {}, 2, ["'confidence'"]

    @case("top n zero")
    def _(b, t): return ["run", "compute", "-p", "frontier_top_n", "0"], {}, 2, ["'frontier_top_n'", "at least 1"]

    @case("negative cost threshold")
    def _(b, t): return ["run", "compute", "-p", "cost_threshold_usd", "-5"], {}, 2, ["'cost_threshold_usd'", "between"]

    @case("infinite cost threshold")
    def _(b, t): return ["run", "compute", "-p", "cost_threshold_usd", "inf"], {}, 2, ["'cost_threshold_usd'", "finite"]

    @case("break date after the window")
    def _(b, t): return ["run", "compute", "-p", "break_date", "2030-01-01"], {}, 2, ["'break_date'", "inside the window"]

    @case("no bootstrap resamples")
    def _(b, t): return ["run", "innovation", "-p", "bootstrap_samples", "0"], {}, 2, ["'bootstrap_samples'", "100"]

    @case("mid band upside down")
    def _(b, t): return (["run", "capital", "-p", "mid_band_low_usd", "6e8", "-p", "mid_band_high_usd", "5e7"], {}, 2,
                         ["mid_band_low_usd", "below mid_band_high_usd"])

    @case("start year after end year")
    def _(b, t): return (["run", "capital", "-p", "start_year", "2026", "-p", "end_year", "2020"], {}, 2,
                         ["start_year 2026 must not be after end_year 2020"])

    @case("year out of range")
    def _(b, t): return ["run", "capital", "-p", "start_year", "1990"], {}, 2, ["'start_year'", "from 2000 to 2100"]

    @case("horizon too far")
    def _(b, t): return ["run", "outlook", "-p", "horizon_year", "2200"], {}, 2, ["'horizon_year'", "between"]

    @case("negative growth scenario")
    def _(b, t): return ["run", "outlook", "-p", "cost_growth_override", "-2"], {}, 2, ["'cost_growth_override'", "positive"]

    @case("as_of not ISO")
    def _(b, t): return ["run", "compute", "-p", "as_of", "31/01/2024"], {}, 2, ["'as_of'", "YYYY-MM-DD"]

    @case("parameter given twice")
    def _(b, t): return ["run", "compute", "-p", "confidence", "0.9", "-p", "confidence", "0.8"], {}, 2, ["given twice"]

    @case("path to a missing file")
    def _(b, t): return ["run", "compute", "-p", "notable_path", "/nope/x.csv"], {}, 2, ["'notable_path'", "file not found"]

    @case("inherited parameter changed in the outlook")
    def _(b, t): return (["run", "outlook", "-p", "start_date", "2015-01-01"], {}, 2,
                         ["comes from chapter 'compute'", "run compute -p start_date"])

    @case("outlook as_of differs from its chapters")
    def _(b, t): return (["run", "outlook", "-p", "as_of", "2024-01-31"], {}, 2,
                         ["must use the same as_of", "build -p as_of 2024-01-31"])

    @case("build with an unknown parameter")
    def _(b, t): return ["build", "-p", "nope", "1"], {}, 2, ["'nope'", "no chapter declares"]

    @case("build with no jobs")
    def _(b, t): return ["build", "--jobs", "0"], {}, 2, ["--jobs must be at least 1"]

    # ---- output paths (exit 2, before any kernel)
    @case("output is a folder")
    def _(b, t): return ["run", "compute", "--output", t], {}, 2, ["--output", "is a folder"]

    @case("output folder missing")
    def _(b, t): return ["run", "compute", "--output", t / "no" / "x.ipynb"], {}, 2, ["--output", "does not exist"]

    @case("output under /proc")
    def _(b, t): return ["run", "compute", "--output", "/proc/x.ipynb"], {}, 2, ["--output /proc/x.ipynb", "cannot write"]

    @case("output under /sys")
    def _(b, t): return ["run", "compute", "--output", "/sys/x.ipynb"], {}, 2, ["--output /sys/x.ipynb", "cannot write"]

    # ---- author files (exit 1, before any kernel)
    @case("UTF-16 author file")
    def _(b, t):
        path = t / "utf16.csv"
        path.write_text(notable(b).read_text(encoding="utf-8"), encoding="utf-16")
        return ["run", "compute", "-p", "notable_path", path], {}, 1, ["utf16.csv", "UTF-16", "UTF-8"]

    @case("Latin-1 author file")
    def _(b, t):
        path = deals_csv(t, ["Caf\u00e9 SA,2023-01-05,60000000,Series B,True"], encoding="latin-1")
        return ["run", "capital", "-p", "rounds_path", path], {}, 1, ["deals.csv", "not UTF-8 text", "line 2"]

    @case("binary file given as CSV")
    def _(b, t):
        path = t / "image.csv"
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00")
        return ["run", "compute", "-p", "notable_path", path], {}, 1, ["image.csv", "not UTF-8 text"]

    @case("empty author file")
    def _(b, t):
        path = t / "empty.csv"
        path.write_text("")
        return ["run", "compute", "-p", "notable_path", path], {}, 1, ["empty.csv", "empty file"]

    @case("header only")
    def _(b, t):
        return ["run", "capital", "-p", "rounds_path", deals_csv(t, [])], {}, 1, ["deals.csv", "no data rows"]

    @case("deal file missing a column")
    def _(b, t):
        path = deals_csv(t, ["A,2023-01-05,60000000,Series B"], header="company,date,amount_usd,round_type")
        return ["run", "capital", "-p", "rounds_path", path], {}, 1, ["deals.csv", "missing column(s) 'is_ai'"]

    @case("deal file with a bad flag")
    def _(b, t):
        path = deals_csv(t, ["A,2023-01-05,60000000,Series B,perhaps"])
        return ["run", "capital", "-p", "rounds_path", path], {}, 1, ["column 'is_ai'", "row 1 'perhaps'"]

    @case("day-first dates")
    def _(b, t):
        path = deals_csv(t, ["A,31/01/2023,60000000,Series B,True", "B,05/03/2024,7e7,Series C,True"])
        return ["run", "capital", "-p", "rounds_path", path], {}, 1, ["column 'date'", "ambiguous", "row 1 '31/01/2023'"]

    @case("amount too large")
    def _(b, t):
        path = deals_csv(t, [*GOOD_DEALS, "C,2024-05-01,1e400,Series D,True"])
        return ["run", "capital", "-p", "rounds_path", path], {}, 1, ["column 'amount_usd'", "infinite", "row 3 '1e400'"]

    @case("negative amount")
    def _(b, t):
        path = deals_csv(t, [*GOOD_DEALS, "C,2024-05-01,-5,Series D,True"])
        return ["run", "capital", "-p", "rounds_path", path], {}, 1, ["column 'amount_usd'", "negative value"]

    @case("amount as text")
    def _(b, t):
        path = deals_csv(t, [*GOOD_DEALS, "C,2024-05-01,lots,Series D,True"])
        return ["run", "capital", "-p", "rounds_path", path], {}, 1, ["column 'amount_usd'", "non-numeric", "'lots'"]

    @case("tier not in the allowed set")
    def _(b, t):
        path = t / "tiers.csv"
        path.write_text(f"{TIERS_HEADER}\nLab,,huge,,,x,2024,,https://x.org\n")
        return (["run", "innovation", "-p", "organizations_path", path], {}, 1,
                ["column 'tier'", "giant, mid, small, academic, government_or_nonprofit", "'huge'"])

    @case("tier period upside down")
    def _(b, t):
        path = t / "tiers.csv"
        path.write_text(f"{TIERS_HEADER}\nLab,,mid,2024,2023,x,2024,,https://x.org\n")
        return ["run", "innovation", "-p", "organizations_path", path], {}, 1, ["column 'from_year'", "after to_year", "'Lab'"]

    @case("tier without a source URL")
    def _(b, t):
        path = t / "tiers.csv"
        path.write_text(f"{TIERS_HEADER}\nLab,,mid,,,x,2024,,\n")
        return ["run", "innovation", "-p", "organizations_path", path], {}, 1, ["column 'source_url'", "row 1"]

    @case("vintage without a column the chapter uses")
    def _(b, t):
        raw = pd.read_csv(notable(b), dtype=str, keep_default_na=False).drop(columns=["Frontier model"])
        path = t / "vintage.csv"
        raw.to_csv(path, index=False)
        return ["run", "innovation", "-p", "notable_path", path], {}, 1, ["vintage.csv", "missing column(s) 'Frontier model'"]

    @case("layoffs copy without funds raised")
    def _(b, t):
        src = b["data"] / sources.get_source("layoffs_fyi").path
        path = t / "layoffs.csv"
        pd.read_csv(src, dtype=str, keep_default_na=False).drop(columns=["funds_raised"]).to_csv(path, index=False)
        return ["run", "capital", "-p", "layoffs_path", path], {}, 1, ["layoffs.csv", "missing column(s) 'funds_raised'"]

    @case("folder given as a file")
    def _(b, t):
        (t / "adir.csv").mkdir()
        return ["run", "compute", "-p", "notable_path", t / "adir.csv"], {}, 2, ["'notable_path'", "is a folder, not a file"]

    # ---- pinned data and configuration (exit 1)
    @case("pinned file changed")
    def _(b, t):
        data = t / "data"
        shutil.copytree(b["data"], data)
        target = data / sources.get_source("epoch_notable").path
        target.write_bytes(target.read_bytes().replace(b"2023-03-15", b"2023-03-16", 1))
        return (["build"], {"MIDDLECLASS_DATA_DIR": str(data)}, 1,
                ["sha256 mismatch", "chapters compute, innovation, open-models, capital, outlook, replication"])

    @case("data root missing a file")
    def _(b, t):
        return ["run", "compute"], {"MIDDLECLASS_DATA_DIR": str(t)}, 1, ["file not found under the data root",
                                                                          "MIDDLECLASS_DATA_DIR"]

    @case("manifest not YAML")
    def _(b, t):
        bad = t / "sources.yml"
        bad.write_text("sources:\n  x: [unclosed\n")
        return ["run", "compute"], {"MIDDLECLASS_MANIFEST": str(bad)}, 1, ["sources.yml", "not valid YAML"]

    # ---- other commands
    @case("fetch with no attempts")
    def _(b, t): return ["data", "fetch", "epoch_notable", "--retries", "0", "--into", t], {}, 2, ["--retries must be at least 1"]

    @case("fetch an unknown source")
    def _(b, t): return ["data", "fetch", "nosuch", "--into", t], {}, 1, ["unknown source 'nosuch'"]

    @case("diff of a UTF-16 file")
    def _(b, t):
        path = t / "utf16.csv"
        path.write_text(notable(b).read_text(encoding="utf-8")[:5000], encoding="utf-16")
        return ["data", "diff", "epoch_notable", path], {}, 1, ["utf16.csv", "UTF-16"]

    @case("compare two different chapters")
    def _(b, t):
        ex = b["build"] / "executed"
        return (["compare", ex / "01_compute.ipynb", ex / "03_capital.ipynb"], {}, 1,
                ["chapter 'capital'", "chapter 'compute'", "same chapter"])

    @case("compare a file that is no notebook")
    def _(b, t):
        path = t / "x.ipynb"
        path.write_text("not json")
        return ["compare", path, path], {}, 1, ["x.ipynb", "not a readable notebook"]

    @case("compare a missing notebook")
    def _(b, t): return ["compare", t / "a.ipynb", t / "b.ipynb"], {}, 1, ["a.ipynb", "not a readable notebook"]

    return c


CASES = _cases()


def test_the_catalogue_is_long_enough():
    assert len(CASES) >= 50


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(name, book, tmp_path):
    argv, env, code, words = CASES[name](book, tmp_path)
    assert_refused(book, argv, code, words, env=env, name=name)


# ----------------------------------------------------------------- faults around the process

def test_a_second_build_is_refused_with_the_first_ones_pid(book):
    lock = Path(book["env"]["MIDDLECLASS_BUILD_DIR"]) / ".build.lock"
    before = tree_digest(book["build"])
    with open(lock, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fh.seek(0)
        fh.truncate()
        fh.write("424242")
        fh.flush()
        proc = run_cli("build", env=book["env"])
        run = run_cli("run", "compute", env=book["env"])
        fcntl.flock(fh, fcntl.LOCK_UN)
    for p in (proc, run):
        assert p.returncode == 1 and "Traceback" not in p.stderr
        assert p.stderr.strip().splitlines()[-1].startswith("error: another build or run is using")
        assert "(pid 424242)" in p.stderr
    assert tree_digest(book["build"]) == before


def test_stale_temporary_folders_are_removed_by_the_next_build(book):
    build = Path(book["env"]["MIDDLECLASS_BUILD_DIR"])
    stale = [build / ".html-999999-abc", build / "tmp" / "run-compute-999999-xyz", build / ".html-killed"]
    for d in stale:
        d.mkdir(parents=True, exist_ok=True)
        (d / "junk.bin").write_bytes(b"0" * 1000)
    proc = run_cli("build", env=book["env"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not any(d.exists() for d in stale)


def test_a_closed_pipe_ends_quietly(book):
    ex = book["build"] / "executed" / "01_compute.ipynb"
    cmd = f"{sys.executable} -m middleclass compare {ex} {ex} | head -n 1"
    proc = subprocess.run(cmd, shell=True, capture_output=True, text=True, cwd=PROJECT_ROOT,
                          env={**os.environ, **book["env"]})
    assert proc.returncode == 0 and proc.stdout.count("\n") == 1
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


@pytest.mark.slow
def test_ctrl_c_during_a_run_is_one_line_and_replaces_nothing(book, tmp_path):
    out = tmp_path / "kept.ipynb"
    out.write_text("previous")
    proc = subprocess.Popen([sys.executable, "-m", "middleclass", "run", "innovation", "--force", "--output", str(out)],
                            cwd=PROJECT_ROOT, env={**os.environ, **book["env"]}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline:  # wait for the kernel to start
        if any("ipykernel" in " ".join(p) for p in _children_cmdlines(proc.pid)):
            break
        time.sleep(0.1)
    time.sleep(0.5)  # the kernel is importing the library (about 2 s), the chapter's cells come next
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr[-2000:]
    assert "Traceback" not in stderr and "ZMQError" not in stderr, stderr[-3000:]
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert lines[-1].startswith("error: interrupted") and len([ln for ln in lines if ln.startswith("error:")]) == 1
    assert out.read_text() == "previous"


def _children_cmdlines(pid: int) -> list[list[str]]:
    import psutil

    try:
        return [c.cmdline() for c in psutil.Process(pid).children(recursive=True)]
    except psutil.Error:
        return []


@pytest.mark.slow
def test_warnings_for_duplicates_and_a_truncated_copy(book, tmp_path):
    import nbformat

    deals = deals_csv(tmp_path, [*GOOD_DEALS, GOOD_DEALS[0]])
    out = tmp_path / "capital.ipynb"
    proc = run_cli("run", "capital", "-p", "rounds_path", deals, "--output", out, env=book["env"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "warning:" in proc.stdout and "1 duplicate row(s) dropped" in proc.stdout
    rec = nbformat.read(out, as_version=4).metadata["middleclass"]
    assert any("duplicate" in w for w in rec["warnings"])
    assert rec["measures"]["rounds_n"]["value"] == 2  # counted once
    short = tmp_path / "short.csv"
    pd.read_csv(notable(book), dtype=str, keep_default_na=False).head(300).to_csv(short, index=False)
    out2 = tmp_path / "compute.ipynb"
    proc = run_cli("run", "compute", "-p", "notable_path", short, "--output", out2, env=book["env"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "a truncated copy?" in proc.stdout
    assert any("truncated" in w for w in nbformat.read(out2, as_version=4).metadata["middleclass"]["warnings"])
