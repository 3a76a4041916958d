"""Chapter 2 (open-source erosion): how far open-weight models trail proprietary ones, what share
of notable models is open, and what a given capability costs through an API.

Units: Arena scores in rating points (Bradley-Terry, 400-point logistic scale); gaps in points
and in percent of the proprietary score; lags in months; prices in USD per million tokens
(3:1 input:output blend); shares as fractions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats

from . import trends
from .trends import sm
from .concentration import median_interval
from .measures import LEVELS, Estimate, NotEnoughData, estimate, not_enough, wald

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


def with_open(frame: pd.DataFrame, include_restricted: bool) -> pd.DataFrame:
    """``frame`` with an ``open`` column from its Epoch ``accessibility``
    (:func:`open_from_accessibility`)."""
    return frame.assign(open=open_from_accessibility(frame["accessibility"], include_restricted))


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
                include_online_elo: bool = False, include_preliminary: bool = False) -> pd.DataFrame:
    """One consistent leaderboard series: the ``preferred`` rows of one style-control setting,
    inside the window, without top-30-only snapshots, without the entries the leaderboard flags
    as preliminary (pre-release models with few votes) unless asked, and without the early
    ``online_elo`` scores (another scale) unless asked."""
    s = snapshots[(snapshots["preferred"]) & (snapshots["style_control"] == style_control)]
    if not include_preliminary and "preliminary" in s:
        s = s[~s["preliminary"].astype(bool)]
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
class OpenShareTrend:
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
    confidence: float = 0.9
    se: float = float("nan")  # standard error of the log odds ratio

    def odds(self, **kw) -> Estimate:
        """The odds ratio per year as an Estimate (Wald intervals on the log scale)."""
        return wald(float(np.log(self.odds_ratio)), self.se, self.confidence, np.exp, n=self.n,
                    unit="odds ratio per year", **kw)

    def fitted_last(self, **kw) -> Estimate:
        """The fitted share in the last year, with its delta-method interval."""
        return estimate(self.share_last, (self.share_last_low, self.share_last_high), n=self.n,
                        confidence=self.confidence, unit="share", window=str(self.year_last), **kw)


def share_trend(years, outcome, confidence: float = 0.9) -> OpenShareTrend:
    """Fit logit P(outcome) = a + b (year - mean) with HC1 errors; report exp(b) and the fitted
    share (with a CI) in the last year."""
    y = np.asarray(outcome, dtype=float)
    x = np.asarray(years, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if len(x) < 10 or y.min() == y.max():
        raise NotEnoughData(len(x) if len(x) and y.min() != y.max() else 0, 10, "a share trend (both outcomes observed)")
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
    return OpenShareTrend(
        odds_ratio=float(np.exp(b)), ci_low=float(np.exp(b - z * se)), ci_high=float(np.exp(b + z * se)),
        p_value=float(res.pvalues[1]), n=int(len(x)),
        share_last=float(expit(eta)), share_last_low=float(expit(eta - z * eta_se)),
        share_last_high=float(expit(eta + z * eta_se)), year_last=last, confidence=confidence, se=se,
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


def capability_scores(snapshots: pd.DataFrame, start_date: str, end_date: str) -> pd.Series:
    """Each Arena model's rating for the price-of-capability series: its median on the
    style-controlled chain where it is rated there (style control keeps verbose small models
    from outranking larger ones), else its median on the default chain (index: model_key)."""
    styled = model_capability(arena_chain(snapshots, True, start_date, end_date))
    return styled.combine_first(model_capability(arena_chain(snapshots, False, start_date, end_date)))


def anchored_snapshots(snapshots: pd.DataFrame, start_date: str, end_date: str) -> pd.DataFrame:
    """Every Bradley-Terry rating of both chains relative to its snapshot's anchor models (rated
    in every snapshot of the chain) and put back on the scale of its chain's last snapshot (the
    leaderboard's scale today). Columns: snapshot_date, style_control, model_key (lower case),
    rating."""
    parts = []
    for styled in (True, False):
        chain = arena_chain(snapshots, styled, start_date, end_date)
        bt = chain[chain["score_type"] == "bt_rating"]
        if bt.empty:
            continue
        key = bt["model_key"].str.lower()
        snaps = bt["snapshot_date"].nunique()
        present = bt.groupby(key)["snapshot_date"].nunique()
        anchors = present[present >= snaps].index
        if len(anchors) == 0:
            continue
        level = bt[key.isin(anchors)].groupby("snapshot_date")["score"].mean()
        parts.append(pd.DataFrame({"snapshot_date": bt["snapshot_date"], "style_control": styled, "model_key": key,
                                   "rating": bt["score"] - bt["snapshot_date"].map(level) + float(level.iloc[-1])}))
    if not parts:
        return pd.DataFrame(columns=["snapshot_date", "style_control", "model_key", "rating"])
    return pd.concat(parts, ignore_index=True)


def _market_prices(prices: pd.DataFrame, exclude_experimental: bool) -> pd.DataFrame:
    """Price rows that are market prices: not zero, and (unless asked) not experimental models."""
    p = prices[prices["blended_usd_per_mtok"] > 0]
    return p[~p["name"].str.contains(EXPERIMENTAL)] if exclude_experimental else p


def _cheapest_by_day(p: pd.DataFrame, days, names_on=None) -> pd.DataFrame:
    """The cheapest listed price on each of ``days`` among the rows of ``p`` (among the names
    ``names_on(day)`` returns, when given; None skips the day). Columns: date, price, model,
    provider, capable_models, decimal_year."""
    rows = []
    for day in days:
        live = p[(p["valid_from"] <= day) & (p["valid_until"].isna() | (p["valid_until"] > day))]
        if names_on is not None:
            names = names_on(day)
            live = live.iloc[0:0] if names is None else live[live["name"].isin(names)]
        if live.empty:
            continue
        best = live.loc[live["blended_usd_per_mtok"].idxmin()]
        rows.append({"date": day, "price": float(best["blended_usd_per_mtok"]), "model": best["name"],
                     "provider": best["provider"], "capable_models": int(live["name"].nunique())})
    out = pd.DataFrame(rows, columns=["date", "price", "model", "provider", "capable_models"])
    out["decimal_year"] = trends.decimal_year(out["date"]) if len(out) else pd.Series(dtype=float)
    return out


def cheapest_capable_by_snapshot(prices: pd.DataFrame, rated: pd.DataFrame, threshold: float, start_date: str,
                                 end_date: str, exclude_experimental: bool = True) -> pd.DataFrame:
    """:func:`cheapest_capable_price` with capability judged within each snapshot: on the first
    day of each month, the models rated at least ``threshold`` (anchored, :func:`anchored_snapshots`)
    in the latest style-controlled snapshot before that day (the default chain's before the
    style-controlled chain begins). Same columns."""
    covered_until = pd.concat([prices["valid_from"], prices["valid_until"]]).max()

    def capable(day):
        before = rated[rated["snapshot_date"] <= day]
        styled = before[before["style_control"]]
        use = styled if len(styled) else before
        if use.empty:
            return None
        snap = use[use["snapshot_date"] == use["snapshot_date"].max()]
        return set(snap.loc[snap["rating"] >= threshold, "model_key"])

    days = pd.date_range(pd.Timestamp(start_date), min(pd.Timestamp(end_date), covered_until), freq="MS")
    return _cheapest_by_day(_market_prices(prices, exclude_experimental), days, capable)


def months_listed(prices: pd.DataFrame) -> pd.Series:
    """For each price row, the number of monthly snapshots (first days of months) on which it
    was listed; an open-ended row counts to the end of the price history."""
    end = max(prices["valid_from"].max(), prices["valid_until"].max())
    until = prices["valid_until"].fillna(end + pd.Timedelta(days=1))
    first = prices["valid_from"].dt.to_period("M").dt.to_timestamp()
    first = first.where(first >= prices["valid_from"], first + pd.DateOffset(months=1))  # first month start on or after
    months = (until.dt.year - first.dt.year) * 12 + (until.dt.month - first.dt.month)
    on_start = until.dt.day == 1  # a row ending on a month's first day is not listed that day
    return (months + (~on_start).astype(int)).clip(lower=0).where(until > first, 0)


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
    covered_until = pd.concat([prices["valid_from"], prices["valid_until"]]).max()
    p = _market_prices(prices, exclude_experimental)
    p = p.merge(capability.rename("capability"), left_on="name", right_index=True, how="inner")
    p = p[p["capability"] >= threshold]
    lo = max(pd.Timestamp(start_date), p["valid_from"].min()) if len(p) else pd.Timestamp(start_date)
    hi = min(pd.Timestamp(end_date), covered_until)
    return _cheapest_by_day(p, pd.date_range(lo, hi, freq=freq))


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


# ----------------------------------------------------------------- chapter sections

@dataclass(frozen=True)
class ArenaGap:
    """The Arena gap per snapshot, its linear trends (points and percent, HAC) and the date the
    percent gap crosses a threshold (confidence interval of the line)."""

    chain_name: str
    gap: pd.DataFrame
    points_fit: trends.GrowthFit
    pct_fit: trends.GrowthFit
    threshold_pct: float
    crossing: tuple[float, float, float]

    @property
    def latest(self) -> pd.Series:
        return self.gap.iloc[-1]

    def measures(self) -> dict:
        g, last = self.gap, self.latest
        window = f"{g['snapshot_date'].iloc[0]:%Y-%m-%d} to {last['snapshot_date']:%Y-%m-%d}"
        n = len(g)
        return {
            "arena_n_snapshots": estimate(n, unit="snapshots", window=window),
            "arena_gap_points_latest": estimate(last["gap_points"], unit="rating points", window=f"{last['snapshot_date']:%Y-%m-%d}",
                                                label="Arena gap, best proprietary minus best open"),
            "arena_gap_pct_latest": estimate(last["gap_pct"], unit="percent of the proprietary score"),
            "open_winrate_latest": estimate(last["open_winrate"], unit="share of votes",
                                            label="expected win rate of the best open model"),
            "arena_gap_points_first": estimate(g["gap_points"].iloc[0], unit="rating points"),
            "arena_gap_trend_per_year": self.points_fit.slope_estimate("rating points per year", window=window,
                                                                       label="trend of the Arena gap (HAC)"),
            "arena_gap_pct_trend_per_year": self.pct_fit.slope_estimate("percentage points per year", window=window),
            "gap_threshold_year": estimate(self.crossing[0], self.crossing[1:], n=n, confidence=self.pct_fit.confidence,
                                           unit="decimal year",
                                           label=f"year the gap trend falls below {self.threshold_pct}% (prediction interval)"),
            "arena_gap_pct_fit": self.pct_fit,
        }


def arena_gap_trend(snapshots: pd.DataFrame, style_control: bool, start_date: str, end_date: str,
                    include_online_elo: bool, include_restricted: bool, confidence: float,
                    threshold_pct: float) -> ArenaGap:
    """The gap between the best proprietary and the best open model on one Arena chain, with
    linear trends of the gap in points and in percent (HAC errors: snapshots share votes)."""
    chain = arena_chain(snapshots, style_control, start_date, end_date, include_online_elo)
    gap = arena_gap(chain, include_restricted)
    if len(gap) < 3:
        raise NotEnoughData(len(gap), 3, "the Arena gap trend (snapshots with open and proprietary models)")
    points = trends.fit_linear(gap["decimal_year"], gap["gap_points"], confidence, cov_type="HAC")
    pct = trends.fit_linear(gap["decimal_year"], gap["gap_pct"], confidence, cov_type="HAC")
    name = "style-controlled" if style_control else "default, not style-controlled"
    return ArenaGap(name, gap, points, pct, threshold_pct, pct.crossing(threshold_pct, interval="prediction"))


def gap_sensitivity(snapshots: pd.DataFrame, style_control: bool, start_date: str, end_date: str,
                    include_online_elo: bool, include_restricted: bool, confidence: float) -> pd.DataFrame:
    """The Arena gap trend on the main chain, on the other style-control chain and with the other
    definition of open: snapshots, latest gap and win rate, trend (points/yr) with its CI."""
    name = "style-controlled" if style_control else "default, not style-controlled"
    variants = ((f"{name} chain (main)", style_control, include_restricted),
                ("other style-control chain", not style_control, include_restricted),
                ("main chain, other open definition", style_control, not include_restricted))
    rows = []
    for label, sc, restricted in variants:
        g = arena_gap(arena_chain(snapshots, sc, start_date, end_date, include_online_elo), restricted)
        if len(g) >= 3:
            f = trends.fit_linear(g["decimal_year"], g["gap_points"], confidence, cov_type="HAC")
            rows.append({"series": label, "snapshots": len(g), "latest snapshot": g["snapshot_date"].iloc[-1].date(),
                         "gap latest (points)": g["gap_points"].iloc[-1], "win rate latest": g["open_winrate"].iloc[-1],
                         "trend (points/yr)": f.slope, "CI low": f.slope_ci[0], "CI high": f.slope_ci[1]})
    return pd.DataFrame(rows)


#: benchmark id in Epoch's hub -> name in the book
BENCHMARKS = {"gpqa_diamond": "GPQA Diamond", "math_level_5": "MATH Level 5", "mmlu_external": "MMLU"}


@dataclass(frozen=True)
class FrontierLags:
    """How many months each new open-weight record trailed the proprietary frontier (ECI and
    benchmarks), with a trend of the ECI lag inside the window."""

    eci: pd.DataFrame  # ECI models up to the end date, with ``open``
    eci_lag: pd.DataFrame
    eci_lag_window: pd.DataFrame
    eci_lag_fit: trends.GrowthFit
    eci_lag_known: pd.DataFrame  # without accessibility inferred from the family name
    benchmark_lags: dict[str, pd.DataFrame]

    def table(self) -> pd.DataFrame:
        rows = []
        for name, lag in {"Epoch Capabilities Index": self.eci_lag, **self.benchmark_lags}.items():
            if len(lag):
                rows.append({"measure": name, "open records": len(lag), "latest open record": lag["model"].iloc[-1],
                             "date": lag["date"].iloc[-1].date(), "lag (months)": lag["lag_months"].iloc[-1]})
        return pd.DataFrame(rows)

    def measures(self) -> dict:
        months = lambda lag, label: estimate(lag["lag_months"].iloc[-1] if len(lag) else np.nan, unit="months",  # noqa: E731
                                             label=label)
        w = self.eci_lag_window
        return {
            "eci_lag_months_latest": months(self.eci_lag, "lag of the latest open ECI record"),
            "eci_lag_mean_window": estimate(w["lag_months"].mean(), n=len(w), unit="months"),
            "eci_lag_n_window": estimate(len(w), unit="open records"),
            "eci_lag_trend_per_year": self.eci_lag_fit.slope_estimate("months per year", label="trend of the ECI lag"),
            "eci_lag_months_latest_known_access": months(self.eci_lag_known, "ECI lag, accessibility not inferred"),
            "gpqa_lag_months_latest": months(self.benchmark_lags["GPQA Diamond"], "lag on GPQA Diamond"),
            "math_lag_months_latest": months(self.benchmark_lags["MATH Level 5"], "lag on MATH Level 5"),
        }


def frontier_lags(eci: pd.DataFrame, bench: pd.DataFrame, start_date: str, end_date: str, confidence: float) -> FrontierLags:
    """Lags on the ECI and on each benchmark of :data:`BENCHMARKS`; ``eci`` and ``bench`` carry
    an ``open`` column. The ECI lag trend is a linear fit over open records in the window (HC1)."""
    eci_w = eci[eci["release_date"] <= pd.Timestamp(end_date)]
    lag = frontier_lag(eci_w)
    lag_w = lag[lag["date"] >= pd.Timestamp(start_date)]
    fit = trends.fit_linear(lag_w["decimal_year"], lag_w["lag_months"], confidence, cov_type="HC1")
    known = frontier_lag(eci_w[eci_w["accessibility_basis"] != "inferred_family_rule"])
    bench = bench[bench["release_date"] <= pd.Timestamp(end_date)]
    lags = {name: frontier_lag(bench[bench["benchmark"] == key]) for key, name in BENCHMARKS.items()}
    return FrontierLags(eci_w, lag, lag_w, fit, known, lags)


@dataclass(frozen=True)
class FrontierRatios:
    """Best open over best proprietary score at each year end, per benchmark, beside the Arena
    win rate and gap averaged over each year's snapshots."""

    by_year: pd.DataFrame
    latest: dict[str, float]  # benchmark name -> ratio in its latest year with data
    latest_year: dict[str, int]

    def measures(self) -> dict:
        key = {"GPQA Diamond": "gpqa", "MATH Level 5": "math", "MMLU": "mmlu"}
        out = {}
        for name, short in key.items():
            out[f"{short}_ratio_latest"] = estimate(self.latest.get(name, np.nan), unit="ratio",
                                                    window=str(self.latest_year.get(name, "")),
                                                    label=f"best open / best proprietary, {name}")
            out[f"{short}_ratio_year"] = estimate(self.latest_year.get(name, 0), unit="year")
        win = self.by_year["Arena win rate of best open model"].dropna()
        if len(win):
            out.update({"winrate_year_latest": estimate(win.iloc[-1], unit="share of votes", window=str(win.index[-1])),
                        "winrate_year": estimate(win.index[-1], unit="year"),
                        "winrate_year_first": estimate(win.iloc[0], unit="share of votes", window=str(win.index[0])),
                        "winrate_first_year": estimate(win.index[0], unit="year")})
        return out


