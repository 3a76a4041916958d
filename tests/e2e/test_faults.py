"""Faults, round two (issue 28): a closed output stream never turns an unfinished command into
success (1); caches are checked against their stored digest and `--force` rebuilds them (2); a
refused or failed build leaves the parameters and every executed notebook as they were (3); no
process of a build killed with -9 is left after 5 s (5); the machine in the way is one line
naming the path and the cause (6); text a spreadsheet would run is neutralised (8); outputs
follow the umask (9). Classes 4 (defaults that follow the window), 7 and the data side of 9 are
in ``test_fault_window.py``, ``test_fault_data.py`` and ``tests/unit``."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pandas as pd

from conftest import PROJECT_ROOT, run_cli


import pytest


@pytest.fixture(scope="module")
def book(own_book):
    return own_book


def _closed_pipe(args: list, env: dict) -> tuple[int, str]:
    """Run the CLI with its stdout a pipe that the reader closes after the first line (as
    ``| head -1`` does); (exit status, stderr)."""
    proc = subprocess.Popen([sys.executable, "-m", "middleclass", *map(str, args)], cwd=PROJECT_ROOT,
                            env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    return proc.wait(timeout=600), err


# ----------------------------------------------------------------- 1. exit status with a closed stream

def test_a_closed_stdout_does_not_end_a_build_early(book):
    start = time.time()
    code, err = _closed_pipe(["build", "--force", "--no-pdf"], book["env"])
    assert code == 0 and "Traceback" not in err, err[-2000:]
    html = book["build"] / "html"
    assert (html / ".middleclass-book-key").stat().st_mtime > start  # the HTML was rebuilt: the build finished
    assert all(p.stat().st_mtime > start for p in (book["build"] / "executed").glob("*.ipynb"))  # every chapter ran
    cache = book["build"] / "cache"  # --force rebuilt the caches instead of trusting them (class 2)
    assert (cache / "vega-bundle.js").stat().st_mtime > start
    assert all(p.stat().st_mtime > start for p in (cache / "history").glob("verdict-history-*.csv"))


def test_a_closed_stdout_does_not_end_a_run_early_nor_hide_a_failure(book, tmp_path):
    out = tmp_path / "compute.ipynb"
    code, err = _closed_pipe(["run", "compute", "--force", "--output", out], book["env"])
    assert code == 0 and out.exists() and "Traceback" not in err, err[-2000:]
    code, err = _closed_pipe(["run", "compute", "-p", "start_date", "not-a-date", "--output", out], book["env"])
    assert code == 2 and err.startswith("error:") and len(err.strip().splitlines()) == 1, err


# ----------------------------------------------------------------- 3. a refused build changes nothing

def _state(book) -> str | None:
    path = book["build"] / "parameters.json"
    return path.read_text() if path.exists() else None


def test_a_build_refused_in_its_chapters_keeps_the_parameters(book, tmp_path):
    """A layoffs file whose dates are ISO instead of layoffs.fyi's month/day/year (refused when
    the parameters are resolved, since the source's date form is checked then)."""
    src = book["data"] / "capital" / "layoffs_fyi_2020-03_to_2026-05.csv"
    frame = pd.read_csv(src, dtype=str)
    for col in ("date", "date_added"):
        frame[col] = pd.to_datetime(frame[col], format="%m/%d/%Y").dt.strftime("%Y-%m-%d")
    iso = tmp_path / "layoffs_iso.csv"
    frame.to_csv(iso, index=False)
    before, executed = _state(book), sorted((book["build"] / "executed").glob("*.ipynb"))
    proc = run_cli("build", "--no-pdf", "-p", "layoffs_path", iso, env=book["env"])
    if proc.returncode == 0:  # accepted as another vintage: nothing was refused
        run_cli("build", "--no-pdf", "--reset-params", env=book["env"])
        pytest.skip("the ISO-dated layoffs file is accepted")
    assert proc.returncode in (1, 2) and proc.stderr.startswith("error:"), proc.stderr[-1500:]
    assert _state(book) == before
    proc = run_cli("build", "--no-pdf", env=book["env"])  # the next plain build: nothing was changed
    assert proc.returncode == 0 and "0 chapter(s) executed" in proc.stdout.strip().splitlines()[-1], proc.stdout
    assert sorted((book["build"] / "executed").glob("*.ipynb")) == executed


