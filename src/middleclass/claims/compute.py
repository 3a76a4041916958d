"""The compute chapter's claims (``cost``, ``few-firms``): thresholds, rules and :data:`CLAIMS`."""

from __future__ import annotations

from .multiverse import growth_band, parameter, threshold
from .engine import (CONTRADICTED, FLAT_GROWTH, FLAT_RATIO, PARTLY, SUPPORTED, UNTESTABLE, C, Claim, P, Reading, S, U,
                     _ci, _outcomes, _usd, direction)
from ..analysis.measures import Estimate

COST_RECORD_USD = 1e8  # "hundreds of millions" (2023 USD): the record run crosses it
FEW_FIRMS = 10  # at most this many organization groups a year at the frontier is "a very small number"


def judge_cost(r: Reading):
    growth, pre, post = r["frontier_cost_growth"], r.v("cost_record_pre_break_usd"), r.v("cost_record_post_break_usd")
    way = direction(growth, 1, FLAT_GROWTH)
    split = ""
    before, after = r.get("cost_break_before"), r.get("cost_break_after")
    if isinstance(before, Estimate) and isinstance(after, Estimate) and before.ok and after.ok:
        split = f" (×{before.value:.1f} a year before the break, ×{after.value:.1f} after"
        split += (f"; the change of slope has p = {r.v('break_cost_p_value'):.2f})" if r.ok("break_cost_p_value") else ")")
    tens, first = r.get("cost_tens_years"), r.get("cost_hundreds_first_year")
    shift = (isinstance(first, Estimate) and first.ok and isinstance(tens, str) and tens not in ("", "none"))
    cluster = r.get("largest_cluster_cost_billion")
    clusters = (f"; read as \"GPU cluster investment\", the costliest private cluster of the latest year cost "
                f"${cluster.value:.1f}B, so the article's magnitudes understate today's clusters"
                if isinstance(cluster, Estimate) and cluster.ok and cluster.value >= 1 else "")
    if way == "up" and shift:
        return SUPPORTED, (f"frontier training cost grows ×{growth.value:.1f} a year{split}; the record run was in the tens "
                           f"of millions in {tens} (up to {_usd(r.v('cost_tens_max_usd'))}) and reached "
                           f"{_usd(r.v('cost_hundreds_first_usd'))} in {int(first.value)}" + clusters)
    if way == "up" and tens is None and pre < COST_RECORD_USD <= post:  # stored measures from before the scale shift
        return SUPPORTED, (f"frontier training cost grows ×{growth.value:.1f} a year{split}; the record run went from "
                           f"{_usd(pre)} before the break year to {_usd(post)} after it")
    if way == "up":
        return PARTLY, (f"frontier training cost grows ×{growth.value:.1f} a year{split}, but the record runs did not go "
                        f"from the tens of millions to the hundreds of millions ({_usd(pre)} before the break year, "
                        f"{_usd(post)} after)")
    if way in ("down", "flat"):
        return CONTRADICTED, "frontier training cost is not rising (its growth factor is precisely near 1 or below)"
    return UNTESTABLE, "frontier training cost growth is too uncertain to tell"


def judge_few_firms(r: Reading):
    mean, trend = r.v("frontier_orgs_recent_mean"), r["frontier_orgs_trend"]
    above, above_trend = r.get("groups_above_threshold_recent_mean"), r.get("groups_above_threshold_trend")
    extra = ""
    if isinstance(above, Estimate) and above.ok:
        extra = f"; {above.value:.0f} a year trained a model above {r.get('compute_threshold_label') or 'the threshold'}"
        if isinstance(above_trend, Estimate) and above_trend.above(1):
            extra += f", a number rising ×{above_trend.value:.1f} a year since {above_trend.window.split('–')[0]}"
    if mean > FEW_FIRMS:
        return CONTRADICTED, f"about {mean:.0f} organization groups a year reach the frontier, more than {FEW_FIRMS}{extra}"
    way = direction(trend, 1, FLAT_RATIO)
    rising_bar = isinstance(above_trend, Estimate) and above_trend.above(1)
    if way in ("flat", "down") and not rising_bar:
        return SUPPORTED, (f"about {mean:.0f} organization groups a year reach the frontier, and their number is "
                           f"{'stable' if way == 'flat' else 'falling'} (×{trend.value:.2f} a year){extra}")
    if way == "up" or rising_bar:
        return PARTLY, (f"a handful (about {mean:.0f} groups a year) reach the frontier, but "
                        + ("their number is rising" if way == "up" else "more groups clear a fixed compute bar each year")
                        + extra)
    return PARTLY, (f"a handful (about {mean:.0f} groups a year) reach the frontier; whether their number is stable is "
                    f"unclear (×{trend.value:.2f} a year, {trend.ci_low:.2f} to {trend.ci_high:.2f}){extra}")


