"""The article's checkable claims, each with one verdict rule: the single source of truth for
the chapters' verdict sections, the landing-page ledger and the Outlook.

A :class:`Claim` names the measures it reads (``chapter.measure``, as stored in the executed
chapters' metadata), states its rule in words with its thresholds, and judges the measures
into one verdict of a fixed set. A chapter shows the verdicts of the claims it owns; the ledger
evaluates every claim from the stored measures of all chapters, at the chapters' level (90% by
default) and at 95%. Same rule, same numbers, same verdict.

Verdicts: *supported*, *partly supported*, *contradicted*, *not testable with public data*
(evidence missing or too uncertain), and, in the ledger only, *not yet measured* (the chapter
has not been executed). A precise estimate that speaks against a claim is *contradicted*, never
*not testable*: an interval that lies inside a stated equivalence margin around "no change"
(e.g. a ratio within ±20%) contradicts a claim of change.

The package: ``engine`` (verdicts, :class:`Claim`, :func:`judge`, shared thresholds, stored
measures); one rules file per chapter with its thresholds, rules and claims (``compute``,
``open_models``, ``capital``, ``innovation``, ``outlook``); ``choices`` (the pre-declared tier
choices); ``premises`` (conditional sentences); ``article`` (the article's sentences). This file
assembles the ledger in its order, holds what the verdict history reads beside it
(:data:`HEADLINES`, :data:`MARGINS`, :func:`straddles`) and makes every name available as
``claims.<name>``.
"""

from __future__ import annotations

from . import capital, compute, innovation, open_models, outlook
from .article import ARTICLE_SENTENCES, SOURCE, Sentence, coverage
from .capital import (RESERVES_USD, VAST_MAJORITY, judge_funding_highs, judge_layoffs, judge_mid_rounds,
                      judge_reserves, judge_rounds_walls, judge_small_teams, judge_top_ten, judge_winner_take_all,
                      top_ten_bounds)
from .choices import TIER_DEFINITIONS, TIER_WINDOW_STARTS
from .compute import COST_RECORD_USD, FEW_FIRMS, judge_cost, judge_few_firms
from .engine import (BY_ID, CLAIMS, CONDITIONAL, CONTRADICTED, FACT, FAILS, FLAT_DECLINE, FLAT_GROWTH, FLAT_POINTS,
                     FLAT_RATIO, HOLDS, LEDGER_LEVELS, MULTIPLE, NOT_YET, PARTLY, SUPPORTED, UNCLEAR, UNTESTABLE,
                     VERDICTS, C, Claim, P, Premise, Reading, Result, S, U, counts, direction, evaluate, for_chapter,
                     judge, load_measures, read_measures, register)
from .innovation import (ABSORPTIONS, FLAT_HHI, FLAT_HHI_CHANGE, judge_absorbed, judge_breakthroughs, judge_direction,
                         judge_dumbbell, judge_pivot, judge_pushed_out, judge_talent)
from .open_models import (ARENA_WIN_FLOOR, BENCH_MIN_BENCHMARKS, BENCH_MIN_MODELS, BENCH_RATIOS, BENCH_SATURATED,
                          BENCH_WINDOW_MONTHS, OLIGOPOLY_TOP3, OPEN_CHEAPEST, OPEN_RATIO, OPEN_RATIO_TOP,
                          judge_oligopoly, judge_open_ratio, judge_open_value, judge_premium)
from .outlook import FLAT_ECI, judge_capabilities, judge_window
from .premises import (FLAT_SLOPE_SHARE, PREMISES, capability_reading, premise_middle_gone, premise_open_parity,
                       premise_saturation)
from ..analysis.measures import Estimate

#: the ledger's order of the claims (the landing page, the Outlook and the verdict history)
ORDER = ("pushed-out", "cost", "few-firms", "dumbbell", "open-80-90", "open-value", "top-ten", "mid-rounds",
         "breakthroughs", "direction", "absorbed", "api-window", "funding-highs", "layoffs", "small-teams", "talent",
         "oligopoly", "capabilities", "winner-take-all", "rounds-walls", "premium-prices", "reserves", "pivot")


def _ledger() -> list[Claim]:
    """The claims of every chapter's rules file in :data:`ORDER`; each claim listed once."""
    defined = [c for m in (compute, open_models, capital, innovation, outlook) for c in m.CLAIMS]
    by_id = {c.id: c for c in defined}
    if len(by_id) != len(defined) or set(by_id) != set(ORDER) or len(ORDER) != len(set(ORDER)):
        raise ValueError(f"ORDER and the rules files' claims differ: {sorted(set(by_id) ^ set(ORDER))}")
    return [by_id[i] for i in ORDER]


register(_ledger())  # fills CLAIMS and BY_ID, the same list and dict as the engine's

