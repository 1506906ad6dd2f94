"""Tiny hostile files are refused with a message that names the file and the part, within a
bounded memory and time: each command runs in a subprocess capped at 1 GB of address space
(a 3 KB file with one cell at ZZ900000 used to make calamine ask for 20 GB and abort)."""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from kundenwert.xlsx.reader import sheet_parts

Factory = Callable[..., Path]
MEMORY_CAP = 1 << 30
#: A bound on each run, so a regression fails instead of hanging the suite (not a speed claim).
TIME_BOUND_S = 120


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """`kundenwert ARGS` in a subprocess whose address space is capped at MEMORY_CAP."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    code = "import sys; from kundenwert.cli import main; sys.exit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        preexec_fn=cap,
        capture_output=True,
        text=True,
        timeout=TIME_BOUND_S,
    )


def _rewrite(path: Path, part: str, change: Callable[[str], str]) -> Path:
    """Change one part of a package's XML, every other part as it was."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == part:
                data = change(data.decode()).encode()
            z.writestr(info.filename, data)
    return path


def _far_cell(path: Path, ref: str = "ZZ900000", own_row: bool = True) -> Path:
    """One more cell, far away: in a row of its own, or inside the first row (a cell's
    reference need not agree with its row; calamine goes by the cell's)."""
    number = re.sub(r"[A-Z]+", "", ref)
    cell = f'<c r="{ref}"><v>1</v></c>'

    def change(xml: str) -> str:
        if own_row:
            return xml.replace("</sheetData>", f'<row r="{number}">{cell}</row></sheetData>')
        return re.sub(r"(<row [^>]*>)", r"\1" + cell, xml, count=1)

    return _rewrite(path, "xl/worksheets/sheet1.xml", change)


@pytest.fixture
def small(xlsx: Factory) -> Path:
    return xlsx(to_input_rows(generate_portfolio(12, seed=2)), name="kunden.xlsx")


@pytest.mark.parametrize("own_row", [True, False], ids=["own-row", "inside-row-1"])
def test_a_far_cell_is_refused_before_reading(small: Path, tmp_path: Path, own_row: bool) -> None:
    hostile = _far_cell(small, own_row=own_row)
    assert hostile.stat().st_size < 20_000
    run = _run("score", str(hostile), "-o", str(tmp_path / "e.xlsx"), "-q")
    assert run.returncode == 2, run.stderr
    assert "kunden.xlsx" in run.stderr and "xl/worksheets/sheet1.xml ('Kunden')" in run.stderr
    # 900,000 rows × 702 columns (ZZ = 26·26 + 26) against the 40,000,000 cells read
    assert "900.000 Zeilen und 702 Spalten" in run.stderr
    assert "40.000.000 Zellen" in run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "e.xlsx").exists()


def test_a_table_within_bounds_is_read(small: Path, tmp_path: Path) -> None:
    """The guard counts rows × columns: a cell at Z1000 (26,000 cells) is no reason to refuse."""
    run = _run("score", str(_far_cell(small, "Z1000")), "-o", str(tmp_path / "e.xlsx"), "-q")
    assert run.returncode == 0, run.stderr


