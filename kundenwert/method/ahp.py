"""AHP: weights from a pairwise-comparison matrix, with Saaty's consistency ratio."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kundenwert.errors import MessageError
from kundenwert.method.normalize import FloatArray

#: Saaty's random index by matrix size (consistency of random reciprocal matrices).
RANDOM_INDEX = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
CR_LIMIT = 0.1


@dataclass(frozen=True)
class AhpResult:
    """Weights (summing to 1), the principal eigenvalue and the consistency ratio."""

    weights: FloatArray
    lambda_max: float
    consistency_ratio: float

    @property
    def consistent(self) -> bool:
        """Saaty's rule: a CR below 0.1 is acceptable."""
        return self.consistency_ratio < CR_LIMIT


def ahp_weights(matrix: FloatArray) -> AhpResult:
    """Principal-eigenvector weights of a positive reciprocal matrix (a_ji = 1 / a_ij)."""
    a = np.asarray(matrix, float)
    n = a.shape[0]
    if a.ndim != 2 or a.shape != (n, n) or n < 1:
        raise MessageError("err.ahp.quadratisch", shape=str(a.shape))
    if n > max(RANDOM_INDEX):
        raise MessageError("err.ahp.zu_viele", limit=max(RANDOM_INDEX), n=n)
    if np.isnan(a).any() or (a <= 0).any():
        raise MessageError("err.ahp.positiv")
    if not np.allclose(a * a.T, 1.0, rtol=1e-3):
        i, j = np.argwhere(~np.isclose(a * a.T, 1.0, rtol=1e-3))[0]
        raise MessageError(
            "err.ahp.reziprok", row=i + 1, col=j + 1, a=f"{a[i, j]:g}", b=f"{a[j, i]:g}"
        )
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    w = w / w.sum()
    lam = float(values[k].real)
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX[n]
    return AhpResult(weights=w, lambda_max=lam, consistency_ratio=ci / ri if ri else 0.0)
