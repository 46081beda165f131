"""The indicators Tilik ships and the built-in source layouts (column mappings) of common exports.

Shipped indicators are written by a data migration and by ``indicators_ensure_shipped`` (which the demo
builder calls after a wipe). Built-in layouts live here in code; evaluators save their own in the
database (``SourceLayout``). Headers of real e-Kinerja and SIASN exports vary by version: the built-in
mappings are starting points that the wizard lets the evaluator correct and save.
"""

from __future__ import annotations

from typing import Any

SKP_PREDIKAT_LABELS = {
    "Sangat Baik": 5,
    "Baik": 4,
    "Butuh Perbaikan": 3,
    "Kurang": 2,
    "Kurang/Misconduct": 2,
    "Misconduct": 2,
    "Sangat Kurang": 1,
}
SKP_RATING_LABELS = {
    "Di Atas Ekspektasi": 3,
    "Sesuai Ekspektasi": 2,
    "Di Bawah Ekspektasi": 1,
    "Di Atas": 3,
    "Sesuai": 2,
    "Di Bawah": 1,
}

SHIPPED_INDICATORS: tuple[dict[str, Any], ...] = (
    {
        "code": "skp-predikat",
        "name": "Predikat kinerja SKP",
        "entity_kind": "employee",
        "unit_of_measure": "skala 1–5",
        "direction": "higher",
        "frequencies": ["quarterly", "annual"],
        "source": "e-Kinerja BKN",
        "value_labels": SKP_PREDIKAT_LABELS,
        "min_value": 1,
        "max_value": 5,
        "description": "PermenPAN-RB 6/2022: Sangat Baik 5, Baik 4, Butuh Perbaikan 3, Kurang/Misconduct 2, "
        "Sangat Kurang 1 (urutan Butuh Perbaikan dan Kurang adalah konvensi Tilik).",
    },
    {
        "code": "skp-rating-hasil",
        "name": "Rating hasil kerja SKP",
        "entity_kind": "employee",
        "unit_of_measure": "skala 1–3",
        "direction": "higher",
        "frequencies": ["quarterly", "annual"],
        "source": "e-Kinerja BKN",
        "value_labels": SKP_RATING_LABELS,
        "min_value": 1,
        "max_value": 3,
        "description": "Di Atas Ekspektasi 3, Sesuai Ekspektasi 2, Di Bawah Ekspektasi 1.",
    },
    {
        "code": "skp-rating-perilaku",
        "name": "Rating perilaku kerja SKP",
        "entity_kind": "employee",
        "unit_of_measure": "skala 1–3",
        "direction": "higher",
        "frequencies": ["quarterly", "annual"],
        "source": "e-Kinerja BKN",
        "value_labels": SKP_RATING_LABELS,
        "min_value": 1,
        "max_value": 3,
        "description": "Di Atas Ekspektasi 3, Sesuai Ekspektasi 2, Di Bawah Ekspektasi 1.",
    },
    {
        "code": "tugas-tepat-waktu",
        "name": "Tugas selesai tepat waktu",
        "entity_kind": "employee",
        "unit_of_measure": "%",
        "direction": "higher",
        "frequencies": ["monthly"],
        "source": "e-Kinerja / aplikasi tugas OPD",
        "min_value": 0,
        "max_value": 100,
    },
    {
        "code": "waktu-penyelesaian-tugas",
        "name": "Rata-rata waktu penyelesaian tugas",
        "entity_kind": "employee",
        "unit_of_measure": "jam",
        "direction": "lower",
        "frequencies": ["monthly"],
        "source": "e-Kinerja / aplikasi tugas OPD",
        "min_value": 0,
    },
    {
        "code": "waktu-registrasi",
        "name": "Waktu registrasi pasien",
        "entity_kind": "unit",
        "unit_of_measure": "menit",
        "direction": "lower",
        "frequencies": ["monthly"],
        "source": "Register pendaftaran puskesmas / SIMPUS",
        "min_value": 0,
    },
    {
        "code": "waktu-tunggu",
        "name": "Waktu tunggu pelayanan",
        "entity_kind": "unit",
        "unit_of_measure": "menit",
        "direction": "lower",
        "frequencies": ["monthly"],
        "source": "Register pendaftaran puskesmas / SIMPUS",
        "min_value": 0,
    },
    {
        "code": "pengaduan",
        "name": "Jumlah pengaduan",
        "entity_kind": "unit",
        "unit_of_measure": "pengaduan",
        "direction": "lower",
        "frequencies": ["monthly"],
        "source": "SP4N-LAPOR! / kotak saran unit",
        "min_value": 0,
    },
    {
        "code": "ikm",
        "name": "Indeks Kepuasan Masyarakat (IKM)",
        "entity_kind": "unit",
        "unit_of_measure": "indeks 25–100",
        "direction": "higher",
        "frequencies": ["semester", "annual"],
        "source": "SKM Tilik (PermenPAN-RB 14/2017) atau impor",
        "min_value": 25,
        "max_value": 100,
    },
)

