"""The report as a rich-text document: the summary page, then each exercise and side, the
runs, the notes. Its charts are the History page's own (``ui.history``), drawn as vectors
where the layout places them (a text object per chart), so the PDF's lines stay sharp and
its words, axis labels included, stay text that a reader can search and copy.

A chart is a widget, and widgets live on the GUI thread only: ``draw_chart`` records each
one there as a QPicture (vectors and text, a few milliseconds a chart), and the document,
laid out and printed on any thread, plays the pictures back where its layout puts them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape

from PySide6.QtCore import QRect, QRectF, QSizeF
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QPagedPaintDevice,
    QPainter,
    QPicture,
    QPyTextObject,
    QTextDocument,
    QTextFormat,
)

from hipcoach.application.history_text import NONE, minutes_text
from hipcoach.application.report import Report
from hipcoach.application.report_text import (
    HALF_YEAR_DAYS,
    SELF_REPORTED,
    WEEKLY_UP_TO_DAYS,
    adherence_rows,
    answered_text,
    answers_text,
    dose_rows,
    flag_title,
    made_text,
    now_text,
    overview_text,
    planned_text,
    range_text,
    run_rows,
    short_day,
    side_heading,
    zones_text,
)
from hipcoach.application.trends import ExerciseDoses
from hipcoach.core.runs import km_text
from hipcoach.core.text import plural
from hipcoach.ui.common.theme import LIGHT
from hipcoach.ui.history.charts import ChartView
from hipcoach.ui.history.dose_chart import DoseChart
from hipcoach.ui.history.pain_chart import PainChart
from hipcoach.ui.history.runs_chart import RunsChart

CAPTION_AIR = 10.0  # points of air above a chart's heading
CHART_PREFIX = "chart:"  # an image of this name is a chart, drawn by ChartObjects
SCREEN_DPI = 96.0  # the charts are laid out as on screen, then scaled to the page
FONT_FAMILY = "DejaVu Sans"  # fonts-dejavu-core (scripts/system-deps.sh): embedded in the PDF
RUN_CHART_WEEKS = 27  # a bar a week reads up to half a year; beyond, the table alone
PAIN_RATIO, DOSE_RATIO, RUNS_RATIO = 0.31, 0.30, 0.26  # each chart's height over its width
INK, MUTED, LINE, SHADE = "#13161b", "#5a6270", "#c9ced6", "#eceef2"


def report_font(points: float = 9.5) -> QFont:
    """DejaVu Sans where it is installed (it is a dependency), else the application's."""
    chosen = QFont(FONT_FAMILY if FONT_FAMILY in QFontDatabase.families() else QFont().family())
    chosen.setPointSizeF(points)
    return chosen


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """One chart of the report: its key, its height over its width, and how to make its
    widget (on the GUI thread only: a chart is a widget)."""

    key: str
    ratio: float
    make: Callable[[], ChartView]


@dataclass(frozen=True, slots=True)
class ChartPicture:
    """A chart recorded as vectors at its on-screen size: any thread may play it back."""

    picture: QPicture
    size: QSizeF  # the chart as laid out, in screen pixels


def chart_specs(report: Report) -> list[ChartSpec]:
    """The report's charts in the order the document shows them."""
    r = report

    def pain() -> ChartView:
        chart = PainChart()
        chart.resize(640, 300)
        chart.show_pain(r.pain, r.since, r.until)
        return chart

    def dose(exercise: ExerciseDoses) -> Callable[[], ChartView]:
        def make() -> ChartView:
            chart = DoseChart()
            chart.resize(640, 240)
            chart.show_doses(exercise, r.since, r.until)
            return chart

        return make

    def runs() -> ChartView:
        chart = RunsChart()
        chart.resize(640, 200)
        chart.show_weeks(r.runs)
        return chart

    specs = [ChartSpec("pain", PAIN_RATIO, pain)]
    specs += [ChartSpec(f"dose:{n}", DOSE_RATIO, dose(e)) for n, e in enumerate(r.doses)]
    if any(w.runs for w in r.runs) and len(r.runs) <= RUN_CHART_WEEKS:
        specs.append(ChartSpec("runs", RUNS_RATIO, runs))
    return specs


