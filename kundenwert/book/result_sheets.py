"""The sheets of the result workbook, one builder each: Bewertung (the scored table with filters
and segment colours), Matrix (four-field chart and counts), Wachstumstabelle (plan texts and
figures per segment), Prüfprotokoll (every finding, then the column mapping), Kundenauskunft
(look a customer up by id) and Kontakte (the contact log carried along). The Konfiguration
sheet is built in book.config_sheet. Pure plan data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from kundenwert.book import style
from kundenwert.book.geometry import (
    HEADER_FILL,
    anchor_column,
    col_letter,
    fit_columns,
    is_wide,
    page_footer,
    pages_wide,
    wrapped_height,
)
from kundenwert.book.labels import column_label, expected_text, headers_for, message, t
from kundenwert.book.plan import (
    Block,
    Columns,
    Formula,
    ScatterChart,
    Series,
    Sheet,
    Table,
    Text,
    Validation,
    cell_value,
)
from kundenwert.book.scored_table import scoring_body, scoring_columns, scoring_header, scoring_rows
from kundenwert.errors import MappedHeader, Problem
from kundenwert.language import Lang
from kundenwert.method.config import SEGMENTS, Config
from kundenwert.method.fragility import COLUMN
from kundenwert.method.growth_table import FIGURES, segment_figures
from kundenwert.method.growth_texts import GROWTH_TEXTS, TEXT_KEYS
from kundenwert.method.portfolio import FEW_CUSTOMERS, ScoreResult
from kundenwert.method.segments import SEGMENT_ORDER


def segment_fills(config: Config, lang: Lang) -> dict[str, str]:
    """The fill of each segment label in the chosen language."""
    labels = config.segment_labels(lang)
    return {labels[k]: style.SEGMENT_COLOURS[k] for k in SEGMENTS}


def scoring_sheet(result: ScoreResult, lang: Lang = "de") -> Sheet:
    """The scored table as an Excel table with filters, formats and segment colours."""
    cols = scoring_columns(result)
    header = scoring_header(result, lang)
    seg_idx = [c.key for c in cols].index("segment")
    abc_idx = [c.key for c in cols].index("abc")
    body = scoring_body(result, lang)
    formats = {i: c.fmt for i, c in enumerate(cols) if c.fmt}
    widths, wrap = fit_columns(header, body, number_formats=formats)
    # the coloured segment cells show the whole label ("Wachstumskunde" is wider than its header)
    longest = max(len(label) for label in result.config.segment_labels(lang).values())
    seg_col = col_letter(seg_idx + 1)
    widths[seg_col] = max(widths[seg_col], longest + 2.0)
    table = Table(
        "A1",
        header,
        body,
        name=t("sheet.bewertung", lang),
        number_formats=formats,
        value_fills={seg_idx: segment_fills(result.config, lang), abc_idx: style.ABC_COLOURS},
        wrap_columns=wrap,
        valign="top" if wrap else None,
    )
    return Sheet(
        t("sheet.bewertung", lang),
        [table],
        freeze="C2",
        widths=widths,
        landscape=True,
        # readable, a few pages wide: id and name on every page beside the rest of the row
        fit_width=pages_wide(widths, widths["A"] + widths["B"]),
        print_title_rows=(1, 1),
        print_title_columns="A:B",
        footer=page_footer(result.config.reference_date(), lang),
    )


def matrix_chart(block: Table, lang: Lang = "de") -> ScatterChart:
    """The four-field scatter chart over a matrix data block: x, one y column per quadrant
    (in SEGMENT_ORDER), then the two threshold lines, optionally the fragile customers' y
    (drawn as rings), header in the block's first row."""
    col = anchor_column(block.anchor)
    last = len(block.rows) + 1
    x_ref = f"${col_letter(col)}$2:${col_letter(col)}${last}"
    colours = [style.SEGMENT_COLOURS[k] for k in SEGMENT_ORDER] + [style.THRESHOLD_COLOUR] * 2
    series = [
        Series(name, x_ref, f"${c}$2:${c}${last}", colour, markers=i < 4, line=i >= 4)
        for i, (name, colour) in enumerate(zip(block.header[1:7], colours, strict=True))
        for c in [col_letter(col + 1 + i)]
    ]
    if len(block.header) > 7:  # the fragile points: a ring drawn over their own point
        c = col_letter(col + 7)
        ring = Series(block.header[7], x_ref, f"${c}$2:${c}${last}", style.FRAGILE_COLOUR)
        ring.ring, ring.marker_size = True, 10
        series.append(ring)
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


