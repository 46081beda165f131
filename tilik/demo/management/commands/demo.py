"""`tilik demo`: fill the database with the synthetic Kota Denpasar and print the demo logins."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from tilik.demo import ground_truth as gt
from tilik.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from tilik.demo.extensions import build_extensions
from tilik.demo.generator import ACTOR, build_demo
from tilik.demo.services import data_present, demo_wipe

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    # The system checks import every view (and with them scipy and statsmodels): seconds that a data
    # loader does not need. `tilik migrate`, run just before, has checked the project already.
    requires_system_checks: list[str] = []
    help = (
        "Mengisi basis data dengan data demo Kota Denpasar (sintetis: nama dan NIP bukan orang sungguhan) "
        "dan menampilkan akun demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=gt.DEFAULT_SEED, help=_("Benih acak (bawaan 1)."))
        parser.add_argument(
            "--employees",
            type=int,
            default=gt.DEFAULT_EMPLOYEES,
            help=_("Jumlah ASN sintetis (bawaan 3000)."),
        )
        parser.add_argument(
            "--if-absent",
            action="store_true",
            help=_("Tidak melakukan apa pun bila basis data sudah berisi data."),
        )
        parser.add_argument(
            "--base-only",
            action="store_true",
            help=_("Hanya kota dasar (unit, ASN, program, anggaran), tanpa data survei, wawancara dan kinerja."),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=_(
                "Hapus semua data Tilik dan akun pengguna, lalu bangun ulang data demo. "
                "Juga diperlukan bila DEBUG=False."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        force, if_absent = options["force"], options["if_absent"]
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DEBUG=False: ini tampaknya server produksi, data demo tidak dibuat. Bila memang "
                    "ingin menimpa basis data ini dengan data demo, jalankan `tilik demo --force`."
                )
            )
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(_("Basis data belum dimigrasi. Jalankan `tilik migrate` lebih dulu."))
        present = data_present()
        if present and if_absent and not force:
            self.stdout.write(
                _("Basis data sudah berisi data (%(what)s); data demo tidak dibuat ulang.")
                % {"what": self._describe(present)}
            )
            self._print_logins()
            return
        if present and not force:
            raise CommandError(
                _(
                    "Basis data tidak kosong (%(what)s). Data demo hanya dibuat di basis data kosong. "
                    "Jalankan `tilik demo --force` untuk MENGHAPUS semua data Tilik dan akun pengguna lalu "
                    "membangun ulang data demo, atau `tilik demo --if-absent` untuk membiarkannya."
                )
                % {"what": self._describe(present)}
            )
        if options["employees"] < 50:
            raise CommandError(_("--employees minimal 50."))
        started = time.perf_counter()
        with transaction.atomic():
            if present:
                tables = demo_wipe(by=ACTOR)
                self.stdout.write(_("Data lama dihapus (%(n)s tabel).") % {"n": tables})
            summary = build_demo(seed=options["seed"], employees=options["employees"])
            extensions = [] if options["base_only"] else build_extensions(seed=options["seed"])
        seconds = time.perf_counter() - started
        today = summary.today
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Data demo Kota Denpasar dibuat dalam %(s)s detik "
                    "(seed %(seed)s, tanggal acuan %(d)s %(m)s %(y)s)."
                )
                % {
                    "s": f"{seconds:.1f}".replace(".", ","),
                    "seed": summary.seed,
                    "d": today.day,
                    "m": MONTHS[today.month - 1],
                    "y": today.year,
                }
            )
        )
        rows = [
            (_("Unit kerja"), _n(summary.units)),
            (
                _("ASN"),
                _("%(n)s (aktif %(a)s)") % {"n": _n(summary.employees), "a": _n(summary.active_employees)},
            ),
            (
                _("Program"),
                _("%(n)s (%(t)s judul, TA %(y0)s–%(y1)s)")
                % {
                    "n": _n(summary.programs),
                    "t": summary.program_titles,
                    "y0": gt.FISCAL_YEARS[0],
                    "y1": gt.FISCAL_YEARS[-1],
                },
            ),
            (_("Angkatan"), _n(summary.offerings)),
            (
                _("Peserta angkatan"),
                _("%(n)s (%(c)s lulus)") % {"n": _n(summary.enrollments), "c": _n(summary.completed)},
            ),
            (_("Catatan JP"), _n(summary.jp_entries)),
            (_("Baris anggaran"), _n(summary.budget_lines)),
        ]
        width = max(len(label) for label, _value in rows)
        for label, value in rows:
            self.stdout.write(f"  {label:<{width}} : {value}")
        labels = _extension_labels()
        for label, info in extensions:
            # Counts only, named for people; ids and planted values stay in the builders' summaries.
            flat = [pair for key, value in info.items() for pair in _counts(key, value)]
            shown = [(labels[key], value) for key, value in flat if key in labels and isinstance(value, int)]
            detail = ", ".join(f"{name} {_n(value)}" for name, value in shown) or _("dibuat")
            self.stdout.write(f"  {_(label):<{width}} : {detail}")
        for warning in summary.warnings:
            self.stdout.write(self.style.WARNING(_("  Catatan anggaran (sengaja): %(w)s") % {"w": warning}))
        self._print_logins()

    @staticmethod
    def _describe(present: dict[str, int]) -> str:
        return ", ".join(f"{_n(n)} {label}" for label, n in present.items())

    def _print_logins(self) -> None:
        from django.contrib.auth import get_user_model

        users = {
            u.username: u
            for u in get_user_model()
            .objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
            .select_related("profile__employee")
        }
        self.stdout.write("")
        self.stdout.write(_("Akun demo (kata sandi semua akun: %(p)s):") % {"p": DEMO_PASSWORD})
        for account in DEMO_ACCOUNTS:
            user = users.get(account.username)
            note = "" if user is not None else _("  [belum ada di basis data ini]")
            employee = getattr(getattr(user, "profile", None), "employee", None)
            if employee is not None:
                note = f" — {employee.name} (NIP {employee.nip})"
            self.stdout.write(f"  {account.username:<10} {account.description}{note}")
        self.stdout.write(
            _("Semua nama dan NIP adalah sintetis, bukan orang sungguhan. Lihat docs/demo-data.md.")
        )


def _counts(key: str, value: Any) -> list[tuple[str, Any]]:
    """A builder's summary entry, with one level of nested counts opened (e.g. certificates)."""
    return list(value.items()) if isinstance(value, dict) else [(key, value)]


def _extension_labels() -> dict[str, str]:
    """Printed names of the counts the demo builders (tilik.demo.extensions) return."""
    return {
        "measurements": _("pengukuran"),
        "puskesmas": _("puskesmas"),
        "plans": _("rencana evaluasi"),
        "interviews": _("wawancara"),
        "segments": _("segmen berkode"),
        "ikm_waves": _("gelombang IKM"),
        "ikm_responses": _("respons IKM"),
        "level1_waves": _("gelombang Level 1"),
        "level1_responses": _("respons Level 1"),
        "level2_pairs": _("pasangan pre/post"),
        "level3_responses": _("respons 360°"),
        "level3_ratees": _("pegawai dinilai 360°"),
        "starred_quotes": _("kutipan berbintang"),
        "invitees": _("undangan eksperimen pengingat"),
        "letters": _("surat pimpinan"),
        "verified": _("sertifikat terverifikasi"),
        "pending": _("sertifikat menunggu"),
        "rejected": _("sertifikat ditolak"),
        "evaluation_runs": _("hasil evaluasi tersimpan"),
        "roi_assumptions": _("asumsi ROI"),
    }
