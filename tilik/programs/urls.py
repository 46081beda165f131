from django.urls import path

from tilik.programs import urls_manage, views_budget, views_jp, views_participation

# Pages of this namespace whose views live in a higher app (they read surveys or evaluations) are added in
# tilik/urls.py: partisipasi/ (tilik.surveys.views.participation), anggaran/<pk>/ and perencana/
# (tilik.evaluations.views_budget, tilik.evaluations.views_planner).

app_name = "programs"

urlpatterns = [
    path("anggaran/", views_budget.budget_overview, name="budget"),
    path("anggaran/impor/", views_budget.budget_import, name="budget_import"),
    path("strategi/", views_participation.strategies, name="strategies"),
    path("strategi/eksperimen/<int:pk>/", views_participation.experiment_detail, name="experiment"),
    path(
        "strategi/eksperimen/<int:pk>/unduh/<str:fmt>/",
        views_participation.experiment_export,
        name="experiment_export",
    ),
    path("jp/", views_jp.jp_overview, name="jp"),
    path("jp/saya/", views_jp.my_jp, name="my_jp"),
    path("jp/sertifikat/", views_jp.certificate_queue, name="certificates"),
    path("jp/sertifikat/<int:pk>/keputusan/", views_jp.certificate_review, name="certificate_review"),
    path("jp/sertifikat/<int:pk>/berkas/", views_jp.certificate_file, name="certificate_file"),
    path("jp/sertifikat/<int:pk>/ubah/", views_jp.certificate_edit, name="certificate_edit"),
    path("jp/sertifikat/<int:pk>/hapus/", views_jp.certificate_remove, name="certificate_delete"),
]
# Programmes, angkatan and enrolments (issue 17).
urlpatterns += urls_manage.urlpatterns
