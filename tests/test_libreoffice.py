"""The LibreOffice bridge: formulas recalculated by a real engine, sheets rendered to PNG."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import PatternFill
from PIL import Image

from tests import libreoffice as lo

if not lo.soffice_available():
    pytest.skip(
        "headless LibreOffice (soffice) and pdftoppm are not installed", allow_module_level=True
    )

pytestmark = pytest.mark.libreoffice

PINK = (216, 27, 96)  # used in no default style or chart of LibreOffice
TEAL = (0, 128, 128)
UNUSED = (20, 200, 20)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "".join(f"{c:02X}" for c in rgb)


def test_formulas_without_cached_values_are_computed(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row, value in enumerate((1.5, 2, 40), start=1):
        ws.cell(row, 1, value)
    ws["B1"] = "=SUM(A1:A3)"
    ws["B2"] = "=A3/A1*2"
    src = tmp_path / "formeln.xlsx"
    wb.save(src)
    # openpyxl stores the formulas only: nothing to read before LibreOffice computed them
    assert openpyxl.load_workbook(src, data_only=True).active["B1"].value is None  # type: ignore[index]

    out = lo.recalculate(src, tmp_path / "lo")
    assert out.parent == (tmp_path / "lo").resolve() and out.suffix == ".xlsx"
    values = openpyxl.load_workbook(out, data_only=True).active
    assert values is not None
    assert values["B1"].value == pytest.approx(43.5)
    assert values["B2"].value == pytest.approx(40 / 1.5 * 2, rel=1e-12)
    assert src.is_file()  # the input is still there, unchanged in place


def test_recalculate_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    src = tmp_path / "a.xlsx"
    openpyxl.Workbook().save(src)
    with pytest.raises(ValueError):
        lo.recalculate(src, tmp_path)
    with pytest.raises(FileNotFoundError):
        lo.recalculate(tmp_path / "fehlt.xlsx", tmp_path / "lo")


def _coloured_book(path: Path, pages: int) -> Path:
    """`pages` sheets, one printed page each; the first filled pink, the last (if not the
    first) teal."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for k in range(1, pages + 1):
        ws = wb.create_sheet(f"Blatt{k}")
        ws["A1"] = f"Seite {k}"
        colour = PINK if k == 1 else TEAL if k == pages else None
        if colour is not None:
            fill = PatternFill("solid", fgColor=_hex(colour))
            for row in ws.iter_rows(min_row=2, max_row=20, min_col=1, max_col=6):
                for cell in row:
                    cell.fill = fill
    wb.save(path)
    return path


def test_render_png_pages_in_order_with_their_colours(tmp_path: Path) -> None:
    # 11 pages: page numbers with one and two digits must sort as numbers
    src = _coloured_book(tmp_path / "farben.xlsx", 11)
    pages = lo.render_png(src, tmp_path / "png", dpi=50)
    assert len(pages) == 11
    assert all(p.suffix == ".png" and p.is_file() for p in pages)
    first, second, last = pages[0], pages[1], pages[-1]
    assert lo.colour_share(first, PINK, 20) > 0.01
    assert lo.colour_share(first, TEAL, 20) < 0.0005
    assert lo.colour_share(last, TEAL, 20) > 0.01
    assert lo.colour_share(last, PINK, 20) < 0.0005
    assert lo.colour_share(second, PINK, 20) < 0.0005
    for page in (first, last):
        assert lo.colour_share(page, UNUSED, 20) < 0.0005

    # rendering a shorter book under the same name leaves no stale pages behind
    _coloured_book(src, 1)
    again = lo.render_png(src, tmp_path / "png", dpi=50)
    assert len(again) == 1
    assert lo.colour_share(again[0], PINK, 20) > 0.01


def test_colour_share_counts_pixels_within_the_tolerance(tmp_path: Path) -> None:
    png = tmp_path / "halb.png"
    im = Image.new("RGB", (100, 50), (255, 255, 255))
    im.paste((200, 10, 10), (0, 0, 50, 50))  # left half red
    im.paste((210, 20, 20), (0, 0, 10, 50))  # a slightly different red, left tenth
    im.save(png)
    assert lo.colour_share(png, (200, 10, 10), tolerance=0) == pytest.approx(0.4)
    assert lo.colour_share(png, (200, 10, 10), tolerance=10) == pytest.approx(0.5)
    assert lo.colour_share(png, (200, 10, 10), 10, box=(0.5, 0.0, 1.0, 1.0)) == 0.0
    assert lo.colour_share(png, (255, 255, 255)) == pytest.approx(0.5)


def test_lock_files_left_by_a_stopped_run_do_not_block_the_next(tmp_path: Path) -> None:
    # a run killed while saving leaves .~lock.<name># beside its output; LibreOffice then
    # refused to save there ("SfxBaseModel::impl_store … failed") until the lock was removed
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"], ws["A2"] = 2, "=A1*21"
    src = tmp_path / "mappe.xlsx"
    wb.save(src)
    outdir = tmp_path / "out"
    outdir.mkdir()
    stale = ",root,anderer-rechner,25.11.2026 01:35,file:///tmp/kundenwert-lo-weg/profile;"
    for folder in (tmp_path, outdir):
        (folder / ".~lock.mappe.xlsx#").write_text(stale, encoding="utf-8")
    out = lo.recalculate(src, outdir)
    ws = openpyxl.load_workbook(out, data_only=True).active
    assert ws is not None and ws["A2"].value == 42
    assert sorted(p.name for p in outdir.iterdir()) == [".~lock.mappe.xlsx#", "mappe.xlsx"]
