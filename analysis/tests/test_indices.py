"""IP ASN, SKP predikat (PermenPAN-RB 6/2022) and 20 JP compliance."""

import pytest

from analysis.indices import IP_ASN_DEFAULT_WEIGHTS, ip_asn, ip_asn_category, jp_compliance, skp_predikat


def test_default_weights_are_data_and_sum_to_one():
    assert dict(IP_ASN_DEFAULT_WEIGHTS) == {
        "kualifikasi": 0.25,
        "kompetensi": 0.40,
        "kinerja": 0.30,
        "disiplin": 0.05,
    }
    assert sum(IP_ASN_DEFAULT_WEIGHTS.values()) == pytest.approx(1.0)
    with pytest.raises(TypeError):
        IP_ASN_DEFAULT_WEIGHTS["kinerja"] = 0.5  # type: ignore[index]


def test_ip_asn_weighted_sum():
    # S-2 holder: kualifikasi 20 of 25 points -> 80 on the 0-100 scale.
    res = ip_asn({"kualifikasi": 80, "kompetensi": 100, "kinerja": 90, "disiplin": 100})
    assert res.score == pytest.approx(0.25 * 80 + 0.40 * 100 + 0.30 * 90 + 0.05 * 100)
    assert res.score == pytest.approx(92.0)
    assert res.category == "Sangat Tinggi"
    assert res.contributions["kualifikasi"] == pytest.approx(20.0)
    assert res.warnings  # default weights are partly unconfirmed


def test_ip_asn_custom_weights():
    res = ip_asn({"a": 50, "b": 100}, weights={"a": 0.5, "b": 0.5})
    assert res.score == 75.0 and res.category == "Sedang" and not res.warnings
    with pytest.raises(ValueError, match="Jumlah bobot"):
        ip_asn({"a": 50, "b": 100}, weights={"a": 0.5, "b": 0.4})
    with pytest.raises(ValueError, match="belum diisi"):
        ip_asn({"kualifikasi": 80})
    with pytest.raises(ValueError, match="di luar rentang"):
        ip_asn({"a": 120, "b": 100}, weights={"a": 0.5, "b": 0.5})
    with pytest.raises(ValueError, match="tanpa bobot"):
        ip_asn({"a": 1, "b": 1, "c": 1}, weights={"a": 0.5, "b": 0.5})


@pytest.mark.parametrize(
    ("score", "category"),
    [
        (100, "Sangat Tinggi"),
        (91, "Sangat Tinggi"),
        (90.5, "Sangat Tinggi"),
        (90, "Tinggi"),
        (81, "Tinggi"),
        (80.01, "Tinggi"),
        (80, "Sedang"),
        (71, "Sedang"),
        (70, "Rendah"),
        (61, "Rendah"),
        (60.5, "Rendah"),
        (60, "Sangat Rendah"),
        (0, "Sangat Rendah"),
    ],
)
def test_ip_asn_category_boundaries(score, category):
    assert ip_asn_category(score) == category


@pytest.mark.parametrize(
    ("hasil", "perilaku", "predikat"),
    [
        ("di_atas", "di_atas", "Sangat Baik"),
        ("di_atas", "sesuai", "Baik"),
        ("di_atas", "di_bawah", "Kurang/Misconduct"),
        ("sesuai", "di_atas", "Baik"),
        ("sesuai", "sesuai", "Baik"),
        ("sesuai", "di_bawah", "Kurang/Misconduct"),
        ("di_bawah", "di_atas", "Butuh Perbaikan"),
        ("di_bawah", "sesuai", "Butuh Perbaikan"),
        ("di_bawah", "di_bawah", "Sangat Kurang"),
    ],
)
def test_skp_matrix(hasil, perilaku, predikat):
    assert skp_predikat(hasil, perilaku) == predikat


def test_skp_accepts_indonesian_phrases():
    assert skp_predikat("Di Atas Ekspektasi", "Sesuai Ekspektasi") == "Baik"
    assert skp_predikat("DI BAWAH EKSPEKTASI", "di-bawah") == "Sangat Kurang"
    with pytest.raises(ValueError, match="tidak dikenal"):
        skp_predikat("baik", "sesuai")


def test_jp_compliance():
    res = jp_compliance({"A": 24, "B": 20, "C": 12.5, "D": 0})
    assert (res.n, res.n_compliant) == (4, 2)
    assert res.pct == pytest.approx(50.0)
    assert res.mean_jp == pytest.approx(56.5 / 4)
    assert res.median_jp == pytest.approx(16.25)
    assert res.gaps == {"C": 7.5, "D": 20.0}
    assert res.total_gap == pytest.approx(27.5)
    seq = jp_compliance([30, 10], target=24)
    assert seq.gaps == {"1": 14.0} and seq.warnings
    with pytest.raises(ValueError):
        jp_compliance([])
    with pytest.raises(ValueError):
        jp_compliance([-1])
