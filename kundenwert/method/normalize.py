"""Normalising one factor to 0–100. Missing values stay missing (NaN), never zero."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from kundenwert.errors import MessageError
from kundenwert.method.config import Direction, Method

FloatArray = npt.NDArray[np.float64]

#: A factor that does not vary tells nothing: every customer gets the neutral middle.
NEUTRAL = 50.0


def minmax(x: FloatArray) -> FloatArray:
    """(x − min) / (max − min) · 100 over the present values."""
    present = ~np.isnan(x)
    if not present.any():
        return np.full_like(x, np.nan)
    lo, hi = np.nanmin(x), np.nanmax(x)
    if hi == lo:
        return np.where(present, NEUTRAL, np.nan)
    return (x - lo) / (hi - lo) * 100.0


def count_below(values: FloatArray) -> npt.NDArray[np.int64]:
    """For each value (no NaN), how many values are strictly lower; ties count alike."""
    return sorted_counts(values)[0]


def sorted_counts(values: FloatArray) -> tuple[npt.NDArray[np.int64], FloatArray]:
    """count_below, and the values in ascending order, which it sorts on the way (a caller
    needing both saves a second sort of a million values).

    One argsort, then each run of equal values takes the position of its first member:
    on a million values about twice as fast as binary searches into the sorted copy, whose
    scattered memory reads no longer fit the CPU caches.
    """
    n = values.size
    out = np.empty(n, dtype=np.int64)
    if n == 0:
        return out, values.copy()
    order = np.argsort(values)  # any order within a run of ties gives the same counts
    ordered = values[order]
    starts = np.empty(n, dtype=bool)
    starts[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    first = np.where(starts, np.arange(n), 0)
    np.maximum.accumulate(first, out=first)
    out[order] = first
    return out, ordered


def percent_rank(x: FloatArray) -> FloatArray:
    """Share of the other present values that are strictly lower, · 100.

    This is Excel's PERCENTRANK.INC (count below / (n − 1)), unrounded, so ties share a rank
    and a native-formula template gives the same numbers.
    """
    present = ~np.isnan(x)
    values = x[present]
    n = values.size
    out = np.full_like(x, np.nan)
    if n == 0:
        return out
    if n == 1 or values.min() == values.max():
        out[present] = NEUTRAL
        return out
    out[present] = count_below(values) / (n - 1) * 100.0
    return out


def scale(x: FloatArray, lo: float, hi: float) -> FloatArray:
    """A fixed scale (e.g. rating 1–5) mapped linearly to 0–100, clipped at the ends."""
    return np.clip((x - lo) / (hi - lo) * 100.0, 0.0, 100.0)


def steps(x: FloatArray, thresholds: Sequence[float]) -> FloatArray:
    """Fixed thresholds: share of thresholds reached (x ≥ t), · 100."""
    t = np.asarray(thresholds, dtype=float)
    reached = np.searchsorted(t, x, side="right").astype(float)
    return np.where(np.isnan(x), np.nan, reached / t.size * 100.0)


def normalize(
    x: FloatArray,
    method: Method,
    direction: Direction = "hoch",
    scale_min: float | None = None,
    scale_max: float | None = None,
    thresholds: Sequence[float] = (),
) -> FloatArray:
    """Normalise one factor column to 0–100 with its method and direction."""
    x = np.asarray(x, dtype=float)
    if method == "minmax":
        y = minmax(x)
    elif method == "rang":
        y = percent_rank(x)
    elif method == "skala":
        if scale_min is None or scale_max is None or scale_max <= scale_min:
            raise MessageError("err.skala")
        y = scale(x, scale_min, scale_max)
    elif method == "schwellen":
        if not len(thresholds):
            raise MessageError("err.schwellen")
        y = steps(x, thresholds)
    else:
        raise MessageError("err.normierung", method=method)
    if direction == "niedrig":
        y = 100.0 - y
    elif direction != "hoch":
        raise MessageError("err.richtung", direction=direction)
    return y
