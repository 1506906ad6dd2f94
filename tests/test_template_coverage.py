"""Coverage against the data, not the configuration, in the live template and in team
workbooks, recalculated by LibreOffice: a factor that no customer of the portfolio has is not
part of the run's model (its weight drops out, the remaining factors of its score count in
full), and the per-customer minimum coverage applies to the share of that effective weight.

Expected values are worked out by hand below from the default model (Ist: revenue 30,
contribution after cost 30, CLV 15, repurchase rate 10, cooperation 15; Potenzial: untapped
potential 35, cross-selling 15, up-selling 10, image 5, multiplier 5, referral 10, churn 20;
60 € per order; rank normalisation = number of smaller values / (n − 1) × 100)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kundenwert.cells.columns import INPUT_COLUMNS
from kundenwert.cells.customer_table import read_customer_table
from kundenwert.method.config import Config, Factor
from kundenwert.method.portfolio import score_portfolio
from kundenwert.teams.workflow import split
from kundenwert.templates.formulas import live_plan
from kundenwert.templates.live_layout import HELPER_SHEET
from kundenwert.xlsx.openpyxl_renderer import write_plan
from tests import libreoffice as lo
from tests.conftest import needs_libreoffice, write_xlsx
from tests.test_first_run import ERP_HEADER

pytestmark = [pytest.mark.libreoffice, needs_libreoffice]
DAY = dt.date(2025, 12, 31)
PREPARED = 40

#: An ERP export with potential estimates and no soft ratings, in the export's own order:
#: Kunden-Nr, Name, Region, Betreuer, Umsatz, Umsatz Vorjahr, Deckungsbeitrag, Aufträge,
#: Potenzial. K9 lacks the potential estimate, K10 the revenue.
ERP_ROWS: list[list[object]] = [
    ["K1", "Alpha GmbH", "Nord", "Meier", 500_000, 450_000, 120_000, 40, 900_000],
    ["K2", "Beta KG", "Nord", "Meier", 300_000, 310_000, 60_000, 30, 320_000],
    ["K3", "Gamma AG", "Süd", "Huber", 200_000, 180_000, 70_000, 10, 700_000],
    ["K4", "Delta OHG", "Süd", "Huber", 120_000, 100_000, 20_000, 20, 130_000],
    ["K5", "Epsilon GmbH", "Nord", "Meier", 80_000, 70_000, 25_000, 5, 400_000],
    ["K6", "Zeta e.K.", "Süd", "Huber", 50_000, 52_000, 9_000, 15, 65_000],
    ["K7", "Eta GmbH", "Nord", "Meier", 30_000, 20_000, 4_000, 50, 250_000],
    ["K8", "Theta KG", "Süd", "Huber", 10_000, 12_000, 1_500, 40, 8_000],
    ["K9", "Iota AG", "Nord", "Meier", 15_000, 14_000, 3_000, 5, None],
    ["K10", "Kappa GmbH", "Süd", "Huber", None, None, 30_000, 10, 50_000],
]

# Contribution after cost = Deckungsbeitrag − 60 € × Aufträge:
#   K1 117,600  K2 58,200  K3 69,400  K4 18,800  K5 24,700  K6 8,100  K7 1,000  K8 −900
#   K9 2,700  K10 29,400. The CLV is that times one constant (the default retention for all),
#   so it ranks like the contribution.
# Revenue ranks (9 values, /8): K8 0, K9 1, K7 2, K6 3, K5 4, K4 5, K3 6, K2 7, K1 8.
# Contribution ranks (10 values, /9): K8 0, K7 1, K9 2, K6 3, K4 4, K5 5, K10 6, K2 7, K3 8, K1 9.
REVENUE_RANK = {"K8": 0, "K9": 1, "K7": 2, "K6": 3, "K5": 4, "K4": 5, "K3": 6, "K2": 7, "K1": 8}
DB_RANK = {"K8": 0, "K7": 1, "K9": 2, "K6": 3, "K4": 4, "K5": 5, "K10": 6, "K2": 7, "K3": 8}
DB_RANK["K1"] = 9
# Untapped potential = max(Potenzial − Umsatz, 0) (8 values, /7):
#   K8 0, K4 10,000, K6 15,000, K2 20,000, K7 220,000, K5 320,000, K1 400,000, K3 500,000.
UNTAPPED_RANK = {"K8": 0, "K4": 1, "K6": 2, "K2": 3, "K7": 4, "K5": 5, "K1": 6, "K3": 7}


def _ist(cid: str) -> float:
    """Ist-Score: the data carry revenue, contribution and CLV (30 + 30 + 15 = 75 of the
    configured 100); repurchase rate and cooperation nobody has. K10 has no revenue:
    contribution and CLV carry 45 of the effective 75 = 60 % ≥ 50 %, so it is scored (against
    the configured weight it would be 45 %, refused)."""
    db = DB_RANK[cid] / 9 * 100
    if cid not in REVENUE_RANK:
        return db
    return (30 * REVENUE_RANK[cid] / 8 * 100 + 45 * db) / 75


#: Ist-Scores by hand: K1 100, K3 83.33, K2 81.67, K10 66.67, K5 53.33, K4 51.67, K6 35,
#: K9 18.33, K7 16.67, K8 0 → median (53.33 + 51.67) / 2 = 52.5.
IST_THRESHOLD = 52.5
#: Potenzial-Score: untapped potential alone (35 of the configured 100, all of the effective
#: weight): its rank. Median of 0, 1, …, 7 (/7 × 100) = 3.5 / 7 × 100 = 50.
POT_THRESHOLD = 50.0
SEGMENTS = {
    "K1": "Topkunde",  # 100 / 85.7
    "K2": "Stammkunde",  # 81.7 / 42.9
    "K3": "Topkunde",  # 83.3 / 100
    "K4": "Kleinkunde",  # 51.7 / 14.3
    "K5": "Topkunde",  # 53.3 / 71.4
    "K6": "Kleinkunde",  # 35 / 28.6
    "K7": "Wachstumskunde",  # 16.7 / 57.1
    "K8": "Kleinkunde",  # 0 / 0
    "K9": "zu wenige Daten",  # no potential estimate
    "K10": "zu wenige Daten",  # no revenue, so no untapped potential
}
#: ABC: total revenue 1,305,000; revenue above K4 1,000,000 (76.6 %) → A, above K5 1,120,000
#: (85.8 %) → B, above K6 1,200,000 (92.0 %) → B, above K7 1,250,000 (95.8 %) → C; K8's
#: contribution after cost is negative → Z; K10 has no revenue → O.
ABC = {"K1": "A", "K2": "A", "K3": "A", "K4": "A", "K5": "B", "K6": "B", "K7": "C"}
ABC |= {"K8": "Z", "K9": "C", "K10": "O"}


def _paste(template: Path, out: Path, rows: list[list[object]] = ERP_ROWS) -> Path:
    """The ERP rows pasted into the template's customer table, each under its column."""
    book = openpyxl.load_workbook(template)
    ws = book["Kunden"]
    header = [c.value for c in ws[1]]
    for i, row in enumerate(rows, start=2):
        for name, value in zip(ERP_HEADER, row, strict=True):
            ws.cell(i, header.index(name) + 1).value = value
    book.save(out)
    return out


