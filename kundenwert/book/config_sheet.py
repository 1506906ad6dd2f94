"""The model as cells and back: the `Konfiguration` sheet (`configuration_sheet`) and reading
its tables into a `Config`.

The sheet holds three blocks, each a header row followed by rows: factors, parameters and
segment names. Keys (column keys, score/direction/method words) are stable German words in both
languages so a workbook switched to English reads back the same model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from kundenwert.book import style
from kundenwert.book.geometry import col_letter, page_footer, wrapped_height
from kundenwert.book.labels import column_label, t
from kundenwert.book.plan import Formula, Sheet, Table, Text, Validation
from kundenwert.errors import KundenwertError
from kundenwert.language import LANGS, Lang
from kundenwert.method.config import LABEL_PRESETS, SEGMENTS, Config, Factor, Threshold

FACTOR_KEYS = (
    "k.faktor",
    "k.spalte",
    "k.score",
    "k.gewicht",
    "k.richtung",
    "k.methode",
    "k.skala_min",
    "k.skala_max",
    "k.schwellen",
)

#: (key, German meaning, English meaning); the value comes from the Config field.
PARAMETERS: tuple[tuple[str, str, str], ...] = (
    (
        "schwelle_ist_methode",
        "Wie die Schwelle des Ist-Scores bestimmt wird (Auswahlliste)",
        "How the threshold of the current score is found (drop-down list)",
    ),
    (
        "schwelle_ist_wert",
        "Wert bei fest (0–100) oder Quantil (0–1)",
        "Value for fixed (0–100) or quantile (0–1)",
    ),
    (
        "schwelle_potenzial_methode",
        "Wie die Schwelle des Potenzial-Scores bestimmt wird (Auswahlliste)",
        "How the threshold of the potential score is found (drop-down list)",
    ),
    (
        "schwelle_potenzial_wert",
        "Wert bei fest (0–100) oder Quantil (0–1)",
        "Value for fixed (0–100) or quantile (0–1)",
    ),
    (
        "grenzfall_punkte",
        "Abstand zur Schwelle, ab dem ein Kunde als Grenzfall gilt",
        "Distance to a threshold that marks a customer as borderline",
    ),
    (
        "abc_a",
        "A-Kunden bis zu diesem kumulierten Umsatzanteil",
        "A customers up to this cumulative share of revenue",
    ),
    (
        "abc_b",
        "B-Kunden bis zu diesem kumulierten Umsatzanteil",
        "B customers up to this cumulative share of revenue",
    ),
    ("kosten_je_auftrag", "Betreuungskosten je Auftrag (€)", "Cost to serve per order (€)"),
    ("kosten_je_besuch", "Betreuungskosten je Besuch (€)", "Cost to serve per visit (€)"),
    ("zinssatz", "Kalkulationszins für den CLV", "Discount rate for the CLV"),
    ("clv_jahre", "Betrachtete Jahre für den CLV", "Years counted in the CLV"),
    (
        "bindungsrate_standard",
        "Bindungsrate, wenn weder Wiederkaufrate noch Abwanderungsrisiko bekannt sind",
        "Retention when neither repurchase rate nor churn risk is known",
    ),
    (
        "wachstum_toleranz",
        "Umsatzänderung, ab der ein Kunde wachsend oder gefährdet ist",
        "Revenue change beyond which a customer is growing or at risk",
    ),
    (
        "abwanderung_hoch",
        "Abwanderungsrisiko, ab dem ein Kunde gefährdet ist",
        "Churn risk from which a customer is at risk",
    ),
    (
        "o_zu_c_nach",
        "Erfolglose Entwicklungskontakte, nach denen ein O-Kunde zum C-Kunden wird",
        "Unsuccessful development contacts after which an O customer becomes C",
    ),
    ("stichtag", "Stichtag für Phasen (leer = heute)", "Reference date for phases (empty = today)"),
    (
        "modell_min_kauftage",
        "Auftragshistorie: Kauftage, ab denen CLV und Abwanderung aus dem Modell kommen",
        "Order history: purchase days from which CLV and churn come from the model",
    ),
    (
        "modell_min_monate",
        "Auftragshistorie: Monate seit dem Erstauftrag, ab denen das Modell gilt",
        "Order history: months since the first order from which the model applies",
    ),
    (
        "prognose_monate",
        "Auftragshistorie: Monate der Prognose erwarteter Aufträge",
        "Order history: months over which expected orders are forecast",
    ),
    (
        "bezeichnungen",
        "Namenssatz der Segmente: standard oder premium (eigene Namen unten)",
        "Set of segment names: standard or premium (own names below)",
    ),
    (
        "mindestabdeckung",
        "Anteil des Gewichts eines Scores in diesen Daten (ohne Faktoren, die kein Kunde hat), "
        "den die vorhandenen Faktoren eines Kunden mindestens tragen; darunter bleibt sein Score "
        "leer (zu wenige Daten)",
        "Share of a score's weight in this data (without factors no customer has) that a "
        "customer's factors must carry at least; below it its score stays empty (too little "
        "data)",
    ),
    (
        "fragil_anteil",
        "Plausibler Fehler geschätzter Geldwerte (Potenzial, Cross-/Up-Selling), auf und ab: "
        "ändert er das Segment, heißt es 'hängt an'",
        "Plausible error of estimated money values (potential, cross-/up-selling), up and "
        "down: where it changes the segment, the segment 'hangs on' it",
    ),
    (
        "fragil_stufen",
        "Plausibler Fehler einer Bewertung 1–5 in Stufen, auf und ab",
        "Plausible error of a 1–5 rating in steps, up and down",
    ),
    (
        "standardmarge",
        "Auftragshistorie ohne Marge: Marge für den Modell-CLV (leer = CLV auf Umsatzbasis)",
        "Order history without a margin: margin for the model CLV (empty = CLV on revenue)",
    ),
    (
        "stichtag_lauf",
        "Stichtag, mit dem dieses Ergebnis bewertet wurde (nur zur Information)",
        "Reference date this result was scored with (information only)",
    ),
)

#: The label shown for each parameter, (German, English); the reader also takes the key.
PARAMETER_LABELS: dict[str, tuple[str, str]] = {
    "schwelle_ist_methode": ("Schwelle Ist-Score: Methode", "Threshold current score: method"),
    "schwelle_ist_wert": ("Schwelle Ist-Score: Wert", "Threshold current score: value"),
    "schwelle_potenzial_methode": (
        "Schwelle Potenzial-Score: Methode",
        "Threshold potential score: method",
    ),
    "schwelle_potenzial_wert": (
        "Schwelle Potenzial-Score: Wert",
        "Threshold potential score: value",
    ),
    "grenzfall_punkte": ("Grenzfall-Abstand (Punkte)", "Borderline distance (points)"),
    "abc_a": ("ABC: Grenze A", "ABC: limit A"),
    "abc_b": ("ABC: Grenze B", "ABC: limit B"),
    "kosten_je_auftrag": ("Kosten je Auftrag", "Cost per order"),
    "kosten_je_besuch": ("Kosten je Besuch", "Cost per visit"),
    "zinssatz": ("Kalkulationszins", "Discount rate"),
    "clv_jahre": ("CLV-Jahre", "CLV years"),
    "bindungsrate_standard": ("Bindungsrate (Standard)", "Retention rate (default)"),
    "wachstum_toleranz": ("Toleranz Wachstum", "Growth tolerance"),
    "abwanderung_hoch": ("Abwanderungsrisiko hoch ab", "High churn risk from"),
    "o_zu_c_nach": ("O wird C nach Kontakten", "O becomes C after contacts"),
    "stichtag": ("Stichtag", "Reference date"),
    "bezeichnungen": ("Segmentnamen", "Segment names"),
    "mindestabdeckung": ("Mindestabdeckung je Score", "Minimum coverage per score"),
    "fragil_anteil": ("Schätzfehler Geldwerte", "Estimate error, money values"),
    "fragil_stufen": ("Schätzfehler Bewertungen (Stufen)", "Estimate error, ratings (steps)"),
    "stichtag_lauf": ("Stichtag dieses Ergebnisses", "Reference date of this result"),
    "modell_min_kauftage": ("Modell ab Kauftagen", "Model from purchase days"),
    "modell_min_monate": ("Modell ab Monaten", "Model from months"),
    "prognose_monate": ("Prognose in Monaten", "Forecast months"),
    "standardmarge": ("Standardmarge", "Default margin"),
}

#: The words shown for the model's values, (German, English) per key; the reader takes the key
#: and either word (any case), so a sheet written in one language reads back in the other.
VALUE_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "score": {"ist": ("Ist", "current"), "potenzial": ("Potenzial", "potential")},
    "direction": {"hoch": ("hoch", "higher"), "niedrig": ("niedrig", "lower")},
    "method": {
        "rang": ("Rang", "rank"),
        "minmax": ("Min-Max", "min-max"),
        "skala": ("Skala", "scale"),
        "schwellen": ("Schwellen", "thresholds"),
    },
    "threshold": {
        "median": ("Median", "median"),
        "mittelwert": ("Mittelwert", "mean"),
        "fest": ("fest", "fixed"),
        "quantil": ("Quantil", "quantile"),
    },
    "labels": {"standard": ("standard", "standard"), "premium": ("premium", "premium")},
    "segment": {
        "top": ("Ist hoch, Potenzial hoch", "current high, potential high"),
        "stamm": ("Ist hoch, Potenzial niedrig", "current high, potential low"),
        "wachstum": ("Ist niedrig, Potenzial hoch", "current low, potential high"),
        "klein": ("Ist niedrig, Potenzial niedrig", "current low, potential low"),
    },
}


def word(kind: str, key: str, lang: Lang = "de") -> str:
    """The word shown for a model value, e.g. word("method", "rang") → "Rang"."""
    de, en = VALUE_WORDS[kind][key]
    return en if lang == "en" else de


def words(kind: str, key: str) -> tuple[str, ...]:
    """Every spelling the reader takes for a model value: the key and both words."""
    return tuple(dict.fromkeys((key, *VALUE_WORDS[kind][key])))


def allowed(kind: str, lang: Lang = "de") -> str:
    """A drop-down list of the words of one kind, as a validation formula ('"a,b"')."""
    return '"' + ",".join(word(kind, k, lang) for k in VALUE_WORDS[kind]) + '"'


def _key(kind: str, value: object) -> str:
    """The key of a shown word (unknown words pass unchanged, for the model to reject)."""
    text = str(value).strip()
    for key in VALUE_WORDS[kind]:
        if text.lower() in {w.lower() for w in words(kind, key)}:
            return key
    return text


def _parameter_key(value: object) -> str:
    text = str(value).strip()
    for key, labels in PARAMETER_LABELS.items():
        if text.lower() in {key, *(label.lower() for label in labels)}:
            return key
    return text


_FIELD = {
    "grenzfall_punkte": "borderline",
    "abc_a": "abc_a",
    "abc_b": "abc_b",
    "kosten_je_auftrag": "cost_per_order",
    "kosten_je_besuch": "cost_per_visit",
    "zinssatz": "discount_rate",
    "clv_jahre": "clv_years",
    "bindungsrate_standard": "default_retention",
    "wachstum_toleranz": "growth_tolerance",
    "abwanderung_hoch": "churn_high",
    "o_zu_c_nach": "o_to_c_after",
    "stichtag": "stichtag",
    "modell_min_kauftage": "model_min_orders",
    "modell_min_monate": "model_min_months",
    "prognose_monate": "forecast_months",
    "bezeichnungen": "labels",
    "mindestabdeckung": "min_coverage",
    "fragil_anteil": "fragile_share",
    "fragil_stufen": "fragile_steps",
    "standardmarge": "default_margin",
}
#: Written by a scoring run, never read back as part of the model.
RUN_PARAMETERS = ("stichtag_lauf",)


@dataclass(frozen=True)
class ConfigLayout:
    """Where the Konfiguration sheet keeps each value, so native formulas can point at it."""

    factor_header_row: int
    param_header_row: int
    label_header_row: int

    @property
    def mapping_header_row(self) -> int:
        """The header of the column mapping table, below the segment names."""
        return self.label_header_row + len(SEGMENTS) + 2

    def weight_cell(self, index: int) -> str:
        """The weight of the index-th factor (column D)."""
        return f"$D${self.factor_header_row + 1 + index}"

    def param_cell(self, key: str) -> str:
        """The value cell of a parameter (column B)."""
        keys = [k for k, _, _ in PARAMETERS]
        return f"$B${self.param_header_row + 1 + keys.index(key)}"

    def label_cell(self, segment: str) -> str:
        """The shown name of a segment (column B)."""
        return f"$B${self.label_header_row + 1 + [str(s) for s in SEGMENTS].index(segment)}"


def config_layout(config: Config) -> ConfigLayout:
    """The sheet's layout for this model: factors from row 4, then parameters, then names."""
    param = 4 + len(config.factors) + 2
    return ConfigLayout(4, param, param + len(PARAMETERS) + 2)


