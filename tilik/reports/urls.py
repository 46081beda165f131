from django.urls import path

from tilik.reports import views, views_letterhead, views_templates

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("kop/", views_letterhead.letterhead_edit, name="letterhead"),
    path("templat/", views_templates.template_list, name="templates"),
    path("templat/<int:pk>/pakai/", views_templates.template_toggle, name="template_toggle"),
    path("program/<slug:slug>/", views.program_evaluation, name="program"),
    path("program/<slug:slug>/unduh.<str:fmt>", views.program_download, name="program_download"),
    path("program/<slug:slug>/rekomendasi/", views.recommendations_edit, name="program_recommendations"),
    path("tahun/<int:year>/unduh.<str:fmt>", views.year_download, name="year_download"),
    path("tahun/<int:year>/rekomendasi/", views.recommendations_edit, name="year_recommendations"),
]
