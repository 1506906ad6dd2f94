"""The result workbook as a plan: Kunden, Bewertung, Matrix, Wachstumstabelle, Konfiguration,
Prüfprotokoll. Pure data; a renderer writes it to a file or into live Excel."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from kundenwert.book import style
from kundenwert.book.config_sheet import (
    FACTOR_WORDS,
    PARAMETER_WORDS,
    allowed,
    config_layout,
    factor_header,
    factor_rows,
    label_rows,
    mapping_header,
    mapping_rows,
    parameter_rows,
    word,
    words,
)
from kundenwert.book.geometry import anchor_column, col_letter
from kundenwert.book.labels import column_label, expected_text, headers_for, t
from kundenwert.book.plan import (
    Block,
    Columns,
    Footer,
    Formula,
    Plan,
    ScatterChart,
    Series,
    Sheet,
    Table,
    Text,
    Validation,
    cell_value,
)
from kundenwert.errors import Problem
from kundenwert.language import Lang
from kundenwert.method.comparison import PHASE_ORDER
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
            if set(map(type, values)) <= {str, type(None)}:  # ids, texts: cell_value keeps them
                columns.append(values)
            else:
                columns.append([cell_value(v) for v in values])
    return Columns(columns)


def scoring_rows(result: ScoreResult, lang: Lang = "de") -> list[list[object]]:
    """The Bewertung table's rows, as KW.PORTFOLIO spills them."""
    return list(scoring_body(result, lang))


#: Text columns grow with their content up to this width (characters), then wrap.
MAX_TEXT_WIDTH = 40.0
#: A header wraps into about two lines at most: its column is at least half as wide.
_HEADER_LINES = 2
#: Headers up to this many characters stay on one line.
_ONE_LINE_HEADER = 12
#: Bold header letters are wider than body text: characters per unit of width in a header.
_HEADER_FILL = 0.8
#: Rows of a table measured for its column widths.
_SAMPLE_ROWS = 200
#: Printed width (characters of column width) that still fits an A4 page upright.
PORTRAIT_WIDTH = 95.0


def _shown_length(v: object, fmt: str | None) -> int:
    """About how many characters a cell shows: numbers as formatted (thousands, € sign)."""
    if v is None:
        return 0
    if isinstance(v, bool):
        return 5
    # numbers and dates sit on the right, beside the next column's text: a space more
    if isinstance(v, int | float):
        if isinstance(v, float) and math.isnan(v):
            return 0
        if fmt in (style.MONEY, style.INTEGER):
            return len(f"{v:,.0f}") + (3 if fmt == style.MONEY else 1)
        return len(f"{v:,.1f}") + (3 if fmt == style.PERCENT else 1)
    if isinstance(v, dt.date):
        return 11
    return len(str(v))


def fit_columns(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    first_column: int = 1,
    number_formats: dict[int, str] | None = None,
    minimum: float = 8.0,
    maximum: float = MAX_TEXT_WIDTH,
) -> tuple[dict[str, float], tuple[int, ...]]:
    """Column widths that fit the content of the first rows up to `maximum`, and the 0-based
    columns whose texts are longer (to be wrapped). Headers wrap, so a column is as wide as
    its header's longest word and a third of the header, not the whole header."""
    formats = number_formats or {}
    sample = rows[:_SAMPLE_ROWS]
    widths: dict[str, float] = {}
    wrap: list[int] = []
    for j, h in enumerate(header):
        content = max(
            (_shown_length(r[j] if j < len(r) else None, formats.get(j)) for r in sample), default=0
        )
        text = str(h)
        words = max((len(w) for w in text.replace("-", "- ").split()), default=0)
        # a short header on one line, a long one on about two (as wrapped_height counts)
        lines = 1 if len(text) <= _ONE_LINE_HEADER else _HEADER_LINES
        head = (max(words, math.ceil(len(text) / lines)) + 1) / _HEADER_FILL
        want = max(content + 2.0, head + 1.0)
        widths[col_letter(first_column + j)] = min(max(want, minimum), maximum)
        if content + 2 > maximum:
            wrap.append(j)
    return widths, tuple(wrap)


