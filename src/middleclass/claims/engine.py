"""The claims' engine: the verdicts, the :class:`Claim` and its :class:`Reading` of the stored
measures, the thresholds several chapters share, and :func:`judge`, which turns a claim's rule
into one verdict. It holds no claim: the chapters' rules files define them and the package
(``claims/__init__.py``) registers them here, in the ledger's order."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from ..analysis.measures import Estimate
from ..analysis.records import from_record

SUPPORTED = "supported"
PARTLY = "partly supported"
CONTRADICTED = "contradicted"
UNTESTABLE = "not testable with public data"
NOT_YET = "not yet measured"
VERDICTS = (SUPPORTED, PARTLY, CONTRADICTED, UNTESTABLE, NOT_YET)

# ----------------------------------------------------------------- thresholds several chapters share

MULTIPLE = 2  # "multiple mid-sized AI companies": at least two

# equivalence margins: an interval inside one of these is "precisely no change" (the margins only
# one chapter reads are in its rules file)
FLAT_RATIO = (1 / 1.2, 1.2)  # counts and citation ratios: within ±20%
FLAT_GROWTH = (1 / 1.1, 1.1)  # growth factors per year: within ±10% a year
FLAT_POINTS = 0.5  # share trends: within ±0.5 percentage points a year
FLAT_DECLINE = 0.1  # price declines: within ±10% a year

#: the levels the ledger shows every verdict at (the chapters' own level first)
LEDGER_LEVELS = (0.9, 0.95)


class Reading:
    """The measures a claim reads: ``r["name"]`` in the claim's own chapter, ``r["chapter.name"]``
    in another; :meth:`get` returns None for an absent optional measure. With a ``level`` every
    Estimate is read with its interval at that level."""

    def __init__(self, chapter: str, measures: dict[str, dict], level: float | None = None):
        self.chapter, self.measures, self.level = chapter, measures, level

    def _split(self, name: str) -> tuple[str, str]:
        return tuple(name.split(".", 1)) if "." in name else (self.chapter, name)  # type: ignore[return-value]

    def get(self, name: str):
        chapter, key = self._split(name)
        value = self.measures.get(chapter, {}).get(key)
        return value.at(self.level) if isinstance(value, Estimate) else value

    def __getitem__(self, name: str):
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def v(self, name: str) -> float:
        """The value of an Estimate."""
        return self[name].value

    def ok(self, name: str) -> bool:
        value = self.get(name)
        return isinstance(value, Estimate) and value.ok


#: the state of a conditional sentence's premise
HOLDS, FAILS, UNCLEAR = "holds", "does not hold", "not established"

#: the kinds of claims: a claim of fact, or one part of a conditional sentence ("when X, Y")
FACT, CONDITIONAL = "fact", "conditional"


@dataclass(frozen=True)
class Premise:
    """The condition X of a conditional sentence "when X happens, Y follows". It is measured
    first; only where it holds is the consequence Y judged. Where it does not hold the claim is
    *not testable: its condition does not hold* (never contradicted)."""

    id: str
    text: str  # the condition in the article's words
    measure: str  # how it is measured
    reads: tuple[str, ...]  # measures it needs ("chapter.name")
    test: Callable[["Reading"], tuple[str, str]]  # -> (HOLDS / FAILS / UNCLEAR, the measured premise as text)


@dataclass(frozen=True)
class Claim:
    """One checkable sentence of the article and the one rule that judges it."""

    id: str
    quote: str
    chapter: str  # chapter id whose verdict section shows it
    measure: str  # what is measured, in words
    rule_text: str  # the rule with its thresholds, as shown in the book
    reads: tuple[str, ...]  # measures the rule needs ("name" in ``chapter``, or "chapter.name")
    judge: Callable[[Reading], tuple[str, str]]  # -> (verdict, one-line reason); for a conditional, the consequence
    show: Callable[[Reading], str]  # -> the estimate as text, with its interval
    interval_based: bool = True  # the verdict rests on a confidence interval (multiplicity count)
    #: the verdicts the rule can return, each with the evidence that yields it (the Methods page)
    outcomes: tuple[tuple[str, str], ...] = ()
    #: why a claim of fact cannot return supported or contradicted (written up front), else ""
    limited: str = ""
    #: the premise, when the claim comes from a conditional sentence ("when X happens, Y follows")
    premise: Premise | None = None

    @property
    def kind(self) -> str:
        return CONDITIONAL if self.premise else FACT

    @property
    def all_reads(self) -> tuple[str, ...]:
        return self.reads + (self.premise.reads if self.premise else ())

    @property
    def chapters(self) -> set[str]:
        return {self.chapter} | {n.split(".", 1)[0] for n in self.all_reads if "." in n}


@dataclass(frozen=True)
class Result:
    claim: Claim
    verdict: str
    reason: str
    estimate: str = "–"
    level: float | None = None
    premise: str = ""  # for a conditional claim: HOLDS, FAILS or UNCLEAR ("" when not reached)

    def to_record(self) -> dict:
        return {"verdict": self.verdict, "reason": self.reason, "estimate": self.estimate,
                **({"premise": self.premise} if self.premise else {})}


# ----------------------------------------------------------------- helpers

def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _usd(x: float) -> str:
    return f"${x / 1e6:,.0f}M" if x < 1e9 else f"${x / 1e9:.1f}B"


def direction(e: Estimate, center: float, flat: tuple[float, float]) -> str:
    """'up' or 'down' when the interval lies on one side of ``center``; 'flat' when it lies
    inside the equivalence margin ``flat`` (precisely no change); 'unclear' otherwise."""
    if e.above(center):
        return "up"
    if e.below(center):
        return "down"
    if e.within(*flat):
        return "flat"
    return "unclear"


def _ci(e: Estimate, spec: str = ".2f", prefix: str = "", suffix: str = "") -> str:
    return e.text(spec, prefix, suffix)


# the outcomes table of a claim (:attr:`Claim.outcomes`) and the verdicts' short names in it
def _outcomes(*pairs):
    return tuple(pairs)


S, P, C, U = SUPPORTED, PARTLY, CONTRADICTED, UNTESTABLE

# ----------------------------------------------------------------- the ledger and the verdicts

#: every claim of the ledger in its order, and each by id: the package fills them from the
#: chapters' rules files (:func:`register`), which the engine does not import
CLAIMS: list[Claim] = []
BY_ID: dict[str, Claim] = {}


def register(claims: list[Claim]) -> None:
    """Make ``claims`` the ledger that :func:`evaluate`, :func:`for_chapter` and the premises
    read (:data:`CLAIMS` and :data:`BY_ID`, changed in place)."""
    CLAIMS[:] = claims
    BY_ID.clear()
    BY_ID.update((c.id, c) for c in claims)


def _unreadable(claim: Claim, r: Reading, names, level) -> Result | None:
    """NOT_YET when a measure is missing, UNTESTABLE when one has no usable value, else None."""
    for name in names:
        try:
            value = r.get(name)
        except KeyError as exc:  # an interval missing at this level
            return Result(claim, NOT_YET, str(exc).strip("'\""), level=level)
        if value is None:
            return Result(claim, NOT_YET, f"the chapter did not produce the measure '{name}'", level=level)
        if isinstance(value, Estimate) and not value.ok:
            what = value.label or name.split(".", 1)[-1].replace("_", " ")
            return Result(claim, UNTESTABLE, f"{what}: {value.note or 'no value'}", level=level)
    return None


_NO_NUMBER = re.compile(r"\b(nan|inf)\b", re.IGNORECASE)  # never print nan/inf in the ledger


def judge(claim: Claim, measures: dict[str, dict], level: float | None = None) -> Result:
    """The verdict of one claim from the measures of the chapters (chapter -> name -> measure),
    with every interval read at ``level`` (None: the level the chapters ran at).

    A conditional claim is judged in two steps, the same for every such claim: its premise
    first; where the premise does not hold (or is not established) the verdict is *not
    testable* with the measured premise as the reason; only where it holds is the consequence
    judged by the claim's rule."""
    missing = sorted(ch for ch in claim.chapters if ch not in measures)
    if missing:
        return Result(claim, NOT_YET, f"chapter(s) {', '.join(missing)} not yet in the book", level=level)
    r = Reading(claim.chapter, measures, level)
    state = ""
    try:
        if claim.premise is not None:
            bad = _unreadable(claim, r, claim.premise.reads, level)
            if bad is not None:
                return replace(bad, reason=f"its condition cannot be measured ({bad.reason})") \
                    if bad.verdict == UNTESTABLE else bad
            state, premise_text = claim.premise.test(r)
            if state != HOLDS:
                readable = claim.reads and not _unreadable(claim, r, claim.reads, level)
                shown = _NO_NUMBER.sub("–", claim.show(r)) if readable else "–"
                why = "its condition does not hold" if state == FAILS else "its condition is not established"
                alone = ""
                if readable:  # the consequence's own evidence, reported beside (it does not make the verdict)
                    cv, creason = claim.judge(r)
                    alone = f"; the consequence measured alone would be {cv} ({creason})"
                return Result(claim, UNTESTABLE, _NO_NUMBER.sub("–", f"{why}: {premise_text}{alone}"), shown, level,
                              state)
        bad = _unreadable(claim, r, claim.reads, level)
        if bad is not None:
            return replace(bad, premise=state)
        verdict, reason = claim.judge(r)
        shown = claim.show(r)
        if state == HOLDS:
            reason = f"its condition holds ({premise_text}); {reason}"
    except KeyError as exc:
        return Result(claim, NOT_YET, str(exc).strip("'\""), level=level, premise=state)
    except (ValueError, TypeError, ZeroDivisionError) as exc:  # a value a rule needs could not be computed
        return Result(claim, UNTESTABLE, f"a measure the rule needs has no usable value ({exc})", level=level,
                      premise=state)
    return Result(claim, verdict, _NO_NUMBER.sub("–", reason), _NO_NUMBER.sub("–", shown), level, state)


