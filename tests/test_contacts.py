"""Contact log: flags worked out by hand, the O → C rule, and the lookup sheet's formulas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kundenwert.cli import main
from kundenwert.method.config import Config, Factor
from kundenwert.method.contacts import contact_flags
from kundenwert.method.portfolio import score_portfolio
from kundenwert.workbook.sample import (
    generate_contacts,
    generate_portfolio,
    to_contact_rows,
    to_input_rows,
)
from tests import libreoffice as lo
from tests.conftest import needs_libreoffice, rating

DAY = dt.date(2025, 12, 31)


def _log(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "datum": pd.Timestamp(d),
                "kunden_nr": c,
                "kanal": "Telefon",
                "thema": t,
                "ergebnis": e,
            }
            for d, c, t, e in rows
        ]
    )


def test_flags_by_hand() -> None:
    segments = pd.Series(["top", "klein", "wachstum"], index=["a", "b", "c"])
    plan = {"top": 4.0, "klein": 2.0, "wachstum": 12.0}
    log = _log(
        [
            ("2025-12-01", "a", "Neuheiten", "Auftrag"),  # a: 1 contact, interval 91 days → fine
            ("2025-01-10", "b", "Preis", "Info"),  # b: klein, 3 contacts in 12 months > 2
            ("2025-06-10", "b", "Preis", "kein Interesse"),  # same topic twice
            ("2025-11-10", "b", "Service", "nicht erreicht"),
            ("2024-06-01", "c", "Erstangebot", "abgelehnt"),  # c: last contact 1.5 years ago
        ]
    )
    f = contact_flags(log, segments, plan, DAY)
    assert f["kontakte_12m"].tolist() == [1, 3, 0]
    assert f["ueberfaellig"].tolist() == [False, False, True]
    assert f["zu_viele"].tolist() == [False, True, False]
    assert f["thema_wiederholt"].tolist() == [False, True, False]
    assert f["erfolglos"].tolist() == [0, 2, 1]
    assert f.loc["b", "letzte_notiz"] == "Service: nicht erreicht"


def test_o_customer_with_three_failed_attempts_becomes_c() -> None:
    frame = pd.DataFrame(
        {
            "kunden_nr": ["n1", "n2", "x"],
            "umsatz": [10.0, 10.0, 1000.0],
            "image": [3.0, 3.0, 4.0],
            "erstauftrag": pd.to_datetime(["2025-09-01", "2025-09-01", "2010-01-01"]),
        }
    )
    cfg = Config(
        stichtag=DAY,
        factors=[
            Factor(column="umsatz", score="ist", weight=100),
            rating("image", "potenzial", 100),
        ],
    )
    log = _log(
        [(f"2025-{m}-01", "n1", "Erstangebot", "kein Interesse") for m in (10, 11, 12)]
        + [("2025-10-01", "n2", "Erstangebot", "kein Interesse")]
    )
    abc = score_portfolio(frame, cfg, contacts=log).scored.set_index("kunden_nr")["abc"]
    assert abc.to_dict() == {"n1": "C", "n2": "O", "x": "A"}


@pytest.mark.libreoffice
@needs_libreoffice
def test_lookup_sheet_formulas_find_the_customer(xlsx: Callable[..., Path], tmp_path: Path) -> None:
    frame = generate_portfolio(60, seed=8)
    source = xlsx(
        {"Kunden": to_input_rows(frame), "Kontakte": to_contact_rows(generate_contacts(frame))}
    )
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "-q"]) == 0
    wb = openpyxl.load_workbook(out)
    wb["Kundenauskunft"]["B3"] = "K10007"  # as a user types an id
    wb.save(out)
    values = openpyxl.load_workbook(lo.recalculate(out, tmp_path / "lo"), data_only=True)
    lookup = {r[0]: r[1] for r in values["Kundenauskunft"].iter_rows(min_row=6, values_only=True)}
    row = next(r for r in values["Bewertung"].iter_rows(values_only=True) if r[0] == "K10007")
    header = [c.value for c in values["Bewertung"][1]]
    for field in ("Name", "Segment", "ABC", "Letzte Notiz"):
        assert lookup[field] == row[header.index(field)]
    assert lookup["Ist-Score"] == pytest.approx(row[header.index("Ist-Score")], rel=1e-12)


def test_edited_growth_table_is_kept_and_drives_the_contact_plan(
    xlsx: Callable[..., Path], tmp_path: Path
) -> None:
    frame = generate_portfolio(80, seed=8)
    source = xlsx(
        {"Kunden": to_input_rows(frame), "Kontakte": to_contact_rows(generate_contacts(frame))}
    )
    first, second = tmp_path / "erst.xlsx", tmp_path / "zweit.xlsx"
    assert main(["score", str(source), "-o", str(first), "-q"]) == 0
    wb = openpyxl.load_workbook(first)
    ws = wb["Wachstumstabelle"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Kleinkunde")
    ws.cell(row, 2).value = "Nur noch digital betreuen"
    ws.cell(row, 4).value = 0  # no planned contacts: nobody in this segment is overdue
    wb.save(first)
    assert main(["score", str(first), "-o", str(second), "-q"]) == 0
    out = openpyxl.load_workbook(second)
    growth = {r[0]: r for r in out["Wachstumstabelle"].iter_rows(min_row=4, values_only=True)}
    assert growth["Kleinkunde"][1] == "Nur noch digital betreuen"
    assert growth["Kleinkunde"][3] == 0
    scoring = out["Bewertung"]
    header = [c.value for c in scoring[1]]
    seg, overdue = header.index("Segment"), header.index("Kontakt überfällig")
    flags = [
        r[overdue] for r in scoring.iter_rows(min_row=2, values_only=True) if r[seg] == "Kleinkunde"
    ]
    assert flags and set(flags) == {"nein"}
