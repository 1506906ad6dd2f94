"""Every user-visible label of the output, German first, English second.

One table of (German, English) pairs; `t(key, lang)` picks one. Column headers of the input
table live in `columns.py`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kundenwert.cells.columns import BY_KEY
from kundenwert.errors import MessageError, Problem
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
    "team.titel": ("So arbeiten Sie mit dieser Teammappe", "How to use this team workbook"),
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
    # reading real exports and scoring with gaps (messages of the check sheet and console;
    # arguments named *_cols are shown as the headers to look for or to add)
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
    "msg.score_ohne_daten": (
        "{score_name}: keine Spalte mit Daten; zu wenige Daten für alle Kunden. Bitte Spalten "
        "ergänzen: {factor_cols}. Die Schätzungen der Teams mit 'kundenwert template' oder "
        "'kundenwert split' einsammeln.",
        "{score_name}: no column with data; too little data for every customer. Please add "
        "columns: {factor_cols}. Collect the teams' estimates with 'kundenwert template' or "
        "'kundenwert split'.",
    ),
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
    if "score" in values:
        values["score_name"] = t(f"score.{values['score']}", lang)
    if "how" in values:
        values["how"] = t(f"msg.how.{values['how']}", lang)
    if "given" in values:
        values["source"] = t(
            "msg.stichtag.gesetzt" if values["given"] else "msg.stichtag.heute", lang
        )
    return t(key, lang).format(**values)


def expected_text(p: Problem, lang: Lang = "de", seen: Mapping[str, str] | None = None) -> str:
    """What a check-sheet row expected, in the chosen language."""
    return message(p.message, dict(p.args), lang, seen) if p.message else p.expected


def error_text(e: Exception, lang: Lang = "de") -> str:
    """An error's message in the chosen language (keyed errors are rendered, others as is)."""
    if isinstance(e, MessageError):
        return message(e.message, e.args_, lang)
    return str(e)


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
