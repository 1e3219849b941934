"""A bar chart drawn as SVG on the server (the admin runs no JavaScript for it). Pure: takes the
figures, returns the geometry the template draws."""

from dataclasses import dataclass
from decimal import Decimal

from cestmoi.formatting import local_day_month

WIDTH = 600
HEIGHT = 160
LABEL_SPACE = 18


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: Decimal


def bar_chart(points: list[tuple], *, label=local_day_month) -> list[Bar]:
    if not points:
        return []
    top = max((value for _day, value in points), default=Decimal(0)) or Decimal(1)
    slot = WIDTH / len(points)
    plot = HEIGHT - LABEL_SPACE
    bars = []
    for index, (day, value) in enumerate(points):
        height = round(float(value / top) * plot, 1)
        bars.append(
            Bar(
                x=round(index * slot + slot * 0.1, 1),
                y=round(plot - height, 1),
                width=round(slot * 0.8, 1),
                height=height,
                label=label(day),
                value=value,
            )
        )
    return bars