def frontier_ratios(bench: pd.DataFrame, gap: pd.DataFrame, start_date: str, end_date: str) -> FrontierRatios:
    """Year-end score ratios for each benchmark of :data:`BENCHMARKS` from 2023 (or the start
    year) to the end year; a year after a benchmark's last release has no ratio."""
    bench = bench[bench["release_date"] <= pd.Timestamp(end_date)]
    years = list(range(max(pd.Timestamp(start_date).year, 2023), pd.Timestamp(end_date).year + 1))
    cols = {}
    for key, name in BENCHMARKS.items():
        b = bench[bench["benchmark"] == key]
        r = frontier_ratio_by_year(b, years)
        if len(b):
            r.loc[r["year"] > b["release_date"].max().year, "ratio"] = np.nan  # no new data that year
        cols[name] = r.set_index("year")["ratio"]
    by_year = pd.DataFrame(cols)
    by_year["Arena win rate of best open model"] = gap.groupby("year")["open_winrate"].mean()
    by_year["Arena gap (% of proprietary score)"] = gap.groupby("year")["gap_pct"].mean()
    by_year = by_year.loc[by_year.notna().any(axis=1)]
    latest = {n: float(c.dropna().iloc[-1]) for n, c in cols.items() if c.notna().any()}
    years_latest = {n: int(c.dropna().index[-1]) for n, c in cols.items() if c.notna().any()}
    return FrontierRatios(by_year, latest, years_latest)


