"""The sentences the chapters glue into their prose: each function turns a section's result
into glue values (names -> text as Markdown, or numbers), with the reading rules (which
sentence when) here, tested, instead of in the notebooks.

Dates are month or day labels, names are escaped for Markdown, and a reading that depends on
an interval says so in the rule below it.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from .. import claims
from ..analysis import compute
from ..data.dates import day_label, month_label
from .publish import md_escape


def _md(text) -> Markdown:
    """Text from the data (a model or company name) as Markdown, escaped."""
    return Markdown(md_escape(text))


def _months(keys, years) -> dict:
    return {key: Markdown(month_label(year)) for key, year in zip(keys, years)}


# ----------------------------------------------------------------- Chapter 1

def compute_growth(breaks: dict, crossing, cost_threshold_usd: float, confidence: float) -> dict:
    """The break-test reading in the compute chart's caption, the cost chart's caption, the
    Chow-test reading for cost, and the dates the cost trend crosses the threshold."""
    p = breaks["break_p_value"]
    shape = (f"growth of frontier compute changed after the break date (×{breaks['break_factor_before'].value:.1f} a "
             f"year before, ×{breaks['break_factor_after'].value:.1f} after; p = {p.value:.2f})"
             if p.ok and p.value < 1 - confidence else
             f"the break test finds no significant change of frontier growth after the break date (p = {p.value:.2f})"
             if p.ok else "there are too few frontier models on one side of the break date for a break test")
    joint = breaks["break_cost_p_joint"]
    return {
        **_months(["cost_threshold_when", "cost_threshold_when_low", "cost_threshold_when_high"], crossing),
        "compute_caption": Markdown("Each point is a model; the frontier models form the upper edge. On the log scale "
                                    f"growth is close to a straight line; {shape}."),
        "cost_caption": Markdown("Each point is a frontier model with a cost estimate; hover or tap for its name. The "
                                 f"red line marks {md_escape(compute.money(cost_threshold_usd))}."),
        "cost_break_reading": Markdown(
            f"the Chow test rejects a single trend (p = {joint.value:.2f}), so the single fit averages two regimes"
            if joint.ok and joint.value < 1 - confidence else
            f"the Chow test does not reject a single trend (p = {joint.value:.2f})" if joint.ok else
            f"the Chow test cannot be run: {joint.note or 'not enough data'}"),
    }


def record_names(clusters, records: pd.DataFrame) -> dict:
    """The largest cluster (owner, year) and the latest record training run (year)."""
    latest = clusters.latest
    run = f"{records['model'].iloc[-1]} ({int(records['year'].iloc[-1])})" if len(records) else "none"
    return {"largest_cluster_name": _md(f"{latest['name']} ({latest['owner']}, {int(latest['year'])})"),
            "record_run_name": _md(run)}


def sensitivity_reading(sens: pd.DataFrame) -> dict:
    """Whether every variant's frontier-cost interval lies above 1 (costs rise whatever the
    window or N)."""
    above, n = int((sens["cost_frontier_ci_low"] > 1).sum()), len(sens)
    fitted = int(sens["cost_frontier_ci_low"].notna().sum())
    if fitted < n:  # a variant without data has no interval: it neither supports nor undermines the reading
        return {"sensitivity_reading": Markdown(
            f"{n - fitted} of {n} variants have too little data to fit (n = 0 in the table); "
            + (f"{above} of the {fitted} fitted have an interval above 1" if fitted else "none can be read"))}
    return {"sensitivity_reading": Markdown(
        "every variant's interval lies above 1, so the conclusion that frontier costs rise does not hinge on the "
        "window or on N" if above == n else
        f"{above} of {n} variants have an interval above 1: the conclusion depends on the window or on N")}


# ----------------------------------------------------------------- Chapter 2

def arena_gap(gap) -> dict:
    """The Arena chain, its first and latest snapshot, the models at the top, threshold dates."""
    first, last = gap.gap.iloc[0], gap.latest
    return {
        "arena_chain": Markdown(gap.chain_name),
        "arena_first_date": Markdown(f"{first['snapshot_date']:%b %Y}"),
        "arena_latest_date": Markdown(day_label(last["snapshot_date"])),
        "arena_best_open_latest": _md(last["best_open_model"]),
        "arena_best_proprietary_latest": _md(last["best_proprietary_model"]),
        **_months(["gap_threshold_when", "gap_threshold_when_low", "gap_threshold_when_high"], gap.crossing),
    }


def lag_names(lags) -> dict:
    """The latest open model in the ECI lag series and the proprietary model it matched."""
    return {"eci_lag_model_latest": _md(lags.eci_lag["model"].iloc[-1]),
            "eci_lag_matched_latest": _md(lags.eci_lag["matched_by"].iloc[-1])}


def open_share(odds, open_includes_restricted: bool) -> dict:
    """The other licence definition and the reading of the odds ratio per year (an interval
    containing 1: no clear trend)."""
    return {
        "open_share_alt_definition": Markdown("leaving restricted and non-commercial licences out"
                                              if open_includes_restricted else
                                              "counting restricted and non-commercial licences as open"),
        "open_share_reading": Markdown(
            "The share of open releases shows no clear trend: a large, stable fraction of notable work rather than a "
            "rising tide." if odds.ci_low <= 1 <= odds.ci_high else
            "The share of open releases is rising." if odds.ci_low > 1 else "The share of open releases is falling."),
    }


def price_of_capability(price) -> dict:
    """First and latest month of the cheapest capable model, and the whole-history variant."""
    c, full = price.cheapest, price.variants.set_index("variant").iloc[1]
    return {
        "price_first_month": Markdown(f"{c['date'].iloc[0]:%B %Y}"),
        "price_first_model": _md(c["model"].iloc[0]),
        "price_latest_month": Markdown(f"{c['date'].iloc[-1]:%B %Y}"),
        "price_latest_model": _md(c["model"].iloc[-1]),
        "price_full_decline": full["decline per year"], "price_full_decline_low": full["CI low"],
        "price_full_decline_high": full["CI high"], "price_full_first": Markdown(full["first month"]),
    }


# ----------------------------------------------------------------- Chapter 3

def hub_sensitivity(sens: pd.DataFrame) -> dict:
    """The rule's constants and one sentence on the median ratio under other choices
    (:func:`openness.benchmark_ratio_sensitivity`): how many variants keep the interval below
    80%, and each one's estimate."""
    ok = sens[sens["median"].notna()]
    below = int((ok["high"] < claims.OPEN_RATIO).sum())
    parts = "; ".join(f"{r.variant}: {r.median:.0%} ({r.low:.0%} to {r.high:.0%}, {int(r.benchmarks)} benchmarks)"
                      for r in ok.itertuples() if r.variant != "as declared")
    text = (f"Under other defensible choices the median moves as follows: {parts}. In {below} of the {len(ok)} variants "
            f"the whole interval lies below {claims.OPEN_RATIO:.0%}." if len(ok) else
            "Too few unsaturated benchmarks for a sensitivity check.")
    return {"hub_sensitivity": Markdown(md_escape(text)), "bench_window_months": claims.BENCH_WINDOW_MONTHS,
            "bench_saturated_pct": f"{claims.BENCH_SATURATED:.0%}", "bench_min_models": claims.BENCH_MIN_MODELS}


