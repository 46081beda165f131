"""The full 20 JP list: every active ASN in the user's scope, a page at a time, filtered, exported whole."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tilik.core import listing
from tilik.core.audit import audit_view
from tilik.core.listing import Column
from tilik.org.scope import visible_units
from tilik.programs import selectors_jp
from tilik.programs.filters import JPFilter
from tilik.programs.selectors_jp_list import jp_people, opd_names
from tilik.programs.views_common import pick_year, scope, scoped_readers_required


def _columns(target: float, opd: dict[int, str]) -> tuple[Column, ...]:
    goal = Decimal(str(target))
    return (
        Column(gettext_lazy("Nama"), "name", lambda e: e.name),
        Column("NIP", "nip", lambda e: e.nip),
        Column(gettext_lazy("Jenis ASN"), None, lambda e: e.employment_type, css="hide-sm"),
        Column(gettext_lazy("Unit"), "unit", lambda e: e.unit_name),
        Column("OPD", None, lambda e: opd.get(e.current_unit_id, ""), css="hide-sm"),
        Column("JP", "jp", lambda e: float(e.jp_total), css="n"),
        Column(gettext_lazy("Kekurangan"), None, lambda e: float(max(goal - e.jp_total, Decimal(0))), css="n"),
    )


@scoped_readers_required
def jp_list(request: HttpRequest) -> HttpResponse:
    years = selectors_jp.jp_years() or [timezone.localdate().year]
    year = pick_year(request, years) or years[0]
    units, _min_cell = scope(request)
    target = float(settings.TILIK_JP_TARGET)
    filterset = JPFilter(request.GET or None, queryset=jp_people(year, units=units),
                         units=visible_units(request.user), target=target)
    rows = filterset.qs
    opd = opd_names()
    columns = _columns(target, opd)
    if listing.wants_export(request):
        return listing.xlsx_response(request, filename=f"jp-{year}", sheet=f"JP {year}", rows=rows,
                                     columns=columns, what=f"programs.jp_list:year={year}")
    page = listing.paginate(request, rows)
    people: list[dict[str, Any]] = [
        {"e": e, "opd": opd.get(e.current_unit_id, ""), "gap": max(Decimal(str(target)) - e.jp_total, Decimal(0))}
        for e in page
    ]
    audit_view(request, what=f"programs.jp_list:year={year}", rows=len(people))  # names and NIPs
    return render(request, "programs/manage/jp_list.html", {
        "filter": filterset, "page": page, "people": people, "years": years, "year": year, "target": target,
        "headers": listing.headers(request, columns), "query": listing.page_query(request),
    })
