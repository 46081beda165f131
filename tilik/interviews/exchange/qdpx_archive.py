"""The .qdpx container: a zip with one project XML at its root and the source files beside it.

Real exports bend the standard's container rules, and each bend seen in a public export is read here
rather than refused (and said, in ``notices``):

- ATLAS.ti 26 names the XML after the project (``Trial.qde``), not ``project.qde`` (public conformance
  report of qdpx-toolkit, github.com/Ornio-app/qdpx-toolkit, conformance/findings); exactly one
  ``*.qde`` at the root is read, two or more are refused because choosing would be a guess.
- NVivo writes the folder as ``Sources/``, MAXQDA and QualCoder as ``sources/`` (QualCoder's REFI
  importer, github.com/ccbogel/QualCoder src/qualcoder/refi.py); folder names are matched without case.

Only the files that text sources name are read, and only after the zip-bomb check of the whole archive.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tilik.core.security.zipcheck import ZipRefused, zip_members
from tilik.interviews.extract import check_size


def qdpx_max_bytes() -> int:
    return int(getattr(settings, "TILIK_IMPORT_MAX_BYTES", 50 * 1024 * 1024))


@dataclass
class QdpxArchive:
    qde: bytes
    qde_name: str
    zip: zipfile.ZipFile
    names: dict[str, str]  # lower-case member path -> member name as stored
    notices: list[str] = field(default_factory=list)

    def source(self, internal_path: str) -> bytes | None:
        """The bytes of ``internal://<path>`` (looked up in sources/ without regard to case), or None."""
        name = self.names.get(("sources/" + internal_path.lstrip("/")).lower())
        return None if name is None else self.zip.read(name)


def _project_xml_name(names: list[str]) -> tuple[str, str]:
    """(member name, notice) of the project XML at the archive root."""
    root_qde = [n for n in names if "/" not in n and n.lower().endswith(".qde")]
    exact = [n for n in root_qde if n.lower() == "project.qde"]
    if exact:
        return exact[0], ""
    if len(root_qde) == 1:
        notice = _(
            "XML proyek bernama “%(name)s”, bukan project.qde seperti diminta standar (ATLAS.ti menamainya "
            "menurut proyek); berkas itu yang dibaca."
        ) % {"name": root_qde[0][:80]}
        return root_qde[0], notice
    if root_qde:
        raise ValidationError(
            _(
                "Berkas .qdpx memuat beberapa berkas .qde di akarnya (%(names)s) dan tidak ada project.qde; "
                "tidak jelas mana proyeknya."
            )
            % {"names": ", ".join(n[:60] for n in root_qde[:5])}
        )
    raise ValidationError(_("Berkas .qdpx tidak memuat project.qde di akarnya."))


@contextmanager
def open_archive(upload: Any) -> Iterator[QdpxArchive]:
    check_size(upload, qdpx_max_bytes())
    try:
        names = zip_members(upload, upload.size)
    except ZipRefused as exc:
        if exc.reason == "zip_bomb":
            raise ValidationError(_("Berkas .qdpx mengembang terlalu besar saat dibuka; impor ditolak.")) from None
        raise ValidationError(_("Berkas .qdpx bukan arsip zip yang dapat dibaca.")) from None
    qde_name, notice = _project_xml_name(names)
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        lower = {n.lower(): n for n in names if not n.endswith("/")}
        yield QdpxArchive(
            qde=archive.read(qde_name),
            qde_name=qde_name,
            zip=archive,
            names=lower,
            notices=[notice] if notice else [],
        )
