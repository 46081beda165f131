from django.urls import path

from tilik.performance import views

app_name = "performance"

urlpatterns = [
    path("", views.indicator_list, name="indicators"),
    path("impor/", views.import_list, name="imports"),
    path("impor/baru/", views.import_upload, name="import_upload"),
    path("impor/pratinjau/", views.import_preview_view, name="import_preview"),
    path("impor/terapkan/", views.import_apply_view, name="import_apply"),
    path("impor/<int:pk>/batalkan/", views.import_undo_view, name="import_undo"),
]