def factor_header(lang: Lang = "de") -> list[str]:
    """Header row of the factor block."""
    return [t(k, lang) for k in FACTOR_KEYS]


#: The factor block's columns (0-based) that hold a model word, and its kind.
FACTOR_WORDS = {2: "score", 4: "direction", 5: "method"}


def factor_key(cell: object) -> str:
    """The factor column a "Spalte" cell names: its header in either language ("DB nach
    Betreuungskosten", "Cross-selling") or, as older workbooks wrote it, its key."""
    from kundenwert.cells.columns import INPUT_COLUMNS, compact, normalize_header
    from kundenwert.method.config import DERIVED_FACTORS

    text = str(cell).strip()
    keys = [*(c.key for c in INPUT_COLUMNS), *DERIVED_FACTORS]
    if text in keys:
        return text
    name = compact(normalize_header(text)[0])
    for key in keys:
        if any(compact(normalize_header(column_label(key, lang))[0]) == name for lang in LANGS):
            return key
    return text  # unknown: the model's validation names it


def factor_rows(config: Config, lang: Lang = "de") -> list[list[object]]:
    """One row per factor: label, column, score, weight, direction, method, scale, thresholds —
    the column as the header a controller sees (read back by factor_key), the score, direction
    and method in words."""
    return [
        [
            column_label(f.column, lang),
            column_label(f.column, lang),
            word("score", f.score, lang),
            f.weight,
            word("direction", f.direction, lang),
            word("method", f.method, lang),
            f.scale_min,
            f.scale_max,
            "; ".join(f"{v:g}" for v in f.thresholds) or None,
        ]
        for f in config.factors
    ]


