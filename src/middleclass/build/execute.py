"""Execute chapters with papermill: parameter checks, cache keys, atomic writes, provenance.

A chapter's cache key covers its notebook source, resolved parameters, the sha256 of each data
file it reads, the library's source files and the pinned requirements; an executed notebook
whose stored key matches is not executed again.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import jupytext
import nbformat

from .. import paths
from ..data import sources
from ..errors import ChapterError, ParameterError
from . import provenance
from . import safety
from ..chapters import Chapter, get_chapter
from .params import check_parameters, parameter_specs
from ..notebook.mimes import MEASURES_MIME, PROVENANCE_MIME, VERDICTS_MIME

KERNEL_START_ATTEMPTS = 3
#: parameters a chapter shares with every chapter it reads: it ran on the same data only if the
#: values agree (``as_of`` cuts every source at one date)
SHARED_PARAMETERS = ("as_of",)


def executed_path(chapter: Chapter) -> Path:
    return paths.EXECUTED_DIR / f"{chapter.stem}.ipynb"


_SOURCES: dict[Path, tuple[tuple[int, int], nbformat.NotebookNode]] = {}


def read_source(chapter: Chapter) -> nbformat.NotebookNode:
    """The chapter's notebook (MyST text notebook) as an nbformat notebook without outputs (a
    fresh copy each call; parsed once per version of the file)."""
    st = chapter.path.stat()
    stamp = (st.st_mtime_ns, st.st_size)
    hit = _SOURCES.get(chapter.path)
    if hit is None or hit[0] != stamp:
        hit = _SOURCES[chapter.path] = (stamp, jupytext.read(chapter.path))
    return copy.deepcopy(hit[1])


def upstream_parameter(chapter_id: str, name: str):
    """The value a chapter's current executed notebook ran with (its default when not executed)."""
    from ..chapters import CHAPTERS

    dep = CHAPTERS[chapter_id]
    path = executed_path(dep)
    rec = stored_record(path) if path.exists() else None
    if rec and name in rec.get("parameters", {}):
        return rec["parameters"][name]
    return parameter_specs(read_source(dep))[name].default


def resolve_parameters(chapter: Chapter, given: dict) -> tuple[dict, dict]:
    """(all parameter values with defaults filled in, defaults), after checking ``given``.
    Inherited parameters take the value their chapter ran with; another value is refused."""
    specs = parameter_specs(read_source(chapter))
    typed = check_parameters(chapter.id, specs, given)
    defaults = {k: s.default for k, s in specs.items()}
    values = {**defaults, **typed}
    for name, (dep, dep_name) in chapter.inherits.items():
        used = upstream_parameter(dep, dep_name)
        if name in typed and typed[name] != used:
            raise ParameterError(
                f"chapter '{chapter.id}': parameter '{name}' comes from chapter '{dep}', which ran with "
                f"{dep_name} = {used!r}; to change it, run `python -m middleclass run {dep} -p {dep_name} ...`")
        values[name] = used
    for name in SHARED_PARAMETERS:
        if name not in specs or not chapter.depends_on:
            continue
        used = {dep: upstream_parameter(dep, name) for dep in chapter.depends_on}
        wanted = typed.get(name, next(iter(used.values())))
        differ = {dep: v for dep, v in used.items() if v != wanted}
        if differ:
            ran = ", ".join(f"{dep} ran with {name} = {v!r}" for dep, v in differ.items())
            other = next(iter(differ.values()))
            follow = (f"`python -m middleclass build -p {name} {other}`" if other else
                      "`python -m middleclass build --reset-params` (all data)")
            raise ParameterError(
                f"chapter '{chapter.id}' reads chapters that must use the same {name} ({wanted!r}), but {ran}; set it "
                f"for every chapter with `python -m middleclass build -p {name} {wanted or 'DATE'}`, or follow "
                f"{next(iter(differ))} with {follow}")
        values[name] = wanted
    return values, defaults


