"""Lifetime value and churn risk learned from the order history: BG/NBD + Gamma-Gamma.

BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way") models how many
orders a customer places and whether they are still "alive"; Gamma-Gamma (Fader, Hardie & Lee
2005, "RFM and CLV") models the value of an order. Both are fitted by maximum likelihood over
all customers, vectorised on numpy arrays with the likelihood and its analytic gradient in
scipy.special terms, by Newton steps in log-parameters (every parameter must stay positive;
L-BFGS-B when they do not arrive). Pure numpy/scipy/pandas, one thread: it runs in Pyodide.

Inputs per customer, all in one time unit (weeks here): frequency x = repeat purchase days,
recency t_x = first to last purchase, T = first purchase to the reference date, and for the
spend model the mean value of the repeat purchases. No file library: this runs under Pyodide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import optimize, special

from kundenwert.errors import Message, MessageError

FloatArray = npt.NDArray[np.float64]
#: Mean negative log-likelihood and its gradient at log-parameters.
Objective = Callable[[FloatArray], tuple[float, FloatArray]]

#: Weeks in a year and in a month, for horizons given in years or months.
WEEKS_PER_YEAR = 365.25 / 7.0
WEEKS_PER_MONTH = WEEKS_PER_YEAR / 12.0
#: Fewer repeat buyers than this and a fit is reported as weakly supported.
MIN_REPEAT_BUYERS = 30
#: |log-parameter| beyond this (e^12 ≈ 160,000 times the rescaled unit) counts as running
#: off: reported as not converged, never as a fit.
RUNAWAY = 12.0
#: From twice this many customers on, a fit on an evenly spaced subsample of about this size
#: gives the starting point and the curvature: all customers then need four or five gradient
#: evaluations instead of twenty.
WARM_START_ROWS = 20_000
#: Log-parameters are kept inside ±LOG_BOUND (e^20 ≈ 5·10^8), so a runaway fit stops there
#: visibly (reported as not converged) instead of overflowing.
LOG_BOUND = 20.0
#: The optimum: the largest gradient component of the mean negative log-likelihood below this.
GTOL = 1e-10
#: Newton steps before falling back to L-BFGS-B, and the largest step in a log-parameter
#: (a factor e).
NEWTON_STEPS = 60
MAX_STEP = 1.0


class ModelError(MessageError):
    """The data cannot support the model (no customers, no repeat buyers, bad values)."""


@dataclass(frozen=True)
class BgNbdFit:
    """A fitted BG/NBD model and how well the fit went."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float  # the sum over all customers, in the caller's time unit
    customers: int
    repeat_buyers: int
    converged: bool
    iterations: int
    warnings: tuple[Message, ...] = ()


@dataclass(frozen=True)
class GammaGammaFit:
    """A fitted Gamma-Gamma spend model and how well the fit went."""

    p: float
    q: float
    gamma: float
    log_likelihood: float  # summed over the repeat buyers used
    customers: int  # repeat buyers used
    converged: bool
    iterations: int
    warnings: tuple[Message, ...] = field(default_factory=tuple)


