"""A realistic, deterministic sample portfolio of B2B customers for the demo and the tests."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from kundenwert.book.plan import cell_value
from kundenwert.cells.columns import BY_KEY, INPUT_COLUMNS, header
from kundenwert.language import Lang
from kundenwert.method.normalize import FloatArray

STICHTAG = dt.date(2025, 12, 31)


_PREFIX = (
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
    "Schäfer",
    "Bauer",
    "Vogt",
    "Franke",
    "Albrecht",
    "Seidel",
    "Nord",
    "Rhein",
    "Alpen",
    "Elbe",
    "Main",
    "Spree",
    "Weser",
    "Ostsee",
    "Harz",
    "Taunus",
)
_TRADE = (
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
    "Stahlhandel",
    "Gebäudetechnik",
    "Antriebstechnik",
    "Werkzeugbau",
)
_FORM = ("GmbH", "GmbH & Co. KG", "KG", "AG", "e.K.", "OHG")
_FORM_P = (0.45, 0.2, 0.12, 0.08, 0.1, 0.05)
_REGIONS = {"Süd": 0.30, "West": 0.25, "Nord": 0.18, "Mitte": 0.15, "Ost": 0.12}
_REPS = {
    "Süd": ("A. Huber", "M. Maier", "S. Gruber"),
    "West": ("K. Schmitz", "J. Peters", "L. Becker"),
    "Nord": ("H. Jansen", "T. Hansen"),
    "Mitte": ("B. Vogel", "P. Roth"),
    "Ost": ("F. Lorenz", "C. Winkler"),
}
_ALL_REPS = tuple(r for reps in _REPS.values() for r in reps)


def _company_names(rng: np.random.Generator, n: int) -> list[str]:
    """Surname or landscape + trade + legal form; no name twice while the parts suffice."""
    combos = len(_PREFIX) * len(_TRADE) * len(_FORM)
    weights = np.tile(np.array(_FORM_P), len(_PREFIX) * len(_TRADE))
    picks = rng.choice(combos, n, replace=n > combos, p=weights / weights.sum())
    trade_form = len(_TRADE) * len(_FORM)
    return [
        f"{_PREFIX[k // trade_form]} {_TRADE[(k % trade_form) // len(_FORM)]} "
        f"{_FORM[k % len(_FORM)]}"
        for k in picks.tolist()
    ]


def _rating(rng: np.random.Generator, bias: FloatArray) -> FloatArray:
    """A 1–5 rating around 3, shifted by `bias` (larger customers tend to rate higher)."""
    return np.clip(np.round(3 + bias + rng.normal(0, 1, len(bias))), 1, 5)


def generate_portfolio(
    n: int = 500, seed: int = 2025, stichtag: dt.date = STICHTAG
) -> pd.DataFrame:
    """`n` customers with every input column (column keys), the same for the same seed.

    Revenue is log-normal (a fifth of the customers makes about three quarters of it); larger
    customers order and are visited more often, but some small ones order in tiny lots, so a
    few lose money after the cost to serve. About 6 % ordered first in the last 12 months, about
    4 % have not ordered for more than 12 months. Potential is mostly 1–6 times revenue, but
    some small customers have a large demand they meet elsewhere (growth customers) and some
    large ones buy nearly all they need from us, so every quadrant of the matrix fills. About
    1.5 % of each team-owned estimate or rating is missing.
    """
    rng = np.random.default_rng(seed)
    regions = rng.choice(list(_REGIONS), n, p=list(_REGIONS.values()))
    reps = [_REPS[r][int(rng.integers(len(_REPS[r])))] for r in regions]
    # a few customers are looked after by a rep from another region (history, a key account)
    for i in np.flatnonzero(rng.random(n) < 0.04).tolist():
        reps[i] = _ALL_REPS[int(rng.integers(len(_ALL_REPS)))]
    names = _company_names(rng, n)

    day = pd.Timestamp(stichtag)
    age_days = rng.integers(400, 15 * 365, n)
    new = rng.random(n) < 0.06
    age_days[new] = rng.integers(20, 360, int(new.sum()))
    first = day - pd.to_timedelta(age_days, unit="D")
    last_gap = np.minimum(rng.exponential(40, n).astype(int), age_days)
    dormant = (rng.random(n) < 0.04) & ~new
    last_gap[dormant] = np.minimum(rng.integers(380, 900, int(dormant.sum())), age_days[dormant])
    last = day - pd.to_timedelta(last_gap, unit="D")

    revenue = np.maximum(rng.lognormal(10.2, 1.6, n), 250.0)
    big = revenue > 2e6  # the very largest grow slower than the log-normal tail would say
    revenue[big] = 2e6 * (revenue[big] / 2e6) ** 0.4
    revenue[new] *= rng.uniform(0.15, 0.6, int(new.sum()))  # only part of a year so far
    revenue = np.round(np.maximum(revenue, 150.0), 2)
    size = np.log(revenue)
    drift = rng.normal(0.02, 0.18, n)
    drift[dormant] = rng.uniform(-1.6, -0.7, int(dormant.sum()))  # fading away
    previous = np.round(revenue / np.exp(drift), 2)
    margin = np.round(rng.uniform(0.15, 0.45, n), 3)
    # larger customers order more often, in larger lots (orders grow slower than revenue)
    orders = np.round(np.exp(3.0 + 0.7 * (size - 10.2)) * rng.uniform(0.5, 1.8, n))
    busy = rng.random(n) < 0.05  # small lots ordered very often, whatever the size
    orders[busy] += rng.integers(25, 90, int(busy.sum()))
    orders = np.maximum(orders, 1).astype(int)
    visits = np.round(np.exp(0.4 + 0.6 * (size - 10.2)) * rng.uniform(0.5, 1.5, n))
    courted = rng.random(n) < 0.03  # visited far more often than the business justifies
    visits[courted] += rng.integers(2, 8, int(courted.sum()))
    visits = visits.astype(int)
    service = np.round(rng.uniform(0, 150, n) + rng.uniform(0.001, 0.005, n) * revenue, 2)

    # Demand met elsewhere: mostly 0–5 times what the customer buys from us; some large
    # customers buy nearly everything from us; some small and mid-sized ones have a large
    # demand of their own (growth customers) that barely depends on today's revenue.
    gap = revenue * rng.lognormal(0.0, 0.9, n).clip(0.05, 5.0)
    saturated = (size > np.median(size)) & (rng.random(n) < 0.35)
    gap[saturated] = revenue[saturated] * rng.uniform(0.02, 0.3, int(saturated.sum()))
    growth = (size < np.quantile(size, 0.7)) & (rng.random(n) < 0.35)
    gap[growth] = rng.lognormal(11.3, 1.0, int(growth.sum()))
    gap = np.round(gap, 2)
    wallet = np.round(revenue + gap, 2)
    cross = np.round(gap * rng.uniform(0.05, 0.3, n), 2)
    up = np.round(gap * rng.uniform(0.02, 0.2, n), 2)
    repurchase = np.round(np.clip(rng.beta(6, 2, n), 0.3, 0.98), 2)
    churn = np.round(np.clip(rng.beta(2, 7, n) + 0.25 * dormant, 0.02, 0.6), 2)

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
            "image": _rating(rng, 0.2 * z),
            "multiplikator": _rating(rng, 0.1 * z),
            "referenz": _rating(rng, 0.1 * z - 0.2),
            "kooperation": _rating(rng, 0.3 * z),
        }
    )
    for col in INPUT_COLUMNS:
        if col.team_owned:  # estimates and ratings nobody has made yet
            frame.loc[rng.random(n) < 0.015, col.key] = np.nan
    return frame[[c.key for c in INPUT_COLUMNS]]


def _cell(v: object) -> object:
    """A frame value as an input cell: dates without a time of day, as an ERP writes them."""
    v = cell_value(v)
    return v.date() if isinstance(v, dt.datetime) else v


def _whole(v: object) -> object:
    """Counts and ratings as int cells (3, not 3.0)."""
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _cells(frame: pd.DataFrame) -> list[list[object]]:
    whole = [c in BY_KEY and BY_KEY[c].kind in ("count", "rating") for c in frame.columns]
    return [
        [_whole(_cell(v)) if w else _cell(v) for v, w in zip(row, whole, strict=True)]
        for row in frame.itertuples(index=False)
    ]


def to_input_rows(frame: pd.DataFrame, lang: Lang = "de") -> list[list[object]]:
    """Header row (the documented headers in `lang`) and one row per customer, ready to write
    into a sheet: missing values as None, dates as datetime.date, counts and ratings as int."""
    head: list[object] = [header(k, lang) for k in frame.columns]
    return [head, *_cells(frame)]


def german_number(value: float, decimals: int = 2) -> str:
    """A number as German text: 1234.5 → '1.234,50'."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def messy_export_rows(frame: pd.DataFrame, stichtag: dt.date = STICHTAG) -> list[list[object]]:
    """What an ERP export looks like: two title rows and a blank row above the header, header
    variants with years and units, some amounts and counts stored as German number text,
    margins as percentage text ('23,4 %'), and a totals row ('Summe') at the end.

    The values are those of `frame`; only their notation differs. Deterministic.
    """
    year = stichtag.year
    variants = {
        "kunden_nr": "Kd.-Nr.",
        "name": "Firma",
        "region": "Region",
        "betreuer": "Außendienst",
        "erstauftrag": "Kunde seit",
        "umsatz": f"Umsatz {year} (€)",
        "umsatz_vorjahr": f"Umsatz {year - 1} (€)",
        "deckungsbeitrag": "DB I (€)",
        "marge": "Marge %",
        "auftraege": "Anzahl Aufträge",
        "servicekosten": "Sonstige Kosten (€)",
        "abwanderung": "Abwanderungswahrscheinlichkeit",
    }
    columns = list(frame.columns)
    head: list[object] = [variants.get(k, header(k)) for k in columns]
    rows: list[list[object]] = [
        ["Kundenliste Vertrieb"],
        [f"Stand: {stichtag:%d.%m.%Y}"],
        [],
        head,
    ]
    at = {k: j for j, k in enumerate(columns)}
    for i, cells in enumerate(_cells(frame)):
        # every third amount and every fifth count came through a text column of the ERP
        for key, v in zip(columns, list(cells), strict=True):
            if key in ("umsatz", "umsatz_vorjahr", "deckungsbeitrag") and i % 3 == 0:
                if isinstance(v, float):
                    cells[at[key]] = german_number(v)
            elif key == "auftraege" and i % 5 == 1 and isinstance(v, int):
                cells[at[key]] = german_number(v, 0)
            elif key == "marge" and i % 4 == 0 and isinstance(v, float):
                cells[at[key]] = f"{round(v * 100, 1):g} %".replace(".", ",")
        rows.append(cells)
    total: list[object] = [None] * len(columns)
    total[at.get("name", min(1, len(columns) - 1))] = "Summe"
    for key in ("umsatz", "umsatz_vorjahr", "deckungsbeitrag", "auftraege", "besuche"):
        if key in at:
            total[at[key]] = round(float(frame[key].sum()), 2)
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


