"""Build the HTML book: execute stale chapters, stage a book tree, run Jupyter Book, swap.

The staged tree (``_build/book``) holds the config, toc, front matter, the executed notebooks
under ``chapters/`` and the generated Reproducibility page. The HTML is built into a fresh
folder and moved to ``_build/html`` only after a clean build (warnings are errors), so a
failure leaves the previous book in place. When nothing staged has changed, Jupyter Book is
not run at all.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import nbformat

from .. import claims, paths
from ..errors import BuildError, MiddleclassError, ParameterError
from . import chartdata, history, pages, runner
from .chapters import CHAPTERS

KEY_FILE = ".middleclass-book-key"
FRONT_MATTER = ["_config.yml", "_toc.yml", "intro.md", "methods.md", "code.md", "bibliography.md", "references.bib"]
BUNDLE_NAME = "vega-bundle.js"


def write_vega_bundle(static_dir: Path) -> Path:
    """Write the vega + vega-lite + vega-embed bundle for altair's Vega-Lite version, once.

    The bundle is wrapped in a function so its top-level names do not clash with the theme's
    scripts; it publishes ``window.vegaEmbed``, ``window.vega`` and ``window.vegaLite`` itself.
    Regenerated only when altair or vl-convert change (checked without importing them).
    """
    static_dir.mkdir(parents=True, exist_ok=True)
    target = static_dir / BUNDLE_NAME
    stamp = static_dir / (BUNDLE_NAME + ".version")
    wanted = f"iife; altair {metadata.version('altair')}; vl-convert {metadata.version('vl-convert-python')}"
    if target.exists() and stamp.exists() and stamp.read_text() == wanted:
        return target
    import altair as alt
    import vl_convert

    version = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]
    code = vl_convert.javascript_bundle(vl_version=version)
    target.write_text("(function () {\n" + code + "\n})();\n", encoding="utf-8")
    stamp.write_text(wanted)
    return target


def _execute_one(chapter_id: str, given: dict, force: bool) -> tuple[str, str | None, bool]:
    """Worker: (chapter id, error message or None, executed?)."""
    try:
        _, executed = runner.execute(chapter_id, given, force=force, log=lambda msg: print(msg, flush=True))
        return chapter_id, None, executed
    except MiddleclassError as exc:
        return chapter_id, str(exc), False


def sticky_parameters(chapter_id: str) -> dict:
    """Parameters of the chapter's current executed notebook that an author set: those that
    differed from the defaults of that run (an author's `run -p ...` stays in effect for later
    builds until `--reset-params`; a default changed in the chapter since is not 'set')."""
    chapter = CHAPTERS[chapter_id]
    record = runner.stored_record(runner.executed_path(chapter)) if runner.executed_path(chapter).exists() else None
    if not record:
        return {}
    specs = runner.parameter_specs(runner.read_source(chapter))
    defaults = record.get("defaults", {})
    return {k: v for k, v in record.get("parameters", {}).items()
            if k in specs and k not in chapter.inherits and k in defaults and v != defaults[k]}


def plan_parameters(given: dict, reset_params: bool = False) -> dict[str, dict]:
    """Per chapter, the parameters of this build: the sticky ones (unless ``reset_params``), then
    ``given`` (`build -p NAME VALUE`) for every chapter that declares NAME and does not take it
    from another chapter. A name no chapter declares is refused."""
    plan = {cid: ({} if reset_params else sticky_parameters(cid)) for cid in CHAPTERS}
    if not given:
        return plan
    declared: set[str] = set()
    for cid, chapter in CHAPTERS.items():
        specs = runner.parameter_specs(runner.read_source(chapter))
        declared |= set(specs)
        for name, value in given.items():
            if name in specs and name not in chapter.inherits:
                plan[cid][name] = value
    unknown = sorted(set(given) - declared)
    if unknown:
        raise ParameterError(f"unknown parameter(s) {', '.join(repr(n) for n in unknown)}: no chapter declares them "
                             "(see `python -m middleclass params CHAPTER`)")
    return plan


def execute_all(jobs: int = 2, reset_params: bool = False, force: bool = False, log=print,
                before_last_phase=None, given: dict | None = None) -> list[str]:
    """Bring every chapter's executed notebook up to date; return the error messages. ``given``
    sets parameters for every chapter that declares them (`build -p`)."""
    plan = plan_parameters(given or {}, reset_params)
    for cid, params in plan.items():
        kept = {k: v for k, v in params.items() if k not in (given or {})}
        if kept:
            log(f"{cid}: keeping parameters from the last run: {kept} (use --reset-params for defaults)")
    errors: list[str] = []
    failed: set[str] = set()
    phases = _phases()
    for number, phase in enumerate(phases):  # chapters that read other chapters' results run after them
        if number == len(phases) - 1 and before_last_phase is not None:
            before_last_phase()
        stale = {}
        for cid in phase:  # cheap checks first: only stale chapters start a kernel
            params = plan[cid]
            blocked = [d for d in CHAPTERS[cid].depends_on if d in failed]
            if blocked:
                errors.append(f"chapter '{cid}' not run: it reads chapter(s) {', '.join(blocked)}, which failed")
                failed.add(cid)
                continue
            try:
                *_, target, up_to_date = runner.status(cid, params)
            except MiddleclassError as exc:
                errors.append(f"chapter '{cid}': {exc}")
                failed.add(cid)
                continue
            if up_to_date and not force:
                log(f"{cid}: up to date ({target})")
            else:
                stale[cid] = params
        if jobs <= 1 or len(stale) <= 1:
            results = [_execute_one(cid, params, force) for cid, params in stale.items()]
        else:
            ctx = multiprocessing.get_context("spawn")
            with cf.ProcessPoolExecutor(max_workers=min(jobs, len(stale)), mp_context=ctx) as pool:
                results = list(pool.map(_execute_one, stale, stale.values(), [force] * len(stale)))
        for cid, err, _ in results:
            if err:
                errors.append(err)
                failed.add(cid)
    return errors


def summarize(errors: list[str]) -> str:
    """The failures in one line: each distinct message once, with the chapters it concerns
    (``chapter 'x': message`` entries sharing a message are grouped)."""
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


def _phases() -> list[list[str]]:
    """Chapter ids in dependency order: each phase only reads chapters of earlier phases."""
    done: set[str] = set()
    phases = []
    remaining = list(CHAPTERS)
    while remaining:
        ready = [c for c in remaining if set(CHAPTERS[c].depends_on) <= done]
        if not ready:
            raise BuildError(f"circular chapter dependencies among {', '.join(remaining)}")
        phases.append(ready)
        done |= set(ready)
        remaining = [c for c in remaining if c not in ready]
    return phases


def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)


def stage(stage_dir: Path, history_table=None) -> list[dict]:
    """Write the book tree; return the chapters' provenance records. Refuses notebooks with
    error outputs or without provenance. ``history_table`` is the verdict history (computed or
    read from its cache when not given)."""
    if stage_dir.exists():
        shutil.rmtree(stage_dir)
    stage_dir.mkdir(parents=True)
    (stage_dir / "_extra" / paths.CHART_DATA_LINK).mkdir(parents=True)
    for name in FRONT_MATTER:
        if (paths.PROJECT_ROOT / name).exists():
            _copy(paths.PROJECT_ROOT / name, stage_dir / name)
    from . import provenance

    commit = provenance.git_commit()
    cfg = stage_dir / "_config.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("MIDDLECLASS_COMMIT", commit), encoding="utf-8")
    for chapter in CHAPTERS.values():  # each chapter's MyST source, linked from its provenance section
        _copy(chapter.path, stage_dir / "_extra" / "sources" / chapter.file)
    if paths.STATIC_DIR.exists():
        for path in paths.STATIC_DIR.rglob("*"):
            if path.is_file():
                _copy(path, stage_dir / "_static" / path.relative_to(paths.STATIC_DIR))
    bundle = write_vega_bundle(paths.CACHE_DIR)
    _copy(bundle, stage_dir / "_static" / BUNDLE_NAME)
    records = []
    for chapter in CHAPTERS.values():
        path = runner.executed_path(chapter)
        if not path.exists():
            raise BuildError(f"chapter '{chapter.id}' has no executed notebook ({path}); run `python -m middleclass build`")
        nb = nbformat.read(path, as_version=4)
        errors = runner.error_outputs(nb)
        if errors:
            raise BuildError(f"chapter '{chapter.id}': {path} has an error output in cell {errors[0][0]}: {errors[0][1]}")
        record = nb.metadata.get("middleclass")
        if not record:
            raise BuildError(f"chapter '{chapter.id}': {path} has no provenance metadata; rerun the chapter")
        _copy(path, stage_dir / "chapters" / path.name)
        chartdata.write_for_notebook(nb, stage_dir / "_extra" / paths.CHART_DATA_LINK)
        records.append(record)
    (stage_dir / "reproducibility.md").write_text(pages.reproducibility_page(records), encoding="utf-8")
    (stage_dir / "data-sources.md").write_text(pages.data_sources_page(), encoding="utf-8")
    for path in sorted(paths.CURATED_DIR.glob("*.csv")):
        _copy(path, stage_dir / "_extra" / paths.CURATED_LINK / path.name)
    measures = claims.load_measures(paths.EXECUTED_DIR)
    chapter_pages = {r["chapter"]: Path(r["chapter_file"]).stem for r in records}
    as_of = {r.get("parameters", {}).get("as_of", "") for r in records}
    (stage_dir / "_ledger.md").write_text(pages.ledger_markdown(
        claims.evaluate(measures), chapter_pages, claims.evaluate(measures, 0.95),
        as_of=", ".join(sorted(a for a in as_of if a))), encoding="utf-8")
    write_history(stage_dir, history.ensure() if history_table is None else history_table)
    return records


def write_history(stage_dir: Path, table) -> None:
    """The verdict-history page and the CSV behind its chart (with the book's own verdicts as
    the last column)."""

    from . import charts, figures

    full = table
    full.to_csv(stage_dir / "_extra" / paths.CHART_DATA_LINK / pages.HISTORY_CSV, index=False)
    charts.setup()
    spec = figures.verdict_history(full, [c.id for c in claims.CLAIMS]).to_dict()
    html = charts.render_html(spec, csv_href=f"{paths.CHART_DATA_LINK}/{pages.HISTORY_CSV}")
    (stage_dir / "verdict-history.md").write_text(pages.verdict_history_page(full, html), encoding="utf-8")


def tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "_build" not in p.relative_to(root).parts):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def jupyter_book_html(stage_dir: Path, out_dir: Path) -> Path:
    """Run ``jupyter-book build`` (warnings as errors); return the folder holding the HTML."""
    exe = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(exe) if exe.exists() else "jupyter-book", "build", str(stage_dir), "--path-output", str(out_dir),
           "--builder", "html", "-W", "-n", "--keep-going", "--all"]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=stage_dir)
    html = out_dir / "_build" / "html"
    if proc.returncode == 0 and (html / "index.html").exists():
        # Jupyter Book's redirect page has no icon link, so browsers ask for /favicon.ico (a 404)
        (html / "index.html").write_text(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta http-equiv="Refresh" content="0; url=intro.html">'
            '<link rel="icon" href="_static/favicon.svg"><title>The Disappearing AI Middle Class</title></head>'
            '<body><p><a href="intro.html">Open the book</a></p></body></html>\n', encoding="utf-8")
    if proc.returncode != 0 or not (html / "index.html").exists():
        text = proc.stdout + proc.stderr
        problems = [ln.strip() for ln in text.splitlines() if "WARNING" in ln or "ERROR" in ln or "Error" in ln]
        first = problems[0] if problems else (text.strip().splitlines() or ["no output"])[-1]
        log = paths.BUILD_DIR / "jupyter-book.log"
        log.write_text(text, encoding="utf-8")
        raise BuildError(f"jupyter-book build failed ({len(problems)} problem(s)); first: {first} (full log: {log})")
    return html


def swap_in(new_html: Path, target: Path | None = None) -> None:
    """Replace ``target`` (the site folder) with ``new_html`` (renames on one file system; old
    copy removed last)."""
    target = target or paths.HTML_DIR
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new_html, target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def build(jobs: int = 2, reset_params: bool = False, force: bool = False, log=print, given: dict | None = None) -> Path:
    """Execute what is stale, then build the HTML book into ``_build/html``; ``given`` sets
    parameters for every chapter that declares them (`build -p as_of 2024-01-31`). Holds the
    build folder's lock (a second build is refused naming the first one's pid) and first
    removes temporary folders left by killed runs."""
    from . import safety

    with safety.build_lock("build"):
        return _build(jobs, reset_params, force, log, given)


def _build(jobs: int, reset_params: bool, force: bool, log, given: dict | None) -> Path:
    paths.BUILD_DIR.mkdir(exist_ok=True)
    # the vega bundle takes a few seconds of CPU the first time: generate it while the last
    # phase runs (one kernel for the dependent chapters), when a core is free
    pending = []

    def start_bundle():
        pool = cf.ThreadPoolExecutor(max_workers=1)
        pending.append(pool.submit(write_vega_bundle, paths.CACHE_DIR))
        pool.shutdown(wait=False)

    errors = execute_all(jobs=jobs, reset_params=reset_params, force=force, log=log, before_last_phase=start_bundle,
                         given=given)
    for future in pending:
        future.result()
    if errors:
        raise BuildError(f"{len(errors)} chapter(s) failed; the previous book is unchanged. " + summarize(errors))
    try:
        table = history.ensure(jobs=jobs, log=log)
    except (OSError, RuntimeError, ValueError) as exc:  # a worker died, the pool broke, the cache is unreadable
        raise BuildError(f"the verdict history could not be computed ({type(exc).__name__}: {exc}); the previous "
                         "book is unchanged") from None
    stage(paths.STAGE_DIR, table)
    key = tree_digest(paths.STAGE_DIR)
    key_file = paths.HTML_DIR / KEY_FILE
    if not force and key_file.exists() and key_file.read_text().strip() == key:
        log(f"book: up to date ({paths.HTML_DIR / 'index.html'})")
        return paths.HTML_DIR
    log("book: building HTML with jupyter-book")
    tmp = Path(tempfile.mkdtemp(prefix=f".html-{os.getpid()}-", dir=paths.BUILD_DIR))
    try:
        html = jupyter_book_html(paths.STAGE_DIR, tmp)
        from . import pdf

        log("book: printing the whole-book PDF")
        pdf.write_pdf(html, log=log)
        (html / KEY_FILE).write_text(key)
        fresh = paths.BUILD_DIR / f".html-new-{os.getpid()}"
        if fresh.exists():
            shutil.rmtree(fresh)
        os.replace(html, fresh)
        swap_in(fresh)
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)
    log(f"book: wrote {paths.HTML_DIR / 'index.html'}")
    return paths.HTML_DIR
