"""The result workbook as a plan: Kunden, Bewertung, Matrix, Wachstumstabelle, Konfiguration,
Prüfprotokoll. Pure data; a renderer writes it to a file or into live Excel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from kundenwert.book import style
from kundenwert.book.config_sheet import (
    config_layout,
    factor_header,
    factor_rows,
    label_rows,
    mapping_header,
    mapping_rows,
    parameter_rows,
)
from kundenwert.book.geometry import anchor_column, col_letter, fitting_widths
from kundenwert.book.labels import column_label, expected_text, headers_for, t
from kundenwert.book.plan import (
    Block,
    Columns,
    Formula,
    Plan,
    ScatterChart,
    Series,
    Sheet,
    Table,
    Text,
    cell_value,
)
from kundenwert.errors import Problem
from kundenwert.language import Lang
from kundenwert.method.config import SEGMENTS, Config
from kundenwert.method.growth_table import FIGURES, segment_figures
from kundenwert.method.growth_texts import GROWTH_TEXTS, TEXT_KEYS
from kundenwert.method.portfolio import CONTRIBUTION_PREFIX, ScoreResult
from kundenwert.method.segments import SEGMENT_ORDER


@dataclass(frozen=True)
class OutColumn:
    """A column of the Bewertung table: its source key and number format."""

    key: str
    fmt: str | None = None


BASE_COLUMNS = (
    OutColumn("kunden_nr"),
    OutColumn("name"),
    OutColumn("region"),
    OutColumn("betreuer"),
    OutColumn("umsatz", style.MONEY),
    OutColumn("ist_score", style.SCORE),
    OutColumn("potenzial_score", style.SCORE),
    OutColumn("segment"),
    OutColumn("grenzfall"),
    OutColumn("abc"),
    OutColumn("phase"),
    OutColumn("db_nach_kosten", style.MONEY),
    OutColumn("clv", style.MONEY),
    OutColumn("ausschoepfung", style.PERCENT),
    OutColumn("datenabdeckung", style.PERCENT),
)


CONTACT_COLUMNS = (
    OutColumn("kontakte_12m", style.INTEGER),
    OutColumn("letzter_kontakt", style.DATE),
    OutColumn("ueberfaellig"),
    OutColumn("zu_viele"),
    OutColumn("thema_wiederholt"),
    OutColumn("letzte_notiz"),
)
YES_NO = ("grenzfall", "ueberfaellig", "zu_viele", "thema_wiederholt")
#: From an order history: where CLV and churn risk came from (model, rep, simple formula).
HISTORY_COLUMNS = (
    OutColumn("quelle_clv"),
    OutColumn("abwanderung", style.PERCENT),
    OutColumn("quelle_abwanderung"),
)
SOURCES = ("quelle_clv", "quelle_abwanderung")


def scoring_columns(result: ScoreResult) -> list[OutColumn]:
    """The Bewertung columns: identity, scores, classes, money, the contact flags when there is
    a contact log, then one per factor used."""
    parts = [OutColumn(f"{CONTRIBUTION_PREFIX}{f.column}", style.SCORE) for f in result.factors]
    contacts = CONTACT_COLUMNS if "kontakte_12m" in result.scored else ()
    history = HISTORY_COLUMNS if "quelle_clv" in result.scored else ()
    return [*BASE_COLUMNS, *history, *contacts, *parts]


def scoring_header(result: ScoreResult, lang: Lang = "de") -> list[str]:
    """Display headers of the Bewertung table."""
    out = []
    for c in scoring_columns(result):
        if c.key.startswith(CONTRIBUTION_PREFIX):
            factor = c.key.removeprefix(CONTRIBUTION_PREFIX)
            out.append(f"{t('beitrag', lang)} {column_label(factor, lang)}")
        else:
            out.append(column_label(c.key, lang))
    return out


def scoring_body(result: ScoreResult, lang: Lang = "de") -> Columns:
    """The Bewertung table's body by column, labels translated, numbers unrounded (float
    columns stay arrays: a million rows cost 8 bytes a number, not a Python object)."""
    scored = result.scored
    labels = result.config.segment_labels(lang)
    empty = t("seg.zu_wenig", lang)  # no segment: a score lacks data (see Prüfprotokoll)
    translated: dict[str, Any] = {
        "segment": lambda v: labels.get(v, empty),
        "phase": lambda v: t(f"phase.{v}", lang),
    }
    translated |= {k: (lambda v: t("ja" if v else "nein", lang)) for k in YES_NO}
    translated |= {
        k: (lambda v: t(f"quelle.{v}", lang) if isinstance(v, str) else None) for k in SOURCES
    }
    columns: list[Any] = []
    for c in scoring_columns(result):
        if c.key not in scored:
            columns.append([None] * len(scored))
            continue
        series = scored[c.key]
        f = translated.get(c.key)
        if f:
            values = series.tolist()
            label = {v: f(v) for v in set(values)}  # few distinct keys: each translated once
            columns.append(list(map(label.__getitem__, values)))
        elif series.dtype == "float64":
            columns.append(series.to_numpy())  # a view where pandas allows, no copy
        else:
            values = series.tolist()
            if set(map(type, values)) <= {str, type(None)}:  # ids, texts: _cell keeps them
                columns.append(values)
            else:
                columns.append([cell_value(v) for v in values])
    return Columns(columns)


def scoring_rows(result: ScoreResult, lang: Lang = "de") -> list[list[object]]:
    """The Bewertung table's rows, as KW.PORTFOLIO spills them."""
    return list(scoring_body(result, lang))