#: Parameters whose value is a model word, and its kind.
PARAMETER_WORDS = {
    "schwelle_ist_methode": "threshold",
    "schwelle_potenzial_methode": "threshold",
    "bezeichnungen": "labels",
}


def parameter_rows(
    config: Config, lang: Lang = "de", run_date: dt.date | None = None
) -> list[list[object]]:
    """One row per parameter: label, value (model values in words), meaning (`run_date`: the
    reference date a result was scored with)."""
    values: dict[str, object] = {
        "schwelle_ist_methode": config.threshold_ist.method,
        "schwelle_ist_wert": config.threshold_ist.value,
        "schwelle_potenzial_methode": config.threshold_potenzial.method,
        "schwelle_potenzial_wert": config.threshold_potenzial.value,
    }
    values |= {key: getattr(config, name) for key, name in _FIELD.items()}
    values["stichtag_lauf"] = run_date
    for key, kind in PARAMETER_WORDS.items():
        values[key] = word(kind, str(values[key]), lang)
    return [
        [PARAMETER_LABELS[key][1 if lang == "en" else 0], values[key], en if lang == "en" else de]
        for key, de, en in PARAMETERS
    ]


def label_rows(config: Config, lang: Lang = "de") -> list[list[object]]:
    """One row per segment: its quadrant in words and the name shown."""
    names = config.segment_labels(lang)
    return [[word("segment", key, lang), names[key]] for key in SEGMENTS]


