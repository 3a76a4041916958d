"""The book's figures and tables, one function each, built from the analysis results with the
one theme of :mod:`middleclass.notebook.charts` (titled, axes labelled with units, log scales for
exponential growth, tooltips naming the model or company)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..analysis import capital, compute, innovation, openness, outlook
from ..analysis.trends import year_to_date
from . import charts

_T = alt.Tooltip


# ----------------------------------------------------------------- chapter 1: compute

def compute_growth(models: pd.DataFrame, trends: compute.GrowthTrends, top_n: int, pct: int) -> alt.LayerChart:
    fit = trends.all_compute.fit
    pts = models[models["compute_flop"].notna()].assign(
        date=lambda d: d["publication_date"],
        kind=lambda d: d["is_frontier"].map({True: f"Frontier (top {top_n})", False: "Other notable"}))
    return charts.trend_chart(
        pts, charts.band_frame(fit, fit.x_min, fit.x_max), y_col="compute_flop", unit="flop",
        y_title="Training compute (FLOP, log scale)", title="Training compute of notable AI models",
        subtitle=f"Dashed: log-linear fit over all models; band: {pct}% confidence interval of the fit",
        description="Scatter of training compute against publication date on a log scale, rising steadily, with "
                    "frontier models on the upper edge.",
        color_col="kind", color_title="Model", extra_tooltip=[_T("organization:N", title="Organization")])


def frontier_cost(trends: compute.GrowthTrends, pct: int) -> alt.LayerChart:
    cost, threshold = trends.frontier_cost, trends.threshold_usd
    fit = cost.fit
    crossing = trends.crossing[0]
    horizon = max(fit.x_max, min(crossing if crossing == crossing else fit.x_max, fit.x_max + 6))
    rule = alt.Chart(pd.DataFrame({"y": [threshold], "label": [charts.money_text(threshold)]})).mark_rule(
        color="#d1495b", strokeDash=[2, 2]).encode(y="y:Q", tooltip=[_T("label:N", title="Threshold")])
    return charts.trend_chart(
        cost.sample.assign(date=lambda d: d["publication_date"]),
        charts.band_frame(fit, fit.x_min, horizon, interval="prediction"), y_col="cost_usd_2023", unit="usd",
        y_title="Training cost (2023 USD, log scale)", title="Training cost of frontier models",
        subtitle=f"Dashed: log-linear fit; band: {pct}% prediction interval, extended to the "
                 f"{charts.money_text(threshold)} line",
        description="Training cost of frontier models against publication date on a log scale, with the fitted "
                    "trend extended toward the threshold line.",
        extra_tooltip=[_T("organization:N", title="Organization")]) + rule


def cluster_costs(clusters: compute.ClusterGrowth, pct: int) -> alt.LayerChart:
    cl = clusters.by_year.assign(date=lambda d: pd.to_datetime(d["year"].astype(int).astype(str) + "-07-01"))
    fit = clusters.fit
    return charts.trend_chart(
        cl, charts.band_frame(fit, fit.x_min, fit.x_max), y_col="hardware_cost_usd", unit="usd",
        y_title="Hardware cost (USD, log scale)", name_col="name",
        title="The most expensive private AI cluster of each year",
        subtitle=f"Hardware cost by first operational year; dashed: log-linear fit, band: {pct}% confidence interval",
        description="Hardware cost of the largest private AI cluster that became operational in each year, rising "
                    "from millions to billions of dollars.",
        x_title="First operational year", extra_tooltip=[_T("owner:N", title="Owner")])


def frontier_organizations(orgs: compute.FrontierOrganizations, top_n: int) -> alt.Chart:
    label = f"above {charts.power_text(orgs.threshold_flop)}"
    both = pd.concat([orgs.per_year.assign(count=f"top {top_n} at release"), orgs.above.assign(count=label)])
    both = both.assign(coverage=both["incomplete"].map({True: "possibly incomplete", False: "complete"}))
    return alt.Chart(both).mark_bar().encode(
        x=charts.year_x(both["year"], "Publication year"), xOffset=alt.XOffset("count:N"),
        y=alt.Y("organizations:Q", title="Organization groups (count)", axis=charts.unit_axis("count")),
        color=alt.Color("count:N", title="Count"),
        opacity=alt.Opacity("coverage:N", title="Year's data", scale=alt.Scale(domain=["complete", "possibly incomplete"],
                                                                              range=[0.95, 0.35])),
        tooltip=[_T("year:O", title="Year"), _T("count:N", title="Count"), _T("organizations:Q", title="Groups"),
                 _T("models:Q", title="Models"), _T("names:N", title="Who"), _T("coverage:N", title="Year's data")],
    ).properties(
        title=alt.Title("Organization groups at the frontier, per year",
                        subtitle=f"Top {top_n} by training compute at release, and a fixed compute bar; units of one "
                                 "parent count once"),
        description="Grouped bars of the number of organization groups with a frontier model and with a model above "
                    "a fixed compute bar, by year.")


def frontier_sectors(orgs: compute.FrontierOrganizations) -> alt.Chart:
    return charts.bar_chart(
        orgs.sectors, x="year", y="share", color="sector", color_title="Sector", stack="normalize",
        title="Who builds frontier models: sector shares",
        subtitle="Share of frontier models by the kind of organizations behind them",
        description="Stacked bars of the share of frontier models from industry, academia, collaborations and "
                    "others, by year.",
        x_title="Publication year", y_title="Share of frontier models (%)",
        tooltip=[_T("year:O", title="Year"), _T("sector:N", title="Sector"), _T("models:Q", title="Models"),
                 _T("share:Q", title="Share", format=".0%")])


def record_runs(records: pd.DataFrame, years: int = 6):
    shown = records.tail(years).rename(columns={"cost_usd_2023": "cost (2023 USD)"})
    return charts.table(shown, "The costliest training run recorded by Epoch in each year (2023 USD)",
                        {"cost (2023 USD)": "${:,.0f}"})


def break_table(breaks: pd.DataFrame):
    return charts.table(breaks, "Growth factor per year before and after the break date, with robust p-values",
                        {c: "{:.2f}" for c in breaks.columns if c.startswith(("factor", "p "))})


def _finite(x) -> bool:
    try:
        return bool(np.isfinite(float(x)))
    except (TypeError, ValueError):
        return False


def estimate_cell(value, low, high, n=None, spec: str = ".2f") -> str:
    """A table cell 'estimate (low–high; n=N)' ('low–high' alone when ``value`` is None). A cell
    without an estimate says so, 'not enough data (n = N)', never 'nan (nan–nan)'; a missing
    interval is left out."""
    count = int(n) if _finite(n) else 0
    if value is not None and not _finite(value):
        return f"not enough data (n = {count})"
    interval = f"{low:{spec}}–{high:{spec}}" if _finite(low) and _finite(high) else ""
    if value is None:
        return interval or (f"not enough data (n = {count})" if n is not None else "–")
    inner = "; ".join(part for part in (interval, f"n={count}" if n is not None else "") if part)
    return f"{value:{spec}}" + (f" ({inner})" if inner else "")


def compute_sensitivity(sens: pd.DataFrame, pct: int):
    def fmt(row, key):
        return estimate_cell(row[key + "_factor"], row[key + "_ci_low"], row[key + "_ci_high"], row[key + "_n"])

    table = pd.DataFrame({
        "start date": sens["start_date"], "N": sens["frontier_top_n"],
        "compute, all": [fmt(r, "compute_all") for _, r in sens.iterrows()],
        "compute, frontier": [fmt(r, "compute_frontier") for _, r in sens.iterrows()],
        "cost, frontier": [fmt(r, "cost_frontier") for _, r in sens.iterrows()],
    })
    return charts.table(table, f"Growth factor per year ({pct}% CI; n)")


# ----------------------------------------------------------------- chapter 2: open models

def arena_frontiers(arena: openness.ArenaGap) -> alt.Chart:
    gap = arena.gap
    long = pd.concat([
        gap[["snapshot_date", "best_open_model", "best_open_score"]].set_axis(["date", "model", "score"], axis=1)
        .assign(kind="Best open-weight"),
        gap[["snapshot_date", "best_proprietary_model", "best_proprietary_score"]].set_axis(["date", "model", "score"], axis=1)
        .assign(kind="Best proprietary"),
    ])
    return alt.Chart(long).mark_line(point=alt.OverlayMarkDef(size=18)).encode(
        x=alt.X("date:T", title="Leaderboard snapshot"),
        y=alt.Y("score:Q", title="Arena rating (points)", scale=alt.Scale(zero=False), axis=charts.unit_axis("points")),
        color=alt.Color("kind:N", title="Model"),
        tooltip=[_T("model:N", title="Model"), _T("kind:N", title="Kind"),
                 _T("date:T", title="Snapshot", format="%Y-%m-%d"), _T("score:Q", title="Rating (points)", format=".0f")],
    ).properties(
        title=alt.Title("Best open-weight vs best proprietary model on the LMArena text leaderboard",
                        subtitle=f"One point per snapshot ({arena.chain_name} chain)"),
        description="Two rising lines of Arena ratings; the open-weight line stays below the proprietary line and "
                    "the distance between them narrows.")


def arena_gap(arena: openness.ArenaGap, pct: int) -> alt.LayerChart:
    gap, fit = arena.gap, arena.points_fit
    pts = gap.assign(date=gap["snapshot_date"], model=gap["best_open_model"] + " vs " + gap["best_proprietary_model"],
                     gap_pct_text=[charts.number_text(v, 1) + "%" if v == v else "–" for v in gap["gap_pct"]])
    return charts.trend_chart(
        pts, charts.band_frame(fit, fit.x_min, fit.x_max), y_col="gap_points", y_title="Gap (rating points)",
        unit="points", log=False, y_zero=True, title="Gap between the best proprietary and the best open-weight model",
        subtitle=f"Dashed: linear trend; band: {pct}% confidence interval (HAC)", x_title="Leaderboard snapshot",
        description="Scatter of the rating gap per snapshot with a downward linear trend.",
        extra_tooltip=[_T("gap_pct_text:N", title="Gap (% of proprietary rating)"),
                       _T("open_winrate:Q", title="Open model's expected win rate", format=".0%")])


def eci_frontiers(lags: openness.FrontierLags, since: str = "2022-01-01") -> alt.LayerChart:
    eci = lags.eci[lags.eci["release_date"] >= pd.Timestamp(since)]
    front = openness.running_frontier(eci)
    dots = eci[eci["open"].notna()].assign(
        date=lambda d: d["release_date"], kind=lambda d: d["open"].map({True: "Open weights", False: "Proprietary"}))
    base = alt.Chart(dots).mark_point(filled=True, opacity=0.35, size=25).encode(
        x=alt.X("date:T", title="Release date"), y=alt.Y("score:Q", title="ECI score (points)", scale=alt.Scale(zero=False)),
        color=alt.Color("kind:N", title="Weights"),
        tooltip=[_T("model:N", title="Model"), _T("organization:N", title="Organization"),
                 _T("date:T", title="Released", format="%Y-%m-%d"), _T("score:Q", title="ECI (points)", format=".1f")])
    steps = alt.Chart(front).mark_line(interpolate="step-after", strokeWidth=2).encode(
        x="date:T", y="score:Q", color="kind:N",
        tooltip=[_T("model:N", title="Record set by"), _T("date:T", title="Date", format="%Y-%m-%d"),
                 _T("score:Q", title="ECI (points)", format=".1f")])
    return (base + steps).properties(
        title=alt.Title("Open-weight and proprietary frontiers on the Epoch Capabilities Index",
                        subtitle="Lines: best score so far of each kind; dots: every model"),
        description="Two step lines rising together; the open-weight frontier reaches each level some months after "
                    "the proprietary one.")


def lag_table(lags: openness.FrontierLags):
    return charts.table(lags.table(), "Latest open-weight record on each measure and how many months it trailed the "
                        "proprietary frontier", {"lag (months)": "{:.1f}"})


def ratio_table(ratios: openness.FrontierRatios):
    by_year = ratios.by_year
    fmt = {c: "{:.0%}" for c in by_year.columns if "%" not in c}
    fmt["Arena gap (% of proprietary score)"] = "{:.1f}"
    return charts.table(by_year, "Open-weight frontier relative to the proprietary frontier, by year "
                        "(accuracy ratios at year end; Arena: mean over snapshots)", fmt, hide_index=False)


def benchmark_ratios(b: openness.BenchmarkRatios) -> alt.LayerChart:
    """Each hub benchmark's best open / best proprietary score, coloured by whether it counts."""
    df = b.table[b.table["ratio"].notna()].assign(
        status=lambda d: d.apply(lambda r: "counted" if r["counted"] else ("saturated" if r["saturated"] else
                                                                            "too few models"), axis=1))
    base = alt.Chart(df)
    order = alt.SortField("ratio", order="ascending")
    status = ["counted", "saturated", "too few models"]
    pts = base.mark_point(filled=True, size=80).encode(
        y=alt.Y("benchmark:N", sort=order, title="Benchmark (Epoch Benchmarking Hub)"),
        x=alt.X("ratio:Q", title="Best open-weight score / best proprietary score (%)", axis=charts.percent_axis(),
                scale=alt.Scale(domain=[0, 1.05])),
        color=alt.Color("status:N", title="Benchmark", scale=alt.Scale(domain=status,
                                                                       range=[charts.PALETTE[0], charts.PALETTE[3],
                                                                              "#999999"])),
        shape=alt.Shape("status:N", title="Benchmark", scale=alt.Scale(domain=status)),
        tooltip=[_T("benchmark:N", title="Benchmark"), _T("ratio:Q", title="Ratio", format=".0%"),
                 _T("best_open:Q", title="Best open", format=".1%"),
                 _T("best_closed:Q", title="Best proprietary", format=".1%"),
                 _T("n_open:Q", title="Open models"), _T("n_closed:Q", title="Proprietary models"),
                 _T("status:N", title="Status")])
    band = alt.Chart(pd.DataFrame({"lo": [0.8], "hi": [0.9]})).mark_rect(opacity=0.15, color="#2a9d8f").encode(
        x="lo:Q", x2="hi:Q")
    return alt.layer(band, pts).properties(
        title=alt.Title("Open-weight frontier relative to the proprietary frontier, by benchmark",
                        subtitle=f"Models released {b.window}; shaded: the article's 80–90%; a benchmark whose best "
                                 f"score reaches {b.saturated_at:.0%} is saturated"),
        description="Dots per benchmark: the best open model's score as a share of the best proprietary model's.")


