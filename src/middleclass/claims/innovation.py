"""The innovation chapter's claims (``pushed-out``, ``dumbbell``, ``breakthroughs``,
``direction``, ``absorbed``, ``talent``, ``pivot``): thresholds, rules and :data:`CLAIMS`."""

from __future__ import annotations

from .choices import _across_choices, _default_spec, _tier_specs
from .multiverse import parameter, points_band, ratio_band, threshold
from .engine import (CONTRADICTED, FLAT_POINTS, FLAT_RATIO, MULTIPLE, PARTLY, SUPPORTED, UNTESTABLE, C, Claim, P,
                     Reading, S, U, _ci, _outcomes, _pct, direction)
from .premises import PREMISES
from ..analysis.measures import Estimate

ABSORPTIONS = 2  # "multiple cases ... over the past year": at least two within twelve months
# equivalence margins (an interval inside one is "precisely no change") that only this chapter reads
FLAT_HHI = 0.002  # HHI trends: within ±0.002 a year (a tenth of a typical year's HHI per decade)
FLAT_HHI_CHANGE = 0.01  # the latest year's HHI against the three years before: within ±0.01 is no change


def _recent_or_decade(r: Reading, key: str) -> tuple[Estimate, str]:
    """The tier-share trend over the recent window when measured (the article's "now"), else the
    decade trend; with the window's words for the reason."""
    recent = r.get(f"{key}_recent")
    if isinstance(recent, Estimate) and recent.ok and recent.has_ci:
        return recent, f"since {recent.window.split('–')[0]}"
    return r[key], "over the decade"


def _latest_drop(r: Reading) -> str:
    change = r.get("mid_share_change_latest")
    if isinstance(change, Estimate) and change.ok and change.has_ci and change.value < 0:
        return (f"; the latest year fell {change.value:+.1f} points ({change.ci_low:+.1f} to {change.ci_high:+.1f}, "
                f"{change.window}, possibly incomplete)")
    return ""


def judge_breakthroughs(r: Reading):
    ratio, alt, loo = r["citation_ratio_mid_vs_giant"], r.get("sens_current_cite"), r.get("cite_without_top_org")
    way = direction(ratio, 1, FLAT_RATIO)
    holds = [isinstance(e, Estimate) and e.above(1) for e in (alt, loo)]
    who = r.get("cite_top_org") or "the most-cited lab"
    if way == "up" and all(holds):
        return SUPPORTED, (f"mid-tier models are cited {ratio.value:.1f}× as much as giants' of the same year, also with "
                           f"the latest tier table and without {who}")
    if way == "up":
        why = []
        if not holds[0]:
            why.append("not when labs that became giants (OpenAI, Anthropic) count as giants throughout")
        if not holds[1]:
            why.append(f"not without {who} ({loo.text('.2f', suffix='×') if isinstance(loo, Estimate) else 'n/a'})")
        flags = ""
        if all(r.ok(k) for k in ("sota_share_mid", "sota_share_giant")):
            flags = (f"; the lead rests on {who}'s papers from its years in the mid tier, and by Epoch's notability "
                     f"flags mid-tier models are less often state of the art ({_pct(r.v('sota_share_mid'))} against "
                     f"{_pct(r.v('sota_share_giant'))})" if r.v("sota_share_mid") < r.v("sota_share_giant") and not holds[1]
                     else "")
        return PARTLY, f"mid-tier models are cited {ratio.value:.1f}× as much as giants' of the same year, but " + \
            " and ".join(why) + flags
    if way in ("down", "flat"):
        return CONTRADICTED, "mid-tier models are not cited more than giants' of the same year"
    return UNTESTABLE, "no clear citation difference between mid-tier and giant models"


def _pushed_out_base(mid: Estimate):
    way = direction(mid, 0, (-FLAT_POINTS, FLAT_POINTS))
    if way == "down":
        return SUPPORTED, f"the mid tier's share of notable models is falling ({mid.text('+.1f')} points a year)"
    if way == "up":
        return CONTRADICTED, f"the mid tier's share of notable models is rising ({mid.text('+.1f')} points a year)"
    if way == "flat":
        return CONTRADICTED, f"the mid tier's share of notable models is flat within ±{FLAT_POINTS} points a year"
    return UNTESTABLE, f"the mid tier's share trend is too uncertain to tell ({mid.text('+.1f')} points a year)"


