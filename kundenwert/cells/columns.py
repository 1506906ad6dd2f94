"""The customer table's columns: internal keys, German/English headers and the header variants
real exports use. One place for every column name the project reads."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from kundenwert.language import Lang

Kind = Literal["id", "text", "date", "money", "count", "share", "rating"]


@dataclass(frozen=True)
class Column:
    """One input column: its key, headers in both languages, value kind and header variants."""

    key: str
    de: str
    en: str
    kind: Kind
    aliases: tuple[str, ...] = ()
    required: bool = False
    team_owned: bool = False  # filled in by the regional team, not the ERP


INPUT_COLUMNS: tuple[Column, ...] = (
    Column(
        "kunden_nr",
        "Kunden-Nr",
        "Customer ID",
        "id",
        (
            "kundennummer",
            "kd nr",
            "kdnr",
            "kundennr",
            "kunden id",
            "debitor",
            "debitorennummer",
            "customer no",
            "customer number",
            "id",
        ),
        required=True,
    ),
    Column(
        "name",
        "Name",
        "Name",
        "text",
        ("firma", "kunde", "kundenname", "firmenname", "company", "customer"),
    ),
    Column("region", "Region", "Region", "text", ("gebiet", "vertriebsgebiet", "territory")),
    Column(
        "betreuer",
        "Betreuer",
        "Sales rep",
        "text",
        (
            "aussendienst",
            "verkaeufer",
            "vertriebsmitarbeiter",
            "kundenbetreuer",
            "rep",
            "account manager",
        ),
    ),
    Column(
        "erstauftrag",
        "Erstauftrag",
        "First order",
        "date",
        ("kunde seit", "erster auftrag", "customer since", "first order date"),
    ),
    Column(
        "letzter_auftrag",
        "Letzter Auftrag",
        "Last order",
        "date",
        ("letzte bestellung", "last order date"),
    ),
    Column(
        "umsatz",
        "Umsatz",
        "Revenue",
        "money",
        ("umsatz aktuell", "nettoumsatz", "umsatz lfd jahr", "sales", "net revenue"),
        required=True,
    ),
    Column(
        "umsatz_vorjahr",
        "Umsatz Vorjahr",
        "Revenue previous year",
        "money",
        ("vorjahresumsatz", "umsatz vj", "revenue prior year", "previous revenue"),
    ),
    Column(
        "deckungsbeitrag",
        "Deckungsbeitrag",
        "Contribution margin",
        "money",
        ("db", "db i", "rohertrag", "contribution", "gross profit"),
    ),
    Column(
        "marge",
        "Marge %",
        "Margin %",
        "share",
        ("marge", "db quote", "db in prozent", "margin", "handelsspanne"),
    ),
    Column(
        "auftraege",
        "Aufträge",
        "Orders",
        "count",
        ("anzahl auftraege", "bestellungen", "anzahl bestellungen", "orders count"),
    ),
    Column(
        "besuche",
        "Besuche",
        "Visits",
        "count",
        ("anzahl besuche", "kontakte", "besuche kontakte", "visits contacts"),
    ),
    Column(
        "servicekosten",
        "Servicekosten",
        "Service cost",
        "money",
        ("sonstige servicekosten", "sonstige kosten", "other service cost"),
    ),
    Column(
        "potenzial",
        "Potenzial",
        "Potential",
        "money",
        ("umsatzpotenzial", "gesamtpotenzial", "gesamtbedarf", "wallet", "revenue potential"),
        team_owned=True,
    ),
    Column(
        "cross_selling",
        "Cross-Selling",
        "Cross-selling",
        "money",
        ("cross selling potenzial", "cross selling value"),
        team_owned=True,
    ),
    Column(
        "up_selling",
        "Up-Selling",
        "Up-selling",
        "money",
        ("up selling potenzial", "up selling value"),
        team_owned=True,
    ),
    Column(
        "wiederkaufrate",
        "Wiederkaufrate",
        "Repurchase rate",
        "share",
        ("wiederkaufquote", "repurchase", "retention"),
        team_owned=True,
    ),
    Column(
        "abwanderung",
        "Abwanderungsrisiko",
        "Churn risk",
        "share",
        ("abwanderungswahrscheinlichkeit", "churn", "churn probability"),
        team_owned=True,
    ),
    Column("image", "Image", "Image", "rating", ("imagewert", "image rating"), team_owned=True),
    Column(
        "multiplikator",
        "Multiplikatorwirkung",
        "Multiplier effect",
        "rating",
        ("multiplikator", "multiplier"),
        team_owned=True,
    ),
    Column(
        "referenz",
        "Referenzbereitschaft",
        "Referral willingness",
        "rating",
        ("referenz", "empfehlungsbereitschaft", "referral"),
        team_owned=True,
    ),
    Column(
        "kooperation",
        "Kooperation",
        "Cooperation",
        "rating",
        ("kooperationsbereitschaft", "loyalitaet", "kundentreue", "loyalty"),
        team_owned=True,
    ),
)

BY_KEY: dict[str, Column] = {c.key: c for c in INPUT_COLUMNS}
RATING_MIN, RATING_MAX = 1.0, 5.0


def header(key: str, lang: Lang = "de") -> str:
    """The header of a column (input or derived) in the chosen language."""
    col = BY_KEY[key]
    return col.en if lang == "en" else col.de


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def normalize_header(text: str) -> tuple[str, int | None]:
    """Reduce a header to comparable words and pull out a year, if any.

    "Umsatz 2025 (€)" -> ("umsatz", 2025); "Kd.-Nr." -> ("kd nr", None).
    """
    s = unicodedata.normalize("NFC", str(text)).strip().lower().translate(_UMLAUTS)
    year_match = _YEAR.search(s)
    year = int(year_match.group(0)) if year_match else None
    s = _YEAR.sub(" ", s)
    s = re.sub(r"\((?:€|eur|euro|%|in %|stk|anzahl|1-5|1–5)\)", " ", s)
    s = s.replace("%", " % ").replace("€", " ")
    s = re.sub(r"[^a-z0-9%]+", " ", s).strip()
    s = re.sub(r"\s+", " ", s)
    return s, year


def _variants(col: Column) -> set[str]:
    names = {col.key.replace("_", " "), col.de, col.en, *col.aliases}
    return {normalize_header(n)[0] for n in names} | {
        normalize_header(n)[0].replace(" %", "").strip() for n in names
    }


ALIAS_INDEX: dict[str, str] = {v: c.key for c in INPUT_COLUMNS for v in _variants(c)}


def match_header(text: str) -> tuple[str | None, int | None]:
    """The column key a header names (or None) and the year it carries."""
    norm, year = normalize_header(text)
    if not norm:
        return None, year
    key = ALIAS_INDEX.get(norm) or ALIAS_INDEX.get(norm.replace(" %", "").strip())
    return key, year