@dataclass(frozen=True)
class OpenShare:
    """Share of notable models released open, by year, with logistic trends overall, by sector
    and under the other definition of open."""

    by_year: pd.DataFrame
    fit: OpenShareTrend
    by_sector: dict[str, OpenShareTrend]
    other_definition: OpenShareTrend
    partial_year: int | None = None  # the year of the newest data, incomplete: the headline uses the year before

    def measures(self) -> dict:
        complete = self.by_year[self.by_year["year"] < self.partial_year] if self.partial_year else self.by_year
        last = (complete if len(complete) else self.by_year).iloc[-1]
        sector_or = lambda s: estimate(self.by_sector[s].odds_ratio if s in self.by_sector else np.nan,  # noqa: E731
                                       unit="odds ratio per year", label=f"open-share trend, {s.lower()}")
        return {
            "open_share_latest": estimate(last["share"], n=last["models"], unit="share", window=str(int(last["year"]))),
            "open_share_latest_year": estimate(int(last["year"]), unit="year"),
            "open_share_latest_n": estimate(int(last["models"]), unit="models"),
            "open_share_odds_ratio": self.fit.odds(label="trend of the open share of notable models"),
            "open_share_n": estimate(self.fit.n, unit="models"),
            "open_share_fitted_last": self.fit.fitted_last(label="fitted open share, last year"),
            "open_share_industry_or": sector_or("Industry"),
            "open_share_academia_or": sector_or("Academia"),
            "open_share_alt_or": self.other_definition.odds(label="open-share trend, other definition of open"),
            "open_share_alt_fitted_last": self.other_definition.fitted_last(),
        }


