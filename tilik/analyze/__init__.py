"""`tilik analyze`: run the pure `analysis` package on a CSV/XLSX file from the command line.

A presenter only: it reads and checks the spreadsheet (so errors can name the
column and the spreadsheet row), calls `analysis`, and prints a summary or
JSON. It never imports Django, so it starts fast and works without a database.
"""
