"""The scoring model as data: factors, weights, thresholds, labels, cost rates.

Pydantic models with German defaults. The same model is written to and read from the
`Konfiguration` sheet, so a result workbook always carries the model that produced it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from kundenwert.language import Lang

Score = Literal["ist", "potenzial"]
Direction = Literal["hoch", "niedrig"]  # higher is better / lower is better
Method = Literal["minmax", "rang", "skala", "schwellen"]
ThresholdMethod = Literal["median", "mittelwert", "fest", "quantil"]
Segment = Literal["top", "stamm", "wachstum", "klein"]
SEGMENTS: tuple[Segment, ...] = ("top", "stamm", "wachstum", "klein")

#: Factors the core derives from the input columns before scoring (see portfolio.derive_factors).
DERIVED_FACTORS = ("db_nach_kosten", "clv", "ungenutztes_potenzial", "ausschoepfung")
#: The input columns a derived factor is computed from: what to add when it is missing
#: (contribution needs the contribution margin or the margin %, untapped potential the
#: potential estimate).
#: Where a run's Stichtag came from (labels msg.stichtag.<source>).
ReferenceSource = Literal["gesetzt", "heute", "auftraege"]

DERIVED_INPUTS: dict[str, tuple[str, ...]] = {
    "db_nach_kosten": ("deckungsbeitrag", "marge"),
    "clv": ("deckungsbeitrag", "marge"),
    "ungenutztes_potenzial": ("potenzial",),
    "ausschoepfung": ("potenzial",),
}


class Factor(BaseModel):
    """One scoring factor: which column, which score, how much, which way, how normalised."""

    column: str = Field(description="column key of the input table or a derived factor")
    score: Score
    weight: float = Field(ge=0, description="weight in percent of its score")
    direction: Direction = "hoch"
    method: Method = "rang"
    scale_min: float | None = None
    scale_max: float | None = None
    thresholds: list[float] = Field(default_factory=list)

    @model_validator(mode="after")
    def _method_needs(self) -> Factor:
        if self.method == "skala":
            if self.scale_min is None or self.scale_max is None:
                raise ValueError(
                    f"Faktor '{self.column}': Methode 'skala' braucht Skala min und max"
                )
            if self.scale_max <= self.scale_min:
                raise ValueError(
                    f"Faktor '{self.column}': Skala max muss größer als Skala min sein"
                )
        if self.method == "schwellen":
            if not self.thresholds:
                raise ValueError(f"Faktor '{self.column}': Methode 'schwellen' braucht Schwellen")
            if sorted(self.thresholds) != self.thresholds:
                raise ValueError(f"Faktor '{self.column}': Schwellen müssen aufsteigend sein")
        return self


class Threshold(BaseModel):
    """How the matrix threshold of one axis is found."""

    method: ThresholdMethod = "median"
    value: float | None = Field(default=None, description="fixed value (fest) or quantile 0–1")

    @model_validator(mode="after")
    def _value_needed(self) -> Threshold:
        if self.method == "fest" and (self.value is None or not 0 <= self.value <= 100):
            raise ValueError("Schwelle 'fest' braucht einen Wert zwischen 0 und 100")
        if self.method == "quantil" and (self.value is None or not 0 < self.value < 1):
            raise ValueError("Schwelle 'quantil' braucht einen Wert zwischen 0 und 1 (z. B. 0,6)")
        return self


LABEL_PRESETS: dict[str, dict[str, dict[Segment, str]]] = {
    "standard": {
        "de": {
            "top": "Topkunde",
            "stamm": "Stammkunde",
            "wachstum": "Wachstumskunde",
            "klein": "Kleinkunde",
        },
        "en": {
            "top": "Top customer",
            "stamm": "Core customer",
            "wachstum": "Growth customer",
            "klein": "Small customer",
        },
    },
    "premium": {
        "de": {
            "top": "Topkunde",
            "stamm": "Premiumkunde",
            "wachstum": "Entwicklungskunde",
            "klein": "Kleinkunde",
        },
        "en": {
            "top": "Top customer",
            "stamm": "Premium customer",
            "wachstum": "Development customer",
            "klein": "Small customer",
        },
    },
}


def default_factors() -> list[Factor]:
    """The default model: what a relationship yields today vs. what could still be gained."""
    rating = {"method": "skala", "scale_min": 1.0, "scale_max": 5.0}
    return [
        Factor(column="umsatz", score="ist", weight=30, method="rang"),
        Factor(column="db_nach_kosten", score="ist", weight=30, method="rang"),
        Factor(column="clv", score="ist", weight=15, method="rang"),
        Factor(column="wiederkaufrate", score="ist", weight=10, method="minmax"),
        Factor(column="kooperation", score="ist", weight=15, **rating),
        Factor(column="ungenutztes_potenzial", score="potenzial", weight=35, method="rang"),
        Factor(column="cross_selling", score="potenzial", weight=15, method="rang"),
        Factor(column="up_selling", score="potenzial", weight=10, method="rang"),
        Factor(column="image", score="potenzial", weight=5, **rating),
        Factor(column="multiplikator", score="potenzial", weight=5, **rating),
        Factor(column="referenz", score="potenzial", weight=10, **rating),
        Factor(
            column="abwanderung", score="potenzial", weight=20, direction="niedrig", method="minmax"
        ),
    ]


class Config(BaseModel):
    """Everything that decides a scoring run; defaults are the documented standard model."""

    factors: list[Factor] = Field(default_factory=default_factors)
    threshold_ist: Threshold = Field(default_factory=Threshold)
    threshold_potenzial: Threshold = Field(default_factory=Threshold)
    borderline: float = Field(default=2.0, ge=0, description="points around a threshold")
    labels: str = "standard"
    custom_labels: dict[Segment, str] | None = None
    abc_a: float = Field(default=0.80, gt=0, lt=1)
    abc_b: float = Field(default=0.95, gt=0, lt=1)
    cost_per_order: float = Field(default=60.0, ge=0)
    cost_per_visit: float = Field(default=250.0, ge=0)
    discount_rate: float = Field(default=0.08, ge=0, lt=1)
    clv_years: int = Field(default=5, ge=1, le=50)
    default_retention: float = Field(default=0.8, ge=0, le=1)
    growth_tolerance: float = Field(default=0.10, ge=0, lt=1)
    churn_high: float = Field(default=0.5, gt=0, le=1)
    o_to_c_after: int = Field(default=3, ge=1)
    stichtag: dt.date | None = None
    #: share of a score's weight its present factors must carry, else the score stays empty
    min_coverage: float = Field(default=0.5, ge=0, le=1)
    #: explicit column mapping: header in the file → column key (None: column not used)
    column_map: dict[str, str | None] = Field(default_factory=dict)
    #: fragile classes: the plausible error of a rep's estimate — money estimates (potential,
    #: cross- and up-selling) by this share up and down, a rating by this many steps
    fragile_share: float = Field(default=0.20, ge=0, lt=1)
    fragile_steps: float = Field(default=1.0, ge=0, le=4)
    # order history: the purchase-history model is used per customer from this much history on
    model_min_orders: int = Field(default=2, ge=2, description="purchase days at least")
    model_min_months: int = Field(default=6, ge=0, description="months since the first order")
    forecast_months: int = Field(default=12, ge=1, le=120, description="horizon of the forecast")
    #: order lines without any margin: the model CLV is in revenue terms unless this is set
    default_margin: float | None = Field(default=None, gt=0, le=1)

    @field_validator("labels")
    @classmethod
    def _known_preset(cls, v: str) -> str:
        if v not in LABEL_PRESETS:
            raise ValueError(f"unbekannte Bezeichnungen '{v}', erlaubt: {', '.join(LABEL_PRESETS)}")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> Config:
        if self.abc_b <= self.abc_a:
            raise ValueError("ABC: die B-Grenze muss über der A-Grenze liegen")
        for score in ("ist", "potenzial"):
            total = sum(f.weight for f in self.factors if f.score == score)
            if abs(total - 100) > 1e-6:
                raise ValueError(
                    f"Gewichte des Scores '{score}' ergeben {total:g} %, erwartet 100 %"
                )
        columns = [f.column for f in self.factors]
        if len(set(columns)) != len(columns):
            raise ValueError("jeder Faktor darf nur einmal vorkommen")
        return self

    def segment_labels(self, lang: Lang = "de") -> dict[Segment, str]:
        """The four quadrant names in the chosen language (custom names win)."""
        if self.custom_labels:
            return dict(self.custom_labels)
        return dict(LABEL_PRESETS[self.labels]["en" if lang == "en" else "de"])

    def reference_date(self) -> dt.date:
        """The date phases are measured from: the configured Stichtag, else today."""
        return self.stichtag or dt.date.today()
