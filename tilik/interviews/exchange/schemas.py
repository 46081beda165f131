"""The official REFI-QDA XML Schemas (vendored in tilik/interviews/schemas/) as an independent judge.

lxml validates; the input is first parsed by defusedxml elsewhere, and lxml here never resolves
entities, loads a DTD or touches the network.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from lxml import etree  # type: ignore[import-untyped]

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
FILES = {"codebook": "Codebook.xsd", "project": "Project.xsd"}
Kind = Literal["codebook", "project"]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@cache
def schema(kind: Kind) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / FILES[kind]), _parser()))


def schema_errors(data: bytes, kind: Kind, limit: int = 20) -> list[str]:
    """The schema's complaints about ``data`` ("line N: message"), empty when it is valid."""
    try:
        document = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        return [str(exc)]
    checker = schema(kind)
    if checker.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in list(checker.error_log)[:limit]]
