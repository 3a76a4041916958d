"""The book's source tree, staged from the executed notebooks: the front matter, the chapters,
the ledger, rules, summary and site metadata (:mod:`.pages`), the verdict history page, the
chart data and curated tables, the vega bundle; and the digests that let a build skip what did
not change (:func:`inputs_digest` before staging, :func:`tree_digest` after)."""

from __future__ import annotations

import hashlib
import re
import shutil
from importlib import metadata
from pathlib import Path

import nbformat

from .. import cachefiles, chapters, paths
from ..chapters import CHAPTERS
from ..errors import BuildError
from . import chartdata, execute, history, plan

KEY_FILE = ".middleclass-book-key"
INPUTS_FILE = ".middleclass-inputs-key"
FRONT_MATTER = ["_config.yml", "_toc.yml", "intro.md", "methods.md", "code.md", "bibliography.md", "references.bib"]
BUNDLE_NAME = "vega-bundle.js"


def write_vega_bundle(static_dir: Path) -> Path:
    """Write the vega + vega-lite + vega-embed bundle for altair's Vega-Lite version, once.

    The bundle is wrapped in a function so its top-level names do not clash with the theme's
    scripts; it publishes ``window.vegaEmbed``, ``window.vega`` and ``window.vegaLite`` itself.
    Regenerated when altair or vl-convert change (checked without importing them) or when the
    cached file does not match its stored digest (:mod:`middleclass.cachefiles`).
    """
    static_dir.mkdir(parents=True, exist_ok=True)
    target = static_dir / BUNDLE_NAME
    stamp = static_dir / (BUNDLE_NAME + ".version")
    wanted = f"iife; altair {metadata.version('altair')}; vl-convert {metadata.version('vl-convert-python')}"
    if stamp.exists() and stamp.read_text() == wanted and cachefiles.intact(target):
        return target
    import altair as alt
    import vl_convert

    version = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]
    code = vl_convert.javascript_bundle(vl_version=version)
    cachefiles.write_text(target, "(function () {\n" + code + "\n})();\n")
    stamp.write_text(wanted)
    return target


#: what staging and Jupyter Book import (the analysis stack for the ledger and the Code
#: appendix's source pages, Sphinx and its extensions): imported by a thread while chapters run
def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)


def stage(stage_dir: Path, history_table=None, robustness_table=None) -> list[dict]:
    """Write the book tree; return the chapters' provenance records. Refuses notebooks with
    error outputs or without provenance. ``history_table`` is the verdict history (computed or
    read from its cache when not given); ``robustness_table`` the sweep's (:mod:`.sweep`; the
    Robustness page, the ledger's agreement and the chapters' notes on fragile verdicts), none
    when not given."""
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
    from . import sweep

    agreements = sweep.agreements(robustness_table) if robustness_table is not None else {}
    records = []
    for chapter in CHAPTERS.values():
        path = plan.executed_path(chapter)
        if not path.exists():
            raise BuildError(f"chapter '{chapter.id}' has no executed notebook ({path}); run `python -m middleclass build`")
        nb = nbformat.read(path, as_version=4)
        errors = execute.error_outputs(nb)
        if errors:
            raise BuildError(f"chapter '{chapter.id}': {path} has an error output in cell {errors[0][0]}: {errors[0][1]}")
        record = nb.metadata.get("middleclass")
        if not record:
            raise BuildError(f"chapter '{chapter.id}': {path} has no provenance metadata; rerun the chapter")
        if agreements:
            note_robustness(nb, agreements)
            (stage_dir / "chapters").mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, stage_dir / "chapters" / path.name)
        else:
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
        as_of=", ".join(sorted(a for a in as_of if a)), agreements=agreements), encoding="utf-8")
    (stage_dir / "_rules.md").write_text(pages.rules_markdown(), encoding="utf-8")
    (stage_dir / "_summary.md").write_text(pages.summary_markdown(claims.evaluate(measures), chapter_pages),
                                           encoding="utf-8")
    pages.write_site_meta(stage_dir, claims.evaluate(measures))
    write_history(stage_dir, history.ensure() if history_table is None else history_table)
    if robustness_table is not None:
        write_robustness(stage_dir, robustness_table, agreements)
    return records


_CLAIM_SPAN = re.compile(r'<span id="claim-([a-z0-9-]+)"></span>')


