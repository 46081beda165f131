"""SVG charts of a stored run (presenter only: draws numbers the run already holds)."""

from __future__ import annotations

import io
from typing import Any

import matplotlib
from django.utils.translation import gettext as _

from tilik.core.fmt import p_text

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def _svg(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def trend_svg(series: dict[str, Any], ylabel: str) -> bytes:
    fig, ax = plt.subplots(figsize=(7, 3.2))
    x = series.get("periods", [])
    ax.plot(x, series.get("treated", []), marker="o", ms=3, label=_("Peserta / unit terlatih"))
    if any(v is not None for v in series.get("comparison", [])):
        ax.plot(x, series.get("comparison", []), marker="s", ms=3, label=_("Pembanding"))
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False)
    step = max(1, len(x) // 8)
    ax.set_xticks(range(0, len(x), step), [x[i][:7] for i in range(0, len(x), step)], rotation=30, fontsize=8)
    return _svg(fig)


def event_study_svg(result: dict[str, Any]) -> bytes:
    coefs = result.get("coefficients", {})
    ks = sorted(int(k) for k in coefs)
    ref = int(result.get("reference", -1))
    xs = sorted([*ks, ref])
    est = [0.0 if k == ref else coefs[str(k)]["estimate"] for k in xs]
    lo = [0.0 if k == ref else coefs[str(k)]["ci_low"] for k in xs]
    hi = [0.0 if k == ref else coefs[str(k)]["ci_high"] for k in xs]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.axhline(0, color="#888", lw=1)
    ax.axvline(-0.5, color="#888", lw=1, ls="--")
    ax.errorbar(
        xs,
        est,
        yerr=[[e - a for e, a in zip(est, lo, strict=True)], [b - e for e, b in zip(est, hi, strict=True)]],
        fmt="o",
        capsize=3,
    )
    ax.set_xlabel(_("Periode relatif terhadap mulai terlatih"))
    ax.set_title(_("Uji pra-tren %(p)s") % {"p": p_text(result.get("pretrend_p"))}, fontsize=9)
    return _svg(fig)


def its_svg(values: list[float | None], index: int, ylabel: str) -> bytes:
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.plot(range(len(values)), [v if v is not None else float("nan") for v in values], marker="o", ms=3)
    ax.axvline(index - 0.5, color="#a4161a", ls="--", lw=1)
    ax.set_xlabel(_("Periode"))
    ax.set_ylabel(ylabel)
    return _svg(fig)
