"""The capital chapter's claims (``top-ten``, ``mid-rounds``, ``funding-highs``, ``layoffs``,
``small-teams``, ``winner-take-all``, ``rounds-walls``, ``reserves``): thresholds, rules and
:data:`CLAIMS`."""

from __future__ import annotations

import math

from .multiverse import confidence, growth_band, parameter, ratio_band, threshold
from .engine import (CONTRADICTED, FLAT_DECLINE, FLAT_GROWTH, FLAT_RATIO, MULTIPLE, PARTLY, SUPPORTED, UNTESTABLE, C,
                     Claim, P, Reading, S, U, _ci, _outcomes, _pct, direction)
from ..analysis.measures import Estimate

VAST_MAJORITY = 2 / 3  # "the vast majority" of total industry funding
#: "tens of billions of dollars in capital reserves": at least $20B of cash and marketable securities
RESERVES_USD = 20e9


def judge_mid_rounds(r: Reading):
    if r.get("rounds_source") == "author":
        trend = r["mid_band_trend"]
        if not trend.ok:
            return UNTESTABLE, f"author's deal file: {trend.note}"
        way = direction(trend, 1, FLAT_RATIO)
        if way == "down":
            return SUPPORTED, "mid-size rounds decline in the author's deal file"
        if way in ("up", "flat"):
            return CONTRADICTED, f"mid-size rounds do not decline in the author's deal file ({way})"
        return UNTESTABLE, "no clear trend of mid-size rounds in the author's deal file"
    ratio = r["census_mid_ratio"]
    band = r.get("mid_band_label") or "mid-scale"
    years = ratio.window
    way = direction(ratio, 1, FLAT_RATIO)
    after, before = r.get("census_mid_ratio_next"), r.get("census_mid_ratio_prev")
    then = (f"; from {after.window} they changed ×{after.value:.2f}" if isinstance(after, Estimate) and after.ok else "")
    if isinstance(before, Estimate) and before.ok and before.has_ci:
        then = (f"; the year before, {before.window}, they changed ×{before.value:.2f} ({before.ci_low:.2f} to "
                f"{before.ci_high:.2f}), a fall the article's year did not continue" if before.below(1) else
                f"; the year before, {before.window}, ×{before.value:.2f}") + then
    if way == "down":
        return SUPPORTED, f"AI Index counts of {band} events fell in {years}{then}"
    if way == "up":
        return CONTRADICTED, f"AI Index counts of {band} events rose in {years}{then}"
    if way == "flat":
        return CONTRADICTED, (f"AI Index counts of {band} events stayed within ±20% in {years} (ratio "
                              f"{ratio.text('.2f')}): no significant decline{then}")
    return UNTESTABLE, f"AI Index counts of {band} events in {years} are too few to tell{then}"


def judge_funding_highs(r: Reading):
    verdict, reason = _funding_highs_real(r)
    n24, n25 = r.get("record_total_nominal_2024"), r.get("record_total_nominal_2025")
    if n24 is not None and n25 is not None:
        both = [y for y, flag in (("2024", n24), ("2025", n25)) if flag]
        reason += ("; in current dollars " + (" and ".join(both) + (" were records" if len(both) > 1 else " was a record")
                                              if both else "neither year was a record"))
    return verdict, reason


def _funding_highs_real(r: Reading):
    t24, t25 = r.get("record_total_2024"), r.get("record_total_2025")
    g24, g25 = r.get("record_genai_2024"), r.get("record_genai_2025")
    years = r.get("funding_series_years") or "the series"
    if t25 is None:
        return UNTESTABLE, f"the public series ({years}) does not reach 2025"
    if t24 and t25:
        return SUPPORTED, "AI private investment set a record in 2024 and in 2025 (2021 dollars)"
    if t24 or t25 or (g24 and g25):
        which = "2025" if t25 else "2024" if t24 else "neither year"
        below = (" (2024 stayed below the earlier peak)" if t25 and not t24 else
                 " (2025 stayed below the earlier peak)" if t24 and not t25 else "")
        return PARTLY, (f"in 2021 dollars the total set a record in {which} only{below}"
                        + ("; generative-AI investment set records in both years" if g24 and g25 else ""))
    return CONTRADICTED, "neither 2024 nor 2025 set a record in 2021 dollars"