def benchmark_ratio_table(b: openness.BenchmarkRatios):
    t = b.table.assign(status=b.table.apply(lambda r: "counted" if r["counted"] else (r["reason"] or "–"), axis=1))
    t = t[["benchmark", "n_open", "n_closed", "best_open", "best_closed", "ratio", "status"]].rename(columns={
        "benchmark": "Benchmark", "n_open": "Open models", "n_closed": "Proprietary models", "best_open": "Best open",
        "best_closed": "Best proprietary", "ratio": "Ratio", "status": "Status"})
    return charts.table(t, f"Every benchmark of the Epoch Benchmarking Hub scored as a share of tasks solved, models "
                           f"released {b.window}", {"Best open": "{:.1%}", "Best proprietary": "{:.1%}",
                                                     "Ratio": "{:.0%}"})


def open_share(share: openness.OpenShare) -> alt.Chart:
    return charts.bar_chart(
        share.by_year, x="year", y="share", title="Share of notable models released with open weights",
        subtitle="Among Epoch notable models with a known accessibility", x_title="Publication year",
        y_title="Share with open weights (%)", y_unit="share",
        description="Bars of the yearly share of notable models released with open weights.",
        tooltip=[_T("year:O", title="Year"), _T("share:Q", title="Open share", format=".0%"),
                 _T("open:Q", title="Open models"), _T("models:Q", title="Models with known access")])


