"""The order history in the scoring: aggregated customers, the fitted models, and the factors
they supply (CLV and churn risk), each with its source.

`history_for_scoring` is the one call every adapter makes with order lines: it aggregates
them, joins a customer table (ratings and estimates kept), fits BG/NBD and Gamma-Gamma, and
returns a frame ready for `score_portfolio` plus everything the Auftragshistorie sheet shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kundenwert.errors import Message, Problem, note
from kundenwert.method import clv_model as m
from kundenwert.method.config import Config
from kundenwert.method.order_history import OrderHistory, aggregate_orders

#: Figures the lines compute; a joined customer table's own values for them give way.
FROM_LINES = (
    "umsatz",
    "umsatz_vorjahr",
    "auftraege",
    "erstauftrag",
    "letzter_auftrag",
    "deckungsbeitrag",
)
IDENTITY = ("name", "region", "betreuer")
SOURCE_MODEL, SOURCE_REP, SOURCE_FORMULA = "modell", "betreuer", "formel"
#: Holdout for the calibration check: the forecast horizon when the history is at least twice
#: as long, else half the history when that is at least this many months.
MIN_CHECK_MONTHS = 6


@dataclass
class Calibration:
    """Predicted against actual purchases in a holdout at the end of the history."""

    start: dt.date  # end of the calibration period = start of the holdout
    end: dt.date
    customers: int
    predicted: float
    actual: int
    by_frequency: pd.DataFrame  # frequency group, customers, predicted mean, actual mean


@dataclass
class HistoryResult:
    """Customers for scoring, the per-customer history table and the fit report."""

    frame: pd.DataFrame  # customer table keys, ready for score_portfolio
    history: OrderHistory
    table: pd.DataFrame  # per customer: aggregated figures and the model's predictions
    bgnbd: m.BgNbdFit | None
    spend: m.GammaGammaFit | None
    calibration: Calibration | str  # str: the label key of why there is none
    warnings: list[Message] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _fits(
    table: pd.DataFrame, warnings: list[Message]
) -> tuple[m.BgNbdFit | None, m.GammaGammaFit | None]:
    buyers = table["frequenz"].notna()
    bg: m.BgNbdFit | None = None
    gg: m.GammaGammaFit | None = None
    try:
        bg = m.fit_bgnbd(
            table.loc[buyers, "frequenz"], table.loc[buyers, "recency"], table.loc[buyers, "alter"]
        )
        warnings.extend(bg.warnings)
    except m.ModelError as e:
        warnings.append(Message(e.message, tuple(e.args_.items())))
    try:
        gg = m.fit_gamma_gamma(table.loc[buyers, "frequenz"], table.loc[buyers, "bestellwert"])
        warnings.extend(gg.warnings)
    except m.ModelError as e:
        warnings.append(Message(e.message, tuple(e.args_.items())))
    return bg, gg


def history_for_scoring(
    lines: pd.DataFrame,
    config: Config,
    customers: pd.DataFrame | None = None,
    sheet: str = "Auftragszeilen",
    customer_sheet: str = "Kunden",
) -> HistoryResult:
    """Aggregate `lines`, join `customers` by kunden_nr, fit the models, supply the factors.

    The model's CLV (column clv_modell) and 1 − P(alive) as churn risk are given only to
    customers with at least `config.model_min_orders` purchase days and
    `config.model_min_months` months since the first order; the others keep the simple
    formula (and a rep's churn rating always wins). Sources are in quelle_clv and
    quelle_abwanderung.
    """
    history = aggregate_orders(lines, config.stichtag, sheet)
    problems = list(history.problems)
    warnings: list[Message] = []
    table = history.customers.copy()
    bg, gg = _fits(table, warnings)
    reported = bg  # shown on the sheet as fitted, used only when it converged
    if bg is not None and not bg.converged:
        # predictions from a fit without a maximum would be numbers without meaning
        warnings.append(Message("w.bgnbd.unbrauchbar"))
        bg = None
    x, tx, t = (table[c].to_numpy(float) for c in ("frequenz", "recency", "alter"))
    horizon = config.forecast_months * m.WEEKS_PER_MONTH
    nan = np.full(len(table), np.nan)
    buyers = ~np.isnan(x)
    alive, expected, value, model_clv = nan.copy(), nan.copy(), nan.copy(), nan.copy()
    if bg is not None:
        alive[buyers] = m.probability_alive(bg, x[buyers], tx[buyers], t[buyers])
        expected[buyers] = m.expected_orders(bg, horizon, x[buyers], tx[buyers], t[buyers])
    if gg is not None:
        value[buyers] = m.expected_order_value(
            gg, x[buyers], table["bestellwert"].to_numpy(float)[buyers]
        )
    table["p_aktiv"], table["erwartete_auftraege"], table["erwarteter_bestellwert"] = (
        alive,
        expected,
        value,
    )

    frame = table.drop(columns=["excel_row"])
    if customers is not None:
        frame = _join(frame, customers, problems, customer_sheet)
    margin = _margin(frame)
    if bg is not None and gg is not None:
        ok = frame["frequenz"].notna().to_numpy()
        model_clv = np.full(len(frame), np.nan)
        f = frame.loc[ok]
        model_clv[ok] = m.model_clv(
            bg,
            gg,
            f["frequenz"],
            f["recency"],
            f["alter"],
            f["bestellwert"],
            margin[ok],
            config.clv_years,
            config.discount_rate,
        )
    else:
        model_clv = np.full(len(frame), np.nan)
    months = frame["alter"].to_numpy(float) / m.WEEKS_PER_MONTH
    long_enough = (frame["kauftage"].to_numpy(float) >= config.model_min_orders) & (
        months >= config.model_min_months
    )
    usable = long_enough & np.isfinite(model_clv)
    frame["clv_modell"] = np.where(usable, model_clv, np.nan)
    frame["quelle_clv"] = np.where(usable, SOURCE_MODEL, SOURCE_FORMULA)
    churn = frame["abwanderung"].to_numpy(float) if "abwanderung" in frame else nan.copy()
    rated = ~np.isnan(churn)
    modelled = ~rated & long_enough & ~np.isnan(frame["p_aktiv"].to_numpy(float))
    frame["abwanderung"] = np.where(modelled, 1.0 - frame["p_aktiv"].to_numpy(float), churn)
    source = np.full(len(frame), None, dtype=object)
    source[rated], source[modelled] = SOURCE_REP, SOURCE_MODEL
    frame["quelle_abwanderung"] = source
    short = int((~long_enough & frame["kauftage"].notna().to_numpy()).sum())
    if short:
        problems.append(
            Problem(
                sheet,
                None,
                None,
                short,
                f"Historie von mindestens {config.model_min_orders} Kauftagen und "
                f"{config.model_min_months} Monaten: {short} Kunden mit kürzerer Historie "
                f"behalten CLV nach der einfachen Formel",
                "note",
                message="msg.o.kurze_historie",
                args=(
                    ("orders", config.model_min_orders),
                    ("months", config.model_min_months),
                    ("n", short),
                ),
            )
        )
    no_margin = int((long_enough & ~np.isfinite(margin)).sum())
    if no_margin and bg is not None:
        problems.append(
            note(sheet, None, "Marge", no_margin, "note", "msg.o.ohne_marge", n=no_margin)
        )
    # the table follows the lines' customers, in their order
    by_id = pd.Series(model_clv, index=frame["kunden_nr"].to_numpy())
    table["clv_modell"] = by_id.reindex(table["kunden_nr"].to_numpy()).to_numpy()
    calibration = calibration_check(lines, history.reference_date, config.forecast_months, sheet)
    return HistoryResult(frame, history, table, reported, gg, calibration, warnings, problems)


def _margin(frame: pd.DataFrame) -> np.ndarray:
    """Margin per customer for the model's CLV: the lines' own, else the customer table's
    margin, else its contribution over revenue."""
    nan = np.full(len(frame), np.nan)
    out = frame["marge_historie"].to_numpy(float) if "marge_historie" in frame else nan.copy()
    if "marge" in frame:
        out = np.where(np.isnan(out), pd.to_numeric(frame["marge"], errors="coerce"), out)
    if "deckungsbeitrag" in frame:
        revenue = frame["umsatz"].to_numpy(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(
                revenue > 0, frame["deckungsbeitrag"].to_numpy(float) / revenue, np.nan
            )
        out = np.where(np.isnan(out), share, out)
    return np.asarray(out, dtype=float)


def _join(
    lines_frame: pd.DataFrame, customers: pd.DataFrame, problems: list[Problem], sheet: str
) -> pd.DataFrame:
    """The line figures joined with the customer table: the lines give the figures they
    compute, the table everything else (ratings, estimates, costs); name, region and rep
    come from the table, else from the latest line."""
    sheet_frame = customers.copy()
    sheet_frame["kunden_nr"] = sheet_frame["kunden_nr"].astype(str)
    replaced = [c for c in FROM_LINES if c in sheet_frame]
    if replaced:
        problems.append(
            Problem(
                sheet,
                None,
                ", ".join(replaced),
                None,
                "Werte aus den Auftragszeilen (die Spalten des Kundenblatts werden dafür nicht "
                "verwendet)",
                "note",
                message="msg.o.aus_zeilen",
            )
        )
    own = sheet_frame.drop(columns=replaced)
    joined = lines_frame.merge(own, on="kunden_nr", how="outer", suffixes=("", "_blatt"))
    for key in IDENTITY:
        if f"{key}_blatt" in joined:
            joined[key] = joined[f"{key}_blatt"].where(joined[f"{key}_blatt"].notna(), joined[key])
            joined = joined.drop(columns=[f"{key}_blatt"])
    without_lines = joined["zeilen"].isna().to_numpy()
    if without_lines.any():
        ids = joined.loc[without_lines, "kunden_nr"].tolist()
        problems.append(
            Problem(
                sheet,
                None,
                None,
                len(ids),
                "Auftragszeilen je Kunde: ohne Zeilen bis zum Stichtag (Umsatz 0): "
                + ", ".join(map(str, ids[:20]))
                + (" …" if len(ids) > 20 else ""),
                "note",
                message="msg.o.ohne_zeilen",
                args=(("ids", ", ".join(map(str, ids[:20])) + (" …" if len(ids) > 20 else "")),),
            )
        )
        for key in ("umsatz", "umsatz_vorjahr", "auftraege"):
            joined.loc[without_lines, key] = 0.0
    only_lines = int((~joined["kunden_nr"].isin(sheet_frame["kunden_nr"])).sum())
    if only_lines:
        problems.append(
            note(sheet, None, None, only_lines, "note", "msg.o.nur_in_zeilen", n=only_lines)
        )
    return joined.reset_index(drop=True)


def calibration_check(
    lines: pd.DataFrame, stichtag: dt.date, forecast_months: int, sheet: str = "Auftragszeilen"
) -> Calibration | str:
    """Fit on the history up to a holdout, predict the holdout's purchases, count the real
    ones. Else the label key of the reason: the history is too short for a holdout, or the
    fit before the holdout failed or found no maximum (its predictions would mean nothing)."""
    full = aggregate_orders(lines, stichtag, sheet)
    end = pd.Timestamp(stichtag)
    dates = pd.to_datetime(lines["datum"], errors="coerce")
    span_months = (end - dates.min()).days / (365.25 / 12)
    if span_months >= 2 * forecast_months:
        months = float(forecast_months)
    elif span_months / 2 >= MIN_CHECK_MONTHS:
        months = span_months / 2
    else:
        return "h.keine_kalibrierung"
    start = (end - pd.Timedelta(days=round(months * 365.25 / 12))).date()
    cal = aggregate_orders(lines, start, sheet).customers
    cal = cal[cal["frequenz"].notna()]
    try:
        fit = m.fit_bgnbd(cal["frequenz"], cal["recency"], cal["alter"])
    except m.ModelError:
        return "h.kalibrierung_ohne_fit"
    if not fit.converged:
        return "h.kalibrierung_ohne_fit"
    weeks = (end - pd.Timestamp(start)).days / 7
    predicted = m.expected_orders(fit, weeks, cal["frequenz"], cal["recency"], cal["alter"])
    later = full.customers.set_index("kunden_nr")["kauftage"]
    before = cal.set_index("kunden_nr")["kauftage"]
    actual = (later.reindex(before.index).fillna(before) - before).to_numpy()
    group = np.minimum(cal["frequenz"].to_numpy(), 7).astype(int)
    by = (
        pd.DataFrame({"gruppe": group, "vorhergesagt": predicted, "tatsaechlich": actual})
        .groupby("gruppe")
        .agg(
            kunden=("vorhergesagt", "size"),
            vorhergesagt=("vorhergesagt", "mean"),
            tatsaechlich=("tatsaechlich", "mean"),
        )
        .reset_index()
    )
    return Calibration(start, end.date(), len(cal), float(predicted.sum()), int(actual.sum()), by)
