"""Default texts of the growth table, one entry per segment and language.

They are starting points: the controller edits them in the workbook, and a refresh keeps the
edited texts (only the figures are recomputed).
"""

from __future__ import annotations

from typing import TypedDict


class GrowthTexts(TypedDict):
    """What the sales organisation plans for one segment."""

    ziele: str
    massnahmen: str
    kontakte: int
    paket: str
    rolle: str
    invest: str


#: The text columns of the growth table, in their order on the sheet.
TEXT_KEYS: tuple[str, ...] = tuple(GrowthTexts.__annotations__)

GROWTH_TEXTS: dict[str, dict[str, GrowthTexts]] = {
    "de": {
        "top": {
            "ziele": "Position als Erstlieferant halten und das verbleibende Potenzial heben",
            "massnahmen": "Gemeinsame Jahresplanung, Betreuungsplan mit festen Terminen, "
            "Cross- und Up-Selling, individuelle Zusatzleistungen",
            "kontakte": 24,
            "paket": "Exklusiv",
            "rolle": "Key-Account-Manager / Kundencoach",
            "invest": "hoch",
        },
        "wachstum": {
            "ziele": "Lieferanteil beim Kunden deutlich steigern",
            "massnahmen": "Regelmäßige Strategiegespräche, Bedarfsanalyse, gezielte Angebote "
            "für Cross- und Up-Selling, persönlicher Ansprechpartner",
            "kontakte": 12,
            "paket": "Exklusiv",
            "rolle": "Kundencoach / Außendienst",
            "invest": "hoch",
        },
        "stamm": {
            "ziele": "Umsatz und Deckungsbeitrag mit wenig Aufwand sichern",
            "massnahmen": "Feste Besuchsrhythmen, Rahmenverträge, Zufriedenheit prüfen, "
            "Abwanderungssignale früh erkennen",
            "kontakte": 6,
            "paket": "Basis plus",
            "rolle": "Außendienst",
            "invest": "mittel",
        },
        "klein": {
            "ziele": "Kosten der Betreuung senken, Kunden profitabel halten",
            "massnahmen": "Digitale und telefonische Betreuung, Listenpreise, "
            "Mindestbestellmengen, Onlineshop",
            "kontakte": 2,
            "paket": "Basis",
            "rolle": "Innendienst / digital",
            "invest": "niedrig",
        },
    },
    "en": {
        "top": {
            "ziele": "Stay first supplier and capture the remaining potential",
            "massnahmen": "Joint yearly planning, care plan with fixed dates, cross- and "
            "up-selling, individual extra services",
            "kontakte": 24,
            "paket": "Exclusive",
            "rolle": "Key account manager / customer coach",
            "invest": "high",
        },
        "wachstum": {
            "ziele": "Raise our share of the customer's demand markedly",
            "massnahmen": "Regular strategy meetings, needs analysis, targeted cross- and "
            "up-selling offers, a personal contact",
            "kontakte": 12,
            "paket": "Exclusive",
            "rolle": "Customer coach / field sales",
            "invest": "high",
        },
        "stamm": {
            "ziele": "Secure revenue and contribution with little effort",
            "massnahmen": "Fixed visit rhythm, framework contracts, satisfaction checks, "
            "watch for churn signals",
            "kontakte": 6,
            "paket": "Basic plus",
            "rolle": "Field sales",
            "invest": "medium",
        },
        "klein": {
            "ziele": "Lower the cost to serve, keep the customer profitable",
            "massnahmen": "Digital and phone service, list prices, minimum order quantities, "
            "web shop",
            "kontakte": 2,
            "paket": "Basic",
            "rolle": "Inside sales / digital",
            "invest": "low",
        },
    },
}
