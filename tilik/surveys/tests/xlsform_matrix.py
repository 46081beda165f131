"""A generated XLSForm corpus: every question kind x every way of writing languages x with and without
logic, so the differential test (test_xlsform_differential.py) covers feature combinations the hand-written
corpus (xlsform_corpus.py) shows one at a time. Each form is a small, realistic evaluation form: a yes/no
screening question, then the question under test inside a field-list group (or a repeat), with a hint and a
note. Logic kinds (calculate, constraint with messages, default, choice_filter, select_one_from_file with
its CSV in ATTACHMENTS) and logic variants (group relevance, not(selected()), repeat with repeat_count) make
the differential test compare logic too."""

from __future__ import annotations

import itertools
from typing import Any

from tilik.surveys.tests.xlsform_corpus import book

# (type cell, extra cells by column, choices for its list): the kinds evaluation and SKM forms use.
KINDS: dict[str, tuple[str, dict[str, str], list[tuple[str, str]]]] = {
    "text": ("text", {}, []),
    "multiline": ("text", {"appearance": "multiline"}, []),
    "integer": ("integer", {}, []),
    "decimal_bounds": ("decimal", {"constraint": ". >= 0 and . <= 24"}, []),
    "integer_regex": ("integer", {"constraint": "regex(., '^[0-9]{18}$')"}, []),
    "date": ("date", {}, []),
    "time": ("time", {}, []),
    "datetime": ("datetime", {}, []),
    "geopoint": ("geopoint", {}, []),
    "select_one": ("select_one opsi", {}, [("a", "Pertama"), ("b", "Kedua"), ("c", "Ketiga")]),
    "select_multiple": ("select_multiple opsi", {}, [("a", "Pertama"), ("b", "Kedua"), ("c", "Ketiga")]),
    "likert": (
        "select_one skala",
        {"appearance": "likert"},
        [(str(i), t) for i, t in enumerate(["Sangat buruk", "Buruk", "Cukup", "Baik", "Sangat baik"], start=1)],
    ),
    "or_other": ("select_one opsi or_other", {}, [("a", "Pertama"), ("b", "Kedua")]),
    "rating": ("range", {"parameters": "start=0 end=10 step=1"}, []),
    "rank": ("rank opsi", {}, [("a", "Pertama"), ("b", "Kedua"), ("c", "Ketiga")]),
    "acknowledge": ("acknowledge", {}, []),
    "calculate": ("calculate", {"calculation": "if(${ikut} = 'ya', 1, 0)"}, []),
    "constraint_msg": ("integer", {"constraint": ". > 0 and . != 13", "constraint_message": "Bukan 13"}, []),
    "default": ("select_multiple opsi", {"default": "a c"}, [("a", "Pertama"), ("b", "Kedua"), ("c", "Ketiga")]),
    "choice_filter": (
        "select_one opsi",
        {"choice_filter": "grp = ${ikut}"},
        [("a", "Pertama"), ("b", "Kedua"), ("c", "Ketiga")],
    ),
    "from_file": ("select_one_from_file wilayah.csv", {"choice_filter": "grp = ${ikut}"}, []),
}
# The choice_filter column of each option (by value) and the CSV select_one_from_file reads.
GROUPS = {"a": "ya", "b": "tidak", "c": "ya"}
ATTACHMENTS = {"wilayah.csv": b"name,label,grp\nw1,Wilayah Satu,ya\nw2,Wilayah Dua,tidak\n"}
# How the languages are written: (label columns, hint column, language tags by column).
LANGUAGES: dict[str, list[str]] = {
    "single": ["label"],
    "id_en": ["label::Bahasa Indonesia (id)", "label::English (en)"],
    "codes": ["label::id", "label::en"],
    "three": ["label::Indonesian", "label::English", "label::Balinese (ban)"],
}
SUFFIX = {0: "", 1: " (EN)", 2: " (BAN)"}
LOGIC = {
    "always": "",
    "relevant": "${ikut} = 'ya'",
    "not_selected": "not(selected(${ikut}, 'tidak'))",
    "repeat": "",
}


def _labels(text: str, n: int) -> list[str]:
    return [f"{text}{SUFFIX[i]}" for i in range(n)]


def form(kind: str, languages: str, logic: str) -> bytes:
    qtype, extra, options = KINDS[kind]
    label_cols = LANGUAGES[languages]
    n = len(label_cols)
    hint_col = label_cols[0].replace("label", "hint", 1)
    message_cols = [c.replace("label", "constraint_message", 1) for c in label_cols]
    columns = [
        "type",
        "name",
        *label_cols,
        hint_col,
        "required",
        "relevant",
        "constraint",
        *message_cols,
        "calculation",
        "default",
        "choice_filter",
        "repeat_count",
        "appearance",
        "parameters",
    ]
    if "constraint_message" in extra:
        extra = {k: v for k, v in extra.items() if k != "constraint_message"} | dict(
            zip(message_cols, _labels(extra["constraint_message"], n), strict=True)
        )

    def row(t: str, name: str, text: str, **cells: str) -> list[str]:
        values = {"type": t, "name": name, **cells}
        labels = dict(zip(label_cols, _labels(text, n) if text else [""] * n, strict=True))
        return [values.get(c, labels.get(c, "")) for c in columns]

    repeat = logic == "repeat"
    group = "repeat" if repeat else "group"
    hint = {} if kind == "calculate" else {hint_col: "Petunjuk singkat"}

    survey = [
        row("note", "salam", "Terima kasih telah mengisi"),
        row("select_one yt", "ikut", "Pernah ikut pelatihan?", required="yes"),
        row(
            f"begin_{group}",
            "rincian",
            "Rincian",
            appearance="field-list",
            relevant=LOGIC[logic],
            repeat_count="if(${ikut} = 'ya', 2, 1)" if repeat else "",
        ),
        row("note", "petunjuk", "Jawab sesuai pengalaman Anda"),
        row(qtype, "jawab", "" if kind == "calculate" else f"Pertanyaan {kind}", **hint, **extra),
        row(f"end_{group}", "rincian", ""),
    ]
    choice_cols = ["list_name", "name", *label_cols, "grp"]
    lists = [("yt", "ya", "Ya"), ("yt", "tidak", "Tidak")]
    list_name = qtype.split()[1] if qtype.startswith(("select", "rank")) and " " in qtype else ""
    lists += [(list_name, value, text) for value, text in options]
    choices = [[ln, value, *_labels(text, n), GROUPS.get(value, "") if ln != "yt" else ""] for ln, value, text in lists]
    return book(
        survey,
        header=columns,
        choices=choices,
        choices_header=choice_cols,
        settings={"form_title": f"Matriks {kind} {languages} {logic}", "form_id": f"m_{kind}"},
    )


def matrix() -> dict[str, bytes]:
    return {
        f"{kind}-{languages}-{logic}": form(kind, languages, logic)
        for kind, languages, logic in itertools.product(KINDS, LANGUAGES, ("always", "relevant"))
    } | {f"{kind}-id_en-{logic}": form(kind, "id_en", logic) for kind in KINDS for logic in ("not_selected", "repeat")}


def size() -> int:
    return len(KINDS) * len(LANGUAGES) * 2 + 2 * len(KINDS)


def describe(name: str) -> dict[str, Any]:
    kind, languages, logic = name.split("-")
    return {"kind": kind, "languages": languages, "logic": logic}
