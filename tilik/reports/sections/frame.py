"""The fixed parts of the report: introduction, objectives, methodology, conclusion and the appendix."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

import analysis
from tilik.core import fmt
from tilik.reports.findings import MEASURED, Section, Table
from tilik.reports.scope import Scope

LEGAL_BASIS = [
    "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara",
    "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen PNS sebagaimana diubah dengan PP Nomor 17 Tahun 2020",
    "Peraturan Lembaga Administrasi Negara Nomor 15 Tahun 2020 tentang Pengembangan Kompetensi PPPK",
    "Peraturan Menteri PANRB Nomor 14 Tahun 2017 tentang Pedoman Survei Kepuasan Masyarakat",
    "Peraturan Menteri PANRB Nomor 6 Tahun 2022 tentang Pengelolaan Kinerja Pegawai ASN",
    "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi",
]


def intro_section(scope: Scope) -> Section:
    s = Section("intro", _("Pendahuluan"), status=MEASURED)
    what = scope.program.name if scope.program else _("program pengembangan kompetensi tahun %(y)s") % {"y": scope.year}
    s.paragraphs.append(
        _(
            "Latar belakang. Setiap PNS berhak atas paling sedikit %(jp)s jam pelajaran pengembangan kompetensi "
            "per tahun. Laporan ini mengevaluasi %(what)s dengan model Kirkpatrick (Level 1–4) dan ROI Phillips "
            "(Level 5): reaksi peserta, pembelajaran, perilaku di tempat kerja, hasil bagi kinerja dan pelayanan "
            "publik, serta nilai uang dari program."
        )
        % {"jp": settings.TILIK_JP_TARGET, "what": what}
    )
    s.paragraphs.append(_("Dasar hukum:"))
    s.paragraphs.extend(f"• {law}" for law in LEGAL_BASIS)
    if scope.unit_label:
        s.paragraphs.append(
            _(
                "Cakupan laporan ini: partisipasi, kepatuhan 20 JP dan IKM dibatasi pada %(u)s dan sub-unitnya; "
                "survei, anggaran dan dampak dihitung per program dan mencakup seluruh pemda."
            )
            % {"u": scope.unit_label}
        )
    return s


def objectives_section(scope: Scope) -> Section:
    s = Section("objectives", _("Tujuan Program"), status=MEASURED)
    if scope.program is not None:
        p = scope.program
        s.paragraphs.append(p.objective)
        s.tables.append(
            Table(
                _("Profil program"),
                [_("Unsur"), _("Keterangan")],
                [
                    [_("Jenis kompetensi"), str(p.get_competency_type_display())],
                    [_("Metode"), str(p.get_method_display())],
                    [_("JP"), fmt.integer(p.jp)],
                    [_("Penyelenggara"), p.provider],
                    [_("Sasaran"), p.target_group],
                    [_("Tahun anggaran"), str(p.fiscal_year)],
                ],
                numeric_from=99,
            )
        )
    else:
        s.tables.append(
            Table(
                _("Program tahun %(y)s dan tujuannya") % {"y": scope.year},
                [_("Program"), _("JP"), _("Tujuan")],
                [[p.name, fmt.integer(p.jp), p.objective] for p in scope.programs],
                numeric_from=99,
            )
        )
    return s


def methodology_section(scope: Scope, counts: dict[str, int]) -> Section:
    s = Section("method", _("Metodologi dan Proses Evaluasi"), status=MEASURED)
    s.paragraphs.append(
        _(
            "Evaluasi memakai data yang tersimpan di Tilik: survei reaksi dan perilaku (skala Likert, reliabilitas "
            "alfa Cronbach), pre-test dan post-test (uji t berpasangan dan Wilcoxon, gain ternormalisasi), wawancara "
            "semi-terstruktur yang dikode secara tematik, data kinerja dan waktu layanan (desain sebelum–sesudah "
            "dengan kelompok pembanding: selisih-dalam-selisih, pencocokan, atau deret waktu terinterupsi), "
            "Survei Kepuasan Masyarakat, serta realisasi anggaran."
        )
    )
    s.tables.append(
        Table(
            _("Sumber data dan ukuran sampel"),
            [_("Sumber"), _("Jumlah")],
            [[label, fmt.integer(n)] for label, n in _count_labels(counts)],
        )
    )
    if scope.suppress:
        s.paragraphs.append(
            _("Sel dengan kurang dari %(k)s orang disembunyikan (kontrol pengungkapan).") % {"k": scope.k}
        )
    return s


def _count_labels(counts: dict[str, int]) -> list[tuple[str, int]]:
    labels = {
        "programs": _("Program"),
        "offerings": _("Angkatan"),
        "invited": _("Undangan dan pendaftaran (semua status)"),
        "registered": _("Peserta terdaftar"),
        "completed": _("Peserta lulus/selesai"),
        "waves": _("Gelombang survei"),
        "responses": _("Respons survei"),
        "interviews": _("Wawancara"),
        "segments": _("Segmen berkode"),
        "measurements": _("Data kinerja"),
        "runs": _("Hasil estimasi"),
    }
    return [(str(labels[k]), counts[k]) for k in labels if k in counts]


# An enrolment counts as a registration once the person registered: a declined invitation never did.
REGISTERED_STATUSES = ("registered", "attended", "completed", "no_show", "withdrawn")


def _staff(scope: Scope) -> Any:
    """Employee ids currently in the scope's units (None: the whole pemda)."""
    if scope.units is None:
        return None
    from tilik.org.models import UnitMembership

    return UnitMembership.objects.filter(end_date__isnull=True, unit__in=scope.units).values("employee_id")