def open_share(notable: pd.DataFrame, start_year: int, end_date: str, include_restricted: bool,
               confidence: float) -> OpenShare:
    """Open share of notable models with a known accessibility from ``start_year`` to
    ``end_date``: by year, and logistic trends on the publication date (HC1)."""
    m = notable[(notable["year"] >= start_year) & (notable["publication_date"] <= pd.Timestamp(end_date))]

    def flagged(restricted):
        f = m.assign(open=open_from_accessibility(m["accessibility"], restricted))
        return f[f["open"].notna()]

    main = flagged(include_restricted)
    fit = lambda d: share_trend(d["decimal_year"], d["open"].astype(float), confidence)  # noqa: E731
    sectors = {}
    for sector in ["Industry", "Academia", "Collaboration"]:
        try:
            sectors[sector] = fit(main[main["sector"] == sector])
        except NotEnoughData:
            pass
    partial = int(m["publication_date"].max().year) if len(m) else None
    return OpenShare(open_share_by_year(m, include_restricted), fit(main), sectors, fit(flagged(not include_restricted)),
                     partial)


@dataclass(frozen=True)
class PriceOfCapability:
    """The cheapest API price of a model above an Arena threshold, month by month, and its
    log-linear trend (HAC) over the dense price window, over the last twelve months, and under
    other choices (threshold, window, capability chain, outlier rule)."""

    threshold: float
    cheapest: pd.DataFrame  # date, price, model, provider, capable_models, decimal_year, open (dense window)
    full: pd.DataFrame  # the same over the whole series (sensitivity)
    fit: trends.GrowthFit
    recent_fit: trends.GrowthFit
    variants: pd.DataFrame
    anchored: pd.DataFrame | None = None  # the dense window with capability relative to anchor models
    anchored_fit: trends.GrowthFit | None = None

    @property
    def last12(self) -> pd.DataFrame:
        c = self.cheapest
        return c[c["date"] > c["date"].max() - pd.DateOffset(months=12)]

    def measures(self) -> dict:
        f, c, full, last = self.fit, self.cheapest, self.full, self.last12
        span = lambda d: f"{d['date'].iloc[0]:%Y-%m} to {d['date'].iloc[-1]:%Y-%m}"  # noqa: E731
        window = span(c)
        decline = f.factor(window=window).transformed(lambda v: 1 - v, "share per year", decreasing=True,
                                                      label="decline of the price of a fixed capability")
        return {
            "capability_threshold": estimate(self.threshold, unit="Arena rating"),
            "price_months_n": estimate(f.n, unit="months", window=window),
            "price_first": estimate(c["price"].iloc[0], unit="USD per million tokens", window=f"{c['date'].iloc[0]:%Y-%m}"),
            "price_latest": estimate(c["price"].iloc[-1], unit="USD per million tokens", window=f"{c['date'].iloc[-1]:%Y-%m}"),
            "price_factor_per_year": f.factor(window=window, label="price of a fixed capability"),
            "price_decline_per_year": decline,
            "price_open_cheapest_share": estimate(last["open"].mean(), unit="share of months", n=len(last),
                                                  window=span(last),
                                                  label="months in which the cheapest capable model is open"),
            "price_open_cheapest_months": estimate(int(full["open"].sum()), n=len(full), unit="months", window=span(full),
                                                   label="months in which the cheapest capable model is open, whole series"),
            "price_factor_recent": self.recent_fit.factor(window=span(last),
                                                          label="price of a fixed capability, last 12 months"),
            "price_months_unchanged_recent": estimate(int((last["price"].diff().iloc[1:] == 0).sum()), n=max(len(last) - 1, 0),
                                                      unit="months", window=span(last),
                                                      label="months in which the cheapest capable price did not change"),
            "price_fit": f,
            **self._anchored_measures(),
        }

    def _anchored_measures(self) -> dict:
        a, fit = self.anchored, self.anchored_fit
        if a is None or fit is None or a.empty:
            thin = not_enough(0 if a is None else len(a), 3, "the anchored price series", unit="share per year")
            return {"price_decline_per_year_anchored": thin,
                    "price_open_cheapest_share_anchored": replace(thin, unit="share of months")}
        last = a[a["date"] > a["date"].max() - pd.DateOffset(months=12)]
        window = f"{a['date'].iloc[0]:%Y-%m} to {a['date'].iloc[-1]:%Y-%m}"
        return {
            "price_decline_per_year_anchored": fit.factor(window=window).transformed(
                lambda v: 1 - v, "share per year", decreasing=True,
                label="decline of the price of a fixed capability, rating relative to anchor models"),
            "price_open_cheapest_share_anchored": estimate(
                last["open"].mean(), unit="share of months", n=len(last),
                window=f"{last['date'].iloc[0]:%Y-%m} to {last['date'].iloc[-1]:%Y-%m}",
                label="months in which the cheapest capable model is open, rating relative to anchor models"),
        }


