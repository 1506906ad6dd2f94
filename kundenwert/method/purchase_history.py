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
from kundenwert.method.order_history import OrderHistory, aggregate_orders, id_text
from kundenwert.method.phase import FIRST_ORDER_KNOWN

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
#: the model CLV in revenue terms (order lines without any margin)
SOURCE_MODEL_REVENUE = "modell_umsatz"
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
    #: no margin anywhere and none configured: the model CLV is in revenue terms
    revenue_clv: bool = False

    def clv_label_key(self) -> str:
        """The label key of the model CLV's column: in revenue terms, say so."""
        return "clv_modell_umsatz" if self.revenue_clv else "clv_modell"


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
    revenue_basis = not np.isfinite(margin).any()
    if revenue_basis:
        # no margin anywhere: the model CLV in revenue terms (a uniform margin would only
        # scale it, so its ranks are the same), or with the configured default margin
        margin = np.full(len(frame), config.default_margin or 1.0)
        problems.append(
            note(
                sheet,
                None,
                "Marge",
                config.default_margin,
                "note",
                "msg.o.clv_standardmarge" if config.default_margin else "msg.o.clv_umsatzbasis",
                margin=config.default_margin,
            )
        )
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
    on_revenue = revenue_basis and not config.default_margin
    model_source = SOURCE_MODEL_REVENUE if on_revenue else SOURCE_MODEL
    frame["quelle_clv"] = np.where(usable, model_source, SOURCE_FORMULA)
    # the joined frame may hold more customers than the lines (sheet rows without lines)
    churn = (
        frame["abwanderung"].to_numpy(float)
        if "abwanderung" in frame
        else np.full(len(frame), np.nan)
    )
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
    return HistoryResult(
        frame, history, table, reported, gg, calibration, warnings, problems, on_revenue
    )


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
    sheet_frame["kunden_nr"] = (
        sheet_frame["kunden_nr"].map(id_text, na_action="ignore").astype(object)
    )
    lines_frame = _matched_ids(lines_frame, sheet_frame, problems, sheet)
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
    for key in (*IDENTITY, "wiederkaufrate"):  # the sheet's own value wins, else the lines'
        if f"{key}_blatt" in joined:
            joined[key] = joined[f"{key}_blatt"].where(joined[f"{key}_blatt"].notna(), joined[key])
            joined = joined.drop(columns=[f"{key}_blatt"])
    without_lines = joined["zeilen"].isna().to_numpy()
    for key in ("erstauftrag", "letzter_auftrag"):
        if key in sheet_frame and without_lines.any():
            # a customer without lines keeps the sheet's own dates, so its phase has them
            own_dates = sheet_frame.drop_duplicates("kunden_nr").set_index("kunden_nr")[key]
            from_sheet = pd.to_datetime(joined["kunden_nr"].map(own_dates), errors="coerce")
            joined[key] = joined[key].where(~without_lines, from_sheet)
    if FIRST_ORDER_KNOWN in joined:
        # the sheet's first-order dates are the customer's own
        joined[FIRST_ORDER_KNOWN] = joined[FIRST_ORDER_KNOWN].fillna(True).astype(bool)
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
                args=(("ids", _shown_ids(ids)), ("n", len(ids))),
            )
        )
        # no line in a period the lines cover is a real zero; a previous period the lines do
        # not reach back to stays unknown for them as for everyone
        keys = ["umsatz", "auftraege"]
        if (
            "umsatz_vorjahr" in joined
            and joined.loc[~without_lines, "umsatz_vorjahr"].notna().any()
        ):
            keys.append("umsatz_vorjahr")
        for key in keys:
            joined.loc[without_lines, key] = 0.0
    only = ~joined["kunden_nr"].isin(sheet_frame["kunden_nr"]).to_numpy()
    if only.any():
        shown = _shown_ids(joined.loc[only, "kunden_nr"].tolist())
        problems.append(
            note(
                sheet,
                None,
                None,
                int(only.sum()),
                "note",
                "msg.o.nur_in_zeilen",
                n=int(only.sum()),
                ids=shown,
            )
        )
    return joined.reset_index(drop=True)


def _shown_ids(ids: list[object], limit: int = 20) -> str:
    """The first `limit` numbers of a group, then an ellipsis."""
    return ", ".join(map(str, ids[:limit])) + (" …" if len(ids) > limit else "")


def _bare(ids: pd.Series) -> pd.Series:
    """A customer number without leading zeros and without a trailing '.0' (how a number
    column or a text export often loses or adds them)."""
    text = ids.astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
    bare = text.str.lstrip("0")
    return bare.where(bare != "", "0")


def _matched_ids(
    lines_frame: pd.DataFrame, sheet_frame: pd.DataFrame, problems: list[Problem], sheet: str
) -> pd.DataFrame:
    """Line customers whose number matches a sheet number only without leading zeros (or a
    trailing '.0') take the sheet's number, where that match is unique on both sides; each
    such join is listed."""
    sheet_ids = sheet_frame["kunden_nr"].dropna().to_numpy(dtype=object)
    line_ids = lines_frame["kunden_nr"].to_numpy(dtype=object)
    lone_lines = pd.Series(line_ids[~pd.Series(line_ids).isin(sheet_ids).to_numpy()])
    lone_sheet = pd.Series(sheet_ids[~pd.Series(sheet_ids).isin(line_ids).to_numpy()])
    if lone_lines.empty or lone_sheet.empty:
        return lines_frame
    sheet_bare, line_bare = _bare(lone_sheet), _bare(lone_lines)
    once = ~sheet_bare.duplicated(keep=False).to_numpy()
    target = dict(zip(sheet_bare[once], lone_sheet[once], strict=True))
    single = ~line_bare.duplicated(keep=False).to_numpy()
    renamed = {
        old: target[bare]
        for old, bare in zip(lone_lines[single], line_bare[single], strict=True)
        if bare in target
    }
    if not renamed:
        return lines_frame
    for old, new in renamed.items():
        problems.append(
            note(sheet, None, "Kunden-Nr", old, "note", "msg.o.nr_ohne_nullen", str(new), found=old)
        )
    out = lines_frame.copy()
    out["kunden_nr"] = [renamed.get(v, v) for v in line_ids]
    return out


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