# Built-in layouts. Measurement mappings: nip_column / unit_column (the entity), period_column,
# frequency (optional: required when the period column holds dates), and either value_columns
# {indicator code: header} (wide) or indicator_column + value_column (long).
BUILTIN_LAYOUTS: tuple[dict[str, Any], ...] = (
    {
        "key": "tilik-kinerja",
        "name": "Format Tilik (panjang)",
        "kind": "measurements",
        "mapping": {
            "nip_column": "nip",
            "unit_column": "kode_unit",
            "period_column": "periode",
            "indicator_column": "indikator",
            "value_column": "nilai",
        },
    },
    {
        "key": "ekinerja-skp",
        "name": "Ekspor e-Kinerja (SKP)",
        "kind": "measurements",
        "mapping": {
            "nip_column": "NIP",
            "period_column": "Periode Penilaian",
            "value_columns": {
                "skp-predikat": "Predikat Kinerja",
                "skp-rating-hasil": "Rating Hasil Kerja",
                "skp-rating-perilaku": "Rating Perilaku Kerja",
            },
        },
    },
    {
        "key": "register-puskesmas",
        "name": "Register puskesmas (bulanan)",
        "kind": "measurements",
        "mapping": {
            "unit_column": "Kode Puskesmas",
            "period_column": "Bulan",
            "frequency": "monthly",
            "value_columns": {
                "waktu-registrasi": "Rata-rata Waktu Registrasi (menit)",
                "waktu-tunggu": "Rata-rata Waktu Tunggu (menit)",
                "pengaduan": "Jumlah Pengaduan",
            },
        },
    },
    {
        "key": "tilik-pegawai",
        "name": "Format Tilik (pegawai)",
        "kind": "employees",
        "mapping": {
            "nip": "nip",
            "name": "nama",
            "golongan": "golongan",
            "jabatan_category": "kategori_jabatan",
            "education": "pendidikan",
            "employment_type": "status_kepegawaian",
            "sex": "jenis_kelamin",
            "jenjang": "jenjang",
            "position_title": "nama_jabatan",
            "email": "surel",
            "phone": "telepon",
            "unit": "kode_unit",
            "unit_start": "tmt_unit",
        },
    },
    {
        "key": "siasn-pegawai",
        "name": "Ekspor SIASN (pegawai)",
        "kind": "employees",
        "mapping": {
            "nip": "NIP BARU",
            "name": "NAMA",
            "golongan": "GOL AKHIR NAMA",
            "jabatan_category": "JENIS JABATAN NAMA",
            "education": "TINGKAT PENDIDIKAN NAMA",
            "employment_type": "STATUS CPNS PNS",
            "sex": "JENIS KELAMIN",
            "position_title": "JABATAN NAMA",
            "unit": "UNOR NAMA",
        },
    },
    {
        "key": "tilik-peserta",
        "name": "Format Tilik (peserta pelatihan)",
        "kind": "enrolments",
        "mapping": {
            "nip": "nip",
            "program": "program",
            "batch": "angkatan",
            "status": "status",
            "reason_code": "alasan",
            "attendance_pct": "kehadiran",
            "on": "tanggal",
        },
    },
)

BUILTIN_BY_KEY = {layout["key"]: layout for layout in BUILTIN_LAYOUTS}

# Fields each import kind understands (target field -> required?).
EMPLOYEE_FIELDS = {
    "nip": True,
    "name": True,
    "golongan": True,
    "jabatan_category": True,
    "education": True,
    "employment_type": False,
    "sex": False,
    "jenjang": False,
    "position_title": False,
    "email": False,
    "phone": False,
    "unit": False,
    "unit_start": False,
}
ENROLMENT_FIELDS = {
    "nip": True,
    "program": True,
    "batch": True,
    "status": True,
    "reason_code": False,
    "attendance_pct": False,
    "on": False,
}
MEASUREMENT_KEYS = (
    "nip_column",
    "unit_column",
    "period_column",
    "frequency",
    "indicator_column",
    "value_column",
    "value_columns",
)