def price_of_capability(price: openness.PriceOfCapability, pct: int) -> alt.LayerChart:
    fit = price.fit
    pts = price.full.assign(kind=price.full["open"].map({True: "Open weights", False: "Proprietary"}))
    return charts.trend_chart(
        pts, charts.band_frame(fit, fit.x_min, fit.x_max), y_col="price", unit="usd",
        y_title="Cheapest price (USD per million tokens, log scale)",
        title=f"Cheapest API price of a model rated at least {price.threshold:.0f} on the Arena",
        subtitle=f"First day of each month; dashed: log-linear fit on the dense price window, band: {pct}% confidence "
                 "interval (HAC)",
        x_title="Month", color_col="kind", color_title="Cheapest model",
        description="Monthly cheapest price of a capable model on a log scale, falling by orders of magnitude.",
        extra_tooltip=[_T("provider:N", title="Provider"), _T("capable_models:Q", title="Capable models listed")])


def price_variants(price: openness.PriceOfCapability):
    return charts.table(price.variants, "Sensitivity: decline per year of the cheapest capable price under other choices",
                        {"decline per year": "{:.0%}", "CI low": "{:.0%}", "CI high": "{:.0%}"})


def top_concentration(top: openness.TopConcentration) -> alt.LayerChart:
    p = top.per_snapshot.assign(date=top.per_snapshot["snapshot_date"])
    m = top.monthly.assign(date=top.monthly["month"] + pd.Timedelta(days=14))
    y = alt.Y("orgs:Q", title=f"Organizations in the top {top.top} (count)", scale=alt.Scale(zero=True))
    points = alt.Chart(p).mark_point(size=14, opacity=0.35, color=charts.PALETTE[5]).encode(
        x=alt.X("date:T", title="Leaderboard snapshot"), y=y,
        tooltip=[_T("date:T", title="Snapshot", format="%Y-%m-%d"), _T("orgs:Q", title="Organizations"),
                 _T("top3_share:Q", title="Share of the largest three", format=".0%"), _T("leaders:N", title="Largest")])
    line = alt.Chart(m).mark_line(point=True, color=charts.PALETTE[0]).encode(
        x="date:T", y=y,
        tooltip=[_T("month:T", title="Month", format="%Y-%m"), _T("orgs:Q", title="Organizations (monthly mean)", format=".1f"),
                 _T("top3_share:Q", title="Share of the largest three", format=".0%"),
                 _T("snapshots:Q", title="Snapshots")])
    return (points + line).properties(
        title=alt.Title(f"How many organizations hold the Arena top {top.top}",
                        subtitle="Pale points: snapshots; line: monthly means. A weak proxy for competition at the frontier"),
        description="Distinct organizations among the ten best-rated Arena models, per snapshot and as a monthly mean.")