def _cheapest_with_fit(prices, capability, threshold, start_date, end_date, confidence):
    c = cheapest_capable_price(prices, capability, threshold, start_date, end_date)
    return c, trends.fit_loglinear(c["decimal_year"], c["price"], confidence, cov_type="HAC")


def price_of_capability(prices: pd.DataFrame, snapshots: pd.DataFrame, threshold: float, start_date: str,
                        price_start_date: str, end_date: str, confidence: float, min_months: int = 2,
                        step: float = 50.0) -> PriceOfCapability:
    """Monthly cheapest price of a model rated at least ``threshold`` (:func:`capability_scores`
    over ``start_date``..``end_date``), from price rows listed on at least ``min_months``
    monthly snapshots (a price seen once is a transcription outlier). The trend is fitted from
    ``price_start_date``, where the price history becomes dense (hourly from February 2025;
    before it, sparse upper bounds); the whole series, the default chain, all price rows and
    ``threshold`` +- ``step`` are variants."""
    capability = capability_scores(snapshots, start_date, end_date)
    listed = prices[months_listed(prices) >= min_months]
    licence = snapshots.groupby(snapshots["model_key"].str.lower())["license_class"].last()
    main, fit = _cheapest_with_fit(listed, capability, threshold, price_start_date, end_date, confidence)
    full, _ = _cheapest_with_fit(listed, capability, threshold, start_date, end_date, confidence)
    for frame in (main, full):
        frame["open"] = frame["model"].map(licence).eq("open_weights")
    last12 = main[main["date"] > main["date"].max() - pd.DateOffset(months=12)]
    recent = trends.fit_loglinear(last12["decimal_year"], last12["price"], confidence, cov_type="HAC")
    default_cap = model_capability(arena_chain(snapshots, False, start_date, end_date))
    variants = [("main: dense window, two-month rule, style-controlled rating", listed, capability, threshold, price_start_date),
                ("whole series (sparse before 2025-02)", listed, capability, threshold, start_date),
                ("default (not style-controlled) rating", listed, default_cap, threshold, price_start_date),
                ("every price row (no two-month rule)", prices, capability, threshold, price_start_date),
                (f"threshold {threshold - step:.0f}", listed, capability, threshold - step, price_start_date),
                (f"threshold {threshold + step:.0f}", listed, capability, threshold + step, price_start_date)]
    rows = []
    for label, p, cap, th, start in variants:
        try:
            c, f = _cheapest_with_fit(p, cap, th, start, end_date, confidence)
            rows.append({"variant": label, "months": f.n, "first month": c["date"].iloc[0].strftime("%Y-%m"),
                         "decline per year": 1 - f.factor_per_year, "CI low": 1 - f.factor_ci[1],
                         "CI high": 1 - f.factor_ci[0]})
        except NotEnoughData as exc:
            rows.append({"variant": label, "months": exc.n})
    try:
        anchored = cheapest_capable_by_snapshot(listed, anchored_snapshots(snapshots, start_date, end_date), threshold,
                                                price_start_date, end_date)
        anchored_fit = trends.fit_loglinear(anchored["decimal_year"], anchored["price"], confidence, cov_type="HAC")
        anchored["open"] = anchored["model"].map(licence).eq("open_weights")
        rows.append({"variant": "capable within each snapshot, rating relative to anchor models", "months": anchored_fit.n,
                     "first month": anchored["date"].iloc[0].strftime("%Y-%m"),
                     "decline per year": 1 - anchored_fit.factor_per_year, "CI low": 1 - anchored_fit.factor_ci[1],
                     "CI high": 1 - anchored_fit.factor_ci[0]})
    except NotEnoughData as exc:
        anchored, anchored_fit = None, None
        rows.append({"variant": "capable within each snapshot, rating relative to anchor models", "months": exc.n})
    return PriceOfCapability(threshold, main, full, fit, recent, pd.DataFrame(rows), anchored, anchored_fit)


# ----------------------------------------------------------------- competition at the top (issue 18)

#: organization names on the Arena that are one company
ORG_ALIASES = {"SpaceXAI": "xAI", "Zhipu AI": "Z.ai", "Bytedance": "ByteDance", "AllenAI/UW": "Ai2", "AllenAI": "Ai2"}
#: the organization of early rows that lack one, by model-name prefix
ORG_BY_PREFIX = {"gpt": "OpenAI", "claude": "Anthropic", "gemini": "Google", "palm": "Google", "bard": "Google",
                 "llama": "Meta"}


