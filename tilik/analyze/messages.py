"""Bilingual (Indonesian first) user-facing messages of `tilik analyze`.

Errors carry a key and parameters and are rendered only when printed, so the
checking code stays independent of the `--lang` chosen.
"""

from __future__ import annotations

from typing import Any

Lang = str  # "id" or "en"

MESSAGES: dict[str, dict[Lang, str]] = {
    "usage": {"id": "Perintah tidak valid: {detail}", "en": "Invalid command: {detail}"},
    "file_missing": {"id": "Berkas '{path}' tidak ditemukan.", "en": "File '{path}' not found."},
    "file_format": {
        "id": "Format berkas '{path}' tidak didukung; gunakan .csv atau .xlsx.",
        "en": "Unsupported file format '{path}'; use .csv or .xlsx.",
    },
    "file_unreadable": {
        "id": "Berkas '{path}' tidak dapat dibaca: {detail}",
        "en": "Cannot read file '{path}': {detail}",
    },
    "file_empty": {
        "id": "Berkas '{path}' kosong atau tidak memiliki baris judul kolom.",
        "en": "File '{path}' is empty or has no header row.",
    },
    "missing_column": {
        "id": "Kolom '{column}' tidak ada di berkas. Kolom yang tersedia: {available}.",
        "en": "Column '{column}' is not in the file. Available columns: {available}.",
    },
    "duplicate_column": {
        "id": "Nama kolom '{column}' muncul lebih dari sekali di baris judul; ganti salah satunya.",
        "en": "Column name '{column}' appears more than once in the header row; rename one of them.",
    },
    "column_reused": {
        "id": "Kolom '{column}' dipakai untuk lebih dari satu peran; setiap peran perlu kolom sendiri.",
        "en": "Column '{column}' is used for more than one role; each role needs its own column.",
    },
    "non_numeric": {
        "id": "Kolom '{column}' harus berisi angka, tetapi baris {row} berisi '{value}'.",
        "en": "Column '{column}' must contain numbers, but row {row} contains '{value}'.",
    },
    "not_binary": {
        "id": "Kolom '{column}' harus biner (0/1, true/false, ya/tidak), "
        "tetapi baris {row} berisi '{value}'.",
        "en": "Column '{column}' must be binary (0/1, true/false, yes/no), but row {row} contains '{value}'.",
    },
    "one_level": {
        "id": "Kolom '{column}' hanya berisi nilai {level} (setelah baris kosong dibuang); "
        "perlu kedua nilai 0 dan 1.",
        "en": "Column '{column}' only contains the value {level} (after dropping empty rows); "
        "both 0 and 1 are needed.",
    },
    "small_group": {
        "id": "Kolom '{column}': kelompok {group} hanya memiliki {count} baris (baris {rows}); "
        "setiap kelompok perlu minimal 2 baris.",
        "en": "Column '{column}': group {group} has only {count} row(s) (row {rows}); "
        "each group needs at least 2 rows.",
    },
    "small_cell": {
        "id": "Kolom '{group_column}' dan '{post_column}': sel {cell} hanya memiliki {count} baris "
        "(baris {rows}); setiap sel kelompok × periode perlu minimal 2 baris.",
        "en": "Columns '{group_column}' and '{post_column}': cell {cell} has only {count} row(s) "
        "(row {rows}); each group × period cell needs at least 2 rows.",
    },
    "duplicate_pair": {
        "id": "Kolom '{unit_column}' dan '{period_column}': baris {row} mengulang unit {unit} periode "
        "{period} yang sudah ada di baris {first}; panel perlu satu baris per unit per periode.",
        "en": "Columns '{unit_column}' and '{period_column}': row {row} repeats unit {unit}, period "
        "{period}, already in row {first}; a panel needs one row per unit and period.",
    },
    "too_few_rows": {
        "id": "Hanya {count} baris lengkap pada kolom {columns}; minimal {minimum} baris diperlukan.",
        "en": "Only {count} complete row(s) in column(s) {columns}; at least {minimum} are needed.",
    },
    "out_of_range": {
        "id": "Kolom '{column}' harus bernilai antara {low} dan {high}, tetapi baris {row} berisi '{value}'.",
        "en": "Column '{column}' must be between {low} and {high}, but row {row} contains '{value}'.",
    },
    "ikm_value": {
        "id": "Kolom '{column}' harus berisi bilangan bulat 1–4 (jawaban SKM), "
        "tetapi baris {row} berisi '{value}'.",
        "en": "Column '{column}' must contain whole numbers 1–4 (SKM answers), "
        "but row {row} contains '{value}'.",
    },
    "cluster_needed": {
        "id": "--se cluster memerlukan --cluster KOLOM (kolom pengelompokan, misalnya OPD atau unit).",
        "en": "--se cluster needs --cluster COLUMN (the grouping column, e.g. OPD or unit).",
    },
    "reverse_not_item": {
        "id": "Kolom --reverse '{column}' tidak termasuk dalam --items.",
        "en": "--reverse column '{column}' is not one of --items.",
    },
    "reverse_needs_range": {
        "id": "--reverse memerlukan --min dan --max (rentang skala) untuk membalik skor.",
        "en": "--reverse needs --min and --max (the scale range) to reverse-score items.",
    },
    "bad_range": {
        "id": "--min ({low}) harus lebih kecil dari --max ({high}).",
        "en": "--min ({low}) must be smaller than --max ({high}).",
    },
    "unsur_code": {
        "id": "Kolom '{column}' tidak dikenali sebagai unsur IKM; beri nama kolom U1–U9 atau tulis "
        "--unsur U1={column},... untuk memetakan kolom ke kode unsur.",
        "en": "Column '{column}' is not recognised as an IKM unsur; name the columns U1–U9 or write "
        "--unsur U1={column},... to map columns to unsur codes.",
    },
    "empty_list": {"id": "{option} tidak boleh kosong.", "en": "{option} must not be empty."},
    "analysis": {"id": "Analisis gagal: {detail}", "en": "Analysis failed: {detail}"},
    "analysis_missing": {
        "id": "Modul analisis '{module}' belum tersedia di instalasi ini ({detail}).",
        "en": "Analysis module '{module}' is not available in this installation ({detail}).",
    },
    "internal": {
        "id": "Kesalahan internal ({detail}). Jalankan dengan TILIK_DEBUG=1 untuk detail lengkap.",
        "en": "Internal error ({detail}). Run with TILIK_DEBUG=1 for the full details.",
    },
    # Notes (stderr, not fatal).
    "dropped_rows": {
        "id": "{count} baris dibuang karena ada nilai kosong di kolom yang dipakai "
        "({columns}); contoh baris {rows}.",
        "en": "{count} row(s) dropped because of a missing value in a used column "
        "({columns}); e.g. row {rows}.",
    },
    "missing_pairwise": {
        "id": "{count} baris memiliki nilai kosong pada sebagian butir ({columns}); "
        "kovarians dihitung per pasangan butir (pairwise), contoh baris {rows}.",
        "en": "{count} row(s) have missing answers on some items ({columns}); "
        "covariances use every pair of answers (pairwise), e.g. row {rows}.",
    },
    "missing_listwise": {
        "id": "{count} baris dibuang karena ada butir yang kosong ({columns}; listwise), "
        "contoh baris {rows}.",
        "en": "{count} row(s) dropped because an item is missing ({columns}; listwise), e.g. row {rows}.",
    },
    "missing_ikm": {
        "id": "{count} baris memiliki jawaban kosong pada sebagian unsur ({columns}); "
        "NRR tiap unsur dihitung dari responden yang menjawab unsur itu, contoh baris {rows}.",
        "en": "{count} row(s) have blank answers on some unsur ({columns}); each unsur's NRR "
        "uses the respondents who answered it, e.g. row {rows}.",
    },
    "cluster_implied": {
        "id": "--cluster diberikan tanpa --se; memakai galat baku cluster.",
        "en": "--cluster given without --se; using cluster-robust standard errors.",
    },
    "cluster_ignored": {
        "id": "--cluster diabaikan karena --se {se}.",
        "en": "--cluster is ignored because --se is {se}.",
    },
}

ERROR_PREFIX = {"id": "Galat", "en": "Error"}
WARNING_PREFIX = {"id": "Peringatan", "en": "Warning"}


def text(key: str, lang: Lang, **params: Any) -> str:
    """Render one catalogue message in `lang` (falls back to Indonesian)."""
    templates = MESSAGES[key]
    return templates.get(lang, templates["id"]).format(**params)


class InputError(Exception):
    """Bad input or usage: printed as one line on stderr, exit code 2."""

    exit_code = 2

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def render(self, lang: Lang) -> str:
        return text(self.key, lang, **self.params)


class Note:
    """A non-fatal remark about the input (e.g. dropped rows), printed on stderr."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params

    def render(self, lang: Lang) -> str:
        return text(self.key, lang, **self.params)
