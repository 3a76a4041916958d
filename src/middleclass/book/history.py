"""Verdict history: every claim's verdict as of each quarter end since 2023-03-31.

For each date the chapter functions run in-process (:func:`middleclass.chapters.measure`, the
same the notebooks call) with the default parameters, ``as_of`` set to that date and without
the robustness checks no claim reads; the claims module then judges every claim on those
measures, exactly as the ledger does (a test holds the all-data rows equal to the ledger's).
The result is one row per claim and date (columns :data:`COLUMNS`), cached in
``_build/cache/history`` under a key of the library, the curated tables, the manifest's pinned
hashes and the dates; the dates are computed side by side in a process pool.
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

from .. import cachefiles, chapters, paths

#: the claims are judged on the measures of these chapters (replication feeds no claim)
HISTORY_CHAPTERS = ("compute", "open-models", "capital", "innovation", "outlook")
FIRST_DATE = "2023-03-31"
ALL_DATA = "all data"  # the last column: no as_of, default parameters
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
    payload = {"library": chapters.library_digest(book_side=False), "dates": dates, "version": 6}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:20]


def _judge(measures: dict[str, dict], as_of: str) -> list[dict]:
    from .. import claims
    from ..analysis.measures import Estimate

    rows = []
    for result in claims.evaluate(measures):
        main = claims.headline(result.claim, measures)
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
    default parameters otherwise, and notes on chapters that could not run on that date."""
    measures: dict[str, dict] = {}
    notes: list[str] = []
    cut = "" if as_of == ALL_DATA else as_of
    for cid in HISTORY_CHAPTERS:
        try:
            measures[cid] = chapters.measure(cid, {"as_of": cut}, robustness=False, cache=False).measures
        except Exception as exc:  # a chapter that cannot run on this date: its claims are "not yet measured"
            line = traceback.format_exception_only(type(exc), exc)[-1].strip()
            notes.append(f"history: {cid} as of {as_of}: {line}")
    return _judge(measures, as_of), notes


#: numerical libraries' thread counts: one per worker process unless the user set them (two
#: workers on two cores, not four threads; the history takes about half the time so)
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@contextlib.contextmanager
def one_thread_each():
    """Start worker processes with one BLAS/OpenMP thread each (unless set by the user)."""

    added = [var for var in THREAD_VARS if var not in os.environ]
    os.environ.update({var: "1" for var in added})
    try:
        yield
    finally:
        for var in added:
            os.environ.pop(var, None)


def compute(runs: list[str], jobs: int = 2) -> list[dict]:
    """The rows of the verdict history for ``runs`` (as from :func:`plan`) in ``jobs`` processes."""
    if jobs <= 1 or len(runs) == 1:
        return [row for run in runs for row in verdicts_task(run)[0]]
    ctx = multiprocessing.get_context("spawn")
    from .safety import exit_with

    with one_thread_each(), cf.ProcessPoolExecutor(max_workers=min(jobs, len(runs)), mp_context=ctx,
                                                   initializer=exit_with, initargs=(os.getpid(),)) as pool:
        return [row for rows, _ in pool.map(verdicts_task, runs) for row in rows]


def _cache_path(dates: list[str]):
    return paths.CACHE_DIR / "history" / f"verdict-history-{cache_key(dates)}.csv"


def stored_path(runs: list[str]):
    """The cached table's file for ``runs`` (as from :func:`plan`), or None when not computed."""
    path = _cache_path([d for d in runs if d != ALL_DATA])
    return path if path.exists() else None


def read_table(path, **options) -> pd.DataFrame | None:
    """A cached table, or None when it is absent or does not match its stored digest
    (:mod:`middleclass.cachefiles`: truncated, altered or not text; it is then computed again)."""
    from io import StringIO

    text = cachefiles.read_text(path)
    if text is None:
        return None
    try:
        return pd.read_csv(StringIO(text), keep_default_na=True, **options)
    except (ValueError, pd.errors.ParserError):
        cachefiles.discard(path)
        return None


def plan() -> tuple[list[str], pd.DataFrame | None]:
    """(the runs the history needs: the quarter ends and :data:`ALL_DATA`; the cached table,
    or None when it must be computed)."""
    dates = quarter_ends()
    return [*dates, ALL_DATA], read_table(_cache_path(dates))


def store(runs: list[str], rows: list[dict]) -> pd.DataFrame:
    """Cache the rows computed for ``runs`` (as from :func:`plan`) and return the table."""
    dates = [d for d in runs if d != ALL_DATA]
    target = _cache_path(dates)
    write_table(pd.DataFrame(rows, columns=COLUMNS), target, "verdict-history-*.csv")
    return read_table(target)  # as a later build reads it back


def write_table(table: pd.DataFrame, target, stale: str) -> None:
    """A cached table written whole or not at all (beside, then renamed) with its digest, the
    earlier versions (files matching ``stale`` in its folder) removed first."""
    cachefiles.remove_stale(target.parent, stale)
    cachefiles.write_text(target, table.to_csv(index=False))


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
