"""Chapter 2 (open-source erosion): how far open-weight models trail proprietary ones, what share
of notable models is open, and what a given capability costs through an API.

Units: Arena scores in rating points (Bradley-Terry, 400-point logistic scale); gaps in points
and in percent of the proprietary score; lags in months; prices in USD per million tokens
(3:1 input:output blend); shares as fractions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from . import trends

#: licences counted as open without restriction (others in the Arena's open_weights class carry
#: use restrictions or are non-commercial)
PERMISSIVE_LICENCE = re.compile(r"^\s*(apache|mit\b|modified mit|bsd|openmdw|cc-by-4|cc-by-sa)", re.IGNORECASE)

OPEN_UNRESTRICTED = {"Open weights (unrestricted)", "Open weights"}
OPEN_RESTRICTED = {"Open weights (restricted use)", "Open weights (non-commercial)"}
CLOSED = {"API access", "Hosted access (no API)", "Unreleased"}


def win_probability(gap_points):
    """Expected win rate of a model ``gap_points`` below its opponent (Arena/Elo 400 scale)."""
    return 1.0 / (1.0 + 10 ** (np.asarray(gap_points, dtype=float) / 400.0))


def open_from_accessibility(accessibility: pd.Series, include_restricted: bool) -> pd.Series:
    """Epoch accessibility -> True (open weights), False (closed) or <NA> (unknown).

    'Open weights (restricted use)' and '(non-commercial)' count as open only when
    ``include_restricted``; otherwise they are left out (<NA>), not counted as closed.
    """
    def one(value):
        if value in OPEN_UNRESTRICTED:
            return True
        if value in OPEN_RESTRICTED:
            return True if include_restricted else pd.NA
        if value in CLOSED:
            return False
        return pd.NA

    return accessibility.map(one).astype("boolean")


def open_from_licence(license_class: pd.Series, licence: pd.Series, include_restricted: bool) -> pd.Series:
    """Arena licence -> True / False / <NA>. Without ``include_restricted`` only permissive
    licences (Apache, MIT, BSD, CC-BY ...) count as open; other open-weight licences are <NA>."""
    out = pd.Series(pd.NA, index=license_class.index, dtype="boolean")
    out[license_class == "proprietary"] = False
    is_open = license_class == "open_weights"
    if include_restricted:
        out[is_open] = True
    else:
        permissive = licence.fillna("").map(lambda s: bool(PERMISSIVE_LICENCE.match(s)))
        out[is_open & permissive] = True
    return out


def arena_chain(snapshots: pd.DataFrame, style_control: bool, start_date: str, end_date: str,
                include_online_elo: bool = False) -> pd.DataFrame:
    """One consistent leaderboard series: the ``preferred`` rows of one style-control setting,
    inside the window, without top-30-only snapshots, and without the early ``online_elo``
    scores (another scale) unless asked."""
    s = snapshots[(snapshots["preferred"]) & (snapshots["style_control"] == style_control)]
    if not include_online_elo:
        s = s[s["score_type"] != "online_elo"]
    s = s[s["table_coverage"].fillna("full_table") != "top30_only"]
    d = s["snapshot_date"]
    return s[(d >= pd.Timestamp(start_date)) & (d <= pd.Timestamp(end_date)) & s["score"].notna()].copy()


def arena_gap(chain: pd.DataFrame, include_restricted: bool) -> pd.DataFrame:
    """Per snapshot: best open vs best proprietary model, the gap in points and in percent of
    the proprietary score, and the open model's expected win rate against it. Snapshots
    without both kinds of model are dropped."""
    c = chain.assign(open=open_from_licence(chain["license_class"], chain["license"], include_restricted))
    c = c[c["open"].notna()]
    best = (c.sort_values("score", ascending=False, kind="mergesort")
             .groupby(["snapshot_date", "open"], sort=True).head(1))
    op = best[best["open"].astype(bool)].set_index("snapshot_date")
    pr = best[~best["open"].astype(bool)].set_index("snapshot_date")
    both = op.index.intersection(pr.index)
    out = pd.DataFrame({
        "snapshot_date": both,
        "best_open_model": op.loc[both, "model"].to_numpy(),
        "best_open_score": op.loc[both, "score"].to_numpy(),
        "best_proprietary_model": pr.loc[both, "model"].to_numpy(),
        "best_proprietary_score": pr.loc[both, "score"].to_numpy(),
        "score_type": pr.loc[both, "score_type"].to_numpy(),
    })
    out["gap_points"] = out["best_proprietary_score"] - out["best_open_score"]
    out["gap_pct"] = 100 * out["gap_points"] / out["best_proprietary_score"]
    out["open_winrate"] = win_probability(out["gap_points"])
    out["decimal_year"] = trends.decimal_year(out["snapshot_date"])
    out["year"] = out["snapshot_date"].dt.year
    return out.sort_values("snapshot_date").reset_index(drop=True)


def frontier_lag(df: pd.DataFrame, date_col: str = "release_date", score_col: str = "score",
                 open_col: str = "open", name_col: str = "model") -> pd.DataFrame:
    """Months by which each new open-weight record trailed the proprietary frontier.

    For every model that set a new best score among open models (released at t_o with score
    s), the lag is t_o minus the date the proprietary frontier first reached s; it is 0 when
    no proprietary model had reached s by then (open ahead, ``open_ahead`` true). Rows with an
    unknown ``open`` are ignored. Columns: date, model, score, matched_by, matched_date,
    lag_months, open_ahead, decimal_year.
    """
    d = df[df[open_col].notna() & df[score_col].notna()].sort_values([date_col, score_col], kind="mergesort")
    prop = d[~d[open_col].astype(bool)]
    prop_records = prop[prop[score_col] > prop[score_col].cummax().shift(fill_value=-np.inf)]
    opn = d[d[open_col].astype(bool)]
    open_records = opn[opn[score_col] > opn[score_col].cummax().shift(fill_value=-np.inf)]
    rows = []
    for rec in open_records.itertuples(index=False):
        t_o, s = getattr(rec, date_col), getattr(rec, score_col)
        reached = prop_records[(prop_records[score_col] >= s) & (prop_records[date_col] <= t_o)]
        if reached.empty:
            rows.append({"date": t_o, "model": getattr(rec, name_col), "score": s, "matched_by": None,
                         "matched_date": pd.NaT, "lag_months": 0.0, "open_ahead": True})
        else:
            first = reached.iloc[0]
            rows.append({"date": t_o, "model": getattr(rec, name_col), "score": s, "matched_by": first[name_col],
                         "matched_date": first[date_col],
                         "lag_months": (t_o - first[date_col]).days / 30.4375, "open_ahead": False})
    out = pd.DataFrame(rows, columns=["date", "model", "score", "matched_by", "matched_date", "lag_months", "open_ahead"])
    out["decimal_year"] = trends.decimal_year(out["date"]) if len(out) else pd.Series(dtype=float)
    return out


def frontier_ratio_by_year(df: pd.DataFrame, years, date_col: str = "release_date", score_col: str = "score",
                           open_col: str = "open") -> pd.DataFrame:
    """At the end of each year: best open score so far / best proprietary score so far.

    Columns: year, best_open, best_proprietary, ratio.
    """
    d = df[df[open_col].notna()]
    rows = []
    for y in years:
        upto = d[d[date_col] <= pd.Timestamp(f"{int(y)}-12-31")]
        o = upto.loc[upto[open_col].astype(bool), score_col].max()
        p = upto.loc[~upto[open_col].astype(bool), score_col].max()
        rows.append({"year": int(y), "best_open": o, "best_proprietary": p, "ratio": o / p if p and p == p else np.nan})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class ShareTrend:
    """Logistic regression of a yes/no outcome on the year."""

    odds_ratio: float  # per year
    ci_low: float
    ci_high: float
    p_value: float
    n: int
    share_last: float  # fitted share in ``year_last``
    share_last_low: float
    share_last_high: float
    year_last: int


def share_trend(years, outcome, confidence: float = 0.9) -> ShareTrend:
    """Fit logit P(outcome) = a + b (year - mean) with HC1 errors; report exp(b) and the fitted
    share (with a CI) in the last year."""
    y = np.asarray(outcome, dtype=float)
    x = np.asarray(years, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if len(x) < 10 or y.min() == y.max():
        raise ValueError(f"need at least 10 observations with both outcomes, got {len(x)}")
    xc = x.mean()
    X = sm.add_constant(x - xc)
    res = sm.GLM(y, X, family=sm.families.Binomial()).fit(cov_type="HC1")
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    b, se = float(res.params[1]), float(res.bse[1])
    last = int(x.max())
    v = np.array([1.0, last - xc])
    eta = float(v @ res.params)
    eta_se = float(np.sqrt(v @ res.cov_params() @ v))
    expit = lambda t: 1 / (1 + np.exp(-t))  # noqa: E731
    return ShareTrend(
        odds_ratio=float(np.exp(b)), ci_low=float(np.exp(b - z * se)), ci_high=float(np.exp(b + z * se)),
        p_value=float(res.pvalues[1]), n=int(len(x)),
        share_last=float(expit(eta)), share_last_low=float(expit(eta - z * eta_se)),
        share_last_high=float(expit(eta + z * eta_se)), year_last=last,
    )


def open_share_by_year(models: pd.DataFrame, include_restricted: bool) -> pd.DataFrame:
    """Share of notable models released with open weights, per year, among models whose
    accessibility is known. Columns: year, models, open, share."""
    m = models.assign(open=open_from_accessibility(models["accessibility"], include_restricted))
    m = m[m["open"].notna()]
    g = m.groupby("year")["open"].agg(models="size", open="sum").reset_index()
    g["share"] = g["open"] / g["models"]
    return g


def model_capability(chain: pd.DataFrame) -> pd.Series:
    """Each Arena model's typical rating: the median of its Bradley-Terry scores in the chain
    (index: model_key, lower case)."""
    bt = chain[chain["score_type"] == "bt_rating"]
    return bt.groupby(bt["model_key"].str.lower())["score"].median()


EXPERIMENTAL = re.compile(r"(?:^|[-_.])(?:exp|experimental)(?:[-_.]|$)")


def cheapest_capable_price(prices: pd.DataFrame, capability: pd.Series, threshold: float, start_date: str,
                           end_date: str, freq: str = "MS", exclude_experimental: bool = True) -> pd.DataFrame:
    """Cheapest listed price (blended USD per million tokens) of any model whose Arena rating
    is at least ``threshold``, on the first day of each month.

    Prices are matched to Arena models by LiteLLM key (last path part) = Arena model_key.
    Zero prices are not market prices and are left out, and so are experimental models (names
    with an 'exp' part) unless ``exclude_experimental`` is false: they are free or temporary. The series ends at the last date the price history covers.
    Columns: date, decimal_year, price, model, provider, capable_models (listed that day).
    """
    covered_until = max(prices["valid_from"].max(), prices["valid_until"].max())
    p = prices[prices["blended_usd_per_mtok"] > 0]
    if exclude_experimental:
        p = p[~p["name"].str.contains(EXPERIMENTAL)]
    p = p.merge(capability.rename("capability"), left_on="name", right_index=True, how="inner")
    p = p[p["capability"] >= threshold]
    lo = max(pd.Timestamp(start_date), p["valid_from"].min()) if len(p) else pd.Timestamp(start_date)
    hi = min(pd.Timestamp(end_date), covered_until)
    rows = []
    for day in pd.date_range(lo, hi, freq=freq):
        live = p[(p["valid_from"] <= day) & (p["valid_until"].isna() | (p["valid_until"] > day))]
        if live.empty:
            continue
        best = live.loc[live["blended_usd_per_mtok"].idxmin()]
        rows.append({"date": day, "price": float(best["blended_usd_per_mtok"]), "model": best["name"],
                     "provider": best["provider"], "capable_models": int(live["name"].nunique())})
    out = pd.DataFrame(rows, columns=["date", "price", "model", "provider", "capable_models"])
    out["decimal_year"] = trends.decimal_year(out["date"]) if len(out) else pd.Series(dtype=float)
    return out


def running_frontier(df: pd.DataFrame, date_col: str = "release_date", score_col: str = "score",
                     open_col: str = "open", name_col: str = "model") -> pd.DataFrame:
    """Record-setting models of each kind (open / proprietary): the steps of each frontier.

    Columns: date, model, score, kind ('Open weights' / 'Proprietary')."""
    d = df[df[open_col].notna() & df[score_col].notna()].sort_values([date_col, score_col], kind="mergesort")
    parts = []
    for flag, kind in ((True, "Open weights"), (False, "Proprietary")):
        g = d[d[open_col].astype(bool) == flag]
        rec = g[g[score_col] > g[score_col].cummax().shift(fill_value=-np.inf)]
        parts.append(pd.DataFrame({"date": rec[date_col], "model": rec[name_col], "score": rec[score_col], "kind": kind}))
    return pd.concat(parts, ignore_index=True)


def verdict(ratios_latest: dict[str, float], gap_trend_ci_high: float, winrate_latest: float,
            price_ci_high: float, open_cheapest_share: float) -> tuple[str, str]:
    """(verdict label, Markdown) for "a free open-source model can achieve 80% to 90% of the
    performance" and erodes mid-level closed models.

    Rule: 'supported' when the open frontier's score ratio is at least 0.8 on every accuracy
    benchmark in its latest year, the Arena gap is shrinking (trend CI entirely below 0) and
    the price of a fixed capability is falling (price factor CI entirely below 1);
    'partly supported' when the ratio holds but the gap or the price is not clearly falling;
    'contradicted' when the open frontier is below 0.8 on any benchmark.
    """
    ok_ratio = all(r >= 0.8 for r in ratios_latest.values() if r == r)
    shrinking = gap_trend_ci_high < 0
    cheaper = price_ci_high < 1
    if not ok_ratio:
        label = "contradicted"
    elif shrinking and cheaper:
        label = "supported"
    else:
        label = "partly supported"
    parts = ", ".join(f"{name} {100 * r:.0f}%" for name, r in ratios_latest.items() if r == r)
    text = (
        f"At the latest year of each benchmark the best open-weight model scores {parts} of the best "
        f"proprietary model's score: at or above the article's 80–90% band. On the Arena, the best open model "
        f"would win {100 * winrate_latest:.0f}% of head-to-head votes against the best proprietary one "
        f"(50% would be parity). The gap is {'shrinking' if shrinking else 'not clearly shrinking'}, and the "
        f"cheapest route to a fixed capability is {'falling' if cheaper else 'not clearly falling'} in price; "
        f"in the last twelve months of price data, the cheapest capable model was open-weight "
        f"{100 * open_cheapest_share:.0f}% of the time."
    )
    return label, text
