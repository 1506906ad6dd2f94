"""Order lines → customer table: hand-computed cases and properties (hypothesis)."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kundenwert.errors import KundenwertError
from kundenwert.method.order_history import aggregate_orders

STICHTAG = dt.date(2025, 12, 31)


def _lines(rows: list[tuple[object, ...]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["kunden_nr", "datum", "betrag", "auftrag_nr", "name"])
    frame["excel_row"] = range(2, len(rows) + 2)
    return frame


HAND = _lines(
    [
        ("K1", dt.date(2024, 3, 10), 100.0, "A1", "Müller GmbH"),
        ("K1", dt.date(2024, 12, 31), 50.0, "A2", "Müller GmbH"),  # last day of the previous year
        ("K1", dt.date(2025, 1, 1), 200.0, "A3", "Müller GmbH"),  # first day of the current year
        ("K1", dt.date(2025, 1, 1), 30.0, "A4", "Müller GmbH"),  # second order, same day
        ("K1", dt.date(2025, 6, 15), -40.0, "G1", "Müller GmbH"),  # credit on its own day
        ("K1", dt.date(2025, 9, 1), 120.0, "A5", "Müller & Sohn GmbH"),  # renamed
        ("K1", dt.date(2025, 9, 1), -20.0, "G2", None),  # credit on a purchase day
        ("K1", dt.date(2026, 1, 5), 999.0, "A6", "Müller GmbH"),  # after the Stichtag
        ("K2", dt.date(2025, 11, 30), 80.0, "B1", "Müller GmbH"),  # same name, other customer
        ("K2", None, 10.0, "B2", "Müller GmbH"),  # no date
        (None, dt.date(2025, 5, 5), 10.0, "C1", "Ohne Nummer"),  # no customer
        ("K4", dt.date(2025, 5, 5), "abc", "D1", "Text statt Betrag"),  # no amount
        ("K5", dt.date(2024, 1, 2), 10.0, "E1", "Alt"),  # data reach back to the previous year
    ]
)


def _by_id(history_frame: pd.DataFrame) -> dict[str, dict[str, object]]:
    records: dict[str, dict[str, object]] = history_frame.set_index("kunden_nr").to_dict("index")
    return records


def test_hand_computed_customer_figures() -> None:
    h = aggregate_orders(HAND, STICHTAG, sheet="Zeilen")
    c = _by_id(h.customers)
    assert sorted(c) == ["K1", "K2", "K5"]
    k1 = c["K1"]
    # current year 2025: 200 + 30 − 40 + 120 − 20; previous year: 100 + 50 (31 Dec 2024 included)
    assert k1["umsatz"] == pytest.approx(290.0)
    assert k1["umsatz_vorjahr"] == pytest.approx(150.0)
    assert k1["umsatz_gesamt"] == pytest.approx(440.0)
    # orders: A3, A4, A5 in 2025 (credits are no orders); A1..A5 in all
    assert k1["auftraege"] == 3
    assert k1["auftraege_gesamt"] == 5
    # purchase days 2024-03-10, 2024-12-31, 2025-01-01, 2025-09-01 (credit-only day not one)
    assert k1["kauftage"] == 4
    assert k1["frequenz"] == 3
    assert k1["erstauftrag"] == pd.Timestamp(2024, 3, 10)
    assert k1["letzter_auftrag"] == pd.Timestamp(2025, 9, 1)
    assert k1["recency"] == pytest.approx(540 / 7)  # 2024-03-10 → 2025-09-01
    assert k1["alter"] == pytest.approx(661 / 7)  # 2024-03-10 → 2025-12-31
    # repeat days' net values: 50, 200 + 30, 120 − 20
    assert k1["bestellwert"] == pytest.approx(380 / 3)
    assert k1["name"] == "Müller & Sohn GmbH"  # the latest name given
    assert k1["zeilen"] == 7
    k2 = c["K2"]
    assert k2["name"] == "Müller GmbH"
    assert (k2["umsatz"], k2["umsatz_vorjahr"], k2["auftraege"]) == (80.0, 0.0, 1)
    assert (k2["frequenz"], k2["recency"]) == (0, 0)
    assert k2["alter"] == pytest.approx(31 / 7)
    assert np.isnan(k2["bestellwert"])  # type: ignore[call-overload]
    assert "deckungsbeitrag" not in h.customers  # the lines carry no contribution


def test_lines_without_date_customer_or_amount_are_reported_with_their_row() -> None:
    h = aggregate_orders(HAND, STICHTAG, sheet="Zeilen")
    skipped = {(p.row, p.column, p.value) for p in h.problems if p.action == "row_skipped"}
    assert skipped == {(11, "Datum", None), (12, "Kunden-Nr", None), (13, "Betrag", "abc")}
    assert all(p.sheet == "Zeilen" for p in h.problems)
    late = [p for p in h.problems if p.message == "msg.o.spaeter"]
    assert len(late) == 1 and late[0].value == 1  # the one line after the Stichtag
    assert h.lines_used == 9


def test_default_stichtag_is_the_day_after_the_latest_order() -> None:
    h = aggregate_orders(HAND)
    assert h.reference_date == dt.date(2026, 1, 6)
    assert not h.reference_date_given
    assert _by_id(h.customers)["K1"]["auftraege_gesamt"] == 6


def test_previous_year_left_empty_when_the_data_do_not_reach_back() -> None:
    h = aggregate_orders(HAND[HAND["kunden_nr"] != "K5"], STICHTAG)
    assert h.customers["umsatz_vorjahr"].isna().all()
    assert any(p.message == "msg.o.vorjahr_leer" for p in h.problems)


def test_contribution_from_line_margins_and_without_order_numbers() -> None:
    lines = pd.DataFrame(
        {
            "kunden_nr": [1001.0, 1001.0, 1001.0, 1002.0],  # ids as COM hands them
            "datum": pd.to_datetime(["2025-02-01", "2025-02-01", "2025-03-01", "2025-03-01"]),
            "betrag": [100.0, 50.0, -30.0, 10.0],
            "marge": [0.3, 0.2, 0.3, 0.5],
        }
    )
    h = aggregate_orders(lines, STICHTAG)
    c = _by_id(h.customers)
    assert sorted(c) == ["1001", "1002"]
    # 100·0.3 + 50·0.2 − 30·0.3 = 31 on revenue 120
    assert c["1001"]["deckungsbeitrag"] == pytest.approx(31.0)
    assert c["1001"]["marge_historie"] == pytest.approx(31 / 120)
    assert c["1001"]["auftraege"] == 1  # no order numbers: one order day (credit day is none)
    assert c["1002"]["deckungsbeitrag"] == pytest.approx(5.0)


def test_missing_required_column_is_refused() -> None:
    with pytest.raises(KundenwertError, match="betrag"):
        aggregate_orders(pd.DataFrame({"kunden_nr": ["1"], "datum": [dt.date(2025, 1, 1)]}))


line = st.tuples(
    st.sampled_from(["K1", "K2", "K3", "K4"]),
    st.integers(0, 900),  # days after 2023-06-01
    st.integers(-50, 300),
    st.one_of(st.none(), st.sampled_from(["A", "B", "C", "D", "E"])),
)


def _frame(items: list[tuple[str, int, int, str | None]]) -> pd.DataFrame:
    start = pd.Timestamp(2023, 6, 1)
    return pd.DataFrame(
        {
            "kunden_nr": [i[0] for i in items],
            "datum": [start + pd.Timedelta(days=i[1]) for i in items],
            "betrag": [float(i[2]) for i in items],
            "auftrag_nr": [None if i[3] is None else f"{i[0]}-{i[3]}" for i in items],
        }
    )


def _figures(frame: pd.DataFrame, stichtag: dt.date | None) -> pd.DataFrame:
    out = aggregate_orders(frame, stichtag).customers
    return out.drop(columns=["excel_row"]).set_index("kunden_nr").sort_index()


@settings(max_examples=60, deadline=None)
@given(st.lists(line, min_size=1, max_size=40), st.randoms(use_true_random=False))
def test_shuffling_lines_changes_nothing(
    items: list[tuple[str, int, int, str | None]], rnd: random.Random
) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)
    pd.testing.assert_frame_equal(_figures(_frame(items), None), _figures(_frame(shuffled), None))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(line, min_size=1, max_size=40),
    st.integers(0, 900),
    st.integers(0, 300),
    st.booleans(),
)
def test_a_new_one_order_customer_changes_no_other_customer(
    items: list[tuple[str, int, int, str | None]], day: int, amount: int, fixed: bool
) -> None:
    # The new order lies within the span the data cover: an earlier one would move the start
    # of the export (and with it whether the previous year is known), a later one the
    # default Stichtag. Both are facts about the whole export, not about one customer.
    days = [i[1] for i in items]
    day = max(day, min(days)) if fixed else min(max(day, min(days)), max(days))
    stichtag = dt.date(2026, 1, 1) if fixed else None
    before = _figures(_frame(items), stichtag)
    after = _figures(_frame([*items, ("NEU", day, amount, "X")]), stichtag)
    assert "NEU" in after.index
    pd.testing.assert_frame_equal(before, after.drop(index="NEU"))


def test_an_unconverged_purchase_model_is_shown_but_not_used() -> None:
    from kundenwert.method.config import Config
    from kundenwert.method.purchase_history import history_for_scoring

    # every customer buys every 7 days without fail: nobody drops out, b runs off to infinity
    rows = [
        (f"K{c}", pd.Timestamp(2024, 1, 1) + pd.Timedelta(days=7 * k), 100.0, None, None)
        for c in range(40)
        for k in range(60)
    ]
    h = history_for_scoring(_lines(rows), Config(stichtag=dt.date(2025, 2, 20)))
    assert h.bgnbd is not None and not h.bgnbd.converged
    assert any(w.key == "w.bgnbd.unbrauchbar" for w in h.warnings)
    assert (h.frame["quelle_clv"] == "formel").all()
    assert h.frame["clv_modell"].isna().all()


def test_categorical_ids_and_order_numbers_read_by_their_categories() -> None:
    """The CSV reader hands ids and order numbers over as codes; categories that read alike
    are one customer (or order), an unused category is no customer, a missing code no id."""
    cats = pd.Index(["K1", " K1", "K2", "K9"], dtype=object)
    ids = pd.Categorical.from_codes([0, 1, 2, -1, 0], categories=cats)
    orders = pd.Categorical.from_codes(
        [0, 1, 2, 2, 0], categories=pd.Index(["A1", "A1 ", "B1"], dtype=object)
    )
    lines = pd.DataFrame(
        {
            "kunden_nr": ids,
            "datum": [dt.date(2025, m, 1) for m in (3, 4, 5, 5, 6)],
            "betrag": [100.0, 50.0, 80.0, 10.0, 20.0],
            "auftrag_nr": orders,
            "excel_row": [2, 3, 4, 5, 6],
        }
    )
    h = aggregate_orders(lines, STICHTAG)
    c = _by_id(h.customers)
    assert sorted(c) == ["K1", "K2"]  # " K1" is K1; K9 has no line
    assert c["K1"]["umsatz"] == pytest.approx(170.0)  # rows 2, 3 and 6
    # "A1" and "A1 " are one order; row 6 repeats A1 on another day
    assert c["K1"]["auftraege"] == 1
    assert c["K1"]["kauftage"] == 3
    assert c["K2"]["umsatz"] == pytest.approx(80.0)
    skipped = [(p.row, p.column) for p in h.problems if p.action == "row_skipped"]
    assert skipped == [(5, "Kunden-Nr")]