def mapping_header(lang: Lang = "de") -> list[str]:
    """Header row of the column mapping table."""
    return [t("k.zuordnung", lang), t("k.verwendet_als", lang)]


def mapping_rows(config: Config, lang: Lang = "de") -> list[list[object]]:
    """One row per explicit mapping: the header in the file and the column it is (empty: not
    used)."""
    return [
        [header, column_label(key, lang) if key else None]
        for header, key in config.column_map.items()
    ]


def mapping_entry(text: str, where: str) -> tuple[str, str | None]:
    """One mapping "Header in the file=Column" (the column as key, German or English header;
    empty or '-' = the column is not used)."""
    header, sep, target = str(text).partition("=")
    if not sep or not header.strip():
        raise KundenwertError(
            f"{where}: erwartet 'Überschrift in der Datei=Spalte', gefunden {text!r}"
        )
    return header.strip(), _target(target, where, _mapping_fields(), _field_key)


@dataclass(frozen=True)
class _Shown:
    de: str


def _line_only() -> list[str]:
    """The fields of a line table that are no customer column (Datum, Betrag, Auftrags-Nr, …)."""
    from kundenwert.cells.columns import BY_KEY
    from kundenwert.cells.line_table import line_keys

    return [k for k in line_keys() if k not in BY_KEY]


def _mapping_fields() -> list[Any]:
    """What a mapping may name: every customer column and every field of a line table."""
    from kundenwert.cells.columns import INPUT_COLUMNS

    return [*INPUT_COLUMNS, *(_Shown(t(k)) for k in _line_only())]


