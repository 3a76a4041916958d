"""Negative binomial (NB2) regression fitted by Newton's method, with cluster-robust errors.

Model: y_i ~ NB2 with mean mu_i = exp(x_i'b) and variance mu_i (1 + alpha mu_i). The fit is
the maximum of the log-likelihood (Newton steps on (b, log alpha) with step halving), the
covariance the CRV1 sandwich H^-1 S H^-1 with S the outer product of the scores summed within
clusters and statsmodels' small-sample factor G/(G-1) (N-1)/(N-K) (K counts alpha). It is the
model of ``statsmodels``' ``NegativeBinomial(...).fit(cov_type="cluster")`` without its general
machinery (formula parsing, a Poisson start, BFGS, a numerical score): the citation models run
about twenty times per verdict-history date, and this takes about 2 ms a fit instead of 70 ms.
Tests hold it equal to statsmodels on synthetic data. :func:`fit` returns ``None`` when Newton
does not converge or the Hessian is singular (a coefficient running off to infinity, collinear
dummies), so the caller can fall back on statsmodels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special


@dataclass(frozen=True)
class NB2Fit:
    params: np.ndarray  # coefficients (log of a factor on the expected count), then alpha
    cov: np.ndarray  # cluster-robust covariance of params
    alpha: float  # NB2 dispersion
    loglike: float
    iterations: int

    @property
    def bse(self) -> np.ndarray:
        return np.sqrt(np.diag(self.cov))


def _parts(y: np.ndarray, X: np.ndarray, b: np.ndarray, alpha: float):
    mu = np.exp(X @ b)
    r = 1.0 / alpha
    am = 1.0 + alpha * mu
    ll = (special.gammaln(y + r) - special.gammaln(r) - special.gammaln(y + 1)
          - r * np.log(am) + y * np.log(alpha * mu / am))
    return mu, r, am, float(ll.sum())


def _score_obs(y, X, mu, r, am, alpha) -> np.ndarray:
    """Per-observation scores: d ll_i / d b (N x K), then d ll_i / d alpha."""
    d_b = ((y - mu) / am)[:, None] * X
    d_r = special.digamma(y + r) - special.digamma(r) + np.log(r / (r + mu)) + (mu - y) / (r + mu)
    return np.column_stack([d_b, -d_r / alpha ** 2])


def _hessian(y, X, mu, r, am, alpha) -> np.ndarray:
    """Hessian of the log-likelihood in (b, alpha)."""
    k = X.shape[1]
    h = np.empty((k + 1, k + 1))
    h[:k, :k] = -(X * (mu * (1 + alpha * y) / am ** 2)[:, None]).T @ X
    h[:k, k] = h[k, :k] = -(((y - mu) * mu / am ** 2)[:, None] * X).sum(axis=0)
    d_r = special.digamma(y + r) - special.digamma(r) + np.log(r / (r + mu)) + (mu - y) / (r + mu)
    d_rr = special.polygamma(1, y + r) - special.polygamma(1, r) + 1 / r - 1 / (r + mu) - (mu - y) / (r + mu) ** 2
    h[k, k] = float((d_rr / alpha ** 4 + 2 * d_r / alpha ** 3).sum())
    return h


def _ascent_step(H: np.ndarray, g: np.ndarray) -> np.ndarray | None:
    """Newton step -H^-1 g, with H first made negative definite by subtracting a ridge when it
    is not (far from the maximum the NB2 log-likelihood need not be concave)."""
    ridge = 0.0
    scale = float(np.max(np.abs(np.diag(H)))) or 1.0
    for _ in range(30):
        try:
            c = np.linalg.cholesky(-(H - ridge * np.eye(len(g))))
        except np.linalg.LinAlgError:
            ridge = max(10 * ridge, 1e-8 * scale)
            continue
        z = np.linalg.solve(c, g)
        return np.linalg.solve(c.T, z)
    return None


def _poisson_start(y: np.ndarray, X: np.ndarray, maxiter: int = 50) -> np.ndarray | None:
    """Poisson maximum-likelihood coefficients (Newton, concave): the NB2 fit's start."""
    b = np.linalg.lstsq(X, np.log(y + 0.5), rcond=None)[0]
    for _ in range(maxiter):
        mu = np.exp(X @ b)
        step = _ascent_step(-(X * mu[:, None]).T @ X, X.T @ (y - mu))
        if step is None or not np.all(np.isfinite(step)):
            return None
        b = b + step
        if np.max(np.abs(step)) < 1e-8:
            return b
    return b


def fit(y, X, groups, maxiter: int = 100, tol: float = 1e-9) -> NB2Fit | None:
    """NB2 fit of counts ``y`` (N) on the design ``X`` (N x K, intercept included) with errors
    clustered by ``groups`` (N integer labels); ``None`` if it does not converge."""
    try:
        return _fit(np.asarray(y, float), np.asarray(X, float), groups, maxiter, tol)
    except (np.linalg.LinAlgError, ValueError, FloatingPointError):
        return None


def _fit(y: np.ndarray, X: np.ndarray, groups, maxiter: int, tol: float) -> NB2Fit | None:
    n, k = X.shape
    with np.errstate(all="ignore"):
        b = _poisson_start(y, X)
        if b is None:
            return None
        mu0 = np.exp(X @ b)
        alpha = max(0.05, float(np.mean(((y - mu0) ** 2 - mu0) / mu0 ** 2)))  # a moment estimate, only the start
        mu, r, am, ll = _parts(y, X, b, alpha)
        for it in range(1, maxiter + 1):
            s = _score_obs(y, X, mu, r, am, alpha).sum(axis=0)
            h = _hessian(y, X, mu, r, am, alpha)
            # Newton in (b, log alpha): gradient and Hessian transformed by J = diag(1, .., alpha)
            g = s.copy()
            g[k] *= alpha
            H = h.copy()
            H[k, :] *= alpha
            H[:, k] *= alpha
            H[k, k] += s[k] * alpha
            step = _ascent_step(H, g)
            if step is None:
                return None
            if not np.all(np.isfinite(step)):
                return None
            if np.max(np.abs(step)) < tol:
                break
            for _ in range(40):  # step halving until the log-likelihood does not fall
                nb, na = b + step[:k], alpha * np.exp(step[k])
                nmu, nr, nam, nll = _parts(y, X, nb, na)
                if np.isfinite(nll) and nll >= ll - 1e-12 * abs(ll):
                    break
                step = step / 2
            else:
                return None
            b, alpha, mu, r, am, ll = nb, na, nmu, nr, nam, nll
        else:
            return None
        scores = _score_obs(y, X, mu, r, am, alpha)
        h = _hessian(y, X, mu, r, am, alpha)
        if not np.all(np.isfinite(h)) or np.linalg.cond(h) > 1e12:
            return None
        np.linalg.cholesky(-h)  # a maximum: the Hessian is negative definite (else LinAlgError: None)
        h_inv = np.linalg.inv(h)
        _, codes = np.unique(np.asarray(groups), return_inverse=True)
        n_groups = int(codes.max()) + 1
        sums = np.zeros((n_groups, k + 1))
        np.add.at(sums, codes, scores)
        cov = h_inv @ (sums.T @ sums) @ h_inv.T
        cov *= n_groups / (n_groups - 1.0) * (n - 1.0) / (n - (k + 1.0))
    if not np.all(np.isfinite(cov)) or np.any(np.diag(cov) < 0):
        return None
    return NB2Fit(params=np.append(b, alpha), cov=cov, alpha=float(alpha), loglike=ll, iterations=it)
