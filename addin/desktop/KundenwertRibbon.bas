Attribute VB_Name = "KundenwertRibbon"
' Callbacks of the Kundenwert ribbon tab. Each button runs one script of kundenwert.addin.desktop
' on the active workbook through RunPython, which the xlwings module of this add-in provides.
Option Explicit

' Language of the sheets the scripts write ("kundenwert addin --lang en" builds it as "en").
Private Const SPRACHE As String = "de"

Private Sub RunScript(script As String)
    RunPython "from kundenwert.addin.desktop import run; run('" & script & "', '" & SPRACHE & "')"
End Sub

Sub KW_Bewerten(control As IRibbonControl)
    RunScript "bewerten"
End Sub

Sub KW_Matrix(control As IRibbonControl)
    RunScript "matrix"
End Sub

Sub KW_Wachstumstabelle(control As IRibbonControl)
    RunScript "wachstumstabelle"
End Sub

Sub KW_Pruefen(control As IRibbonControl)
    RunScript "pruefen"
End Sub

Sub KW_FunktionenImportieren(control As IRibbonControl)
    ' Windows only: writes the KW worksheet functions into this add-in as VBA stubs (needs
    ' "Trust access to the VBA project object model") and saves the add-in so they stay.
    ImportPythonUDFsToAddin
    ThisWorkbook.Save
End Sub