def _field_key(name: str) -> str | None:
    """The key a mapping's target names: a customer column (its key, header or a variant), else
    a field of a line table (its key, German or English name, or a header variant)."""
    from kundenwert.cells.columns import compact, key_for, normalize_header
    from kundenwert.cells.line_table import line_field

    key = key_for(name)
    if key is not None:
        return key
    text = name.strip()
    norm = compact(normalize_header(text)[0])
    for k in _line_only():
        if text == k or norm in {compact(normalize_header(t(k, lang))[0]) for lang in LANGS}:
            return k
    return line_field(text)


def _target(target: object, where: str, columns: Sequence[Any], key_for: Any) -> str | None:
    if _blank(target) or str(target).strip() == "-":
        return None
    key: str | None = key_for(str(target))
    if key is None:
        names = ", ".join(c.de for c in columns)
        raise KundenwertError(f"{where}: unbekannte Spalte {target!r}; erlaubt: {names}")
    return key


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _number(v: object, where: str) -> float | None:
    if _blank(v):
        return None
    if isinstance(v, bool):
        raise KundenwertError(f"{where}: Zahl erwartet, gefunden {v!r}")
    if isinstance(v, int | float):
        return float(v)
    try:
        return float(str(v).replace(",", "."))
    except ValueError:
        raise KundenwertError(f"{where}: Zahl erwartet, gefunden {v!r}") from None


#: Headers that start the parameter block: the label column's, and the key column's of older
#: sheets.
HEADERS = ("k.parameter", "k.schluessel")


def _blocks(rows: Sequence[Sequence[object]]) -> dict[str, tuple[int, list[Sequence[object]]]]:
    """Split the sheet into blocks: a block starts at a row whose first cell is a known header."""
    starts = {t("k.faktor", lang).lower(): "faktoren" for lang in ("de", "en")}
    starts |= {t(k, lang).lower(): "parameter" for k in HEADERS for lang in ("de", "en")}
    starts |= {"segment": "segmente"}
    starts |= {t("k.zuordnung", lang).lower(): "zuordnung" for lang in ("de", "en")}
    blocks: dict[str, tuple[int, list[Sequence[object]]]] = {}
    current: str | None = None
    for i, row in enumerate(rows):
        first = str(row[0]).strip().lower() if row and not _blank(row[0]) else ""
        if first in starts:
            current = starts[first]
            blocks[current] = (i + 1, [])
        elif current and any(not _blank(v) for v in row[: len(FACTOR_KEYS)]):
            # (cells right of the factor block, such as the weight totals, belong to no row)
            blocks[current][1].append(row)
        elif current:
            current = None
    return blocks