def funding_highs(table: pd.DataFrame, cpi) -> dict:
    """Whether 2024 and 2025 set records, in 2021 dollars and (2024) in current dollars."""
    t = table.set_index("year")

    def said(year: int, col: str) -> str:
        usd = col.replace("_record", "_usd")
        if year not in t.index or t.loc[year, usd] != t.loc[year, usd]:  # missing or NaN
            return f"not in the series for {year}"
        return f"a record in {year}" if t.loc[year, col] else f"below its earlier peak in {year}"

    nominal = t["investment_usd"] * t.index.map(cpi).astype(float) / float(cpi[2021])
    current = "a record" if nominal.get(2024, 0) > nominal[nominal.index < 2024].max() else "not a record"
    return {"highs_reading": Markdown(
        f"In 2021 dollars the total was {said(2024, 'investment_record')} and {said(2025, 'investment_record')}; "
        f"generative-AI investment was {said(2024, 'genai_record')} and {said(2025, 'genai_record')}. In current "
        f"dollars 2024 was {current}: the difference is the inflation since 2021.")}


def top_share(top) -> dict:
    """Years of the mega-round table, the latest year's companies, coverage, uncertain rounds."""
    uncertain = top.mega[top.mega["quid_scope"] == "uncertain"]
    return {
        "mega_rounds_years": Markdown(f"{int(top.mega['year'].min())}–{int(top.mega['year'].max())}"),
        "top_k_companies_latest": _md(top.latest["companies"]),
        "coverage_years": Markdown(", ".join(f"{r.curated_rounds} of {r.ai_index_events} in {int(r.year)}"
                                             for r in top.coverage.itertuples())),
        "uncertain_rounds": _md("; ".join(f"{r.company} {r.year} ({r.scope_note})" for r in uncertain.itertuples())),
    }


