"""The Konfiguration sheet: written, read back, and wrong cells named."""

from __future__ import annotations

import datetime as dt

import pytest

from kundenwert.book.config_sheet import config_from_rows
from kundenwert.book.plan import Table, Text
from kundenwert.book.result_book import configuration_sheet
from kundenwert.errors import KundenwertError
from kundenwert.method.config import Config, Factor, Threshold


def sheet_cells(config: Config, lang: str = "de") -> list[list[object]]:
    """The sheet as a 2D list, as a reader of the written file would see it."""
    grid: dict[tuple[int, int], object] = {}
    for block in configuration_sheet(config, lang).blocks:
        row = int("".join(ch for ch in block.anchor if ch.isdigit()))
        if isinstance(block, Text):
            grid[(row, 1)] = block.text
        elif isinstance(block, Table):
            for j, h in enumerate(block.header):
                grid[(row, j + 1)] = h
            for i, r in enumerate(block.rows, start=1):
                for j, v in enumerate(r):
                    grid[(row + i, j + 1)] = v
    n_rows = max(r for r, _ in grid)
    n_cols = max(c for _, c in grid)
    return [[grid.get((r, c)) for c in range(1, n_cols + 1)] for r in range(1, n_rows + 1)]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_default_model_round_trips(lang: str) -> None:
    assert config_from_rows(sheet_cells(Config(), lang)) == Config()


def test_changed_model_round_trips() -> None:
    cfg = Config(
        factors=[
            Factor(
                column="umsatz",
                score="ist",
                weight=100,
                method="schwellen",
                thresholds=[1000, 10000],
            ),
            Factor(
                column="abwanderung",
                score="potenzial",
                weight=100,
                direction="niedrig",
                method="minmax",
            ),
        ],
        threshold_ist=Threshold(method="quantil", value=0.6),
        threshold_potenzial=Threshold(method="fest", value=40),
        labels="premium",
        cost_per_visit=300,
        stichtag=dt.date(2025, 12, 31),
        custom_labels={"top": "A1", "stamm": "A2", "wachstum": "B1", "klein": "B2"},
    )
    assert config_from_rows(sheet_cells(cfg)) == cfg


def test_bad_weight_cell_names_sheet_and_row() -> None:
    cells = sheet_cells(Config())
    cells[4][3] = "viel"  # first factor row (sheet row 5), Gewicht column
    with pytest.raises(KundenwertError, match=r"Konfiguration', Zeile 5, Gewicht.*'viel'"):
        config_from_rows(cells)


def test_weights_not_adding_up_are_reported() -> None:
    cells = sheet_cells(Config())
    cells[4][3] = 10
    with pytest.raises(KundenwertError, match="100 %"):
        config_from_rows(cells)


def test_unknown_parameter_is_named() -> None:
    cells = sheet_cells(Config())
    row = next(i for i, r in enumerate(cells) if r[0] == "abc_a")
    cells[row][0] = "abc_x"
    with pytest.raises(KundenwertError, match=f"Zeile {row + 1}.*abc_x"):
        config_from_rows(cells)
