"""Typed measures: what an analysis hands to a chapter, the claims and the ledger.

An :class:`Estimate` is one number with its interval, sample size, unit and window. A measure
that cannot be computed from the data at hand (too few observations) is an Estimate with no
value and a ``note`` saying why ("not enough data (n = 2; a trend needs at least 3)"), never
an exception inside a chapter. :mod:`~middleclass.analysis.records` turns measures into the
plain JSON stored in the executed notebook's metadata and back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

NAN = float("nan")


class NotEnoughData(ValueError):
    """Too few observations for an estimator; ``n`` is what there was, ``needed`` the minimum."""

    def __init__(self, n: int, needed: int, what: str = "the estimate"):
        self.n, self.needed, self.what = int(n), int(needed), what
        super().__init__(f"need at least {needed} observations for {what}, got {n}")

    @property
    def note(self) -> str:
        return f"not enough data (n = {self.n}; {self.what} needs at least {self.needed})"


def _finite(x) -> bool:
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)


@dataclass(frozen=True)
class Estimate:
    """A measured number. ``ci_low``/``ci_high`` bound it at level ``confidence`` (nan when
    the measure has no interval, e.g. a count); ``n`` is the sample size; ``unit`` says what
    the number is in ("factor per year", "share", "2023 USD"); ``window`` the data it used."""

    value: float  # an int for counts and years
    ci_low: float = NAN
    ci_high: float = NAN
    n: int | None = None
    confidence: float | None = None
    unit: str = ""
    window: str = ""
    label: str = ""
    note: str = ""  # non-empty: why there is no value
    intervals: tuple = ()  # the interval at other levels: ((level, low, high), ...)

    @property
    def ok(self) -> bool:
        """A usable value (not 'not enough data', finite)."""
        return not self.note and _finite(self.value)

    @property
    def has_ci(self) -> bool:
        return _finite(self.ci_low) and _finite(self.ci_high)

    def above(self, threshold: float) -> bool:
        """The whole interval lies above ``threshold``."""
        return self.ok and self.has_ci and self.ci_low > threshold

    def below(self, threshold: float) -> bool:
        """The whole interval lies below ``threshold``."""
        return self.ok and self.has_ci and self.ci_high < threshold

    def within(self, low: float, high: float) -> bool:
        """The whole interval lies inside [low, high] (e.g. an equivalence margin)."""
        return self.ok and self.has_ci and low <= self.ci_low and self.ci_high <= high

    def at(self, level: float | None) -> "Estimate":
        """The same estimate with its interval at ``level`` (None or the own level: itself).
        Raises KeyError when the estimate has an interval but none at that level."""
        if level is None or not self.has_ci or self.confidence is None or math.isclose(level, self.confidence):
            return self
        for lv, lo, hi in self.intervals:
            if math.isclose(lv, level):
                return replace(self, ci_low=lo, ci_high=hi, confidence=level)
        raise KeyError(f"no {level:.0%} interval for {self.label or 'this estimate'}")

    def transformed(self, fn, unit: str, decreasing: bool = False, **kw) -> "Estimate":
        """The estimate through a monotone function ``fn`` (bounds swapped when it decreases),
        e.g. a price factor per year x -> the decline 1 - x."""
        def bounds(lo, hi):
            a, b = fn(lo), fn(hi)
            return (b, a) if decreasing else (a, b)

        return replace(self, value=fn(self.value), ci_low=bounds(self.ci_low, self.ci_high)[0],
                       ci_high=bounds(self.ci_low, self.ci_high)[1], unit=unit,
                       intervals=tuple((lv, *bounds(lo, hi)) for lv, lo, hi in self.intervals), **kw)

    def scaled(self, factor: float, unit: str) -> "Estimate":
        """The same estimate in other units (e.g. a share per year times 100 in points per year)."""
        return self.transformed(lambda v: v * factor, unit, decreasing=factor < 0)

    def text(self, spec: str = ".2f", prefix: str = "", suffix: str = "") -> str:
        """'×3.11 (×2.83 to ×3.43)': ``spec`` applied to the value and each bound, each between
        ``prefix`` and ``suffix``; the note when there is no value."""
        if not self.ok:
            return self.note or "n/a"
        out = f"{prefix}{self.value:{spec}}{suffix}"
        if self.has_ci:
            out += f" ({prefix}{self.ci_low:{spec}} to {prefix}{self.ci_high:{spec}}{suffix})"
        return out

    def to_record(self) -> dict:
        rec = {"kind": "estimate"}
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, float) and not math.isfinite(v):
                v = None  # JSON has no nan
            if f.name == "intervals":
                v = [[lv, lo, hi] for lv, lo, hi in v]
            rec[f.name] = v
        return rec


def _number(x):
    """A plain int for integer input (counts, years), else a float."""
    if type(x).__name__ not in ("bool", "bool_") and (isinstance(x, int) or type(x).__name__.startswith(("int", "uint"))):
        return int(x)
    return float(x)


#: the levels every interval is also computed at (besides the chapter's own), for the ledger
LEVELS = (0.9, 0.95)


#: units whose values are whole numbers: a whole float in them is stored as an int (prints "2025", not "2025.0")
COUNT_UNITS = {"year", "years", "models", "events", "groups", "rounds", "companies", "months", "deals", "acquisitions",
               "organizations", "people", "shutdowns", "snapshots", "batches"}


def estimate(value, ci=(NAN, NAN), levels: dict | None = None, **kw) -> Estimate:
    """An Estimate from plain or numpy numbers (integers stay integers: counts and years, and a
    whole float in a count unit of :data:`COUNT_UNITS` becomes one); ``levels`` maps other
    confidence levels to their (low, high) interval."""
    n = kw.pop("n", None)
    extra = tuple((float(lv), float(lo), float(hi)) for lv, (lo, hi) in (levels or {}).items())
    value = _number(value)
    no_ci = all(math.isnan(float(c)) for c in ci)
    if isinstance(value, float) and kw.get("unit") in COUNT_UNITS and value.is_integer() and no_ci:
        value = int(value)
    return Estimate(value, float(ci[0]), float(ci[1]), n=None if n is None else int(n), intervals=extra, **kw)


def z(level: float) -> float:
    """Two-sided normal quantile of a confidence level (1.645 at 90%)."""
    from statistics import NormalDist

    return NormalDist().inv_cdf(0.5 + level / 2)


def wald(value: float, se: float, confidence: float, transform=None, **kw) -> Estimate:
    """An Estimate with Wald intervals value +- z * se at ``confidence`` and every level of
    :data:`LEVELS`, optionally through ``transform`` (e.g. ``math.exp`` for a log ratio)."""
    f = transform or (lambda v: v)
    ci = lambda lv: (f(value - z(lv) * se), f(value + z(lv) * se))  # noqa: E731
    return estimate(f(value), ci(confidence), levels={lv: ci(lv) for lv in LEVELS}, confidence=confidence, **kw)


def not_enough(exc_or_n, needed: int | None = None, what: str = "the estimate", **kw) -> Estimate:
    """The 'not enough data' Estimate, from a :class:`NotEnoughData` or from n and needed."""
    if isinstance(exc_or_n, NotEnoughData):
        return Estimate(NAN, n=exc_or_n.n, note=exc_or_n.note, **kw)
    err = NotEnoughData(exc_or_n, needed or 0, what)
    return Estimate(NAN, n=err.n, note=err.note, **kw)