def top_ten_bounds(reading: claims.Reading) -> dict:
    """The upper bound on the top ten's share (the claims module's arithmetic) and what it says
    of the "vast majority" (two thirds)."""
    b = claims.top_ten_bounds(reading)
    if b is None:
        return {"top_k_upper_pct": Markdown("not measured"),
                "top_k_reading": Markdown("without the AI Index's size bands for that year no upper bound can be set.")}
    vast = claims.VAST_MAJORITY
    scenario = f" (the larger of two upper bounds, counting {b['scenario']})"
    if b["upper"] < vast:
        text = (f"short of two thirds by {100 * (vast - b['upper']):.0f} points even at that bound. For two thirds, each "
                f"missing \\$1B+ event would have to carry \\${b['per_missing']:.1f} billion, more than the largest round "
                "recorded that year: the top ten did not take the vast majority.")
    elif b["lower"] >= vast:
        text = "even the lower bound reaches two thirds."
    else:
        text = (f"two thirds lies between the bounds ({b['lower']:.0%} to {b['upper']:.0%}); whether they reached it "
                "needs proprietary deal data.")
    return {"top_k_upper_pct": Markdown(f"{b['upper']:.0%}{scenario}"), "top_k_reading": Markdown(text)}


def census_reading(census) -> dict:
    """The mid band's label and the reading of its count ratio, by the claims module's rule for
    a direction (a ratio within ±20% of 1 is "no change")."""
    words = {"up": "a significant rise", "down": "a significant fall", "flat": "inside ±20% of no change",
             "unclear": "too uncertain to tell a change"}
    ratio = census.measures()["census_mid_ratio"]
    return {"mid_band_label_md": _md(census.label),
            "census_mid_reading": words[claims.direction(ratio, 1, claims.FLAT_RATIO)]}


# ----------------------------------------------------------------- Chapter 4

def tier_shares(tiers, organizations_path: str) -> dict:
    """Which tier table was used, and whether the academic and mid-tier shares shrink (the mid
    tier's: its trend interval below zero)."""
    first_year = int(tiers.wide.index.min())
    academic = "shrinks" if tiers.share("academic") < tiers.share("academic", first_year) else "does not shrink"
    mid = ("shrinks too." if tiers.mid and tiers.mid.pp_ci[1] < 0 else
           "does not." if tiers.mid and tiers.mid.pp_ci[0] > 0 else "shows no clear trend.")
    return {"tier_table": Markdown("the curated table `data/curated/organizations.csv`" if not organizations_path
                                   else f"the tier table `{md_escape(organizations_path)}`"),
            "share_reading": Markdown(f"The academic share {academic}; the mid tier's {mid}")}


def hhi_sensitivity(t: pd.DataFrame) -> dict:
    """The HHI trend's interval with HC1 errors and without 2020 (rows 1 and 2 of the
    concentration's sensitivity table)."""
    return {"hhi_trend_hc1_low": t["CI low"].iloc[1], "hhi_trend_hc1_high": t["CI high"].iloc[1],
            "hhi_trend_no2020_low": t["CI low"].iloc[2], "hhi_trend_no2020_high": t["CI high"].iloc[2]}


def tier_sensitivity_names(sens) -> dict:
    """The labs set aside in the narrower middle, and the most cited lab left out."""
    return {"labs_set_aside_md": _md(", ".join(sorted(sens.set_aside["raised"] | sens.set_aside["frontier"]))),
            "cite_top_org_md": _md(sens.measures().get("cite_top_org", "any one lab"))}