#: The sample log's channels, topics and outcomes in English, for an English demo (the
#: unsuccessful outcomes stay words the contact rules know, see method.contacts).
IN_ENGLISH = {
    "Besuch": "Visit",
    "Telefon": "Phone",
    "E-Mail": "Email",
    "Videocall": "Video call",
    "Messe": "Trade fair",
    "Jahresgespräch": "Annual review",
    "Neuheiten": "New products",
    "Cross-Selling": "Cross-selling",
    "Service-Vertrag": "Service contract",
    "Preisrunde": "Price round",
    "Reklamation": "Complaint",
    "Erstangebot": "First offer",
    "Angebot angefordert": "Quote requested",
    "Auftrag": "Order",
    "Info erhalten": "Information received",
    "kein Interesse": "no interest",
    "nicht erreicht": "not reached",
    "Termin vereinbart": "Meeting arranged",
}


def to_contact_rows(log: pd.DataFrame, lang: Lang = "de") -> list[list[object]]:
    """The contact log as sheet rows with its header, its words in `lang`."""
    if lang == "en":
        head: list[object] = ["Date", "Customer ID", "Channel", "Topic", "Outcome"]
        words = ("kanal", "thema", "ergebnis")
        log = log.assign(**{c: log[c].map(lambda v: IN_ENGLISH.get(v, v)) for c in words})
    else:
        head = ["Datum", "Kunden-Nr", "Kanal", "Thema", "Ergebnis"]
    return [head, *[list(r) for r in log.itertuples(index=False)]]


#: The factor columns synthetic() fills (15 columns of numbers per customer).
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
    """`n` random customers with the default model's input columns (column keys), fast enough
    for a million rows: for benchmarks and size tests."""
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
