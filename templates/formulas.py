"""Native Excel formulas that compute both scores, the segment and the ABC class in the workbook
itself, reading weights, thresholds and names live from the Konfiguration sheet.

A team without Python sees correct results when it edits a rating. The formulas use only
functions of Excel 2007 that LibreOffice also knows (INDEX, MATCH, SMALL, LARGE, MEDIAN,
PERCENTILE, EDATE), no array formulas, and follow the core's definitions exactly
(kundenwert.method: normalize, portfolio, abc_class), the minimum data coverage of a score and
the Z/O classes of negative revenue included. The normalisation method of each factor is fixed
when the workbook is built; weights, thresholds, the minimum coverage, cost rates and names are
read live. Beyond the formulas: the purchase-history model's CLV (from an order history), the
contact log's O → C rule and the reader's checks of whole rows (totals, duplicate numbers)
and of text cells (numbers and dates typed as text) need a `kundenwert score` run; what the
reader does cell by cell with numbers (shares above 1 as percent points, values out of range
ignored, rows without a customer number skipped) the formulas do too.

Nothing scans a whole column once per row (RANK, COUNTIF, SUMIFS would, and LibreOffice
evaluates them by scanning: O(n²), 10,000 customers took more than 300 s). The helper sheet
holds each ranked column sorted (row k: the k-th smallest value) and every customer row finds
its place there by binary search; the ABC shares come from one sorted, cumulated revenue
column computed once. No
criteria strings either: `">"&x` turns x into text with 15 digits, which can move it past
itself. What still grows with n² is the sorting (one SMALL or LARGE per row of each sorted
column); see templates.helper_sheet. This module puts the live workbook together; the layout is
in templates.live_layout, the row formulas in templates.row_formulas.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from kundenwert.book.config_sheet import ConfigLayout, config_layout, configuration_sheet
from kundenwert.book.geometry import (
    col_letter,
    fit_columns,
    fit_header_rows,
    page_footer,
    pages_wide,
)
from kundenwert.book.labels import t
from kundenwert.book.plan import Formula, Plan, Sheet, Table
from kundenwert.book.result_sheets import matrix_chart
from kundenwert.book.style import DATE, INPUT_FILL, INTEGER, MONEY, PERCENT, SCORE, SEGMENT_COLOURS
from kundenwert.cells.columns import INPUT_COLUMNS
from kundenwert.language import Lang
from kundenwert.method.config import Config
from kundenwert.templates.helper_sheet import contacts_table, helper_block, helper_rows
from kundenwert.templates.input_rules import input_rules
from kundenwert.templates.live_layout import (
    HELPER_SHEET,
    Layout,
    Others,
    table_layout,
)
from kundenwert.templates.row_formulas import formula_header, row_formulas


def configuration_ref(config: Config, lang: Lang = "de") -> tuple[str, ConfigLayout]:
    """The sheet prefix and layout formulas use to reach the Konfiguration sheet."""
    return f"'{t('sheet.konfiguration', lang)}'!", config_layout(config)


#: Number formats of the input columns by kind; ratings keep "General" (3 or 3.5).
_KIND_FORMATS = {"date": DATE, "money": MONEY, "share": PERCENT, "count": INTEGER}
_DERIVED_FORMATS = {
    "db_nach_kosten": MONEY,
    "clv": MONEY,
    "ungenutztes_potenzial": MONEY,
    "ausschoepfung": PERCENT,
}


def column_formats(layout: Layout) -> dict[int, str]:
    """Number format per 0-based table column: dates as dates, amounts in euro, shares in
    percent, normalised factors and scores with one decimal."""
    formats: dict[int, str] = {}
    for j, key in enumerate(layout.column):
        if j < len(INPUT_COLUMNS):
            fmt = _KIND_FORMATS.get(INPUT_COLUMNS[j].kind)
        elif key.startswith("n:") or key.endswith("_score"):
            fmt = SCORE
        else:
            fmt = _DERIVED_FORMATS.get(key)
        if fmt:
            formats[j] = fmt
    return formats


#: Rows of a template's empty customer table that are printed.
PRINTED_BLANK_ROWS = 40


def live_plan(
    rows: list[list[object]],
    config: Config | None = None,
    lang: Lang = "de",
    prepared_rows: int = 0,
    open_all: bool = False,
    others: Others | None = None,
    contacts: Mapping[str, int] | None = None,
) -> Plan:
    """A workbook whose customer table computes itself: `rows` are the input rows (header
    first, documented column order), followed by blank rows up to `prepared_rows` for new
    customers. Ratings and estimates are open for input (with `open_all` every input column,
    for pasting an ERP export), marked with the input fill; the formulas are protected.
    With `others` (the rest of the portfolio, see `Others`) the table scores against the whole
    portfolio instead of its own rows. `contacts` (customer id → unsuccessful contacts, see
    `failed_contacts`) lets the class formula turn O into C as the core does with a log."""

    config = config or Config()
    data = rows[1:]
    n = max(len(data), prepared_rows)
    layout = table_layout(config, n)
    table = t("sheet.kunden", lang)
    conf, cfg = configuration_ref(config, lang)
    helper, at = helper_rows(config, layout, conf, cfg, table, others)
    helper_tables = [
        Table("A1", ["Faktor", "Anzahl / Wert", "Min", "Max", "Daten"], helper),
        helper_block(config, layout, at, table, others),
    ]
    if contacts:
        logged, where = contacts_table(contacts, len(helper) + 4)
        helper_tables.append(logged)
        at |= where
    computed = list(layout.column)[len(INPUT_COLUMNS) :]
    body: list[list[object]] = []
    for i in range(n):
        given = list(data[i]) if i < len(data) else []
        given += [None] * (len(INPUT_COLUMNS) - len(given))
        formulas = row_formulas(config, layout, layout.first_row + i, at, conf, cfg, lang)
        body.append(given + [formulas[k] for k in computed])
    header = [c.en if lang == "en" else c.de for c in INPUT_COLUMNS]
    header += formula_header(config, layout, lang)
    segment = list(layout.column).index("segment")
    labels = config.segment_labels(lang)
    fills = {labels[k]: SEGMENT_COLOURS[k] for k in labels}
    formats = column_formats(layout)
    open_columns = tuple(i for i, c in enumerate(INPUT_COLUMNS) if open_all or c.team_owned)
    # headers wrap: each column as wide as its content and its header's longest word
    widths, wrap = fit_columns(header, data, number_formats=formats, minimum=11.0)
    # the segment names are formula results, so no sample row shows how wide they get
    widths[col_letter(segment + 1)] = max(len(v) for v in labels.values()) + 3.0
    customers = Sheet(
        table,
        [
            Table(
                "A1",
                header,
                body,
                name=table,
                number_formats=formats,
                value_fills={segment: fills},
                unlocked_columns=open_columns,
                column_fills=dict.fromkeys(open_columns, INPUT_FILL),
                wrap_columns=wrap,
                valign="top" if wrap else None,
            )
        ],
        freeze="C2",
        widths=widths,
        validations=input_rules(lang, n),
        protect=True,
        landscape=True,
        fit_width=pages_wide(widths, widths["A"] + widths["B"]),
        print_title_rows=(1, 1),
        print_title_columns="A:B",
        # the prepared blank rows print as a short form, not as pages of empty cells
        print_area=f"A1:{col_letter(len(header))}{1 + max(len(data), min(n, PRINTED_BLANK_ROWS))}",
        footer=page_footer(config.stichtag, lang),
    )
    helper_sheet = Sheet(
        HELPER_SHEET,
        list(helper_tables),
        protect=True,
        hidden=True,  # intermediate values only; the formulas need them, the reader does not
    )
    # the model is read live by every formula: protected (no password) like the formulas
    settings = replace(configuration_sheet(config, lang), protect=True)
    settings.blocks.append(effective_weights(config, cfg, at, lang))
    settings.widths = {**settings.widths, "M": 3.0, EFFECTIVE_COLUMN: 22.0}
    if config.stichtag is None:  # a template has no run and so no reference date to print
        settings.footer = page_footer(None, lang)
    matrix = live_matrix_sheet(config, layout, at, lang)
    return fit_header_rows(Plan([customers, matrix, settings, helper_sheet]))


#: First row of the live matrix's notes, below the chart (as in the result workbook).
NOTES_ROW = 33


def matrix_notes(
    config: Config, layout: Layout, at: dict[str, str], placed: str, lang: Lang = "de"
) -> Table:
    """Why the live matrix is empty or says little, as the result workbook says it
    (book.result_sheets.matrix_notes), one formula per line from NOTES_ROW, empty while it
    does not apply: a score none of whose factors has data in the portfolio names the columns
    to add and how to collect them; fewer than FEW_CUSTOMERS customers placed (`placed`, a
    formula counting them) are said to be few."""
    from kundenwert.book.labels import headers_for
    from kundenwert.method.portfolio import FEW_CUSTOMERS

    customers = f"COUNTA('{t('sheet.kunden', lang)}'!{layout.range('kunden_nr')})"
    lines: list[tuple[str, str]] = []
    # the potential side first: an ERP export without estimates is the common case, and its
    # lines then stand right below the chart
    for score in ("potenzial", "ist"):
        model = [(i, f) for i, f in enumerate(config.factors) if f.score == score and f.weight > 0]
        carried = "+".join(at[f"present:{i}"] for i, _ in model) or "0"
        texts = [
            t("matrix.score_fehlt", lang).format(score_name=t(f"score.{score}", lang)),
            t("matrix.spalten_ergaenzen", lang).format(
                cols=headers_for([f.column for _, f in model], lang)
            ),
            *t("matrix.so_sammeln", lang).split("\n"),
        ]
        lines += [(f"AND({customers}>0,{carried}=0)", text) for text in texts]
    few = f"AND({placed}>0,{placed}<{FEW_CUSTOMERS})"
    lines += [(few, text) for text in t("matrix.wenige_kunden", lang).split("\n")]

    def literal(text: str) -> str:
        """The text as a formula's string, the customer count {n} computed live."""
        quoted = text.replace('"', '""')
        return '"' + quoted.replace("{n}", f'"&{placed}&"') + '"'

    rows: list[list[object]] = [
        [Formula(f'=IF({cond},{literal(text)},"")')] for cond, text in lines
    ]
    return Table(f"A{NOTES_ROW - 1}", [], rows)