#: Points per line of 11-point text, and the characters of a wrapped line per unit of column
#: width (a unit is the width of a digit; an average letter is narrower, but words do not
#: break, so lines end early).
_LINE_POINTS = 15.0
_LINE_FILL = 1.1


def wrapped_height(
    row: Sequence[object],
    widths: dict[str, float],
    wrapped: Sequence[int],
    first_column: int = 1,
    fill: float = _LINE_FILL,
) -> float:
    """A row height (points) that shows every line of its wrapped texts; Excel does not grow
    a row for wrapped text by itself once the file sets heights anywhere near it."""
    lines = 1
    for j in wrapped:
        text = row[j] if j < len(row) else None
        if text is None:
            continue
        per_line = max(widths.get(col_letter(first_column + j), 10.0) * fill - 1, 1.0)
        count = sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))
        lines = max(lines, count)
    return lines * _LINE_POINTS + 4.0


def fit_header_rows(plan: Plan) -> Plan:
    """Give every wrapped table header row, and every body row with a wrapped text longer
    than a line, the height its lines need (LibreOffice keeps the default height of one line
    otherwise, and cuts the rest off or lets it run into the next row); heights set by a sheet
    win."""
    for sheet in plan.sheets:
        for block in sheet.blocks:
            if not isinstance(block, Table) or not block.header_wrap:
                continue
            col = anchor_column(block.anchor)
            row = int("".join(ch for ch in block.anchor if ch.isdigit()))
            height = wrapped_height(
                block.header, sheet.widths, range(len(block.header)), col, _HEADER_FILL
            )
            if height > _LINE_POINTS + 4.0 and row not in sheet.row_heights:
                sheet.row_heights[row] = height
            _fit_wrapped_rows(sheet, block, row, col)
    return plan


def _fit_wrapped_rows(sheet: Sheet, block: Table, header_row: int, col: int) -> None:
    """The heights of the body rows whose wrapped texts need more than one line (LibreOffice
    does not grow them itself, so the lines would run into the next row). Only those rows
    get a height: a large table mostly keeps the default and its fast path."""
    if not block.wrap_columns:
        return
    body = block.rows
    long_rows: set[int] = set()
    for j in block.wrap_columns:
        per_line = max(sheet.widths.get(col_letter(col + j), 10.0) * _LINE_FILL - 1, 1.0)
        values = (
            body.columns[j]
            if isinstance(body, Columns) and j < len(body.columns)
            else [r[j] if j < len(r) else None for r in body]
        )
        long_rows |= {i for i, v in enumerate(values) if isinstance(v, str) and len(v) > per_line}
    for i in sorted(long_rows):
        row = header_row + 1 + i
        if row not in sheet.row_heights:
            sheet.row_heights[row] = wrapped_height(body[i], sheet.widths, block.wrap_columns, col)


def _first_two(widths: dict[str, float]) -> float:
    return widths.get("A", 0.0) + widths.get("B", 0.0)


def page_footer(reference: dt.date | None, lang: Lang = "de") -> Footer:
    """The footer of every printed page: sheet name, page number, the run's reference date."""
    right = t("druck.stichtag", lang).format(date=f"{reference:%d.%m.%Y}") if reference else ""
    return Footer("&A", t("druck.seite", lang), right)


def is_wide(widths: dict[str, float]) -> bool:
    """Whether columns this wide print landscape."""
    return sum(widths.values()) > PORTRAIT_WIDTH


#: Column width (characters) a landscape A4 page holds while the print stays readable: about
#: 130 at full size, so 200 prints at about two thirds (8-point text). A table wider than
#: that prints several pages wide rather than too small to read.
LANDSCAPE_WIDTH = 200.0


def pages_wide(widths: dict[str, float], repeated: float = 0.0) -> int:
    """How many landscape pages wide a table prints so its text stays readable; `repeated`
    is the width of the columns printed again on every page."""
    rest = sum(widths.values()) - repeated
    return max(1, math.ceil(rest / (LANDSCAPE_WIDTH - repeated)))


