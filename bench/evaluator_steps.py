"""Benchmark: the evaluator's bulk steps through Tilik's own pages, against the spreadsheet they replace (issue 17).

"Each step is as quick as the spreadsheet it replaces": for five bulk steps, on the demo city (`tilik demo`,
1,500 ASN; migrate and demo untimed), an evaluator drives the real pages with Django's test client:

1. enrol 60 ASN into an angkatan from an XLSX of their NIPs (the angkatan's *Impor NIP* page);
2. record attendance of an angkatan of 30 over 5 days (Mon–Fri), 2 no-shows with their reason (the grid);
3. import 60 new ASN from an XLSX (the import wizard: upload, preview, apply; the write is a background job);
4. import a performance XLSX: one SKP rating per ASN for the whole city (same wizard);
5. export the 20 JP list of all ASN to XLSX.

Per step it records the server time (the requests' wall time in this process, and for the imports the
worker's job run in-process — `tilik worker --batch` — separately) and the user actions the page needs,
counted from the pages themselves: every link followed must be on the page shown (else the benchmark
fails); a form starts from the values the page shows, and each field the step must change costs actions —
a checkbox 1 click, a select 2 clicks (open, choose), a text field 1 click plus one keystroke per
character, a file 1 upload (the dialog's clicks not counted) — and its submit button 1 click.
Counting starts on the page named in ``start`` (the angkatan page, the ASN list, the import page, the
20 JP page) and ends when the result is shown (for imports: the job page, which refreshes by itself).

The spreadsheet baseline is the same work in the BKPSDM workbook: ``sheet_cells`` the cells typed by hand,
``sheet_actions`` the fewest actions with copy-paste and fill-down (each paste, fill or typed cell 1
action), from the source file the Tilik step also starts from. Both are stated per step in ``notes``.

    .venv/bin/python bench/evaluator_steps.py [--quick] [--out bench/results/evaluator_steps.json]

``--quick``: a 300-ASN demo city (same steps; the performance file is then 300 rows).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from _common import REPO_ROOT, bench_args, tilik_demo, tilik_env, tilik_migrate, write_result

NAME = "evaluator_steps"
ENROL_N = 60
GRID_N, GRID_DAYS, NO_SHOWS = 30, 5, 2
NEW_ASN = 60


@dataclass
class Step:
    start: str  # the page the count starts on
    request_s: float = 0.0  # server time of the step's requests (this process, test client)
    job_s: float = 0.0  # the background job's run, when the step queues one
    clicks: int = 0
    keystrokes: int = 0
    uploads: int = 0
    requests: int = 0
    log: list[str] = field(default_factory=list)

    @property
    def actions(self) -> int:
        return self.clicks + self.keystrokes + self.uploads


class Evaluator:
    """The test client as a person: follows links the page shows and submits its forms, counting actions."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.page: Any = None
        self.url = ""
        self.step = Step(start="")

    def _timed(self, method: str, url: str, **kw: Any) -> Any:
        t = time.perf_counter()
        response = getattr(self.client, method)(url, **kw)
        self.step.request_s += time.perf_counter() - t
        self.step.requests += 1
        while response.status_code in (301, 302, 303):
            url = response["Location"]
            t = time.perf_counter()
            response = self.client.get(url)
            self.step.request_s += time.perf_counter() - t
            self.step.requests += 1
        if response.status_code != 200:
            raise RuntimeError(f"{method.upper()} {url}: {response.status_code}\n{response.content[:2000]!r}")
        self.url = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
        return response

    def begin(self, name: str, url: str) -> Step:
        """Open the step's start page (not counted: the evaluator is there)."""
        self.step = Step(start=url)
        self._load(self._timed("get", url))
        self.step.request_s = 0.0
        self.step.requests = 0
        self.step.log.append(f"start {url}")
        return self.step

    def _load(self, response: Any) -> None:
        import lxml.html

        self.response = response
        is_html = "text/html" in response.get("Content-Type", "")
        self.page = lxml.html.fromstring(response.content) if is_html else None

    def click_link(self, href: str) -> Any:
        """Follow a link the current page shows: ``href`` exactly, or the first link to that path."""
        hrefs = [a.get("href") for a in self.page.iterfind(".//a[@href]")]
        if href not in hrefs:
            same_path = [h for h in hrefs if urlsplit(h).path == href]
            if not same_path:
                raise RuntimeError(f"{self.url} shows no link to {href}")
            href = same_path[0]
        self.step.clicks += 1
        self.step.log.append(f"click {href}")
        target = href if href.startswith("/") else urlsplit(self.url).path + href
        response = self._timed("get", target)
        self._load(response)
        return response

    def submit(
        self,
        form_xpath: str,
        *,
        set_: dict[str, Any] | None = None,
        files: dict[str, tuple[str, bytes]] | None = None,
        check: dict[str, list[str]] | None = None,
        button: tuple[str, str] | None = None,
    ) -> Any:
        """Submit the form at ``form_xpath`` after changing fields as a person would; count what changed.

        ``set_``: text or select fields by name; ``check``: checkbox name -> values to tick (others of that
        name as the page shows them); ``files``: file inputs by name; ``button``: the (name, value) of the
        form's submit button pressed, when it is not the nameless default."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        forms = self.page.xpath(form_xpath)
        if len(forms) != 1:
            raise RuntimeError(f"{self.url}: {len(forms)} forms match {form_xpath}")
        form = forms[0]
        data: dict[str, list[str]] = {}
        for name, value in form.form_values():
            data.setdefault(name, []).append(value)
        for name, value in (set_ or {}).items():
            element = form.xpath(f'.//*[@name="{name}"]')
            if not element:
                raise RuntimeError(f"{self.url}: no field {name}")
            if element[0].tag == "select":
                options = [o.get("value") for o in element[0].iterfind(".//option")]
                if str(value) not in options:
                    raise RuntimeError(f"{self.url}: {name} has no option {value}")
                if data.get(name) != [str(value)]:
                    self.step.clicks += 2
            else:
                if data.get(name, [""]) != [str(value)]:
                    self.step.clicks += 1
                    self.step.keystrokes += len(str(value))
            data[name] = [str(value)]
        for name, values in (check or {}).items():
            boxes = form.xpath(f'.//input[@type="checkbox"][@name="{name}"]')
            offered = {b.get("value") for b in boxes}
            if not set(values) <= offered:
                raise RuntimeError(f"{self.url}: {name} offers no box for {sorted(set(values) - offered)}")
            shown = {b.get("value") for b in boxes if b.get("checked") is not None}
            self.step.clicks += len(shown.symmetric_difference(values))
            data[name] = list(values)
        payload: dict[str, Any] = {k: v for k, v in data.items() if v}  # a list posts every value
        for name, (filename, content) in (files or {}).items():
            if not form.xpath(f'.//input[@type="file"][@name="{name}"]'):
                raise RuntimeError(f"{self.url}: no file input {name}")
            self.step.uploads += 1
            payload[name] = SimpleUploadedFile(filename, content)
        if button is not None:
            if not form.xpath(f'.//button[@type="submit"][@name="{button[0]}"][@value="{button[1]}"]'):
                raise RuntimeError(f"{self.url}: no submit button {button}")
            payload[button[0]] = button[1]
        self.step.clicks += 1  # the submit button
        action = form.get("action") or self.url
        self.step.log.append(f"submit {action}")
        response = self._timed("post", action, data=payload)
        self._load(response)
        return response


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _fill_attendance(content: bytes, no_shows: int, reason: str) -> bytes:
    """What the evaluator does in the downloaded grid: 1 in every day of those present, a reason for no-shows."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    ws = wb.active
    header = [c.value for c in ws[1]]
    days = [i for i, h in enumerate(header) if isinstance(h, str) and len(h) == 10 and h[4] == "-"]
    reason_col = days[-1] + 1  # the reason column follows the days (attendance_xlsx.grid_columns)
    for n, row in enumerate(ws.iter_rows(min_row=2), start=0):
        if n < no_shows:
            row[reason_col].value = reason
        else:
            for i in days:
                row[i].value = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _run_worker() -> float:
    from django.core.management import call_command

    t = time.perf_counter()
    call_command("worker", batch=True, stdout=io.StringIO())
    return time.perf_counter() - t


