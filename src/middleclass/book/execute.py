"""Execute one chapter's notebook with papermill, in a fresh kernel, and write it atomically
with its provenance.

Parameters, data files and the cache key are resolved first (:mod:`.plan`); an executed
notebook whose stored key matches is not executed again. A failed run leaves the previous
executed notebook as it was.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path

import jupytext
import nbformat

from .. import paths
from ..chapters import Chapter, get_chapter
from ..data import sources
from ..errors import ChapterError
from ..notebook.mimes import MEASURES_MIME, PROVENANCE_MIME, VERDICTS_MIME
from . import plan, provenance, safety

KERNEL_START_ATTEMPTS = 3


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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_notebook(nb: nbformat.NotebookNode, target: Path) -> None:
    """Write ``nb`` to ``target`` whole or not at all (a temporary file beside it, renamed), with
    the permissions a plain write would give (the umask's, not the temporary file's 0600); a
    ``target`` that is a symlink is written through (the link stays)."""
    if target.is_symlink():
        target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".ipynb.tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            nbformat.write(nb, fh)
        os.chmod(tmp, 0o666 & ~_umask())
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
    warnings += list(dict.fromkeys(w for r in reads for w in r.get("warnings", ())))  # rows a chapter left out
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


def execute(chapter_id: str, given: dict | None = None, output: Path | None = None, force: bool = False,
            log=print, state: dict | None = None) -> tuple[Path, bool]:
    """Execute one chapter in a fresh kernel (or reuse it when its cache key is unchanged).

    ``given``: parameters for this run on top of those in effect (``state``, default: the
    parameters file); ``output``: where to write (default ``_build/executed/``). Returns
    (executed notebook path, whether it was executed). Raises ParameterError or DataError
    before starting a kernel, ChapterError when a cell fails; in every failure the previous
    executed notebook at the target is left as it was.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    chapter = get_chapter(chapter_id)
    values, defaults, upstream, key, target, up_to_date = plan.status(chapter_id, given, output, state)
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
    injected = {**values, **({plan.UPSTREAM: upstream} if chapter.depends_on else {})}
    try:
        src = Path(tmp) / f"{chapter.stem}.ipynb"
        out = Path(tmp) / f"{chapter.stem}.out.ipynb"
        nbformat.write(nb, src)
        started = dt.datetime.now(dt.timezone.utc)
        try:
            for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
                try:
                    papermill.execute_notebook(
                        str(src), str(out), parameters=injected, kernel_name="python3", cwd=str(paths.PROJECT_ROOT),
                        progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                        kernel_manager_class=manager,
                    )
                    break
                except RuntimeError as exc:
                    # two kernels started at the same instant can pick the same TCP port; the
                    # loser dies before replying to kernel_info: start it again
                    if "kernel_info" not in str(exc) or attempt == KERNEL_START_ATTEMPTS:
                        raise
                    log(f"{chapter.id}: kernel failed to start ({_first_line(exc)}); retrying")
        except PapermillExecutionError as exc:
            raise ChapterError(
                f"chapter '{chapter.id}' ({chapter.file}) failed in cell {exc.cell_index} "
                f"(execution count {exc.exec_count}): {exc.ename}: {_first_line(exc.evalue)}"
            ) from None
        except Exception as exc:  # kernel died, timeout, ...
            raise ChapterError(f"chapter '{chapter.id}' ({chapter.file}) did not run: {type(exc).__name__}: "
                               f"{_first_line(exc)}") from None
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
        "upstream_parameters": upstream,
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
        from ..errors import os_error_line

        if exc.filename is None:  # a write through a descriptor names no file: it was this one
            exc.filename = str(target)
        raise ChapterError(f"chapter '{chapter.id}': cannot write the executed notebook: {os_error_line(exc)}; the "
                           "previous notebook there is unchanged") from None
    return target, True


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