def _segment_fills(config: Config, lang: Lang) -> dict[str, str]:
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
        value_fills={seg_idx: _segment_fills(result.config, lang), abc_idx: style.ABC_COLOURS},
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
        footer=page_footer(result.config.reference_date(), lang),
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
    wrapped = (1, 2, 4, 5, 6)  # the plan texts
    table = Table(
        "A3",
        header,
        rows,
        number_formats=fmt,
        value_fills={0: _segment_fills(result.config, lang)},
        wrap_columns=wrapped,
        valign="top",  # segment names level with the first line of their texts
    )
    # narrow text columns (their texts wrap), so the table prints on one page at a readable size
    widths, _ = fit_columns(header, rows, number_formats=fmt, maximum=22.0)
    widths |= {"B": 28.0, "C": 34.0}  # the long plan texts
    heights = {4 + i: wrapped_height(row, widths, wrapped) for i, row in enumerate(rows[:-1])}
    # the header too, here rather than by fit_header_rows: team workbooks carry this sheet
    heights[3] = wrapped_height(header, widths, range(len(header)), fill=_HEADER_FILL)
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


def configuration_sheet(config: Config, lang: Lang = "de", run_date: Any = None) -> Sheet:
    """The model: factors (with the weight total per score beside them), parameters, segment
    names and the column mapping, readable back by book.config_sheet; model values in words,
    picked from lists. `run_date` records the reference date a result was scored with."""
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
    first, n = layout.factor_header_row + 1, len(config.factors)
    last = first + max(n, 1) - 1
    validations = [
        Validation(
            f"{col}{first}:{col}{last}",
            "list",
            allowed(kind, lang),
            error=t("k.auswahl", lang),
        )
        for j, kind in FACTOR_WORDS.items()
        for col in [col_letter(j + 1)]
    ]
    for key, kind in PARAMETER_WORDS.items():
        cell = layout.param_cell(key).replace("$", "")
        validations.append(
            Validation(cell, "list", allowed(kind, lang), error=t("k.auswahl", lang))
        )
    totals = []
    for score in ("ist", "potenzial"):
        weight = sum(f.weight for f in config.factors if f.score == score)
        # every spelling once: SUMIF compares without regard to case
        spellings = dict.fromkeys(w.lower() for w in words("score", score))
        terms = "+".join(
            f'SUMIF($C${first}:$C${last},"{w}",$D${first}:$D${last})' for w in spellings
        )
        totals.append([t(f"{score}_score", lang), Formula(f"=ROUND({terms},6)", round(weight, 6))])
    params = parameter_rows(config, lang, run_date)
    meaning_width = 40.0
    heights = {
        layout.param_header_row + 1 + i: wrapped_height(row, {"C": meaning_width}, (2,))
        for i, row in enumerate(params)
    }
    return Sheet(
        t("sheet.konfiguration", lang),
        [
            Text("A1", t("k.titel", lang), bold=True, size=14),
            Text("A2", t("k.hinweis", lang), italic=True),
            Table(f"A{layout.factor_header_row}", factor_header(lang), factor_rows(config, lang)),
            Table(
                f"K{layout.factor_header_row}",
                [t("k.summe", lang), t("k.gewicht", lang)],
                totals,
                number_formats={1: "0.0"},
                fill_unless={1: (100.0, style.WARN_FILL)},
            ),
            Table(
                f"A{layout.param_header_row}",
                [t("k.parameter", lang), t("k.wert", lang), t("k.erklaerung", lang)],
                params,
                wrap_columns=(2,),
                valign="top",
                align={1: "left"},
            ),
            Table(
                f"A{layout.label_header_row}",
                [t("k.segment", lang), t("k.name", lang)],
                label_rows(config, lang),
            ),
            *mapping,
        ],
        widths={
            "A": 30.0,
            "B": 22,
            "C": meaning_width,
            "D": 10,
            "E": 10,
            "F": 12,
            "G": 8,
            "H": 8,
            "I": 11,
            "J": 3,
            "K": 18,
            "L": 10,
        },
        row_heights=heights,
        validations=validations,
        landscape=True,
        fit_to_page=True,
        footer=page_footer(config.reference_date(), lang),
    )


def _in_row_order(problem: Problem) -> tuple[str, int]:
    """Sheet, then row (whole-column findings first); the findings of one row keep the order
    they were made in (the cell first, then what followed from it)."""
    return (problem.sheet or "", problem.row or 0)


