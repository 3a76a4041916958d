"""Read a CSV against its pandera schema, with one-line errors, and log every read.

Errors are :class:`~middleclass.errors.DataError` naming the file, the column and example rows
(row numbers count data records from 1, header excluded). Every file read in this process is
appended to :data:`READS` (source id, path, sha256, pinned or not, rows), which the chapter's
provenance section reports.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from . import framecache, sources
from ..errors import DataError
from .schemas import DATE_FORMATS, SCHEMAS

_CHECK_WORDS = {  # pandera check name -> plain words
    "coerce_dtype('datetime64": "unparseable date",
    "dtype('datetime64": "unparseable date",
    "coerce_dtype('float": "non-numeric value",
    "dtype('float": "non-numeric value",
    "coerce_dtype('int": "non-integer value",
    "not_nullable": "missing value",
    "greater_than_or_equal_to(0)": "negative value",
    "column_in_dataframe": "missing column",
    "isin(": "value not in the allowed set",
}

#: Every file read in this process, in order: a dict per read (source id, path, sha256, pinned, rows,
#: duplicates). A chapter's provenance is taken from it.
READS: list[dict] = []


def describe_check(check: str) -> str:
    for prefix, words in _CHECK_WORDS.items():
        if check.startswith(prefix):
            if prefix == "isin(":
                allowed = check[len("isin("):].rstrip(")").strip("[]{}")
                return f"{words} ({allowed.replace(chr(39), '')})"
            return words
    return f"failed check {check}"


def schema_error_message(label: str, failure_cases: pd.DataFrame, max_examples: int = 3) -> str:
    """Turn pandera's ``failure_cases`` into one line: file, column, problem, example rows."""
    fc = failure_cases.copy()
    fc = fc[fc["index"].notna() | (fc["check"].astype(str) == "column_in_dataframe")]
    if fc.empty:
        fc = failure_cases
    fc["problem"] = fc["check"].astype(str).map(describe_check)
    parts = []
    for (column, problem), grp in fc.groupby(["column", "problem"], sort=False):
        rows = grp.drop_duplicates("index").sort_values("index").head(max_examples)
        examples = ", ".join(
            f"row {int(r['index']) + 1} {str(r['failure_case'])!r}" for _, r in rows.iterrows() if pd.notna(r["index"])
        )
        n = grp["index"].nunique()
        parts.append(f"column '{column}': {problem} in {n} row(s)" + (f", e.g. {examples}" if examples else ""))
    more = f" (+{len(parts) - 1} more problem(s))" if len(parts) > 1 else ""
    return f"{label}: {parts[0]}{more}"


def label_of(path: Path) -> str:
    """A file's path relative to the data root (or the project), else absolute."""
    for root in (sources.data_root(), sources.paths.PROJECT_ROOT):
        try:
            return str(path.relative_to(root))
        except ValueError:
            continue
    return str(path)


def validate_file(label: str, path: Path, schema: pa.DataFrameSchema, encoding: str = "utf-8",
                  aliases: dict | None = None, optional=(), needs=(), formats: dict | None = None) -> pd.DataFrame:
    """Header check, CSV read (as text, cells stripped, blanks missing) and pandera validation.
    Columns the schema marks ``required=False`` are read when the file has them. A column found
    under one of its ``aliases`` (another vintage's name) is renamed; an ``optional`` column the
    caller does not use (not in ``needs``) may be missing and is then read as empty. The aliases
    used are logged with the read. ``formats`` (column -> (strptime format, the form in words),
    :data:`~.schemas.DATE_FORMATS`) are date columns kept as text that must be in that form."""
    aliases, optional = aliases or {}, set(optional) - set(needs)
    encoding = sources.text_encoding(path, encoding, label)  # UTF-8 with or without BOM; else one line
    have = sources.header(path, encoding, label) if path.stat().st_size else []
    renamed = {}
    for column, names in aliases.items():
        if column not in have:
            found = next((n for n in names if n in have), None)
            if found:
                renamed[found] = column
    present = set(have) | set(renamed.values())
    required = [name for name, col in schema.columns.items() if col.required and name not in optional]
    sources.check_columns(label, path, required, encoding, {c: [a] for a, c in renamed.items()})
    absent = [name for name, col in schema.columns.items() if col.required and name in optional and name not in present]
    wanted = [name for name in schema.columns if name in present]
    source_names = {c: a for a, c in renamed.items()}
    try:
        raw = pd.read_csv(path, usecols=[source_names.get(n, n) for n in wanted], dtype=str, keep_default_na=False,
                          encoding=encoding).rename(columns=renamed)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(f"{label}: not a readable CSV ({str(exc).splitlines()[0]})") from None
    if raw.empty:
        raise DataError(f"{label}: empty file (header only, no data rows)")
    raw = raw.apply(lambda s: s.str.strip()).replace("", np.nan)
    for name in absent:  # read as empty text, like a blank column
        raw[name] = pd.Series([np.nan] * len(raw), index=raw.index, dtype=str)
    raw = raw[[n for n in schema.columns if n in raw]]
    raw.attrs["aliases"] = {c: a for a, c in renamed.items()}
    raw.attrs["absent"] = absent
    raw.attrs["duplicates"] = int(raw.duplicated().sum())
    attrs = dict(raw.attrs)
    out = _validate(label, raw, schema)
    check_dates(label, raw, schema)
    for column, (fmt, expected) in (formats or {}).items():
        if column in raw:
            parse_formatted(label, raw, column, fmt, expected)
    check_finite(label, raw, out)
    out.attrs.update(attrs)
    return out


