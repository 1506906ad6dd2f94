"""Split → edit as a team would (openpyxl) → merge: every edit lands, every conflict is reported."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from kundenwert.cli import main
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from kundenwert.xlsx.teams import MARKER_SHEET

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
        == 0
    )
    before, after = _master_values(master), _master_values(new)
    assert after[a]["Image"] == image
    assert after[a]["Umsatz"] == before[a]["Umsatz"]
    assert after[b]["Referenzbereitschaft"] == before[b]["Referenzbereitschaft"]
    assert deleted in after  # a deleted row never deletes the customer
    report = _report(new)
    outcomes = {(r[1], r[2], str(r[5]).split(":")[0]) for r in report}
    assert (a, "Image", "übernommen") in outcomes
    assert (a, "Umsatz", "geschützt") in outcomes
    assert (b, "Referenzbereitschaft", "Konflikt") in outcomes
    assert (deleted, None, "gelöscht") in outcomes
    assert any(r[0] == "fremd.xlsx" and str(r[5]).startswith("fremd") for r in report)
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
        == 0
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
    assert main(["merge", str(changed), str(teams[0]), "-o", str(new), "-q"]) == 0
    report = _report(new)
    assert any(str(r[5]).startswith("veraltet") for r in report)
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


def test_renamed_sheet_is_reported(split_dir: tuple[Path, list[Path]], tmp_path: Path) -> None:
    master, teams = split_dir
    wb = openpyxl.load_workbook(teams[0])
    wb["Kunden"].title = "Meine Kunden"
    wb.save(teams[0])
    new = tmp_path / "neu.xlsx"
    assert main(["merge", str(master), str(teams[0]), "-o", str(new), "-q"]) == 0
    assert any("umbenannt" in str(r[5]) for r in _report(new))
    before, after = _master_values(master), _master_values(new)
    assert {c: {h: after[c][h] for h in v} for c, v in before.items()} == before
