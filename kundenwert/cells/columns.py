"""The customer table's columns: internal keys, German/English headers and the header variants
real exports use. One place for every column name the project reads."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from kundenwert.cells.units import without_unit
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


# Header variants: the ERP/CRM field names seen in real exports (SAP, DATEV, Sage, Microsoft
# Dynamics, Salesforce reports, HubSpot exports) besides plain German and English. Matching
# ignores case, umlauts, spaces and punctuation, so "Debitor-Nr." and "debitornr" are one name.
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
            "kd nummer",
            "debitor",
            "debitor nr",
            "debitornummer",
            "debitorennummer",
            "debitoren nr",
            "debitorenkonto",
            "kundenkonto",
            "konto",
            "kontonummer",
            "geschaeftspartner",
            "geschaeftspartnernummer",
            "partnernummer",
            "customer no",
            "customer number",
            "customer id",
            "customer code",
            "account id",
            "account number",
            "company id",
            "record id",
            "no",
            "id",
        ),
        required=True,
    ),
    Column(
        "name",
        "Name",
        "Name",
        "text",
        (
            "firma",
            "kunde",
            "kundenname",
            "firmenname",
            "name 1",
            "debitorname",
            "debitorenname",
            "kurzbezeichnung",
            "unternehmen",
            "company",
            "company name",
            "customer",
            "customer name",
            "account name",
            "organisation",
            "organization",
        ),
    ),
    Column(
        "region",
        "Region",
        "Region",
        "text",
        (
            "gebiet",
            "vertriebsgebiet",
            "verkaufsgebiet",
            "verkaufsbuero",
            "vertriebsregion",
            "verkaufsregion",
            "bezirk",
            "niederlassung",
            "territory",
            "sales territory",
            "sales region",
            "sales office",
            "sales district",
            "area",
        ),
    ),
    Column(
        "betreuer",
        "Betreuer",
        "Sales rep",
        "text",
        (
            "aussendienst",
            "aussendienstmitarbeiter",
            "ad mitarbeiter",
            "vertreter",
            "verkaeufer",
            "vertriebsmitarbeiter",
            "vertriebsbeauftragter",
            "kundenbetreuer",
            "zustaendig",
            "key account manager",
            "rep",
            "sales rep",
            "salesperson",
            "sales person",
            "salesperson code",
            "account manager",
            "account owner",
            "company owner",
            "owner",
        ),
    ),
    Column(
        "erstauftrag",
        "Erstauftrag",
        "First order",
        "date",
        (
            "kunde seit",
            "erster auftrag",
            "erstbestellung",
            "erste rechnung",
            "customer since",
            "first order date",
            "first purchase date",
        ),
    ),
    Column(
        "letzter_auftrag",
        "Letzter Auftrag",
        "Last order",
        "date",
        (
            "letzte bestellung",
            "letzte rechnung",
            "letzter kauf",
            "letzte lieferung",
            "last order date",
            "last invoice date",
            "last purchase date",
        ),
    ),
    Column(
        "umsatz",
        "Umsatz",
        "Revenue",
        "money",
        (
            "umsatz aktuell",
            "nettoumsatz",
            "umsatz netto",
            "netto umsatz",
            "umsatz lfd jahr",
            "umsatz ist",
            "umsatzerloese",
            "erloese",
            "fakturierter umsatz",
            "sales",
            "net sales",
            "sales lcy",
            "sales amount",
            "net revenue",
            "turnover",
        ),
        required=True,
    ),
    Column(
        "umsatz_vorjahr",
        "Umsatz Vorjahr",
        "Revenue previous year",
        "money",
        (
            "vorjahresumsatz",
            "umsatz vj",
            "vorjahr",
            "nettoumsatz vorjahr",
            "umsatz netto vorjahr",
            "umsatz vorperiode",
            "revenue prior year",
            "previous revenue",
            "revenue last year",
            "sales previous year",
            "sales last year",
            "prior year sales",
        ),
    ),
    Column(
        "deckungsbeitrag",
        "Deckungsbeitrag",
        "Contribution margin",
        "money",
        (
            "db",
            "db 1",
            "db i",
            "deckungsbeitrag i",
            "deckungsbeitrag 1",
            "rohertrag",
            "rohgewinn",
            "bruttogewinn",
            "contribution",
            "gross profit",
            "profit lcy",
            "profit",
        ),
    ),
    Column(
        "marge",
        "Marge %",
        "Margin %",
        "share",
        (
            "marge",
            "db marge",
            "db quote",
            "db in prozent",
            "db %",
            "db 1 %",
            "marge in prozent",
            "rohertragsquote",
            "rohertrag %",
            "margin",
            "gross margin %",
            "profit %",
            "handelsspanne",
        ),
    ),
    Column(
        "auftraege",
        "Aufträge",
        "Orders",
        "count",
        (
            "anzahl auftraege",
            "auftragsanzahl",
            "anzahl belege",
            "belege",
            "anzahl rechnungen",
            "rechnungsanzahl",
            "rechnungen",
            "bestellungen",
            "anzahl bestellungen",
            "orders count",
            "order count",
            "number of orders",
            "no of orders",
            "number of invoices",
            "invoices",
        ),
    ),
    Column(
        "besuche",
        "Besuche",
        "Visits",
        "count",
        (
            "anzahl besuche",
            "besuchsanzahl",
            "kontakte",
            "anzahl kontakte",
            "besuche kontakte",
            "termine",
            "visits contacts",
            "number of visits",
        ),
    ),
    Column(
        "servicekosten",
        "Servicekosten",
        "Service cost",
        "money",
        (
            "sonstige servicekosten",
            "sonstige kosten",
            "betreuungskosten",
            "other service cost",
            "service costs",
            "cost to serve",
        ),
    ),
    Column(
        "potenzial",
        "Potenzial",
        "Potential",
        "money",
        (
            "umsatzpotenzial",
            "umsatzpotential",
            "kundenpotenzial",
            "kundenpotential",
            "marktpotenzial",
            "marktpotential",
            "gesamtpotenzial",
            "potential",
            "gesamtbedarf",
            "jahresbedarf",
            "einkaufsvolumen",
            "wallet",
            "revenue potential",
            "customer potential",
            "market potential",
        ),
        team_owned=True,
    ),
    Column(
        "cross_selling",
        "Cross-Selling",
        "Cross-selling",
        "money",
        ("cross selling potenzial", "cross selling potential", "cross selling value"),
        team_owned=True,
    ),
    Column(
        "up_selling",
        "Up-Selling",
        "Up-selling",
        "money",
        ("up selling potenzial", "up selling potential", "up selling value"),
        team_owned=True,
    ),
    Column(
        "wiederkaufrate",
        "Wiederkaufrate",
        "Repurchase rate",
        "share",
        ("wiederkaufquote", "repurchase", "retention", "retention rate"),
        team_owned=True,
    ),
    Column(
        "abwanderung",
        "Abwanderungsrisiko",
        "Churn risk",
        "share",
        ("abwanderungswahrscheinlichkeit", "churn", "churn probability", "churn rate"),
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

#: Headers of a currency column. It is no input of the method: its only use is the check that
#: the figures summed share one currency (customer_table.one_currency).
CURRENCY_HEADERS = (
    "waehrung",
    "whrg",
    "belegwaehrung",
    "waehrungscode",
    "currency",
    "currency code",
)
#: Headers that name the customer without saying number or name ("Kunde" in an SAP export
#: holds the number): the customer number where no column is named as one and the cells below
#: are numbers (see cells/grouped.py and line_table.line_header).
CUSTOMER_HEADERS = ("kunde", "customer", "auftraggeber", "regulierer", "sold to party", "partner")
RATING_MIN, RATING_MAX = 1.0, 5.0


def header(key: str, lang: Lang = "de") -> str:
    """The header of a column (input or derived) in the chosen language."""
    col = BY_KEY[key]
    return col.en if lang == "en" else col.de


#: A pivot table's value field ("Summe von Umsatz", "Sum of Revenue") names its column.
_PIVOT_SUM = re.compile(r"^(?:summe|sum)\s+(?:von|of)\s+")
#: A pivot table's count field ("Anzahl von Belegnr", "Count of Invoice No") counts orders
#: when what it counts is a document number.
_PIVOT_COUNT = re.compile(r"^(?:anzahl|count)\s+(?:von|of)\s+")
_COUNTED_DOCUMENTS = frozenset(
    (
        "beleg",
        "belege",
        "belegnr",
        "belegnummer",
        "auftrag",
        "auftragsnr",
        "auftragsnummer",
        "rechnung",
        "rechnungsnr",
        "rechnungsnummer",
        "bestellung",
        "bestellnr",
        "order",
        "orderid",
        "orderno",
        "ordernumber",
        "invoice",
        "invoiceno",
        "invoicenumber",
        "document",
        "documentno",
        "documentnumber",
    )
)
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def normalize_header(text: str) -> tuple[str, int | None]:
    """Reduce a header to comparable words and pull out a year, if any.

    "Umsatz 2025 (€)" -> ("umsatz", 2025); "Kd.-Nr." -> ("kd nr", None).
    """
    s = unicodedata.normalize("NFC", str(text)).strip().lower().translate(_UMLAUTS)
    s = _PIVOT_SUM.sub("", without_unit(s))  # "Summe von Umsatz (T€)" names the revenue
    year_match = _YEAR.search(s)
    year = int(year_match.group(0)) if year_match else None
    s = _YEAR.sub(" ", s)
    s = re.sub(r"\((?:€|eur|euro|%|in %|stk|anzahl|1-5|1–5)\)", " ", s)
    s = s.replace("%", " % ").replace("€", " ")
    s = re.sub(r"[^a-z0-9%]+", " ", s).strip()
    s = re.sub(r"\s+", " ", s)
    return s, year


def compact(norm: str) -> str:
    """A normalised header without spaces: "kd nr", "kdnr" and "Kd.-Nr." are one name."""
    return norm.replace(" ", "")


def _variants(col: Column) -> tuple[set[str], set[str]]:
    """The exact variants of a column's names, and the same without a percent sign."""
    names = {col.key.replace("_", " "), col.de, col.en, *col.aliases}
    exact = {compact(normalize_header(n)[0]) for n in names}
    return exact, {v.replace("%", "") for v in exact} - exact


