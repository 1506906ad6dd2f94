"""Every user-visible label of the output, German first, English second.

One table of (German, English) pairs; `t(key, lang)` picks one. Column headers of the input
table live in `columns.py`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kundenwert.cells.columns import (
    BY_KEY,
    RATING_MAX,
    RATING_MIN,
    hinted,
    match_header,
    propose_mapping,
)
from kundenwert.errors import MessageError, MissingColumnsError, Problem
from kundenwert.language import LANGS, Lang

__all__ = [
    "LANGS",
    "Lang",
    "column_label",
    "error_text",
    "expected_text",
    "headers_for",
    "message",
    "t",
    "t_all",
]


LABELS: dict[str, tuple[str, str]] = {
    # sheets
    "sheet.kunden": ("Kunden", "Customers"),
    "sheet.bewertung": ("Bewertung", "Scoring"),
    "sheet.matrix": ("Matrix", "Matrix"),
    "sheet.wachstum": ("Wachstumstabelle", "Growth table"),
    "sheet.konfiguration": ("Konfiguration", "Configuration"),
    "sheet.pruef": ("Prüfprotokoll", "Check log"),
    "sheet.anleitung": ("Anleitung", "Instructions"),
    # print layout: footer of every printed page (&P page, &N pages: Excel's codes)
    "druck.seite": ("Seite &P von &N", "Page &P of &N"),
    "druck.stichtag": ("Stichtag {date}", "Reference date {date}"),
    "grenze.text": (
        "Die Formeln reichen für {rows} Kunden (Zeilen 2 bis {last} im Blatt 'Kunden'). Weitere "
        "Zeilen rechnet die Mappe nicht; für größere Bestände 'kundenwert score' verwenden. "
        "Die Prüfung darunter meldet, wenn darunter etwas eingetragen ist.",
        "The formulas cover {rows} customers (rows 2 to {last} of the 'Customers' sheet). Rows "
        "beyond are not computed; for larger portfolios use 'kundenwert score'. The check "
        "below reports anything entered beyond them.",
    ),
    "grenze.pruefung": ("Prüfung Zeilenzahl", "Row limit check"),
    "grenze.ok": ("In Ordnung: belegt ", "OK: rows used "),
    "grenze.ueber": (
        "ACHTUNG: nicht berechnete Zeilen unterhalb der Formeln: ",
        "WARNING: rows below the formulas that are not computed: ",
    ),
    "eingabe.legende": (
        "Gelb hinterlegte Zellen sind für Ihre Eingaben offen; alle anderen rechnet die Mappe.",
        "Cells shaded yellow are open for your input; the workbook computes all others.",
    ),
    # scored table
    "ist_score": ("Ist-Score", "Current score"),
    "potenzial_score": ("Potenzial-Score", "Potential score"),
    "haengt_an": ("Segment hängt an", "Segment hangs on"),
    "segment": ("Segment", "Segment"),
    "grenzfall": ("Grenzfall", "Borderline"),
    "abc": ("ABC", "ABC"),
    "phase": ("Phase", "Phase"),
    "db_nach_kosten": ("DB nach Betreuungskosten", "Contribution after cost-to-serve"),
    "clv": ("CLV", "CLV"),
    "clv_umsatz": ("CLV (Umsatzbasis)", "CLV (revenue basis)"),
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
        "Beim Anruf eines Kunden: Nummer in die gelbe Zelle tippen oder aus der Liste wählen; "
        "alles Weitere erscheint sofort.",
        "When a customer calls: type the ID into the yellow cell or pick it from the list; "
        "everything else appears at once.",
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
    "matrix.fragil": ("Segment hängt an einer Schätzung", "Segment hangs on an estimate"),
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
    "p.ueberschrift": ("Überschrift in der Datei", "Header in the file"),
    "p.verwendet": ("verwendet als", "used as"),
    "p.hinweis": ("Hinweis", "Note"),
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
    "v.phase": ("Wanderung zwischen Phasen", "Movement between phases"),
    "v.segment": ("Segment vorher → nachher", "Segment before → after"),
    "v.abc_wechsel": ("ABC vorher → nachher", "ABC before → after"),
    "v.phase_wechsel": ("Phase vorher → nachher", "Phase before → after"),
    "v.umsatz": ("Umsatz (neu)", "Revenue (new)"),
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
    # causes of a change between two runs (the comparison workbook)
    "sheet.ursachen": ("Ursachen", "Causes"),
    "u.eigen": ("eigene Zahlen", "own figures"),
    "u.umfeld": ("andere Kunden", "other customers"),
    "u.modell": ("Modell", "model"),
    "u.punkte": ("Punkte", "points"),
    "u.score.ist": ("Ist", "Current"),
    "u.score.potenzial": ("Potenzial", "Potential"),
    "u.neu_erfasst": ("neu erfasst", "newly entered"),
    "u.fehlt_jetzt": ("fehlt jetzt", "now missing"),
    "u.unveraendert": ("unverändert", "unchanged"),
    "u.nicht_bestimmbar": (
        "nicht zerlegbar (in einem Zwischenschritt zu wenige Daten)",
        "cannot be split (too little data in one of the steps)",
    ),
    "u.keine": ("Scores unverändert", "scores unchanged"),
    "u.abc": (
        "ABC {old} → {new} ({cause}): Umsatz {r0} → {r1}{pct}, {edge}-Grenze {c0} → {c1}",
        "ABC {old} → {new} ({cause}): revenue {r0} → {r1}{pct}, {edge} cut-off {c0} → {c1}",
    ),
    "u.offen": ("{n} ohne Ursache", "{n} without cause"),
    "v.ursache": ("Ursache", "Cause"),
    "v.delta": ("Änderung", "Change"),
    "v.ursache_segment": ("Ursache Segmentwechsel", "Cause of segment move"),
    "v.ursache_abc": ("Ursache ABC-Wechsel", "Cause of ABC move"),
    "v.ursache_phase": ("Ursache Phasenwechsel", "Cause of phase move"),
    "v.teil": ("{score}: {cause}", "{score}: {cause}"),
    "v.nach_ursache": (
        "davon nach Hauptursache: eigene Zahlen / andere Kunden / Modell",
        "of which by leading cause: own figures / other customers / model",
    ),
    "v.ursachen_titel": ("Warum sich Kunden bewegt haben", "Why customers moved"),
    "v.ursachen_hinweis": (
        "Jede Score-Änderung ist auf drei Ursachen verteilt, die zusammen genau die Änderung "
        "ergeben: die eigenen Zahlen des Kunden, die anderen Kunden (sie bestimmen Ränge, "
        "Schwellen und ABC-Grenzen) und das Modell (Gewichte, Methoden, Regeln, Kostensätze). "
        "Jede Ursache ist im Mittel über alle Reihenfolgen bewertet (Shapley-Wert); die "
        "Hauptursache eines Wechsels ist die, die am stärksten über die Grenze geschoben hat.",
        "Each score change is split over three causes that add up exactly to the change: the "
        "customer's own figures, the other customers (they set ranks, thresholds and ABC "
        "cut-offs) and the model (weights, methods, rules, cost rates). Each cause is valued "
        "on average over every order of applying them (Shapley value); the leading cause of a "
        "move is the one that pushed furthest across the boundary.",
    ),
    "v.ursachen_abweichung": (
        "{n} Kunden ließen sich aus den Blättern 'Kunden' und 'Konfiguration' nicht genau so "
        "bewerten, wie ihr Ergebnis es zeigt (von Hand geändert?); ihre Ursachen bleiben leer: "
        "{ids}",
        "{n} customers could not be scored from the 'Customers' and 'Configuration' sheets "
        "exactly as their result shows (edited by hand?); their causes are left empty: {ids}",
    ),
    # merge report
    "sheet.zusammenfuehrung": ("Zusammenführung", "Merge report"),
    "m.arbeitsmappe": ("Arbeitsmappe", "Workbook"),
    "m.spalte": ("Spalte", "Column"),
    "m.wert_stamm": ("Wert im Stamm", "Master value"),
    "m.wert_mappe": ("Wert der Mappe", "Workbook value"),
    "m.ergebnis": ("Ergebnis", "Outcome"),
    "m.nichts": ("Keine Änderungen und keine Konflikte.", "No changes and no conflicts."),
    "m.nicht_uebernommen": (
        "ACHTUNG: {n} Arbeitsmappe(n) nicht zusammengeführt, nichts daraus übernommen: {names}",
        "ATTENTION: {n} workbook(s) not merged, nothing taken over from them: {names}",
    ),
    "m.neu_bewertet": (
        "neu bewertet: {sheets} aus den zusammengeführten Werten neu berechnet",
        "re-scored: {sheets} recomputed from the merged values",
    ),
    "m.veraltet": (
        "VERALTET: {sheets} nicht neu berechnet (--ohne-bewertung); bitte 'kundenwert score' "
        "auf dieser Mappe ausführen",
        "OUT OF DATE: {sheets} not recomputed (--ohne-bewertung); please run 'kundenwert "
        "score' on this workbook",
    ),
    "m.veraltet_zelle": (
        "VERALTET: Werte seit der Zusammenführung geändert; 'kundenwert score' ausführen",
        "OUT OF DATE: values changed by the merge; run 'kundenwert score'",
    ),
    # team workbook instructions (split)
    "team.ohne": ("(ohne)", "(none)"),
    "team.ohne_wert": ("(ohne {by})", "(no {by})"),
    "team.titel": ("So arbeiten Sie mit dieser Teammappe", "How to use this team workbook"),
    "team.fuer": ("Diese Teammappe gehört zu {by}:", "This team workbook belongs to {by}:"),
    "team.eingabe": (
        "1. Im Blatt 'Kunden' sind nur die Eingabespalten offen: Bewertungen (1 bis 5), "
        "Potenzial, Cross- und Up-Selling, Wiederkaufrate, Abwanderungsrisiko. "
        "ERP-Zahlen, Scores, Segment und ABC-Klasse sind geschützt und werden berechnet.",
        "1. On the 'Customers' sheet only the input columns are open: ratings (1 to 5), "
        "potential, cross- and up-selling, repurchase rate, churn risk. ERP figures, scores, "
        "segment and ABC class are protected and computed.",
    ),
    "team.bezug": (
        "2. Alle Scores, Ränge, Schwellen und ABC-Anteile beziehen sich auf das gesamte "
        "Kundenportfolio der Stammmappe ({n} Kunden) zum Stand der Aufteilung ({stand}), nicht nur "
        "auf die {m} Kunden dieser Mappe. Beim Aufteilen stimmen Scores, Segment und ABC-Klasse "
        "jedes Kunden mit der Stammmappe überein; ändern Sie eine Eingabe, wandert der Kunde "
        "innerhalb des Gesamtportfolios (die übrigen Kunden bleiben auf ihrem Stand).",
        "2. All scores, ranks, thresholds and ABC shares are relative to the whole customer "
        "portfolio of the master workbook ({n} customers) as it stood at the split ({stand}), "
        "not only to the {m} customers of this workbook. At the split, each customer's scores, "
        "segment and ABC class equal the master's; when you change an input, the customer moves "
        "within the whole portfolio (the other customers stay as they were).",
    ),
    "team.wachstum": (
        "3. Die Texte der Wachstumstabelle dürfen Sie ändern; die Zahlen dort zählen nur die "
        "Kunden dieser Mappe, mit ihren Segmenten im Gesamtportfolio.",
        "3. You may edit the texts of the growth table; its figures count only the customers of "
        "this workbook, with their segments in the whole portfolio.",
    ),
    "team.rueckgabe": (
        "4. Blätter nicht umbenennen und keine Zeilen löschen; die Mappe unter beliebigem Namen "
        "speichern und an das Vertriebscontrolling zurückgeben.",
        "4. Do not rename sheets or delete rows; save the workbook under any name and return it "
        "to sales controlling.",
    ),
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
    "k.zuordnung": ("Spaltenzuordnung", "Column mapping"),
    "k.verwendet_als": ("verwendet als", "used as"),
    "k.hinweis": (
        "Gewichte je Score ergeben 100 % (Summe rechts, rot wenn nicht). Score, Richtung und "
        "Normierung aus der Liste wählen: hoch = mehr ist besser, niedrig = weniger ist besser; "
        "Skala nutzt Skala min/max, Schwellen z. B. 10; 50; 100.",
        "Weights per score add up to 100 % (total on the right, red when not). Pick score, "
        "direction and normalisation from the list: higher = more is better, lower = less is "
        "better; scale uses scale min/max, thresholds e.g. 10; 50; 100.",
    ),
    "k.summe": ("Summe Gewichte", "Weight total"),
    "k.auswahl": ("Bitte einen Wert aus der Liste wählen.", "Please pick a value from the list."),
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
    "button.vergleichen": ("Vergleichen", "Compare"),
    "button.pruefen": ("Prüfen", "Check"),
    "button.pruefen.info": (
        "Kundentabelle prüfen, ohne zu bewerten",
        "Check the customer table without scoring",
    ),
    "script.lese": ("lese Kundentabelle …", "reading the customer table …"),
    "script.bewertet": ("{n} Kunden bewertet", "{n} customers scored"),
    "script.live_matrix": (
        "Diese Mappe zeichnet die Matrix selbst mit Formeln; nichts zu tun.",
        "This workbook draws the matrix itself with formulas; nothing to do.",
    ),
    "script.markiert": ("{n} Zellen markiert", "{n} cells marked"),
    "script.schreibe": ("schreibe {name} …", "writing {name} …"),
    "button.funktionen": ("Funktionen importieren", "Import functions"),
    "button.funktionen.info": (
        "Nur Windows: die Tabellenfunktionen (score, portfolio, …) in allen Arbeitsmappen "
        "verfügbar machen",
        "Windows only: make the worksheet functions (score, portfolio, …) available in every "
        "workbook",
    ),
    # reading real exports and scoring with gaps (messages of the check sheet and console;
    # arguments named *_cols are shown as the headers to look for or to add)
    "msg.text.gekuerzt": (
        "Text mit {length_count} Zeichen auf die {limit_count} Zeichen gekürzt, die eine "
        "Excel-Zelle fasst (hier der Anfang)",
        "text of {length_count} characters cut to the {limit_count} characters an Excel cell "
        "holds (its start shown here)",
    ),
    "msg.text.ersetzt": (
        "Zeichen, die keine Arbeitsmappe speichern kann (U+FFFE, U+FFFF oder ein Rest falscher "
        "Kodierung), durch \ufffd ersetzt",
        "characters no workbook can store (U+FFFE, U+FFFF or the rest of a wrong encoding) "
        "replaced by \ufffd",
    ),
    "msg.summenzeile": (
        "Kundenzeile; '{label}' ist eine Summenzeile",
        "a customer row; '{label}' marks a totals row",
    ),
    "msg.summe_der_zeilen": (
        "Kundenzeile; die Zahlen sind die Summe der Zeilen darüber (Summenzeile)",
        "a customer row; its figures are the sum of the rows above (totals row)",
    ),
    "msg.prozentpunkte": (
        "Anteil 0–1; als Prozentpunkte gelesen: {share:.4g}",
        "a share 0–1; read as percentage points: {share:.4g}",
    ),
    "msg.prozentpunkte_weitere": (
        "{n} weitere Zellen über 1 ebenso als Prozentpunkte gelesen (÷ 100)",
        "{n} more cells above 1 read as percentage points too (÷ 100)",
    ),
    "msg.umsatz_negativ": (
        "Umsatz ≥ 0; Gutschriften übersteigen die Rechnungen: Betrag bleibt, Kunde wird Z "
        "(ohne Vorgeschichte O)",
        "revenue ≥ 0; credits exceed invoices: amount kept, customer becomes Z (O without history)",
    ),
    "msg.spalte_unbekannt": ("eine bekannte Spaltenüberschrift", "a known column header"),
    "msg.spalte_unbekannt_vorschlag": (
        "eine bekannte Spaltenüberschrift — meinten Sie '{guess_cols}'? Sonst zuordnen: "
        '--spalte "{header}=Spalte" oder Tabelle Spaltenzuordnung auf Konfiguration',
        "a known column header — did you mean '{guess_cols}'? Else map it: "
        '--spalte "{header}=column" or the Column mapping table on Configuration',
    ),
    "msg.faktor_ohne_daten": (
        "Werte für {factor_cols} ({score_name}); der Faktor entfällt für alle Kunden",
        "values for {factor_cols} ({score_name}); the factor is left out for every customer",
    ),
    "msg.faktor_abgeleitet_ohne_daten": (
        "Werte für {factor_cols}, aus denen {factor_name} berechnet wird ({score_name}); der "
        "Faktor {factor_name} entfällt für alle Kunden",
        "values for {factor_cols}, from which {factor_name} is computed ({score_name}); the "
        "factor {factor_name} is left out for every customer",
    ),
    "msg.score_ohne_daten": (
        "{score_name}: keine Spalte mit Daten; zu wenige Daten für alle Kunden. Bitte Spalten "
        "ergänzen: {factor_cols}. Die Schätzungen der Teams mit 'kundenwert template' oder "
        "'kundenwert split' einsammeln.",
        "{score_name}: no column with data; too little data for every customer. Please add "
        "columns: {factor_cols}. Collect the teams' estimates with 'kundenwert template' or "
        "'kundenwert split'.",
    ),
    "msg.score_ein_faktor": (
        "{score_name} beruht in diesem Lauf auf einem einzigen Faktor ({factor_cols}), weil "
        "die übrigen Faktoren keine Daten haben",
        "{score_name} rests on a single factor in this run ({factor_cols}), because the other "
        "factors have no data",
    ),
    "msg.score_aus": ("{score_name} aus: {parts}", "{score_name} from: {parts}"),
    "msg.wenige_kunden": (
        "Nur {n} Kunden in der Matrix: Schwellen, Ränge und Segmente beruhen auf sehr wenigen "
        "Kunden und sagen wenig aus; mit dem ganzen Kundenstamm bewerten",
        "Only {n} customers in the matrix: thresholds, ranks and segments rest on very few "
        "customers and mean little; score the whole customer base",
    ),
    "matrix.score_fehlt": (
        "Keine Matrix: der {score_name} hat keine Daten.",
        "No matrix: the {score_name} has no data.",
    ),
    "matrix.spalten_ergaenzen": (
        "Bitte Spalten ergänzen: {cols}.",
        "Please add columns: {cols}.",
    ),
    "matrix.so_sammeln": (
        "So geht es: 'kundenwert split' gibt jedem Team seine Kunden mit offenen\n"
        "Spalten für Potenzial und Bewertungen; die zurückgegebenen Mappen führt\n"
        "'kundenwert merge' zusammen. Oder die Spalten in 'kundenwert template' füllen.",
        "How: 'kundenwert split' gives each team its customers with open columns\n"
        "for potential and ratings; 'kundenwert merge' brings the returned workbooks\n"
        "together. Or fill the columns in 'kundenwert template'.",
    ),
    "matrix.wenige_kunden": (
        "Nur {n} Kunden in der Matrix: Schwellen und Ränge beruhen\n"
        "auf sehr wenigen Kunden und sagen wenig aus.",
        "Only {n} customers in the matrix: thresholds and ranks rest\n"
        "on very few customers and mean little.",
    ),
    "k.gewicht_lauf": ("Gewicht in diesem Lauf", "Weight in this run"),
    "k.entfaellt": ("entfällt (keine Daten)", "left out (no data)"),
    "msg.zu_wenige_daten": (
        "{score_name}: zu wenige Daten ({coverage} des Gewichts, mindestens {minimum}); "
        "fehlt: {factor_cols}. Score, Segment und Matrixpunkt bleiben leer",
        "{score_name}: too little data ({coverage} of the weight, at least {minimum}); "
        "missing: {factor_cols}. Score, segment and matrix point stay empty",
    ),
    "msg.stichtag": (
        "Stichtag {date:%d.%m.%Y} ({source}): Phasen, Neukunden (O) und ruhende Kunden beziehen "
        "sich auf diesen Tag",
        "reference date {date:%Y-%m-%d} ({source}): phases, new (O) and dormant customers are "
        "measured from this day",
    ),
    "msg.stichtag.gesetzt": ("festgelegt", "set"),
    "msg.stichtag.heute": ("heute, nicht festgelegt", "today, not set"),
    "msg.stichtag.auftraege": ("Tag nach dem letzten Auftrag", "the day after the latest order"),
    "msg.oder": ("oder", "or"),
    "msg.o.spaeter": (
        "Zeilen bis zum Stichtag {day} ({n} spätere Zeilen nicht verwendet)",
        "lines up to the reference date {day} ({n} later lines not used)",
    ),
    "msg.o.vorjahr_leer": (
        "Zeilen ab {day} (Beginn des Vorjahreszeitraums); Umsatz Vorjahr bleibt leer",
        "lines from {day} on (start of the previous year's period); previous year's revenue "
        "stays empty",
    ),
    "msg.o.kurze_historie": (
        "Historie von mindestens {orders} Kauftagen und {months} Monaten: {n} Kunden mit "
        "kürzerer Historie behalten CLV nach der einfachen Formel",
        "a history of at least {orders} purchase days and {months} months: {n} customers with "
        "a shorter history keep the CLV of the simple formula",
    ),
    "msg.o.ohne_marge": (
        "Marge oder Deckungsbeitrag je Kunde: {n} Kunden ohne, ihr CLV kommt nicht aus dem Modell",
        "a margin or contribution per customer: {n} customers without one, their CLV does not "
        "come from the model",
    ),
    "msg.o.aus_zeilen": (
        "Werte aus den Auftragszeilen (die Spalten des Kundenblatts werden dafür nicht verwendet)",
        "values from the order lines (the customer sheet's columns are not used for them)",
    ),
    "msg.o.ohne_zeilen": (
        "Auftragszeilen je Kunde: {n} Kunden des Kundenblatts ohne Zeilen bis zum Stichtag, "
        "behalten (Umsatz 0): {ids}",
        "order lines per customer: {n} customers of the customer sheet without lines up to the "
        "reference date, kept (revenue 0): {ids}",
    ),
    "msg.o.nur_in_zeilen": (
        "Kunden im Kundenblatt: {n} Kunden nur in den Auftragszeilen, aus den Zeilen "
        "aufgenommen (Name, Region, Betreuer aus der letzten Zeile): {ids}",
        "customers on the customer sheet: {n} customers only in the order lines, added from "
        "the lines (name, region, rep from the latest line): {ids}",
    ),
    "msg.o.neu_unbelegt": (
        "Die Auftragshistorie beginnt am {day}, innerhalb der letzten 12 Monate: ob ein Kunde "
        "vorher schon gekauft hat, zeigen die Daten nicht. Niemand wird deshalb als Neukunde (O) "
        "eingestuft; ABC gilt für alle",
        "the order history starts on {day}, within the last 12 months: the data cannot show "
        "whether a customer bought before. Nobody is classed as new (O) for that reason; ABC "
        "applies to all",
    ),
    "msg.o.clv_umsatzbasis": (
        "Marge oder Deckungsbeitrag; keine Zeile und kein Kunde hat eine: der Modell-CLV ist "
        "auf Umsatzbasis berechnet ('CLV (Umsatzbasis)'), seine Rangfolge gleicht der mit "
        "einer einheitlichen Marge. Eine Standardmarge auf Konfiguration macht daraus einen "
        "Deckungsbeitrags-CLV",
        "a margin or contribution; no line and no customer has one: the model CLV is computed "
        "on revenue ('CLV (revenue basis)'), ranked as with any uniform margin. A default margin "
        "on Configuration turns it into a contribution CLV",
    ),
    "msg.o.clv_standardmarge": (
        "Marge oder Deckungsbeitrag; keine Zeile und kein Kunde hat eine: der Modell-CLV nutzt "
        "die Standardmarge {margin} von Konfiguration",
        "a margin or contribution; no line and no customer has one: the model CLV uses the "
        "default margin {margin} from Configuration",
    ),
    "msg.o.wiederkaufrate": (
        "Wiederkaufrate aus der Auftragshistorie: Anteil der letzten vier Quartale vor dem "
        "Stichtag mit einem Auftrag (nur Quartale, die die Daten abdecken); eine Wiederkaufrate "
        "des Kundenblatts geht vor",
        "repurchase rate from the order history: share of the last four quarters before the "
        "reference date with an order (only quarters the data cover); a repurchase rate on the "
        "customer sheet wins",
    ),
    "msg.o.nr_ohne_nullen": (
        "Kunden-Nr wie im Kundenblatt; '{found}' aus den Auftragszeilen gleicht der Nummer des "
        "Kundenblatts ohne führende Nullen (eindeutig) und wird ihr zugeordnet",
        "customer number as on the customer sheet; '{found}' of the order lines equals the "
        "sheet's number without leading zeros (uniquely) and is joined to it",
    ),
    "exp.date.tt": ("Datum (TT.MM.JJJJ)", "a date (DD.MM.YYYY)"),
    "exp.zahl": ("Zahl", "a number"),
    "exp.leer": ("{column_cols} (leer)", "{column_cols} (empty)"),
    "exp.betrag_zahl": ("Betrag (Zahl)", "an amount (a number)"),
    "exp.anteil": ("Anteil 0–1", "a share 0–1"),
    "exp.waehrung": (
        "Betrag in {main}, der Währung der meisten Zeilen (nicht umgerechnet)",
        "an amount in {main}, the currency of most lines (not converted)",
    ),
    "exp.belegart": (
        "eine Rechnung oder Gutschrift (Zahlungen, Erstattungen, Zinsen und Mahnungen sind "
        "kein Umsatz)",
        "an invoice or credit memo (payments, refunds, interest and reminders are no sales)",
    ),
    "exp.status": (
        "eine gültige Zeile (stornierte Zeilen und verlorene Chancen sind kein Umsatz)",
        "a valid line (cancelled lines and lost opportunities are no sales)",
    ),
    "exp.waehrung_kunde": (
        "Beträge in {main}, der Währung der meisten Kunden (nicht umgerechnet)",
        "figures in {main}, the currency of most customers (not converted)",
    ),
    "msg.k.waehrung_leer": (
        "Kunden ohne Währung ({n}): als {main} gelesen",
        "customers without a currency ({n}): read as {main}",
    ),
    "msg.map.waehrung": (
        "geprüft: eine Währung für alle Kunden",
        "checked: one currency for every customer",
    ),
    "msg.o.waehrung_leer": (
        "Zeilen ohne Währung ({n}): als {main} gelesen",
        "lines without a currency ({n}): read as {main}",
    ),
    "msg.map.zugeordnet": ("zugeordnet (Spaltenzuordnung)", "mapped (column mapping)"),
    "msg.map.ungenutzt": ("nicht verwendet", "not used"),
    "msg.kopf_zwei_zeilen": (
        "Kopfzeile über zwei Zeilen ({first} und {second}): die Jahre der zweiten gehören zur "
        "Überschrift darüber (z. B. 'Umsatz 2025')",
        "a header over two rows ({first} and {second}): the years of the second belong to the "
        "header above them (e.g. 'Umsatz 2025')",
    ),
    "msg.zahl_beidseitig": (
        "Zellen wie dieser Wert ({n}) lassen sich deutsch oder englisch lesen, und keine "
        "andere Zahl der Spalte sagt, wie: deutsch gelesen (',' Dezimalzeichen, '.' "
        "Tausender). Bitte prüfen.",
        "cells like this value ({n}) read both the German and the English way, and no other "
        "number of the column tells which: read the German way (',' decimal, '.' thousands). "
        "Please check.",
    ),
    "msg.text.spalte_ohne_kopf": (
        "Spalte {letter} hat keine Überschrift: ihre {n} Werte werden nicht verwendet",
        "column {letter} has no header: its {n} values are not used",
    ),
    "msg.map.nicht_verwendet": (
        "nicht verwendet (Spaltenzuordnung)",
        "not used (column mapping)",
    ),
    "msg.map.ausdruecklich": (
        "'{header}' ist ausdrücklich zugeordnet",
        "'{header}' is mapped explicitly",
    ),
    "msg.map.doppelt": ("doppelt: '{header}' wird verwendet", "twice: '{header}' is used"),
    "msg.map.jahr_aktuell": ("Jahr {year} = aktuelle Periode", "year {year} = current period"),
    "msg.map.jahr_vorjahr": ("Jahr {year} = Vorjahr", "year {year} = previous year"),
    "msg.map.jahr_aelter": (
        "Jahr {year}: ältere Periode, nicht verwendet",
        "year {year}: an older period, not used",
    ),
    "msg.text.kodierung": ("Zeichenkodierung {found} ({how})", "encoding {found} ({how})"),
    "msg.text.trennzeichen": ("Trennzeichen '{found}' ({how})", "delimiter '{found}' ({how})"),
    "msg.text.zahlen": (
        "Dezimaltrennzeichen '{decimal}', Tausendertrennzeichen '{thousands}' ({how})",
        "decimal separator '{decimal}', thousands separator '{thousands}' ({how})",
    ),
    "msg.text.zu_viele_felder": (
        "höchstens {width} Felder wie die Kopfzeile, gefunden {fields} (Trennzeichen im Text? "
        "Dann den Text in Anführungszeichen setzen)",
        "at most {width} fields like the header, found {fields} (a delimiter inside a text? "
        "Then put the text in quotes)",
    ),
    "msg.text.datum": ("Datumsreihenfolge {found} ({how})", "date order {found} ({how})"),
    "msg.how.detected": (
        "erkannt; ändern mit den Optionen von 'score'",
        "detected; override with the options of 'score'",
    ),
    "msg.how.assumed": ("angenommen, nicht eindeutig erkennbar", "assumed, could not be told"),
    "msg.how.given": ("vorgegeben", "given"),
    "msg.how.bom": ("erkannt an der Byte-Order-Markierung", "detected from the byte order mark"),
    "cli.stichtag": (
        "Stichtag: {date:%d.%m.%Y} ({source})",
        "Reference date: {date:%Y-%m-%d} ({source})",
    ),
    "cli.ohne_segment": (
        "{n} Kunden ohne Segment (zu wenige Daten, siehe Prüfprotokoll)",
        "{n} customers without a segment (too little data, see the check log)",
    ),
    "cli.vergleich_stichtag": (
        "Achtung: die Läufe haben verschiedene Stichtage (alt {old}, neu {new}); Neukunden (O) "
        "und Phasen sind deshalb nicht vergleichbar.",
        "Warning: the runs used different reference dates (old {old}, new {new}); new (O) "
        "customers and phases are therefore not comparable.",
    ),
    "cli.vergleich_modell": (
        "Achtung: die Läufe haben verschiedene Modelle; geändert: {what}. Segmentwechsel können "
        "vom Modell kommen, nicht von den Kunden.",
        "Warning: the runs used different models; changed: {what}. Segment changes may come "
        "from the model, not from the customers.",
    ),
    "cli.unbekannt": ("nicht festgehalten", "not recorded"),
    "cli.fehler": ("Fehler", "Error"),
    "cli.zeilen": ("Zeilen", "rows"),
    "cli.schritt.blatt": ("Blatt {name}", "sheet {name}"),
    "cli.schritt.speichere": ("speichere {name}", "saving {name}"),
    "cli.datum_erwartet": (
        "Datum erwartet (TT.MM.JJJJ), gefunden {text}",
        "a date expected (DD.MM.YYYY or YYYY-MM-DD), found {text}",
    ),
    "cli.lese": ("lese {path}", "reading {path}"),
    "cli.lese_zwei": ("lese {old} und {new}", "reading {old} and {new}"),
    "cli.kopfzeile": (
        "Blatt '{sheet}', Kopfzeile in Zeile {row}: {n} Kunden",
        "sheet '{sheet}', header in row {row}: {n} customers",
    ),
    "cli.auftragszeilen": (
        "Blatt '{sheet}': {n} Auftragszeilen",
        "sheet '{sheet}': {n} order lines",
    ),
    "cli.schreibe": ("bewertet; schreibe Arbeitsmappe", "scored; writing the workbook"),
    "cli.ergebnis": (
        "{path}  ({n} Kunden bewertet, {m} Hinweise im Prüfprotokoll)",
        "{path}  ({n} customers scored, {m} findings in the check log)",
    ),
    "cli.ergebnis_auftraege": (
        "{path}  ({n} Kunden aus {lines} Auftragszeilen bewertet, {m} Hinweise im Prüfprotokoll)",
        "{path}  ({n} customers scored from {lines} order lines, {m} findings in the check log)",
    ),
    "cli.warnung": ("Warnung", "Warning"),
    "cli.stichtag_heute": (
        "Stichtag: heute ({day}); anders mit --stichtag",
        "Reference date: today ({day}); change it with --stichtag",
    ),
    "cli.sensitivitaet": (
        "Gewichtssensitivität: bewerte je Faktor zweimal neu",
        "weight sensitivity: scoring twice more per factor",
    ),
    "cli.ursachen": (
        "Ursachen: bewerte acht Kombinationen aus Kunde, Umfeld und Modell",
        "causes: scoring eight combinations of customer, portfolio and model",
    ),
    "cli.vergleich": (
        "{path}  ({n} Kunden in beiden Läufen, {moved} mit neuem Segment, {gone} weggefallen, "
        "{new} neu)",
        "{path}  ({n} customers in both runs, {moved} in a new segment, {gone} gone, {new} new)",
    ),
    "cli.ueberschrieben": ("überschrieben", "overwritten"),
    "cli.teammappen": ("{n} Teammappen geschrieben", "{n} team workbooks written"),
    "cli.davon_ueberschrieben": (", davon {n} überschrieben", ", {n} of them overwritten"),
    "cli.keine_aenderungen": ("keine Änderungen", "no changes"),
    "cli.demo": ("Demo-Arbeitsmappe", "Demo workbook"),
    "cli.addin_installieren": (
        "Installieren: Excel schließen, dann 'xlwings addin install -f {path}' (oder die Datei "
        "in den XLSTART-Ordner kopieren); danach zeigt Excel das Menüband 'Kundenwert'.",
        "To install: close Excel, then 'xlwings addin install -f {path}' (or copy the file "
        "into the XLSTART folder); Excel then shows the 'Kundenwert' ribbon.",
    ),
    "cli.abgebrochen": (
        "abgebrochen; es wurde keine unvollständige Datei geschrieben",
        "cancelled; no incomplete file was written",
    ),
    "cli.unerwartet": (
        "unerwarteter Fehler ({error}). Keine Datei wurde verändert. Mit KUNDENWERT_DEBUG=1 "
        "zeigt der Aufruf die Einzelheiten.",
        "unexpected error ({error}). No file was changed. With KUNDENWERT_DEBUG=1 the call "
        "shows the details.",
    ),
    "demo.erzeuge": ("erzeuge {n} Beispielkunden", "generating {n} sample customers"),
    "demo.datei": ("Kundenliste_Beispiel.xlsx", "Customer_list_example.xlsx"),
    "demo.eingabe": ("Eingabedatei {path}", "input file {path}"),
    "demo.schreibe": ("schreibe Ergebnis", "writing the result"),
    "sheet.kontakte": ("Kontakte", "Contacts"),
    "err.gleiche_datei": (
        "Eingabe und Ausgabe sind dieselbe Datei; die Eingabe wird nie überschrieben. Bitte "
        "eine andere Ausgabedatei angeben (-o).",
        "input and output are the same file; the input is never overwritten. Please give "
        "another output file (-o).",
    ),
    "err.auftraege_sql": (
        "auftraege: bitte --sql angeben (gibt die SQL-Abfrage aus)",
        "auftraege: please give --sql (prints the SQL query)",
    ),
    "cli.sql_pruefung": (
        "Hinweis: Zeilen ohne Kunden-Nr, Datum oder Betrag und Zeilen nach dem Stichtag zählt "
        "die Abfrage nicht mit; welche das sind, zeigt derselbe Aufruf mit --pruefung",
        "Note: the query does not count lines without customer number, date or amount, nor "
        "lines after the reference date; the same call with --pruefung lists them",
    ),
    # reasons of the SQL check query (auftraege --sql --pruefung), one per left-out line
    "sql.grund.kunde": ("ohne Kunden-Nr", "no customer number"),
    "sql.grund.datum": ("ohne Datum", "no date"),
    "sql.grund.betrag": ("ohne Betrag", "no amount"),
    "sql.grund.stichtag": ("nach dem Stichtag {day}", "after the reference date {day}"),
    "err.pflichtspalten": (
        "Blatt '{sheet}': Pflichtspalte(n) fehlen: {missing}. Gefundene Spalten: {found}. "
        "Erwartet wird eine dieser Überschriften: {expected}.",
        "sheet '{sheet}': required column(s) missing: {missing}. Columns found: {found}. "
        "Expected one of these headers: {expected}.",
    ),
    "err.keine": ("(keine)", "(none)"),
    "err.nicht_gefunden": ("Datei nicht gefunden: {path}", "file not found: {path}"),
    "err.ordner": (
        "{path} ist ein Ordner, erwartet wird eine .xlsx-Datei",
        "{path} is a folder; an .xlsx file is expected",
    ),
    "err.zu_gross": (
        "{path}: {mb} MB, größer als die Grenze von {limit} MB. Bitte die Kundentabelle in "
        "eine eigene Datei legen.",
        "{path}: {mb} MB, more than the limit of {limit} MB. Please put the customer table "
        "into a file of its own.",
    ),
    "err.blatt_unlesbar": (
        "{path}: das Blatt '{sheet}' ({part}) ist beschädigt und nicht lesbar ({reason}). Die "
        "Mappe in Excel öffnen und neu speichern.",
        "{path}: the sheet '{sheet}' ({part}) is damaged and cannot be read ({reason}). Open "
        "the workbook in Excel and save it again.",
    ),
    "err.ist_xlsx": (
        "{path}: die Datei ist eine .xlsx-Arbeitsmappe, heißt aber {suffix}. Bitte in .xlsx "
        "umbenennen.",
        "{path}: the file is an .xlsx workbook but is named {suffix}. Please rename it to .xlsx.",
    ),
    "err.ist_html": (
        "{path}: die Datei ist eine Webseite (HTML), als {suffix} gespeichert, wie es manche "
        "Systeme beim Export tun. Bitte in Excel öffnen und als .xlsx speichern oder als CSV "
        "exportieren.",
        "{path}: the file is a web page (HTML) saved as {suffix}, as some systems export. "
        "Please open it in Excel and save it as .xlsx, or export CSV.",
    ),
    "err.ist_xml2003": (
        "{path}: die Datei ist eine XML-Tabelle (Excel 2003), als {suffix} gespeichert. Bitte "
        "in Excel öffnen und als .xlsx speichern.",
        "{path}: the file is an XML spreadsheet (Excel 2003) saved as {suffix}. Please open it "
        "in Excel and save it as .xlsx.",
    ),
    "err.teil_zu_gross": (
        "{path}: der Teil {part} ist entpackt größer als {mb} MB; so groß ist keine "
        "Kundentabelle. Nicht gelesen.",
        "{path}: the part {part} unpacks to more than {mb} MB; no customer table is that "
        "large. Not read.",
    ),
    "err.teil_gepackt": (
        "{path}: der Teil {part} ist mehr als {ratio}-fach gepackt, wie es nur Füllstoff ist "
        "(z. B. Leerzeichen). Nicht gelesen.",
        "{path}: the part {part} is packed more than {ratio} times, as only filler is (white "
        "space, say). Not read.",
    ),
    "err.bereich_zu_gross": (
        "{path}: der Teil {part} reicht über {rows_count} Zeilen und {columns_count} Spalten, "
        "mehr als die {limit_count} Zellen, die gelesen werden; eine Zelle weit außerhalb der "
        "Tabelle? Diese Zelle löschen und speichern.",
        "{path}: the part {part} spans {rows_count} rows and {columns_count} columns, more "
        "than the {limit_count} cells that are read; a cell far outside the table? Delete it "
        "and save.",
    ),
    "err.kennwort": (
        "{path}: die Datei ist kennwortgeschützt oder im alten .xls-Format. Bitte in Excel "
        "öffnen und ohne Kennwort als .xlsx speichern.",
        "{path}: the file is password-protected or in the old .xls format. Please open it in "
        "Excel and save it as .xlsx without a password.",
    ),
    "err.kein_xlsx": (
        "{path}: keine Excel-Arbeitsmappe (.xlsx). Ist es eine Textdatei (CSV), bitte mit der "
        "Endung .csv oder .txt speichern; sie wird dann direkt gelesen.",
        "{path}: not an Excel workbook (.xlsx). If it is a text file (CSV), please save it "
        "with the extension .csv or .txt; it is then read directly.",
    ),
    "err.kein_blatt": (
        "{path}: kein Blatt '{sheet}'; vorhanden: {names}",
        "{path}: no sheet '{sheet}'; there are: {names}",
    ),
    "err.zu_viele_zeilen": (
        "{path}: {rows_count} Zeilen, mehr als die Grenze von {limit_count} Kunden",
        "{path}: {rows_count} rows, more than the limit of {limit_count} customers",
    ),
    "err.keine_auftragszeilen": (
        "{path}: keine Auftragszeilen (Datum, Kunden-Nr und Betrag je Zeile, Kunden-Nr "
        "wiederholt sich)",
        "{path}: no order lines (date, customer ID and amount per line, customer IDs repeat)",
    ),
    "err.kein_auftragsblatt": (
        "{path}: kein Blatt mit Auftragszeilen (Datum, Kunden-Nr und Betrag je Zeile, "
        "Kunden-Nr wiederholt sich); vorhanden: {names}. Spalten zuordnen, z. B.: {proposal}",
        "{path}: no sheet with order lines (date, customer ID and amount per line, customer "
        "IDs repeat); there are: {names}. Assign the columns, e.g.: {proposal}",
    ),
    "err.kein_ergebnis": (
        "{path}: kein Blatt '{sheet}' — ist das ein Ergebnis von 'kundenwert score'? "
        "Vorhanden: {names}",
        "{path}: no sheet '{sheet}' — is this a result of 'kundenwert score'? There are: {names}",
    ),
    "err.kein_ergebnis.konfiguration": (
        "{path}: kein Blatt '{sheet}' gefunden; vorhanden: {names}",
        "{path}: no sheet '{sheet}' found; there are: {names}",
    ),
    "err.spalte_fehlt": (
        "{path}, Blatt '{sheet}': Spalte '{column_cols}' fehlt",
        "{path}, sheet '{sheet}': column '{column_cols}' is missing",
    ),
    "err.by": (
        "--by: Region oder Betreuer erwartet, erhalten '{by}'",
        "--by: Region or Betreuer (rep) expected, got '{by}'",
    ),
    "err.keine_teilspalte": (
        "{path}: keine Spalte '{column_cols}' zum Aufteilen",
        "{path}: no column '{column_cols}' to split by",
    ),
    "err.teammappen_da": (
        "{path}: {n} Teammappe(n) gibt es schon ({names}); sie könnten zurückgegebene Arbeit "
        "enthalten. Nichts geschrieben. Anderen Ordner angeben (-o) oder --ueberschreiben.",
        "{path}: {n} team workbook(s) exist already ({names}); they may hold returned work. "
        "Nothing written. Give another folder (-o) or --ueberschreiben (overwrite).",
    ),
    "err.stamm_ueber_team": (
        "{path}: die neue Stammmappe darf keine Teammappe überschreiben",
        "{path}: the new master workbook must not overwrite a team workbook",
    ),
    "err.gleicher_stamm": (
        "Stammmappe und neue Stammmappe sind dieselbe Datei; der Stamm wird nie überschrieben. "
        "Bitte eine andere Ausgabedatei angeben (-o).",
        "master and new master are the same file; the master is never overwritten. Please "
        "give another output file (-o).",
    ),
    "seg.zu_wenig": ("zu wenige Daten", "too little data"),
    "seg.ohne": ("ohne Segment (zu wenige Daten)", "no segment (too little data)"),
    "score.ist": ("Ist-Score", "Current score"),
    "score.potenzial": ("Potenzial-Score", "Potential score"),
    "err.dateityp": (
        "{path}: Dateityp '{suffix}' wird nicht gelesen. Erwartet: {formats} oder eine "
        "Textdatei (.csv, .txt); bitte die Datei in einem dieser Formate speichern.",
        "{path}: files of type '{suffix}' are not read. Expected: {formats} or a text file "
        "(.csv, .txt); please save the file in one of these formats.",
    ),
    "err.mappe_unlesbar": (
        "{path}: die Arbeitsmappe kann nicht gelesen werden ({reason}). Ist sie "
        "kennwortgeschützt oder beschädigt? Bitte in Excel öffnen und ohne Kennwort als .xlsx "
        "speichern.",
        "{path}: the workbook cannot be read ({reason}). Is it password-protected or damaged? "
        "Please open it in Excel and save it as .xlsx without a password.",
    ),
    "err.kodierung_unbekannt": (
        "unbekannte Zeichenkodierung '{encoding}'; üblich sind utf-8, cp1252, latin-1",
        "unknown encoding '{encoding}'; usual ones are utf-8, cp1252, latin-1",
    ),
    "err.text_kodierung": (
        "{path}: nicht als {encoding} lesbar (Byte {byte}); bitte --encoding angeben "
        "(z. B. cp1252 oder utf-8)",
        "{path}: cannot be read as {encoding} (byte {byte}); please give --encoding "
        "(e.g. cp1252 or utf-8)",
    ),
    "err.text_leer": (
        "{path}: die Datei ist leer (keine Zeile mit Text unter den ersten {n}). Bitte den "
        "Export wiederholen.",
        "{path}: the file is empty (no line with text among the first {n}). Please export it "
        "again.",
    ),
    "err.text_unlesbar": (
        "{path}: die Textdatei lässt sich mit Trennzeichen '{delimiter}' nicht lesen "
        "({reason}). Bitte --delimiter angeben oder die Datei in Excel als .xlsx speichern.",
        "{path}: the text file cannot be read with delimiter '{delimiter}' ({reason}). Please "
        "give --delimiter or save the file as .xlsx in Excel.",
    ),
    "err.keine_kundenzeilen": (
        "Blatt '{sheet}': keine Kundenzeilen unter der Kopfzeile (Zeile {row}); {skipped} "
        "Zeilen übersprungen (siehe Summen- und Leerzeilen). Bitte die Kunden unter die "
        "Kopfzeile einfügen.",
        "sheet '{sheet}': no customer rows below the header (row {row}); {skipped} rows skipped "
        "(totals and blank rows). Please put the customers below the header.",
    ),
    # order history (Auftragshistorie)
    "sheet.historie": ("Auftragshistorie", "Order history"),
    "datum": ("Datum", "Date"),
    "betrag": ("Betrag", "Amount"),
    "auftrag_nr": ("Auftrags-Nr", "Order no."),
    "menge": ("Menge", "Quantity"),
    "waehrung": ("Währung", "Currency"),
    "belegart": ("Belegart", "Document type"),
    "status": ("Status", "Status"),
    "storniert": ("Storniert", "Cancelled"),
    "quelle_clv": ("Quelle CLV", "CLV source"),
    "quelle_abwanderung": ("Quelle Abwanderung", "Churn source"),
    "quelle.modell": ("Modell", "Model"),
    "quelle.modell_umsatz": ("Modell (Umsatzbasis)", "Model (revenue basis)"),
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
    "clv_modell_umsatz": ("CLV (Modell, Umsatzbasis)", "CLV (model, revenue basis)"),
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
    "h.kalibrierung_ohne_fit": (
        "Keine Kalibrierung: die Schätzung auf der Historie vor dem Prüfzeitraum fand kein "
        "Maximum, ihre Vorhersage hätte keine Aussage.",
        "No calibration: the fit on the history before the holdout found no maximum, so its "
        "forecast would say nothing.",
    ),
    # merge report outcomes (Finding.what); the part before ':' is the kind the console counts
    "o.uebernommen": ("übernommen", "taken over"),
    "o.konflikt": ("Konflikt: Stammwert bleibt", "conflict: master value stays"),
    "o.konflikt.stamm_geaendert": (
        "Konflikt: im Stamm seit der Aufteilung geändert (war {was}); Stammwert bleibt",
        "conflict: changed in the master since the split (was {was}); master value stays",
    ),
    "o.konflikt.stammtext": ("Konflikt: Stammtext bleibt", "conflict: master text stays"),
    "o.konflikt.stammtext_geaendert": (
        "Konflikt: Stammtext geändert; bleibt",
        "conflict: master text changed; it stays",
    ),
    "o.neu": (
        "neu: Kunde {cid} steht nicht im Stamm; nicht übernommen (im Stamm anlegen und neu "
        "aufteilen)",
        "new: customer {cid} is not in the master; not taken over (add it to the master and "
        "split again)",
    ),
    "o.neu.name": (
        "neu: Kunde {cid} „{name}“ steht nicht im Stamm; nicht übernommen (im Stamm anlegen "
        "und neu aufteilen)",
        "new: customer {cid} “{name}” is not in the master; not taken over (add it to the "
        "master and split again)",
    ),
    "o.nicht_gegeben": (
        "nicht übernommen: Kunde {cid} wurde dieser Mappe nicht gegeben; seine Werte ändert die "
        "Mappe, der er gegeben wurde",
        "not taken over: customer {cid} was not given to this workbook; its values are changed "
        "in the workbook it was given to",
    ),
    "o.formel_ohne_wert": (
        "Formel ohne gespeicherten Wert ({formula}): nicht übernommen, Stammwert bleibt (Mappe "
        "in Excel öffnen und speichern oder den Wert eintragen)",
        "formula without a stored value ({formula}): not taken over, master value stays (open "
        "and save the workbook in Excel, or type the value)",
    ),
    "o.formel_wert": (
        "Formel ({formula}): ihr gespeicherter Wert gelesen",
        "formula ({formula}): its stored value read",
    ),
    "o.eintrag_entfernt": (
        "Eintrag der Stammdatei nicht übernommen: sein Name zeigt aus der Mappe hinaus oder "
        "steht doppelt darin",
        "entry of the master file not carried over: its name points outside the workbook or "
        "appears twice in it",
    ),
    "o.geloescht": (
        "gelöscht: Zeile fehlt, Stammdaten bleiben",
        "deleted: row missing, master data stays",
    ),
    "o.geschuetzt": (
        "geschützt: Änderung nicht übernommen",
        "protected: change not taken over",
    ),
    "o.veraltet": (
        "veraltet: stammt aus einer anderen Aufteilung oder älteren Stammdaten; nichts übernommen",
        "out of date: comes from another split or older master data; nothing taken over",
    ),
    "o.veraltet.wert": ("nicht übernommen (veraltet)", "not taken over (out of date)"),
    "o.fremd": (
        "fremd: keine Kundenwert-Teammappe; nichts übernommen",
        "foreign: not a kundenwert team workbook; nothing taken over",
    ),
    "o.unlesbar": ("unlesbar: {error}", "unreadable: {error}"),
    "o.unlesbar.blatt": (
        "unlesbar: kein Blatt '{sheet}' und keines mit der Kopfzeile und den Kunden dieser "
        "Mappe; nichts übernommen",
        "unreadable: no sheet '{sheet}' and none with the header and customers of this "
        "workbook; nothing taken over",
    ),
    "o.unlesbar.tabelle": (
        "Kundentabelle unlesbar: {error}; nichts übernommen",
        "customer table unreadable: {error}; nothing taken over",
    ),
    "o.umbenannt": (
        "Blatt umbenannt: Kunden aus Blatt '{sheet}' gelesen (an Kopfzeile und Kunden erkannt)",
        "sheet renamed: customers read from sheet '{sheet}' (recognised by header and customers)",
    ),
    "o.ungueltig": (
        "ungültig: erwartet {why}; Stammwert bleibt",
        "invalid: expected {why}; master value stays",
    ),
    "o.zeile": (
        "Zeile {row} nicht gelesen: erwartet {problem}; nichts übernommen",
        "row {row} not read: expected {problem}; nothing taken over",
    ),
    "o.formel": (
        "Formel überschrieben oder gelöscht: bitte aus der Vorlage wiederherstellen; Eingaben "
        "wurden geprüft",
        "formula overwritten or deleted: please restore it from the template; the inputs were "
        "checked",
    ),
    "o.ohne_wachstumstabelle": (
        "nicht übernommen: die Stammmappe hat keine Wachstumstabelle",
        "not taken over: the master workbook has no growth table",
    ),
    # what a cell of a column kind is expected to hold (check sheet, merge report)
    "exp.money": ("Zahl (Euro)", "a number (euro)"),
    "exp.count": ("Anzahl ≥ 0", "a count ≥ 0"),
    "exp.share": ("Anteil 0–1 oder %", "a share 0–1 or %"),
    "exp.rating": (
        f"Bewertung {RATING_MIN:g}–{RATING_MAX:g}",
        f"a rating {RATING_MIN:g}–{RATING_MAX:g}",
    ),
    "exp.date": ("Datum", "a date"),
    "exp.text": ("Text", "text"),
    "exp.id": ("eindeutige Kunden-Nr", "a unique customer ID"),
    "exp.betrag": ("Betrag ≥ 0", "an amount ≥ 0"),
    "exp.id.leer": ("eindeutige Kunden-Nr (leer)", "a unique customer ID (empty)"),
    "exp.id.doppelt": (
        "eine Zeile je Kunde; Wiederholung von Zeile {row} mit denselben Zahlen, ausgelassen",
        "one row per customer; a repeat of row {row} with the same figures, left out",
    ),
    "exp.id.konflikt": (
        "eine Zeile je Kunde; die Kunden-Nr steht schon in Zeile {row} mit anderen Werten "
        "(hier: Wert, in Klammern Zeile {row}): Zeile {row} gilt, diese Zeile bleibt außen vor",
        "one row per customer; the customer ID is already in row {row} with other values (here: "
        "value, in brackets row {row}): row {row} counts, this row is left out",
    ),
    "exp.date.grund": ("Datum ({error})", "a date ({error})"),
    "exp.date.fehlerwert": ("Datum (Excel-Fehlerwert)", "a date (Excel error value)"),
    "exp.text.fehlerwert": ("Text (Excel-Fehlerwert)", "text (Excel error value)"),
    "exp.id.fehlerwert": (
        "eindeutige Kunden-Nr (Excel-Fehlerwert)",
        "a unique customer ID (Excel error value)",
    ),
    "err.zelle.wahrheitswert": (
        "Zahl erwartet, gefunden Wahrheitswert",
        "a number expected, found a boolean",
    ),
    "err.zelle.zahl": ("Zahl erwartet, gefunden {found}", "a number expected, found {found}"),
    "err.zelle.datum_zahl": (
        "Datum erwartet, gefunden Zahl {found}",
        "a date expected, found the number {found}",
    ),
    "err.zelle.datum_bereich": (
        "Datum zwischen {low} und {high}, gefunden {found} (ein Platzhalter wie 31.12.9999 "
        "oder eine Zahl wie 1501 ist kein Datum)",
        "a date between {low} and {high}, found {found} (a placeholder such as 9999-12-31 or a "
        "number such as 1501 is no date)",
    ),
    "err.zelle.datum": (
        "Datum erwartet (TT.MM.JJJJ), gefunden {found}",
        "a date expected (DD.MM.YYYY), found {found}",
    ),
    "exp.money.fehlerwert": (
        "Zahl (Euro) (Excel-Fehlerwert)",
        "a number (euro) (Excel error value)",
    ),
    "exp.count.fehlerwert": ("Anzahl ≥ 0 (Excel-Fehlerwert)", "a count ≥ 0 (Excel error value)"),
    "exp.share.fehlerwert": (
        "Anteil 0–1 oder % (Excel-Fehlerwert)",
        "a share 0–1 or % (Excel error value)",
    ),
    "exp.rating.fehlerwert": (
        f"Bewertung {RATING_MIN:g}–{RATING_MAX:g} (Excel-Fehlerwert)",
        f"a rating {RATING_MIN:g}–{RATING_MAX:g} (Excel error value)",
    ),
    # the method's own checks (kundenwert/method/)
    "err.skala": (
        "Methode 'skala' braucht Skala min < Skala max",
        "method 'skala' (scale) needs scale min < scale max",
    ),
    "err.schwellen": (
        "Methode 'schwellen' braucht mindestens eine Schwelle",
        "method 'schwellen' (thresholds) needs at least one threshold",
    ),
    "err.normierung": (
        "unbekannte Normierung '{method}', erlaubt: minmax, rang, skala, schwellen",
        "unknown normalisation '{method}'; allowed: minmax, rang (rank), skala (scale), "
        "schwellen (thresholds)",
    ),
    "err.richtung": (
        "unbekannte Richtung '{direction}', erlaubt: hoch, niedrig",
        "unknown direction '{direction}'; allowed: hoch (higher is better), niedrig (lower is "
        "better)",
    ),
    "err.keine_scores": (
        "keine Scores vorhanden: Schwelle kann nicht bestimmt werden",
        "no scores: the threshold cannot be determined",
    ),
    "err.ahp.quadratisch": (
        "AHP: quadratische Matrix erwartet, erhalten {shape}",
        "AHP: a square matrix expected, got {shape}",
    ),
    "err.ahp.zu_viele": (
        "AHP: höchstens {limit} Kriterien, erhalten {n}",
        "AHP: at most {limit} criteria, got {n}",
    ),
    "err.ahp.positiv": (
        "AHP: alle Einträge müssen positive Zahlen sein",
        "AHP: every entry must be a positive number",
    ),
    "err.ahp.reziprok": (
        "AHP: Matrix nicht reziprok in Zeile {row}, Spalte {col}: {a} · {b} ≠ 1",
        "AHP: matrix not reciprocal in row {row}, column {col}: {a} · {b} ≠ 1",
    ),
    "err.abc_grenzen": (
        "ABC-Grenzen: erwartet 0 < A ({a}) < B ({b}) < 1",
        "ABC limits: expected 0 < A ({a}) < B ({b}) < 1",
    ),
    "err.clv.jahre": (
        "CLV: Jahre muss ≥ 1 sein, war {years}",
        "CLV: years must be ≥ 1, was {years}",
    ),
    "err.clv.zins": (
        "CLV: Zinssatz muss zwischen 0 und 1 liegen, war {rate}",
        "CLV: the discount rate must lie between 0 and 1, was {rate}",
    ),
    "err.clv.bindung": (
        "CLV: Bindungsrate muss zwischen 0 und 1 liegen",
        "CLV: the retention rate must lie between 0 and 1",
    ),
    "err.auftrag_spalten": (
        "Auftragszeilen: Spalte(n) fehlen: {missing}; erwartet werden Datum, Kunden-Nr und "
        "Betrag je Zeile",
        "order lines: column(s) missing: {missing}; expected are date, customer ID and amount "
        "per line",
    ),
    "err.keine_auftragszeile": (
        "{sheet}: keine Auftragszeile mit Kunden-Nr, Datum und Betrag",
        "{sheet}: no order line with customer ID, date and amount",
    ),
    "err.keine_bis_stichtag": (
        "{sheet}: keine Auftragszeile bis zum Stichtag {day}",
        "{sheet}: no order line up to the reference date {day}",
    ),
    "err.keine_auftragszeilen_erkannt": (
        "Blatt '{sheet}': keine Auftragszeilen erkannt; erwartet wird eine Kopfzeile mit Datum "
        "(oder Belegdatum, Rechnungsdatum), Kunden-Nr und Betrag (oder Nettobetrag, Umsatz). "
        "Spalten zuordnen, z. B.: {proposal}",
        "sheet '{sheet}': no order lines found; expected is a header with Datum/Date (or "
        "Belegdatum, Rechnungsdatum), Kunden-Nr/Customer ID and Betrag/Amount (or Nettobetrag, "
        "Umsatz). Assign the columns, e.g.: {proposal}",
    ),
    "err.kein_blatt_xml": ("kein Arbeitsblatt-XML", "no worksheet XML"),
    "err.zeichnung_da": (
        "Blatt {sheet}: hat schon eine Zeichnung; Knöpfe dort fehlen",
        "sheet {sheet}: has a drawing already; its buttons are left out",
    ),
    "err.patch.praefix": (
        "Tabellenblatt mit Namensraum-Präfix: Zellen können nicht gesetzt werden",
        "worksheet with a namespace prefix: cells cannot be set",
    ),
    "err.patch.sheetdata": ("Tabellenblatt ohne sheetData", "worksheet without sheetData"),
    "err.patch.zeile_ohne_nummer": (
        "Zeile ohne Nummer (r): Zellen können nicht gesetzt werden",
        "row without a number (r): cells cannot be set",
    ),
    "err.patch.zelle_ohne_adresse": (
        "Zeile {row}: Zelle ohne Adresse (r)",
        "row {row}: cell without an address (r)",
    ),
    "err.patch.geteilte_formel": (
        "{ref}: Zelle trägt eine geteilte Formel anderer Zellen",
        "{ref}: the cell carries a formula shared by other cells",
    ),
    "err.patch.hauptteil": (
        "Arbeitsmappe ohne Hauptteil (_rels/.rels)",
        "workbook without a main part (_rels/.rels)",
    ),
    "err.patch.blatt_fehlt": (
        "Blatt '{sheet}' fehlt in der Arbeitsmappe",
        "sheet '{sheet}' is missing from the workbook",
    ),
    "err.patch.sheets": ("Arbeitsmappe ohne <sheets>-Liste", "workbook without a <sheets> list"),
    "err.patch.formate_praefix": (
        "Formatvorlagen mit Namensraum-Präfix werden nicht zusammengeführt",
        "styles with a namespace prefix are not merged",
    ),
    "err.addin.zu_gross": (
        "VBA-Projekt zu groß für eine Verbunddatei ohne DIFAT",
        "VBA project too large for a compound file without DIFAT",
    ),
    "err.addin.komprimieren": (
        "VBA-Quelltext lässt sich nicht komprimieren",
        "the VBA source cannot be compressed",
    ),
    "err.addin.signatur": (
        "kein komprimierter VBA-Datenstrom (Signatur 0x01 fehlt)",
        "no compressed VBA stream (signature 0x01 missing)",
    ),
    "err.addin.einmal": (
        "{where}: {old} nicht genau einmal gefunden; diese Fassung wird vom Add-in-Bau nicht "
        "unterstützt",
        "{where}: {old} not found exactly once; this version is not supported by the add-in build",
    ),
    "err.addin.module": (
        "xlwings-Vorlage {path}: Module {sample} und xlwings erwartet, gefunden {found}",
        "xlwings template {path}: modules {sample} and xlwings expected, found {found}",
    ),
    "err.kein_blatt_hier": (
        "kein Blatt '{sheet}'; vorhanden: {names}",
        "no sheet '{sheet}'; there are: {names}",
    ),
    "err.kein_kundenblatt": (
        "kein Blatt mit einer Kundentabelle (Kopfzeile mit Kunden-Nr, Umsatz, …); vorhanden: "
        "{names}",
        "no sheet with a customer table (a header with Customer ID, Revenue, …); there are: "
        "{names}",
    ),
    "err.ids_wiederholt": (
        "Blatt '{sheet}': {n} Zeilen wiederholen eine Kunden-Nr (zuerst '{cid}' in Zeile {row}, "
        "schon in Zeile {first}). Eine Kundentabelle hat eine Zeile je Kunde. Sind es "
        "Auftragszeilen, braucht das Blatt eine Datumsspalte (Datum, Belegdatum, "
        "Rechnungsdatum) und eine Betragsspalte (Betrag, Nettobetrag, Umsatz); dann werden die "
        "Zeilen je Kunde zusammengefasst. Oder das Blatt mit --auftraege BLATT angeben. "
        "Spalten zuordnen, z. B.: {proposal}",
        "sheet '{sheet}': {n} rows repeat a customer ID (first '{cid}' in row {row}, already in "
        "row {first}). A customer table has one row per customer. If these are order lines, "
        "the sheet needs a date column (Datum/Date, Belegdatum, Rechnungsdatum) and an amount "
        "column (Betrag/Amount, Nettobetrag, Umsatz); the lines are then summed up per "
        "customer. Or name the sheet with --auftraege SHEET. Assign the columns, e.g.: "
        "{proposal}",
    ),
    "err.sql_name": (
        "SQL: Tabellenname '{name}' ist kein einfacher Name (Buchstaben, Ziffern, _; "
        "optional schema.tabelle)",
        "SQL: table name '{name}' is not a plain name (letters, digits, _; optionally "
        "schema.table)",
    ),
    # the purchase model (method/clv_model.py): errors and warnings
    "err.bgnbd.laenge": (
        "BG/NBD: frequency, recency und T müssen gleich lange Reihen sein",
        "BG/NBD: frequency, recency and T must be series of the same length",
    ),
    "err.bgnbd.keine": ("BG/NBD: keine Kunden", "BG/NBD: no customers"),
    "err.bgnbd.ungueltig": (
        "BG/NBD: Kunde an Position {pos} hat ungültige Werte (frequency={x}, recency={tx}, "
        "T={t}); erwartet x ganzzahlig ≥ 0, 0 ≤ t_x ≤ T, t_x = 0 bei x = 0",
        "BG/NBD: the customer at position {pos} has invalid values (frequency={x}, "
        "recency={tx}, T={t}); expected x a whole number ≥ 0, 0 ≤ t_x ≤ T, t_x = 0 for x = 0",
    ),
    "err.bgnbd.keine_wiederkaeufe": (
        "BG/NBD: kein Kunde hat mehr als einen Kauftag; ohne Wiederkäufe lässt sich das "
        "Modell nicht schätzen",
        "BG/NBD: no customer has more than one purchase day; without repeat purchases the "
        "model cannot be fitted",
    ),
    "err.gg.laenge": (
        "Gamma-Gamma: frequency und Bestellwert müssen gleich lang sein",
        "Gamma-Gamma: frequency and order value must have the same length",
    ),
    "err.gg.zu_wenige": (
        "Gamma-Gamma: {n} Kunde(n) mit Wiederkauf und positivem Bestellwert; mindestens 2 "
        "nötig (empfohlen {recommended})",
        "Gamma-Gamma: {n} customer(s) with a repeat purchase and a positive order value; at "
        "least 2 needed ({recommended} recommended)",
    ),
    "w.bgnbd.laeuft_weg": (
        "BG/NBD: Schätzung nicht konvergiert, {names} läuft gegen 0 oder unendlich: die Daten "
        "bestimmen das Modell nicht (zu wenige oder zu gleichförmige Wiederkäufe)",
        "BG/NBD: the fit did not converge, {names} runs towards 0 or infinity: the data do not "
        "determine the model (too few or too uniform repeat purchases)",
    ),
    "w.bgnbd.nicht_konvergiert": (
        "BG/NBD: Schätzung nicht konvergiert ({reason})",
        "BG/NBD: the fit did not converge ({reason})",
    ),
    "w.bgnbd.wenige": (
        "BG/NBD: nur {n} Kunden mit Wiederkauf (empfohlen mindestens {recommended}); die "
        "Parameter sind unsicher",
        "BG/NBD: only {n} customers with a repeat purchase (at least {recommended} "
        "recommended); the parameters are uncertain",
    ),
    "w.bgnbd.unbrauchbar": (
        "BG/NBD ohne verwendbare Schätzung: CLV und Abwanderungsrisiko bleiben bei der "
        "einfachen Formel bzw. der Einschätzung des Betreuers",
        "BG/NBD without a usable fit: CLV and churn risk stay with the simple formula and the "
        "rep's estimate",
    ),
    "w.gg.laeuft_weg": (
        "Gamma-Gamma: Schätzung nicht konvergiert, q läuft gegen unendlich (q = {q}): die "
        "Kunden unterscheiden sich kaum im mittleren Bestellwert; der erwartete Bestellwert ist "
        "dann fast der Durchschnitt aller",
        "Gamma-Gamma: the fit did not converge, q runs towards infinity (q = {q}): the "
        "customers hardly differ in their mean order value; the expected order value is then "
        "almost the overall mean",
    ),
    "w.gg.nicht_konvergiert": (
        "Gamma-Gamma: Schätzung nicht konvergiert ({reason})",
        "Gamma-Gamma: the fit did not converge ({reason})",
    ),
    "w.gg.q_klein": (
        "Gamma-Gamma: q = {q} ≤ 1, der erwartete Bestellwert ist nicht endlich; die "
        "Bestellwerte streuen zu stark für das Modell",
        "Gamma-Gamma: q = {q} ≤ 1, the expected order value is not finite; the order values "
        "spread too widely for the model",
    ),
    "w.gg.wenige": (
        "Gamma-Gamma: nur {n} Kunden mit Wiederkauf (empfohlen mindestens {recommended}); die "
        "Parameter sind unsicher",
        "Gamma-Gamma: only {n} customers with a repeat purchase (at least {recommended} "
        "recommended); the parameters are uncertain",
    ),
    # worksheet function arguments (udfs/): the argument names are the functions' own
    "arg.vektor": (
        "'{name}': eine Zeile oder eine Spalte erwartet, erhalten {rows} × {cols} Zellen",
        "'{name}': one row or one column expected, got {rows} × {cols} cells",
    ),
    "arg.fehlerwert": (
        "'{name}': Fehlerwert {value} statt einer Zahl",
        "'{name}': error value {value} instead of a number",
    ),
    "arg.fehlerwert.zeile": (
        "'{name}', Zeile {row}: Fehlerwert {value} statt einer Zahl",
        "'{name}', row {row}: error value {value} instead of a number",
    ),
    "arg.zahl": (
        "'{name}': Zahl erwartet, erhalten {value}",
        "'{name}': a number expected, got {value}",
    ),
    "arg.zahl.zeile": (
        "'{name}', Zeile {row}: Zahl erwartet, erhalten {value}",
        "'{name}', row {row}: a number expected, got {value}",
    ),
    "arg.leer": (
        "'{name}': mindestens eine Zelle erwartet",
        "'{name}': at least one cell expected",
    ),
    "arg.zeilenbreite": (
        "'{name}': Zeile {row} hat {cells} statt {width} Zellen",
        "'{name}': row {row} has {cells} cells instead of {width}",
    ),
    "arg.einzeln": ("'{name}': ein einzelner Wert erwartet", "'{name}': a single value expected"),
    "arg.auswahl": (
        "'{name}': '{value}' ist nicht erlaubt; erlaubt: {allowed}",
        "'{name}': '{value}' is not allowed; allowed: {allowed}",
    ),
    "arg.gleich_lang": (
        "'{a}' hat {n_a} Werte, '{b}' {n_b}: gleich viele erwartet",
        "'{a}' has {n_a} values, '{b}' {n_b}: the same number expected",
    ),
    "arg.richtungen": (
        "'directions': {n} Richtungen erwartet (eine je Spalte), erhalten {found}",
        "'directions': {n} directions expected (one per column), got {found}",
    ),
    "arg.gewichte": (
        "'weights': Zahlen ≥ 0 mit einer Summe > 0 erwartet",
        "'weights': numbers ≥ 0 with a sum > 0 expected",
    ),
    "arg.labels": (
        "'labels': vier Namen erwartet (Top, Stamm, Wachstum, Klein), erhalten {found}",
        "'labels': four names expected (top, core, growth, small), got {found}",
    ),
    "arg.null_bis_hundert": (
        "'{name}': Wert zwischen 0 und 100 erwartet, erhalten {value}",
        "'{name}': a value between 0 and 100 expected, got {value}",
    ),
    "arg.kostensaetze": ("Kostensätze müssen ≥ 0 sein", "cost rates must be ≥ 0"),
    "arg.jahre": (
        "'years': ganze Zahl ≥ 1 erwartet, erhalten {value}",
        "'years': a whole number ≥ 1 expected, got {value}",
    ),
    "arg.zinssatz": (
        "'discount_rate': Zahl erwartet (z. B. 0,08)",
        "'discount_rate': a number expected (e.g. 0.08)",
    ),
    "arg.matrix_leer": (
        "'pairwise_matrix': jede Zelle braucht einen Wert",
        "'pairwise_matrix': every cell needs a value",
    ),
    "arg.tabelle": (
        "'table': Kopfzeile und mindestens eine Kundenzeile erwartet",
        "'table': a header and at least one customer row expected",
    ),
    "arg.kunde_beide": (
        "'customer_id': Kunde {value} steht nicht in beiden Tabellen",
        "'customer_id': customer {value} is not in both tables",
    ),
    "arg.kunde": (
        "'customer_id': Kunde {value} nicht in der Tabelle",
        "'customer_id': customer {value} is not in the table",
    ),
    "arg.zeilen": (
        "'lines': Kopfzeile und mindestens eine Auftragszeile erwartet",
        "'lines': a header and at least one order line expected",
    ),
    "arg.stichtag": (
        "'stichtag': Datum erwartet, erhalten {value}",
        "'stichtag': a date expected, got {value}",
    ),
    "arg.monate": (
        "'months': ganze Zahl 1–120 erwartet, erhalten {value}",
        "'months': a whole number 1–120 expected, got {value}",
    ),
    "arg.marge": (
        "'margin': Anteil 0–1 erwartet, erhalten {value}",
        "'margin': a share 0–1 expected, got {value}",
    ),
    "arg.jahre_monate": (
        "'years': ganze Zahl ≥ 1, 'months': Zahl > 0 erwartet",
        "'years': a whole number ≥ 1, 'months': a number > 0 expected",
    ),
    "ribbon.gruppe": ("Kundenwert-Management", "Customer value management"),
    "ribbon.funktionen": ("Excel-Funktionen", "Excel functions"),
    # issue 20: exports read right the first time
    "msg.einheit": (
        "'{header}' steht in {unit}: jeder Wert × {times_count} in Euro gelesen",
        "'{header}' is in {unit}: every value read × {times_count} in euros",
    ),
    "msg.blatt_gelesen": (
        "Kundentabelle von Blatt '{used}' gelesen ({n} Kundenzeilen)",
        "customer table read from sheet '{used}' ({n} customer rows)",
    ),
    "msg.blatt_weniger": (
        "Blatt '{other}' hat auch einen Kundenkopf ({n} Kundenzeilen), nicht gelesen: "
        "'{used}' hat mehr; anderes Blatt mit --sheet \"{other}\"",
        "sheet '{other}' has a customer header too ({n} customer rows), not read: "
        "'{used}' has more; another sheet with --sheet \"{other}\"",
    ),
    "msg.blatt_ausgeblendet": (
        "Blatt '{other}' ist ausgeblendet ({n} Kundenzeilen), nicht gelesen; lesen mit "
        '--sheet "{other}"',
        "sheet '{other}' is hidden ({n} customer rows), not read; read it with --sheet \"{other}\"",
    ),
    "err.nur_ausgeblendet": (
        "{path}: die Kundentabelle steht nur auf dem ausgeblendeten Blatt '{sheet}' ({n} "
        "Kundenzeilen). Ein ausgeblendetes Blatt wird nur gelesen, wenn es genannt ist: "
        '--sheet "{sheet}"',
        "{path}: the customer table is only on the hidden sheet '{sheet}' ({n} customer "
        'rows). A hidden sheet is read only when named: --sheet "{sheet}"',
    ),
    "msg.zeilen_ausgeblendet": (
        "{n} ausgeblendete Kundenzeilen (Filter oder Gliederung) mitbewertet: Zeile {rows}; "
        "ausgeblendet ist nicht gelöscht",
        "{n} hidden customer rows (filter or outline) scored as well: row {rows}; hidden "
        "is not deleted",
    ),
    "msg.kunde_nummer": (
        "'{header}' enthält Kundennummern: als Kunden-Nr gelesen",
        "'{header}' holds customer numbers: read as the customer ID",
    ),
    "msg.kunde_nummer_name": (
        "'{header}' enthält Kundennummern: als Kunden-Nr gelesen, die Spalte ohne Überschrift "
        "daneben als Name (SAP BEx)",
        "'{header}' holds customer numbers: read as the customer ID, the column without a "
        "header beside it as the name (SAP BEx)",
    ),
    "msg.aufgefuellt": (
        "'{header}' steht nur in der ersten Zeile jeder Gruppe (gruppierter Bericht): in {n} "
        "Zeilen von der Zeile darüber übernommen",
        "'{header}' stands only on the first row of each group (a grouped report): taken from "
        "the row above in {n} rows",
    ),
    "err.spalte_vorschlag": (
        "Spalten zuordnen, z. B.: {proposal}",
        "Assign the columns, e.g.: {proposal}",
    ),
    "err.datev_kein_stapel": (
        "{path}: eine DATEV-Datei '{name}' (Formatkategorie {category}) ohne Buchungen. "
        "Kundenumsätze stehen im Buchungsstapel (Formatkategorie 21): in DATEV bzw. der "
        "Buchhaltung den Buchungsstapel des Zeitraums exportieren",
        "{path}: a DATEV file '{name}' (format category {category}) without bookings. "
        "Customer sales are in the Buchungsstapel (format category 21): export the period's "
        "Buchungsstapel from DATEV or the accounting software",
    ),
    "err.datev_spalten": (
        "{path}: DATEV-Buchungsstapel ohne die Spalte(n) {missing}",
        "{path}: DATEV Buchungsstapel without the column(s) {missing}",
    ),
    "err.datev_keine_debitoren": (
        "{path}: der DATEV-Buchungsstapel hat keine Buchung auf einem Debitorenkonto "
        "({low}–{high}) unter {n} Buchungen: die Umsätze sind ohne Kunden gebucht (Sammelkonto). "
        "Für Kundenwerte den Buchungsstapel mit Personenkonten exportieren (Rechnungsausgang "
        "aus der Fakturierung) oder die Rechnungs-/Auftragszeilen aus der Warenwirtschaft "
        "lesen (Datum, Kunden-Nr, Betrag)",
        "{path}: the DATEV Buchungsstapel has no booking on a debtor account ({low}–{high}) "
        "among {n} bookings: the sales are booked without customers (a collective account). "
        "For customer values export the Buchungsstapel with personal accounts (outgoing "
        "invoices from the billing system) or read the invoice/order lines of the ERP "
        "(date, customer ID, amount)",
    ),
    "err.datev_keine_erloese": (
        "{path}: der DATEV-Buchungsstapel hat {n} Buchungen auf Debitorenkonten, aber keine "
        "gegen ein Erlöskonto (Zahlungen, Verrechnungen): keine Umsätze. Den Stapel der "
        "Ausgangsrechnungen exportieren",
        "{path}: the DATEV Buchungsstapel has {n} bookings on debtor accounts, but none "
        "against a revenue account (payments, offsets): no sales. Export the batch of "
        "outgoing invoices",
    ),
    "msg.datev_erkannt": (
        "DATEV-Buchungsstapel '{name}', Zeitraum {period}: {n} Erlösbuchungen auf "
        "Debitorenkonten ({low}–{high}) als Auftragszeilen gelesen; Kunden-Nr = Debitorenkonto, "
        "Datum = Belegdatum (TTMM) mit dem Jahr des Zeitraums, Betrag nach Soll/Haben",
        "DATEV Buchungsstapel '{name}', period {period}: {n} revenue bookings on debtor "
        "accounts ({low}–{high}) read as order lines; customer ID = debtor account, date = "
        "Belegdatum (DDMM) with the period's year, amount signed by debit/credit",
    ),
    "msg.datev_brutto": (
        "DATEV-Beträge sind brutto, wo das Erlöskonto die Umsatzsteuer automatisch bucht: "
        "Umsatz und CLV enthalten dann die Steuer",
        "DATEV amounts are gross where the revenue account books VAT automatically: revenue "
        "and CLV then include the tax",
    ),
    "msg.datev_keine_erloesbuchung": (
        "Buchung auf dem Debitor gegen Konto {account} (kein Erlöskonto: Zahlung oder "
        "Verrechnung): kein Umsatz",
        "booking on the debtor against account {account} (no revenue account: a payment or "
        "offset): no sale",
    ),
    "msg.datev_weitere": (
        "{n} weitere Buchungen auf Debitoren gegen andere Konten als Erlöskonten: kein Umsatz",
        "{n} more bookings on debtors against accounts other than revenue: no sales",
    ),
    "msg.datev_sachbuchungen": (
        "{n} Buchungen ohne Debitorenkonto ({low}–{high}): keine Kundenumsätze, nicht gelesen",
        "{n} bookings without a debtor account ({low}–{high}): no customer sales, not read",
    ),
    "exp.datev_datum": (
        "Belegdatum TTMM im Zeitraum des Stapels",
        "Belegdatum DDMM within the batch's period",
    ),
    "msg.datev_debitor": (
        "das Debitorenkonto dieser Spalte ist die Kunden-Nr",
        "the debtor account in this column is the customer ID",
    ),
    "msg.datev_seite": (
        "Soll/Haben gibt das Vorzeichen des Betrags",
        "debit/credit gives the amount's sign",
    ),
    "err.sperrdatei": (
        "{path}: die Mappe ist in Excel geöffnet (Sperrdatei); diese Datei hält keine Daten. "
        "Die Mappe selbst lesen: {book}",
        "{path}: the workbook is open in Excel (lock file); this file holds no data. Read the "
        "workbook itself: {book}",
    ),
    "cli.sperrdatei_uebersprungen": (
        "Hinweis: {path} übersprungen: Sperrdatei einer in Excel geöffneten Mappe",
        "Note: {path} skipped: the lock file of a workbook open in Excel",
    ),
    "err.ausgabe_endung": (
        "{path}: das Ergebnis ist eine Excel-Arbeitsmappe und braucht die Endung .xlsx, nicht "
        "{suffix} (unter dieser Endung könnte Excel oder ein anderes Programm sie nicht öffnen)",
        "{path}: the result is an Excel workbook and needs the extension .xlsx, not {suffix} "
        "(under that extension Excel or another program could not open it)",
    ),
    "msg.formel_ohne_wert": (
        "eine Formel ohne gespeicherten Wert (kein Programm hat sie berechnet): als leer "
        "gelesen; die Mappe in Excel öffnen und speichern",
        "a formula without a saved value (no program computed it): read as empty; open and "
        "save the workbook in Excel",
    ),
    "msg.formel_ohne_wert_weitere": (
        "{n} weitere Formeln ohne gespeicherten Wert: als leer gelesen",
        "{n} more formulas without a saved value: read as empty",
    ),
    "msg.map.eigene_spalte": (
        "Formelspalte der Vorlage: wird neu berechnet",
        "a formula column of the template: computed again",
    ),
    "msg.eigene_spalten": (
        "{n} Formelspalten der Vorlage ({columns}) werden bei der Bewertung neu berechnet, "
        "nicht gelesen",
        "{n} formula columns of the template ({columns}) are computed again by the scoring, "
        "not read",
    ),
    "msg.spalte_sichtbar": (
        "'{other}' ist ausgeblendet: die sichtbare Spalte '{used}' wird verwendet",
        "'{other}' is hidden: the visible column '{used}' is used",
    ),
    "cli.w.wiederkaeufe": (
        "zu wenige Wiederkäufe für eine sichere Prognose; CLV aus der Formel (Einzelheiten im "
        "Blatt Auftragshistorie)",
        "too few repeat purchases for a reliable forecast; CLV from the formula (details on "
        "the Order history sheet)",
    ),
    "cli.w.unsicher": (
        "wenige Kunden mit Wiederkauf: die Prognose von CLV und Abwanderung ist unsicher "
        "(Einzelheiten im Blatt Auftragshistorie)",
        "few customers with a repeat purchase: the forecast of CLV and churn is uncertain "
        "(details on the Order history sheet)",
    ),
    "cli.w.bestellwert": (
        "die Bestellwerte passen schlecht zum Modell: der erwartete Bestellwert und damit der "
        "CLV sind unsicher (Einzelheiten im Blatt Auftragshistorie)",
        "the order values fit the model badly: the expected order value and so the CLV are "
        "uncertain (details on the Order history sheet)",
    ),
    "cli.w.bestellwert_gleich": (
        "die Kunden unterscheiden sich kaum im Bestellwert: der erwartete Bestellwert ist fast "
        "der Durchschnitt aller (Einzelheiten im Blatt Auftragshistorie)",
        "the customers hardly differ in their order value: the expected order value is almost "
        "the overall average (details on the Order history sheet)",
    ),
    "exp.datev_waehrung": (
        "Betrag in {main}, der Währung des Stapels: ohne Basis-Umsatz nicht umgerechnet",
        "an amount in {main}, the batch's currency: not converted without a Basis-Umsatz",
    ),
}


def headers_for(
    keys: Sequence[str], lang: Lang = "de", seen: Mapping[str, str] | None = None
) -> str:
    """Column keys as the headers a user looks for: the file's own header where the column was
    found under another name (`seen`, key → header), else ours; a derived factor names the
    input columns it is computed from ("Deckungsbeitrag oder Marge %")."""
    from kundenwert.method.config import DERIVED_INPUTS

    names: list[str] = []
    for key in keys:
        inputs = DERIVED_INPUTS.get(key, (key,))
        shown = [(seen or {}).get(k) or column_label(k, lang) for k in inputs]
        text = f" {t('msg.oder', lang)} ".join(shown)
        if text not in names:
            names.append(text)
    return ", ".join(names)


def message(
    key: str, args: Mapping[str, object], lang: Lang = "de", seen: Mapping[str, str] | None = None
) -> str:
    """A keyed message with its arguments in the chosen language."""
    values = dict(args)
    for name, value in args.items():
        if name.endswith("_cols"):
            values[name] = headers_for([str(v) for v in value], lang, seen)  # type: ignore[attr-defined]
    for name in ("coverage", "minimum"):  # shares as percentages, "15 %" in German
        if isinstance(values.get(name), float):
            share = float(values[name]) * 100  # type: ignore[arg-type]
            values[name] = f"{share:.0f}{'%' if lang == 'en' else ' %'}"
    for name, value in args.items():
        if name.endswith("_count") and isinstance(value, int):
            shown = f"{value:,}"
            values[name] = shown.replace(",", ".") if lang == "de" else shown
        elif name == "sheet_key":
            values["sheet"] = t(str(value), lang)
        elif isinstance(value, Exception):
            values[name] = error_text(value, lang)
    if "score" in values:
        values["score_name"] = t(f"score.{values['score']}", lang)
    if "factor" in values:
        values["factor_name"] = column_label(str(values["factor"]), lang)
    if "how" in values:
        values["how"] = t(f"msg.how.{values['how']}", lang)
    if "source_key" in values:
        values["source"] = t(f"msg.stichtag.{values['source_key']}", lang)
    return t(key, lang).format(**values)


def expected_text(p: Problem, lang: Lang = "de", seen: Mapping[str, str] | None = None) -> str:
    """What a check-sheet row expected, in the chosen language."""
    return message(p.message, dict(p.args), lang, seen) if p.message else p.expected


def error_text(e: Exception, lang: Lang = "de") -> str:
    """An error's message in the chosen language (keyed errors are rendered, others as is)."""
    if isinstance(e, MessageError):
        return message(e.message, e.args_, lang)
    if isinstance(e, MissingColumnsError) and e.keys is not None:
        return missing_columns_text(e, lang)
    return str(e)


