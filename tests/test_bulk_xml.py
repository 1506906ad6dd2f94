"""Large tables written straight as sheet XML give exactly the cells of the plan: every double
bit for bit, empty cells absent, texts escaped, whatever mix of kinds a chunk of rows holds."""

from __future__ import annotations

import datetime as dt
import math
import struct
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from kundenwert.book.plan import Columns, Plan, Sheet, Table
from kundenwert.xlsx import bulk_rows, xlsxwriter_renderer

AWKWARD = [0.1, 1e-7, 1e16, -0.0, 123456789.125, 5e-324, 1.7976931348623157e308, 2.0**53 + 2]
TEXTS = ["K1", "Müller & Söhne", " vorn", "hinten ", "<b>", "a\x01b", "Zeile\nzwei", "ok"]


def _bits(v: float) -> bytes:
    return struct.pack("<d", v)


def _cells(path: Path) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return list(sheet.iter_rows(min_row=2, values_only=True))


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    # chunks of three rows: some all numbers, some with a gap, some all empty
    monkeypatch.setattr(xlsxwriter_renderer, "BULK_ROWS", 1)
    monkeypatch.setattr(bulk_rows, "CHUNK_ROWS", 3)


def test_numbers_read_back_bit_for_bit_and_nan_leaves_the_cell_empty(tmp_path: Path) -> None:
    values = [*AWKWARD, math.nan, math.nan, math.nan, 42.0]
    n = len(values)
    array = np.array(values)
    listed: list[object] = [*values[:-1], 7]  # a plain int among the floats of a list column
    plan = Plan(
        [
            Sheet(
                "Daten",
                [Table("A1", ["array", "liste", "leer"], Columns([array, listed, [None] * n]))],
            )
        ]
    )
    rows = _cells(xlsxwriter_renderer.write_plan(plan, tmp_path / "a.xlsx"))
    assert len(rows) == n
    for (a, b, *rest), v, w in zip(rows, values, listed, strict=True):
        assert all(x is None for x in rest)
        if math.isnan(v):
            assert a is None and b is None
            continue
        assert isinstance(a, float) and _bits(a) == _bits(v)
        assert b == w and _bits(float(b)) == _bits(float(w))  # type: ignore[arg-type]


def test_texts_and_other_kinds_keep_their_values(tmp_path: Path) -> None:
    day = dt.date(2026, 3, 1)
    rows: list[list[object]] = [
        [t, f"Label {i % 2}", u, flag, when]
        for i, (t, u, flag, when) in enumerate(
            zip(
                TEXTS,
                ["", None, "x", "y", "", "z", None, "w"],
                [True, False, None, True, False, None, True, False],
                [day, None, day, day, None, None, day, day],
                strict=True,
            )
        )
    ]
    rows.append(["kurz"])  # a short row: the cells right of it stay empty
    plan = Plan([Sheet("Daten", [Table("A1", ["a", "b", "c", "d", "e"], rows)])])
    path = xlsxwriter_renderer.write_plan(plan, tmp_path / "a.xlsx")
    got = _cells(path)
    # a control character is written as Excel writes it, _x0001_, which Excel, LibreOffice and
    # calamine read back as the character and openpyxl shows as it is (test_safe_text.py
    # reads it with calamine); dates come back as midnight datetimes
    expected = [
        tuple(
            None
            if v == "" or v is None
            else v.replace("\x01", "_x0001_")
            if isinstance(v, str)
            else dt.datetime(v.year, v.month, v.day)
            if isinstance(v, dt.date)
            else v
            for v in [*r, *[None] * (5 - len(r))]
        )
        for r in rows
    ]
    assert got == expected
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "Müller &amp; Söhne" in xml and "&lt;b&gt;" in xml
    assert '<t xml:space="preserve"> vorn</t>' in xml
