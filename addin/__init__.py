"""Ribbon and task-pane scripts (kundenwert.addin), their pure actions and the xlwings renderer."""