def _as_arrays(
    frequency: npt.ArrayLike, recency: npt.ArrayLike, age: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    x = np.asarray(frequency, dtype=float)
    tx = np.asarray(recency, dtype=float)
    t = np.asarray(age, dtype=float)
    if not (x.shape == tx.shape == t.shape) or x.ndim != 1:
        raise ModelError("err.bgnbd.laenge")
    if not len(x):
        raise ModelError("err.bgnbd.keine")
    bad = ~np.isfinite(x) | ~np.isfinite(tx) | ~np.isfinite(t)
    bad |= (x < 0) | (x != np.floor(x)) | (tx < 0) | (t < tx) | ((x == 0) & (tx != 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ModelError(
            "err.bgnbd.ungueltig", pos=i + 1, x=repr(x[i]), tx=repr(tx[i]), t=repr(t[i])
        )
    return x, tx, t


def _codes(column: FloatArray) -> tuple[npt.NDArray[np.intp], FloatArray]:
    """Where each value sits among the column's distinct values, and those values. Counts
    (whole numbers from 0 to the number of rows) are their own codes, without hashing."""
    n = len(column)
    if n and column.dtype.kind == "f" and 0 <= column.min() and column.max() <= n:
        whole = column.astype(np.intp)
        if np.array_equal(whole, column):
            present = np.flatnonzero(np.bincount(whole))
            if len(present) == int(whole.max()) + 1:  # every count from 0 up occurs
                return whole, present.astype(float)
            renumber = np.zeros(int(whole.max()) + 1, dtype=np.intp)
            renumber[present] = np.arange(len(present), dtype=np.intp)
            return renumber[whole], present.astype(float)
    # NaN gets a code of its own (the default −1 would silently index the last value)
    code, unique = pd.factorize(column, use_na_sentinel=False)
    return code.astype(np.intp, copy=False), np.asarray(unique, dtype=float)


class _Rows:
    """Customers with equal figures merged into one weighted row (order dates in days repeat a
    lot: every one-time buyer of a day is the same customer to the model), and each column's
    distinct values with where each row's value sits, so a function of one column is computed
    once per distinct value. Hash-based (pd.factorize), no sort: a sort of a million keys
    costs more than the whole fit's arithmetic on them."""

    def __init__(self, *columns: FloatArray) -> None:
        coded = [_codes(c) for c in columns]
        codes = [c for c, _ in coded]
        self.uniques: list[FloatArray] = [u for _, u in coded]
        n = len(columns[0])
        self.codes = codes
        self.weight: FloatArray = np.ones(n)
        sizes = [len(u) for u in self.uniques]
        if max(sizes) > 0.8 * n:  # a column hardly ever repeats
            return
        if float(np.prod(sizes, dtype=float)) >= 2.0**62:  # the key would overflow int64
            return
        key = np.zeros(n, dtype=np.int64)
        for code, unique in zip(codes, self.uniques, strict=True):
            key = key * len(unique) + code
        row, keys = pd.factorize(key)
        if len(keys) > 0.8 * n:  # hardly any repeats: keep the rows as they are
            return
        self.weight = np.bincount(row, minlength=len(keys)).astype(float)
        # each distinct key back to its column codes (the key is mixed radix in them)
        keys = np.asarray(keys, dtype=np.int64)
        self.codes = []
        for unique in reversed(self.uniques):
            keys, code = np.divmod(keys, len(unique))
            self.codes.insert(0, code.astype(np.intp))

    def column(self, i: int) -> FloatArray:
        """Column i of the distinct rows."""
        out: FloatArray = self.uniques[i][self.codes[i]]
        return out

    def lookup(self, i: int) -> _Lookup:
        return _Lookup(self.uniques[i], self.codes[i])


class _Lookup:
    """Distinct values of one column and where each row's sits, so a function of the column
    is computed once per distinct value (weeks of whole days: a few hundred); a column with
    many distinct values is used as it is."""

    def __init__(self, uniques: FloatArray, codes: npt.NDArray[np.intp]) -> None:
        self.few = len(uniques) <= len(codes) // 8
        self.values: FloatArray = uniques if self.few else uniques[codes]
        self.index: npt.NDArray[np.intp] | None = codes if self.few else None

    def apply(self, f: FloatArray) -> FloatArray:
        """f computed on self.values, spread back to the rows."""
        return f[self.index] if self.index is not None else f


class _Counts:
    """The distinct values of an integer-valued frequency and where each customer's sits:
    the special functions of r + x, b + x, a + b + x are computed once per distinct x."""

    def __init__(
        self,
        x: FloatArray,
        values: FloatArray | None = None,
        index: npt.NDArray[np.intp] | None = None,
    ) -> None:
        if values is None or index is None:
            index, values = pd.factorize(x)
        self.values: FloatArray = np.asarray(values, dtype=float)
        self.index: npt.NDArray[np.intp] = np.asarray(index, dtype=np.intp)


def _dot(a: FloatArray, b: FloatArray) -> float:
    """Σ a·b without BLAS: OpenBLAS threads a long dot product, which on a busy machine
    costs more than it saves."""
    return float(np.einsum("i,i->", a, b))


def _by_frequency(rows: _Rows) -> tuple[_Counts, FloatArray, float, FloatArray]:
    """What both objectives keep of the weighted customers: the distinct frequencies x, each
    customer's weight, their total and the weight of each distinct x."""
    counts = _Counts(rows.uniques[0], rows.uniques[0], rows.codes[0])
    weight = rows.weight
    per_x = np.bincount(counts.index, weights=weight, minlength=len(counts.values)).astype(float)
    return counts, weight, float(weight.sum()), per_x


class _BgNbdObjective:
    """Mean negative log-likelihood of weighted customers and its gradient by the log-
    parameters, as sums over the customers: no per-customer gradient array is built, and
    everything that depends on x alone is summed per distinct x."""

    def __init__(self, rows: _Rows) -> None:
        """rows: the columns x, t_x, T."""
        self.counts, self.w, self.total, self.per_x = _by_frequency(rows)
        self.tx, self.t = rows.lookup(1), rows.lookup(2)

    def __call__(self, log_params: FloatArray) -> tuple[float, FloatArray]:
        r, alpha, a, b = np.exp(log_params)
        u, at, wx, w = self.counts.values, self.counts.index, self.per_x, self.w
        g = special.gammaln
        a12 = g(r + u) - g(r) + r * np.log(alpha) + g(b + u) - g(a + b + u) + g(a + b) - g(b)
        with np.errstate(divide="ignore", invalid="ignore"):
            log_ratio = np.where(u > 0, np.log(a) - np.log(b + u - 1), -np.inf)
            inv_bx1 = np.where(u > 0, 1.0 / (b + u - 1), 0.0)
        rx = (r + u)[at]
        log_at = self.t.apply(np.log(alpha + self.t.values))
        log_atx = self.tx.apply(np.log(alpha + self.tx.values))
        a3 = -rx * log_at
        a4 = log_ratio[at] - rx * log_atx
        mix = np.logaddexp(a3, a4)
        share = np.exp(a4 - mix)  # "dropped out after the last order" part of the likelihood
        ws = w * share
        psi = special.digamma
        psi_ab, d_rx, d_bx, d_abx = psi(a + b), psi(r + u), psi(b + u), psi(a + b + u)
        ll = _dot(wx, a12) + _dot(w, mix)
        s_r = _dot(wx, d_rx - psi(r) + np.log(alpha)) - _dot(w, log_at)
        s_r -= _dot(ws, log_atx - log_at)
        inv_t = self.t.apply(1.0 / (alpha + self.t.values))
        inv_tx = self.tx.apply(1.0 / (alpha + self.tx.values))
        s_alpha = r / alpha * self.total - _dot(w * rx, inv_t) - _dot(ws * rx, inv_tx - inv_t)
        s_a = _dot(wx, psi_ab - d_abx) + ws.sum() / a
        s_b = _dot(wx, psi_ab + d_bx - psi(b) - d_abx) - _dot(ws, inv_bx1[at])
        grad = np.array([s_r * r, s_alpha * alpha, s_a * a, s_b * b])
        return float(-ll / self.total), -grad / self.total


class _GammaGammaObjective:
    """The same for Gamma-Gamma: per evaluation one logarithm per customer, the rest sums."""

    def __init__(self, rows: _Rows) -> None:
        """rows: the columns x and mean value m."""
        x, m = rows.column(0), rows.column(1)
        self.counts, self.w, self.total, self.per_x = _by_frequency(rows)
        self.mx = m * x
        self.wx = self.w * x
        log_m = np.log(m)
        self.sum_log_m, self.sum_x_log_m = _dot(self.w, log_m), _dot(self.wx, log_m)

    def __call__(self, log_params: FloatArray) -> tuple[float, FloatArray]:
        p, q, g = np.exp(log_params)
        u, cx, w, wx = self.counts.values, self.per_x, self.w, self.wx
        pu = p * u
        psi_u = special.digamma(pu + q)
        per_x = special.gammaln(pu + q) - special.gammaln(pu) + pu * np.log(u)
        gmx = g + self.mx
        log_gmx = np.log(gmx)
        inv = 1.0 / gmx
        sum_log, sum_x_log = _dot(w, log_gmx), _dot(wx, log_gmx)
        ll = (
            _dot(cx, per_x)
            + self.total * (q * np.log(g) - special.gammaln(q))
            + p * self.sum_x_log_m
            - self.sum_log_m
            - p * sum_x_log
            - q * sum_log
        )
        s_p = _dot(cx * u, psi_u - special.digamma(pu) + np.log(u))
        s_p += self.sum_x_log_m - sum_x_log
        s_q = _dot(cx, psi_u) - self.total * (special.digamma(q) - np.log(g)) - sum_log
        s_g = q / g * self.total - p * _dot(wx, inv) - q * _dot(w, inv)
        grad = np.array([s_p * p, s_q * q, s_g * g])
        return float(-ll / self.total), -grad / self.total


def bgnbd_log_likelihood(
    r: float,
    alpha: float,
    a: float,
    b: float,
    frequency: npt.ArrayLike,
    recency: npt.ArrayLike,
    age: npt.ArrayLike,
) -> FloatArray:
    """Log-likelihood of each customer under BG/NBD (Fader, Hardie & Lee 2005, eq. 6)."""
    x, tx, t = (np.asarray(v, dtype=float) for v in (frequency, recency, age))
    return _bgnbd_terms(np.log([r, alpha, a, b]), x, tx, t)[0]


def _bgnbd_terms(
    log_params: FloatArray,
    x: FloatArray,
    tx: FloatArray,
    t: FloatArray,
    counts: _Counts | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Per-customer log-likelihood and its gradient by the log-parameters (n × 4)."""
    r, alpha, a, b = np.exp(log_params)
    k = counts or _Counts(x)
    u, at = k.values, k.index
    # everything that depends on x alone, once per distinct x
    g_rx, g_bx, g_abx = special.gammaln(r + u), special.gammaln(b + u), special.gammaln(a + b + u)
    d_rx, d_bx, d_abx = special.digamma(r + u), special.digamma(b + u), special.digamma(a + b + u)
    a12 = (
        g_rx
        - special.gammaln(r)
        + r * np.log(alpha)
        + g_bx
        - g_abx
        + special.gammaln(a + b)
        - special.gammaln(b)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        # the second term only exists for repeat buyers (b + x − 1 > 0 there)
        log_ratio = np.where(u > 0, np.log(a) - np.log(b + u - 1), -np.inf)
        inv_bx1 = np.where(u > 0, 1.0 / (b + u - 1), 0.0)
    rx = (r + u)[at]
    log_at, log_atx = np.log(alpha + t), np.log(alpha + tx)
    a3 = -rx * log_at
    a4 = log_ratio[at] - rx * log_atx
    mix = np.logaddexp(a3, a4)
    ll = a12[at] + mix
    w = np.exp(a4 - mix)  # share of the likelihood from "dropped out after the last order"
    psi_ab = special.digamma(a + b)
    d_r = (d_rx - special.digamma(r) + np.log(alpha))[at] - (log_at + w * (log_atx - log_at))
    d_alpha = r / alpha - rx * ((1 - w) / (alpha + t) + w / (alpha + tx))
    d_a = (psi_ab - d_abx)[at] + w / a
    d_b = (psi_ab + d_bx - special.digamma(b) - d_abx)[at] - w * inv_bx1[at]
    grad = np.column_stack([d_r * r, d_alpha * alpha, d_a * a, d_b * b])
    return ll, grad


def _minimise(
    objective: Objective, start: FloatArray, n_params: int
) -> tuple[FloatArray, bool, int, str]:
    """L-BFGS-B in log-parameters with bounds; tight tolerances so parameters agree to many
    digits with any other careful fit."""
    res = optimize.minimize(
        objective,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=[(-LOG_BOUND, LOG_BOUND)] * n_params,
        options={"maxiter": 2000, "ftol": 1e-15, "gtol": GTOL},
    )
    # a parameter running off to 0 or infinity (in the rescaled units all sit near 1) means
    # the likelihood has no maximum inside: the optimiser stops on a flat slope, not at one
    at_bound = bool(np.any(np.abs(res.x) >= RUNAWAY))
    converged = bool(res.success) and not at_bound
    # ftol/gtol this tight can stop on "abnormal termination in line search" at the optimum
    # itself: accept that when the gradient is tiny
    if not res.success and not at_bound and np.max(np.abs(res.jac)) < 1e-6:
        converged = True
    return np.asarray(res.x, dtype=float), converged, int(res.nit), str(res.message)


def _start(log_params: FloatArray) -> FloatArray:
    """A warm start, unless the subsample's fit ran off (then the usual start at 1)."""
    ok = np.all(np.isfinite(log_params)) and np.all(np.abs(log_params) < LOG_BOUND - 1)
    return log_params if ok else np.zeros(len(log_params))


def _hessian(objective: Objective, at: FloatArray, step: float = 1e-5) -> FloatArray:
    """The objective's Hessian at `at` by forward differences of its analytic gradient."""
    g0 = objective(at)[1]
    columns = [(objective(at + step * e)[1] - g0) / step for e in np.eye(len(at))]
    h = np.array(columns)
    out: FloatArray = (h + h.T) / 2
    return out


def _newton(
    objective: Objective, start: FloatArray, hessian: FloatArray | None = None
) -> tuple[FloatArray, int] | None:
    """Newton steps in log-parameters with a line search, to a gradient below GTOL.

    Without `hessian`, the curvature is taken afresh at every step (forward differences of
    the analytic gradient, shifted towards the gradient direction where it is not positive
    definite): robust from a cold start, for few rows. With `hessian` (a subsample's, at the
    subsample's optimum as `start`), it is only updated by BFGS from the steps: the two
    optima and curvatures differ by sampling noise only, so a few gradient evaluations on all
    rows reach their optimum. None when the steps run off, stop going downhill or do not
    arrive (the caller then falls back to L-BFGS-B, which reports such fits).

    No scipy optimiser here on purpose: scipy's L-BFGS-B calls into threaded OpenBLAS, whose
    idle threads spin on a busy machine and cost more wall time than the fit itself."""
    x, (f, g) = start, objective(start)
    h = hessian
    eye = np.eye(len(start))
    for iteration in range(1, NEWTON_STEPS + 1):
        fresh = h is None or hessian is None
        if fresh:
            h = _hessian(objective, x)
        assert h is not None
        shift = 0.0
        while True:  # the smallest shift that makes the curvature positive definite
            try:
                np.linalg.cholesky(h + shift * eye)
                break
            except np.linalg.LinAlgError:
                if not fresh or shift > 1e6:
                    return None
                shift = max(2 * shift, 1e-6 * float(np.max(np.abs(np.diag(h)))) + 1e-12)
        step = -np.linalg.solve(h + shift * eye, g)
        step *= min(1.0, MAX_STEP / float(np.max(np.abs(step))))
        for _ in range(30):  # halve until downhill (rounding of f allowed near the optimum)
            f_new, g_new = objective(x + step)
            if np.isfinite(f_new) and f_new <= f + 1e-4 * float(g @ step) + 1e-13 * abs(f):
                break
            step = step / 2
        else:
            return None
        x = x + step
        if np.any(np.abs(x) >= RUNAWAY):
            return None
        if not fresh:  # BFGS update of the curvature, kept positive definite
            y = g_new - g
            ys = float(y @ step)
            if ys > 0:
                hs = h @ step
                h = h + np.outer(y, y) / ys - np.outer(hs, hs) / float(step @ hs)
        f, g = f_new, g_new
        gradient = float(np.max(np.abs(g)))
        if gradient < GTOL or (gradient < 1e-6 and np.max(np.abs(step)) < 1e-13):
            # far out (e^6 times the rescaled unit) the likelihood may only flatten towards
            # a supremum: L-BFGS-B from the start decides and reports that as running off
            return (x, iteration) if np.all(np.abs(x) < RUNAWAY / 2) else None
    return None


def _fit(
    make: Callable[[_Rows], Objective],
    columns: tuple[FloatArray, ...],
    n_params: int,
    has_data: Callable[[_Rows], bool],
) -> tuple[FloatArray, bool, int, str, Objective, float]:
    """Fit one model by Newton steps. On many customers first on every k-th of them (start
    and curvature), then on all with that curvature updated; L-BFGS-B from the best start
    when Newton does not arrive. Returns log-parameters, converged, iterations, message, the
    full objective and its total weight."""
    start = np.zeros(n_params)
    hessian = None
    k = len(columns[0]) // WARM_START_ROWS
    if k >= 2:  # a subsample of every k-th customer (k = 1 would be all of them again)
        sample = _Rows(*(c[::k] for c in columns))
        if has_data(sample):
            small = make(sample)
            found = _newton(small, start)
            if found is not None:
                start = found[0]
                hessian = _hessian(small, start)
            else:
                start = _start(_minimise(small, start, n_params)[0])
    rows = _Rows(*columns)
    objective = make(rows)
    total = float(rows.weight.sum())
    if hessian is not None or k < 2:
        found = _newton(objective, start, hessian)
        if found is not None:
            return found[0], True, found[1], "", objective, total
    best, converged, iterations, message = _minimise(objective, start, n_params)
    return best, converged, iterations, message, objective, total


def fit_bgnbd(frequency: npt.ArrayLike, recency: npt.ArrayLike, age: npt.ArrayLike) -> BgNbdFit:
    """Maximum-likelihood BG/NBD parameters on (frequency, recency, T) per customer.

    Time is rescaled by the largest T while optimising (all four parameters then sit near 1,
    which the optimiser likes); α and the log-likelihood are reported in the caller's unit.
    """
    x, tx, t = _as_arrays(frequency, recency, age)
    repeat_buyers = int((x > 0).sum())
    if repeat_buyers == 0:
        raise ModelError("err.bgnbd.keine_wiederkaeufe")
    scale = float(t.max()) or 1.0
    best, converged, iterations, message, objective, total = _fit(
        _BgNbdObjective,
        (x, tx / scale, t / scale),
        4,
        lambda rows: bool((rows.uniques[0] > 0).any()),
    )
    r, alpha_scaled, a, b = np.exp(best)
    alpha = float(alpha_scaled * scale)
    # back in the caller's time unit: with times divided by s each customer's likelihood is
    # s^x times larger (α/s and T/s in eq. 6), so subtract Σ x·log s
    ll = float(-objective(best)[0] * total - float(x.sum()) * np.log(scale))
    warnings: list[Message] = []
    if not converged and np.any(np.abs(best) >= RUNAWAY):
        names = [n for n, v in zip(("r", "α", "a", "b"), best, strict=True) if abs(v) >= RUNAWAY]
        warnings.append(Message("w.bgnbd.laeuft_weg", (("names", ", ".join(names)),)))
    elif not converged:
        warnings.append(Message("w.bgnbd.nicht_konvergiert", (("reason", message),)))
    if repeat_buyers < MIN_REPEAT_BUYERS:
        warnings.append(
            Message("w.bgnbd.wenige", (("n", repeat_buyers), ("recommended", MIN_REPEAT_BUYERS)))
        )
    return BgNbdFit(
        float(r),
        alpha,
        float(a),
        float(b),
        ll,
        len(x),
        repeat_buyers,
        converged,
        iterations,
        tuple(warnings),
    )


def probability_alive(
    fit: BgNbdFit, frequency: npt.ArrayLike, recency: npt.ArrayLike, age: npt.ArrayLike
) -> FloatArray:
    """P(still alive | x, t_x, T): 1 / (1 + [x > 0] · a/(b + x − 1) · ((α + T)/(α + t_x))^(r+x))."""
    x, tx, t = (np.asarray(v, dtype=float) for v in (frequency, recency, age))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_odds = (
            np.log(fit.a)
            - np.log(fit.b + x - 1)
            + (fit.r + x) * (np.log(fit.alpha + t) - np.log(fit.alpha + tx))
        )
    out: FloatArray = np.where(x > 0, special.expit(-log_odds), 1.0)
    return out


def expected_orders(
    fit: BgNbdFit,
    horizon: float | npt.ArrayLike,
    frequency: npt.ArrayLike,
    recency: npt.ArrayLike,
    age: npt.ArrayLike,
) -> FloatArray:
    """Expected orders in the next `horizon` time units given the history (FHL 2005, eq. 10):

    (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
    · P(alive).
    """
    x, tx, t = (np.asarray(v, dtype=float) for v in (frequency, recency, age))
    h = np.asarray(horizon, dtype=float)
    alive = probability_alive(fit, x, tx, t)
    if h.ndim == 0 and x.ndim == 1 and len(x) > 10_000:
        # everything but P(alive) depends on (x, T) only: once per distinct pair when those
        # repeat (whole days of history: some ten thousand pairs for a million customers)
        fx, ux = _codes(x)
        ft, ut = _codes(t)
        at, pairs = pd.factorize(fx.astype(np.int64) * len(ut) + ft)
        if len(pairs) <= len(x) // 8:
            pairs = np.asarray(pairs, dtype=np.int64)
            px, pt = ux[pairs // len(ut)], ut[pairs % len(ut)]
            per_pair = _unconditional_part(fit, h, px, pt)
            out: FloatArray = per_pair[at] * alive
            return out
    whole: FloatArray = _unconditional_part(fit, h, x, t) * alive
    return whole


def _unconditional_part(fit: BgNbdFit, h: FloatArray, x: FloatArray, t: FloatArray) -> FloatArray:
    """(a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]."""
    r, alpha, a, b = fit.r, fit.alpha, fit.a, fit.b
    hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, h / (alpha + t + h))
    decay = np.exp((r + x) * (np.log(alpha + t) - np.log(alpha + t + h)))
    out: FloatArray = (a + b + x - 1) / (a - 1) * (1 - decay * hyp)
    return out


def expected_orders_new(fit: BgNbdFit, horizon: float | npt.ArrayLike) -> FloatArray:
    """Expected orders of a customer in the first `horizon` time units after the first order
    (FHL 2005, eq. 9): (a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))]."""
    h = np.asarray(horizon, dtype=float)
    r, alpha, a, b = fit.r, fit.alpha, fit.a, fit.b
    hyp = special.hyp2f1(r, b, a + b - 1, h / (alpha + h))
    out: FloatArray = (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + h)) ** r * hyp)
    return out


def _gg_terms(
    log_params: FloatArray, x: FloatArray, m: FloatArray, counts: _Counts | None = None
) -> tuple[FloatArray, FloatArray]:
    p, q, g = np.exp(log_params)
    k = counts or _Counts(x)
    u, at = k.values, k.index
    pu = p * u
    psi_u = special.digamma(pu + q)
    per_x = special.gammaln(pu + q) - special.gammaln(pu) + pu * np.log(u)
    px = pu[at]
    log_m = np.log(m)
    log_gmx = np.log(g + m * x)
    ll = per_x[at] - special.gammaln(q) + q * np.log(g) + (px - 1) * log_m - (px + q) * log_gmx
    d_p = x * ((psi_u - special.digamma(pu) + np.log(u))[at] + log_m - log_gmx)
    d_q = psi_u[at] - special.digamma(q) + np.log(g) - log_gmx
    d_g = q / g - (px + q) / (g + m * x)
    return ll, np.column_stack([d_p * p, d_q * q, d_g * g])


def gamma_gamma_log_likelihood(
    p: float, q: float, gamma: float, frequency: npt.ArrayLike, monetary: npt.ArrayLike
) -> FloatArray:
    """Log-likelihood of each repeat buyer's mean order value under Gamma-Gamma."""
    x, m = np.asarray(frequency, dtype=float), np.asarray(monetary, dtype=float)
    return _gg_terms(np.log([p, q, gamma]), x, m)[0]


def fit_gamma_gamma(frequency: npt.ArrayLike, monetary: npt.ArrayLike) -> GammaGammaFit:
    """Maximum-likelihood Gamma-Gamma parameters on the repeat buyers (x > 0, mean value > 0).

    Customers without a repeat order or with a mean repeat value ≤ 0 (credits netted to zero
    or below) are not used; how many were used is reported.
    """
    x, m = np.asarray(frequency, dtype=float), np.asarray(monetary, dtype=float)
    if x.shape != m.shape or x.ndim != 1:
        raise ModelError("err.gg.laenge")
    use = (x > 0) & np.isfinite(m) & (m > 0)
    n = int(use.sum())
    if n < 2:
        raise ModelError("err.gg.zu_wenige", n=n, recommended=MIN_REPEAT_BUYERS)
    x, m = x[use], m[use]
    scale = float(np.median(m))  # values near 1 while optimising; γ is rescaled afterwards
    best, converged, iterations, message, objective, total = _fit(
        _GammaGammaObjective, (x, m / scale), 3, lambda rows: True
    )
    p, q, g_scaled = np.exp(best)
    gamma = float(g_scaled * scale)
    # a density of mean values divided by s is s times larger: subtract n·log s
    ll = float(-objective(best)[0] * total - n * np.log(scale))
    warnings: list[Message] = []
    if not converged and np.any(np.abs(best) >= RUNAWAY):
        warnings.append(Message("w.gg.laeuft_weg", (("q", f"{q:.3g}"),)))
    elif not converged:
        warnings.append(Message("w.gg.nicht_konvergiert", (("reason", message),)))
    if q <= 1:
        warnings.append(Message("w.gg.q_klein", (("q", f"{q:.3g}"),)))
    if n < MIN_REPEAT_BUYERS:
        warnings.append(Message("w.gg.wenige", (("n", n), ("recommended", MIN_REPEAT_BUYERS))))
    return GammaGammaFit(float(p), float(q), gamma, ll, n, converged, iterations, tuple(warnings))


def expected_order_value(
    fit: GammaGammaFit, frequency: npt.ArrayLike, monetary: npt.ArrayLike
) -> FloatArray:
    """Expected mean order value: (γ + m̄·x)·p / (p·x + q − 1); the population mean
    γ·p/(q − 1) for customers without a repeat order (x = 0 or no value)."""
    x, m = np.asarray(frequency, dtype=float), np.asarray(monetary, dtype=float)
    x = np.where(np.isfinite(m) & (m > 0), x, 0.0)
    m = np.where(x > 0, m, 0.0)
    if fit.q <= 1:
        return np.full(x.shape, np.nan)
    out: FloatArray = (fit.gamma + m * x) * fit.p / (fit.p * x + fit.q - 1)
    return out


def model_clv(
    fit: BgNbdFit,
    spend: GammaGammaFit,
    frequency: npt.ArrayLike,
    recency: npt.ArrayLike,
    age: npt.ArrayLike,
    monetary: npt.ArrayLike,
    margin: npt.ArrayLike,
    years: int,
    discount_rate: float,
) -> FloatArray:
    """Discounted expected contribution over `years` (time in weeks): per month k, the
    expected orders of that month × expected order value × margin / (1 + d)^(k/12).

    The yearly rate d is applied monthly so an order late in a year is worth less than one
    early in it; a missing margin gives a missing CLV.
    """
    if years < 1:
        raise ModelError("err.clv.jahre", years=years)
    if not 0 <= discount_rate < 1:
        raise ModelError("err.clv.zins", rate=discount_rate)
    x, tx, t = (np.asarray(v, dtype=float) for v in (frequency, recency, age))
    value = expected_order_value(spend, x, monetary) * np.asarray(margin, dtype=float)
    total = np.zeros(x.shape)
    before = np.zeros(x.shape)
    for k in range(1, 12 * years + 1):
        cumulative = expected_orders(fit, k * WEEKS_PER_MONTH, x, tx, t)
        total += (cumulative - before) / (1 + discount_rate) ** (k / 12)
        before = cumulative
    out: FloatArray = total * value
    return out
