"""Team workbooks and templates computed by LibreOffice (an engine nobody here wrote) give the
Python core's results after the edits a team makes, also in the awkward rows: prepared blank
rows, customers below the minimum data coverage of a score (one score kept, the other empty),
negative revenue with and without history, new-but-dormant customers, tied and unrounded
revenues.

Each test runs one soffice conversion (a few seconds on two cores).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from kundenwert.book.config_sheet import config_layout
from kundenwert.book.labels import t
from kundenwert.cells.customer_table import read_customer_table
from kundenwert.method.config import Config, Factor, Threshold, default_factors
from kundenwert.method.portfolio import ScoreResult, score_portfolio
from kundenwert.method.segments import SEGMENT_ORDER
from kundenwert.teams.workflow import split
from kundenwert.templates.formulas import live_plan
from kundenwert.templates.live_layout import HELPER_SHEET
from kundenwert.workbook.sample import generate_portfolio, to_input_rows
from kundenwert.xlsx.openpyxl_renderer import write_plan
from tests import libreoffice as lo
from tests.conftest import needs_libreoffice

pytestmark = [pytest.mark.libreoffice, needs_libreoffice]
DAY = dt.date(2025, 12, 31)
POTENTIAL_FACTORS = (
    "potenzial",
    "cross_selling",
    "up_selling",
    "image",
    "multiplikator",
    "referenz",
    "abwanderung",
)
RESULT_HEADERS = {
    "de": ("Kunden-Nr", "Ist-Score", "Potenzial-Score", "Segment", "ABC"),
    "en": ("Customer ID", "Current score", "Potential score", "Segment", "ABC"),
}
#: what the segment cell of a customer lacking a score says, as in the result workbook
TOO_LITTLE = {"de": "zu wenige Daten", "en": "too little data"}
IST_FACTORS = ("deckungsbeitrag", "marge", "wiederkaufrate", "kooperation")
OLD = pd.Timestamp("2019-03-01")


def _rule_cases(frame: pd.DataFrame, rows: list[int]) -> dict[str, str]:
    """Nine customers (the positions `rows`) that exercise the coverage and negative-revenue
    rules, with the weight shares worked out from the default model (Ist: revenue 30,
    contribution 30, CLV 15, repurchase 10, cooperation 15; Potenzial: untapped 35, cross 15,
    up 10, image 5, multiplier 5, referral 10, churn 20). Changes `frame`; returns case → id."""
    ids = {}
    cases = (
        "ist40",  # revenue and repurchase rate only: 30 + 10 = 40 % of the Ist weight
        "ist30",  # revenue only (no contribution, so no CLV): 30 %
        "pot40",  # image, multiplier, referral, churn: 5 + 5 + 10 + 20 = 40 %
        "pot50",  # potential and cross-selling: 35 + 15 = 50 %, exactly the default minimum
        "pot15",  # image and referral: 15 %
        "neg_history",  # credits beyond invoices, previous revenue and an old first order: Z
        "neg_new",  # no previous revenue, no first order: nothing to judge by, O
        "neg_old",  # no previous revenue but an old first order: Z
        "neg_first_year",  # first order within the year: new, O
    )
    for case, i in zip(cases, rows, strict=True):
        at = frame.index[i]
        ids[case] = str(frame.at[at, "kunden_nr"])
        if case.startswith("ist"):
            frame.loc[at, ["deckungsbeitrag", "marge", "kooperation"]] = np.nan
            frame.loc[at, "wiederkaufrate"] = 0.5 if case == "ist40" else np.nan
        elif case.startswith("pot"):
            keep = {
                "pot40": ("image", "multiplikator", "referenz", "abwanderung"),
                "pot50": ("potenzial", "cross_selling"),
                "pot15": ("image", "referenz"),
            }[case]
            for key in POTENTIAL_FACTORS:
                frame.loc[at, key] = np.nan if key not in keep else frame.at[at, key]
            # present for sure (the random gaps might have hit them)
            for key, value in {"image": 4, "multiplikator": 2, "referenz": 3}.items():
                if key in keep:
                    frame.loc[at, key] = value
            if "abwanderung" in keep:
                frame.loc[at, "abwanderung"] = 0.3
            if "cross_selling" in keep:
                frame.loc[at, "cross_selling"] = 12_000.0
            if "potenzial" in keep:
                frame.loc[at, "potenzial"] = 250_000.0
        else:
            frame.loc[at, "umsatz"] = -1500.0 - i  # unrounded, no ties among them
            frame.loc[at, ["erstauftrag", "letzter_auftrag"]] = [OLD, pd.Timestamp("2025-10-01")]
            if case != "neg_history":
                frame.loc[at, "umsatz_vorjahr"] = np.nan
            if case == "neg_new":
                frame.loc[at, ["erstauftrag", "letzter_auftrag"]] = [pd.NaT, pd.NaT]
            if case == "neg_first_year":
                frame.loc[at, "erstauftrag"] = pd.Timestamp("2025-05-01")
    return ids


def _reader_cases(frame: pd.DataFrame, rows: list[int]) -> None:
    """Typed values the reader converts or ignores (kundenwert.cells.customer_table), which the
    formulas must read alike: a margin typed as 43 (= 43 %, the contribution then comes from
    it), a rating of 7 (out of 1–5), negative orders and service cost; and a row without a
    customer number but with huge figures (the reader skips it; it must move nothing)."""
    a, b, c = (frame.index[i] for i in rows)
    frame.loc[a, ["deckungsbeitrag", "marge"]] = [np.nan, 43.0]
    frame.loc[b, ["image", "kooperation"]] = [7, 0]
    frame.loc[c, ["auftraege", "servicekosten"]] = [-3, -100.0]
    ghost = frame.loc[[a]].copy()
    ghost["kunden_nr"] = None
    ghost[["umsatz", "potenzial", "cross_selling"]] = [9e8, 5e9, 7e7]
    frame.loc[len(frame)] = ghost.iloc[0]


def _assert_rules_hold(result: ScoreResult, ids: dict[str, str], minimum: float) -> None:
    """The cases of `_rule_cases` came out in the core as designed (so the comparison with
    LibreOffice covers each rule): scores empty below `minimum`, kept at or above it; Z and O
    for negative revenue; every customer classified."""
    got = result.scored.set_index("kunden_nr")
    share = {"ist40": 0.4, "ist30": 0.3, "pot40": 0.4, "pot50": 0.5, "pot15": 0.15}
    for case, cover in share.items():
        score = "ist_score" if case.startswith("ist") else "potenzial_score"
        other = "potenzial_score" if case.startswith("ist") else "ist_score"
        assert np.isnan(got.loc[ids[case], score]) == (cover < minimum), case
        assert not np.isnan(got.loc[ids[case], other]), case  # the other score stands
    assert [got.loc[ids[c], "abc"] for c in ("neg_history", "neg_new", "neg_old")] == [
        "Z",
        "O",
        "Z",
    ]
    assert got.loc[ids["neg_first_year"], "abc"] == "O"
    assert got["abc"].isin(["A", "B", "C", "Z", "O"]).all()


def _core(frame: pd.DataFrame, config: Config, lang: str = "de") -> ScoreResult:
    """The core's result for the customers as a sheet would hold them (written and read)."""
    read = read_customer_table(to_input_rows(frame, lang)).frame
    return score_portfolio(read, config)


