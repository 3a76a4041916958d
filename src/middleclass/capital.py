"""Chapter 3 (capital concentration): totals, investment per newly funded company, the top-k
companies' share of AI private investment, concentration within deal samples, and mid-size
rounds. Amounts in USD (AI Index totals in constant 2021 USD, rounds nominal), shares as
fractions, HHI on a 0-1 scale.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def world_series(frame: pd.DataFrame, value: str, entity: str = "World") -> pd.Series:
    """One entity's yearly values, indexed by year."""
    s = frame[frame["entity"] == entity].set_index("year")[value].sort_index()
    return s.astype(float)


def top_k_share(mega: pd.DataFrame, world_total: pd.Series, k: int) -> pd.DataFrame:
    """Per year: the k companies with the most disclosed $1B+ round money, their sum, and that
    sum as a share of the year's total AI private investment.

    Only rounds in the curated table count, so the share is a *lower bound* on the top-k share
    (smaller rounds of the same companies and undisclosed rounds are missing). Columns: year,
    companies (names, '; '), top_k_usd, total_usd, share.
    """
    rows = []
    for year, grp in mega.groupby("year"):
        if year not in world_total.index:
            continue
        by_company = grp.groupby("company")["amount_usd"].sum().sort_values(ascending=False, kind="mergesort")
        top = by_company.head(k)
        rows.append({"year": int(year), "companies": "; ".join(top.index), "top_k_usd": float(top.sum()),
                     "total_usd": float(world_total[year]), "share": float(top.sum() / world_total[year])})
    return pd.DataFrame(rows, columns=["year", "companies", "top_k_usd", "total_usd", "share"])


def hhi(amounts) -> float:
    """Herfindahl-Hirschman index of company shares (0-1; 1 = one company has everything)."""
    a = np.asarray(amounts, dtype=float)
    a = a[np.isfinite(a) & (a > 0)]
    if a.size == 0:
        return float("nan")
    s = a / a.sum()
    return float((s ** 2).sum())


def gini(amounts) -> float:
    """Gini coefficient of amounts (0 = equal, close to 1 = one takes all)."""
    a = np.sort(np.asarray(amounts, dtype=float))
    a = a[np.isfinite(a) & (a >= 0)]
    n = a.size
    if n == 0 or a.sum() == 0:
        return float("nan")
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * a).sum()) / (n * a.sum()) - (n + 1) / n)


def concentration_by_year(deals: pd.DataFrame) -> pd.DataFrame:
    """Per sample and year, among AI rounds with a disclosed amount: rounds, companies, HHI and
    Gini of money by company, and the largest company's share."""
    d = deals[deals["is_ai"] & deals["amount_usd"].notna()]
    rows = []
    for (sample, year), grp in d.groupby(["sample", "year"]):
        by_company = grp.groupby("company")["amount_usd"].sum()
        rows.append({"sample": sample, "year": int(year), "rounds": len(grp), "companies": len(by_company),
                     "total_usd": float(by_company.sum()), "hhi": hhi(by_company), "gini": gini(by_company),
                     "top_company_share": float(by_company.max() / by_company.sum())})
    return pd.DataFrame(rows)


def band_by_year(deals: pd.DataFrame, low_usd: float, high_usd: float) -> pd.DataFrame:
    """Per sample and year, among AI rounds with a disclosed amount: all rounds, rounds with
    low_usd <= amount < high_usd, and their share."""
    d = deals[deals["is_ai"] & deals["amount_usd"].notna()]
    in_band = d["amount_usd"].ge(low_usd) & d["amount_usd"].lt(high_usd)
    g = d.assign(in_band=in_band).groupby(["sample", "year"])["in_band"].agg(rounds="size", band_rounds="sum").reset_index()
    g["band_share"] = g["band_rounds"] / g["rounds"]
    return g


#: AI Index size bands that make up "mid-scale" rounds ($50M-$500M) and the $500M+ rounds
MID_SCALE_BANDS = ("50m_100m", "100m_500m")


def size_band_table(bands: pd.DataFrame) -> pd.DataFrame:
    """The AI Index counts of private investment events by size band as one row per year.

    Columns: year, one column per band present (events), and, where the year has the full
    breakdown, ``disclosed`` (total minus undisclosed), ``mid_scale`` ($50M-$500M events),
    ``mid_scale_share`` (of disclosed events) and ``500m_plus`` (derived when not given).
    """
    wide = bands.pivot_table(index="year", columns="band", values="events", aggfunc="sum").sort_index()
    wide.columns.name = None
    if {"total", "undisclosed"} <= set(wide.columns):
        wide["disclosed"] = wide["total"] - wide["undisclosed"]
    if set(MID_SCALE_BANDS) <= set(wide.columns):
        wide["mid_scale"] = wide[list(MID_SCALE_BANDS)].sum(axis=1, min_count=len(MID_SCALE_BANDS))
        if "disclosed" in wide:
            wide["mid_scale_share"] = wide["mid_scale"] / wide["disclosed"]
    if {"over_1b", "500m_1b"} <= set(wide.columns):
        derived = wide["over_1b"] + wide["500m_1b"]
        wide["500m_plus"] = wide["500m_plus"].fillna(derived) if "500m_plus" in wide else derived
    return wide.reset_index()


def mega_round_coverage(mega: pd.DataFrame, bands: pd.DataFrame) -> pd.DataFrame:
    """Per year with an AI Index count of $1B+ events: that count, the rounds of $1B+ in the
    curated table, and their ratio (how much of the census the curated table holds; can exceed
    1 where the table counts rounds the AI Index does not, e.g. big-tech subsidiaries)."""
    counts = bands[bands["band"] == "over_1b"].set_index("year")["events"]
    listed = mega.groupby("year").size()
    out = pd.DataFrame({"ai_index_events": counts, "curated_rounds": listed.reindex(counts.index).fillna(0).astype(int)})
    out["coverage"] = out["curated_rounds"] / out["ai_index_events"]
    return out.reset_index()
