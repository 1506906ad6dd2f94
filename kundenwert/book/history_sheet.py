"""The Auftragshistorie sheet: per customer the aggregated figures and the model's predictions,
beside them the fit (parameters, summed log-likelihood, customers used, warnings) and the
calibration check. Pure plan data."""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd

from kundenwert.book import style
from kundenwert.book.geometry import fit_header_rows, page_footer, pages_wide
from kundenwert.book.labels import column_label, message, t
from kundenwert.book.plan import Block, Columns, Plan, Sheet, Table, Text
from kundenwert.language import Lang
from kundenwert.method.purchase_history import HistoryResult

HISTORY_TABLE = (
    ("kunden_nr", None),
    ("name", None),
    ("erstauftrag", style.DATE),
    ("letzter_auftrag", style.DATE),
    ("umsatz", style.MONEY),
    ("umsatz_vorjahr", style.MONEY),
    ("deckungsbeitrag", style.MONEY),
    ("auftraege", style.INTEGER),
    ("auftraege_gesamt", style.INTEGER),
    ("kauftage", style.INTEGER),
    ("frequenz", style.INTEGER),
    ("recency", "0.00"),
    ("alter", "0.00"),
    ("bestellwert", "#,##0.00"),
    ("p_aktiv", style.PERCENT),
    ("erwartete_auftraege", "0.00"),
    ("erwarteter_bestellwert", "#,##0.00"),
    ("clv_modell", style.MONEY),
)
SIDE = "V"  # the fit and the calibration sit right of the customer table


def _dates(series: pd.Series) -> list[object]:
    return [None if pd.isna(v) else v.to_pydatetime() for v in series]


def _number(v: float | None) -> float | None:
    return None if v is None or math.isnan(v) else float(v)


def natural_key(text: str) -> list[tuple[int, int | str]]:
    """A sort key that orders the numbers inside a text by value ("K2" before "K10")."""
    return [
        (0, int(part)) if part.isdigit() else (1, part.lower())
        for part in re.split(r"(\d+)", text)
        if part
    ]


