"""Writing what an exchange file brought: a codebook with its sets (all or nothing, audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tilik.core.audit import audit_record
from tilik.interviews.exchange.common import CodebookFile, SetSpec
from tilik.interviews.models import Codebook, CodeSet
from tilik.interviews.services_codes import codebook_create


def create_sets(*, codebook: Codebook, sets: list[SetSpec]) -> list[CodeSet]:
    by_guid = {code.guid: code for code in codebook.codes.all()}
    created = []
    for spec in sets:
        code_set = CodeSet(codebook=codebook, name=spec.name, description=spec.description)
        if spec.guid is not None:
            code_set.guid = spec.guid
        code_set.full_clean()
        code_set.save()
        code_set.codes.set([by_guid[g] for g in dict.fromkeys(spec.members) if g in by_guid])
        created.append(code_set)
    return created


@transaction.atomic
def codebook_import(*, by: Any, name: str, parsed: CodebookFile, program: Any = None) -> Codebook:
    """Create a codebook from a parsed .qdc/.csv: codes, then sets; one audit event says what came."""
    codebook = codebook_create(by=by, name=name, program=program, codes=parsed.codes, origin=parsed.origin)
    code_sets = create_sets(codebook=codebook, sets=parsed.sets)
    audit_record(
        actor=by,
        action="codebook.import",
        target=codebook,
        origin=parsed.origin[:200],
        codes=codebook.codes.count(),
        sets=len(code_sets),
        not_kept=len(parsed.warnings),
    )
    return codebook
