"""Growth-table figures per segment, worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from kundenwert.method.growth_table import segment_figures


def test_figures_and_subsidy_balance() -> None:
    scored = pd.DataFrame(
        {
            "segment": ["top", "top", "klein", "klein", "wachstum"],
            "umsatz": [600.0, 200.0, 50.0, 50.0, 100.0],
            "potenzial": [800.0, 300.0, 60.0, 50.0, 500.0],
            "ungenutztes_potenzial": [200.0, 100.0, 10.0, 0.0, 400.0],
            "db_nach_kosten": [120.0, 40.0, -30.0, 10.0, -10.0],
        }
    )
    f = segment_figures(scored)
    assert f.loc["top", "kunden"] == 2 and f.loc["stamm", "kunden"] == 0
    assert f.loc["top", "umsatz"] == 800 and f.loc["top", "anteil"] == pytest.approx(0.8)
    assert f.loc["wachstum", "ungenutzt"] == 400
    assert f.loc["klein", "db"] == -20 and f.loc["klein", "verluste"] == -30
    # total loss 40 is carried by the positive contributions 120 + 40 + 10 = 170:
    # top carries 40 · 160/170, klein carries 40 · 10/170 and causes 30, wachstum causes 10
    assert f.loc["top", "saldo"] == pytest.approx(40 * 160 / 170)
    assert f.loc["klein", "saldo"] == pytest.approx(40 * 10 / 170 - 30)
    assert f.loc["wachstum", "saldo"] == pytest.approx(-10)
    assert f["saldo"].sum() == pytest.approx(0)
