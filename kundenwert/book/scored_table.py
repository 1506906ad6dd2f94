"""The scored table: the columns of the Bewertung sheet (source key and number format), their
headers and their body, labels translated. The result workbook's Bewertung sheet and the
KW.PORTFOLIO worksheet function show this same table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kundenwert.book import style
from kundenwert.book.cause_words import factor_name
from kundenwert.book.labels import column_label, t
from kundenwert.book.plan import Columns, cell_value
from kundenwert.language import Lang
from kundenwert.method.portfolio import CONTRIBUTION_PREFIX, ScoreResult
from kundenwert.method.purchase_history import SOURCE_MODEL_REVENUE


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
    OutColumn("haengt_an"),
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
    # what the segment hangs on: where the fragility was worked out (see with_fragility)
    base = [c for c in BASE_COLUMNS if c.key != "haengt_an" or c.key in result.scored]
    return [*base, *history, *contacts, *parts]


def scoring_header(result: ScoreResult, lang: Lang = "de") -> list[str]:
    """Display headers of the Bewertung table."""
    out = []
    weights = {c: w for parts in result.effective_weights.values() for c, w in parts.items()}
    on_revenue = "quelle_clv" in result.scored and bool(
        (result.scored["quelle_clv"] == SOURCE_MODEL_REVENUE).any()
    )
    for c in scoring_columns(result):
        if c.key == "clv" and on_revenue:
            out.append(t("clv_umsatz", lang))  # the model CLV without a margin
        elif c.key.startswith(CONTRIBUTION_PREFIX):
            # the factor's effective weight in this run is the legend of its points
            factor = c.key.removeprefix(CONTRIBUTION_PREFIX)
            share = weights.get(factor)
            weight = "" if share is None else f" ({share * 100:.0f}{'%' if lang == 'en' else ' %'})"
            out.append(f"{t('beitrag', lang)} {column_label(factor, lang)}{weight}")
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
    # the estimates a segment hangs on, named; an empty cell where it hangs on none
    translated["haengt_an"] = lambda v: (
        ", ".join(factor_name(k, lang) for k in str(v or "").split(",") if k) or None
    )
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
