"""Human-readable summaries (Indonesian first) and the `--json` form of a run.

Numbers follow the locale: Indonesian uses a decimal comma, a thousands dot
and a true minus sign ("−11.863,91", "p = 0,003"); English uses "-11,863.91".
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from tilik.analyze.io import Table
from tilik.analyze.runners import Run

CATEGORY_EN = {"Sangat Baik": "very good", "Baik": "good", "Kurang Baik": "poor", "Tidak Baik": "very poor"}

LABELS: dict[str, tuple[str, str]] = {
    "effect": ("Efek perlakuan (regresi)", "Treatment effect (regression)"),
    "did": ("Selisih dalam selisih (difference-in-differences)", "Difference-in-differences"),
    "panel": ("Panel efek tetap dua arah (TWFE)", "Two-way fixed-effects panel (TWFE)"),
    "prepost": ("Pre-test dan post-test berpasangan", "Paired pre-test and post-test"),
    "reliability": ("Reliabilitas skala (alpha Cronbach)", "Scale reliability (Cronbach's alpha)"),
    "ikm": ("Indeks Kepuasan Masyarakat (IKM)", "Community Satisfaction Index (IKM)"),
    "method": ("Metode", "Method"),
    "file": ("Berkas", "File"),
    "rows": ("baris dipakai {used} dari {read}", "rows used {used} of {read}"),
    "estimate": ("Estimasi efek", "Effect estimate"),
    "se": ("Galat baku (SE)", "Standard error (SE)"),
    "ci": ("IK 95 %", "95 % CI"),
    "others": ("Koefisien lain", "Other coefficients"),
    "interpretation": ("Interpretasi", "Interpretation"),
    "warnings": ("Peringatan", "Warnings"),
    "pairs": ("n (pasangan)", "n (pairs)"),
    "mean_pre": ("Rerata pre-test", "Pre-test mean"),
    "mean_post": ("Rerata post-test", "Post-test mean"),
    "mean_diff": ("Selisih rerata (post − pre)", "Mean difference (post − pre)"),
    "wilcoxon": ("Uji peringkat bertanda Wilcoxon", "Wilcoxon signed-rank test"),
    "respondents": ("responden", "respondents"),
    "items": ("butir", "items"),
    "item_head": ("Butir", "Item"),
    "alpha_drop": ("alpha jika dibuang", "alpha if dropped"),
    "item_r": ("r butir-total", "item-total r"),
    "gain": ("Gain ternormalisasi (Hake)", "Normalised gain (Hake)"),
    "gain_ind": ("rerata gain individu", "mean individual gain"),
    "pass_rate": ("Persentase lulus (pre → post)", "Pass rate (pre → post)"),
    "missing": ("data kosong", "missing data"),
    "grade": ("mutu", "grade"),
    "nrr": ("NRR per unsur", "NRR per unsur (element)"),
}


def label(key: str, lang: str) -> str:
    return LABELS[key][0 if lang == "id" else 1]


def _finite(x: Any) -> float | None:
    try:
        value = float(x)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def num(x: Any, lang: str, decimals: int | None = None) -> str:
    """Locale number; 4 decimals by default (2 from 1,000 up, where more digits are noise)."""
    value = _finite(x)
    if value is None:
        return "–"
    if decimals is None:
        decimals = 4 if abs(value) < 1000 else 2
    body = f"{abs(value):,.{decimals}f}"
    if lang == "id":
        body = body.replace(",", "\0").replace(".", ",").replace("\0", ".")
    negative = value < 0 and any(ch not in "0.," for ch in body)  # no "−0,0000"
    return ("−" if lang == "id" else "-") + body if negative else body


def integer(x: Any, lang: str) -> str:
    value = _finite(x)
    return "–" if value is None else num(round(value), lang, 0)


def p_text(p: Any, lang: str) -> str:
    from analysis._format import fmt_p  # the one p-value wording

    value = _finite(p)
    return "p = –" if value is None else fmt_p(value, lang)


def ci_text(low: Any, high: Any, lang: str) -> str:
    sep = "; " if lang == "id" else ", "
    return f"[{num(low, lang)}{sep}{num(high, lang)}]"


def _get(obj: Any, name: str) -> Any:
    return getattr(obj, name, None)


def _header(run: Run, command: str, table: Table, lang: str) -> list[str]:
    source = table.path.name + (f" [{table.sheet}]" if table.sheet else "")
    rows = label("rows", lang).format(used=integer(run.rows_used, lang), read=integer(table.rows_read, lang))
    title = label(command, lang)
    lines = [title, "=" * len(title), f"{label('file', lang)}: {source}; {rows}"]
    if _get(run.result, "method"):
        lines.append(f"{label('method', lang)}: {run.result.method}")
    return lines


def _footer(result: Any, lang: str) -> list[str]:
    text = _get(result, "interpretation_id" if lang == "id" else "interpretation_en") or _get(
        result, "interpretation_id"
    )
    lines = [f"{label('interpretation', lang)}: {text}"] if text else []
    warnings = list(_get(result, "warnings") or ())
    if warnings:
        lines.append(f"{label('warnings', lang)}:")
        lines += [f"  • {w}" for w in warnings]
    return lines


def _estimate(run: Run, lang: str) -> list[str]:
    r = run.result
    role = run.labels.get("treatment") or f"{run.labels.get('group')} × {run.labels.get('post')}"
    params = _get(r, "params") or {}
    se_kind = params.get("se") or run.labels.get("se") or ""
    lines = [
        f"n = {integer(r.n, lang)}",
        f"{label('estimate', lang)} ({role}): {num(r.estimate, lang)}",
        f"{label('se', lang)}{f' [{se_kind}]' if se_kind else ''}: {num(r.se, lang)}",
        f"{label('ci', lang)}: {ci_text(r.ci_low, r.ci_high, lang)}",
        p_text(r.p_value, lang),
    ]
    coefs = dict(_get(r, "coefficients") or {})
    if coefs:
        width = max(len(str(k)) for k in coefs)
        lines.append(f"{label('others', lang)}:")
        for name, c in coefs.items():
            p = _get(c, "p_value")
            tail = f"; {p_text(p, lang)}" if p is not None else ""
            lines.append(f"  {str(name):<{width}}  {num(c.estimate, lang):>12}  (SE {num(c.se, lang)}{tail})")
    return lines


def _prepost(run: Run, lang: str) -> list[str]:
    r = run.result
    df = num(r.df, lang, 0 if float(r.df).is_integer() else 2)
    effect = f"Cohen's d_z = {num(r.cohens_dz, lang)}"
    if _get(r, "hedges_gav") is not None:
        effect += f"; Hedges' g_av = {num(r.hedges_gav, lang)}"
    method = _get(r, "wilcoxon_method")
    lines = [
        f"{label('pairs', lang)} = {integer(r.n, lang)}",
        f"{label('mean_pre', lang)} ({run.labels['pre']}): {num(r.mean_pre, lang)}",
        f"{label('mean_post', lang)} ({run.labels['post']}): {num(r.mean_post, lang)}",
        f"{label('mean_diff', lang)}: {num(r.mean_diff, lang)} (SD {num(_get(r, 'sd_diff'), lang)})",
        f"t({df}) = {num(r.t, lang)}; {p_text(r.p_value, lang)}",
        f"{label('ci', lang)}: {ci_text(r.ci_low, r.ci_high, lang)}",
        effect,
        f"{label('wilcoxon', lang)}: {p_text(r.wilcoxon_p, lang)}" + (f" ({method})" if method else ""),
    ]
    if _get(r, "normalized_gain") is not None:
        lines.append(
            f"{label('gain', lang)}: {num(r.normalized_gain, lang)}; "
            f"{label('gain_ind', lang)} {num(_get(r, 'normalized_gain_individual'), lang)}"
        )
    if _get(r, "pass_rate_pre") is not None:
        pre, post = (num(100 * x, lang, 1) for x in (r.pass_rate_pre, r.pass_rate_post))
        lines.append(f"{label('pass_rate', lang)}: {pre} % → {post} %")
    return lines


def _reliability(run: Run, lang: str) -> list[str]:
    r = run.result
    missing = _get(r, "missing")
    counts = f"n = {integer(r.n, lang)} {label('respondents', lang)}; "
    counts += f"k = {integer(r.k, lang)} {label('items', lang)}"
    width = max([len(i.item) for i in r.items] + [len(label("item_head", lang))])
    head_a, head_r = label("alpha_drop", lang), label("item_r", lang)
    lines = [
        f"alpha = {num(r.alpha, lang)}; {label('ci', lang)}: {ci_text(r.ci_low, r.ci_high, lang)}",
        counts + (f"; {label('missing', lang)}: {missing}" if missing else ""),
        f"  {label('item_head', lang):<{width}}  {head_a:>{len(head_a)}}  {head_r:>{len(head_r)}}",
    ]
    for i in r.items:
        drop, corr = num(i.alpha_if_dropped, lang), num(i.item_total_r, lang)
        lines.append(f"  {i.item:<{width}}  {drop:>{len(head_a)}}  {corr:>{len(head_r)}}")
    return lines


def _ikm(run: Run, lang: str) -> list[str]:
    from analysis.ikm import UNSUR

    r = run.result
    category = r.category if lang == "id" else f"{r.category} ({CATEGORY_EN.get(r.category, r.category)})"
    lines = [
        f"IKM = {num(r.ikm, lang, 2)} — {label('grade', lang)} {r.grade}, {category}",
        f"n = {integer(r.n, lang)} {label('respondents', lang)}",
        f"{label('nrr', lang)}:",
    ]
    for code, value in dict(r.nrr).items():
        column = run.labels.get(code, code)
        source = f" [{column}]" if column != code else ""
        lines.append(f"  {code:<3} {num(value, lang):>7}  {UNSUR.get(code, '')}{source}")
    return lines


BODIES = {"estimate": _estimate, "prepost": _prepost, "reliability": _reliability, "ikm": _ikm}


def summary(run: Run, command: str, table: Table, lang: str) -> str:
    lines = _header(run, command, table, lang) + BODIES[run.kind](run, lang) + _footer(run.result, lang)
    return "\n".join(lines) + "\n"


def jsonable(obj: Any) -> Any:
    """Plain JSON values only: NaN/inf -> None, numpy scalars and arrays -> Python."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        obj = obj.to_dict() if hasattr(obj, "to_dict") else dataclasses.asdict(obj)
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, bool) or obj is None or isinstance(obj, (int, str)):
        return obj
    if isinstance(obj, float):
        return float(obj) if math.isfinite(obj) else None
    if hasattr(obj, "tolist"):  # numpy scalar or array
        return jsonable(obj.tolist())
    if hasattr(obj, "to_dict"):  # pandas objects
        return jsonable(obj.to_dict())
    return str(obj)


def as_json(run: Run, command: str, table: Table, notes: list[str]) -> dict[str, Any]:
    out = jsonable(run.result)
    if not isinstance(out, dict):
        out = {"result": out}
    out["warnings"] = [*(out.get("warnings") or []), *notes]
    out["command"] = command
    out["input"] = {
        "file": str(table.path),
        "sheet": table.sheet,
        "rows_read": table.rows_read,
        "rows_used": run.rows_used,
        "columns": run.labels,
    }
    return out