def judge_layoffs(r: Reading):
    n, trend = int(r.v("layoff_ai_mid_companies_past_year")), r["layoff_ai_mid_share_trend"]
    band, year = r.get("layoff_band_label") or "mid", int(r.v("layoff_past_year"))
    who = f"{n} AI companies with {band} raised had layoffs or shutdowns on layoffs.fyi in {year}"
    if n < MULTIPLE:
        return UNTESTABLE, f"{who}: fewer than the claim's 'multiple', and a crowd-sourced list can miss them"
    way = direction(trend, 1, FLAT_GROWTH)
    if way == "down":
        return PARTLY, who + ", but their share of tech layoff events is falling"
    rising = {"up": "rising", "flat": "stable", "unclear": "without a clear trend"}[way]
    bands = r.get("layoff_ai_mid_vs_other_bands")
    wide = (f", though no faster than at AI companies in other funding bands ({bands.text('.2f', suffix='×')} a year): "
            "the rise is AI-wide" if way == "up" and isinstance(bands, Estimate) and bands.ok and bands.has_ci
            and not bands.above(1) else "")
    return SUPPORTED, who + f"; their share of tech layoff events is {rising} ({trend.text('.2f', suffix='×')} a year){wide}"


def judge_small_teams(r: Reading):
    newly, yc, price = r["newly_funded_trend"], r["yc_ai_trend"], r["open-models.price_decline_per_year"]
    ways = [direction(newly, 1, FLAT_GROWTH), direction(yc, 1, FLAT_GROWTH),
            direction(price, 0, (-FLAT_DECLINE, FLAT_DECLINE))]
    limit = "; counts of new companies do not show them competing, so the claim is at most partly supported"
    latest = r.get("yc_ai_change_latest")
    recent = (f" (×{latest.value:.2f} in {latest.window}, as YC went to {int(r.v('yc_batches_latest'))} batches a year)"
              if isinstance(latest, Estimate) and latest.ok and r.ok("yc_batches_latest") else "")
    if all(w == "up" for w in ways):
        return PARTLY, (f"the small end grows: newly funded AI companies ×{newly.value:.2f} a year and YC's AI-tagged "
                        f"companies ×{yc.value:.2f} a batch year{recent}, while a fixed capability gets "
                        f"{_pct(price.value)} cheaper a year" + limit)
    if ways[0] in ("down", "flat") and ways[1] in ("down", "flat"):
        return CONTRADICTED, "newly funded AI companies and YC's AI companies are not growing"
    if any(w == "up" for w in ways):
        return PARTLY, "some measures of the small end grow and others do not" + limit
    return UNTESTABLE, "the small end's counts are too uncertain"


def top_ten_bounds(r: Reading) -> dict | None:
    """The lower and upper bounds on the top ten's share of the latest year's AI private
    investment (2021 USD). Upper: every $500M-1B event of the AI Index at $1B and every $1B+
    event missing from the curated table at the year's largest recorded round, taking the larger
    of two scenarios (every curated round inside the AI Index's scope; only the rounds surely
    inside it, so that more events are missing). Lower: the top ten's recorded rounds, the
    smaller of the two scenarios. None when the size bands or the largest round are not
    measured."""
    keys = ("top_k_total_billion", "top_k_usd_latest_billion", "top_k_500m_1b_max_billion", "top_k_missing_1b_events",
            "top_k_largest_round_billion")
    if not all(r.ok(k) for k in keys):
        return None
    total, top, band, missing, largest = (r.v(k) for k in keys)
    scenarios = [(top, missing)]
    if r.ok("top_k_usd_in_scope_billion") and r.ok("top_k_missing_1b_events_in_scope"):
        scenarios.append((r.v("top_k_usd_in_scope_billion"), r.v("top_k_missing_1b_events_in_scope")))
    uppers = [(t + band + m * largest) / total for t, m in scenarios]
    best = max(range(len(scenarios)), key=lambda i: uppers[i])
    t, m = scenarios[best]
    need = VAST_MAJORITY * total - t - band
    return {"total": total, "top": t, "band": band, "missing": int(m), "largest": largest,
            "lower": min(s[0] for s in scenarios) / total, "upper": min(uppers[best], 1.0),
            "per_missing": need / m if m else math.inf, "need": need,
            "scenario": "only the rounds surely inside the AI Index's scope" if best else "every curated round in scope"}


