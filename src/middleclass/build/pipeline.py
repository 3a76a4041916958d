"""Build the HTML book: execute stale chapters, stage a book tree, run Jupyter Book, swap.

The staged tree (``_build/book``) holds the config, toc, front matter, the executed notebooks
under ``chapters/`` and the generated Reproducibility page; it is written beside and synced in,
so unchanged files keep their times and Jupyter Book (whose Sphinx state is kept in
``_build/sphinx``) reads and writes again only the pages that changed. The HTML is copied to a
fresh folder, the PDF printed there, and the folder moved to ``_build/html`` only after a clean
build (warnings are errors), so a failure leaves the previous book in place (and drops the Sphinx
state: the next build starts afresh). When nothing staged has changed, Jupyter Book is not run.
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
import threading
from importlib import metadata
from pathlib import Path

import nbformat

from .. import paths
from ..errors import BuildError, MiddleclassError, ParameterError
from . import chartdata
from . import history
from ..book import memory
from . import execute as runner
from ..book import workers as worker
from ..chapters import CHAPTERS

KEY_FILE = ".middleclass-book-key"
INPUTS_FILE = ".middleclass-inputs-key"
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


#: what staging and Jupyter Book import (the analysis stack for the ledger and the Code
#: appendix's source pages, Sphinx and its extensions): imported by a thread while chapters run
PRELOAD = ("middleclass.claims", "middleclass.build.pages", "middleclass.notebook.figures", "middleclass.analysis.innovation",
           "middleclass.analysis.compute", "middleclass.analysis.openness", "middleclass.analysis.capital",
           "middleclass.analysis.outlook", "jupyter_book.cli.main", "jupyter_book.sphinx", "sphinx.application",
           "myst_nb.sphinx_ext", "sphinx_book_theme", "pydata_sphinx_theme", "sphinx.ext.autodoc", "sphinx.ext.viewcode")


def _preload() -> None:
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - imported (and reported) again where it is used
            pass


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


#: numerical libraries' thread counts, set to one in the workers unless the user set them: with
#: one thread per worker the verdict history takes half the time it takes with two each
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

#: the order in which ready chapters start: the longest chain of dependants first
PRIORITY = ("open-models", "innovation", "compute", "capital", "replication", "outlook")


def execute_all(jobs: int = 2, reset_params: bool = False, force: bool = False, log=print, detail=None,
                given: dict | None = None, history_dates: list[str] | None = None, warn=None,
                on_work=None) -> tuple[list[str], dict]:
    """Bring every chapter's executed notebook up to date and compute the verdict history's
    missing dates, in one pool of ``jobs`` worker processes: a chapter starts as soon as the
    chapters it reads are done (longest chain first); history dates fill the free workers.
    Returns (error messages, summary: executed, up to date, history rows or None, seconds).

    ``log`` gets one progress line per chapter (``[2/6] open-models: executed in 5.8 s``);
    ``detail`` (verbose) the workers' own lines; ``warn`` (default ``log``) their warnings;
    ``on_work()`` is called before a chapter that executes alone (no pool), which leaves a core
    idle; with a pool both cores are busy, and the caller's imports would only add to the peak
    memory of the chapter phase."""
    import time

    detail = detail or (lambda msg: None)
    warn = warn or log
    plan = plan_parameters(given or {}, reset_params)
    for cid, params in plan.items():
        kept = {k: v for k, v in params.items() if k not in (given or {})}
        if kept:
            log(f"{cid}: keeping parameters from the last run: {kept} (use --reset-params for defaults)")
    errors: list[str] = []
    failed: set[str] = set()
    done: set[str] = set()
    summary = {"executed": [], "up_to_date": [], "history": None, "history_seconds": 0.0}
    total = len(CHAPTERS)
    finished = 0

    def progress(cid: str, text: str) -> None:
        nonlocal finished
        finished += 1
        log(f"[{finished}/{total}] {cid}: {text}")

    stale: dict[str, dict] = {}
    for cid in dependency_order():  # cheap checks first: only stale chapters take a worker
        blocked = [d for d in CHAPTERS[cid].depends_on if d in failed]
        if blocked:
            errors.append(f"chapter '{cid}' not run: it reads chapter(s) {', '.join(blocked)}, which failed")
            failed.add(cid)
            progress(cid, "not run")
            continue
        if any(d in stale for d in CHAPTERS[cid].depends_on):  # checked when it runs, after its inputs
            stale[cid] = plan[cid]
            continue
        try:
            *_, target, up_to_date = runner.status(cid, plan[cid])
        except MiddleclassError as exc:
            errors.append(f"chapter '{cid}': {exc}")
            failed.add(cid)
            progress(cid, "failed")
            continue
        if up_to_date and not force:
            done.add(cid)
            summary["up_to_date"].append(cid)
            progress(cid, "up to date")
            continue
        stale[cid] = plan[cid]
    dates = list(history_dates or [])
    if not stale and not dates:
        return errors, summary
    for var in THREAD_VARS:  # each worker and kernel one BLAS thread: two workers on two cores, not four threads
        os.environ.setdefault(var, "1")
    history_rows: dict[str, list[dict]] = {}
    history_start = None

    def finish(cid: str, err: str | None, executed: bool, seconds: float, lines: list[str]) -> None:
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

    if len(stale) == 1 and not dates:  # one chapter (a parameter changed): no pool to start, papermill's own kernel
        cid = next(iter(stale))
        if on_work is not None:  # one kernel works, a core idles: the caller may prepare the later phases
            on_work()
        finish(*worker.execute_one(cid, stale[cid], force, warm=False))
        return errors, summary
    ctx = multiprocessing.get_context("spawn")
    workers = max(1, min(jobs, len(stale) + len(dates)))
    with cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker.init) as pool:
        running: dict[cf.Future, tuple[str, str]] = {}
        waiting = sorted(stale, key=lambda c: PRIORITY.index(c) if c in PRIORITY else len(PRIORITY))
        while waiting or dates or running:
            for cid in list(waiting):  # drop chapters whose inputs failed
                blocked = [d for d in CHAPTERS[cid].depends_on if d in failed]
                if blocked:
                    waiting.remove(cid)
                    failed.add(cid)
                    errors.append(f"chapter '{cid}' not run: it reads chapter(s) {', '.join(blocked)}, which failed")
                    progress(cid, "not run")
            while len(running) < workers:
                ready = next((c for c in waiting if set(CHAPTERS[c].depends_on) <= done), None)
                if ready is not None:
                    waiting.remove(ready)
                    running[pool.submit(worker.execute_one, ready, stale[ready], force)] = ("chapter", ready)
                elif dates:
                    history_start = history_start or time.perf_counter()
                    date = dates.pop(0)
                    running[pool.submit(worker.history_one, date)] = ("history", date)
                else:
                    break
            if not running:
                break
            finished_futures, _ = cf.wait(running, return_when=cf.FIRST_COMPLETED)
            for future in finished_futures:
                kind, name = running.pop(future)
                if kind == "history":
                    try:
                        rows, notes = future.result()
                    except Exception as exc:  # noqa: BLE001 - computed again after the pool, where it is reported
                        detail(f"history: the run as of {name} failed in its worker ({type(exc).__name__}: {exc})")
                        continue
                    history_rows[name] = rows
                    for note in notes:
                        detail(note)
                    continue
                finish(*future.result())
    for cid in waiting:  # cannot happen with dependency_order(); never silently skipped
        errors.append(f"chapter '{cid}' not run: its inputs never became ready")
    if history_start is not None and history_dates and len(history_rows) == len(history_dates):
        summary["history"] = [row for d in history_dates for row in history_rows[d]]
        summary["history_seconds"] = time.perf_counter() - history_start
    return errors, summary


def dependency_order() -> list[str]:
    """Chapter ids in registry order, except that a chapter comes after the chapters it reads;
    circular dependencies are refused."""
    order: list[str] = []
    visiting: list[str] = []

    def visit(cid: str) -> None:
        if cid in order:
            return
        if cid in visiting:
            raise BuildError(f"circular chapter dependencies among {', '.join(visiting[visiting.index(cid):])}")
        visiting.append(cid)
        for dep in CHAPTERS[cid].depends_on:
            visit(dep)
        visiting.pop()
        order.append(cid)

    for cid in CHAPTERS:
        visit(cid)
    return order


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


def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)


def stage(stage_dir: Path, history_table=None) -> list[dict]:
    """Write the book tree; return the chapters' provenance records. Refuses notebooks with
    error outputs or without provenance. ``history_table`` is the verdict history (computed or
    read from its cache when not given)."""
    from .. import claims  # the analysis stack, imported only when the book is staged
    from . import pages

    if stage_dir.exists():
        shutil.rmtree(stage_dir)
    stage_dir.mkdir(parents=True)
    (stage_dir / "_extra" / paths.CHART_DATA_LINK).mkdir(parents=True)
    for name in FRONT_MATTER:
        if (paths.PROJECT_ROOT / name).exists():
            _copy(paths.PROJECT_ROOT / name, stage_dir / name)
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
    (stage_dir / "_rules.md").write_text(pages.rules_markdown(), encoding="utf-8")
    (stage_dir / "_summary.md").write_text(pages.summary_markdown(claims.evaluate(measures), chapter_pages),
                                           encoding="utf-8")
    pages.write_site_meta(stage_dir, claims.evaluate(measures))
    write_history(stage_dir, history.ensure() if history_table is None else history_table)
    return records


def stamp_commit(stage_dir: Path) -> None:
    """Put the commit in the staged config's footer. Done after the staged tree's digest, so a
    new commit that changes nothing in the book does not rebuild the HTML."""
    from . import provenance

    cfg = stage_dir / "_config.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("MIDDLECLASS_COMMIT", provenance.git_commit()),
                   encoding="utf-8")


def write_history(stage_dir: Path, table) -> None:
    """The verdict-history page and the CSV behind its chart (with the book's own verdicts as
    the last column). The rendered page is cached under a digest of the table and the library
    (drawing it imports the whole analysis stack)."""
    from . import pages

    csv_path = stage_dir / "_extra" / paths.CHART_DATA_LINK / pages.HISTORY_CSV
    table.to_csv(csv_path, index=False)
    key = hashlib.sha256(csv_path.read_bytes() + runner.library_digest().encode()).hexdigest()[:16]
    cached = paths.CACHE_DIR / "history" / f"verdict-history-page-{key}.md"
    if not cached.exists():
        from .. import claims
        from ..notebook import charts
        from ..notebook import figures

        charts.setup()
        spec = figures.verdict_history(table, [c.id for c in claims.CLAIMS]).to_dict()
        html = charts.render_html(spec, csv_href=f"{paths.CHART_DATA_LINK}/{pages.HISTORY_CSV}")
        cached.parent.mkdir(parents=True, exist_ok=True)
        for old in cached.parent.glob("verdict-history-page-*.md"):
            old.unlink()
        tmp = cached.with_suffix(".part")
        tmp.write_text(pages.verdict_history_page(table, html), encoding="utf-8")
        tmp.replace(cached)
    _copy(cached, stage_dir / "verdict-history.md")


def sync_tree(src: Path, dst: Path) -> list[str]:
    """Make ``dst`` a copy of ``src`` touching only what differs: files with other bytes are
    replaced and missing ones added (both with the current time), extra ones removed; unchanged
    files keep their modification time (Sphinx then re-reads only the changed pages, as it
    re-reads a page whose file is newer than its last reading). Returns the relative paths
    changed."""
    changed = []
    want = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
    have = {p.relative_to(dst) for p in dst.rglob("*") if p.is_file()} if dst.exists() else set()
    for rel in sorted(have - want):
        (dst / rel).unlink()
        changed.append(rel.as_posix())
    for rel in sorted(want):
        new, old = src / rel, dst / rel
        if rel in have and new.stat().st_size == old.stat().st_size and new.read_bytes() == old.read_bytes():
            continue
        old.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(new, old)  # bytes only: the file is new now, whatever time its source has
        changed.append(rel.as_posix())
    return changed


def prune_extra(extra: Path, html: Path) -> list[str]:
    """Remove from the built ``html`` the files Sphinx copied from an earlier ``_extra`` (chart
    data, curated tables, sources) that the staged ``extra`` no longer has: Sphinx copies extra
    files but never deletes them. Returns the relative paths removed."""
    removed = []
    for top in (d for d in extra.iterdir() if d.is_dir()):
        for path in sorted(p for p in (html / top.name).rglob("*") if p.is_file()) if (html / top.name).is_dir() else []:
            rel = path.relative_to(html)
            if not (extra / rel).exists():
                path.unlink()
                removed.append(rel.as_posix())
    return removed


NAV_FILE = ".middleclass-nav.json"  # in the Sphinx folder, written after a successful build


def navigation_key(stage_dir: Path) -> dict:
    """What every page shows of the others or of the site: the pages, their titles, the table of
    contents and the config, the static files, and the folders beside the pages. When it differs
    from the last successful build's, every page is built again (Sphinx alone would rewrite only
    the changed pages, leaving stale titles in the others' navigation)."""
    def title(path: Path) -> str:
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
            text = "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "markdown")
        else:
            text = path.read_text(encoding="utf-8")
        return next((ln for ln in text.splitlines() if ln.startswith("# ")), "")

    pages = sorted(p for p in stage_dir.rglob("*") if p.suffix in (".md", ".ipynb")
                   and p.relative_to(stage_dir).parts[0] not in ("_extra", "_static"))
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None  # noqa: E731
    return {
        "pages": {p.relative_to(stage_dir).as_posix(): title(p) for p in pages},
        "toc": digest(stage_dir / "_toc.yml"), "config": digest(stage_dir / "_config.yml"),
        "static": sorted(p.relative_to(stage_dir).as_posix() for p in (stage_dir / "_static").rglob("*") if p.is_file()),
        "extra": sorted(p.name for p in (stage_dir / "_extra").iterdir()) if (stage_dir / "_extra").exists() else [],
        "environment": environment_key(),  # tool versions; the PDF link in every page's header
    }