def history_sheet(
    h: HistoryResult,
    lang: Lang = "de",
    forecast_months: int = 12,
    clv_years: int = 5,
    reference: dt.date | None = None,
) -> Sheet:
    """The Auftragshistorie sheet of a scoring run from order lines; `reference` is the run's
    reference date, printed in the footer."""
    table = h.table
    if "kunden_nr" in table:  # 1, 2, 10, 100 as a controller counts, not 1, 10, 100, 2
        ids = [str(v) for v in table["kunden_nr"].tolist()]
        table = table.iloc[sorted(range(len(ids)), key=lambda i: natural_key(ids[i]))]
    keys = [(k, f) for k, f in HISTORY_TABLE if k in table]
    columns: list[np.ndarray | list[object]] = []
    for k, _ in keys:
        s = table[k]
        if k in ("erstauftrag", "letzter_auftrag"):
            columns.append(_dates(s))
        elif s.dtype == "float64":
            columns.append(s.to_numpy())
        else:
            columns.append([None if v is None or v is np.nan else v for v in s.tolist()])
    customers = Table(
        "A1",
        [
            t(h.clv_label_key(), lang) if k == "clv_modell" else column_label(k, lang)
            for k, _ in keys
        ],
        Columns(columns),
        name="Auftragshistorie",
        number_formats={i: f for i, (_, f) in enumerate(keys) if f},
    )
    ref = h.history.reference_date
    how = t("h.stichtag_gesetzt" if h.history.reference_date_given else "h.stichtag_standard", lang)
    side: list[Block] = [
        Text(f"{SIDE}1", t("h.titel", lang), bold=True, size=14),
        Text(f"{SIDE}2", f"{t('h.stichtag', lang)}: {ref.strftime('%d.%m.%Y')} ({how})"),
        Text(
            f"{SIDE}3",
            t("h.hinweis", lang).format(months=forecast_months, years=clv_years),
            italic=True,
        ),
    ]
    yes, no = t("ja", lang), t("nein", lang)
    rows: list[list[object]] = []
    if h.bgnbd is not None:
        b = h.bgnbd
        rows += [
            ["BG/NBD r", b.r],
            ["BG/NBD α (Wochen)" if lang != "en" else "BG/NBD α (weeks)", b.alpha],
            ["BG/NBD a", b.a],
            ["BG/NBD b", b.b],
            [f"BG/NBD {t('h.ll', lang)}", b.log_likelihood],
            [f"BG/NBD {t('h.kunden', lang)}", b.customers],
            [f"BG/NBD {t('h.wiederkaeufer', lang)}", b.repeat_buyers],
            [f"BG/NBD {t('h.konvergiert', lang)}", yes if b.converged else no],
        ]
    else:
        rows.append(["BG/NBD", t("h.kein_modell", lang)])
    if h.spend is not None:
        g = h.spend
        rows += [
            ["Gamma-Gamma p", g.p],
            ["Gamma-Gamma q", g.q],
            ["Gamma-Gamma γ", g.gamma],
            [f"Gamma-Gamma {t('h.ll', lang)}", g.log_likelihood],
            [f"Gamma-Gamma {t('h.kunden', lang)}", g.customers],
            [f"Gamma-Gamma {t('h.konvergiert', lang)}", yes if g.converged else no],
        ]
    else:
        rows.append(["Gamma-Gamma", t("h.kein_modell", lang)])
    side.append(Text(f"{SIDE}5", t("h.modell", lang), bold=True))
    # parameters to six significant digits; counts as integers
    formats = {(i, 1): "0.000000" for i, r in enumerate(rows) if isinstance(r[1], float)}
    side.append(
        Table(f"{SIDE}6", [t("h.parameter", lang), t("h.wert", lang)], rows, cell_formats=formats)
    )
    line = 6 + len(rows) + 2
    side.append(Text(f"{SIDE}{line}", t("h.warnungen", lang), bold=True))
    shown = [message(w.key, dict(w.args), lang) for w in h.warnings]
    for i, w in enumerate(shown or [t("h.keine_warnung", lang)]):
        side.append(Text(f"{SIDE}{line + 1 + i}", w))
    line += 2 + max(len(h.warnings), 1) + 1
    side.append(Text(f"{SIDE}{line}", t("h.kalibrierung", lang), bold=True))
    c = h.calibration
    if isinstance(c, str):
        side.append(Text(f"{SIDE}{line + 1}", t(c, lang)))
    else:
        period = f"{c.start.strftime('%d.%m.%Y')} – {c.end.strftime('%d.%m.%Y')}"
        side.append(
            Table(
                f"{SIDE}{line + 1}",
                [t("h.parameter", lang), t("h.wert", lang)],
                [
                    [t("h.pruefzeitraum", lang), period],
                    [t("h.kunden", lang), c.customers],
                    [t("h.vorhergesagt", lang), c.predicted],
                    [t("h.tatsaechlich", lang), c.actual],
                ],
                cell_formats={(2, 1): "#,##0.0", (3, 1): "#,##0"},
            )
        )
        by = c.by_frequency
        group_rows = [
            [f"{g}+" if g == 7 else str(g), n, _number(p), _number(a)]
            for g, n, p, a in zip(
                by["gruppe"].astype(int).tolist(),
                by["kunden"].astype(int).tolist(),
                by["vorhergesagt"].astype(float).tolist(),
                by["tatsaechlich"].astype(float).tolist(),
                strict=True,
            )
        ]
        side.append(
            Table(
                f"{SIDE}{line + 7}",
                [
                    t("h.gruppe", lang),
                    t("h.kunden", lang),
                    t("h.vorhergesagt", lang),
                    t("h.tatsaechlich", lang),
                ],
                group_rows,
                number_formats={2: "0.00", 3: "0.00"},
            )
        )
    widths = {chr(65 + i): 14.0 for i in range(len(keys))}
    widths |= {"B": 28.0, SIDE: 40.0, "W": 22.0, "X": 14.0, "Y": 14.0}
    sheet = Sheet(
        t("sheet.historie", lang),
        [customers, *side],
        freeze="C2",
        widths=widths,
        landscape=True,
        # readable, a few pages wide, with the header row and id and name on every page
        fit_width=pages_wide(widths, widths.get("A", 0.0) + widths["B"]),
        print_title_rows=(1, 1),
        print_title_columns="A:B",
        footer=page_footer(reference, lang),
    )
    return fit_header_rows(Plan([sheet])).sheets[0]
