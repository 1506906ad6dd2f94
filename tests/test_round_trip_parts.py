"""The regional round trip on a master as controllers keep them: a user sheet with a chart,
an image, a text box, a comment, a defined name and a data validation. split → the teams edit
(open cells, a protected cell, a growth text, a renamed sheet, a new customer, a deleted row)
→ merge. Asserted part by part: what changed, what stayed byte for byte, the report rows and
the exit code; and that a re-scored master equals `kundenwert score` on the merged data."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from PIL import Image

from kundenwert.book.labels import t
from kundenwert.cli import main
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from tests import libreoffice as lo
from tests.conftest import needs_libreoffice
from tests.test_ooxml_valid import errors


def _shown(key: str) -> str:
    """A merge outcome's German label up to its first ':' (the kind the report shows first)."""
    return t(key).split(":")[0]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _growth_rows(tmp: Path, customers: Path) -> list[tuple[object, ...]]:
    """The growth table as `score` writes it (title, note, header, one row per segment)."""
    result = tmp / "ergebnis.xlsx"
    assert main(["score", str(customers), "-o", str(result), "-q"]) == 0
    ws = openpyxl.load_workbook(result)["Wachstumstabelle"]
    return [r[:7] for r in ws.iter_rows(max_row=7, values_only=True)]


def _master(tmp: Path) -> Path:
    """Kunden, a growth table and the controller's own sheet, written with XlsxWriter."""
    rows = to_input_rows(generate_portfolio(40, seed=12))
    plain = tmp / "kunden.xlsx"
    book = xlsxwriter.Workbook(str(plain))
    ws = book.add_worksheet("Kunden")
    for i, r in enumerate(rows):
        ws.write_row(i, 0, r)
    book.close()
    growth = _growth_rows(tmp, plain)
    path = tmp / "stamm.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Kunden")
    for i, r in enumerate(rows):
        ws.write_row(i, 0, r)
    gs = book.add_worksheet("Wachstumstabelle")
    for i, r in enumerate(growth):
        gs.write_row(i, 0, [v for v in r])
    notes = book.add_worksheet("Notizen")
    notes.write_row(0, 0, ["Quartal", "Besuche"])
    for i, (q, n) in enumerate([("Q1", 12), ("Q2", 17), ("Q3", 9), ("Q4", 21)], start=1):
        notes.write_row(i, 0, [q, n])
    chart = book.add_chart({"type": "column"})
    chart.add_series({"categories": "=Notizen!$A$2:$A$5", "values": "=Notizen!$B$2:$B$5"})
    notes.insert_chart("D2", chart)
    notes.insert_image("D18", "logo.png", {"image_data": io.BytesIO(_png())})
    notes.insert_textbox("L2", "Besprechung am Montag", {"width": 200, "height": 60})
    notes.write_comment("A1", "Zahlen aus dem CRM")
    notes.data_validation("C2:C5", {"validate": "list", "source": ["ja", "nein"]})
    book.define_name("Besuche", "=Notizen!$B$2:$B$5")
    book.close()
    return path


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _sheet_part(path: Path, sheet: str) -> str:
    """The part name of a sheet, through the workbook's relationships."""
    import re

    parts = _parts(path)
    wb = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    tag = next(m for m in re.findall(r"<sheet\b[^>]*>", wb) if f'name="{sheet}"' in m)
    rid = re.search(r'r:id="([^"]+)"', tag).group(1)  # type: ignore[union-attr]
    rel = next(m for m in re.findall(r"<Relationship\b[^>]*>", rels) if f'Id="{rid}"' in m)
    return "xl/" + re.search(r'Target="([^"]+)"', rel).group(1).lstrip("/").removeprefix("xl/")  # type: ignore[union-attr]


def _cells(path: Path, sheet: str) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def _find(ws: openpyxl.worksheet.worksheet.Worksheet, customer: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == customer)


def _edit(team: Path, changes: dict[tuple[str, str], object], sheet: str = "Kunden") -> None:
    wb = openpyxl.load_workbook(team)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    for (customer, column), value in changes.items():
        ws.cell(_find(ws, customer), header.index(column) + 1).value = value  # type: ignore[arg-type]
    wb.save(team)


def _ids(team: Path) -> list[str]:
    ws = openpyxl.load_workbook(team)["Kunden"]
    return [str(r[0]) for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]


