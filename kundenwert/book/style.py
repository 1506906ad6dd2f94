"""Colours and number formats: the one place the look of every workbook is decided."""

from __future__ import annotations

from kundenwert.method.config import Segment

#: Quadrant colours, used for chart markers and segment cells alike.
SEGMENT_COLOURS: dict[Segment, str] = {
    "top": "43A047",  # green: the best place to be
    "wachstum": "1E88E5",  # blue: invest here
    "stamm": "FFB300",  # amber: secure efficiently
    "klein": "AB47BC",  # violet: lean service
}
THRESHOLD_COLOUR = "616161"
#: The ring around a point whose segment hangs on one estimate.
FRAGILE_COLOUR = "212121"
HEADER_FILL = "1F3864"
#: The one fill of every cell open for input (team ratings, the lookup's customer number).
INPUT_FILL = "FFF2CC"
#: Cells that need attention (a weight total that is not 100 %).
WARN_FILL = "F8CBAD"
#: The one font family of every workbook; a font without a name renders as serif elsewhere.
FONT = "Calibri"
ABC_COLOURS = {"A": "C8E6C9", "B": "FFF9C4", "C": "ECEFF1", "Z": "FFCDD2", "O": "E1F5FE"}

MONEY = '#,##0 "€"'
SCORE = "0.0"
PERCENT = "0.0 %"
INTEGER = "0"
DATE = "DD.MM.YYYY"
#: Text: Excel keeps what is typed ("000123" stays "000123", not the number 123).
TEXT = "@"
