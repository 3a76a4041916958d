"""Build benchmark: wall time (median of several runs) and peak memory of

1. a cold full build (`python -m middleclass build` into an empty build folder),
2. a cold build of the work the reference does, no more: `build --no-pdf` into an empty build
   folder holding only the verdict history's cache (the reference computes no history and
   prints no PDF),
3. a no-op rebuild (nothing changed),
4. a rebuild after one chapter's parameter changes (`run compute -p frontier_top_n N`, then
   `build`), checking that only that chapter executes, with the chapters that read its results
   (the Outlook reads every chapter's measures for the claims ledger),
5. the reference: the same chapter notebooks built by `jupyter-book build` with
   `execute_notebooks: force` (serial execution inside Sphinx; its own empty build folder, so
   its kernels find no chapter result in a cache);
6. with ``--tests``: the fast test tier (`pytest tests/unit`) and the whole `make test`;

with the cold build's phases (chapters, verdict history, robustness sweep, HTML, PDF) from its progress lines and a
profile of where a chapter's time goes (a kernel's start and imports; per chapter function:
load, compute).

Prints a markdown table. Usage: .venv/bin/python bench/benchmark.py [--runs 3] [--tests]
Peak memory is sampled every 100 ms over the command and all its child processes (kernels,
Chromium) in two ways: the summed RSS, which counts a shared library once per process that maps
it (Chromium's dozen processes share most of their pages), and the summed PSS (proportional set
size: each shared page split among the processes that map it), which is what the tree takes
from the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from middleclass.chapters import CHAPTERS  # noqa: E402


def measure(cmd: list[str], env: dict, cwd: Path = ROOT) -> tuple[float, tuple[float, float], str]:
    """(seconds, (peak summed RSS, peak PSS) in MB over the process tree, stdout+stderr)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    peak_rss = peak_pss = 0
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        rss = pss = 0
        try:
            for p in [root, *root.children(recursive=True)]:
                try:
                    info = p.memory_full_info()
                except psutil.Error:
                    continue
                rss, pss = rss + info.rss, pss + info.pss
        except psutil.Error:
            pass
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.1)
    out = proc.stdout.read()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(cmd)}\n{out[-2000:]}")
    return seconds, (peak_rss / 2**20, peak_pss / 2**20), out


def reference_tree(dest: Path, staged: Path) -> None:
    """The same book (front and back matter as staged by our build) with the chapter sources,
    for Jupyter Book to execute itself."""
    shutil.copytree(staged, dest, ignore=shutil.ignore_patterns("_build", "chapters"))
    cfg = yaml.safe_load((dest / "_config.yml").read_text())
    cfg["execute"] = {"execute_notebooks": "force", "timeout": 600}
    (dest / "_config.yml").write_text(yaml.safe_dump(cfg))
    (dest / "chapters").mkdir()
    for chapter in CHAPTERS.values():
        shutil.copy2(chapter.path, dest / "chapters" / chapter.path.name)


PROFILE_CODE = r"""
import json, sys, time
t = time.perf_counter()
import nbformat, papermill
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("from middleclass import chapters\nfrom middleclass.notebook import figures, publish")])
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
import tempfile, os
d = tempfile.mkdtemp()
nbformat.write(nb, os.path.join(d, "a.ipynb"))
papermill.execute_notebook(os.path.join(d, "a.ipynb"), os.path.join(d, "b.ipynb"), progress_bar=False, log_output=False)
out = {"kernel start + imports": time.perf_counter() - t}

from middleclass import chapters
from middleclass.data import curated, epoch, funding, performance
spent = {"load": 0.0}
depth = {"load": 0}
def timed(fn):
    def wrapper(*a, **k):  # only the outermost call counts (a loader calling a loader)
        depth["load"] += 1
        t0 = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            depth["load"] -= 1
            if depth["load"] == 0:
                spent["load"] += time.perf_counter() - t0
    return wrapper
for module in (epoch, performance, funding, curated):  # every loader: read, validate (or cache), tidy, cut
    for name in dir(module):
        f = getattr(module, name)
        if name.startswith("load_") and callable(f) and getattr(f, "__module__", "") == module.__name__:
            setattr(module, name, timed(f))
rows = {}
for cid in chapters.dependency_order():
    spent["load"] = 0.0
    ups = chapters.upstream_measures(cid, cache=False)  # not timed: the chapters it reads
    t = time.perf_counter()
    chapters._compute(cid, chapters.CHAPTERS[cid].defaults(), ups, True)
    total = time.perf_counter() - t
    rows[cid] = {"load": spent["load"], "compute": total - spent["load"]}
out["chapters"] = rows
print(json.dumps(out))
"""


