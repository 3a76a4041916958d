"""Keeping the sources current: status of every file in the manifest, fetching a new copy from
its publisher (validated before it replaces anything), and what a new file changes.

Row counts are CSV records (quoted newlines allowed); dates come from the manifest's
``date_column``, read in the form the source's schema knows (:func:`date_range`; '?' when not
known); sizes in bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pandas as pd

from . import sources
from ..errors import DataError


def date_range(values: pd.Series, source_id: str | None, column: str) -> tuple[str, str]:
    """The first and last date of ``values`` (text of the source's ``column``), read in the form
    the source is known to use: the publisher's fixed form (:data:`~.schemas.DATE_FORMATS`, e.g.
    'Jan-20' as month-year), ISO or a written month for a schema date column, the year for a
    year column. A column whose form is not known, or whose values do not parse in it, shows
    '?' rather than a guessed (wrong) date."""
    from .schemas import DATE_FORMATS, SCHEMAS
    from .validate import accepted_dates

    text = values.astype("string").str.strip().replace("", pd.NA).dropna()
    if text.empty:
        return "–", "–"
    fmt = DATE_FORMATS.get(source_id or "", {}).get(column)
    col = SCHEMAS.get(source_id or "", None)
    col = col.columns.get(column) if col is not None else None
    kind = str(col.dtype).lower() if col is not None else ""
    if fmt:
        dates = pd.to_datetime(text, format=fmt[0], errors="coerce")
    elif "datetime" in kind:
        dates = accepted_dates(text)
    elif "int" in kind:  # a year column
        years = pd.to_numeric(text, errors="coerce")
        if years.isna().any():
            return "?", "?"
        return str(int(years.min())), str(int(years.max()))
    else:
        return "?", "?"
    if dates.isna().any():  # a value not in the known form: no range rather than a wrong one
        return "?", "?"
    shown = "%Y-%m-%d" if not fmt or "%d" in fmt[0] else "%Y-%m"  # month-year data: no invented day
    return dates.min().strftime(shown), dates.max().strftime(shown)


def _records_and_dates(path: Path, date_column: str | None, encoding: str = "utf-8",
                       source_id: str | None = None) -> tuple[int, str, str]:
    usecols = [date_column] if date_column and date_column in sources.header(path, encoding) else None
    if usecols:
        frame = pd.read_csv(path, usecols=usecols, dtype=str, keep_default_na=False, encoding=encoding)
        return (len(frame), *date_range(frame[date_column], source_id, date_column))
    frame = pd.read_csv(path, usecols=[0], dtype=str, encoding=encoding)
    return len(frame), "–", "–"


def status() -> list[dict]:
    """One dict per manifest source: id, path, pinned and actual sha256, state, rows, dates,
    last modified (UTC). State is 'ok', 'CHANGED' (hash differs from the pin) or 'MISSING'."""
    rows = []
    for src in sources.manifest().values():
        path = src.location()
        row = {"source": src.id, "path": str(path), "pinned": src.sha256[:12], "actual": "–", "state": "MISSING",
               "rows": "–", "from": "–", "to": "–", "modified": "–"}
        if path.is_file():
            digest = sources.sha256_file(path)
            n, lo, hi = _records_and_dates(path, src.extra.get("date_column"), src.extra.get("encoding", "utf-8"), src.id)
            row.update(actual=digest[:12], state="ok" if digest == src.sha256 else "CHANGED", rows=n, **{"from": lo, "to": hi},
                       modified=dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).strftime("%Y-%m-%d %H:%M"))
        rows.append(row)
    return rows


def format_rows(rows: list[dict]) -> str:
    """Aligned plain-text table, one line per row."""
    if not rows:
        return ""
    cols = list(rows[0])
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in cols}
    lines = ["  ".join(c.ljust(widths[c]) for c in cols)]
    lines += ["  ".join(str(r[c]).ljust(widths[c]) for c in cols) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def _download(url: str, dest: Path, timeout: float, retries: int, log) -> None:
    """Download ``url`` to ``dest`` with a progress bar, a timeout and retries with backoff
    (client errors such as 404 are not retried)."""
    from tqdm import tqdm

    for attempt in range(1, retries + 1):
        try:
            req = urllib.request.Request(url, headers={"User-Agent": "middleclass-book/1 (data fetch)"})
            with urllib.request.urlopen(req, timeout=timeout) as resp, open(dest, "wb") as fh:
                total = int(resp.headers.get("Content-Length") or 0) or None
                with tqdm(total=total, unit="B", unit_scale=True, desc=dest.name, file=sys.stderr,
                          disable=not sys.stderr.isatty()) as bar:
                    while block := resp.read(1 << 16):
                        fh.write(block)
                        bar.update(len(block))
            return
        except urllib.error.HTTPError as exc:
            if 400 <= exc.code < 500 or attempt == retries:
                raise DataError(f"download of {url} failed: HTTP {exc.code} {exc.reason}") from None
            reason = f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            if attempt == retries:
                raise DataError(f"download of {url} failed after {retries} attempt(s): {getattr(exc, 'reason', exc)}") from None
            reason = str(getattr(exc, "reason", exc))
        wait = 2 ** (attempt - 1)
        log(f"download attempt {attempt} failed ({reason}); retrying in {wait} s")
        time.sleep(wait)


def pin(source_id: str, digest: str, manifest_path: Path | None = None) -> None:
    """Write ``digest`` as the pinned sha256 of ``source_id`` in the manifest (text edit that
    keeps comments and layout)."""
    path = Path(manifest_path or sources.paths.MANIFEST_PATH)
    text = path.read_text(encoding="utf-8")
    block = re.search(rf"^  {re.escape(source_id)}:\n(?:    .*\n|      .*\n)*", text, re.M)
    if not block:
        raise DataError(f"{path}: source '{source_id}' not found")
    new_block = re.sub(r"^(    sha256: )[0-9a-f]{64}$", rf"\g<1>{digest}", block.group(0), count=1, flags=re.M)
    tmp = path.with_suffix(".yml.tmp")
    tmp.write_text(text[: block.start()] + new_block + text[block.end():], encoding="utf-8")
    os.replace(tmp, path)
    sources._read_manifest.cache_clear()


def fetch(source_id: str, into: str | os.PathLike | None = None, url: str | None = None, pin_hash: bool = False,
          timeout: float = 60.0, retries: int = 3, log=print) -> Path:
    """Download a source from its canonical URL (or ``url``), validate it against the source's
    schema, then move it into place (the data root, or ``into``) and record its sha256.

    A failed download or validation raises DataError and leaves the existing file untouched.
    """
    from ..errors import ParameterError
    from .validate import read_validated

    if retries < 1:
        raise ParameterError(f"--retries must be at least 1 (one attempt), got {retries}")
    if not timeout > 0:
        raise ParameterError(f"--timeout must be a positive number of seconds, got {timeout}")
    src = sources.get_source(source_id)
    url = url or src.url
    target = (Path(into) / Path(src.path).name) if into else src.location()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".download", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        log(f"{source_id}: downloading {url}")
        _download(url, tmp, timeout, retries, log)
        try:
            frame = read_validated(source_id, tmp)
        except DataError as exc:
            message = str(exc).replace(str(tmp), f"downloaded file from {url}")
            raise DataError(f"{message}; the existing {target.name} was left in place") from None
        digest = sources.sha256_file(tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    same = digest == src.sha256
    log(f"{source_id}: wrote {target} ({len(frame)} rows, sha256 {digest})" + (" — same as the pinned file" if same else ""))
    if pin_hash and not same:
        pin(source_id, digest)
        log(f"{source_id}: pinned the new sha256 in {sources.paths.MANIFEST_PATH}")
    elif not same and not into:
        log(f"{source_id}: the pinned hash differs: the chapters will refuse this file until you run with --pin "
            f"(see `python -m middleclass data diff {source_id} FILE` for what changed)")
    return target


def diff(source_id: str, new_file: str | os.PathLike) -> dict:
    """What ``new_file`` changes against the pinned file of ``source_id``: rows added and
    removed by the manifest's ``key`` columns, date range, and columns added or dropped."""
    src = sources.get_source(source_id)
    old_path, new_path = src.location(), Path(new_file).expanduser().resolve()
    if not new_path.is_file():
        raise DataError(f"{new_path}: {sources.no_file(new_path)}")
    old_res = sources.resolve(source_id)  # the pinned file must be intact
    enc = src.extra.get("encoding", "utf-8")
    new_enc = sources.text_encoding(new_path, enc, str(new_path))  # decodable, else one line
    old_cols, new_cols = sources.header(old_res.path, enc), sources.header(new_path, enc, str(new_path))
    key = list(src.extra.get("key") or src.columns[:1])
    sources.check_columns(str(new_path), new_path, key, enc)
    read = lambda p, e: pd.read_csv(p, usecols=key, dtype=str, keep_default_na=False, encoding=e)  # noqa: E731
    old_keys, new_keys = read(old_path, enc), read(new_path, new_enc)
    count = lambda f: f.value_counts()  # noqa: E731 (multiset: repeated keys are counted)
    oc, nc = count(old_keys), count(new_keys)
    both = oc.index.union(nc.index)
    oc, nc = oc.reindex(both, fill_value=0), nc.reindex(both, fill_value=0)
    added = (nc - oc).clip(lower=0)
    removed = (oc - nc).clip(lower=0)
    out = {
        "source": source_id, "key": key,
        "rows_old": len(old_keys), "rows_new": len(new_keys),
        "added": int(added.sum()), "removed": int(removed.sum()),
        "added_examples": [" | ".join(k) if isinstance(k, tuple) else str(k) for k in added[added > 0].index[:5]],
        "removed_examples": [" | ".join(k) if isinstance(k, tuple) else str(k) for k in removed[removed > 0].index[:5]],
        "columns_added": [c for c in new_cols if c not in old_cols],
        "columns_dropped": [c for c in old_cols if c not in new_cols],
        "missing_used_columns": [c for c in src.columns if c not in new_cols],
    }
    date_col = src.extra.get("date_column")
    for tag, path in (("old", old_path), ("new", new_path)):
        _, lo, hi = _records_and_dates(path, date_col, enc, source_id)
        out[f"dates_{tag}"] = (lo, hi)
    return out


def format_diff(d: dict) -> str:
    lines = [
        f"{d['source']}: {d['rows_old']} -> {d['rows_new']} rows; by key ({', '.join(d['key'])}): "
        f"{d['added']} added, {d['removed']} removed",
        f"  dates: {d['dates_old'][0]} .. {d['dates_old'][1]} -> {d['dates_new'][0]} .. {d['dates_new'][1]}"
        + ("  (new latest date)" if "?" not in (d["dates_new"][1], d["dates_old"][1]) and "–" not in
           (d["dates_new"][1], d["dates_old"][1]) and d["dates_new"][1] > d["dates_old"][1] else ""),
        f"  columns added: {', '.join(d['columns_added']) or 'none'}; dropped: {', '.join(d['columns_dropped']) or 'none'}",
    ]
    if d["missing_used_columns"]:
        lines.append(f"  WARNING: the book uses column(s) missing from the new file: {', '.join(d['missing_used_columns'])}")
    if d["added_examples"]:
        lines.append("  e.g. added: " + "; ".join(d["added_examples"]))
    if d["removed_examples"]:
        lines.append("  e.g. removed: " + "; ".join(d["removed_examples"]))
    return "\n".join(lines)
