"""Reading and writing .xlsx files (openpyxl, calamine) and the LibreOffice bridge."""