def _alias_index() -> dict[str, str]:
    # exact names first: "DB %" (margin) must not take "DB" (contribution) by losing its sign
    index: dict[str, str] = {}
    variants = [(c.key, *_variants(c)) for c in INPUT_COLUMNS]
    for key, exact, _ in variants:
        for v in exact:
            index.setdefault(v, key)
    for key, _, stripped in variants:
        for v in stripped:
            index.setdefault(v, key)
    return index


ALIAS_INDEX: dict[str, str] = _alias_index()


def match_header(text: str) -> tuple[str | None, int | None]:
    """The column key a header names (or None) and the year it carries."""
    norm, year = normalize_header(text)
    if not norm:
        return None, year
    counted = _PIVOT_COUNT.match(norm)
    if counted:
        return ("auftraege" if compact(norm[counted.end() :]) in _COUNTED_DOCUMENTS else None), year
    name = compact(norm)
    key = ALIAS_INDEX.get(name) or ALIAS_INDEX.get(name.replace("%", ""))
    return key, year


def suggest(text: str) -> str | None:
    """The column key a header that matched nothing most likely means ("meinten Sie …?"), or
    None when no known name is close enough."""
    import difflib

    name = compact(normalize_header(text)[0])
    if len(name) < 3:
        return None
    close = difflib.get_close_matches(name, list(ALIAS_INDEX), n=1, cutoff=0.8)
    return ALIAS_INDEX[close[0]] if close else None