def test_white_space_packed_a_thousandfold_is_refused(small: Path, tmp_path: Path) -> None:
    """256 MB of white space in a sheet, packed to about a quarter of a megabyte."""
    with zipfile.ZipFile(small) as z:
        items = [(i.filename, z.read(i)) for i in z.infolist()]
    bomb = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name != "xl/worksheets/sheet1.xml":
                z.writestr(name, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with z.open(name, "w") as part:
                part.write(head)
                block = b" " * (1 << 20)
                for _ in range(256):
                    part.write(block)
                part.write(b"</sheetData>" + tail)
    assert bomb.stat().st_size < 2 << 20
    run = _run("score", str(bomb), "-o", str(tmp_path / "e.xlsx"), "-q")
    assert run.returncode == 2, run.stderr
    assert "bombe.xlsx" in run.stderr and "xl/worksheets/sheet1.xml ('Kunden')" in run.stderr
    assert "200-fach" in run.stderr


def test_broken_sheet_xml_is_bad_input_naming_the_sheet(small: Path, tmp_path: Path) -> None:
    broken = _rewrite(small, "xl/worksheets/sheet1.xml", lambda x: x.replace("<v>", "<v><<", 1))
    run = _run("score", str(broken), "-o", str(tmp_path / "e.xlsx"), "-q")
    assert run.returncode == 2, run.stderr
    assert "Blatt 'Kunden' (xl/worksheets/sheet1.xml) ist beschädigt" in run.stderr


def test_split_of_a_hostile_master_is_refused(small: Path, tmp_path: Path) -> None:
    run = _run("split", str(_far_cell(small)), "--by", "Region", "-o", str(tmp_path / "t"))
    assert run.returncode == 2, run.stderr
    assert "702 Spalten" in run.stderr
    assert not (tmp_path / "t").exists() or not any((tmp_path / "t").iterdir())


def test_merge_names_the_hostile_and_the_broken_team_file_and_merges_the_rest(
    small: Path, tmp_path: Path
) -> None:
    teams = tmp_path / "teams"
    assert _run("split", str(small), "--by", "Region", "-o", str(teams), "-q").returncode == 0
    good, far, broken, *_ = sorted(teams.glob("*.xlsx"))
    with zipfile.ZipFile(far) as z:
        kunden = sheet_parts(z)["Kunden"]
    far_row = '<row r="900000"><c r="ZZ900000"><v>1</v></c></row></sheetData>'
    _rewrite(far, kunden, lambda x: x.replace("</sheetData>", far_row))
    _rewrite(broken, kunden, lambda x: x.replace("<v>", "<v><<", 1))
    out = tmp_path / "neu.xlsx"
    run = _run("merge", str(small), *map(str, sorted(teams.glob("*.xlsx"))), "-o", str(out))
    assert run.returncode == 3, run.stderr  # written, but not every workbook merged
    assert out.exists()
    first = run.stdout.splitlines()[0]
    assert first.startswith("ACHTUNG: 2 Arbeitsmappe(n) nicht zusammengeführt")
    assert far.name in first and broken.name in first
    assert good.name not in first


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"<html><body><table><tr><td>Kunden-Nr</td></tr></table></body></html>", "Webseite"),
        (None, "ist eine .xlsx-Arbeitsmappe, heißt aber .xls"),
    ],
    ids=["html", "renamed-xlsx"],
)
def test_a_disguised_xls_is_named_for_what_it_is(
    small: Path, tmp_path: Path, content: bytes | None, says: str
) -> None:
    fake = tmp_path / "export.xls"
    fake.write_bytes(small.read_bytes() if content is None else content)
    run = _run("score", str(fake), "-o", str(tmp_path / "e.xlsx"), "-q")
    assert run.returncode == 2, run.stderr
    assert says in run.stderr and "kennwortgeschützt" not in run.stderr


def test_merge_drops_entries_outside_the_package_and_twice_in_it(
    small: Path, tmp_path: Path
) -> None:
    import warnings

    teams = tmp_path / "teams"
    assert _run("split", str(small), "--by", "Region", "-o", str(teams), "-q").returncode == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        with zipfile.ZipFile(small, "a") as z:
            z.writestr("../boese.txt", "x")
            z.writestr("/absolut.txt", "x")
            z.writestr("docProps/app.xml", "<doppelt/>")
    out = tmp_path / "neu.xlsx"
    run = _run("merge", str(small), *map(str, sorted(teams.glob("*.xlsx"))), "-o", str(out), "-q")
    assert run.returncode == 0, run.stderr
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
    assert "../boese.txt" not in names and "/absolut.txt" not in names
    assert names.count("docProps/app.xml") == 1
    report = list(openpyxl.load_workbook(out)["Zusammenführung"].iter_rows(values_only=True))
    dropped = [r[4] for r in report if r[5] and str(r[5]).startswith("Eintrag der Stammdatei")]
    assert dropped == ["../boese.txt", "/absolut.txt", "docProps/app.xml"]