def _sheet_rows(
    book: openpyxl.Workbook, name: str
) -> tuple[list[object], list[tuple[object, ...]]]:
    cells: list[tuple[object, ...]] = list(book[name].iter_rows(values_only=True))
    return list(cells[0]), cells[1:]


def _assert_rows_equal_core(
    header: list[object],
    rows: list[tuple[object, ...]],
    result: ScoreResult,
    lang: str = "de",
) -> None:
    """Every customer row: both scores within 1e-9 (empty where the core's is), segment name
    ("too little data" where the core has none) and ABC class equal."""
    cid, ist, pot, seg, abc = (header.index(h) for h in RESULT_HEADERS[lang])
    expected = result.scored.set_index("kunden_nr")
    labels = {str(k): v for k, v in result.config.segment_labels(lang).items()}
    seen = 0
    for row in rows:
        if row[cid] is None:  # no customer: a prepared row, or one the reader skips
            assert all(row[j] in (None, "") for j in (ist, pot, seg, abc)), row
            continue
        want = expected.loc[str(row[cid])]
        for j, key in ((ist, "ist_score"), (pot, "potenzial_score")):
            if np.isnan(want[key]):
                assert row[j] is None, (row[cid], key)
            else:
                assert row[j] == pytest.approx(want[key], rel=1e-9, abs=1e-9), (row[cid], key)
        segment = TOO_LITTLE[lang] if pd.isna(want["segment"]) else labels[str(want["segment"])]
        assert row[seg] == segment, row[cid]
        assert row[abc] == want["abc"], row[cid]
        seen += 1
    assert seen == len(expected)