#: Column of the Konfiguration sheet where the live workbook shows each factor's effective
#: weight, beside the factor block and right of the weight totals (K:L).
EFFECTIVE_COLUMN = "N"


def effective_weights(
    config: Config, cfg: ConfigLayout, at: dict[str, str], lang: Lang = "de"
) -> Table:
    """Each factor's share of its score's weight in this workbook's data, level with its row of
    the factor block: a factor no customer of the portfolio has is left out and the other
    factors of its score share its weight in proportion (the weights the coverage and the
    scores use). Live: it follows the configured weights and the data as they are typed."""
    rows: list[list[object]] = []
    for i, f in enumerate(config.factors):
        same = [j for j, g in enumerate(config.factors) if g.score == f.score]
        carried = "+".join(f"{cfg.weight_cell(j)}*{at[f'present:{j}']}" for j in same)
        mine = f"{cfg.weight_cell(i)}*{at[f'present:{i}']}"
        # as a result workbook shows the weights its run used (book.config_sheet)
        dropped = t("k.entfaellt", lang)
        share = f"IF(({carried})=0,0,{mine}/({carried}))"  # 0 while only weights of 0 are left
        rows.append([Formula(f'=IF({at[f"present:{i}"]}=0,"{dropped}",{share})')])
    header = "Gewicht in diesen Daten" if lang != "en" else "Weight in this data"
    return Table(
        f"{EFFECTIVE_COLUMN}{cfg.factor_header_row}",
        [header],
        rows,
        number_formats={0: PERCENT},
        align={0: "right"},
    )


