"""Geometry of the server-rendered bar charts on the overview page (drawn by a template as SVG)."""

from dataclasses import dataclass

# Dark colours with at least 4.5:1 contrast on white (WCAG 1.4.11 needs 3:1 for graphics).
AGENCY_COLOURS = ["#17427a", "#9a3412", "#166534", "#6b21a8", "#0f5e6e", "#7c2d12"]

# Each row: the Bundesland's name on one line, its bar below, so long names never get cut off.
WIDTH = 360
LABEL_WIDTH = 8  # left margin of the bars
VALUE_GAP = 6
VALUE_WIDTH = 30
ROW_HEIGHT = 46
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
TOP = 4
AXIS_HEIGHT = 22


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: float

    @property
    def label_y(self):
        return self.y - 6

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT / 2


@dataclass
class BarChart:
    slug: str
    colour: str
    bars: list
    height: int
    ticks: list

    label_width = LABEL_WIDTH
    bar_height = BAR_HEIGHT
    width = WIDTH

    @property
    def axis_y(self):
        return self.height - AXIS_HEIGHT

    @property
    def grid_top(self):
        """Tick marks stay short, below the last bar, so they never cross a label."""
        return self.axis_y - 5

    @property
    def total(self):
        return sum(bar.value for bar in self.bars)


def _ticks(maximum):
    """Return at most five round tick values from 0 up to at least ``maximum``."""
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if -(-maximum // step) <= 4:
                top = -(-maximum // step) * step
                return list(range(0, top + 1, step))
        magnitude *= 10


def bar_charts(agency_counts):
    """Return one BarChart per agency, all drawn on the same scale so they can be compared."""
    largest = max((row.total for entry in agency_counts for row in entry.states), default=0)
    ticks = _ticks(max(largest, 1))
    scale_max = ticks[-1]
    span = WIDTH - LABEL_WIDTH - VALUE_GAP - VALUE_WIDTH
    charts = []
    for index, entry in enumerate(agency_counts):
        bars = [
            Bar(
                label=row.state.name,
                value=row.total,
                y=TOP + LABEL_HEIGHT + position * ROW_HEIGHT,
                width=round(span * row.total / scale_max, 1),
            )
            for position, row in enumerate(entry.states)
        ]
        height = TOP + len(bars) * ROW_HEIGHT + AXIS_HEIGHT
        tick_positions = [(tick, round(LABEL_WIDTH + span * tick / scale_max, 1)) for tick in ticks]
        charts.append(
            BarChart(
                slug=entry.agency.slug,
                colour=AGENCY_COLOURS[index % len(AGENCY_COLOURS)],
                bars=bars,
                height=height,
                ticks=tick_positions,
            )
        )
    return charts