@pytest.fixture(params=["xlsxwriter", pytest.param("libreoffice", marks=needs_libreoffice)])
def master(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The master as XlsxWriter wrote it, or as LibreOffice saved it again (another writer's
    XML: prefixes, shared strings and row attributes of its own)."""
    path = _master(tmp_path)
    if request.param == "libreoffice":
        path = lo.recalculate(path, tmp_path / "lo")
    return path


def test_round_trip_changes_only_what_was_taken_over(
    master: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "teams"
    assert main(["split", str(master), "--by", "Region", "-o", str(out), "-q"]) == 0
    teams = sorted(out.glob("*.xlsx"))
    a, b, c = (_ids(t) for t in teams[:3])
    old = {
        row[0]: dict(
            zip([h.value for h in openpyxl.load_workbook(master)["Kunden"][1]], row, strict=False)
        )
        for row in openpyxl.load_workbook(master)["Kunden"].iter_rows(min_row=2, values_only=True)
    }
    image = 1 if old[a[0]]["Image"] != 1 else 2
    # team 0: an open cell, a protected cell and a growth text
    _edit(teams[0], {(a[0], "Image"): image, (a[0], "Umsatz"): 1.0})
    wb = openpyxl.load_workbook(teams[0])
    wb["Wachstumstabelle"]["B4"].value = "Erstlieferant bleiben"
    wb.save(teams[0])
    # team 1: renames its sheet and changes a potential
    _edit(teams[1], {(b[0], "Potenzial"): 99999})
    wb = openpyxl.load_workbook(teams[1])
    wb["Kunden"].title = "Unsere Kunden"
    wb.save(teams[1])
    # team 2: deletes a row and adds a customer of its own
    wb = openpyxl.load_workbook(teams[2])
    ws = wb["Kunden"]
    ws.delete_rows(_find(ws, c[-1]))
    new_row = len(c) + 1
    ws.cell(new_row, 1).value = "K99999"
    ws.cell(new_row, 2).value = "Neukunde Müller & Söhne GmbH"
    ws.cell(new_row, 7).value = 5000
    wb.save(teams[2])

    merged = tmp_path / "neu.xlsx"
    capsys.readouterr()
    assert main(["merge", str(master), *map(str, teams), "-o", str(merged), "-q"]) == 0
    assert not capsys.readouterr().out.startswith("ACHTUNG")

    # part by part: the customer sheet, the growth table, the workbook part, its relations and
    # the content types change; two sheets are added; everything else stays byte for byte
    before, after = _parts(master), _parts(merged)
    kunden, growth = _sheet_part(master, "Kunden"), _sheet_part(master, "Wachstumstabelle")
    changed = {n for n in before if before[n] != after.get(n)}
    assert changed == {
        kunden,
        growth,
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
    }
    added = set(after) - set(before)
    assert added == {
        _sheet_part(merged, "_kundenwert_stamm"),
        _sheet_part(merged, "Zusammenführung"),
    }
    notes = _sheet_part(master, "Notizen")
    kept = [n for n in before if n not in changed]
    assert notes in kept and any("drawing" in n for n in kept) and any("media" in n for n in kept)
    assert "Besuche" in after["xl/workbook.xml"].decode()  # the defined name stays

    # the customer sheet: exactly the two cells taken over
    old_cells, new_cells = _cells(master, "Kunden"), _cells(merged, "Kunden")
    diff = {k for k in old_cells.keys() | new_cells.keys() if old_cells.get(k) != new_cells.get(k)}
    header = [h.value for h in openpyxl.load_workbook(master)["Kunden"][1]]
    ws = openpyxl.load_workbook(master)["Kunden"]
    image_cell = ws.cell(_find(ws, a[0]), header.index("Image") + 1).coordinate
    potential_cell = ws.cell(_find(ws, b[0]), header.index("Potenzial") + 1).coordinate
    assert diff == {image_cell, potential_cell}
    assert new_cells[image_cell] == image and new_cells[potential_cell] == 99999
    growth_after = _cells(merged, "Wachstumstabelle")
    assert growth_after["B4"] == "Erstlieferant bleiben"
    assert {
        k for k, v in _cells(master, "Wachstumstabelle").items() if growth_after.get(k) != v
    } == {"B4"}

    # the report, as the user reads it
    report = list(
        openpyxl.load_workbook(merged)["Zusammenführung"].iter_rows(min_row=4, values_only=True)
    )
    rows = {(r[0], r[1], r[2], str(r[5]).split(":")[0]) for r in report}
    assert (teams[0].name, a[0], "Image", _shown("o.uebernommen")) in rows
    assert (teams[0].name, a[0], "Umsatz", _shown("o.geschuetzt")) in rows
    assert (teams[0].name, "Wachstumstabelle: Topkunde", "Ziele", _shown("o.uebernommen")) in rows
    assert (teams[1].name, b[0], "Potenzial", _shown("o.uebernommen")) in rows
    assert (teams[1].name, None, None, _shown("o.umbenannt")) in rows
    assert (teams[2].name, c[-1], None, _shown("o.geloescht")) in rows
    new = [r for r in report if r[1] == "K99999"]
    assert len(new) == 1  # once, and no "Formel überschrieben" lines for its row
    assert "K99999" in str(new[0][5]) and "Neukunde Müller & Söhne GmbH" in str(new[0][5])
    assert not any("=" in str(r[4]) for r in report)  # no internal keys such as kunden_nr=…
    assert len(report) == 7
    # no finding of the validator that the master itself does not have (LibreOffice saves
    # its files without a theme part, which the validator reports)
    assert set(errors(merged)) <= set(errors(master))


def test_rescored_master_equals_score_on_the_merged_data(tmp_path: Path) -> None:
    customers = tmp_path / "kunden.xlsx"
    book = xlsxwriter.Workbook(str(customers))
    ws = book.add_worksheet("Kunden")
    for i, r in enumerate(to_input_rows(generate_portfolio(50, seed=21))):
        ws.write_row(i, 0, r)
    book.close()
    master = tmp_path / "stamm.xlsx"
    assert main(["score", str(customers), "-o", str(master), "-q"]) == 0
    out = tmp_path / "teams"
    assert main(["split", str(master), "--by", "Region", "-o", str(out), "-q"]) == 0
    team = sorted(out.glob("*.xlsx"))[0]
    customer = _ids(team)[0]
    _edit(team, {(customer, "Potenzial"): 99999.0, (customer, "Image"): 1})
    merged, fresh = tmp_path / "neu.xlsx", tmp_path / "frisch.xlsx"
    assert main(["merge", str(master), str(team), "-o", str(merged), "-q"]) == 0
    assert main(["score", str(merged), "--config", str(merged), "-o", str(fresh), "-q"]) == 0
    a = openpyxl.load_workbook(merged, data_only=True)
    b = openpyxl.load_workbook(fresh, data_only=True)
    old = openpyxl.load_workbook(master, data_only=True)
    for name in ("Bewertung", "Matrix", "Wachstumstabelle", "Kundenauskunft", "Prüfprotokoll"):
        assert list(a[name].iter_rows(values_only=True)) == list(
            b[name].iter_rows(values_only=True)
        ), name
    assert list(a["Bewertung"].iter_rows(values_only=True)) != list(
        old["Bewertung"].iter_rows(values_only=True)
    )
    assert errors(merged) == []
    # merging into the merged master again reuses its formats: styles.xml does not grow
    again = tmp_path / "nochmal.xlsx"
    assert main(["merge", str(merged), str(team), "-o", str(again), "-q"]) == 0
    assert _parts(again)["xl/styles.xml"] == _parts(merged)["xl/styles.xml"]
    assert list(openpyxl.load_workbook(again, data_only=True)["Bewertung"].values) == list(
        a["Bewertung"].values
    )
    # with --ohne-bewertung the result sheets stay as they were and say that they are stale
    stale = tmp_path / "alt.xlsx"
    assert main(["merge", str(master), str(team), "-o", str(stale), "--ohne-bewertung", "-q"]) == 0
    s = openpyxl.load_workbook(stale)
    for name in ("Bewertung", "Matrix"):
        ws = s[name]
        assert (
            ws.sheet_properties.tabColor is not None
            and ws.sheet_properties.tabColor.rgb == "FFC00000"
        )
        assert any(
            str(v).startswith("VERALTET") for v in next(ws.iter_rows(max_row=1, values_only=True))
        )
    report = [r[5] for r in s["Zusammenführung"].iter_rows(min_row=4, values_only=True)]
    assert any(str(r).startswith("VERALTET: Bewertung, Matrix") for r in report)
    assert errors(stale) == []