def data_files(chapter: Chapter, values: dict, validate_authors: bool = True) -> list[sources.ResolvedFile]:
    """Each file the chapter reads, checked (pinned) or hashed (author file) before execution.
    An author's file is validated whole against its schema here, before a kernel starts
    (encoding, columns the chapter uses, values, dates, finite numbers): a bad file is refused
    in one line naming the file, column and rows."""
    files = [sources.resolve(sid, values.get(param) or None) for param, sid in chapter.sources.items()]
    if not any(values.get(param) for param in [*chapter.sources, *chapter.author_files]):
        return files  # no author file: pandas and pandera need not be imported (a build worker stays small)
    from ..data import validate
    from ..data.schemas import AUTHOR_SCHEMAS, CURATED

    if validate_authors:
        for param, sid in chapter.sources.items():
            if values.get(param):
                validate.read_validated(sid, values[param], chapter.needs.get(param, ()))
    for param, schema_name in chapter.author_files.items():
        if values.get(param):
            path = Path(values[param]).expanduser().resolve()
            schema = AUTHOR_SCHEMAS[schema_name]
            label = f"{path} (parameter {param})"
            sources.check_columns(label, path, [name for name, col in schema.columns.items() if col.required])
            if validate_authors:
                frame = validate.validate_file(label, path, schema)
                if schema_name in CURATED:
                    from ..data.curated import TABLE_CHECKS

                    for check in TABLE_CHECKS.get(schema_name, ()):
                        check(label, frame)
            files.append(sources.ResolvedFile(f"author:{param}", path, sources.sha256_file(path), pinned=False))
    return files


def library_digest() -> str:
    h = hashlib.sha256()
    for path in sorted(paths.LIBRARY_DIR.rglob("*.py")):
        h.update(path.relative_to(paths.LIBRARY_DIR).as_posix().encode())
        h.update(path.read_bytes())
    h.update(paths.MANIFEST_PATH.read_bytes())
    for path in sorted(paths.CURATED_DIR.glob("*.csv")):  # curated tables are inputs too
        h.update(path.name.encode())
        h.update(path.read_bytes())
    if paths.REQUIREMENTS.exists():
        h.update(paths.REQUIREMENTS.read_bytes())
    return h.hexdigest()


def dependency_keys(chapter: Chapter) -> dict:
    """Cache keys of the executed notebooks a chapter reads (None for one not executed)."""
    from ..chapters import CHAPTERS

    out = {}
    for dep in chapter.depends_on:
        path = executed_path(CHAPTERS[dep])
        rec = stored_record(path) if path.exists() else None
        out[dep] = rec.get("cache_key") if rec else None
    return out