def judge_top_ten(r: Reading):
    share, year = r.v("top_k_share_latest"), int(r.v("top_k_share_year"))
    coverage = r.get("coverage_latest")
    cov = f"; the curated rounds cover {_pct(coverage.value)} of that year's $1B+ events" if (
        isinstance(coverage, Estimate) and coverage.ok) else ""
    if share >= VAST_MAJORITY:
        return SUPPORTED, f"even the lower bound is {_pct(share)} of AI private investment in {year}{cov}"
    b = top_ten_bounds(r)
    if b is None:
        return UNTESTABLE, (f"the top companies' disclosed $1B+ rounds alone are at least {_pct(share)} of {year}'s total "
                            f"(2021 dollars){cov}; without the AI Index's size bands for {year} no upper bound can be set")
    head = (f"in {year} the top ten's share of AI private investment lies between {_pct(b['lower'])} (their disclosed "
            f"$1B+ rounds) and {_pct(b['upper'])} (adding every $500M–1B event at $1B and each of the {b['missing']} "
            f"$1B+ events missing from the table at the year's largest recorded round, ${b['largest']:.1f}B, counting "
            f"{b['scenario']}; 2021 dollars){cov}")
    if b["upper"] < VAST_MAJORITY:
        per = (f"each missing $1B+ event would have to carry ${b['per_missing']:.1f}B, more than the largest round "
               f"recorded that year" if b["missing"] else "no $1B+ event is missing from the table")
        return CONTRADICTED, (head + f": short of two thirds by {100 * (VAST_MAJORITY - b['upper']):.0f} points even "
                              f"at that bound ({per})")
    return UNTESTABLE, head + ": two thirds lies between the bounds; whether they reached it needs proprietary deal data"


def judge_winner_take_all(r: Reading):
    trend, last = r["big_event_share_trend"], r.get("big_event_share_change_latest")
    way = direction(trend, 1, FLAT_GROWTH)
    text = (f"the share of AI investment events of $500M or more among disclosed events changes "
            f"{trend.text('.2f', suffix='×')} a year ({trend.window}, AI Index counts)")
    last_way = direction(last, 1, FLAT_RATIO) if isinstance(last, Estimate) and last.ok and last.has_ci else "unclear"
    if isinstance(last, Estimate) and last.ok:
        text += f"; latest year against the one before in one edition ({last.window}): {last.text('.2f', suffix='×')}"
    if way == "up" and last_way != "down":
        return SUPPORTED, text
    if way == "up" or last_way == "up":
        return PARTLY, text + ("; the latest year did not continue the rise" if way == "up" else
                               "; the long trend is not clear")
    if way in ("down", "flat"):
        return CONTRADICTED, text
    return UNTESTABLE, text + ": too uncertain"


def judge_rounds_walls(r: Reading):
    ratio = r["census_mid_ratio_next"]
    band = r.get("mid_band_label") or "mid-scale"
    way = direction(ratio, 1, FLAT_RATIO)
    text = f"AI Index counts of {band} events changed {ratio.text('.2f', suffix='×')} from {ratio.window}"
    if way == "down":
        return SUPPORTED, text + ": mid-scale rounds are still getting scarcer"
    if way in ("up", "flat"):
        return CONTRADICTED, text + (": mid-scale rounds became more frequent" if way == "up" else ": no decline")
    return UNTESTABLE, text + ": too few events to tell"


