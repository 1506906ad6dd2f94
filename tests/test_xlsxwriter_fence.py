"""The bulk writer's use of xlsxwriter internals is fenced: an xlsxwriter it was not tested
with, or a private member that has gone, fails here by name instead of writing odd files; and
non-finite numbers are written as xlsxwriter itself writes them."""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from kundenwert.book import plan as p
from kundenwert.xlsx import xlsxwriter_internals, xlsxwriter_renderer


def test_installed_xlsxwriter_is_a_tested_one() -> None:
    assert xlsxwriter_internals.check_xlsxwriter() == [], (
        "the bulk writer uses xlsxwriter internals (kundenwert/xlsx/xlsxwriter_internals.py); "
        "test it with this version, then add the version to TESTED_VERSIONS and pyproject.toml"
    )


def test_the_fence_names_an_unknown_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsxwriter, "__version__", "9.9.9")
    monkeypatch.delattr(xlsxwriter.worksheet.Worksheet, "_write_rows")
    found = xlsxwriter_internals.check_xlsxwriter()
    assert any("9.9.9" in f for f in found)
    assert "xlsxwriter.worksheet.Worksheet has no '_write_rows'" in found


def test_only_the_internals_module_touches_private_xlsxwriter_members() -> None:
    """The fence covers what xlsxwriter_internals.py uses; a private member used anywhere else
    in the package would escape it."""
    package = Path(xlsxwriter_internals.__file__).parent.parent
    private = [n for names in xlsxwriter_internals.PRIVATE_MEMBERS.values() for n in names]
    private = [n for n in private if n.startswith("_")]
    assert "_write_rows" in private and "_get_xf_index" in private
    found = [
        f"{module.relative_to(package)}: {name}"
        for module in package.rglob("*.py")
        if module.name != "xlsxwriter_internals.py"
        for name in private
        if re.search(rf"\.{name}\b|def {name}\b", module.read_text(encoding="utf-8"))
    ]
    assert found == [], found


def _cells(path: Path, sheet: int = 1) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        xml = z.read(f"xl/worksheets/sheet{sheet}.xml").decode()
    return {
        m.group(1): m.group(0) for m in re.finditer(r'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>.*?</c>)', xml)
    }


def test_infinite_numbers_are_written_as_xlsxwriter_writes_them(tmp_path: Path) -> None:
    """Large tables (bulk path) and small ones (xlsxwriter's own write_number) give the same
    cell for ±inf, and NaN stays an empty cell; no cell holds the text 'inf'."""
    n = xlsxwriter_renderer.BULK_ROWS + 5
    values = [
        [float(i), math.inf if i == 3 else -math.inf if i == 4 else math.nan if i == 5 else 1.5]
        for i in range(n)
    ]
    big = p.Plan([p.Sheet("Gross", [p.Table("A1", ["i", "x"], values)])])
    small = p.Plan([p.Sheet("Klein", [p.Table("A1", ["i", "x"], values[:10])])])
    a = _cells(xlsxwriter_renderer.write_plan(big, tmp_path / "gross.xlsx"))
    b = _cells(xlsxwriter_renderer.write_plan(small, tmp_path / "klein.xlsx"))
    for ref in ("B5", "B6"):
        assert re.sub(r'\ss="\d+"', "", a[ref]) == re.sub(r'\ss="\d+"', "", b[ref]), ref
    assert "#DIV/0!" in a["B5"] and "<f>1/0</f>" in a["B5"] and "<f>-1/0</f>" in a["B6"]
    assert "B7" not in a  # NaN: no value, no cell
    with zipfile.ZipFile(tmp_path / "gross.xlsx") as z:
        assert "<v>inf" not in z.read("xl/worksheets/sheet1.xml").decode()
