"""Chapter 3 (capital concentration): totals, investment per newly funded company, the top-k
companies' share of AI private investment, concentration within deal samples, and mid-size
rounds. Amounts in USD (AI Index totals in constant 2021 USD, rounds nominal), shares as
fractions, HHI on a 0-1 scale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from . import trends
from .concentration import gini, hhi
from .measures import NotEnoughData, estimate, not_enough


def world_series(frame: pd.DataFrame, value: str, entity: str = "World") -> pd.Series:
    """One entity's yearly values, indexed by year."""
    s = frame[frame["entity"] == entity].set_index("year")[value].sort_index()
    return s.astype(float)


def deflate(usd: pd.Series, years: pd.Series, cpi: pd.Series, base_year: int = 2021) -> pd.Series:
    """Nominal USD of each year in ``base_year`` dollars with the CPI (year -> index)."""
    return usd * float(cpi[base_year]) / years.map(cpi).astype(float)


def top_k_share(mega: pd.DataFrame, world_total: pd.Series, k: int, cpi: pd.Series | None = None) -> pd.DataFrame:
    """Per year: the k companies with the most disclosed $1B+ round money, their sum, and that
    sum as a share of the year's total AI private investment.

    Only rounds in the curated table count, so the share is a *lower bound* on the top-k share
    (smaller rounds of the same companies and undisclosed rounds are missing). With ``cpi``
    the rounds (nominal USD) are deflated to 2021 dollars, the dollars of the AI Index total.
    Columns: year, companies (names, '; '), top_k_usd_nominal, top_k_usd, total_usd, share.
    """
    rows = []
    for year, grp in mega.groupby("year"):
        if year not in world_total.index:
            continue
        by_company = grp.groupby("company")["amount_usd"].sum().sort_values(ascending=False, kind="mergesort")
        top = by_company.head(k)
        nominal = float(top.sum())
        real = nominal * float(cpi[2021]) / float(cpi[year]) if cpi is not None and year in cpi.index else nominal
        rows.append({"year": int(year), "companies": "; ".join(top.index), "top_k_usd_nominal": nominal,
                     "top_k_usd": real, "total_usd": float(world_total[year]), "share": real / float(world_total[year])})
    return pd.DataFrame(rows, columns=["year", "companies", "top_k_usd_nominal", "top_k_usd", "total_usd", "share"])


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


#: AI Index funding-size bands and their dollar edges [low, high)
BAND_EDGES = {"under_50m": (0.0, 50e6), "50m_100m": (50e6, 100e6), "100m_500m": (100e6, 500e6),
              "500m_1b": (500e6, 1e9), "over_1b": (1e9, float("inf"))}
SIZE_BANDS = list(BAND_EDGES)


def bands_for(low_usd: float, high_usd: float) -> list[str] | None:
    """The AI Index bands that together make up exactly [low_usd, high_usd), or None when the
    bands cannot form it (e.g. $10M-$100M: the under-$50M band has no finer split)."""
    chosen = [b for b, (lo, hi) in BAND_EDGES.items() if lo >= low_usd and hi <= high_usd]
    if not chosen:
        return None
    lo, hi = BAND_EDGES[chosen[0]][0], BAND_EDGES[chosen[-1]][1]
    return chosen if (lo == low_usd and hi == high_usd) else None


def band_label(low_usd: float, high_usd: float) -> str:
    """'$50–500M', '$1B+'."""
    fmt = lambda v: f"{v / 1e9:g}B" if v >= 1e9 else f"{v / 1e6:g}M"  # noqa: E731
    return f"${fmt(low_usd)}+" if high_usd == float("inf") else f"${fmt(low_usd)[:-1] if fmt(low_usd)[-1] == fmt(high_usd)[-1] else fmt(low_usd)}–{fmt(high_usd)}"


def size_band_table(bands: pd.DataFrame, low_usd: float = 50e6, high_usd: float = 500e6) -> pd.DataFrame:
    """The AI Index counts of private investment events by size band, one row per (report,
    year): a column per band printed, ``disclosed`` (the size bands added up, when all five are
    printed), ``in_band`` (events in [low_usd, high_usd), missing when a band it needs is
    missing), ``in_band_share`` (of disclosed events) and ``500m_plus`` (derived when not given).
    Counts of the same year differ between editions (the AI Index revises them)."""
    key = ["report", "published", "year"] if "report" in bands else ["year"]
    wide = bands.pivot_table(index=key, columns="band", values="events", aggfunc="sum").reset_index()
    wide.columns.name = None
    if set(SIZE_BANDS) <= set(wide.columns):
        wide["disclosed"] = wide[SIZE_BANDS].sum(axis=1, min_count=len(SIZE_BANDS))
    chosen = bands_for(low_usd, high_usd)
    if chosen and set(chosen) <= set(wide.columns):
        wide["in_band"] = wide[chosen].sum(axis=1, min_count=len(chosen))
        if "disclosed" in wide:
            wide["in_band_share"] = wide["in_band"] / wide["disclosed"]
    if {"over_1b", "500m_1b"} <= set(wide.columns):
        derived = wide["over_1b"] + wide["500m_1b"]
        wide["500m_plus"] = wide["500m_plus"].fillna(derived) if "500m_plus" in wide else derived
    return wide.sort_values(["year"] + (["published"] if "published" in wide else [])).reset_index(drop=True)


def year_pairs(table: pd.DataFrame, confidence: float) -> pd.DataFrame:
    """Consecutive years printed side by side in the same report edition, with the Poisson
    rate ratio of their in-band counts. Columns: report, published, year_from, year_to, from,
    to, ratio, low, high (and the CountTrend in ``change``)."""
    rows = []
    if "in_band" not in table:
        return pd.DataFrame(columns=["report", "published", "year_from", "year_to", "from", "to", "ratio", "low", "high",
                                     "change"])
    for (report, published), grp in table.dropna(subset=["in_band"]).groupby(["report", "published"]):
        g = grp.set_index("year")["in_band"]
        for y in g.index:
            if y + 1 in g.index and g[y] > 0 and g[y + 1] > 0:
                c = trends.poisson_rate_ratio(g[y], g[y + 1], confidence)
                rows.append({"report": report, "published": published, "year_from": int(y), "year_to": int(y + 1),
                             "from": int(g[y]), "to": int(g[y + 1]), "ratio": c.rate_ratio, "low": c.ci_low,
                             "high": c.ci_high, "change": c})
    return pd.DataFrame(rows, columns=["report", "published", "year_from", "year_to", "from", "to", "ratio", "low", "high",
                                       "change"]).sort_values(["year_from", "published"]).reset_index(drop=True)


