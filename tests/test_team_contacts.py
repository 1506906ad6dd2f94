"""Team workbooks give every customer the master's class, the contact rule included: an O
customer with `Config.o_to_c_after` unsuccessful contacts (logged up to the Stichtag) is C in
`kundenwert score`, and so in its team's workbook as LibreOffice recalculates it. The contacts
known at split time travel with the team workbook as a per-customer count."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kundenwert.book.config_sheet import config_layout
from kundenwert.cells.customer_table import read_contacts, read_customer_table
from kundenwert.method.config import Config
from kundenwert.method.portfolio import score_portfolio
from kundenwert.teams.workflow import split
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from tests import libreoffice as lo
from tests.conftest import needs_libreoffice, write_xlsx

pytestmark = [pytest.mark.libreoffice, needs_libreoffice]
DAY = dt.date(2025, 12, 31)
NAMES = {"Kunden-Nr": "kunden_nr", "ABC": "abc", "Segment": "segment"}


def _portfolio() -> pd.DataFrame:
    """40 demo customers; four of them new (first order within the 12 months before DAY, an
    order since), so not yet classified (O) without contacts."""
    frame = generate_portfolio(40, seed=5).set_index("kunden_nr", drop=False)
    for cid, first in (
        ("K10004", "2025-03-01"),  # Süd
        ("K10011", "2025-08-01"),  # Nord
        ("K10019", "2025-12-05"),  # Nord
        ("K10020", "2025-06-09"),  # Süd
    ):
        frame.loc[cid, "erstauftrag"] = pd.Timestamp(first)
        frame.loc[cid, "letzter_auftrag"] = pd.Timestamp("2025-12-10")
    return frame.reset_index(drop=True)


def _contacts() -> list[list[object]]:
    """The contact log, as the demo's `Kontakte` sheet holds it."""

    def log(cid: str, *entries: tuple[str, str]) -> list[list[object]]:
        return [
            [dt.datetime.fromisoformat(d), cid, "Telefon", "Erstangebot", e] for d, e in entries
        ]

    return [
        ["Datum", "Kunden-Nr", "Kanal", "Thema", "Ergebnis"],
        # three unsuccessful attempts: O becomes C
        *log(
            "K10019",
            ("2025-12-08", "kein Interesse"),
            ("2025-12-15", "kein Interesse"),
            ("2025-12-20", "nicht erreicht"),
        ),
        *log(
            "K10020",
            ("2025-07-01", "abgelehnt"),
            ("2025-09-01", "kein Bedarf"),
            ("2025-11-01", "kein Interesse"),
        ),
        # two unsuccessful and one order: stays O
        *log(
            "K10004",
            ("2025-04-01", "kein Interesse"),
            ("2025-05-01", "Auftrag"),
            ("2025-06-01", "kein Interesse"),
        ),
        # the third attempt lies after the Stichtag: two count, stays O
        *log(
            "K10011",
            ("2025-09-01", "abgelehnt"),
            ("2025-10-01", "abgelehnt"),
            ("2026-01-15", "abgelehnt"),
        ),
        # an established customer: contacts never change A, B, C or Z
        *log(
            "K10005",
            ("2025-02-01", "kein Interesse"),
            ("2025-03-01", "kein Interesse"),
            ("2025-04-01", "kein Interesse"),
        ),
    ]


def _recalculated(team: Path, outdir: Path) -> pd.DataFrame:
    book = openpyxl.load_workbook(lo.recalculate(team, outdir), data_only=True)
    cells = list(book["Kunden"].iter_rows(values_only=True))
    frame = pd.DataFrame(cells[1:], columns=list(cells[0])).rename(columns=NAMES)
    return frame[frame["kunden_nr"].notna()].set_index("kunden_nr")


def test_team_classes_follow_the_contact_rule(tmp_path: Path) -> None:
    config = Config(stichtag=DAY)
    frame = _portfolio()
    rows = to_input_rows(frame)
    master = write_xlsx(tmp_path / "stamm.xlsx", {"Kunden": rows, "Kontakte": _contacts()})
    teams = {p.stem: p for p in split(master, "Region", tmp_path / "teams", config)}

    # worked out by hand from the log: the two new customers with three failures are C, the
    # other two new ones O; K10005 has the second largest revenue, only K10033 lies above it
    revenue = frame.set_index("kunden_nr")["umsatz"]
    above = revenue[revenue > revenue["K10005"]]
    assert list(above.index) == ["K10033"] and above.sum() / revenue.sum() < config.abc_a
    by_hand = {"K10019": "C", "K10020": "C", "K10004": "O", "K10011": "O", "K10005": "A"}

    # the master as `kundenwert score` classifies it, contacts included
    contacts, _ = read_contacts(_contacts())
    core = score_portfolio(read_customer_table(rows).frame, config, contacts=contacts)
    want = core.scored.set_index("kunden_nr")
    assert {c: want.loc[c, "abc"] for c in by_hand} == by_hand

    labels = config.segment_labels()
    seen = 0
    for team in ("Region_Nord", "Region_Süd"):
        got = _recalculated(teams[team], tmp_path / "lo")
        for cid, row in got.iterrows():
            assert row["abc"] == want.loc[cid, "abc"], (team, cid)
            assert row["segment"] == labels[want.loc[cid, "segment"]], (team, cid)
            if cid in by_hand:
                assert row["abc"] == by_hand[cid], (team, cid)
                seen += 1
    assert seen == len(by_hand)


def test_the_team_reads_the_contact_threshold_live(tmp_path: Path) -> None:
    """The team is given counts, not classes: lowered to 2 on its Konfiguration sheet, the
    threshold makes K10004 (two unsuccessful contacts) C as well, as `score` would with 2."""
    config = Config(stichtag=DAY)
    rows = to_input_rows(_portfolio())
    master = write_xlsx(tmp_path / "stamm.xlsx", {"Kunden": rows, "Kontakte": _contacts()})
    teams = {p.stem: p for p in split(master, "Region", tmp_path / "teams", config)}
    book = openpyxl.load_workbook(teams["Region_Süd"])
    cell = config_layout(config).param_cell("o_zu_c_nach").replace("$", "")
    assert book["Konfiguration"][cell].value == 3
    book["Konfiguration"][cell].value = 2
    book.save(tmp_path / "sued.xlsx")
    got = _recalculated(tmp_path / "sued.xlsx", tmp_path / "lo")
    # by hand: K10004 has two failures (and an order), K10020 three; both new, both now C
    assert (got.loc["K10004", "abc"], got.loc["K10020", "abc"]) == ("C", "C")
    contacts, _ = read_contacts(_contacts())
    lowered = config.model_copy(update={"o_to_c_after": 2})
    core = score_portfolio(read_customer_table(rows).frame, lowered, contacts=contacts)
    want = core.scored.set_index("kunden_nr")
    assert all(got.loc[c, "abc"] == want.loc[c, "abc"] for c in got.index)