def draw_chart(spec: ChartSpec, width: float, dpi: float) -> ChartPicture:
    """The chart of ``spec`` made and recorded for a place ``width`` device pixels wide on
    a page of ``dpi``: GUI thread only."""
    view = spec.make()
    view.apply_theme(LIGHT)  # paper is light whatever the screen is
    scale = dpi / SCREEN_DPI
    size = QSizeF(width / scale, width * spec.ratio / scale)
    view.chart().resize(size)
    scene = view.scene()
    scene.setSceneRect(QRectF(0, 0, size.width(), size.height()))
    picture = QPicture()
    painter = QPainter(picture)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scene.render(painter, QRectF(0, 0, size.width(), size.height()), scene.sceneRect())
    finally:
        painter.end()
    view.deleteLater()
    return ChartPicture(picture, size)


@dataclass
class _Chart:
    drawn: ChartPicture
    ratio: float  # the chart's height over its width
    caption: QTextDocument | None  # the heading and lines drawn above it, if any


class ChartObjects(QPyTextObject):
    """Draws the document's charts: each one takes the text's width and its own share of
    it in height, and is played back as vectors at its place on the page. A chart may carry
    its heading: the two are then one object, so a page never ends between them."""

    def __init__(self, dpi: float, device: QPagedPaintDevice, width: float) -> None:
        super().__init__()
        self.dpi = dpi
        self.device = device
        self.width = width
        self.charts: list[_Chart] = []

    def add(self, drawn: ChartPicture, ratio: float, caption: str = "") -> str:
        """The chart's name, for an ``<img src>``: this handler draws every image."""
        text = None
        if caption:
            text = QTextDocument()
            text.documentLayout().setPaintDevice(self.device)
            text.setDefaultFont(report_font(9))
            text.setDefaultStyleSheet(CSS)
            text.setDocumentMargin(0)
            text.setTextWidth(self.width)
            text.setHtml(caption)
        self.charts.append(_Chart(drawn, ratio, text))
        return f"{CHART_PREFIX}{len(self.charts) - 1}"

    def _chart_of(self, chosen: QTextFormat) -> _Chart:
        name = chosen.toImageFormat().name()
        return self.charts[int(name.removeprefix(CHART_PREFIX))]

    def intrinsicSize(  # noqa: N802
        self, _doc: QTextDocument, _position: int, chosen: QTextFormat
    ) -> QSizeF:
        found = self._chart_of(chosen)
        return QSizeF(self.width, self._above(found) + self.width * found.ratio)

    def _above(self, found: _Chart) -> float:
        """The room over a chart for its heading, with air above that: a paragraph's own
        top margin would let the chart's line begin on the page before (Qt 6.11)."""
        if found.caption is None:
            return 0.0
        return CAPTION_AIR / 72 * self.dpi + found.caption.size().height()

    def drawObject(  # noqa: N802
        self,
        painter: QPainter,
        rect: QRectF | QRect,
        _doc: QTextDocument,
        _position: int,
        chosen: QTextFormat,
    ) -> None:
        found = self._chart_of(chosen)
        target = QRectF(rect)
        # A chart is one line of text: whole on its page or whole on the next. The picture
        # sets a clip of its own, so a chart not on the page being drawn is left out here.
        if painter.hasClipping() and not painter.clipBoundingRect().contains(target.center()):
            return
        if found.caption is not None:
            painter.save()
            painter.translate(target.left(), target.top() + CAPTION_AIR / 72 * self.dpi)
            found.caption.drawContents(painter)
            painter.restore()
            target.setTop(target.top() + self._above(found))
        size, picture = found.drawn.size, found.drawn.picture
        # A picture plays back scaled by the device's resolution over its own (300 / 96).
        device = painter.device()
        played_x = device.logicalDpiX() / picture.logicalDpiX() if device else 1.0
        played_y = device.logicalDpiY() / picture.logicalDpiY() if device else 1.0
        painter.save()
        try:
            painter.translate(target.topLeft())
            painter.scale(
                target.width() / size.width() / played_x,
                target.height() / size.height() / played_y,
            )
            painter.drawPicture(0, 0, picture)
        finally:
            painter.restore()


