"""Build benchmark: wall time (median of several runs) and peak memory of

1. a cold full build (`python -m middleclass build` into an empty build folder),
2. a no-op rebuild (nothing changed),
3. a rebuild after one chapter's parameter changes (`run compute -p frontier_top_n N`, then
   `build`), checking that only that chapter executes, with the chapters that read its results
   (the Outlook reads every chapter's glued values for the claims ledger),
4. the reference: the same chapter notebooks built by `jupyter-book build` with
   `execute_notebooks: force` (serial execution inside Sphinx);

and, as part of the cold build, what the verdict history adds (its computation alone, uncached).

Prints a markdown table. Usage: .venv/bin/python bench/benchmark.py [--runs 3]
Peak memory is the largest summed RSS of the command and all its child processes (kernels
included), sampled every 50 ms.
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

from middleclass.book.chapters import CHAPTERS  # noqa: E402


def measure(cmd: list[str], env: dict, cwd: Path = ROOT) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB over the process tree, stdout+stderr)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    peak = 0
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    out = proc.stdout.read()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(cmd)}\n{out[-2000:]}")
    return seconds, peak / 2**20, out


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    py = sys.executable
    jb = str(Path(py).parent / "jupyter-book")
    rows: dict[str, list[tuple[float, float]]] = {k: [] for k in ("cold", "noop", "param", "history", "reference")}
    executed_after_param: set[str] = set()
    for i in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="mc-bench-") as tmp:
            env = {"MIDDLECLASS_BUILD_DIR": str(Path(tmp) / "_build")}
            rows["cold"].append(measure([py, "-m", "middleclass", "build"], env)[:2])
            # what the verdict history adds to that cold build: computing it alone, without its cache
            rows["history"].append(measure([py, "-c", "from middleclass.book import history; "
                                            "history.compute(history.quarter_ends(), jobs=2)"], env)[:2])
            rows["noop"].append(measure([py, "-m", "middleclass", "build"], env)[:2])
            t1, m1, out1 = measure([py, "-m", "middleclass", "run", "compute", "-p", "frontier_top_n", str(11 + i)], env)
            t2, m2, out2 = measure([py, "-m", "middleclass", "build"], env)
            rows["param"].append((t1 + t2, max(m1, m2)))
            executed_after_param |= {line.split(":")[0] for line in (out1 + out2).splitlines() if ": executing" in line}
            ref = Path(tmp) / "reference"
            reference_tree(ref, Path(tmp) / "_build" / "book")
            rows["reference"].append(measure([jb, "build", str(ref), "--path-output", str(ref / "out")], {})[:2])
    med = {k: (statistics.median(t for t, _ in v), max(m for _, m in v)) for k, v in rows.items()}
    cold = med["cold"][0]
    labels = {
        "cold": "cold full build (`build`, empty build folder)",
        "noop": "no-op rebuild (`build`, nothing changed)",
        "param": "one chapter's parameter changed (`run compute -p ...` + `build`)",
        "history": "of the cold build: the verdict history (14 dates, in-process, 2 workers)",
        "reference": "reference: `jupyter-book build`, `execute_notebooks: force`",
    }
    print(f"Chapters: {len(CHAPTERS)}; runs: {args.runs}; machine: {os.cpu_count()} cores\n")
    print("| step | median wall time (s) | ratio to cold build | peak memory (MB) |")
    print("|---|---:|---:|---:|")
    for key, label in labels.items():
        t, m = med[key]
        print(f"| {label} | {t:.1f} | {t / cold:.2f} | {m:.0f} |")
    print()
    noop_ok = med["noop"][0] <= 0.10 * cold
    readers = {cid for cid, c in CHAPTERS.items() if "compute" in c.depends_on}
    alone_ok = executed_after_param == {"compute"} | readers
    ref_ok = cold <= med["reference"][0]
    print(f"- no-op rebuild at most 10% of the cold build: {'met' if noop_ok else 'NOT met'} ({100 * med['noop'][0] / cold:.1f}%)")
    print(f"- one changed chapter re-executes alone (with the chapters that read its results: {sorted(readers) or 'none'}): "
          f"{'met' if alone_ok else 'NOT met'} (executed: {sorted(executed_after_param)})")
    print(f"- full build no slower than the reference: {'met' if ref_ok else 'NOT met'} "
          f"({cold:.1f} s vs {med['reference'][0]:.1f} s)")


if __name__ == "__main__":
    main()
