"""The report's PDF read back as a reader gets it: pdfinfo, pdffonts and pdftotext (poppler)
on the built history's report; its pages, their numbers and the numbers in its tables."""

from __future__ import annotations

import re
import stat
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from hipcoach.application.report import Report
from hipcoach.application.report_text import SELF_REPORTED
from hipcoach.ui.report.pdf import RenderedReport, chart_pictures, print_pdf


def poppler(*argv: str) -> str:
    return subprocess.run(argv, check=True, capture_output=True, text=True, timeout=30).stdout


def page_text(path: Path, page: int) -> str:
    """One page's words, each run of white space one space: what a reader sees in order."""
    raw = poppler("pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-")
    return re.sub(r"[ \t]+", " ", raw)


@pytest.fixture(scope="module")
def pages(pdf: tuple[Path, RenderedReport]) -> list[str]:
    path, rendered = pdf
    return [page_text(path, n) for n in range(1, rendered.pages + 1)]


def test_an_a4_file_with_its_font_inside_private_to_the_runner(
    pdf: tuple[Path, RenderedReport],
) -> None:
    path, rendered = pdf
    info = poppler("pdfinfo", str(path))
    assert re.search(r"^Pages:\s+(\d+)$", info, re.M)[1] == str(rendered.pages)  # type: ignore[index]
    assert "(A4)" in info
    assert 4 <= rendered.pages <= 8
    fonts = poppler("pdffonts", str(path)).splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts), "every font is embedded"
    assert any("DejaVuSans" in line for line in fonts)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["report.pdf"], "no temporary file left"


def test_every_page_is_numbered_of_the_whole(pages: list[str]) -> None:
    for number, text in enumerate(pages, start=1):
        footer = [line for line in text.splitlines() if line.strip()][-1]
        assert footer.strip().endswith(f"Page {number} of {len(pages)}"), footer
        assert "hipcoach report · 23 Feb \u2013 13 May 2026" in footer


def test_the_summary_page_has_the_header_pain_zones_flags_and_the_weeks(
    pages: list[str], report: Report
) -> None:
    summary = pages[0]
    assert "Hip exercise report: 23 Feb \u2013 13 May 2026" in summary
    assert "Made 13 May 2026, 20:00 with hipcoach 0.1.0" in summary
    assert "34 sessions (33 completed)" in summary
    assert "702 work phases" in summary
    assert "safe (0-3): 30; acceptable (4-5): 1; too much (6-10): 2" in summary
    assert "Severe pain Mon 11 May 2026 You reported pain of 7/10." in summary
    assert "Answered yes: swelling Mon 11 May 2026" in summary
    assert "Mon 11 May Hip strength swelling" in summary
    # Adherence, a row a week: sessions (completed), minutes, each planned routine.
    strength = {w.monday: w.planned[0] for w in report.weeks}
    rows = re.findall(
        r"^ ?(Mon \d+ \w+) (\d+) \((\d+)\) .*? (\d+) of (\d+) (\d+) of (\d+)", summary, re.M
    )
    assert len(rows) == 12
    for when, sessions, completed, *_ in rows:
        week = next(w for w in report.weeks if f"Mon {w.monday.day} {w.monday:%b}" == when)
        assert (int(sessions), int(completed)) == (week.sessions, week.completed)
    assert rows[9][:3] == ("Mon 27 Apr", "3", "2")
    assert int(rows[9][3]) == strength[report.weeks[9].monday].done == 2
    assert SELF_REPORTED.split(":")[0] in summary.replace("\n", " ")


