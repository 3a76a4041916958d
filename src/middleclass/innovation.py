"""Chapter 4 (innovation costs): who builds notable AI models, by organization tier.

A notable model with k organizations counts 1/k for each of them, so the weights of a year add
up to its number of models. Tiers come from the curated table ``data/curated/organizations.csv``
(valid for a range of years); organizations not in it fall back on Epoch's categorization.
Shares are fractions, HHI on a 0-1 scale, citations as counted by Epoch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import stats

from . import capital

#: tiers in display order; the last two are fall-backs for organizations not in the tier table
TIER_ORDER = ["giant", "mid", "small", "academic", "government_or_nonprofit", "unclassified industry", "unclassified"]
#: Epoch categorization -> tier, for organizations missing from the tier table
FALLBACK = {"Academia": "academic", "Government": "government_or_nonprofit",
            "Research collective": "government_or_nonprofit", "Industry": "unclassified industry"}


def tier_lookup(orgs: pd.DataFrame) -> dict[str, list[tuple[float, float, str, str]]]:
    """organization -> [(from_year, to_year, tier, group)], open ends as +-inf; group is the
    parent when given (e.g. Alphabet for DeepMind), else the organization."""
    out: dict[str, list] = {}
    for r in orgs.itertuples(index=False):
        lo = -math.inf if pd.isna(r.from_year) else float(r.from_year)
        hi = math.inf if pd.isna(r.to_year) else float(r.to_year)
        group = r.parent if isinstance(r.parent, str) and r.parent else r.organization
        out.setdefault(r.organization, []).append((lo, hi, r.tier, group))
    return out


def overlapping_periods(orgs: pd.DataFrame) -> list[str]:
    """Organizations whose year ranges in the tier table overlap (each year needs one tier)."""
    bad = []
    for org, periods in tier_lookup(orgs).items():
        periods = sorted(periods)
        if any(a[1] >= b[0] for a, b in zip(periods, periods[1:])):
            bad.append(org)
    return bad


def assign_tiers(model_orgs: pd.DataFrame, orgs: pd.DataFrame) -> pd.DataFrame:
    """Add tier, group (parent organization), tier_source ('table' or 'Epoch category') and
    weight (1/number of organizations of the model) to one-row-per-(model, organization) data."""
    lookup = tier_lookup(orgs)
    tiers, groups, source = [], [], []
    for org, cat, year in zip(model_orgs["organization"], model_orgs["category"], model_orgs["year"]):
        hit = next(((t, g) for lo, hi, t, g in lookup.get(org, []) if lo <= year <= hi), None)
        if hit:
            tiers.append(hit[0]); groups.append(hit[1]); source.append("table")
        else:
            tiers.append(FALLBACK.get(cat, "unclassified")); groups.append(org); source.append("Epoch category")
    out = model_orgs.assign(tier=tiers, group=groups, tier_source=source)
    out["weight"] = 1.0 / out.groupby("model")["organization"].transform("size")
    return out


def tier_shares(mo: pd.DataFrame) -> pd.DataFrame:
    """Per year and tier: models (weighted count) and share of the year's models.
    Columns: year, tier, models, share, year_models."""
    g = mo.groupby(["year", "tier"])["weight"].sum().rename("models").reset_index()
    g["year_models"] = g.groupby("year")["models"].transform("sum")
    g["share"] = g["models"] / g["year_models"]
    g["tier"] = pd.Categorical(g["tier"], TIER_ORDER, ordered=True)
    return g.sort_values(["year", "tier"]).reset_index(drop=True)


@dataclass(frozen=True)
class ShareTrend:
    """Binomial GLM (logit) of being in a tier on the year, weights 1/k, HC1 errors."""

    odds_ratio: float  # factor per year on the odds
    or_ci: tuple[float, float]
    pp_per_year: float  # average marginal effect, share points per year (0.01 = 1 point)
    pp_ci: tuple[float, float]
    p_value: float
    n_rows: int  # (model, organization) rows
    n_models: float  # weighted models
    confidence: float


def share_trend(mo: pd.DataFrame, tier: str, confidence: float = 0.9) -> ShareTrend:
    """Trend of the share of models from ``tier``: logit P(tier) = a + b (year - mean year).

    The marginal effect is b times the mean of p(1 - p) over the rows (weighted); its interval
    scales b's interval the same way (p held at the fitted values).
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    y = (mo["tier"] == tier).astype(float).to_numpy()
    if y.sum() == 0 or y.sum() == len(y):
        raise ValueError(f"tier '{tier}' is {'absent' if y.sum() == 0 else 'everything'}; no trend to fit")
    x = mo["year"].to_numpy(dtype=float)
    w = mo["weight"].to_numpy(dtype=float)
    X = sm.add_constant(x - x.mean())
    res = sm.GLM(y, X, family=sm.families.Binomial(), var_weights=w).fit(cov_type="HC1")
    b, se = float(res.params[1]), float(res.bse[1])
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    p = res.predict(X)
    scale = float(np.average(p * (1 - p), weights=w))
    return ShareTrend(
        odds_ratio=math.exp(b), or_ci=(math.exp(b - z * se), math.exp(b + z * se)),
        pp_per_year=b * scale, pp_ci=((b - z * se) * scale, (b + z * se) * scale),
        p_value=float(res.pvalues[1]), n_rows=len(y), n_models=float(w.sum()), confidence=confidence,
    )


