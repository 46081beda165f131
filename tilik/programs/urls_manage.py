"""URLs of the programme, angkatan and enrolment pages (included by tilik.programs.urls)."""

from django.urls import path

from tilik.programs import views_attendance, views_budget_manage, views_enrol_bulk, views_jp_ledger, views_jp_list
from tilik.programs import views_manage as v

urlpatterns = [
    path("daftar/", v.program_list, name="programs"),
    path("baru/", v.program_edit, name="program_create"),
    path("<int:pk>/", v.program_detail, name="program"),
    path("<int:pk>/ubah/", v.program_edit, name="program_edit"),
    path("<int:program_pk>/angkatan/baru/", v.offering_edit, name="offering_create"),
    path("angkatan/", v.offering_list, name="offerings"),
    path("angkatan/<int:pk>/", v.offering_detail, name="offering"),
    path("angkatan/<int:pk>/ubah/", v.offering_edit, name="offering_edit"),
    path("angkatan/<int:pk>/tambah-peserta/", v.enroll, name="enroll"),
    path("angkatan/<int:pk>/tambah-sekaligus/", views_enrol_bulk.enroll_bulk, name="enroll_bulk"),
    path("angkatan/<int:pk>/status/", v.offering_status, name="offering_status"),
    path("angkatan/<int:pk>/kehadiran/", views_attendance.offering_attendance, name="offering_attendance"),
    path("angkatan/<int:pk>/kehadiran/impor/", views_attendance.offering_attendance_import,
         name="offering_attendance_import"),
    path("peserta/<int:pk>/pindah/", v.enrollment_move_view, name="enrollment_move"),
    path("peserta/<int:pk>/batal/", v.enrollment_cancel_view, name="enrollment_cancel"),
    path("anggaran/baris/", views_budget_manage.budget_lines, name="budget_lines"),
    path("anggaran/baris/baru/", views_budget_manage.budget_line_edit, name="budget_line_create"),
    path("anggaran/baris/<int:pk>/ubah/", views_budget_manage.budget_line_edit, name="budget_line_edit"),
    path("jp/buku/", views_jp_ledger.jp_ledger, name="jp_ledger"),
    path("jp/buku/tambah/", views_jp_ledger.jp_external_create, name="jp_external_create"),
    path("jp/buku/<int:pk>/koreksi/", views_jp_ledger.jp_entry_edit, name="jp_entry_edit"),
    path("jp/semua/", views_jp_list.jp_list, name="jp_list"),
]
