"""The chart beside a report's table (QtCharts): bars to compare groups, a line
for a trend over months, pies for a composition (one pie per side, because
income and expenditure are never added together).

A report turns its rows into a ``ChartData``; this widget only draws it, so the
same data also draws the image printed in the PDF (``chart_image``)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QPieSeries,
    QPieSlice,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QMargins, QSize, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolTip, QVBoxLayout, QWidget

from client.widgets import look

PALETTE = ("#2e86c1", "#e67e22", "#27ae60", "#8e44ad", "#c0392b", "#16a085", "#d4ac0d")
PIE_LABEL_SHARE = 0.05  # smaller slices show their share only in the tooltip
MARKER = 8  # points of a line, in pixels
CROWDED = 8  # more categories than this and their labels are slanted
MAX_AXIS_LABELS = 31  # along a line with more points, only every n-th is labelled
MAX_VALUE_LABELS = 24  # more bars than this and the value labels would overlap


class ChartKind(Enum):
    BARS = "bars"
    LINE = "line"
    PIE = "pie"


@dataclass(frozen=True)
class Series:
    """One set of values over labels: a bar set, a line, or a pie."""

    name: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    texts: tuple[str, ...] = ()  # a line's point labels, exact (money), if not the values


@dataclass(frozen=True)
class ChartData:
    """``title`` names what is drawn and its unit (e.g. 平均用时(小时)); QtCharts
    elides a vertical axis title to the width of the axis labels, so the unit
    goes in the title rather than on the axis."""

    kind: ChartKind
    series: tuple[Series, ...]
    title: str = ""


def _value_text(value: float) -> str:
    return f"{value:,.2f}"


class ReportChart(QWidget):
    """One chart view, or one per pie (each with its legend beside it)."""

    def __init__(self, parent: QWidget | None = None, *, stacked: bool = False) -> None:
        """``stacked`` puts pies one below the other (a page is narrower than a screen)."""
        super().__init__(parent)
        self.data: ChartData | None = None
        self.views: list[QChartView] = []
        self.legends: list[QLabel] = []
        self._boxes: list[QWidget] = []
        self._layout = QVBoxLayout(self) if stacked else QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setMinimumHeight(220)

    def charts(self) -> list[QChart]:
        return [view.chart() for view in self.views]

    def set_data(self, data: ChartData | None) -> None:
        for box in self._boxes:
            self._layout.removeWidget(box)
            box.deleteLater()
        self.views, self.legends, self._boxes = [], [], []
        self.data = data
        if data is None or not data.series:
            return
        if data.kind is ChartKind.PIE:
            for number, series in enumerate(data.series):
                self._add(self._pie(series, number), legend=self._pie_legend(series, number))
            return
        chart = self._line(data) if data.kind is ChartKind.LINE else self._bars(data)
        chart.setTitle(data.title)
        self._add(chart)

    def _add(self, chart: QChart, legend: QLabel | None = None) -> None:
        chart.setMargins(QMargins(4, 4, 4, 4))
        _bold_title(chart)
        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.views.append(view)
        box: QWidget = view
        if legend is not None:  # chart and legend on one white card
            chart.setBackgroundVisible(False)
            view.setBackgroundBrush(QColor("white"))
            box = QFrame()
            box.setObjectName("pieCard")
            box.setStyleSheet("QFrame#pieCard { background: white; border-radius: 6px }")
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 8, 0)
            row.addWidget(view, 1)
            row.addWidget(legend)
            self.legends.append(legend)
        self._boxes.append(box)
        self._layout.addWidget(box, 1)  # pies side by side get equal room

    # -- kinds --------------------------------------------------------------
    def _bars(self, data: ChartData) -> QChart:
        chart = QChart()
        chart.setLocalizeNumbers(True)  # 12,345 as the table shows it, not 12345
        series = QBarSeries()
        for number, values in enumerate(data.series):
            bar_set = QBarSet(values.name)
            bar_set.setColor(QColor(_colour(number)))
            bar_set.append(list(values.values))
            series.append(bar_set)
        categories = len(data.series[0].labels)
        series.setBarWidth(min(0.7, 0.25 * categories))  # one category is not one huge block
        if categories * len(data.series) <= MAX_VALUE_LABELS:
            series.setLabelsVisible(True)
            series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
            series.setLabelsPrecision(15)
            for bar_set in series.barSets():
                bar_set.setLabelColor(look.INK)
        series.hovered.connect(self._bar_hovered)
        chart.addSeries(series)
        self._axes(chart, series, data)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setVisible(len(data.series) > 1)
        return chart

    def _line(self, data: ChartData) -> QChart:
        chart = QChart()
        chart.setLocalizeNumbers(True)  # 12,345 as the table shows it, not 12345
        for number, values in enumerate(data.series):
            line = QLineSeries()
            line.setName(values.name)
            line.setColor(QColor(_colour(number)))
            line.setPointsVisible(True)
            line.setPointLabelsVisible(len(values.values) <= MAX_VALUE_LABELS)
            line.setPointLabelsFormat("@yPoint")
            line.setPointLabelsClipping(False)
            for x, value in enumerate(values.values):
                line.append(float(x), value)
            _point_labels(line, values)
            chart.addSeries(line)
            self._axes(chart, line, data)
            line.setLightMarker(_dot(_colour(number), MARKER))  # an image marker of
            line.setMarkerSize(MARKER)  # that size; a plain point is drawn twice as
            # wide as the labels expect and hides them. Last: the theme sets its size.
            pen = line.pen()
            pen.setWidthF(2.0)
            line.setPen(pen)
            line.setPointLabelsColor(look.INK)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setVisible(len(data.series) > 1)  # logins and active users
        return chart

    def _pie(self, values: Series, number: int) -> QChart:
        """Percentages on the slices; the names are in the legend beside the chart
        (QtCharts' own legend cuts long item names short)."""
        chart = QChart()
        chart.setTitle(values.name)
        pie = QPieSeries()
        pie.setName(values.name)
        pie.setPieSize(0.8)
        total = sum(values.values) or 1.0
        for index, value in enumerate(values.values):
            piece = pie.append(f"{value / total:.1%}", value)
            piece.setColor(QColor(_colour(index + number)))
            piece.setLabelVisible(value / total >= PIE_LABEL_SHARE)
            piece.setLabelPosition(QPieSlice.LabelPosition.LabelInsideHorizontal)
            piece.setLabelColor(QColor("white"))
        pie.hovered.connect(
            lambda piece, status: self._slice_hovered(piece, status, pie, values.labels)
        )
        chart.addSeries(pie)
        chart.legend().setVisible(False)
        return chart

    def _pie_legend(self, values: Series, number: int) -> QLabel:
        total = sum(values.values) or 1.0
        rows = "".join(
            f"<tr><td style='color: {_colour(index + number)}'>■</td>"
            f"<td>{html.escape(label)}</td><td align='right'>{value / total:.1%}</td></tr>"
            for index, (label, value) in enumerate(zip(values.labels, values.values, strict=True))
        )
        legend = QLabel(f"<table cellspacing='0' cellpadding='2'>{rows}</table>")
        legend.setObjectName("pieLegend")
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setStyleSheet("background: white")
        return legend

    def _axes(self, chart: QChart, series: QBarSeries | QLineSeries, data: ChartData) -> None:
        """The labels below and one value axis at the left, shared by all series.

        A line runs over a value axis labelled at 0, 1, 2 …: over a bar category
        axis QtCharts draws its points as large as a category is wide."""
        if not chart.axes(Qt.Orientation.Horizontal):
            top = max((v for s in data.series for v in s.values), default=0.0)
            bottom = min((v for s in data.series for v in s.values), default=0.0)
            labels = data.series[0].labels
            along: QBarCategoryAxis | QCategoryAxis
            if isinstance(series, QLineSeries):
                along = QCategoryAxis()
                along.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
                step = -(-len(labels) // MAX_AXIS_LABELS)  # every day of a year: some
                for x, label in enumerate(labels):
                    if x % step == 0:
                        along.append(label, float(x))
                along.setRange(-0.5, len(labels) - 0.5)
            else:
                along = QBarCategoryAxis()
                along.append(list(labels))
            if len(labels) > CROWDED:  # slanted, so neighbouring labels do not overlap
                along.setLabelsAngle(-90)
            chart.addAxis(along, Qt.AlignmentFlag.AlignBottom)
            values = QValueAxis()
            whole = all(v.is_integer() for s in data.series for v in s.values)
            if whole and bottom >= 0 and top < 10:  # a few logins: 0, 1, 2 … not 0.5
                values.setLabelFormat("%.0f")
                values.setRange(0.0, top + 1)
                values.setTickCount(int(top) + 2)
            else:
                values.setLabelFormat("%.0f" if whole or max(top, -bottom) >= 10 else "%.1f")
                # from 0, or from below it for a balance on the other side
                low = bottom * 1.1 if bottom < 0 else 0.0
                values.setRange(low, top * 1.1 if top > 0 else 0.0 if low < 0 else 1.0)
                values.applyNiceNumbers()
            chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(chart.axes(Qt.Orientation.Horizontal)[0])
        series.attachAxis(chart.axes(Qt.Orientation.Vertical)[0])

    def _bar_hovered(self, status: bool, index: int, bar_set: QBarSet) -> None:
        if not status or self.data is None:
            QToolTip.hideText()
            return
        label = self.data.series[0].labels[index]
        QToolTip.showText(
            QCursor.pos(), f"{bar_set.label()} {label}: {_value_text(bar_set.at(index))}"
        )

    def _slice_hovered(
        self, piece: QPieSlice, status: bool, pie: QPieSeries, labels: tuple[str, ...]
    ) -> None:
        if not status:
            QToolTip.hideText()
            return
        name = labels[pie.slices().index(piece)]
        QToolTip.showText(
            QCursor.pos(), f"{name}: {_value_text(piece.value())} ({piece.percentage():.1%})"
        )


def _point_labels(line: QLineSeries, values: Series) -> None:
    """A label where the line moves: a flat run (a balance through months without
    entries) says its value once. The series' own texts, when it has them."""
    key = QXYSeries.PointConfiguration
    previous: float | None = None
    for x, value in enumerate(values.values):
        config: dict[QXYSeries.PointConfiguration, object] = {
            key.LabelVisibility: value != previous
        }
        if values.texts:
            config[key.LabelFormat] = values.texts[x]
        line.setPointConfiguration(x, config)
        previous = value


def _dot(colour: str, size: int) -> QImage:
    dot = QImage(size * 2, size * 2, QImage.Format.Format_ARGB32_Premultiplied)
    dot.fill(Qt.GlobalColor.transparent)
    painter = QPainter(dot)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(0, 0, size * 2, size * 2)
    painter.end()
    return dot


def _colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _bold_title(chart: QChart) -> None:
    font = QFont(chart.titleFont())
    font.setBold(True)
    chart.setTitleFont(font)


def chart_image(data: ChartData, size: QSize, scale: float = 3.0) -> QImage:
    """The chart drawn for print, whatever the screen shows: ``size`` per chart
    (pies one below the other), ``scale`` pixels per point to stay sharp on paper.

    Builds its own hidden widget (a chart lives in one scene only); call on the
    GUI thread."""
    widget = ReportChart(stacked=True)
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    white = widget.palette()
    white.setColor(QPalette.ColorRole.Window, QColor("white"))  # paper, not the window
    widget.setPalette(white)
    widget.setAutoFillBackground(True)
    if data.kind is ChartKind.PIE:
        size = QSize(size.width(), size.height() * len(data.series))
    widget.resize(size)
    widget.set_data(data)
    for view in widget.views:
        view.setBackgroundBrush(QColor("white"))
    widget.show()
    image = QImage(size * scale, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)  # sharp on paper: drawn at print resolution
    image.fill(QColor("white"))
    widget.render(image)
    widget.close()
    widget.deleteLater()
    return image