def _segment_fills(config: Config, lang: Lang) -> dict[str, str]:
    labels = config.segment_labels(lang)
    return {labels[k]: style.SEGMENT_COLOURS[k] for k in SEGMENTS}


def scoring_sheet(result: ScoreResult, lang: Lang = "de") -> Sheet:
    """The scored table as an Excel table with filters, formats and segment colours."""
    cols = scoring_columns(result)
    header = scoring_header(result, lang)
    seg_idx = [c.key for c in cols].index("segment")
    abc_idx = [c.key for c in cols].index("abc")
    table = Table(
        "A1",
        header,
        scoring_body(result, lang),
        name=t("sheet.bewertung", lang),
        number_formats={i: c.fmt for i, c in enumerate(cols) if c.fmt},
        value_fills={seg_idx: _segment_fills(result.config, lang), abc_idx: style.ABC_COLOURS},
    )
    widths = {col_letter(i + 1): max(10.0, min(len(h) + 3, 26)) for i, h in enumerate(header)}
    widths["B"] = 32
    # the coloured segment cells show the whole label ("Wachstumskunde" is wider than its header)
    longest = max(len(label) for label in result.config.segment_labels(lang).values())
    seg_col = col_letter(seg_idx + 1)
    widths[seg_col] = max(widths[seg_col], longest + 2.0)
    return Sheet(t("sheet.bewertung", lang), [table], freeze="C2", widths=widths)


def matrix_chart(block: Table, lang: Lang = "de") -> ScatterChart:
    """The four-field scatter chart over a matrix data block: x, one y column per quadrant
    (in SEGMENT_ORDER), then the two threshold lines, header in the block's first row."""
    col = anchor_column(block.anchor)
    last = len(block.rows) + 1
    x_ref = f"${col_letter(col)}$2:${col_letter(col)}${last}"
    colours = [style.SEGMENT_COLOURS[k] for k in SEGMENT_ORDER] + [style.THRESHOLD_COLOUR] * 2
    series = [
        Series(name, x_ref, f"${c}$2:${c}${last}", colour, markers=i < 4, line=i >= 4)
        for i, (name, colour) in enumerate(zip(block.header[1:], colours, strict=True))
        for c in [col_letter(col + 1 + i)]
    ]
    end = col_letter(col + len(block.header) - 1)
    return ScatterChart(
        "A1",
        t("matrix.title", lang),
        t("matrix.x", lang),
        t("matrix.y", lang),
        series,
        source=f"{col_letter(col)}1:{end}{last}",
        width_cm=26,
        height_cm=16,
    )


