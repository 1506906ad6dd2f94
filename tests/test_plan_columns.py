"""A Columns body reads as the same rows whichever way it is read: block by block when
iterated, row by row when indexed."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from kundenwert.book import plan
from kundenwert.book.plan import Columns


def test_iterated_rows_equal_indexed_rows_across_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plan, "ITER_ROWS", 3)  # several blocks, the last one short
    body = Columns(
        [
            np.array([0.1, math.nan, -0.0, 1e16, 5.0, math.nan, 7.25]),
            np.arange(7),  # integers are read as floats, as _row reads them
            ["a", None, "c", "", True, dt.date(2026, 1, 2), None],
        ]
    )
    rows = list(body)
    assert rows == [body[i] for i in range(len(body))]
    assert rows[1] == [None, 1.0, None] and type(rows[1][1]) is float
    assert math.copysign(1, rows[2][0]) == -1  # -0.0 kept
    blank = list(body.rows(empty=""))
    assert blank[1] == ["", 1.0, ""] and blank[5] == ["", 5.0, dt.date(2026, 1, 2)]
    assert blank[3] == [1e16, 3.0, ""]  # an empty text stays an empty text
    assert list(Columns([])) == []
