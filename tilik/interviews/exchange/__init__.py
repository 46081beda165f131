"""Exchange with other qualitative-analysis software: REFI-QDA codebooks (.qdc), projects (.qdpx), CSV.

Parsers turn a file into plain specs or refuse it with an Indonesian message (nothing is written
until the whole file has parsed, and what was not kept is listed); writers turn stored data into
bytes that the official REFI-QDA schemas accept (tilik/interviews/schemas/, checked in tests).
XML is parsed with defusedxml (no entities, no external DTDs).
"""

from tilik.interviews.exchange.codes_csv import CSV_COLUMNS, export_csv, parse_codebook_upload, parse_csv
from tilik.interviews.exchange.codes_qdc import NS, export_qdc, parse_qdc
from tilik.interviews.exchange.common import ORIGIN, CodebookFile, SetSpec
from tilik.interviews.exchange.qdpx_export import export_qdpx
from tilik.interviews.exchange.qdpx_read import ProjectPlan, read_qdpx

__all__ = [
    "CSV_COLUMNS",
    "NS",
    "ORIGIN",
    "CodebookFile",
    "ProjectPlan",
    "SetSpec",
    "export_csv",
    "export_qdc",
    "export_qdpx",
    "parse_codebook_upload",
    "parse_csv",
    "parse_qdc",
    "read_qdpx",
]