def problems_sheet(
    problems: Sequence[Problem],
    mapping: Sequence[tuple[str, str | None, str]],
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
            if p.message == "msg.faktor_ohne_daten" and p.column
            else p.column,
            p.customer_id,
            _display(p.value),
            expected_text(p, lang, seen),
            t(f"action.{p.action}", lang),
        ]
        for p in shown
    ]
    map_header = [t("p.ueberschrift", lang), t("p.verwendet", lang), t("p.hinweis", lang)]
    map_rows = [[h, column_label(k, lang) if k else None, note] for h, k, note in mapping]
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
        formula = f"=IFERROR(INDEX('{table}'!${col}:${col},{found}),\"{t('a.unbekannt', lang)}\")"
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
        Text("B3", str(first), bold=True, size=12, fill=style.INPUT_FILL, unlocked=True),
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
    header = (
        ["Datum", "Kunden-Nr", "Kanal", "Thema", "Ergebnis"]
        if lang != "en"
        else ["Date", "Customer ID", "Channel", "Topic", "Outcome"]
    )
    keys = ["datum", "kunden_nr", "kanal", "thema", "ergebnis"]
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
    reference = result.config.reference_date()
    widths, wrap = fit_columns(header, raw_rows[1:], minimum=10.0)
    kunden = Sheet(
        t("sheet.kunden", lang),
        [Table("A1", header, raw_rows[1:], wrap_columns=wrap, valign="top" if wrap else None)]
        if raw_rows
        else [],
        freeze="A2",
        widths=widths,
        landscape=is_wide(widths),
        fit_width=pages_wide(widths, _first_two(widths)),
        print_title_rows=(1, 1),
        print_title_columns="A:B" if pages_wide(widths) > 1 else None,
        footer=page_footer(reference, lang),
    )
    carried = [contacts_sheet(contacts, lang, reference)] if contacts is not None else []
    return fit_header_rows(
        Plan(
            [
                kunden,
                *carried,
                scoring_sheet(result, lang),
                matrix_sheet(result, lang),
                growth_sheet(result, lang, growth_texts),
                lookup_sheet(result, lang),
                configuration_sheet(result.config, lang, result.config.reference_date()),
                problems_sheet(
                    [*problems, *result.problems],
                    mapping,
                    len(result.scored),
                    lang,
                    result.config.reference_date(),
                ),
            ]
        )
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
    migration_phase: pd.DataFrame | None = None,
    reference: dt.date | None = None,
) -> Plan:
    """The comparison workbook: migration matrices of segment, ABC class and phase (a page
    each), risers and fallers in words, weight sensitivity. `reference` is the new run's
    reference date, printed in every footer."""
    labels: dict[str, str] = {str(k): v for k, v in config.segment_labels(lang).items()}
    phases = {k: t(f"phase.{k}", lang) for k in PHASE_ORDER}
    fills = _segment_fills(config, lang)
    footer = page_footer(reference, lang)
    old_new = t("v.alt_neu", lang)

    def matrix_rows(m: pd.DataFrame, names: dict[str, str]) -> list[list[object]]:
        return [[names.get(str(i), str(i)), *[int(v) for v in m.loc[i]]] for i in m.index]

    matrices: list[tuple[str, pd.DataFrame, dict[str, str], dict[int, dict[str, str]]]] = [
        ("v.segmente", migration_segments, labels, {0: fills}),
        ("v.abc", migration_abc, {}, {0: style.ABC_COLOURS}),
    ]
    if migration_phase is not None:
        matrices.append(("v.phase", migration_phase, phases, {}))
    blocks: list[Block] = []
    breaks: list[int] = []
    longest_name = max(len(v) for v in [*labels.values(), *phases.values()])
    row = 1
    for title, m, names, value_fills in matrices:
        if row > 1:
            breaks.append(row - 1)  # each matrix starts a new printed page
        blocks += [
            Text(f"A{row}", t(title, lang), bold=True, size=14),
            Table(
                f"A{row + 2}",
                [old_new, *[names.get(str(c), str(c)) for c in m.columns]],
                matrix_rows(m, names),
                value_fills=value_fills,
                align={j: "center" for j in range(1, len(m.columns) + 1)},
            ),
        ]
        row += 2 + len(m.index) + 3
    blocks += [
        Text(f"A{row}", t("v.nur_alt", lang).format(n=len(only_old), ids=", ".join(only_old[:50]))),
        Text(
            f"A{row + 1}",
            t("v.nur_neu", lang).format(n=len(only_new), ids=", ".join(only_new[:50])),
        ),
    ]
    migration = Sheet(
        t("sheet.migration", lang),
        blocks,
        widths={
            "A": 26,
            **{col_letter(i): max(12.0, longest_name / _HEADER_FILL + 2) for i in range(2, 8)},
        },
        landscape=True,
        fit_width=True,
        row_breaks=tuple(breaks),
        footer=footer,
    )

    def arrow(old: object, new: object, names: dict[str, str] | None = None) -> str:
        def shown(v: object) -> str:
            if v is None or (isinstance(v, float) and math.isnan(v)):
                return "–"
            return names.get(str(v), str(v)) if names is not None else str(v)

        return f"{shown(old)} → {shown(new)}"

    def mover_rows(frame: pd.DataFrame) -> list[list[object]]:
        out = []
        for r in frame.to_dict("records"):
            out.append(
                [
                    r["kunden_nr"],
                    cell_value(r.get("name_neu")),
                    cell_value(r.get("betreuer_neu")),
                    cell_value(r.get("umsatz_neu")),
                    arrow(r["segment_alt"], r["segment_neu"], labels),
                    arrow(r["abc_alt"], r["abc_neu"]),
                    arrow(r.get("phase_alt"), r.get("phase_neu"), phases),
                    cell_value(r["ist_score_alt"]),
                    cell_value(r["ist_score_neu"]),
                    cell_value(r["delta_ist"]),
                    cell_value(r["potenzial_score_alt"]),
                    cell_value(r["potenzial_score_neu"]),
                    cell_value(r["delta_potenzial"]),
                ]
            )
        return out

    mover_header = [
        column_label("kunden_nr", lang),
        column_label("name", lang),
        column_label("betreuer", lang),
        t("v.umsatz", lang),
        t("v.segment", lang),
        t("v.abc_wechsel", lang),
        t("v.phase_wechsel", lang),
    ] + [
        t(f"v.{k}", lang)
        for k in ("ist_alt", "ist_neu", "delta_ist", "pot_alt", "pot_neu", "delta_pot")
    ]
    formats = {3: style.MONEY, **{i: style.SCORE for i in range(7, 13)}}
    rising, falling = mover_rows(risers), mover_rows(fallers)
    widths, wrap = fit_columns(mover_header, [*rising, *falling], number_formats=formats)
    fall_row = len(rising) + 6
    movers = Sheet(
        t("sheet.bewegung", lang),
        [
            Text("A1", t("v.aufsteiger", lang), bold=True, size=14),
            Table(
                "A3", mover_header, rising, number_formats=formats, wrap_columns=wrap, valign="top"
            ),
            Text(f"A{fall_row}", t("v.absteiger", lang), bold=True, size=14),
            Table(
                f"A{fall_row + 2}",
                mover_header,
                falling,
                number_formats=formats,
                wrap_columns=wrap,
                valign="top",
            ),
        ],
        widths=widths,
        landscape=True,
        fit_width=True,
        row_breaks=(fall_row - 1,),
        footer=footer,
    )
    sens_header = [
        t("k.faktor", lang),
        t("k.score", lang),
        t("k.gewicht", lang),
        t("v.plus", lang),
        t("v.minus", lang),
    ]
    sens_rows = [
        [
            column_label(str(r.faktor), lang),
            word("score", str(r.score), lang),
            r.gewicht,
            r.plus,
            r.minus,
        ]
        for r in sensitivity.itertuples()
    ]
    sens_formats = {3: style.PERCENT, 4: style.PERCENT}
    sens_widths, _ = fit_columns(sens_header, sens_rows, number_formats=sens_formats, minimum=12.0)
    sens = Sheet(
        t("sheet.sensitivitaet", lang),
        [
            Text("A1", t("v.sens_titel", lang), bold=True, size=14),
            Text("A2", t("v.sens_hinweis", lang), italic=True),
            Table("A4", sens_header, sens_rows, number_formats=sens_formats),
        ],
        widths=sens_widths,
        fit_to_page=True,
        footer=footer,
    )
    return fit_header_rows(Plan([migration, movers, sens]))