def judge_pushed_out(r: Reading):
    main, when = _recent_or_decade(r, "mid_trend_pts")
    verdict, reason = _across_choices(r, ("mid",), _pushed_out_base, (main,), _default_spec(r))
    return verdict, f"{when}: " + reason + _latest_drop(r)


def _dumbbell_base(mid: Estimate, giant: Estimate):
    flat = (-FLAT_POINTS, FLAT_POINTS)
    mid_way, giant_way = direction(mid, 0, flat), direction(giant, 0, flat)
    if mid_way == "down" and giant_way == "up":
        return SUPPORTED, "the mid tier shrinks while giants grow"
    if mid_way in ("up", "flat"):
        return CONTRADICTED, (("giants and the mid tier both grow at academia's expense" if giant_way == "up" else
                               f"the mid tier's share is {'rising' if mid_way == 'up' else 'flat'}")
                              + "; small teams barely appear among notable models")
    if giant_way == "up":
        return PARTLY, "giants grow; the mid tier shows no clear trend"
    return UNTESTABLE, "neither tier's share trend is clear"


def judge_dumbbell(r: Reading):
    (mid, when), (giant, _) = _recent_or_decade(r, "mid_trend_pts"), _recent_or_decade(r, "giant_trend_pts")
    verdict, reason = _across_choices(r, ("mid", "giant"), _dumbbell_base, (mid, giant), _default_spec(r))
    return verdict, f"{when}: " + reason + _latest_drop(r)


def judge_direction(r: Reading):
    trend, recent = r["hhi_trend"], r.get("hhi_change_recent")
    long_way = direction(trend, 0, (-FLAT_HHI, FLAT_HHI))
    recent_way = (direction(recent, 0, (-FLAT_HHI_CHANGE, FLAT_HHI_CHANGE)) if isinstance(recent, Estimate) and recent.ok
                  else "unclear")
    base = r.get("hhi_recent_from")
    span = (f"HHI {r.v('hhi_latest'):.3f} in {r['hhi_latest'].window} against {base.value:.3f} on average in "
            f"{base.window}, corrected for the number of models" if isinstance(base, Estimate) and base.ok else "")
    top = r.get("top5_change_recent")
    top_note = (f"; the top five's share changed {top.value:+.2f} ({top.ci_low:+.2f} to {top.ci_high:+.2f})"
                if isinstance(top, Estimate) and top.ok and top.has_ci else "")
    if long_way == "up" and recent_way == "up":
        return SUPPORTED, f"concentration rises over the decade and recently ({span})"
    if long_way == "up" or recent_way == "up":
        return PARTLY, (f"concentration rose recently ({span}) though the decade trend is "
                        f"{'falling' if long_way == 'down' else 'flat or unclear'}" if recent_way == "up" else
                        "the decade trend rises but the recent change is not clear")
    if long_way in ("down", "flat"):
        return CONTRADICTED, (f"the decade trend is {'falling' if long_way == 'down' else 'flat'} "
                              f"(HHI {trend.value:+.4f} a year) and the recent change is not a rise ({span})")
    if recent_way in ("down", "flat") and isinstance(recent, Estimate) and recent.has_ci:
        return UNTESTABLE, (f"concentration {'fell' if recent_way == 'down' else 'held steady'} recently "
                            f"({span}: {recent.value:+.3f}, {recent.ci_low:+.3f} to {recent.ci_high:+.3f}) but "
                            f"the decade trend is unclear (HHI {trend.value:+.4f} a year, {trend.ci_low:+.4f} to "
                            f"{trend.ci_high:+.4f})") + top_note
    return UNTESTABLE, (f"neither the decade trend (HHI {trend.value:+.4f} a year, "
                        f"{trend.ci_low:+.4f} to {trend.ci_high:+.4f}) nor the recent change ({span}: "
                        f"{recent.value:+.3f}, {recent.ci_low:+.3f} to {recent.ci_high:+.3f}) is clear"
                        if isinstance(recent, Estimate) and recent.has_ci else
                        "neither the decade trend nor the recent change is clear") + top_note


