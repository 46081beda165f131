"""Entry point of `tilik analyze SUBCOMMAND FILE ...` (dispatched from `tilik.cli` without Django).

Exit codes: 0 success, 2 usage or input error (one message on stderr, never a
traceback), 1 unexpected internal error. Set TILIK_DEBUG=1 to see tracebacks.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import NoReturn

from tilik.analyze.messages import ERROR_PREFIX, WARNING_PREFIX, InputError, text

HELP: dict[str, tuple[str, str]] = {
    "prog": ("Analisis statistik Tilik atas berkas CSV/XLSX.", "Tilik statistics on a CSV/XLSX file."),
    "effect": ("Efek perlakuan biner (regresi OLS).", "Effect of a binary treatment (OLS regression)."),
    "did": ("Selisih dalam selisih (DiD) 2×2.", "2×2 difference-in-differences."),
    "panel": ("Panel efek tetap unit dan periode (TWFE).", "Unit and period fixed-effects panel (TWFE)."),
    "prepost": ("Pre-test/post-test berpasangan (t dan Wilcoxon).", "Paired pre/post test (t and Wilcoxon)."),
    "reliability": ("Alpha Cronbach untuk butir skala.", "Cronbach's alpha of scale items."),
    "ikm": ("IKM PermenPAN-RB 14/2017 dari unsur U1–U9.", "IKM (PermenPAN-RB 14/2017) from unsur U1–U9."),
    "file": ("berkas .csv atau .xlsx (baris 1 = nama kolom)", ".csv or .xlsx file (row 1 = column names)"),
    "json": ("cetak satu objek JSON", "print one JSON object"),
    "lang": ("bahasa keluaran (bawaan: id)", "output language (default: id)"),
    "outcome": ("kolom hasil (angka)", "outcome column (numeric)"),
    "treatment": ("kolom perlakuan biner (0/1, ya/tidak)", "binary treatment column (0/1, yes/no)"),
    "covariates": ("kolom kovariat, dipisah koma", "covariate columns, comma-separated"),
    "se": ("jenis galat baku", "standard-error type"),
    "cluster": ("kolom klaster untuk --se cluster", "cluster column for --se cluster"),
    "group": ("kolom kelompok perlakuan biner", "binary treated-group column"),
    "post": ("kolom periode sesudah biner", "binary post-period column"),
    "unit": ("kolom identitas unit (pegawai, OPD)", "unit identifier column (employee, OPD)"),
    "period": ("kolom periode (tahun, triwulan)", "period column (year, quarter)"),
    "pre": ("kolom nilai pre-test", "pre-test score column"),
    "post_score": ("kolom nilai post-test", "post-test score column"),
    "max_score": ("skor maksimum tes, untuk gain ternormalisasi", "maximum test score, for normalised gain"),
    "pass_mark": ("batas lulus, untuk persentase lulus", "pass mark, for pass rates"),
    "items": ("kolom butir, dipisah koma", "item columns, comma-separated"),
    "reverse": ("butir yang skornya dibalik", "reverse-scored items"),
    "min": ("nilai terendah skala", "lowest scale value"),
    "max": ("nilai tertinggi skala", "highest scale value"),
    "missing": ("penanganan jawaban kosong", "missing-answer handling"),
    "unsur": ("kolom unsur, dipisah koma (bawaan U1..U9)", "unsur columns, comma-separated (default U1..U9)"),
}

# argparse speaks English; translate its usual complaints (Python 3.11 wording).
ARGPARSE_ID = [
    (r"the following arguments are required: (.+)", "argumen wajib belum diisi: {0}"),
    (r"unrecognized arguments: (.+)", "argumen tidak dikenal: {0}"),
    (
        r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)",
        "{0}: pilihan {1} tidak valid (pilih: {2})",
    ),
    (r"argument (\S+): expected one argument", "{0} memerlukan satu nilai"),
    (r"argument (\S+): invalid \w+ value: (.+)", "{0} harus berupa angka, bukan {1}"),
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise InputError("usage", detail=message)


def _usage_detail(message: str, lang: str) -> str:
    if lang == "id":
        for pattern, template in ARGPARSE_ID:
            match = re.fullmatch(pattern, message)
            if match:
                return template.format(*match.groups())
    return message


def number(value: str) -> float:
    from tilik.analyze.validate import parse_number

    parsed = parse_number(value)
    if parsed is None:
        raise ValueError(value)
    return parsed


def build_parser(lang: str) -> argparse.ArgumentParser:
    def h(key: str) -> str:
        return HELP[key][0 if lang == "id" else 1]

    common = _Parser(add_help=False, allow_abbrev=False)
    common.add_argument("file", metavar="FILE", help=h("file"))
    common.add_argument("--json", action="store_true", help=h("json"))
    common.add_argument("--lang", choices=("id", "en"), default="id", help=h("lang"))
    parser = _Parser(prog="tilik analyze", description=h("prog"), allow_abbrev=False)
    # Also accepted before the subcommand; separate dests because subparser defaults would overwrite them.
    parser.add_argument("--json", dest="json_first", action="store_true", help=h("json"))
    parser.add_argument("--lang", dest="lang_first", choices=("id", "en"), help=h("lang"))
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMMAND", required=True)

    def command(name: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=h(name), description=h(name), allow_abbrev=False)

    def regression(p: argparse.ArgumentParser, se_choices: tuple[str, ...], cluster: bool) -> None:
        p.add_argument("--covariates", metavar="A,B,...", help=h("covariates"))
        p.add_argument("--se", choices=se_choices, default=None, help=f"{h('se')} ({se_choices[0]})")
        if cluster:
            p.add_argument("--cluster", metavar="C", help=h("cluster"))

    p = command("effect")
    p.add_argument("--outcome", required=True, metavar="Y", help=h("outcome"))
    p.add_argument("--treatment", required=True, metavar="T", help=h("treatment"))
    regression(p, ("classical", "hc3", "cluster"), cluster=True)
    p = command("did")
    p.add_argument("--outcome", required=True, metavar="Y", help=h("outcome"))
    p.add_argument("--group", required=True, metavar="G", help=h("group"))
    p.add_argument("--post", required=True, metavar="P", help=h("post"))
    regression(p, ("classical", "hc3", "cluster"), cluster=True)
    p = command("panel")
    p.add_argument("--outcome", required=True, metavar="Y", help=h("outcome"))
    p.add_argument("--treatment", required=True, metavar="T", help=h("treatment"))
    p.add_argument("--unit", required=True, metavar="U", help=h("unit"))
    p.add_argument("--period", required=True, metavar="P", help=h("period"))
    regression(p, ("cluster", "classical"), cluster=False)
    p = command("prepost")
    p.add_argument("--pre", required=True, metavar="X", help=h("pre"))
    p.add_argument("--post", required=True, metavar="Y", help=h("post_score"))
    p.add_argument("--max-score", type=number, help=h("max_score"))
    p.add_argument("--pass-mark", type=number, help=h("pass_mark"))
    p = command("reliability")
    p.add_argument("--items", required=True, metavar="A,B,C", help=h("items"))
    p.add_argument("--reverse", metavar="A1,...", help=h("reverse"))
    p.add_argument("--min", type=number, help=h("min"))
    p.add_argument("--max", type=number, help=h("max"))
    p.add_argument("--missing", choices=("pairwise", "listwise"), default="pairwise", help=h("missing"))
    p = command("ikm")
    p.add_argument("--unsur", metavar="U1,...,U9", help=h("unsur"))
    return parser


def _prescan_lang(argv: list[str]) -> str:
    """Know the language before parsing, so that parse errors are already in it."""
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.partition("=")[2]
        if arg.startswith("--lang") and value in ("id", "en"):
            return value
    return "id"


def main(argv: list[str]) -> int:
    lang = _prescan_lang(argv)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:  # a cp1252 console must not crash on "−" or "×"
            reconfigure(errors="replace")
    try:
        return _run(argv, lang)
    except InputError as exc:
        if exc.key == "usage":
            exc.params["detail"] = _usage_detail(str(exc.params["detail"]), lang)
        print(f"{ERROR_PREFIX[lang]}: {exc.render(lang)}", file=sys.stderr)
        return exc.exit_code
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    except BrokenPipeError:  # `tilik analyze ... | head`: the reader left, nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:
        if os.environ.get("TILIK_DEBUG"):
            raise
        print(
            f"{ERROR_PREFIX[lang]}: {text('internal', lang, detail=f'{type(exc).__name__}: {exc}')}",
            file=sys.stderr,
        )
        return 1


def _run(argv: list[str], lang: str) -> int:
    args = build_parser(lang).parse_args(argv)
    from tilik.analyze.io import read_table
    from tilik.analyze.render import as_json, summary
    from tilik.analyze.runners import RUNNERS

    table = read_table(args.file)
    run = RUNNERS[args.command](args, table)
    notes = [note.render(lang) for note in run.notes]
    for note in notes:
        print(f"{WARNING_PREFIX[lang]}: {note}", file=sys.stderr)
    if args.json or args.json_first:
        payload = as_json(run, args.command, table, notes)
        print(json.dumps(payload, ensure_ascii=False, allow_nan=False))
    else:
        sys.stdout.write(summary(run, args.command, table, lang))
    return 0
