"""The comparison workbook of two scoring runs: migration matrices (segment, ABC class, phase),
risers and fallers in words, weight sensitivity. Pure plan data."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import pandas as pd

from kundenwert.book import style
from kundenwert.book.config_sheet import word
from kundenwert.book.geometry import (
    HEADER_FILL,
    col_letter,
    fit_columns,
    fit_header_rows,
    page_footer,
)
from kundenwert.book.labels import column_label, t
from kundenwert.book.plan import Block, Plan, Sheet, Table, Text, cell_value
from kundenwert.book.result_sheets import segment_fills
from kundenwert.language import Lang
from kundenwert.method.comparison import PHASE_ORDER
from kundenwert.method.config import Config


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
    fills = segment_fills(config, lang)
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
            **{col_letter(i): max(12.0, longest_name / HEADER_FILL + 2) for i in range(2, 8)},
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