@pytest.mark.slow
def test_a_failed_build_puts_back_the_notebooks_of_the_chapters_it_ran(book):
    """`build --force` with one chapter's data damaged: the other chapters execute and write
    their notebooks, the build fails, and every executed notebook is put back byte for byte."""
    from test_bad_inputs import tree_digest

    src = book["data"] / "capital" / "layoffs_fyi_2020-03_to_2026-05.csv"
    good = src.read_bytes()
    frame = pd.read_csv(src, dtype=str, keep_default_na=False)
    frame.loc[4, "date"] = "garbage"
    before, state = tree_digest(book["build"]), _state(book)
    start = time.time()
    try:
        frame.to_csv(src, index=False)
        proc = run_cli("build", "--force", "--no-pdf", env=book["env"])
    finally:
        src.write_bytes(good)
    assert proc.returncode == 1, proc.stderr[-2000:]
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "layoffs" in errors[0] and "executed notebooks are unchanged" in errors[0], errors
    assert "compute: executed" in proc.stdout  # a chapter ran and wrote its notebook ...
    assert tree_digest(book["build"]) == before and _state(book) == state  # ... and it was put back
    assert all(p.stat().st_mtime < start for p in (book["build"] / "executed").glob("*.ipynb"))
    assert not list((book["build"] / "tmp").glob("executed-before-*"))


def test_a_build_refused_before_it_starts_keeps_the_parameters(book):
    before = _state(book)
    proc = run_cli("build", "--no-pdf", "-p", "frontier_top_n", "zero", env=book["env"])
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "frontier_top_n" in proc.stderr and _state(book) == before


# ----------------------------------------------------------------- 8. spreadsheet formulas in author strings

def test_formula_like_text_is_neutralised_in_chart_data():
    from middleclass.book import chartdata

    frame = pd.DataFrame({"company": ["=HYPERLINK(\"http://x\",\"a\")", "=cmd|' /C calc'!A0", "@SUM(A1:A2)", "+1",
                                      "-2+3", "\tTab", "Plain Co"],
                          "amount": [1.0, -2.0, 3.0, 4.0, 5.0, 6.0, 7.0]})
    safe = chartdata.neutralise(frame)
    assert list(safe["company"][:6]) == ["'" + v for v in frame["company"][:6]]
    assert safe["company"].iloc[6] == "Plain Co" and list(safe["amount"]) == list(frame["amount"])  # numbers kept


def test_an_authors_deal_file_with_formulas_reaches_the_csv_inert(book, tmp_path):
    """An author's deal file whose company names are formulas: the capital chapter's chart-data
    CSVs hold them quoted, and their comment line says so."""
    from middleclass.book import chartdata

    deals = tmp_path / "deals.csv"
    rows = ["company,date,amount_usd,round_type,is_ai"]
    names = ["=HYPERLINK(\"http://evil\",\"x\")", "@SUM(1+1)", "+cmd|' /C calc'!A0", "Fine AI"]
    for i, name in enumerate(names * 3):
        quoted = '"' + name.replace('"', '""') + '"'
        rows.append(f"{quoted},202{i % 4}-0{1 + i % 9}-15,{(i + 1) * 7e7:.0f},Series B,true")
    deals.write_text("\n".join(rows) + "\n")
    out = tmp_path / "capital.ipynb"
    proc = run_cli("run", "capital", "-p", "rounds_path", deals, "--output", out, env=book["env"])
    assert proc.returncode == 0, proc.stderr[-1500:]
    import nbformat

    dest = tmp_path / "chart-data"
    written = chartdata.write_for_notebook(nbformat.read(out, as_version=4), dest)
    text = "".join(p.read_text() for p in written)
    assert "OWASP" in text.splitlines()[0]
    for p in written:
        for line in p.read_text().splitlines()[1:]:
            for cell in line.split(","):
                assert not cell.strip('"').startswith(("=", "@", "+")), (p.name, line)


# ----------------------------------------------------------------- 9. (in part) files as a user expects them

