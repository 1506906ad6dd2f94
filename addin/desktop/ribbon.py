"""The Kundenwert ribbon tab as customUI XML, in the user's language (labels from
kundenwert.book.labels, shared with the Start sheet's buttons)."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from kundenwert.book.labels import t
from kundenwert.language import Lang

MODULE = "KundenwertRibbon"  # the VBA module with the callbacks (KundenwertRibbon.bas)
#: (label key, VBA callback, Office icon) of the buttons that run a script
SCRIPT_BUTTONS = (
    ("button.bewerten", "KW_Bewerten", "CalculateNow"),
    ("button.matrix", "KW_Matrix", "ChartTypeXYScatterInsertGallery"),
    ("button.wachstum", "KW_Wachstumstabelle", "TableInsert"),
    ("button.pruefen", "KW_Pruefen", "ReviewRestrictEditing"),
)
FUNCTIONS_BUTTON = ("button.funktionen", "KW_FunktionenImportieren", "FunctionWizard")


def _button(key: str, callback: str, icon: str, lang: Lang) -> str:
    return (
        f'<button id="{callback}" label={quoteattr(t(key, lang))} size="large" '
        f'imageMso="{icon}" onAction="{MODULE}.{callback}" '
        f"screentip={quoteattr(t(key, lang))} supertip={quoteattr(t(f'{key}.info', lang))}/>"
    )


def custom_ui(lang: Lang = "de") -> str:
    """The ribbon tab `Kundenwert` (Office 2010 and later: the 2009/07 customUI schema)."""
    scripts = "".join(_button(*b, lang) for b in SCRIPT_BUTTONS)
    return (
        '<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui">'
        '<ribbon><tabs><tab id="kundenwertTab" label="Kundenwert">'
        f'<group id="kundenwertGroup" label={quoteattr(t("ribbon.gruppe", lang))}>{scripts}</group>'
        f'<group id="kundenwertFunctions" label={quoteattr(t("ribbon.funktionen", lang))}>'
        f"{_button(*FUNCTIONS_BUTTON, lang)}</group>"
        "</tab></tabs></ribbon></customUI>"
    )