# -- HTML ----------------------------------------------------------------------------------------

CSS = f"""
h1 {{ font-size: 17pt; font-weight: 700; color: {INK}; margin-bottom: 2pt; }}
h2 {{ font-size: 12.5pt; font-weight: 700; color: {INK}; margin-top: 12pt; margin-bottom: 3pt; }}
h3 {{ font-size: 10.5pt; font-weight: 700; color: {INK}; margin-top: 14pt; margin-bottom: 2pt; }}
p {{ margin-top: 2pt; margin-bottom: 2pt; }}
.muted {{ color: {MUTED}; }}
.small {{ font-size: 8.5pt; }}
table {{ border-collapse: collapse; margin-top: 3pt; margin-bottom: 3pt; }}
th {{ background-color: {SHADE}; text-align: left; font-weight: 700; }}
td {{ border-bottom: 2px solid {LINE}; }}
td.n, th.n {{ text-align: right; }}
td.flag {{ color: #a1141a; font-weight: 700; }}
td.above {{ border-bottom: 0px; }}
td.note {{ font-size: 8.5pt; padding-top: 0px; }}
"""


BREAK_STYLE = ' style="page-break-before: always"'
SUMMARY_PAGE_DAYS = 13 * 7
EXERCISES = "Each exercise, side by side"


def _table(
    head: list[str],
    rows: list[list[str]],
    numeric: frozenset[int] = frozenset(),
    notes: list[str] | None = None,
) -> str:
    """A table whose header repeats on each page it runs onto; cells are HTML already. A
    row's note, where it has one, is a line across the table under it."""

    def cell(tag: str, n: int, text: str, kind: str = "") -> str:
        kind = "n" if n in numeric else kind
        named = f' class="{kind}"' if kind else ""
        return f"<{tag}{named}>{text}</{tag}>"

    def row_html(row: list[str], note: str) -> str:
        if not note:
            return "<tr>" + "".join(cell("td", n, c) for n, c in enumerate(row)) + "</tr>"
        above = "<tr>" + "".join(cell("td", n, c, "above") for n, c in enumerate(row)) + "</tr>"
        return above + f'<tr><td class="note" colspan="{len(head)}">{note}</td></tr>'

    header = "".join(cell("th", n, h) for n, h in enumerate(head))
    body = "".join(row_html(row, notes[n] if notes else "") for n, row in enumerate(rows))
    return (
        '<table width="100%" cellspacing="0" cellpadding="5">'
        f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"
    )


