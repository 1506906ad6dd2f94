"""Input workbooks for the file benchmarks, written once per size with xlsxwriter."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from bench.data import synthetic
from kundenwert.cells.columns import header


def header_row(frame: pd.DataFrame) -> list[object]:
    """The documented German headers for a frame keyed by column keys."""
    return [header(c) for c in frame.columns]


def input_workbook(n: int, folder: Path) -> Path:
    """A customer workbook with `n` rows (cached in `folder`)."""
    path = folder / f"kunden_{n}.xlsx"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    frame = synthetic(n)
    tmp = path.with_suffix(".part")
    book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "nan_inf_to_errors": True})
    sheet = book.add_worksheet("Kunden")
    sheet.write_row(0, 0, header_row(frame))
    columns = [frame[c].to_numpy() for c in frame.columns]
    for i in range(n):
        for j, col in enumerate(columns):
            v = col[i]
            if isinstance(v, float) and np.isnan(v):
                continue
            sheet.write(i + 1, j, v.item() if hasattr(v, "item") else v)
    book.close()
    tmp.rename(path)
    return path
