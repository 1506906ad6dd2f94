"""Results computed by hand, through every adapter: the worksheet function KW.PORTFOLIO (in the
shapes each Excel route hands it), the Bewerten button's action and the command's workbook.

Four customers, one factor per score, both on min-max:
  revenue 100, 200, 300, 500 -> Ist 0, 25, 50, 100
  image     1,   3,   5,   2 -> Potenzial (1-5 scale) 0, 50, 100, 25
Thresholds are the medians: 37.5 on both axes, so K1 Kleinkunde, K2 Wachstumskunde,
K3 Topkunde, K4 Stammkunde. ABC on revenue 1100 in all: K4 starts at 0 % (A), K3 at 45.5 % (A),
K2 at 72.7 % (A), K1 at 90.9 % (B).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kundenwert import udfs
from kundenwert.addin import actions
from kundenwert.book import plan as p
from kundenwert.book.config_sheet import configuration_sheet
from kundenwert.cli import main
from kundenwert.method.config import Config, Factor
from tests.conftest import planned_cells

HEADER = ["Kunden-Nr", "Firma", "Umsatz", "Image"]
ROWS = [
    ["K1", "Anton", 100, 1],
    ["K2", "Berta", 200, 3],
    ["K3", "Cäsar", 300, 5],
    ["K4", "Dora", 500, 2],
]
EXPECTED = {  # id: (Ist, Potenzial, segment, ABC)
    "K1": (0.0, 0.0, "Kleinkunde", "B"),
    "K2": (25.0, 50.0, "Wachstumskunde", "A"),
    "K3": (50.0, 100.0, "Topkunde", "A"),
    "K4": (100.0, 25.0, "Stammkunde", "A"),
}
MODEL = Config(
    factors=[
        Factor(column="umsatz", score="ist", weight=100, method="minmax"),
        Factor(
            column="image",
            score="potenzial",
            weight=100,
            method="skala",  # type: ignore[arg-type]
            scale_min=1,
            scale_max=5,
        ),
    ]
)


def _by_id(rows: list[list[Any]]) -> dict[str, tuple[float, float, str, str]]:
    head = [str(h) for h in rows[0]]
    i = {k: head.index(k) for k in ("Kunden-Nr", "Ist-Score", "Potenzial-Score", "Segment", "ABC")}
    return {
        str(r[i["Kunden-Nr"]]): (
            float(r[i["Ist-Score"]]),
            float(r[i["Potenzial-Score"]]),
            str(r[i["Segment"]]),
            str(r[i["ABC"]]),
        )
        for r in rows[1:]
        if r[i["Kunden-Nr"]] not in (None, "")
    }


def _approx(got: dict[str, tuple[float, float, str, str]]) -> None:
    assert got.keys() == EXPECTED.keys()
    for cid, (ist, pot, seg, abc) in EXPECTED.items():
        assert got[cid][0] == pytest.approx(ist) and got[cid][1] == pytest.approx(pot), cid
        assert got[cid][2:] == (seg, abc), cid


# the shapes the routes hand a function: COM gives floats and None, Office.js keeps integers
ROUTES: dict[str, Callable[[list[list[Any]]], list[list[Any]]]] = {
    "com": lambda rows: [[float(v) if isinstance(v, int) else v for v in r] for r in rows],
    "officejs": lambda rows: [[0 if v is None else v for v in r] for r in rows],
}


@pytest.mark.parametrize("route", ROUTES)
def test_portfolio_function_gives_the_hand_computed_table(route: str) -> None:
    config = ROUTES[route](planned_cells(configuration_sheet(MODEL)))
    _approx(_by_id(udfs.portfolio(ROUTES[route]([HEADER, *ROWS]), config)))


def test_bewerten_action_gives_the_hand_computed_table() -> None:
    sheets = {"Kunden": [HEADER, *ROWS], "Konfiguration": planned_cells(configuration_sheet(MODEL))}
    planned = actions.scoring_sheets(actions.run_scoring(sheets))
    table = planned[0].blocks[0]
    assert isinstance(table, p.Table)
    _approx(_by_id([table.header, *table.rows]))


def test_command_writes_the_hand_computed_table(xlsx: Callable[..., Path], tmp_path: Path) -> None:
    model = xlsx({"Konfiguration": planned_cells(configuration_sheet(MODEL))}, name="modell.xlsx")
    source, out = xlsx([HEADER, *ROWS]), tmp_path / "ergebnis.xlsx"
    assert main(["score", str(source), "-o", str(out), "--config", str(model), "-q"]) == 0
    ws = openpyxl.load_workbook(out, data_only=True)["Bewertung"]
    _approx(_by_id([list(r) for r in ws.iter_rows(values_only=True)]))