def test_output_files_follow_the_umask_and_a_symlinked_output_is_written_through(book, tmp_path):
    real = tmp_path / "kept" / "compute.ipynb"
    real.parent.mkdir()
    real.write_text("previous")
    link = tmp_path / "link.ipynb"
    link.symlink_to(real)
    proc = subprocess.run([sys.executable, "-m", "middleclass", "run", "compute", "--output", str(link)],
                          cwd=PROJECT_ROOT, env={**os.environ, **book["env"]}, capture_output=True, text=True,
                          preexec_fn=lambda: os.umask(0o022))
    assert proc.returncode == 0, proc.stderr[-1500:]
    assert link.is_symlink() and real.read_text() != "previous"  # the link kept, its target written
    assert real.stat().st_mode & 0o777 == 0o644
    assert all(p.stat().st_mode & 0o044 for p in (book["build"] / "executed").glob("*.ipynb")), \
        "executed notebooks readable by group and others under umask 022"


# ----------------------------------------------------------------- 5. no orphans after kill -9

def _descendants(pid: int) -> list:
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def _alive(procs: list) -> list[str]:
    import psutil

    left = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                left.append(f"{p.pid} {' '.join(p.cmdline())[:120]}")
        except psutil.Error:
            pass
    return left


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["kernels", "sweep workers"])
def test_kill_9_leaves_no_process_of_the_build_after_5_s(book, moment):
    """A build killed with SIGKILL while chapter kernels run (pool workers and their kernels) or
    while the robustness sweep runs in its worker processes: within 5 s nothing it started is
    left; the next build runs (the lock died with the process) and leaves a complete book."""
    import signal

    import shutil

    if moment == "kernels":  # two chapters to execute: two pool workers, each with its kernel
        for name in ("01_compute.ipynb", "02_open_models.ipynb"):
            (book["build"] / "executed" / name).unlink()
        wanted = "ipykernel"
    else:  # chapters up to date, the sweep to compute again
        shutil.rmtree(book["build"] / "cache" / "sweep")
        wanted = "loky"
    proc = subprocess.Popen([sys.executable, "-m", "middleclass", "build", "--no-pdf"], cwd=PROJECT_ROOT,
                            env={**os.environ, **book["env"]}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, seen = time.time() + 300, []
    while time.time() < deadline and proc.poll() is None:
        seen = _descendants(proc.pid)
        if any(wanted in " ".join(_alive([p])) for p in seen):
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the build ended before the moment to kill it"
    time.sleep(0.3)
    seen = _descendants(proc.pid)
    assert len(seen) >= 3, [p.cmdline() for p in seen]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(5)
    assert _alive(seen) == []
    done = run_cli("build", "--no-pdf", env=book["env"])
    assert done.returncode == 0, done.stderr[-2000:]
    assert not list((book["build"] / "tmp").glob("executed-before-*"))


# ----------------------------------------------------------------- 2. caches checked before use

def _site_files(html) -> dict[str, str]:
    """sha256 of every file of the site but the keys of the last build and the PDF (printed
    again, its bytes carry the printing time)."""
    import hashlib

    return {p.relative_to(html).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(html.rglob("*"))
            if p.is_file() and p.name not in (".middleclass-book-key", ".middleclass-inputs-key", "book.pdf")}


def _damage(path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "not text":
        path.write_bytes(b"\xff\xfe\x00\x81" * 64)
    else:  # one byte changed in the middle: still parses, says something else
        at = len(data) // 2
        path.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:])


