"""The four-field matrix: thresholds, quadrants and borderline cases."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from kundenwert.errors import MessageError
from kundenwert.method.config import Segment, Threshold
from kundenwert.method.normalize import FloatArray


def threshold_value(scores: FloatArray, rule: Threshold) -> float:
    """The threshold of one axis under its rule (median, mean, fixed value, quantile)."""
    s = np.asarray(scores, float)
    s = s[~np.isnan(s)]
    if rule.method == "fest":
        assert rule.value is not None  # the model validator guarantees it
        return float(rule.value)
    if s.size == 0:
        raise MessageError("err.keine_scores")
    if rule.method == "median":
        return float(np.median(s))
    if rule.method == "mittelwert":
        return float(np.mean(s))
    assert rule.value is not None
    # linear interpolation, as Excel's QUANTILE.INC / PERCENTILE.INC
    return float(np.quantile(s, rule.value))


def quadrant(
    current: FloatArray, potential: FloatArray, t_current: float, t_potential: float
) -> npt.NDArray[np.object_]:
    """Segment key per customer; a score equal to its threshold counts as high. None if missing."""
    x, y = np.asarray(current, float), np.asarray(potential, float)
    high_x, high_y = x >= t_current, y >= t_potential
    # codes into one array of shared str objects: no new string per customer
    codes = np.where(high_x, np.where(high_y, 0, 1), np.where(high_y, 2, 3))
    codes[np.isnan(x) | np.isnan(y)] = 4
    seg: npt.NDArray[np.object_] = _QUADRANTS[codes]
    return seg


_QUADRANTS = np.array(["top", "stamm", "wachstum", "klein", None], dtype=object)


def borderline(
    current: FloatArray, potential: FloatArray, t_current: float, t_potential: float, width: float
) -> npt.NDArray[np.bool_]:
    """True where a customer lies within `width` points of either threshold."""
    x, y = np.asarray(current, float), np.asarray(potential, float)
    near: npt.NDArray[np.bool_] = (np.abs(x - t_current) <= width) | (
        np.abs(y - t_potential) <= width
    )
    return near


SEGMENT_ORDER: tuple[Segment, ...] = ("top", "wachstum", "stamm", "klein")
