"""The comparison workbook of two scoring runs: migration matrices (segment, ABC class, phase),
risers and fallers in words, weight sensitivity. Pure plan data."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from kundenwert.book import style
from kundenwert.book.cause_words import cause_counts, cause_name, cause_text
from kundenwert.book.config_sheet import word
from kundenwert.book.geometry import (
    HEADER_FILL,
    col_letter,
    fit_columns,
    fit_header_rows,
    page_footer,
)
from kundenwert.book.labels import column_label, t
from kundenwert.book.plan import Block, Footer, Plan, Sheet, Table, Text, cell_value
from kundenwert.book.result_sheets import segment_fills
from kundenwert.language import Lang
from kundenwert.method.causes import CauseSplit
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
    causes: CauseSplit | None = None,
    joined: pd.DataFrame | None = None,
    left_out: Sequence[str] = (),
) -> Plan:
    """The comparison workbook: migration matrices of segment, ABC class and phase (a page
    each), risers and fallers in words, weight sensitivity. `reference` is the new run's
    reference date, printed in every footer. With the `causes` of the changes and the
    matched runs (`joined`, as match_runs gives them) every matrix is followed by its moves
    counted per leading cause, the movers say why in words, and a sheet lists every customer
    that changed class with its causes; `left_out` are customers whose causes stay empty
    (their result could not be re-scored as shown)."""
    labels: dict[str, str] = {str(k): v for k, v in config.segment_labels(lang).items()}
    phases = {k: t(f"phase.{k}", lang) for k in PHASE_ORDER}
    fills = segment_fills(config, lang)
    footer = page_footer(reference, lang)
    old_new = t("v.alt_neu", lang)

    def matrix_rows(m: pd.DataFrame, names: dict[str, str]) -> list[list[object]]:
        return [[names.get(str(i), str(i)), *[int(v) for v in m.loc[i]]] for i in m.index]

    matrices: list[tuple[str, pd.DataFrame, dict[str, str], dict[int, dict[str, str]], str]] = [
        ("v.segmente", migration_segments, labels, {0: fills}, "segment"),
        ("v.abc", migration_abc, {}, {0: style.ABC_COLOURS}, "abc"),
    ]
    if migration_phase is not None:
        matrices.append(("v.phase", migration_phase, phases, {}, "phase"))
    blocks: list[Block] = []
    breaks: list[int] = []
    longest_name = max(len(v) for v in [*labels.values(), *phases.values()])
    row = 1
    for title, m, names, value_fills, column in matrices:
        if row > 1:
            breaks.append(row - 1)  # each matrix starts a new printed page
        header = [old_new, *[names.get(str(c), str(c)) for c in m.columns]]
        blocks += [
            Text(f"A{row}", t(title, lang), bold=True, size=14),
            Table(
                f"A{row + 2}",
                header,
                matrix_rows(m, names),
                value_fills=value_fills,
                align={j: "center" for j in range(1, len(m.columns) + 1)},
            ),
        ]
        row += 2 + len(m.index) + 3
        if causes is not None and joined is not None:
            counts = cause_counts(
                joined, causes.table[f"ursache_{column}"], column, [str(c) for c in m.index], lang
            )
            blocks += [
                Text(f"A{row - 1}", t("v.nach_ursache", lang), italic=True),
                Table(
                    f"A{row}",
                    header,
                    [[names.get(str(i), str(i)), *counts.loc[i]] for i in counts.index],
                    value_fills=value_fills,
                    align={j: "center" for j in range(1, len(m.columns) + 1)},
                ),
            ]
            row += 1 + len(m.index) + 3
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

    skipped = set(left_out)
    table = causes.table if causes is not None else None

    def words(r: dict[Any, Any]) -> list[object]:
        """The cause column of one matched customer (nothing without causes)."""
        if causes is None or table is None:
            return []
        key = r["kunden_nr"]
        if key in skipped or key not in table.index:
            return [""]
        row = table.loc[key].to_dict()
        return [cause_text(row, causes, config, lang, (r["abc_alt"], r["abc_neu"]))]

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
                    *words(r),
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
    if causes is not None:
        mover_header.append(t("v.ursache", lang))
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
    sheets = [migration, movers, sens]
    if causes is not None and joined is not None:
        sheets.insert(
            2, _causes_sheet(causes, joined, config, lang, skipped, labels, phases, footer)
        )
    return fit_header_rows(Plan(sheets))


def _causes_sheet(
    causes: CauseSplit,
    joined: pd.DataFrame,
    config: Config,
    lang: Lang,
    skipped: set[str],
    labels: dict[str, str],
    phases: dict[str, str],
    footer: Footer,
) -> Sheet:
    """Every customer whose segment, ABC class or phase changed: the leading cause of each
    move, each score's change split over the three causes, and the whole in words; the
    largest changes first."""
    table = causes.table
    j = joined.set_index("kunden_nr")
    moved = (j["segment_alt"] != j["segment_neu"]) & ~(
        j["segment_alt"].isna() & j["segment_neu"].isna()
    )
    moved |= j["abc_alt"] != j["abc_neu"]
    if "phase_alt" in j:
        moved |= j["phase_alt"] != j["phase_neu"]
    ids = [i for i in j.index[moved.to_numpy()] if i in table.index]
    part = table.loc[ids]
    size = (part["ist_delta"].abs().fillna(0) + part["potenzial_delta"].abs().fillna(0)).to_numpy()
    order = sorted(range(len(ids)), key=lambda k: (-size[k], str(ids[k])))
    rows: list[list[object]] = []
    records = part.to_dict("index")

    def shown(v: object, names: dict[str, str] | None = None) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return "–"
        return names.get(str(v), str(v)) if names is not None else str(v)

    has_phase = "phase_alt" in j
    for k in order:
        key = ids[k]
        r, m = records[key], j.loc[key]
        gone = key in skipped
        row: list[object] = [
            key,
            cell_value(m.get("name_neu")),
            f"{shown(m['segment_alt'], labels)} → {shown(m['segment_neu'], labels)}",
            "" if gone else cause_name(r["ursache_segment"], lang),
            f"{shown(m['abc_alt'])} → {shown(m['abc_neu'])}",
            "" if gone else cause_name(r["ursache_abc"], lang),
        ]
        if has_phase:
            row += [
                f"{shown(m['phase_alt'], phases)} → {shown(m['phase_neu'], phases)}",
                "" if gone else cause_name(r["ursache_phase"], lang),
            ]
        for s in ("ist", "potenzial"):
            values = [r[f"{s}_delta"], r[f"{s}_eigen"], r[f"{s}_umfeld"], r[f"{s}_modell"]]
            row += [None] * 4 if gone else [cell_value(v) for v in values]
        words = cause_text(r, causes, config, lang, (m["abc_alt"], m["abc_neu"]))
        rows.append([*row, "" if gone else words])
    header = [
        column_label("kunden_nr", lang),
        column_label("name", lang),
        t("v.segment", lang),
        t("v.ursache_segment", lang),
        t("v.abc_wechsel", lang),
        t("v.ursache_abc", lang),
    ]
    if has_phase:
        header += [t("v.phase_wechsel", lang), t("v.ursache_phase", lang)]
    first = len(header)
    for s, delta in (("ist", "v.delta_ist"), ("potenzial", "v.delta_pot")):
        header.append(t(delta, lang))
        header += [
            t("v.teil", lang).format(score=t(f"u.score.{s}", lang), cause=t(f"u.{c}", lang))
            for c in ("eigen", "umfeld", "modell")
        ]
    header.append(t("v.ursache", lang))
    formats = {i: style.SCORE for i in range(first, first + 8)}
    widths, wrap = fit_columns(header, rows, number_formats=formats)
    blocks: list[Block] = [
        Text("A1", t("v.ursachen_titel", lang), bold=True, size=14),
        Text("A2", t("v.ursachen_hinweis", lang), italic=True),
    ]
    if skipped:
        listed = ", ".join(sorted(skipped)[:50])
        blocks.append(
            Text("A3", t("v.ursachen_abweichung", lang).format(n=len(skipped), ids=listed))
        )
    blocks.append(
        Table("A5", header, rows, number_formats=formats, wrap_columns=wrap, valign="top")
    )
    return Sheet(
        t("sheet.ursachen", lang),
        blocks,
        widths=widths,
        freeze="C6",
        landscape=True,
        fit_width=True,
        print_title_rows=(5, 5),
        footer=footer,
    )
