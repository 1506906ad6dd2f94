"""The empty master workbook: input table with checks, the model, short instructions."""

from __future__ import annotations

from kundenwert.book.geometry import fit_header_rows, page_footer, wrapped_height
from kundenwert.book.labels import t
from kundenwert.book.plan import Button, Formula, Plan, Sheet, Table, Text
from kundenwert.book.style import INPUT_FILL
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
            "Erstellen der Vorlage festgelegt. Formelspalten und Konfiguration sind ohne Kennwort "
            "geschützt (die Eingabespalten nicht): zum Ändern der Gewichte 'Überprüfen → "
            "Blattschutz aufheben'.",
            False,
        ),
        (
            "5. Bewerten: in Excel über die Schaltfläche 'Bewerten', oder auf der Kommandozeile: "
            "kundenwert score Vorlage.xlsx -o Ergebnis.xlsx",
            False,
        ),
        (
            "Fehlende Werte sind erlaubt. Ein Faktor, den kein Kunde hat (etwa Bewertungen, die "
            "ein ERP-Export nicht enthält), zählt in diesen Daten nicht mit: die übrigen Faktoren "
            "seines Scores tragen sein Gewicht anteilig (Blatt 'Konfiguration', Spalte 'Gewicht "
            "in diesen Daten'); ein Score darf auf einem Faktor beruhen. Fehlt einem Kunden ein "
            "Faktor, den andere haben, zählt er für diesen Kunden nicht, und die übrigen Gewichte "
            "werden hochgerechnet, aber nur, solange die vorhandenen Faktoren mindestens die "
            "'Mindestabdeckung je Score' (Standard 50 %) dieses Gewichts tragen. Darunter bleibt "
            "der Score leer, das Segment zeigt 'zu wenige Daten', und der Kunde fehlt in der "
            "Matrix; seine ABC-Klasse gilt trotzdem. "
            "Negativer Umsatz (mehr Gutschriften als Rechnungen) ergibt Z, ohne Vorjahresumsatz "
            "und Erstauftrag O.",
            False,
        ),
        (
            "Die Formeln rechnen nach denselben Regeln wie 'kundenwert score'. Nur das Programm "
            "kann: CLV und Abwanderung aus einer Auftragshistorie schätzen, O-Kunden nach "
            "erfolglosen Kontakten zu C machen, Summenzeilen und doppelte Kunden-Nr erkennen, "
            "Zahlen und Daten lesen, die als Text in den Zellen stehen, und alles im "
            "Prüfprotokoll melden. Zeilen ohne Kunden-Nr zählen auch hier nicht mit.",
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
            "is fixed when the template is made. Formula columns and configuration are protected "
            "without a password (the input columns are not): to change weights, use 'Review → "
            "Unprotect Sheet'.",
            False,
        ),
        (
            "5. Score: in Excel with the 'Score' button, or on the command line: "
            "kundenwert score template.xlsx -o result.xlsx",
            False,
        ),
        (
            "Missing values are allowed. A factor no customer has (such as ratings an ERP "
            "export does not contain) does not count in this data: the other factors of its "
            "score share its weight in proportion ('Configuration' sheet, column 'Weight in this "
            "data'); a score may rest on one factor. When a customer lacks a factor that others "
            "have, it does not count for that customer and the other weights are scaled up, but "
            "only while the factors present carry at least the 'Minimum coverage per score' of "
            "that weight (50 % by default). Below it the score stays empty, the segment says "
            "'too little data' and the customer is left out of the matrix; its ABC class still "
            "holds. Negative "
            "revenue (more credit notes than invoices) gives Z, or O without previous revenue "
            "and first order.",
            False,
        ),
        (
            "The formulas follow the same rules as 'kundenwert score'. Only the program can: "
            "estimate CLV and churn from an order history, turn O customers into C after "
            "unsuccessful contacts, recognise totals rows and duplicate customer IDs, read "
            "numbers and dates stored as text, and report everything in the check log. Rows "
            "without a customer ID do not count here either.",
            False,
        ),
    ],
}


