"""Issue 17, Done when: one evaluation cycle from an EMPTY database, in the browser, without Django admin.

The database holds only what the migrations put there. An admin (made by `createsuperuser`, as on a
fresh install) creates one evaluator account in Django admin; from then on the evaluator works only in
Tilik's own pages and never opens /admin: two units, 60 ASN from an XLSX, a programme, two angkatan,
enrolment from the ASN list and from an XLSX of NIPs, attendance with two no-shows and their reasons,
a Level 1 reaction survey and a pre/post test built from the shipped templates, invitations mailed by
the background worker and answered through the token links in the outbox, a performance XLSX, an
evaluation plan run, the allocation planner with its own defaults, and the programme report (DOCX and
PDF) whose numbers must be the ones this test put in.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from statistics import mean

import pytest
from django.core import mail
from django.core.management import call_command
from docx import Document
from openpyxl import Workbook
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from tilik.jobs.tests.support import download_from_job_page, run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PASSWORD = "Admin-Tilik-Kosong-2026"
PASSWORD = "Evaluator-Tilik-2026"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "browser-artifacts" / "cycle-from-empty"
YEAR = 2026
ANGKATAN = [(dt.date(YEAR, 3, 2), dt.date(YEAR, 3, 5)), (dt.date(YEAR, 5, 4), dt.date(YEAR, 5, 7))]
# Level 1: each of the 8 attendees of angkatan 1 answers every Likert item of the shipped template with
# one value; the construct means are then the mean of these values.
REACTION = [4, 3, 4, 4, 3, 4, 2, 4]
# Pre/post test (10 items): how many items each attendee answers correctly before and after.
PRE = [4, 5, 3, 6, 4, 5, 5, 4]
POST = [8, 9, 7, 9, 8, 8, 9, 7]
TEST_KEY = {
    "T1": "a",
    "T2": "b",
    "T3": "c",
    "T4": "b",
    "T5": "b",
    "T6": "b",
    "T7": "b",
    "T8": "a",
    "T9": "b",
    "T10": "a",
}


def _nip(i: int) -> str:
    """A valid NIP: born 1 <month> 1980+i%15, appointed (TMT) in March 22–26 years later, sex 1/2, sequence i + 1."""
    born = 1980 + i % 15
    return f"{born:04d}{i % 12 + 1:02d}01{born + 22 + i % 5:04d}03{1 + i % 2}{i + 1:03d}"


def _people() -> list[dict[str, str]]:
    """60 ASN: A01–A10 and B01–B10 (Dinas Kesehatan, the two angkatan), C01–C40 (both units, untrained)."""
    names = [f"Peserta A{i:02d}" for i in range(1, 11)] + [f"Peserta B{i:02d}" for i in range(1, 11)]
    names += [f"Pegawai C{i:02d}" for i in range(1, 41)]
    return [
        {
            "nip": _nip(i),
            "name": name,
            "unit": "dinkes-uji" if i < 40 else "pkm-uji",
            "email": f"asn{i}@contoh.go.id",
            "sex": "L" if i % 2 == 0 else "P",
        }
        for i, name in enumerate(names)
    ]


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _login(page: Page, url: str, username: str, password: str) -> None:
    page.goto(url + "/masuk/", timeout=90_000)  # the first request imports every app's views
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    expect(page.locator("form:has(input[name=password])")).to_have_count(0)


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _no_admin(visited: list[str]) -> None:
    assert not [u for u in visited if "/admin/" in u], "the evaluator opened Django admin"


def _admin_creates_the_evaluator(browser: Browser, url: str) -> None:
    call_command("createsuperuser", interactive=False, username="operator", email="operator@contoh.go.id", verbosity=0)
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="operator")
    admin.set_password(ADMIN_PASSWORD)
    admin.save()
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar")
    page = context.new_page()
    page.goto(url + "/admin/login/", timeout=90_000)
    page.locator("#id_username").fill("operator")
    page.locator("#id_password").fill(ADMIN_PASSWORD)
    page.locator("input[type=submit]").click()
    page.goto(url + "/admin/auth/user/add/")
    page.locator("#id_username").fill("evaluator.bkpsdm")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("input[name=_save]").click()
    expect(page.locator(".errornote")).to_have_count(0)
    page.goto(url + "/admin/core/profile/add/")
    page.locator("#id_user").select_option(label="evaluator.bkpsdm")
    page.locator("#id_role").select_option("evaluator")
    page.locator("input[name=_save]").click()
    expect(page.locator(".errornote")).to_have_count(0)
    _shot(page, "00-admin-profile")
    context.close()


def test_evaluator_runs_the_cycle_from_an_empty_database(
    live_server: LiveServer, browser: Browser, page: Page, tmp_path: Path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    from tilik.performance.services import indicators_ensure_shipped

    indicators_ensure_shipped(by="migrasi")  # what migration 0002 seeds (a transactional test flushes it)
    url = live_server.url
    _admin_creates_the_evaluator(browser, url)

    page.set_default_timeout(20_000)  # the evaluator's page (conftest: Indonesian locale, artefacts on failure)
    visited: list[str] = []
    page.on("request", lambda r: visited.append(r.url))
    _login(page, url, "evaluator.bkpsdm", PASSWORD)
    expect(page.get_by_role("link", name="Administrasi")).to_have_count(0)

    # --- Units -------------------------------------------------------------------------------------------
    for name, code, kind in (("Dinas Kesehatan Uji", "dinkes-uji", "dinas"), ("Puskesmas Uji", "pkm-uji", "puskesmas")):
        page.goto(url + "/organisasi/unit/baru/")
        page.get_by_label("Nama", exact=True).fill(name)
        page.get_by_label("Kode", exact=True).fill(code)
        page.get_by_label("Jenis unit").select_option(kind)
        page.get_by_role("button", name="Simpan").click()
        expect(page.get_by_text(name).first).to_be_visible()
    _shot(page, "01-units")

    # --- 60 ASN from an XLSX (import wizard, layout "Format Tilik (pegawai)") ---------------------------------
    people = _people()
    head = [
        "nip",
        "nama",
        "golongan",
        "kategori_jabatan",
        "pendidikan",
        "status_kepegawaian",
        "jenis_kelamin",
        "kode_unit",
        "surel",
    ]
    asn = _xlsx(
        tmp_path / "asn.xlsx",
        [head]
        + [
            [
                p["nip"],
                p["name"],
                "III/a",
                "pelaksana" if i % 3 else "fungsional",
                "S1",
                "PNS",
                p["sex"],
                p["unit"],
                p["email"],
            ]
            for i, p in enumerate(people)
        ],
    )
    page.goto(url + "/kinerja/impor/baru/")
    upload = page.locator("#upload-form")
    upload.locator("select[name=kind]").select_option("employees")
    upload.locator("input[name=layout]").fill("tilik-pegawai")
    upload.locator("input[name=file]").set_input_files(str(asn))
    upload.locator("[type=submit]").click()
    expect(page.locator("#n-created")).to_have_text("60")
    page.locator("#apply").click()
    page.wait_for_url("**/tugas/*/")
    run_worker()
    expect(page.locator(".job-summary").first).to_contain_text("60 dibuat")
    page.goto(url + "/organisasi/asn/")
    expect(page.get_by_text("Pegawai C40")).to_be_visible()
    _shot(page, "02-asn")

    # --- Programme and two angkatan ---------------------------------------------------------------------------
    page.goto(url + "/program/daftar/")
    page.get_by_role("link", name="Tambah program").click()
    page.get_by_label("Nama program").fill("Pelayanan Prima Uji Siklus")
    page.get_by_label("JP").fill("24")
    page.get_by_label("Tahun anggaran").fill(str(YEAR))
    page.get_by_label("Jenis kompetensi").select_option("teknis")
    page.get_by_label("Metode").select_option("klasikal")
    page.get_by_label(re.compile(r"^Penyelenggara")).fill("BKPSDM")
    page.get_by_label("Sasaran peserta").fill("ASN pelayanan kesehatan")
    page.get_by_label("Tujuan").fill("Tugas selesai tepat waktu lebih sering.")
    page.get_by_role("button", name="Simpan").click()
    heading = page.get_by_role("heading", name=re.compile("Pelayanan Prima Uji Siklus"))
    expect(heading).to_be_visible()
    program_url = page.url
    offering_urls = []
    for start, end in ANGKATAN:
        page.goto(program_url)
        page.get_by_role("link", name="Buka angkatan").click()
        page.get_by_label("Tanggal mulai").fill(start.isoformat())
        page.get_by_label("Tanggal selesai").fill(end.isoformat())
        page.get_by_label("Tempat").fill("Aula BKPSDM")
        page.get_by_label("Kapasitas").fill("12")
        page.get_by_role("button", name="Simpan").click()
        expect(page.get_by_role("link", name="Tambah peserta dari daftar ASN")).to_be_visible()
        offering_urls.append(page.url)
    _shot(page, "03-angkatan")
    # Its budget: one line with pagu and the realisation of the two training months.
    page.goto(url + "/program/anggaran/baris/baru/")
    page.locator("#id_program").select_option(index=1)
    page.locator("#id_fiscal_year").fill(str(YEAR))
    page.locator("#id_category").select_option("honorarium")
    page.locator("#id_pagu").fill("60000000")
    page.locator("#id_m3").fill("24000000")
    page.locator("#id_m5").fill("24000000")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Pelayanan Prima Uji Siklus").first).to_be_visible()

    # --- Enrolment: angkatan 1 from the filtered ASN list, angkatan 2 from an XLSX of NIPs ----------------------
    page.goto(offering_urls[0])
    page.get_by_role("link", name="Tambah peserta dari daftar ASN").click()
    page.get_by_label("Cari nama atau NIP").fill("Peserta A")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator("input[name=employees]")).to_have_count(10)
    page.get_by_label("Pilih semua di halaman ini").check()
    page.get_by_label("Daftarkan sebagai").select_option("registered")
    page.get_by_role("button", name="Tambahkan yang dicentang").click()
    expect(page.get_by_text("10 ASN ditambahkan ke angkatan ini.")).to_be_visible()
    nips = _xlsx(tmp_path / "nip.xlsx", [["NIP"]] + [[p["nip"]] for p in people[10:20]])
    page.goto(offering_urls[1])
    page.get_by_role("link", name="Impor NIP (XLSX) atau kuota unit").click()
    page.locator("#id_file").set_input_files(str(nips))
    page.locator("#id_status_nip").select_option("registered")
    page.get_by_role("button", name="Tambahkan dari berkas").click()
    expect(page.get_by_text(re.compile("10 ASN"))).to_be_visible()
    _shot(page, "04-enrolled")

    # --- Attendance per session: angkatan 1 with two no-shows and their reasons; angkatan 2 all present ---
    days = [ANGKATAN[0][0] + dt.timedelta(n) for n in range(4)]
    page.goto(offering_urls[0])
    page.get_by_role("link", name="Daftar hadir per sesi").click()
    for person in people[:8]:
        for day in days:
            page.get_by_label(f"{person['name']} hadir {day.day} Maret {YEAR}").check()
    for person, whole, daily in ((people[8], "sakit", "sakit"), (people[9], "jadwal_bentrok", "dinas_luar")):
        page.get_by_label(f"Alasan tidak hadir {person['name']}").select_option(whole)
        for day in days:
            page.get_by_label(f"Alasan {person['name']} tidak hadir {day.day} Maret {YEAR}").select_option(daily)
    note = f"Catatan ketidakhadiran {people[9]['name']} {days[0].day} Maret {YEAR}"
    page.get_by_label(note).fill("Rapat di provinsi")
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.get_by_text("Kehadiran 10 peserta pada 4 sesi tersimpan.")).to_be_visible()
    _shot(page, "05-attendance")
    page.goto(offering_urls[0])
    expect(page.get_by_role("heading", name="Tidak hadir per sesi")).to_be_visible()
    expect(page.get_by_text("Rapat di provinsi")).to_be_visible()
    page.goto(offering_urls[1])
    page.get_by_role("link", name="Daftar hadir per sesi").click()
    for box in page.locator("input[type=checkbox][name^=h_]").all():
        box.check()
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.get_by_text(re.compile(r"Kehadiran 10 peserta pada 4 sesi"))).to_be_visible()
    # Completion: everyone present is marked lulus on the status page.
    for offering_url, names in ((offering_urls[0], people[:8]), (offering_urls[1], people[10:20])):
        page.goto(offering_url)
        page.get_by_role("link", name="Catat kehadiran dan kelulusan").first.click()
        for person in names:
            page.get_by_label(f"Status baru untuk {person['name']}").select_option("completed")
        page.get_by_role("button", name="Simpan semua").click()
        expect(page.get_by_text(re.compile(r"Status \d+ peserta tersimpan"))).to_be_visible()
    _shot(page, "06-completed")

    # --- Level 1 reaction survey and the pre/post test, from the shipped templates ------------------------
    tokens: dict[str, list[str]] = {}
    for template, code, waves in (
        ("level1_reaksi", "reaksi-uji", [("Reaksi angkatan 1", "anonim", "")]),
        (
            "tes_pelayanan_prima",
            "tes-uji",
            [("Pre-test angkatan 1", "rahasia", "pre"), ("Post-test angkatan 1", "rahasia", "post")],
        ),
    ):
        page.goto(url + "/survei/instrumen/")
        page.locator("#id_tpl-template").select_option(template)
        page.locator("#id_tpl-code").fill(code)
        page.locator("form:has(#id_tpl-code) [type=submit]").click()
        expect(page.get_by_role("link", name="Buat gelombang dengan versi ini")).to_be_visible()
        version_url = page.url
        for title, anonymity, phase in waves:
            page.goto(version_url)
            page.get_by_role("link", name="Buat gelombang dengan versi ini").click()
            page.locator("#id_title").fill(title)
            page.locator("#id_audience").select_option("invited")
            page.locator("#id_anonymity").select_option(anonymity)
            page.locator("#id_offering").select_option(index=1)
            if phase:
                page.locator("#id_phase").select_option(phase)
            page.locator("#id_opens_at").fill(f"{YEAR - 1}-01-05T08:00")
            page.locator("#id_closes_at").fill(f"{YEAR + 1}-12-20T16:00")
            page.get_by_role("button", name="Simpan gelombang").click()
            page.get_by_role("button", name="Terbitkan").click()
            page.get_by_role("button", name="Undang peserta angkatan").click()
            expect(page.get_by_text("8 undangan dibuat.")).to_be_visible()
            wave_url = page.url
            before = len(mail.outbox)
            page.get_by_role("button", name="Kirim surel undangan").click()
            page.wait_for_url("**/tugas/*/")
            run_worker()
            sent = mail.outbox[before:]
            assert len(sent) == 8, [m.subject for m in sent]
            tokens[title] = [re.search(r"/s/t/([^/\s]+)/", m.body).group(1) for m in sorted(sent, key=lambda m: m.to)]
            page.goto(wave_url)
    _shot(page, "07-waves")

    respondent = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar")
    answer = respondent.new_page()
    for token, value in zip(tokens["Reaksi angkatan 1"], REACTION, strict=True):
        answer.goto(f"{url}/s/t/{token}/")
        for radio in answer.locator(f"input[type=radio][value='{value}'][name^=q_]").all():
            radio.check()
        answer.get_by_role("button", name="Kirim jawaban").click()
        expect(answer.get_by_role("heading", name="Terima kasih")).to_be_visible()
    for title, scores in (("Pre-test angkatan 1", PRE), ("Post-test angkatan 1", POST)):
        for token, right in zip(tokens[title], scores, strict=True):
            answer.goto(f"{url}/s/t/{token}/")
            for n, (code, key) in enumerate(TEST_KEY.items()):
                wrong = "d" if key != "d" else "c"
                answer.locator(f"input[name='q_{code}'][value='{key if n < right else wrong}']").check()
            answer.get_by_role("button", name="Kirim jawaban").click()
            expect(answer.get_by_role("heading", name="Terima kasih")).to_be_visible()
    respondent.close()

    # --- Performance XLSX: tasks on time, monthly, before (Sep 2025–Feb 2026) and after (Jun–Nov 2026) ------
    trained = {p["nip"] for p in people[:8] + people[10:20]}
    months = [f"{YEAR - 1}-{m:02d}" for m in range(9, 13)] + [f"{YEAR}-{m:02d}" for m in (1, 2)]
    months += [f"{YEAR}-{m:02d}" for m in range(6, 12)]
    rows: list[list[object]] = [["nip", "periode", "indikator", "nilai"]]
    for i, person in enumerate(people):
        base = 60 + (i % 7) * 3
        for month in months:
            after = month >= f"{YEAR}-06"
            noise = (i * 7 + int(month[-2:]) * 3) % 5 - 2
            effect = 10 if after and person["nip"] in trained else 0
            rows.append([person["nip"], month, "tugas-tepat-waktu", base + (4 if after else 0) + effect + noise])
    performance = _xlsx(tmp_path / "kinerja.xlsx", rows)
    page.goto(url + "/kinerja/impor/baru/")
    upload = page.locator("#upload-form")
    upload.locator("select[name=kind]").select_option("measurements")
    upload.locator("input[name=layout]").fill("tilik-kinerja")
    upload.locator("input[name=file]").set_input_files(str(performance))
    upload.locator("[type=submit]").click()
    expect(page.locator("#n-created")).to_have_text(str(len(rows) - 1))
    page.locator("#apply").click()
    page.wait_for_url("**/tugas/*/")
    run_worker()
    expect(page.locator(".job-summary").first).to_contain_text(f"{len(rows) - 1} dibuat")
    _shot(page, "08-performance")

    # --- Evaluation plan: create and run -------------------------------------------------------------------
    page.goto(url + "/evaluasi/baru/")
    page.locator("#id_name").fill("Dampak Pelayanan Prima Uji")
    page.locator("#id_programs").select_option(index=0)  # the only programme
    page.locator("#id_indicators").select_option(label="Tugas selesai tepat waktu")
    page.locator("#id_primary_indicator").select_option(label="Tugas selesai tepat waktu")
    page.locator("#id_design").select_option("did")
    page.locator("#id_pre_start").fill(f"{YEAR - 1}-09-01")
    page.locator("#id_pre_end").fill(f"{YEAR}-02-28")
    page.locator("#id_post_start").fill(f"{YEAR}-06-01")
    page.locator("#id_post_end").fill(f"{YEAR}-11-30")
    page.get_by_role("button", name=re.compile("Simpan")).click()
    # The plan proposes its comparison group before the run: the 18 who completed against the 42 untrained.
    proposal = page.get_by_role("region", name="Kelompok pembanding yang diusulkan")
    expect(proposal).to_contain_text("18 peserta yang lulus")
    expect(proposal).to_contain_text("42 ASN yang belum mengikuti")
    _shot(page, "09-plan")
    page.get_by_role("button", name=re.compile("Jalankan")).first.click()
    page.wait_for_url("**/tugas/*/")
    run_worker()
    page.get_by_role("link", name="Lihat hasil evaluasi").click()
    _shot(page, "10-run")

    # --- The planner opens with its own defaults and accepts them ---------------------------------------------
    page.goto(url + "/program/perencana/")
    page.get_by_role("button", name="Hitung portofolio").click()
    expect(page.get_by_role("heading", name="Rekomendasi")).to_be_visible()
    _shot(page, "11-planner")

    # --- The programme report, DOCX and PDF, through the job page --------------------------------------------
    slug = "pelayanan-prima-uji-siklus-2026"
    texts = {}
    for fmt in ("docx", "pdf"):
        page.goto(f"{url}/laporan/program/{slug}/")
        page.locator(f"#unduh-{fmt}").click()
        download = download_from_job_page(page)
        content = Path(download.path()).read_bytes()
        if fmt == "docx":
            doc = Document(io.BytesIO(content))
            cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
            texts[fmt] = "\n".join([p.text for p in doc.paragraphs] + cells)
        else:
            texts[fmt] = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    _shot(page, "12-report")
    for fmt, text in texts.items():  # kept beside the screenshots, to read what the report said
        (SHOTS / f"laporan.{fmt}.txt").write_text(text, encoding="utf-8")
    _no_admin(visited)

    # --- The numbers on the report are the ones put in above ------------------------------------------------
    def num(value: float, places: int = 2) -> str:
        return f"{value:.{places}f}".replace(".", ",")

    def cell_mean(treated: bool, after: bool) -> float:
        return mean(r[3] for r in rows[1:] if (r[0] in trained) == treated and (r[1] >= f"{YEAR}-06") == after)

    did = (cell_mean(True, True) - cell_mean(True, False)) - (cell_mean(False, True) - cell_mean(False, False))
    constructs = _construct_means(REACTION)
    expected = [
        f"Dari {len(people[:20])} undangan",  # both angkatan: 20 enrolled (attended/no-show cells: k-suppressed)
        # Means an aggregate reader sees are rounded by analysis.disclosure.mean_decimals: 1 decimal below 100.
        f"rata-rata per konstruk: {'; '.join(f'{c} {num(m, 1)}' for c, m in sorted(constructs.items()))}",
        f"Skor rata-rata naik {num((mean(POST) - mean(PRE)) * 10)} poin",  # 10 items, score 0–100
        f"{len(PRE)} pasangan",
        f"estimasi {num(did)} %",  # Level 4: the 2×2 difference in differences of the imported values
        "Pagu Rp 60.000.000, realisasi Rp 48.000.000: serapan 80,0 %.",
    ]
    for fmt, text in texts.items():
        flat = re.sub(r"\s+", " ", text)
        missing = [e for e in expected if e not in flat]
        assert not missing, (fmt, missing)
        # Level 1: 8 respondents (n) in the wave's row of each construct.
        assert len(re.findall(r"Reaksi angkatan 1 8 ", flat)) == len(constructs), fmt


def _construct_means(values: list[int]) -> dict[str, float]:
    """Mean per construct of the Level 1 template when respondent r ticks values[r] on every Likert item
    (a reverse-keyed item counts as 5 − value on the 4-point scale)."""
    import json

    from tilik.surveys.services.library import shipped_templates

    spec = json.loads(shipped_templates()["level1_reaksi"].read_text(encoding="utf-8"))
    items: dict[str, list[bool]] = {}
    for section in spec["sections"]:
        for q in section["questions"]:
            if q.get("type") == "likert":
                items.setdefault(q["construct"], []).append(bool(q.get("reverse")))
    return {c: mean(mean(5 - v if rev else v for rev in revs) for v in values) for c, revs in items.items()}
