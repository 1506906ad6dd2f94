"""The floor for core scoring: the default model's arithmetic written directly in numpy on
arrays already in memory — no validation, no frames, no problem records."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

# the fastest rank known here (one argsort, no binary searches), pure numpy like the rest
from kundenwert.method.normalize import count_below

A = npt.NDArray[np.float64]


def _rank(x: A) -> A:
    ok = ~np.isnan(x)
    out = np.full_like(x, np.nan)
    out[ok] = count_below(x[ok]) / (ok.sum() - 1) * 100
    return out


def _minmax(x: A) -> A:
    lo, hi = np.nanmin(x), np.nanmax(x)
    return (x - lo) / (hi - lo) * 100


def _scale(x: A) -> A:
    return np.clip((x - 1) / 4 * 100, 0, 100)


def _mean(parts: list[tuple[A, float]]) -> A:
    num = np.zeros(parts[0][0].size)
    den = np.zeros(parts[0][0].size)
    for v, w in parts:
        ok = ~np.isnan(v)
        num += np.where(ok, v, 0) * w
        den += ok * w
    return num / den


def score_floor(
    c: dict[str, A], cost_order: float = 60, cost_visit: float = 250
) -> dict[str, npt.NDArray[np.generic]]:
    """Both scores, segments and ABC classes of the default model."""
    rev = c["umsatz"]
    db = (
        rev * c["marge"]
        - c["auftraege"] * cost_order
        - c["besuche"] * cost_visit
        - c["servicekosten"]
    )
    r = c["wiederkaufrate"]
    t = np.arange(1, 6)
    clv = db * (r[:, None] ** (t - 1) / 1.08**t).sum(axis=1)
    untapped = np.maximum(c["potenzial"] - rev, 0)
    ist = _mean(
        [
            (_rank(rev), 30),
            (_rank(db), 30),
            (_rank(clv), 15),
            (_minmax(r), 10),
            (_scale(c["kooperation"]), 15),
        ]
    )
    pot = _mean(
        [
            (_rank(untapped), 35),
            (_rank(c["cross_selling"]), 15),
            (_rank(c["up_selling"]), 10),
            (_scale(c["image"]), 5),
            (_scale(c["multiplikator"]), 5),
            (_scale(c["referenz"]), 10),
            (100 - _minmax(c["abwanderung"]), 20),
        ]
    )
    tx, ty = np.median(ist), np.median(pot)
    seg = (ist >= tx).astype(np.int8) * 2 + (pot >= ty)
    order = np.sort(rev)[::-1]
    cum = np.concatenate(([0.0], np.cumsum(order)))
    before = cum[count_below(-rev)] / cum[-1]
    abc = np.where(db < 0, 3, np.where(before < 0.8, 0, np.where(before < 0.95, 1, 2)))
    return {"ist": ist, "pot": pot, "seg": seg, "abc": abc}