def _setup() -> dict[str, Any]:
    """Untimed: a programme with two angkatan — one empty (enrolment), one with 30 registered (attendance)."""
    from django.contrib.auth import get_user_model

    from tilik.org.models import Employee
    from tilik.programs.choices import EnrollmentStatus
    from tilik.programs.models import Enrollment, Offering, Program

    template = Program.objects.order_by("-fiscal_year", "pk").first()
    if template is None:
        raise RuntimeError("the demo city has no programme")
    program = Program.objects.create(
        name="Bench Pelayanan Publik",
        slug="bench-pelayanan-publik",
        objective="Bench.",
        competency_type=template.competency_type,
        method=template.method,
        jp=template.jp,
        provider="BKPSDM",
        target_group="ASN",
        fiscal_year=template.fiscal_year,
    )
    monday = dt.date(template.fiscal_year, 7, 6)
    while monday.weekday() != 0:
        monday += dt.timedelta(days=1)
    friday = monday + dt.timedelta(days=GRID_DAYS - 1)
    enrol_into = Offering.objects.create(
        program=program, batch=1, start_date=monday, end_date=friday, place="BKPSDM", capacity=ENROL_N + 20
    )
    grid = Offering.objects.create(
        program=program, batch=2, start_date=monday, end_date=friday, place="BKPSDM", capacity=GRID_N
    )
    by_sheet = Offering.objects.create(
        program=program, batch=3, start_date=monday, end_date=friday, place="BKPSDM", capacity=GRID_N
    )
    people = list(Employee.objects.filter(active=True).order_by("pk")[: ENROL_N + 2 * GRID_N])
    Enrollment.objects.bulk_create(
        Enrollment(offering=offering, employee=e, status=EnrollmentStatus.REGISTERED)
        for offering, group in ((grid, people[ENROL_N : ENROL_N + GRID_N]), (by_sheet, people[ENROL_N + GRID_N :]))
        for e in group
    )
    return {
        "user": get_user_model().objects.get(username="evaluator"),
        "enrol_into": enrol_into,
        "grid": grid,
        "by_sheet": by_sheet,
        "enrol_people": people[:ENROL_N],
        "program": program,
    }


