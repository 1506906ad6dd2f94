"""The result workbook as a plan: Kunden (the input as read), Kontakte (when there is a
contact log), Bewertung, Matrix, Wachstumstabelle, Kundenauskunft, Konfiguration, Prüfprotokoll.
Pure data; a renderer writes it to a file or into live Excel. The sheets are built in
book.result_sheets and book.config_sheet."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kundenwert.book.cell_text import text_problems
from kundenwert.book.config_sheet import configuration_sheet
from kundenwert.book.geometry import fit_columns, fit_header_rows, is_wide, page_footer, pages_wide
from kundenwert.book.labels import t
from kundenwert.book.plan import Plan, Sheet, Table
from kundenwert.book.result_sheets import (
    contacts_sheet,
    growth_sheet,
    lookup_sheet,
    matrix_sheet,
    problems_sheet,
    scoring_sheet,
)
from kundenwert.cells.customer_table import ReadResult
from kundenwert.errors import MappedHeader, Problem
from kundenwert.language import Lang
from kundenwert.method.config import Config
from kundenwert.method.fragility import with_fragility
from kundenwert.method.growth_table import edited_texts, planned_contacts
from kundenwert.method.portfolio import ScoreResult, score_portfolio


def _first_two(widths: dict[str, float]) -> float:
    return widths.get("A", 0.0) + widths.get("B", 0.0)


def result_plan(
    result: ScoreResult,
    raw_rows: Sequence[Sequence[object]],
    problems: Sequence[Problem] = (),
    mapping: Sequence[MappedHeader] = (),
    lang: Lang = "de",
    growth_texts: dict[str, dict[str, object]] | None = None,
    contacts: pd.DataFrame | None = None,
) -> Plan:
    """The whole result workbook. `raw_rows` are the input sheet's cells, copied unchanged;
    a contact log is carried along, so the result can be scored again next month."""
    header = [str(h) if h is not None else "" for h in raw_rows[0]] if raw_rows else []
    result = with_fragility(result)
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
    sheets = [
        kunden,
        *carried,
        scoring_sheet(result, lang),
        matrix_sheet(result, lang),
        growth_sheet(result, lang, growth_texts),
        lookup_sheet(result, lang),
        configuration_sheet(
            result.config,
            lang,
            result.config.reference_date(),
            result.effective_weights,
        ),
    ]
    # texts a cell cannot hold as they are (too long, characters no file carries): the
    # writers change them (book.cell_text), the check sheet says where and how
    changed = text_problems(sheets)
    return fit_header_rows(
        Plan(
            [
                *sheets,
                problems_sheet(
                    [*problems, *result.problems, *changed],
                    mapping,
                    len(result.scored),
                    lang,
                    result.config.reference_date(),
                ),
            ]
        )
    )


def scored_plan(read: ReadResult, config: Config, lang: Lang = "de") -> tuple[ScoreResult, Plan]:
    """Score a customer table as read and plan its result workbook: the growth-table texts
    edited in an earlier result are kept and set the planned contacts. What `score`, the
    merge's re-scoring and the demo share."""
    texts = edited_texts(read.growth_cells or [], config)
    result = score_portfolio(
        read.frame,
        config,
        sheet=read.sheet,
        contacts=read.contacts,
        planned_contacts=planned_contacts(texts),
    )
    plan = result_plan(
        result, read.raw, read.problems, read.mapping, lang, texts or None, read.contacts
    )
    return result, plan