def test_an_erp_export_pasted_into_the_template_gets_its_matrix(tmp_path: Path) -> None:
    config = Config(stichtag=DAY)
    # the template as `kundenwert template` makes it, with 40 instead of 2,000 prepared rows
    # (LibreOffice sorts each ranked column once per row: 2,000 rows take half a minute)
    header = [c.de for c in INPUT_COLUMNS]
    plan = live_plan([header], config, prepared_rows=PREPARED, open_all=True)
    template = write_plan(plan, tmp_path / "vorlage.xlsx")
    pasted = _paste(template, tmp_path / "eingefuegt.xlsx")
    got = openpyxl.load_workbook(lo.recalculate(pasted, tmp_path / "lo"), data_only=True)
    cells = list(got["Kunden"].iter_rows(values_only=True))
    header = list(cells[0])
    col = {k: header.index(k) for k in ("Ist-Score", "Potenzial-Score", "Segment", "ABC")}
    rows = {r[0]: r for r in cells[1 : PREPARED + 1] if r[0] is not None}
    assert set(rows) == {r[0] for r in ERP_ROWS}
    for cid, row in rows.items():
        assert row[col["Ist-Score"]] == pytest.approx(_ist(cid), rel=1e-9), cid
        if cid in UNTAPPED_RANK:
            want = UNTAPPED_RANK[cid] / 7 * 100
            assert row[col["Potenzial-Score"]] == pytest.approx(want, rel=1e-9, abs=1e-9), cid
        else:
            assert row[col["Potenzial-Score"]] is None, cid
        assert row[col["Segment"]] == SEGMENTS[cid], cid
        assert row[col["ABC"]] == ABC[cid], cid
    # `kundenwert score` on the same export gives the same scores, segments and classes
    core = score_portfolio(read_customer_table([ERP_HEADER, *ERP_ROWS]).frame, config)
    labels = config.segment_labels()
    for cid, want in core.scored.set_index("kunden_nr").iterrows():
        row = rows[cid]
        for key in ("Ist-Score", "Potenzial-Score"):
            value = want["ist_score" if key == "Ist-Score" else "potenzial_score"]
            if pd.isna(value):
                assert row[col[key]] is None, (cid, key)
            else:
                assert row[col[key]] == pytest.approx(value, rel=1e-9, abs=1e-9), (cid, key)
        segment = "zu wenige Daten" if pd.isna(want["segment"]) else labels[want["segment"]]
        assert (row[col["Segment"]], row[col["ABC"]]) == (segment, want["abc"]), cid
    # both scores have data; eight customers in the matrix are few, and the Matrix says so
    notes = [got["Matrix"].cell(33 + i, 1).value for i in range(12)]
    assert notes == [None] * 10 + [
        "Nur 8 Kunden in der Matrix: Schwellen und Ränge beruhen",
        "auf sehr wenigen Kunden und sagen wenig aus.",
    ]
    helper = {r[0]: r for r in got[HELPER_SHEET].iter_rows(min_row=2, values_only=True)}
    assert helper["schwelle_ist"][1] == pytest.approx(IST_THRESHOLD, rel=1e-9)
    assert helper["schwelle_potenzial"][1] == pytest.approx(POT_THRESHOLD, rel=1e-9)
    # which factors the data carry (1) and which nobody has (0), per factor of the model
    carried = {"umsatz", "db_nach_kosten", "clv", "ungenutztes_potenzial"}
    for f in config.factors:
        assert helper[f.column][4] == (1 if f.column in carried else 0), f.column
    # the Konfiguration sheet shows the weights in these data beside the configured ones:
    # Ist 30 / 30 / 15 of 75 → 40 / 40 / 20 %, Potenzial 35 of 35 → 100 %, the rest left out
    settings = got["Konfiguration"]
    assert settings["N4"].value == "Gewicht in diesen Daten"
    # level with each factor's row of the factor block (row 5 on, in the model's order)
    shown = {f.column: settings.cell(5 + i, 14).value for i, f in enumerate(config.factors)}
    effective = {"umsatz": 0.4, "db_nach_kosten": 0.4, "clv": 0.2, "ungenutztes_potenzial": 1}
    for f in config.factors:
        if f.column in effective:
            assert shown[f.column] == pytest.approx(effective[f.column]), f.column
        else:
            assert shown[f.column] == "entfällt (keine Daten)", f.column


