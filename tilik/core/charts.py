"""One chart function for every medium: SVG markup for pages, PNG bytes for Word and the PDF.

Presenter only: draws the numbers a Chart already holds. Axis numbers follow the active language. It sits in
core so every app's pages (programmes, trust, reports) draw with it without importing the report app.
"""

from __future__ import annotations

import base64
import io
import math
import re
import textwrap
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import matplotlib
from django.utils.translation import get_language
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from tilik.core import fmt


@dataclass
class Chart:
    """Numbers to draw; svg_markup() turns one into SVG (pages), render() into PNG (Word)."""

    key: str
    caption: str
    kind: str  # "bar", "barh" or "line"
    labels: list[str]
    series: dict[str, list[float | None]]
    ylabel: str = ""
    reference: float | None = None  # a horizontal/vertical target line (e.g. 80 %)


PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#bf9000", "#a5a5a5"]
# Deterministic SVG output (no random ids or dates), so the same data give the same bytes.
# Figures are built without pyplot (no global figure registry): safe in a threaded web server.
matplotlib.rcParams.update({"svg.hashsalt": "tilik", "svg.fonttype": "path", "font.size": 9})


def _colours(count: int) -> list[str]:
    """The house palette, or (more series than it holds, e.g. 11 puskesmas) 20 distinct tab20 colours, so no
    two series share a colour and every unit can be told apart in the legend."""
    if count <= len(PALETTE):
        return PALETTE
    cmap = matplotlib.colormaps["tab20"]
    return [matplotlib.colors.to_hex(cmap(i % 20)) for i in range(count)]


def _tick_formatter(axis: Any) -> FuncFormatter:
    """Decimal-comma tick labels with as many decimals as the tick spacing needs, so a narrow range
    (an index moving between 3,25 and 3,40) never shows the same label twice."""

    def label(x: float, _pos: int | None) -> str:
        ticks = sorted(axis.get_majorticklocs())
        steps = [b - a for a, b in zip(ticks, ticks[1:], strict=False) if b > a]
        step = min(steps) if steps else 1.0
        decimals = 0 if step >= 1 else min(3, math.ceil(-math.log10(step) - 1e-9))
        return fmt.num(x, decimals)

    return FuncFormatter(label)


def _figure(chart: Chart) -> Figure:
    n = len(chart.labels)
    clean = {k: [float("nan") if v is None else float(v) for v in vals] for k, vals in chart.series.items()}
    many = len(clean) > len(PALETTE)
    height = max(2.6, 0.32 * n + 0.9) if chart.kind == "barh" else (max(3.0, 0.22 * len(clean) + 0.8) if many else 3.0)
    fig = Figure(figsize=(8.4 if many else 6.8, height))
    ax = fig.subplots()
    colours = _colours(len(clean))
    if chart.kind == "barh":
        for i, (name, vals) in enumerate(clean.items()):
            ax.barh(range(n), vals, color=colours[i % len(colours)], label=name, height=0.7)
        ax.set_yticks(range(n), [label[:40] for label in chart.labels])
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(_tick_formatter(ax.xaxis))
        if chart.reference is not None:
            ax.axvline(chart.reference, color="#a4161a", ls="--", lw=1)
        ax.set_xlabel(chart.ylabel)
    elif chart.kind == "bar":
        width = 0.8 / max(len(clean), 1)
        for i, (name, vals) in enumerate(clean.items()):
            ax.bar([x + i * width for x in range(n)], vals, width=width, color=colours[i % len(colours)], label=name)
        # Long category names (e.g. "Pre-test Pelayanan Prima") wrap onto lines so neighbours never overlap.
        per_label = max(8, int(72 / max(n, 1)))
        ax.set_xticks(
            [x + width * (len(clean) - 1) / 2 for x in range(n)],
            [textwrap.fill(label, per_label, break_long_words=False) for label in chart.labels],
            fontsize=8,
        )
        ax.yaxis.set_major_formatter(_tick_formatter(ax.yaxis))
        ax.set_ylabel(chart.ylabel)
    else:
        for i, (name, vals) in enumerate(clean.items()):
            ax.plot(range(n), vals, marker="o", ms=3, color=colours[i % len(colours)], label=name[:30])
        step = max(1, math.ceil(n / 8))
        ax.set_xticks(range(0, n, step), [chart.labels[i] for i in range(0, n, step)], rotation=30, fontsize=8)
        ax.yaxis.set_major_formatter(_tick_formatter(ax.yaxis))
        if chart.reference is not None:
            ax.axhline(chart.reference, color="#a4161a", ls="--", lw=1)
        ax.set_ylabel(chart.ylabel)
    if many:
        ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    elif len(clean) > 1:
        ax.legend(frameon=False, fontsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def render(chart: Chart, fmt_: str = "svg") -> bytes:
    """The chart drawn as SVG or PNG. Drawing costs a few tenths of a second a chart, so an identical chart
    (same numbers, same language: the PDF and the Word file of one report, a dashboard rebuilt after an
    unrelated write) is drawn once per process."""
    key = (_fingerprint(chart), fmt_, get_language() or "")
    with _LOCK:
        if key in _DRAWN:
            _DRAWN.move_to_end(key)
            return _DRAWN[key]
    data = _draw(chart, fmt_)
    with _LOCK:
        _DRAWN[key] = data
        while len(_DRAWN) > _DRAWN_MAX:
            _DRAWN.popitem(last=False)
    return data


_DRAWN: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()
_DRAWN_MAX = 64
_LOCK = threading.Lock()


def _fingerprint(chart: Chart) -> str:
    return repr(
        (
            chart.key,
            chart.caption,
            chart.kind,
            chart.labels,
            sorted(chart.series.items()),
            chart.ylabel,
            chart.reference,
        )
    )


def _draw(chart: Chart, fmt_: str) -> bytes:
    fig = _figure(chart)
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt_ == "svg" else None
    fig.savefig(buf, format=fmt_, dpi=150 if fmt_ == "png" else None, metadata=metadata)
    return buf.getvalue()


def svg_markup(chart: Chart) -> str:
    """Inline SVG (no XML declaration) for a page; ids get the chart's key as prefix so that several
    charts on one page do not share glyph or clip-path ids."""
    text = render(chart, "svg").decode("utf-8")
    text = text[text.find("<svg") :]
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", chart.key) + "-"
    ids = set(re.findall(r'id="([^"]+)"', text))
    for old in sorted(ids, key=len, reverse=True):
        text = text.replace(f'id="{old}"', f'id="{prefix}{old}"').replace(f'#{old}"', f'#{prefix}{old}"')
        text = text.replace(f"#{old})", f"#{prefix}{old})")
    return text


def data_uri(chart: Chart, fmt_: str = "svg") -> str:
    """The chart as a data: URI for an <img> (report documents: each chart stays an isolated image)."""
    mime = "image/svg+xml" if fmt_ == "svg" else "image/png"
    return f"data:{mime};base64," + base64.b64encode(render(chart, fmt_)).decode("ascii")
