"""The NB2 estimator (analysis/negbin.py) on synthetic data: it recovers known coefficients and
agrees with statsmodels' NegativeBinomial fitted to full precision (Newton), clustered errors
included."""

import numpy as np
import pytest
import statsmodels.api as sm

from middleclass.analysis import negbin


def _data(seed=5, n=800, clusters=300):
    rng = np.random.default_rng(seed)
    g = rng.integers(0, clusters, n)
    x1 = rng.integers(0, 2, n).astype(float)
    year = rng.integers(0, 6, n)
    X = np.column_stack([np.ones(n), x1] + [(year == k).astype(float) for k in range(1, 6)])
    beta = np.array([2.0, np.log(3.0), -0.2, -0.4, -0.6, -0.8, -1.0])
    alpha = 0.7
    mu = np.exp(X @ beta)
    y = rng.negative_binomial(1 / alpha, 1 / (1 + alpha * mu)).astype(float)
    return y, X, g, beta, alpha


def test_recovers_known_coefficients():
    y, X, g, beta, alpha = _data(n=20000, clusters=8000)
    res = negbin.fit(y, X, g)
    assert res.params[1] == pytest.approx(np.log(3.0), abs=0.05)
    assert res.alpha == pytest.approx(alpha, rel=0.05)
    lo, hi = res.params[1] - 2 * res.bse[1], res.params[1] + 2 * res.bse[1]
    assert lo < np.log(3.0) < hi


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_agrees_with_statsmodels(seed):
    y, X, g, *_ = _data(seed)
    ours = negbin.fit(y, X, g)
    theirs = sm.NegativeBinomial(y, X).fit(method="newton", maxiter=100, tol=1e-12, disp=0, cov_type="cluster",
                                           cov_kwds={"groups": g})
    assert ours.loglike == pytest.approx(theirs.llf, abs=1e-8)
    np.testing.assert_allclose(ours.params, theirs.params, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(ours.bse, theirs.bse, rtol=1e-6)


def test_gives_up_when_a_coefficient_runs_off():
    y, X, g, *_ = _data()
    y[X[:, 2] == 1] = 0  # a year with no counts: its effect goes to minus infinity
    assert negbin.fit(y, X, g) is None

