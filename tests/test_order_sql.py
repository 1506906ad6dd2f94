"""The SQL query, run by SQLite (an independent engine), gives the Python aggregation's table."""

from __future__ import annotations

import datetime as dt
import sqlite3

import numpy as np
import pandas as pd
import pytest

from kundenwert.book.labels import t
from kundenwert.errors import MessageError
from kundenwert.method.order_history import aggregate_orders, time_since_first
from kundenwert.method.order_sql import REASONS, left_out_sql, orders_sql

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
TEXTS = ("name", "region", "betreuer")
REASON_TEXT = {k: t(f"sql.grund.{k}", "de") for k in REASONS}


def _random_lines(
    seed: int, n: int = 600, contribution: bool = False, texts: bool = False
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = pd.Timestamp(2023, 1, 1)
    days = rng.integers(0, 1150, n)  # up to 2026-02-23: some lines after the Stichtag
    customers = rng.integers(0, 60, n)
    lines = pd.DataFrame(
        {
            "kunden_nr": [f"K{i:03d}" for i in customers],
            "datum": [start + pd.Timedelta(days=int(d)) for d in days],
            "betrag": np.round(rng.normal(120, 90, n), 2),  # about a tenth are credits
            "auftrag_nr": [
                None if rng.random() < 0.2 else f"A{v}" for v in rng.integers(0, 400, n)
            ],
        }
    )
    if contribution:
        beitrag = np.round(lines["betrag"].to_numpy() * rng.uniform(0.1, 0.4, n), 2)
        lines["deckungsbeitrag"] = np.where(rng.random(n) < 0.1, np.nan, beitrag)
    if texts:
        # a name that changes over time, the same for every line of one customer and day (so
        # that ties on a day never decide, see the tie test), blank on about a quarter of the
        # lines; betreuer blank for every line of some customers
        epoch = (days + customers * 37) // 300
        blank = rng.random(n)
        names = [f" Firma {c} v{e} " for c, e in zip(customers, epoch, strict=True)]
        lines["name"] = np.where(blank < 0.15, None, np.where(blank < 0.25, "  ", names))
        regions = [f"R{(c + e) % 4}" for c, e in zip(customers, epoch, strict=True)]
        lines["region"] = np.where(blank > 0.9, "", regions)
        lines["betreuer"] = np.where(customers % 5 == 0, None, [f"B{e % 3}" for e in epoch])
    return lines


def _dirty(lines: pd.DataFrame, seed: int) -> pd.DataFrame:
    """`lines` with some customers, dates and amounts missing or blank, and some order numbers
    blank or padded with spaces."""
    rng = np.random.default_rng(seed)
    out = lines.copy()
    n = len(out)
    pick = rng.random(n)
    out["kunden_nr"] = out["kunden_nr"].astype(object)
    out.loc[pick < 0.02, "kunden_nr"] = None
    out.loc[(pick >= 0.02) & (pick < 0.04), "kunden_nr"] = "   "
    out.loc[(pick >= 0.03) & (pick < 0.06), "datum"] = pd.NaT  # some without customer too
    out.loc[(pick >= 0.06) & (pick < 0.08), "betrag"] = np.nan
    out["auftrag_nr"] = out["auftrag_nr"].astype(object)
    numbers = rng.random(n)
    out.loc[numbers < 0.05, "auftrag_nr"] = "  "
    padded = (numbers > 0.95) & out["auftrag_nr"].notna()
    out.loc[padded, "auftrag_nr"] = " " + out.loc[padded, "auftrag_nr"].astype(str) + " "
    return out


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


def _text_values(values: pd.Series) -> list[object]:
    """Texts with every kind of missing (None, NaN) as None."""
    return [None if v is None or (isinstance(v, float) and np.isnan(v)) else v for v in values]


@pytest.mark.parametrize("seed", [11, 12])
def test_latest_texts_and_dirty_lines_agree_with_python(seed: int) -> None:
    lines = _dirty(_random_lines(seed, texts=True), seed)
    python = aggregate_orders(lines, STICHTAG).customers.set_index("kunden_nr")
    sql = _run(lines, orders_sql(STICHTAG, texts=TEXTS)).set_index("kunden_nr")
    assert list(sql.index) == list(python.index)
    assert list(sql.columns[:3]) == list(TEXTS)  # where the customer table has them
    for c in TEXTS:
        assert _text_values(sql[c]) == _text_values(python[c]), c
    # the data are varied enough for the comparison to mean something
    assert sql["name"].nunique() > 40 and sql["betreuer"].isna().sum() >= 5
    for c in ("umsatz", "auftraege", "auftraege_gesamt", "kauftage", "zeilen"):
        np.testing.assert_allclose(sql[c].to_numpy(float), python[c].to_numpy(float), rtol=1e-9)


def test_texts_are_optional_and_unknown_ones_refused() -> None:
    only_region = orders_sql(STICHTAG, texts=["region"])
    assert "region" in only_region and "name" not in only_region
    assert "ROW_NUMBER" not in orders_sql(STICHTAG)
    with pytest.raises(ValueError, match="kundenname"):
        orders_sql(STICHTAG, texts=["kundenname"])


def _line(
    kunde: object, day: str | None, betrag: float | None, name: object = None, region: object = None
) -> dict[str, object]:
    return {
        "kunden_nr": kunde,
        "datum": pd.NaT if day is None else pd.Timestamp(day),
        "betrag": np.nan if betrag is None else betrag,
        "auftrag_nr": None,
        "name": name,
        "region": region,
    }


def test_latest_name_by_hand_blanks_ties_and_later_lines() -> None:
    lines = pd.DataFrame(
        [
            # K1: renamed in June; the September credit has no name, the region is blank
            # after January; the line after the Stichtag does not count
            _line("K1", "2025-01-10", 100.0, "Alt GmbH", "Nord"),
            _line("K1", "2025-06-01", 50.0, "Neu GmbH", "  "),
            _line("K1", "2025-09-01", -20.0, None, None),
            _line("K1", "2026-02-01", 70.0, "Zukunft AG", "Süd"),
            # K2: two names on its latest day, "Beta" first in the file
            _line("K2", "2025-03-01", 10.0, "Beta", "West"),
            _line("K2", "2025-03-01", 10.0, "Alpha", "Ost"),
            # K3: the same two names in the other file order
            _line("K3", "2025-03-01", 10.0, "Alpha", "Ost"),
            _line("K3", "2025-03-01", 10.0, "Beta", "West"),
            # K4: a blank name on the latest day beside a real one; spaces around the name
            _line("K4", "2025-04-01", 10.0, "  Gamma KG ", None),
            _line("K4", "2025-04-01", 10.0, "", None),
            # K5: never a name
            _line("K5", "2025-05-01", 10.0, "   ", None),
            _line("K5", "2025-05-02", 10.0, None, None),
        ]
    )
    sql = _run(lines, orders_sql(STICHTAG, texts=["name", "region"])).set_index("kunden_nr")
    python = aggregate_orders(lines, STICHTAG).customers.set_index("kunden_nr")
    expected_both = {"K1": ("Neu GmbH", "Nord"), "K3": ("Beta", "West"), "K4": ("Gamma KG", None)}
    expected_both["K5"] = (None, None)
    for kunde, (name, region) in expected_both.items():
        assert _text_values(sql.loc[[kunde], "name"]) == [name], kunde
        assert _text_values(sql.loc[[kunde], "region"]) == [region], kunde
        assert _text_values(python.loc[[kunde], "name"]) == [name], kunde
        assert _text_values(python.loc[[kunde], "region"]) == [region], kunde
    # the documented difference: on a tie Python keeps the last line of the file, the query
    # (a table has no order) the greatest text, whatever the order the rows were stored in
    assert (python.loc["K2", "name"], python.loc["K2", "region"]) == ("Alpha", "Ost")
    assert (sql.loc["K2", "name"], sql.loc["K2", "region"]) == ("Beta", "West")


def _stored(lines: pd.DataFrame, columns: list[str]) -> list[tuple[object, ...]]:
    """The lines as SQLite returns them (ISO date text, missing values as None), sorted."""
    out = lines[columns].assign(datum=lines["datum"].dt.strftime("%Y-%m-%d"))
    rows = [tuple(_text_values(pd.Series(r, dtype=object))) for r in out.to_numpy(dtype=object)]
    return sorted(rows, key=repr)


def _left_out(lines: pd.DataFrame, sql: str) -> dict[str, list[tuple[object, ...]]]:
    """The check query's rows by reason key, each without its reason, sorted."""
    out = _run(lines, sql)
    by_text = {v: k for k, v in REASON_TEXT.items()}
    by_text[REASON_TEXT["stichtag"].format(day=STICHTAG.isoformat())] = "stichtag"
    found: dict[str, list[tuple[object, ...]]] = {k: [] for k in REASONS}
    for row in out.to_numpy(dtype=object):
        *line, reason = _text_values(pd.Series(row, dtype=object))
        found[by_text[str(reason)]].append(tuple(line))
    return {k: sorted(v, key=repr) for k, v in found.items()}


def test_check_query_lists_exactly_the_lines_python_reports_by_hand() -> None:
    lines = pd.DataFrame(
        [
            _line("K1", "2025-01-10", 100.0, "Alt GmbH"),  # used
            _line(None, "2025-02-01", 10.0, "ohne Kunde"),
            _line("  ", "2025-02-02", 11.0, "leere Kunde"),
            _line(None, None, 12.0, "weder Kunde noch Datum"),  # the customer is checked first
            _line("K1", None, 13.0, "ohne Datum"),
            _line("K2", None, None, "weder Datum noch Betrag"),  # the date is checked first
            _line("K1", "2025-03-01", None, "ohne Betrag"),
            _line("K1", "2025-12-31", 14.0, "am Stichtag"),  # used: the Stichtag counts
            _line("K2", "2026-01-01", 15.0, "nach Stichtag"),
            _line("K3", "2026-03-01", None, "nach Stichtag ohne Betrag"),
        ]
    ).assign(excel_row=range(2, 12))
    columns = ["kunden_nr", "datum", "betrag", "auftrag_nr", "name"]
    found = _left_out(lines, left_out_sql(STICHTAG, REASON_TEXT, texts=["name"]))
    by_name = {k: [r[-1] for r in v] for k, v in found.items()}
    assert {k: sorted(v) for k, v in by_name.items()} == {
        "kunde": ["leere Kunde", "ohne Kunde", "weder Kunde noch Datum"],
        "datum": ["ohne Datum", "weder Datum noch Betrag"],
        "betrag": ["nach Stichtag ohne Betrag", "ohne Betrag"],
        "stichtag": ["nach Stichtag"],
    }
    # the same lines, in the same columns, are the problems the Python aggregation reports
    history = aggregate_orders(lines, STICHTAG)
    reason_of = {"Kunden-Nr": "kunde", "Datum": "datum", "Betrag": "betrag"}
    by_row = lines.set_index("excel_row")
    for key in ("kunde", "datum", "betrag"):
        rows = [
            p.row
            for p in history.problems
            if p.row is not None and reason_of[p.column or ""] == key
        ]
        assert found[key] == _stored(by_row.loc[rows].reset_index(), columns), key
    (late,) = [p for p in history.problems if p.message == "msg.o.spaeter"]
    assert late.value == len(found["stichtag"]) == 1
    # and what the main query counts is the rest
    counted = _run(lines, orders_sql(STICHTAG))
    assert counted["zeilen"].tolist() == [2]  # K1's two lines
    assert history.lines_used == 2


@pytest.mark.parametrize("seed", [21, 22])
def test_every_line_is_counted_or_listed_once_as_python_sees_it(seed: int) -> None:
    lines = _dirty(_random_lines(seed, contribution=True, texts=True), seed)
    lines = lines.assign(excel_row=np.arange(2, len(lines) + 2))
    counted = _run(lines, orders_sql(STICHTAG, contribution=True, texts=TEXTS))
    found = _left_out(lines, left_out_sql(STICHTAG, REASON_TEXT, contribution=True, texts=TEXTS))
    listed = sum(len(v) for v in found.values())
    assert counted["zeilen"].sum() + listed == len(lines)
    assert all(found[k] for k in REASONS)  # every reason occurs in these lines
    # the reasons by hand: customer, then date, then amount, then the Stichtag
    ids = lines["kunden_nr"].map(lambda v: None if v is None else (v.strip() or None))
    no_id = ids.isna()
    no_date = ~no_id & lines["datum"].isna()
    no_amount = ~no_id & ~no_date & lines["betrag"].isna()
    late = ~no_id & ~no_date & ~no_amount & (lines["datum"] > pd.Timestamp(STICHTAG))
    columns = ["kunden_nr", "datum", "betrag", "auftrag_nr", "deckungsbeitrag", *TEXTS]
    for key, mask in (("kunde", no_id), ("datum", no_date), ("betrag", no_amount)):
        assert found[key] == _stored(lines[mask], columns), key
    assert found["stichtag"] == _stored(lines[late], columns)
    # Python reports the same rows for the first three reasons and the count of the fourth
    history = aggregate_orders(lines, STICHTAG)
    reported = {p.row for p in history.problems if p.action == "row_skipped" and p.row is not None}
    assert reported == set(lines.loc[no_id | no_date | no_amount, "excel_row"])
    (note,) = [p for p in history.problems if p.message == "msg.o.spaeter"]
    assert note.value == int(late.sum()) == len(found["stichtag"])
    assert history.lines_used == counted["zeilen"].sum()


def test_check_query_quotes_its_texts_and_checks_the_table_name() -> None:
    reasons = {**REASON_TEXT, "kunde": "customer's number missing"}
    lines = pd.DataFrame([_line(None, "2025-01-01", 1.0), _line("K1", "2025-01-01", 1.0)])
    out = _run(lines, left_out_sql(STICHTAG, reasons))
    assert out["grund"].tolist() == ["customer's number missing"]
    english = {k: t(f"sql.grund.{k}", "en") for k in REASONS}
    late = pd.DataFrame([_line("K1", "2026-01-05", 1.0)])
    assert _run(late, left_out_sql(STICHTAG, english))["grund"].tolist() == [
        "after the reference date 2025-12-31"
    ]
    assert "FROM dwh.lines" in left_out_sql(STICHTAG, REASON_TEXT, table="dwh.lines")
    with pytest.raises(MessageError):
        left_out_sql(STICHTAG, REASON_TEXT, table="lines --")