def _new_asn_rows(units: list[Any]) -> list[list[Any]]:
    header = [
        "nip",
        "nama",
        "golongan",
        "kategori_jabatan",
        "pendidikan",
        "status_kepegawaian",
        "jenis_kelamin",
        "nama_jabatan",
        "kode_unit",
        "tmt_unit",
    ]
    rows: list[list[Any]] = [header]
    for i in range(NEW_ASN):
        sex = "1" if i % 2 else "2"
        rows.append(
            [
                f"199203152020{1 + i % 12:02d}{sex}{700 + i:03d}",
                f"ASN Baru Bench {i + 1:02d}",
                "III/a",
                "pelaksana",
                "S1",
                "PNS",
                "L" if sex == "1" else "P",
                "Pengelola Layanan",
                units[i % len(units)].code,
                "2026-01-02",
            ]
        )
    return rows


def _work(env: dict[str, str]) -> tuple[dict[str, Any], dict[str, Step]]:
    os.environ.update(env)
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    from tilik.org.models import Employee, Unit
    from tilik.performance.models import ImportBatch
    from tilik.programs.choices import AbsenceReason, EnrollmentStatus
    from tilik.programs.models import Enrollment
    from tilik.programs.models_attendance import Attendance

    ctx = _setup()
    client = Client()
    client.force_login(ctx["user"])
    client.get(reverse("programs:offerings"))  # warm-up: the first request imports every URLconf
    me = Evaluator(client)
    steps: dict[str, Step] = {}
    figures: dict[str, Any] = {"employees": Employee.objects.count()}

    # 1. Enrol 60 ASN from an XLSX of NIPs.
    enrol_into = ctx["enrol_into"]
    steps["enrol_xlsx"] = me.begin("enrol_xlsx", reverse("programs:offering", args=[enrol_into.pk]))
    me.click_link(reverse("programs:enroll_bulk", args=[enrol_into.pk]))
    nips = _xlsx([["NIP"]] + [[e.nip] for e in ctx["enrol_people"]])
    me.submit(
        '//form[.//input[@name="action"][@value="nip"]]',
        set_={"status": EnrollmentStatus.REGISTERED},
        files={"file": ("nip.xlsx", nips)},
    )
    got = Enrollment.objects.filter(offering=enrol_into).count()
    if got != ENROL_N:
        raise RuntimeError(f"enrolled {got}, expected {ENROL_N}")

    # 2. Attendance grid: 30 registered, 5 days, 2 no-shows with a reason.
    grid = ctx["grid"]
    steps["attendance_grid"] = me.begin("attendance_grid", reverse("programs:offering", args=[grid.pk]))
    me.click_link(reverse("programs:offering_attendance", args=[grid.pk]))
    boxes = me.page.xpath('//form[.//button[@type="submit"]]//input[@type="checkbox"]')
    days = sorted({b.get("value") for b in boxes})
    if len(days) != GRID_DAYS:
        raise RuntimeError(f"the grid shows {len(days)} days, expected {GRID_DAYS}")
    rows = list(Enrollment.objects.filter(offering=grid).order_by("employee__name").values_list("pk", flat=True))
    absent = set(rows[:NO_SHOWS])
    # The no-shows' reason first (the page says so), then each day's "Semua hadir" (the server ticks that
    # day's unmarked cells and shows the grid unsaved; the no-show rows are left alone), then save.
    grid_form = '//form[.//input[@type="checkbox"]]'
    me.submit(
        grid_form,
        set_={f"r_{pk}": AbsenceReason.choices[0][0] for pk in absent},
        button=("semua_hadir_hari", days[0]),
    )
    for day in days[1:]:
        me.submit(grid_form, button=("semua_hadir_hari", day))
    me.submit(grid_form)
    statuses = dict(Enrollment.objects.filter(offering=grid).values_list("pk", "status"))
    if sum(1 for pk in absent if statuses[pk] == EnrollmentStatus.NO_SHOW) != NO_SHOWS:
        raise RuntimeError(f"no-shows not recorded: {statuses}")
    marks = Attendance.objects.filter(enrollment__offering=grid).count()
    if marks != (GRID_N - NO_SHOWS) * GRID_DAYS:
        raise RuntimeError(f"{marks} present marks, expected {(GRID_N - NO_SHOWS) * GRID_DAYS}")

    # 2b. The same attendance through the grid's XLSX: download, fill in the spreadsheet, upload.
    by_sheet = ctx["by_sheet"]
    steps["attendance_xlsx"] = me.begin("attendance_xlsx", reverse("programs:offering", args=[by_sheet.pk]))
    me.click_link(reverse("programs:offering_attendance", args=[by_sheet.pk]))
    attendance_page = me.url
    sheet_file = me.click_link("?unduh=xlsx")
    if "spreadsheet" not in sheet_file.get("Content-Type", ""):
        raise RuntimeError("the attendance grid did not download as XLSX")
    filled = _fill_attendance(sheet_file.content, NO_SHOWS, str(AbsenceReason.choices[0][1]))
    me.url = attendance_page  # back on the grid page (the download opened no new page)
    me._load(me.client.get(attendance_page))
    me.submit('//form[.//input[@type="file"]]', files={"file": ("kehadiran.xlsx", filled)})
    done = Enrollment.objects.filter(offering=by_sheet, status=EnrollmentStatus.NO_SHOW).count()
    if done != NO_SHOWS:
        raise RuntimeError(f"{done} no-shows after the XLSX import, expected {NO_SHOWS}")

    # 3. Import 60 ASN (wizard; the write is a job).
    units = list(Unit.objects.filter(depth=1, active=True).exclude(code="").order_by("path")[:4])
    before = Employee.objects.count()
    steps["import_asn"] = me.begin("import_asn", reverse("org:employees"))
    me.click_link(reverse("performance:import_upload") + "?jenis=employees")
    me.submit('//form[.//input[@type="file"]]', files={"file": ("asn.xlsx", _xlsx(_new_asn_rows(units)))})
    me.submit('//form[.//*[@id="apply"]]')
    steps["import_asn"].job_s = _run_worker()
    if Employee.objects.count() - before != NEW_ASN:
        raise RuntimeError(f"{Employee.objects.count() - before} ASN imported, expected {NEW_ASN}")

    # 4. Performance XLSX: one SKP rating per ASN (long Tilik layout).
    everyone = list(Employee.objects.filter(active=True).order_by("pk").values_list("nip", flat=True))
    perf = [["nip", "kode_unit", "periode", "indikator", "nilai"]] + [
        [nip, "", f"{ctx['program'].fiscal_year}-06", "waktu-penyelesaian-tugas", 5 + (i % 7) * 0.5]
        for i, nip in enumerate(everyone)
    ]
    steps["import_performance"] = me.begin("import_performance", reverse("performance:import_upload"))
    me.submit('//form[.//input[@type="file"]]', files={"file": ("kinerja.xlsx", _xlsx(perf))})
    me.submit('//form[.//*[@id="apply"]]')
    steps["import_performance"].job_s = _run_worker()
    figures["performance_rows"] = len(perf) - 1
    batch = ImportBatch.objects.order_by("-pk").first()  # the demo holds this indicator: rows update or stay
    written = (batch.created + batch.updated + batch.unchanged) if batch else 0
    if written != len(perf) - 1:
        raise RuntimeError(f"the import wrote {written} rows, expected {len(perf) - 1}")
    figures["performance_created"], figures["performance_updated"] = batch.created, batch.updated

    # 5. The 20 JP list of all ASN, exported.
    steps["export_jp"] = me.begin("export_jp", reverse("programs:jp"))
    me.click_link(reverse("programs:jp_list"))
    export = next((a.get("href") for a in me.page.iterfind(".//a[@href]") if "unduh=xlsx" in a.get("href")), None)
    if export is None:
        raise RuntimeError("the 20 JP list shows no XLSX link")
    response = me.click_link(export)
    if "spreadsheet" not in response.get("Content-Type", ""):
        raise RuntimeError(f"the JP export answered {response.get('Content-Type')} (queued as a job?)")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    figures["jp_rows"] = sum(1 for _r in sheet.iter_rows(values_only=True)) - 1
    return figures, steps


