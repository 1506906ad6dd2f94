"""The Konfiguration sheet: written, read back, and wrong cells named."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl.utils.cell import coordinate_to_tuple

from kundenwert.book.config_sheet import config_from_rows, configuration_sheet
from kundenwert.book.plan import Table, Text
from kundenwert.errors import KundenwertError
from kundenwert.method.config import Config, Factor, Threshold


def sheet_cells(config: Config, lang: str = "de") -> list[list[object]]:
    """The sheet as a 2D list, as a reader of the written file would see it."""
    grid: dict[tuple[int, int], object] = {}
    for block in configuration_sheet(config, lang).blocks:
        row, col = coordinate_to_tuple(block.anchor)
        if isinstance(block, Text):
            grid[(row, col)] = block.text
        elif isinstance(block, Table):
            for j, h in enumerate(block.header):
                grid[(row, col + j)] = h
            for i, r in enumerate(block.rows, start=1):
                for j, v in enumerate(r):
                    grid[(row + i, col + j)] = v
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
        fragile_share=0.1,
        fragile_steps=2,
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
    row = next(i for i, r in enumerate(cells) if r[0] == "ABC: Grenze A")
    cells[row][0] = "abc_x"
    with pytest.raises(KundenwertError, match=f"Zeile {row + 1}.*abc_x"):
        config_from_rows(cells)


def test_labels_and_words_read_back_as_keys_and_older_sheets_still_read() -> None:
    cells = sheet_cells(Config(), "en")
    method_row = next(i for i, r in enumerate(cells) if r[0] == "Threshold current score: method")
    assert cells[method_row][1] == "median"
    cells[method_row][1] = "Mean"  # the English word, any case
    factor_row = next(i for i, r in enumerate(cells) if r[0] == "Revenue")
    assert cells[factor_row][2:6] == ["current", 30, "higher", "rank"]
    cells[factor_row][5] = "min-max"
    read = config_from_rows(cells)
    assert read.threshold_ist.method == "mittelwert"
    assert read.factors[0].method == "minmax" and read.factors[0].score == "ist"
    # a sheet written before the labels: keys in column A, key words as values
    old = sheet_cells(Config())
    for row in old:
        if row[0] == "Schwelle Ist-Score: Methode":
            row[0], row[1] = "schwelle_ist_methode", "quantil"
        elif row[0] == "Schwelle Ist-Score: Wert":
            row[0], row[1] = "schwelle_ist_wert", 0.25
        elif row[0] == "Parameter":
            row[0] = "Schlüssel"
        elif row[0] == "Ist hoch, Potenzial hoch":
            row[0] = "top"
    read = config_from_rows(old)
    assert read.threshold_ist == Threshold(method="quantil", value=0.25)


def test_every_parameter_has_a_label_in_both_languages() -> None:
    from kundenwert.book.config_sheet import PARAMETER_LABELS, PARAMETERS

    keys = [k for k, _, _ in PARAMETERS]
    assert set(PARAMETER_LABELS) == set(keys)
    for lang in (0, 1):  # the labels read back to one key each, in either language
        labels = [PARAMETER_LABELS[k][lang].lower() for k in keys]
        assert len(set(labels)) == len(labels)
