"""The audience dashboard's two charts as geometry for server-side SVG
(templates/organisers/_audience_charts.html): views per day as bars, and the retention curve
over the recording with the replays beneath it and the chapters as labelled bands.

Each chart is drawn from its table's rows (player/content/audience_tables.py), so every
number drawn is one the table beside it gives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from chapters.model import Webinar
from chapters.timecode import to_clock
from chapters.wording import french_date

from player.content.audience_tables import Table

WIDTH = 640  # the viewBox; the stylesheet scales it to the column
LEFT, RIGHT, TOP = 44, 8, 10
PLOT_W = WIDTH - LEFT - RIGHT
DAYS_H = 150  # the bars' height
CURVE_H = 170  # the curve's height
BAND_H = 30  # the chapters' band under the curve
CHAR_W = 6.2  # a band label's character, at the stylesheet's 11px in the viewBox's units


@dataclass(frozen=True)
class Tick:
    at: float  # x or y in the viewBox
    label: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # its <title>: "4 décembre 2026 : 12 vues"


@dataclass(frozen=True)
class Band:
    x: float
    width: float
    label: str  # the chapter's number and as much of its title as fits
    title: str  # the whole title, for the band's <title>
    odd: bool


@dataclass(frozen=True)
class Chart:
    height: float
    bottom: float  # the plot's baseline
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    bars: tuple[Bar, ...] = ()
    line: str = ""  # polyline points: share of views still there
    area: str = ""  # polygon points: replays
    bands: tuple[Band, ...] = ()
    band_top: float = 0.0
    desc: str = ""  # what the chart shows, in words, for its <desc>


def _round_up(value: float) -> float:
    """The next 1, 2 or 5 times a power of ten at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= value)


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _views(n: int) -> str:
    return f"{n} vue{'s' if n > 1 else ''}"


def days_chart(days: Table) -> Chart:
    """Bars of views per day, from the "jours" table's rows (day, views)."""
    rows = days.rows
    top = _round_up(max((n for _, n in rows), default=0))
    bottom = TOP + DAYS_H
    slot = PLOT_W / max(len(rows), 1)
    gap = min(slot * 0.2, 2)
    bars = tuple(
        Bar(round(LEFT + i * slot + gap / 2, 2), round(bottom - DAYS_H * n / top, 2),
            round(max(slot - gap, 0.5), 2), round(DAYS_H * n / top, 2),
            f"{french_date(day.isoformat())} : {_views(n)}")
        for i, (day, n) in enumerate(rows)
    )
    y_ticks = tuple(Tick(round(bottom - DAYS_H * v / top, 2), f"{v:g}") for v in (0, top / 2, top)
                    if v == int(v))
    picks = sorted({0, len(rows) // 2, len(rows) - 1}) if rows else []
    x_ticks = tuple(Tick(round(LEFT + (i + 0.5) * slot, 2), f"{rows[i][0].day}/{rows[i][0].month:02d}")
                    for i in picks)
    return Chart(bottom + 22, bottom, y_ticks, x_ticks, bars=bars)


def retention_chart(retention: Table, chapters: tuple, duration: float, views: int) -> Chart:
    """The share of views still there at each moment of the "retention" table (a line), the
    replays (an area, as a share of the ``views`` too), and ``chapters`` ((number, title, start,
    end) in seconds) as bands under the plot."""
    rows = retention.rows
    shares = [float(share) / 100 for _, _, share, _ in rows]
    replays = [r / views if views else 0 for _, _, _, r in rows]
    top = max(1.0, _round_up(max(replays, default=0) * 100) / 100) if replays else 1.0
    bottom = TOP + CURVE_H
    span = max(duration, 1)

    def x(seconds: float) -> float:
        return LEFT + PLOT_W * min(seconds, span) / span

    def y(value: float) -> float:
        return bottom - CURVE_H * value / top

    times = [moment.seconds for moment, *_ in rows]
    line = " ".join(f"{_n(x(t))},{_n(y(v))}" for t, v in zip(times, shares))
    area = ""
    if times:
        edge = [f"{_n(x(t))},{_n(y(v))}" for t, v in zip(times, replays)]
        area = " ".join([f"{_n(x(times[0]))},{_n(bottom)}", *edge, f"{_n(x(times[-1]))},{_n(bottom)}"])
    y_ticks = tuple(Tick(round(y(v), 2), f"{round(v * 100)} %") for v in (0, top / 2, top))
    x_ticks = tuple(Tick(round(x(span * q), 2), to_clock(round(span * q))) for q in (0, .25, .5, .75, 1))
    band_top = bottom + 22
    bands = []
    for index, (number, title, start, end) in enumerate(chapters):
        left, right = x(start), x(end if end is not None else span)
        width = max(right - left, 0)
        room = int((width - 6) // CHAR_W)
        label = f"{number}. {title}"
        if len(label) > room:
            label = f"{number}" if room < len(f"{number}") + 6 else label[: room - 1].rstrip() + "…"
        if len(label) > max(room, 0):
            label = ""  # a sliver of a chapter: its number is in the table
        bands.append(Band(round(left, 2), round(width, 2), label, f"{number}. {title}", index % 2 == 1))
    return Chart(band_top + BAND_H + 4, bottom, y_ticks, x_ticks, line=line, area=area,
                 bands=tuple(bands), band_top=band_top)


@dataclass(frozen=True)
class Charts:
    days: Chart
    retention: Chart


def charts_for(webinar: Webinar, tables: dict[str, Table], report) -> Charts:
    """Both charts of the dashboard, from its tables (and the report's views)."""
    duration = len(report.reached) or (webinar.duration or 0)
    chapters = tuple((number, c.title, c.start, webinar.chapter_end(c))
                     for number, c in enumerate(webinar.chapters, 1))
    days = days_chart(tables["jours"])
    retention = retention_chart(tables["retention"], chapters, duration, report.views)
    return Charts(replace(days, desc=_days_desc(tables["jours"])),
                  replace(retention, desc=_retention_desc(tables["retention"], len(chapters))))


def _days_desc(days: Table) -> str:
    if not days.rows:
        return "Aucun jour."
    total = sum(n for _, n in days.rows)
    best_day, best = max(days.rows, key=lambda row: row[1])
    text = f"{len(days.rows)} jour{'s' if len(days.rows) > 1 else ''}, {_views(total)} en tout"
    if best:
        text += f" ; le plus : {_views(best)} le {french_date(best_day.isoformat())}"
    return text + ". Les chiffres de chaque jour sont dans le tableau qui suit."


def _retention_desc(retention: Table, chapters: int) -> str:
    rows = retention.rows
    if not rows:
        return "Aucune lecture."
    half = rows[len(rows) // 2]
    most = max(rows, key=lambda row: row[3])
    text = (f"Part des vues encore là : {_share_text(rows[0])} à {rows[0][0]}, "
            f"{_share_text(half)} à {half[0]}, {_share_text(rows[-1])} à {rows[-1][0]}")
    if most[3]:
        text += f" ; le plus de relectures ({most[3]}) à {most[0]}"
    if chapters:
        text += f". Les {chapters} chapitres sont des bandes sous la courbe" if chapters > 1 else \
            ". Le chapitre est une bande sous la courbe"
    return text + ". Les chiffres sont dans le tableau de la rétention."


def _share_text(row) -> str:
    return f"{row[2].decimal()} %"
