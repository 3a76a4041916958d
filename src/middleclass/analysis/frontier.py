"""Frontier selection: which models were at the top when they were released, and who made them."""

from __future__ import annotations

from bisect import bisect_right, insort

import numpy as np
import pandas as pd


def running_top_n(df: pd.DataFrame, value_col: str, n: int, date_col: str = "publication_date") -> pd.Series:
    """True for rows whose ``value_col`` was among the top ``n`` of all rows released on or
    before their date (rows with a missing value are never frontier).

    A model is frontier when fewer than ``n`` models released earlier or on the same day have a
    strictly larger value. Returns a boolean Series aligned with ``df``.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    keep = (df[value_col].notna() & df[date_col].notna()).to_numpy()
    rows = np.flatnonzero(keep)
    dates, values = df[date_col].iloc[rows].to_numpy(), df[value_col].iloc[rows].to_numpy(dtype=float)
    order = np.argsort(dates, kind="stable")
    frontier = np.zeros(len(df), dtype=bool)
    seen: list[float] = []  # sorted values of everything released so far
    start = 0
    while start < len(order):
        end = start
        while end < len(order) and dates[order[end]] == dates[order[start]]:
            end += 1
        day = order[start:end]
        for i in day:  # same-day releases count against each other
            insort(seen, values[i])
        for i in day:
            frontier[rows[i]] = len(seen) - bisect_right(seen, values[i]) < n
        start = end
    out = pd.Series(frontier, index=df.index)
    return out


def organizations_per_year(models: pd.DataFrame, groups: dict[str, str] | None = None) -> pd.DataFrame:
    """Distinct organizations (multi-organization rows split) among ``models`` per year;
    ``groups`` maps an organization to its group (e.g. DeepMind and Google Brain to Alphabet),
    so that units of one parent count once.

    Columns: year, models (count), organizations (distinct count), names ('; '-joined, sorted).
    """
    groups = groups or {}
    rows = []
    for year, grp in models.groupby("year", sort=True):
        orgs = sorted({groups.get(o, o) for lst in grp["organizations"] for o in lst})
        rows.append({"year": int(year), "models": int(len(grp)), "organizations": len(orgs), "names": "; ".join(orgs)})
    return pd.DataFrame(rows, columns=["year", "models", "organizations", "names"])


def sector_shares(models: pd.DataFrame, by: str = "year") -> pd.DataFrame:
    """Count and share of models by ``sector`` per ``by`` (long format: by, sector, models, share)."""
    counts = models.groupby([by, "sector"]).size().rename("models").reset_index()
    counts["share"] = counts["models"] / counts.groupby(by)["models"].transform("sum")
    return counts