def judge_reserves(r: Reading):
    low, who, year = r.v("giants_cash_min_billion"), r.get("giants_cash_min_company"), r.get("giants_cash_year")
    capex = r.get("giants_capex_latest_billion")
    text = (f"the least liquid of the listed giants ({who}) held ${low:.0f}B of cash and marketable securities at the end "
            f"of fiscal {year}")
    if isinstance(capex, Estimate) and capex.ok:
        text += f"; together they spent ${capex.value:.0f}B on capital expenditure in fiscal {capex.window}"
    if low >= RESERVES_USD / 1e9:
        return SUPPORTED, text
    if low < 10:
        return CONTRADICTED, text + ": under ten billion"
    return PARTLY, text + ": ten to twenty billion, the bottom of \"tens of billions\""


def _show_mid_rounds(r):
    if r.get("rounds_source") == "author":
        return (f"{_pct(r.v('mid_band_share_latest'))} of rounds in the band ({int(r.v('mid_band_year_latest'))}, author "
                "data); trend " + _ci(r["mid_band_trend"], ".2f", "×"))
    ratio = r["census_mid_ratio"]
    return (f"{int(r.v('census_mid_prev'))} → {int(r.v('census_mid_last'))} events ({ratio.window}); ratio "
            + _ci(ratio, ".2f"))


def _show_top_ten(r):
    b = top_ten_bounds(r)
    year = int(r.v("top_k_share_year"))
    if b is None:
        out = f"≥ {_pct(r.v('top_k_share_latest'))} ({year}, 2021 dollars)"
    else:
        out = f"{_pct(b['lower'])} to {_pct(b['upper'])} ({year}, 2021 dollars)"
    if r.ok("coverage_latest"):
        out += f"; curated rounds cover {_pct(r.v('coverage_latest'))} of that year's $1B+ events"
    return out


