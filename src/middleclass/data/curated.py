"""Loader for the curated tables of ``data/curated/`` (compiled for the book, one source URL
per row): validated against their schemas in ``schemas.CURATED``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import DataError
from . import asof as _asof
from . import framecache, sources
from .schemas import CURATED
from .validate import record_read, validate_file


def curated_path(table: str) -> Path:
    return paths.CURATED_DIR / CURATED[table][0]


def _periods_in_order(label: str, df: pd.DataFrame) -> None:
    """A tier period cannot end before it starts (from_year after to_year)."""
    lo, hi = pd.to_numeric(df["from_year"], errors="coerce"), pd.to_numeric(df["to_year"], errors="coerce")
    bad = lo.notna() & hi.notna() & (lo > hi)
    if bad.any():
        rows = ", ".join(f"row {int(i) + 1} {df.loc[i, 'organization']!r} ({int(lo[i])} > {int(hi[i])})"
                         for i in df.index[bad][:3])
        raise DataError(f"{label}: column 'from_year': after to_year in {int(bad.sum())} row(s), e.g. {rows}")


#: checks across columns of a curated table, after its schema
TABLE_CHECKS = {"organizations": (_periods_in_order,)}


def load_curated(table: str, path=None, as_of=None) -> pd.DataFrame:
    """A curated table (ids in ``schemas.CURATED``), validated against its schema; ``path``
    swaps in another file of the same shape. The file's hash is recorded. ``as_of`` keeps the
    rows available on that date (:data:`asof.RULES`, e.g. rounds by announcement date)."""
    schema = CURATED[table][1]
    given = bool(path)
    p = Path(path).expanduser().resolve() if given else curated_path(table)
    if not p.is_file():
        raise DataError(f"{p}: file not found" + (f" (given for the {table} table)" if given else ""))
    label = str(p) if given else str(p.relative_to(paths.PROJECT_ROOT))
    digest = sources.sha256_file(p)
    cache_key = framecache.key(f"curated_{table}", digest)
    df = framecache.get(cache_key)  # validated once per file version (the verdict history reads each 15 times)
    if df is None:
        df = validate_file(label, p, schema)
        framecache.put(cache_key, df)
    for check in TABLE_CHECKS.get(table, ()):
        check(label, df)
    record_read(f"curated_{table}", p, label, digest, False, len(df))
    return _asof.cut(df, f"curated_{table}", as_of).reset_index(drop=True)


def parent_groups(orgs: pd.DataFrame) -> dict[str, str]:
    """organization -> parent for the rows of the organizations table that name a parent (e.g.
    DeepMind -> Alphabet): units of one group count once."""
    return {r.organization: r.parent for r in orgs.itertuples() if isinstance(r.parent, str) and r.parent}