def live_matrix_sheet(
    config: Config, layout: Layout, at: dict[str, str], lang: Lang = "de"
) -> Sheet:
    """The four-field matrix fed by the live table: one formula block (x, one y column per
    quadrant, the two threshold lines), so the chart follows every edit. #N/A leaves a point
    out of a series in Excel and LibreOffice alike."""
    from kundenwert.method.segments import SEGMENT_ORDER

    table = f"'{t('sheet.kunden', lang)}'!"
    conf, cfg = configuration_ref(config, lang)
    n = layout.last_row - layout.first_row + 1
    data_col = 24  # column X, as in the result workbook's matrix
    block: list[list[object]] = []
    for i in range(n):
        r = layout.first_row + i
        x = f"{table}{layout.cell('ist_score', r)}"
        y = f"{table}{layout.cell('potenzial_score', r)}"
        seg = f"{table}{layout.cell('segment', r)}"
        block.append(
            [Formula(f"=IF(ISNUMBER({x}),{x},NA())")]
            + [Formula(f"=IF({seg}={conf}{cfg.label_cell(k)},{y},NA())") for k in SEGMENT_ORDER]
            + [None, None]
        )
    tx, ty = at["schwelle:ist"], at["schwelle:potenzial"]
    na = Formula("=NA()")

    def point(threshold: str, value: str) -> Formula:
        """A threshold line's point: #N/A (no line at all) while there is no threshold."""
        return Formula(f"=IF(ISNUMBER({threshold}),{value},NA())")

    block += [
        [point(tx, tx), na, na, na, na, point(tx, "0"), na],
        [point(tx, tx), na, na, na, na, point(tx, "100"), na],
        [point(ty, "0"), na, na, na, na, na, point(ty, ty)],
        [point(ty, "100"), na, na, na, na, na, point(ty, ty)],
    ]
    labels = config.segment_labels(lang)
    header = [
        t("ist_score", lang),
        *[labels[k] for k in SEGMENT_ORDER],
        t("matrix.threshold_x", lang),
        t("matrix.threshold_y", lang),
    ]
    helper = Table(f"{col_letter(data_col)}1", header, block)
    chart = matrix_chart(helper, lang)
    # The threshold lines need only their own two points each, not a column of #N/A as long as
    # the table: LibreOffice spends its time per chart point (about a fifth of a 10,000-row
    # recalculation went to the chart), so that saves a third of the points.
    x, last = col_letter(data_col), n + 1
    lines = []
    for j, s in enumerate(chart.series[len(SEGMENT_ORDER) :]):
        c, top = col_letter(data_col + 1 + len(SEGMENT_ORDER) + j), last + 1 + 2 * j
        lines.append(
            replace(s, x_ref=f"${x}${top}:${x}${top + 1}", y_ref=f"${c}${top}:${c}${top + 1}")
        )
    chart = replace(chart, series=chart.series[: len(SEGMENT_ORDER)] + lines)
    # the y columns hold a number exactly where a customer is placed in a quadrant
    y_cols = f"${col_letter(data_col + 1)}$2:${col_letter(data_col + len(SEGMENT_ORDER))}${last}"
    notes = matrix_notes(config, layout, at, f"COUNT({y_cols})", lang)
    return Sheet(
        t("sheet.matrix", lang),
        [chart, helper, notes],
        landscape=True,
        fit_to_page=True,
        print_area=f"A1:O{NOTES_ROW + len(notes.rows) - 1}",  # the chart, then the notes
        widths={col_letter(i): 9.0 for i in range(1, 16)},
        protect=True,
        footer=page_footer(config.stichtag, lang),
    )