def mega_round_coverage(mega: pd.DataFrame, bands: pd.DataFrame) -> pd.DataFrame:
    """Per year with an AI Index count of $1B+ events (the latest edition that prints it): that
    count, the rounds of $1B+ in the curated table, and their ratio (how much of the census the
    curated table holds; can exceed 1 where the table counts rounds the AI Index does not, e.g.
    big-tech subsidiaries)."""
    over = bands[bands["band"] == "over_1b"]
    if "published" in over:
        over = over.sort_values("published")
    counts = over.groupby("year")["events"].last()
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
    genai: pd.Series  # year -> generative-AI investment (2021 USD)

    def _genai(self) -> dict:
        g = self.genai_share
        if g.empty:  # the generative-AI series starts in 2019
            thin = not_enough(0, 1, "a year of generative-AI investment", unit="share")
            return {"genai_share_latest": thin, "genai_share_first": thin,
                    "genai_first_year": not_enough(0, 1, "a year of generative-AI investment", unit="year")}
        return {"genai_share_latest": estimate(g.iloc[-1], unit="share", window=str(int(g.index[-1]))),
                "genai_share_first": estimate(g.iloc[0], unit="share", window=str(int(g.index[0]))),
                "genai_first_year": estimate(int(g.index[0]), unit="year")}

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
            **self._genai(),
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
    genai_world = world_series(genai, "genai_usd")
    return Totals(inv, world, fit(world), per_company, fit(per_company), newly, (genai_world / world).dropna(), oecd_2025,
                  genai_world)


@dataclass(frozen=True)
class TopShare:
    """Lower bound on the top-k companies' share of AI private investment from the curated
    $1B+ rounds (deflated to the 2021 dollars of the AI Index total), beside the curated
    table's coverage of the AI Index count of $1B+ events, and the same bound without the
    rounds that may fall outside Quid's scope. No trend is fitted: the bound rises with the
    table's coverage."""

    k: int
    mega: pd.DataFrame
    shares: pd.DataFrame  # year, companies, top_k_usd_nominal, top_k_usd, total_usd, share, coverage, share_in_scope
    coverage: pd.DataFrame  # year, ai_index_events, curated_rounds, coverage
    bands: pd.DataFrame | None = None  # AI Index size bands (for what a majority would need)
    majority: float = 0.5

    def majority_needs(self) -> dict:
        """What a majority would need in the latest year, in 2021 USD: the gap between the bound
        and ``majority`` of the total; the most the AI Index's $500M-1B events could add if every
        one were a top-k company's and as large as the band allows ($1B nominal each); and the
        $1B+ events of the census missing from the curated table, which would have to carry the
        rest."""
        last = self.latest
        year = int(last["year"])
        gap = max(self.majority * last["total_usd"] - last["top_k_usd"], 0.0)
        deflator = last["top_k_usd"] / last["top_k_usd_nominal"] if last["top_k_usd_nominal"] else 1.0
        b = self.bands[(self.bands["year"] == year) & (self.bands["band"] == "500m_1b")] if self.bands is not None \
            else pd.DataFrame()
        cov = self.coverage.set_index("year")
        if b.empty or year not in cov.index:  # no AI Index size bands for that year (yet)
            thin = not_enough(0, 1, f"the AI Index size bands for {year}")
            return {key: replace(thin, unit=unit) for key, unit in (
                ("top_k_majority_gap_billion", "billion 2021 USD"), ("top_k_500m_1b_events", "events"),
                ("top_k_500m_1b_max_billion", "billion 2021 USD"), ("top_k_missing_1b_events", "events"),
                ("top_k_gap_after_band_billion", "billion 2021 USD"),
                ("top_k_gap_per_missing_billion", "billion 2021 USD per event"))}
        if "published" in b:
            b = b.sort_values("published")
        n_500m = int(b["events"].iloc[-1])
        missing = int(max(cov.loc[year, "ai_index_events"] - cov.loc[year, "curated_rounds"], 0))
        band_max = n_500m * 1e9 * deflator
        rest = max(gap - band_max, 0.0)
        w = str(year)
        year_rounds = self.mega[self.mega["year"] == year]["amount_usd"]
        largest = float(year_rounds.max()) * deflator if len(year_rounds) else np.nan
        likely = (self.mega[(self.mega["year"] == year) & (self.mega["quid_scope"] == "likely")]
                  if "quid_scope" in self.mega else self.mega[self.mega["year"] == year])
        top_in_scope = float(likely.groupby("company")["amount_usd"].sum().nlargest(self.k).sum()) * deflator
        missing_in_scope = int(max(cov.loc[year, "ai_index_events"] - len(likely), 0))
        return {
            "top_k_usd_in_scope_billion": estimate(top_in_scope / 1e9, unit="billion 2021 USD", window=w,
                                                   label="the top ten's $1B+ rounds surely inside the AI Index's scope"),
            "top_k_missing_1b_events_in_scope": estimate(missing_in_scope, unit="events", window=w,
                                                         label="$1B+ events missing if the uncertain rounds lie outside "
                                                               "the AI Index's scope"),
            "top_k_total_billion": estimate(last["total_usd"] / 1e9, unit="billion 2021 USD", window=w,
                                            label="AI private investment (AI Index)"),
            "top_k_largest_round_billion": estimate(largest / 1e9, unit="billion 2021 USD", window=w,
                                                    label="largest $1B+ round recorded that year"),
            "top_k_majority_gap_billion": estimate(gap / 1e9, unit="billion 2021 USD", window=w,
                                                   label=f"what the top {self.k} would need beyond the bound for a majority"),
            "top_k_500m_1b_events": estimate(n_500m, unit="events", window=w),
            "top_k_500m_1b_max_billion": estimate(band_max / 1e9, unit="billion 2021 USD", window=w),
            "top_k_missing_1b_events": estimate(missing, unit="events", window=w),
            "top_k_gap_after_band_billion": estimate(rest / 1e9, unit="billion 2021 USD", window=w),
            "top_k_gap_per_missing_billion": (estimate(rest / missing / 1e9, unit="billion 2021 USD per event", window=w)
                                              if missing else estimate(float("nan"), unit="billion 2021 USD per event")),
        }

    @property
    def latest(self) -> pd.Series:
        return self.shares.iloc[-1]

    def measures(self) -> dict:
        last = self.latest
        year = str(int(last["year"]))
        return {
            "top_k": estimate(self.k, unit="companies"),
            "mega_rounds_n": estimate(len(self.mega), unit="rounds"),
            "mega_rounds_uncertain_n": estimate(int((self.mega["quid_scope"] == "uncertain").sum())
                                                if "quid_scope" in self.mega else 0, unit="rounds"),
            "top_k_share_latest": estimate(last["share"], unit="share (lower bound)", window=year,
                                           label=f"lower bound on the top-{self.k} share of AI private investment"),
            "top_k_share_in_scope_latest": estimate(last["share_in_scope"], unit="share (lower bound)", window=year,
                                                    label="the same without rounds possibly outside Quid's scope"),
            "top_k_share_year": estimate(int(last["year"]), unit="year"),
            "top_k_share_first": estimate(self.shares["share"].iloc[0], unit="share (lower bound)",
                                          window=str(int(self.shares["year"].iloc[0]))),
            "top_k_share_first_year": estimate(int(self.shares["year"].iloc[0]), unit="year"),
            "top_k_usd_latest_billion": estimate(last["top_k_usd"] / 1e9, unit="billion 2021 USD", window=year),
            "top_k_usd_latest_nominal_billion": estimate(last["top_k_usd_nominal"] / 1e9, unit="billion USD", window=year),
            "mega_2025_billion": estimate(self.mega.loc[self.mega["year"] == 2025, "amount_usd"].sum() / 1e9,
                                          unit="billion USD"),
            "coverage_latest": estimate(last["coverage"], unit="share of AI Index $1B+ events", window=year),
            **self.majority_needs(),
        }


