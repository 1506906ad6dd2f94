"""The buttons' pure part on real workbooks: cells in, planned sheets out, rendered and drawn."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from kundenwert.addin import actions
from kundenwert.book import plan as p
from kundenwert.book.plan import Plan
from kundenwert.book.style import SEGMENT_COLOURS
from kundenwert.cli import main
from kundenwert.errors import MessageError
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from kundenwert.xlsx.openpyxl_renderer import write_plan
from tests import libreoffice as lo
from tests.conftest import needs_libreoffice, planned_cells

Factory = Callable[..., Path]


def book_cells(path: Path) -> dict[str, list[list[object]]]:
    """All sheets of a real .xlsx as the scripts see them (A1-based, empty cells None)."""
    book = CalamineWorkbook.from_path(str(path))
    return {
        name: [
            [None if v == "" else v for v in row]
            for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        ]
        for name in book.sheet_names
    }


@pytest.fixture
def book(xlsx: Factory) -> Path:
    rows = to_input_rows(generate_portfolio(80, seed=13))
    return xlsx(
        {"Notizen": [["Meine Notizen"], ["bitte nicht anfassen"]], "Kunden": rows},
        name="mappe.xlsx",
    )


def test_bewerten_gives_the_sheets_of_the_command(book: Path, tmp_path: Path) -> None:
    run = actions.run_scoring(book_cells(book))
    assert run.read.sheet == "Kunden"  # the user's notes sheet is skipped
    sheets = actions.scoring_sheets(run)
    assert [s.name for s in sheets] == ["Bewertung", "Prüfprotokoll", "Konfiguration"]
    out = tmp_path / "ergebnis.xlsx"
    assert main(["score", str(book), "-o", str(out), "-q"]) == 0
    table = sheets[0].blocks[0]
    assert isinstance(table, p.Table)
    file_rows = book_cells(out)["Bewertung"]
    assert [table.header, *table.rows] == file_rows


def test_threshold_option_and_existing_model(book: Path) -> None:
    cells = book_cells(book)
    mean = actions.run_scoring(cells, threshold="mittelwert").result
    assert mean.config.threshold_ist.method == "mittelwert"
    run = actions.run_scoring(cells)
    cells["Konfiguration"] = planned_cells(actions.scoring_sheets(run)[2])
    again = actions.run_scoring(cells)
    assert again.has_config and actions.scoring_sheets(again)[-1].name == "Prüfprotokoll"


def test_growth_table_keeps_edited_texts(book: Path) -> None:
    run = actions.run_scoring(book_cells(book))
    first = actions.growth_table_sheet(run, None)
    cells = planned_cells(first)
    top = next(i for i, r in enumerate(cells) if r[0] == "Topkunde")
    cells[top][1] = "Marktführer halten"
    cells[top][3] = 30
    second = actions.growth_table_sheet(run, cells)
    table = next(b for b in second.blocks if isinstance(b, p.Table))
    row = next(r for r in table.rows if r[0] == "Topkunde")
    assert row[1] == "Marktführer halten" and row[3] == 30
    other = next(r for r in table.rows if r[0] == "Kleinkunde")
    assert other[1] == next(r for r in _table(first).rows if r[0] == "Kleinkunde")[1]


def _table(sheet: p.Sheet) -> p.Table:
    return next(b for b in sheet.blocks if isinstance(b, p.Table))


def test_pruefen_marks_the_offending_cells(xlsx: Factory) -> None:
    path = xlsx([["Kunden-Nr", "Umsatz", "Image"], ["K1", 10, 3], ["K2", "viel", 9], ["K1", 5, 2]])
    read = actions.find_customer_table(book_cells(path))
    sheet, marks = actions.check_sheet(read)
    assert sorted(marks) == [(3, 2), (3, 3), (4, 1)]
    assert sheet.name == "Prüfprotokoll"


def test_matrix_chart_has_one_source_block_and_six_series(book: Path) -> None:
    sheet = actions.matrix_for(actions.run_scoring(book_cells(book)))
    chart = next(b for b in sheet.blocks if isinstance(b, p.ScatterChart))
    assert chart.source == "X1:AD85"  # 80 customers + 4 threshold points + header
    assert [s.colour for s in chart.series[:4]] == [
        SEGMENT_COLOURS[k] for k in ("top", "wachstum", "stamm", "klein")
    ]
    assert [s.line for s in chart.series] == [False] * 4 + [True] * 2


@pytest.mark.libreoffice
@needs_libreoffice
def test_matrix_plan_rendered_and_drawn_in_four_colours(book: Path, tmp_path: Path) -> None:
    sheet = actions.matrix_for(actions.run_scoring(book_cells(book)))
    path = write_plan(Plan([sheet]), tmp_path / "matrix.xlsx")
    pages = lo.render_png(path, tmp_path / "png", dpi=100)
    chart_area = (0.0, 0.0, 0.5, 0.6)
    for key, colour in SEGMENT_COLOURS.items():
        rgb = (int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16))
        assert lo.colour_share(pages[0], rgb, 12, chart_area) > 0.0005, key


def test_matrix_button_leaves_a_live_matrix_alone(tmp_path: Path) -> None:
    from kundenwert.cli import main as cli

    template = tmp_path / "vorlage.xlsx"
    assert cli(["template", "-o", str(template)]) == 0
    assert actions.has_live_matrix(book_cells(template))
    assert not actions.has_live_matrix({"Kunden": [["Kunden-Nr", "Umsatz"]]})


def test_vergleichen_explains_the_moves_against_an_earlier_table(xlsx: Factory) -> None:
    # the earlier run's customer table copied into the book as 'Kunden alt'; c keeps its
    # revenue while b's doubles, so c falls from A to B for the other customers alone
    header = ["Kunden-Nr", "Umsatz", "Deckungsbeitrag", "Image"]
    old = [[k, u, u / 2, 3] for k, u in zip("abcde", [45, 30, 15, 6, 4], strict=True)]
    new = [[k, u, u / 2, 3] for k, u in zip("abcde", [45, 60, 15, 6, 4], strict=True)]
    path = xlsx({"Kunden": [header, *new], "Kunden alt": [header, *old]}, name="mappe.xlsx")
    sheets = actions.comparison_sheets(book_cells(path), "Kunden alt")
    assert [s.name for s in sheets] == ["Migration", "Auf- und Absteiger", "Ursachen"]
    cells = planned_cells(sheets[2])
    head = cells[4]
    c = dict(zip(head, next(r for r in cells[5:] if r[0] == "c"), strict=True))
    assert c["ABC vorher → nachher"] == "A → B"
    assert c["Ursache ABC-Wechsel"] == "andere Kunden"
    with pytest.raises(MessageError, match="err.kein_blatt_hier"):
        actions.comparison_sheets(book_cells(path), "Kunden März")