def hhi_top(weights: pd.Series, top: int = 5) -> tuple[float, float]:
    """HHI (0-1, :func:`capital.hhi`) and the top-``top`` share of weights by group."""
    w = weights[weights > 0].sort_values(ascending=False)
    if w.empty:
        return float("nan"), float("nan")
    return capital.hhi(w), float(w.head(top).sum() / w.sum())


def _hhi_top_rows(w: np.ndarray, top: int) -> tuple[np.ndarray, np.ndarray]:
    """HHI and top-``top`` share of each row of a (resamples x groups) weight matrix."""
    shares = w / w.sum(axis=1, keepdims=True)
    return (shares ** 2).sum(axis=1), -np.sort(-shares, axis=1)[:, :top].sum(axis=1)


def concentration(mo: pd.DataFrame, by: str = "group", top: int = 5, n_boot: int = 1000, seed: int = 0,
                  confidence: float = 0.9) -> pd.DataFrame:
    """Per year: models, distinct organizations (``by``), HHI and top-``top`` share of model
    production, with percentile bootstrap intervals (whole models resampled within the year;
    ``n_boot=0`` skips them, leaving the intervals missing).

    Columns: year, models, orgs, hhi, hhi_low, hhi_high, top_share, top_low, top_high.
    """
    rng = np.random.default_rng(seed)
    qs = [(1 - confidence) / 2, (1 + confidence) / 2]
    rows = []
    for year, grp in mo.groupby("year"):
        weights = grp.groupby(by)["weight"].sum()
        h, t = hhi_top(weights, top)
        row = {"year": int(year), "models": float(weights.sum()), "orgs": int((weights > 0).sum()), "hhi": h,
               "hhi_low": np.nan, "hhi_high": np.nan, "top_share": t, "top_low": np.nan, "top_high": np.nan}
        if n_boot:
            m_codes, models = pd.factorize(grp["model"])
            g_codes, groups = pd.factorize(grp[by])
            per_model = np.zeros((len(models), len(groups)))  # each model's weight in each group
            np.add.at(per_model, (m_codes, g_codes), grp["weight"].to_numpy())
            draws = rng.integers(0, len(models), size=(n_boot, len(models)))
            counts = np.zeros((n_boot, len(models)))
            np.add.at(counts, (np.repeat(np.arange(n_boot), len(models)), draws.ravel()), 1)
            hs, ts = _hhi_top_rows(counts @ per_model, top)
            row.update(zip(["hhi_low", "hhi_high"], np.quantile(hs, qs)))
            row.update(zip(["top_low", "top_high"], np.quantile(ts, qs)))
        rows.append(row)
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class CitationRatio:
    """Negative binomial (NB2) regression of citations on tier and publication-year effects,
    errors clustered by model; ratio = expected citations of ``tier`` over ``reference``."""

    ratio: float
    ci: tuple[float, float]
    p_value: float
    n_rows: int
    n_models: int
    alpha: float  # NB2 dispersion
    confidence: float