def test_without_any_potential_data_the_matrix_says_what_to_add(tmp_path: Path) -> None:
    """The same export without the potential estimates: the Ist side stands as before (its
    factors are unchanged), the potential side has no factor with data, so no customer has a
    potential score or a segment and the Matrix names the columns to add."""
    config = Config(stichtag=DAY)
    header = [c.de for c in INPUT_COLUMNS]
    plan = live_plan([header], config, prepared_rows=PREPARED, open_all=True)
    template = write_plan(plan, tmp_path / "vorlage.xlsx")
    rows = [[*r[:-1], None] for r in ERP_ROWS]
    pasted = _paste(template, tmp_path / "eingefuegt.xlsx", rows)
    got = openpyxl.load_workbook(lo.recalculate(pasted, tmp_path / "lo"), data_only=True)
    cells = list(got["Kunden"].iter_rows(values_only=True))
    col = {k: cells[0].index(k) for k in ("Ist-Score", "Potenzial-Score", "Segment")}
    for row in cells[1 : len(rows) + 1]:
        assert row[col["Ist-Score"]] == pytest.approx(_ist(str(row[0])), rel=1e-9), row[0]
        assert row[col["Potenzial-Score"]] is None, row[0]
        assert row[col["Segment"]] == "zu wenige Daten", row[0]
    notes = [got["Matrix"].cell(33 + i, 1).value for i in range(12)]
    assert notes[:2] == [
        "Keine Matrix: der Potenzial-Score hat keine Daten.",
        "Bitte Spalten ergänzen: Potenzial, Cross-Selling, Up-Selling, Image, "
        "Multiplikatorwirkung, Referenzbereitschaft, Abwanderungsrisiko.",
    ]
    assert notes[2].startswith("So geht es: 'kundenwert split'")
    assert notes[5:10] == [None] * 5  # the Ist-Score has data
    assert notes[10:] == [None, None]  # nobody is placed, so "few" does not apply


