from django.urls import path

from tilik.evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("baru/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/jalankan/", views.plan_run, name="plan_run"),
    path("<int:pk>/keputusan/", views.plan_decision, name="plan_decision"),
    path("hasil/<int:pk>/", views.run_detail, name="run"),
    path("hasil/<int:pk>/grafik/<str:kind>.svg", views.run_chart, name="run_chart"),
    path("hasil/<int:pk>/ekspor.<str:fmt>", views.run_export, name="run_export"),
]