def profile(env: dict) -> dict:
    """Where a chapter's time goes, measured in one process after a build (data caches warm as
    in a build's later chapters): a fresh kernel's start and the library's imports (paid by
    every chapter: papermill starts one kernel per chapter), then per chapter function loading
    (the data loaders: frame cache or parse and validate, tidy, as_of cut) and computing."""
    import json

    _, _, out = measure([sys.executable, "-c", PROFILE_CODE], env)
    return json.loads(out.strip().splitlines()[-1])


def phase_seconds(output: str) -> dict:
    """The build's own progress lines: seconds per chapter, history, HTML and PDF."""
    import re

    found = {}
    for m in re.finditer(r"^\[\d+/\d+\] ([a-z-]+): executed in ([\d.]+) s$", output, re.M):
        found[m.group(1)] = float(m.group(2))
    for name, pattern in (("history", r"^history: .* in ([\d.]+) s$"),
                          ("robustness", r"^robustness: .* in ([\d.]+) s"), ("html", r"^html: .* in ([\d.]+) s$"),
                          ("pdf", r"^pdf: .* in ([\d.]+) s")):
        m = re.search(pattern, output, re.M)
        if m:
            found[name] = float(m.group(1))
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tests", action="store_true", help="also time the fast test tier and the whole make test")
    args = ap.parse_args()
    py = sys.executable
    jb = str(Path(py).parent / "jupyter-book")
    rows: dict[str, list[tuple[float, tuple[float, float]]]] = {k: [] for k in ("cold", "like", "noop", "param",
                                                                               "reference")}
    phases: list[dict] = []
    executed_after_param: set[str] = set()
    prof = None
    for i in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="mc-bench-") as tmp:
            env = {"MIDDLECLASS_BUILD_DIR": str(Path(tmp) / "_build")}
            t, m, out = measure([py, "-m", "middleclass", "build"], env)
            rows["cold"].append((t, m))
            phases.append(phase_seconds(out))
            rows["noop"].append(measure([py, "-m", "middleclass", "build"], env)[:2])
            like = {"MIDDLECLASS_BUILD_DIR": str(Path(tmp) / "like" / "_build")}  # the reference's work only
            shutil.copytree(Path(tmp) / "_build" / "cache" / "history", Path(like["MIDDLECLASS_BUILD_DIR"]) / "cache" / "history")
            rows["like"].append(measure([py, "-m", "middleclass", "build", "--no-pdf"], like)[:2])
            t1, m1, out1 = measure([py, "-m", "middleclass", "run", "compute", "-p", "frontier_top_n", str(11 + i)], env)
            t2, m2, out2 = measure([py, "-m", "middleclass", "build"], env)
            rows["param"].append((t1 + t2, (max(m1[0], m2[0]), max(m1[1], m2[1]))))
            executed_after_param |= {ln.split(":")[0] for ln in out1.splitlines() if ": executing" in ln}
            executed_after_param |= {m.group(1) for m in __import__("re").finditer(
                r"^\[\d+/\d+\] ([a-z-]+): executed in", out2, __import__("re").M)}
            ref = Path(tmp) / "reference"
            reference_tree(ref, Path(tmp) / "_build" / "book")
            ref_env = {"MIDDLECLASS_BUILD_DIR": str(Path(tmp) / "reference-build")}  # no chapter cache to read
            rows["reference"].append(measure([jb, "build", str(ref), "--path-output", str(ref / "out")], ref_env)[:2])
            if prof is None:
                prof = profile(env)
    med = {k: (statistics.median(t for t, _ in v), (max(m[0] for _, m in v), max(m[1] for _, m in v)))
           for k, v in rows.items()}
    cold, ref_t = med["cold"][0], med["reference"][0]
    labels = {
        "cold": "cold full build (`build`, empty build folder; history and PDF included)",
        "like": "cold build of what the reference builds (`build --no-pdf`, verdict history from a cache)",
        "noop": "no-op rebuild (`build`, nothing changed)",
        "param": "one chapter's parameter changed (`run compute -p ...` + `build`)",
        "reference": "reference: `jupyter-book build`, `execute_notebooks: force`",
    }
    print(f"Chapters: {len(CHAPTERS)}; runs: {args.runs}; machine: {os.cpu_count()} cores\n")
    print("| step | median wall time (s) | ratio to cold build | ratio to reference | peak memory, PSS (MB) "
          "| peak memory, summed RSS (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for key, label in labels.items():
        t, (rss, pss) = med[key]
        print(f"| {label} | {t:.1f} | {t / cold:.2f} | {t / ref_t:.2f} | {pss:.0f} | {rss:.0f} |")
    ph = {k: statistics.median(p[k] for p in phases if k in p) for k in set().union(*phases)}
    print()
    print("Where the cold build's time goes (median seconds, from its progress lines; chapters and history share")
    print("the two workers, so their times overlap):\n")
    print("| phase | s |")
    print("|---|---:|")
    for k in [c for c in CHAPTERS if c in ph] + ["history", "robustness", "html", "pdf"]:
        if k in ph:
            print(f"| {k if k in CHAPTERS else k + ' (whole phase)'} | {ph[k]:.1f} |")
    print()
    if prof:
        print(f"Profile after the build: a fresh kernel's start + the library's imports {prof['kernel start + imports']:.1f} s "
              "(paid by every chapter); per chapter function, in one process:\n")
        print("| chapter | load (s) | compute (s) |")
        print("|---|---:|---:|")
        for cid, r in prof["chapters"].items():
            print(f"| {cid} | {r['load']:.2f} | {r['compute']:.2f} |")
        print()
    peak_pss = max(m[1] for _, m in med.values())
    checks = [
        (f"the reference's work (no history, no PDF) at most 0.6x the reference ({med['like'][0]:.1f} s: "
         f"{med['like'][0] / ref_t:.2f}x)", med["like"][0] <= 0.6 * ref_t),
        (f"cold full build, history and PDF included, at most 1.0x the reference ({cold:.1f} s vs {ref_t:.1f} s: "
         f"{cold / ref_t:.2f}x)", cold <= 1.0 * ref_t),
        (f"one chapter's parameter changed at most 0.4x of a cold build ({med['param'][0] / cold:.2f}x)",
         med["param"][0] <= 0.4 * cold),
        (f"no-op rebuild at most 5% of a cold build ({100 * med['noop'][0] / cold:.1f}%)", med["noop"][0] <= 0.05 * cold),
        (f"peak memory at most 1.5 GB, as PSS ({peak_pss:.0f} MB)", peak_pss <= 1536),
        (f"the robustness sweep adds at most 15 s to a cold build ({ph.get('robustness', float('nan')):.1f} s, after "
         "the chapters and the history)", ph.get("robustness", 99) <= 15),
    ]
    readers = {cid for cid, c in CHAPTERS.items() if "compute" in c.depends_on}
    if args.tests:
        fast = [measure([py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/unit"], {})[0] for _ in range(args.runs)]
        whole = measure(["make", "test"], {})[0]
        print(f"- fast test tier (`pytest tests/unit`, median of {args.runs}): {statistics.median(fast):.1f} s "
              f"(target under 60 s): {'met' if statistics.median(fast) < 60 else 'NOT met'}")
        print(f"- whole `make test`: {whole:.0f} s (target under 300 s): {'met' if whole < 300 else 'NOT met'}")
    checks.append((f"a changed chapter re-executes alone, with its readers {sorted(readers)} "
                   f"(executed: {sorted(executed_after_param)})", executed_after_param == {"compute"} | readers))
    for text, ok in checks:
        print(f"- {text}: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
