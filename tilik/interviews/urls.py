from django.urls import path

from tilik.interviews import views, views_analysis, views_codebook, views_coding, views_exchange

app_name = "interviews"

urlpatterns = [
    path("", views.interview_list, name="list"),
    path("baru/", views.interview_create, name="create"),
    path("pengode/", views.interview_coders_bulk, name="coders_bulk"),
    path("panduan/", views.guide_list, name="guides"),
    path("panduan/<slug:key>/", views.guide_detail, name="guide"),
    path("<int:pk>/", views.interview_detail, name="detail"),
    path("<int:pk>/ubah/", views.interview_edit, name="edit"),
    path("<int:pk>/hapus/", views.interview_delete, name="delete"),
    path("<int:pk>/pengode/", views.interview_coders, name="coders"),
    path("<int:pk>/transkrip/", views.transcript_edit, name="transcript"),
    path("<int:pk>/audio/", views.audio_upload, name="audio"),
    path("<int:pk>/berkas/<str:kind>/", views.interview_file, name="file"),
    path("<int:pk>/kalimat/", views_coding.sentence_picker, name="sentences"),
    path("<int:pk>/segmen/baru/", views_coding.segment_create, name="segment_create"),
    path("<int:pk>/segmen/kalimat/", views_coding.segment_create_sentences, name="segment_create_sentences"),
    path("segmen/", views_coding.segment_list, name="segments"),
    path("segmen/<int:pk>/ubah/", views_coding.segment_update, name="segment_update"),
    path("segmen/<int:pk>/hapus/", views_coding.segment_delete, name="segment_delete"),
    path("buku-kode/", views_codebook.codebook_list, name="codebooks"),
    path("buku-kode/baru/", views_codebook.codebook_create, name="codebook_create"),
    path("buku-kode/impor/", views_codebook.codebook_import, name="codebook_import"),
    path("buku-kode/impor-proyek/", views_exchange.project_import, name="project_import"),
    path("buku-kode/<int:pk>/", views_codebook.codebook_detail, name="codebook"),
    path("buku-kode/<int:pk>/hapus/", views_codebook.codebook_delete, name="codebook_delete"),
    path("buku-kode/<int:pk>/ekspor.<str:fmt>", views_codebook.codebook_export, name="codebook_export"),
    path("buku-kode/<int:pk>/kode/baru/", views_codebook.code_create, name="code_create"),
    path("kode/<int:pk>/ubah/", views_codebook.code_edit, name="code_edit"),
    path("kode/<int:pk>/hapus/", views_codebook.code_delete, name="code_delete"),
    path("buku-kode/<int:pk>/saran/", views_coding.suggestion_list, name="suggestions"),
    path("buku-kode/<int:pk>/saran/buat/", views_coding.suggestion_generate, name="suggestion_generate"),
    path("saran/<int:pk>/<str:decision>/", views_coding.suggestion_decide, name="suggestion_decide"),
    path("buku-kode/<int:pk>/frekuensi/", views_analysis.frequency, name="frequency"),
    path("buku-kode/<int:pk>/matriks.xlsx", views_analysis.matrix_xlsx, name="matrix"),
    path("buku-kode/<int:pk>/ko-okurensi/", views_analysis.cooccurrence, name="cooccurrence"),
    path("buku-kode/<int:pk>/kesepakatan/", views_analysis.agreement, name="agreement"),
    path("buku-kode/<int:pk>/kutipan/", views_analysis.quotes, name="quotes"),
]
