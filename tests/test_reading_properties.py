"""Properties of reading real exports (hypothesis): totals and blank rows change nothing, and
a customer losing data is never promoted by the factors that happen to remain."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kundenwert.cells.customer_table import read_customer_table
from kundenwert.method.config import Config
from kundenwert.method.portfolio import score_portfolio

HEADER = ["Kunden-Nr", "Name", "Umsatz", "Deckungsbeitrag", "Potenzial", "Image", "Kooperation"]
RESULT = ["ist_score", "potenzial_score", "segment", "abc", "phase", "db_nach_kosten", "clv"]
money = st.integers(min_value=0, max_value=1_000_000)
rating = st.one_of(st.none(), st.integers(min_value=1, max_value=5))


@st.composite
def portfolios(draw: st.DrawFn) -> list[list[object]]:
    n = draw(st.integers(min_value=3, max_value=12))
    rows: list[list[object]] = []
    for i in range(n):
        revenue = draw(money)
        rows.append(
            [
                f"K{i}",
                f"Firma {i}",
                revenue,
                draw(st.one_of(st.none(), st.integers(-50_000, revenue))),
                draw(st.one_of(st.none(), money)),
                draw(rating),
                draw(rating),
            ]
        )
    return rows


def _results(rows: list[list[object]]) -> pd.DataFrame:
    read = read_customer_table([HEADER, *rows], "Kunden")
    scored = score_portfolio(read.frame, Config(stichtag=None)).scored
    return scored.set_index("kunden_nr")[RESULT].sort_index()


def _totals_row(rows: list[list[object]], kind: str) -> list[object]:
    """A totals row for the customers above it: labelled (figures anything), or the plain sum
    of the figures with neither id nor name."""
    if kind == "blank":
        return [None] * len(HEADER)
    sums = [sum(float(r[j] or 0) for r in rows) for j in (2, 3, 4)]
    if kind == "labelled":  # an id-like cell: only the label tells it from a customer
        return ["99999", "Summe", *sums, None, None]
    if kind == "label_in_id":
        return ["Zwischensumme Nord", None, *sums, None, None]
    # only the figures tell it: they must add up over at least two rows, two of them non-zero
    recognisable = len(rows) >= 2 and sum(1 for v in sums if v) >= 2
    return ["ALLE" if recognisable else "", None, *sums, None, None]


@settings(max_examples=60, deadline=None)
@given(
    portfolios(),
    st.data(),
    st.sampled_from(["blank", "labelled", "label_in_id", "sum"]),
)
def test_a_totals_or_blank_row_anywhere_changes_no_customer(
    rows: list[list[object]], data: st.DataObject, kind: str
) -> None:
    at = data.draw(st.integers(min_value=0, max_value=len(rows)), label="position")
    before = _results(rows)
    extended = [*rows[:at], _totals_row(rows[:at], kind), *rows[at:]]
    after = _results(extended)
    pd.testing.assert_frame_equal(before, after)


FACTOR_COLUMNS = {"Umsatz": 2, "Deckungsbeitrag": 3, "Potenzial": 4, "Image": 5, "Kooperation": 6}
SCORE_OF = {
    "Umsatz": "ist",
    "Deckungsbeitrag": "ist",
    "Kooperation": "ist",
    "Potenzial": "potenzial",
    "Image": "potenzial",
}


@settings(max_examples=60, deadline=None)
@given(portfolios(), st.data(), st.sampled_from(sorted(FACTOR_COLUMNS)))
def test_losing_data_below_the_minimum_never_gives_a_segment(
    rows: list[list[object]], data: st.DataObject, column: str
) -> None:
    """A factor turned unreadable ("k. A.") is reported and left out; when the customer's
    factors present then carry less than the minimum share of that score's weight, its score
    and segment stay empty — it is never promoted by what happens to remain."""
    who = data.draw(st.integers(min_value=0, max_value=len(rows) - 1), label="customer")
    damaged = [list(r) for r in rows]
    damaged[who][FACTOR_COLUMNS[column]] = "k. A."
    read = read_customer_table([HEADER, *damaged], "Kunden")
    assert any(p.row == who + 2 and p.column == column for p in read.problems)
    result = score_portfolio(read.frame, Config()).scored.set_index("kunden_nr")
    row = result.loc[f"K{who}"]
    # a customer without a segment before gets none by losing more data
    before = _results(rows).loc[f"K{who}", "segment"]
    if pd.isna(before):
        assert pd.isna(row["segment"])
    score = SCORE_OF[column]
    coverage = row[f"abdeckung_{score}"]
    if coverage < 0.5:
        assert math.isnan(row[f"{score}_score"]) and pd.isna(row["segment"])
    else:
        assert not math.isnan(row[f"{score}_score"])
    # the weight present, by hand from the default model: Umsatz 30, DB and CLV 30 + 15 (both
    # need a contribution), Kooperation 15 of the Ist score's 100; Potenzial (as untapped
    # potential, which needs the revenue too) 35 and Image 5 of the Potenzial score's 100.
    # Coverage counts against the factors at least one customer has (the run's model).
    table = [dict(zip(HEADER, r, strict=True)) for r in damaged]
    cells = table[who]

    def known(name: str, c: dict[str, object] = cells) -> bool:
        return isinstance(c[name], int)

    def carried(name: str) -> bool:
        return any(known(name, c) for c in table)

    if score == "ist":
        present = 30 * known("Umsatz") + 45 * known("Deckungsbeitrag") + 15 * known("Kooperation")
        model = (
            30 * carried("Umsatz") + 45 * carried("Deckungsbeitrag") + 15 * carried("Kooperation")
        )
    else:
        untapped = [known("Potenzial", c) and known("Umsatz", c) for c in table]
        present = 35 * untapped[who] + 5 * known("Image")
        model = 35 * any(untapped) + 5 * carried("Image")
    expected = present / model if model else 0.0
    assert coverage == pytest.approx(expected)