def config_from_rows(rows: Sequence[Sequence[object]], sheet: str = "Konfiguration") -> Config:
    """Read a model from the sheet's cells (a 2D list, first row = sheet row 1).

    Errors name the sheet, the row and what was expected.
    """
    blocks = _blocks(rows)
    if "faktoren" not in blocks:
        raise KundenwertError(
            f"Blatt '{sheet}': keine Faktorentabelle gefunden (Kopfzeile beginnend mit "
            f"'{t('k.faktor')}')"
        )
    header_row, factor_data = blocks["faktoren"]
    factors: list[Factor] = []
    for offset, r in enumerate(factor_data, start=1):
        where = f"Blatt '{sheet}', Zeile {header_row + offset}"
        cells = list(r) + [None] * (9 - len(r))
        try:
            thresholds = [
                float(x.replace(",", ".")) for x in str(cells[8] or "").split(";") if x.strip()
            ]
            factors.append(
                Factor(
                    column=factor_key(cells[1]),
                    score=_key("score", cells[2]),
                    weight=_number(cells[3], where + ", Gewicht") or 0.0,
                    direction=_key("direction", cells[4] or "hoch"),
                    method=_key("method", cells[5] or "rang"),
                    scale_min=_number(cells[6], where + ", Skala min"),
                    scale_max=_number(cells[7], where + ", Skala max"),
                    thresholds=thresholds,
                )
            )
        except (ValidationError, ValueError) as e:
            raise KundenwertError(f"{where}: {_reason(e)}") from None
    params: dict[str, Any] = {"factors": factors}
    if "parameter" in blocks:
        header_row, param_data = blocks["parameter"]
        raw = {
            _parameter_key(r[0]): (header_row + i, r[1] if len(r) > 1 else None)
            for i, r in enumerate(param_data, start=1)
        }
        for key, kind in PARAMETER_WORDS.items():
            if key in raw and not _blank(raw[key][1]):
                raw[key] = (raw[key][0], _key(kind, raw[key][1]))
        known = {k for k, _, _ in PARAMETERS}
        for key, (row_no, value) in raw.items():
            where = f"Blatt '{sheet}', Zeile {row_no}, Parameter '{key}'"
            if key not in known:
                raise KundenwertError(
                    f"{where}: unbekannter Parameter; erlaubt: "
                    + ", ".join(de for de, _ in PARAMETER_LABELS.values())
                )
            if _blank(value) or key in RUN_PARAMETERS:
                continue
            name = _FIELD.get(key)
            if name in ("stichtag", "default_margin") and value == 0:
                continue  # Office.js hands an empty cell over as 0; no date or margin is 0
            if name == "stichtag":
                params[name] = _date(value, where)
            elif name == "labels":
                params[name] = str(value).strip()
            elif name:
                params[name] = _number(value, where)
        for axis in ("ist", "potenzial"):
            method = raw.get(f"schwelle_{axis}_methode", (0, None))[1]
            value = raw.get(f"schwelle_{axis}_wert", (0, None))[1]
            if not _blank(method):
                where = f"Blatt '{sheet}', Parameter 'schwelle_{axis}'"
                try:
                    params[f"threshold_{axis}"] = Threshold(
                        method=str(method).strip(),
                        value=_number(value, where),
                    )
                except ValidationError as e:
                    raise KundenwertError(f"{where}: {_reason(e)}") from None
    if "segmente" in blocks:
        names = {_key("segment", r[0]): r[1] for r in blocks["segmente"][1] if len(r) > 1}
        custom = {k: str(v).strip() for k, v in names.items() if k in SEGMENTS and not _blank(v)}
        presets = [names for p in LABEL_PRESETS.values() for names in p.values()]
        if len(custom) == len(SEGMENTS) and custom not in presets:
            params["custom_labels"] = custom
    if "zuordnung" in blocks:
        header_row, mapping_data = blocks["zuordnung"]
        column_map: dict[str, str | None] = {}
        for offset, r in enumerate(mapping_data, start=1):
            where = f"Blatt '{sheet}', Zeile {header_row + offset}, {t('k.zuordnung')}"
            if _blank(r[0]):
                continue
            target = r[1] if len(r) > 1 else None
            column_map[str(r[0]).strip()] = _target(target, where, _mapping_fields(), _field_key)
        params["column_map"] = column_map
    try:
        return Config(**params)
    except ValidationError as e:
        raise KundenwertError(f"Blatt '{sheet}': {_reason(e)}") from None


def run_date_from_rows(rows: Sequence[Sequence[object]]) -> dt.date | None:
    """The reference date a result was scored with (parameter stichtag_lauf), if recorded."""
    blocks = _blocks(rows)
    for r in blocks.get("parameter", (0, []))[1]:
        if r and _parameter_key(r[0]) == "stichtag_lauf" and len(r) > 1 and not _blank(r[1]):
            return _date(r[1], "stichtag_lauf")
    return None


def _date(value: object, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise KundenwertError(f"{where}: Datum erwartet (TT.MM.JJJJ), gefunden {value!r}")


def _reason(e: Exception) -> str:
    if isinstance(e, ValidationError):
        return "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'Modell'}: {err['msg']}"
            for err in e.errors()
        )
    return str(e)


def configuration_sheet(
    config: Config,
    lang: Lang = "de",
    run_date: Any = None,
    effective: Mapping[str, Mapping[str, float]] | None = None,
) -> Sheet:
    """The model: factors (with the weight total per score beside them), parameters, segment
    names and the column mapping, readable back by book.config_sheet; model values in words,
    picked from lists. `run_date` records the reference date a result was scored with;
    `effective` (score → factor → share) the weights a run really used, shown beside each
    factor (a factor without data in that run: left out)."""
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
    used: list[Table] = []
    if effective is not None:
        shares = {c: w for parts in effective.values() for c, w in parts.items()}
        used.append(
            Table(
                f"N{layout.factor_header_row}",
                [t("k.gewicht_lauf", lang)],
                [
                    [shares[f.column] if f.column in shares else t("k.entfaellt", lang)]
                    for f in config.factors
                ],
                number_formats={0: style.PERCENT},
            )
        )
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
            *used,
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
            "M": 3,
            "N": 22,
        },
        row_heights=heights,
        validations=validations,
        landscape=True,
        fit_to_page=True,
        footer=page_footer(config.reference_date(), lang),
    )