def citation_ratio(mo: pd.DataFrame, tier: str = "mid", reference: str = "giant",
                   confidence: float = 0.9) -> CitationRatio:
    """Citations per model of ``tier`` relative to ``reference`` at equal publication year."""
    d = mo[mo["citations"].notna() & mo["tier"].isin(TIER_ORDER[:5])].copy()
    if (d["tier"] == tier).sum() < 3 or (d["tier"] == reference).sum() < 3:
        raise ValueError(f"need at least 3 cited models in each of '{tier}' and '{reference}'")
    d["citations"] = d["citations"].round().astype(int)
    present = [t for t in TIER_ORDER[:5] if t != reference and (d["tier"] == t).any()]
    d["tier"] = pd.Categorical(d["tier"], [reference] + present)
    d["model_id"] = pd.factorize(d["model"])[0]
    model = smf.negativebinomial("citations ~ C(tier) + C(year)", data=d)
    res = model.fit(disp=0, maxiter=200, cov_type="cluster", cov_kwds={"groups": d["model_id"].to_numpy()})
    name = f"C(tier)[T.{tier}]"
    b, se = float(res.params[name]), float(res.bse[name])
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    return CitationRatio(ratio=math.exp(b), ci=(math.exp(b - z * se), math.exp(b + z * se)),
                         p_value=float(res.pvalues[name]), n_rows=len(d), n_models=int(d["model"].nunique()),
                         alpha=float(res.params["alpha"]), confidence=confidence)


def notability_by_tier(mo: pd.DataFrame, criteria=("SOTA improvement", "Highly cited")) -> pd.DataFrame:
    """Per tier: models (weighted) and the weighted share whose notability includes each
    criterion. Columns: tier, models, then one share column per criterion."""
    d = mo.copy()
    out = d.groupby("tier", observed=True)["weight"].sum().rename("models").to_frame()
    for c in criteria:
        hit = d["notability"].fillna("").str.contains(c, regex=False)
        out[c] = (d["weight"] * hit).groupby(d["tier"], observed=True).sum() / out["models"]
    out = out.reset_index()
    out["tier"] = pd.Categorical(out["tier"], TIER_ORDER, ordered=True)
    return out.sort_values("tier").reset_index(drop=True)


def current_tier_table(orgs: pd.DataFrame) -> pd.DataFrame:
    """Sensitivity variant of the tier table: each organization's latest tier applied to every
    year (e.g. OpenAI and Anthropic counted as giants from their first model)."""
    latest = orgs.assign(_end=orgs["to_year"].fillna(math.inf)).sort_values(["organization", "_end"])
    latest = latest.groupby("organization", sort=False).tail(1).drop(columns="_end")
    return latest.assign(from_year=np.nan, to_year=np.nan).reset_index(drop=True)


def unclassified_as_mid_table(orgs: pd.DataFrame, mo: pd.DataFrame) -> pd.DataFrame:
    """Sensitivity variant: every organization that fell back on *unclassified industry* in
    ``mo`` (tiers assigned) is added to the tier table as mid-tier (an upper bound)."""
    extra = mo.loc[mo["tier"] == "unclassified industry", "organization"].drop_duplicates()
    added = pd.DataFrame({"organization": extra, "parent": np.nan, "tier": "mid", "from_year": np.nan,
                          "to_year": np.nan, "basis": "sensitivity: unclassified industry counted as mid",
                          "basis_year": np.nan, "source_url": np.nan})
    return pd.concat([orgs, added], ignore_index=True)


def absorptions(outcomes: pd.DataFrame, orgs: pd.DataFrame, window_months: int = 12) -> dict:
    """Acquisitions and licensing deals in the outcomes table: how many, how many by giants (a
    counterparty named as a giant organization or a giant's parent in the tier table), and the
    most by giants within any ``window_months`` ending on a deal."""
    giants = orgs[orgs["tier"] == "giant"]
    names = set(giants["organization"]) | set(giants["parent"].dropna())
    deals = outcomes[outcomes["outcome"].isin(["acquisition", "licensing_deal"])]
    by_giant = deals.loc[deals["counterparty"].isin(names), "date"]
    most = max((int(((by_giant > d - pd.DateOffset(months=window_months)) & (by_giant <= d)).sum()) for d in by_giant),
               default=0)
    return {"deals": len(deals), "by_giants": len(by_giant), "by_giants_max_window": most}
