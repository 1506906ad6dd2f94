"""A realistic, deterministic sample portfolio of B2B customers for the demo and the tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from kundenwert.columns import INPUT_COLUMNS, header

STICHTAG = dt.date(2025, 12, 31)

_PREFIX = [
    "Müller",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Neumann",
    "Schwarz",
    "Braun",
    "Zimmermann",
    "Krüger",
    "Hartmann",
    "Lange",
    "Werner",
    "Krause",
    "Lehmann",
    "Köhler",
    "Nord",
    "Rhein",
    "Alpen",
    "Elbe",
    "Main",
    "Spree",
    "Weser",
    "Ostsee",
]
_TRADE = [
    "Metallbau",
    "Logistik",
    "Haustechnik",
    "Kunststofftechnik",
    "Elektro",
    "Holzbau",
    "Medizintechnik",
    "Maschinenbau",
    "Anlagenbau",
    "Druck",
    "Verpackung",
    "Feinmechanik",
    "Automation",
    "Lebensmittel",
    "Dental",
    "Laborbedarf",
    "Bau",
    "Sanitär",
]
_FORM = ["GmbH", "GmbH & Co. KG", "KG", "AG", "e.K.", "OHG"]
_REGIONS = {"Süd": 0.30, "West": 0.25, "Nord": 0.18, "Mitte": 0.15, "Ost": 0.12}
_REPS = {
    "Süd": ["A. Huber", "M. Maier", "S. Gruber"],
    "West": ["K. Schmitz", "J. Peters", "L. Becker"],
    "Nord": ["H. Jansen", "T. Hansen"],
    "Mitte": ["B. Vogel", "P. Roth"],
    "Ost": ["F. Lorenz", "C. Winkler"],
}


def generate_portfolio(
    n: int = 500, seed: int = 2025, stichtag: dt.date = STICHTAG
) -> pd.DataFrame:
    """`n` customers with every input column (column keys), the same for the same seed.

    Revenue is log-normal (a fifth of the customers makes roughly three quarters of it);
    potential is drawn independently of revenue so all four quadrants fill; a few small
    customers order so often that the cost to serve exceeds their contribution.
    """
    rng = np.random.default_rng(seed)
    regions = rng.choice(list(_REGIONS), n, p=list(_REGIONS.values()))
    reps = [_REPS[r][int(rng.integers(len(_REPS[r])))] for r in regions]
    names = [
        f"{_PREFIX[int(a)]} {_TRADE[int(b)]} {_FORM[int(c)]}"
        for a, b, c in zip(
            rng.integers(len(_PREFIX), size=n),
            rng.integers(len(_TRADE), size=n),
            rng.choice(len(_FORM), n, p=[0.45, 0.2, 0.12, 0.08, 0.1, 0.05]),
            strict=True,
        )
    ]
    day = pd.Timestamp(stichtag)
    age_days = rng.integers(400, 15 * 365, n)
    new = rng.random(n) < 0.06
    age_days[new] = rng.integers(20, 360, new.sum())
    first = day - pd.to_timedelta(age_days, unit="D")
    last_gap = np.minimum(rng.exponential(40, n).astype(int), age_days)
    dormant = (rng.random(n) < 0.04) & ~new
    last_gap[dormant] = rng.integers(380, 900, dormant.sum())
    last = day - pd.to_timedelta(last_gap, unit="D")

    revenue = np.round(rng.lognormal(10.2, 1.5, n), 2)
    revenue[new] = np.round(revenue[new] * 0.3, 2)
    size = np.log(revenue)
    drift = rng.normal(0.02, 0.18, n)
    previous = np.round(revenue / np.exp(drift), 2)
    margin = np.round(rng.uniform(0.15, 0.45, n), 3)
    orders = np.maximum(1, np.round(np.exp(size - 7.2) * rng.uniform(0.5, 2.0, n))).astype(int)
    busy = rng.random(n) < 0.08  # small customers ordering in tiny lots
    orders[busy] = orders[busy] + rng.integers(25, 90, busy.sum())
    visits = np.maximum(0, np.round(np.exp(size - 9.5) * rng.uniform(0.5, 2, n))).astype(int)
    service = np.round(rng.uniform(0, 600, n), 2)
    # What the customer buys elsewhere barely depends on what it buys from us, so the demand
    # left over is drawn on its own: small customers with large demand become growth customers.
    gap = np.round(rng.lognormal(10.6, 1.3, n) * rng.uniform(0.2, 1.0, n), 2)
    wallet = np.round(revenue + gap, 2)
    cross = np.round(gap * rng.uniform(0.05, 0.3, n), 2)
    up = np.round(gap * rng.uniform(0.02, 0.2, n), 2)
    repurchase = np.round(np.clip(rng.beta(6, 2, n), 0.3, 0.98), 2)
    churn = np.round(np.clip(rng.beta(2, 7, n), 0.02, 0.6), 2)

    def rating(bias: np.ndarray) -> np.ndarray:
        return np.clip(np.round(3 + bias + rng.normal(0, 1, n)), 1, 5)

    z = (size - size.mean()) / size.std()
    frame = pd.DataFrame(
        {
            "kunden_nr": [f"K{10001 + i}" for i in range(n)],
            "name": names,
            "region": regions,
            "betreuer": reps,
            "erstauftrag": first.normalize(),
            "letzter_auftrag": last.normalize(),
            "umsatz": revenue,
            "umsatz_vorjahr": np.where(new, np.nan, previous),
            "deckungsbeitrag": np.round(revenue * margin, 2),
            "marge": margin,
            "auftraege": orders,
            "besuche": visits,
            "servicekosten": service,
            "potenzial": wallet,
            "cross_selling": cross,
            "up_selling": up,
            "wiederkaufrate": repurchase,
            "abwanderung": churn,
            "image": rating(0.2 * z),
            "multiplikator": rating(0.1 * z),
            "referenz": rating(0.1 * z - 0.2),
            "kooperation": rating(0.3 * z),
        }
    )
    for col in ("potenzial", "cross_selling", "image", "referenz", "multiplikator"):
        frame.loc[rng.random(n) < 0.015, col] = np.nan  # estimates nobody made yet
    return frame[[c.key for c in INPUT_COLUMNS]]


def _cell(v: object) -> object:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    if isinstance(v, np.generic):
        return v.item()
    return v


def to_input_rows(frame: pd.DataFrame, lang: str = "de") -> list[list[object]]:
    """Header (documented headers) and data rows, ready to write into a sheet."""
    head: list[object] = [header(k, lang) for k in frame.columns]
    return [head, *[[_cell(v) for v in row] for row in frame.itertuples(index=False)]]


def messy_export_rows(frame: pd.DataFrame) -> list[list[object]]:
    """What an ERP export looks like: title rows, header variants with years, German number
    text, percentages as text, and a totals row at the end."""
    variants = {
        "kunden_nr": "Kd.-Nr.",
        "name": "Firma",
        "betreuer": "Außendienst",
        "umsatz": "Umsatz 2025 (€)",
        "umsatz_vorjahr": "Umsatz 2024 (€)",
        "marge": "Marge %",
        "abwanderung": "Abwanderungswahrscheinlichkeit",
    }
    head: list[object] = [variants.get(k, header(k)) for k in frame.columns]
    rows: list[list[object]] = [["Kundenliste Vertrieb"], ["Stand: 31.12.2025"], [], head]
    for i, row in enumerate(frame.itertuples(index=False)):
        cells = [_cell(v) for v in row]
        values: dict[str, Any] = dict(zip(frame.columns, cells, strict=True))
        if i % 3 == 0 and values["umsatz"] is not None:
            text = f"{values['umsatz']:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
            cells[list(frame.columns).index("umsatz")] = text
        if i % 4 == 0 and values["marge"] is not None:
            cells[list(frame.columns).index("marge")] = f"{values['marge'] * 100:g} %".replace(
                ".", ","
            )
        rows.append(cells)
    total: list[object] = [None] * len(head)
    total[1] = "Summe"
    total[list(frame.columns).index("umsatz")] = float(frame["umsatz"].sum())
    rows.append(total)
    return rows


CHANNELS = ("Besuch", "Telefon", "E-Mail", "Videocall", "Messe")
TOPICS = (
    "Jahresgespräch",
    "Neuheiten",
    "Cross-Selling",
    "Service-Vertrag",
    "Preisrunde",
    "Reklamation",
)
OUTCOMES = (
    "Angebot angefordert",
    "Auftrag",
    "Info erhalten",
    "kein Interesse",
    "nicht erreicht",
    "Termin vereinbart",
)


def generate_contacts(
    frame: pd.DataFrame, seed: int = 7, stichtag: dt.date = STICHTAG
) -> pd.DataFrame:
    """A contact log over the last 18 months: more contacts for larger customers, and for a few
    new customers several failed development attempts (so the O → C rule shows)."""
    rng = np.random.default_rng(seed)
    day = pd.Timestamp(stichtag)
    size = np.log(frame["umsatz"].to_numpy(float))
    counts = np.clip(np.round((size - 7) * rng.uniform(0.5, 1.6, len(frame))), 0, 30).astype(int)
    records = []
    for cid, n in zip(frame["kunden_nr"], counts, strict=True):
        for _ in range(int(n)):
            records.append(
                {
                    "datum": (day - pd.Timedelta(days=int(rng.integers(1, 540)))).date(),
                    "kunden_nr": cid,
                    "kanal": CHANNELS[int(rng.integers(len(CHANNELS)))],
                    "thema": TOPICS[int(rng.integers(len(TOPICS)))],
                    "ergebnis": OUTCOMES[int(rng.integers(len(OUTCOMES)))],
                }
            )
    first = pd.to_datetime(frame["erstauftrag"])
    new_ids = frame.loc[first > day - pd.DateOffset(months=12), "kunden_nr"].tolist()
    for cid in new_ids[: max(1, len(new_ids) // 3)]:
        for k in range(3):
            records.append(
                {
                    "datum": (day - pd.Timedelta(days=30 * (k + 1))).date(),
                    "kunden_nr": cid,
                    "kanal": "Telefon",
                    "thema": "Erstangebot",
                    "ergebnis": "kein Interesse",
                }
            )
    log = pd.DataFrame(records, columns=["datum", "kunden_nr", "kanal", "thema", "ergebnis"])
    return log.sort_values(["datum", "kunden_nr"]).reset_index(drop=True)


def to_contact_rows(log: pd.DataFrame, lang: str = "de") -> list[list[object]]:
    """The contact log as sheet rows with its header."""
    head: list[object] = (
        ["Datum", "Kunden-Nr", "Kanal", "Thema", "Ergebnis"]
        if lang != "en"
        else ["Date", "Customer ID", "Channel", "Topic", "Outcome"]
    )
    return [head, *[list(r) for r in log.itertuples(index=False)]]