CLAIMS: list[Claim] = [
    Claim("top-ten", "the top ten AI companies captured the vast majority of total industry funding", "capital",
          "bounds on the top-10 share of AI private investment in the latest year (2021 dollars): the lower bound from "
          "their disclosed $1B+ rounds; the upper bound adding every $500M–1B event of the AI Index at $1B and every "
          "$1B+ event missing from the curated table at the year's largest recorded round",
          "\"vast majority\" is two thirds: supported when the lower bound reaches it; contradicted when even the upper "
          "bound falls short (each missing round would have to exceed the year's largest recorded one); not testable "
          "when two thirds lies between the bounds",
          ("top_k_share_latest", "top_k_share_year"), judge_top_ten, _show_top_ten, interval_based=False,
          outcomes=_outcomes((S, "the lower bound reaches two thirds"), (C, "the upper bound falls short of two thirds"),
                             (U, "two thirds lies between the bounds, or the size bands are missing"))),
    Claim("mid-rounds", "mid-scale funding rounds declined significantly", "capital",
          "AI Index counts of investment events in the mid-scale band, 2024 against 2023 in the same report edition "
          "(Poisson rate ratio); with an author's deal file, the yearly count of rounds in the band",
          "supported when the rate-ratio CI lies below 1; contradicted when it lies above 1 or within ±20%; not "
          "testable otherwise",
          ("census_mid_ratio", "rounds_source"), judge_mid_rounds, _show_mid_rounds,
          outcomes=_outcomes((S, "the count fell (CI below 1)"), (C, "it rose or stayed within ±20%"),
                             (U, "too few events to tell"))),
    Claim("funding-highs", "funding amounts have repeatedly hit new highs", "capital",
          "AI private investment and generative-AI investment per year in 2021 dollars (AI Index via Our World in Data, "
          "2025 from the AI Index 2026): records in 2024 and 2025, and the growth of the total",
          "supported when the total set a record (2021 dollars) in both 2024 and 2025; partly when in one of them or "
          "when only generative AI did in both; contradicted when in neither; not testable when the series stops "
          "before 2025",
          ("record_total_2024", "funding_growth"), judge_funding_highs,
          lambda r: f"records: 2024 {'yes' if r.get('record_total_2024') else 'no'}, 2025 "
          f"{'yes' if r.get('record_total_2025') else 'no' if r.get('record_total_2025') is not None else 'n/a'}; growth "
          + _ci(r["funding_growth"], ".2f", "×") + f"/yr ({r.get('funding_series_years')})", interval_based=False,
          outcomes=_outcomes((S, "records in 2024 and 2025"), (P, "a record in one of the two years"),
                             (C, "no record in either"), (U, "the series stops before 2025"))),
    Claim("layoffs", "multiple mid-sized AI companies ... have reported layoffs, downsizing, or even shutdowns",
          "capital",
          "AI companies in the mid funding band with a layoffs.fyi event in the past year; the trend of their share of "
          "tech layoff events (Poisson with an offset) and against other tech companies and other funding bands (stacked "
          "Poisson)",
          f"supported when at least {MULTIPLE} such companies had an event in the past year and their share of tech "
          "layoff events is not falling; partly when it is falling (CI below 1); not testable with "
          "fewer companies",
          ("layoff_ai_mid_companies_past_year", "layoff_ai_mid_share_trend", "layoff_past_year"), judge_layoffs,
          lambda r: f"{int(r.v('layoff_ai_mid_companies_past_year'))} companies in {int(r.v('layoff_past_year'))}; share "
          "trend " + _ci(r["layoff_ai_mid_share_trend"], ".2f", "×") + "/yr",
          limited="layoffs.fyi is crowd-sourced and misses events: fewer than two companies on it cannot show that "
                  "fewer than two had layoffs, so the rule cannot return contradicted",
          outcomes=_outcomes((S, f"at least {MULTIPLE} companies and their share of layoff events not falling"),
                             (P, "their share of layoff events falls"), (U, f"fewer than {MULTIPLE} companies found"))),
    Claim("small-teams", "numerous asset-light small teams ... competing at extremely low costs", "capital",
          "newly funded AI companies per year (AI Index) and YC companies with an AI tag per batch year (count trends); "
          "the price of a fixed capability",
          "at most partly supported (counts of new companies do not measure competing): partly when any of the counts "
          "or the price decline rises (CIs above 1 or 0); contradicted when both counts fall or stay within ±10% a year; "
          "not testable otherwise",
          ("newly_funded_trend", "yc_ai_trend", "open-models.price_decline_per_year"), judge_small_teams,
          lambda r: "newly funded " + _ci(r["newly_funded_trend"], ".2f", "×") + "/yr; YC AI "
          + _ci(r["yc_ai_trend"], ".2f", "×") + "/yr; price decline " + _ci(r["open-models.price_decline_per_year"], ".0%"),
          limited="counts of new companies and prices show the small end growing and cheap inputs, not that small "
                  "teams compete with the middle (no public data on their customers or revenue)",
          outcomes=_outcomes((P, "a count or the price decline rises"), (C, "both counts fall or stay flat"),
                             (U, "the counts are too uncertain"))),
    Claim("winner-take-all", "the capital market's \"winner-take-all\" tendency is intensifying", "capital",
          "the share of AI private investment events of $500M or more among all disclosed events per year (AI Index "
          "counts by funding size, each year from the latest edition that prints it): its trend (Poisson with an "
          "offset, rate ratio a year) and the latest year against the year before within one edition",
          "supported when the trend's CI lies above 1 and the latest year's CI does not lie below 1; partly when the "
          "trend rises but the latest year fell, or the trend is unclear but the latest year rose; contradicted when "
          "the trend's CI lies below 1 or within ±10% a year; not testable otherwise",
          ("big_event_share_trend",), judge_winner_take_all,
          lambda r: _ci(r["big_event_share_trend"], ".2f", "×") + "/yr"
          + (f"; latest year {_ci(r['big_event_share_change_latest'], '.2f', '×')}" if r.ok("big_event_share_change_latest")
             else ""),
          outcomes=_outcomes((S, "the big events' share rises and the latest year does not fall"),
                             (P, "the trend and the latest year disagree"), (C, "the share falls or stays flat"),
                             (U, "too uncertain"))),
    Claim("rounds-walls", "new funding rounds keep hitting walls", "capital",
          "AI Index counts of investment events in the mid-scale band in the latest year against the year before "
          "(same report edition, Poisson rate ratio): whether mid-scale rounds are still getting scarcer",
          "supported when the rate ratio's CI lies below 1; contradicted when it lies above 1 or within ±20%; not "
          "testable otherwise",
          ("census_mid_ratio_next",), judge_rounds_walls,
          lambda r: f"ratio {_ci(r['census_mid_ratio_next'], '.2f')} ({r['census_mid_ratio_next'].window})",
          outcomes=_outcomes((S, "mid-scale events fell in the latest year"), (C, "they rose or stayed within ±20%"),
                             (U, "too few events"))),
    Claim("reserves", "tens of billions of dollars in capital reserves", "capital",
          "cash, cash equivalents and marketable securities of the giants the article names that publish accounts "
          "(Alphabet for Google DeepMind, Meta; with Microsoft and Amazon) at their latest fiscal year end, from their "
          "annual reports; their capital expenditure beside",
          f"supported when each holds at least ${RESERVES_USD / 1e9:.0f}B; partly when the smallest holds $10–20B; "
          "contradicted when any holds under $10B",
          ("giants_cash_min_billion",), judge_reserves,
          lambda r: f"smallest ${r.v('giants_cash_min_billion'):.0f}B ({r.get('giants_cash_min_company')}, fiscal "
          f"{r.get('giants_cash_year')})"
          + (f"; capex ${r.v('giants_capex_latest_billion'):.0f}B" if r.ok("giants_capex_latest_billion") else ""),
          interval_based=False,
          outcomes=_outcomes((S, "every listed giant holds $20B or more"), (P, "the smallest holds $10–20B"),
                             (C, "one holds under $10B"))),
]