# The spreadsheet baseline per step: (cells typed by hand, fewest actions with paste/fill, how).
def baseline(figures: dict[str, Any]) -> dict[str, tuple[int, int, str]]:
    present = (GRID_N - NO_SHOWS) * GRID_DAYS
    return {
        "enrol_xlsx": (
            ENROL_N * 2,
            3,
            f"{ENROL_N} rows × (angkatan, status) typed; or paste the NIP column, "
            "type angkatan and status once, fill down (3)",
        ),
        "attendance_grid": (
            GRID_N * GRID_DAYS + NO_SHOWS,
            2 + NO_SHOWS * 2,
            f"{GRID_N}×{GRID_DAYS} cells marked present/absent + {NO_SHOWS} reasons typed; or fill "
            f"the {present} present cells with one fill (2: type, fill), then the two no-show rows "
            "(clear + reason: 2 each)",
        ),
        "attendance_xlsx": (
            GRID_N * GRID_DAYS + NO_SHOWS,
            2 + NO_SHOWS * 2,
            "as on the grid; the Tilik count covers the pages (open grid, download, upload, import), and "
            f"attendance_xlsx_in_sheet_actions the work in the downloaded sheet: the {present} present cells "
            f"filled (2: type 1, fill) and {NO_SHOWS} reasons typed",
        ),
        "import_asn": (0, 1, f"{NEW_ASN} rows pasted from the source file (1 paste, nothing typed)"),
        "import_performance": (0, 1, f"{figures.get('performance_rows', 0)} rows pasted (1 paste, nothing typed)"),
        "export_jp": (0, 1, "the JP recap sheet is the workbook itself (its SUMIFS column filled down once)"),
    }