def matrix_sheet(result: ScoreResult, lang: Lang = "de") -> Sheet:
    """The four-field matrix: scatter chart (one series per quadrant, threshold lines), counts."""
    scored, labels = result.scored, result.config.segment_labels(lang)
    n = len(scored)
    # One contiguous block far right, so live Excel can use it as a single chart source:
    # x, one y column per quadrant (empty outside it), then the two threshold lines as
    # four extra points at the end. The customer ids sit left of the block.
    data_col = 24  # column X
    seg = scored["segment"].to_numpy()
    y = scored["potenzial_score"].to_numpy(dtype=float)
    tx, ty = result.t_ist, result.t_potenzial
    both = tx == tx and ty == ty  # NaN: no customer has that score
    width = 1 + len(SEGMENT_ORDER) + 2
    gap, none = np.full(4, np.nan), np.full(n, np.nan)
    # by column (float arrays, NaN = empty cell): a million points cost 8 bytes each
    columns = [
        np.concatenate([scored["ist_score"].to_numpy(dtype=float), [tx, tx, 0.0, 100.0]]),
        *[np.concatenate([np.where(seg == k, y, np.nan), gap]) for k in SEGMENT_ORDER],
        # a score nobody has: no matrix to split, so no threshold lines either
        np.concatenate([none, [0.0, 100.0] if both else [np.nan] * 2, [np.nan, np.nan]]),
        np.concatenate([none, [np.nan, np.nan], [ty, ty] if both else [np.nan] * 2]),
    ]
    ids = Table(
        f"{col_letter(data_col - 1)}1",
        [column_label("kunden_nr", lang)],
        Columns([scored["kunden_nr"].tolist()]),
    )
    helper = Table(
        f"{col_letter(data_col)}1",
        [
            t("ist_score", lang),
            *[labels[k] for k in SEGMENT_ORDER],
            t("matrix.threshold_x", lang),
            t("matrix.threshold_y", lang),
        ],
        Columns(columns),
        number_formats={i: style.SCORE for i in range(width)},
    )
    chart = matrix_chart(helper, lang)
    figures: dict[Any, dict[Any, Any]] = segment_figures(scored).to_dict("index")
    total = max(n, 1)
    counts = Table(
        "P3",
        [
            t("segment", lang),
            t("matrix.count", lang),
            t("matrix.share", lang),
            t("matrix.revenue", lang),
        ],
        [
            [
                labels[k],
                int(figures[k]["kunden"]),
                figures[k]["kunden"] / total,
                cell_value(figures[k]["umsatz"]),
            ]
            for k in SEGMENT_ORDER
        ],
        number_formats={2: style.PERCENT, 3: style.MONEY},
        value_fills={0: _segment_fills(result.config, lang)},
    )
    thresholds = Table(
        "P10",
        [t("k.parameter", lang), t("matrix.value", lang)],
        [
            [t("matrix.threshold_x", lang), cell_value(tx)],
            [t("matrix.threshold_y", lang), cell_value(ty)],
        ],
        number_formats={1: style.SCORE},
    )
    return Sheet(
        t("sheet.matrix", lang),
        [chart, counts, thresholds, ids, helper],
        # fixed widths under the chart, so it ends before the tables in Excel and LibreOffice alike
        widths={**{col_letter(i): 9.0 for i in range(1, 16)}, "P": 18, "Q": 10, "R": 10, "S": 14},
        landscape=True,
        fit_to_page=True,
        print_area="A1:S31",
    )


def growth_sheet(
    result: ScoreResult, lang: Lang = "de", texts: dict[str, dict[str, object]] | None = None
) -> Sheet:
    """One row per segment: editable plan texts (defaults or `texts`) and computed figures."""
    labels = result.config.segment_labels(lang)
    figures = segment_figures(result.scored)
    text_keys = TEXT_KEYS
    header = [
        t(f"g.{k}", lang)
        for k in (
            "segment",
            *text_keys,
            "kunden",
            "umsatz",
            "potenzial",
            "ungenutzt",
            "anteil",
            "db",
            "verluste",
            "saldo",
        )
    ]
    rows: list[list[object]] = []
    for k in SEGMENT_ORDER:
        chosen = (texts or {}).get(k) or GROWTH_TEXTS["en" if lang == "en" else "de"][k]
        rows.append(
            [
                labels[k],
                *[chosen.get(x) for x in text_keys],
                *[cell_value(figures.at[k, f]) for f in FIGURES],
            ]
        )
    unsegmented = result.scored["segment"].isna()
    if unsegmented.any():
        # customers with too little data for a segment still count in the total
        marked = result.scored.assign(segment=result.scored["segment"].where(~unsegmented, "-"))
        rest = segment_figures(marked, ("-",))
        rows.append(
            [t("seg.ohne", lang), *[None] * len(text_keys)]
            + [cell_value(rest.at["-", f]) for f in FIGURES]
        )
        figures = pd.concat([figures, rest])
    totals = figures.sum()
    rows.append(
        [
            t("g.gesamt", lang),
            None,
            None,
            None,
            None,
            None,
            None,
            *[cell_value(totals[f]) for f in figures.columns],
        ]
    )
    fmt = {
        8: style.MONEY,
        9: style.MONEY,
        10: style.MONEY,
        11: style.PERCENT,
        12: style.MONEY,
        13: style.MONEY,
        14: style.MONEY,
        7: style.INTEGER,
        3: style.INTEGER,
    }
    table = Table(
        "A3",
        header,
        rows,
        number_formats=fmt,
        value_fills={0: _segment_fills(result.config, lang)},
        wrap_columns=(1, 2),
    )
    widths: dict[str, float] = {"A": 18, "B": 36, "C": 48, "D": 10, "E": 13, "F": 24, "G": 12}
    widths |= {col_letter(i): 15 for i in range(8, 16)}
    return Sheet(
        t("sheet.wachstum", lang),
        [
            Text("A1", t("sheet.wachstum", lang), bold=True, size=14),
            Text("A2", t("g.hinweis", lang), italic=True),
            table,
        ],
        freeze="B4",
        widths=widths,
        landscape=True,
        fit_to_page=True,
        row_heights={4 + i: 64.0 for i in range(len(SEGMENT_ORDER))},
    )


