"""The sample portfolio has the shape the demo and the other tests rely on.

Every property is computed here by hand with pandas, independently of the scoring core.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd
import pytest

from kundenwert.cells.columns import INPUT_COLUMNS, header
from kundenwert.workbook.sample import generate_portfolio, messy_export_rows, to_input_rows

DAY = pd.Timestamp(2025, 12, 31)
YEAR_AGO = DAY - pd.DateOffset(months=12)
KEYS = [c.key for c in INPUT_COLUMNS]
TEAM_OWNED = [c.key for c in INPUT_COLUMNS if c.team_owned]
RATINGS = [c.key for c in INPUT_COLUMNS if c.kind == "rating"]


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return generate_portfolio()


def _after_cost(f: pd.DataFrame) -> pd.Series:
    """Contribution after cost to serve at 60 € per order and 250 € per visit."""
    return f["deckungsbeitrag"] - 60.0 * f["auftraege"] - 250.0 * f["besuche"] - f["servicekosten"]


def _top_fifth_share(revenue: pd.Series) -> float:
    ordered = revenue.sort_values(ascending=False)
    return float(ordered.iloc[: math.ceil(0.2 * len(ordered))].sum() / ordered.sum())


def test_same_seed_same_portfolio_other_seed_other_portfolio() -> None:
    a, b = generate_portfolio(200, seed=7), generate_portfolio(200, seed=7)
    pd.testing.assert_frame_equal(a, b)
    c = generate_portfolio(200, seed=8)
    assert not a["umsatz"].equals(c["umsatz"])
    assert (a["name"] != c["name"]).mean() > 0.9


def test_columns_ids_and_names(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == KEYS
    assert len(frame) == 500
    assert frame["kunden_nr"].is_unique
    assert all(re.fullmatch(r"K\d{5}", k) for k in frame["kunden_nr"])
    assert frame["name"].nunique() >= 0.95 * len(frame)
    forms = ("GmbH", "KG", "AG", "e.K.", "OHG")
    assert all(n.endswith(forms) and len(n.split()) >= 3 for n in frame["name"])


def test_regions_uneven_and_reps_mostly_in_one_region(frame: pd.DataFrame) -> None:
    sizes = frame["region"].value_counts()
    assert set(sizes.index) == {"Nord", "Süd", "West", "Ost", "Mitte"}
    assert sizes.max() >= 1.5 * sizes.min()
    assert 10 <= frame["betreuer"].nunique() <= 14
    home_share = frame.groupby("betreuer")["region"].agg(
        lambda r: r.value_counts(normalize=True).iloc[0]
    )
    assert (home_share >= 0.8).all()


def test_revenue_is_concentrated_and_spans_hundreds_to_millions(frame: pd.DataFrame) -> None:
    assert 0.65 <= _top_fifth_share(frame["umsatz"]) <= 0.9
    assert 100 <= frame["umsatz"].min() < 1_000
    assert 1_000_000 <= frame["umsatz"].max() < 10_000_000
    for seed in (1, 2, 3):
        assert 0.65 <= _top_fifth_share(generate_portfolio(500, seed=seed)["umsatz"]) <= 0.9


def test_some_customers_lose_money_after_cost_to_serve(frame: pd.DataFrame) -> None:
    negative = _after_cost(frame) < 0
    assert 0.03 <= negative.mean() <= 0.08
    # not only the tiniest customers: some ordering very often make a loss too
    assert (frame.loc[negative, "auftraege"] >= 25).any()
    for seed in (1, 2, 3):
        assert 0.02 <= (_after_cost(generate_portfolio(500, seed=seed)) < 0).mean() <= 0.1


def test_new_and_dormant_customers(frame: pd.DataFrame) -> None:
    new = frame["erstauftrag"] > YEAR_AGO
    dormant = frame["letzter_auftrag"] < YEAR_AGO
    assert 0.03 <= new.mean() <= 0.1
    assert 0.02 <= dormant.mean() <= 0.07
    assert frame.loc[new, "umsatz_vorjahr"].isna().all()
    assert frame.loc[~new, "umsatz_vorjahr"].notna().all()
    assert (frame["erstauftrag"] <= frame["letzter_auftrag"]).all()
    assert frame["letzter_auftrag"].max() <= DAY
    assert frame["erstauftrag"].min() >= DAY - pd.DateOffset(years=15)
    # most customers ordered recently
    assert (frame["letzter_auftrag"] > DAY - pd.DateOffset(months=3)).mean() > 0.75


def test_revenue_drifts_both_ways(frame: pd.DataFrame) -> None:
    change = (frame["umsatz"] / frame["umsatz_vorjahr"]).dropna()
    assert (change > 1.1).mean() > 0.15
    assert (change < 0.9).mean() > 0.15
    assert (
        np.corrcoef(
            np.log(frame["umsatz"][change.index]), np.log(frame["umsatz_vorjahr"][change.index])
        )[0, 1]
        > 0.9
    )


def test_margins_counts_and_costs(frame: pd.DataFrame) -> None:
    assert frame["marge"].between(0.15, 0.45).all()
    np.testing.assert_allclose(
        frame["deckungsbeitrag"], frame["umsatz"] * frame["marge"], rtol=1e-9, atol=0.01
    )
    assert (frame["auftraege"] >= 1).all() and (frame["besuche"] >= 0).all()
    size_rank = frame["umsatz"].rank()
    assert np.corrcoef(size_rank, frame["auftraege"].rank())[0, 1] > 0.5
    assert np.corrcoef(size_rank, frame["besuche"].rank())[0, 1] > 0.5
    assert (frame["servicekosten"] >= 0).all()
    assert (frame["servicekosten"] < 0.05 * frame["deckungsbeitrag"] + 200).all()


def test_potential_and_estimates(frame: pd.DataFrame) -> None:
    known = frame.dropna(subset=["potenzial"])
    ratio = known["potenzial"] / known["umsatz"]
    assert (ratio >= 1).mean() >= 0.9
    assert ratio.between(1, 6).mean() >= 0.6
    for key in ("cross_selling", "up_selling"):
        assert (frame[key].dropna() >= 0).all()
    assert frame["wiederkaufrate"].dropna().between(0.3, 0.98).all()
    assert frame["abwanderung"].dropna().between(0.02, 0.6).all()
    for key in RATINGS:
        values = frame[key].dropna()
        assert set(values.unique()) <= {1.0, 2.0, 3.0, 4.0, 5.0}
        assert values.nunique() == 5


def test_all_four_quadrants_of_value_and_potential_are_populated(frame: pd.DataFrame) -> None:
    known = frame.dropna(subset=["potenzial"])
    value_high = known["umsatz"] > known["umsatz"].median()
    untapped = known["potenzial"] - known["umsatz"]
    potential_high = untapped > untapped.median()
    shares = pd.crosstab(value_high, potential_high, normalize=True)
    assert shares.shape == (2, 2)
    assert (shares.to_numpy() >= 0.12).all(), shares
    # growth customers: small today, with more untapped potential than most large customers
    small = known["umsatz"] < known["umsatz"].quantile(0.3)
    assert (untapped[small] > untapped.quantile(0.75)).sum() >= 10


def test_team_owned_columns_have_a_few_gaps_erp_columns_none(frame: pd.DataFrame) -> None:
    missing = frame.isna().mean()
    assert (missing[TEAM_OWNED] <= 0.05).all()
    assert (missing[TEAM_OWNED] > 0).sum() >= len(TEAM_OWNED) - 2
    assert 0.005 <= missing[TEAM_OWNED].mean() <= 0.03
    erp = [k for k in KEYS if k not in TEAM_OWNED and k != "umsatz_vorjahr"]
    assert (missing[erp] == 0).all()


def test_input_rows_are_plain_cell_values(frame: pd.DataFrame) -> None:
    rows = to_input_rows(frame)
    assert rows[0] == [header(k, "de") for k in KEYS]
    assert to_input_rows(frame.head(2), "en")[0] == [header(k, "en") for k in KEYS]
    assert len(rows) == len(frame) + 1 and all(len(r) == len(KEYS) for r in rows)
    cells = [v for r in rows[1:] for v in r]
    assert not any(isinstance(v, float) and math.isnan(v) for v in cells)
    assert not any(isinstance(v, pd.Timestamp | np.generic) for v in cells)
    assert None in cells
    first = dict(zip(KEYS, rows[1], strict=True))
    assert type(first["erstauftrag"]) is dt.date
    assert first["erstauftrag"] == frame["erstauftrag"].dt.date.iloc[0]
    assert first["kunden_nr"] == "K10001" and first["umsatz"] == frame.loc[0, "umsatz"]
    assert isinstance(first["auftraege"], int)


def _german(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def test_messy_export_looks_like_an_erp_list() -> None:
    frame = generate_portfolio(60, seed=3)
    rows = messy_export_rows(frame)
    assert rows == messy_export_rows(frame)
    assert rows[0] == ["Kundenliste Vertrieb"] and rows[1] == ["Stand: 31.12.2025"]
    assert rows[2] == []
    head = rows[3]
    for expected in ("Kd.-Nr.", "Firma", "Region", "Außendienst", "Umsatz 2025 (€)"):
        assert expected in head
    assert {"Umsatz 2024 (€)", "Marge %"} <= set(head)
    body, total = rows[4:-1], rows[-1]
    assert len(body) == len(frame)
    at = {h: j for j, h in enumerate(head)}

    revenue = [r[at["Umsatz 2025 (€)"]] for r in body]
    as_text = [v for v in revenue if isinstance(v, str)]
    assert as_text and any("." in v and "," in v for v in as_text)
    parsed = [_german(v) if isinstance(v, str) else v for v in revenue]
    np.testing.assert_allclose(np.array(parsed, float), frame["umsatz"], atol=0.006)

    margins = [r[at["Marge %"]] for r in body]
    percent = [v for v in margins if isinstance(v, str)]
    assert percent and all(re.fullmatch(r"\d+(,\d)? %", v) for v in percent)
    parsed_margin = [_german(v.rstrip(" %")) / 100 if isinstance(v, str) else v for v in margins]
    np.testing.assert_allclose(np.array(parsed_margin, float), frame["marge"], atol=0.0006)

    assert "Summe" in total and total[at["Kd.-Nr."]] is None
    assert total[at["Umsatz 2025 (€)"]] == pytest.approx(frame["umsatz"].sum())
