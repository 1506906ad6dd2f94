"""ABC classes by revenue, plus Z (negative contribution) and O (not yet classifiable)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from kundenwert.errors import MessageError
from kundenwert.method.normalize import FloatArray, sorted_counts


def revenue_share_before(revenue: FloatArray) -> FloatArray:
    """For each customer, the share of total revenue made by customers with strictly more revenue.

    Ties share one value, so the class never depends on row order. Missing or negative revenue
    gives NaN.
    """
    r = np.asarray(revenue, float)
    valid = ~np.isnan(r) & (r >= 0)
    out = np.full_like(r, np.nan)
    values = r[valid]
    total = values.sum()
    if values.size == 0:
        return out
    if total == 0:
        out[valid] = 0.0
        return out
    # customers with strictly more revenue, and the revenues from the largest down
    above, descending = sorted_counts(-values)
    cumulative = np.concatenate(([0.0], np.cumsum(-descending)))
    out[valid] = cumulative[above] / total
    return out


def abc_class(
    revenue: FloatArray,
    a_share: float = 0.80,
    b_share: float = 0.95,
    contribution: FloatArray | None = None,
    unclassified: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.str_]:
    """A while the revenue above a customer is below `a_share` of the total, B below `b_share`,
    else C; Z where the contribution after cost-to-serve or the net revenue itself is negative
    (credits beyond invoices); O where `unclassified` is set or revenue is missing. O wins over
    Z (new customers often start at a loss)."""
    if not 0 < a_share < b_share < 1:
        raise MessageError("err.abc_grenzen", a=a_share, b=b_share)
    before = revenue_share_before(revenue)
    out = np.where(before < a_share, "A", np.where(before < b_share, "B", "C")).astype("<U1")
    r = np.asarray(revenue, float)
    if contribution is not None:
        out[np.asarray(contribution, float) < 0] = "Z"
    out[r < 0] = "Z"
    out[np.isnan(r)] = "O"
    if unclassified is not None:
        out[np.asarray(unclassified, bool)] = "O"
    return out