def note_robustness(nb, agreements: dict) -> None:
    """Add to each claim of a chapter's verdict section (the glued ``verdicts`` Markdown) the
    share of the robustness sweep's specifications that give its verdict, fragile ones marked."""
    from . import pages

    for cell in nb.cells:
        for out in cell.get("outputs", []):
            scrap = out.get("metadata", {}).get("scrapbook", {})
            if scrap.get("name") != "verdicts":
                continue
            key = scrap.get("mime_prefix", "") + "text/markdown"
            text = out.get("data", {}).get(key)
            if not isinstance(text, str):
                continue
            starts = [(m.start(), m.group(1)) for m in _CLAIM_SPAN.finditer(text)]
            pieces, last = [], 0
            for i, (pos, cid) in enumerate(starts):
                end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
                block = text[pos:end].rstrip("\n")
                note = pages.robustness_note(agreements.get(cid))
                pieces.append(text[last:pos] + block + (f"\n\n{note}" if note else "") + ("\n\n" if i + 1 < len(starts) else ""))
                last = end
            out["data"][key] = "".join(pieces) + text[last:] if starts else text


def _generated_page(stage_dir: Path, table, csv_name: str, page: str, cache_folder: str, render) -> None:
    """A page generated from a table: the table as ``chart-data/<csv_name>`` and the page as
    ``<page>.md``, whose text (``render()``: drawing imports the analysis stack) is cached in
    ``_build/cache/<cache_folder>`` under a digest of the table and the library."""
    csv_path = stage_dir / "_extra" / paths.CHART_DATA_LINK / csv_name
    chartdata.write_csv(table, csv_path)  # described on its page; formula-like text neutralised
    key = hashlib.sha256(csv_path.read_bytes() + chapters.library_digest().encode()).hexdigest()[:16]
    cached = paths.CACHE_DIR / cache_folder / f"{page}-page-{key}.md"
    if not cachefiles.intact(cached):  # absent, or not what was written: rendered again
        text = render()
        cachefiles.remove_stale(cached.parent, f"{page}-page-*.md")
        cachefiles.write_text(cached, text)
    _copy(cached, stage_dir / f"{page}.md")


def write_robustness(stage_dir: Path, table, agreements: dict) -> None:
    """The Robustness page (a specification curve per claim) and the CSV behind its charts."""
    from . import pages

    def render() -> str:
        from .. import claims
        from ..claims import multiverse
        from ..notebook import charts, figures

        charts.setup()
        html = {}
        for cid in agreements:
            claim = claims.BY_ID[cid]
            order = [(c.name, [label for _, label in c.options]) for c in multiverse.choices_of(claim)]
            spec = figures.specification_curve(table[table["claim"] == cid], cid, claim.quote, claim.measure,
                                               order).to_dict()
            html[cid] = charts.render_html(spec, csv_href=f"{paths.CHART_DATA_LINK}/{pages.ROBUSTNESS_CSV}")
        return pages.robustness_page(table, html, agreements)

    _generated_page(stage_dir, table, pages.ROBUSTNESS_CSV, "robustness", "sweep", render)


def stamp_commit(stage_dir: Path) -> None:
    """Put the commit in the staged config's footer. Done after the staged tree's digest, so a
    new commit that changes nothing in the book does not rebuild the HTML."""
    from . import provenance

    cfg = stage_dir / "_config.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("MIDDLECLASS_COMMIT", provenance.git_commit()),
                   encoding="utf-8")


def write_history(stage_dir: Path, table) -> None:
    """The verdict-history page and the CSV behind its chart (with the book's own verdicts as
    the last column)."""
    from . import pages

    def render() -> str:
        from .. import claims
        from ..notebook import charts, figures

        charts.setup()
        spec = figures.verdict_history(table, [c.id for c in claims.CLAIMS]).to_dict()
        html = charts.render_html(spec, csv_href=f"{paths.CHART_DATA_LINK}/{pages.HISTORY_CSV}")
        return pages.verdict_history_page(table, html)

    _generated_page(stage_dir, table, pages.HISTORY_CSV, "verdict-history", "history", render)


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


def inputs_digest(history_csv: Path | None, sweep_csv: Path | None = None) -> str:
    """Digest of everything :func:`stage` reads: the library, manifest, curated tables and
    requirements (:func:`middleclass.chapters.library_digest`), the front matter, chapter sources, static
    files, vega bundle, executed notebooks, the verdict history's and the sweep's cached tables, each data file's
    path, size and time, and :func:`environment_key`. Equal to the last build's: the staged tree would be the same, so a
    no-op build does not stage (nor import the analysis stack)."""
    from ..data import sources

    h = hashlib.sha256((chapters.library_digest() + environment_key()).encode())
    files = [paths.PROJECT_ROOT / n for n in FRONT_MATTER] + [c.path for c in CHAPTERS.values()]
    files += sorted(p for p in paths.STATIC_DIR.rglob("*") if p.is_file()) if paths.STATIC_DIR.exists() else []
    files += [paths.CACHE_DIR / BUNDLE_NAME, history_csv, sweep_csv]
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