def _set(ws: Worksheet, cid: str, header: str, value: float | None) -> None:
    """Type a value into a customer's cell, as a team member would in Excel."""
    col = [c.value for c in ws[1]].index(header) + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == cid)
    ws.cell(row, col).value = value


def test_edited_team_workbook_recalculates_to_the_core(tmp_path: Path) -> None:
    """split → a team edits ratings and estimates with openpyxl → LibreOffice recalculates.
    The team scores against the whole portfolio, the other teams' customers as they stood at
    the split: scores and ABC equal the core on the whole edited master; the thresholds are
    the medians of the team's new scores together with the others' split-time scores (worked
    out here with numpy; a customer lacking a score counts in the other axis's median only),
    and the segments follow from them. The rule cases (coverage below and at the minimum,
    negative revenue with and without history) sit in the team and among the others."""
    config = Config(stichtag=DAY)
    frame = generate_portfolio(160, seed=31)
    south = np.flatnonzero((frame["region"] == "Süd").to_numpy())
    elsewhere = np.flatnonzero((frame["region"] != "Süd").to_numpy())
    cases = {
        "team": _rule_cases(frame, south[6:15].tolist()),
        "others": _rule_cases(frame, elsewhere[:9].tolist()),
    }
    master = tmp_path / "stamm.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Kunden"
    for r in to_input_rows(frame):
        sheet.append(r)
    book.save(master)
    written = split(master, "Region", tmp_path / "teams", config)
    path = next(p for p in written if p.stem.endswith("Süd"))
    team = frame[frame["region"] == "Süd"].reset_index(drop=True)
    ids = team["kunden_nr"].tolist()

    edits: list[tuple[str, str, str, float | None]] = [
        (ids[0], "image", "Image", 1),
        (ids[1], "potenzial", "Potenzial", 5_000_000.0),
        (ids[2], "kooperation", "Kooperation", None),
        (ids[3], "wiederkaufrate", "Wiederkaufrate", 35),  # 35 %, as the reader takes it
        (ids[4], "abwanderung", "Abwanderungsrisiko", 0.9),
        (ids[15], "image", "Image", 9),  # out of 1–5: ignored, as by the reader
        (ids[16], "cross_selling", "Cross-Selling", -500.0),  # negative estimate: ignored
    ]
    # one customer loses every potential estimate: it cannot be scored any more
    edits += [
        (ids[5], key, header, None)
        for key, header in zip(
            POTENTIAL_FACTORS,
            (
                "Potenzial",
                "Cross-Selling",
                "Up-Selling",
                "Image",
                "Multiplikatorwirkung",
                "Referenzbereitschaft",
                "Abwanderungsrisiko",
            ),
            strict=True,
        )
    ]
    whole = frame.copy()
    wb = openpyxl.load_workbook(path)
    for cid, key, title, value in edits:
        _set(wb["Kunden"], cid, title, value)
        team.loc[team["kunden_nr"] == cid, key] = np.nan if value is None else value
        whole.loc[whole["kunden_nr"] == cid, key] = np.nan if value is None else value
    wb.save(path)

    full_edit = _core(whole, config)
    for where in cases.values():
        _assert_rules_hold(full_edit, where, config.min_coverage)
    edited = full_edit.scored
    before = _core(frame, config).scored
    mine = edited[edited["kunden_nr"].isin(ids)].copy()
    rest = before[~before["kunden_nr"].isin(ids)]
    t_ist = float(np.nanmedian(np.r_[mine["ist_score"], rest["ist_score"]]))
    t_pot = float(np.nanmedian(np.r_[mine["potenzial_score"], rest["potenzial_score"]]))
    x, y = mine["ist_score"].to_numpy(float), mine["potenzial_score"].to_numpy(float)
    quadrants = np.where(
        x >= t_ist, np.where(y >= t_pot, "top", "stamm"), np.where(y >= t_pot, "wachstum", "klein")
    ).astype(object)
    quadrants[np.isnan(x) | np.isnan(y)] = None
    mine["segment"] = quadrants
    result = ScoreResult(mine, t_ist, t_pot, config.factors, config)
    # the customer without any potential estimate keeps its Ist score (in the Ist median)
    lost = result.scored.set_index("kunden_nr").loc[ids[5]]
    assert np.isnan(lost["potenzial_score"]) and not np.isnan(lost["ist_score"])
    got = openpyxl.load_workbook(lo.recalculate(path, tmp_path / "lo"), data_only=True)
    header, rows = _sheet_rows(got, "Kunden")
    _assert_rows_equal_core(header, rows, result)

    # the chart's data block follows the formulas: x, the y of the own quadrant, thresholds
    expected = result.scored.set_index("kunden_nr")
    labels = config.segment_labels()
    matrix = got["Matrix"]
    head = [c.value for c in matrix[1]]
    x_col = head.index("Ist-Score")
    y_cols = {k: head.index(labels[k]) for k in SEGMENT_ORDER}
    block = list(matrix.iter_rows(min_row=2, values_only=True))
    cid_col = header.index("Kunden-Nr")
    for table_row, chart_row in zip(rows, block, strict=False):
        customer = str(table_row[cid_col])
        want = expected.loc[customer]
        if np.isnan(want["ist_score"]):
            assert chart_row[x_col] == "#N/A", customer
        else:
            assert chart_row[x_col] == pytest.approx(want["ist_score"], rel=1e-9), customer
        for k, j in y_cols.items():
            if k == want["segment"]:
                assert chart_row[j] == pytest.approx(want["potenzial_score"], rel=1e-9), customer
            else:
                assert chart_row[j] == "#N/A", (customer, k)
    # the threshold lines: two points each, at the thresholds the core found
    lines = block[len(rows) : len(rows) + 4]
    t_x, t_y = head.index("Schwelle Ist"), head.index("Schwelle Potenzial")
    assert [r[x_col] for r in lines[:2]] == pytest.approx([result.t_ist] * 2, rel=1e-9)
    assert [r[t_x] for r in lines[:2]] == [0, 100]
    assert [r[x_col] for r in lines[2:]] == [0, 100]
    assert [r[t_y] for r in lines[2:]] == pytest.approx([result.t_potenzial] * 2, rel=1e-9)