def snapshot_counts(scope: Scope) -> dict[str, int]:
    """Counts of what the report reads, limited to its programmes and, for a unit head, to their units."""
    from tilik.programs.models import Enrollment, Offering

    staff = _staff(scope)
    enrolments = Enrollment.objects.filter(offering__program__in=scope.programs)
    if staff is not None:
        enrolments = enrolments.filter(employee_id__in=staff)
    counts = {
        "programs": len(scope.programs),
        "offerings": Offering.objects.filter(program__in=scope.programs).count(),
        "invited": enrolments.count(),
        "registered": enrolments.filter(status__in=REGISTERED_STATUSES).count(),
        "completed": enrolments.filter(status="completed").count(),
    }
    if apps.is_installed("tilik.surveys"):
        counts["waves"] = _waves(scope).count()
        counts["responses"] = _responses(scope).count()
    if apps.is_installed("tilik.interviews"):
        from tilik.interviews.models import Segment

        interviews = _interviews(scope)
        counts["interviews"] = interviews.count()
        counts["segments"] = Segment.objects.filter(transcript__interview__in=interviews).distinct().count()
    if apps.is_installed("tilik.performance"):
        counts["measurements"] = _measurements(scope).count()
    if apps.is_installed("tilik.evaluations"):
        from tilik.evaluations.selectors_attribution import attributed_runs

        # Only the estimates the attribution guard credits to these programmes' angkatan (what Level 4 shows).
        counts["runs"] = len(attributed_runs(scope.programs).credited)
    return counts


def _waves(scope: Scope) -> Any:
    from django.db.models import Q

    from tilik.surveys.models import Wave

    ids = Wave.objects.filter(Q(program__in=scope.programs) | Q(offering__program__in=scope.programs)).values("pk")
    return Wave.objects.filter(pk__in=ids)


def _responses(scope: Scope) -> Any:
    """The survey responses the report's sections read: live for a full-access report, else each wave's
    published batch (tilik.surveys.published), so the count and the data date match the analyses (a wave
    still below k counts 0, as its sections show nothing of it)."""
    from tilik.surveys.models import Response
    from tilik.surveys.published import published_ids

    waves = _waves(scope)
    responses = Response.objects.counted().filter(wave__in=waves)
    if not scope.full_access:
        responses = responses.filter(pk__in=[i for w in waves for i in published_ids(w) or []])
    return responses if scope.units is None else responses.filter(unit__in=scope.units)


def _interviews(scope: Scope) -> Any:
    from tilik.interviews.models import Interview

    ids = Interview.objects.filter(programs__in=scope.programs).values("pk")
    interviews = Interview.objects.filter(pk__in=ids)
    return interviews if scope.units is None else interviews.filter(unit__in=scope.units)


def _measurements(scope: Scope) -> Any:
    """Performance data the report's evaluation plans read: their indicators inside their windows."""
    from django.db.models import Q

    from tilik.performance.models import Measurement

    if not apps.is_installed("tilik.evaluations"):
        return Measurement.objects.none()
    from tilik.evaluations.models import EvaluationPlan

    windows = Q(pk__in=[])
    for plan in EvaluationPlan.objects.filter(programs__in=scope.programs).distinct().prefetch_related("indicators"):
        windows |= Q(
            indicator__in=list(plan.indicators.all()),
            period_start__gte=plan.pre_start,
            period_start__lte=plan.post_end,
        )
    rows = Measurement.objects.filter(windows)
    staff = _staff(scope)
    if staff is not None:
        rows = rows.filter(Q(unit__in=scope.units) | Q(employee_id__in=staff))
    return rows


