Attribute VB_Name = "Kundenwert"
' Ribbon callbacks of the Kundenwert add-in: each runs one script through xlwings' RunPython.
Sub KW_Bewerten(control As IRibbonControl)
    RunPython "from kundenwert.addin.desktop import run; run('bewerten')"
End Sub

Sub KW_Matrix(control As IRibbonControl)
    RunPython "from kundenwert.addin.desktop import run; run('matrix')"
End Sub

Sub KW_Wachstumstabelle(control As IRibbonControl)
    RunPython "from kundenwert.addin.desktop import run; run('wachstumstabelle')"
End Sub

Sub KW_Pruefen(control As IRibbonControl)
    RunPython "from kundenwert.addin.desktop import run; run('pruefen')"
End Sub