def instructions_sheet(lang: Lang = "de", rows: int = 0) -> Sheet:
    """Short instructions for the controller and the regional teams: the steps, a legend of
    the input colour and, with `rows` prepared formula rows, a live check of that limit."""
    lines = _INSTRUCTIONS["en" if lang == "en" else "de"]
    blocks: list[Text | Table] = [
        Text(f"A{i + 1}", text, bold=bold, size=14 if bold else None, wrap=not bold)
        for i, (text, bold) in enumerate(lines)
    ]
    row = len(lines) + 2
    blocks.append(Text(f"A{row}", t("eingabe.legende", lang), fill=INPUT_FILL, wrap=True))
    heights = {
        i + 1: wrapped_height([text], {"A": _WIDTH}, (0,)) for i, (text, bold) in enumerate(lines)
    }
    heights[1] = 24.0
    if rows:
        table = t("sheet.kunden", lang)
        last = rows + 1
        # counts what was typed or pasted below the last formula row: those rows are not scored
        beyond = f"COUNTA('{table}'!$A${last + 1}:$A$1048576)"
        used = f"COUNTA('{table}'!$A$2:$A${last})"
        check = Formula(
            f'=IF({beyond}>0,"{t("grenze.ueber", lang)}"&{beyond},'
            f'"{t("grenze.ok", lang)}"&{used}&" / {rows}")',
            f"{t('grenze.ok', lang)}0 / {rows}",
        )
        blocks += [
            Text(f"A{row + 2}", t("grenze.text", lang).format(rows=rows, last=last), wrap=True),
            Table(
                f"A{row + 4}",
                [t("grenze.pruefung", lang)],
                [[check]],
                wrap_columns=(0,),
            ),
        ]
        heights[row + 2] = wrapped_height(
            [t("grenze.text", lang).format(rows=rows, last=last)], {"A": _WIDTH}, (0,)
        )
    return Sheet(
        t("sheet.anleitung", lang),
        list(blocks),
        widths={"A": _WIDTH},
        row_heights=heights,
        fit_to_page=True,
        footer=page_footer(None, lang),
    )


def guide_sheet(title: str, lines: list[str], lang: Lang = "de") -> Sheet:
    """A sheet of instructions: a title, lines that wrap within the page, and the legend of
    the input colour below them (team workbooks)."""
    blocks: list[Text | Table] = [Text("A1", title, bold=True, size=14)]
    blocks += [Text(f"A{i + 2}", line, wrap=True) for i, line in enumerate(lines)]
    row = len(lines) + 3
    blocks.append(Text(f"A{row}", t("eingabe.legende", lang), fill=INPUT_FILL, wrap=True))
    heights = {i + 2: wrapped_height([line], {"A": _WIDTH}, (0,)) for i, line in enumerate(lines)}
    return Sheet(
        t("sheet.anleitung", lang),
        list(blocks),
        widths={"A": _WIDTH},
        row_heights={1: 24.0, **heights},
        fit_to_page=True,
        footer=page_footer(None, lang),
    )


#: Width of the instructions' one column: a page upright. LibreOffice does not shrink a single
#: column that is wider than the page to fit it, it cuts it off.
_WIDTH = 72.0


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
        blocks += [
            Text(cell, f"▶ {label}", bold=True, valign="center"),
            Text(f"D{row}", t(f"{key}.info", lang), valign="center"),  # level with the button
        ]
        # wide enough for the longest label on one line, also in fonts wider than Calibri
        buttons.append(Button(cell, label, shape, width_cm=5.6))
        heights[row] = 27.0  # the shape (0.9 cm) fits its row
    return Sheet(
        "Start",
        list(blocks),
        widths={"A": 4, "B": 30, "C": 4, "D": 60},
        row_heights=heights,
        buttons=buttons,
        landscape=True,
        fit_to_page=True,
        footer=page_footer(None, lang),
    )


#: Customer rows the template prepares with live formulas and input checks.
LIVE_ROWS = 2000


def template_plan(config: Config | None = None, lang: Lang = "de") -> Plan:
    """The master template: Start, instructions, and the customer table whose native formulas
    compute scores, segment and ABC class from the Konfiguration sheet (see formulas.py)."""

    header: list[object] = [c.en if lang == "en" else c.de for c in INPUT_COLUMNS]
    live = live_plan([header], config, lang, prepared_rows=LIVE_ROWS, open_all=True)
    return fit_header_rows(
        Plan([start_sheet(lang), instructions_sheet(lang, LIVE_ROWS), *live.sheets])
    )
