"""Chapter parameters: read from the notebook's ``parameters`` cell, checked before execution.

Types come from the defaults (int, float, bool, str). Extra rules: names ending in ``_date``
and ``as_of`` must be ISO dates (YYYY-MM-DD; ``as_of`` may be empty) and ``start_date`` must precede ``end_date``; ``confidence``
lies strictly between 0 and 1; names ending in ``_top_n``/``_top_k``/``top_k`` are at least 1;
``*_path`` values, when given, must be existing files (made absolute); ``*_override`` values
are empty or a positive number.

A parameter whose valid values depend on another's (a break date inside the window, the recent
years inside the year range, the scenario's first year up to the horizon: :func:`check_ranges`)
is checked only when the user set it (``-p``, or kept in the parameters in effect): a default
that falls outside a window the user moved stays, and the section that needs it says "not
enough data". Every message that echoes a value the user gave shortens it (:func:`shown`).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..errors import ParameterError

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"true", "1", "yes", "y", "on"}
_FALSE = {"false", "0", "no", "n", "off"}


#: longest part of a user-given value an error message echoes
SHOWN_CHARS = 60


def shown_path(path) -> str:
    """A path for an error message: whole unless it is absurdly long (over 240 characters)."""
    text = str(path)
    return text if len(text) <= 240 else f"{text[:120]}…{text[-40:]} ({len(text):,} characters)"


def shown(value) -> str:
    """``repr(value)`` for an error message, cut to its first :data:`SHOWN_CHARS` characters
    and its length when longer (a 120 KB value is not echoed whole)."""
    text = repr(value)
    if len(text) <= SHOWN_CHARS:
        return text
    return f"{text[:SHOWN_CHARS]}… ({len(text):,} characters)"


@dataclass(frozen=True)
class ParamSpec:
    name: str
    type: type
    default: object


def parameter_specs(nb: nbformat.NotebookNode) -> dict[str, ParamSpec]:
    """Names, types and defaults of the cell tagged ``parameters`` (simple assignments only)."""
    cells = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        return {}
    specs: dict[str, ParamSpec] = {}
    for node in ast.parse(cells[0].source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, value = node.target.id, node.value
        else:
            continue
        default = ast.literal_eval(value)
        specs[name] = ParamSpec(name, type(default), default)
    return specs


def _convert(spec: ParamSpec, value, chapter_id: str):
    where = f"chapter '{chapter_id}': parameter '{spec.name}'"
    raw = value
    try:
        if spec.type is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            raise ValueError
        if spec.type is int:
            if isinstance(value, bool):
                raise ValueError
            if isinstance(value, int):
                return value
            if isinstance(value, float) and value.is_integer():
                return int(value)
            return int(str(value).strip())
        if spec.type is float:
            if isinstance(value, bool):
                raise ValueError
            return float(value)
        if spec.type is str:
            return str(value)
    except ValueError:
        raise ParameterError(f"{where} expects {spec.type.__name__} (default {spec.default!r}), got {shown(raw)}") from None
    return value


def check_parameters(chapter_id: str, specs: dict[str, ParamSpec], given: dict) -> dict:
    """Validate ``given`` (name -> value, strings from the CLI or typed values) against ``specs``.

    Returns the typed values (only the names given). Raises :class:`ParameterError` naming the
    chapter and parameter, listing the valid names for an unknown one.
    """
    out = {}
    for name, value in given.items():
        if name not in specs:
            valid = ", ".join(f"{s.name} ({s.type.__name__})" for s in specs.values())
            raise ParameterError(f"chapter '{chapter_id}' has no parameter {shown(name)}; valid parameters: {valid}")
        out[name] = _convert(specs[name], value, chapter_id)
    merged = {**{k: s.default for k, s in specs.items()}, **out}
    for name, value in merged.items():
        where = f"chapter '{chapter_id}': parameter '{name}'"
        dated = name.endswith("_date") or name == "as_of"
        if dated and isinstance(value, str) and value and not _ISO.match(value):
            raise ParameterError(f"{where} must be an ISO date YYYY-MM-DD, got {shown(value)}")
        if dated and isinstance(value, str) and value:
            import datetime as _dt

            try:
                _dt.date.fromisoformat(value)
            except ValueError:
                raise ParameterError(f"{where} is not a valid date: {shown(value)}") from None
        if name.endswith("_override") and isinstance(value, str) and value.strip():
            try:
                ok = float(value) > 0
            except ValueError:
                ok = False
            if not ok:
                raise ParameterError(f"{where} must be empty (use the fitted value) or a positive number, got {shown(value)}")
        if name == "confidence" and not 0 < float(value) < 1:
            raise ParameterError(f"{where} must be strictly between 0 and 1, got {shown(value)}")
        if re.search(r"(^|_)top_[nk]$", name) and int(value) < 1:
            raise ParameterError(f"{where} must be at least 1, got {shown(value)}")
        if name.endswith("_path") and value:
            try:
                p = Path(str(value)).expanduser().resolve()
                folder, found = p.is_dir(), p.is_file()
            except (OSError, RuntimeError) as exc:  # a name too long for the file system, a symlink loop
                why = getattr(exc, "strerror", None) or "a symlink loop"
                raise ParameterError(f"{where}: not a usable file name ({why}): {shown(str(value))}") from None
            if folder:
                raise ParameterError(f"{where}: {shown_path(p)} is a folder, not a file")
            if not found:
                raise ParameterError(f"{where}: file not found: {shown_path(p)}")
            if name in out:
                out[name] = str(p)
    # a default start after the user's end leaves an empty window ("not enough data"), not an error
    if "start_date" in out and "end_date" in merged and merged["start_date"] >= merged["end_date"]:
        raise ParameterError(
            f"chapter '{chapter_id}': start_date {merged['start_date']} must be before end_date {merged['end_date']}"
        )
    for name in merged:
        if name.endswith("_low_usd") and name.replace("_low_usd", "_high_usd") in merged:
            hi_name = name.replace("_low_usd", "_high_usd")
            if not 0 <= float(merged[name]) < float(merged[hi_name]):
                raise ParameterError(f"chapter '{chapter_id}': {name} {merged[name]} must be at least 0 and below "
                                     f"{hi_name} {merged[hi_name]}")
    for lo, hi in (("start_year", "end_year"),):
        if lo in merged and hi in merged and int(merged[lo]) > int(merged[hi]):
            raise ParameterError(f"chapter '{chapter_id}': {lo} {merged[lo]} must not be after {hi} {merged[hi]}")
    check_ranges(chapter_id, merged, explicit=out)
    return out


#: parameter -> (lowest, highest, what it is): values outside are refused before a kernel starts
RANGES = {
    "cost_threshold_usd": (1.0, 1e15, "a training cost in 2023 USD"),
    "compute_threshold_flop": (1e15, 1e35, "a training compute in FLOP"),
    "gap_threshold_pct": (1e-6, 100.0, "a gap in percent of the proprietary score"),
    "capability_threshold": (500.0, 3000.0, "an Arena rating"),
    "bootstrap_samples": (100, 100_000, "a number of bootstrap resamples (at least 100 for a 90% interval)"),
    "price_min_months": (1, 24, "a number of monthly snapshots"),
    "horizon_year": (2025, 2100, "a year"),
    "override_from_year": (2024, 2100, "a year"),
    "layoffs_year": (2020, 2100, "a year (layoffs.fyi starts in March 2020)"),
}
_YEAR = re.compile(r"(^|_)year$")


def _where(chapter_id: str, name: str) -> str:
    return f"chapter '{chapter_id}': parameter '{name}'"


def _check_as_of(chapter_id: str, merged: dict) -> None:
    """``as_of`` may not lie in the future (an unfinished year would count as ended). An early
    date is thin data, not bad input: the chapter says "not enough data"."""
    import datetime as _dt

    as_of = merged.get("as_of")
    if not as_of:
        return
    where = _where(chapter_id, "as_of")
    if as_of > _dt.date.today().isoformat():
        raise ParameterError(f"{where} {as_of} is in the future; leave it empty to use all data")


def check_ranges(chapter_id: str, merged: dict, explicit=None) -> None:
    """Ranges and orders a value must respect (finite numbers, positive thresholds, at least
    100 bootstrap resamples, years from 2000 to 2100, a break date inside the window, ...).

    A value that must agree with another parameter (a date inside the window, ...) is refused
    only if it is in ``explicit`` (the names the user set; default: every name): a default
    outside the user's window stays, and the section that needs it has too little data."""
    explicit = set(merged) if explicit is None else set(explicit)
    import math

    for name, value in merged.items():
        where = _where(chapter_id, name)
        if isinstance(value, float) and not math.isfinite(value):
            raise ParameterError(f"{where} must be a finite number, got {shown(value)}")
        if name in RANGES:
            lo, hi, what = RANGES[name]
            if not lo <= value <= hi:
                raise ParameterError(f"{where} is {what} and must lie between {lo:g} and {hi:g}, got {shown(value)}")
        elif _YEAR.search(name) and isinstance(value, int) and not 2000 <= value <= 2100:
            raise ParameterError(f"{where} must be a year from 2000 to 2100, got {shown(value)}")
    _check_as_of(chapter_id, merged)
    if "window_break_date" in merged and merged["window_break_date"] < "2023-07-01":
        raise ParameterError(f"{_where(chapter_id, 'window_break_date')} must not be before 2023-07-01 (six months into "
                             f"the capability series), got {shown(merged['window_break_date'])}")
    start, end = merged.get("start_date"), merged.get("end_date")
    first, last, horizon = merged.get("start_year"), merged.get("end_year"), merged.get("horizon_year")
    window = f"inside the window, from start_date {start} to before end_date {end}"
    depends = [  # parameter, lowest (inclusive), highest (exclusive), in words; None: no such parameter here
        ("break_date", start, end, window),
        ("price_start_date", start, end, window),
        ("window_break_date", None, end, f"before end_date {end}"),
        ("recent_start_year", first, last, f"from start_year {first} to before end_year {last}"),
        ("override_from_year", None, horizon and horizon + 1, f"in or before horizon_year {horizon}"),
    ]
    for name, lo, hi, rule in depends:
        value = merged.get(name)
        if name in explicit and value is not None and not ((lo is None or lo <= value) and (hi is None or value < hi)):
            raise ParameterError(f"{_where(chapter_id, name)} must lie {rule}, got {shown(value)}")