def main() -> int:
    args = bench_args(__doc__.splitlines()[0] if __doc__ else NAME)
    employees = 300 if args.quick else 1500
    with tempfile.TemporaryDirectory(prefix="tilik-bench-") as tmp:
        env = tilik_env(tmp, TILIK_TASK_BACKEND="database")
        tilik_migrate(env)
        tilik_demo(env, employees)
        figures, steps = _work(env)
    base = baseline(figures)
    notes = []
    for name, step in steps.items():
        cells, sheet_actions, how = base[name]
        figures[f"{name}_server_s"] = step.request_s + step.job_s
        if step.job_s:
            figures[f"{name}_job_s"] = step.job_s
        figures[f"{name}_requests"] = step.requests
        figures[f"{name}_clicks"] = step.clicks
        figures[f"{name}_keystrokes"] = step.keystrokes
        figures[f"{name}_uploads"] = step.uploads
        figures[f"{name}_actions"] = step.actions
        figures[f"{name}_sheet_cells"] = cells
        figures[f"{name}_sheet_actions"] = sheet_actions
        notes.append(f"{name}: from {step.start}: {'; '.join(step.log[1:])}. Spreadsheet: {how}.")
    figures["attendance_xlsx_in_sheet_actions"] = 2 + NO_SHOWS  # _fill_attendance: one fill, one reason per no-show
    figures["load_avg_1m"] = os.getloadavg()[0]
    write_result(args.out, name=NAME, figures=figures, quick=args.quick, notes=" ".join(notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
