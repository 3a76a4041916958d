"""Every verdict with its multiverse (issue 27): the pre-declared choices of each claim and the
specifications they make.

A claim's rules file lists, in ``CHOICES``, the analysis decisions its verdict depends on and the
options a careful analyst could defend for each, with a one-line reason and the book's default
first. A decision is either a *parameter* of the claim's chapter (the chapter's function runs
again with it: another window, definition or confidence level) or a *threshold* of the claim's
rule (a module constant of its rules file, or of :mod:`.premises` for a conditional claim's
premise; the same measures are judged again). A *specification* is one option for every
decision of the claim; :func:`specifications` lists them all (the full grid: every grid here is
small), the default first. The sweep (``middleclass.book.sweep``) runs them; the rules here are
pure.

Choices are declared before their effect is seen; one added afterwards is named in the
changelog with the reason.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import itertools
from dataclasses import dataclass

#: a verdict that fewer than this share of its specifications give is labelled fragile
FRAGILE_BELOW = 2 / 3


@dataclass(frozen=True)
class Choice:
    """One analysis decision of a claim: ``name`` is a parameter of the claim's chapter
    (``kind`` "parameter") or a constant of its rules file ("threshold"; ``"premises.NAME"`` for
    one of :mod:`.premises`); ``options`` are (value, label) pairs, the book's default first;
    ``why`` says in one line why every option is defensible."""

    name: str
    options: tuple[tuple[object, str], ...]
    why: str
    kind: str = "parameter"

    @property
    def default(self):
        return self.options[0][0]

    def label(self, value) -> str:
        for v, text in self.options:
            if v == value:
                return text
        return str(value)


def parameter(name: str, options, why: str) -> Choice:
    """A chapter parameter as a choice; ``options``: (value, label) pairs, the default first."""
    return Choice(name, tuple(options), why, "parameter")


def threshold(name: str, options, why: str) -> Choice:
    """A constant of the claim's rule as a choice; ``options``: (value, label), the default first."""
    return Choice(name, tuple(options), why, "threshold")


def confidence(why: str = "the level of the intervals the rule reads: 90% is the book's, 80% and 95% are the "
                          "usual alternatives") -> Choice:
    return parameter("confidence", ((0.9, "90%"), (0.8, "80%"), (0.95, "95%")), why)


def growth_band() -> Choice:
    """The rules' band around ×1 a year within which a growth factor counts as flat (``FLAT_GROWTH``)."""
    return threshold("FLAT_GROWTH", (((1 / 1.1, 1.1), "±10%/yr"), ((1 / 1.05, 1.05), "±5%/yr"), ((1 / 1.2, 1.2), "±20%/yr")),
                     "how far from ×1 a year growth must be to count as growth: a band a tenth either way, halved or "
                     "doubled")


def ratio_band(why: str = "how far from 1 a ratio must be to count as a change: a fifth either way, halved or "
                          "widened") -> Choice:
    """The rules' band around 1 within which a ratio counts as no change (``FLAT_RATIO``)."""
    return threshold("FLAT_RATIO", (((1 / 1.2, 1.2), "±20%"), ((1 / 1.1, 1.1), "±10%"), ((1 / 1.3, 1.3), "±30%")), why)


def points_band(why: str = "how fast a share must move to count as moving: half a point a year, halved or "
                           "doubled") -> Choice:
    """The rules' band around zero within which a share trend counts as flat (``FLAT_POINTS``, points a year)."""
    return threshold("FLAT_POINTS", ((0.5, "±0.5 pt/yr"), (0.25, "±0.25 pt/yr"), (1.0, "±1 pt/yr")), why)


@dataclass(frozen=True)
class Spec:
    """One specification of a claim: a value for each of its choices (in the order declared)."""

    claim: str
    values: tuple[tuple[str, object], ...]

    @property
    def params(self) -> dict:
        from . import BY_ID

        kinds = {c.name: c.kind for c in choices_of(BY_ID[self.claim])}
        return {k: v for k, v in self.values if kinds[k] == "parameter"}

    @property
    def thresholds(self) -> dict:
        from . import BY_ID

        kinds = {c.name: c.kind for c in choices_of(BY_ID[self.claim])}
        return {k: v for k, v in self.values if kinds[k] == "threshold"}

    @property
    def id(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.values)


