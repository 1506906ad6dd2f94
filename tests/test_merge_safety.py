"""`merge` takes over only what a team may change, never a formula as a blank, and the file it
writes is always either the previous one or the complete new one, even when it is killed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from kundenwert.book.labels import t
from kundenwert.cli import main
from kundenwert.workbook.sample import generate_portfolio, to_input_rows

Factory = Callable[..., Path]


def _ids(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path, read_only=True)["Kunden"]
    return [str(r[0]) for r in ws.iter_rows(min_row=2, values_only=True) if r and r[0]]


def _values(path: Path) -> dict[str, dict[str, object]]:
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
def teams(xlsx: Factory, tmp_path: Path) -> tuple[Path, list[Path]]:
    master = xlsx(to_input_rows(generate_portfolio(24, seed=11)), name="stamm.xlsx")
    out = tmp_path / "teams"
    assert main(["split", str(master), "--by", "Region", "-o", str(out), "-q"]) == 0
    return master, sorted(out.glob("*.xlsx"))


def test_a_team_cannot_change_a_customer_it_was_not_given(
    teams: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    master, files = teams
    mine, other = files[0], files[1]
    stranger = _ids(other)[0]
    before = _values(master)[stranger]
    rating = 1 if before["Image"] != 1 else 2
    # the stranger's row appended to this team's sheet, with a changed rating
    wb = openpyxl.load_workbook(mine)
    ws = wb["Kunden"]
    header = [c.value for c in ws[1]]
    row = ws.max_row + 1
    for j, h in enumerate(header, start=1):
        if h in before:
            ws.cell(row, j).value = rating if h == "Image" else before[h]  # type: ignore[assignment]
    wb.save(mine)
    new = tmp_path / "neu.xlsx"
    assert main(["merge", str(master), str(mine), "-o", str(new), "-q"]) == 0
    assert _values(new)[stranger]["Image"] == before["Image"]  # the master's rating stays
    refused = [r for r in _report(new) if r[1] == stranger]
    assert [(r[0], str(r[5]).split(":")[0]) for r in refused] == [
        (mine.name, t("o.nicht_gegeben").split(":")[0])
    ]
    assert refused[0][4] == f"Image: {float(rating)}"  # what the team wrote, as read


def _formula_into(path: Path, customer: str, header: str, formula: str, cached: str) -> None:
    """A formula in one input cell; with `cached` its stored value (openpyxl stores none, so
    the value is written into the sheet XML as Excel would)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Kunden"]
    col = [c.value for c in ws[1]].index(header) + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == customer)
    ws.cell(row, col).value = formula
    ref = ws.cell(row, col).coordinate
    names = wb.sheetnames
    wb.save(path)
    if not cached:
        return
    part = f"xl/worksheets/sheet{names.index('Kunden') + 1}.xml"
    with zipfile.ZipFile(path) as z:
        items = {i.filename: z.read(i) for i in z.infolist()}
    xml = items[part].decode()
    xml, n = re.subn(
        rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f><v\s*/?>(?:</v>)?',
        rf"\1<f>\2</f><v>{cached}</v>",
        xml,
    )
    assert n == 1
    items[part] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items.items():
            z.writestr(name, data)


def test_a_formula_in_an_input_cell_is_never_taken_for_a_blank(
    teams: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    master, files = teams
    a, b = _ids(files[0])[:2]
    before = _values(master)
    assert before[a]["Image"] is not None and before[b]["Image"] is not None
    _formula_into(files[0], a, "Image", "=2+1", "")  # no stored value: read as empty
    cached = 5 if before[b]["Image"] != 5 else 4
    _formula_into(files[0], b, "Image", "=2+2", str(cached))
    new = tmp_path / "neu.xlsx"
    assert main(["merge", str(master), str(files[0]), "-o", str(new), "-q"]) == 0
    after = _values(new)
    assert after[a]["Image"] == before[a]["Image"]  # not wiped
    assert after[b]["Image"] == cached  # the stored value, taken over
    outcomes = {(r[1], r[2], str(r[5])) for r in _report(new) if r[1] in (a, b)}
    assert outcomes == {
        (a, "Image", t("o.formel_ohne_wert").format(formula="=2+1")),
        (b, "Image", t("o.formel_wert").format(formula="=2+2")),
        (b, "Image", t("o.uebernommen")),
    }


def _sheet_values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every sheet's cell values: what "the same workbook" means below."""
    wb = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}  # type: ignore[union-attr]


def test_a_killed_merge_leaves_the_previous_or_the_complete_file(
    xlsx: Factory, tmp_path: Path
) -> None:
    """Kill `merge` at several points of its run (as soon as it starts, when its staging
    folder appears, when the patched master is in it, and when the re-scored sheets are
    being written): the file at -o is the previous one or the complete new one, never a
    mixture, and a later run cleans up."""
    source = xlsx(to_input_rows(generate_portfolio(600, seed=4)), name="eingabe.xlsx")
    master = tmp_path / "stamm.xlsx"
    assert main(["score", str(source), "-o", str(master), "-q"]) == 0  # with result sheets
    out = tmp_path / "teams"
    assert main(["split", str(master), "--by", "Region", "-o", str(out), "-q"]) == 0
    team = sorted(out.glob("*.xlsx"))[0]
    wb = openpyxl.load_workbook(team)
    ws = wb["Kunden"]
    col = [c.value for c in ws[1]].index("Image") + 1
    ws.cell(2, col).value = 1 if ws.cell(2, col).value != 1 else 2
    wb.save(team)
    target = tmp_path / "ergebnis" / "neu.xlsx"
    target.parent.mkdir()
    complete = tmp_path / "komplett" / "neu.xlsx"  # the same name: the report names it
    args = ["merge", str(master), str(team), "-q"]
    assert main([*args, "-o", str(complete)]) == 0
    new_values = _sheet_values(complete)
    previous = master.read_bytes()
    command = [
        sys.executable,
        "-c",
        "import sys; from kundenwert.cli import main; sys.exit(main())",
    ]

    def staged() -> list[Path]:
        return [p for d in target.parent.glob(".kundenwert-merge-*") for p in d.iterdir()]

    points: list[Callable[[], bool]] = [
        lambda: True,  # at once
        lambda: any(target.parent.glob(".kundenwert-merge-*")),
        lambda: any(p.name == target.name for p in staged()),
        lambda: any(p.name.endswith(".xlsx.part") for p in staged()) and len(staged()) > 1,
    ]
    seen = []
    for ready in points:
        target.write_bytes(previous)
        proc = subprocess.Popen(
            [*command, *args, "-o", str(target)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 120  # a bound on the test, not a claim on speed
            while proc.poll() is None and not ready() and time.monotonic() < deadline:
                time.sleep(0.005)
            assert proc.poll() is not None or ready()  # killed at that point, or done before
            proc.kill()
        finally:
            proc.wait()
        data = target.read_bytes()
        if data == previous:
            seen.append("previous")
        else:
            assert _sheet_values(target) == new_values
            seen.append("new")
    assert "previous" in seen  # at least the first kill hit a running merge
    # a finished run replaces the file, and what killed runs left beside it goes
    for left in target.parent.glob(".kundenwert-merge-*"):
        old = time.time() - 3600
        os.utime(left, (old, old))
    target.write_bytes(previous)
    assert main([*args, "-o", str(target)]) == 0
    assert _sheet_values(target) == new_values
    assert sorted(p.name for p in target.parent.iterdir()) == ["neu.xlsx"]
