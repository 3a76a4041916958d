"""The open-models chapter's claims (``open-80-90``, ``open-value``, ``oligopoly``,
``premium-prices``): thresholds, rules and :data:`CLAIMS`."""

from __future__ import annotations

from ..analysis.measures import Estimate
# which benchmarks count (unsaturated, enough models, the last 12 months) is defined with the
# measure, in the analysis; the rule reads the same values
from ..analysis.openness import BENCH_MIN_BENCHMARKS, BENCH_MIN_MODELS, BENCH_SATURATED, BENCH_WINDOW_MONTHS  # noqa: F401
from .multiverse import confidence, parameter, threshold
from .engine import (CONTRADICTED, FLAT_DECLINE, PARTLY, SUPPORTED, UNTESTABLE, C, Claim, P, Reading, S, U, _ci,
                     _outcomes, _pct, direction)
from .premises import PREMISES

OPEN_RATIO = 0.8  # the bottom of the article's 80-90% band
OPEN_RATIO_TOP = 0.9  # its top
#: an open model that wins less than a third of Arena votes against the best proprietary model
#: (about 120 rating points behind) does not deliver 80-90% of its performance to users
ARENA_WIN_FLOOR = 1 / 3
OPEN_CHEAPEST = 0.5  # open-weight models "strip" value when they are the cheapest capable model in most months
OLIGOPOLY_TOP3 = 2 / 3  # the three largest organizations hold at least two thirds of the Arena top 10

BENCH_RATIOS = {"GPQA Diamond": "gpqa_ratio_latest", "MATH Level 5": "math_ratio_latest", "MMLU": "mmlu_ratio_latest"}


def judge_open_ratio(r: Reading):
    med = r["open_ratio_median"]
    counted, saturated = int(med.n or 0), r.get("open_ratio_saturated_n")
    sat = (f"; {int(saturated.value)} saturated benchmark{'s' if saturated.value != 1 else ''} set aside"
           if isinstance(saturated, Estimate) and saturated.ok and saturated.value else "")
    what = (f"the best open-weight model scores a median {_pct(med.value)} ({_pct(med.ci_low)} to {_pct(med.ci_high)}) "
            f"of the best proprietary one on {counted} unsaturated benchmarks{sat}")
    win = r.get("open_winrate_latest")
    arena = (f"; on the Arena the best open model would win {_pct(win.value)} of votes against the best proprietary one"
             if isinstance(win, Estimate) and win.ok else "")
    if med.ci_low >= OPEN_RATIO:
        if isinstance(win, Estimate) and win.ok and win.value < ARENA_WIN_FLOOR:
            return PARTLY, what + arena + ", under a third: users see a larger gap than the benchmarks"
        return SUPPORTED, what + ": at or above the 80–90% band" + arena
    if med.ci_high < OPEN_RATIO:
        worst = r.get("open_ratio_worst")
        return CONTRADICTED, what + ": below 80% on the benchmarks that still measure something" + (
            f" (lowest: {worst})" if isinstance(worst, str) and worst else "") + arena
    return PARTLY, what + ": the interval straddles 80% (above on some benchmarks, below on others)" + arena


def judge_open_value(r: Reading):
    decline, share = r["price_decline_per_year"], r["price_open_cheapest_share"]
    way = direction(decline, 0, (-FLAT_DECLINE, FLAT_DECLINE))
    months = f" of the last {share.n} months" if share.n else " of the last 12 months"
    alt = r.get("price_open_cheapest_share_anchored")
    alt_txt = (f"; with capability judged within each snapshot against anchor models, {_pct(alt.value)}"
               if isinstance(alt, Estimate) and alt.ok else "")
    if share.value < OPEN_CHEAPEST:
        return CONTRADICTED, (f"the cheapest capable model was open-weight in only {_pct(share.value)}{months}{alt_txt}: "
                              "proprietary models, not open ones, undercut the middle on price")
    if way in ("down", "flat"):
        return CONTRADICTED, "the price of a fixed capability is not falling"
    if way == "up":
        return PARTLY, (f"a fixed capability gets {_pct(decline.value)} cheaper a year ({decline.window}) and the cheapest "
                        f"capable model was open-weight in {_pct(share.value)}{months}{alt_txt}; vendors' revenue, the "
                        "claim's real subject, is not public, so the rule stops at partly")
    return UNTESTABLE, "the price trend of a fixed capability is too uncertain"


