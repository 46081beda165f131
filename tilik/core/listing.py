"""The evaluator's list pages: one filtered queryset, shown a page at a time, sortable, exported whole to XLSX.

django-filter parses the filters and the sort order (its ``OrderingFilter`` reads ``?o=``); this module
adds what the library leaves to the view: column headers that sort, page links that keep the filters,
and the XLSX of every filtered row (not only the page shown), audited as a personal-data export.

An export of more than TILIK_EXPORT_BACKGROUND_ROWS rows is not built in the request: it is queued as a
background job (tilik/jobs/list_export.py, registered here by the jobs app at start-up), which runs the same
view again as its owner and writes the workbook with progress; the job page offers the download (audited
then). Smaller exports stay immediate.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from openpyxl import Workbook

from tilik.core.audit import audit_export
from tilik.core.cells import neutralise

PER_PAGE = 50
PROGRESS_EVERY = 1000  # rows between two progress reports of a background export
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What queues an export too large for the request: ``enqueue(request, filename=..., total=...)``, registered by
# the jobs app when Django starts (tilik.jobs.apps), so this module — below the jobs app — imports no job code.
_background_export: list[Callable[..., HttpResponse]] = []


def register_background_export(enqueue: Callable[..., HttpResponse]) -> None:
    """Name the function that queues a large export (tilik.jobs.list_export.list_export_enqueue)."""
    _background_export[:] = [enqueue]


@dataclass(frozen=True)
class Column:
    """One column of a list: its header, the ``o=`` key that sorts it (None: not sortable) and its export value."""

    label: Any  # a lazy translation
    order: str | None = None
    export: Callable[[Any], Any] | None = None
    css: str = ""  # "n" right-aligns numbers


@dataclass(frozen=True)
class Header:
    label: Any
    url: str | None
    direction: str  # "asc", "desc" or "" (not the current sort)
    css: str


def headers(request: HttpRequest, columns: Sequence[Column], *, param: str = "o") -> list[Header]:
    """Column headers linking to the same list sorted by that column (a second click reverses it)."""
    current = request.GET.get(param, "")
    out = []
    for column in columns:
        if column.order is None:
            out.append(Header(column.label, None, "", column.css))
            continue
        direction = "asc" if current == column.order else "desc" if current == f"-{column.order}" else ""
        query = request.GET.copy()
        query[param] = f"-{column.order}" if direction == "asc" else column.order
        query.pop("page", None)
        out.append(Header(column.label, f"?{query.urlencode()}", direction, column.css))
    return out


def paginate(request: HttpRequest, items: Any, *, per_page: int = PER_PAGE) -> Page:
    """The requested page (a bad or too-high number gives the nearest valid page, never an error)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def page_context(
    request: HttpRequest, rows: Any, columns: Sequence[Column], *, per_page: int = PER_PAGE
) -> dict[str, Any]:
    """What every list template needs: the page, sortable headers and the query its page links keep."""
    return {
        "page": paginate(request, rows, per_page=per_page),
        "headers": headers(request, columns),
        "query": page_query(request),
    }


def page_query(request: HttpRequest) -> str:
    """The query string without ``page`` (for page links) — filters and sort survive paging."""
    query: QueryDict = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def xlsx_bytes(
    *, sheet: str, columns: Sequence[Column], rows: Iterable[Any], on_row: Callable[[int], None] | None = None
) -> tuple[bytes, int]:
    """(workbook bytes, number of data rows): one header row, then one row per object.

    Export values that must stay text (NIP: 18 digits would lose precision as a number) are given as str.
    A QuerySet is read in chunks (not cached whole); ``on_row(count)`` is called every PROGRESS_EVERY rows.
    """
    book = Workbook(write_only=True)  # rows go to a temporary file as they are added, not held in memory
    ws = book.create_sheet(sheet[:31])
    exported = [c for c in columns if c.export is not None]
    ws.append([str(c.label) for c in exported])
    count = 0
    for obj in rows.iterator(chunk_size=2000) if isinstance(rows, QuerySet) else rows:
        ws.append([neutralise(c.export(obj)) for c in exported])  # type: ignore[misc]
        count += 1
        if on_row is not None and count % PROGRESS_EVERY == 0:
            on_row(count)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), count


def in_chunks(rows: QuerySet, pks: Sequence[Any], *, size: int = 500) -> Iterator[Any]:
    """The rows of ``rows`` whose keys are ``pks`` (in that order), fetched ``size`` at a time by key.

    Each chunk is a finished query, so no read cursor stays open between chunks: on SQLite an open cursor
    keeps the connection's snapshot, and a progress write made meanwhile fails once anyone else has written.
    """
    for start in range(0, len(pks), size):
        chunk = pks[start : start + size]
        found = {obj.pk: obj for obj in rows.filter(pk__in=chunk)}
        yield from (found[pk] for pk in chunk if pk in found)


def background_rows() -> int:
    """Exports of more rows than this run as a background job (TILIK_EXPORT_BACKGROUND_ROWS)."""
    return int(settings.TILIK_EXPORT_BACKGROUND_ROWS)


def count_rows(rows: Iterable[Any], *, limit: int) -> tuple[Iterable[Any], int | None]:
    """(rows to iterate, their number, or None when an iterator holds more than ``limit``).

    A QuerySet is counted by the database; any other iterable is read up to ``limit + 1`` rows, which are
    kept and given back in front of the rest.
    """
    if isinstance(rows, QuerySet):
        return rows, rows.count()
    if isinstance(rows, Sequence):
        return rows, len(rows)
    iterator: Iterator[Any] = iter(rows)
    head = list(itertools.islice(iterator, limit + 1))
    if len(head) > limit:
        return itertools.chain(head, iterator), None
    return head, len(head)


def xlsx_response(
    request: HttpRequest, *, filename: str, sheet: str, columns: Sequence[Column], rows: Iterable[Any], what: str
) -> HttpResponse:
    """The XLSX download of ``rows``, recorded in the audit log as an export (who, what, how many rows).

    More than ``background_rows()`` rows: queued as a background job instead (redirect to its page).
    """
    in_job = getattr(request, "tilik_export_job", None)
    if in_job is not None:  # the worker running this view again for a queued export
        return in_job(filename=filename, sheet=sheet, columns=columns, rows=rows, what=what)
    rows, total = count_rows(rows, limit=background_rows())
    if total is None or total > background_rows():
        if not _background_export:
            raise ImproperlyConfigured("No background export registered (tilik.jobs is not installed).")
        return _background_export[0](request, filename=filename, total=total)
    content, count = xlsx_bytes(sheet=sheet, columns=columns, rows=rows)
    audit_export(actor=request.user, what=what, rows=count, fmt="xlsx", query=request.GET.urlencode())
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def wants_export(request: HttpRequest) -> bool:
    return request.GET.get("unduh") == "xlsx"
