"""Verdict history: every claim's verdict as of each quarter end since 2023-03-31.

For each date the chapters' own code runs in one process (no kernel per date) with the default
parameters and ``as_of`` set to that date: each code cell of the MyST notebook, except those
tagged :data:`ROBUSTNESS_TAG` (sensitivity checks the chapter reports but no claim reads; a test
holds the all-data rows equal to the ledger's), is executed in one namespace with charts, glue
and display switched off; the measures the chapter records are kept and handed to the chapters
that read them. The claims module then judges every claim on
those measures, exactly as the ledger does. The result is one row per claim and date (columns
:data:`COLUMNS`), cached in ``_build/cache/history`` under a key of the library, the curated
tables, the manifest's pinned hashes, the chapter notebooks and the dates.

The build runs each date in a worker's warm kernel with output switched off for that run
(:func:`output_off`, restored after); :func:`compute` (used when a run failed there) uses worker
processes switched off for good (:func:`init_worker`). The build's own process is never stubbed.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import json
import multiprocessing
import os
import traceback

import pandas as pd

from .. import paths
from . import execute as runner
from ..chapters import CHAPTERS

#: the claims are judged on the measures of these chapters (replication feeds no claim)
HISTORY_CHAPTERS = ("compute", "open-models", "capital", "innovation", "outlook")
FIRST_DATE = "2023-03-31"
ALL_DATA = "all data"  # the last column: no as_of, default parameters
#: cells with this tag (sensitivity checks: reported in the chapter, read by no claim) are skipped
ROBUSTNESS_TAG = "robustness"
COLUMNS = ["claim", "as_of", "verdict", "estimate", "ci_low", "ci_high", "n", "straddles", "reason"]


def quarter_ends(first: str = FIRST_DATE, last=None) -> list[str]:
    """Quarter-end dates (ISO) from ``first`` to the last quarter end on or before ``last``
    (default: the newest publication date among Epoch's notable models, the book's spine)."""
    if last is None:
        from ..data import epoch

        last = epoch.load_notable_models()["publication_date"].max()
    ends = pd.date_range(first, pd.Timestamp(last), freq="QE")
    return [f"{d:%Y-%m-%d}" for d in ends]


def cache_key(dates: list[str]) -> str:
    payload = {
        "library": runner.library_digest(),
        "notebooks": {cid: hashlib.sha256(CHAPTERS[cid].path.read_bytes()).hexdigest() for cid in HISTORY_CHAPTERS},
        "dates": dates,
        "version": 5,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:20]


# ----------------------------------------------------------------- in a worker process or kernel

def _output_targets() -> list[tuple[object, str]]:
    """What a chapter shows through: display, glue and every chart of ``figures``."""
    import IPython.display
    import myst_nb

    from ..notebook import figures

    targets = [(IPython.display, "display"), (myst_nb, "glue")]
    return targets + [(figures, name) for name in dir(figures) if not name.startswith("_") and callable(
        getattr(figures, name)) and getattr(getattr(figures, name), "__module__", "") == figures.__name__]


def _nothing(*args, **kwargs) -> None:
    return None


def _stub_output() -> None:
    """Switch off everything a chapter shows (charts, glue, display) for good."""
    for owner, name in _output_targets():
        setattr(owner, name, _nothing)


@contextlib.contextmanager
def output_off():
    """Everything a chapter shows switched off for the duration, then restored: the warm
    kernels run history dates between chapters."""
    saved = [(owner, name, getattr(owner, name)) for owner, name in _output_targets()]
    try:
        for owner, name, _ in saved:
            setattr(owner, name, _nothing)
        yield
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)


def verdicts_to_file(as_of: str, target: str) -> None:
    """:func:`verdicts_task` with output off, its (rows, notes) written to ``target`` as JSON
    (how a warm kernel hands a history run back to its worker)."""
    with output_off():
        rows, notes = verdicts_task(as_of)
    tmp = f"{target}.part"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"rows": rows, "notes": notes}, fh)
    os.replace(tmp, target)


def chapter_measures(chapter_id: str, as_of: str, upstream: dict[str, dict]) -> dict:
    """Run one chapter's code in this process with ``as_of`` (default parameters otherwise)
    and return the measures it recorded; ``upstream`` holds the measures of the chapters it
    reads (chapter id -> measures)."""
    from ..notebook import publish

    chapter = CHAPTERS[chapter_id]
    nb = runner.read_source(chapter)
    ns: dict = {}
    publish.set_upstream(upstream)
    try:
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or ROBUSTNESS_TAG in cell.metadata.get("tags", []):
                continue
            code = compile(cell.source, f"<{chapter.file} cell {i}>", "exec")
            exec(code, ns)  # noqa: S102 - the chapter's own code
            if "parameters" in cell.metadata.get("tags", []):
                ns["as_of"] = as_of
    finally:
        publish.set_upstream(None)
    return dict(publish.measures())


def _judge(measures: dict[str, dict], as_of: str) -> list[dict]:
    from .. import claims
    from ..analysis.measures import Estimate

    rows = []
    for result in claims.evaluate(measures):
        main = None
        headline = claims.HEADLINES.get(result.claim.id)
        for name in ((headline,) if headline else ()) + tuple(result.claim.reads):
            chapter, key = name.split(".", 1) if "." in name else (result.claim.chapter, name)
            value = measures.get(chapter, {}).get(key)
            if isinstance(value, Estimate):
                main = value
                break
        ok = isinstance(main, Estimate) and main.ok
        rows.append({"claim": result.claim.id, "as_of": as_of, "verdict": result.verdict,
                     "estimate": float(main.value) if ok else float("nan"),
                     "ci_low": float(main.ci_low) if ok else float("nan"),
                     "ci_high": float(main.ci_high) if ok else float("nan"),
                     "n": float(main.n) if ok and main.n is not None else float("nan"),
                     "straddles": claims.straddles(result.claim.id, main),
                     "reason": result.reason})
    return rows


def verdicts_task(as_of: str) -> tuple[list[dict], list[str]]:
    """Every claim's verdict with the data available on ``as_of`` (:data:`ALL_DATA`: all data),
    default parameters otherwise, and notes on chapters that could not run on that date (runs
    with output switched off: :func:`output_off`, or a worker set up by :func:`init_worker`)."""
    measures: dict[str, dict] = {}
    notes: list[str] = []
    cut = "" if as_of == ALL_DATA else as_of
    for cid in HISTORY_CHAPTERS:
        try:
            measures[cid] = chapter_measures(cid, cut, {d: measures.get(d, {}) for d in CHAPTERS[cid].depends_on})
        except Exception as exc:  # a chapter that cannot run on this date: its claims are "not yet measured"
            line = traceback.format_exception_only(type(exc), exc)[-1].strip()
            measures.pop(cid, None)
            notes.append(f"history: {cid} as of {as_of}: {line}")
    return _judge(measures, as_of), notes


def init_worker() -> None:
    """Switch off display, glue and figures in this (worker) process: history runs only."""
    _stub_output()


# ----------------------------------------------------------------- in the build

def compute(runs: list[str], jobs: int = 2) -> list[dict]:
    """The rows of the verdict history for ``runs`` (as from :func:`plan`) in ``jobs`` worker
    processes (the build itself shares its pool with the chapters instead)."""
    ctx = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=max(1, min(jobs, len(runs))), mp_context=ctx,
                                initializer=init_worker) as pool:
        return [row for rows, _ in pool.map(verdicts_task, runs) for row in rows]


def _cache_path(dates: list[str]):
    return paths.CACHE_DIR / "history" / f"verdict-history-{cache_key(dates)}.csv"


def stored_path(runs: list[str]):
    """The cached table's file for ``runs`` (as from :func:`plan`), or None when not computed."""
    path = _cache_path([d for d in runs if d != ALL_DATA])
    return path if path.exists() else None