def missing_columns_text(e: MissingColumnsError, lang: Lang = "de") -> str:
    """Which required columns a table lacks, named as the headers to add in `lang`."""
    keys = e.keys or []
    expected = [
        f"{column_label(k, lang)} ({t('msg.oder', lang)} {', '.join(BY_KEY[k].aliases[:4])})"
        if lang == "de" and k in BY_KEY
        else column_label(k, lang)
        for k in (e.expected_keys or keys)
    ]
    text = t("err.pflichtspalten", lang).format(
        sheet=e.sheet,
        missing=", ".join(column_label(k, lang) for k in keys),
        found=", ".join(e.found) or t("err.keine", lang),
        expected="; ".join(expected),
    )
    # a line to copy, made of the file's own headers that no column took
    free = [h for h in e.found if match_header(h)[0] is None]
    named = [(k, BY_KEY[k].de if lang == "de" else BY_KEY[k].en) for k in keys if k in BY_KEY]
    if not named:
        return text
    if any(hinted(h, "datum") for h in free) and "kunden_nr" in keys:
        # a date beside it: perhaps order lines, which the date column makes readable
        named.append(("datum", t("datum", lang)))
    proposal = propose_mapping(free, named)
    if not proposal:
        return text
    return f"{text} {t('err.spalte_vorschlag', lang).format(proposal=proposal)}"


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


def effective_weights_lines(
    weights: Mapping[str, Mapping[str, float]],
    lang: Lang = "de",
    seen: Mapping[str, str] | None = None,
) -> list[str]:
    """One line per score with data: the factors this run used and their effective weights
    ("Potenzial-Score aus: Ungenutztes Potenzial 100 %")."""
    lines = []
    for score, parts in weights.items():
        pct = "%" if lang == "en" else " %"
        shown = ", ".join(
            f"{column_label(c, lang) if c not in (seen or {}) else seen[c]} {w * 100:.0f}{pct}"  # type: ignore[index]
            for c, w in parts.items()
        )
        lines.append(message("msg.score_aus", {"score": score, "parts": shown}, lang))
    return lines