def test_each_exercise_has_its_sides_and_hurt_marks_in_a_table(pages: list[str]) -> None:
    body = "\n".join(pages[1:])
    assert "Each exercise, side by side" in pages[1]
    for name in ("Glute bridges", "Clamshells", "Side-lying leg lifts", "Lunges"):
        assert f"{name} (Hip strength)" in body
    assert "Prescribed now: left 3 x 11 reps (down: pain 7/10 after); right 3 x 10 reps" in body
    assert "Session Left: asked Left: done Right: asked Right: done Hurt" in body
    assert "Fri 13 Mar 3 x 12 reps in full 3 x 12 reps in full right" in body
    assert "Fri 10 Apr 3 x 12 reps in full 3 x 10 reps 3 x 8 reps right" in body
    assert "marked as hurting 2 times" in body
    # The decision log: under the row of the session after which a dose moved, why.
    assert (
        "\u2192 After Fri 13 Mar: right 3 x 11 reps (down: marked as hurting on the right)" in body
    )
    assert "\u2192 After Mon 11 May: left 3 x 11 reps (down: pain 7/10 after)" in body


def test_runs_cautions_and_notes_close_the_report(pages: list[str]) -> None:
    runs = next(p for p in pages if "Runs per week" in p)
    assert "23 runs, 164.0 km" in runs
    assert "Mon 20 Apr 2 18.0 1" in runs
    assert "Sat 25 Apr 2026 12.0 km is 50 % longer than your longest run" in runs
    last = pages[-1]
    assert "=HYPERLINK(1)" in last and "-tight after the hills" in last
    assert "it does not\ndiagnose anything" in last or "does not diagnose anything" in last.replace(
        "\n", " "
    )


def printed_page(pdf: bytes, width: int) -> QImage:
    """The PDF's first page as a PDF reader draws it (pdfium), on white."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtPdf import QPdfDocument

    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    size = document.pagePointSize(0)
    rendered = document.render(0, QSize(width, round(width * size.height() / size.width())))
    document.close()
    page = QImage(rendered.size(), QImage.Format.Format_RGB32)
    page.fill(QColor("white"))
    painter = QPainter(page)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return page


def test_the_first_page_previews_as_an_a4_picture_of_what_prints(
    qapp: QApplication, report: Report, pdf: tuple[Path, RenderedReport]
) -> None:
    rendered = print_pdf(report, dict(chart_pictures(report)), preview_width=420)
    image = rendered.preview
    assert image is not None and rendered.pages == pdf[1].pages
    assert (image.width(), image.height()) == (420, 594)
    assert image.pixelColor(5, 5).name() == "#ffffff", "the paper is white"
    title = [image.pixelColor(x, y).lightness() for x in range(30, 300) for y in range(32, 48)]
    assert min(title) < 80, "the heading's ink shows"
    printed = printed_page(rendered.pdf, 420)
    assert printed.size() == image.size()
    # Ink in the same places, 6 px square by square: text is drawn with other hinting.
    printed_ink, preview_ink = inked_squares(printed), inked_squares(image)
    alike = len(printed_ink & preview_ink) / len(printed_ink | preview_ink)
    assert len(printed_ink) > 500 and alike > 0.9, (len(printed_ink), alike)


def inked_squares(image: QImage, side: int = 6) -> set[tuple[int, int]]:
    return {
        (x // side, y // side)
        for x in range(image.width())
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).lightness() < 160
    }


def test_no_chart_or_its_heading_runs_across_a_page(
    qapp: QApplication, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QRectF

    from hipcoach.ui.report.document import ChartObjects
    from hipcoach.ui.report.pdf import render_pdf

    drawn: list[tuple[QRectF, QRectF]] = []
    draw = ChartObjects.drawObject

    def spy(self: ChartObjects, painter, rect, doc, position, chosen):  # type: ignore[no-untyped-def]
        shown = painter.clipBoundingRect()
        if shown.contains(QRectF(rect).center()):
            drawn.append((QRectF(rect), shown))
        draw(self, painter, rect, doc, position, chosen)

    monkeypatch.setattr(ChartObjects, "drawObject", spy)
    render_pdf(report)
    assert len(drawn) == 1 + 4 + 1  # the pain, an exercise each (its heading with it), runs
    for rect, page in drawn:
        assert page.adjusted(0, 0, 0, 2).contains(rect), (rect, page)
