"""Chapter 3 (capital concentration): totals, investment per newly funded company, the top-k
companies' share of AI private investment, concentration within deal samples, and mid-size
rounds. Amounts in USD (AI Index totals in constant 2021 USD, rounds nominal), shares as
fractions, HHI on a 0-1 scale.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import trends
from .measures import NotEnoughData, estimate, not_enough


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


# ----------------------------------------------------------------- chapter sections

@dataclass(frozen=True)
class Totals:
    """AI Index world totals (2021 USD), investment per newly funded company, generative AI's
    share, and the transcribed OECD.AI 2025 VC figures (nominal USD)."""

    regions: pd.DataFrame  # entity, year, investment_usd
    world: pd.Series
    growth: trends.GrowthFit
    per_company: pd.Series
    per_company_fit: trends.GrowthFit
    newly_funded: pd.Series
    genai_share: pd.Series
    oecd_2025: pd.Series  # country -> nominal USD

    def measures(self) -> dict:
        w, first, last = self.world, int(self.world.index.min()), int(self.world.index.max())
        window = f"{first}–{last}"
        return {
            "totals_first_year": estimate(first, unit="year"), "totals_last_year": estimate(last, unit="year"),
            "world_total_last_billion": estimate(w.iloc[-1] / 1e9, unit="billion 2021 USD", window=str(last),
                                                 label="world AI private investment"),
            "world_total_peak_year": estimate(int(w.idxmax()), unit="year"),
            "investment_growth_per_year": self.growth.factor(window=window, label="growth of AI private investment"),
            "investment_growth_n": estimate(self.growth.n, unit="years"),
            "per_company_last_million": estimate(self.per_company.iloc[-1] / 1e6, unit="million 2021 USD"),
            "per_company_first_million": estimate(self.per_company.iloc[0] / 1e6, unit="million 2021 USD"),
            "per_company_growth": self.per_company_fit.factor(label="growth of investment per newly funded company"),
            "newly_funded_last": estimate(self.newly_funded.iloc[-1], unit="companies", window=str(last)),
            "genai_share_latest": estimate(self.genai_share.iloc[-1], unit="share", window=str(int(self.genai_share.index[-1]))),
            "genai_share_first": estimate(self.genai_share.iloc[0], unit="share", window=str(int(self.genai_share.index[0]))),
            "genai_first_year": estimate(int(self.genai_share.index[0]), unit="year"),
            "oecd_usa_2025_billion": estimate(self.oecd_2025.get("USA", np.nan) / 1e9, unit="billion USD (nominal)"),
            "oecd_gpai_2025_billion": estimate(self.oecd_2025.get("GPAI", np.nan) / 1e9, unit="billion USD (nominal)"),
        }


def totals(investment: pd.DataFrame, newly_funded: pd.DataFrame, genai: pd.DataFrame, oecd: pd.DataFrame,
           start_year: int, end_year: int, confidence: float) -> Totals:
    """Yearly totals inside ``start_year``..``end_year`` with log-linear trends (HC1)."""
    inv = investment[investment["year"].between(start_year, end_year)]
    world = world_series(inv, "investment_usd")
    newly = world_series(newly_funded[newly_funded["year"].between(start_year, end_year)], "companies")
    per_company = (world / newly).dropna()
    fit = lambda s: trends.fit_loglinear(s.index.to_numpy(dtype=float), s.to_numpy(), confidence)  # noqa: E731
    oecd_2025 = oecd[(oecd["year"] == 2025) & oecd["country"].isin(["USA", "CHN", "GPAI"])].set_index("country")["vc_usd"]
    return Totals(inv, world, fit(world), per_company, fit(per_company), newly,
                  (world_series(genai, "genai_usd") / world).dropna(), oecd_2025)


@dataclass(frozen=True)
class TopShare:
    """Lower bound on the top-k companies' share of AI private investment from the curated
    $1B+ rounds, its linear trend, and the curated table's coverage of the AI Index count."""

    k: int
    mega: pd.DataFrame
    shares: pd.DataFrame  # year, companies, top_k_usd, total_usd, share
    fit: trends.GrowthFit | None
    coverage: pd.DataFrame  # year, ai_index_events, curated_rounds, coverage

    @property
    def latest(self) -> pd.Series:
        return self.shares.iloc[-1]

    def measures(self) -> dict:
        last = self.latest
        trend = (self.fit.slope_estimate("share per year", label=f"trend of the top-{self.k} share lower bound")
                 if self.fit else not_enough(len(self.shares), 3, "a trend (years)", unit="share per year"))
        return {
            "top_k": estimate(self.k, unit="companies"),
            "mega_rounds_n": estimate(len(self.mega), unit="rounds"),
            "top_k_share_latest": estimate(last["share"], unit="share (lower bound)", window=str(int(last["year"])),
                                           label=f"lower bound on the top-{self.k} share of AI private investment"),
            "top_k_share_year": estimate(last["year"], unit="year"),
            "top_k_usd_latest_billion": estimate(last["top_k_usd"] / 1e9, unit="billion USD"),
            "top_k_share_trend": trend,
            "top_k_share_trend_n": estimate(trend.n or 0, unit="years"),
            "mega_2025_billion": estimate(self.mega.loc[self.mega["year"] == 2025, "amount_usd"].sum() / 1e9,
                                          unit="billion USD"),
            "coverage_latest": estimate(self.coverage["coverage"].iloc[-1] if len(self.coverage) else np.nan,
                                        unit="share of AI Index $1B+ events"),
        }