def arena_organization(chain: pd.DataFrame) -> pd.Series:
    """The Arena's organization of each row, aliases merged, missing names filled from the
    model name's prefix."""
    org = chain["organization"].fillna("").str.strip().replace(ORG_ALIASES)
    prefix = chain["model"].str.lower().str.extract(r"^([a-z]+)")[0].map(ORG_BY_PREFIX)
    return org.where(org != "", prefix).fillna("unknown")


@dataclass(frozen=True)
class TopConcentration:
    """Who holds the top of the Arena: per snapshot, the distinct organizations among the 10
    best-rated models and the share of those places held by the largest organization and by
    the three largest; averaged by month (snapshots are irregular), with a linear trend (HAC)
    of the monthly number of organizations and the last twelve months against the twelve
    before (HAC)."""

    per_snapshot: pd.DataFrame  # snapshot_date, decimal_year, orgs, top1_share, top3_share, leaders
    monthly: pd.DataFrame  # month, decimal_year, orgs, top1_share, top3_share, snapshots
    trend: trends.GrowthFit
    top: int
    confidence: float = 0.9

    def recent(self, months: int = 12) -> pd.DataFrame:
        p = self.per_snapshot
        return p[p["snapshot_date"] > p["snapshot_date"].max() - pd.DateOffset(months=months)]

    def year_on_year(self, col: str, unit: str) -> Estimate:
        m = self.monthly
        last = m["month"].max()
        window = m[m["month"] > last - pd.DateOffset(months=24)]
        after = window["month"] > last - pd.DateOffset(months=12)
        try:
            return trends.mean_shift(window[col], after, self.confidence, unit=unit,
                                     window=f"{window.loc[after, 'month'].min():%Y-%m} to {last:%Y-%m} against the "
                                            f"12 months before",
                                     label=f"change of the monthly mean ({col}), last 12 months against the 12 before")
        except NotEnoughData as exc:
            return not_enough(exc, unit=unit)

    def measures(self) -> dict:
        r, m = self.recent(), self.monthly
        last12 = m[m["month"] > m["month"].max() - pd.DateOffset(months=12)]
        window = f"{last12['month'].min():%Y-%m} to {last12['month'].max():%Y-%m}"
        prev12 = m[(m["month"] <= m["month"].max() - pd.DateOffset(months=12))
                   & (m["month"] > m["month"].max() - pd.DateOffset(months=24))]
        return {
            "top10_orgs_recent": estimate(float(last12["orgs"].mean()), n=len(last12), unit="organizations", window=window,
                                          label=f"organizations holding the Arena top {self.top}, last 12 months"),
            "top10_orgs_prev": estimate(float(prev12["orgs"].mean()) if len(prev12) else np.nan, n=len(prev12),
                                        unit="organizations", label="the same, the 12 months before"),
            "top10_top3_share_recent": estimate(float(last12["top3_share"].mean()), n=len(last12), unit="share of places",
                                                window=window),
            "top10_top3_share_prev": estimate(float(prev12["top3_share"].mean()) if len(prev12) else np.nan,
                                              n=len(prev12), unit="share of places"),
            "top10_top1_share_recent": estimate(float(last12["top1_share"].mean()), n=len(last12),
                                                unit="share of places", window=window),
            "top10_orgs_change": self.year_on_year("orgs", "organizations"),
            "top10_top3_change": self.year_on_year("top3_share", "share of places"),
            "top10_orgs_trend": self.trend.slope_estimate(
                "organizations per year", window=f"{m['month'].min():%Y-%m} to {m['month'].max():%Y-%m}",
                label=f"trend of the monthly number of organizations in the Arena top {self.top} (HAC)"),
            "top10_months_n": estimate(len(m), unit="months"),
            "top10_snapshots_n": estimate(len(self.per_snapshot), unit="snapshots"),
            "top10_leaders": "; ".join(r["leaders"].str.split("; ").explode().value_counts().head(5).index),
        }


def top_concentration(chain: pd.DataFrame, confidence: float, top: int = 10) -> TopConcentration:
    """Per snapshot of one Arena chain: organizations among the ``top`` best-rated models (a
    weak proxy for competition at the frontier), and their monthly means."""
    c = chain.assign(org=arena_organization(chain))
    rows = []
    for date, grp in c.groupby("snapshot_date"):
        best = grp.sort_values("score", ascending=False, kind="mergesort").head(top)
        counts = best["org"].value_counts()
        rows.append({"snapshot_date": date, "orgs": int(counts.size), "top1_share": float(counts.iloc[0] / len(best)),
                     "top3_share": float(counts.head(3).sum() / len(best)), "leaders": "; ".join(counts.index[:3])})
    if len(rows) < 3:
        raise NotEnoughData(len(rows), 3, "the organizations at the top of the leaderboard (snapshots)")
    per = pd.DataFrame(rows)
    per["decimal_year"] = trends.decimal_year(per["snapshot_date"])
    monthly = (per.assign(month=per["snapshot_date"].dt.to_period("M").dt.to_timestamp())
               .groupby("month").agg(orgs=("orgs", "mean"), top1_share=("top1_share", "mean"),
                                     top3_share=("top3_share", "mean"), snapshots=("orgs", "size")).reset_index())
    monthly["decimal_year"] = trends.decimal_year(monthly["month"])
    return TopConcentration(per, monthly, trends.fit_linear(monthly["decimal_year"], monthly["orgs"], confidence,
                                                            cov_type="HAC"), top, confidence)


# ----------------------------------------------------------------- unsaturated benchmarks (open-80-90)