def _last_navigation() -> dict | None:
    try:
        return json.loads((paths.SPHINX_DIR / NAV_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def environment_key() -> str:
    """What shapes the HTML besides the staged files: the versions of Jupyter Book, Sphinx, the
    theme and myst-nb, and whether the PDF can be printed (its link in every page's header)."""
    from . import pdf

    versions = [f"{name} {_version(name)}" for name in ("jupyter-book", "sphinx", "myst-nb", "sphinx-book-theme",
                                                      "pydata-sphinx-theme", "pypdf")]
    return "; ".join(versions) + f"; pdf: {pdf.unavailable() or 'printable'}; chromium: {pdf.chromium_stamp()}"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def inputs_digest(history_csv: Path | None) -> str:
    """Digest of everything :func:`stage` reads: the library, manifest, curated tables and
    requirements (:func:`runner.library_digest`), the front matter, chapter sources, static
    files, vega bundle, executed notebooks, the verdict history's cached table, each data file's
    path, size and time, and :func:`environment_key`. Equal to the last build's: the staged tree would be the same, so a
    no-op build does not stage (nor import the analysis stack)."""
    from ..data import sources

    h = hashlib.sha256((runner.library_digest() + environment_key()).encode())
    files = [paths.PROJECT_ROOT / n for n in FRONT_MATTER] + [c.path for c in CHAPTERS.values()]
    files += sorted(p for p in paths.STATIC_DIR.rglob("*") if p.is_file()) if paths.STATIC_DIR.exists() else []
    files += [paths.CACHE_DIR / BUNDLE_NAME, history_csv]
    files += sorted(paths.EXECUTED_DIR.glob("*.ipynb")) if paths.EXECUTED_DIR.exists() else []  # the ledger reads all
    for path in files:
        h.update(str(path).encode())
        if path is not None and path.is_file():
            h.update(hashlib.sha256(path.read_bytes()).digest())
    for src in sources.manifest().values():
        loc = src.location()
        st = loc.stat() if loc.exists() else None
        h.update(f"{src.id} {loc} {st.st_size if st else None} {st.st_mtime_ns if st else None}".encode())
    return h.hexdigest()


def tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "_build" not in p.relative_to(root).parts):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def jupyter_book_html(stage_dir: Path, out_dir: Path, full: bool = True) -> Path:
    """Run ``jupyter-book build`` (warnings as errors) with its output and Sphinx state in
    ``out_dir``; ``full`` rebuilds every page, otherwise only the pages whose staged files
    changed since the last build into ``out_dir``. Returns the folder holding the HTML; on
    failure ``out_dir``'s state is dropped, so the next build is a full one."""
    args = ["build", str(stage_dir), "--path-output", str(out_dir), "--builder", "html", "-W", "-n", "--keep-going"]
    if full:
        args.append("--all")
    returncode, text = _jupyter_book_forked(args, stage_dir)
    html = out_dir / "_build" / "html"
    if returncode == 0 and (html / "index.html").exists():
        # Jupyter Book's redirect page has no icon link, so browsers ask for /favicon.ico (a 404)
        (html / "index.html").write_text(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta http-equiv="Refresh" content="0; url=intro.html">'
            '<link rel="icon" href="_static/favicon.svg"><title>The Disappearing AI Middle Class</title></head>'
            '<body><p><a href="intro.html">Open the book</a></p></body></html>\n', encoding="utf-8")
    if returncode != 0 or not (html / "index.html").exists():
        problems = [ln.strip() for ln in text.splitlines() if "WARNING" in ln or "ERROR" in ln or "Error" in ln]
        first = problems[0] if problems else (text.strip().splitlines() or ["no output"])[-1]
        log = paths.BUILD_DIR / "jupyter-book.log"
        log.write_text(text, encoding="utf-8")
        shutil.rmtree(out_dir, ignore_errors=True)
        raise BuildError(f"jupyter-book build failed ({len(problems)} problem(s)); first: {first} (full log: {log})")
    return html


def _jupyter_book_in_process(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run the ``jupyter-book`` command line in this process (exit code, its output). The build
    process has already imported the library, which the Code appendix's autodoc imports again
    in a separate ``jupyter-book`` process: in-process saves that and Jupyter Book's start-up."""
    import io

    from jupyter_book.cli.main import main as jupyter_book

    out = io.StringIO()
    here = os.getcwd()
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            try:
                jupyter_book.main(args=args, prog_name="jupyter-book", standalone_mode=False)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except Exception as exc:  # noqa: BLE001 - reported with the log below
                out.write(f"ERROR: {type(exc).__name__}: {exc}\n")
                code = 1
    finally:
        os.chdir(here)
    return code, out.getvalue()


def _jupyter_book_forked(args: list[str], cwd: Path) -> tuple[int, str]:
    """:func:`_jupyter_book_in_process` in a forked child of this process: the child starts at
    once with this process's imports, and Sphinx's memory (about 130 MB: parsers, doctrees, the
    search index) goes with it when it exits, so the PDF phase starts from the smaller build
    process. Ctrl-C and SIGTERM are held during the fork and kill the child outright (it never
    runs the caller's clean-up); the child dies with its parent; a child that ends without a
    whole answer is a failure naming how it ended. Off Linux, in this process."""
    import signal
    import sys

    if sys.platform != "linux":
        return _jupyter_book_in_process(args, cwd)
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    read_end, write_end = os.pipe()
    signals = {signal.SIGINT, signal.SIGTERM}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        pid = os.fork()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(read_end)
        os.close(write_end)
        raise
    if pid == 0:  # the child: ends here, never returns into the caller's code
        status = 1
        try:
            for sig in signals:
                signal.signal(sig, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            os.close(read_end)
            memory.die_with_parent()
            if os.getppid() == parent:  # else the parent ended before the line above
                code, text = _jupyter_book_in_process(args, cwd)
                with os.fdopen(write_end, "wb") as fh:
                    fh.write(json.dumps([code, text]).encode())
                status = 0
        finally:
            os._exit(status)
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as fh:
            answer = fh.read()
        _, status = os.waitpid(pid, 0)
    except BaseException:  # Ctrl-C, SIGTERM: the child stops too, before the caller cleans up
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        raise
    try:
        code, text = json.loads(answer)
        return int(code), str(text)
    except (ValueError, TypeError):
        how = (f"killed by signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
               else f"exit code {os.WEXITSTATUS(status)}")
        return 1, f"ERROR: the Sphinx process ended without an answer ({how})\n"


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


def build(jobs: int = 2, reset_params: bool = False, force: bool = False, log=print, given: dict | None = None,
          verbosity: int = 1, make_pdf: bool = True) -> Path:
    """Execute what is stale, then build the HTML book into ``_build/html``; ``given`` sets
    parameters for every chapter that declares them (`build -p as_of 2024-01-31`); ``verbosity``
    0 prints only the final line, 1 a line per chapter and phase, 2 also the workers' lines;
    ``make_pdf`` false skips the whole-book PDF (and its link). Holds the build folder's lock (a
    second build is refused naming the first one's pid) and first removes temporary folders left
    by killed runs."""
    from . import pdf
    from . import safety

    with safety.build_lock("build"):
        if make_pdf:
            return _build(jobs, reset_params, force, log, given, verbosity)
        before = os.environ.get(pdf.SKIP_VAR)
        os.environ[pdf.SKIP_VAR] = "1"  # read by pdf.unavailable(), in this process and Sphinx's extension
        try:
            return _build(jobs, reset_params, force, log, given, verbosity)
        finally:
            if before is None:
                os.environ.pop(pdf.SKIP_VAR, None)
            else:
                os.environ[pdf.SKIP_VAR] = before


def _build(jobs: int, reset_params: bool, force: bool, log, given: dict | None, verbosity: int = 1) -> Path:
    import time

    t0 = time.perf_counter()
    say = log if verbosity >= 1 else (lambda msg: None)
    detail = log if verbosity >= 2 else (lambda msg: None)
    paths.BUILD_DIR.mkdir(exist_ok=True)
    # the vega bundle takes a few seconds of CPU the first time: written by a thread while the
    # workers start
    bundle_pool = cf.ThreadPoolExecutor(max_workers=1)
    bundle = bundle_pool.submit(write_vega_bundle, paths.CACHE_DIR)
    bundle_pool.shutdown(wait=False)
    try:  # a data file that fails its check is reported by the chapters that read it, below
        dates, cached_history, plan_error = *history.plan(), None
    except MiddleclassError as exc:
        dates, cached_history, plan_error = [], None, exc
    preload: list[threading.Thread] = []

    def start_preload() -> None:  # the build process idles while kernels work: its later imports go here
        import nbclient  # noqa: F401 - what the main thread imports next, imported before the thread starts
        import papermill  # noqa: F401

        preload.append(threading.Thread(target=_preload, name="preload", daemon=True))
        preload[0].start()

    try:
        errors, summary = execute_all(jobs=jobs, reset_params=reset_params, force=force, log=say, detail=detail,
                                      given=given, history_dates=None if cached_history is not None else dates,
                                      warn=log, on_work=start_preload)
        bundle.result()
    finally:  # never leave the process while the thread is inside an import
        for thread in preload:
            thread.join()
    if errors:
        raise BuildError(f"{len(errors)} chapter(s) failed; the previous book is unchanged. " + summarize(errors))
    if plan_error is not None:
        raise plan_error
    try:
        if cached_history is not None:
            table = cached_history
            detail("history: up to date (cached)")
        elif summary["history"] is not None:
            table = history.store(dates, summary["history"])
            say(f"history: verdicts at {len(dates)} dates and with all data in {summary['history_seconds']:.1f} s")
        else:  # a history run failed in the pool: computed again here, and reported if it fails again
            h0 = time.perf_counter()
            table = history.ensure(jobs=jobs)
            say(f"history: verdicts at {len(dates)} dates and with all data in {time.perf_counter() - h0:.1f} s")
    except (OSError, RuntimeError, ValueError) as exc:  # a worker died, the pool broke, the cache is unreadable
        raise BuildError(f"the verdict history could not be computed ({type(exc).__name__}: {exc}); the previous "
                         "book is unchanged") from None
    counts = f"{len(summary['executed'])} chapter(s) executed, {len(summary['up_to_date'])} up to date"

    def unchanged() -> Path:
        say(f"book: up to date ({paths.HTML_DIR / 'index.html'})")
        log(f"done in {time.perf_counter() - t0:.1f} s ({counts}; HTML unchanged): {paths.HTML_DIR / 'index.html'}")
        return paths.HTML_DIR

    inputs = inputs_digest(history.stored_path(dates))
    inputs_file, key_file = paths.HTML_DIR / INPUTS_FILE, paths.HTML_DIR / KEY_FILE
    if not force and key_file.exists() and inputs_file.exists() and inputs_file.read_text().strip() == inputs:
        return unchanged()
    staged = paths.STAGE_DIR.with_name(paths.STAGE_DIR.name + ".new")
    try:
        stage(staged, table)
        key = hashlib.sha256((tree_digest(staged) + environment_key()).encode()).hexdigest()
        if not force and key_file.exists() and key_file.read_text().strip() == key:
            inputs_file.write_text(inputs)
            return unchanged()
        stamp_commit(staged)
        changed = sync_tree(staged, paths.STAGE_DIR)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    # every page again when forced, on the first build, after a failed or interrupted one, or
    # when the navigation changed; otherwise Sphinx redoes only the changed pages
    nav = navigation_key(paths.STAGE_DIR)
    full = force or _last_navigation() != nav
    detail(f"book: building HTML with jupyter-book ({'every page' if full else f'{len(changed)} staged file(s) changed'})")
    from . import pdf

    tmp = Path(tempfile.mkdtemp(prefix=f".html-{os.getpid()}-", dir=paths.BUILD_DIR))
    printer = None
    try:
        printer = pdf.Printer() if pdf.unavailable() is None else None  # Chromium starts while Sphinx works
        t1 = time.perf_counter()
        if full:  # afresh: no page or file of an earlier book stays behind
            shutil.rmtree(paths.SPHINX_DIR, ignore_errors=True)
        (paths.SPHINX_DIR / NAV_FILE).unlink(missing_ok=True)  # until this build succeeds
        built = jupyter_book_html(paths.STAGE_DIR, paths.SPHINX_DIR, full=full)
        prune_extra(paths.STAGE_DIR / "_extra", built)
        (paths.SPHINX_DIR / NAV_FILE).write_text(json.dumps(nav, sort_keys=True), encoding="utf-8")
        html = tmp / "html"
        shutil.copytree(built, html)
        say(f"html: {len(list(html.rglob('*.html')))} pages in {time.perf_counter() - t1:.1f} s")
        t2 = time.perf_counter()
        printed = pdf.write_pdf(html, log=say, printer=printer)
        if printed is not None:
            say(f"pdf: {printed.pages} pages in {time.perf_counter() - t2:.1f} s ({printed.printed} HTML "
                f"page(s) printed, {printed.cached} unchanged since the last build)")
        (html / KEY_FILE).write_text(key)
        (html / INPUTS_FILE).write_text(inputs)
        fresh = paths.BUILD_DIR / f".html-new-{os.getpid()}"
        if fresh.exists():
            shutil.rmtree(fresh)
        os.replace(html, fresh)
        swap_in(fresh)
    finally:
        if printer is not None:
            printer.close()
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)
    log(f"done in {time.perf_counter() - t0:.1f} s ({counts}): {paths.HTML_DIR / 'index.html'}")
    return paths.HTML_DIR
