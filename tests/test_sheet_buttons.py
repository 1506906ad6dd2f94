"""Sheet buttons for xlwings Lite: the template's Start sheet brings one named shape per script,
linked to the cell that script's `button=` option names; LibreOffice reads and draws them, and
merge keeps them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from kundenwert.book.plan import Button, Plan, Sheet
from kundenwert.cli import main
from kundenwert.templates.master import template_plan
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from kundenwert.xlsx import openpyxl_renderer, xlsxwriter_renderer
from kundenwert.xlsx.buttons import _insert_at, add_buttons, read_buttons
from tests import libreoffice as lo

SCRIPTS = Path(__file__).parents[1] / "addin" / "scripts.py"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _script_buttons() -> set[tuple[str, str, str]]:
    """(shape, sheet, cell) of every script's `button=` option, read from the source."""
    found = re.findall(r'button="\[(\w+)\](\w+)!([A-Z]+\d+)"', SCRIPTS.read_text())
    assert len(found) == 4
    return set(found)


def _shapes(path: Path) -> set[tuple[str, str]]:
    """(shape name, hyperlink target) of every shape in the workbook, read from its package
    without the code under test."""
    out = set()
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not re.fullmatch(r"xl/drawings/drawing\d+\.xml", name):
                continue
            rels_name = name.replace("drawings/", "drawings/_rels/") + ".rels"
            rels = ElementTree.fromstring(z.read(rels_name)) if rels_name in z.namelist() else None
            targets = {r.get("Id"): r.get("Target") for r in (rels if rels is not None else [])}
            for info in ElementTree.fromstring(z.read(name)).iter(f"{XDR}cNvPr"):
                link = next(iter(info), None)
                target = targets.get(link.get(R_ID)) if link is not None else None
                out.add((info.get("name", ""), (target or "").replace("'", "")))
    return out


def _expected() -> set[tuple[str, str]]:
    return {(shape, f"#{sheet}!{cell}") for shape, sheet, cell in _script_buttons()}


@pytest.mark.parametrize("render", [openpyxl_renderer.write_plan, xlsxwriter_renderer.write_plan])
def test_template_start_sheet_has_the_scripts_buttons(render, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = render(template_plan(), tmp_path / "vorlage.xlsx")
    assert _expected() <= _shapes(path)
    book = openpyxl.load_workbook(path)  # the package stays readable
    assert book.sheetnames[0] == "Start"


@pytest.mark.libreoffice
@pytest.mark.skipif(not lo.soffice_available(), reason="headless LibreOffice is not installed")
def test_libreoffice_keeps_and_draws_the_buttons(tmp_path: Path) -> None:
    path = openpyxl_renderer.write_plan(template_plan(), tmp_path / "vorlage.xlsx")
    # LibreOffice reads the shapes and writes them back in its own words
    assert _expected() <= _shapes(lo.recalculate(path, tmp_path / "lo"))
    pdf = lo.render_pdf(path, tmp_path / "pdf")
    page = lo.page_with_text(pdf, "Kundenwert")
    assert page is not None
    png = lo.render_page(pdf, page, tmp_path / "start.png")
    navy = (0x1F, 0x4E, 0x79)
    assert lo.colour_share(png, navy, tolerance=12) > 0.01  # four filled buttons


def test_drawing_goes_between_the_elements_the_format_orders_around_it() -> None:
    xml = (
        '<worksheet xmlns="m"><sheetData/><conditionalFormatting><cfRule><extLst/></cfRule>'
        '</conditionalFormatting><pageMargins/><tableParts count="1"/><extLst/></worksheet>'
    )
    at = _insert_at(xml)
    assert xml[at:].startswith("<tableParts")
    assert _insert_at('<?xml version="1.0"?><worksheet><sheetData/></worksheet>') == len(
        '<?xml version="1.0"?><worksheet><sheetData/>'
    )


def test_merge_keeps_the_buttons(xlsx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    master = xlsx(to_input_rows(generate_portfolio(30, seed=3)), name="stamm.xlsx")
    add_buttons(master, Plan([Sheet("Kunden", buttons=[Button("Z2", "Los", "btn_los")])]))
    assert ("btn_los", "#Kunden!Z2") in _shapes(master)
    teams = tmp_path / "teams"
    assert main(["split", str(master), "--by", "Region", "-o", str(teams), "-q"]) == 0
    merged = tmp_path / "neu.xlsx"
    assert main(["merge", str(master), *map(str, teams.glob("*.xlsx")), "-o", str(merged)]) == 0
    assert ("btn_los", "#Kunden!Z2") in _shapes(merged)


def test_buttons_read_back_as_drawn(tmp_path: Path) -> None:
    plan = template_plan()
    path = openpyxl_renderer.write_plan(plan, tmp_path / "vorlage.xlsx")
    assert read_buttons(path).sheets == [Sheet("Start", buttons=plan.sheet("Start").buttons)]


def test_english_template_labels_its_buttons_in_english(tmp_path: Path) -> None:
    plan = template_plan(lang="en")
    labels = [b.label for b in plan.sheet("Start").buttons]
    assert labels == ["Score", "Matrix", "Growth table", "Check"]
    start = openpyxl.load_workbook(openpyxl_renderer.write_plan(plan, tmp_path / "en.xlsx"))[
        "Start"
    ]
    assert start["B4"].value == "▶ Score"
    assert start["D4"].value == "Score the customers: write Scoring and Check log"
