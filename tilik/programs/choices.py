"""Code lists for programmes, enrolments and budgets."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetencyType(models.TextChoices):
    TEKNIS = "teknis", _("Teknis")
    MANAJERIAL = "manajerial", _("Manajerial")
    SOSIAL_KULTURAL = "sosial_kultural", _("Sosial kultural")


class Method(models.TextChoices):
    KLASIKAL = "klasikal", _("Klasikal")
    E_LEARNING = "e_learning", _("E-learning")
    BLENDED = "blended", _("Blended")


class DeliveryMode(models.TextChoices):
    """How one angkatan meets: in a room, online, or both."""

    LURING = "luring", _("Luring (tatap muka)")
    DARING = "daring", _("Daring")
    BLENDED = "blended", _("Campuran (daring dan luring)")


class EnrollmentStatus(models.TextChoices):
    INVITED = "invited", _("Diundang")
    REGISTERED = "registered", _("Terdaftar")
    ATTENDED = "attended", _("Hadir")
    COMPLETED = "completed", _("Lulus/selesai")
    DECLINED = "declined", _("Menolak")
    NO_SHOW = "no_show", _("Tidak hadir")
    WITHDRAWN = "withdrawn", _("Mengundurkan diri")


# Statuses that hold a seat in the offering.
SEAT_STATUSES = {EnrollmentStatus.REGISTERED, EnrollmentStatus.ATTENDED, EnrollmentStatus.COMPLETED}
# Statuses that need a reason from the code list.
REASON_STATUSES = {EnrollmentStatus.DECLINED, EnrollmentStatus.NO_SHOW, EnrollmentStatus.WITHDRAWN}

TRANSITIONS: dict[str, set[str]] = {
    EnrollmentStatus.INVITED: {EnrollmentStatus.REGISTERED, EnrollmentStatus.DECLINED},
    EnrollmentStatus.REGISTERED: {EnrollmentStatus.ATTENDED, EnrollmentStatus.NO_SHOW, EnrollmentStatus.WITHDRAWN},
    EnrollmentStatus.ATTENDED: {EnrollmentStatus.COMPLETED, EnrollmentStatus.WITHDRAWN},
    EnrollmentStatus.COMPLETED: set(),
    EnrollmentStatus.DECLINED: set(),
    EnrollmentStatus.NO_SHOW: set(),
    EnrollmentStatus.WITHDRAWN: set(),
}


class AbsenceReason(models.TextChoices):
    WORKLOAD = "beban_kerja", _("Beban/tugas kantor")
    NO_PERMISSION = "tidak_diizinkan", _("Tidak diizinkan atasan")
    NO_NEED = "tidak_perlu", _("Merasa tidak perlu")
    NO_MOTIVATION = "tidak_termotivasi", _("Kurang motivasi")
    SCHEDULE = "jadwal_bentrok", _("Jadwal bentrok")
    DISTANCE = "lokasi_jauh", _("Lokasi jauh/transportasi")
    ILLNESS = "sakit", _("Sakit/keperluan keluarga")
    NO_INFO = "tidak_tahu", _("Tidak menerima informasi")
    OTHER = "lainnya", _("Lainnya")


class DayAbsenceReason(models.TextChoices):
    """Why a participant missed one session day (the attendance grid); AbsenceReason is for the whole angkatan."""

    SICK = "sakit", _("Sakit")
    LEAVE = "izin", _("Izin")
    DUTY = "dinas_luar", _("Dinas luar")
    UNEXCUSED = "tanpa_keterangan", _("Tanpa keterangan")
    OTHER = "lainnya", _("Lainnya")


class BudgetCategory(models.TextChoices):
    HONORARIUM = "honorarium", _("Honorarium")
    KONSUMSI = "konsumsi", _("Konsumsi")
    AKOMODASI = "akomodasi", _("Akomodasi")
    ATK = "atk", _("ATK")
    SEWA_TEMPAT = "sewa_tempat", _("Sewa tempat")
    PERJALANAN = "perjalanan", _("Perjalanan dinas")
    LAINNYA = "lainnya", _("Lainnya")


class FundSource(models.TextChoices):
    APBD = "apbd", "APBD"
    APBN = "apbn", "APBN"
    DAK = "dak", _("DAK")
    HIBAH = "hibah", _("Hibah/kerja sama")
    LAINNYA = "lainnya", _("Lainnya")


class JPSource(models.TextChoices):
    ENROLLMENT = "enrollment", _("Pelatihan di Tilik")
    CERTIFICATE = "certificate", _("Sertifikat eksternal")