def configuration_sheet(config: Config, lang: Lang = "de", run_date: Any = None) -> Sheet:
    """The model: factors, parameters, segment names and the column mapping, readable back by
    book.config_sheet; `run_date` records the reference date a result was scored with."""
    layout = config_layout(config)
    mapping = (
        [
            Table(
                f"A{layout.mapping_header_row}",
                mapping_header(lang),
                mapping_rows(config, lang),
            )
        ]
        if config.column_map
        else []
    )
    return Sheet(
        t("sheet.konfiguration", lang),
        [
            Text("A1", t("k.titel", lang), bold=True, size=14),
            Text("A2", t("k.hinweis", lang), italic=True),
            Table(f"A{layout.factor_header_row}", factor_header(lang), factor_rows(config, lang)),
            Table(
                f"A{layout.param_header_row}",
                [t("k.schluessel", lang), t("k.wert", lang), t("k.erklaerung", lang)],
                parameter_rows(config, lang, run_date),
            ),
            Table(
                f"A{layout.label_header_row}",
                [t("k.segment", lang), t("k.name", lang)],
                label_rows(config, lang),
            ),
            *mapping,
        ],
        widths={"A": 26.0, "B": 22, "C": 60, "D": 11, "E": 10, "F": 12, "G": 10, "H": 10, "I": 14},
    )


def problems_sheet(
    problems: Sequence[Problem],
    mapping: Sequence[tuple[str, str | None, str]],
    n_scored: int,
    lang: Lang = "de",
) -> Sheet:
    """Every finding with sheet, row, column, value, expectation and action; then the mapping."""
    shown = [p for p in problems if p.action != "column_mapped"]
    seen = {k: h for h, k, _ in mapping if k}  # the file's own headers, by column key
    blocks: list[Block] = [
        Text("A1", t("sheet.pruef", lang), bold=True, size=14),
        Text("A2", t("p.summary", lang).format(rows=n_scored, problems=len(shown))),
    ]
    if shown:
        rows = [
            [
                p.sheet,
                p.row,
                # a factor left out is named by the headers that feed it, never by its key
                headers_for([p.column], lang, seen)
                if p.message == "msg.faktor_ohne_daten" and p.column
                else p.column,
                p.customer_id,
                _display(p.value),
                expected_text(p, lang, seen),
                t(f"action.{p.action}", lang),
            ]
            for p in shown
        ]
        blocks.append(
            Table(
                "A4",
                [
                    t(f"p.{k}", lang)
                    for k in ("blatt", "zeile", "spalte", "kunde", "wert", "erwartet", "aktion")
                ],
                rows,
                name="Pruefprotokoll",
            )
        )
        next_row = 4 + len(rows) + 3
    else:
        blocks.append(Text("A4", t("p.keine", lang), bold=True))
        next_row = 7
    if mapping:
        blocks.append(
            Table(
                f"A{next_row}",
                [
                    "Überschrift in der Datei" if lang != "en" else "Header in the file",
                    "verwendet als" if lang != "en" else "used as",
                    "Hinweis" if lang != "en" else "Note",
                ],
                [[h, column_label(k, lang) if k else None, note] for h, k, note in mapping],
            )
        )
    return Sheet(
        t("sheet.pruef", lang),
        blocks,
        freeze=None,
        widths={"A": 16, "B": 8, "C": 24, "D": 14, "E": 18, "F": 44, "G": 22},
    )