#: the measure a claim's verdict mainly rests on, when it is not the first one it reads (the
#: verdict history shows it as the claim's estimate)
HEADLINES = {"pushed-out": "mid_trend_pts_recent", "dumbbell": "mid_trend_pts_recent", "oligopoly": "top10_orgs_change",
             "direction": "hhi_change_recent", "layoffs": "layoff_ai_mid_share_trend",
             "api-window": "outlook.eci_slope_change",
             "absorbed": "acquired_mid_last12", "pivot": "model_exits_past_year"}

#: the band around each headline's threshold that its rule reads (threshold +- equivalence
#: margin): an interval that straddles it is the rule's "too uncertain" zone (the verdict history
#: marks a change of verdict at such a date as thin); claims whose headline has no interval are
#: not listed
MARGINS: dict[str, tuple[float, float]] = {
    "pushed-out": (-FLAT_POINTS, FLAT_POINTS), "dumbbell": (-FLAT_POINTS, FLAT_POINTS), "cost": FLAT_GROWTH,
    "open-80-90": (OPEN_RATIO, OPEN_RATIO), "open-value": (-FLAT_DECLINE, FLAT_DECLINE), "mid-rounds": FLAT_RATIO,
    "breakthroughs": FLAT_RATIO, "direction": (-FLAT_HHI_CHANGE, FLAT_HHI_CHANGE), "api-window": (0.0, 0.0),
    "layoffs": FLAT_GROWTH, "small-teams": FLAT_GROWTH, "oligopoly": (0.0, 0.0),
    "capabilities": (-FLAT_ECI, FLAT_ECI), "winner-take-all": FLAT_GROWTH, "rounds-walls": FLAT_RATIO,
}


def headline(claim: Claim, measures: dict[str, dict]) -> Estimate | None:
    """The estimate a claim's verdict mainly rests on (:data:`HEADLINES`, else the first measure it
    reads that is an estimate), from the chapters' measures; None when there is none."""
    names = ((HEADLINES[claim.id],) if claim.id in HEADLINES else ()) + tuple(claim.reads)
    for name in names:
        chapter, key = name.split(".", 1) if "." in name else (claim.chapter, name)
        value = measures.get(chapter, {}).get(key)
        if isinstance(value, Estimate):
            return value
    return None


def straddles(claim_id: str, e: Estimate | None) -> bool:
    """The headline's interval straddles its rule's threshold band (:data:`MARGINS`): neither
    above it, nor below it, nor inside it."""
    band = MARGINS.get(claim_id)
    if band is None or not isinstance(e, Estimate) or not e.ok or not e.has_ci:
        return False
    return not (e.above(band[1]) or e.below(band[0]) or e.within(*band))


__all__ = [
    "SUPPORTED", "PARTLY", "CONTRADICTED", "UNTESTABLE", "NOT_YET", "VERDICTS", "SOURCE", "COST_RECORD_USD",
    "FEW_FIRMS", "OPEN_RATIO", "OPEN_RATIO_TOP", "BENCH_SATURATED", "BENCH_MIN_MODELS", "BENCH_WINDOW_MONTHS",
    "BENCH_MIN_BENCHMARKS", "ARENA_WIN_FLOOR", "VAST_MAJORITY", "RESERVES_USD", "OPEN_CHEAPEST", "ABSORPTIONS",
    "MULTIPLE", "OLIGOPOLY_TOP3", "FLAT_SLOPE_SHARE", "FLAT_RATIO", "FLAT_GROWTH", "FLAT_POINTS", "FLAT_HHI",
    "FLAT_HHI_CHANGE", "FLAT_DECLINE", "FLAT_ECI", "TIER_WINDOW_STARTS", "TIER_DEFINITIONS", "LEDGER_LEVELS",
    "Reading", "HOLDS", "FAILS", "UNCLEAR", "FACT", "CONDITIONAL", "Premise", "Claim", "Result", "direction",
    "judge_cost", "judge_few_firms", "BENCH_RATIOS", "judge_mid_rounds", "judge_breakthroughs", "judge_funding_highs",
    "judge_layoffs", "judge_small_teams", "capability_reading", "judge_open_ratio", "judge_open_value",
    "top_ten_bounds", "judge_top_ten", "judge_pushed_out", "judge_dumbbell", "judge_direction", "judge_window",
    "judge_talent", "judge_oligopoly", "judge_premium", "judge_pivot", "judge_absorbed", "premise_middle_gone",
    "premise_saturation", "judge_capabilities", "judge_winner_take_all", "judge_rounds_walls", "judge_reserves",
    "premise_open_parity", "PREMISES", "S", "P", "C", "U", "CLAIMS", "Sentence", "ARTICLE_SENTENCES", "coverage",
    "BY_ID", "HEADLINES", "MARGINS", "headline", "straddles", "judge", "evaluate", "for_chapter", "counts", "read_measures",
    "load_measures",
]
