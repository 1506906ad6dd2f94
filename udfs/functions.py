"""Worksheet functions, namespace KW (=KW.SCORE(...), =KW.PORTFOLIO(...), ...).

Each function checks its arguments (udfs/shapes.py), makes one call into the core and returns a
2D list that spills. Bad arguments raise xlwings.XlwingsError: xlwings Lite and Server show its
message with #VALUE! in the cell, classic xlwings shows it as the cell's text. No traceback
reaches a cell.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from xlwings import XlwingsError, arg, func, ret

from kundenwert.book.config_sheet import config_from_rows
from kundenwert.book.labels import column_label, error_text, t
from kundenwert.book.scored_table import scoring_body, scoring_header
from kundenwert.cells.customer_table import read_customer_table
from kundenwert.cells.line_table import is_order_lines, read_lines
from kundenwert.cells.values import CellError, is_blank, parse_date
from kundenwert.errors import KundenwertError
from kundenwert.method import abc_class as abc_core
from kundenwert.method import clv_model
from kundenwert.method import normalize as normalization
from kundenwert.method import profitability as value_core
from kundenwert.method import segments as seg_core
from kundenwert.method.ahp import ahp_weights
from kundenwert.method.config import SEGMENTS, Config, Threshold
from kundenwert.method.fragility import with_fragility
from kundenwert.method.portfolio import (
    CONTRIBUTION_PREFIX,
    ScoreResult,
    score_portfolio,
    weighted_score,
)
from kundenwert.method.purchase_history import HistoryResult, history_for_scoring
from kundenwert.udfs.arguments import (
    ArgumentError,
    cells_out,
    given,
    grid,
    label_grid,
    matrix,
    number,
    numbers,
    same_length,
    text,
    vector,
)

F = TypeVar("F", bound=Callable[..., Any])
METHODS = ("rang", "minmax", "skala", "schwellen")
DIRECTIONS = ("hoch", "niedrig")


def excel_errors(name: str) -> Callable[[F], F]:
    """Turn the core's and the argument checks' errors into an Excel error with a message."""

    def wrap(f: F) -> F:
        @functools.wraps(f)
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                return f(*args, **kwargs)
            except (ArgumentError, KundenwertError) as e:
                raise XlwingsError(f"KW.{name}: {error_text(e)}") from None

        return inner  # type: ignore[return-value]

    return wrap


def _direction(value: Any, n: int) -> list[str]:
    """One direction for all columns, or one per column."""
    items = vector(value, "directions") if isinstance(value, list) else [value]
    words = [text(v, "directions", DIRECTIONS, "hoch") for v in items]
    if len(words) == 1:
        return words * n
    if len(words) != n:
        raise ArgumentError("arg.richtungen", n=n, found=len(words))
    return words


@func
@arg("values", ndim=2, doc="Faktorwerte: eine Zeile je Kunde, eine Spalte je Faktor")
@arg("weights", ndim=1, doc="Gewichte je Spalte (beliebige Summe, werden auf 100 % bezogen)")
@arg("directions", doc="hoch oder niedrig, für alle Spalten oder je Spalte (Standard: hoch)")
@arg("method", doc="Normierung: rang (Standard), minmax oder skala (1–5)")
@ret(expand="table")
@excel_errors("SCORE")
def score(values: Any, weights: Any, directions: Any = None, method: Any = None) -> list[list[Any]]:
    """Gewichteter Score 0–100 je Zeile; fehlende Werte zählen nicht, die Gewichte der übrigen
    Faktoren werden dann auf 100 % hochgerechnet."""
    x = matrix(values, "values")
    w = numbers(weights, "weights")
    same_length("values (Spalten)", x[0], "weights", w)
    if np.isnan(w).any() or (w < 0).any() or w.sum() <= 0:
        raise ArgumentError("arg.gewichte")
    how = text(method, "method", ("rang", "minmax", "skala"), "rang")
    dirs = _direction(directions, x.shape[1])
    columns = [f"f{j}" for j in range(x.shape[1])]
    norm = pd.DataFrame(
        {
            c: normalization.normalize(x[:, j], how, dirs[j], 1.0, 5.0)  # type: ignore[arg-type]
            for j, c in enumerate(columns)
        }
    )
    result, _, _ = weighted_score(norm, pd.Series(w, index=columns))
    return cells_out(result.tolist())


@func
@arg("values", ndim=2, doc="Werte, eine oder mehrere Spalten")
@arg("method", doc="rang (Standard), minmax, skala (1–5)")
@arg("direction", doc="hoch (Standard) oder niedrig")
@ret(expand="table")
@excel_errors("NORMALIZE")
def normalize(values: Any, method: Any = None, direction: Any = None) -> list[list[Any]]:
    """Normiert jede Spalte auf 0–100 (leere Zellen bleiben leer)."""
    x = matrix(values, "values")
    how = text(method, "method", ("rang", "minmax", "skala"), "rang")
    way = text(direction, "direction", DIRECTIONS, "hoch")
    out = np.column_stack(
        [
            normalization.normalize(x[:, j], how, way, 1.0, 5.0)  # type: ignore[arg-type]
            for j in range(x.shape[1])
        ]
    )
    return [["" if np.isnan(v) else float(v) for v in row] for row in out]


@func
@arg("current", ndim=1, doc="Ist-Scores (0–100)")
@arg("potential", ndim=1, doc="Potenzial-Scores (0–100)")
@arg("current_threshold", doc="Schwelle Ist (leer = Median)")
@arg("potential_threshold", doc="Schwelle Potenzial (leer = Median)")
@arg("labels", doc="vier Namen: Top, Stamm, Wachstum, Klein (leer = Standardnamen)")
@ret(expand="table")
@excel_errors("SEGMENT")
def segment(
    current: Any,
    potential: Any,
    current_threshold: Any = None,
    potential_threshold: Any = None,
    labels: Any = None,
) -> list[list[Any]]:
    """Segment der Vier-Felder-Matrix je Kunde (Schwellenwert zählt als hoch)."""
    x, y = numbers(current, "current"), numbers(potential, "potential")
    same_length("current", x, "potential", y)
    names = Config().segment_labels()
    if given(labels):
        own = [str(v) for v in vector(labels, "labels")]
        if len(own) != 4:
            raise ArgumentError("arg.labels", found=len(own))
        names = dict(zip(SEGMENTS, own, strict=True))
    tx = _threshold(current_threshold, "current_threshold", x)
    ty = _threshold(potential_threshold, "potential_threshold", y)
    keys = seg_core.quadrant(x, y, tx, ty)
    return cells_out([names[k] if k else None for k in keys])


def _threshold(value: Any, name: str, scores: Any) -> float:
    v = number(value, name)
    if np.isnan(v):
        return seg_core.threshold_value(scores, Threshold())
    if not 0 <= v <= 100:
        raise ArgumentError("arg.null_bis_hundert", name=name, value=f"{v:g}")
    return v


@func
@arg("revenue", ndim=1, doc="Umsätze je Kunde")
@arg("a_share", doc="kumulierter Umsatzanteil der A-Kunden (Standard 0,8)")
@arg("b_share", doc="kumulierter Umsatzanteil bis B (Standard 0,95)")
@arg("contribution", ndim=1, doc="DB nach Betreuungskosten je Kunde (negativ → Z)")
@ret(expand="table")
@excel_errors("ABC")
def abc(
    revenue: Any, a_share: Any = None, b_share: Any = None, contribution: Any = None
) -> list[list[Any]]:
    """ABC-Klasse je Kunde nach Umsatz; Z bei negativem Deckungsbeitrag, O ohne Umsatz."""
    r = numbers(revenue, "revenue")
    a = number(a_share, "a_share", blank=0.8)
    b = number(b_share, "b_share", blank=0.95)
    c = None
    if given(contribution):
        c = numbers(contribution, "contribution")
        same_length("revenue", r, "contribution", c)
    return cells_out(abc_core.abc_class(r, a, b, c).tolist())


@func
@arg("revenue", ndim=1, doc="Umsatz je Kunde")
@arg("margin", ndim=1, doc="Marge je Kunde (Anteil, z. B. 0,3)")
@arg("orders", ndim=1, doc="Anzahl Aufträge je Kunde")
@arg("cost_per_order", doc="Kosten je Auftrag (€)")
@arg("visits", ndim=1, doc="Anzahl Besuche je Kunde")
@arg("cost_per_visit", doc="Kosten je Besuch (€)")
@arg("other", ndim=1, doc="sonstige Servicekosten je Kunde (optional)")
@ret(expand="table")
@excel_errors("CONTRIBUTION")
def contribution(
    revenue: Any,
    margin: Any,
    orders: Any,
    cost_per_order: Any,
    visits: Any,
    cost_per_visit: Any,
    other: Any = None,
) -> list[list[Any]]:
    """Deckungsbeitrag nach Betreuungskosten je Kunde."""
    r, m = numbers(revenue, "revenue"), numbers(margin, "margin")
    o, v = numbers(orders, "orders"), numbers(visits, "visits")
    for name, arr in (("margin", m), ("orders", o), ("visits", v)):
        same_length("revenue", r, name, arr)
    rest = None
    if given(other):
        rest = numbers(other, "other")
        same_length("revenue", r, "other", rest)
    cpo = number(cost_per_order, "cost_per_order", blank=0.0)
    cpv = number(cost_per_visit, "cost_per_visit", blank=0.0)
    if cpo < 0 or cpv < 0:
        raise ArgumentError("arg.kostensaetze")
    return cells_out(value_core.contribution_after_cost(r, m, o, cpo, v, cpv, rest).tolist())


@func
@arg("margin", ndim=1, doc="jährlicher Deckungsbeitrag je Kunde")
@arg("retention", ndim=1, doc="Bindungsrate je Kunde (0–1), oder eine für alle")
@arg("discount_rate", doc="Kalkulationszins, z. B. 0,08")
@arg("years", doc="Jahre, z. B. 5")
@ret(expand="table")
@excel_errors("CLV")
def clv(margin: Any, retention: Any, discount_rate: Any, years: Any) -> list[list[Any]]:
    """Kundenwert über die Laufzeit: Σ m · r^(t−1) / (1+d)^t."""
    m, r = numbers(margin, "margin"), numbers(retention, "retention")
    if len(r) == 1:
        r = np.full(len(m), r[0])
    same_length("margin", m, "retention", r)
    d = number(discount_rate, "discount_rate")
    n = number(years, "years")
    if np.isnan(n) or n != int(n) or n < 1:
        raise ArgumentError("arg.jahre", value=repr(years))
    if np.isnan(d):
        raise ArgumentError("arg.zinssatz")
    return cells_out(value_core.clv(m, r, d, int(n)).tolist())


@func
@arg("pairwise_matrix", ndim=2, doc="quadratische Paarvergleichsmatrix (a_ji = 1/a_ij)")
@ret(expand="table")
@excel_errors("AHP")
def ahp(pairwise_matrix: Any) -> list[list[Any]]:
    """Gewichte nach AHP je Kriterium und die Konsistenzquote (ab 0,1 inkonsistent)."""
    a = matrix(pairwise_matrix, "pairwise_matrix")
    if np.isnan(a).any():
        raise ArgumentError("arg.matrix_leer")
    res = ahp_weights(a)
    label = "Konsistenzquote" + ("" if res.consistent else " (inkonsistent, ≥ 0,1)")
    return [
        *[[f"Kriterium {i + 1}", float(w)] for i, w in enumerate(res.weights)],
        [label, res.consistency_ratio],
    ]


def _scored(table: Any, config_range: Any) -> ScoreResult:
    frame, cfg = _customers(table, config_range)
    return score_portfolio(frame, cfg, sheet="Tabelle")


def _customers(
    table: Any, config_range: Any, model: Config | None = None
) -> tuple[pd.DataFrame, Config]:
    """A customer table (or order lines, one row per customer first, as `score` does) and its
    model (the Konfiguration range; else `model`, else the standard model)."""
    rows = grid(table)
    if len(rows) < 2:
        raise ArgumentError("arg.tabelle")
    cfg = model or Config()
    if given(config_range):
        cfg = config_from_rows(label_grid(config_range), "Konfiguration")
    rows = _no_officejs_blanks(rows)
    if is_order_lines(rows):
        history = history_for_scoring(read_lines(rows, "Tabelle").lines, cfg, sheet="Tabelle")
        cfg = cfg.model_copy(update={"stichtag": history.history.reference_date})
        return history.frame, cfg
    read = read_customer_table(rows, "Tabelle", column_map=cfg.column_map)
    return read.frame, cfg


@func
@arg("table", ndim=2, doc="Kundentabelle mit Kopfzeile")
@arg("config_range", ndim=2, doc="Bereich des Blatts Konfiguration (leer = Standardmodell)")
@ret(expand="table")
@excel_errors("PORTFOLIO")
def portfolio(table: Any, config_range: Any = None) -> list[list[Any]]:
    """Die ganze Bewertung als ein Überlauf-Bereich: Scores, Segment, ABC, Phase, Beiträge."""
    result = with_fragility(_scored(table, config_range))
    return [scoring_header(result), *scoring_body(result).rows(empty="")]


@func
@arg("table", ndim=2, doc="Kundentabelle mit Kopfzeile")
@arg("customer_id", doc="Kunden-Nr")
@arg("config_range", ndim=2, doc="Bereich des Blatts Konfiguration (leer = Standardmodell)")
@ret(expand="table")
@excel_errors("EXPLAIN")
def explain(table: Any, customer_id: Any, config_range: Any = None) -> list[list[Any]]:
    """Warum ein Kunde so bewertet ist: Beitrag jedes Faktors in Score-Punkten."""
    result = _scored(table, config_range)
    from kundenwert.cells.values import parse_id

    cid = parse_id(customer_id)
    hits = result.scored.index[result.scored["kunden_nr"] == cid]
    if cid is None or not len(hits):
        raise ArgumentError("arg.kunde", value=repr(customer_id))
    row = result.scored.loc[hits[0]]
    out: list[list[Any]] = [[t("k.faktor"), t("k.score"), t("k.gewicht"), t("beitrag")]]
    for f in result.factors:
        part = row[f"{CONTRIBUTION_PREFIX}{f.column}"]
        # the weight in this run, in percent: factors nobody has are left out of the model
        weight = result.effective_weights.get(f.score, {}).get(f.column, 0.0) * 100
        out.append([column_label(f.column), f.score, weight, "" if pd.isna(part) else float(part)])
    for key in ("ist", "potenzial"):
        value = row[f"{key}_score"]  # empty when the customer has too little data for it
        out.append([t(f"{key}_score"), key, "", "" if pd.isna(value) else float(value)])
    return out


@func
@arg("old_table", ndim=2, doc="Kundentabelle des alten Laufs (Blatt Kunden seines Ergebnisses)")
@arg("new_table", ndim=2, doc="Kundentabelle des neuen Laufs")
@arg("customer_id", doc="Kunden-Nr")
@arg("old_config", ndim=2, doc="Konfiguration des alten Laufs (leer = Standardmodell)")
@arg("new_config", ndim=2, doc="Konfiguration des neuen Laufs (leer = die des alten)")
@ret(expand="table")
@excel_errors("CAUSES")
def causes(
    old_table: Any,
    new_table: Any,
    customer_id: Any,
    old_config: Any = None,
    new_config: Any = None,
) -> list[list[Any]]:
    """Warum sich ein Kunde zwischen zwei Läufen bewegt hat: jede Score-Änderung aufgeteilt
    auf eigene Zahlen, andere Kunden und Modell (zusammen genau die Änderung), in Worten."""
    from kundenwert.book.cause_words import cause_name, cause_text
    from kundenwert.cells.values import parse_id
    from kundenwert.method.causes import split_causes

    old_frame, old_cfg = _customers(old_table, old_config)
    new_frame, new_cfg = _customers(new_table, new_config, old_cfg)
    split = split_causes(old_frame, old_cfg, new_frame, new_cfg)
    cid = parse_id(customer_id)
    if cid is None or cid not in split.table.index:
        raise ArgumentError("arg.kunde_beide", value=repr(customer_id))
    row = split.table.loc[cid].to_dict()
    out: list[list[Any]] = [
        ["", t("v.delta"), t("u.eigen"), t("u.umfeld"), t("u.modell")],
    ]
    for s in ("ist", "potenzial"):
        values = [row[f"{s}_delta"], row[f"{s}_eigen"], row[f"{s}_umfeld"], row[f"{s}_modell"]]
        out.append([t(f"{s}_score"), *("" if pd.isna(v) else float(v) for v in values)])
    for key in ("segment", "abc", "phase"):
        out.append([t(f"v.ursache_{key}"), cause_name(row[f"ursache_{key}"]), "", "", ""])
    out.append([t("v.ursache"), cause_text(row, split, new_cfg), "", "", ""])
    return out


def _no_officejs_blanks(rows: list[list[Any]]) -> list[list[Any]]:
    """Office.js sends the empty cells of a range as "" or 0: a row of nothing else is an
    empty row, not a line dated day 0 for customer "0"."""
    return [r for r in rows if not all(v == 0 or is_blank(v) for v in r)]


def _history_rows(
    lines: Any, stichtag: Any, months: Any, margin: Any, config_range: Any
) -> tuple[HistoryResult, Config]:
    rows = _no_officejs_blanks(grid(lines))
    if len(rows) < 2:
        raise ArgumentError("arg.zeilen")
    cfg = (
        config_from_rows(label_grid(config_range), "Konfiguration")
        if given(config_range)
        else Config()
    )
    update: dict[str, Any] = {}
    if given(stichtag):
        try:
            update["stichtag"] = parse_date(stichtag).date()
        except CellError:
            raise ArgumentError("arg.stichtag", value=repr(stichtag)) from None
    if given(months):
        n = number(months, "months")
        if np.isnan(n) or n != int(n) or not 1 <= n <= 120:
            raise ArgumentError("arg.monate", value=repr(months))
        update["forecast_months"] = int(n)
    cfg = cfg.model_copy(update=update)
    read = read_lines(rows, "Auftragszeilen")
    frame = read.lines
    if given(margin):
        share = number(margin, "margin")
        if np.isnan(share) or not 0 <= share <= 1:
            raise ArgumentError("arg.marge", value=repr(margin))
        if "deckungsbeitrag" not in frame and "marge" not in frame:
            frame = frame.assign(marge=share)  # one margin for all lines
    return history_for_scoring(frame, cfg, sheet="Auftragszeilen"), cfg


MODEL_COLUMNS = (
    "kunden_nr",
    "frequenz",
    "recency",
    "alter",
    "bestellwert",
    "p_aktiv",
    "erwartete_auftraege",
    "clv_modell",
)


@func
@arg(
    "lines", ndim=2, doc="Auftragszeilen mit Kopfzeile: Datum, Kunden-Nr, Betrag (Auftrags-Nr, DB)"
)
@arg("stichtag", doc="Stichtag (leer = Tag nach dem letzten Auftrag)")
@arg("months", doc="Monate der Prognose erwarteter Kauftage (Standard 12)")
@arg(
    "margin", doc="Marge für alle Zeilen, wenn die Zeilen keine tragen (leer = CLV auf Umsatzbasis)"
)
@arg("config_range", ndim=2, doc="Bereich des Blatts Konfiguration (leer = Standardmodell)")
@ret(expand="table")
@excel_errors("ORDER_HISTORY")
def order_history(
    lines: Any,
    stichtag: Any = None,
    months: Any = None,
    margin: Any = None,
    config_range: Any = None,
) -> list[list[Any]]:
    """Je Kunde aus Auftragszeilen: Wiederkäufe, Zeiten in Wochen, Wiederkaufwert,
    P(aktiv), erwartete Kauftage und CLV nach BG/NBD und Gamma-Gamma."""
    history, _ = _history_rows(lines, stichtag, months, margin, config_range)
    table = history.table
    out: list[list[Any]] = [
        [
            t(history.clv_label_key()) if k == "clv_modell" else column_label(k)
            for k in MODEL_COLUMNS
        ]
    ]
    columns = [table[k].tolist() for k in MODEL_COLUMNS]
    for row in zip(*columns, strict=True):
        out.append(["" if isinstance(v, float) and np.isnan(v) else v for v in row])
    return out


@func
@arg("frequency", ndim=1, doc="Wiederkäufe je Kunde (Kauftage − 1)")
@arg("recency", ndim=1, doc="Wochen vom ersten bis zum letzten Kauf")
@arg("age", ndim=1, doc="Wochen vom ersten Kauf bis zum Stichtag")
@arg("monetary", ndim=1, doc="mittlerer Wert der Wiederkäufe (leer ohne Wiederkauf)")
@arg("margin", doc="Marge, eine für alle (z. B. 0,3; leer = CLV als Umsatz)")
@arg("months", doc="Monate der Prognose (Standard 12)")
@arg("years", doc="Jahre des CLV (Standard 5)")
@arg("discount_rate", doc="Kalkulationszins (Standard 0,08)")
@ret(expand="table")
@excel_errors("PURCHASE_MODEL")
def purchase_model(
    frequency: Any,
    recency: Any,
    age: Any,
    monetary: Any,
    margin: Any = None,
    months: Any = None,
    years: Any = None,
    discount_rate: Any = None,
) -> list[list[Any]]:
    """BG/NBD und Gamma-Gamma auf Kundenzusammenfassungen: je Kunde P(aktiv), erwartete
    Kauftage, erwarteter Bestellwert und CLV; darunter die geschätzten Parameter."""
    x, tx = numbers(frequency, "frequency"), numbers(recency, "recency")
    age_weeks, value = numbers(age, "age"), numbers(monetary, "monetary")
    for name, arr in (("recency", tx), ("age", age_weeks), ("monetary", value)):
        same_length("frequency", x, name, arr)
    share = number(margin, "margin", blank=1.0)
    n_months = number(months, "months", blank=12.0)
    n_years = number(years, "years", blank=5.0)
    rate = number(discount_rate, "discount_rate", blank=0.08)
    if n_years != int(n_years) or n_years < 1 or n_months <= 0:
        raise ArgumentError("arg.jahre_monate")
    bg = clv_model.fit_bgnbd(x, tx, age_weeks)
    gg = clv_model.fit_gamma_gamma(x, value)
    alive = clv_model.probability_alive(bg, x, tx, age_weeks)
    horizon = n_months * clv_model.WEEKS_PER_MONTH
    expected = clv_model.expected_orders(bg, horizon, x, tx, age_weeks)
    spend = clv_model.expected_order_value(gg, x, value)
    lifetime = clv_model.model_clv(
        bg, gg, x, tx, age_weeks, value, np.full(len(x), share), int(n_years), rate
    )
    out: list[list[Any]] = [
        [t("p_aktiv"), t("erwartete_auftraege"), t("erwarteter_bestellwert"), t("clv_modell")]
    ]
    out += [
        [float(a), float(e), float(s), float(c)]
        for a, e, s, c in zip(alive, expected, spend, lifetime, strict=True)
    ]
    out.append(["", "", "", ""])
    out += [
        ["r", bg.r, "α", bg.alpha],
        ["a", bg.a, "b", bg.b],
        ["p", gg.p, "q", gg.q],
        ["γ", gg.gamma, t("h.ll"), bg.log_likelihood],
        [t("h.konvergiert"), t("ja" if bg.converged and gg.converged else "nein"), "", ""],
    ]
    return out
