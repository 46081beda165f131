"""fmt.num: a number that rounds to zero prints without a sign."""

from __future__ import annotations

import pytest
from django.utils import translation

from tilik.core import fmt


@pytest.mark.parametrize("value", [-0.0001, -0.004, -0.0])
def test_tiny_negative_prints_unsigned_zero(value):
    with translation.override("id"):
        assert fmt.num(value, 2) == "0,00"
        assert fmt.pct(value, 1) == "0,0 %"
    with translation.override("en"):
        assert fmt.num(value, 2) == "0.00"


def test_negative_that_survives_rounding_keeps_its_sign():
    with translation.override("id"):
        assert fmt.num(-0.006, 2) == "-0,01"
