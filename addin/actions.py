"""What each button does, as pure functions from sheet cells to workbook-plan sheets.

The scripts (scripts.py) only read cells from the open book, call these, and render the result
with render_xlwings; tests call these directly on cells read from real .xlsx files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from kundenwert.book.config_sheet import config_from_rows, configuration_sheet
from kundenwert.book.history_sheet import history_sheet
from kundenwert.book.labels import t, t_all
from kundenwert.book.plan import Sheet
from kundenwert.book.result_sheets import (
    growth_sheet,
    matrix_sheet,
    problems_sheet,
    scoring_sheet,
)
from kundenwert.cells.customer_table import (
    ReadResult,
    find_header,
    mapping_overrides,
    read_customer_table,
)
from kundenwert.cells.line_table import is_order_lines, read_lines
from kundenwert.errors import MessageError, Problem
from kundenwert.language import Lang
from kundenwert.method.config import Config, Threshold, ThresholdMethod
from kundenwert.method.fragility import with_fragility
from kundenwert.method.growth_table import edited_texts
from kundenwert.method.portfolio import ScoreResult, score_portfolio
from kundenwert.method.purchase_history import HistoryResult, history_for_scoring

Cells = Sequence[Sequence[object]]
OUR_SHEETS = (
    "sheet.bewertung",
    "sheet.matrix",
    "sheet.wachstum",
    "sheet.konfiguration",
    "sheet.pruef",
    "sheet.anleitung",
    "sheet.historie",
    "sheet.migration",
    "sheet.bewegung",
    "sheet.ursachen",
)


def our_sheet_names() -> set[str]:
    """Sheets the add-in writes, in both languages; everything else belongs to the user."""
    return {label for k in OUR_SHEETS for label in t_all(k)}


def find_customer_table(
    sheets: Mapping[str, Cells], name: str = "", column_map: Mapping[str, str | None] | None = None
) -> ReadResult:
    """Read the customer table from `name`, or from the first user sheet with a header
    (`column_map`: the model's explicit column mapping)."""
    if name:
        if name not in sheets:
            raise MessageError("err.kein_blatt_hier", sheet=name, names=", ".join(sheets))
        return read_customer_table(sheets[name], name, column_map=column_map)
    overrides = mapping_overrides(column_map or {})
    for sheet, cells in sheets.items():
        if sheet not in our_sheet_names() and find_header(cells, overrides)[0] >= 0:
            return read_customer_table(cells, sheet, column_map=column_map)
    raise MessageError("err.kein_kundenblatt", names=", ".join(sheets))


def model(sheets: Mapping[str, Cells], threshold: ThresholdMethod | None = None) -> Config:
    """The model of the book's Konfiguration sheet (defaults if absent); `threshold` overrides
    the threshold method of both axes for this run."""
    name = next((n for n in sheets if n in t_all("sheet.konfiguration")), None)
    cfg = config_from_rows(sheets[name], name) if name else Config()
    if threshold in ("median", "mittelwert"):
        cfg = cfg.model_copy(
            update={
                "threshold_ist": Threshold(method=threshold),
                "threshold_potenzial": Threshold(method=threshold),
            }
        )
    return cfg


@dataclass
class Scored:
    """A scoring run inside a book: what was read, the result, and the model used."""

    read: ReadResult
    result: ScoreResult
    has_config: bool
    history: HistoryResult | None = None  # when the book holds order lines


def order_line_sheet(sheets: Mapping[str, Cells], name: str = "") -> str | None:
    """The sheet of order lines (date, customer, amount; ids repeat): `name` when it holds
    lines, else the first user sheet that does."""
    if name:
        return name if name in sheets and is_order_lines(sheets[name]) else None
    ours = our_sheet_names()
    return next((n for n, c in sheets.items() if n not in ours and is_order_lines(c)), None)


def run_scoring(
    sheets: Mapping[str, Cells], sheet: str = "", threshold: ThresholdMethod | None = None
) -> Scored:
    """Read table and model from the book's cells and score, exactly as the command does:
    order lines are aggregated per customer first (a customer sheet beside them joined)."""
    has_config = bool(t_all("sheet.konfiguration") & set(sheets))
    cfg = model(sheets, threshold)
    lines_at = order_line_sheet(sheets, sheet)
    if lines_at is None:
        read = find_customer_table(sheets, sheet, cfg.column_map)
        return Scored(read, score_portfolio(read.frame, cfg, sheet=read.sheet), has_config)
    lines = read_lines(sheets[lines_at], lines_at)
    ours = our_sheet_names()
    beside = next(
        (
            n
            for n, c in sheets.items()
            if n != lines_at and n not in ours and find_header(c)[0] >= 0 and not is_order_lines(c)
        ),
        None,
    )
    customers = (
        read_customer_table(
            sheets[beside], beside, column_map=cfg.column_map, required=("kunden_nr",)
        )
        if beside
        else None
    )
    history = history_for_scoring(
        lines.lines,
        cfg,
        customers.frame if customers else None,
        sheet=lines_at,
        customer_sheet=beside or lines_at,
    )
    cfg = cfg.model_copy(update={"stichtag": history.history.reference_date})
    problems = [*lines.problems, *(customers.problems if customers else []), *history.problems]
    mapping = [*lines.mapping, *(customers.mapping if customers else [])]
    read = ReadResult(lines_at, lines.header_row, [], history.frame, mapping, problems)
    source = history.history.reference_source
    result = score_portfolio(history.frame, cfg, sheet=lines_at, reference_source=source)
    return Scored(read, result, has_config, history)


def scoring_sheets(run: Scored, lang: Lang = "de") -> list[Sheet]:
    """Sheets of the Bewerten button: Bewertung, Prüfprotokoll, and the model if it was absent."""
    out = [
        scoring_sheet(with_fragility(run.result), lang),
        problems_sheet(
            [*run.read.problems, *run.result.problems],
            run.read.mapping,
            len(run.result.scored),
            lang,
        ),
    ]
    if run.history is not None:
        cfg = run.result.config
        out.insert(1, history_sheet(run.history, lang, cfg.forecast_months, cfg.clv_years))
    if not run.has_config:
        out.append(configuration_sheet(run.result.config, lang, None, run.result.effective_weights))
    return out


def has_live_matrix(sheets: Mapping[str, Cells]) -> bool:
    """A template or team workbook draws its matrix itself from formulas (and protects it);
    the Matrix button then leaves it alone."""
    from kundenwert.templates.live_layout import HELPER_SHEET

    return HELPER_SHEET in sheets


def matrix_for(run: Scored, lang: Lang = "de") -> Sheet:
    """The Matrix button's sheet."""
    return matrix_sheet(run.result, lang)


def growth_table_sheet(run: Scored, existing: Cells | None, lang: Lang = "de") -> Sheet:
    """The growth table with fresh figures, keeping texts the user has edited."""
    texts = edited_texts(existing or [], run.result.config, lang)
    return growth_sheet(run.result, lang, texts or None)


def check_sheet(read: ReadResult, lang: Lang = "de") -> tuple[Sheet, list[tuple[int, int]]]:
    """The check log and the cells to mark (1-based row, 1-based column) — no scoring."""
    header = [str(h) for h in read.raw[0]]
    marks: list[tuple[int, int]] = []
    for p in read.problems:
        if (
            p.row is not None
            and p.column in header
            and p.action in ("value_ignored", "row_skipped")
        ):
            marks.append((p.row, header.index(p.column) + 1))
    sheet = problems_sheet(_shown(read.problems), read.mapping, len(read.frame), lang)
    return sheet, marks


def _shown(problems: Sequence[Problem]) -> list[Problem]:
    return [p for p in problems if p.action != "column_mapped"]


def comparison_sheets(
    sheets: Mapping[str, Cells],
    old_sheet: str,
    old_config_sheet: str = "",
    lang: Lang = "de",
    sheet: str = "",
) -> list[Sheet]:
    """The Vergleichen button: this book's customers (scored as the Bewerten button scores
    them) against an earlier run's customer table copied into the book as `old_sheet`, with
    its Konfiguration copied as `old_config_sheet` (empty: the same model). The comparison
    workbook's Migration, Auf- und Absteiger and Ursachen sheets (the weight sensitivity is
    left to the command: it scores the portfolio two dozen times)."""
    from kundenwert.book.comparison_book import comparison_plan
    from kundenwert.method import comparison as compare
    from kundenwert.method.causes import split_causes
    from kundenwert.method.segments import SEGMENT_ORDER

    for name in (old_sheet, old_config_sheet):
        if name and name not in sheets:
            raise MessageError("err.kein_blatt_hier", sheet=name, names=", ".join(sheets))
    current = {k: v for k, v in sheets.items() if k not in (old_sheet, old_config_sheet)}
    new = run_scoring(current, sheet)
    old_model = (
        config_from_rows(sheets[old_config_sheet], old_config_sheet)
        if old_config_sheet
        else new.result.config
    )
    old_read = read_customer_table(sheets[old_sheet], old_sheet, column_map=old_model.column_map)
    old = score_portfolio(old_read.frame, old_model, sheet=old_sheet)
    c = compare.match_runs(old.scored, new.result.scored)
    risers, fallers = compare.movers(c)
    split = split_causes(old_read.frame, old_model, new.read.frame, new.result.config)
    plan = comparison_plan(
        compare.migration(c, "segment", SEGMENT_ORDER),
        compare.migration(c, "abc", compare.ABC_ORDER),
        risers,
        fallers,
        pd.DataFrame(columns=["faktor", "score", "gewicht", "plus", "minus"]),
        c.only_old,
        c.only_new,
        new.result.config,
        lang,
        compare.migration(c, "phase", compare.PHASE_ORDER),
        new.result.config.reference_date(),
        split,
        c.joined,
    )
    sensitivity = t("sheet.sensitivitaet", lang)
    return [s for s in plan.sheets if s.name != sensitivity]
