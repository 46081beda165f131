import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tilik.core.models import AuditEvent
from tilik.core.tests.factories import make_employee, make_unit
from tilik.org import selectors, services
from tilik.org.models import Employee

pytestmark = pytest.mark.django_db


def test_unit_tree_paths_and_subtree():
    city = make_unit("Pemerintah Kota Denpasar", unit_type="pemda")
    dinkes = make_unit("Dinas Kesehatan", parent=city)
    pkm = make_unit("Puskesmas I Denpasar Barat", parent=dinkes, unit_type="puskesmas", serves_public=True,
                    kecamatan="denpasar_barat")
    other = make_unit("Dinas Sosial", parent=city)
    assert pkm.path == f"/{city.pk}/{dinkes.pk}/{pkm.pk}/" and pkm.depth == 2
    assert set(selectors.unit_subtree(dinkes)) == {dinkes, pkm}
    assert selectors.unit_ancestors(pkm) == [city, dinkes]
    assert other not in selectors.unit_subtree(dinkes)


def test_moving_a_unit_repaths_its_subtree():
    city = make_unit("Kota", unit_type="pemda")
    a = make_unit("A", parent=city)
    b = make_unit("B", parent=city)
    a1 = make_unit("A1", parent=a, unit_type="bidang")
    services.unit_update(unit=a, parent=b, by=None)
    a1.refresh_from_db()
    assert a1.path == f"/{city.pk}/{b.pk}/{a.pk}/{a1.pk}/" and a1.depth == 3


def test_unit_cannot_become_its_own_ancestor():
    city = make_unit("Kota", unit_type="pemda")
    a = make_unit("A", parent=city)
    a1 = make_unit("A1", parent=a, unit_type="bidang")
    with pytest.raises(ValidationError, match="induk dari dirinya sendiri"):
        services.unit_update(unit=a, parent=a1, by=None)
    with pytest.raises(ValidationError, match="induk dari dirinya sendiri"):
        services.unit_update(unit=a, parent=a, by=None)
    a.refresh_from_db()
    assert a.parent == city


def test_employee_fields_derived_from_nip_and_audited():
    unit = make_unit()
    employee = make_employee(sex_digit="2", born="19900101", tmt="201503", unit=unit,
                             start_date=dt.date(2015, 3, 1))
    assert employee.sex == "P"
    assert employee.birth_date == dt.date(1990, 1, 1)
    assert employee.tmt_cpns == dt.date(2015, 3, 1)
    assert AuditEvent.objects.filter(action="employee.create", target_id=str(employee.pk)).exists()


def test_invalid_nip_is_refused_and_nothing_written():
    with pytest.raises(ValidationError) as exc:
        services.employee_create(by=None, nip="198609262015053001", name="X", golongan="III/a",
                                 jabatan_category="pelaksana", education="S1")
    assert "digit ke-15 (jenis kelamin) harus 1 atau 2" in str(exc.value)
    assert Employee.objects.count() == 0


def test_pppk_requires_sex_and_pppk_golongan():
    base = {"nip": "199203152021212005", "name": "Ni Luh PPPK", "employment_type": "PPPK",
            "jabatan_category": "fungsional", "education": "D3"}
    with pytest.raises(ValidationError, match="PPPK"):
        services.employee_create(by=None, golongan="PPPK VII", **base)
    with pytest.raises(ValidationError, match="golongan"):
        services.employee_create(by=None, golongan="III/a", sex="P", **base)
    employee = services.employee_create(by=None, golongan="PPPK VII", sex="P", **base)
    assert employee.tmt_cpns is None


def test_transfer_keeps_history_and_answers_unit_on_date():
    a, b = make_unit("Dinas A"), make_unit("Dinas B")
    employee = make_employee(unit=a, start_date=dt.date(2020, 1, 1))
    services.employee_transfer(employee=employee, unit=b, on=dt.date(2025, 7, 1), by=None)
    assert selectors.unit_of(employee, dt.date(2025, 6, 30)) == a
    assert selectors.unit_of(employee, dt.date(2025, 7, 1)) == b
    assert selectors.unit_of(employee, dt.date(2019, 12, 31)) is None
    assert list(selectors.employees_in_unit(a, on=dt.date(2024, 1, 1))) == [employee]
    assert list(selectors.employees_in_unit(a, on=dt.date(2026, 1, 1))) == []
    with pytest.raises(ValidationError):
        services.employee_transfer(employee=employee, unit=a, on=dt.date(2025, 7, 1), by=None)


def test_bulk_create_refuses_a_nip_already_stored_and_writes_nothing():
    from tilik.org.services_bulk import employees_bulk_create

    make_employee(born="19900101", tmt="201503", sex_digit="1")
    stored = Employee.objects.get().nip
    row = {"nip": "199202022016041001", "name": "Baru", "golongan": "III/a",
           "jabatan_category": "pelaksana", "education": "S1"}
    with pytest.raises(ValidationError, match=f"Baris 2: NIP {stored} sudah terdaftar"):
        employees_bulk_create(rows=[row, {**row, "nip": stored}], by=None)
    assert Employee.objects.count() == 1