def matrix_notes(result: ScoreResult, lang: Lang = "de", anchor_row: int = 33) -> list[Text]:
    """Why the matrix is empty or says little, in words below the tables: a score with no
    data names the columns to add and how to collect them; a handful of customers is said
    to be one."""
    lines: list[str] = []
    for score, columns in result.missing_scores.items():
        lines += [
            t("matrix.score_fehlt", lang).format(score_name=t(f"score.{score}", lang)),
            t("matrix.spalten_ergaenzen", lang).format(cols=headers_for(columns, lang)),
            *t("matrix.so_sammeln", lang).split("\n"),
        ]
    placed = int(
        (result.scored["ist_score"].notna() & result.scored["potenzial_score"].notna()).sum()
    )
    if 0 < placed < FEW_CUSTOMERS:
        lines += t("matrix.wenige_kunden", lang).format(n=placed).split("\n")
    return [
        Text(f"A{anchor_row + i}", line, bold=i == 0, wrap=False) for i, line in enumerate(lines)
    ]


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
    header = [
        t("ist_score", lang),
        *[labels[k] for k in SEGMENT_ORDER],
        t("matrix.threshold_x", lang),
        t("matrix.threshold_y", lang),
    ]
    fragile = scored[COLUMN].fillna("").to_numpy(str) != "" if COLUMN in scored else None
    if fragile is not None and fragile.any():
        columns.append(np.concatenate([np.where(fragile, y, np.nan), gap]))
        header.append(t("matrix.fragil", lang))
        width += 1
    ids = Table(
        f"{col_letter(data_col - 1)}1",
        [column_label("kunden_nr", lang)],
        Columns([scored["kunden_nr"].tolist()]),
    )
    helper = Table(
        f"{col_letter(data_col)}1",
        header,
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
        value_fills={0: segment_fills(result.config, lang)},
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
    notes = matrix_notes(result, lang)
    return Sheet(
        t("sheet.matrix", lang),
        [chart, counts, thresholds, *notes, ids, helper],
        # fixed widths under the chart, so it ends before the tables in Excel and LibreOffice alike
        widths={**{col_letter(i): 9.0 for i in range(1, 16)}, "P": 18, "Q": 10, "R": 10, "S": 14},
        landscape=True,
        fit_to_page=True,
        print_area=f"A1:S{32 + len(notes)}",  # the chart's rows, then the notes below it
        footer=page_footer(result.config.reference_date(), lang),
    )


def growth_sheet(
    result: ScoreResult, lang: Lang = "de", texts: dict[str, dict[str, object]] | None = None
) -> Sheet:
    """One row per segment: editable plan texts (defaults or `texts`) and computed figures."""
    labels = result.config.segment_labels(lang)
    figures = segment_figures(result.scored)
    text_keys = TEXT_KEYS
    keys = ("segment", *text_keys, *FIGURES)
    header = [t(f"g.{k}", lang) for k in keys]
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
            *[None] * len(text_keys),
            *[cell_value(totals[f]) for f in figures.columns],
        ]
    )
    # formats and wrapping by column key, so a column added to the texts or figures keeps them
    formats = {"kontakte": style.INTEGER, "kunden": style.INTEGER, "anteil": style.PERCENT}
    money = ("umsatz", "potenzial", "ungenutzt", "db", "verluste", "saldo")
    formats |= dict.fromkeys(money, style.MONEY)
    fmt = {j: formats[k] for j, k in enumerate(keys) if k in formats}
    # the plan texts wrap; the planned contacts are a number
    wrapped = tuple(j for j, k in enumerate(keys) if k in text_keys and k not in formats)
    table = Table(
        "A3",
        header,
        rows,
        number_formats=fmt,
        value_fills={0: segment_fills(result.config, lang)},
        wrap_columns=wrapped,
        valign="top",  # segment names level with the first line of their texts
    )
    # narrow text columns (their texts wrap), so the table prints on one page at a readable size
    widths, _ = fit_columns(header, rows, number_formats=fmt, maximum=22.0)
    # the long plan texts
    widths |= {col_letter(keys.index(k) + 1): w for k, w in (("ziele", 28.0), ("massnahmen", 34.0))}
    heights = {4 + i: wrapped_height(row, widths, wrapped) for i, row in enumerate(rows[:-1])}
    # the header too, here rather than by fit_header_rows: team workbooks carry this sheet
    heights[3] = wrapped_height(header, widths, range(len(header)), fill=HEADER_FILL)
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
        row_heights=heights,
        footer=page_footer(result.config.reference_date(), lang),
    )