@pytest.mark.slow
def test_damaged_caches_are_rebuilt_and_the_published_site_is_correct(book):
    """Every kind of cache entry damaged at once (truncated, a byte flipped, not text), the site's
    keys removed so that the build must publish again: the site it publishes is identical to the
    one built from intact caches, and every damaged entry was rewritten whole."""
    from pypdf import PdfReader

    from middleclass import cachefiles

    build, html = book["build"], book["build"] / "html"
    cache = build / "cache"
    keys = (".middleclass-book-key", ".middleclass-inputs-key")
    for key in keys:  # published afresh first (with its PDF): every kind of cache holds entries
        (html / key).unlink(missing_ok=True)
    proc = run_cli("build", env=book["env"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    want, pages = _site_files(html), len(PdfReader(html / "book.pdf").pages)
    damaged = {
        "vega bundle": (cache / "vega-bundle.js", "truncate"),
        "data status": (cache / "status.json", "flip"),
        "verdict history": (next((cache / "history").glob("verdict-history-*.csv")), "not text"),
        "history page": (next((cache / "history").glob("verdict-history-page-*.md")), "flip"),
        "sweep table": (next((cache / "sweep").glob("sweep-*.csv")), "flip"),
        "robustness page": (next((cache / "sweep").glob("robustness-page-*.md")), "truncate"),
        "PDF page": (next((cache / "pdf").glob("03_capital-*.pdf")), "flip"),
    }
    every = {"sweep run": sorted((cache / "sweep" / "runs").glob("*.json")),  # all of them: each is read again
             "frame pickle": sorted((cache / "frames").glob("*.pkl")),
             "chapter result": sorted((cache / "chapters").rglob("output.pkl"))}
    assert all(every.values()), {k: len(v) for k, v in every.items()}
    damaged.update({f"{kind} {i}": (path, "flip") for kind, found in every.items() for i, path in enumerate(found)})
    for path, how in damaged.values():
        _damage(path, how)
    for key in keys:
        (html / key).unlink()
    proc = run_cli("build", env=book["env"])
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "history: verdicts at" in proc.stdout  # the history was computed again, not read half
    got = _site_files(html)
    assert sorted(got) == sorted(want)
    assert [name for name in want if got[name] != want[name]] == []
    assert len(PdfReader(html / "book.pdf").pages) == pages
    singles = [kind for kind in damaged if not kind.rsplit(" ", 1)[-1].isdigit()]
    assert [kind for kind in singles if not cachefiles.intact(damaged[kind][0])] == []
    # the chapters' results are read by their kernels: one chapter run again reads its damaged
    # result, computes it afresh (the same measures as the published notebook) and rewrites it
    import nbformat

    out = build.parent / "compute-again.ipynb"
    proc = run_cli("run", "compute", "--force", "--output", out, env=book["env"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    published = nbformat.read(build / "executed" / "01_compute.ipynb", as_version=4).metadata["middleclass"]
    assert nbformat.read(out, as_version=4).metadata["middleclass"]["measures"] == published["measures"]
    for kind, found in every.items():  # those read again were rewritten whole; the others stay
        rewritten = [p for p in found if cachefiles.intact(p)]  # untrusted until they are read
        assert rewritten, kind


# ----------------------------------------------------------------- 6. the machine in the way: one line

def _refused(book, argv, code: int, words: list[str], env: dict | None = None, before: str | None = None) -> str:
    """The refusal's one error line (:func:`test_bad_inputs.assert_refused`)."""
    from test_bad_inputs import assert_refused

    return assert_refused(book, argv, code, words, env=env, before=before)[1]


def test_a_build_folder_that_is_a_file_or_a_symlink_loop(book, tmp_path):
    afile = tmp_path / "build-folder"
    afile.write_text("not a folder")
    _refused(book, ["build", "--no-pdf"], 1, [str(afile), "is not a folder", "MIDDLECLASS_BUILD_DIR"],
             env={"MIDDLECLASS_BUILD_DIR": str(afile)})
    assert afile.read_text() == "not a folder"
    loop_a, loop_b = tmp_path / "loop-a", tmp_path / "loop-b"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    for argv in (["build", "--no-pdf"], ["run", "compute"]):
        _refused(book, argv, 1, [str(loop_a), "not a folder"], env={"MIDDLECLASS_BUILD_DIR": str(loop_a)})


def test_odd_output_paths_are_refused_before_a_kernel_starts(book, tmp_path):
    long_name = tmp_path / ("x" * 300 + ".ipynb")
    line = _refused(book, ["run", "compute", "--output", long_name], 2, ["file name too long"])
    assert len(line) < 300  # the 300-character name is not echoed whole
    loop = tmp_path / "loop.ipynb"
    loop.symlink_to(loop)
    _refused(book, ["run", "compute", "--output", loop], 2, ["--output", str(loop), "a symlink loop"])
    long_param = _refused(book, ["run", "capital", "-p", "rounds_path", tmp_path / ("y" * 300 + ".csv")], 2,
                          ["'rounds_path'"])
    assert len(long_param) < 300


def test_a_missing_manifest_is_one_line(book, tmp_path):
    for argv in (["build", "--no-pdf"], ["run", "compute"], ["data", "status"]):
        _refused(book, argv, 1, [str(tmp_path / "none.yml"), "manifest", "no such file"],
                 env={"MIDDLECLASS_MANIFEST": str(tmp_path / "none.yml")})


def test_a_read_only_build_folder_does_not_stop_a_run_written_elsewhere(book, tmp_path):
    """`/sys` cannot be written, even by root: the build folder there can be neither created nor
    written. A `run --output` elsewhere needs nothing from it (temporary files, kernel log and
    chapter cache fall back); a build says so in one line."""
    out = tmp_path / "compute.ipynb"
    ro = {"MIDDLECLASS_BUILD_DIR": "/sys/middleclass-build"}
    proc = run_cli("run", "compute", "--output", out, env={**book["env"], **ro})
    assert proc.returncode == 0 and out.exists(), proc.stderr[-2000:]
    _refused(book, ["build", "--no-pdf"], 1, ["/sys/middleclass-build", "cannot be created", "not permitted"], env=ro)


def _publish_again(book) -> None:
    for key in (".middleclass-book-key", ".middleclass-inputs-key"):
        (book["build"] / "html" / key).unlink(missing_ok=True)


@pytest.mark.slow
def test_a_broken_chromium_is_one_line_and_the_site_is_unchanged(book, tmp_path):
    from test_bad_inputs import tree_digest

    fake = tmp_path / "bin" / "chromium"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'chromium: error while loading shared libraries: libnss3.so' >&2\nexit 127\n")
    fake.chmod(0o755)
    _publish_again(book)  # the site must be published again, so its PDF printed
    line = _refused(book, ["build"], 1, [f"Chromium at {fake}", "libnss3.so", "exit code 127", "--no-pdf"],
                    env={"PATH": f"{fake.parent}:{os.environ['PATH']}"}, before=tree_digest(book["build"]))
    assert "previous book is unchanged" in line


@pytest.mark.slow
def test_a_full_disk_while_copying_the_site_says_disk_full(book):
    """ENOSPC from the copy of the built site (a `shutil.Error` listing 300 files): one line,
    "disk full", the first file and how many more; notebooks and site unchanged."""
    from test_bad_inputs import tree_digest

    _publish_again(book)
    before, state = tree_digest(book["build"]), _state(book)
    script = (
        "import shutil, sys, types\n"
        "from middleclass.book import pipeline\n"
        "def full(src, dst, *a, **k):\n"
        "    raise shutil.Error([(f'{src}/p{i}.html', f'{dst}/p{i}.html', \"[Errno 28] No space left on device: 'x'\")"
        " for i in range(300)])\n"
        "pipeline.shutil = types.SimpleNamespace(**{**vars(shutil), 'copytree': full})\n"
        "from middleclass.__main__ import main\n"
        "sys.exit(main(['build', '--no-pdf']))\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          env={**os.environ, **book["env"]}, timeout=600)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "disk full" in errors[0] and "(and 299 more file(s))" in errors[0], errors
    assert tree_digest(book["build"]) == before and _state(book) == state


def _tiny_disk(path):
    """A 64 KB tmpfs at ``path`` (root with mount rights), or None."""
    path.mkdir()
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(path)], capture_output=True).returncode
    return path if ok == 0 else None


def test_a_full_disk_for_an_output_says_disk_full(book, tmp_path):
    """A real full disk (a 64 KB tmpfs) under `run --output`: one line naming the file, "disk full"."""
    disk = _tiny_disk(tmp_path / "tiny")
    if disk is None:
        pytest.skip("cannot mount a tmpfs here")
    try:
        (disk / "filler").write_bytes(b"0" * 40_000)
        _refused(book, ["run", "compute", "--output", disk / "c.ipynb"], 1, [str(disk), "disk full"])
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]  # no partial file left
    finally:
        subprocess.run(["umount", str(disk)])