def _show_cost(r):
    return (_ci(r["frontier_cost_growth"], ".2f", "×") + f"/yr; record {_usd(r.v('cost_record_post_break_usd'))} from "
            f"the break year on, {_usd(r.v('cost_record_pre_break_usd'))} before")


def _show_few_firms(r):
    out = f"{r.v('frontier_orgs_recent_mean'):.1f} groups/yr at the frontier; trend " + _ci(r["frontier_orgs_trend"], ".2f", "×")
    if r.ok("groups_above_threshold_recent_mean"):
        out += f"; {r.v('groups_above_threshold_recent_mean'):.1f}/yr above the compute threshold"
    return out


CLAIMS: list[Claim] = [
    Claim("cost", "surged from tens of millions of dollars to hundreds of millions", "compute",
          "frontier training cost growth (×/yr, CI; before and after the break); the yearly record run: the years in "
          "the tens of millions and the first in the hundreds of millions",
          f"supported when the growth CI lies above 1 and the yearly record run was in the tens of millions ($10M to "
          f"{_usd(COST_RECORD_USD)}, 2023 USD) in some year before the first year it reached {_usd(COST_RECORD_USD)}; "
          "partly when costs rise without that shift; "
          "contradicted when the growth CI lies below 1 or within ±10% a year; not testable otherwise",
          ("frontier_cost_growth", "cost_record_pre_break_usd", "cost_record_post_break_usd"), judge_cost, _show_cost,
          outcomes=_outcomes((S, "costs grow and the record run moved from the tens to the hundreds of millions"),
                             (P, "costs grow without that shift"), (C, "the cost growth factor is below 1 or within ±10%"),
                             (U, "the growth factor's interval is too wide"))),
    Claim("few-firms", "only a very small number of well-funded companies can qualify to compete", "compute",
          "organization groups (parents together) releasing a frontier model per year (last 3 complete years) and its "
          "trend (rate ratio/yr); groups training a model above a fixed compute threshold",
          f"supported when at most {FEW_FIRMS} groups a year and neither count is rising (the frontier count's trend "
          f"falls or stays within ±20% a year, the fixed-bar count's trend, from the first year a group crossed the bar, "
          f"is not above 1); partly when at most {FEW_FIRMS} but a count rises or the trend is unclear; contradicted "
          "when more",
          ("frontier_orgs_recent_mean", "frontier_orgs_trend"), judge_few_firms, _show_few_firms,
          outcomes=_outcomes((S, f"at most {FEW_FIRMS} groups a year and neither count rising"),
                             (P, f"at most {FEW_FIRMS} groups but a count rises or its trend is unclear"),
                             (C, f"more than {FEW_FIRMS} groups a year reach the frontier"))),
]


#: the pre-declared choices of each claim's multiverse (issue 27; :mod:`.multiverse`), the default first
_FRONTIER = parameter("frontier_top_n", ((10, "top 10"), (5, "top 5"), (20, "top 20")),
                      "the frontier as the largest training runs at release: 10 is Epoch's, 5 and 20 bracket it")
CHOICES = {
    "cost": (
        parameter("start_date", (("2010-01-01", "from 2010"), ("2015-01-01", "from 2015"), ("2018-01-01", "from 2018")),
                  "2010 opens the deep-learning era in Epoch's data; later starts drop its sparse early years"),
        _FRONTIER,
        growth_band(),
    ),
    "few-firms": (
        _FRONTIER,
        parameter("orgs_start_year", ((2018, "from 2018"), (2020, "from 2020"), (2022, "from 2022")),
                  "the years whose frontier organizations are counted: the recent era, or only its latest part"),
        threshold("FEW_FIRMS", ((10, "at most 10"), (5, "at most 5"), (15, "at most 15")),
                  "\"a very small number\" of firms: ten, a handful, or fifteen"),
    ),
}