def _display(v: object) -> object:
    v = cell_value(v)
    return v if v is None or isinstance(v, int | float | str) else str(v)


LOOKUP_FIELDS = (
    "name",
    "segment",
    "abc",
    "phase",
    "ist_score",
    "potenzial_score",
    "umsatz",
    "kontakte_12m",
    "letzter_kontakt",
    "ueberfaellig",
    "letzte_notiz",
)


def lookup_sheet(result: ScoreResult, lang: Lang = "de") -> Sheet:
    """Kundenauskunft: type a customer id, see class, segment and latest note at once — native
    INDEX/MATCH formulas on the Bewertung sheet, so it works without the add-in."""
    keys = [c.key for c in scoring_columns(result)]
    table = t("sheet.bewertung", lang)
    ids = f"'{table}'!$A:$A"
    first = result.scored["kunden_nr"].iloc[0] if len(result.scored) else ""
    rows: list[list[object]] = []
    # the values for the customer shown first, for programs that do not recalculate on opening
    first_row = replace(result, scored=result.scored.iloc[:1])
    shown = scoring_rows(first_row, lang)[0] if len(result.scored) else []
    for key in (k for k in LOOKUP_FIELDS if k in keys):
        col = col_letter(keys.index(key) + 1)
        formula = (
            f"=IFERROR(INDEX('{table}'!${col}:${col},MATCH($B$3,{ids},0)),"
            f'"{t("a.unbekannt", lang)}")'
        )
        cached = shown[keys.index(key)] if shown else None
        rows.append([column_label(key, lang), Formula(formula, cached)])
    fmt = {
        "ist_score": style.SCORE,
        "potenzial_score": style.SCORE,
        "umsatz": style.MONEY,
        "letzter_kontakt": style.DATE,
    }
    cell_formats = {
        i: fmt[k] for i, k in enumerate(k for k in LOOKUP_FIELDS if k in keys) if k in fmt
    }
    blocks: list[Block] = [
        Text("A1", t("sheet.auskunft", lang), bold=True, size=14),
        Text("A2", t("a.hinweis", lang), italic=True),
        Text("A3", t("a.eingabe", lang), bold=True),
        Text("B3", str(first), bold=True, size=12),
        Table(
            "A5",
            [t("a.feld", lang), t("matrix.value", lang)],
            rows,
            cell_formats={(i, 1): f for i, f in cell_formats.items()},
        ),
    ]
    return Sheet(
        t("sheet.auskunft", lang),
        blocks,
        widths={"A": 26, "B": 60},
        landscape=True,
        fit_to_page=True,
    )


def contacts_sheet(contacts: pd.DataFrame, lang: Lang = "de") -> Sheet:
    """The contact log as read (date, customer, channel, topic, outcome)."""
    header = (
        ["Datum", "Kunden-Nr", "Kanal", "Thema", "Ergebnis"]
        if lang != "en"
        else ["Date", "Customer ID", "Channel", "Topic", "Outcome"]
    )
    keys = ["datum", "kunden_nr", "kanal", "thema", "ergebnis"]
    rows = [[cell_value(r[k]) for k in keys] for r in contacts.to_dict("records")]
    return Sheet(
        "Kontakte" if lang != "en" else "Contacts",
        [Table("A1", header, rows, number_formats={0: style.DATE})],
        freeze="A2",
        widths={"A": 12, "B": 12, "C": 12, "D": 24, "E": 30},
    )


def result_plan(
    result: ScoreResult,
    raw_rows: Sequence[Sequence[object]],
    problems: Sequence[Problem] = (),
    mapping: Sequence[tuple[str, str | None, str]] = (),
    lang: Lang = "de",
    growth_texts: dict[str, dict[str, object]] | None = None,
    contacts: pd.DataFrame | None = None,
) -> Plan:
    """The whole result workbook. `raw_rows` are the input sheet's cells, copied unchanged;
    a contact log is carried along, so the result can be scored again next month."""
    header = [str(h) if h is not None else "" for h in raw_rows[0]] if raw_rows else []
    kunden = Sheet(
        t("sheet.kunden", lang),
        [Table("A1", header, raw_rows[1:])] if raw_rows else [],
        freeze="A2",
        widths=fitting_widths([header, *raw_rows[1:200]]),
    )
    carried = [contacts_sheet(contacts, lang)] if contacts is not None else []
    return Plan(
        [
            kunden,
            *carried,
            scoring_sheet(result, lang),
            matrix_sheet(result, lang),
            growth_sheet(result, lang, growth_texts),
            lookup_sheet(result, lang),
            configuration_sheet(result.config, lang, result.config.reference_date()),
            problems_sheet([*problems, *result.problems], mapping, len(result.scored), lang),
        ]
    )


