"""Writes for codebooks and codes, including the starter codebook and imports of parsed codebooks."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.interviews.guides import STARTER_CODES, StarterCode
from tilik.interviews.models import Code, Codebook, Segment

CODE_FIELDS = {"name", "description", "color", "keywords", "position"}


@dataclass
class CodeSpec:
    """A code read from a file or from the starter list, before it is stored."""

    name: str
    description: str = ""
    color: str = "#4E79A7"
    keywords: str = ""
    guid: uuid.UUID | None = None
    children: list[CodeSpec] = field(default_factory=list)
    is_codable: bool = True


def _spec_from_starter(code: StarterCode) -> CodeSpec:
    return CodeSpec(
        code.name,
        code.description,
        code.color,
        code.keywords,
        children=[_spec_from_starter(c) for c in code.children],
    )


def _create_tree(
    codebook: Codebook, specs: Sequence[CodeSpec], parent: Code | None, counter: list[int]
) -> None:
    for spec in specs:
        counter[0] += 1
        code = Code(
            codebook=codebook,
            parent=parent,
            name=spec.name.strip(),
            description=spec.description,
            color=spec.color.upper(),  # "" = no colour (an imported code without one)
            is_codable=spec.is_codable,
            keywords=spec.keywords,
            guid=spec.guid or uuid.uuid4(),
            position=counter[0],
        )
        try:
            code.full_clean()
        except ValidationError as exc:
            raise ValidationError(
                _("Kode “%(name)s” tidak valid: %(errors)s")
                % {"name": spec.name[:80], "errors": "; ".join(exc.messages)}
            ) from None
        code.save()
        _create_tree(codebook, spec.children, code, counter)


def _check_unique(specs: Sequence[CodeSpec]) -> None:
    names: set[str] = set()
    guids: set[uuid.UUID] = set()

    def walk(items: Sequence[CodeSpec]) -> None:
        for spec in items:
            key = spec.name.strip().casefold()
            if not key:
                raise ValidationError(_("Ada kode tanpa nama."))
            if key in names:
                raise ValidationError(
                    _(
                        "Nama kode “%(name)s” muncul lebih dari sekali; nama kode dalam satu buku "
                        "kode harus unik."
                    )
                    % {"name": spec.name[:80]}
                )
            names.add(key)
            if spec.guid is not None:
                if spec.guid in guids:
                    raise ValidationError(
                        _("GUID kode %(guid)s muncul lebih dari sekali.") % {"guid": spec.guid}
                    )
                guids.add(spec.guid)
            walk(spec.children)

    walk(specs)


@transaction.atomic
def codebook_create(
    *,
    by: Any,
    name: str,
    program: Any = None,
    description: str = "",
    starter: bool = False,
    codes: Sequence[CodeSpec] = (),
    origin: str = "",
) -> Codebook:
    """Create a codebook, empty, from the starter themes, or from parsed codes (an import)."""
    codebook = Codebook(name=name.strip(), program=program, description=description, origin=origin[:200])
    codebook.full_clean()
    codebook.save()
    specs = list(codes) or ([_spec_from_starter(c) for c in STARTER_CODES] if starter else [])
    _check_unique(specs)
    _create_tree(codebook, specs, None, [0])
    audit_record(
        actor=by,
        action="codebook.create",
        target=codebook,
        starter=starter,
        origin=origin[:200],
        codes=codebook.codes.count(),
    )
    return codebook


@transaction.atomic
def code_create(
    *,
    by: Any,
    codebook: Codebook,
    name: str,
    parent: Code | None = None,
    description: str = "",
    color: str = "#4E79A7",
    keywords: str = "",
) -> Code:
    if parent is not None and parent.codebook_id != codebook.pk:
        raise ValidationError({"parent": _("Kode induk harus dari buku kode yang sama.")})
    last = codebook.codes.aggregate(m=Max("position"))["m"] or 0
    code = Code(
        codebook=codebook,
        parent=parent,
        name=name.strip(),
        description=description,
        color=color.upper(),
        keywords=keywords,
        position=last + 1,
    )
    code.full_clean()
    code.save()
    audit_record(actor=by, action="code.create", target=code, codebook=codebook.pk)
    return code


@transaction.atomic
def code_update(*, code: Code, by: Any, parent: Code | None | object = ..., **fields: Any) -> Code:
    unknown = set(fields) - CODE_FIELDS
    if unknown:
        raise TypeError(f"unknown code fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(code, key, value.strip() if key == "name" else value)
    if "color" in fields:
        code.color = code.color.upper()
    if parent is not ...:
        if parent is not None and not isinstance(parent, Code):
            raise TypeError("parent must be a Code or None")
        ancestor = parent
        while ancestor is not None:
            if ancestor.pk == code.pk:
                raise ValidationError(
                    {"parent": _("Kode tidak boleh menjadi induk dari dirinya sendiri atau dari turunannya.")}
                )
            ancestor = ancestor.parent
        if parent is not None and parent.codebook_id != code.codebook_id:
            raise ValidationError({"parent": _("Kode induk harus dari buku kode yang sama.")})
        code.parent = parent
    code.full_clean()
    code.save()
    audit_record(
        actor=by, action="code.update", target=code, fields=sorted(fields), parent_changed=parent is not ...
    )
    return code


@transaction.atomic
def code_delete(*, code: Code, by: Any, confirmed: bool = False) -> dict[str, int]:
    """Delete a code. Its children move up one level. When segments use it, the caller must confirm:
    segments left with no code are deleted, the others lose this code. Returns the counts."""
    used = Segment.objects.filter(codes=code)
    n_used = used.count()
    if n_used and not confirmed:
        raise ValidationError(
            _("Kode “%(name)s” dipakai oleh %(n)d segmen. Konfirmasi dulu untuk menghapusnya.")
            % {"name": code.name, "n": n_used}
        )
    orphan_ids = [s.pk for s in used.prefetch_related("codes") if len(s.codes.all()) == 1]
    n_children = code.children.update(parent=code.parent)
    audit_record(
        actor=by,
        action="code.delete",
        target=code,
        codebook=code.codebook_id,
        segments_using=n_used,
        segments_deleted=len(orphan_ids),
        children_moved=n_children,
    )
    Segment.objects.filter(pk__in=orphan_ids).delete()
    code.delete()
    return {"segments_using": n_used, "segments_deleted": len(orphan_ids), "children_moved": n_children}


@transaction.atomic
def codebook_delete(*, codebook: Codebook, by: Any) -> None:
    audit_record(
        actor=by,
        action="codebook.delete",
        target=codebook,
        codes=codebook.codes.count(),
        segments=codebook.segments.count(),
    )
    codebook.segments.all().delete()
    # Children are PROTECTed against their parent's deletion: detach first.
    codebook.codes.update(parent=None)
    codebook.delete()