@dataclass(frozen=True)
class BenchmarkRatios:
    """Best open-weight over best proprietary score on every hub benchmark, among the models
    released in a window; which benchmarks count (unsaturated, enough models of each kind), and
    the median ratio across those with a bootstrap interval over benchmarks."""

    table: pd.DataFrame  # benchmark, n_open, n_closed, best_open, best_closed, frontier, ratio, saturated, counted, reason
    median: Estimate
    window: str
    saturated_at: float

    def measures(self) -> dict:
        counted = self.table[self.table["counted"].astype(bool)]  # an empty object column would select columns
        worst = counted.sort_values("ratio").iloc[0] if len(counted) else None
        return {
            "open_ratio_median": self.median,
            "open_ratio_benchmarks_n": estimate(len(counted), unit="benchmarks"),
            "open_ratio_saturated_n": estimate(int(self.table["saturated"].sum()), unit="benchmarks"),
            "open_ratio_scored_n": estimate(int((self.table["n_open"] + self.table["n_closed"] > 0).sum()),
                                            unit="benchmarks"),
            "open_ratio_above_n": estimate(int((counted["ratio"] >= 0.8).sum()), unit="benchmarks"),
            "open_ratio_worst": (f"{worst['benchmark']} {worst['ratio']:.0%}" if worst is not None else ""),
            "open_ratio_window": self.window,
            "open_ratio_table": self.table.drop(columns=["reason"]),
        }


_SETTING = re.compile(r"_(?:minimal|low|medium|high|xhigh|max|thinking[-_a-z0-9]*|non[-_]?thinking|reasoning|"
                      r"no[-_]?reasoning|\d+k)$")


def base_model(name: str) -> str:
    """A model's name without the serving provider and the run setting, so that one model scored
    at several reasoning efforts (``gpt-oss-120b_high``, ``gpt-oss-120b_low``) or through several
    providers (``fireworks/kimi-k2p5``) counts once."""
    n = str(name).lower().strip().split("/")[-1]
    while True:
        m = _SETTING.sub("", n)
        if m == n:
            break
        n = m
    return re.sub(r"(\d)p(\d)", r"\1.\2", n)


def benchmark_ratios(hub: pd.DataFrame, end_date: str, include_restricted: bool, window_months: int = 12,
                     saturated: float = 0.9, min_models: int = 3, min_benchmarks: int = 3,
                     confidence: float = 0.9) -> BenchmarkRatios:
    """For each benchmark of the hub (scores 0-1): the models released in the ``window_months``
    before ``end_date`` (capped at the hub's last release), the best open-weight and the best
    proprietary score among them, and their ratio. A benchmark counts when its best score is
    below ``saturated`` of the maximum and at least ``min_models`` open and proprietary models
    (distinct models, :func:`base_model`, not their settings) were scored; the median ratio of
    the counted benchmarks gets the distribution-free order-statistic interval
    (:func:`median_interval`, at ``confidence`` and every level of :data:`LEVELS`). Fewer than
    ``min_benchmarks`` counted: not enough data."""
    hub = hub.assign(open=open_from_accessibility(hub["accessibility"], include_restricted),
                     base_model=hub["model"].map(base_model))
    end = min(pd.Timestamp(end_date), hub["release_date"].max()) if len(hub) else pd.Timestamp(end_date)
    start = end - pd.DateOffset(months=window_months)
    window = f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"
    w = hub[(hub["release_date"] > start) & (hub["release_date"] <= end)]
    rows = []
    for name, g in w.groupby("benchmark", sort=True):
        known = g[g["open"].notna()]
        o, c = known[known["open"].astype(bool)], known[~known["open"].astype(bool)]
        n_o, n_c = o["base_model"].nunique(), c["base_model"].nunique()  # models, not their settings
        frontier = float(g["score"].max())
        best_o, best_c = (float(o["score"].max()) if len(o) else np.nan), (float(c["score"].max()) if len(c) else np.nan)
        sat = frontier >= saturated
        enough = n_o >= min_models and n_c >= min_models
        reason = ("saturated" if sat else "") or ("" if enough else f"fewer than {min_models} open or proprietary models")
        rows.append({"benchmark": name, "n_open": n_o, "n_closed": n_c, "best_open": best_o, "best_closed": best_c,
                     "frontier": frontier, "ratio": best_o / best_c if best_c and best_c == best_c else np.nan,
                     "saturated": sat, "counted": bool(enough and not sat and best_c > 0), "reason": reason})
    table = pd.DataFrame(rows, columns=["benchmark", "n_open", "n_closed", "best_open", "best_closed", "frontier", "ratio",
                                        "saturated", "counted", "reason"])
    ratios = table.loc[table["counted"], "ratio"].to_numpy(dtype=float)
    label = "median best open / best proprietary score, unsaturated benchmarks"
    if len(ratios) < min_benchmarks:
        median = not_enough(len(ratios), min_benchmarks, "the median ratio (unsaturated benchmarks)", unit="ratio",
                            window=window, label=label)
    else:
        ci = lambda lv: median_interval(ratios, lv)  # noqa: E731
        median = estimate(float(np.median(ratios)), ci(confidence), levels={lv: ci(lv) for lv in LEVELS},
                          n=len(ratios), confidence=confidence, unit="ratio", window=window, label=label)
    return BenchmarkRatios(table.sort_values(["counted", "ratio"], ascending=[False, True]).reset_index(drop=True),
                           median, window, saturated)


def benchmark_ratio_sensitivity(hub: pd.DataFrame, end_date: str, include_restricted: bool, confidence: float,
                                window_months: int, saturated: float, min_models: int,
                                min_benchmarks: int) -> pd.DataFrame:
    """The median ratio of :func:`benchmark_ratios` under other windows (6 and 24 months), other
    saturation thresholds (80%, 95%), another minimum of models (5) and the stricter open
    definition (permissive licences only). Columns: variant, median, low, high, benchmarks."""
    base = dict(window_months=window_months, saturated=saturated, min_models=min_models, min_benchmarks=min_benchmarks)
    variants = {"as declared": ({}, include_restricted),
                "last 6 months": ({"window_months": 6}, include_restricted),
                "last 24 months": ({"window_months": 24}, include_restricted),
                "saturated at 80%": ({"saturated": 0.8}, include_restricted),
                "saturated at 95%": ({"saturated": 0.95}, include_restricted),
                "at least 5 models of each kind": ({"min_models": 5}, include_restricted),
                "open = permissive licences only": ({}, False)}
    rows = []
    for name, (over, restricted) in variants.items():
        m = benchmark_ratios(hub, end_date, restricted, confidence=confidence, **{**base, **over}).median
        rows.append({"variant": name, "median": m.value, "low": m.ci_low, "high": m.ci_high, "benchmarks": m.n})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------- do customers leave the premium models? (issue 24)