def top_share(mega: pd.DataFrame, world: pd.Series, size_bands: pd.DataFrame, k: int, start_year: int, end_year: int,
              cpi: pd.Series | None = None) -> TopShare:
    """:func:`top_k_share` inside the window (deflated with ``cpi``), with the curated table's
    coverage of the AI Index $1B+ count beside each year and the share counting only rounds
    whose ``quid_scope`` is 'likely'."""
    mega = mega[mega["year"].between(start_year, end_year)]
    shares = top_k_share(mega, world, k, cpi)
    if shares.empty:
        raise NotEnoughData(0, 1, "the top companies' share (a year with curated $1B+ rounds and an AI Index total)")
    likely = mega[mega["quid_scope"] == "likely"] if "quid_scope" in mega else mega
    in_scope = top_k_share(likely, world, k, cpi).set_index("year")["share"]
    cov = mega_round_coverage(mega, size_bands)
    cov = cov[cov["year"].between(start_year, end_year)]
    shares["coverage"] = shares["year"].map(cov.set_index("year")["coverage"])
    shares["share_in_scope"] = shares["year"].map(in_scope).fillna(0.0)
    return TopShare(k, mega, shares, cov, size_bands)


def bound_after(mega: pd.DataFrame, records_table: pd.DataFrame, size_bands: pd.DataFrame, k: int, after: int,
                cpi: pd.Series) -> dict:
    """The top-k lower bound for the first year after ``after`` that a later AI Index edition
    adds to the series (``records_table``: year, investment_usd in 2021 USD, from
    :func:`funding_records`), with the curated table's coverage of that year's $1B+ events."""
    world = records_table.set_index("year")["investment_usd"]
    later = [int(y) for y in world.index if y > after and (mega["year"] == y).any()]
    if not later:
        return {"top_k_share_next": not_enough(0, 1, "a later year with a total and curated rounds", unit="share"),
                "top_k_share_next_year": estimate(after + 1, unit="year"),
                "coverage_next": estimate(float("nan"), unit="share of AI Index $1B+ events")}
    year = later[0]
    bound = top_share(mega, world, size_bands, k, year, year, cpi)
    last = bound.latest
    return {"top_k_share_next": estimate(last["share"], unit="share (lower bound)", window=str(year),
                                         label=f"lower bound on the top-{k} share, {year}"),
            "top_k_share_next_year": estimate(year, unit="year"),
            "coverage_next": estimate(last["coverage"], unit="share of AI Index $1B+ events", window=str(year)),
            "census_1b_next": estimate(int(bound.coverage["ai_index_events"].iloc[-1]), unit="events", window=str(year))}


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


def dropped_deals(deals: pd.DataFrame, start_year: int, end_year: int) -> list[str]:
    """The rows of a deal file the deal sample leaves out, one line per reason with the count:
    dated outside ``start_year``..``end_year``, or in it without an amount (blank or NaN)."""
    outside = ~deals["year"].between(start_year, end_year)
    no_amount = deals["amount_usd"].isna() & ~outside
    out = []
    if outside.any():
        out.append(f"{int(outside.sum())} deal row(s) dropped: dated outside the years {start_year}–{end_year} "
                   "(start_year, end_year)")
    if no_amount.any():
        out.append(f"{int(no_amount.sum())} deal row(s) dropped: no amount (amount_usd blank or NaN)")
    return out


def deal_sample(deals: pd.DataFrame, source: str, low_usd: float, high_usd: float, start_year: int, end_year: int,
                confidence: float) -> DealSample:
    """Rounds in the band per sample and year (the last sample listed is the one measured),
    a Poisson trend of its yearly count, and money concentration by company."""
    deals = deals[deals["year"].between(start_year, end_year)]
    band = band_by_year(deals, low_usd, high_usd)
    if band.empty:
        raise NotEnoughData(0, 1, f"the deal sample (AI rounds with a disclosed amount, {start_year}–{end_year})")
    main = band["sample"].iloc[-1]
    sub = band[band["sample"] == main]
    try:
        trend = trends.count_trend(sub["year"], sub["band_rounds"], confidence)
    except NotEnoughData:
        trend = None
    return DealSample(deals, source, low_usd, high_usd, band, concentration_by_year(deals), main, trend)


