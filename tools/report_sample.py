"""The report of the built history (tests/report_history.py) as a PDF and its pages as PNG
pictures, for a person to look at; ``--docs`` also puts README's page in docs/screenshots/.

The history has what a report must show well: red flags, hurt marks, runs with a caution,
notes, and two sides of one exercise that part ways. Made in Berlin time, as the tests are.

With ``--years N``, the history is instead N years as bench/report.py fills it (three
sessions a week over the built-in routines, runs, notes), and the report covers them all:
how a long report reads, page by page.

Usage: python tools/report_sample.py [OUTDIR] [--docs | --years N]   (default OUTDIR: out/report/)
Needs pdftoppm (poppler-utils, scripts/system-deps.sh).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["TZ"] = "Europe/Berlin"
time.tzset()

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hipcoach.adapters import paths  # noqa: E402
from hipcoach.adapters.history.store import open_history  # noqa: E402
from hipcoach.application.report import Report, build_report  # noqa: E402
from hipcoach.application.week import read_plan  # noqa: E402
from hipcoach.ui.report.pdf import write_pdf  # noqa: E402
from tests import report_history as built  # noqa: E402

DOCS = REPO / "docs" / "screenshots"
DOCS_PAGES = {1: "report-summary.png", 2: "report-exercises.png"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(REPO / "out" / "report"))
    parser.add_argument("--docs", action="store_true", help=f"also write README's pages to {DOCS}")
    parser.add_argument("--years", type=int, default=0, help="a filled history of N years")
    args = parser.parse_args(argv)
    if args.docs and args.years:
        parser.error("--docs shows the built history: give it without --years")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hipcoach-report-") as name:
        folder = paths.prepare_data_dir(Path(name) / "hipcoach")
        if args.years:
            report = _filled(folder, args.years)
        else:
            with open_history(folder) as store:
                library = built.build(store)
                report = build_report(
                    store,
                    plan=read_plan(folder, library),
                    library=library,
                    now=built.local(built.TODAY, 20),
                )
    target = out / "report.pdf"
    rendered = write_pdf(report, target)
    for old in out.glob("page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "110", "-png", str(target), str(out / "page")], check=True)
    pages = sorted(out.glob("page-*.png"))
    print(f"{target}: {rendered.pages} pages")
    for page in pages:
        print(page)
    if args.docs:
        DOCS.mkdir(parents=True, exist_ok=True)
        for number, name in DOCS_PAGES.items():
            shutil.copyfile(pages[number - 1], DOCS / name)
            print(DOCS / name)
    return 0


def _filled(folder: Path, years: int) -> Report:
    """``years`` of history as bench/report.py fills it, and the report of all of them."""
    from datetime import date, timedelta

    from bench.coaching import fill
    from bench.report import add_runs_and_notes
    from hipcoach.core.library import load_library

    routines = [e.routine for e in load_library(paths.built_in_routines(), None).entries]
    fill(folder, routines, years)
    add_runs_and_notes(folder, years)
    library = load_library(paths.built_in_routines(), folder / paths.USER_ROUTINES)
    with open_history(folder) as store:
        since = date.today() - timedelta(weeks=years * 52)
        return build_report(store, since, plan=read_plan(folder, library), library=library)


if __name__ == "__main__":
    sys.exit(main())
