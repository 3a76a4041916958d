"""The pre-declared choices of window start and middle-tier definition (issue 24) under which the
tier-share verdicts (innovation chapter) are checked, and the cap on a verdict they change."""

from __future__ import annotations

from ..analysis.innovation import TIER_WINDOW_STARTS  # noqa: F401 - the window starts the measure uses
from ..analysis.measures import Estimate
from .engine import CONTRADICTED, PARTLY, SUPPORTED, UNTESTABLE, Reading

#: the tier-share verdicts are judged on every window start of TIER_WINDOW_STARTS and both
#: definitions of the middle tier (issue 24); a verdict that flips between them is at most partly
#: supported
TIER_DEFINITIONS = {
    "book": "the book's mid tier",
    "article": "the mid tier without the labs known to lie outside the article's definition (under 50 or over 500 "
               "staff, or over $1B raised)",
}


def _tier_specs(r: Reading, names: tuple[str, ...]) -> dict[tuple[int, str], tuple[Estimate, ...]]:
    """(window start, definition) -> the trends ``names`` ('mid', 'giant') measured under that
    choice (``{name}_pts_from{start}_{definition}``), for every pre-declared choice measured."""
    out = {}
    for start in TIER_WINDOW_STARTS:
        for defn in TIER_DEFINITIONS:
            ests = tuple(r.get(f"{n}_pts_from{start}_{defn}") for n in names)
            if all(isinstance(e, Estimate) and e.ok and e.has_ci for e in ests):
                out[(start, defn)] = ests
    return out


_SHORT = {UNTESTABLE: "too uncertain", PARTLY: "partly supported"}


def _choice(spec: tuple[int, str]) -> str:
    start, defn = spec
    return f"from {start}" + ("" if defn == "book" else " without the labs outside the article's definition")


def _default_spec(r: Reading) -> tuple[int, str]:
    start = r.get("recent_start_year")
    return (int(start.value) if isinstance(start, Estimate) and start.ok else TIER_WINDOW_STARTS[0], "book")


def _across_choices(r: Reading, names: tuple[str, ...], base, default: tuple[Estimate, ...], default_spec):
    """The verdict ``base(*estimates)`` under the default choice, checked under every pre-declared
    window start and definition of the mid tier. A verdict that another choice changes is capped:
    support under some choices and anything else under others is at most partly supported; a
    contradiction that other choices only leave too uncertain stays contradicted, marked as
    resting on fewer choices (no choice speaks for the claim); support under some choices and
    contradiction under others is partly supported (the answer depends on the choice)."""
    verdict, reason = base(*default)
    specs = _tier_specs(r, names)
    if not specs:
        return verdict, reason
    judged = {spec: base(*ests)[0] for spec, ests in specs.items()}
    judged[default_spec] = verdict
    flips = {spec: v for spec, v in judged.items() if v != verdict}
    n = len(judged)
    if not flips:
        return verdict, reason + (f"; the same under the {n} pre-declared choices measured (window from "
                                  f"{', '.join(map(str, TIER_WINDOW_STARTS))}; with and without the labs outside the "
                                  "article's definition)")
    shown = "; ".join(f"{_SHORT.get(v, v)} {_choice(spec)} ({', '.join(e.text('+.1f') for e in specs[spec])})"
                      for spec, v in flips.items())
    kinds = set(judged.values())
    support = kinds & {SUPPORTED, PARTLY}
    if verdict == CONTRADICTED and not support:
        return CONTRADICTED, (f"{reason}, under {n - len(flips)} of the {n} pre-declared choices; the others are too "
                              f"uncertain to tell ({shown}), and none shows the claim holding")
    if verdict in (SUPPORTED, CONTRADICTED) or (CONTRADICTED in kinds and support):
        return PARTLY, (f"{verdict} on the default choice ({reason}), but the verdict depends on the choice: {shown}; a "
                        "verdict that another window or definition of the middle changes is at most partly supported")
    return verdict, reason + f"; other choices: {shown}"