def open_usage(usage: pd.DataFrame) -> dict:
    """The open-weight share of enterprise LLM workloads in Menlo Ventures' surveys (latest
    edition, and its change from the edition before: percentage points), and the open-weight
    share of OpenRouter's tokens (developer traffic) beside. Survey shares carry no published
    interval."""
    menlo = usage[(usage["series"] == "menlo_enterprise_open_share") & (usage["publisher"] == "Menlo Ventures")]
    menlo = menlo.sort_values("published")
    out: dict = {}
    if menlo.empty:
        out["open_usage_share_latest"] = not_enough(0, 1, "a survey edition", unit="percent of workloads")
        return out
    last = menlo.iloc[-1]
    out["open_usage_share_latest"] = estimate(float(last["value_pct"]), unit="percent of workloads",
                                              window=str(last["period"]), label=f"{last['publisher']} survey")
    out["open_usage_latest_period"] = str(last["period"])
    if len(menlo) > 1:
        prev = menlo.iloc[-2]
        out["open_usage_share_change"] = estimate(float(last["value_pct"] - prev["value_pct"]),
                                                  unit="percentage points", window=str(prev["period"]))
        out["open_usage_share_prev"] = estimate(float(prev["value_pct"]), unit="percent of workloads",
                                                window=str(prev["period"]))
        out["open_usage_prev_period"] = str(prev["period"])
    router = usage[usage["series"] == "openrouter_open_token_share"].sort_values("published")
    if len(router):
        out["open_token_share_latest"] = estimate(float(router["value_pct"].iloc[-1]), unit="percent of tokens",
                                                  window=str(router["period"].iloc[-1]))
    return out


# ----------------------------------------------------------------- the chapter

#: which benchmarks of the Hub say something about "80-90% of the performance" (the open-80-90
#: claim's rule reads the median over them): models of the last 12 months of the data, a
#: benchmark counted while its best score is below 90% of its maximum and with at least 3 open
#: and 3 proprietary models, and at least 3 such benchmarks for a median
BENCH_WINDOW_MONTHS = 12
BENCH_SATURATED = 0.9
BENCH_MIN_MODELS = 3
BENCH_MIN_BENCHMARKS = 3

def measures(p, *, data, robustness: bool = True, upstream=None):
    """The open-models chapter (``p``: its Params, :mod:`middleclass.chapters`; ``data``: the
    sources cut at ``p.as_of``): the Arena gap and its trend (rating points, percent of the
    proprietary score), the open models' lag on the capability index (months), the open/closed
    ratios on benchmarks (the unsaturated ones of the Benchmarking Hub), who pays for which
    models, the open share of notable models, the price of a fixed capability (USD per million
    tokens) and the organizations at the top of the Arena; (``robustness``) the gap under other
    chains and windows. Parts for the charts: gap, lags, ratios, hub_ratios, hub_sens, share,
    price, top, gap_sens."""
    from .chapter import ChapterResult

    out = ChapterResult("open-models", p)
    arena = data.arena_snapshots()
    with out.section("the Arena gap"):
        gap = arena_gap_trend(arena, p.style_control, p.start_date, p.end_date, p.include_online_elo,
                              p.open_includes_restricted, p.confidence, p.gap_threshold_pct)
        out.record(gap.measures())
        out.keep(gap=gap)
    eci = with_open(data.eci(), p.open_includes_restricted)
    bench = with_open(data.benchmarks(), p.open_includes_restricted)
    with out.section("the lag of open models"):
        lags = frontier_lags(eci, bench, p.start_date, p.end_date, p.confidence)
        out.record(lags.measures())
        out.keep(lags=lags)
    with out.section("the benchmark ratios"):
        ratios = frontier_ratios(bench, gap.gap, p.start_date, p.end_date)
        out.record(ratios.measures())
        out.keep(ratios=ratios)
    hub = data.benchmark_hub()
    with out.section("the unsaturated benchmarks"):
        rules = (BENCH_WINDOW_MONTHS, BENCH_SATURATED, BENCH_MIN_MODELS, BENCH_MIN_BENCHMARKS)
        hub_ratios = benchmark_ratios(hub, p.end_date, p.open_includes_restricted, *rules, p.confidence)
        out.record(hub_ratios.measures())
        out.keep(hub_ratios=hub_ratios)
        if robustness:
            out.keep(hub_sens=benchmark_ratio_sensitivity(hub, p.end_date, p.open_includes_restricted, p.confidence,
                                                          *rules))
    usage = data.curated("open_model_usage")
    with out.section("who pays for which models"):
        out.record(open_usage(usage))
    notable = data.notable_models()
    with out.section("the open share of notable models"):
        share = open_share(notable, p.share_start_year, p.end_date, p.open_includes_restricted, p.confidence)
        out.record(share.measures())
        out.keep(share=share)
    prices = data.litellm_prices()
    with out.section("the price of capability"):
        # the price trend starts no earlier than the window (a default left behind by a later start_date)
        price = price_of_capability(prices, arena, p.capability_threshold, p.start_date,
                                    max(p.price_start_date, p.start_date), p.end_date, p.confidence, p.price_min_months)
        out.record(price.measures())
        out.keep(price=price)
    with out.section("the top of the leaderboard"):
        top = top_concentration(arena_chain(arena, p.style_control, p.start_date, p.end_date, p.include_online_elo),
                                p.confidence)
        out.record(top.measures())
        out.keep(top=top)
    if robustness:
        with out.section("the sensitivity of the Arena gap"):
            out.keep(gap_sens=gap_sensitivity(arena, p.style_control, p.start_date, p.end_date, p.include_online_elo,
                                              p.open_includes_restricted, p.confidence))
    return out
