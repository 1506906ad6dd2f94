"""Comparing two scoring runs: migration, risers and fallers, weight sensitivity."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from kundenwert.cli import main
from kundenwert.method.comparison import match_runs, migration, movers, weight_sensitivity
from kundenwert.method.config import Config, Factor
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from tests.conftest import rating


def _run(
    ids: list[str], ist: list[float], pot: list[float], seg: list[str], abc: list[str]
) -> pd.DataFrame:
    return pd.DataFrame(
        {"kunden_nr": ids, "ist_score": ist, "potenzial_score": pot, "segment": seg, "abc": abc}
    )


def test_migration_and_movers_by_hand() -> None:
    old = _run(
        ["a", "b", "c", "d"],
        [80, 20, 60, 10],
        [80, 80, 20, 10],
        ["top", "wachstum", "stamm", "klein"],
        ["A", "B", "A", "C"],
    )
    new = _run(
        ["a", "b", "c", "e"],
        [70, 60, 62, 50],
        [75, 90, 20, 50],
        ["top", "top", "stamm", "top"],
        ["A", "A", "A", "B"],
    )
    c = match_runs(old, new)
    assert c.only_old == ["d"] and c.only_new == ["e"]
    seg = migration(c, "segment", ("top", "wachstum", "stamm", "klein"))
    assert seg.loc["top", "top"] == 1 and seg.loc["wachstum", "top"] == 1
    assert seg.loc["stamm", "stamm"] == 1 and int(seg.to_numpy().sum()) == 3
    risers, fallers = movers(c)
    # b: +40 +10 = +50; c: +2 +0 = +2; a: −10 −5 = −15
    assert risers["kunden_nr"].tolist() == ["b", "c"]
    assert risers["delta"].tolist() == [50, 2]
    assert fallers["kunden_nr"].tolist() == ["a"] and fallers["delta"].tolist() == [-15]


def test_sensitivity_of_a_weight_that_cannot_matter_is_zero() -> None:
    # one factor per score: moving its weight ±10 % rescales nothing and changes no segment
    frame = pd.DataFrame(
        {"kunden_nr": list("abcd"), "umsatz": [1.0, 2.0, 3.0, 4.0], "image": [4.0, 3.0, 2.0, 1.0]}
    )
    cfg = Config(
        factors=[
            Factor(column="umsatz", score="ist", weight=100, method="minmax"),
            rating("image", "potenzial", 100),
        ]
    )
    s = weight_sensitivity(frame, cfg)
    assert s["plus"].tolist() == [0.0, 0.0] and s["minus"].tolist() == [0.0, 0.0]


def test_sensitivity_counts_segment_changes() -> None:
    # two current-value factors pulling in opposite directions: shifting weight flips customers
    rng = np.random.default_rng(3)
    n = 200
    frame = pd.DataFrame(
        {
            "kunden_nr": [f"k{i}" for i in range(n)],
            "umsatz": rng.random(n),
            "kooperation": rng.integers(1, 6, n) * 1.0,
            "image": rng.integers(1, 6, n) * 1.0,
        }
    )
    cfg = Config(
        factors=[
            Factor(column="umsatz", score="ist", weight=50, method="minmax"),
            rating("kooperation", "ist", 50),
            rating("image", "potenzial", 100),
        ]
    )
    s = weight_sensitivity(frame, cfg).set_index("faktor")
    assert 0 < s.loc["umsatz", "plus"] < 0.5 and 0 < s.loc["kooperation", "minus"] < 0.5
    assert s.loc["image", "plus"] == 0.0


def test_compare_command_on_two_result_workbooks(xlsx: Callable[..., Path], tmp_path: Path) -> None:
    before = generate_portfolio(120, seed=4)
    after = before.copy()
    after["umsatz"] = after["umsatz"] * np.linspace(0.5, 1.6, len(after))
    after = after.iloc[5:]  # five customers lost
    old, new, out = tmp_path / "alt.xlsx", tmp_path / "neu.xlsx", tmp_path / "vergleich.xlsx"
    assert (
        main(["score", str(xlsx(to_input_rows(before), name="a.xlsx")), "-o", str(old), "-q"]) == 0
    )
    assert (
        main(["score", str(xlsx(to_input_rows(after), name="b.xlsx")), "-o", str(new), "-q"]) == 0
    )
    assert main(["compare", str(old), str(new), "-o", str(out), "-q"]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Migration",
        "Auf- und Absteiger",
        "Ursachen",
        "Gewichtssensitivität",
    ]
    matrix = [r for r in wb["Migration"].iter_rows(min_row=4, max_row=7, values_only=True)]
    assert sum(sum(r[1:5]) for r in matrix) == 115  # every customer in both runs, once
    column_a = [c.value for c in wb["Migration"]["A"]]
    assert any(str(v).startswith("Nur im alten Lauf (5)") for v in column_a)
    # the phase migration, below ABC, counts every customer in both runs once, too
    start = column_a.index("Wanderung zwischen Phasen") + 1  # 1-based row of its title
    phases = list(wb["Migration"].iter_rows(min_row=start + 3, max_row=start + 8, values_only=True))
    assert [r[0] for r in phases] == [
        "Neukunde",
        "Wachsend",
        "Stabil",
        "Gefährdet",
        "Ruhend",
        "Unbekannt",
    ]
    assert sum(sum(r[1:7]) for r in phases) == 115
    # each matrix begins a printed page: a break above the ABC and the phase matrix
    breaks = [b.id for b in wb["Migration"].row_breaks.brk]
    assert breaks == [column_a.index("Wanderung zwischen ABC-Klassen"), start - 1]
    movers = wb["Auf- und Absteiger"]
    header = [c.value for c in movers[3]]
    assert header[:7] == [
        "Kunden-Nr",
        "Name",
        "Betreuer",
        "Umsatz (neu)",
        "Segment vorher → nachher",
        "ABC vorher → nachher",
        "Phase vorher → nachher",
    ]
    first = [c.value for c in movers[4]]
    customer = after.set_index("kunden_nr").loc[first[0]]
    assert first[1] == customer["name"] and first[2] == customer["betreuer"]
    assert first[3] == pytest.approx(customer["umsatz"])
    segment_words = {"Topkunde", "Stammkunde", "Wachstumskunde", "Kleinkunde"}
    old_segment, new_segment = first[4].split(" → ")
    assert {old_segment, new_segment} <= segment_words
    sens = [r for r in wb["Gewichtssensitivität"].iter_rows(min_row=5, values_only=True)]
    assert len(sens) == len(Config().factors)
    assert all(0 <= r[3] <= 1 and 0 <= r[4] <= 1 for r in sens)


def test_compare_refuses_a_workbook_that_is_no_result(
    xlsx: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = xlsx([["Kunden-Nr", "Umsatz"], ["K1", 5]])
    assert main(["compare", str(plain), str(plain), "-o", str(tmp_path / "v.xlsx"), "-q"]) == 2
    assert "kein Blatt 'Konfiguration'" in capsys.readouterr().err


def test_compare_says_why_a_customer_fell_from_a_to_b(
    xlsx: Callable[..., Path], tmp_path: Path
) -> None:
    # five customers; c keeps its revenue of 15 while b's doubles from 30 to 60: c falls from
    # A (75 of 100 above it, under 80 %) to B (105 of 130 above it, 80.8 %). The least revenue
    # still A rises from 15 (c itself) to 45 (a: 60 of 130 above it).
    header = ["Kunden-Nr", "Umsatz", "Deckungsbeitrag", "Image"]
    before = [[k, u, u / 2, 3] for k, u in zip("abcde", [45, 30, 15, 6, 4], strict=True)]
    after = [[k, u, u / 2, 3] for k, u in zip("abcde", [45, 60, 15, 6, 4], strict=True)]
    old, new, out = tmp_path / "alt.xlsx", tmp_path / "neu.xlsx", tmp_path / "vergleich.xlsx"
    for rows, target, name in ((before, old, "a.xlsx"), (after, new, "b.xlsx")):
        source = xlsx([header, *rows], name=name)
        args = ["score", str(source), "-o", str(target), "-q", "--stichtag", "2026-06-30"]
        assert main(args) == 0
    assert main(["compare", str(old), str(new), "-o", str(out), "-q"]) == 0
    sheet = openpyxl.load_workbook(out)["Ursachen"]
    rows = [r for r in sheet.iter_rows(min_row=5, values_only=True)]
    header_row, body = rows[0], {r[0]: r for r in rows[1:]}
    c = dict(zip(header_row, body["c"], strict=True))
    assert c["ABC vorher → nachher"] == "A → B"
    assert c["Ursache ABC-Wechsel"] == "andere Kunden"
    assert "ABC A → B (andere Kunden): Umsatz 15 → 15 (0 %), A-Grenze 15 → 45" in c["Ursache"]
    # its own figures did not change: no own part, no model part in either score
    assert c["Ist: eigene Zahlen"] == 0 and c["Ist: Modell"] == 0
    migration = [c.value for c in openpyxl.load_workbook(out)["Migration"]["A"]]
    assert "davon nach Hauptursache: eigene Zahlen / andere Kunden / Modell" in migration