def cache_key(chapter: Chapter, values: dict, files: list[sources.ResolvedFile]) -> str:
    payload = {
        "notebook": hashlib.sha256(chapter.path.read_bytes()).hexdigest(),
        "parameters": values,
        "data": sorted((f.source_id, f.sha256) for f in files),
        "library": library_digest(),
        "depends": dependency_keys(chapter),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def error_outputs(nb: dict) -> list[tuple[int, str]]:
    """(cell index, 'ename: evalue') of every error output in a notebook (an nbformat notebook
    or its plain JSON)."""
    found = []
    for i, cell in enumerate(nb.get("cells", [])):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append((i, f"{out.get('ename')}: {out.get('evalue')}"))
    return found


def stored_record(path: Path) -> dict | None:
    """The ``middleclass`` metadata of an executed notebook; None if it is absent, unreadable
    or has an error output. (Plain JSON reading: no schema validation, it is on the hot path
    of a no-op build.)"""
    try:
        with open(path, encoding="utf-8") as fh:
            nb = json.load(fh)
    except (OSError, ValueError):
        return None
    if error_outputs(nb):
        return None
    return nb.get("metadata", {}).get("middleclass")


def atomic_write_notebook(nb: nbformat.NotebookNode, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".ipynb.tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            nbformat.write(nb, fh)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _first_line(text: str) -> str:
    lines = [ln for ln in str(text).strip().splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def _finish(nb: nbformat.NotebookNode, chapter: Chapter, record: dict) -> nbformat.NotebookNode:
    """Move the provenance output into metadata, hide the injected parameters, add the
    provenance section and collect glued values."""
    reads: list[dict] = []
    glued: dict = {}
    measures: dict = {}
    verdicts: dict = {}
    for cell in nb.cells:
        tags = cell.get("metadata", {}).setdefault("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")
        kept = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if PROVENANCE_MIME in data:
                reads.extend(data[PROVENANCE_MIME]["reads"])
                continue
            if MEASURES_MIME in data:
                measures.update(data[MEASURES_MIME])
                continue
            if VERDICTS_MIME in data:
                verdicts.update(data[VERDICTS_MIME])
                continue
            scrap = out.get("metadata", {}).get("scrapbook")
            if scrap:
                prefix = scrap.get("mime_prefix", "")
                for mime in ("text/markdown", "text/plain"):
                    if prefix + mime in data:
                        glued[scrap["name"]] = data[prefix + mime]
                        break
            kept.append(out)
        if cell.cell_type == "code":
            cell["outputs"] = kept
    seen, data_files_read = set(), []
    for r in reads:
        key = (r["source"], r["sha256"])
        if key not in seen:
            seen.add(key)
            data_files_read.append({**{k: r[k] for k in ("source", "label", "sha256", "pinned", "rows")},
                                    "aliases": r.get("aliases") or {}, "absent": r.get("absent") or [],
                                    "duplicates": r.get("duplicates", 0),
                                    "duplicates_dropped": r.get("duplicates_dropped", False)})
    warnings = list(record.get("warnings", []))
    for r in data_files_read:
        if r.get("duplicates") and not r["pinned"]:
            warnings.append(f"{r['label']}: {r['duplicates']} duplicate row(s) "
                            + ("dropped" if r.get("duplicates_dropped") else "kept (the source lists them so)"))
    record = {**record, "data_files": data_files_read, "measures": measures, "verdicts": verdicts, "glue": glued,
              "warnings": warnings}
    nb.metadata["middleclass"] = record
    href = f"/chapters/{chapter.stem}.ipynb"
    cell = nbformat.v4.new_markdown_cell(provenance.markdown(record, notebook_href=href))
    cell.metadata["tags"] = ["provenance"]
    nb.cells.append(cell)
    return nb


def status(chapter_id: str, given: dict | None = None, output: Path | None = None) -> tuple[dict, dict, str, Path, bool]:
    """Check parameters and data files and compute the cache key, without executing.

    Returns (parameter values, defaults, cache key, target path, up to date?). Raises
    ParameterError or DataError with a one-line message.
    """
    chapter = get_chapter(chapter_id)
    values, defaults = resolve_parameters(chapter, given or {})
    files = data_files(chapter, values)
    key = cache_key(chapter, values, files)
    target = Path(output) if output else executed_path(chapter)
    previous = stored_record(target) if target.exists() else None
    return values, defaults, key, target, bool(previous and previous.get("cache_key") == key)


def _discard(km) -> None:
    if km is not None:  # a warm kernel left in an unknown state is not reused
        from ..book import kernels

        kernels.shutdown()


def execute(chapter_id: str, given: dict | None = None, output: Path | None = None, force: bool = False,
            log=print, km=None) -> tuple[Path, bool]:
    """Execute one chapter (or reuse it when its cache key is unchanged).

    Returns (executed notebook path, whether it was executed). Raises ParameterError or
    DataError before starting a kernel, ChapterError when a cell fails; in every failure the
    previous executed notebook at ``output`` is left as it was. ``km``: a started (warm) kernel
    manager to execute in (the build's workers, :mod:`.kernels`); otherwise a fresh kernel.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    chapter = get_chapter(chapter_id)
    values, defaults, key, target, up_to_date = status(chapter_id, given, output)
    safety.check_output(target, given=output is not None)
    if up_to_date and not force:
        log(f"{chapter.id}: up to date ({target})")
        return target, False
    warnings = input_warnings(chapter, values)
    for w in warnings:
        log(f"{chapter.id}: warning: {w}")

    log(f"{chapter.id}: executing {chapter.file}")
    nb = read_source(chapter)
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    tmp = safety.make_tmp(f"run-{chapter.id}-")
    manager = safety.quiet_kernel_manager(safety.kernel_log_path(chapter.id))
    try:
        src = Path(tmp) / f"{chapter.stem}.ipynb"
        out = Path(tmp) / f"{chapter.stem}.out.ipynb"
        nbformat.write(nb, src)
        started = dt.datetime.now(dt.timezone.utc)
        try:
            for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
                try:
                    kernel = {"km": km} if km is not None else {"kernel_manager_class": manager}
                    papermill.execute_notebook(
                        str(src), str(out), parameters=values, kernel_name="python3", cwd=str(paths.PROJECT_ROOT),
                        progress_bar=False, log_output=False, request_save_on_cell_execute=False, **kernel,
                    )
                    break
                except RuntimeError as exc:
                    # two kernels started at the same instant can pick the same TCP port; the
                    # loser dies before replying to kernel_info: start it again
                    if "kernel_info" not in str(exc) or attempt == KERNEL_START_ATTEMPTS:
                        raise
                    log(f"{chapter.id}: kernel failed to start ({_first_line(exc)}); retrying")
        except PapermillExecutionError as exc:
            _discard(km)
            raise ChapterError(
                f"chapter '{chapter.id}' ({chapter.file}) failed in cell {exc.cell_index} "
                f"(execution count {exc.exec_count}): {exc.ename}: {_first_line(exc.evalue)}"
            ) from None
        except Exception as exc:  # kernel died, timeout, ...
            _discard(km)
            raise ChapterError(f"chapter '{chapter.id}' ({chapter.file}) did not run: {type(exc).__name__}: {_first_line(exc)}") from None
        executed = nbformat.read(out, as_version=4)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    errors = error_outputs(executed)
    if errors:
        idx, what = errors[0]
        raise ChapterError(f"chapter '{chapter.id}' ({chapter.file}) has an error output in cell {idx}: {what}")
    record = {
        "chapter": chapter.id,
        "chapter_file": chapter.file,
        "title": chapter.title,
        "parameters": values,
        "defaults": defaults,
        "cache_key": key,
        "commit": provenance.git_commit(),
        "packages": provenance.package_versions(),
        "executed_at": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "seconds": round((dt.datetime.now(dt.timezone.utc) - started).total_seconds(), 1),
        "warnings": warnings,
    }
    executed = _finish(executed, chapter, record)
    for w in executed.metadata["middleclass"]["warnings"][len(warnings):]:
        log(f"{chapter.id}: warning: {w}")
    try:
        with safety.deferred_interrupt():
            atomic_write_notebook(executed, target)
            log(f"{chapter.id}: wrote {target}")
    except KeyboardInterrupt:
        raise safety.Interrupted(target) from None
    except OSError as exc:
        raise ChapterError(f"chapter '{chapter.id}': cannot write {target} ({exc.strerror or exc}); the previous "
                           "notebook there is unchanged") from None
    return target, True


def dependents_out_of_step(chapter: Chapter, values: dict) -> list[str]:
    """After `run` of a chapter that others read: the readers whose shared parameters (``as_of``)
    now differ, which the next build would refuse, with the command that brings them in step."""
    from ..chapters import CHAPTERS

    out = []
    for name in SHARED_PARAMETERS:
        if name not in values:
            continue
        readers = [cid for cid, c in CHAPTERS.items() if chapter.id in c.depends_on and executed_path(c).exists()
                   and upstream_parameter(cid, name) != values[name]]
        if readers:
            fix = (f"`python -m middleclass build -p {name} {values[name]}`" if values[name] else
                   "`python -m middleclass build --reset-params`")
            out.append(f"{', '.join(readers)} read this chapter and ran with another {name}; the next build will "
                       f"refuse them until they match: {fix} sets it for every chapter")
    return out


def input_warnings(chapter: Chapter, values: dict) -> list[str]:
    """One line per suspicious input found before execution: an author file much shorter than
    the pinned file it replaces (a truncated copy?)."""
    out = []
    for param, sid in chapter.sources.items():
        given = values.get(param)
        if not given:
            continue
        pinned = sources.get_source(sid).location()
        if not pinned.is_file():
            continue
        n_author, n_pinned = _count_lines(Path(given)), _count_lines(pinned)
        if n_pinned > 20 and n_author < 0.5 * n_pinned:
            out.append(f"{given} ({param}) has {n_author - 1} rows, the pinned {sources.get_source(sid).path} has "
                       f"{n_pinned - 1}: a truncated copy? (results use the shorter file)")
    return out


def _count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))
