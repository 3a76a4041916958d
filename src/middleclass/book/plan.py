"""The parameters in effect and what a run needs before a kernel starts.

The parameters an author set live in one small file, ``_build/parameters.json`` (chapter id ->
name -> value; what is not there takes its default): written by ``run CHAPTER -p`` and
``build -p``, emptied by ``build --reset-params``, shown by ``params CHAPTER``, read by every
build and run. ``make clean`` removes it with the build folder (so parameters go back to their
defaults). Executed notebooks are outputs only: nothing is read back from them except their
cache key, to skip a chapter whose inputs did not change; ``run --output PATH`` never changes the
parameters in effect.

A chapter's parameters are resolved here: defaults, then the file, then those given for this
run, checked (:mod:`.params`); a parameter a chapter takes from another (``inherits``) has that
chapter's value, and chapters that read each other must share ``as_of``. Its cache key covers
its notebook, its parameters and those of the chapters it reads, the sha256 of every data file
(theirs too) and the library a kernel imports (:func:`middleclass.chapters.library_digest`, the
build side left out).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import tempfile
from pathlib import Path

from .. import chapters, paths
from ..chapters import CHAPTERS, Chapter, get_chapter
from ..data import sources
from ..errors import ParameterError
from .params import ParamSpec, check_parameters, shown

#: parameters a chapter shares with every chapter it reads: it runs on the same data only if the
#: values agree (``as_of`` cuts every source at one date)
SHARED_PARAMETERS = ("as_of",)
#: the notebook parameter that carries the parameters of the chapters a chapter reads
UPSTREAM = "upstream_parameters"


def state_path() -> Path:
    return paths.BUILD_DIR / "parameters.json"


def read_state() -> dict[str, dict]:
    """The parameters an author set (chapter id -> name -> value); {} when none."""
    try:
        data = json.loads(state_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ParameterError(f"{state_path()}: unreadable parameters file ({exc}); fix it or remove it "
                             "(`python -m middleclass build --reset-params`)") from None
    return {cid: dict(v) for cid, v in data.items() if cid in CHAPTERS and isinstance(v, dict)}


def write_state(state: dict[str, dict]) -> None:
    """Write the parameters file atomically, keeping only values that differ from the defaults."""
    kept = {}
    for cid, values in state.items():
        defaults = CHAPTERS[cid].defaults()
        changed = {k: v for k, v in values.items() if k in defaults and v != defaults[k]}
        if changed:
            kept[cid] = dict(sorted(changed.items()))
    target = state_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".parameters-", suffix=".json", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(kept, fh, indent=1, sort_keys=True)
            fh.write("\n")
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def specs(chapter: Chapter) -> dict[str, ParamSpec]:
    return {name: ParamSpec(name, typ, default) for name, typ, default, _ in chapter.specs()}


def set_parameters(state: dict[str, dict], chapter_id: str, given: dict) -> dict[str, dict]:
    """``state`` with ``given`` (checked, typed) set for one chapter; a parameter the chapter
    takes from another is refused with the command that sets it there."""
    chapter = get_chapter(chapter_id)
    for name in given:
        if name in chapter.inherits:
            dep, dep_name = chapter.inherits[name]
            raise ParameterError(f"chapter '{chapter_id}': parameter '{name}' comes from chapter '{dep}'; to change it, "
                                 f"run `python -m middleclass run {dep} -p {dep_name} ...`")
    typed = check_parameters(chapter_id, specs(chapter), {**state.get(chapter_id, {}), **given})
    out = copy.deepcopy(state)
    out[chapter_id] = typed
    return out


def set_for_build(state: dict[str, dict], given: dict, reset: bool = False) -> dict[str, dict]:
    """``state`` (emptied first when ``reset``) with ``given`` (`build -p NAME VALUE`) set for
    every chapter that declares NAME and does not take it from another chapter. A name no
    chapter declares is refused."""
    out = {} if reset else copy.deepcopy(state)
    declared: set[str] = set()
    for cid, chapter in CHAPTERS.items():
        names = set(chapter.defaults())
        declared |= names
        mine = {k: v for k, v in given.items() if k in names and k not in chapter.inherits}
        if mine:
            out = set_parameters(out, cid, mine)
    unknown = sorted(set(given) - declared)
    if unknown:
        raise ParameterError(f"unknown parameter(s) {', '.join(shown(n) for n in unknown)}: no chapter declares them "
                             "(see `python -m middleclass params CHAPTER`)")
    return out


def resolve(chapter_id: str, given: dict | None = None, state: dict | None = None) -> tuple[dict, dict]:
    """(every parameter's value for a run, the defaults): defaults, then ``state`` (default: the
    parameters file), then ``given``, checked. Inherited parameters take the value their chapter
    runs with (another value given is refused); ``as_of`` must agree with the chapters it reads."""
    chapter = get_chapter(chapter_id)
    state = read_state() if state is None else state
    given = dict(given or {})
    defaults = chapter.defaults()
    for name, value in given.items():
        if name in chapter.inherits:
            dep, dep_name = chapter.inherits[name]
            used = resolve(dep, state=state)[0][dep_name]
            typed = check_parameters(chapter_id, specs(chapter), {name: value})[name]
            if typed != used:
                raise ParameterError(
                    f"chapter '{chapter_id}': parameter '{name}' comes from chapter '{dep}', which runs with "
                    f"{dep_name} = {shown(used)}; to change it, run `python -m middleclass run {dep} -p {dep_name} ...`")
    typed = check_parameters(chapter_id, specs(chapter), {**state.get(chapter_id, {}), **given})
    values = {**defaults, **typed}
    for name, (dep, dep_name) in chapter.inherits.items():
        values[name] = resolve(dep, state=state)[0][dep_name]
    for name in SHARED_PARAMETERS:
        if name not in values or not chapter.depends_on:
            continue
        used = {dep: resolve(dep, state=state)[0].get(name) for dep in chapter.depends_on}
        differ = {dep: v for dep, v in used.items() if v != values[name]}
        if differ:
            ran = ", ".join(f"{dep} runs with {name} = {v!r}" for dep, v in differ.items())
            raise ParameterError(
                f"chapter '{chapter_id}' reads chapters that must use the same {name} ({values[name]!r}), but {ran}; "
                f"set it for every chapter with `python -m middleclass build -p {name} {values[name] or 'DATE'}`, or "
                "`python -m middleclass build --reset-params` (all data)")
    return values, defaults


def upstream_parameters(chapter_id: str, state: dict | None = None) -> dict[str, dict]:
    """The parameters in effect of every chapter ``chapter_id`` reads (directly or through
    another): what its notebook gets as ``upstream_parameters``."""
    state = read_state() if state is None else state
    return {dep: resolve(dep, state=state)[0] for dep in chapters.upstream_chapters(chapter_id)}


def notebook_parameters(chapter_id: str, values: dict, state: dict | None = None) -> dict:
    """What papermill injects: the chapter's values, and for a chapter that reads others their
    parameters in effect."""
    chapter = get_chapter(chapter_id)
    if not chapter.depends_on:
        return dict(values)
    return {**values, UPSTREAM: upstream_parameters(chapter_id, state)}


def data_files(chapter: Chapter, values: dict, validate_authors: bool = True) -> list[sources.ResolvedFile]:
    """Each file the chapter reads, checked (pinned) or hashed (author file) before execution.
    An author's file is validated whole against its schema here, before a kernel starts
    (encoding, columns the chapter uses, values, dates, finite numbers): a bad file is refused
    in one line naming the file, column and rows."""
    files = [sources.resolve(sid, values.get(param) or None) for param, sid in chapter.sources.items()]
    if not any(values.get(param) for param in [*chapter.sources, *chapter.author_files]):
        return files  # no author file: pandas and pandera need not be imported here
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


def cache_key(chapter: Chapter, values: dict, upstream: dict[str, dict], files: list[sources.ResolvedFile]) -> str:
    """A digest of what an executed notebook depends on: its notebook source, its parameters and
    those of the chapters it reads, every data file (theirs too) and the library."""
    data = sorted((f.source_id, f.sha256) for f in files)
    for dep, dep_values in upstream.items():
        data += sorted((f"{dep}:{f.source_id}", f.sha256) for f in data_files(CHAPTERS[dep], dep_values, False))
    payload = {"notebook": hashlib.sha256(chapter.path.read_bytes()).hexdigest(), "parameters": values,
               "upstream": upstream, "data": data, "library": chapters.library_digest(book_side=False)}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def executed_path(chapter: Chapter) -> Path:
    return paths.EXECUTED_DIR / f"{chapter.stem}.ipynb"


def stored_key(path: Path) -> str | None:
    """The cache key an executed notebook was made with; None if it is absent, unreadable or has
    an error output."""
    try:
        with open(path, encoding="utf-8") as fh:
            nb = json.load(fh)
    except (OSError, ValueError):
        return None
    if any(out.get("output_type") == "error" for cell in nb.get("cells", []) for out in cell.get("outputs", [])):
        return None
    return (nb.get("metadata", {}).get("middleclass") or {}).get("cache_key")


def status(chapter_id: str, given: dict | None = None, output: Path | None = None,
           state: dict | None = None) -> tuple[dict, dict, dict, str, Path, bool]:
    """Check parameters and data files and compute the cache key, without executing. Returns
    (parameter values, defaults, upstream parameters, cache key, target path, up to date?).
    Raises ParameterError or DataError with a one-line message."""
    chapter = get_chapter(chapter_id)
    state = read_state() if state is None else state
    values, defaults = resolve(chapter_id, given, state)
    upstream = upstream_parameters(chapter_id, state) if chapter.depends_on else {}
    files = data_files(chapter, values)
    key = cache_key(chapter, values, upstream, files)
    target = Path(output) if output else executed_path(chapter)
    return values, defaults, upstream, key, target, stored_key(target) == key


def show(chapter_id: str, state: dict | None = None) -> list[str]:
    """One line per parameter: name, type, default, the value in effect (and where it comes
    from when it is not the default) and what it is."""
    chapter = get_chapter(chapter_id)
    state = read_state() if state is None else state
    values, _ = resolve(chapter_id, state=state)
    lines = []
    for name, typ, default, doc in chapter.specs():
        where = ""
        if name in chapter.inherits:
            where = f" (from {chapter.inherits[name][0]})"
        elif name in state.get(chapter_id, {}):
            where = f" (set in {state_path()})"
        now = f"\tin effect: {values[name]!r}{where}" if values[name] != default or where else ""
        lines.append(f"{name}\t{typ.__name__}\t{default!r}{now}\t# {doc}")
    return lines


def readers_out_of_step(chapter_id: str, state: dict) -> list[str]:
    """After `run` of a chapter that others read with new parameters: the readers whose shared
    parameters (``as_of``) now differ, which a build would refuse, with the command that brings
    them in step."""
    values = resolve(chapter_id, state=state)[0]
    out = []
    for name in SHARED_PARAMETERS:
        readers = [cid for cid, c in CHAPTERS.items() if chapter_id in c.depends_on
                   and name in c.defaults() and resolve_quiet(cid, state).get(name, values[name]) != values[name]]
        if readers:
            fix = (f"`python -m middleclass build -p {name} {values[name]}`" if values[name] else
                   "`python -m middleclass build --reset-params`")
            out.append(f"{', '.join(readers)} read this chapter and run with another {name}; a build will refuse them "
                       f"until they match: {fix} sets it for every chapter")
    return out


def resolve_quiet(chapter_id: str, state: dict) -> dict:
    """The chapter's own values in effect (defaults and the parameters file), without checking
    the chapters it reads."""
    return {**CHAPTERS[chapter_id].defaults(), **state.get(chapter_id, {})}
