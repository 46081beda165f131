"""The server side of Tilik's expression language (tilik/surveys/expr) against values worked out
by hand from the ODK XForms spec (https://getodk.github.io/xforms-spec/#xpath-functions) and
XPath 1.0's conversion rules. Parity with the browser: tests/browser/test_expr_parity.py."""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tilik.surveys.expr import ExprError, as_bool, as_number, as_string, check, columns, evaluate, references
from tilik.surveys.tests.expr_samples import EXTREMES, ROBUST

TODAY = dt.date(2026, 12, 8)
NOW = dt.datetime(2026, 12, 8, 11, 29, 47, 123000, tzinfo=ZoneInfo("Asia/Makassar"))


def ev(expr: str, **values: str) -> object:
    return evaluate(expr, values, today=TODAY, now=NOW)


@pytest.mark.parametrize(
    ("expr", "values", "expected"),
    [
        # ODK functions (spec examples and their definitions)
        ("selected(${m}, 'b')", {"m": "a b c"}, True),
        ("selected(${m}, 'd')", {"m": "a b c"}, False),
        ("selected(${m}, ' b ')", {"m": "a b c"}, True),  # the needle is trimmed
        ("count-selected(${m})", {"m": "a b c"}, 3.0),
        ("count-selected(${m})", {"m": ""}, 0.0),
        ("selected-at(${m}, 1)", {"m": "a b c"}, "b"),  # 0-based
        ("selected-at(${m}, 5)", {"m": "a b c"}, ""),
        ("string-length(${t})", {"t": "Denpasar"}, 8.0),
        ("substr('abcdef', 1, 3)", {}, "bc"),  # start inclusive, end exclusive, 0-based
        ("substr('abcdef', 2)", {}, "cdef"),
        ("substring('12345', 1.5, 2.6)", {}, "234"),  # XPath 1.0 spec example
        ("substring('12345', 0, 3)", {}, "12"),  # XPath 1.0 spec example
        ("substring-before('1999/04/01', '/')", {}, "1999"),
        ("substring-after('1999/04/01', '/')", {}, "04/01"),
        ("translate('bar', 'abc', 'ABC')", {}, "BAr"),  # XPath 1.0 spec example
        ("translate('--aaa--', 'abc-', 'ABC')", {}, "AAA"),  # XPath 1.0 spec example
        ("normalize-space('  a \n  b  ')", {}, "a b"),
        ("concat('a', 1, true())", {}, "a1true"),
        ("coalesce(${x}, 'cadangan')", {"x": ""}, "cadangan"),
        ("coalesce(${x}, 'cadangan')", {"x": "isi"}, "isi"),
        ("if(${x} = '', 'kosong', 'ada')", {"x": ""}, "kosong"),
        ("round(1.5)", {}, 2.0),
        ("round(-1.5)", {}, -2.0),  # half away from zero
        ("round(3.14159, 2)", {}, 3.14),
        ("round(1234, -2)", {}, 1200.0),
        ("int(-3.7)", {}, -3.0),
        ("int(3.7)", {}, 3.0),
        ("floor(-3.5)", {}, -4.0),
        ("ceiling(-3.5)", {}, -3.0),
        ("regex(${hp}, '^08[0-9]{8,11}$')", {"hp": "081234567890"}, True),
        ("regex(${hp}, '^08[0-9]{8,11}$')", {"hp": "0812-3456"}, False),
        ("regex('a\n', 'a$')", {}, False),  # JavaScript's $ is the very end
        ("regex('pA', '^\\p\\A$')", {}, True),  # JavaScript reads unknown escapes as the letter itself
        ("contains(${t}, 'pasar')", {"t": "Denpasar"}, True),
        ("starts-with(${t}, 'Den')", {"t": "Denpasar"}, True),
        # XPath 1.0 conversions and comparisons with one string value per question
        ("${n} + 1", {"n": "41"}, 42.0),
        ("${n} + 1", {"n": ""}, math.nan),  # number('') is NaN
        ("${n} = 0", {"n": ""}, False),
        ("${n} < 1", {"n": ""}, False),
        ("${n} >= 1", {"n": ""}, False),
        ("${n} != ''", {"n": ""}, False),
        ("${n} = 5", {"n": "5.0"}, True),  # compared as numbers
        ("${n} = '5'", {"n": "5.0"}, False),  # compared as strings
        ("${n} > 10", {"n": " 12 "}, True),
        ("${a} = ${b}", {"a": "ya", "b": "ya"}, True),
        ("true() = 'x'", {}, True),
        ("'abc' > 1", {}, False),
        ("1 div 0", {}, math.inf),
        ("string(1 div 0)", {}, "Infinity"),
        ("string(0 div 0)", {}, "NaN"),
        ("string(1 div 4)", {}, "0.25"),
        ("7 mod 3", {}, 1.0),
        ("-7 mod 3", {}, -1.0),
        ("2 + 3 * 4", {}, 14.0),
        ("(2 + 3) * 4", {}, 20.0),
        ("-${n} * 2", {"n": "3"}, -6.0),
        ("1 < 2 = true()", {}, True),
        ("true() or false() and false()", {}, True),
        ("not(${x} = 'a') and ${y} > 1", {"x": "b", "y": "2"}, True),
        ("boolean(${x})", {"x": ""}, False),
        ("number('abc')", {}, math.nan),
        # dates: ISO strings, today() and now() in Asia/Makassar
        ("today()", {}, "2026-12-08"),
        ("now()", {}, "2026-12-08T11:29:47.123+08:00"),
        ("today() - date('2026-12-01')", {}, 7.0),
        ("${lahir} < today()", {"lahir": "1990-05-17"}, True),
        ("${d} > '2026-12-01'", {"d": "2026-12-08"}, True),  # both are dates: compared as days
        ("${d} - ${e}", {"d": "2026-03-01", "e": "2026-02-01"}, 28.0),
        ("date('2026-1-5') = date('2026-01-05')", {}, True),
        ("date('2026-02-30')", {}, "2026-03-02T08:00:00.000+08:00"),  # V8 reads day 30 as UTC, rolled over
        ("date('2026-02-32')", {}, "Invalid Date"),
        ("date('')", {}, ""),
        ("decimal-date-time('1970-01-01T00:00:00.000Z')", {}, 0.0),  # ODK spec
        ("decimal-date-time('1970-01-02T12:00:00.000Z')", {}, 1.5),
    ],
)
def test_values(expr: str, values: dict[str, str], expected: object) -> None:
    got = evaluate(expr, values, today=TODAY, now=NOW)
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(got, float) and math.isnan(got)
    else:
        assert type(got) is type(expected)
        assert got == expected


