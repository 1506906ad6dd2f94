"""The causes of a customer's change, said in words ("Umsatz −18 %: −9,4 Punkte; andere
Kunden: −2,1; Modell: 0"), and counted per cell of a migration matrix."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from kundenwert.book.labels import column_label, t
from kundenwert.cells.columns import BY_KEY
from kundenwert.language import Lang
from kundenwert.method.causes import CAUSES, CauseSplit
from kundenwert.method.config import DERIVED_FACTORS, Config
from kundenwert.method.portfolio import SCORES

#: Parts smaller than this (score points) are not worth a word.
SMALL = 0.05
#: At most this many own figures are named per score, the largest first.
NAMED = 3


def number(v: float, lang: Lang = "de", digits: int = 1, sign: bool = False) -> str:
    """A number as the language writes it: German decimal comma and thousands dot, a true
    minus sign; zero without sign or decimals."""
    if round(v, digits) == 0:
        return "0"
    text = f"{abs(v):,.{digits}f}"
    if lang != "en":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if v < 0:
        return "−" + text
    return ("+" + text) if sign else text


def factor_name(key: str, lang: Lang = "de") -> str:
    """A factor's label; a custom factor column keeps its own name."""
    return column_label(key, lang) if key in BY_KEY or key in DERIVED_FACTORS else key


def cause_name(cause: object, lang: Lang = "de") -> str:
    """eigen / umfeld / modell in words; empty where no cause could be found."""
    return t(f"u.{cause}", lang) if cause in CAUSES else ""


def _change(old: float, new: float, rating: bool, lang: Lang) -> str:
    """How a figure changed: a rating step by step, money as a percentage."""
    if math.isnan(old) and math.isnan(new):
        return ""
    if math.isnan(old):
        return t("u.neu_erfasst", lang)
    if math.isnan(new):
        return t("u.fehlt_jetzt", lang)
    if old == new:
        return t("u.unveraendert", lang)
    if rating or old == 0:
        return f"{number(old, lang, 0)} → {number(new, lang, 0)}"
    return f"{number((new / old - 1) * 100, lang, 0, sign=True)} %"


def score_words(
    row: Mapping[Any, Any], score: str, factors: Sequence[str], ratings: set[str], lang: Lang
) -> str:
    """One score's change: its own figures named with their points, then the other
    customers and the model."""
    own = float(row[f"{score}_eigen"])
    if math.isnan(own):
        return t("u.nicht_bestimmbar", lang)
    items = []
    parts = [(c, float(row[f"{score}_eigen:{c}"])) for c in factors]
    for c, part in sorted(parts, key=lambda cp: -abs(cp[1]))[:NAMED]:
        if abs(part) < SMALL:
            continue
        change = _change(float(row[f"alt:{c}"]), float(row[f"neu:{c}"]), c in ratings, lang)
        points = f"{number(part, lang, sign=True)} {t('u.punkte', lang)}"
        items.append(f"{factor_name(c, lang)} {change}: {points}")
    if not items:
        items.append(f"{t('u.eigen', lang)}: {number(own, lang, sign=True)}")
    around = float(row[f"{score}_umfeld"])
    model = float(row[f"{score}_modell"])
    items.append(f"{t('u.umfeld', lang)}: {number(around, lang, sign=True)}")
    items.append(f"{t('u.modell', lang)}: {number(model, lang, sign=True)}")
    return "; ".join(items)


def cause_text(
    row: Mapping[Any, Any],
    split: CauseSplit,
    config: Config,
    lang: Lang = "de",
    abc_move: tuple[object, object] | None = None,
) -> str:
    """A customer's change in words: per score that moved, its parts; a crossed ABC cut-off
    with the revenue against it (`abc_move`: the classes shown, default the re-scored ones)."""
    ratings = {f.column for f in config.factors if f.method == "skala"}
    out = []
    for s in SCORES:
        delta = float(row[f"{s}_delta"])
        if math.isnan(delta) or abs(delta) < SMALL:
            continue
        head = f"{t(f'u.score.{s}', lang)} {number(delta, lang, sign=True)}"
        out.append(f"{head} = {score_words(row, s, split.factors[s], ratings, lang)}")
    edge = row.get("abc_grenze")
    if abc_move is None:  # the classes as re-scored
        abc_move = (row.get("abc_alt"), row.get("abc_neu"))
    if isinstance(edge, str):
        r0, r1 = float(row["umsatz_alt"]), float(row["umsatz_neu"])
        c0, c1 = float(row["abc_grenze_alt"]), float(row["abc_grenze_neu"])
        pct = f" ({number((r1 / r0 - 1) * 100, lang, 0, sign=True)} %)" if r0 > 0 else ""
        out.append(
            t("u.abc", lang).format(
                old=abc_move[0],
                new=abc_move[1],
                r0=number(r0, lang, 0),
                r1=number(r1, lang, 0),
                pct=pct,
                edge=edge,
                cause=cause_name(row.get("ursache_abc"), lang),
                c0=number(c0, lang, 0),
                c1=number(c1, lang, 0),
            )
        )
    return " · ".join(out) if out else t("u.keine", lang)


def cause_counts(
    joined: pd.DataFrame, causes: pd.Series, column: str, order: Sequence[str], lang: Lang = "de"
) -> pd.DataFrame:
    """Per cell of a migration matrix (old value row, new value column): how many customers
    moved for each cause, as 'own / portfolio / model' counts (empty on the diagonal)."""
    frame = pd.DataFrame(
        {
            "alt": joined[f"{column}_alt"].to_numpy(),
            "neu": joined[f"{column}_neu"].to_numpy(),
            "ursache": causes.reindex(joined["kunden_nr"]).to_numpy(),
        }
    )
    frame = frame[frame["alt"] != frame["neu"]]
    counts = frame.groupby(["alt", "neu", "ursache"]).size()
    rows = []
    for a in order:
        cells = []
        for b in order:
            if a == b:
                cells.append("")
                continue
            n = [int(counts.get((a, b, c), 0)) for c in CAUSES]
            moved = int(((frame["alt"] == a) & (frame["neu"] == b)).sum())
            text = " / ".join(map(str, n)) if moved else ""
            if moved > sum(n):  # moved in the stored results, no cause found on re-scoring
                text += "; " + t("u.offen", lang).format(n=moved - sum(n))
            cells.append(text)
        rows.append(cells)
    return pd.DataFrame(rows, index=list(order), columns=list(order))
