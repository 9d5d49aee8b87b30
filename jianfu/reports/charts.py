"""Charts inside the reports: bar and line charts as PNG, drawn by matplotlib (docs/adr/0005) with
Chinese labels in Noto Sans CJK SC (fonts-noto-cjk; matplotlib falls back to DejaVu Sans, with
missing glyphs, only when that font is absent).
"""

from __future__ import annotations

import io
import re
import threading

from .content_tables import Chart

FONT_FAMILY = ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"]
CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # never drawn; matplotlib warns about them
COLOURS = ["#2f5597", "#c55a11", "#548235", "#7f6000"]
_lock = threading.Lock()  # pyplot's state is global; one chart at a time


def chart_png(chart: Chart, *, width_in: float = 6.0, height_in: float = 3.2) -> bytes:
    """The chart as PNG bytes (150 dpi: sharp when printed at the page's width)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    with (
        _lock,
        matplotlib.rc_context(
            {
                "font.family": "sans-serif",
                "font.sans-serif": FONT_FAMILY,
                "axes.unicode_minus": False,
                "font.size": 9,
            }
        ),
    ):
        figure, axes = plt.subplots(figsize=(width_in, height_in), dpi=150)
        try:
            categories = [CONTROL.sub("", str(c)) for c in chart.categories]
            positions = list(range(len(categories)))
            count = max(1, len(chart.series))
            if chart.kind == "bar":
                width = 0.8 / count
                for index, (name, values) in enumerate(chart.series):
                    offset = (index - (count - 1) / 2) * width
                    axes.bar(
                        [p + offset for p in positions],
                        values,
                        width=width,
                        label=name,
                        color=COLOURS[index % len(COLOURS)],
                    )
                rotation = 45 if len(categories) > 6 else 0
                axes.set_xticks(
                    positions,
                    categories,
                    rotation=rotation,
                    ha="right" if rotation else "center",
                )
            else:
                for index, (name, values) in enumerate(chart.series):
                    axes.plot(
                        positions,
                        values,
                        marker="o",
                        label=name,
                        color=COLOURS[index % len(COLOURS)],
                    )
                axes.set_xticks(positions, categories)
            axes.set_ylim(bottom=0)
            axes.yaxis.get_major_locator().set_params(integer=True)
            axes.spines[["top", "right"]].set_visible(False)
            axes.grid(axis="y", color="#dddddd", linewidth=0.6)
            if chart.series:
                axes.legend(
                    frameon=False,
                    ncols=len(chart.series),
                    loc="upper center",
                    bbox_to_anchor=(0.5, 1.12),
                )
            figure.tight_layout()
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png")
        finally:
            plt.close(figure)
    return buffer.getvalue()