def evaluate(measures: dict[str, dict], level: float | None = None) -> list[Result]:
    """Every claim's verdict (the ledger)."""
    return [judge(c, measures, level) for c in CLAIMS]


def for_chapter(chapter: str, measures: dict[str, dict], level: float | None = None) -> list[Result]:
    """The verdicts a chapter shows (claims it owns)."""
    return [judge(c, measures, level) for c in CLAIMS if c.chapter == chapter]


def counts(results: list[Result]) -> dict[str, int]:
    return {v: sum(r.verdict == v for r in results) for v in VERDICTS}


# ----------------------------------------------------------------- stored measures

def read_measures(notebook: Path) -> dict | None:
    """(chapter id, measures) stored in an executed notebook's metadata, or None."""
    try:
        with open(notebook, encoding="utf-8") as fh:
            rec = json.load(fh).get("metadata", {}).get("middleclass")
    except (OSError, ValueError):
        return None
    if not rec or "chapter" not in rec:
        return None
    return {"chapter": rec["chapter"], "file": Path(notebook).stem,
            "measures": {k: from_record(v) for k, v in rec.get("measures", {}).items()},
            "verdicts": rec.get("verdicts", {})}


def load_measures(executed_dir: Path) -> dict[str, dict]:
    """chapter id -> {name: measure} of every executed notebook in ``executed_dir``."""
    out = {}
    for path in sorted(Path(executed_dir).glob("*.ipynb")):
        rec = read_measures(path)
        if rec:
            out[rec["chapter"]] = rec["measures"]
    return out
