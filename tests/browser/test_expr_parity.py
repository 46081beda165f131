"""Parity of Tilik's expression language: the server (tilik/surveys/expr, Python) and the browser
(tilik/surveys/static/surveys/expr.js over Enketo's openrosa-xpath-evaluator) give the same result
for a few thousand generated expressions and answers (seeded), evaluated in Chromium in one
page.evaluate call on a real Tilik page, under Tilik's Content-Security-Policy.

Numbers compare with a relative tolerance of 1e-12 (float formatting only); strings and booleans
exactly; the result's type (string, number, boolean) must match too.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.templatetags.static import static
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from tilik.surveys.expr import ExprError, evaluate
from tilik.surveys.tests.expr_samples import EXTREMES, ROBUST

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = 20261208
CASES = 3000
EXTREME_CASES = 1000  # answers at the edges: huge numbers, dates beyond year 9999, 24:00, Feb 30, emoji
WITA = ZoneInfo("Asia/Makassar")

NUMBERS = ["", "0", "1", "2", "-3", "2.5", " 12 ", "007", "10", "3.14159", "-0.5", "100000", "1e3", "0x1A", "abc"]
TEXTS = ["", "abc", "Dénpasar", "kopi ☕", "😀 emoji", "it's", 'say "hi"', "a b", "  spaced   out ", "ABC", "true"]
TEXTS += ["NaN"]
MULTIS = ["", "a", "a b", "b c d", "a  c", "x y z", "c"]
DATES = [
    "",
    "2026-01-05",
    "2026-12-08",
    "2025-02-28",
    "2024-02-29",
    "1999-12-31",
    "2026-1-5",
    "2026-12-08T10:20:30.000+08:00",
    "2026-06-30T23:59:00.000Z",
]
LITERAL_TEXTS = ["", "a", "b", "abc", "Den", "pasar", "é", "☕", " ", "x y", "1", "2026-12-01", "kopi", "ABC"]
PATTERNS = ["^[0-9]+$", "^\\d{1,3}$", "a", "^[A-Za-z ]+$", "\\s", "^.{3,}$", "☕", "^\\w+$", "b$", "^$", "[aeiou]{2}"]
CHOICES = [
    {"name": "denpasar_timur", "kab": "denpasar", "tipe": "kecamatan"},
    {"name": "kuta", "kab": "badung", "tipe": "kecamatan"},
    {"name": "sanur", "kab": "denpasar", "tipe": ""},
]
REFS = {"n1": NUMBERS, "n2": NUMBERS, "t1": TEXTS, "t2": TEXTS, "m1": MULTIS, "d1": DATES, "d2": DATES}


@dataclass
class Gen:
    rnd: random.Random
    with_choice: bool = False
    depth: int = 0
    max_depth: int = 3

    def lit_str(self) -> str:
        c = self.rnd.choice
        text = c(LITERAL_TEXTS)
        return f"'{text}'" if self.rnd.random() < 0.5 else f'"{text}"'

    def lit_num(self) -> str:
        c = self.rnd.choice
        return c(["0", "1", "2", "3", "5", "10", "0.5", "1.25", "100", "7", ".5", "3."])

    def ref(self, *kinds: str) -> str:
        c = self.rnd.choice
        names = [n for n in REFS if n[0] in kinds] if kinds else list(REFS)
        return "${" + c(names) + "}"

    def sub(self, kind: str) -> str:
        if self.depth >= self.max_depth:
            return {"num": self.leaf_num, "str": self.leaf_str, "bool": self.leaf_bool, "date": self.leaf_date}[kind]()
        self.depth += 1
        try:
            return getattr(self, f"g_{kind}")()
        finally:
            self.depth -= 1

    def leaf_num(self) -> str:
        c = self.rnd.choice
        return c([self.lit_num(), self.ref("n"), self.ref("n", "t", "d"), "."])

    def leaf_str(self) -> str:
        c = self.rnd.choice
        options = [self.lit_str(), self.ref("t"), self.ref(), "."]
        if self.with_choice:
            options.append(c(["kab", "name", "tipe", "missing_col"]))
        return c(options)

    def leaf_bool(self) -> str:
        c = self.rnd.choice
        return c(["true()", "false()", f"selected({self.ref('m')}, 'a')", f"{self.ref('n')} > 1"])

    def leaf_date(self) -> str:
        c = self.rnd.choice
        return c(["today()", f"date({self.ref('d')})", "date('2026-12-01')", "now()", f"date({self.ref('t', 'n')})"])

    def g_num(self) -> str:
        r = self.rnd.randrange(18)
        s, c = self.sub, self.rnd.choice
        return [
            lambda: f"{s('num')} {c(['+', '-', '*', 'div', 'mod'])} {s('num')}",
            lambda: f"-{s('num')}",
            lambda: f"string-length({s('str')})",
            lambda: f"count-selected({self.ref('m', 't')})",
            lambda: f"number({c([s('str'), s('num'), s('bool')])})",
            lambda: f"round({s('num')})",
            lambda: f"round({s('num')}, {c(['0', '1', '2', '-1'])})",
            lambda: f"int({s('num')})",
            lambda: f"floor({s('num')})",
            lambda: f"ceiling({s('num')})",
            lambda: f"decimal-date-time({c([self.ref('d'), s('date')])})",
            lambda: f"if({s('bool')}, {s('num')}, {s('num')})",
            lambda: f"{s('date')} - {c([self.ref('d'), s('date'), self.lit_num()])}",
            lambda: f"{self.ref('d')} {c(['+', '-'])} {c([self.lit_num(), self.ref('n', 'd')])}",
            lambda: f"({s('num')})",
            lambda: self.leaf_num(),
            lambda: f"abs({s('num')})",
            lambda: f"{c(['max', 'min'])}({', '.join(s('num') for _ in range(self.rnd.randint(1, 3)))})",
        ][r]()

    def g_str(self) -> str:
        r = self.rnd.randrange(17)
        s, c = self.sub, self.rnd.choice
        return [
            lambda: (
                "concat(" + ", ".join(c([s("str"), s("num"), s("bool")]) for _ in range(self.rnd.randint(1, 3))) + ")"
            ),
            lambda: f"substr({s('str')}, {c(['0', '1', '2', '-2', s('num')])})",
            lambda: f"substr({s('str')}, {c(['0', '1', '-3'])}, {c(['2', '4', '-1', s('num')])})",
            lambda: f"substring({s('str')}, {c(['0', '1', '2.5', '-1'])}, {c(['1', '3', '2.5'])})",
            lambda: f"substring({s('str')}, {c(['1', '2', '4'])})",
            lambda: f"substring-before({s('str')}, {self.lit_str()})",
            lambda: f"substring-after({s('str')}, {self.lit_str()})",
            lambda: f"translate({s('str')}, {self.lit_str()}, {self.lit_str()})",
            lambda: f"normalize-space({s('str')})",
            lambda: f"string({c([s('num'), s('bool'), s('str'), s('date')])})",
            lambda: f"selected-at({self.ref('m')}, {c(['0', '1', '2', '-1', '0.5', s('num')])})",
            lambda: f"coalesce({s('str')}, {s('str')})",
            lambda: f"if({s('bool')}, {s('str')}, {s('str')})",
            lambda: s("date"),
            lambda: self.leaf_str(),
            lambda: self.ref(),
            lambda: f"join({self.lit_str()}, {', '.join(s('str') for _ in range(self.rnd.randint(1, 3)))})",
        ][r]()

    def g_bool(self) -> str:
        r = self.rnd.randrange(18)
        s, c = self.sub, self.rnd.choice
        cmp = c(["=", "!=", "<", "<=", ">", ">="])
        return [
            lambda: f"{s('num')} {cmp} {s('num')}",
            lambda: f"{s('str')} {cmp} {s('str')}",
            lambda: f"{self.ref()} {cmp} {c([self.lit_str(), self.lit_num(), self.ref(), 'true()', s('bool')])}",
            lambda: f"{self.ref('d')} {cmp} {c([s('date'), self.ref('d'), self.lit_str()])}",
            lambda: f"{s('date')} {cmp} {c([s('date'), self.ref('d'), self.lit_num()])}",
            lambda: f"selected({self.ref('m', 't')}, {c(['a', 'b', 'c', ' a', ''])!r})",
            lambda: f"contains({s('str')}, {c([self.lit_str(), s('str')])})",
            lambda: f"starts-with({s('str')}, {self.lit_str()})",
            lambda: f"ends-with({s('str')}, {self.lit_str()})",
            lambda: f"regex({s('str')}, '{c(PATTERNS)}')",
            lambda: f"not({s('bool')})",
            lambda: f"{s('bool')} {c(['and', 'or'])} {s('bool')}",
            lambda: f"boolean({c([s('str'), s('num'), s('date')])})",
            lambda: f"if({s('bool')}, {s('bool')}, {s('bool')})",
            lambda: f"{s('bool')} = {c([s('bool'), s('num'), s('str')])}",
            lambda: self.leaf_bool(),
            lambda: f"checklist({c(['-1', '1', '2'])}, {c(['-1', '1', '2'])}, {s('bool')}, {s('str')}, {s('num')})",
            lambda: f"weighted-checklist({c(['-1', '1', '3'])}, {c(['-1', '2', '5'])}, {s('bool')}, {s('num')}, .)",
        ][r]()

    def g_date(self) -> str:
        return self.leaf_date()


def _cases() -> list[dict[str, object]]:
    rnd = random.Random(SEED)
    cases: list[dict[str, object]] = []
    days = [dt.date(2026, 12, 8), dt.date(2024, 2, 29), dt.date(2026, 1, 1)]
    while len(cases) < CASES:
        with_choice = rnd.random() < 0.15
        gen = Gen(rnd, with_choice=with_choice, max_depth=rnd.choice([1, 2, 3, 4]))
        expr = getattr(gen, rnd.choice(["g_num", "g_str", "g_bool", "g_bool"]))()
        values = {name: rnd.choice(pool) for name, pool in REFS.items()}
        if rnd.random() < 0.2:  # answers from the "wrong" pool: numbers as text, dates as numbers
            values[rnd.choice(list(REFS))] = rnd.choice(NUMBERS + TEXTS + MULTIS + DATES)
        today = rnd.choice(days)
        now = dt.datetime.combine(today, dt.time(rnd.randrange(24), rnd.randrange(60), 7, 250_000), WITA)
        cases.append(
            {
                "expr": expr,
                "values": values,
                "current": rnd.choice(NUMBERS + TEXTS),
                "today": today.isoformat(),
                "now": now.isoformat(timespec="milliseconds"),
                "choice": rnd.choice(CHOICES) if with_choice else None,
            }
        )
    return cases


# Hand-picked cases the generator may reach only rarely.
FIXED = [
    ("string-length(${t1})", {"t1": "kopi ☕😀"}),
    ("substr(${t1}, 0, 6)", {"t1": "kopi ☕😀"}),
    ("translate(${t1}, 'é☕', 'e*')", {"t1": "Dénpasar ☕"}),
    ("contains(${t1}, 'x')", {"t1": 'he said "it\'s" x'}),
    ('substring-after(${t1}, "\'")', {"t1": 'he said "it\'s" x'}),
    ("normalize-space(${t1})", {"t1": " a\u00a0\u3000b\n\tc "}),
    ("regex(${t1}, '^\\s*$')", {"t1": "\u00a0\u2003"}),
    ("regex(${t1}, '^a.c$')", {"t1": "a\nc"}),
    ("regex(${t1}, '^\\p\\A\\e\\x4\\u00e9\\x41\\cJ$')", {"t1": "pAex4éA\n"}),
    ("regex(${t1}, '^[\\d\\s]+\\b')", {"t1": "12 3\u00a0"}),
    ("${n1} * 1", {"n1": "0x1A"}),
    ("${n1} + 0", {"n1": " 1e3 "}),
    ("${d1} < ${d2}", {"d1": "2026-12-08T10:20:30.000+08:00", "d2": "2026-12-08T02:21:00.000Z"}),
    ("today() - ${d1}", {"d1": "2024-02-29"}),
    ("decimal-date-time(now())", {}),
    ("concat(0.1 + 0.2, '|', 1 div 7, '|', 100000 * 100000 * 100000 * 100000 * 100000)", {}),
    ("round(-2.5) + round(2.5) + round(1.005, 2) * 1000", {}),
    ("selected-at(${m1}, -0.5)", {"m1": "a b"}),
    ("count-selected(${m1}) = 3", {"m1": " a  b c "}),
    ("if(${n1} = '', 'kosong', ${n1} div 0)", {"n1": "-0"}),
    ("date(${n1})", {"n1": "19000"}),
    ("date(${n1})", {"n1": "-1.5"}),
    ("date(${t1})", {"t1": "abc 2"}),  # Chromium alone would read 1 February 2001
    ("today() > ${t1}", {"t1": "Jan 5 2026"}),
    ("${t1} - now()", {"t1": "2026-01-05 10:00"}),
    ("date(concat(${t1}, '-12-08'))", {"t1": "2026"}),
    ("date(${t1})", {"t1": "2026-01-05Tgarbage"}),
]


def _extreme_cases() -> list[dict[str, object]]:
    rnd = random.Random(SEED + 1)
    cases: list[dict[str, object]] = []
    for i in range(EXTREME_CASES):
        if i % 2:
            gen = Gen(rnd, max_depth=rnd.choice([1, 2, 3]))
            expr = getattr(gen, rnd.choice(["g_num", "g_str", "g_bool"]))()
            names = list(REFS)
        else:
            expr, names = rnd.choice(ROBUST), ["a", "b", "c"]
        cases.append(
            {
                "expr": expr,
                "values": {name: rnd.choice(EXTREMES) for name in names},
                "current": rnd.choice(EXTREMES),
                "today": "2026-12-08",
                "now": "2026-12-08T09:15:00.500+08:00",
                "choice": None,
            }
        )
    return cases


def _fixed_cases() -> list[dict[str, object]]:
    return [
        {
            "expr": expr,
            "values": values,
            "current": "",
            "today": "2026-12-08",
            "now": "2026-12-08T09:15:00.500+08:00",
            "choice": None,
        }
        for expr, values in FIXED
    ]


def _python(case: dict[str, object]) -> object:
    try:
        return evaluate(
            str(case["expr"]),
            case["values"],  # type: ignore[arg-type]
            current=str(case["current"]),
            today=dt.date.fromisoformat(str(case["today"])),
            now=dt.datetime.fromisoformat(str(case["now"])),
            choice=case["choice"],  # type: ignore[arg-type]
        )
    except ExprError as exc:
        return f"ERROR {exc}"


def _same(py: object, js: object) -> bool:
    if isinstance(py, bool) or isinstance(js, bool):
        return type(py) is type(js) and py == js
    if isinstance(py, float):
        if not isinstance(js, int | float):
            return False
        if math.isnan(py) or math.isnan(js):
            return math.isnan(py) and math.isnan(js)
        return py == js or math.isclose(py, js, rel_tol=1e-12)
    return py == js


JS_RUN = """(cases) => cases.map((c) => {
    try {
        return TilikExpr.evaluate(c.expr, c.values, {current: c.current, today: c.today, now: c.now, choice: c.choice});
    } catch (err) {
        return 'ERROR ' + err.message;
    }
})"""


def test_generated_expressions_agree_with_openrosa_xpath_evaluator(page: Page, live_server: LiveServer) -> None:
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(live_server.url + "/masuk/")  # a real Tilik page, with Tilik's CSP header
    page.add_script_tag(url=live_server.url + static("vendor/openrosa-xpath/openrosa-xpath.js"))
    page.add_script_tag(url=live_server.url + static("surveys/expr.js"))
    page.wait_for_function("() => window.TilikExpr !== undefined")

    cases = _cases() + _extreme_cases() + _fixed_cases()
    browser_results = page.evaluate(JS_RUN, cases)
    assert violations == []

    kinds = {type(r).__name__ for r in browser_results}
    assert {"bool", "str"} <= kinds and kinds & {"int", "float"}, kinds  # the generator reached every type
    errors = [r for r in browser_results if isinstance(r, str) and r.startswith("ERROR")]
    assert not errors, errors[:5]

    mismatches = []
    for case, js in zip(cases, browser_results, strict=True):
        py = _python(case)
        if not _same(py, js):
            where = f"values={case['values']} current={case['current']!r} choice={case['choice']}"
            mismatches.append(f"{case['expr']!r} {where} py={py!r} js={js!r}")
    assert not mismatches, f"{len(mismatches)} of {len(cases)} differ:\n" + "\n".join(mismatches[:25])


def test_browser_errors_match_server_errors(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/masuk/")
    page.add_script_tag(url=live_server.url + static("vendor/openrosa-xpath/openrosa-xpath.js"))
    page.add_script_tag(url=live_server.url + static("surveys/expr.js"))
    bad = ["${a} +", "foo(1)", "if(${a}, 1)", "/data/a = 1", "${a} x 2", "(${a} = 1", "kab = 'x'"]
    got = page.evaluate(
        """(bad) => bad.map((e) => { try { TilikExpr.evaluate(e, {}); return null; }
                                      catch (err) { return [err.name, err.message]; } })""",
        bad,
    )
    for expr, (name, message) in zip(bad, got, strict=True):
        with pytest.raises(ExprError) as caught:
            evaluate(expr, {})
        assert name == "ExprError"
        assert message == str(caught.value), expr