def test_current_value_for_constraints() -> None:
    assert evaluate(". >= 18 and . <= 65", {}, current="30") is True
    assert evaluate(". >= 18 and . <= 65", {}, current="") is False
    assert evaluate("string-length(.) = 18", {}, current="199001012020121001") is True


def test_choice_filter_reads_the_choice_row() -> None:
    row = {"name": "denpasar_timur", "kabupaten": "denpasar"}
    assert evaluate("kabupaten = ${kab}", {"kab": "denpasar"}, choice=row) is True
    assert evaluate("kabupaten = ${kab}", {"kab": "badung"}, choice=row) is False
    assert evaluate("name != 'x' and tidak_ada = ''", {}, choice=row) is True
    with pytest.raises(ExprError, match="choice_filter"):
        evaluate("kabupaten = 'x'", {})


def test_today_is_the_wita_date_by_default() -> None:
    wita = ZoneInfo("Asia/Makassar")
    before = dt.datetime.now(wita).date().isoformat()
    got = evaluate("today()", {})
    after = dt.datetime.now(wita).date().isoformat()
    assert got in {before, after}
    # a naive injected now() is WITA time
    assert evaluate("now()", {}, now=dt.datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04:05.000+08:00"


def test_empty_and_missing_answers_are_empty_strings() -> None:
    assert evaluate("${a} = ''", {}) is True
    assert evaluate("concat(${a}, '|', ${b})", {"b": "x"}) == "|x"


def test_unicode_counts_utf16_units_like_the_browser() -> None:
    assert ev("string-length(${t})", t="Dénpasar") == 8.0
    assert ev("string-length(${t})", t="kopi ☕😀") == 8.0  # the emoji is two UTF-16 units
    assert ev("translate(${t}, 'é', 'e')", t="Dénpasar") == "Denpasar"


@pytest.mark.parametrize(
    ("expr", "position", "words"),
    [
        ("", 1, "kosong"),
        ("${a} +", 7, "akhir ekspresi"),
        ("${a} = 'x", 8, "kutip"),
        ("foo(${a})", 1, "Fungsi 'foo' tidak didukung"),
        ("if(${a}, 1)", 1, "menerima 3 argumen, diberi 2"),
        ("/data/a = 1", 1, "Jalur XPath"),
        ("${a} ${b}", 6, "Sisa ekspresi"),
        ("${a} x 2", 6, "diharapkan operator"),
        ("$a = 1", 1, "${nama}"),
        ("(${a} = 1", 10, "')'"),
        ("regex(${a}, '[')", None, "Pola regex"),
    ],
)
def test_errors_are_indonesian_and_name_the_position(expr: str, position: int | None, words: str) -> None:
    with pytest.raises(ExprError) as caught:
        check(expr)
    assert words in str(caught.value)
    assert caught.value.position == position
    if position is not None:
        assert f"(posisi {position})" in str(caught.value)


def test_references_and_columns() -> None:
    expr = "selected(${pekerjaan}, 'asn') and ${umur} >= 18 or kabupaten = ${kab}"
    assert references(expr) == {"pekerjaan", "umur", "kab"}
    assert columns(expr) == {"kabupaten"}
    assert references("1 + 1") == set()


@pytest.mark.parametrize(
    ("value", "boolean", "number", "string"),
    [
        ("", False, math.nan, ""),
        ("0", True, 0.0, "0"),
        (" 12 ", True, 12.0, " 12 "),
        (0.0, False, 0.0, "0"),
        (2.5, True, 2.5, "2.5"),
        (1e21, True, 1e21, "1e+21"),
        (1e-7, True, 1e-7, "1e-7"),
        (0.1 + 0.2, True, 0.1 + 0.2, "0.30000000000000004"),
        (True, True, 1.0, "true"),
        (math.nan, False, math.nan, "NaN"),
        (-math.inf, True, -math.inf, "-Infinity"),
        (3, True, 3.0, "3"),
    ],
)
def test_conversions(value: object, boolean: bool, number: float, string: str) -> None:
    assert as_bool(value) is boolean  # type: ignore[arg-type]
    got = as_number(value)  # type: ignore[arg-type]
    assert (math.isnan(got) and math.isnan(number)) or got == number
    assert as_string(value) == string  # type: ignore[arg-type]


@given(
    expr=st.sampled_from(ROBUST),
    values=st.fixed_dictionaries({k: st.sampled_from(EXTREMES) | st.text(max_size=12) for k in "abc"}),
)
@settings(max_examples=300, deadline=None)
def test_any_answer_gives_a_value_never_a_crash(expr: str, values: dict[str, str]) -> None:
    result = evaluate(expr, values, current=values["a"], today=TODAY, now=NOW)
    assert isinstance(result, str | float | bool)
