"""Parts of a REFI-QDA project that Tilik has no place for, counted so that none is dropped unsaid.

Tilik keeps codes, code sets, text sources and coded text selections (with their memos). Cases and
variables (MAXQDA, NVivo and Quirkos put document attributes there), graphs, links (NVivo links its
annotations to selections through them), notes that no imported selection refers to (journals, code
and document memos, annotations) and descriptions of sources and of the project are listed here.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def _names(elements: list[Any]) -> str:
    names = [(el.get("name") or "").strip()[:40] for el in elements]
    shown = ", ".join(f"“{n}”" for n in names[:3] if n)
    return f" ({shown}{', …' if len(names) > 3 else ''})" if shown else ""


def unread_parts(root: Any, ns: str, used_notes: set[str]) -> list[str]:
    """Indonesian lines, one per kind of thing in ``root`` that the import leaves behind."""
    lines: list[str] = []
    cases = root.findall(f"{ns}Cases/{ns}Case")
    if cases:
        lines.append(
            _("%(n)d kasus (Case)%(names)s tidak diimpor: Tilik tidak menyimpan kasus dan atributnya.")
            % {"n": len(cases), "names": _names(cases)}
        )
    variables = root.findall(f"{ns}Variables/{ns}Variable")
    if variables:
        lines.append(
            _("%(n)d variabel/atribut%(names)s tidak diimpor: data narasumber di Tilik diisi pada wawancaranya.")
            % {"n": len(variables), "names": _names(variables)}
        )
    graphs = root.findall(f"{ns}Graphs/{ns}Graph")
    if graphs:
        lines.append(_("%(n)d grafik (Graph) tidak diimpor.") % {"n": len(graphs)})
    links = root.findall(f"{ns}Links/{ns}Link")
    if links:
        lines.append(_("%(n)d tautan (Link) antarbagian proyek tidak diimpor.") % {"n": len(links)})
    notes = [n for n in root.findall(f"{ns}Notes/{ns}Note") if (n.get("guid") or "").lower() not in used_notes]
    if notes:
        lines.append(
            _(
                "%(n)d catatan (Note)%(names)s tidak diimpor: hanya catatan yang melekat pada segmen berkode "
                "yang masuk (sebagai memo segmen); jurnal, memo kode atau dokumen, dan anotasi tidak."
            )
            % {"n": len(notes), "names": _names(notes)}
        )
    sources = root.find(f"{ns}Sources")
    children = list(sources) if sources is not None else []
    described = [s for s in children if (s.findtext(f"{ns}Description") or "").strip()]
    if described:
        lines.append(_("Keterangan (Description) pada %(n)d sumber tidak diimpor.") % {"n": len(described)})
    if (root.findtext(f"{ns}Description") or "").strip():
        lines.append(_("Keterangan proyek (Description) tidak diimpor."))
    return lines
