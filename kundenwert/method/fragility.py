"""Fragile classes: the customers whose segment hangs on one of a rep's estimates.

A segment is fragile when a plausible error in one estimate would move it: a money estimate
(potential, cross- and up-selling) by `Config.fragile_share` up or down, a 1–5 rating by
`Config.fragile_steps` steps, each estimate on its own, every other figure as it is.

Every customer is moved alone inside the unchanged portfolio, all customers at once: its
changed estimate is normalised against the others (`normalize_against`, the customer's own
entry left out), its score changes by that factor's share of its weight, and the threshold is
found again with its score replaced (a binary search into the sorted scores). The other
customers' scores are left as they are: a customer moved past others in a rank would push
them the opposite way by a hair, which only ever widens its own move, so a customer called
fragile really changes its segment when the estimate moves; one that is not called fragile
may, in a small portfolio, still tip over through that hair.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from kundenwert.method.causes import normalize_against, search_left
from kundenwert.method.config import DERIVED_INPUTS, Config, Factor, Threshold
from kundenwert.method.normalize import FloatArray, normalize
from kundenwert.method.portfolio import SCORES, ScoreResult, derive_factors, weighted_score
from kundenwert.method.segments import quadrant

#: Estimates in money: moved by a share of their value.
MONEY_ESTIMATES = ("potenzial", "cross_selling", "up_selling")
#: Ratings 1–5 from the rep: moved by whole steps.
RATING_ESTIMATES = ("image", "multiplikator", "referenz", "kooperation")
#: A rating's scale when its factor does not say (the input columns' 1–5).
RATING_SCALE = (1.0, 5.0)
#: Within this many points of its threshold a moved score is weighed again exactly.
_TIE = 1e-6
#: The result column naming the estimates a segment hangs on (keys joined by commas).
COLUMN = "haengt_an"


def estimates(result: ScoreResult) -> list[str]:
    """The estimate columns this run's model uses: each feeds a factor, directly or derived."""
    derived_from = {c for inputs in DERIVED_INPUTS.values() for c in inputs}
    used = {f.column for f in result.factors}
    out = []
    for c in (*MONEY_ESTIMATES, *RATING_ESTIMATES):
        direct = c in used
        derived = c in derived_from and any(
            f.column in DERIVED_INPUTS and c in DERIVED_INPUTS[f.column] for f in result.factors
        )
        if (direct or derived) and c in result.scored:
            out.append(c)
    return out


def moved_estimate(
    values: FloatArray, column: str, sign: int, config: Config, factor: Factor | None
) -> FloatArray:
    """The estimate after a plausible error in direction `sign` (+1, −1): a share of a money
    value, whole steps of a rating (kept on its scale)."""
    if column in MONEY_ESTIMATES:
        return values * (1.0 + sign * config.fragile_share)
    lo, hi = RATING_SCALE
    if factor is not None and factor.method == "skala":
        lo, hi = factor.scale_min or lo, factor.scale_max or hi
    return np.clip(values + sign * config.fragile_steps, lo, hi)


def threshold_replaced(
    ordered: FloatArray,
    old: FloatArray,
    new: FloatArray,
    rule: Threshold,
    removed: npt.NDArray[np.int64] | None = None,
) -> FloatArray:
    """Per customer, the axis threshold once its score `old` (one of the `ordered` scores,
    sorted, no NaN) is replaced by `new`: the median, a quantile (linear, as Excel's
    QUANTILE.INC), the mean or a fixed value. All customers at once. `removed`: where each
    old score stands in `ordered` (searchsorted left), when the caller has it already."""
    n = ordered.size
    if rule.method == "fest":
        assert rule.value is not None
        return np.full(old.shape, float(rule.value))
    if rule.method == "mittelwert":
        mean: FloatArray = (ordered.sum() - old + new) / n
        return mean
    q = 0.5 if rule.method == "median" else float(rule.value or 0.0)
    h = (n - 1) * q
    lo = int(np.floor(h))
    frac = h - lo
    if removed is None:
        removed = search_left(ordered, old)  # one copy of the old score goes
    below_new = search_left(ordered, new) - (old < new)

    def kth(k: int) -> FloatArray:
        """The k-th smallest (0-based) of the scores with the customer's replaced."""

        # the k-th of the others: skip the removed copy
        def other(j: npt.NDArray[np.int64]) -> FloatArray:
            at = np.where(j < removed, j, j + 1)
            picked: FloatArray = ordered[np.clip(at, 0, n - 1)]
            return picked

        k_arr = np.full(old.shape, k, dtype=np.int64)
        return np.where(
            k_arr < below_new, other(k_arr), np.where(k_arr == below_new, new, other(k_arr - 1))
        )

    low = kth(lo)
    if frac == 0 or lo + 1 >= n:
        return low
    high = kth(lo + 1)
    if rule.method == "median":
        return (low + high) / 2  # as np.median: the mean of the two middle scores
    # as np.quantile's linear interpolation, from whichever end is nearer
    if frac >= 0.5:
        return high - (high - low) * (1 - frac)
    return low + (high - low) * frac