def gap_sensitivity(table: pd.DataFrame):
    return charts.table(table, "Arena gap under the other style-control chain and the other definition of open",
                        {"gap latest (points)": "{:.0f}", "win rate latest": "{:.0%}", "trend (points/yr)": "{:.1f}",
                         "CI low": "{:.1f}", "CI high": "{:.1f}"})


# ----------------------------------------------------------------- chapter 3: capital

def investment_by_region(totals: capital.Totals) -> alt.Chart:
    regions = totals.regions.assign(date=pd.to_datetime(totals.regions["year"].astype(str) + "-07-01"))
    regions = regions.assign(investment_text=charts.unit_text("usd", regions["investment_usd"]))
    return alt.Chart(regions).mark_line(point=True).encode(
        x=alt.X("date:T", title="Year", axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("investment_usd:Q", title="Private investment in AI (constant 2021 USD, log scale)",
                scale=alt.Scale(type="log"), axis=charts.money_axis(log=True)),
        color=alt.Color("entity:N", title="Region"),
        tooltip=[_T("entity:N", title="Region"), _T("year:O", title="Year"),
                 _T("investment_text:N", title="Investment (2021 USD)")],
    ).properties(
        title=alt.Title("Private investment in AI by region", subtitle="AI Index (Quid), via Our World in Data"),
        description="Lines of yearly private AI investment for the world, the United States, China and Europe, "
                    "peaking in 2021 and rising again in 2024.")


def top_share(top: capital.TopShare) -> alt.Chart:
    shares = top.shares.assign(top_k_text=charts.unit_text("usd", top.shares["top_k_usd"]))
    tips = [_T("year:O", title="Year"), _T("share:Q", title="Share (lower bound)", format=".0%"),
            _T("companies:N", title="Companies"), _T("top_k_text:N", title="Their $1B+ rounds (2021 USD)")]
    if "coverage" in shares:
        tips.append(_T("coverage:Q", title="Share of the year's $1B+ events in the table", format=".0%"))
    return charts.bar_chart(
        shares, x="year", y="share", title=f"Lower bound on the top-{top.k} companies' share of AI private investment",
        subtitle="Their publicly reported $1B+ rounds divided by the AI Index world total",
        description="Bars of the yearly share of world AI private investment taken by the top companies' disclosed "
                    "mega-rounds, rising to about a third in 2024.",
        x_title="Year", y_title="Share of world AI private investment (%, lower bound)", y_unit="share", tooltip=tips)


def mid_band_share(deals: capital.DealSample) -> alt.Chart:
    return charts.bar_chart(
        deals.band, x="year", y="band_share", color="sample", color_title="Sample", stack=None, y_unit="share",
        title=f"Share of AI rounds between {charts.money_text(deals.low_usd)} and {charts.money_text(deals.high_usd)}",
        subtitle="Among rounds with a disclosed amount, by deal sample (samples are small and biased)",
        description="Bars of the yearly share of mid-size rounds in each deal sample.",
        x_title="Year", y_title="Share of disclosed AI rounds (%)",
        tooltip=[_T("sample:N", title="Sample"), _T("year:O", title="Year"),
                 _T("band_share:Q", title="Mid-size share", format=".0%"),
                 _T("band_rounds:Q", title="Mid-size rounds"), _T("rounds:Q", title="All disclosed rounds")])


def deal_concentration(deals: capital.DealSample):
    return charts.table(
        deals.concentration.rename(columns={"total_usd": "money (USD)", "hhi": "HHI", "gini": "Gini",
                                            "top_company_share": "largest company"}),
        "Concentration of disclosed AI round money across companies, by sample and year",
        {"money (USD)": "${:,.0f}", "HHI": "{:.3f}", "Gini": "{:.2f}", "largest company": "{:.0%}"})


SIZE_BAND_NAMES = {"over_1b": "over $1B", "500m_1b": "$500M–1B", "500m_plus": "$500M+", "100m_500m": "$100–500M",
                   "50m_100m": "$50–100M", "under_50m": "under $50M", "undisclosed": "undisclosed", "total": "total",
                   "in_band_share": "share in the band"}


def size_bands(census: capital.CensusBands):
    t = census.table
    cols = [c for c in SIZE_BAND_NAMES if c in t]
    counts = [SIZE_BAND_NAMES[c] for c in cols if c != "in_band_share"]
    names = {**SIZE_BAND_NAMES, "in_band_share": f"{census.label} share of disclosed"}
    return charts.table(t[["report", "year"] + cols].rename(columns=names),
                        "AI private investment events by size band, by AI Index edition (Quid); blank where the "
                        "edition's count was not found",
                        {names["in_band_share"]: "{:.1%}", **{c: "{:,.0f}" for c in counts}})


def census_pairs(census: capital.CensusBands):
    p = census.pairs.drop(columns="change").rename(columns={
        "year_from": "from year", "year_to": "to year", "from": "events then", "to": "events after",
        "ratio": "ratio", "low": "CI low", "high": "CI high"})
    return charts.table(p, f"{census.label} events in consecutive years printed by the same AI Index edition "
                        f"({census.confidence:.0%} intervals, Poisson counts)",
                        {"ratio": "{:.2f}", "CI low": "{:.2f}", "CI high": "{:.2f}"})


def funding_records(highs: capital.FundingRecords) -> alt.Chart:
    t = highs.table
    long = pd.concat([
        t.assign(series="all AI", value=t["investment_usd"], record=t["investment_record"]),
        t.assign(series="generative AI", value=t["genai_usd"], record=t["genai_record"]),
    ]).dropna(subset=["value"])
    long = long.assign(mark=long["record"].map({True: "a record", False: "not a record"}),
                       value_text=charts.unit_text("usd", long["value"]))
    return alt.Chart(long).mark_bar().encode(
        x=charts.year_x(long["year"]), xOffset=alt.XOffset("series:N"),
        y=alt.Y("value:Q", title="Private investment (constant 2021 USD)", axis=charts.money_axis()),
        color=alt.Color("series:N", title="Investment"),
        opacity=alt.Opacity("mark:N", title="Year", scale=alt.Scale(domain=["a record", "not a record"], range=[1.0, 0.4])),
        tooltip=[_T("year:O", title="Year"), _T("series:N", title="Investment"),
                 _T("value_text:N", title="Amount (2021 USD)"), _T("mark:N", title="Record?"),
                 _T("source:N", title="Source")],
    ).properties(title=alt.Title("AI private investment per year, and which years set a record",
                                 subtitle="AI Index (Quid) via Our World in Data; 2025 from the AI Index 2026, deflated"),
                 description="Grouped bars of yearly AI and generative-AI private investment; record years drawn solid.")


def layoffs(lay: capital.Layoffs) -> alt.Chart:
    g = lay.by_year[lay.by_year["group"] != "not AI"]
    return alt.Chart(g).mark_bar().encode(
        x=charts.year_x(g["year"]), xOffset=alt.XOffset("group:N"),
        y=alt.Y("events:Q", title="Layoff events (count)", axis=charts.unit_axis("count")),
        color=alt.Color("group:N", title="Companies"),
        tooltip=[_T("year:O", title="Year"), _T("group:N", title="Companies"), _T("events:Q", title="Events"),
                 _T("companies:Q", title="Distinct companies"), _T("people:Q", title="People laid off (reported)")],
    ).properties(title=alt.Title("Layoff events at AI companies, by funding band",
                                 subtitle=f"Layoffs.fyi; mid band: {lay.label} raised in total; 2020 and 2026 are partial"),
                 description="Grouped bars of yearly layoff events at AI companies in the mid funding band and in other bands.")


def small_teams(small: capital.SmallTeams) -> alt.Chart:
    long = pd.concat([
        pd.DataFrame({"year": small.newly.index.astype(int), "companies": small.newly.values,
                      "series": "newly funded AI companies (AI Index)"}),
        pd.DataFrame({"year": small.yc.index.astype(int), "companies": small.yc.values,
                      "series": "YC companies with an AI tag, by batch year"}),
    ])
    return alt.Chart(long).mark_line(point=True).encode(
        x=charts.year_x(long["year"]),
        y=alt.Y("companies:Q", title="Companies (count, log scale)", scale=alt.Scale(type="log"),
                axis=charts.unit_axis("count", log=True)),
        color=alt.Color("series:N", title="Count"),
        tooltip=[_T("year:O", title="Year"), _T("series:N", title="Count"),
                 _T("companies:Q", title="Companies", format=",.0f")],
    ).properties(title=alt.Title("The small end: newly funded AI companies and YC's AI companies",
                                 subtitle="Counts per year on a log scale"),
                 description="Two rising lines: newly funded AI companies per year and YC companies with an AI tag per batch year.")


# ----------------------------------------------------------------- chapter 4: innovation

#: the tiers of organizations in words, in display order
TIER_NAMES = {"giant": "giants", "mid": "mid tier", "small": "small companies", "academic": "academia",
              "government_or_nonprofit": "government or non-profit", "unclassified industry": "other industry",
              "unclassified": "unclassified", "mid (set aside)": "mid tier (set aside)"}


def tier_name(tier) -> str:
    """A tier's name in words ("government_or_nonprofit" -> "government or non-profit")."""
    return TIER_NAMES.get(str(tier), str(tier).replace("_", " "))


def tier_shares(tiers: innovation.Tiers) -> alt.Chart:
    shares = tiers.shares.assign(tier=[tier_name(t) for t in tiers.shares["tier"]])
    order = [n for n in TIER_NAMES.values() if n in set(shares["tier"])]
    return charts.bar_chart(
        shares, x="year", y="share", color="tier", color_title="Tier", stack=True, y_unit="share", color_order=order,
        title="Notable AI models by the tier of the organization that built them",
        subtitle="Share of each year's notable models; a model by k organizations counts 1/k for each",
        description="Stacked bars of the yearly share of notable models by tier: giants grow, academia shrinks, the "
                    "mid tier grows after 2018.",
        x_title="Publication year", y_title="Share of the year's notable models (%)",
        tooltip=[_T("year:O", title="Year"), _T("tier:N", title="Tier"), _T("share:Q", title="Share", format=".0%"),
                 _T("models:Q", title="Models", format=".1f")])


def concentration(conc: innovation.Concentration, pct: int) -> alt.LayerChart:
    c, n = conc.by_year, conc.top_n
    long = pd.concat([
        c.assign(measure="HHI", value=c["hhi"], low=c["hhi_low"], high=c["hhi_high"]),
        c.assign(measure=f"Top-{n} share", value=c["top_share"], low=c["top_low"], high=c["top_high"]),
    ])[["year", "measure", "value", "low", "high", "models", "orgs"]]

    def text(measure, v):
        return "–" if v != v else (f"{v:.3f} ({v:.1%})" if measure == "HHI" else f"{v:.0%}")

    long = long.assign(**{f"{col}_text": [text(m, v) for m, v in zip(long["measure"], long[col])]
                          for col in ("value", "low", "high")})
    return charts.interval_chart(
        long, x="year", y="value", low="low", high="high", color="measure", color_title="Measure",
        title="Concentration of notable-model production across organization groups",
        subtitle=f"HHI (corrected: the chance that two of the year's models come from the same group) and top-{n} "
                 f"share per year, with {pct}% bootstrap intervals",
        description="Points with interval bars for the yearly HHI and top-n share of notable models; neither shows a "
                    "steady rise.",
        x_title="Publication year", y_title="HHI or share (%)", y_axis=charts.percent_axis(),
        x_scale=alt.Scale(domain=charts.year_domain(long["year"])),
        tooltip=[_T("year:O", title="Year"), _T("measure:N", title="Measure"),
                 _T("value_text:N", title="Estimate"), _T("low_text:N", title="Interval low"),
                 _T("high_text:N", title="Interval high"), _T("orgs:Q", title="Groups")])


def hhi_sensitivity(table: pd.DataFrame, pct: int):
    return charts.table(table, f"Sensitivity: the HHI trend per year with other standard errors and without the 2020 "
                        f"outlier ({pct}% intervals)", {"per year": "{:+.4f}", "CI low": "{:+.4f}", "CI high": "{:+.4f}"})


def citation_ratios(cites: innovation.Citations, pct: int) -> alt.LayerChart:
    t = cites.table()
    t = t.assign(tier=[tier_name(x) for x in t["tier"]])
    return charts.interval_chart(
        t, x="tier", y="ratio", low="low", high="high", x_type="N", y_axis=alt.Axis(format=".1f"), rule_at=1.0,
        x_sort=[n for n in TIER_NAMES.values() if n in set(t["tier"])],
        title="Citations per notable model relative to the giants' models of the same year",
        subtitle=f"Negative binomial regression with year effects, {pct}% intervals (1 = as cited as giants)",
        description="Points with interval bars of each tier's citation ratio to giants; the mid tier lies above 1.",
        x_title="Tier", y_title="Citation ratio to giants (×)",
        tooltip=[_T("tier:N", title="Tier"), _T("ratio:Q", title="Ratio", format=".2f"),
                 _T("low:Q", title="Interval low", format=".2f"), _T("high:Q", title="Interval high", format=".2f"),
                 _T("pairs:Q", title="Organization–model pairs")])


def notability(cites: innovation.Citations):
    return charts.table(
        cites.notability.rename(columns={"models": "models (weighted)", "Highly cited": "highly cited"}),
        "Notable models by tier and share notable for each criterion (Epoch AI)",
        {"models (weighted)": "{:.1f}", "SOTA improvement": "{:.0%}", "highly cited": "{:.0%}"})


def tier_sensitivity(sens: innovation.TierSensitivity, last: int, top_n: int, pct: int):
    cols = {"mid_latest": f"mid share {last}", "trend": "mid trend (points/yr)", "trend_low": "low",
            "trend_high": "high", "cite": "citations mid/giant", "cite_low": "low ", "cite_high": "high ",
            "top_share": f"top-{top_n} share {last}"}
    return charts.table(
        sens.table().rename(columns=cols), f"Headline estimates under other tier tables ({pct}% intervals)",
        {cols["mid_latest"]: "{:.0%}", cols["trend"]: "{:+.1f}", "low": "{:+.1f}", "high": "{:+.1f}",
         cols["cite"]: "{:.2f}", "low ": "{:.2f}", "high ": "{:.2f}", cols["top_share"]: "{:.0%}"})


def tier_choices(table: pd.DataFrame, pct: int):
    t = table.assign(
        mid=table.apply(lambda r: f"{r['mid']:+.1f} ({r['mid_low']:+.1f} to {r['mid_high']:+.1f})", axis=1),
        giant=table.apply(lambda r: f"{r['giant']:+.1f} ({r['giant_low']:+.1f} to {r['giant_high']:+.1f})", axis=1))
    t = t[["from", "definition", "mid", "giant", "pairs"]].rename(columns={
        "from": "Window from", "definition": "Mid tier", "mid": "Mid tier's share, points a year",
        "giant": "Giants' share, points a year", "pairs": "Organization–model pairs"})
    return charts.table(t, f"Trends of the tier shares of notable models under each pre-declared window start and "
                           f"definition of the middle ({pct}% intervals, logistic regression, robust errors)",
                        {"Window from": "{:d}"})


def acquisitions(census: innovation.AcquisitionCensus) -> alt.Chart:
    """Bars per year and deal kind, one panel per kind (side by side; stacked in rows on a phone)."""
    d = census.deals[census.deals["ai_company"] == "yes"].assign(year=lambda x: x["date"].dt.year)
    d = d.assign(kind=d["outcome"].map({"acquisition": "bought outright"}).fillna("licensed or hired"),
                 size=d["size"].map({"mid": "mid-sized", "small": "small", "large": "large", "unknown": "size unknown"}))
    g = d.groupby(["year", "size", "kind"]).size().rename("deals").reset_index()
    sizes = ["mid-sized", "small", "large", "size unknown"]
    return alt.Chart(g).mark_bar().encode(
        x=charts.year_x(g["year"], "Year announced"),
        y=alt.Y("sum(deals):Q", title="AI companies (count)", axis=charts.unit_axis("count")),
        color=alt.Color("size:N", title="Target", sort=sizes, scale=alt.Scale(
            domain=sizes, range=[charts.PALETTE[0], charts.PALETTE[2], charts.PALETTE[1], "#aaaaaa"])),
        column=alt.Column("kind:N", title=None),
        tooltip=[_T("year:O", title="Year"), _T("size:N", title="Target"), _T("kind:N", title="Deal"),
                 _T("deals:Q", title="AI companies")],
    ).properties(title=alt.Title("AI companies absorbed by the giants and the large chip and cloud firms",
                                 subtitle="Census from public acquisition lists, 2022 on (a lower bound); doubtful "
                                          "AI companies left out"),
                 description="Bars per year of AI companies bought outright or licensed and hired, by target size.",
                 width=280)


#: what happened to a company, in words
OUTCOME_NAMES = {"layoffs": "layoffs", "acquisition": "acquisition", "licensing_deal": "licensing deal",
                 "model_exit": "exit from model building", "pivot": "pivot", "shutdown": "shutdown"}


def outcomes(table: pd.DataFrame) -> alt.Chart:
    t = table.assign(counterparty=table["counterparty"].fillna("–"),
                     outcome=[OUTCOME_NAMES.get(str(o), str(o).replace("_", " ")) for o in table["outcome"]])
    order = [n for n in OUTCOME_NAMES.values() if n in set(t["outcome"])]
    order += sorted(set(t["outcome"]) - set(order))
    return charts.timeline(
        t, date="date", lane="outcome", lane_order=order,
        title="What happened to mid-tier AI companies, 2022–2026",
        subtitle="Documented cases with sources (data/curated/company_outcomes.csv), not a census",
        description="Timeline of layoffs, acquisitions, licensing deals, pivots and shutdowns at mid-tier AI "
                    "companies, clustered in 2024–2025.",
        lane_title="Outcome",
        tooltip=[_T("company:N", title="Company"), _T("date:T", title="Date", format="%Y-%m-%d"),
                 _T("outcome:N", title="Outcome"), _T("counterparty:N", title="Counterparty"),
                 _T("detail:N", title="Detail")])


# ----------------------------------------------------------------- chapter 5: outlook

def cost_projection(sample: pd.DataFrame, proj: outlook.CostProjection, pct: int) -> alt.LayerChart:
    hist = sample.assign(date=pd.to_datetime(sample["publication_date"]))
    band = proj.path.assign(date=[year_to_date(x).round("s") for x in proj.path["x"]])
    return charts.trend_chart(
        hist[hist["date"] >= pd.Timestamp("2018-01-01")], band, y_col="cost_usd_2023", unit="usd",
        y_title="Training cost (2023 USD, log scale)", title=f"Frontier training cost, projected to {proj.horizon_year}",
        subtitle=f"Points: frontier models with a cost estimate; dashed: projection; band: {pct}% prediction interval"
        + (f"; scenario ×{proj.override:g}/yr from {proj.override_from}" if proj.override else ""),
        description="Frontier training costs since 2018 on a log scale and their projection, a widening band rising "
                    "to the horizon.",
        extra_tooltip=[_T("organization:N", title="Organization")])


def capability_frontier(slow: outlook.CapabilitySlowdown) -> alt.Chart:
    return alt.Chart(slow.series).mark_line(interpolate="step-after", point=alt.OverlayMarkDef(size=14)).encode(
        x=alt.X("date:T", title="Month"),
        y=alt.Y("eci:Q", title="Best ECI score so far (points)", scale=alt.Scale(zero=False)),
        tooltip=[_T("date:T", title="Month", format="%Y-%m"), _T("eci:Q", title="Best ECI (points)", format=".1f")],
    ).properties(
        title=alt.Title("The capability frontier, month by month",
                        subtitle=f"Best Epoch Capabilities Index score of any model released so far; break tested at "
                                 f"{slow.break_date}"),
        description="A rising step line of the best capability index score; its slope before and after the break "
                    "date is compared.")


def ledger_table(results) -> object:
    table = pd.DataFrame({"claim": [r.claim.quote for r in results], "chapter": [r.claim.chapter for r in results],
                          "estimate": [r.estimate for r in results], "verdict": [r.verdict for r in results],
                          "reason": [r.reason for r in results]})
    return charts.table(table, "Claims ledger at the time this chapter ran (the landing page shows the current one)")


# ----------------------------------------------------------------- appendix: replication

def replication_table(table: pd.DataFrame):
    def published(r):
        out = f"{r.value:g}"
        if r.low == r.low and r.high == r.high:
            out += f" ({r.low:g}–{r.high:g}, {r.level:.0%} CI)"
        return out

    def book(r):
        e = r.book
        spec = ".2f"
        out = e.text(spec) if e.ok else e.note
        return out + (f" [{e.window}]" if e.window else "")

    shown = pd.DataFrame({
        "published figure": table["quantity"], "source": table["publisher"] + ", " + table["location"],
        "window": table["window"], "unit": table["unit"],
        "published": [published(r) for r in table.itertuples()], "this book": [book(r) for r in table.itertuples()],
        "verdict": [("same series" if k == "conversion" else "agrees") if a else "differs"
                    for a, k in zip(table["agrees"], table.get("kind", ["replication"] * len(table)))],
        "why": table["reason"]})
    return charts.table(shown, "Published figures and the book's estimates on their windows and definitions "
                               "(\"same series\": a unit check of the publisher's own series, not an agreement)")


def compute_variants_table(variants: pd.DataFrame, published: float, low: float, high: float):
    t = variants.assign(interval=variants.apply(lambda r: estimate_cell(None, r["low"], r["high"]), axis=1),
                        agrees=variants["agrees"].map({True: "agrees", False: "differs"}))
    t = t[["variant", "models", "factor", "interval", "agrees"]].rename(columns={
        "variant": "Variant", "models": "Frontier models", "factor": "Growth (×/yr)", "interval": "Interval",
        "agrees": f"Against Epoch's {published:g}× ({low:g}–{high:g})"})
    return charts.table(t, "Frontier training-compute growth, 2010 to May 2024, under the variants a replicator "
                           "would try", {"Growth (×/yr)": "{:.2f}"})


# ----------------------------------------------------------------- appendix: verdict history

VERDICT_ORDER = ["supported", "partly supported", "contradicted", "not testable with public data", "not yet measured"]
#: colour-blind-safe (Okabe–Ito blues and vermillion, greys), each verdict also drawn as a symbol
VERDICT_COLORS = ["#0072b2", "#56b4e9", "#d55e00", "#d4d4d4", "#f7f7f7"]
VERDICT_SYMBOLS = ["✓", "◐", "✗", "?", "·"]
#: the symbol's colour on each verdict's fill (contrast)
VERDICT_INK = ["#ffffff", "#1a1a1a", "#ffffff", "#1a1a1a", "#777777"]


def verdict_label(verdict: str) -> str:
    """A verdict with its symbol, as the grid's legend shows it: '✓ supported'."""
    i = VERDICT_ORDER.index(verdict) if verdict in VERDICT_ORDER else None
    return verdict if i is None else f"{VERDICT_SYMBOLS[i]} {verdict}"


#: x-axis labels of the verdict grid: quarter ends as "2024 Q3", the last column as it is
_QUARTER_EXPR = ("length(datum.value) == 10 && substring(datum.value, 4, 5) == '-' ? substring(datum.value, 0, 4) + ' Q' "
                 "+ ceil(toNumber(substring(datum.value, 5, 7)) / 3) : datum.value")


def verdict_history(table: pd.DataFrame, claim_order: list[str]) -> alt.LayerChart:
    """Claims by dates: each cell filled by its verdict's colour (colour-blind-safe) and marked
    with its symbol (✓ supported, ◐ partly, ✗ contradicted, ? not testable), so the grid reads
    without colour; tooltips with the estimate, its interval and the reason. On a phone the grid
    narrows its columns to fit, the last ("all data") included."""
    ink = dict(zip(VERDICT_ORDER, VERDICT_INK))
    symbols = dict(zip(VERDICT_ORDER, VERDICT_SYMBOLS))
    t = table.assign(estimate_text=[("–" if pd.isna(r.estimate) else f"{r.estimate:.3g}"
                                     + ("" if pd.isna(r.ci_low) else f" ({r.ci_low:.3g} to {r.ci_high:.3g})"))
                                    for r in table.itertuples()],
                     verdict_label=[verdict_label(v) for v in table["verdict"]],
                     symbol=[symbols.get(v, "") for v in table["verdict"]],
                     ink=[ink.get(v, "#1a1a1a") for v in table["verdict"]])
    dates = list(dict.fromkeys(table["as_of"]))
    x = alt.X("as_of:O", title="Data available on (quarter end; last column: all data)", sort=dates,
              axis=alt.Axis(labelAngle=-45, labelExpr=_QUARTER_EXPR))
    y = alt.Y("claim:N", title="Claim (ledger id)", sort=claim_order)
    tooltip = [_T("claim:N", title="Claim"), _T("as_of:N", title="As of"), _T("verdict:N", title="Verdict"),
               _T("estimate_text:N", title="Estimate (CI)"), _T("reason:N", title="Why")]
    labels = [verdict_label(v) for v in VERDICT_ORDER]
    cells = alt.Chart(t).mark_rect(stroke="white", strokeWidth=1).encode(
        x=x, y=y, tooltip=tooltip,
        color=alt.Color("verdict_label:N", title="Verdict", sort=labels,
                        scale=alt.Scale(domain=labels, range=VERDICT_COLORS),
                        legend=alt.Legend(symbolStrokeColor="#888888", symbolStrokeWidth=0.5)))
    marks = alt.Chart(t).mark_text(fontSize=11, fontWeight="bold").encode(
        x=x, y=y, text=alt.Text("symbol:N"), fill=alt.Fill("ink:N", scale=None, legend=None), tooltip=tooltip)
    subtitle = "Each claim judged by its ledger rule on the data available at each quarter end"
    return alt.layer(cells, marks).properties(
        title=alt.Title("How each verdict moved with the data", subtitle=subtitle),
        description="A grid of claims by dates; each cell's colour and symbol give the verdict (✓ supported, "
                    "◐ partly supported, ✗ contradicted, ? not testable with public data).",
        width=alt.Step(28), height=alt.Step(18),
        usermeta={"narrow": {"title": {"subtitle": subtitle + "; rows: claims by ledger id"}},
                  "narrowEncoding": {"y": {"title": None}, "x": {"axis": {"labelAngle": -90}}}},
    )


# ----------------------------------------------------------------- appendix: robustness

def specification_curve(rows: pd.DataFrame, claim_id: str, quote: str, measure: str,
                        choice_order: list[tuple[str, list[str]]]) -> alt.VConcatChart:
    """One claim's specification curve: its specifications sorted by the headline estimate (with
    its interval, coloured by the verdict it gives; the book's default ringed), a strip of the
    verdicts, and below, the options each specification takes (one row per option, grouped by
    choice). ``rows``: the claim's rows of the sweep table; ``choice_order``: (choice name, its
    option labels) in declared order."""
    import json

    t = rows.copy()
    t["has_est"] = t["estimate"].notna()
    t = t.sort_values(["has_est", "estimate", "verdict"], ascending=[False, True, True], kind="stable")
    t["rank"] = range(1, len(t) + 1)
    t["verdict_label"] = [verdict_label(v) for v in t["verdict"]]
    t["estimate_text"] = [("–" if pd.isna(r.estimate) else f"{r.estimate:.3g}"
                           + ("" if pd.isna(r.ci_low) else f" ({r.ci_low:.3g} to {r.ci_high:.3g})"))
                          for r in t.itertuples()]
    t["which"] = ["the book's choice" if d else "another choice" for d in t["default"]]
    labels = [verdict_label(v) for v in VERDICT_ORDER]
    tips = [_T("spec:N", title="Specification"), _T("verdict:N", title="Verdict"),
            _T("estimate_text:N", title="Estimate (CI)"), _T("which:N", title="")]
    n = len(t)
    x = alt.X("rank:Q", title=f"Specifications, sorted by estimate ({n})", scale=alt.Scale(domain=[0.5, n + 0.5]),
              axis=alt.Axis(values=list(range(1, n + 1, max(1, n // 9))), format="d"))
    color = alt.Color("verdict_label:N", title="Verdict", sort=labels, scale=alt.Scale(domain=labels, range=VERDICT_COLORS),
                      legend=alt.Legend(symbolStrokeColor="#888888", symbolStrokeWidth=0.5))
    panels = []
    est = t[t["has_est"]]
    if len(est):
        base = alt.Chart(est)
        top_x = alt.X("rank:Q", title=None, scale=alt.Scale(domain=[0.5, n + 0.5]), axis=alt.Axis(labels=False, ticks=False))
        bars = base.mark_rule(strokeWidth=1.5, aria=False).encode(x=top_x, y=alt.Y("ci_low:Q"), y2="ci_high:Q", color=color,
                                                       tooltip=tips)
        dots = base.mark_point(filled=True, size=45, stroke="#444444", strokeWidth=0.5).encode(
            x=top_x, y=alt.Y("estimate:Q", title="Estimate", scale=alt.Scale(zero=False)), color=color, tooltip=tips)
        ring = alt.Chart(est[est["default"]]).mark_point(size=190, filled=False, stroke="#111111", strokeWidth=2,
                                                         aria=False).encode(
            x=top_x, y="estimate:Q", tooltip=tips)
        panels.append(alt.layer(bars, dots, ring).properties(height=150))
    strip = alt.Chart(t).mark_rect(stroke="white", strokeWidth=0.5, aria=False).encode(
        x=alt.X("rank:O", title=None, axis=None, sort="ascending"),
        color=color, tooltip=tips).properties(height=14)
    panels.append(strip)
    option_rows, row_order = [], []
    for name, options in choice_order:
        for opt in options:
            row_order.append(opt if opt not in row_order else f"{opt} ({name})")
    for r in t.itertuples():
        chosen = json.loads(r.choices)
        for name, options in choice_order:
            opt = chosen.get(name)
            label = opt if row_order.count(opt) else f"{opt} ({name})"
            option_rows.append({"rank": r.rank, "option": label, "choice": name, "spec": r.spec,
                                "verdict": r.verdict, "estimate_text": r.estimate_text, "which": r.which})
    o = pd.DataFrame(option_rows)
    matrix = alt.Chart(o).mark_point(filled=True, size=28, color="#333333").encode(
        x=x, y=alt.Y("option:N", title=None, sort=row_order, axis=alt.Axis(labelLimit=120)),
        tooltip=tips).properties(height=alt.Step(16))
    panels.append(matrix)
    subtitle = f"{measure}; ringed: the book's specification"
    return alt.vconcat(*panels, spacing=6).resolve_scale(color="shared").properties(
        title=alt.Title(f"{claim_id}: “{quote[:70]}{'…' if len(quote) > 70 else ''}”", subtitle=subtitle),
        description=f"Specification curve of the claim {claim_id}: {n} specifications sorted by their estimate, "
                    "each coloured by the verdict it gives, with the options each takes below.",
    )
