"""Split → edit as a team would (openpyxl) → merge: every edit lands, every conflict is reported."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from kundenwert.book.labels import t
from kundenwert.cli import main
from kundenwert.teams.rules import Marker, Returned, merge
from kundenwert.teams.workflow import MARKER_SHEET
from kundenwert.workbook.sample import generate_portfolio, to_input_rows


def _shown(key: str) -> str:
    """A merge outcome's German label up to its first ':' (the kind the report shows first)."""
    return t(key).split(":")[0]


Factory = Callable[..., Path]


def _set(path: Path, customer: str, header: str, value: object) -> None:
    """Change one cell of a customer row, as a team member would in Excel."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Kunden"]
    col = [c.value for c in ws[1]].index(header) + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == customer)
    ws.cell(row, col).value = value
    wb.save(path)


def _delete(path: Path, customer: str) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Kunden"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == customer)
    ws.delete_rows(row)
    wb.save(path)


def _master_values(path: Path) -> dict[str, dict[str, object]]:
    ws = openpyxl.load_workbook(path)["Kunden"]
    header = [c.value for c in ws[1]]
    return {
        str(r[0]): dict(zip(header, r, strict=False))
        for r in ws.iter_rows(min_row=2, values_only=True)
        if r[0]
    }


def _report(path: Path) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(path)["Zusammenführung"]
    return [r for r in ws.iter_rows(min_row=4, values_only=True) if any(r)]


@pytest.fixture
def split_dir(xlsx: Factory, tmp_path: Path) -> tuple[Path, list[Path]]:
    master = xlsx(to_input_rows(generate_portfolio(60, seed=17)), name="stamm.xlsx")
    out = tmp_path / "teams"
    assert main(["split", str(master), "--by", "Region", "-o", str(out), "-q"]) == 0
    return master, sorted(out.glob("*.xlsx"))


def test_split_writes_one_marked_workbook_per_region(split_dir: tuple[Path, list[Path]]) -> None:
    master, teams = split_dir
    regions = {v["Region"] for v in _master_values(master).values()}
    assert len(teams) == len(regions)
    seen: list[str] = []
    for path in teams:
        wb = openpyxl.load_workbook(path)
        assert {"Kunden", "Konfiguration", "Matrix", "Wachstumstabelle", MARKER_SHEET} <= set(
            wb.sheetnames
        )
        assert wb[MARKER_SHEET].sheet_state == "hidden"
        assert wb["Hilfswerte"].sheet_state == "hidden"  # the portfolio's values live there
        assert wb.sheetnames[0] == "Anleitung"
        assert "gesamte Kundenportfolio der Stammmappe (60 Kunden)" in str(
            wb["Anleitung"]["A3"].value
        )
        rows = list(wb["Kunden"].iter_rows(min_row=2, values_only=True))
        assert len({r[2] for r in rows if r[0]}) == 1  # one region per workbook
        seen += [r[0] for r in rows if r[0]]
    assert sorted(seen) == sorted(_master_values(master))  # every customer exactly once


def test_round_trip_edits_conflicts_deletions(
    split_dir: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    master, teams = split_dir
    first, second = teams[0], teams[1]
    a = next(
        r[0]
        for r in openpyxl.load_workbook(first)["Kunden"].iter_rows(min_row=2, values_only=True)
        if r[0]
    )
    b = next(
        r[0]
        for r in openpyxl.load_workbook(second)["Kunden"].iter_rows(min_row=2, values_only=True)
        if r[0]
    )
    image = 1 if _master_values(master)[a]["Image"] != 1 else 2
    _set(first, a, "Image", image)  # a plain team edit
    _set(first, a, "Umsatz", 1.0)  # an ERP figure: protected, must not land
    copy = tmp_path / "kopie.xlsx"
    shutil.copy(second, copy)
    _set(second, b, "Referenzbereitschaft", 0.5 + 0.5)
    _set(copy, b, "Referenzbereitschaft", 4.5)  # the same customer edited twice, differently
    deleted = [
        r[0]
        for r in openpyxl.load_workbook(teams[2])["Kunden"].iter_rows(min_row=2, values_only=True)
        if r[0]
    ][-1]
    _delete(teams[2], deleted)
    foreign = tmp_path / "fremd.xlsx"
    openpyxl.Workbook().save(foreign)
    new = tmp_path / "neu.xlsx"
    assert (
        main(
            ["merge", str(master), *map(str, teams), str(copy), str(foreign), "-o", str(new), "-q"]
        )
        == 3  # the foreign workbook could not be merged at all
    )
    before, after = _master_values(master), _master_values(new)
    assert after[a]["Image"] == image
    assert after[a]["Umsatz"] == before[a]["Umsatz"]
    assert after[b]["Referenzbereitschaft"] == before[b]["Referenzbereitschaft"]
    assert deleted in after  # a deleted row never deletes the customer
    report = _report(new)
    outcomes = {(r[1], r[2], str(r[5]).split(":")[0]) for r in report}
    assert (a, "Image", _shown("o.uebernommen")) in outcomes
    assert (a, "Umsatz", _shown("o.geschuetzt")) in outcomes
    assert (b, "Referenzbereitschaft", _shown("o.konflikt")) in outcomes
    assert (deleted, None, _shown("o.geloescht")) in outcomes
    assert any(r[0] == "fremd.xlsx" and str(r[5]).startswith(_shown("o.fremd")) for r in report)
    # nothing lost: every other value is the master's
    for cid, values in before.items():
        for header, value in values.items():
            if (cid, header) not in {(a, "Image")}:
                assert after[cid][header] == value, (cid, header)
    # merging the same files again changes nothing
    again = tmp_path / "neu2.xlsx"
    assert (
        main(
            [
                "merge",
                str(master),
                *map(str, teams),
                str(copy),
                str(foreign),
                "-o",
                str(again),
                "-q",
            ]
        )
        == 3
    )
    assert _master_values(again) == after and _report(again) == report


def test_older_split_is_not_taken_over(
    split_dir: tuple[Path, list[Path]], xlsx: Factory, tmp_path: Path
) -> None:
    master, teams = split_dir
    customer = next(
        r[0]
        for r in openpyxl.load_workbook(teams[0])["Kunden"].iter_rows(min_row=2, values_only=True)
        if r[0]
    )
    _set(teams[0], customer, "Image", 1)
    changed = xlsx(to_input_rows(generate_portfolio(61, seed=17)), name="stamm2.xlsx")
    new = tmp_path / "neu.xlsx"
    assert main(["merge", str(changed), str(teams[0]), "-o", str(new), "-q"]) == 3
    report = _report(new)
    assert any(str(r[5]).startswith(_shown("o.veraltet")) for r in report)
    assert _master_values(new)[customer]["Image"] == _master_values(changed)[customer]["Image"]


def test_broken_formula_cell_is_reported(
    split_dir: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    master, teams = split_dir
    customer = next(
        r[0]
        for r in openpyxl.load_workbook(teams[0])["Kunden"].iter_rows(min_row=2, values_only=True)
        if r[0]
    )
    _set(teams[0], customer, "Ist-Score", 99)  # typed over the formula
    new = tmp_path / "neu.xlsx"
    assert main(["merge", str(master), str(teams[0]), "-o", str(new), "-q"]) == 0
    broken = [r for r in _report(new) if str(r[5]).startswith("Formel")]
    assert [(r[1], r[2], r[4]) for r in broken] == [(customer, "Ist-Score", 99)]


def test_renamed_sheet_is_found_by_its_content(
    split_dir: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    master, teams = split_dir
    customer = _first_id(teams[0])
    image = 1 if _master_values(master)[customer]["Image"] != 1 else 2
    _set(teams[0], customer, "Image", image)
    wb = openpyxl.load_workbook(teams[0])
    wb["Kunden"].title = "Meine Kunden"
    wb.save(teams[0])
    new = tmp_path / "neu.xlsx"
    assert main(["merge", str(master), str(teams[0]), "-o", str(new), "-q"]) == 0
    report = _report(new)
    assert any(_shown("o.umbenannt") in str(r[5]) and "Meine Kunden" in str(r[5]) for r in report)
    assert (customer, "Image", image, _shown("o.uebernommen")) in [
        (r[1], r[2], r[4], r[5]) for r in report
    ]
    assert _master_values(new)[customer]["Image"] == image


def test_a_workbook_without_customers_is_not_merged_and_says_so(
    split_dir: tuple[Path, list[Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    master, teams = split_dir
    wb = openpyxl.load_workbook(teams[0])
    del wb["Kunden"]
    wb.save(teams[0])
    new = tmp_path / "neu.xlsx"
    capsys.readouterr()
    assert main(["merge", str(master), str(teams[0]), str(teams[1]), "-o", str(new), "-q"]) == 3
    first = capsys.readouterr().out.splitlines()[0]
    assert (
        first.startswith("ACHTUNG: 1 Arbeitsmappe(n) nicht zusammengeführt")
        and teams[0].name in first
    )
    assert openpyxl.load_workbook(new)["Zusammenführung"]["A1"].value == first
    before, after = _master_values(master), _master_values(new)
    assert {c: {h: after[c][h] for h in v} for c, v in before.items()} == before


def _all_cells(path: Path) -> dict[str, dict[str, object]]:
    """Every non-empty cell of every sheet, as stored (formulas as their text)."""
    book = openpyxl.load_workbook(path)
    return {
        ws.title: {
            c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None
        }
        for ws in book.worksheets
    }


def _messy_master(xlsx: Factory) -> Path:
    """A master as controllers keep them: an extra column with a formula, values the reader
    cannot use (credit notes, 'k.A.', a rating of 7), the same id twice, a row without id, a
    contact log and a notes sheet."""
    rows = to_input_rows(generate_portfolio(30, seed=3))
    header = rows[0]
    rows[0] = [*header, "Branche", "Umsatz netto"]
    for i, r in enumerate(rows[1:], start=2):
        r += ["Bau", f"=G{i}*0.9"]
    rows[1][header.index("Umsatz")] = -120.5
    rows[2][header.index("Image")] = "k.A."
    rows[3][header.index("Image")] = 7
    rows.append(list(rows[5]))
    rows.append([None, "Ohne Nummer GmbH", *[None] * (len(rows[0]) - 2)])
    return xlsx(
        {
            "Kunden": rows,
            "Kontakte": [["Datum", "Kunden-Nr", "Thema"], ["02.01.2025", rows[1][0], "Besuch"]],
            "Notizen": [["eigene Notiz des Controllings"]],
        },
        name="stamm.xlsx",
    )


def test_nothing_of_the_master_is_lost(xlsx: Factory, tmp_path: Path) -> None:
    """Only the cells a team changed differ in the new master; a master cell the reader could
    not use ('k.A.') that a team fills in stands in the report with its old text."""
    master = _messy_master(xlsx)
    out = tmp_path / "teams"
    assert main(["split", str(master), "--by", "Region", "-o", str(out), "-q"]) == 0
    before = _all_cells(master)
    kunden = openpyxl.load_workbook(master)["Kunden"]
    target = kunden["A3"].value  # the customer whose image is 'k.A.'
    team = next(
        p
        for p in out.glob("*.xlsx")
        if target in [c.value for c in openpyxl.load_workbook(p)["Kunden"]["A"]]
    )
    _set(team, str(target), "Image", 4)
    new = tmp_path / "neu.xlsx"
    assert (
        main(["merge", str(master), *map(str, sorted(out.glob("*.xlsx"))), "-o", str(new), "-q"])
        == 0
    )
    after = _all_cells(new)
    column = 1 + [c.value for c in kunden[1]].index("Image")
    image_cell = f"{openpyxl.utils.get_column_letter(column)}3"
    changed = {
        (sheet, ref)
        for sheet, cells in before.items()
        for ref in cells.keys() | after[sheet].keys()
        if cells.get(ref) != after[sheet].get(ref)
    }
    assert changed == {("Kunden", image_cell)}
    assert after["Kunden"][image_cell] == 4
    report = _report(new)
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in report] == [
        (target, "Image", "k.A.", 4, _shown("o.uebernommen"))
    ]


def test_invalid_team_values_are_reported_never_taken_over(
    split_dir: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    """Text in a rating, 25 meant as 25 % in a share column (which must not turn every other
    share of the team into percent points), a negative amount, a row copied twice with another
    value, and an error value: each is reported and the master value stays."""
    master, teams = split_dir
    wb = openpyxl.load_workbook(teams[0])
    ws = wb["Kunden"]
    ids = [r[0] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    wb.close()
    _set(teams[0], ids[0], "Image", "gut")
    _set(teams[0], ids[1], "Wiederkaufrate", 25)
    _set(teams[0], ids[2], "Potenzial", -5)
    _set(teams[0], ids[3], "Kooperation", 2)  # a valid edit among the invalid ones
    wb = openpyxl.load_workbook(teams[0])
    ws = wb["Kunden"]
    copy = [c.value for c in ws[2]]
    copy[[c.value for c in ws[1]].index("Image")] = 5
    ws.append(copy)  # the first customer a second time, with another image
    wb.save(teams[0])
    new = tmp_path / "neu.xlsx"
    assert main(["merge", str(master), str(teams[0]), "-o", str(new), "-q"]) == 0
    before, after = _master_values(master), _master_values(new)
    for cid in before:
        for header, value in before[cid].items():
            if (cid, header) != (ids[3], "Kooperation"):
                assert after[cid][header] == value, (cid, header)
    assert after[ids[3]]["Kooperation"] == 2
    outcomes = {(r[1], r[2], str(r[5]).split(":")[0]) for r in _report(new)}
    assert (ids[0], "Image", _shown("o.ungueltig")) in outcomes
    assert (ids[1], "Wiederkaufrate", _shown("o.ungueltig")) in outcomes
    assert (ids[2], "Potenzial", _shown("o.ungueltig")) in outcomes
    assert (ids[3], "Kooperation", _shown("o.uebernommen")) in outcomes
    assert any(
        r[1] == ids[0] and _shown("o.zeile").split("{row}")[1].split(":")[0].strip() in str(r[5])
        for r in _report(new)
    )


def test_team_owned_column_the_master_lacks_is_added(xlsx: Factory, tmp_path: Path) -> None:
    rows = to_input_rows(generate_portfolio(20, seed=4))
    drop = rows[0].index("Image")
    master = xlsx([[v for j, v in enumerate(r) if j != drop] for r in rows], name="stamm.xlsx")
    out = tmp_path / "teams"
    assert main(["split", str(master), "--by", "Region", "-o", str(out), "-q"]) == 0
    team = sorted(out.glob("*.xlsx"))[0]
    customer = next(
        r[0] for r in openpyxl.load_workbook(team)["Kunden"].iter_rows(min_row=2, values_only=True)
    )
    _set(team, str(customer), "Image", 5)
    new = tmp_path / "neu.xlsx"
    assert main(["merge", str(master), str(team), "-o", str(new), "-q"]) == 0
    after = _master_values(new)
    assert after[str(customer)]["Image"] == 5
    assert {c for c, v in after.items() if v["Image"] is not None} == {customer}


def test_merge_never_overwrites_its_inputs(split_dir: tuple[Path, list[Path]]) -> None:
    master, teams = split_dir
    before = master.read_bytes(), teams[0].read_bytes()
    assert main(["merge", str(master), str(teams[0]), "-o", str(master), "-q"]) == 2
    assert main(["merge", str(master), str(teams[0]), "-o", str(teams[0]), "-q"]) == 2
    assert (master.read_bytes(), teams[0].read_bytes()) == before


def test_team_workbook_without_id_column_is_reported(
    split_dir: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    master, teams = split_dir
    wb = openpyxl.load_workbook(teams[0])
    wb["Kunden"]["A1"].value = "Nummer"  # the id header typed over
    wb.save(teams[0])
    _set(teams[1], openpyxl.load_workbook(teams[1])["Kunden"]["A2"].value, "Image", 1)
    new = tmp_path / "neu.xlsx"
    assert main(["merge", str(master), str(teams[0]), str(teams[1]), "-o", str(new), "-q"]) == 3
    report = _report(new)
    assert any(r[0] == teams[0].name and _shown("o.unlesbar") in str(r[5]) for r in report)
    assert any(r[0] == teams[1].name and r[5] == _shown("o.uebernommen") for r in report)


def test_split_carries_the_masters_model(xlsx: Factory, tmp_path: Path) -> None:
    """Without --config the team workbooks compute with the weights the master keeps."""
    from kundenwert.book.config_sheet import configuration_sheet
    from kundenwert.method.config import Config, Threshold, default_factors
    from kundenwert.xlsx.config_file import read_config
    from kundenwert.xlsx.openpyxl_renderer import add_sheet

    factors = default_factors()
    factors[0].weight, factors[1].weight = 50.0, 10.0  # revenue counts more here
    model = Config(factors=factors, threshold_ist=Threshold(method="fest", value=55))
    master = xlsx(to_input_rows(generate_portfolio(20, seed=5)), name="stamm.xlsx")
    book = openpyxl.load_workbook(master)
    add_sheet(book, configuration_sheet(model))
    book.save(master)
    out = tmp_path / "teams"
    assert main(["split", str(master), "--by", "Region", "-o", str(out), "-q"]) == 0
    for team in out.glob("*.xlsx"):
        assert read_config(team) == model


def test_team_workbook_opens_ratings_and_estimates_only(
    split_dir: tuple[Path, list[Path]],
) -> None:
    """Ratings and estimates are open with drop-downs and range checks; ERP figures, formulas
    and the model are protected without a password."""
    from kundenwert.cells.columns import INPUT_COLUMNS

    _, teams = split_dir
    wb = openpyxl.load_workbook(teams[0])
    for name in ("Kunden", "Matrix", "Konfiguration", "Hilfswerte"):
        assert wb[name].protection.sheet, name
        assert not wb[name].protection.password, name
    ws = wb["Kunden"]
    header = [c.value for c in ws[1]]
    rows = range(2, ws.max_row + 1)
    for j, h in enumerate(header, start=1):
        col = next((c for c in INPUT_COLUMNS if c.de == h), None)
        open_ = col is not None and col.team_owned
        assert {ws.cell(r, j).protection.locked for r in rows} == {not open_}, h
    checks = {
        str(dv.sqref).split(":")[0].rstrip("0123456789"): dv
        for dv in ws.data_validations.dataValidation
    }
    letter = {h: openpyxl.utils.get_column_letter(j) for j, h in enumerate(header, start=1)}
    assert checks[letter["Image"]].type == "list"
    assert checks[letter["Image"]].formula1 == '"1,2,3,4,5"'
    share = checks[letter["Wiederkaufrate"]]
    assert (share.type, share.formula1, share.formula2) == ("decimal", "0", "1")
    assert checks[letter["Potenzial"]].type == "decimal"


# --- the merge rules, on plain rows: what the team got, what it returned, what the master holds


def _wb(
    name: str, rows: dict[str, dict[str, object]], given: dict[str, dict[str, object]]
) -> Returned:
    return Returned(name, Marker("20250101T000000-a", "F", "region", "Nord"), rows, given=given)


def test_three_way_rules() -> None:
    got = {"K1": {"image": 3.0, "umsatz": 100.0}, "K2": {"image": 2.0}, "K3": {"image": 1.0}}
    master = {
        "K1": {"image": 3.0, "umsatz": 100.0},
        "K2": {"image": 5.0},  # the controller changed it since the split
        "K3": {"image": 4.0},  # changed since the split to what the team also entered
        "K4": {"image": None},
    }
    team = {
        "K1": {"image": 1.0, "umsatz": 999.0},
        "K2": {"image": 1.0},
        "K3": {"image": 4.0},
        "K9": {"image": 2.0},
    }
    result = merge(master, "F", [_wb("nord.xlsx", team, got)])
    outcome = {(f.customer, f.column): f.kind for f in result.findings}
    assert outcome == {
        ("K1", "image"): "uebernommen",
        ("K1", "umsatz"): "geschuetzt",
        ("K2", "image"): "konflikt",
        ("K9", None): "neu",
    }
    assert [r["image"] for r in result.rows.values()] == [1.0, 5.0, 4.0, None]
    assert result.rows["K1"]["umsatz"] == 100.0
    assert result.used == [("20250101T000000-a", "F")]


def test_merging_again_finds_nothing_to_do() -> None:
    got = {"K1": {"image": 3.0}, "K2": {"image": 2.0}}
    team = {"K1": {"image": 1.0}, "K2": {"image": 2.0}}
    first = merge(got, "F", [_wb("a.xlsx", team, got)])
    again = merge(first.rows, "G", [_wb("a.xlsx", team, got)], lineage=[("20250101T000000-a", "F")])
    assert again.rows == first.rows == {"K1": {"image": 1.0}, "K2": {"image": 2.0}}
    assert again.findings == []


def test_deleted_rows_copies_and_splits() -> None:
    got = {"K1": {"image": 3.0}, "K2": {"image": 2.0}}
    one = _wb("a.xlsx", {"K1": {"image": 1.0}}, got)  # K2 deleted
    copy = _wb("kopie.xlsx", {"K1": {"image": 5.0}, "K2": {"image": 2.0}}, got)
    result = merge(got, "F", [one, copy])
    outcome = sorted((f.workbook, f.customer, f.kind) for f in result.findings)
    assert outcome == [
        ("a.xlsx", "K1", "konflikt"),
        ("a.xlsx", "K2", "geloescht"),
        ("kopie.xlsx", "K1", "konflikt"),
    ]
    assert result.rows == got
    newer = Returned("neu.xlsx", Marker("20250301T000000-b", "F", "region", "Nord"), {}, given={})
    older = merge(got, "F", [one, newer])
    assert [f.what for f in older.findings if f.workbook == "a.xlsx"][0] == "o.veraltet"
    assert older.rows == got


def _first_id(path: Path) -> str:
    ws = openpyxl.load_workbook(path)["Kunden"]
    return str(next(r[0] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]))


def test_teams_come_back_one_after_the_other(
    split_dir: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    """First one team, then another into the new master, then the first again: both edits
    land, the repeated merge changes nothing; a master saved again unchanged keeps matching."""
    master, teams = split_dir
    a, b = _first_id(teams[0]), _first_id(teams[1])
    before = _master_values(master)
    image_a = 1 if before[a]["Image"] != 1 else 2
    image_b = 5 if before[b]["Image"] != 5 else 4
    _set(teams[0], a, "Image", image_a)
    _set(teams[1], b, "Image", image_b)
    resaved = tmp_path / "stamm_gespeichert.xlsx"
    saved = openpyxl.load_workbook(master)
    # saved by someone else: other bytes, same data (a bare re-save within the same second
    # can give the very same bytes)
    saved.properties.lastModifiedBy = "Vertriebscontrolling"
    saved.save(resaved)
    assert resaved.read_bytes() != master.read_bytes()
    first, second, third = (tmp_path / f"neu{i}.xlsx" for i in (1, 2, 3))
    assert main(["merge", str(resaved), str(teams[0]), "-o", str(first), "-q"]) == 0
    assert main(["merge", str(first), str(teams[1]), "-o", str(second), "-q"]) == 0
    after = _master_values(second)
    assert (after[a]["Image"], after[b]["Image"]) == (image_a, image_b)
    assert all(
        after[c][h] == v for c, row in before.items() for h, v in row.items() if c not in (a, b)
    )
    assert main(["merge", str(second), str(teams[0]), str(teams[1]), "-o", str(third), "-q"]) == 0
    assert _master_values(third) == after
    assert _report(third) == []  # "Keine Änderungen und keine Konflikte." only


def test_master_changed_since_the_split_is_a_conflict(
    split_dir: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    master, teams = split_dir
    customer = _first_id(teams[0])
    first = tmp_path / "neu1.xlsx"
    _set(teams[0], customer, "Kooperation", 1)
    assert main(["merge", str(master), str(teams[0]), "-o", str(first), "-q"]) == 0
    # the controller sets the cooperation again in the new master; the team changes its mind
    wb = openpyxl.load_workbook(first)
    ws = wb["Kunden"]
    col = [c.value for c in ws[1]].index("Kooperation") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == customer)
    ws.cell(row, col).value = 3
    wb.save(first)
    _set(teams[0], customer, "Kooperation", 2)
    second = tmp_path / "neu2.xlsx"
    assert main(["merge", str(first), str(teams[0]), "-o", str(second), "-q"]) == 0
    assert _master_values(second)[customer]["Kooperation"] == 3
    conflict = [r for r in _report(second) if r[1] == customer]
    assert [(r[2], r[3], r[4], str(r[5]).split(":")[0]) for r in conflict] == [
        ("Kooperation", 3, 2, _shown("o.konflikt"))
    ]


def test_split_never_overwrites_returned_work(
    split_dir: tuple[Path, list[Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    master, teams = split_dir
    _set(teams[0], _first_id(teams[0]), "Image", 1)  # returned work in the folder
    before = {p: p.read_bytes() for p in teams}
    capsys.readouterr()
    args = ["split", str(master), "--by", "Region", "-o", str(teams[0].parent), "-q"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert teams[0].name in err and "--ueberschreiben" in err
    assert {p: p.read_bytes() for p in teams} == before  # nothing written
    assert main([*args, "--ueberschreiben"]) == 0
    out = capsys.readouterr().out
    assert all(f"{p}  (überschrieben)" in out for p in teams)
    assert f"{len(teams)} Teammappen geschrieben, davon {len(teams)} überschrieben" in out
    assert teams[0].read_bytes() != before[teams[0]]
