"""Loader for the curated tables of ``data/curated/`` (compiled for the book, one source URL
per row): validated against their schemas in ``schemas.CURATED``."""

from __future__ import annotations

import math
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


def _show(v) -> str:
    """A cell as the file's reader would write it: text quoted, numbers plain, missing 'blank'."""
    v = v.item() if hasattr(v, "item") else v
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "blank"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return repr(v) if isinstance(v, str) else str(v)


def _rows(idx) -> str:
    return ", ".join(str(int(i) + 1) for i in idx)


def _one_tier_per_year(label: str, df: pd.DataFrame) -> None:
    """An organization has one tier in any year: two rows of one organization whose periods
    overlap (open ends count as unbounded) with different tiers would be resolved one way by the
    main analysis (the first row) and another by a sensitivity (the last), so they are refused."""
    lo = pd.to_numeric(df["from_year"], errors="coerce").fillna(-math.inf)
    hi = pd.to_numeric(df["to_year"], errors="coerce").fillna(math.inf)
    for org, idx in df.groupby("organization", sort=False).groups.items():
        idx = list(idx)
        for a_pos, a in enumerate(idx):
            for b in idx[a_pos + 1:]:
                if df.at[a, "tier"] != df.at[b, "tier"] and lo[a] <= hi[b] and lo[b] <= hi[a]:
                    years = f"{_year(max(lo[a], lo[b]))}–{_year(min(hi[a], hi[b]))}"
                    raise DataError(f"{label}: organization {org!r} is listed twice with different tiers for overlapping "
                                    f"years ({years}): row {int(a) + 1} {df.at[a, 'tier']!r}, row {int(b) + 1} "
                                    f"{df.at[b, 'tier']!r}; give each period one row (from_year, to_year)")


def _year(y: float) -> str:
    return "any year" if not math.isfinite(y) else str(int(y))


def one_value_per_key(key: tuple[str, ...], values: tuple[str, ...]):
    """A check: rows with the same ``key`` must agree on ``values`` (an exact repeat is harmless;
    two different values for one key would be read as one or the other depending on the code
    that looks it up)."""
    def check(label: str, df: pd.DataFrame) -> None:
        have = [c for c in values if c in df]
        dup = df[df.duplicated(list(key), keep=False)]
        for k, grp in dup.groupby(list(key), sort=False, dropna=False):
            distinct = grp[have].astype(str).drop_duplicates()
            if len(distinct) > 1:
                differ = [c for c in have if grp[c].astype(str).nunique() > 1]
                k = k if isinstance(k, tuple) else (k,)
                named = ", ".join(f"{c} {_show(v)}" for c, v in zip(key, k))
                shown = "; ".join(f"row {int(i) + 1} " + ", ".join(f"{c}={_show(grp.at[i, c])}" for c in differ)
                                  for i in grp.index[:3])
                raise DataError(f"{label}: {named} is listed {len(grp)} times with different "
                                f"{', '.join(differ)} (rows {_rows(grp.index)}: {shown}); keep one row")
    check.__name__ = f"one_value_per_{'_'.join(key)}"
    return check


#: checks across rows and columns of a curated table, after its schema: periods in order, and no
#: key listed twice with conflicting values (the code would pick one row silently)
TABLE_CHECKS = {
    "organizations": (_periods_in_order, _one_tier_per_year,
                      one_value_per_key(("organization", "from_year", "to_year"), ("parent", "tier"))),
    "us_cpi": (one_value_per_key(("year",), ("cpi_u",)),),
    "ai_index_totals": (one_value_per_key(("year", "series", "report"), ("value", "unit")),),
    "size_bands": (one_value_per_key(("year", "band", "report"), ("events",)),),
    "giants_finances": (one_value_per_key(("company", "fiscal_year"), ("capex_usd", "cash_and_securities_usd")),),
    "published_figures": (one_value_per_key(("id",), ("value", "ci_low", "ci_high", "level", "unit", "window_start",
                                                      "window_end", "kind")),),
    "open_model_usage": (one_value_per_key(("series", "period", "segment", "published"), ("value_pct",)),),
    "mega_rounds": (one_value_per_key(("company", "announced_date", "round_type"), ("amount_usd",)),),
    "acquisitions": (one_value_per_key(("company", "acquirer", "date"), ("outcome", "deal_value_usd")),),
    "company_outcomes": (one_value_per_key(("company", "date", "outcome"), ("counterparty",)),),
}


def load_curated(table: str, path=None, as_of=None) -> pd.DataFrame:
    """A curated table (ids in ``schemas.CURATED``), validated against its schema; ``path``
    swaps in another file of the same shape. The file's hash is recorded. ``as_of`` keeps the
    rows available on that date (:data:`asof.RULES`, e.g. rounds by announcement date)."""
    schema = CURATED[table][1]
    given = bool(path)
    p = Path(path).expanduser().resolve() if given else curated_path(table)
    if not p.is_file():
        raise DataError(f"{p}: {sources.no_file(p)}" + (f" (given for the {table} table)" if given else ""))
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
