"""Every user-visible label of the output, German first, English second.

One table of (German, English) pairs; `t(key, lang)` picks one. Column headers of the input
table live in `columns.py`.
"""

from __future__ import annotations

from kundenwert.cells.columns import BY_KEY
from kundenwert.language import LANGS, Lang

__all__ = ["LANGS", "Lang", "column_label", "t", "t_all"]


LABELS: dict[str, tuple[str, str]] = {
    # sheets
    "sheet.kunden": ("Kunden", "Customers"),
    "sheet.bewertung": ("Bewertung", "Scoring"),
    "sheet.matrix": ("Matrix", "Matrix"),
    "sheet.wachstum": ("Wachstumstabelle", "Growth table"),
    "sheet.konfiguration": ("Konfiguration", "Configuration"),
    "sheet.pruef": ("Prüfprotokoll", "Check log"),
    "sheet.anleitung": ("Anleitung", "Instructions"),
    # scored table
    "ist_score": ("Ist-Score", "Current score"),
    "potenzial_score": ("Potenzial-Score", "Potential score"),
    "segment": ("Segment", "Segment"),
    "grenzfall": ("Grenzfall", "Borderline"),
    "abc": ("ABC", "ABC"),
    "phase": ("Phase", "Phase"),
    "db_nach_kosten": ("DB nach Betreuungskosten", "Contribution after cost-to-serve"),
    "clv": ("CLV", "CLV"),
    "ungenutztes_potenzial": ("Ungenutztes Potenzial", "Untapped potential"),
    "ausschoepfung": ("Ausschöpfung", "Share of wallet"),
    "datenabdeckung": ("Datenabdeckung", "Data coverage"),
    "beitrag": ("Beitrag", "Contribution"),
    "kontakte_12m": ("Kontakte 12 Monate", "Contacts 12 months"),
    "letzter_kontakt": ("Letzter Kontakt", "Last contact"),
    "ueberfaellig": ("Kontakt überfällig", "Contact overdue"),
    "zu_viele": ("Zu viele Kontakte", "Too many contacts"),
    "thema_wiederholt": ("Thema wiederholt", "Topic repeated"),
    "letzte_notiz": ("Letzte Notiz", "Latest note"),
    "sheet.auskunft": ("Kundenauskunft", "Customer lookup"),
    "a.eingabe": ("Kunden-Nr eingeben:", "Enter customer ID:"),
    "a.hinweis": (
        "Beim Anruf eines Kunden: Nummer eintragen, alles Weitere erscheint sofort.",
        "When a customer calls: enter the ID, everything else appears at once.",
    ),
    "a.unbekannt": ("unbekannt", "unknown"),
    "a.feld": ("Angabe", "Field"),
    "ja": ("ja", "yes"),
    "nein": ("nein", "no"),
    # phases
    "phase.neu": ("Neukunde", "New"),
    "phase.wachsend": ("Wachsend", "Growing"),
    "phase.stabil": ("Stabil", "Stable"),
    "phase.gefaehrdet": ("Gefährdet", "At risk"),
    "phase.ruhend": ("Ruhend", "Dormant"),
    "phase.unbekannt": ("Unbekannt", "Unknown"),
    # matrix sheet
    "matrix.title": (
        "Vier-Felder-Matrix: Ist-Zustand × Wachstumspotenzial",
        "Four-field matrix: current value × growth potential",
    ),
    "matrix.x": ("Ist-Score (Potenzialausschöpfung)", "Current score (exploitation)"),
    "matrix.y": ("Potenzial-Score (Wachstumspotenzial)", "Potential score (growth)"),
    "matrix.threshold_x": ("Schwelle Ist", "Threshold current"),
    "matrix.threshold_y": ("Schwelle Potenzial", "Threshold potential"),
    "matrix.count": ("Anzahl", "Customers"),
    "matrix.share": ("Anteil", "Share"),
    "matrix.revenue": ("Umsatz", "Revenue"),
    "matrix.value": ("Wert", "Value"),
    # growth table
    "g.segment": ("Segment", "Segment"),
    "g.ziele": ("Ziele", "Goals"),
    "g.massnahmen": ("Maßnahmen", "Measures"),
    "g.kontakte": ("Kontakte pro Jahr", "Contacts per year"),
    "g.paket": ("Servicepaket", "Service package"),
    "g.rolle": ("Verantwortlich", "Responsible"),
    "g.invest": ("Investition", "Investment"),
    "g.kunden": ("Kunden", "Customers"),
    "g.umsatz": ("Umsatz", "Revenue"),
    "g.potenzial": ("Potenzial", "Potential"),
    "g.ungenutzt": ("Ungenutztes Potenzial", "Untapped potential"),
    "g.anteil": ("Umsatzanteil", "Share of revenue"),
    "g.db": ("DB nach Betreuungskosten", "Contribution after cost-to-serve"),
    "g.verluste": ("davon Verluste (Z-Kunden)", "of which losses (Z customers)"),
    "g.saldo": ("Subventionssaldo", "Subsidy balance"),
    "g.gesamt": ("Gesamt", "Total"),
    "g.hinweis": (
        "Texte frei editierbar; Kennzahlen werden bei jedem Lauf neu berechnet. Subventionssaldo: "
        "positiv = das Segment trägt andere mit, negativ = es wird von anderen getragen.",
        "Texts are yours to edit; figures are recomputed on every run. Subsidy balance: "
        "positive = the segment carries others, negative = others carry it.",
    ),
    # check sheet
    "p.blatt": ("Blatt", "Sheet"),
    "p.zeile": ("Zeile", "Row"),
    "p.spalte": ("Spalte", "Column"),
    "p.kunde": ("Kunden-Nr", "Customer ID"),
    "p.wert": ("Wert", "Value"),
    "p.erwartet": ("Erwartet", "Expected"),
    "p.aktion": ("Maßnahme", "Action"),
    "p.keine": (
        "Keine Probleme gefunden: alle Zeilen wurden bewertet.",
        "No problems found: every row was scored.",
    ),
    "p.summary": (
        "{rows} Kunden bewertet, {problems} Hinweise.",
        "{rows} customers scored, {problems} findings.",
    ),
    "action.row_skipped": ("Zeile übersprungen", "row skipped"),
    "action.value_ignored": ("Wert ignoriert", "value ignored"),
    "action.value_converted": ("Wert umgerechnet", "value converted"),
    "action.factor_dropped": ("Faktor entfällt", "factor dropped"),
    "action.column_ignored": ("Spalte nicht verwendet", "column not used"),
    "action.column_mapped": ("Spalte zugeordnet", "column mapped"),
    "action.note": ("Hinweis", "note"),
    # comparison workbook
    "sheet.migration": ("Migration", "Migration"),
    "sheet.bewegung": ("Auf- und Absteiger", "Risers and fallers"),
    "sheet.sensitivitaet": ("Gewichtssensitivität", "Weight sensitivity"),
    "v.alt_neu": ("vorher ↓ / nachher →", "before ↓ / after →"),
    "v.segmente": ("Wanderung zwischen Segmenten", "Movement between segments"),
    "v.abc": ("Wanderung zwischen ABC-Klassen", "Movement between ABC classes"),
    "v.nur_alt": ("Nur im alten Lauf ({n}): {ids}", "Only in the old run ({n}): {ids}"),
    "v.nur_neu": ("Nur im neuen Lauf ({n}): {ids}", "Only in the new run ({n}): {ids}"),
    "v.aufsteiger": (
        "Aufsteiger (Summe beider Scores gestiegen)",
        "Risers (sum of both scores up)",
    ),
    "v.absteiger": (
        "Absteiger (Summe beider Scores gefallen)",
        "Fallers (sum of both scores down)",
    ),
    "v.segment_alt": ("Segment vorher", "Segment before"),
    "v.segment_neu": ("Segment nachher", "Segment after"),
    "v.ist_alt": ("Ist vorher", "Current before"),
    "v.ist_neu": ("Ist nachher", "Current after"),
    "v.delta_ist": ("Δ Ist", "Δ current"),
    "v.pot_alt": ("Potenzial vorher", "Potential before"),
    "v.pot_neu": ("Potenzial nachher", "Potential after"),
    "v.delta_pot": ("Δ Potenzial", "Δ potential"),
    "v.sens_titel": (
        "Wie stark hängen die Segmente an den Gewichten?",
        "How much do the segments depend on the weights?",
    ),
    "v.sens_hinweis": (
        "Anteil der Kunden, deren Segment wechselt, wenn ein Gewicht um 10 % steigt oder fällt "
        "(die übrigen Gewichte desselben Scores werden anteilig angepasst).",
        "Share of customers whose segment changes when one weight rises or falls by 10 % "
        "(the other weights of the same score are rescaled in proportion).",
    ),
    "v.plus": ("Segmentwechsel bei +10 %", "Segment changes at +10 %"),
    "v.minus": ("Segmentwechsel bei −10 %", "Segment changes at −10 %"),
    # merge report
    "sheet.zusammenfuehrung": ("Zusammenführung", "Merge report"),
    "m.arbeitsmappe": ("Arbeitsmappe", "Workbook"),
    "m.spalte": ("Spalte", "Column"),
    "m.wert_stamm": ("Wert im Stamm", "Master value"),
    "m.wert_mappe": ("Wert der Mappe", "Workbook value"),
    "m.ergebnis": ("Ergebnis", "Outcome"),
    "m.nichts": ("Keine Änderungen und keine Konflikte.", "No changes and no conflicts."),
    # configuration sheet
    "k.faktoren": ("Faktoren", "Factors"),
    "k.faktor": ("Faktor", "Factor"),
    "k.spalte": ("Spalte", "Column key"),
    "k.score": ("Score", "Score"),
    "k.gewicht": ("Gewicht %", "Weight %"),
    "k.richtung": ("Richtung", "Direction"),
    "k.methode": ("Normierung", "Normalisation"),
    "k.skala_min": ("Skala min", "Scale min"),
    "k.skala_max": ("Skala max", "Scale max"),
    "k.schwellen": ("Schwellen", "Thresholds"),
    "k.parameter": ("Parameter", "Parameters"),
    "k.schluessel": ("Schlüssel", "Key"),
    "k.wert": ("Wert", "Value"),
    "k.erklaerung": ("Bedeutung", "Meaning"),
    "k.segmente": ("Segmentnamen", "Segment names"),
    "k.segment": ("Segment", "Segment"),
    "k.name": ("Name", "Name"),
    "k.titel": ("Bewertungsmodell", "Scoring model"),
    "k.hinweis": (
        "Gewichte je Score ergeben 100 %. Richtung: hoch = mehr ist besser, niedrig = weniger ist "
        "besser. Normierung: rang, minmax, skala (Skala min/max), schwellen (z. B. 10; 50; 100).",
        "Weights per score add up to 100 %. Direction: hoch = higher is better, niedrig = lower "
        "is better. Normalisation: rang (rank), minmax, skala (scale min/max), schwellen "
        "(thresholds, e.g. 10; 50; 100).",
    ),
    # buttons: the Start sheet (xlwings Lite) and the ribbon tab (desktop)
    "button.bewerten": ("Bewerten", "Score"),
    "button.bewerten.info": (
        "Kunden bewerten: Bewertung und Prüfprotokoll schreiben",
        "Score the customers: write Scoring and Check log",
    ),
    "button.matrix": ("Matrix", "Matrix"),
    "button.matrix.info": ("Vier-Felder-Matrix zeichnen", "Draw the four-field matrix"),
    "button.wachstum": ("Wachstumstabelle", "Growth table"),
    "button.wachstum.info": (
        "Wachstumstabelle aktualisieren (eigene Texte bleiben)",
        "Refresh the growth table (your texts stay)",
    ),
    "button.pruefen": ("Prüfen", "Check"),
    "button.pruefen.info": (
        "Kundentabelle prüfen, ohne zu bewerten",
        "Check the customer table without scoring",
    ),
    "button.funktionen": ("Funktionen importieren", "Import functions"),
    "button.funktionen.info": (
        "Nur Windows: die Tabellenfunktionen (score, portfolio, …) in allen Arbeitsmappen "
        "verfügbar machen",
        "Windows only: make the worksheet functions (score, portfolio, …) available in every "
        "workbook",
    ),
    # order history (Auftragshistorie)
    "sheet.historie": ("Auftragshistorie", "Order history"),
    "datum": ("Datum", "Date"),
    "betrag": ("Betrag", "Amount"),
    "auftrag_nr": ("Auftrags-Nr", "Order no."),
    "menge": ("Menge", "Quantity"),
    "quelle_clv": ("Quelle CLV", "CLV source"),
    "quelle_abwanderung": ("Quelle Abwanderung", "Churn source"),
    "quelle.modell": ("Modell", "Model"),
    "quelle.betreuer": ("Betreuer", "Rep"),
    "quelle.formel": ("Formel", "Formula"),
    "auftraege_gesamt": ("Aufträge gesamt", "Orders in all"),
    "umsatz_gesamt": ("Umsatz gesamt", "Revenue in all"),
    "kauftage": ("Kauftage", "Purchase days"),
    "frequenz": ("Wiederkäufe (x)", "Repeat purchases (x)"),
    "recency": ("Erster bis letzter Kauf (Wochen)", "First to last purchase (weeks)"),
    "alter": ("Erster Kauf bis Stichtag (Wochen)", "First purchase to reference date (weeks)"),
    "bestellwert": ("Mittlerer Wiederkaufwert", "Mean repeat order value"),
    "marge_historie": ("Marge aus Zeilen", "Margin from lines"),
    "zeilen": ("Zeilen", "Lines"),
    "p_aktiv": ("P(aktiv)", "P(alive)"),
    "erwartete_auftraege": ("Erwartete Kauftage", "Expected purchase days"),
    "erwarteter_bestellwert": ("Erwarteter Bestellwert", "Expected order value"),
    "clv_modell": ("CLV (Modell)", "CLV (model)"),
    "h.titel": ("Auftragshistorie und Kaufmodell", "Order history and purchase model"),
    "h.stichtag": ("Stichtag", "Reference date"),
    "h.stichtag_standard": (
        "Tag nach dem letzten Auftrag, Standard",
        "day after the latest order, the default",
    ),
    "h.stichtag_gesetzt": ("vorgegeben", "given"),
    "h.hinweis": (
        "Je Kunde aus den Auftragszeilen bis zum Stichtag; Gutschriften mindern den Umsatz, "
        "mehrere Aufträge eines Tages sind ein Kauftag. Prognose für die nächsten {months} "
        "Monate nach BG/NBD (Kauftage, P(aktiv)) und Gamma-Gamma (Bestellwert); CLV = "
        "erwartete Kauftage × erwarteter Bestellwert × Marge über {years} Jahre, abgezinst.",
        "Per customer from the order lines up to the reference date; credits lower revenue, "
        "several orders on one day are one purchase day. Forecast for the next {months} "
        "months by BG/NBD (purchase days, P(alive)) and Gamma-Gamma (order value); CLV = "
        "expected purchase days × expected order value × margin over {years} years, "
        "discounted.",
    ),
    "h.modell": ("Modellschätzung", "Model fit"),
    "h.parameter": ("Parameter", "Parameter"),
    "h.wert": ("Wert", "Value"),
    "h.ll": ("Log-Likelihood (Summe)", "Log-likelihood (sum)"),
    "h.kunden": ("Kunden verwendet", "Customers used"),
    "h.wiederkaeufer": ("davon mit Wiederkauf", "of which repeat buyers"),
    "h.konvergiert": ("Konvergiert", "Converged"),
    "h.iterationen": ("Iterationen", "Iterations"),
    "h.warnungen": ("Warnungen", "Warnings"),
    "h.keine_warnung": ("keine", "none"),
    "h.kein_modell": ("nicht geschätzt", "not fitted"),
    "h.kalibrierung": (
        "Kalibrierung: vorhergesagte und tatsächliche Kauftage im Prüfzeitraum",
        "Calibration: predicted and actual purchase days in the holdout",
    ),
    "h.pruefzeitraum": ("Prüfzeitraum", "Holdout"),
    "h.vorhergesagt": ("vorhergesagt", "predicted"),
    "h.tatsaechlich": ("tatsächlich", "actual"),
    "h.gruppe": ("Wiederkäufe bis Prüfzeitraum", "Repeat purchases before holdout"),
    "h.keine_kalibrierung": (
        "Historie zu kurz für einen Prüfzeitraum (mindestens 12 Monate nötig).",
        "History too short for a holdout (at least 12 months needed).",
    ),
    "ribbon.gruppe": ("Kundenwert-Management", "Customer value management"),
    "ribbon.funktionen": ("Excel-Funktionen", "Excel functions"),
}


def t(key: str, lang: Lang = "de") -> str:
    """The label for `key` in the chosen language."""
    de, en = LABELS[key]
    return en if lang == "en" else de


def t_all(key: str) -> set[str]:
    """The label for `key` in every language: how a sheet or header is recognised in a
    workbook written in either."""
    return {t(key, lang) for lang in LANGS}


def column_label(key: str, lang: Lang = "de") -> str:
    """Header of an input, derived or result column."""
    if key in BY_KEY:
        col = BY_KEY[key]
        return col.en if lang == "en" else col.de
    return t(key, lang)
