"""The empty master workbook: input table with checks, the model, short instructions."""

from __future__ import annotations

from kundenwert.book.labels import t
from kundenwert.book.plan import Button, Plan, Sheet, Table, Text
from kundenwert.cells.columns import INPUT_COLUMNS
from kundenwert.language import Lang
from kundenwert.method.config import Config
from kundenwert.templates.formulas import live_plan

_INSTRUCTIONS = {
    "de": [
        ("So arbeiten Sie mit dieser Vorlage", True),
        (
            "1. Tragen Sie im Blatt 'Kunden' je Kunde eine Zeile ein oder fügen Sie einen "
            "ERP-Export ein. Pflicht sind Kunden-Nr und Umsatz.",
            False,
        ),
        (
            "2. Bewertungen (Image, Multiplikatorwirkung, Referenzbereitschaft, Kooperation) von 1 "
            "(schwach) bis 5 (stark) über die Auswahlliste eintragen.",
            False,
        ),
        (
            "3. Anteile (Marge, Wiederkaufrate, Abwanderungsrisiko) als Prozent oder Zahl "
            "zwischen 0 und 1 eintragen.",
            False,
        ),
        (
            "4. Gewichte, Schwellen und Kostensätze stehen im Blatt 'Konfiguration'; die Gewichte "
            "je Score müssen 100 % ergeben. Scores, Segment und ABC-Klasse rechnet die Mappe "
            "selbst mit Excel-Formeln, auch ohne Python; die Normierung je Faktor wird beim "
            "Erstellen der Vorlage festgelegt. Formeln und Konfiguration sind ohne Kennwort "
            "geschützt: zum Ändern der Gewichte 'Überprüfen → Blatt schützen' aufheben.",
            False,
        ),
        (
            "5. Bewerten: in Excel über die Schaltfläche 'Bewerten', oder auf der Kommandozeile: "
            "kundenwert score Vorlage.xlsx -o Ergebnis.xlsx",
            False,
        ),
        (
            "Fehlende Werte sind erlaubt: der Faktor zählt dann für diesen Kunden nicht, und die "
            "Datenabdeckung zeigt, wie vollständig die Bewertung ist.",
            False,
        ),
    ],
    "en": [
        ("How to use this template", True),
        (
            "1. Enter one row per customer in the 'Customers' sheet, or paste an ERP export. "
            "Customer ID and revenue are required.",
            False,
        ),
        (
            "2. Enter ratings (image, multiplier effect, referral willingness, cooperation) from "
            "1 (weak) to 5 (strong) with the drop-down list.",
            False,
        ),
        (
            "3. Enter shares (margin, repurchase rate, churn risk) as a percentage or a number "
            "between 0 and 1.",
            False,
        ),
        (
            "4. Weights, thresholds and cost rates are on the 'Configuration' sheet; the weights "
            "of each score must add up to 100 %. The workbook computes scores, segment and ABC "
            "class itself with Excel formulas, no Python needed; each factor's normalisation "
            "is fixed when the template is made. Formulas and configuration are protected "
            "without a password: to change weights, use 'Review → Unprotect Sheet'.",
            False,
        ),
        (
            "5. Score: in Excel with the 'Score' button, or on the command line: "
            "kundenwert score template.xlsx -o result.xlsx",
            False,
        ),
        (
            "Missing values are allowed: the factor then does not count for that customer, and "
            "the data coverage shows how complete the scoring is.",
            False,
        ),
    ],
}


def instructions_sheet(lang: Lang = "de") -> Sheet:
    """Short instructions for the controller and the regional teams."""
    lines = _INSTRUCTIONS["en" if lang == "en" else "de"]
    return Sheet(
        t("sheet.anleitung", lang),
        [
            Text(f"A{i + 1}", text, bold=bold, size=14 if bold else None)
            for i, (text, bold) in enumerate(lines)
        ],
        widths={"A": 120},
    )


#: (label key, cell, shape name) of the Start sheet's buttons; cell and shape are the ones named
#: in the scripts' `button=` options (addin/scripts.py).
BUTTONS = (
    ("button.bewerten", "B4", "btn_bewerten"),
    ("button.matrix", "B6", "btn_matrix"),
    ("button.wachstum", "B8", "btn_wachstum"),
    ("button.pruefen", "B10", "btn_pruefen"),
)


def start_sheet(lang: Lang = "de") -> Sheet:
    """The Start sheet: a button per script (xlwings Lite runs the script when its shape, which
    selects the cell below it, is clicked) and what each does."""
    de = lang != "en"
    blocks: list[Text | Table] = [
        Text("A1", "Kundenwert" if de else "Customer value", bold=True, size=16),
        Text(
            "A2",
            "Schaltflächen für xlwings Lite; auf dem Desktop im Menüband 'Kundenwert'."
            if de
            else "Buttons for xlwings Lite; on the desktop on the 'Kundenwert' ribbon tab.",
            italic=True,
        ),
    ]
    buttons, heights = [], {}
    for key, cell, shape in BUTTONS:
        row, label = int(cell[1:]), t(key, lang)
        # the cell keeps the label for programs that show no shapes
        blocks += [Text(cell, f"▶ {label}", bold=True), Text(f"D{row}", t(f"{key}.info", lang))]
        buttons.append(Button(cell, label, shape))
        heights[row] = 27.0  # the shape (0.9 cm) fits its row
    return Sheet(
        "Start",
        list(blocks),
        widths={"A": 4, "B": 24, "C": 4, "D": 60},
        row_heights=heights,
        buttons=buttons,
        landscape=True,
        fit_to_page=True,
    )


#: Customer rows the template prepares with live formulas and input checks.
LIVE_ROWS = 2000


def template_plan(config: Config | None = None, lang: Lang = "de") -> Plan:
    """The master template: Start, instructions, and the customer table whose native formulas
    compute scores, segment and ABC class from the Konfiguration sheet (see formulas.py)."""

    header: list[object] = [c.en if lang == "en" else c.de for c in INPUT_COLUMNS]
    live = live_plan([header], config, lang, prepared_rows=LIVE_ROWS)
    return Plan([start_sheet(lang), instructions_sheet(lang), *live.sheets])
