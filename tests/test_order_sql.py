"""The SQL query, run by SQLite (an independent engine), gives the Python aggregation's table."""

from __future__ import annotations

import datetime as dt
import sqlite3

import numpy as np
import pandas as pd
import pytest

from kundenwert.errors import MessageError
from kundenwert.method.order_history import aggregate_orders, time_since_first
from kundenwert.method.order_sql import orders_sql

STICHTAG = dt.date(2025, 12, 31)
COMPARED = [
    "erstauftrag",
    "letzter_auftrag",
    "umsatz",
    "umsatz_vorjahr",
    "auftraege",
    "auftraege_gesamt",
    "umsatz_gesamt",
    "kauftage",
    "bestellwert",
    "zeilen",
]


def _random_lines(seed: int, n: int = 600, contribution: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = pd.Timestamp(2023, 1, 1)
    lines = pd.DataFrame(
        {
            "kunden_nr": [f"K{i:03d}" for i in rng.integers(0, 60, n)],
            "datum": [start + pd.Timedelta(days=int(d)) for d in rng.integers(0, 1150, n)],
            "betrag": np.round(rng.normal(120, 90, n), 2),  # about a tenth are credits
            "auftrag_nr": [
                None if rng.random() < 0.2 else f"A{v}" for v in rng.integers(0, 400, n)
            ],
        }
    )
    if contribution:
        beitrag = np.round(lines["betrag"].to_numpy() * rng.uniform(0.1, 0.4, n), 2)
        lines["deckungsbeitrag"] = np.where(rng.random(n) < 0.1, np.nan, beitrag)
    return lines


def _run(lines: pd.DataFrame, sql: str) -> pd.DataFrame:
    con = sqlite3.connect(":memory:")
    stored = lines.assign(datum=lines["datum"].dt.strftime("%Y-%m-%d"))
    stored.to_sql("auftragszeilen", con, index=False)
    out = pd.read_sql_query(sql, con)
    con.close()
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sqlite_runs_the_query_and_agrees_with_python(seed: int) -> None:
    lines = _random_lines(seed)
    python = aggregate_orders(lines, STICHTAG).customers.set_index("kunden_nr")
    sql = _run(lines, orders_sql(STICHTAG)).set_index("kunden_nr")
    assert list(sql.index) == list(python.index)
    for c in ("erstauftrag", "letzter_auftrag"):
        sql[c] = pd.to_datetime(sql[c])
    pd.testing.assert_frame_equal(
        sql[COMPARED].astype(float, errors="ignore"),
        python[COMPARED].astype(float, errors="ignore"),
        check_dtype=False,
        rtol=1e-9,
    )
    # the model's inputs follow from the SQL result's dates
    derived = time_since_first(
        sql["erstauftrag"], sql["letzter_auftrag"], sql["kauftage"], STICHTAG
    )
    for c in ("frequenz", "recency", "alter"):
        np.testing.assert_allclose(derived[c].to_numpy(), python[c].to_numpy())


def test_contribution_and_lines_without_order_numbers() -> None:
    lines = _random_lines(7, contribution=True).drop(columns=["auftrag_nr"])
    python = aggregate_orders(lines, STICHTAG).customers.set_index("kunden_nr")
    sql = _run(lines, orders_sql(STICHTAG, order_number=False, contribution=True))
    sql = sql.set_index("kunden_nr")
    for c in ("auftraege", "auftraege_gesamt", "deckungsbeitrag", "marge_historie"):
        np.testing.assert_allclose(sql[c].to_numpy(float), python[c].to_numpy(float), rtol=1e-9)


def test_previous_year_unknown_when_the_lines_start_later() -> None:
    lines = _random_lines(4)
    lines = lines[lines["datum"] >= pd.Timestamp(2024, 6, 1)]
    sql = _run(lines, orders_sql(STICHTAG))
    assert sql["umsatz_vorjahr"].isna().all()
    assert aggregate_orders(lines, STICHTAG).customers["umsatz_vorjahr"].isna().all()


def test_table_name_must_be_a_plain_identifier() -> None:
    assert "FROM dwh.order_lines" in orders_sql(STICHTAG, table="dwh.order_lines")
    with pytest.raises(MessageError) as info:
        orders_sql(STICHTAG, table="x; DROP TABLE y")
    assert (info.value.message, info.value.args_) == ("err.sql_name", {"name": "x; DROP TABLE y"})
