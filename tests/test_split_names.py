"""`split` gives every team a file of its own and every customer a place, or writes nothing."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

import kundenwert.teams.workflow as workflow
from kundenwert.cli import main
from kundenwert.workbook.sample import generate_portfolio, to_input_rows

Factory = Callable[..., Path]

#: Region names that a file system cannot tell apart once cleaned (or by case), blank ones,
#: a real region named like the blank team, and a NUL (stored as Excel stores it: _x0000_).
REGIONS = [
    "a/b",
    "a_b",
    "a?b",
    "=1+1",
    "+1+1",
    "Nord",
    "nord",
    None,
    "   ",
    "(ohne)",
    "Sü_x0000_d",
    "L" * 300,
]


def _master(xlsx: Factory, per_region: int = 2) -> tuple[Path, dict[str, object]]:
    """A master whose customers are spread over REGIONS (`per_region` each); the region
    each customer id was given."""
    rows = to_input_rows(generate_portfolio(len(REGIONS) * per_region, seed=5))
    column = rows[0].index("Region")
    given: dict[str, object] = {}
    for i, row in enumerate(rows[1:]):
        row[column] = REGIONS[i % len(REGIONS)]
        given[str(row[0])] = row[column]
    path = xlsx(rows, name="stamm.xlsx")
    book = openpyxl.load_workbook(path)
    for row in book["Kunden"].iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a region named "=1+1", as text
    book.save(path)
    return path, given


def _customers(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path, read_only=True)["Kunden"]
    return [str(r[0]) for r in ws.iter_rows(min_row=2, values_only=True) if r and r[0]]


def test_every_team_gets_its_own_file_and_every_customer_a_place(
    xlsx: Factory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    master, given = _master(xlsx)
    out = tmp_path / "teams"
    assert main(["split", str(master), "--by", "Region", "-o", str(out)]) == 0
    files = sorted(out.iterdir())
    # 12 region values: None and "   " are one team (no region), so 11 teams, 11 files
    assert len(files) == 11
    assert len({p.name.casefold() for p in files}) == 11  # distinct on any disk
    assert all(p.suffix == ".xlsx" for p in files)
    assert all(len(p.name.encode()) <= 255 for p in files)
    placed = [c for p in files for c in _customers(p)]
    assert sorted(placed) == sorted(given)  # every customer exactly once
    # each file holds one team, and the team is named inside it
    blank = {cid for cid, r in given.items() if r is None or not str(r).strip()}
    for path in files:
        ids = set(_customers(path))
        book = openpyxl.load_workbook(path)
        guide = book["Anleitung"]
        assert guide["A9"].value == "Diese Teammappe gehört zu Region:"
        named = guide["A10"]
        # calamine reads the _xHHHH_ escapes as Excel does (openpyxl leaves them as they are)
        marker = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("_kundenwert")
        team = {r[0]: r[1] for r in marker.to_python()[1:] if r and r[0]}["team"]
        regions = {given[c] for c in ids}
        if ids == blank:
            assert team == ""  # the marker keeps the blank team blank
            assert named.value == "(ohne Region)"
        else:
            assert len(regions) == 1
            (region,) = regions
            assert team == region.replace("_x0000_", "\0")  # "=1+1" as text, not a formula
            # the name as the master holds it, in a cell of its own, as text; a NUL shown
            assert named.value == region.replace("_x0000_", "\\x00")
            assert named.data_type == "s"
            assert book["_kundenwert"]["B5"].data_type == "s"
    # the real region "(ohne)" and the customers without one are apart
    ohne = [
        p for p in files if set(_customers(p)) == {c for c, r in given.items() if r == "(ohne)"}
    ]
    assert len(ohne) == 1
    out_text = capsys.readouterr().out
    assert "11 Teammappen geschrieben" in out_text
    assert out_text.count(".xlsx") == 11
    assert ".xlsx  (Sü\\x00d)" in out_text  # the NUL shown, not printed raw
    # the customers without a region, apart from the region named "(ohne)"
    assert "Region__ohne__2.xlsx  ((ohne Region))" in out_text
    assert "Region__ohne_.xlsx  ((ohne))" in out_text


def test_case_and_cleaning_collisions_get_numbers_in_a_fixed_order() -> None:
    names = workflow.team_file_names(["a/b", "a_b", "Nord", "nord", None, "(ohne)"], "Region", "de")
    # sorted case-insensitively; the first keeps the plain name, the others are numbered
    assert names == {
        "(ohne)": "Region__ohne_.xlsx",
        "Nord": "Region_Nord.xlsx",
        "nord": "Region_nord_2.xlsx",
        "a/b": "Region_a_b.xlsx",
        "a_b": "Region_a_b_2.xlsx",
        None: "Region__ohne__2.xlsx",
    }


def test_a_failed_split_leaves_no_file(
    xlsx: Factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    master, _ = _master(xlsx, per_region=1)
    out = tmp_path / "teams"
    out.mkdir()
    real = workflow.write_plan
    calls: list[Path] = []

    def fail_third(plan: object, path: Path) -> Path:
        calls.append(path)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(plan, path)  # type: ignore[arg-type]

    monkeypatch.setattr(workflow, "write_plan", fail_third)
    assert main(["split", str(master), "--by", "Region", "-o", str(out), "-q"]) != 0
    assert list(out.iterdir()) == []  # neither team files nor a staging folder
    monkeypatch.setattr(workflow, "write_plan", real)
    assert main(["split", str(master), "--by", "Region", "-o", str(out), "-q"]) == 0
    assert len(list(out.iterdir())) == 11


def test_parts_left_by_a_killed_write_are_removed(xlsx: Factory, tmp_path: Path) -> None:
    master, _ = _master(xlsx, per_region=1)
    out = tmp_path / "teams"
    out.mkdir()
    old = out / "tmpab12_xyz.xlsx.part"
    young = out / "tmpcd34_xyz.xlsx.part"  # may belong to a write still running
    mine = out / "tmp_notes.xlsx.part.txt"  # not a name we give
    for p in (old, young, mine):
        p.write_bytes(b"PK")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    os.utime(mine, (hour_ago, hour_ago))
    assert main(["split", str(master), "--by", "Region", "-o", str(out), "-q"]) == 0
    assert not old.exists()
    assert young.exists() and mine.exists()


def test_score_removes_a_part_a_killed_run_left_beside_its_result(
    xlsx: Factory, tmp_path: Path
) -> None:
    source = xlsx(to_input_rows(generate_portfolio(8, seed=1)))
    out = tmp_path / "ergebnisse"
    out.mkdir()
    left = out / "tmpzz99_abc.xlsx.part"
    left.write_bytes(b"PK")
    hour_ago = time.time() - 3600
    os.utime(left, (hour_ago, hour_ago))
    assert main(["score", str(source), "-o", str(out / "e.xlsx"), "-q"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["e.xlsx"]