def citation_sensitivity(main_cite, alt_cite) -> dict:
    """Whether the mid tier's citation lead survives the current-tier table."""
    return {"sens_cite_note": Markdown(
        "the mid tier's citation lead disappears, so it came from labs that later became giants"
        if main_cite.above(1) and not alt_cite.above(1) else "the mid tier's citation lead holds" if alt_cite.above(1)
        else "the citation ratio is not clearly different from 1 under either table")}


# ----------------------------------------------------------------- Chapter 5

def cost_scenario(fit, fitted_median_usd: float, override, override_from_year, horizon_year=None) -> dict:
    """The compute chapter's cost growth and the scenario in force (an override or the fit); a
    scenario that starts after ``horizon_year`` changes nothing, and says so."""
    fitted = f"×{fit.factor_per_year:.2f}"
    late = override and horizon_year is not None and override_from_year > horizon_year
    text = (f"no scenario within the horizon: growth of ×{override:g} per year would start in {override_from_year}, "
            f"after horizon_year {horizon_year}, so the fitted growth of {fitted} per year continues" if late else
            f"the scenario in force: growth of ×{override:g} per year from {override_from_year} on, instead of the "
            f"fitted {fitted} (with the fitted trend the median would be "
            f"\\${fitted_median_usd / 1e9:.1f} billion)" if override else
            f"no scenario: the fitted growth of {fitted} per year continues (set "
            "`cost_growth_override` to try another)")
    return {"frontier_cost_growth": fit.factor_per_year, "frontier_cost_n": fit.n, "cost_scenario": Markdown(text)}


def gap_projection(open_models: dict, zero) -> dict:
    """The latest Arena gap, its trend, and when the projected gap reaches zero."""
    return {"gap_pct_latest": open_models["arena_gap_pct_latest"].value,
            "gap_pct_trend": open_models["arena_gap_pct_fit"].slope,
            **_months(["gap_zero_when", "gap_zero_when_low", "gap_zero_when_high"], [zero.value, zero.ci_low, zero.ci_high])}


def price_projection(open_models: dict) -> dict:
    """The price factor per year over the whole window and the last 12 months."""
    recent, full = open_models["price_factor_recent"], open_models["price_factor_per_year"]
    return {"price_latest": open_models["price_latest"].value, "price_factor_full": full.value,
            "price_factor_full_ci_low": full.ci_low, "price_factor_full_ci_high": full.ci_high,
            "price_factor_recent": recent.value, "price_factor_recent_ci_low": recent.ci_low,
            "price_factor_recent_ci_high": recent.ci_high, "price_recent_n": recent.n, "price_full_window": full.window}


def funding_concentration(share) -> dict:
    """The capital chapter's latest top-company share, or that it is not measured yet."""
    return {"funding_concentration_text": Markdown(
        f"The capital chapter measures the top companies' share of AI private investment at {100 * share.value:.0f}% "
        f"in its latest year ({share.window}); see that chapter for its trend and coverage."
        if share is not None and share.ok else
        "**Not yet measured.** The chapter on capital concentration is not in the book yet, so there is no fitted "
        "trend of funding concentration to project; none is invented here.")}


def window_of_opportunity(reading: claims.Reading, recent, window) -> dict:
    """The capability reading (the claims module's), whether prices still fall (the recent
    factor's interval below 1), and the verdict on the window."""
    words = {"slowing": "**slowing** by every test", "not slowing": "**not slowing** by any test",
             "unclear": "**unclear**: the tests disagree"}
    return {"window_capability": Markdown(words[claims.capability_reading(reading)[0]]),
            "window_prices": Markdown("**still falling**" if recent.below(1) else "**no longer clearly falling**"),
            "window_verdict": Markdown(f"**{window.verdict.capitalize()}**: {md_escape(window.reason)}.")}


def ledger_counts(results) -> dict:
    """How many claims the ledger has with each verdict."""
    n = claims.counts(results)
    return {"ledger_supported": n["supported"], "ledger_partly": n["partly supported"],
            "ledger_contradicted": n["contradicted"], "ledger_untestable": n["not testable with public data"],
            "ledger_not_yet": n["not yet measured"], "ledger_total": len(results)}