def judge_oligopoly(r: Reading):
    """The consequence "giants form de facto oligopolies", on a weak proxy: the Arena top 10.
    Competition at the top counts as growing only when two measures agree (more organizations
    hold places, and the three largest hold fewer of them), so one noisy monthly mean does not
    decide it."""
    top3 = r.v("top10_top3_share_recent")
    change, share_change = r["top10_orgs_change"], r.get("top10_top3_change")
    orgs = r.get("top10_orgs_recent")
    n = f"{orgs.value:.1f} organizations" if isinstance(orgs, Estimate) and orgs.ok else "a few organizations"
    head = (f"a weak proxy: {n} hold the Arena top 10 (monthly mean, last 12 months), the largest three {_pct(top3)} of "
            "the places; whether this harms long-term innovation is not measurable")
    moves = (f" (organizations {change.text('+.1f')} on the 12 months before"
             + (f"; the top three's share {share_change.text('+.2f')}" if isinstance(share_change, Estimate)
                and share_change.ok else "") + ")")
    more = change.above(0)
    less_top = isinstance(share_change, Estimate) and share_change.below(0)
    if top3 < 0.5 or (more and less_top):
        return CONTRADICTED, head + ("; the largest three hold under half the places" if top3 < 0.5 else
                                     "; more organizations reach the top and the largest three hold fewer places") + moves
    if top3 >= OLIGOPOLY_TOP3 and not more and not less_top and change.has_ci:
        return SUPPORTED, head + "; neither more organizations nor a smaller share of the largest three" + moves
    if top3 >= OLIGOPOLY_TOP3:
        return PARTLY, head + "; the top is concentrated but one of the two measures moves against it" + moves
    return UNTESTABLE, head + moves


def judge_premium(r: Reading):
    share, change = r["open_usage_share_latest"], r.get("open_usage_share_change")
    text = f"open-weight models carry {share.value:.0f}% of enterprise LLM workloads ({share.window}, {share.label})"
    has_change = isinstance(change, Estimate) and change.ok
    if has_change:
        text += f", {change.value:+.0f} points since {change.window}"
    if share.value >= 50:
        return SUPPORTED, text + ": most workloads run on the free models"
    if has_change and change.value <= 0:
        return CONTRADICTED, text + ": most workloads stay on proprietary models, and the open share is not rising"
    return UNTESTABLE, text + ": a minority share that is rising" if has_change else text


def _show_open_ratio(r):
    med = r["open_ratio_median"]
    out = f"median {_ci(med, '.0%')} over {med.n} unsaturated benchmarks"
    win, gap = r.get("open_winrate_latest"), r.get("arena_gap_pct_latest")
    if isinstance(win, Estimate) and win.ok:
        out += f"; Arena win rate {_pct(win.value)}" + (f" (gap {gap.value:.1f}%)" if isinstance(gap, Estimate) and
                                                        gap.ok else "")
    return out