def judge_talent(r: Reading):
    return UNTESTABLE, ("public affiliation histories (OpenAlex, ORCID) follow authors of papers, not the engineers who "
                        "move between AI companies, and are incomplete for industry; professional-network data is "
                        "proprietary, so whether mobility is homogenizing cannot be measured at a useful quality")


def judge_pivot(r: Reading):
    last = r["model_exits_past_year"]
    n, who = int(last.value), r.get("model_exits_past_year_list") or ""
    text = (f"{n} mid-tier model developers announced in {last.window} that they stop training frontier or foundation "
            f"models of their own" + (f" ({who})" if n else "") + "; documented cases, not a census")
    earlier = r.get("model_exits_list")
    if earlier and earlier != "none" and n < MULTIPLE:
        text += f"; earlier: {earlier}"
    if n >= MULTIPLE:
        return SUPPORTED, text
    return UNTESTABLE, text + ": fewer than the claim's \"some\""


def judge_absorbed(r: Reading):
    last = r["acquired_mid_last12"]
    mid, anyb, absorbed = int(last.value), int(r.v("acquired_any_last12")), int(r.v("absorbed_mid_last12"))
    listing = r.get("acquired_mid_last12_list") or ""
    census = (f"; the census (public acquisition lists of the giants and the large chip and cloud firms, a lower bound) "
              f"holds {anyb} acquisitions of AI companies of any size in that year")
    if mid >= ABSORPTIONS:
        return SUPPORTED, (f"{mid} outright acquisitions of mid-sized AI companies (50–500 staff, or $50M–$1B raised, or "
                           f"a $100M–$5B price where staff and funding are not public) in {last.window}: {listing}"
                           + census)
    if absorbed >= ABSORPTIONS or anyb >= ABSORPTIONS:
        return PARTLY, (f"{mid} outright acquisition(s) of AI companies known to be mid-sized in {last.window}, but "
                        f"{absorbed} deals counting licence-and-hire deals and {anyb} acquisitions of any size" + census)
    return UNTESTABLE, f"fewer than {ABSORPTIONS} acquisitions of AI companies in {last.window}" + census


def _show_direction(r):
    out = _ci(r["hhi_latest"], ".3f") + "; trend " + _ci(r["hhi_trend"], "+.4f") + "/yr"
    if r.ok("hhi_change_recent"):
        out += f"; change {r['hhi_change_recent'].window}: " + _ci(r["hhi_change_recent"], "+.3f")
    return out


def _show_dumbbell(r):
    (mid, when), (giant, _) = _recent_or_decade(r, "mid_trend_pts"), _recent_or_decade(r, "giant_trend_pts")
    return f"{when}: giants " + _ci(giant, "+.1f") + "; mid " + _ci(mid, "+.1f") + " points/yr"


def _show_pushed_out(r):
    main, when = _recent_or_decade(r, "mid_trend_pts")
    out = (f"{_pct(r.v('mid_tier_share_latest'))} ({int(r.v('latest_year'))}); trend {when} "
           + _ci(main, "+.1f") + " points/yr")
    if main is not r["mid_trend_pts"]:
        out += "; over the decade " + _ci(r["mid_trend_pts"], "+.1f")
    specs = _tier_specs(r, ("mid",))
    if specs:
        values = [e[0].value for e in specs.values()]
        out += f"; under {len(specs)} window/definition choices {min(values):+.1f} to {max(values):+.1f}"
    return out


