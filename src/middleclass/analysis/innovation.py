"""Chapter 4 (innovation costs): who builds notable AI models, by organization tier.

A notable model with k organizations counts 1/k for each of them, so the weights of a year add
up to its number of models. Tiers come from the curated table ``data/curated/organizations.csv``
(valid for a range of years); organizations not in it fall back on Epoch's categorization.
Shares are fractions, HHI on a 0-1 scale, citations as counted by Epoch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats

from . import negbin, trends
from .trends import sm
from .concentration import bootstrap_estimate, hhi_top
from .measures import Estimate, NotEnoughData, estimate, not_enough, wald

#: tiers in display order; the last two are fall-backs for organizations not in the tier table
TIER_ORDER = ["giant", "mid", "small", "academic", "government_or_nonprofit", "unclassified industry", "unclassified",
              "mid (set aside)"]
#: the tier given, in a sensitivity variant, to mid-tier organizations set aside (e.g. over $1B raised)
SET_ASIDE = "mid (set aside)"
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
class TierShareTrend:
    """Binomial GLM (logit) of being in a tier on the year, weights 1/k, HC1 errors."""

    odds_ratio: float  # factor per year on the odds
    or_ci: tuple[float, float]
    pp_per_year: float  # average marginal effect, share points per year (0.01 = 1 point)
    pp_ci: tuple[float, float]
    p_value: float
    n_rows: int  # (model, organization) rows
    n_models: float  # weighted models
    confidence: float
    b: float = math.nan  # logit slope per year
    se: float = math.nan  # its robust standard error
    scale: float = math.nan  # mean of p(1 - p): marginal effect = b * scale

    def points(self, **kw) -> Estimate:
        """The average marginal effect in percentage points per year."""
        return wald(self.b, self.se, self.confidence, lambda v: 100 * v * self.scale, n=self.n_rows,
                    unit="percentage points per year", **kw)

    def odds(self, **kw) -> Estimate:
        return wald(self.b, self.se, self.confidence, math.exp, n=self.n_rows, unit="odds ratio per year", **kw)


#: a share trend estimates its own year-level overdispersion with at least this many years
DISPERSION_MIN_YEARS = 5


def year_dispersion(mo: pd.DataFrame, tier: str) -> float:
    """Overdispersion of a tier's yearly share around its logistic trend: the Pearson chi-square
    of the yearly counts (weighted models in the tier against the year's models) over its degrees
    of freedom, at least 1. Years share shocks (a lab's big year), so the rows of a year are not
    independent draws; with fewer than :data:`DISPERSION_MIN_YEARS` years it cannot be estimated
    (returns nan)."""
    years = mo.groupby("year").apply(lambda d: pd.Series({"k": d.loc[d["tier"] == tier, "weight"].sum(),
                                                          "n": d["weight"].sum()}), include_groups=False)
    if len(years) < DISPERSION_MIN_YEARS or years["k"].sum() == 0 or (years["k"] == years["n"]).all():
        return math.nan
    X = sm.add_constant(years.index.to_numpy(dtype=float) - years.index.to_numpy(dtype=float).mean())
    res = sm.GLM(np.column_stack([years["k"], years["n"] - years["k"]]), X, family=sm.families.Binomial()).fit()
    return max(1.0, float(res.pearson_chi2 / res.df_resid))


def share_trend(mo: pd.DataFrame, tier: str, confidence: float = 0.9, dispersion: float | None = None) -> TierShareTrend:
    """Trend of the share of models from ``tier``: logit P(tier) = a + b (year - mean year).

    One row per (model, organization), weights 1/k, robust (HC1) errors, widened by the
    year-level overdispersion (quasi-binomial: the standard error times its square root): the
    window's own (:func:`year_dispersion`) when it has enough years, else ``dispersion`` (the
    longer sample's, passed by the caller), else none. The marginal effect is b times the mean of
    p(1 - p) over the rows (weighted); its interval scales b's interval the same way (p held at
    the fitted values).
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    y = (mo["tier"] == tier).astype(float).to_numpy()
    if y.sum() == 0 or y.sum() == len(y):
        raise NotEnoughData(0, 1, f"a trend of the '{tier}' share (the tier is {'absent' if y.sum() == 0 else 'everything'})")
    x = mo["year"].to_numpy(dtype=float)
    if len(np.unique(x)) < 3:
        raise NotEnoughData(len(np.unique(x)), 3, f"a trend of the '{tier}' share (years)")
    w = mo["weight"].to_numpy(dtype=float)
    X = sm.add_constant(x - x.mean())
    res = sm.GLM(y, X, family=sm.families.Binomial(), var_weights=w).fit(cov_type="HC1")
    own = year_dispersion(mo, tier)
    phi = own if own == own else (dispersion if dispersion and dispersion == dispersion else 1.0)
    b, se = float(res.params[1]), float(res.bse[1]) * math.sqrt(max(phi, 1.0))
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    p = res.predict(X)
    scale = float(np.average(p * (1 - p), weights=w))
    return TierShareTrend(
        odds_ratio=math.exp(b), or_ci=(math.exp(b - z * se), math.exp(b + z * se)),
        pp_per_year=b * scale, pp_ci=((b - z * se) * scale, (b + z * se) * scale),
        p_value=float(2 * stats.norm.sf(abs(b) / se)), n_rows=len(y), n_models=float(w.sum()), confidence=confidence,
        b=b, se=se, scale=scale,
    )


def corrected_hhi(hhi, n):
    """The HHI corrected for the number of models ``n`` behind the shares, (n*H - 1)/(n - 1):
    with n models drawn from groups with true shares s, E[H] = sum(s^2) + (1 - sum(s^2))/n, so
    a year with fewer models looks more concentrated; the correction removes that."""
    n = np.asarray(n, dtype=float)
    return np.where(n > 1, (n * np.asarray(hhi, dtype=float) - 1) / np.where(n > 1, n - 1, 1), np.nan)


def _hhi_top_rows(w: np.ndarray, top: int) -> tuple[np.ndarray, np.ndarray]:
    """Corrected HHI (:func:`corrected_hhi`) and top-``top`` share of each row of a
    (resamples x groups) weight matrix."""
    n = w.sum(axis=1, keepdims=True)
    shares = w / n
    return corrected_hhi((shares ** 2).sum(axis=1), n[:, 0]), -np.sort(-shares, axis=1)[:, :top].sum(axis=1)


def concentration(mo: pd.DataFrame, by: str = "group", top: int = 5, n_boot: int = 1000, seed: int = 0,
                  confidence: float = 0.9, draws: dict | None = None) -> pd.DataFrame:
    """Per year: models, distinct organizations (``by``), HHI (corrected for the year's number
    of models, :func:`corrected_hhi`; the uncorrected value in ``hhi_raw``) and top-``top``
    share of model production, with bootstrap intervals (whole models resampled within the year;
    basic intervals for the HHI, percentile for the share; ``n_boot=0`` skips them).

    Columns: year, models, orgs, hhi, hhi_raw, hhi_low, hhi_high, top_share, top_low, top_high. When a
    ``draws`` dict is given, the bootstrap draws are stored in it (year -> {"hhi", "top"} arrays).
    """
    rng = np.random.default_rng(seed)
    qs = [(1 - confidence) / 2, (1 + confidence) / 2]
    rows, kept = [], ({} if draws is None else draws)
    for year, grp in mo.groupby("year"):
        weights = grp.groupby(by)["weight"].sum()
        raw, t = hhi_top(weights, top)
        h = float(corrected_hhi(raw, weights.sum()))
        row = {"year": int(year), "models": float(weights.sum()), "orgs": int((weights > 0).sum()), "hhi": h,
               "hhi_raw": raw, "hhi_low": np.nan, "hhi_high": np.nan, "top_share": t, "top_low": np.nan, "top_high": np.nan}
        if n_boot:
            m_codes, models = pd.factorize(grp["model"])
            g_codes, groups = pd.factorize(grp[by])
            per_model = np.zeros((len(models), len(groups)))  # each model's weight in each group
            np.add.at(per_model, (m_codes, g_codes), grp["weight"].to_numpy())
            draws = rng.integers(0, len(models), size=(n_boot, len(models)))
            counts = np.zeros((n_boot, len(models)))
            np.add.at(counts, (np.repeat(np.arange(n_boot), len(models)), draws.ravel()), 1)
            hs, ts = _hhi_top_rows(counts @ per_model, top)
            lo, hi = np.quantile(hs, qs)
            row.update(hhi_low=2 * h - hi, hhi_high=2 * h - lo)  # basic interval
            row.update(zip(["top_low", "top_high"], np.quantile(ts, qs)))
            kept[int(year)] = {"hhi": hs, "top": ts}
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
    b: float = math.nan  # log ratio
    se: float = math.nan

    def estimate(self, **kw) -> Estimate:
        return wald(self.b, self.se, self.confidence, math.exp, n=self.n_models, unit="citation ratio", **kw)


def citation_ratio(mo: pd.DataFrame, tier: str = "mid", reference: str = "giant",
                   confidence: float = 0.9) -> CitationRatio:
    """Citations per model of ``tier`` relative to ``reference`` at equal publication year."""
    d = mo[mo["citations"].notna() & mo["tier"].isin(TIER_ORDER[:5])].copy()
    if (d["tier"] == tier).sum() < 3 or (d["tier"] == reference).sum() < 3:
        raise NotEnoughData(int(min((d["tier"] == tier).sum(), (d["tier"] == reference).sum())), 3,
                            f"a citation ratio (cited models in '{tier}' and '{reference}')")
    d["citations"] = d["citations"].round().astype(int)
    present = [t for t in TIER_ORDER[:5] if t != reference and (d["tier"] == t).any()]
    d["tier"] = pd.Categorical(d["tier"], [reference] + present)
    d["model_id"] = pd.factorize(d["model"])[0]
    b, se, alpha = _nb2_tier_effect(d, tier)
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    return CitationRatio(ratio=math.exp(b), ci=(math.exp(b - z * se), math.exp(b + z * se)),
                         p_value=float(2 * stats.norm.sf(abs(b / se))), n_rows=len(d),
                         n_models=int(d["model"].nunique()), alpha=alpha, confidence=confidence, b=b, se=se)


def _nb2_tier_effect(d: pd.DataFrame, tier: str) -> tuple[float, float, float]:
    """(coefficient, clustered standard error) of ``tier`` and the NB2 dispersion in
    citations ~ tier + year effects (first category of ``d["tier"]`` and first year as the
    reference): :func:`negbin.fit`, or statsmodels' formula model if that does not converge."""
    years = np.sort(d["year"].unique())
    tiers = d["tier"].cat.categories
    X = np.column_stack([np.ones(len(d))] + [(d["tier"] == t).to_numpy(float) for t in tiers[1:]]
                        + [(d["year"] == y).to_numpy(float) for y in years[1:]])
    res = negbin.fit(d["citations"].to_numpy(float), X, d["model_id"].to_numpy())
    if res is not None:
        j = 1 + list(tiers[1:]).index(tier)
        return float(res.params[j]), float(res.bse[j]), res.alpha
    import statsmodels.formula.api as smf

    model = smf.negativebinomial("citations ~ C(tier) + C(year)", data=d)
    res = model.fit(disp=0, maxiter=200, cov_type="cluster", cov_kwds={"groups": d["model_id"].to_numpy()})
    name = f"C(tier)[T.{tier}]"
    return float(res.params[name]), float(res.bse[name]), float(res.params["alpha"])


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
    by_giant = deals[deals["counterparty"].isin(names)]

    def most(dates):
        return max((int(((dates > d - pd.DateOffset(months=window_months)) & (dates <= d)).sum()) for d in dates), default=0)

    bought = by_giant[by_giant["outcome"] == "acquisition"]
    return {"deals": len(deals), "by_giants": len(by_giant), "by_giants_max_window": most(by_giant["date"]),
            "acquisitions_by_giants": len(bought), "acquisitions_by_giants_max_window": most(bought["date"]),
            "acquired_by_giants": "; ".join(f"{r.company} ({r.counterparty}, {r.date:%Y})" for r in bought.itertuples())}


# ----------------------------------------------------------------- chapter sections

def _share_trend_or_none(mo: pd.DataFrame, tier: str, confidence: float,
                         dispersion: float | None = None) -> TierShareTrend | None:
    try:
        return share_trend(mo, tier, confidence, dispersion)
    except NotEnoughData:
        return None


def _points(fit: TierShareTrend | None, n_rows: int, **kw) -> Estimate:
    if fit is None:
        return not_enough(0, 1, "a share trend (models in the tier)", unit="percentage points per year", **kw)
    return fit.points(**kw)


@dataclass(frozen=True)
class Tiers:
    """Tier shares of notable models by year and logistic trends of the mid and giant shares,
    over the whole sample and over the recent window from ``recent_from`` (the article's "now")."""

    pairs: pd.DataFrame  # one row per (model, organization) with tier, group, weight
    shares: pd.DataFrame  # year, tier, models, share, year_models
    wide: pd.DataFrame  # year x tier shares
    mid: TierShareTrend | None
    giant: TierShareTrend | None
    coverage: float  # share of weight whose tier comes from the table
    recent_from: int | None = None
    mid_recent: TierShareTrend | None = None
    giant_recent: TierShareTrend | None = None

    def share(self, tier: str, year: int | None = None) -> float:
        if tier not in self.wide:
            return 0.0
        return float(self.wide[tier].loc[year if year is not None else self.wide.index.max()])

    def measures(self) -> dict:
        w, last = self.wide, int(self.wide.index.max())
        mid_pts = _points(self.mid, len(self.pairs), label="trend of the mid tier's share of notable models")
        giant_pts = _points(self.giant, len(self.pairs), label="trend of the giants' share of notable models")
        share = lambda tier, year=None, **kw: estimate(self.share(tier, year), unit="share", **kw)  # noqa: E731
        return {
            "model_org_rows": estimate(len(self.pairs), unit="organization-model pairs"),
            "first_year": estimate(int(w.index.min()), unit="year"), "latest_year": estimate(last, unit="year"),
            "latest_year_prev": estimate(last - 1, unit="year"),
            "tier_coverage": estimate(self.coverage, unit="share of weight"),
            "mid_tier_share_latest": share("mid", window=str(last), label="mid tier's share of notable models"),
            "mid_tier_share_peak": estimate(w["mid"].max() if "mid" in w else 0.0, unit="share"),
            "mid_tier_share_peak_year": estimate(int(w["mid"].idxmax()) if "mid" in w else last, unit="year"),
            "giant_share_latest": share("giant", window=str(last)),
            "academic_share_latest": share("academic", window=str(last)),
            "academic_share_first": share("academic", int(w.index.min())),
            "small_share_latest": share("small", window=str(last)),
            "mid_tier_share_trend": mid_pts.scaled(0.01, "share per year"),
            "mid_tier_odds_ratio": self.mid.odds() if self.mid else not_enough(0, 1, "a share trend"),
            "giant_share_trend": giant_pts.scaled(0.01, "share per year"),
            "mid_trend_pts": mid_pts, "giant_trend_pts": giant_pts,
            **self._recent_measures(),
        }

    def _recent_measures(self) -> dict:
        if self.recent_from is None:
            return {}
        last = int(self.wide.index.max())
        n = int((self.pairs["year"] >= self.recent_from).sum())
        window = f"{self.recent_from}–{last}"
        return {
            "recent_start_year": estimate(self.recent_from, unit="year"),
            "mid_trend_pts_recent": _points(self.mid_recent, n, window=window,
                                            label=f"trend of the mid tier's share of notable models since {self.recent_from}"),
            "giant_trend_pts_recent": _points(self.giant_recent, n, window=window,
                                              label=f"trend of the giants' share of notable models since {self.recent_from}"),
        }


def tier_measures(tiers_: "Tiers", models_n: int, confidence: float = 0.9) -> dict:
    """The chapter's tier measures: the number of notable models (``models_n``), the tier
    shares and trends (:meth:`Tiers.measures`) and the mid tier's change over the latest year
    (:func:`latest_change`)."""
    return {"models_n": estimate(models_n, unit="models"), **tiers_.measures(),
            "mid_share_change_latest": latest_change(tiers_, "mid", confidence)}


def tiers(model_orgs: pd.DataFrame, orgs: pd.DataFrame, confidence: float, recent_from: int | None = None) -> Tiers:
    """Assign tiers (:func:`assign_tiers`), tabulate shares and fit the mid and giant trends
    (also from ``recent_from`` when given); a tier absent from the data has share 0 and no trend."""
    if model_orgs.empty:
        raise NotEnoughData(0, 1, "the tier shares (notable models in the window)")
    mo = assign_tiers(model_orgs, orgs)
    shares = tier_shares(mo)
    wide = shares.pivot(index="year", columns="tier", values="share").fillna(0.0)
    wide.columns = [str(c) for c in wide.columns]
    coverage = float(mo.loc[mo["tier_source"] == "table", "weight"].sum() / mo["weight"].sum())
    recent = mo[mo["year"] >= recent_from] if recent_from is not None else mo.iloc[0:0]
    disp = {t: year_dispersion(mo, t) for t in ("mid", "giant")}  # for recent windows too short to estimate it
    return Tiers(mo, shares, wide, _share_trend_or_none(mo, "mid", confidence),
                 _share_trend_or_none(mo, "giant", confidence), coverage, recent_from,
                 _share_trend_or_none(recent, "mid", confidence, disp["mid"]) if recent_from is not None else None,
                 _share_trend_or_none(recent, "giant", confidence, disp["giant"]) if recent_from is not None else None)


@dataclass(frozen=True)
class Concentration:
    """HHI (corrected for the number of models) and top-n share of notable-model production by
    year, with linear trends (HAC), a Poisson trend of the number of distinct groups, and the
    latest year against the mean of the ``recent`` years before it (bootstrap intervals), so
    that no single low year sets the baseline."""

    by_year: pd.DataFrame
    top_n: int
    hhi_fit: trends.GrowthFit
    top_fit: trends.GrowthFit
    groups_trend: trends.CountTrend
    confidence: float
    draws: dict  # year -> {"hhi": array, "top": array} of bootstrap resamples
    recent: int = 3  # the latest year against the mean of the 3 years before it (2022-2024 with data to 2025)
    widest: tuple = ("", 0, 0)  # the model with the most groups: (model, groups, year)

    def measures(self) -> dict:
        c, last = self.by_year, self.by_year.iloc[-1]
        conf, draws = self.confidence, self.draws
        window = f"{int(c['year'].min())}–{int(c['year'].max())}"
        y1 = int(c["year"].max())
        before = [y for y in range(y1 - self.recent, y1) if y in set(c["year"].astype(int))]
        y0 = before[0] if before else y1 - self.recent
        row = c.set_index("year")

        def latest(col, draw, **kw):
            if y1 in draws:
                return bootstrap_estimate(last[col], draws[y1][draw], conf, basic=col == "hhi", n=last["models"],
                                          window=str(y1), **kw)
            low, high = ("hhi_low", "hhi_high") if col == "hhi" else ("top_low", "top_high")
            return estimate(last[col], (last[low], last[high]), n=last["models"], confidence=conf, window=str(y1), **kw)

        out = {
            "hhi_latest": latest("hhi", "hhi", unit="HHI (0-1)", label="HHI of notable-model production (corrected)"),
            "hhi_latest_raw": estimate(float(last["hhi_raw"]), unit="HHI (0-1)", window=str(y1)),
            "top5_share_latest": latest("top_share", "top", unit="share"),
            "top5_share_first": estimate(c["top_share"].iloc[0], unit="share", window=str(int(c["year"].iloc[0]))),
            "hhi_trend": self.hhi_fit.slope_estimate("HHI per year", window=window, label="trend of the HHI (HAC)"),
            "top5_trend": self.top_fit.slope_estimate("share per year", window=window),
            "distinct_orgs_latest": estimate(int(last["orgs"]), unit="groups", window=str(int(last["year"]))),
            "distinct_orgs_max": estimate(int(c["orgs"].max()), unit="groups"),
            "distinct_orgs_max_year": estimate(int(c.loc[c["orgs"].idxmax(), "year"]), unit="year"),
            "distinct_orgs_trend": self.groups_trend.estimate(window=window, label="trend of distinct groups"),
            "concentration_years": estimate(len(c), unit="years"),
            "recent_from_year": estimate(y0, unit="year"),
            "recent_to_year": estimate(before[-1] if before else y0, unit="year"),
            "widest_model": self.widest[0],
            "widest_model_groups": estimate(int(self.widest[1]), unit="groups", window=str(self.widest[2])),
            "widest_model_year": estimate(int(self.widest[2]), unit="year"),
        }
        if len(before) < self.recent:
            return out
        span = f"{y1} against {before[0]}–{before[-1]}"
        out["hhi_recent_from"] = estimate(float(row.loc[before, "hhi"].mean()), unit="HHI (0-1)",
                                          window=f"{before[0]}–{before[-1]}", label="mean HHI of the years before")
        out["top5_recent_from"] = estimate(float(row.loc[before, "top_share"].mean()), unit="share",
                                           window=f"{before[0]}–{before[-1]}")
        out["distinct_orgs_recent_from"] = estimate(float(row.loc[before, "orgs"].mean()), unit="groups (mean)",
                                                    window=f"{before[0]}–{before[-1]}")
        n = int(row.loc[before + [y1], "models"].sum())
        for key, col, draw, unit in (("hhi_change_recent", "hhi", "hhi", "HHI"),
                                     ("top5_change_recent", "top_share", "top", "share")):
            value = float(row.loc[y1, col] - row.loc[before, col].mean())
            if all(y in draws for y in before + [y1]):
                diff = draws[y1][draw] - np.mean([draws[y][draw] for y in before], axis=0)
                out[key] = bootstrap_estimate(value, diff, conf, basic=col == "hhi", unit=unit, n=n, window=span,
                                              label=f"{unit} of {y1} minus the mean of {before[0]}–{before[-1]}")
            else:
                out[key] = estimate(value, unit=unit, n=n, window=span)
        # sensitivity: the latest year against the single year `recent` years back
        if y0 in draws and y1 in draws:
            out["hhi_change_one_year"] = bootstrap_estimate(
                float(row.loc[y1, "hhi"] - row.loc[y0, "hhi"]), draws[y1]["hhi"] - draws[y0]["hhi"], conf, basic=True,
                unit="HHI", n=int(row.loc[[y0, y1], "models"].sum()), window=f"{y0} to {y1}")
        out["distinct_orgs_change_recent"] = trends.poisson_rate_ratio(
            float(row.loc[before, "orgs"].sum()), float(row.loc[y1, "orgs"]), conf, periods_before=len(before)
        ).estimate(unit="rate ratio", window=span)
        return out

    def sensitivity(self, skip_year: int = 2020) -> pd.DataFrame:
        """The HHI trend with HAC and HC1 errors, and without ``skip_year`` (an outlier year)."""
        c = self.by_year
        rows = []
        for label, frame, cov in (("all years, HAC (main)", c, "HAC"), ("all years, HC1", c, "HC1"),
                                  (f"without {skip_year}, HAC", c[c["year"] != skip_year], "HAC")):
            f = trends.fit_linear(frame["year"].astype(float), frame["hhi"], self.confidence, cov_type=cov)
            rows.append({"HHI trend": label, "years": f.n, "per year": f.slope, "CI low": f.slope_ci[0],
                         "CI high": f.slope_ci[1]})
        return pd.DataFrame(rows)


def concentration_trends(mo: pd.DataFrame, top_n: int, n_boot: int, confidence: float) -> Concentration:
    """:func:`concentration` by parent group with bootstrap intervals, and its trends."""
    draws: dict = {}
    conc = concentration(mo, by="group", top=top_n, n_boot=n_boot, seed=0, confidence=confidence, draws=draws)
    x = conc["year"].astype(float)
    per_model = mo.groupby(["model", "year"])["group"].nunique().sort_values(ascending=False)
    widest = (str(per_model.index[0][0]), int(per_model.iloc[0]), int(per_model.index[0][1])) if len(per_model) else \
        ("", 0, 0)
    return Concentration(conc, top_n, trends.fit_linear(x, conc["hhi"], confidence, cov_type="HAC"),
                         trends.fit_linear(x, conc["top_share"], confidence, cov_type="HAC"),
                         trends.count_trend(conc["year"], conc["orgs"], confidence), confidence, draws, widest=widest)


@dataclass(frozen=True)
class Citations:
    """Citation ratios of each tier to giants (negative binomial) and notability by tier."""

    ratios: dict[str, CitationRatio]
    notability: pd.DataFrame

    def table(self) -> pd.DataFrame:
        return pd.DataFrame([{"tier": t, "ratio": c.ratio, "low": c.ci[0], "high": c.ci[1], "pairs": c.n_rows}
                             for t, c in self.ratios.items()])

    def measures(self) -> dict:
        nt = self.notability.set_index("tier")
        mid = self.ratios.get("mid")
        crit = lambda tier, c: estimate(nt.loc[tier, c] if tier in nt.index else np.nan, unit="share")  # noqa: E731
        return {
            "citation_ratio_mid_vs_giant": mid.estimate(label="citations per model, mid tier over giants") if mid else
            not_enough(0, 3, "a citation ratio", unit="citation ratio"),
            "citation_rows": estimate(mid.n_rows if mid else 0, unit="organization-model pairs"),
            "citation_models": estimate(mid.n_models if mid else 0, unit="models"),
            "citation_alpha": estimate(mid.alpha if mid else np.nan, unit="NB2 dispersion"),
            "citation_ratio_academic_vs_giant": self.ratios["academic"].estimate() if "academic" in self.ratios else
            not_enough(0, 3, "a citation ratio", unit="citation ratio"),
            "sota_share_mid": crit("mid", "SOTA improvement"), "sota_share_giant": crit("giant", "SOTA improvement"),
            "cited_share_mid": crit("mid", "Highly cited"), "cited_share_giant": crit("giant", "Highly cited"),
        }


def citations(mo: pd.DataFrame, confidence: float) -> Citations:
    """:func:`citation_ratio` of the mid, academic, government and small tiers to giants (tiers
    with too few cited models are left out) and :func:`notability_by_tier`."""
    ratios = {}
    for tier in ["mid", "academic", "government_or_nonprofit", "small"]:
        try:
            ratios[tier] = citation_ratio(mo, tier, "giant", confidence)
        except NotEnoughData:
            pass
    return Citations(ratios, notability_by_tier(mo))


def headline(pairs: pd.DataFrame, table: pd.DataFrame, confidence: float, top_n: int) -> dict:
    """The chapter's headline estimates under one tier table and sample of pairs: latest mid
    share, its trend (points per year, CI), the mid/giant citation ratio (CI), the top-n share."""
    m = assign_tiers(pairs, table)
    s = tier_shares(m).pivot(index="year", columns="tier", values="share").fillna(0.0)
    trend = _points(_share_trend_or_none(m, "mid", confidence), len(m))
    try:
        cite = citation_ratio(m, "mid", "giant", confidence).estimate()
    except NotEnoughData as exc:
        cite = not_enough(exc)
    k = concentration(m, top=top_n, n_boot=0).iloc[-1]
    return {"mid_latest": float(s.loc[s.index.max(), "mid"]) if "mid" in s else 0.0, "trend": trend, "cite": cite,
            "top_share": float(k["top_share"])}


def set_aside(orgs: pd.DataFrame, names) -> pd.DataFrame:
    """A variant of the tier table in which the mid-tier rows of ``names`` get the tier
    :data:`SET_ASIDE`: the mid share is then measured without them, on the same denominator."""
    out = orgs.copy()
    out.loc[out["organization"].isin(set(names)) & (out["tier"] == "mid"), "tier"] = SET_ASIDE
    return out


def large_mid_labs(mo: pd.DataFrame, orgs: pd.DataFrame, open_since: int = 2023) -> dict[str, set]:
    """Mid-tier organizations (in ``mo``, tiers assigned) that raised over $1B (the tier table's
    ``raised_over_1b``), that built a frontier model (Epoch's flag or top 10 by compute at
    release, columns ``frontier_flag``/``is_frontier`` when present), or that released an
    open-weight model since ``open_since``."""
    mid = mo[mo["tier"] == "mid"]
    raised = set()
    if "raised_over_1b" in orgs:
        flag = orgs["raised_over_1b"].astype(str).str.lower().isin(["true", "1", "yes"])
        raised = set(orgs.loc[flag & (orgs["tier"] == "mid"), "organization"])
    frontier = pd.Series(False, index=mid.index)
    for col in ("frontier_flag", "is_frontier"):
        if col in mid:
            frontier |= mid[col].fillna(False).astype(bool)
    opened = pd.Series(False, index=mid.index)
    if "accessibility" in mid:
        opened = mid["accessibility"].fillna("").str.startswith("Open weights") & (mid["year"] >= open_since)
    return {"raised": raised & set(mid["organization"]), "frontier": set(mid.loc[frontier, "organization"]),
            "open": set(mid.loc[opened, "organization"])}


def latest_change(tiers_: "Tiers", tier: str = "mid", confidence: float = 0.9) -> Estimate:
    """Change of a tier's share from the year before the latest to the latest (percentage
    points, normal interval with the weighted model counts as sample sizes). The latest year
    may be incomplete: Epoch adds notable models with a lag."""
    w, counts = tiers_.wide, tiers_.shares.groupby("year")["year_models"].first()
    y1 = int(w.index.max())
    y0 = y1 - 1
    if tier not in w or y0 not in w.index:
        return not_enough(len(w), 2, "a change between two years", unit="percentage points")
    p0, p1, n0, n1 = w.loc[y0, tier], w.loc[y1, tier], counts[y0], counts[y1]
    se = float(np.sqrt(p0 * (1 - p0) / n0 + p1 * (1 - p1) / n1))
    return wald(float(p1 - p0), se, confidence, lambda v: 100 * v, n=int(round(n0 + n1)), unit="percentage points",
                window=f"{y0} to {y1}", label=f"change of the {tier} tier's share, {y0} to {y1}")


def citation_leave_one_out(mo: pd.DataFrame, confidence: float, most: int = 8) -> pd.DataFrame:
    """The mid/giant citation ratio without each of the ``most`` mid-tier organizations with the
    most citations (one at a time). Columns: organization, ratio, low, high (sorted by ratio)."""
    mid = mo[(mo["tier"] == "mid") & mo["citations"].notna()]
    top = (mid["weight"] * mid["citations"]).groupby(mid["organization"]).sum().nlargest(most).index
    rows = []
    for org in top:
        keep = mo[~(mo["model"].isin(mid.loc[mid["organization"] == org, "model"]))]
        try:
            c = citation_ratio(keep, "mid", "giant", confidence)
            rows.append({"organization": org, "ratio": c.ratio, "low": c.ci[0], "high": c.ci[1], "fit": c})
        except NotEnoughData:
            continue
    return pd.DataFrame(rows, columns=["organization", "ratio", "low", "high", "fit"]).sort_values("ratio")


@dataclass(frozen=True)
class TierSensitivity:
    """Headline estimates under other tier tables, windows and sets of mid-tier labs."""

    rows: dict[str, dict]  # variant -> headline()
    window_start: int
    set_aside: dict[str, set]
    leave_one_out: pd.DataFrame

    def table(self) -> pd.DataFrame:
        out = []
        for name, h in self.rows.items():
            out.append({"tier table": name, "mid_latest": h["mid_latest"], "trend": h["trend"].value,
                        "trend_low": h["trend"].ci_low, "trend_high": h["trend"].ci_high, "cite": h["cite"].value,
                        "cite_low": h["cite"].ci_low, "cite_high": h["cite"].ci_high, "top_share": h["top_share"]})
        return pd.DataFrame(out)

    def measures(self) -> dict:
        alt, upper = self.rows["latest tier for every year"], self.rows["unclassified industry counted as mid"]
        win = self.rows[f"tiers by year, {self.window_start}–now"]
        narrow = self.rows["without labs over $1B raised or with a frontier model"]
        out = {
            "sens_current_mid_latest": estimate(alt["mid_latest"], unit="share"),
            "sens_current_trend_pts": alt["trend"].scaled(1, "percentage points per year"),
            "sens_current_trend": alt["trend"].scaled(0.01, "share per year"),
            "sens_current_cite": alt["cite"],
            "sens_upper_mid_latest": estimate(upper["mid_latest"], unit="share"),
            "sens_window_start": estimate(self.window_start, unit="year"),
            "sens_window_trend": win["trend"],
            "mid_trend_pts_narrow": replace(narrow["trend"], label="mid tier's share trend without labs over $1B raised "
                                                                  "or with a frontier model"),
            "mid_share_latest_narrow": estimate(narrow["mid_latest"], unit="share"),
            "labs_set_aside": "; ".join(sorted(self.set_aside["raised"] | self.set_aside["frontier"])),
        }
        if len(self.leave_one_out):
            top = self.leave_one_out.iloc[0]
            out["cite_without_top_org"] = top["fit"].estimate(label=f"citation ratio without {top['organization']}")
            out["cite_top_org"] = str(top["organization"])
        return out


def tier_sensitivity(model_orgs: pd.DataFrame, orgs: pd.DataFrame, mo: pd.DataFrame, start_year: int, end_year: int,
                     confidence: float, top_n: int, windows: tuple[int, ...] = (2020, 2023)) -> TierSensitivity:
    """Headlines with the dated tier table; each organization's latest tier for every year;
    unclassified industry counted as mid; the dated table from each of ``windows``; and the
    mid tier without the labs that raised over $1B, built a frontier model, both, or release
    open weights. Also the citation ratio leaving out each of the most-cited mid-tier labs."""
    large = large_mid_labs(mo, orgs)
    rows = {
        "tiers by year (this run)": headline(model_orgs, orgs, confidence, top_n),
        "latest tier for every year": headline(model_orgs, current_tier_table(orgs), confidence, top_n),
        "unclassified industry counted as mid": headline(model_orgs, unclassified_as_mid_table(orgs, mo), confidence, top_n),
    }
    for start in windows:
        if start_year < start <= end_year - 2:
            rows[f"tiers by year, {start}–now"] = headline(model_orgs[model_orgs["year"] >= start], orgs, confidence, top_n)
    for label, names in (("without labs over $1B raised", large["raised"]),
                         ("without labs with a frontier model", large["frontier"]),
                         ("without labs over $1B raised or with a frontier model", large["raised"] | large["frontier"]),
                         ("without labs releasing open weights since 2023", large["open"])):
        rows[label] = headline(model_orgs, set_aside(orgs, names), confidence, top_n)
    first = next((w for w in windows if start_year < w <= end_year - 2), start_year)
    if f"tiers by year, {first}–now" not in rows:
        rows[f"tiers by year, {first}–now"] = rows["tiers by year (this run)"]
    return TierSensitivity(rows, first, large, citation_leave_one_out(mo, confidence))


def citation_checks(model_orgs: pd.DataFrame, orgs: pd.DataFrame, mo: pd.DataFrame, confidence: float,
                    top_n: int) -> dict:
    """The measures of :func:`tier_sensitivity` the breakthroughs claim reads, alone: the
    citation ratio with every organization at its latest tier (``sens_current_cite``) and
    leaving out the most-cited mid-tier lab (``cite_without_top_org``, ``cite_top_org``)."""
    out = {"sens_current_cite": headline(model_orgs, current_tier_table(orgs), confidence, top_n)["cite"]}
    loo = citation_leave_one_out(mo, confidence)
    if len(loo):
        top = loo.iloc[0]
        out["cite_without_top_org"] = top["fit"].estimate(label=f"citation ratio without {top['organization']}")
        out["cite_top_org"] = str(top["organization"])
    return out


def outcome_measures(outcomes: pd.DataFrame, orgs: pd.DataFrame) -> dict:
    """Counts of the documented outcomes of mid-tier companies, and absorptions by giants."""
    absorbed = absorptions(outcomes, orgs)
    counts = outcomes["outcome"].value_counts()
    n = lambda v, unit="events": estimate(v, unit=unit)  # noqa: E731
    return {
        "outcomes_n": n(len(outcomes)), "outcomes_companies": n(outcomes["company"].nunique(), "companies"),
        "absorbed_n": n(absorbed["deals"], "deals"), "absorbed_by_giants_n": n(absorbed["by_giants"], "deals"),
        "absorbed_by_giants_max_12m": estimate(absorbed["by_giants_max_window"], unit="deals within 12 months",
                                               label="acquisitions or licensing deals by giants within twelve months"),
        "acquired_by_giants_n": n(absorbed["acquisitions_by_giants"], "acquisitions"),
        "licensed_by_giants_n": n(absorbed["by_giants"] - absorbed["acquisitions_by_giants"], "deals"),
        "acquired_by_giants_max_12m": estimate(absorbed["acquisitions_by_giants_max_window"],
                                               unit="acquisitions within 12 months",
                                               label="outright acquisitions by giants within twelve months"),
        "acquired_by_giants_list": absorbed["acquired_by_giants"] or "none",
        "licensing_deals_n": n(counts.get("licensing_deal", 0)), "acquisitions_n": n(counts.get("acquisition", 0)),
        "layoffs_n": n(counts.get("layoffs", 0)), "shutdowns_n": n(counts.get("shutdown", 0)),
        "pivots_n": n(counts.get("pivot", 0)),
    }


# ----------------------------------------------------------------- the article's definition of the middle (issue 24)

#: the article's middle class: "teams ranging from 50 to 500 people" with "mid-scale funding",
#: read as under $1B raised (a lab that raised $1B or more is funded like the giants' labs)
ARTICLE_STAFF = (50, 500)
ARTICLE_FUNDING_MAX = 1e9


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    return pd.to_numeric(df[name], errors="coerce") if name in df else pd.Series(np.nan, index=df.index)


def article_outside(orgs: pd.DataFrame) -> dict[str, str]:
    """Mid-tier organizations whose public evidence puts them outside the article's definition
    (under 50 or over 500 staff, or $1B or more raised), with the evidence; organizations with
    no evidence stay in. Without a ``funding_usd`` figure the table's ``raised_over_1b`` flag
    is used."""
    mid = orgs[orgs["tier"] == "mid"]
    staff, funding = _column(mid, "staff"), _column(mid, "funding_usd")
    flag = (mid["raised_over_1b"].astype(str).str.lower().isin(["true", "1", "yes"]) if "raised_over_1b" in mid
            else pd.Series(False, index=mid.index))
    out: dict[str, str] = {}
    for i, r in mid.iterrows():
        why = []
        if staff[i] == staff[i] and not ARTICLE_STAFF[0] <= staff[i] <= ARTICLE_STAFF[1]:
            why.append(f"{staff[i]:,.0f} staff")
        if funding[i] == funding[i] and funding[i] >= ARTICLE_FUNDING_MAX:
            why.append(f"${funding[i] / 1e9:.2f}B raised")
        elif funding[i] != funding[i] and flag[i]:
            why.append("over $1B raised")
        if why:
            out[r["organization"]] = ", ".join(why)
    return out


def tier_choices(model_orgs: pd.DataFrame, orgs: pd.DataFrame, confidence: float, starts: tuple[int, ...]) -> dict:
    """The recent trends of the mid and giant shares (points/yr, logistic, HC1) under every
    window start in ``starts`` and two definitions of the middle: the book's tier table
    ('book') and the same without the mid-tier labs outside the article's definition
    ('article', :func:`article_outside`; their models keep their weight in the denominator).
    Measures ``mid_pts_from{start}_{definition}`` and ``giant_pts_from{start}_{definition}``."""
    outside = article_outside(orgs)
    variants = {"book": orgs, "article": set_aside(orgs, outside)}
    out: dict = {"tier_article_outside": "; ".join(f"{k} ({v})" for k, v in sorted(outside.items())) or "none",
                 "tier_article_outside_n": estimate(len(outside), unit="organizations")}
    last = int(model_orgs["year"].max()) if len(model_orgs) else 0
    disp = {}
    for name, table in variants.items():  # each definition's overdispersion over the whole sample
        full = assign_tiers(model_orgs, table) if len(model_orgs) else model_orgs
        disp[name] = {t: (year_dispersion(full, t) if len(full) else math.nan) for t in ("mid", "giant")}
    for start in starts:
        sub = model_orgs[model_orgs["year"] >= start]
        for name, table in variants.items():
            window = f"{start}–{last}"
            if sub["year"].nunique() < 3:
                for tier in ("mid", "giant"):
                    out[f"{tier}_pts_from{start}_{name}"] = not_enough(sub["year"].nunique(), 3, "a share trend (years)",
                                                                       unit="percentage points per year", window=window)
                continue
            mo = assign_tiers(sub, table)
            for tier in ("mid", "giant"):
                out[f"{tier}_pts_from{start}_{name}"] = _points(
                    _share_trend_or_none(mo, tier, confidence, disp[name][tier]), len(mo), window=window,
                    label=f"trend of the {tier} tier's share from {start} ({name} definition)")
    return out


def choices_table(measures: dict, starts: tuple[int, ...]) -> pd.DataFrame:
    """The trends of :func:`tier_choices` as a table: window start, definition, mid and giant
    trends with their intervals."""
    rows = []
    for start in starts:
        for name, label in (("book", "book's tier table"), ("article", "without labs outside the article's definition")):
            m, g = measures.get(f"mid_pts_from{start}_{name}"), measures.get(f"giant_pts_from{start}_{name}")
            if m is None:
                continue
            rows.append({"from": start, "definition": label, "mid": m.value, "mid_low": m.ci_low, "mid_high": m.ci_high,
                         "giant": g.value, "giant_low": g.ci_low, "giant_high": g.ci_high, "pairs": m.n})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------- acquisitions census (issue 24)

#: the size of an acquired company, when its staff is not public: funding of $50M to $1B is
#: mid-scale (the book's mid-scale round starts at $50M; below, a seed or series-A team);
#: without funding either, a price of $100M to $5B
TARGET_FUNDING = (50e6, 1e9)
TARGET_PRICE = (100e6, 5e9)


def target_size(staff, funding, price) -> tuple[str, str]:
    """'mid', 'small', 'large' or 'unknown' for an acquired company, with the evidence used:
    staff first (the article's 50-500), else funding raised, else the price paid."""
    def known(x):
        return x is not None and x == x and x != ""

    if known(staff):
        s = float(staff)
        return ("mid" if ARTICLE_STAFF[0] <= s <= ARTICLE_STAFF[1] else "small" if s < ARTICLE_STAFF[0] else "large",
                f"{s:,.0f} staff")
    if known(funding):
        f = float(funding)
        return ("mid" if TARGET_FUNDING[0] <= f < TARGET_FUNDING[1] else "small" if f < TARGET_FUNDING[0] else "large",
                f"${f / 1e6:,.0f}M raised")
    if known(price):
        v = float(price)
        return ("mid" if TARGET_PRICE[0] <= v <= TARGET_PRICE[1] else "large" if v > TARGET_PRICE[1] else "unknown",
                f"bought for ${v / 1e6:,.0f}M")
    return "unknown", "no staff, funding or price public"


@dataclass(frozen=True)
class AcquisitionCensus:
    """AI companies acquired (or licensed and hired) by the giants and the large chip and cloud
    firms, by year and target size; the article's past year (a calendar year, cut at ``as_of``)
    and the most in any twelve months."""

    deals: pd.DataFrame  # the census rows with size, size_basis
    year: int  # the article's "past year"
    end: pd.Timestamp  # the end of that year, or as_of when earlier

    def _in_year(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[(frame["date"].dt.year == self.year) & (frame["date"] <= self.end)]

    def _most(self, frame: pd.DataFrame) -> int:
        dates = frame["date"]
        return max((int(((dates > d - pd.DateOffset(months=12)) & (dates <= d)).sum()) for d in dates), default=0)

    def table(self) -> pd.DataFrame:
        d = self.deals[self.deals["ai_company"] == "yes"]
        return (d.assign(year=d["date"].dt.year).groupby(["year", "outcome", "size"]).size().rename("deals")
                .reset_index())

    def measures(self) -> dict:
        d = self.deals[self.deals["ai_company"] == "yes"]
        bought = d[d["outcome"] == "acquisition"]
        mid_bought = bought[bought["size"] == "mid"]
        last = self._in_year(mid_bought)
        window = str(self.year) if self.end >= pd.Timestamp(f"{self.year}-12-31") else \
            f"{self.year} (to {self.end:%Y-%m-%d})"
        n = lambda v, unit="deals", **kw: estimate(v, unit=unit, **kw)  # noqa: E731
        return {
            "census_deals_n": n(len(self.deals)), "census_ai_deals_n": n(len(d)),
            "census_doubtful_n": n(int((self.deals["ai_company"] == "doubtful").sum())),
            "census_acquirers_n": n(d["acquirer_group"].nunique(), "organizations"),
            "acquired_mid_last12": n(len(last), "acquisitions", window=window,
                                     label="outright acquisitions of mid-sized AI companies in the article's past year"),
            "acquired_any_last12": n(len(self._in_year(bought)), "acquisitions", window=window),
            "absorbed_mid_last12": n(len(self._in_year(d[d["size"] == "mid"])), window=window),
            "absorbed_any_last12": n(len(self._in_year(d)), window=window),
            "acquired_mid_max_12m": n(self._most(mid_bought), "acquisitions"),
            "acquired_mid_last12_list": "; ".join(f"{r.company} ({r.acquirer}, {r.date:%Y-%m}; {r.size_basis})"
                                                  for r in last.itertuples()) or "none",
            "census_end": f"{self.end:%Y-%m-%d}",
            "census_past_year": str(self.year),
            "census_unknown_size_n": n(int((d["size"] == "unknown").sum())),
        }


def acquisition_census(acquisitions: pd.DataFrame, past_year: int, as_of: str | None = None) -> AcquisitionCensus:
    """Size every deal of the census (:func:`target_size`) and set the article's past year
    (``past_year``, cut at ``as_of`` when earlier)."""
    d = acquisitions.copy()
    sized = [target_size(r.staff, r.funding_raised_usd, r.deal_value_usd) for r in d.itertuples()]
    d["size"] = [s for s, _ in sized]
    d["size_basis"] = [b for _, b in sized]
    end = pd.Timestamp(f"{past_year}-12-31")
    if as_of:
        end = min(end, pd.Timestamp(as_of))
    return AcquisitionCensus(d.sort_values("date").reset_index(drop=True), past_year, end)


def model_exits(outcomes: pd.DataFrame, past_year: int) -> dict:
    """Documented announcements by mid-tier model developers that they stop training frontier or
    foundation models of their own (outcome ``model_exit``): how many in the article's past year
    (``past_year``), and all of them."""
    exits = outcomes[outcomes["outcome"] == "model_exit"].sort_values("date")
    last = exits[exits["date"].dt.year == past_year]
    fmt = lambda f: "; ".join(f"{r.company} ({r.date:%Y-%m})" for r in f.itertuples()) or "none"  # noqa: E731
    return {"model_exits_n": estimate(len(exits), unit="companies"),
            "model_exits_past_year": estimate(len(last), unit="companies", window=str(past_year),
                                              label="model exits in the article's past year"),
            "model_exits_past_year_list": fmt(last),
            "model_exits_list": fmt(exits)}


# ----------------------------------------------------------------- the chapter

#: the window starts the tier-share trends are measured from (the pushed-out and dumbbell
#: claims are judged on every one, under both definitions of the middle)
TIER_WINDOW_STARTS = (2020, 2022, 2023)


def measures(p, *, data, robustness: bool = True, upstream=None):
    """The innovation chapter (``p``: its Params, :mod:`middleclass.chapters`; ``data``: the
    sources cut at ``p.as_of``): each tier's share of notable models and its trend (points a
    year) under every window start and definition of the middle, the concentration of notable
    models across groups (HHI, top-n share, bootstrap intervals), citation ratios between tiers,
    the tier sensitivity (without ``robustness``, only the two citation checks the
    breakthroughs claim reads), the outcomes of mid-tier companies and the acquisitions census.
    Parts for the charts: tiers, choices, conc, hhi_sens, cites, sens, outcomes, census."""
    from ..data import asof, epoch
    from . import compute
    from .chapter import ChapterResult

    out = ChapterResult("innovation", p)
    end_year = asof.cap_year(p.end_year, p.as_of)
    past_year = asof.cap_year(p.past_year, p.as_of)
    models = compute.mark_frontier(data.notable_models(needs=("Frontier model",)), 10)  # frontier: top 10 at release
    models = models[models["year"].between(p.start_year, end_year)]
    model_orgs = epoch.model_organizations(models)
    orgs = data.curated("organizations")
    with out.section("the tier shares"):
        # the recent window starts no earlier than the data window (a default left behind by a later start_year)
        shares = tiers(model_orgs, orgs, p.confidence, max(p.recent_start_year, p.start_year))
        out.record(tier_measures(shares, len(models), p.confidence))
        out.keep(tiers=shares)
    with out.section("the choices of window and definition"):
        choices = tier_choices(model_orgs, orgs, p.confidence, TIER_WINDOW_STARTS)
        out.record(choices)
        out.keep(choices=choices)
    with out.section("the concentration of research"):
        conc = concentration_trends(shares.pairs, p.top_n, p.bootstrap_samples, p.confidence)
        out.record(conc.measures())
        out.keep(conc=conc, hhi_sens=conc.sensitivity())
    with out.section("the citation ratios"):
        cites = citations(shares.pairs, p.confidence)
        out.record(cites.measures())
        out.keep(cites=cites)
    with out.section("the tier sensitivity"):
        if robustness:
            sens = tier_sensitivity(model_orgs, orgs, shares.pairs, p.start_year, end_year, p.confidence, p.top_n)
            out.record(sens.measures())
            out.keep(sens=sens)
        else:  # what a claim reads of it (breakthroughs): the ratio with the latest tiers, and without the top lab
            out.record(citation_checks(model_orgs, orgs, shares.pairs, p.confidence, p.top_n))
    outcomes = data.curated("company_outcomes")
    acquisitions = data.curated("acquisitions")
    with out.section("the outcomes"):
        out.record(outcome_measures(outcomes, orgs))
        out.record(model_exits(outcomes, past_year))
        out.keep(outcomes=outcomes)
    with out.section("the acquisitions census"):
        census = acquisition_census(acquisitions, past_year, p.as_of or None)
        out.record(census.measures())
        out.keep(census=census)
    return out
