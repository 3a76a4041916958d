"""Estimators of concentration and their intervals, shared by the chapters: the HHI (0-1) and
Gini of amounts, the HHI and top-n share of weights by group, a bootstrap Estimate (percentile
or basic interval) and the distribution-free interval of a median."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .measures import LEVELS, Estimate, estimate


def hhi(amounts) -> float:
    """Herfindahl-Hirschman index of company shares (0-1; 1 = one company has everything)."""
    a = np.asarray(amounts, dtype=float)
    a = a[np.isfinite(a) & (a > 0)]
    if a.size == 0:
        return float("nan")
    s = a / a.sum()
    return float((s ** 2).sum())


def gini(amounts) -> float:
    """Gini coefficient of amounts (0 = equal, close to 1 = one takes all)."""
    a = np.sort(np.asarray(amounts, dtype=float))
    a = a[np.isfinite(a) & (a >= 0)]
    n = a.size
    if n == 0 or a.sum() == 0:
        return float("nan")
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * a).sum()) / (n * a.sum()) - (n + 1) / n)


def hhi_top(weights: pd.Series, top: int = 5) -> tuple[float, float]:
    """HHI (0-1, :func:`hhi`) and the top-``top`` share of weights by group."""
    w = weights[weights > 0].sort_values(ascending=False)
    if w.empty:
        return float("nan"), float("nan")
    return hhi(w), float(w.head(top).sum() / w.sum())


def bootstrap_estimate(value: float, draws: np.ndarray, confidence: float, basic: bool = False, **kw) -> Estimate:
    """An Estimate with bootstrap intervals at ``confidence`` and at every level of
    :data:`measures.LEVELS`: percentile intervals, or with ``basic`` the basic (reflected)
    interval 2*value - quantiles, which corrects a bootstrap that is biased for a statistic such
    as the HHI (resampling adds sampling noise to the squared shares)."""
    def ci(lv):
        lo, hi = np.quantile(draws, [(1 - lv) / 2, (1 + lv) / 2])
        return (2 * value - hi, 2 * value - lo) if basic else (lo, hi)

    return estimate(value, ci(confidence), levels={lv: ci(lv) for lv in LEVELS}, confidence=confidence, **kw)


def median_interval(values, level: float) -> tuple[float, float]:
    """The distribution-free interval of a median: order statistics x(k) and x(n-k+1) with k the
    largest rank for which P(Binomial(n, 1/2) <= k - 1) <= (1 - level) / 2; its coverage is at
    least ``level``. Too few values for any such k: the whole range."""
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    k = 0
    while k + 1 <= n and stats.binom.cdf(k, n, 0.5) <= (1 - level) / 2:
        k += 1
    if k == 0:
        return float(x[0]), float(x[-1])
    return float(x[k - 1]), float(x[n - k])