def _validate(label: str, raw: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """pandera's validation with one-line errors. pandera converts a date column as a whole, in
    the format of its first value: one other value fails the column without naming a row. Then
    the dates are checked row by row (:func:`check_dates` names the rows of a value that is no
    date or is ambiguous) and, when every value is an accepted form (ISO, or a written month as
    in 'Apr 14, 2024'), each is read in its own form and the table validated again."""
    import warnings

    def validate(frame):
        with warnings.catch_warnings():  # pandera would guess day-first dates; check_dates refuses them
            warnings.simplefilter("ignore", UserWarning)
            return schema.validate(frame, lazy=True)

    try:
        return validate(raw)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    dates = [n for n, c in schema.columns.items() if n in raw and "datetime" in str(c.dtype).lower()]
    whole = cases[cases["index"].isna() & cases["column"].isin(dates)]
    if whole.empty:
        raise DataError(schema_error_message(label, cases)) from None
    check_dates(label, raw, schema)
    mixed = raw.copy()
    for name in dates:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mixed[name] = pd.to_datetime(mixed[name], errors="coerce", format="mixed")
    try:
        return validate(mixed)
    except pa.errors.SchemaErrors as exc:
        raise DataError(schema_error_message(label, exc.failure_cases)) from None


def parse_formatted(label: str, raw: pd.DataFrame, column: str, fmt: str, expected: str) -> pd.Series:
    """``raw[column]`` parsed with ``fmt`` (blanks stay missing); a value that does not parse is
    refused in one line naming the file, the column, the expected form and example rows."""
    text = raw[column]
    dates = pd.to_datetime(text, format=fmt, errors="coerce")
    bad = dates.isna() & text.notna()
    if bad.any():
        raise DataError(f"{label}: column '{column}': unparseable date (expected {expected}) in "
                        f"{int(bad.sum())} row(s), e.g. {_examples(text, bad)}")
    return dates


def accepted_dates(values: pd.Series) -> pd.Series:
    """Dates in the forms :func:`check_dates` accepts (ISO, or a written month): each parsed in
    its own form; an ambiguous all-number date ('05/03/2024') or text that is no date is NaT."""
    import warnings

    text = values.astype("string").str.strip()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dates = pd.to_datetime(text, errors="coerce", format="mixed")
    ambiguous = text.str.match(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}").fillna(False).astype(bool)
    return dates.mask(ambiguous)


def _examples(values: pd.Series, mask: pd.Series, n: int = 3) -> str:
    bad = values[mask].head(n)
    return ", ".join(f"row {int(i) + 1} {str(v)!r}" for i, v in bad.items())


def check_dates(label: str, raw: pd.DataFrame, schema: pa.DataFrameSchema) -> None:
    """Date columns hold ISO dates (YYYY-MM-DD) or dates with a written month ('Apr 14, 2026').
    All-number dates with slashes or dots ('05/03/2024') are ambiguous (May or March) and are
    refused with the rows named, not guessed; so is text that is no date."""
    for name, col in schema.columns.items():
        if name not in raw or "datetime" not in str(col.dtype).lower():
            continue
        text = raw[name].dropna().astype(str).str.strip()
        values = pd.Series(text.unique())  # dates repeat (snapshots): check each distinct value once
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ok = values.str.match(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}") == False  # noqa: E712
            ok &= pd.to_datetime(values, errors="coerce", format="mixed").notna().to_numpy()
        bad = text.isin(set(values[~ok]))
        if bad.any():
            raise DataError(f"{label}: column '{name}': unparseable or ambiguous date (write YYYY-MM-DD) in "
                            f"{int(bad.sum())} row(s), e.g. {_examples(text, bad)}")


def check_finite(label: str, raw: pd.DataFrame, out: pd.DataFrame) -> None:
    """Numbers must be finite: '1e400' or 'inf' in a numeric column is refused with the rows."""
    for name in out.columns:
        if pd.api.types.is_float_dtype(out[name]):
            inf = np.isinf(out[name].to_numpy(dtype=float, na_value=np.nan))
            if inf.any():
                mask = pd.Series(inf, index=out.index)
                raise DataError(f"{label}: column '{name}': number too large or infinite in {int(inf.sum())} row(s), "
                                f"e.g. {_examples(raw[name], mask)}")


def record_read(source_id: str, path: Path, label: str, digest: str, pinned: bool, rows: int,
                aliases: dict | None = None, absent=()) -> None:
    READS.append({"source": source_id, "path": str(path), "label": label, "sha256": digest, "pinned": pinned, "rows": rows,
                  "aliases": dict(aliases or {}), "absent": list(absent)})


def warn_read(source_id: str, message: str) -> None:
    """Attach a warning, prefixed with the file's label, to the latest read of ``source_id`` in
    :data:`READS` (rows a chapter left out of a file and why): the build prints it as
    'CHAPTER: warning: ...' and records it in the executed notebook's ``middleclass.warnings``."""
    for entry in reversed(READS):
        if entry["source"] == source_id:
            line = f"{entry['label']}: {message}"
            if line not in entry.setdefault("warnings", []):
                entry["warnings"].append(line)
            return


def read_validated(source_id: str, override: str | os.PathLike | None = None, needs=()) -> pd.DataFrame:
    """Read a source's file, check its hash (or record it for an author file) and validate it.

    Returns the raw columns named in the schema, coerced to their dtypes. Column names of other
    vintages are mapped through the manifest's ``aliases``; the manifest's ``optional`` columns
    may be missing unless named in ``needs`` (the columns the calling chapter uses).
    """
    resolved = sources.resolve(source_id, override)
    label = label_of(resolved.path)
    src = sources.get_source(source_id)
    encoding = src.extra.get("encoding", "utf-8")
    cache_key = framecache.key(source_id, resolved.sha256, encoding=encoding, aliases=src.aliases,
                               optional=sorted(src.optional), needs=sorted(set(needs) & set(src.optional)))
    df = framecache.get(cache_key)  # parsed and validated once per file version, for every process of a build
    if df is None:
        df = validate_file(label, resolved.path, SCHEMAS[source_id], encoding, src.aliases, src.optional, needs,
                           DATE_FORMATS.get(source_id))
        framecache.put(cache_key, df)
    record_read(source_id, resolved.path, label, resolved.sha256, resolved.pinned, len(df), df.attrs.get("aliases"),
                df.attrs.get("absent", ()))
    READS[-1]["duplicates"] = df.attrs.get("duplicates", 0)
    return df


def read_author_file(source_id: str, path: str | os.PathLike, schema: pa.DataFrameSchema, parameter: str) -> pd.DataFrame:
    """An author-only file (no pinned source): validate against ``schema``, record its hash."""
    p = Path(path).expanduser().resolve()
    if not p.is_file():
        raise DataError(f"{p}: {sources.no_file(p)} (given as {parameter})")
    df = validate_file(str(p), p, schema)
    record_read(source_id, p, str(p), sources.sha256_file(p), False, len(df))
    READS[-1]["duplicates"] = df.attrs.get("duplicates", 0)
    return df
