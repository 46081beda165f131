import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tilik.org.nip import parse_nip

TODAY = dt.date(2026, 11, 28)


def test_domain_example_is_valid_and_decoded():
    info = parse_nip("19860926 201505 1 001", today=TODAY)
    assert info.nip == "198609262015051001"
    assert info.birth_date == dt.date(1986, 9, 26)
    assert info.tmt == dt.date(2015, 5, 1)
    assert info.sex == "L"
    assert info.sequence == 1


def test_female_digit():
    assert parse_nip("199001012015052003", today=TODAY).sex == "P"


@pytest.mark.parametrize(
    ("nip", "fragment"),
    [
        ("19860926201505300", "18 digit"),
        ("19860926201505300A", "angka"),
        ("198609262015053001", "digit ke-15 (jenis kelamin) harus 1 atau 2"),
        ("198602302015051001", "tanggal lahir"),
        ("198609262015131001", "bulan TMT"),
        ("198609262000011001", "ulang tahun ke-18"),
        ("198609262030011001", "masa depan"),
        ("198609262015051000", "001"),
        ("183009262015051001", "tahun lahir"),
    ],
)
def test_invalid_nips_name_the_fault_in_indonesian(nip, fragment):
    with pytest.raises(ValidationError) as exc:
        parse_nip(nip, today=TODAY)
    assert fragment in " ".join(exc.value.messages)


def test_pppk_is_lenient_but_checks_birth_date():
    info = parse_nip("199203152021212005", employment_type="PPPK", today=TODAY)
    assert info.sex is None and info.tmt is None
    with pytest.raises(ValidationError):
        parse_nip("199213152021212005", employment_type="PPPK", today=TODAY)
