"""The kiosk in a real browser: `intake serve` driven by the system's headless Chromium.

Skipped, saying why, without Playwright or Chromium (.ci/run installs Chromium).
Each test starts its own server on a free loopback port with its data in tmp_path
and waits on conditions only (what the app drew, what it wrote), with the suite's
generous hang guard: a busy two-core machine is slow, never wrong. They run in one
xdist group, one after another, so two browsers never compete for the cores.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from intake_tui.core import audit
from intake_tui.core.store import SessionStore
from tests.kiosk_browser_support import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    KioskTab,
    browser_or_skip,
    downloads_of,
    kiosk,
    wait_until_gone,
)
from tests.plain_support import run_lines
from tests.support import copy_bank
from tests.waiting import poll_until

pytestmark = [pytest.mark.xdist_group("browser")]


@pytest.fixture
def browser() -> Iterator[Any]:
    sync_api = browser_or_skip()
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


def sessions(data_dir: Path) -> list[dict[str, Any]]:
    return [
        tomllib.loads(path.read_text(encoding="utf-8"))
        for path in sorted(data_dir.glob("intake-*.toml"))
    ]


def answered(data_dir: Path, question: str, value: object) -> bool:
    return any(s.get("answers", {}).get(question) == value for s in sessions(data_dir))


def logged(data_dir: Path, action: str) -> bool:
    path = audit.audit_path(data_dir)
    return path.is_file() and f'"{action}"' in path.read_text(encoding="utf-8")


def test_a_whole_intake_by_keyboard_is_saved_and_its_copy_downloaded(
    browser: Any, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    with kiosk(copy_bank(tmp_path), data_dir) as server:
        context = browser.new_context(
            viewport={"width": 1000, "height": 640}, accept_downloads=True
        )
        requests: list[str] = []  # from every tab
        context.on("request", lambda request: requests.append(request.url))
        tab = KioskTab(context.new_page(), server.url)
        tab.wait_for_text("Start a new intake")
        # The footer's keys, before the page has focus (the browser has not said it has).
        tab.wait_for_text("New intake")
        picture = tmp_path / "kiosk-first-screen.png"
        tab.page.screenshot(path=str(picture))
        print(f"\nThe kiosk's first screen: {picture}")

        tab.type("n")
        tab.wait_for_text("Fixture welcome note.")
        tab.type("Enter")
        tab.wait_for_text("Fixture age?")
        tab.type("1", "5", "Enter")
        tab.wait_for_text("Fixture minor note.")
        tab.type("Enter")
        tab.wait_for_text("Everything is answered")  # the review, ready
        tab.type("f")
        tab.wait_for_text("Press v to see")  # the gate: not now, under 18
        tab.type("v")
        tab.wait_for_text("Saved.")  # the results, without the server's path
        tab.type("x")
        tab.wait_for_text("Download")
        downloads = downloads_of(context)
        tab.type("Tab", "Tab", "Enter")
        tab.wait_for(lambda: downloads, "the download")
        assert context.pages == [tab.page]  # no tab of its own, left for the next client
        saved = Path(downloads[0].path()).read_bytes()
        download_from = downloads[0].url

    (report,) = sessions(data_dir)
    assert report["status"] == "completed"
    assert report["mode"] == "self"
    assert report["answers"]["age"] == 15
    assert report["recommendation"]["gate"]["decision"] == "not_now"
    assert saved.startswith(b"%PDF") or b"Fixture" in saved
    assert logged(data_dir, "report_downloaded")
    assert not (data_dir / "exports").exists()  # a download, not a file on the server
    # Nothing was fetched from anywhere but the kiosk itself.
    origin = urlsplit(server.url).netloc
    download_url = urlsplit(download_from)
    assert download_url.netloc == origin and download_url.path.startswith("/download/")
    assert {urlsplit(url).netloc for url in requests} == {origin}


def test_closing_the_tab_ends_its_app_and_staff_resume_the_draft_elsewhere(
    browser: Any, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    questions = copy_bank(tmp_path)
    with kiosk(questions, data_dir) as server:
        context = browser.new_context(viewport={"width": 1000, "height": 640})
        tab = KioskTab(context.new_page(), server.url)
        tab.wait_for_text("Start a new intake")
        (app,) = server.app_pids()
        tab.type("n")
        tab.wait_for_text("Fixture welcome note.")
        tab.type("Enter")
        tab.wait_for_text("Fixture age?")
        tab.type("3", "5", "Enter")
        poll_until(lambda: answered(data_dir, "age", 35), "the age saved")

        tab.page.close()
        wait_until_gone({app})
        assert server.app_pids() == set()

        (draft,) = SessionStore(data_dir).listing().drafts
        assert draft.status == "in_progress"  # kept in the data folder, for staff
        again = KioskTab(context.new_page(), server.url)
        again.wait_for_text("Start a new intake")
        # The next client at the tablet is not offered it, nor any other draft.
        assert not again.page.evaluate("window.kioskOutput.includes('Unfinished intakes')")

    # Staff resume it away from the tablet (here in plain mode), on from where it stopped.
    resumed = run_lines(["y"], data_dir, questions=questions)
    assert "Fixture skin type?" in resumed.output