def test_a_team_workbook_measures_coverage_against_the_whole_portfolio(tmp_path: Path) -> None:
    """Only region Nord has cross-selling (a ranked factor) and image ratings (a fixed scale);
    nobody has referral ratings. Potential weights: untapped 50, cross-selling 15, image 15,
    referral 20; the run's effective weight is 50 + 15 + 15 = 80. Süd's customers carry only the
    untapped potential, 50 / 80 = 62.5 %, below the minimum of 70 %, so their potential scores
    stay empty in Süd's own workbook too, although nobody in Süd has either factor (counted
    within Süd alone: 100 %; with either factor missed: 50 / 65 = 77 %). Nord's customers
    carry 80 of 80 (and of the configured 100, 80 %: the core gives the same either way)."""
    factors = [
        Factor(column="umsatz", score="ist", weight=50, method="rang"),
        Factor(column="db_nach_kosten", score="ist", weight=50, method="rang"),
        Factor(column="ungenutztes_potenzial", score="potenzial", weight=50, method="rang"),
        Factor(column="cross_selling", score="potenzial", weight=15, method="rang"),
        Factor(
            column="image", score="potenzial", weight=15, method="skala", scale_min=1, scale_max=5
        ),
        Factor(
            column="referenz",
            score="potenzial",
            weight=20,
            method="skala",
            scale_min=1,
            scale_max=5,
        ),
    ]
    config = Config(stichtag=DAY, factors=factors, min_coverage=0.7)
    keys = [c.key for c in INPUT_COLUMNS]
    erp = {"Kunden-Nr": "kunden_nr", "Umsatz Vorjahr": "umsatz_vorjahr", "Aufträge": "auftraege"}
    rows: list[list[object]] = [[c.de for c in INPUT_COLUMNS]]
    for i, values in enumerate(ERP_ROWS):
        record = {erp.get(h, h.lower()): v for h, v in zip(ERP_HEADER, values, strict=True)}
        if record["region"] == "Nord":
            record |= {"cross_selling": 10_000.0 * (i + 1), "image": 1 + i % 5}
        rows.append([record.get(k) for k in keys])
    master = write_xlsx(tmp_path / "stamm.xlsx", {"Kunden": rows})
    teams = {p.stem: p for p in split(master, "Region", tmp_path / "teams", config)}
    core = score_portfolio(read_customer_table(rows).frame, config).scored.set_index("kunden_nr")
    labels = config.segment_labels()
    seen = 0
    for team in ("Region_Nord", "Region_Süd"):
        got = openpyxl.load_workbook(lo.recalculate(teams[team], tmp_path / "lo"), data_only=True)
        cells = list(got["Kunden"].iter_rows(values_only=True))
        header = list(cells[0])
        ist, pot, seg = (header.index(h) for h in ("Ist-Score", "Potenzial-Score", "Segment"))
        for row in cells[1:]:
            cid, want = row[0], core.loc[row[0]]
            seen += 1
            if team == "Region_Süd":  # by hand, see above
                assert row[pot] is None and row[seg] == "zu wenige Daten", cid
            elif cid != "K9":  # Nord has all three; K9 lacks the potential estimate
                assert row[pot] is not None, cid
            for j, key in ((ist, "ist_score"), (pot, "potenzial_score")):
                if pd.isna(want[key]):
                    assert row[j] is None, (cid, key)
                else:
                    assert row[j] == pytest.approx(want[key], rel=1e-9, abs=1e-9), (cid, key)
            segment = "zu wenige Daten" if pd.isna(want["segment"]) else labels[want["segment"]]
            assert row[seg] == segment, cid
    assert seen == len(ERP_ROWS)


def test_team_workbooks_of_the_erp_export_give_the_hand_computed_matrix(tmp_path: Path) -> None:
    """The ERP export as a master, split by region: each team's workbook scores against the
    whole portfolio, so every customer gets the scores, segment and class worked out by hand
    above for the export as a whole."""
    config = Config(stichtag=DAY)
    master = write_xlsx(tmp_path / "stamm.xlsx", {"Kunden": [ERP_HEADER, *ERP_ROWS]})
    seen = []
    for team in split(master, "Region", tmp_path / "teams", config):
        got = openpyxl.load_workbook(lo.recalculate(team, tmp_path / "lo"), data_only=True)
        cells = list(got["Kunden"].iter_rows(values_only=True))
        header = list(cells[0])
        col = {k: header.index(k) for k in ("Ist-Score", "Potenzial-Score", "Segment", "ABC")}
        for row in cells[1:]:
            cid = str(row[0])
            seen.append(cid)
            assert row[col["Ist-Score"]] == pytest.approx(_ist(cid), rel=1e-9), cid
            pot = row[col["Potenzial-Score"]]
            if cid in UNTAPPED_RANK:
                assert pot == pytest.approx(UNTAPPED_RANK[cid] / 7 * 100, rel=1e-9, abs=1e-9), cid
            else:
                assert pot is None, cid
            assert (row[col["Segment"]], row[col["ABC"]]) == (SEGMENTS[cid], ABC[cid]), cid
    assert sorted(seen) == sorted(str(r[0]) for r in ERP_ROWS)