CLAIMS: list[Claim] = [
    Claim("pushed-out", "mid-sized AI companies ... are now being rapidly pushed out", "innovation",
          "share of notable models built by mid-tier organizations (latest year) and its trend over the recent window "
          "(the article's \"now\", points/yr, logistic), under every pre-declared window start (2020, 2022, 2023) and "
          "with and without the labs outside the article's definition of the middle class",
          f"judged on the recent window: supported when the trend's CI lies below zero; contradicted when it lies above "
          f"zero or within ±{FLAT_POINTS} points a year; not testable otherwise; a supported or contradicted verdict "
          "that another window start or definition would change is partly supported, naming the choice",
          ("mid_trend_pts", "mid_tier_share_latest", "latest_year"), judge_pushed_out, _show_pushed_out,
          outcomes=_outcomes((S, "the mid tier's share falls under every window and definition"),
                             (P, "the verdict flips between window starts or definitions"),
                             (C, "the share rises or stays flat under every window and definition"),
                             (U, "the trend is too uncertain under the default choice"))),
    Claim("dumbbell", "a distinct \"dumbbell-shaped\" configuration", "innovation",
          "trends of the giant and mid-tier shares of notable models over the recent window (points/yr), under every "
          "pre-declared window start and definition of the mid tier",
          f"judged on the recent window: supported when the mid tier shrinks and giants grow (CIs); contradicted when "
          f"the mid tier grows or stays within ±{FLAT_POINTS} points a year; partly when only giants grow; not testable "
          "otherwise; a supported or contradicted verdict that another window start or definition would change is "
          "partly supported",
          ("mid_trend_pts", "giant_trend_pts"), judge_dumbbell, _show_dumbbell,
          outcomes=_outcomes((S, "the mid tier shrinks and giants grow under every choice"),
                             (P, "only giants grow, or the verdict flips between choices"),
                             (C, "the mid tier grows or stays flat under every choice"),
                             (U, "neither trend is clear"))),
    Claim("breakthroughs", "many breakthrough innovations often originate from mid-sized companies", "innovation",
          "citations per notable model, mid tier / giants at equal publication year (negative binomial), also with the "
          "latest-tier table and without the most influential organization",
          "supported when the ratio's CI lies above 1 with the dated table, the latest-tier table and without the most "
          "influential organization; partly when only with the dated table; contradicted when below 1 or within ±20%; "
          "not testable otherwise",
          ("citation_ratio_mid_vs_giant",), judge_breakthroughs,
          lambda r: _ci(r["citation_ratio_mid_vs_giant"], ".1f", suffix="×")
          + (f"; without {r.get('cite_top_org')}: " + _ci(r["cite_without_top_org"], ".2f", suffix="×")
             if r.ok("cite_without_top_org") else ""),
          outcomes=_outcomes((S, "mid-tier models cited more under every variant"), (P, "only with the dated table"),
                             (C, "cited less or the same within ±20%"), (U, "the ratio is too uncertain"))),
    Claim("direction", "the direction of fundamental research becomes overly concentrated", "innovation",
          "the consequence, once the middle is being pushed out: HHI of notable-model production across organization "
          "groups, corrected for each year's number of models: latest year (basic bootstrap CI), decade trend (HAC) "
          "and the latest year against the mean of the three years before (basic bootstrap)",
          "a conditional sentence: judged only where its condition holds; then supported when both the decade trend "
          f"and the recent change rise (CIs above 0); partly when one does; contradicted when the decade trend falls or "
          f"stays within ±{FLAT_HHI} a year and the recent change is not a rise; not testable otherwise",
          ("hhi_trend", "hhi_latest"), judge_direction, _show_direction, premise=PREMISES["middle-gone"],
          outcomes=_outcomes((U, "its condition does not hold or is not established"),
                             (S, "condition holds; concentration rises over the decade and recently"),
                             (P, "condition holds; one of the two rises"),
                             (C, "condition holds; the decade trend falls or is flat and the recent change is no rise"))),
    Claim("absorbed", "giants acquiring mid-sized AI companies", "innovation",
          "a census of AI companies acquired, or licensed and hired, by the giants and the large chip and cloud firms "
          "since 2022, compiled from their public acquisition lists with a source per deal; a target is mid-sized with "
          "50–500 staff, else $50M–$1B raised, else a $100M–$5B price; the article's past year (the chapter's "
          "past_year)",
          f"supported when at least {ABSORPTIONS} outright acquisitions of mid-sized AI companies fall in the past "
          f"year; partly when fewer, but at least {ABSORPTIONS} counting licence-and-hire deals or targets of any size; "
          "not testable otherwise",
          ("acquired_mid_last12", "acquired_any_last12", "absorbed_mid_last12"), judge_absorbed,
          lambda r: f"{int(r.v('acquired_mid_last12'))} mid-sized acquired in {r['acquired_mid_last12'].window}; "
                    f"{int(r.v('acquired_any_last12'))} AI companies of any size", interval_based=False,
          limited="the census is a lower bound (acquisitions are found one public report at a time, and small ones go "
                  "unreported): fewer deals in it cannot show that fewer happened, so the rule cannot return "
                  "contradicted",
          outcomes=_outcomes((S, f"at least {ABSORPTIONS} mid-sized AI companies bought outright in the past year"),
                             (P, "fewer, but enough counting licence-and-hire deals or targets of any size"),
                             (U, "fewer deals in the census"))),
    Claim("talent", "talent mobility becomes homogenized", "innovation",
          "no usable public measure: affiliation histories of paper authors (OpenAlex, ORCID) miss most industry moves",
          "a conditional sentence: judged only where its condition holds; the consequence has no public measure "
          "(stated up front: no public source follows AI workers' careers at a usable quality)",
          (), judge_talent, lambda r: "–", interval_based=False, premise=PREMISES["middle-gone"],
          outcomes=_outcomes((U, "its condition does not hold, or (condition holding) the consequence has no public "
                                 "measure"),)),
    Claim("pivot", "Some are choosing to fully pivot to being \"application layer\" players", "innovation",
          "documented announcements by mid-tier model developers that they stop training frontier or foundation models "
          "of their own to build products or enterprise solutions on others' models (outcomes table), in the article's "
          "past year (the chapter's past_year)",
          f"supported when at least {MULTIPLE} such announcements fall in the past year; not testable otherwise",
          ("model_exits_past_year",), judge_pivot,
          lambda r: f"{int(r.v('model_exits_past_year'))} in {r['model_exits_past_year'].window}", interval_based=False,
          limited="a list of documented announcements is not a census of mid-sized companies: it can show that some "
                  "pivoted, not that none did",
          outcomes=_outcomes((S, f"at least {MULTIPLE} documented exits in the past year"),
                             (U, "fewer documented exits"))),
]


