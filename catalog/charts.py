"""Charts drawn on the server: the geometry of an SVG bar chart, for a template to draw.

The site's CSP allows no script and no inline style, so a chart is plain SVG elements with
coordinates computed here and colours from the stylesheet (a class per series). Imports no
models: it is given numbers and labels.
"""

import math

WIDTH, HEIGHT = 480, 240
MARGIN = {"left": 40, "right": 6, "top": 12, "bottom": 30}
LABEL_SPACE = 46  # the width a year label needs on the x axis, in chart units


def nice_ceiling(value, ticks=4):
    """The tick step and top of an axis reaching `value` in about `ticks` round steps
    (1, 2 or 5 times a power of ten)."""
    if value <= 0:
        return 1, 1
    raw = value / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(1, step)
    return step, step * math.ceil(value / step)


def stacked_bars(columns, series_count, width=WIDTH, height=HEIGHT):
    """Stacked bars: `columns` is [(label, [value per series])], drawn left to right.

    Returns the chart's size, its plot area, the y axis ticks and, per column, the bar's
    segments bottom to top ({"x", "y", "width", "height", "series", "value"}), its total and
    where its label goes (labels thin out, from the last, when more columns than fit).
    """
    left, top = MARGIN["left"], MARGIN["top"]
    right, bottom = width - MARGIN["right"], height - MARGIN["bottom"]
    plot_width, plot_height = right - left, bottom - top
    totals = [sum(values) for _label, values in columns]
    step, top_value = nice_ceiling(max(totals, default=0))
    scale = plot_height / top_value
    slot = plot_width / max(len(columns), 1)
    bar_width = min(slot * 0.7, 48)
    every = max(1, math.ceil(len(columns) * LABEL_SPACE / plot_width))
    bars = []
    for index, ((label, values), total) in enumerate(zip(columns, totals, strict=True)):
        x = left + slot * index + (slot - bar_width) / 2
        base = bottom
        segments = []
        for series in range(series_count):
            value = values[series]
            if not value:
                continue
            size = value * scale
            base -= size
            segments.append(
                {
                    "x": _round(x),
                    "y": _round(base),
                    "width": _round(bar_width),
                    "height": _round(size),
                    "series": series,
                    "value": value,
                }
            )
        bars.append(
            {
                "label": label,
                "total": total,
                "segments": segments,
                "label_x": _round(x + bar_width / 2),
                "show_label": (len(columns) - 1 - index) % every == 0,  # the latest always
            }
        )
    ticks = [
        {"value": value, "y": _round(bottom - value * scale)}
        for value in range(0, top_value + 1, step)
    ]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": right,
        "top": top,
        "bottom": bottom,
        "label_y": bottom + 20,
        "tick_x": left - 6,
        "ticks": ticks,
        "bars": bars,
    }


def _round(value):
    return round(value, 1)