_BANDS = "a mid-scale round: $50-500M is the book's band; a floor of $20M or $100M and a ceiling of $250M or $1B move it"
_BAND = (parameter("mid_band_low_usd", ((50e6, "from $50M"), (20e6, "from $20M"), (100e6, "from $100M")), _BANDS),
         parameter("mid_band_high_usd", ((500e6, "to $500M"), (250e6, "to $250M"), (1e9, "to $1B")), _BANDS))
_START_YEAR = parameter("start_year", ((2013, "from 2013"), (2016, "from 2016"), (2019, "from 2019")),
                        "the first year of the trend fits: the AI Index series from 2013, or its recent part")

#: the pre-declared choices of each claim's multiverse (issue 27; :mod:`.multiverse`), the default first
CHOICES = {
    "mid-rounds": (
        *_BAND,
        ratio_band(),
    ),
    "rounds-walls": (
        *_BAND,
        ratio_band(),
    ),
    "funding-highs": (
        _START_YEAR,
        growth_band(),
    ),
    "small-teams": (
        _START_YEAR,
        growth_band(),
    ),
    "winner-take-all": (
        _START_YEAR,
        growth_band(),
    ),
    "layoffs": (
        confidence(),
        growth_band(),
    ),
    "top-ten": (
        threshold("VAST_MAJORITY", ((2 / 3, "two thirds"), (0.6, "60%"), (0.75, "three quarters")),
                  "\"the vast majority\": two thirds, or a little less or more"),
    ),
    "reserves": (
        threshold("RESERVES_USD", ((20e9, "$20B"), (10e9, "$10B"), (50e9, "$50B")),
                  "\"vast reserves\": the cash a giant needs to outlast a price war, halved or more than doubled"),
    ),
}