@dataclass(frozen=True)
class CensusBands:
    """AI Index counts of investment events by size band and the change of the in-band count
    between consecutive years printed in one report edition (Poisson rate ratio): the article's
    year against the year before (``main``) and the year after (``next``)."""

    table: pd.DataFrame  # size_band_table()
    pairs: pd.DataFrame  # year_pairs()
    low_usd: float
    high_usd: float
    claim_year: int
    main: pd.Series | None
    next: pd.Series | None
    confidence: float
    prev: pd.Series | None = None  # the year before the article's pair (context)

    @property
    def label(self) -> str:
        return band_label(self.low_usd, self.high_usd)

    def _row(self, report: str, year: int) -> pd.Series:
        t = self.table
        return t[(t["report"] == report) & (t["year"] == year)].iloc[0]

    def measures(self) -> dict:
        out = {"mid_band_label": self.label}
        if self.main is None:
            why = ("the AI Index bands cannot form this band" if bands_for(self.low_usd, self.high_usd) is None else
                   f"no report prints {self.claim_year - 1} and {self.claim_year} side by side")
            out["census_mid_ratio"] = replace(not_enough(0, 2, "a change of the census count"), note=f"{why} ({self.label})")
            return out
        m = self.main
        prev, last = self._row(m["report"], m["year_from"]), self._row(m["report"], m["year_to"])
        events = lambda row, band: estimate(int(row[band]) if band in row and pd.notna(row[band]) else np.nan,  # noqa: E731
                                            unit="events", window=f"{int(row['year'])} ({m['report']})")
        window = f"{int(m['year_from'])} to {int(m['year_to'])} ({m['report']})"
        out.update({
            "census_mid_prev_year": estimate(int(m["year_from"]), unit="year"),
            "census_mid_last_year": estimate(int(m["year_to"]), unit="year"),
            "census_mid_prev": events(prev, "in_band"), "census_mid_last": events(last, "in_band"),
            "census_mid_share_prev": estimate(prev.get("in_band_share", np.nan), unit="share of disclosed events"),
            "census_mid_share_last": estimate(last.get("in_band_share", np.nan), unit="share of disclosed events"),
            "census_mid_ratio": m["change"].estimate(unit="rate ratio", window=window,
                                                     label=f"{self.label} events, {window}"),
            "census_1b_last": events(last, "over_1b"), "census_1b_prev": events(prev, "over_1b"),
            "census_500m_last": events(last, "500m_plus"),
            "census_mid_report": str(m["report"]),
        })
        first = (self.table[self.table["year"] == 2020].dropna(subset=["500m_plus"]) if "500m_plus" in self.table
                 else self.table.iloc[:0])
        out["census_500m_2020"] = estimate(int(first["500m_plus"].iloc[0]) if len(first) else np.nan, unit="events")
        out["census_500m_2020_report"] = str(first["report"].iloc[0]) if len(first) else "no edition"
        for key, pair in (("next", self.next), ("prev", self.prev)):
            if pair is None:
                continue
            w = f"{int(pair['year_from'])} to {int(pair['year_to'])} ({pair['report']})"
            out[f"census_mid_ratio_{key}"] = pair["change"].estimate(unit="rate ratio", window=w,
                                                                     label=f"{self.label} events, {w}")
            out[f"census_mid_{key}_from"] = estimate(int(pair["from"]), unit="events")
            out[f"census_mid_{key}_to"] = estimate(int(pair["to"]), unit="events")
            out[f"census_mid_{key}_from_year"] = estimate(int(pair["year_from"]), unit="year")
            out[f"census_mid_{key}_to_year"] = estimate(int(pair["year_to"]), unit="year")
            out[f"census_mid_{key}_report"] = str(pair["report"])
        return out


def census_bands(size_bands: pd.DataFrame, low_usd: float, high_usd: float, confidence: float,
                 claim_year: int = 2024) -> CensusBands:
    """The in-band change from ``claim_year`` - 1 to ``claim_year``, and for context the changes
    the year before and the year after, each from the latest report edition that prints both years."""
    table = size_band_table(size_bands, low_usd, high_usd)
    pairs = year_pairs(table, confidence)

    def latest(y0):
        hit = pairs[pairs["year_from"] == y0].sort_values("published")
        return hit.iloc[-1] if len(hit) else None

    return CensusBands(table, pairs, low_usd, high_usd, claim_year, latest(claim_year - 1), latest(claim_year), confidence,
                       latest(claim_year - 2))


# ----------------------------------------------------------------- funding highs (issue 18)

@dataclass(frozen=True)
class FundingRecords:
    """Yearly AI private investment and generative-AI investment in constant 2021 dollars (the
    Our World in Data series of the AI Index, extended by later AI Index editions), whether
    each year set a record, and the growth of the total."""

    table: pd.DataFrame  # year, investment_usd, genai_usd (2021 USD), investment_record, genai_record, source
    growth: trends.GrowthFit
    claim_years: tuple[int, ...]

    def _flag(self, col: str, year: int) -> bool | None:
        row = self.table[self.table["year"] == year]
        if row.empty or pd.isna(row[col.replace("_record", "_usd")].iloc[0]):
            return None
        return bool(row[col].iloc[0])

    def measures(self) -> dict:
        t = self.table
        out = {
            "funding_series_years": f"{int(t['year'].min())}–{int(t['year'].max())}",
            "funding_growth": self.growth.factor(window=f"{int(t['year'].min())}–{int(t['year'].max())}",
                                                 label="growth of AI private investment (2021 dollars)"),
            "funding_peak_year": estimate(int(t.loc[t["investment_usd"].idxmax(), "year"]), unit="year"),
        }
        for year in self.claim_years:
            row = t[t["year"] == year]
            if len(row) and "nominal_record" in t and pd.notna(row["investment_nominal_usd"].iloc[0]):
                out[f"record_total_nominal_{year}"] = bool(row["nominal_record"].iloc[0])
            for col, name in (("investment_record", "total"), ("genai_record", "genai")):
                flag = self._flag(col, year)
                if flag is not None:
                    out[f"record_{name}_{year}"] = flag
            row = t[t["year"] == year]
            if len(row):
                out[f"investment_{year}_billion"] = estimate(row["investment_usd"].iloc[0] / 1e9, unit="billion 2021 USD",
                                                             window=str(year))
        return out