def _awkward_portfolio(n: int, seed: int) -> pd.DataFrame:
    """Gaps, tied and unrounded revenues, unscorable customers, a new customer that is also
    dormant (inconsistent dates, as real exports have them), ratings off the usual middle."""
    rng = np.random.default_rng(seed)
    frame = generate_portfolio(n, seed=seed)
    frame["umsatz"] = frame["umsatz"] * (1 + rng.random(n) / 7)  # full doubles, no cents
    frame.loc[rng.random(n) < 0.15, "umsatz"] = 4321.5  # ties
    for col in ("image", "referenz", "wiederkaufrate", "cross_selling", "deckungsbeitrag"):
        frame.loc[rng.random(n) < 0.2, col] = np.nan
    for key in POTENTIAL_FACTORS:
        frame.loc[frame.index[:2], key] = np.nan  # two customers cannot be scored
    frame.loc[frame.index[2], "umsatz"] = np.nan  # no revenue: O
    frame.loc[frame.index[3], ["erstauftrag", "letzter_auftrag"]] = [
        pd.Timestamp("2025-06-01"),
        pd.Timestamp("2024-06-01"),
    ]
    frame.loc[frame.index[4], ["erstauftrag", "letzter_auftrag"]] = [
        pd.Timestamp("2025-06-01"),
        pd.Timestamp("2025-11-01"),
    ]
    return frame


