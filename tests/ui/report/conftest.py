"""The report's fixtures: the built history in Berlin's local time, its report and its PDF,
made once for a module (building and printing it takes seconds)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from hipcoach.adapters import paths
from hipcoach.adapters.history.store import open_history
from hipcoach.application.report import Report, build_report
from hipcoach.application.week import read_plan
from hipcoach.ui.report.pdf import RenderedReport, write_pdf
from tests import report_history as built
from tests.adapters.history.conftest import ZONE


@pytest.fixture(scope="module")
def berlin() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = ZONE
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture(scope="module")
def report(berlin: None, tmp_path_factory: pytest.TempPathFactory) -> Report:
    folder = paths.prepare_data_dir(tmp_path_factory.mktemp("built") / "hipcoach")
    with open_history(folder) as store:
        library = built.build(store)
        return build_report(
            store,
            plan=read_plan(folder, library),
            library=library,
            now=built.local(built.TODAY, 20),
        )


@pytest.fixture(scope="module")
def pdf(
    qapp: QApplication, report: Report, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, RenderedReport]:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    return path, write_pdf(report, path)
