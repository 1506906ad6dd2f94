"""Deterministic synthetic portfolios of any size, fast enough for a million rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The factor columns the default model reads (15 columns of numbers per customer).
NUMERIC = (
    "umsatz",
    "umsatz_vorjahr",
    "marge",
    "auftraege",
    "besuche",
    "servicekosten",
    "potenzial",
    "cross_selling",
    "up_selling",
    "wiederkaufrate",
    "abwanderung",
    "image",
    "multiplikator",
    "referenz",
    "kooperation",
)


def synthetic(n: int, seed: int = 7) -> pd.DataFrame:
    """A portfolio of `n` customers with the default model's input columns (column keys)."""
    rng = np.random.default_rng(seed)
    revenue = rng.lognormal(10.5, 1.4, n)
    frame = pd.DataFrame(
        {
            "kunden_nr": np.char.add("K", np.arange(100_000, 100_000 + n).astype(str)),
            "region": rng.choice(np.array(["Nord", "Süd", "West", "Ost", "Mitte"]), n),
            "umsatz": revenue,
            "umsatz_vorjahr": revenue * rng.lognormal(0, 0.2, n),
            "marge": rng.uniform(0.15, 0.45, n),
            "auftraege": rng.integers(1, 120, n).astype(float),
            "besuche": rng.integers(0, 20, n).astype(float),
            "servicekosten": rng.uniform(0, 500, n),
            "potenzial": revenue * rng.uniform(1, 6, n),
            "cross_selling": rng.lognormal(8, 1, n),
            "up_selling": rng.lognormal(8, 1, n),
            "wiederkaufrate": rng.uniform(0.3, 0.98, n),
            "abwanderung": rng.uniform(0.02, 0.6, n),
            "image": rng.integers(1, 6, n).astype(float),
            "multiplikator": rng.integers(1, 6, n).astype(float),
            "referenz": rng.integers(1, 6, n).astype(float),
            "kooperation": rng.integers(1, 6, n).astype(float),
        }
    )
    # about 1 % missing ratings, as real portfolios have
    for col in ("image", "referenz", "potenzial"):
        frame.loc[rng.random(n) < 0.01, col] = np.nan
    return frame