def test_english_template_with_prepared_rows_and_awkward_customers(tmp_path: Path) -> None:
    """Every normalisation method and direction, quantile and fixed thresholds, English
    sheet names, and blank rows prepared for new customers that must stay empty and must not
    move ranks, thresholds or ABC shares. The minimum coverage is changed on the Configuration
    sheet after the template was made (50 % → 40 %): the formulas read it live, so the two
    customers at exactly 40 % are scored and those below stay empty."""
    factors = default_factors()
    factors[3] = Factor(
        column="wiederkaufrate", score="ist", weight=10, method="schwellen", thresholds=[0.5, 0.8]
    )
    factors[11] = Factor(
        column="abwanderung", score="potenzial", weight=20, method="rang", direction="niedrig"
    )
    config = Config(
        factors=factors,
        stichtag=DAY,
        labels="premium",
        threshold_ist=Threshold(method="quantil", value=0.35),
        threshold_potenzial=Threshold(method="fest", value=45),
        abc_a=0.7,
        abc_b=0.9,
    )
    frame = _awkward_portfolio(90, seed=8)
    ids = _rule_cases(frame, list(range(5, 14)))
    _reader_cases(frame, [14, 15, 16])
    rows = to_input_rows(frame, "en")
    path = write_plan(live_plan(rows, config, "en", prepared_rows=120), tmp_path / "tpl.xlsx")
    book = openpyxl.load_workbook(path)
    settings = book[t("sheet.konfiguration", "en")]
    cell = config_layout(config).param_cell("mindestabdeckung").replace("$", "")
    assert settings[cell].value == 0.5
    settings[cell].value = 0.4
    book.save(path)
    got = openpyxl.load_workbook(lo.recalculate(path, tmp_path / "lo"), data_only=True)
    header, body = _sheet_rows(got, "Customers")
    result = _core(frame, config.model_copy(update={"min_coverage": 0.4}), "en")
    # every customer kept, scored or not; the row without a number skipped
    assert len(result.scored) == len(frame) - 1
    read = result.scored.set_index("kunden_nr")
    assert read.loc[str(frame.at[14, "kunden_nr"]), "marge"] == pytest.approx(0.43)
    assert np.isnan(read.loc[str(frame.at[15, "kunden_nr"]), "image"])
    assert np.isnan(read.loc[str(frame.at[16, "kunden_nr"]), "auftraege"])
    _assert_rules_hold(result, ids, 0.4)
    # the two without any potential estimate keep their Ist score, outside the matrix
    first_two = result.scored.iloc[:2]
    assert first_two["potenzial_score"].isna().all() and first_two["ist_score"].notna().all()
    _assert_rows_equal_core(header, body, result, "en")
    blank = body[len(frame) : 120]
    assert len(blank) == 120 - len(frame)
    assert all(v in (None, "") for row in blank for v in row), "prepared rows must stay empty"
    helper = {r[0]: r[1] for r in got[HELPER_SHEET].iter_rows(min_row=2, values_only=True)}
    assert helper["schwelle_ist"] == pytest.approx(result.t_ist, rel=1e-9)
    assert helper["schwelle_potenzial"] == pytest.approx(result.t_potenzial, rel=1e-9)