def key_for(name: str) -> str | None:
    """The column key that an explicit mapping's target names: a key ("region"), a German or
    English header ("Region", "Sales rep") or any known variant."""
    text = str(name).strip()
    if text in BY_KEY:
        return text
    return match_header(text)[0]


def is_currency_header(header: object) -> bool:
    """Whether a header names a currency column (see CURRENCY_HEADERS)."""
    return compact(normalize_header(str(header))[0]) in _CURRENCY_NAMES


_CURRENCY_NAMES = {compact(normalize_header(h)[0]) for h in CURRENCY_HEADERS}


#: Words in a header that suggest what it holds, for a proposed `--spalte` mapping; the best
#: first. Words of up to three letters count as whole words only ("nr", not "untaxed").
_HINTS: dict[str, tuple[str, ...]] = {
    "kunden_nr": (
        "kunde",
        "customer",
        "partner",
        "debitor",
        "client",
        "account",
        "konto",
        "nummer",
        "number",
        "nr",
        "no",
        "id",
    ),
    "umsatz": (
        "umsatz",
        "betrag",
        "amount",
        "revenue",
        "sales",
        "untaxed",
        "netto",
        "net",
        "wert",
        "value",
        "total",
        "summe",
        "montant",
        "importe",
    ),
    "datum": ("datum", "date", "tag", "day", "periode", "period"),
}
_HINTS["betrag"] = _HINTS["umsatz"]


def hinted(header: str, key: str) -> bool:
    """Whether a header's words suggest the column `key` (see _HINTS)."""
    return any(_hinted(header, hint) for hint in _HINTS.get(key, (key,)))


def _hinted(header: str, hint: str) -> bool:
    norm = normalize_header(header)[0]
    return hint in norm.split() if len(hint) <= 3 else hint in compact(norm)


def propose_mapping(free: Sequence[str], missing: Sequence[tuple[str, str]]) -> str:
    """`--spalte` options that map the file's own headers (`free`: those no column took) to the
    columns missing (`missing`: key and the name to write, "Umsatz"): for each the header
    whose words suggest it, else the first header left ("" when none is left). Every refusal
    for a missing column shows one, so the user can copy it."""
    left = list(free)
    parts = []
    for key, name in missing:
        pick = next(
            (h for hint in _HINTS.get(key, (key,)) for h in left if _hinted(h, hint)),
            left[0] if left else None,
        )
        if pick is None:
            continue  # no header left to propose: the column is to be added
        left.remove(pick)
        parts.append(f'--spalte "{pick}={name}"')
    return " ".join(parts)
