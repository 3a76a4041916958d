"""The multiverse sweep (issue 27): every claim judged under every specification of its
pre-declared choices (:mod:`middleclass.claims.multiverse`).

The specifications are grouped into *runs*: one chapter with one set of parameters. A run calls
the chapter's function (:func:`middleclass.chapters.measure`, the one the notebooks call; without
the robustness checks no claim reads) and judges each of its specifications, the rule's
thresholds set as the specification says; the other chapters' measures are the executed
notebooks' (what the ledger reads), so the default specification is the ledger's own. Runs go
through joblib: two local processes by default, or a Dask distributed cluster when a scheduler
address is given (``build --scheduler ADDRESS`` or ``MIDDLECLASS_SCHEDULER``), with no other
change. The result is one tidy table (:data:`COLUMNS`), cached in ``_build/cache/sweep`` under a
digest of the library a kernel imports (the rules and their choices included) and the executed
chapters' cache keys (their parameters and data).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pandas as pd

from .. import cachefiles, chapters, paths

COLUMNS = ["claim", "spec", "default", "verdict", "estimate", "ci_low", "ci_high", "n", "choices"]
SCHEDULER_ENV = "MIDDLECLASS_SCHEDULER"
CSV_NAME = "robustness.csv"


def runs(base: dict[str, dict], claim_ids=None) -> list[tuple[str, dict, list[tuple[str, tuple]]]]:
    """The sweep's runs: (chapter id, parameter values, [(claim id, specification values), ...]);
    ``base``: chapter id -> its parameters in effect (the default specification's values)."""
    from .. import claims
    from ..claims import multiverse

    grouped: dict[tuple, tuple[str, dict, list]] = {}
    for claim in claims.CLAIMS:
        if claim_ids is not None and claim.id not in claim_ids:
            continue
        for spec in multiverse.specifications(claim, base.get(claim.chapter, {})):
            params = {**base.get(claim.chapter, {}), **spec.params}
            key = (claim.chapter, json.dumps(params, sort_keys=True, default=str))
            grouped.setdefault(key, (claim.chapter, params, []))[2].append((claim.id, spec.values))
    return list(grouped.values())


def run_task(chapter_id: str, params: dict, upstream: dict, base: dict, stored: dict, items: list) -> list[dict]:
    """The rows of one run: the chapter's measures with ``params`` (the stored ones when
    ``params`` equal ``base``, the parameters in effect), every other chapter's ``stored``, and
    each specification in ``items`` judged with its thresholds."""
    from .. import claims
    from ..claims import multiverse

    measures = dict(stored)
    if params != base:
        result = chapters.measure(chapter_id, params, upstream, robustness=False, cache=False)
        measures[chapter_id] = chapters.stored_measures(result)
    rows = []
    for claim_id, values in items:
        claim = claims.BY_ID[claim_id]
        declared = {c.name: c for c in multiverse.choices_of(claim)}
        spec = multiverse.Spec(claim_id, tuple(values))
        with multiverse.thresholds(claim, spec.thresholds):
            result = claims.judge(claim, measures)
        main = claims.headline(claim, measures)
        ok = main is not None and main.ok
        labels = {name: declared[name].label(value) for name, value in values}
        rows.append({"claim": claim_id, "spec": " · ".join(labels.values()),
                     "default": all(declared[n].kind == "threshold" and v == declared[n].default
                                    or declared[n].kind == "parameter" and v == base.get(n, declared[n].default)
                                    for n, v in values),
                     "verdict": result.verdict,
                     "estimate": float(main.value) if ok else float("nan"),
                     "ci_low": float(main.ci_low) if ok and main.has_ci else float("nan"),
                     "ci_high": float(main.ci_high) if ok and main.has_ci else float("nan"),
                     "n": float(main.n) if ok and main.n is not None else float("nan"),
                     "choices": json.dumps(labels, ensure_ascii=False)})
    return rows


def _parallel(tasks: list[tuple], jobs: int, scheduler: str | None) -> list[list[dict]]:
    """Each task's rows, in order: loky's local processes (joblib's; they end with the build and are
    shut down afterwards, so they hold no memory while the site is built), in this process when
    there are few, or a Dask cluster at ``scheduler`` through joblib."""
    from joblib import Parallel, delayed, parallel_config

    calls = (delayed(run_task)(*t) for t in tasks)
    if scheduler:
        from distributed import Client

        with Client(scheduler, set_as_default=False) as client, parallel_config(backend="dask", client=client):
            return Parallel()(calls)
    if jobs <= 1 or len(tasks) <= FEW_TASKS:  # starting worker processes would cost more than the tasks
        return [run_task(*t) for t in tasks]
    from joblib.externals.loky import get_reusable_executor

    from .history import one_thread_each
    from .safety import exit_with

    with one_thread_each():  # workers that end with the build, even killed, idle ones included
        executor = get_reusable_executor(max_workers=jobs, initializer=exit_with, initargs=(os.getpid(),))
        try:
            return list(executor.map(_run_packed, tasks, chunksize=max(1, len(tasks) // (8 * jobs))))
        finally:
            executor.shutdown(wait=True)


def _run_packed(task: tuple) -> list[dict]:
    return run_task(*task)


#: at most this many runs are computed in the build's own process (no worker start)
FEW_TASKS = 30


def _run_key(task: tuple, library: str) -> str:
    """Digest of what one run's rows depend on: its chapter, parameters and upstream parameters,
    the specifications it judges, the stored measures of every chapter those claims read (and of
    its own chapter, whose executed notebook's data files they reflect) and the library."""
    from .. import claims

    chapter_id, params, upstream, base, stored, items = task
    read = {chapter_id} | {ch for claim_id, _ in items for ch in claims.BY_ID[claim_id].chapters}
    read |= set(chapters.upstream_chapters(chapter_id))
    payload = {"chapter": chapter_id, "params": params, "upstream": upstream, "base": base, "items": items,
               "measures": {ch: repr(sorted(stored.get(ch, {}).items())) for ch in sorted(read)},
               "library": library, "version": 1}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:24]


def compute(stored: dict, base: dict[str, dict], upstream: dict[str, dict], jobs: int = 2,
            scheduler: str | None = None, claim_ids=None, cache_dir: Path | None = None) -> pd.DataFrame:
    """The sweep's table (:data:`COLUMNS`): ``stored`` are the executed chapters' measures
    (chapter id -> name -> measure), ``base`` each chapter's parameters in effect, ``upstream``
    each chapter's upstream parameters; ``claim_ids`` limits the claims (all by default).
    ``cache_dir``: each run's rows are kept there under :func:`_run_key`, so a changed chapter
    recomputes only the runs that read it."""
    planned = runs(base, claim_ids)
    tasks = [(cid, params, upstream.get(cid, {}), base.get(cid, {}), stored, items) for cid, params, items in planned]
    results: list[list[dict] | None] = [None] * len(tasks)
    keys = []
    if cache_dir is not None:
        library = chapters.library_digest(book_side=False)
        keys = [_run_key(t, library) for t in tasks]
        for i, key in enumerate(keys):
            text = cachefiles.read_text(cache_dir / f"{key}.json")  # None unless it matches its digest
            if text is not None:
                try:
                    results[i] = json.loads(text)
                except ValueError:  # a foreign entry is computed again
                    results[i] = None
    missing = [i for i, r in enumerate(results) if r is None]
    for i, rows in zip(missing, _parallel([tasks[i] for i in missing], jobs, scheduler)):
        results[i] = rows
        if cache_dir is not None:
            cachefiles.write_text(cache_dir / f"{keys[i]}.json", json.dumps(rows, allow_nan=True))
    if cache_dir is not None:  # runs of earlier versions
        cachefiles.remove_stale(cache_dir, "*.json", keep={f"{k}.json" for k in keys})
    order = {c: i for i, c in enumerate(_claim_order())}
    rows = [row for rows in results for row in rows]
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["order"] = table["claim"].map(order)
    table = table.sort_values(["order", "default", "spec"], ascending=[True, False, True], kind="stable")
    return table.drop(columns="order").reset_index(drop=True)


def _claim_order() -> list[str]:
    from .. import claims

    return [c.id for c in claims.CLAIMS]


def scheduler_address(given: str | None = None) -> str | None:
    """The Dask scheduler to use: ``given`` (``build --scheduler``), else ``MIDDLECLASS_SCHEDULER``,
    else None (local processes)."""
    return given or os.environ.get(SCHEDULER_ENV) or None


def cache_key(state: dict) -> str:
    """Digest of what the sweep depends on: the library a kernel imports (rules and choices
    included), the executed chapters (their bytes: measures, parameters and data hashes) and the
    parameters in effect."""
    from . import plan

    notebooks = {}
    for c in chapters.CHAPTERS.values():
        path = plan.executed_path(c)
        notebooks[c.id] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    payload = {"library": chapters.library_digest(book_side=False), "executed": notebooks, "state": state, "version": 2}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:20]


def cache_path(state: dict) -> Path:
    return paths.CACHE_DIR / "sweep" / f"sweep-{cache_key(state)}.csv"


def read(path: Path) -> pd.DataFrame | None:
    """The cached sweep table, or None when it is absent or damaged (:func:`.history.read_table`)."""
    from .history import read_table

    return read_table(path, dtype={"spec": str, "choices": str})


def ensure(state: dict, jobs: int = 2, scheduler: str | None = None) -> tuple[pd.DataFrame, bool, Path]:
    """(the sweep's table for the book as executed, whether it was computed now, its cached
    file): from its cache when the library, chapters and parameters are unchanged."""
    from .. import claims
    from . import plan
    from .history import write_table

    target = cache_path(state)
    cached = read(target)
    if cached is not None:
        return cached, False, target
    stored = claims.load_measures(paths.EXECUTED_DIR)
    base = {cid: plan.resolve(cid, state=state)[0] for cid in chapters.CHAPTERS}
    upstream = {cid: plan.upstream_parameters(cid, state) for cid in chapters.CHAPTERS}
    table = compute(stored, base, upstream, jobs=jobs, scheduler=scheduler_address(scheduler),
                    cache_dir=target.parent / "runs")
    write_table(table, target, "sweep-*.csv")
    return read(target), True, target


def agreements(table: pd.DataFrame) -> dict:
    """Claim id -> :class:`~middleclass.claims.multiverse.Agreement` for every claim in ``table``."""
    from .. import claims
    from ..claims import multiverse

    out = {}
    for claim_id, grp in table.groupby("claim", sort=False):
        rows = [{"default": bool(r["default"]) if not isinstance(r["default"], str) else r["default"] == "True",
                 "verdict": r["verdict"], "measured": not pd.isna(r["estimate"]), **json.loads(r["choices"])}
                for _, r in grp.iterrows()]
        found = multiverse.agreement(claims.BY_ID[claim_id], rows)
        if found is not None:
            out[claim_id] = found
    return out