_RECENT = parameter("recent_start_year", ((2020, "recent from 2020"), (2022, "recent from 2022"),
                                          (2023, "recent from 2023")),
                    "the article's \"now\": the years since 2020, or only the years of the generative boom")
_FIRST = parameter("start_year", ((2015, "from 2015"), (2018, "from 2018")),
                   "the first publication year: the deep-learning decade, or since the transformer")
_PAST_YEAR = parameter("past_year", ((2025, "in 2025"), (2024, "in 2024")),
                       "the article's \"over the past year\": the latest full year, or the year before")

#: the pre-declared choices of each claim's multiverse (issue 27; :mod:`.multiverse`), the default first
CHOICES = {
    "pushed-out": (
        _RECENT, _FIRST, points_band(),
    ),
    "dumbbell": (
        _RECENT, _FIRST, points_band(),
    ),
    "breakthroughs": (
        _FIRST,
        ratio_band("how far from 1 a citation ratio must be to count as a difference: a fifth, halved or widened"),
    ),
    "absorbed": (
        _PAST_YEAR,
        threshold("ABSORPTIONS", ((2, "at least 2"), (3, "at least 3")),
                  "\"multiple cases\": two, or a stricter three"),
    ),
    "pivot": (
        _PAST_YEAR,
        threshold("MULTIPLE", ((2, "at least 2"), (3, "at least 3")),
                  "\"several\" or \"multiple\" companies: two, or a stricter three"),
    ),
    "direction": (
        parameter("top_n", ((5, "top 5"), (3, "top 3"), (10, "top 10")),
                  "the concentration of notable models among the largest organizations: 5, or fewer or more"),
        threshold("FLAT_HHI_CHANGE", ((0.01, "±0.01"), (0.005, "±0.005"), (0.02, "±0.02")),
                  "how far the latest HHI must move from the years before to count as a change"),
    ),
}