def records(values: pd.Series) -> pd.Series:
    """True where a value exceeds every earlier value of the series (the first value is not a
    record: there is nothing to beat)."""
    prior = values.cummax().shift(1)
    return values.gt(prior) & prior.notna()


def funding_records(world: pd.Series, genai: pd.Series, totals: pd.DataFrame, cpi: pd.Series, confidence: float,
                    claim_years: tuple[int, ...] = (2024, 2025)) -> FundingRecords:
    """The Our World in Data series (2021 USD, year -> value) extended with later years of the
    curated AI Index totals (nominal USD, deflated with the CPI), record flags and a log-linear
    trend of the total."""
    table = pd.DataFrame({"investment_usd": world, "genai_usd": genai}).rename_axis("year").reset_index()
    table["source"] = "Our World in Data (AI Index 2025)"
    extra = []
    for year, grp in totals.groupby("year"):
        if year in set(table["year"]) or year not in cpi.index:
            continue
        vals = grp.set_index("series")["value"]
        real = lambda key: float(vals[key]) * 1e9 * float(cpi[2021]) / float(cpi[year]) if key in vals else np.nan  # noqa: E731
        extra.append({"year": int(year), "investment_usd": real("private_investment"), "genai_usd": real("genai_investment"),
                      "source": f"{grp['report'].iloc[0]} (deflated with the CPI)"})
    table = pd.concat([table, pd.DataFrame(extra)], ignore_index=True).sort_values("year").reset_index(drop=True)
    table["investment_record"] = records(table["investment_usd"])
    deflator = table["year"].map(lambda y: float(cpi[y]) / float(cpi[2021]) if y in cpi.index else np.nan)
    table["investment_nominal_usd"] = table["investment_usd"] * deflator
    table["nominal_record"] = records(table["investment_nominal_usd"].dropna()).reindex(table.index).fillna(False) \
        .astype(bool)
    table["genai_record"] = records(table["genai_usd"].dropna()).reindex(table.index).fillna(False).astype(bool)
    growth = trends.fit_loglinear(table["year"].astype(float), table["investment_usd"], confidence)
    return FundingRecords(table, growth, claim_years)


# ----------------------------------------------------------------- layoffs (issue 18)

AI_NAME = re.compile(r"(\.ai\b|\bAI\b)")