@dataclass
class ReportDocument:
    """The report laid out for ``device`` (the PDF writer) of ``dpi``: ``document`` is
    paginated to ``page``, the printable area in device pixels. ``charts`` holds each of
    ``chart_specs(report)`` drawn, by key. Any thread: it touches no widget."""

    report: Report
    device: QPagedPaintDevice
    dpi: float
    page: QSizeF
    pictures: Mapping[str, ChartPicture]
    document: QTextDocument = field(init=False)
    charts: ChartObjects = field(init=False)

    def __post_init__(self) -> None:
        self.document = QTextDocument()
        self.document.documentLayout().setPaintDevice(self.device)
        self.document.setPageSize(self.page)
        self.document.setDefaultFont(report_font(9))
        self.document.setDefaultStyleSheet(CSS)
        self.document.setDocumentMargin(0)
        self.charts = ChartObjects(self.dpi, self.device, self.page.width())
        # The charts are images to the HTML and drawn by the handler: a document edited
        # after setHtml is laid out again at every edit, seconds for a long report.
        self.document.documentLayout().registerHandler(
            int(QTextFormat.ObjectTypes.ImageObject), self.charts
        )
        self._parts: list[str] = []
        self._summary()
        self._exercises()
        self._runs()
        self._notes()
        self._html(f'<p class="muted small" style="margin-top: 14pt">{escape(SELF_REPORTED)}</p>')
        self.document.setHtml("".join(self._parts))

    # -- building ------------------------------------------------------------------------------

    def _html(self, html: str) -> None:
        self._parts.append(html)

    def _chart(self, key: str, ratio: float, caption: str = "", style: str = "") -> None:
        name = self.charts.add(self.pictures[key], ratio, caption)
        self._parts.append(f'<p{style}><img src="{name}"></p>')

    def _summary_alone(self) -> bool:
        """Whether the summary keeps a page of its own: up to a quarter's weeks it fits
        one; a longer one runs over, and the exercises follow it where it ends (a page
        begun for them left its last rows alone on a page)."""
        return (self.report.until - self.report.since).days < SUMMARY_PAGE_DAYS

    def _summary(self) -> None:
        r = self.report
        self._html(
            f"<h1>Hip exercise report: {escape(range_text(r.since, r.until))}</h1>"
            f'<p class="muted">{escape(made_text(r))}. {escape(overview_text(r))}.</p>'
            f'<p class="muted small">{escape(SELF_REPORTED)}</p>'
        )
        self._html("<h2>Pain</h2>")
        self._html(
            "<p>Each session's pain, 0-10, before, after and the next morning, over the zones "
            "the coach goes by: the larger of after and the next morning decides.</p>"
        )
        self._chart("pain", PAIN_RATIO)
        self._html(f"<p><b>Sessions by zone:</b> {escape(zones_text(r))}.</p>")

        self._html("<h2>Red flags and check-in answers</h2>")
        if r.red_flags:
            rows = [
                [
                    f"<b>{escape(flag_title(f))}</b>",
                    escape(short_day(f.since, year=True)),
                    escape(f.advice),
                ]
                for f in r.red_flags
            ]
            self._html(
                f"<p>Standing on {escape(short_day(r.until, year=True))}:</p>"
                + _table(["Red flag", "Since", "What hipcoach advised"], rows)
            )
        else:
            self._html(f"<p>No red flag stands on {escape(short_day(r.until, year=True))}.</p>")
        if r.flagged:
            self._html(
                f"<p>{plural(r.flagged, 'session')} of this period started with a red flag "
                "standing (no dose stepped up in them).</p>"
            )
        said = [a for a in r.answers if a.answers]
        if said:
            year = r.since.year != r.until.year
            rows = [
                [escape(short_day(a.at, year)), escape(a.routine), escape(answers_text(a.answers))]
                for a in said
            ]
            self._html(
                f"<p>{answered_text(r)}:</p>"
                + _table(["Session", "Routine", "Answered yes to"], rows)
            )
        else:
            self._html(f"<p>{answered_text(r)}.</p>")

        weekly = (r.until - r.since).days <= WEEKLY_UP_TO_DAYS
        self._html(f"<h2>Adherence per {'week' if weekly else 'month'}</h2>")
        planned = r.weeks[0].planned if r.weeks else ()
        head = ["Week of" if weekly else "Month", "Sessions (completed)", "Minutes"] + [
            escape(p.name) + (" (after runs)" if p.after_run else "") for p in planned
        ]
        rows = []
        for row in adherence_rows(r):
            week = row.week
            rows.append(
                [
                    escape(row.label),
                    f"{week.sessions} ({week.completed})",
                    escape(minutes_text(week.minutes)) if week.sessions else NONE,
                    *[planned_text(p) for p in week.planned],
                ]
            )
        numeric = frozenset(range(1, len(head)))
        note = (
            "Sessions completed against the target the weekly plan gives each week."
            if planned
            else "No weekly plan gives targets for these routines."
        )
        if r.plan_problem:
            note = f"The weekly plan could not be read ({escape(r.plan_problem)}): no targets."
        self._html(f"<p>{note}</p>" + _table(head, rows, numeric))

    def _exercises(self) -> None:
        r = self.report
        if not r.doses:
            style = BREAK_STYLE if self._summary_alone() else ""
            self._html(f"<h2{style}>{EXERCISES}</h2><p>No exercise was done in this period.</p>")
        for n, exercise in enumerate(r.doses):
            self._exercise(exercise, n)

    def _exercise(self, exercise: ExerciseDoses, n: int) -> None:
        r = self.report
        marks = exercise.hurt_marks
        # The heading and its lines go with the chart, as one object: never a page apart.
        caption = (
            f"<h3>{escape(exercise.exercise)} "
            f'<span class="muted">({escape(exercise.routine)})</span></h3>'
            f"<p>{plural(exercise.sessions, 'session')}"
            + (f", marked as hurting {plural(marks, 'time')}" if marks else ", no hurt marks")
            + ". The line is what each session asked (all its sets together), a hollow "
            "dot what was done where less, a triangle a hurt mark.</p>"
        )
        coaching = r.coaching.get(exercise.routine_id)
        if coaching is not None:
            now = [
                f"{side_heading(s.side).lower()} {escape(now_text(s))}"
                if s.side is not None
                else escape(now_text(s))
                for s in coaching.exercises
                if s.exercise.id == exercise.exercise_id
            ]
            if now:
                caption += f"<p><b>Prescribed now:</b> {'; '.join(now)}.</p>"
        style = ""
        if n == 0:  # the part's heading goes with its first chart: never a page apart
            caption = f"<h2>{EXERCISES}</h2>" + caption
            style = BREAK_STYLE if self._summary_alone() else ""
        self._chart(f"dose:{n}", DOSE_RATIO, caption, style)
        sides = [s.side for s in exercise.sides]
        span = (r.until - r.since).days
        head = ["Session" if span <= HALF_YEAR_DAYS else "Period"]
        for side in sides:
            if side is None:
                head += ["Asked", "Done"]
            else:
                head += [f"{side_heading(side)}: asked", f"{side_heading(side)}: done"]
        head.append("Hurt")
        moves = r.moves.get(exercise.routine_id, ())
        found = dose_rows(exercise, r.since.year != r.until.year, span, moves)
        rows = [
            [escape(row.when)]
            + [escape(text) for pair in row.cells for text in pair]
            + [f'<span style="color:#a1141a"><b>{escape(row.hurt)}</b></span>' if row.hurt else ""]
            for row in found
        ]
        # The decision log: where the coach moved a dose, a line of its own under the row,
        # across the table (one line: a row of a few lines may be split by a page's end).
        notes = [f"\u2192 {escape(row.moved)}" if row.moved else "" for row in found]
        self._html(_table(head, rows, notes=notes))

    def _runs(self) -> None:
        r = self.report
        weekly = (r.until - r.since).days <= WEEKLY_UP_TO_DAYS
        # Runs follow the exercises on the same page where there is room (a page begun for
        # them left the last exercise's last row alone on a page of its own).
        heading = f"<h2>Runs per {'week' if weekly else 'month'}</h2>"
        runs = sum(w.runs for w in r.runs)
        if not runs:
            self._html(heading + "<p>No runs were logged in this period.</p>")
            return
        about = (
            f"<p>{plural(runs, 'run')}, {km_text(sum(w.km for w in r.runs))} km. A caution "
            "marks a run more than 10 % longer than the longest of the 30 days before it.</p>"
        )
        if "runs" in self.pictures:
            self._chart("runs", RUNS_RATIO, heading + about)  # never a page apart
        else:
            self._html(heading + about)
        rows = [
            [
                escape(label),
                str(w.runs),
                km_text(w.km) if w.runs else NONE,
                str(w.cautions) if w.cautions else "",
            ]
            for label, w in run_rows(r)
        ]
        head = ["Week of" if weekly else "Month", "Runs", "Km", "Cautions"]
        self._html(_table(head, rows, frozenset({1, 2, 3})))
        if r.cautions:
            rows = [
                [escape(short_day(n.run.day, year=True)), escape(n.caution.text)]
                for n in r.cautions
                if n.caution is not None
            ]
            self._html("<h3>Cautions</h3>" + _table(["Run", "Caution"], rows))

    def _notes(self) -> None:
        r = self.report
        self._html("<h2>Notes</h2>")
        if not r.notes:
            self._html("<p>No notes in this period.</p>")
            return
        rows = [
            [
                escape(short_day(n.at, year=r.since.year != r.until.year)),
                escape(n.routine),
                escape(n.text).replace("\n", "<br>"),
            ]
            for n in r.notes
        ]
        self._html(_table(["Session", "Routine", "Note"], rows))
