"""``python -m middleclass build``: the parameters in effect (:mod:`.plan`), the stale chapters
executed by papermill and the verdict history's missing dates computed, side by side in one
process pool (:mod:`.execute`, :mod:`.history`), then the book staged (:mod:`.stage`), built by
Jupyter Book (:mod:`.site`) and printed (:mod:`.pdf`), and swapped into ``_build/html`` only
when every step succeeded: a failed build leaves the previous book and notebooks as they were.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from pathlib import Path

from .. import paths
from ..chapters import CHAPTERS, dependency_order
from ..errors import BuildError, MiddleclassError
from . import execute, history, plan, safety, site, stage, sweep

#: the order in which stale chapters start: the longest first, the Outlook (which reads every
#: other chapter's result, from the chapter cache once their kernels have computed it) last.
#: A chapter does not wait for the chapters it reads: what its kernel does not find in the
#: cache it computes itself (their functions take about a second; a notebook's kernel, charts
#: and glue take several), so both workers stay busy.
PRIORITY = ("open-models", "innovation", "compute", "capital", "replication", "outlook")


def summarize(errors: list[str]) -> str:
    """One line for several failures (``chapter 'x': message`` entries sharing a message are
    grouped)."""
    import re

    groups: dict[str, list[str]] = {}
    for err in errors:
        m = re.match(r"^chapter '([^']+)': (.*)$", err)
        cid, msg = (m.group(1), m.group(2)) if m else (None, err)
        groups.setdefault(msg, [])
        if cid:
            groups[msg].append(cid)
    return " | ".join(f"{msg} (chapter{'s' if len(c) > 1 else ''} {', '.join(c)})" if c else msg
                      for msg, c in groups.items())


def _run_chapter(chapter_id: str, state: dict, force: bool) -> tuple[str, str | None, bool, float, list[str]]:
    """In a worker process: execute one chapter; (id, error or None, executed?, seconds, its lines)."""
    lines: list[str] = []
    t = time.perf_counter()
    try:
        _, executed = execute.execute(chapter_id, force=force, log=lines.append, state=state)
        return chapter_id, None, executed, time.perf_counter() - t, lines
    except MiddleclassError as exc:
        return chapter_id, f"chapter '{chapter_id}': {exc}", False, time.perf_counter() - t, lines


def execute_all(state: dict, jobs: int = 2, force: bool = False, log=print, detail=None, warn=None,
                history_dates: list[str] | None = None) -> tuple[list[str], dict]:
    """Bring every chapter's executed notebook up to date and compute the verdict history's
    ``history_dates``, in one pool of ``jobs`` processes: the stale chapters first (in
    :data:`PRIORITY`), then the history dates. Returns (error messages, summary: executed, up to date,
    history rows or None, history seconds)."""
    detail = detail or (lambda msg: None)
    warn = warn or log
    errors: list[str] = []
    failed: set[str] = set()
    done: set[str] = set()
    summary = {"executed": [], "up_to_date": [], "history": None, "history_seconds": 0.0}
    finished = 0

    def progress(cid: str, text: str) -> None:
        nonlocal finished
        finished += 1
        log(f"[{finished}/{len(CHAPTERS)}] {cid}: {text}")

    stale: list[str] = []
    for cid in dependency_order():  # cheap checks first: only stale chapters take a worker
        try:
            *_, up_to_date = plan.status(cid, state=state)
        except MiddleclassError as exc:
            errors.append(f"chapter '{cid}': {exc}")
            failed.add(cid)
            progress(cid, "failed")
            continue
        if up_to_date and not force:  # a key covers the parameters and data of the chapters it reads
            done.add(cid)
            summary["up_to_date"].append(cid)
            progress(cid, "up to date")
        else:
            stale.append(cid)
    dates = list(history_dates or [])
    if not stale and not dates:
        return errors, summary
    rows: dict[str, list[dict]] = {}
    history_start = None
    waiting = sorted(stale, key=lambda c: PRIORITY.index(c) if c in PRIORITY else len(PRIORITY))
    workers = max(1, min(jobs, len(stale) + len(dates)))
    with history.one_thread_each(), cf.ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=safety.exit_with, initargs=(os.getpid(),)) as pool:  # no orphans if the build is killed
        running: dict[cf.Future, tuple[str, str]] = {}
        while waiting or dates or running:
            for cid in list(waiting):  # a chapter whose inputs failed is not run
                blocked = [d for d in CHAPTERS[cid].depends_on if d in failed]
                if blocked:
                    waiting.remove(cid)
                    failed.add(cid)
                    errors.append(f"chapter '{cid}' not run: it reads chapter(s) {', '.join(blocked)}, which failed")
                    progress(cid, "not run")
            while len(running) < workers:
                ready = waiting[0] if waiting else None
                if ready is not None:
                    waiting.remove(ready)
                    running[pool.submit(_run_chapter, ready, state, force)] = ("chapter", ready)
                elif dates:
                    history_start = history_start or time.perf_counter()
                    date = dates.pop(0)
                    running[pool.submit(history.verdicts_task, date)] = ("history", date)
                else:
                    break
            if not running:
                break
            finished_futures, _ = cf.wait(running, return_when=cf.FIRST_COMPLETED)
            for future in finished_futures:
                kind, name = running.pop(future)
                if kind == "history":
                    try:
                        date_rows, notes = future.result()
                    except Exception as exc:  # noqa: BLE001 - computed again after the pool, where it is reported
                        detail(f"history: the run as of {name} failed in its worker ({type(exc).__name__}: {exc})")
                        continue
                    rows[name] = date_rows
                    for note in notes:
                        detail(note)
                    continue
                cid, err, executed, seconds, lines = future.result()
                for line in lines:
                    (warn if ": warning: " in line else detail)(line)
                if err:
                    errors.append(err)
                    failed.add(cid)
                    progress(cid, "failed")
                else:
                    done.add(cid)
                    summary["executed" if executed else "up_to_date"].append(cid)
                    progress(cid, f"executed in {seconds:.1f} s" if executed else "up to date")
    if history_start is not None and history_dates and len(rows) == len(history_dates):
        summary["history"] = [row for d in history_dates for row in rows[d]]
        summary["history_seconds"] = time.perf_counter() - history_start
    return errors, summary


def build(jobs: int = 2, reset_params: bool = False, force: bool = False, log=print, given: dict | None = None,
          verbosity: int = 1, make_pdf: bool = True, scheduler: str | None = None) -> Path:
    """Execute what is stale, then build the HTML book into ``_build/html``; ``given`` sets
    parameters for every chapter that declares them (`build -p as_of 2024-01-31`; kept in the
    parameters file for later builds), ``reset_params`` empties that file first; ``verbosity``
    0 prints only the final line, 1 a line per chapter and phase, 2 also the workers' lines;
    ``make_pdf`` false skips the whole-book PDF (and its link); ``scheduler`` the address of a
    Dask scheduler for the robustness sweep (:mod:`.sweep`; default: local processes). Holds the build folder's lock (a
    second build is refused naming the first one's pid) and first removes temporary folders left
    by killed runs. ``force`` also empties ``_build/cache``: every cache is rebuilt, not trusted."""
    from . import pdf

    with safety.build_lock("build"):
        from ..data import sources

        sources.manifest()  # a missing or broken manifest is one line before anything runs
        state = plan.read_state()
        new_state = plan.set_for_build(state, given or {}, reset_params)  # checked before anything runs
        kept = {cid: v for cid, v in new_state.items() if v}
        if kept and verbosity >= 1:
            log(f"parameters in effect ({plan.state_path()}): {kept}")
        if force:  # rebuilt, not trusted: chapter results, frames, history, sweep, pages, bundle, PDF pages
            shutil.rmtree(paths.CACHE_DIR, ignore_errors=True)
        with pdf.skipped(not make_pdf), safety.notebooks_kept_on_failure(paths.EXECUTED_DIR):
            built = _build(new_state, jobs, force, log, verbosity, scheduler)
        if new_state != state:  # in effect for later builds only once this one succeeded
            plan.write_state(new_state)
        return built


def _build(state: dict, jobs: int, force: bool, log, verbosity: int = 1, scheduler: str | None = None) -> Path:
    from . import pdf

    t0 = time.perf_counter()
    say = log if verbosity >= 1 else (lambda msg: None)
    detail = log if verbosity >= 2 else (lambda msg: None)
    paths.BUILD_DIR.mkdir(exist_ok=True)
    try:  # a data file that fails its check is reported by the chapters that read it, below
        dates, cached_history, plan_error = *history.plan(), None
    except MiddleclassError as exc:
        dates, cached_history, plan_error = [], None, exc
    errors, summary = execute_all(state, jobs=jobs, force=force, log=say, detail=detail, warn=log,
                                  history_dates=None if cached_history is not None else dates)
    if errors:
        raise BuildError(f"{len(errors)} chapter(s) failed; the previous book and executed notebooks are unchanged. " + summarize(errors))
    if plan_error is not None:
        raise plan_error
    try:
        if cached_history is not None:
            table = cached_history
            detail("history: up to date (cached)")
        elif summary["history"] is not None:
            table = history.store(dates, summary["history"])
            say(f"history: verdicts at {len(dates) - 1} dates and with all data in {summary['history_seconds']:.1f} s")
        else:  # a history run failed in the pool: computed again here, and reported if it fails again
            h0 = time.perf_counter()
            table = history.ensure(jobs=jobs)
            say(f"history: verdicts at {len(dates) - 1} dates and with all data in {time.perf_counter() - h0:.1f} s")
    except (OSError, RuntimeError, ValueError) as exc:  # a worker died, the pool broke, the cache is unreadable
        raise BuildError(f"the verdict history could not be computed ({type(exc).__name__}: {exc}); the previous "
                         "book is unchanged") from None
    try:
        s0 = time.perf_counter()
        where = sweep.scheduler_address(scheduler)
        robustness, fresh, robustness_csv = sweep.ensure(state, jobs=jobs, scheduler=where)
        if fresh:
            say(f"robustness: {len(robustness)} specifications of {robustness['claim'].nunique()} claims in "
                f"{time.perf_counter() - s0:.1f} s" + (f" (Dask scheduler {where})" if where else ""))
        else:
            detail("robustness: up to date (cached)")
    except (OSError, RuntimeError, ValueError) as exc:
        raise BuildError(f"the robustness sweep could not be computed ({type(exc).__name__}: {exc}); the previous "
                         "book is unchanged") from None
    counts = f"{len(summary['executed'])} chapter(s) executed, {len(summary['up_to_date'])} up to date"

    def unchanged() -> Path:
        say(f"book: up to date ({paths.HTML_DIR / 'index.html'})")
        log(f"done in {time.perf_counter() - t0:.1f} s ({counts}; HTML unchanged): {paths.HTML_DIR / 'index.html'}")
        return paths.HTML_DIR

    stage.write_vega_bundle(paths.CACHE_DIR)
    inputs = stage.inputs_digest(history.stored_path(dates), robustness_csv)
    inputs_file, key_file = paths.HTML_DIR / stage.INPUTS_FILE, paths.HTML_DIR / stage.KEY_FILE
    if not force and key_file.exists() and inputs_file.exists() and inputs_file.read_text().strip() == inputs:
        return unchanged()
    staged = paths.STAGE_DIR.with_name(paths.STAGE_DIR.name + ".new")
    try:
        stage.stage(staged, table, robustness)
        key = hashlib.sha256((stage.tree_digest(staged) + stage.environment_key()).encode()).hexdigest()
        if not force and key_file.exists() and key_file.read_text().strip() == key:
            inputs_file.write_text(inputs)
            return unchanged()
        stage.stamp_commit(staged)
        changed = stage.sync_tree(staged, paths.STAGE_DIR)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    # every page again when forced, on the first build, after a failed or interrupted one, or
    # when the navigation changed; otherwise Sphinx redoes only the changed pages
    nav = site.navigation_key(paths.STAGE_DIR)
    full = force or site.last_navigation() != nav
    detail(f"book: building HTML with jupyter-book ({'every page' if full else f'{len(changed)} staged file(s) changed'})")
    tmp = Path(tempfile.mkdtemp(prefix=f".html-{os.getpid()}-", dir=paths.BUILD_DIR))
    try:
        t1 = time.perf_counter()
        if full:  # afresh: no page or file of an earlier book stays behind
            shutil.rmtree(paths.SPHINX_DIR, ignore_errors=True)
        (paths.SPHINX_DIR / site.NAV_FILE).unlink(missing_ok=True)  # until this build succeeds
        built = site.jupyter_book_html(paths.STAGE_DIR, paths.SPHINX_DIR, full=full)
        stage.prune_extra(paths.STAGE_DIR / "_extra", built)
        (paths.SPHINX_DIR / site.NAV_FILE).write_text(json.dumps(nav, sort_keys=True), encoding="utf-8")
        html = tmp / "html"
        shutil.copytree(built, html)
        say(f"html: {len(list(html.rglob('*.html')))} pages in {time.perf_counter() - t1:.1f} s")
        t2 = time.perf_counter()
        try:
            printed = pdf.write_pdf(html, log=say)
        except pdf.PrintError as exc:
            raise BuildError(f"the whole-book PDF could not be printed: {exc}; the previous book is unchanged "
                             "(build --no-pdf builds the book without it)") from None
        if printed is not None:
            say(f"pdf: {printed.pages} pages in {time.perf_counter() - t2:.1f} s ({printed.printed} HTML "
                f"page(s) printed, {printed.cached} unchanged since the last build)")
        (html / stage.KEY_FILE).write_text(key)
        (html / stage.INPUTS_FILE).write_text(inputs)
        fresh = paths.BUILD_DIR / f".html-new-{os.getpid()}"
        if fresh.exists():
            shutil.rmtree(fresh)
        os.replace(html, fresh)
        site.swap_in(fresh)
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)
    log(f"done in {time.perf_counter() - t0:.1f} s ({counts}): {paths.HTML_DIR / 'index.html'}")
    return paths.HTML_DIR