def comparison_plan(
    migration_segments: pd.DataFrame,
    migration_abc: pd.DataFrame,
    risers: pd.DataFrame,
    fallers: pd.DataFrame,
    sensitivity: pd.DataFrame,
    only_old: Sequence[str],
    only_new: Sequence[str],
    config: Config,
    lang: Lang = "de",
) -> Plan:
    """The comparison workbook: migration matrices, risers and fallers, weight sensitivity."""
    labels: dict[str, str] = {str(k): v for k, v in config.segment_labels(lang).items()}
    fills = _segment_fills(config, lang)

    def matrix_rows(m: pd.DataFrame, names: dict[str, str]) -> list[list[object]]:
        return [[names.get(str(i), str(i)), *[int(v) for v in m.loc[i]]] for i in m.index]

    seg_names = {k: labels[k] for k in labels}
    old_new = t("v.alt_neu", lang)
    migration = Sheet(
        t("sheet.migration", lang),
        [
            Text("A1", t("v.segmente", lang), bold=True, size=14),
            Table(
                "A3",
                [old_new, *[seg_names[str(c)] for c in migration_segments.columns]],
                matrix_rows(migration_segments, seg_names),
                value_fills={0: fills},
            ),
            Text("A10", t("v.abc", lang), bold=True, size=14),
            Table(
                "A12",
                [old_new, *[str(c) for c in migration_abc.columns]],
                matrix_rows(migration_abc, {}),
            ),
            Text("A20", t("v.nur_alt", lang).format(n=len(only_old), ids=", ".join(only_old[:50]))),
            Text("A21", t("v.nur_neu", lang).format(n=len(only_new), ids=", ".join(only_new[:50]))),
        ],
        widths={"A": 22, **{col_letter(i): 16 for i in range(2, 7)}},
    )

    def mover_rows(frame: pd.DataFrame) -> list[list[object]]:
        return [
            [
                r.kunden_nr,
                labels.get(str(r.segment_alt), ""),
                labels.get(str(r.segment_neu), ""),
                r.ist_score_alt,
                r.ist_score_neu,
                r.delta_ist,
                r.potenzial_score_alt,
                r.potenzial_score_neu,
                r.delta_potenzial,
            ]
            for r in frame.itertuples()
        ]

    mover_header = [column_label("kunden_nr", lang)] + [
        t(f"v.{k}", lang)
        for k in (
            "segment_alt",
            "segment_neu",
            "ist_alt",
            "ist_neu",
            "delta_ist",
            "pot_alt",
            "pot_neu",
            "delta_pot",
        )
    ]
    score_formats = {i: style.SCORE for i in range(3, 9)}
    movers = Sheet(
        t("sheet.bewegung", lang),
        [
            Text("A1", t("v.aufsteiger", lang), bold=True, size=14),
            Table("A3", mover_header, mover_rows(risers), number_formats=score_formats),
            Text(f"A{len(risers) + 6}", t("v.absteiger", lang), bold=True, size=14),
            Table(
                f"A{len(risers) + 8}",
                mover_header,
                mover_rows(fallers),
                number_formats=score_formats,
            ),
        ],
        widths={"A": 14, "B": 18, "C": 18},
    )
    sens = Sheet(
        t("sheet.sensitivitaet", lang),
        [
            Text("A1", t("v.sens_titel", lang), bold=True, size=14),
            Text("A2", t("v.sens_hinweis", lang), italic=True),
            Table(
                "A4",
                [
                    t("k.faktor", lang),
                    t("k.score", lang),
                    t("k.gewicht", lang),
                    t("v.plus", lang),
                    t("v.minus", lang),
                ],
                [
                    [column_label(str(r.faktor), lang), r.score, r.gewicht, r.plus, r.minus]
                    for r in sensitivity.itertuples()
                ],
                number_formats={3: style.PERCENT, 4: style.PERCENT},
            ),
        ],
        widths={"A": 34, "B": 12, "C": 12, "D": 22, "E": 22},
    )
    return Plan([migration, movers, sens])