def plan() -> tuple[list[str], pd.DataFrame | None]:
    """(the runs the history needs: the quarter ends and :data:`ALL_DATA`; the cached table,
    or None when it must be computed)."""
    dates = quarter_ends()
    target = _cache_path(dates)
    return [*dates, ALL_DATA], (pd.read_csv(target, keep_default_na=True) if target.exists() else None)


def store(runs: list[str], rows: list[dict]) -> pd.DataFrame:
    """Cache the rows computed for ``runs`` (as from :func:`plan`) and return the table."""
    dates = [d for d in runs if d != ALL_DATA]
    table = pd.DataFrame(rows, columns=COLUMNS)
    target = _cache_path(dates)
    target.parent.mkdir(parents=True, exist_ok=True)
    for old in target.parent.glob("verdict-history-*.csv"):
        old.unlink()
    tmp = target.with_suffix(".tmp")
    table.to_csv(tmp, index=False)
    tmp.replace(target)
    return pd.read_csv(target, keep_default_na=True)  # as a later build reads it back


def ensure(jobs: int = 2) -> pd.DataFrame:
    """The cached verdict history, computed when the library, data or chapters changed."""
    runs, cached = plan()
    return cached if cached is not None else store(runs, compute(runs, jobs))


def changes(table: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """Per claim, the runs of equal verdicts in date order: [(first date, verdict), ...]."""
    return {cid: [(w, v) for w, v, _ in runs] for cid, runs in changes_with_kind(table).items()}


#: what a change of verdict rests on (the history page marks each change)
SUBSTANTIVE, THIN, OTHER, FIRST = "substantive", "thin", "another measure", "first measured"


def change_kind(before, after) -> str:
    """Whether a change of verdict between two dates is real: *first measured* when the headline
    had no value before and now has one outside the rule's uncertain zone; *thin* when one of the
    dates had too little data for the headline estimate (below the rule's minimum) or its interval
    straddled the rule's threshold band (``straddles``: the rule's "too uncertain" zone, where
    a flip is noise, not news); *substantive* when the headline estimate moved beyond its
    earlier interval (or, for a measure without an interval, its value changed); otherwise
    *another measure* (the headline stayed inside its interval and another measure the rule
    reads moved, e.g. a record year)."""
    import math

    def num(x):
        try:
            return float(x)
        except (TypeError, ValueError):
            return math.nan

    def flag(x):
        return str(x).strip().lower() in ("true", "1")

    e0, l0, h0, e1 = num(before.estimate), num(before.ci_low), num(before.ci_high), num(after.estimate)
    if math.isnan(e0) and not math.isnan(e1) and not flag(getattr(after, "straddles", False)):
        return FIRST
    if math.isnan(e0) or math.isnan(e1) or flag(getattr(before, "straddles", False)) or \
            flag(getattr(after, "straddles", False)):
        return THIN
    if math.isnan(l0) or math.isnan(h0):
        return SUBSTANTIVE if not math.isclose(e0, e1, rel_tol=1e-9, abs_tol=1e-12) else OTHER
    return SUBSTANTIVE if not l0 <= e1 <= h0 else OTHER


def changes_with_kind(table: pd.DataFrame) -> dict[str, list[tuple[str, str, str]]]:
    """Per claim, the runs of equal verdicts in date order with what each change rests on:
    [(first date, verdict, kind), ...]; the first run's kind is ''."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for claim_id, grp in table.groupby("claim", sort=False):
        runs: list[tuple[str, str, str]] = []
        prev = None
        for row in grp.itertuples():
            if not runs:
                runs.append((row.as_of, row.verdict, ""))
            elif runs[-1][1] != row.verdict:
                runs.append((row.as_of, row.verdict, change_kind(prev, row)))
            prev = row
        out[claim_id] = runs
    return out
