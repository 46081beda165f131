from django.urls import path

from tilik.org import views_manage as v

app_name = "org"

urlpatterns = [
    path("asn/", v.employee_list, name="employees"),
    path("asn/baru/", v.employee_create_view, name="employee_create"),
    path("asn/<int:pk>/", v.employee_detail, name="employee"),
    path("asn/<int:pk>/ubah/", v.employee_edit, name="employee_edit"),
    path("asn/<int:pk>/mutasi/", v.employee_transfer_view, name="employee_transfer"),
    path("asn/<int:pk>/nonaktif/", v.employee_deactivate_view, name="employee_deactivate"),
    path("asn/<int:pk>/aktifkan/", v.employee_reactivate_view, name="employee_reactivate"),
    path("unit/", v.unit_list, name="units"),
    path("unit/baru/", v.unit_edit, name="unit_create"),
    path("unit/<int:pk>/ubah/", v.unit_edit, name="unit_edit"),
]