def data_as_of(scope: Scope) -> Any:
    """The newest date among the records the report reads (the data's as-of date), or None.

    Survey responses, enrolment status changes, interviews and performance periods (an estimation run's
    own timestamp is not data: it reads the measurements already counted). The generation date is printed
    separately because a report generated today may rest on older data.
    """
    from django.db.models import Max

    from tilik.programs.models import Enrollment

    dates = [
        Enrollment.objects.filter(offering__program__in=scope.programs).aggregate(d=Max("status_changed_on"))["d"]
    ]
    if apps.is_installed("tilik.surveys"):
        dates.append(_responses(scope).aggregate(d=Max("submitted_on"))["d"])
    if apps.is_installed("tilik.interviews"):
        dates.append(_interviews(scope).aggregate(d=Max("held_on"))["d"])
    if apps.is_installed("tilik.performance"):
        dates.append(_measurements(scope).aggregate(d=Max("period_start"))["d"])
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def appendix_section(scope: Scope, counts: dict[str, int], sections: list[Section]) -> tuple[Section, list[Any]]:
    s = Section("appendix", _("Lampiran"), status=MEASURED)
    if apps.is_installed("tilik.surveys"):
        from django.db.models import Count, Q

        from tilik.surveys.models import Instrument

        instruments = (
            Instrument.objects.filter(
                Q(versions__waves__program__in=scope.programs)
                | Q(versions__waves__offering__program__in=scope.programs)
            )
            .distinct()
            .annotate(nq=Count("versions__questions", distinct=True))
            .order_by("title")
        )
        rows = [[i.title, str(i.get_kind_display()), fmt.integer(i.nq)] for i in instruments]
        if rows:
            s.tables.append(Table(_("Lampiran A. Instrumen"), [_("Instrumen"), _("Jenis"), _("Butir")], rows))
    notes = [str(t) for sec in sections for t in _limitations(sec)]
    s.paragraphs.append(
        _(
            "Catatan metode: setiap angka dihitung oleh paket analysis Tilik versi %(v)s; "
            "p < 0,05 dianggap signifikan; IK = interval kepercayaan 95 %%."
        )
        % {"v": analysis.__version__}
    )
    s.paragraphs.append(
        _(
            "Keterbatasan: data yang belum diukur dinyatakan “Belum diukur” pada bagiannya; "
            "desain tanpa kelompok pembanding tidak memisahkan efek pelatihan dari tren."
        )
    )
    s.paragraphs.extend(notes)
    snapshot = [(label, fmt.integer(n)) for label, n in _count_labels(counts)]
    as_of = data_as_of(scope)
    snapshot += [
        (_("Data per tanggal"), fmt.date(as_of) if as_of else _("belum ada data")),
        (_("Tanggal pembuatan laporan"), fmt.date(timezone.localdate())),
        (_("Versi paket analysis"), analysis.__version__),
        (_("Ambang sel kecil (k)"), fmt.integer(scope.k)),
        (_("Target JP"), fmt.integer(settings.TILIK_JP_TARGET)),
        (
            _("Ambang rekomendasi"),
            _(
                "keputusan program: tabel keputusan K0–K5; alfa: seluruh IK 95 %% di bawah 0,70; "
                "serapan < %(min)s setelah semua angkatan selesai"
            )
            % {"min": fmt.pct(settings.TILIK_LOW_ABSORPTION_PCT, 0)},
        ),
    ]
    last_import = _last_import()
    if last_import:
        snapshot.append((_("Impor data kinerja terakhir"), last_import))
    s.tables.append(
        Table(
            _("Lampiran B. Potret data dan parameter (reprodusibilitas)"),
            [_("Unsur"), _("Nilai")],
            [[a, b] for a, b in snapshot],
        )
    )
    return s, snapshot


def _limitations(section: Section) -> list[str]:
    if section.measured or not section.reason:
        return []
    return [f"{section.title}: {section.reason}"]


def _last_import() -> str:
    if not apps.is_installed("tilik.performance"):
        return ""
    from tilik.performance.models import ImportBatch

    batch = ImportBatch.objects.order_by("-at").first()
    return f"{batch.file_name} ({fmt.date(timezone.localtime(batch.at))})" if batch else ""