def fragile_estimates(result: ScoreResult) -> dict[str, npt.NDArray[np.bool_]]:
    """Per estimate column the model uses: which customers' segment a plausible error in that
    estimate alone would change (up or down)."""
    scored, config = result.scored, result.config
    n = len(scored)
    segment = scored["segment"].to_numpy(object)
    has_segment = pd.notna(segment)
    score = {s: scored[f"{s}_score"].to_numpy(float) for s in SCORES}
    thresholds = {"ist": result.t_ist, "potenzial": result.t_potenzial}
    rules = {"ist": config.threshold_ist, "potenzial": config.threshold_potenzial}
    present = {s: np.sort(score[s][~np.isnan(score[s])]) for s in SCORES}
    # where each customer's own score stands among them (NaN scores: no segment, unused)
    filled = {s: np.where(np.isnan(score[s]), 0.0, score[s]) for s in SCORES}
    position = {s: search_left(present[s], filled[s]) for s in SCORES}
    by_column = {f.column: f for f in result.factors}
    chosen = {s: [f for f in result.factors if f.score == s and f.weight > 0] for s in SCORES}
    weights = {s: pd.Series({f.column: f.weight for f in chosen[s]}) for s in SCORES}
    norms: dict[str, FloatArray] = {}  # each factor normalised as the run did, once
    weight_present = {s: _weight_present(scored, chosen[s]) for s in SCORES}
    out: dict[str, npt.NDArray[np.bool_]] = {}
    for column in estimates(result):
        values = _as_float(scored[column])
        fragile = np.zeros(n, dtype=bool)
        for sign in (1, -1):
            moved = moved_estimate(values, column, sign, config, by_column.get(column))
            changed = has_segment & ~np.isnan(values) & (moved != values)
            if not changed.any():
                continue
            new_values = _factor_values(scored, config, column, moved)
            axes = {s: (score[s], np.full(n, thresholds[s])) for s in SCORES}
            for s in SCORES:
                hit = [f for f in chosen[s] if f.column in new_values]
                if not hit:
                    continue
                after = score[s].copy()
                for f in hit:  # the customer moved alone, the others as they are
                    ref = _as_float(scored[f.column])
                    if f.column not in norms:
                        norms[f.column] = _norm(scored, f)
                    normalised = normalize_against(new_values[f.column], ref, ref, f)
                    step = (normalised - norms[f.column]) * f.weight / weight_present[s]
                    after = after + np.nan_to_num(step)
                new_s = np.where(np.isnan(after), 0.0, after)
                t = threshold_replaced(present[s], filled[s], new_s, rules[s], position[s])
                # the update above may differ from the run's own weighting in the last
                # digit: where that could decide the side, weigh those customers as it does
                near = np.flatnonzero(changed & (np.abs(new_s - t) <= _TIE))
                if near.size:
                    exact = _weighted_rows(scored, chosen[s], weights[s], norms, new_values, near)
                    after[near] = exact
                    t[near] = threshold_replaced(
                        present[s], filled[s][near], exact, rules[s], position[s][near]
                    )
                axes[s] = (after, t)
            moved_segment = quadrant(
                axes["ist"][0] - axes["ist"][1], axes["potenzial"][0] - axes["potenzial"][1], 0, 0
            )
            fragile |= changed & (moved_segment != segment)
        out[column] = fragile
    return out


def hangs_on(result: ScoreResult) -> npt.NDArray[np.object_]:
    """Per customer, the estimate columns its segment hangs on, joined by commas ('' when
    none)."""
    flags = fragile_estimates(result)
    out = np.full(len(result.scored), "", dtype=object)
    for column, fragile in flags.items():
        out[fragile] = np.where(out[fragile] == "", column, out[fragile] + "," + column)
    return out


def with_fragility(result: ScoreResult) -> ScoreResult:
    """The result with the column `haengt_an` (see `hangs_on`); unchanged when it has it."""
    if COLUMN in result.scored:
        return result
    scored = result.scored.copy(deep=False)
    scored[COLUMN] = hangs_on(result)
    return replace(result, scored=scored)


def _as_float(series: pd.Series) -> FloatArray:
    values: FloatArray = pd.to_numeric(series, errors="coerce").to_numpy(float)
    return values


def _weight_present(scored: pd.DataFrame, chosen: list[Factor]) -> FloatArray:
    """Per customer, the weight of the factors it has: each weight is a share of this (the
    renormalisation of `weighted_score`)."""
    total = np.zeros(len(scored))
    for f in chosen:
        total += f.weight * scored[f.column].notna().to_numpy()
    return np.where(total > 0, total, np.nan)


def _weighted_rows(
    scored: pd.DataFrame,
    chosen: list[Factor],
    weights: pd.Series,
    norms: dict[str, FloatArray],
    new_values: dict[str, FloatArray],
    rows: npt.NDArray[np.intp],
) -> FloatArray:
    """The moved score of `rows`, weighted by `weighted_score` itself."""
    columns = {}
    for f in chosen:
        if f.column in new_values:
            ref = _as_float(scored[f.column])
            own = ref[rows]
            columns[f.column] = normalize_against(new_values[f.column][rows], ref, own, f)
        else:
            if f.column not in norms:
                norms[f.column] = _norm(scored, f)
            columns[f.column] = norms[f.column][rows]
    return weighted_score(pd.DataFrame(columns), weights)[0]


def _norm(scored: pd.DataFrame, f: Factor) -> FloatArray:
    """A factor normalised as `score_portfolio` normalises it."""
    return normalize(
        _as_float(scored[f.column]), f.method, f.direction, f.scale_min, f.scale_max, f.thresholds
    )


def _factor_values(
    scored: pd.DataFrame, config: Config, column: str, moved: FloatArray
) -> dict[str, FloatArray]:
    """The factor values that change when `column` becomes `moved`: the column itself, and
    the derived factors computed from it."""
    out = {column: moved}
    derived_from = {c for inputs in DERIVED_INPUTS.values() for c in inputs}
    if column in derived_from:
        again = derive_factors(scored.assign(**{column: moved}), config)
        for key in DERIVED_INPUTS:
            before, after = _as_float(scored[key]), _as_float(again[key])
            if not np.array_equal(before, after, equal_nan=True):
                out[key] = after
    return out
