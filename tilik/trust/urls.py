from django.urls import path

from tilik.trust import views

app_name = "trust"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("unit/<int:pk>/", views.unit_page, name="unit"),
    path("konteks/", views.context, name="context"),
    path("analisis/", views.coverage_analysis, name="analysis"),
]