def top_share(mega: pd.DataFrame, world: pd.Series, size_bands: pd.DataFrame, k: int, start_year: int, end_year: int,
              confidence: float) -> TopShare:
    """:func:`top_k_share` inside the window, a linear trend (HC1) when there are 3 years or
    more, and :func:`mega_round_coverage`."""
    mega = mega[mega["year"].between(start_year, end_year)]
    shares = top_k_share(mega, world, k)
    fit = trends.fit_linear(shares["year"].astype(float), shares["share"], confidence, cov_type="HC1") if len(shares) >= 3 else None
    cov = mega_round_coverage(mega, size_bands)
    return TopShare(k, mega, shares, fit, cov[cov["year"].between(start_year, end_year)])


@dataclass(frozen=True)
class DealSample:
    """Mid-size rounds and concentration in deal-level data (bundled samples or an author file)."""

    deals: pd.DataFrame
    source: str  # 'bundled' or 'author'
    low_usd: float
    high_usd: float
    band: pd.DataFrame
    concentration: pd.DataFrame
    main_sample: str
    trend: trends.CountTrend | None

    def measures(self) -> dict:
        main = self.band[self.band["sample"] == self.main_sample]
        last = main.iloc[-1]
        conc = self.concentration[self.concentration["sample"] == self.main_sample].iloc[-1]
        trend = (self.trend.estimate(label="trend of mid-size rounds in the deal sample") if self.trend else
                 not_enough(len(main), 3, "a count trend (years)", unit="rate ratio per year"))
        return {
            "rounds_n": estimate(len(self.deals), unit="rounds"),
            "rounds_source": self.source,
            "rounds_ai_n": estimate(self.deals["is_ai"].sum(), unit="rounds"),
            "mid_band_low_million": estimate(self.low_usd / 1e6, unit="million USD"),
            "mid_band_high_million": estimate(self.high_usd / 1e6, unit="million USD"),
            "mid_band_share_latest": estimate(last["band_share"], n=last["rounds"], unit="share of disclosed AI rounds",
                                              window=str(int(last["year"]))),
            "mid_band_year_latest": estimate(last["year"], unit="year"),
            "mid_band_rounds_latest": estimate(last["band_rounds"], unit="rounds"),
            "mid_band_trend": trend,
            "mid_band_trend_n": estimate(trend.n or 0, unit="years"),
            "hhi_sample_latest": estimate(conc["hhi"], unit="HHI (0-1)"),
            "gini_sample_latest": estimate(conc["gini"], unit="Gini (0-1)"),
            "top_company_share_sample_latest": estimate(conc["top_company_share"], unit="share"),
        }


def deal_sample(deals: pd.DataFrame, source: str, low_usd: float, high_usd: float, start_year: int, end_year: int,
                confidence: float) -> DealSample:
    """Rounds in the band per sample and year (the last sample listed is the one measured),
    a Poisson trend of its yearly count, and money concentration by company."""
    deals = deals[deals["year"].between(start_year, end_year + 1)]
    band = band_by_year(deals, low_usd, high_usd)
    main = band["sample"].iloc[-1]
    sub = band[band["sample"] == main]
    try:
        trend = trends.count_trend(sub["year"], sub["band_rounds"], confidence)
    except NotEnoughData:
        trend = None
    return DealSample(deals, source, low_usd, high_usd, band, concentration_by_year(deals), main, trend)


@dataclass(frozen=True)
class CensusBands:
    """AI Index counts of investment events by size band; change of the mid-scale count between
    the last two years with a full breakdown (Poisson rate ratio)."""

    table: pd.DataFrame
    prev: pd.Series
    last: pd.Series
    change: trends.CountTrend

    def measures(self) -> dict:
        p, l, t = self.prev, self.last, self.table.set_index("year")
        events = lambda row, band: estimate(int(row[band]) if pd.notna(row.get(band)) else np.nan, unit="events")  # noqa: E731
        return {
            "census_mid_prev_year": estimate(int(p["year"]), unit="year"),
            "census_mid_last_year": estimate(int(l["year"]), unit="year"),
            "census_mid_prev": events(p, "mid_scale"), "census_mid_last": events(l, "mid_scale"),
            "census_mid_share_prev": estimate(p.get("mid_scale_share", np.nan), unit="share of disclosed events"),
            "census_mid_share_last": estimate(l.get("mid_scale_share", np.nan), unit="share of disclosed events"),
            "census_mid_ratio": self.change.estimate(unit="rate ratio", window=f"{int(p['year'])}–{int(l['year'])}",
                                                     label="$50-500M events, last year over the year before"),
            "census_1b_last": events(l, "over_1b"), "census_1b_prev": events(p, "over_1b"),
            "census_500m_2020": events(t.loc[2020], "500m_plus") if 2020 in t.index else estimate(np.nan, unit="events"),
            "census_500m_last": events(l, "500m_plus"),
        }


def census_bands(size_bands: pd.DataFrame, confidence: float) -> CensusBands:
    """:func:`size_band_table` and the rate ratio of mid-scale events over the last two years
    with a full breakdown."""
    table = size_band_table(size_bands)
    full = table.dropna(subset=["mid_scale"]).sort_values("year") if "mid_scale" in table else table.iloc[:0]
    if len(full) < 2:
        raise NotEnoughData(len(full), 2, "a change of mid-scale counts (years with a full breakdown)")
    prev, last = full.iloc[-2], full.iloc[-1]
    return CensusBands(table, prev, last, trends.poisson_rate_ratio(prev["mid_scale"], last["mid_scale"], confidence))
