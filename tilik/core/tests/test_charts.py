"""Charts are drawn once per process and language: the PDF and the Word file of one report share them."""

from django.utils import translation

from tilik.core import charts
from tilik.core.charts import Chart


def _chart(values):
    return Chart("t", "Uji", "bar", ["A", "B"], {"Nilai": values}, ylabel="Rp")


def test_same_chart_same_language_is_drawn_once():
    with translation.override("id"):
        first = charts.render(_chart([1500.0, 2500.0]), "png")
        drawn = len(charts._DRAWN)
        assert charts.render(_chart([1500.0, 2500.0]), "png") is first  # the stored bytes, not a new drawing
        assert len(charts._DRAWN) == drawn
        assert first.startswith(b"\x89PNG")


def test_numbers_or_language_change_the_drawing():
    with translation.override("id"):
        id_svg = charts.render(_chart([1500.0, 2500.0]), "svg")
        other = charts.render(_chart([1500.0, 2600.0]), "svg")
    with translation.override("en"):
        en_svg = charts.render(_chart([1500.0, 2500.0]), "svg")
    assert id_svg != other and id_svg != en_svg
    svg_markup = charts.svg_markup(_chart([1500.0, 2500.0]))
    assert svg_markup.startswith("<svg") and 'id="t-' in svg_markup


def test_every_series_of_a_many_unit_chart_has_its_own_colour():
    """The IKM trend of 11 puskesmas: more series than the house palette, none sharing a colour."""
    import re

    series = {f"Puskesmas {i}": [70.0 + i, 71.0 + i, 72.0 + i] for i in range(11)}
    chart = Chart("ikm_trend", "Tren IKM", "line", ["2025-S2", "2026-S1", "2026-S2"], series, ylabel="IKM")
    with translation.override("id"):
        svg = charts.render(chart, "svg").decode()
    strokes = set(re.findall(r"stroke: ?(#[0-9a-f]{6})", svg))
    assert len(strokes - {"#000000", "#ffffff"}) >= 11


def test_long_bar_labels_do_not_overlap():
    """Long pre/post test names wrap onto lines, so neighbouring category labels never overlap."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from tilik.core.charts import _figure

    labels = [f"{when} Pelayanan Prima angkatan {i}" for i in (1, 2, 3) for when in ("Pre-test", "Post-test")]
    chart = Chart(key="k", caption="c", kind="bar", labels=labels, series={"Peserta": [60, 80] * 3}, ylabel="Skor")
    fig = _figure(chart)
    renderer = FigureCanvasAgg(fig).get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].get_xticklabels()]
    assert len(boxes) == len(labels)
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert left.x1 <= right.x0, "neighbouring category labels overlap"


def test_tick_labels_on_a_narrow_range_are_distinct():
    """An index moving within a tenth of a point gets ticks with enough decimals (no "3,3 3,3")."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from tilik.core.charts import _figure

    chart = Chart("k", "c", "line", ["2025-S1", "2025-S2", "2026-S1"], {"IPAK": [3.31, 3.36, 3.34]}, ylabel="Indeks")
    fig = _figure(chart)
    FigureCanvasAgg(fig).draw()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]
    assert len(labels) >= 3 and len(set(labels)) == len(labels), labels
    assert all("." not in label for label in labels)  # decimal comma