@functools.lru_cache(maxsize=1)
def all_choices() -> dict[str, tuple[Choice, ...]]:
    """Claim id -> its pre-declared choices, from every rules file's ``CHOICES`` (collected once)."""
    from . import capital, compute, innovation, open_models, outlook

    out: dict[str, tuple[Choice, ...]] = {}
    for module in (compute, open_models, capital, innovation, outlook):
        for claim_id, declared in getattr(module, "CHOICES", {}).items():
            out[claim_id] = tuple(declared)
    return out


def choices_of(claim) -> tuple[Choice, ...]:
    return all_choices().get(claim.id, ())


def specifications(claim, defaults: dict | None = None) -> list[Spec]:
    """Every specification of ``claim``: the product of its choices' options, the default first.
    ``defaults`` (parameter name -> value in effect) puts a value the book runs with in place of
    a parameter's declared default (added as an option when it is not one), so the default
    specification is always the book's own."""
    declared = choices_of(claim)
    axes = []
    for c in declared:
        values = [v for v, _ in c.options]
        if c.kind == "parameter" and defaults and c.name in defaults:
            current = defaults[c.name]
            values = [current] + [v for v in values if v != current]
        axes.append([(c.name, v) for v in values])
    return [Spec(claim.id, tuple(combo)) for combo in itertools.product(*axes)] if axes else []


def _module_of(claim, name: str):
    if name.startswith("premises."):
        return importlib.import_module(f"{__package__}.premises"), name.split(".", 1)[1]
    return importlib.import_module(claim.judge.__module__), name


@contextlib.contextmanager
def thresholds(claim, values: dict):
    """Judge ``claim`` with other values of its rule's constants (``values``: name -> value),
    restored on exit. The rules read their constants as module globals; only the claim's own
    rules file (or :mod:`.premises`) is touched, in this process."""
    saved = []
    try:
        for name, value in values.items():
            module, attr = _module_of(claim, name)
            if not hasattr(module, attr):
                raise AttributeError(f"claim '{claim.id}': its rules have no constant {name}")
            saved.append((module, attr, getattr(module, attr)))
            setattr(module, attr, value)
        yield
    finally:
        for module, attr, old in reversed(saved):
            setattr(module, attr, old)


@dataclass(frozen=True)
class Agreement:
    """How many of a claim's specifications give the default's verdict, and which single choice,
    changed alone from the default, gives another verdict (``flip``: "name = option label" or
    ""). Specifications whose headline could not be measured at all (a definition the data
    cannot follow, e.g. a size band the source does not report) are counted apart
    (``unmeasured``): missing evidence is not a different answer."""

    claim: str
    verdict: str
    n: int
    same: int
    flip: str
    unmeasured: int = 0

    @property
    def share(self) -> float:
        return self.same / self.n if self.n else float("nan")

    @property
    def fragile(self) -> bool:
        return self.n > 1 and self.share < FRAGILE_BELOW


def agreement(claim, rows: list[dict]) -> Agreement | None:
    """The :class:`Agreement` of ``claim`` from its rows of the sweep table (each with
    ``default`` (bool), ``verdict``, ``measured`` (bool, optional: whether the headline estimate
    exists) and one entry per choice, its option's label); None without rows. When the default
    specification is measured, the unmeasured ones are left out of the share."""
    if not rows:
        return None
    default = next((r for r in rows if r["default"]), None)
    if default is None:
        return None
    unmeasured = 0
    if default.get("measured", True):
        kept = [r for r in rows if r.get("measured", True)]
        unmeasured, rows = len(rows) - len(kept), kept
    declared = choices_of(claim)
    same = sum(r["verdict"] == default["verdict"] for r in rows)
    flip, best = "", 0
    for c in declared:  # one choice at a time, the others at their default
        alone = [r for r in rows if all(r[o.name] == default[o.name] for o in declared if o.name != c.name)
                 and r[c.name] != default[c.name]]
        changed = [r for r in alone if r["verdict"] != default["verdict"]]
        if len(changed) > best:
            best = len(changed)
            flip = f"{c.name} = " + ", ".join(c.label(r[c.name]) for r in changed)
    return Agreement(claim.id, default["verdict"], len(rows), same, flip, unmeasured)