def _in_row_order(problem: Problem) -> tuple[str, int]:
    """Sheet, then row (whole-column findings first); the findings of one row keep the order
    they were made in (the cell first, then what followed from it)."""
    return (problem.sheet or "", problem.row or 0)


def problems_sheet(
    problems: Sequence[Problem],
    mapping: Sequence[MappedHeader],
    n_scored: int,
    lang: Lang = "de",
    reference: dt.date | None = None,
) -> Sheet:
    """Every finding with sheet, row, column, value, expectation and action, in row order;
    then the mapping."""
    shown = sorted((p for p in problems if p.action != "column_mapped"), key=_in_row_order)
    seen = {k: h for h, k, _ in mapping if k}  # the file's own headers, by column key
    blocks: list[Block] = [
        Text("A1", t("sheet.pruef", lang), bold=True, size=14),
        Text("A2", t("p.summary", lang).format(rows=n_scored, problems=len(shown))),
    ]
    header = [
        t(f"p.{k}", lang)
        for k in ("blatt", "zeile", "spalte", "kunde", "wert", "erwartet", "aktion")
    ]
    rows = [
        [
            p.sheet,
            p.row,
            # a factor left out is named by the headers that feed it, never by its key
            headers_for([p.column], lang, seen)
            if p.message in ("msg.faktor_ohne_daten", "msg.faktor_abgeleitet_ohne_daten")
            and p.column
            else p.column,
            p.customer_id,
            _display(p.value),
            expected_text(p, lang, seen),
            t(f"action.{p.action}", lang),
        ]
        for p in shown
    ]
    map_header = [t("p.ueberschrift", lang), t("p.verwendet", lang), t("p.hinweis", lang)]
    map_rows = [
        [h, column_label(k, lang) if k else None, message(n.key, dict(n.args), lang) if n else None]
        for h, k, n in mapping
    ]
    # one set of widths for both tables (they share the columns A to C)
    widths, wrap = fit_columns(header, rows, minimum=10.0)
    map_widths, map_wrap = fit_columns(map_header, map_rows, minimum=10.0)
    widths = {k: max(widths.get(k, 0.0), map_widths.get(k, 0.0)) for k in widths | map_widths}
    if shown:
        blocks.append(
            Table(
                "A4",
                header,
                rows,
                name="Pruefprotokoll",
                wrap_columns=tuple(sorted({*wrap, 4, 5})),
                valign="top",
                align={1: "left", 4: "left"},  # row numbers and values read from the left
            )
        )
        next_row = 4 + len(rows) + 3
    else:
        blocks.append(Text("A4", t("p.keine", lang), bold=True))
        next_row = 7
    if mapping:
        blocks.append(
            Table(f"A{next_row}", map_header, map_rows, wrap_columns=map_wrap, valign="top")
        )
    return Sheet(
        t("sheet.pruef", lang),
        blocks,
        freeze=None,
        widths=widths,
        landscape=is_wide(widths),
        fit_width=True,
        print_title_rows=(4, 4) if shown else None,
        footer=page_footer(reference, lang),
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
    """Kundenauskunft: pick or type a customer id, see class, segment and latest note at once —
    native INDEX/MATCH formulas on the Bewertung sheet, so it works without the add-in. The
    ids are stored as text, so a number typed into the input cell is looked up as text too."""
    keys = [c.key for c in scoring_columns(result)]
    table = t("sheet.bewertung", lang)
    ids = f"'{table}'!$A:$A"
    first = result.scored["kunden_nr"].iloc[0] if len(result.scored) else ""
    rows: list[list[object]] = []
    # the values for the customer shown first, for programs that do not recalculate on opening
    first_row = replace(result, scored=result.scored.iloc[:1])
    shown = scoring_rows(first_row, lang)[0] if len(result.scored) else []
    # ""&B3 is the text of a typed number (10013 → "10013"); the second MATCH finds ids that
    # were stored as numbers after all
    found = f'IFERROR(MATCH(""&$B$3,{ids},0),MATCH($B$3,{ids},0))'
    for key in (k for k in LOOKUP_FIELDS if k in keys):
        col = col_letter(keys.index(key) + 1)
        cell = f"INDEX('{table}'!${col}:${col},{found})"
        # an empty cell shows empty (INDEX gives 0 for it: a blank score is no 0.0)
        formula = f'=IFERROR(IF({cell}="","",{cell}),"{t("a.unbekannt", lang)}")'
        cached = shown[keys.index(key)] if shown else None
        rows.append([column_label(key, lang), Formula(formula, cached)])
    fmt = {
        "ist_score": style.SCORE,
        "potenzial_score": style.SCORE,
        "umsatz": style.MONEY,
        "kontakte_12m": style.INTEGER,
        "letzter_kontakt": style.DATE,
    }
    cell_formats = {
        i: fmt[k] for i, k in enumerate(k for k in LOOKUP_FIELDS if k in keys) if k in fmt
    }
    n = len(result.scored)
    blocks: list[Block] = [
        Text("A1", t("sheet.auskunft", lang), bold=True, size=14),
        Text("A2", t("a.hinweis", lang), italic=True),
        Text("A3", t("a.eingabe", lang), bold=True),
        # a text cell: Excel keeps a typed "000123" instead of storing the number 123
        Text(
            "B3",
            str(first),
            bold=True,
            size=12,
            fill=style.INPUT_FILL,
            unlocked=True,
            number_format=style.TEXT,
        ),
        Table(
            "A5",
            [t("a.feld", lang), t("matrix.value", lang)],
            rows,
            cell_formats={(i, 1): f for i, f in cell_formats.items()},
            valign="top",
            align={1: "left"},  # numbers, dates and texts in one column: all from the left
            wrap_columns=(1,),
        ),
    ]
    return Sheet(
        t("sheet.auskunft", lang),
        blocks,
        widths={"A": 26, "B": 60},
        validations=[
            Validation(
                "B3",
                "list",
                f"'{table}'!$A$2:$A${max(n, 1) + 1}",
                prompt=t("a.eingabe", lang),
                strict=False,  # a number typed by hand is found too (see `found`)
            )
        ],
        fit_to_page=True,
        footer=page_footer(result.config.reference_date(), lang),
    )


def contacts_sheet(
    contacts: pd.DataFrame, lang: Lang = "de", reference: dt.date | None = None
) -> Sheet:
    """The contact log as read (date, customer, channel, topic, outcome)."""
    keys = ["datum", "kunden_nr", "kanal", "thema", "ergebnis"]
    # date and id from the label tables; channel, topic and outcome (and the sheet name below)
    # have no label keys yet
    header = [
        t("datum", lang),
        column_label("kunden_nr", lang),
        *(["Kanal", "Thema", "Ergebnis"] if lang != "en" else ["Channel", "Topic", "Outcome"]),
    ]
    rows = [[cell_value(r[k]) for k in keys] for r in contacts.to_dict("records")]
    widths, wrap = fit_columns(header, rows, number_formats={0: style.DATE}, minimum=10.0)
    return Sheet(
        "Kontakte" if lang != "en" else "Contacts",
        [
            Table(
                "A1",
                header,
                rows,
                number_formats={0: style.DATE},
                wrap_columns=wrap,
                valign="top" if wrap else None,
            )
        ],
        freeze="A2",
        widths=widths,
        landscape=is_wide(widths),
        fit_width=True,
        print_title_rows=(1, 1),
        footer=page_footer(reference, lang),
    )