def normalize_name(name: str) -> str:
    """Company names for matching: lower case, '.ai', 'AI', 'Inc' and punctuation removed."""
    text = str(name).lower()
    text = re.sub(r"\.ai\b|\bai\b|\binc\b\.?|\bltd\b\.?|\blabs?\b", " ", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def classify_layoffs(layoffs: pd.DataFrame, ai_names, low_usd: float, high_usd: float) -> pd.DataFrame:
    """Add ``ai`` (industry 'AI', or the company's name among ``ai_names``, or 'AI'/'.ai' in its
    name), ``ai_by`` (how), ``band`` of the total funds raised ('below', 'mid' for
    [low_usd, high_usd), 'above', 'unknown') and ``group`` ('AI, mid band', 'AI, other bands',
    'not AI')."""
    names = {normalize_name(n) for n in ai_names if isinstance(n, str) and normalize_name(n)}
    by_industry = layoffs["industry"].fillna("").eq("AI")
    by_name = layoffs["company"].map(lambda c: normalize_name(c) in names or bool(AI_NAME.search(str(c))))
    out = layoffs.assign(ai=by_industry | by_name,
                         ai_by=np.select([by_industry & by_name, by_industry, by_name], ["both", "industry", "name"], ""))
    f = out["funds_raised_usd"]
    out["band"] = np.select([f.isna(), f < low_usd, f < high_usd], ["unknown", "below", "mid"], "above")
    out["group"] = np.where(~out["ai"], "not AI", np.where(out["band"] == "mid", "AI, mid band", "AI, other bands"))
    return out


@dataclass(frozen=True)
class Layoffs:
    """Layoff events and people laid off per year by group (AI companies in the mid funding
    band, AI companies in other bands, other tech companies) and the trend of the mid-band AI
    companies' share of all events and of all people laid off."""

    events: pd.DataFrame  # classified events
    by_year: pd.DataFrame  # year, group, events, people, companies
    share_trend: trends.CountTrend | None
    people_trend: trends.CountTrend | None
    ai_trend: trends.CountTrend | None
    past_year: int
    label: str
    vs_other_bands: trends.CountTrend | None = None  # mid-band AI events against AI companies in other bands
    name_only_trend: trends.CountTrend | None = None  # the share trend with AI companies found by name alone

    def past_companies(self) -> list[str]:
        e = self.events
        hit = e[(e["group"] == "AI, mid band") & (e["year"] == self.past_year)]
        return sorted(set(hit["company"]))

    def measures(self) -> dict:
        e, past = self.events, self.past_companies()
        years = f"{int(e['year'].min())}–{int(e['year'].max())}"
        thin = lambda what: not_enough(0, 3, what, unit="rate ratio per year")  # noqa: E731
        return {
            "layoff_events_n": estimate(len(e), unit="events", window=years),
            "layoff_ai_events_n": estimate(int(e["ai"].sum()), unit="events", window=years),
            "layoff_ai_by_industry_n": estimate(int(e["ai_by"].isin(["industry", "both"]).sum()), unit="events"),
            "layoff_ai_by_name_n": estimate(int(e["ai_by"].eq("name").sum()), unit="events"),
            "layoff_ai_industry_first_year": estimate(int(e.loc[e["ai_by"].isin(["industry", "both"]), "year"].min())
                                                      if e["ai_by"].isin(["industry", "both"]).any() else np.nan,
                                                      unit="year"),
            "layoff_ai_mid_events_n": estimate(int((e["group"] == "AI, mid band").sum()), unit="events", window=years),
            "layoff_band_label": self.label,
            "layoff_period": f"{e['date'].min():%B %Y} to {e['date'].max():%B %Y}" if len(e) else "no dates",
            "layoff_past_year": estimate(self.past_year, unit="year"),
            "layoff_ai_mid_companies_past_year": estimate(len(past), unit="companies", window=str(self.past_year),
                                                          label=f"AI companies in the {self.label} band with a layoff event"),
            "layoff_ai_mid_companies_list": "; ".join(past),
            "layoff_ai_mid_shutdowns_past_year": estimate(int(e[(e["group"] == "AI, mid band") & (e["year"] == self.past_year)]
                                                              ["shutdown"].sum()), unit="shutdowns"),
            "layoff_ai_mid_share_trend": (self.share_trend.estimate(label="share of mid-band AI companies in layoff events",
                                                                    window=years)
                                          if self.share_trend else thin("a share trend")),
            "layoff_ai_mid_people_trend": (self.people_trend.estimate(label="share of mid-band AI companies in people laid off",
                                                                      window=years)
                                           if self.people_trend else thin("a share trend")),
            "layoff_ai_share_trend": (self.ai_trend.estimate(label="share of AI companies in layoff events", window=years)
                                      if self.ai_trend else thin("a share trend")),
            "layoff_ai_mid_vs_other_bands": (self.vs_other_bands.estimate(
                label="mid-band AI layoff events against AI companies in other bands", window=years)
                if self.vs_other_bands else thin("a relative trend")),
            "layoff_ai_mid_name_only_trend": (self.name_only_trend.estimate(
                label="share trend, AI companies found by name alone", window=years)
                if self.name_only_trend else thin("a share trend")),
            "layoff_name_recall": estimate(
                float(e["ai_by"].eq("both").sum() / e["ai_by"].isin(["industry", "both"]).sum())
                if e["ai_by"].isin(["industry", "both"]).any() else np.nan, unit="share",
                label="share of events filed under 'AI' that the name rule also finds"),
            "layoff_ai_mid_people_past_year": estimate(float(e.loc[(e["group"] == "AI, mid band")
                                                                   & (e["year"] == self.past_year), "laid_off"].sum()),
                                                       unit="people (where reported)", window=str(self.past_year)),
        }


def layoff_analysis(layoffs: pd.DataFrame, ai_names, low_usd: float, high_usd: float, past_year: int,
                    confidence: float) -> Layoffs:
    """Classify events (:func:`classify_layoffs`) and fit, over all years in the file, the
    trend of the mid-band AI events' share of all events (Poisson with an offset, HC1) and of
    the people laid off, of all AI events' share, the mid-band AI events' trend against AI
    companies in other bands (stacked Poisson, HC1), and the share trend with AI companies found
    by name alone (the "AI" industry label starts late, so early years are found by name)."""
    e = classify_layoffs(layoffs, ai_names, low_usd, high_usd)
    g = e.groupby(["year", "group"]).agg(events=("company", "size"), people=("laid_off", "sum"),
                                         companies=("company", "nunique")).reset_index()
    total = e.groupby("year").agg(events=("company", "size"), people=("laid_off", "sum"))
    mid = g.loc[g["group"] == "AI, mid band", ["year", "events", "people"]].set_index("year").reindex(total.index,
                                                                                                     fill_value=0)
    ai = e[e["ai"]].groupby("year").size().reindex(total.index, fill_value=0)

    def fit(counts, totals, how=trends.share_count_trend):
        try:
            return how(total.index, counts, totals, confidence)
        except NotEnoughData:
            return None

    def events(group):
        return g.loc[g["group"] == group].set_index("year")["events"].reindex(total.index, fill_value=0)

    by_name = e[(e["group"] == "AI, mid band") & e["ai_by"].isin(["name", "both"])].groupby("year").size()
    by_name = by_name.reindex(total.index, fill_value=0)
    return Layoffs(e, g, fit(mid["events"], total["events"]), fit(mid["people"], total["people"]),
                   fit(ai, total["events"]), past_year, band_label(low_usd, high_usd),
                   fit(mid["events"], events("AI, other bands"), trends.relative_count_trend),
                   fit(by_name, total["events"]))


# ----------------------------------------------------------------- the small-team end (issue 18)

@dataclass(frozen=True)
class SmallTeams:
    """The small end of the article's dumbbell: newly funded AI companies per year (AI Index)
    and Y Combinator companies with an AI tag per batch year, with their trends."""

    newly: pd.Series  # year -> companies (AI Index, with later editions)
    newly_trend: trends.CountTrend
    yc: pd.Series  # batch year -> companies (complete years)
    yc_trend: trends.CountTrend | None
    yc_median_team: float
    yc_small_share: float  # team of at most 10
    yc_batches: pd.Series | None = None  # batch year -> number of batches (YC went from 2 a year to 4)

    def measures(self) -> dict:
        n, y = self.newly, self.yc
        out = {
            "newly_funded_trend": self.newly_trend.estimate(window=f"{int(n.index.min())}–{int(n.index.max())}",
                                                            label="trend of newly funded AI companies"),
            "newly_funded_latest": estimate(int(n.iloc[-1]), unit="companies", window=str(int(n.index[-1]))),
            "newly_funded_latest_year": estimate(int(n.index[-1]), unit="year"),
            "yc_ai_latest": estimate(int(y.iloc[-1]), unit="companies", window=str(int(y.index[-1]))) if len(y) else
            not_enough(0, 1, "a batch year"),
            "yc_ai_latest_year": estimate(int(y.index[-1]) if len(y) else 0, unit="year"),
            "yc_median_team": estimate(self.yc_median_team, unit="people"),
            "yc_small_team_share": estimate(self.yc_small_share, unit="share"),
        }
        if len(n) >= 2:
            out["newly_funded_change_latest"] = trends.poisson_rate_ratio(n.iloc[-2], n.iloc[-1], self.newly_trend.confidence
                                                                          ).estimate(unit="rate ratio",
                                                                                     window=f"{int(n.index[-2])} to {int(n.index[-1])}")
        if len(y) >= 2 and y.iloc[-2] > 0 and y.iloc[-1] > 0:
            out["yc_ai_change_latest"] = trends.poisson_rate_ratio(y.iloc[-2], y.iloc[-1], self.newly_trend.confidence
                                                                   ).estimate(unit="rate ratio",
                                                                              window=f"{int(y.index[-2])} to {int(y.index[-1])}")
        if self.yc_batches is not None and len(y):
            b = self.yc_batches.reindex(y.index).fillna(0).astype(int)
            out["yc_batches_latest"] = estimate(int(b.iloc[-1]), unit="batches", window=str(int(y.index[-1])))
            out["yc_batches_first"] = estimate(int(b.iloc[0]), unit="batches", window=str(int(y.index[0])))
            out["yc_per_batch_latest"] = estimate(float(y.iloc[-1] / b.iloc[-1]) if b.iloc[-1] else np.nan,
                                                  unit="companies per batch", window=str(int(y.index[-1])))
            if len(y) >= 2 and b.iloc[-2]:
                out["yc_per_batch_prev"] = estimate(float(y.iloc[-2] / b.iloc[-2]), unit="companies per batch",
                                                    window=str(int(y.index[-2])))
        out["yc_ai_trend"] = (self.yc_trend.estimate(window=f"{int(y.index.min())}–{int(y.index.max())}",
                                                     label="trend of YC companies with an AI tag")
                              if self.yc_trend else not_enough(len(y), 3, "a count trend", unit="rate ratio per year"))
        return out


def small_teams(newly: pd.Series, totals: pd.DataFrame, yc: pd.DataFrame, end_year: int, confidence: float,
                yc_from: int = 2015) -> SmallTeams:
    """Newly funded AI companies in the world (``newly``: year -> count from the AI Index via Our
    World in Data, extended by later editions' ``totals``) and YC AI-tagged companies per batch
    year from ``yc_from`` to the last complete batch year, with Poisson count trends."""
    later = totals[totals["series"] == "newly_funded"].set_index("year")["value"]
    n = pd.concat([newly, later[~later.index.isin(newly.index)]]).sort_index()
    n = n[n.index <= end_year]
    last_batch = int(yc["batch_year"].max()) if yc["batch_year"].notna().any() else end_year
    counts = yc.dropna(subset=["batch_year"]).groupby("batch_year").size()
    counts = counts[(counts.index >= yc_from) & (counts.index < last_batch) & (counts.index <= end_year)]
    try:
        yc_trend = trends.count_trend(counts.index, counts.values, confidence)
    except NotEnoughData:
        yc_trend = None
    team = yc["team_size"].dropna()
    batches = yc.dropna(subset=["batch_year"]).groupby("batch_year")["batch"].nunique()
    return SmallTeams(n.astype(float), trends.count_trend(n.index, n.values, confidence), counts.astype(float),
                      yc_trend, float(team.median()) if len(team) else float("nan"),
                      float((team <= 10).mean()) if len(team) else float("nan"), batches)


def ai_company_names(orgs: pd.DataFrame, outcomes: pd.DataFrame, mega: pd.DataFrame) -> set[str]:
    """Names of AI companies known to the book: mid-tier and small organizations of the tier
    table, companies of the outcomes table and of the mega-round table."""
    return (set(orgs.loc[orgs["tier"].isin(["mid", "small"]), "organization"]) | set(outcomes["company"])
            | set(mega["company"]))



# ----------------------------------------------------------------- winner-take-all (issue 24)

@dataclass(frozen=True)
class BigEvents:
    """The share of AI private investment events of $500M or more among all disclosed events,
    per year (AI Index counts by size, each year from the latest edition that prints all five
    bands), its trend (Poisson with the disclosed events as offset, robust errors) and the
    latest year against the year before within one edition."""

    table: pd.DataFrame  # year, report, big, disclosed, share
    trend: trends.CountTrend | None
    latest: pd.Series | None  # a year_pairs-like row for the big events' share

    def measures(self) -> dict:
        t = self.table
        window = f"{int(t['year'].min())}–{int(t['year'].max())}" if len(t) else ""
        out = {"big_event_share_trend": (self.trend.estimate(unit="rate ratio per year", window=window,
                                                             label="share of $500M+ events among disclosed events")
                                         if self.trend else not_enough(len(t), 3, "a trend of the $500M+ share",
                                                                       unit="rate ratio per year")),
               "big_event_years_n": estimate(len(t), unit="years")}
        if len(t):
            out["big_event_share_latest"] = estimate(float(t["share"].iloc[-1]), unit="share of disclosed events",
                                                     window=str(int(t["year"].iloc[-1])))
            out["big_event_share_first"] = estimate(float(t["share"].iloc[0]), unit="share of disclosed events",
                                                    window=str(int(t["year"].iloc[0])))
        if self.latest is not None:
            out["big_event_share_change_latest"] = self.latest["change"]
        return out


def share_ratio(count_before: float, total_before: float, count_after: float, total_after: float,
                confidence: float) -> trends.CountTrend:
    """Ratio of two years' shares of a count in its total (Poisson counts, totals as exposures):
    (after / total_after) / (before / total_before), Wald interval on the log scale."""
    rr = trends.poisson_rate_ratio(count_before, count_after, confidence)
    k = total_before / total_after
    return replace(rr, rate_ratio=rr.rate_ratio * k, ci_low=rr.ci_low * k, ci_high=rr.ci_high * k)


def big_events(size_bands: pd.DataFrame, confidence: float) -> BigEvents:
    """:class:`BigEvents` from the AI Index size bands."""
    table = size_band_table(size_bands)
    if "disclosed" not in table or "500m_plus" not in table:
        return BigEvents(pd.DataFrame(columns=["year", "report", "big", "disclosed", "share"]), None, None)
    full = table.dropna(subset=["disclosed", "500m_plus"])
    per_year = full.sort_values("published").groupby("year").last().reset_index()
    t = pd.DataFrame({"year": per_year["year"].astype(int), "report": per_year["report"],
                      "big": per_year["500m_plus"].astype(float), "disclosed": per_year["disclosed"].astype(float)})
    t["share"] = t["big"] / t["disclosed"]
    trend = None
    if len(t) >= 3:
        trend = trends.share_count_trend(t["year"], t["big"], t["disclosed"], confidence)
    latest = None
    for (report, published), grp in full.groupby(["report", "published"]):
        g = grp.set_index("year")
        for y in g.index:
            if y + 1 in g.index and (latest is None or (y + 1, published) > (latest["year_to"], latest["published"])):
                a, b = g.loc[y], g.loc[y + 1]
                c = share_ratio(a["500m_plus"], a["disclosed"], b["500m_plus"], b["disclosed"], confidence)
                w = f"{int(y)} to {int(y + 1)} ({report})"
                latest = pd.Series({"year_to": int(y + 1), "published": published,
                                    "change": c.estimate(unit="ratio of shares", window=w,
                                                         label=f"share of $500M+ events, {w}")})
    return BigEvents(t, trend, latest)


# ----------------------------------------------------------------- capital reserves (issue 24)

def reserves(finances: pd.DataFrame) -> dict:
    """The giants' cash, cash equivalents and marketable securities at the latest fiscal year in
    which every listed company has a figure (billions of nominal USD), the smallest holder, and
    their summed capital expenditure in that year and the latest year with every capex figure."""
    cash = finances.dropna(subset=["cash_and_securities_usd"])
    companies = finances["company"].nunique()
    full = cash.groupby("fiscal_year")["company"].nunique()
    years = full[full == companies].index
    if not len(years):
        thin = not_enough(0, 1, "a year with every giant's cash", unit="billion USD")
        return {"giants_cash_min_billion": thin}
    year = int(years.max())
    row = cash[cash["fiscal_year"] == year].sort_values("cash_and_securities_usd")
    capex = finances.dropna(subset=["capex_usd"])
    cfull = capex.groupby("fiscal_year")["company"].nunique()
    cyear = int(cfull[cfull == companies].index.max())
    return {
        "giants_cash_min_billion": estimate(row["cash_and_securities_usd"].iloc[0] / 1e9, unit="billion USD",
                                            window=str(year), label="smallest cash and securities of the giants"),
        "giants_cash_min_company": str(row["company"].iloc[0]),
        "giants_cash_year": str(year),
        "giants_cash_total_billion": estimate(row["cash_and_securities_usd"].sum() / 1e9, unit="billion USD",
                                              window=str(year)),
        "giants_capex_latest_billion": estimate(capex.loc[capex["fiscal_year"] == cyear, "capex_usd"].sum() / 1e9,
                                                unit="billion USD", window=str(cyear)),
        "giants_capex_year": str(cyear),
        "giants_capex_2019_billion": estimate(capex.loc[capex["fiscal_year"] == 2019, "capex_usd"].sum() / 1e9,
                                              unit="billion USD", window="2019"),
        "giants_n": estimate(companies, unit="companies"),
    }


# ----------------------------------------------------------------- the chapter

def measures(p, *, data, robustness: bool = True, upstream=None):
    """The capital chapter (``p``: its Params, :mod:`middleclass.chapters`; ``data``: the
    sources cut at ``p.as_of``): AI Index totals and their trends (billion 2021 USD), funding
    records in real and current dollars, the top companies' share bounds, mid-band rounds and
    concentration in the deal samples, the AI Index size bands and big events, the giants'
    reserves, layoffs at mid-funded AI companies and the small-team end. Parts for the charts:
    totals, highs, cpi, index_totals, top, sample, census, big, layoffs, small."""
    from ..data import asof
    from .chapter import ChapterResult

    out = ChapterResult("capital", p)
    end_year = asof.cap_year(p.end_year, p.as_of)  # the last year that ended by as_of
    layoffs_year = asof.cap_year(p.layoffs_year, p.as_of)
    with out.section("the AI Index totals"):
        sums = totals(data.ai_investment(), data.newly_funded(), data.genai_investment(), data.oecd_vc(),
                      p.start_year, end_year, p.confidence)
        out.record(sums.measures())
        out.keep(totals=sums)
    cpi = data.curated("us_cpi").set_index("year")["cpi_u"]
    index_totals = data.curated("ai_index_totals")
    out.keep(cpi=cpi, index_totals=index_totals)
    with out.section("the funding records"):
        highs = funding_records(sums.world, sums.genai, index_totals, cpi, p.confidence)
        out.record(highs.measures())
        out.keep(highs=highs)
    size_bands = data.curated("size_bands")
    mega = data.curated("mega_rounds")
    with out.section("the top companies share"):
        top = top_share(mega, sums.world, size_bands, p.top_k, p.start_year, end_year, cpi)
        out.record({**top.measures(), **bound_after(mega, highs.table, size_bands, p.top_k, int(top.latest["year"]), cpi)})
        out.keep(top=top)
    deals, deal_source = data.deals()
    if deal_source == "author":  # the author's file: say which of its rows the sample leaves out
        from ..data import validate

        for line in dropped_deals(deals, p.start_year, end_year):
            validate.warn_read("author_rounds", line)
    with out.section("the deal samples"):
        sample = deal_sample(deals, deal_source, p.mid_band_low_usd, p.mid_band_high_usd, p.start_year, end_year,
                             p.confidence)
        out.record(sample.measures())
        out.keep(sample=sample)
    with out.section("the AI Index size bands"):
        census = census_bands(size_bands, p.mid_band_low_usd, p.mid_band_high_usd, p.confidence)
        out.record(census.measures())
        out.keep(census=census)
    with out.section("the big events"):
        big = big_events(size_bands, p.confidence)
        out.record(big.measures())
        out.keep(big=big)
    finances = data.curated("giants_finances")
    with out.section("the giants' reserves"):
        out.record(reserves(finances))
    with out.section("the layoffs"):
        ai_names = ai_company_names(data.curated("organizations"), data.curated("company_outcomes"), top.mega)
        cuts = layoff_analysis(data.layoffs(), ai_names, p.mid_band_low_usd, p.mid_band_high_usd, layoffs_year,
                               p.confidence)
        out.record(cuts.measures())
        out.keep(layoffs=cuts)
    with out.section("the small-team end"):
        small = small_teams(sums.newly_funded, index_totals, data.yc_companies(), end_year, p.confidence)
        out.record(small.measures())
        out.keep(small=small)
    return out
