"""IKM (PermenPAN-RB 14/2017) and the Krejcie-Morgan sample size table."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ikm import UNSUR, ikm, ikm_grade, krejcie_morgan

CODES = list(UNSUR)

# Krejcie & Morgan (1970), Table 1: population N -> sample S (all 90 entries).
KM_TABLE = {
    10: 10,
    15: 14,
    20: 19,
    25: 24,
    30: 28,
    35: 32,
    40: 36,
    45: 40,
    50: 44,
    55: 48,
    60: 52,
    65: 56,
    70: 59,
    75: 63,
    80: 66,
    85: 70,
    90: 73,
    95: 76,
    100: 80,
    110: 86,
    120: 92,
    130: 97,
    140: 103,
    150: 108,
    160: 113,
    170: 118,
    180: 123,
    190: 127,
    200: 132,
    210: 136,
    220: 140,
    230: 144,
    240: 148,
    250: 152,
    260: 155,
    270: 159,
    280: 162,
    290: 165,
    300: 169,
    320: 175,
    340: 181,
    360: 186,
    380: 191,
    400: 196,
    420: 201,
    440: 205,
    460: 210,
    480: 214,
    500: 217,
    550: 226,
    600: 234,
    650: 242,
    700: 248,
    750: 254,
    800: 260,
    850: 265,
    900: 269,
    950: 274,
    1000: 278,
    1100: 285,
    1200: 291,
    1300: 297,
    1400: 302,
    1500: 306,
    1600: 310,
    1700: 313,
    1800: 317,
    1900: 320,
    2000: 322,
    2200: 327,
    2400: 331,
    2600: 335,
    2800: 338,
    3000: 341,
    3500: 346,
    4000: 351,
    4500: 354,
    5000: 357,
    6000: 361,
    7000: 364,
    8000: 367,
    9000: 368,
    10000: 370,
    15000: 375,
    20000: 377,
    30000: 379,
    40000: 380,
    50000: 381,
    75000: 382,
    1000000: 384,
}


def _answers_with_sum(total: int, n: int) -> list[int]:
    """n answers of 3 or 4 (plus 1s/2s if needed) summing to total."""
    fours = total - 3 * n
    assert 0 <= fours <= n
    return [4] * fours + [3] * (n - fours)


def test_unsur_codes_in_order():
    assert CODES == [f"U{i}" for i in range(1, 10)]
    assert UNSUR["U8"].startswith("Penanganan Pengaduan") and UNSUR["U9"] == "Sarana dan Prasarana"


def test_exact_weights_not_point_eleven():
    # NRR per unsur differ but average exactly 3.6590 (sum of sums = 9 x 3659 over 1,000 people).
    sums = [3600, 3700, 3650, 3659, 3620, 3700, 3680, 3640, 3682]
    assert sum(sums) == 9 * 3659
    data = pd.DataFrame({c: _answers_with_sum(s, 1000) for c, s in zip(CODES, sums, strict=True)})
    res = ikm(data)
    assert res.ikm_raw == pytest.approx(91.475)
    assert res.ikm == 91.48  # half-up on the exact value, not binary-float rounding
    assert (res.grade, res.category) == ("A", "Sangat Baik")
    shortcut = round(sum(s / 1000 * 0.11 for s in sums) * 25, 2)
    assert shortcut == 90.56 and res.ikm != shortcut
    assert res.n == 1000 and set(res.n_per_unsur.values()) == {1000}
    assert res.nrr["U1"] == pytest.approx(3.6)


def test_nrr_uses_respondents_who_answered_and_columns_by_code():
    data = pd.DataFrame({c: [4, 3, 2, 1] for c in CODES})
    data.loc[0, "U4"] = np.nan  # one person skipped Biaya
    res = ikm(data[list(reversed(CODES))])  # column order must not matter
    assert res.nrr["U4"] == pytest.approx(2.0)  # (3 + 2 + 1) / 3
    assert res.n_per_unsur["U4"] == 3
    assert res.nrr["U1"] == pytest.approx(2.5)
    expected = 25 * (8 * 2.5 + 2.0) / 9
    assert res.ikm_raw == pytest.approx(expected)
    assert res.ikm == round(expected, 2)
    assert res.n == 4
    assert any("berbeda antarunsur" in w for w in res.warnings)


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        (100, "A"),
        (88.31, "A"),
        (88.30, "B"),
        (76.61, "B"),
        (76.60, "C"),
        (65.0, "C"),
        (64.99, "D"),
        (25, "D"),
    ],
)
def test_grade_boundaries(value, grade):
    assert ikm_grade(value)[0] == grade


def test_grade_labels_and_range():
    assert ikm_grade(90) == ("A", "Sangat Baik")
    assert ikm_grade(80) == ("B", "Baik")
    assert ikm_grade(70) == ("C", "Kurang Baik")
    assert ikm_grade(50) == ("D", "Tidak Baik")
    with pytest.raises(ValueError):
        ikm_grade(101)
    with pytest.raises(ValueError):
        ikm_grade(10)


def test_invalid_answers_name_column_and_row():
    data = pd.DataFrame({c: [4, 3, 2] for c in CODES}, index=[10, 11, 12])
    data["U3"] = [4, 5, 0]
    with pytest.raises(ValueError, match=r"'U3' baris 11"):
        ikm(data)
    data["U3"] = [4, 2.5, 3]
    with pytest.raises(ValueError, match=r"'U3' baris 11"):
        ikm(data)
    data["U3"] = pd.Series(["4", "x", 3], index=data.index, dtype="object")
    with pytest.raises(ValueError, match=r"'U3' baris 11"):
        ikm(data)


def test_other_invalid_inputs():
    data = pd.DataFrame({c: [4, 3] for c in CODES})
    with pytest.raises(ValueError, match="tidak ditemukan"):
        ikm(data.drop(columns="U9"))
    with pytest.raises(ValueError, match="tidak dikenal"):
        ikm(data, unsur=("U1", "U10"))
    data["U2"] = np.nan
    with pytest.raises(ValueError, match="U2"):
        ikm(data)


def test_subset_of_unsur_warns():
    data = pd.DataFrame({c: [4, 4] for c in CODES})
    res = ikm(data, unsur=("U1", "U2", "U3"))
    assert res.ikm == 100.0
    assert any("3 dari 9" in w for w in res.warnings)


def test_krejcie_morgan_table():
    for population, sample in KM_TABLE.items():
        assert krejcie_morgan(population) == sample, population
    assert krejcie_morgan(None) == 384
    assert krejcie_morgan(3) == 3
    with pytest.raises(ValueError):
        krejcie_morgan(0)


answers = st.one_of(st.none(), st.integers(min_value=1, max_value=4))


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.lists(answers, min_size=9, max_size=9), min_size=1, max_size=8),
    pick=st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=8)),
)
def test_ikm_monotone_in_every_answer(rows, pick):
    for j in range(9):  # every unsur needs at least one answer
        if all(r[j] is None for r in rows):
            rows[0][j] = 1
    data = pd.DataFrame(rows, columns=CODES, dtype="float")
    i, j = pick[0] % len(rows), pick[1]
    if rows[i][j] is None or rows[i][j] == 4:
        return
    before = ikm(data)
    raised = data.copy()
    raised.iloc[i, j] += 1
    after = ikm(raised)
    assert after.ikm_raw > before.ikm_raw
    assert after.ikm >= before.ikm
    assert after.grade <= before.grade  # "A" < "B": a better grade sorts first