CLAIMS: list[Claim] = [
    Claim("open-80-90", "a free open-source model can achieve 80% to 90% of the performance", "open-models",
          f"best open-weight / best proprietary score on every Epoch Benchmarking Hub benchmark scored as a share of "
          f"tasks solved, among the models released in the last {BENCH_WINDOW_MONTHS} months; a benchmark counts when "
          f"its best score is below {BENCH_SATURATED:.0%} of the maximum (unsaturated) and at least {BENCH_MIN_MODELS} "
          "open and proprietary models (distinct models, not their settings) were scored; the median ratio across the "
          "counted benchmarks, with its distribution-free order-statistic interval; the Arena win rate of the best "
          "open model against the best proprietary one",
          f"supported when the median ratio's CI lies at or above {OPEN_RATIO:.0%} and the best open model wins at least "
          f"a third of Arena votes; partly when the CI lies above {OPEN_RATIO:.0%} but the Arena win rate is under a "
          f"third, or when the CI straddles {OPEN_RATIO:.0%}; contradicted when it lies below {OPEN_RATIO:.0%}; not "
          f"testable with fewer than {BENCH_MIN_BENCHMARKS} unsaturated benchmarks",
          ("open_ratio_median",), judge_open_ratio, _show_open_ratio,
          outcomes=_outcomes((S, "the median ratio's CI at or above 80% and the Arena agrees"),
                             (P, "the CI straddles 80%, or the Arena win rate is under a third"),
                             (C, "the CI lies below 80%"),
                             (U, f"fewer than {BENCH_MIN_BENCHMARKS} unsaturated benchmarks"))),
    Claim("open-value", "stripped \"mid-level\" closed-source models of their commercial value", "open-models",
          "price decline of a fixed capability (%/yr, CI, dense price window); share of the last 12 months in which the "
          "cheapest capable model is open-weight (the claim is that open models do the stripping); both with capability "
          "as a model's median Arena rating and as its rating within each snapshot against anchor models",
          f"at most partly supported (revenue is not public): partly when the price-decline CI lies above 0 and the "
          f"cheapest capable model is open-weight in at least {OPEN_CHEAPEST:.0%} of the months; contradicted when it is "
          f"proprietary in most months, or when prices are not falling (CI below 0 or within ±{FLAT_DECLINE:.0%} a "
          "year); not testable otherwise",
          ("price_decline_per_year", "price_open_cheapest_share"), judge_open_value,
          lambda r: _ci(r["price_decline_per_year"], ".0%") + f"/yr ({r['price_decline_per_year'].window}); cheapest is "
          f"open in {_pct(r.v('price_open_cheapest_share'))} of the last 12 months"
          + (f" ({_pct(r.v('price_open_cheapest_share_anchored'))} with anchored ratings)" if r.ok("price_open_cheapest_share_anchored")
             else ""),
          limited="the claim is about commercial value, and vendors' revenues are not public: the rule can show the "
                  "mechanism (open models undercutting on price) or rule it out, not the loss of value",
          outcomes=_outcomes((P, "capability gets cheaper and open models are the cheapest capable in most months"),
                             (C, "the cheapest capable model is proprietary in most months, or prices do not fall"),
                             (U, "the price trend is too uncertain"))),
    Claim("oligopoly", "giants easily form de facto oligopolies", "open-models",
          "the consequence, once the middle is being pushed out, on a weak proxy: the organizations holding the Arena "
          "top 10 and the share of places held by the three largest (monthly means of irregular snapshots, last 12 "
          "months), and the change of both against the 12 months before (HAC)",
          "a conditional sentence: judged only where its condition holds; then supported when the three largest "
          f"organizations hold at least {OLIGOPOLY_TOP3:.0%} of the top-10 places and neither more organizations reach "
          "the top nor does the top three's share fall (CIs); contradicted when the three largest hold under half, or "
          "when both measures move against it (more organizations and a smaller top-three share, CIs); partly when the "
          "top three hold two thirds but one measure moves against it; not testable otherwise",
          ("top10_top3_share_recent", "top10_orgs_change"), judge_oligopoly,
          lambda r: f"{r.v('top10_orgs_recent'):.1f} organizations; top three hold {_pct(r.v('top10_top3_share_recent'))}; "
          "change on the year before " + _ci(r["top10_orgs_change"], "+.1f")
          + (f" organizations, top-three share {_ci(r['top10_top3_change'], '+.2f')}" if r.ok("top10_top3_change") else ""),
          premise=PREMISES["middle-gone"],
          outcomes=_outcomes((U, "its condition does not hold or is not established"),
                             (S, "condition holds; the top three hold two thirds and neither measure moves against it"),
                             (P, "condition holds; the top three hold two thirds, one measure moves against it"),
                             (C, "condition holds; both measures move against it, or the top three hold under half"))),
    Claim("premium-prices", "customers are reluctant to pay premium prices", "open-models",
          "the consequence, once open models reach 80–90% of the performance: the open-weight share of enterprise LLM "
          "workloads in published surveys (Menlo Ventures) and its change between two editions; OpenRouter's token "
          "shares are shown beside (developer traffic, not enterprise spend)",
          "a conditional sentence: judged only where its condition (the open-80-90 claim supported) holds; then "
          "supported when open-weight models carry at least half of enterprise workloads; contradicted when they carry "
          "under half and their share did not rise since the survey's previous edition; not testable otherwise",
          ("open_usage_share_latest",), judge_premium,
          lambda r: f"{r.v('open_usage_share_latest'):.0f}% of enterprise workloads open-weight"
          + (f" ({r.v('open_usage_share_change'):+.0f} points)" if r.ok("open_usage_share_change") else ""),
          interval_based=False, premise=PREMISES["open-parity"],
          outcomes=_outcomes((U, "its condition does not hold or is not established"),
                             (S, "condition holds; customers move to open models"),
                             (C, "condition holds; customers keep paying for proprietary models"))),
]


#: the pre-declared choices of each claim's multiverse (issue 27; :mod:`.multiverse`), the default first
_LICENCES = parameter("open_includes_restricted", ((True, "restricted licences open"), (False, "permissive only")),
                      "open weights under a restricted or non-commercial licence are downloadable, but not free to use")
CHOICES = {
    "open-80-90": (
        _LICENCES,
        confidence(),
        threshold("ARENA_WIN_FLOOR", ((1 / 3, "a third"), (1 / 4, "a quarter"), (0.4, "40%")),
                  "how rarely the best open model may win Arena votes before users see a larger gap than benchmarks"),
    ),
    "open-value": (
        parameter("capability_threshold", ((1250.0, "Arena 1250"), (1300.0, "Arena 1300")),
                  "the capability whose cheapest price is followed: the book's level, or a stricter one"),
        threshold("OPEN_CHEAPEST", ((0.5, "most months"), (0.6, "60% of months"), (0.75, "three quarters")),
                  "\"stripped of value\" by open models: open-weight is the cheapest capable model in most months, "
                  "or clearly most"),
        threshold("FLAT_DECLINE", ((0.1, "±10%/yr"), (0.05, "±5%/yr"), (0.2, "±20%/yr")),
                  "how fast prices must fall to count as falling: a tenth a year, halved or doubled"),
    ),
    "oligopoly": (
        parameter("style_control", ((False, "default score"), (True, "style control")),
                  "the Arena's default score has the longest series; style control removes answer length and format"),
        parameter("start_date", (("2023-05-01", "from May 2023"), ("2024-01-01", "from 2024")),
                  "the first Arena snapshots, or the snapshots after the leaderboard's early months"),
        threshold("OLIGOPOLY_TOP3", ((2 / 3, "two thirds"), (0.6, "60%"), (0.75, "three quarters")),
                  "the share of the top 10 the three largest must hold to be an oligopoly"),
    ),
    "premium-prices": (
        _LICENCES,
        confidence(),
    ),
}
