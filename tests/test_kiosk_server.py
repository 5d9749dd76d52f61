"""`intake serve` without a browser: where it listens and what that exposes, a page that
asks nothing of the internet, requests from other sites refused, and each tab's app
process always ended."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("textual_serve", reason="the web extra (textual-serve) is not installed")

import aiohttp
from textual_serve.download_manager import DownloadManager

from intake_tui.cli.main import main
from intake_tui.cli.serve import data_folder_problem, exposure_notice, kiosk_command
from intake_tui.web import addresses, processes
from intake_tui.web.addresses import allowed_host_names, shown_urls
from intake_tui.web.processes import KioskAppService
from intake_tui.web.server import CONTENT_SECURITY_POLICY, host_name, same_origin
from tests.kiosk_browser_support import KioskServer, kiosk, wait_until_gone
from tests.support import FIXTURE_BANK, copy_bundled_bank
from tests.waiting import poll_until

URL_IN_PAGE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']*)["']|url\(\s*["']?([^"')]*)""")


def fetch(url: str, host: str | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, dict(response.headers), response.read().decode("latin-1")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), ""


@pytest.fixture
def server(tmp_path: Path) -> KioskServer:
    with kiosk(FIXTURE_BANK, tmp_path / "data") as running:
        yield running  # type: ignore[misc]


# --- the page ------------------------------------------------------------------------------


def test_every_url_in_the_page_is_the_kiosks_own(server: KioskServer) -> None:
    status, headers, page = fetch(server.url)
    assert status == 200
    urls = [a or b for a, b in URL_IN_PAGE.findall(page)]
    assert len(urls) >= 4  # the styles, the script, the two fonts
    for url in urls:
        assert not re.match(r"^[a-z]+:|^//", url, re.IGNORECASE), url  # relative only
    assert not re.findall(r"[a-z][a-z0-9+.-]*://", page, re.IGNORECASE)  # nowhere, not even in JS
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY
    for url in urls:  # and each is served here
        assert fetch(server.url + url)[0] == 200, url


def test_the_page_speaks_the_language_asked_for(tmp_path: Path) -> None:
    with kiosk(copy_bundled_bank(tmp_path), tmp_path / "data", "--lang", "es") as spanish:
        status, _, page = fetch(spanish.url)
    assert status == 200
    assert '<html lang="es">' in page and "Empezar de nuevo" in page
    assert "Session ended" not in page and "Start again" not in page


def test_no_folder_listing_and_errors_carry_the_same_security_headers(
    server: KioskServer,
) -> None:
    for folder in ("static/", "static/js/"):
        assert fetch(server.url + folder)[0] in (403, 404), folder
    port = server.url.rsplit(":", 1)[1].rstrip("/")
    for status, headers, _ in (
        fetch(server.url + "nothing-here"),
        fetch(server.url, host=f"evil.example:{port}"),
    ):
        assert status in (404, 421)
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_a_request_for_another_host_name_is_refused(server: KioskServer) -> None:
    """A site whose name was rebound to 127.0.0.1 would be same-origin with the kiosk."""
    port = server.url.rsplit(":", 1)[1].rstrip("/")
    assert fetch(server.url, host=f"evil.example:{port}")[0] == 421
    assert fetch(server.url, host=f"localhost:{port}")[0] == 200


def test_a_websocket_from_another_sites_page_is_refused(server: KioskServer) -> None:
    async def connect(origin: str) -> int:
        async with aiohttp.ClientSession() as session:
            try:
                socket = await session.ws_connect(server.url + "ws", origin=origin)
            except aiohttp.WSServerHandshakeError as error:
                return error.status
            await socket.close()
            return 101

    assert asyncio.run(connect("http://evil.example")) == 403
    assert server.app_pids() == set()  # no app was started for it
    assert asyncio.run(connect(server.url.rstrip("/"))) == 101


def test_a_websocket_without_an_origin_is_refused(server: KioskServer) -> None:
    async def connect() -> int:
        async with aiohttp.ClientSession() as session:
            try:
                socket = await session.ws_connect(server.url + "ws")  # sends no Origin
            except aiohttp.WSServerHandshakeError as error:
                return error.status
            await socket.close()
            return 101

    assert asyncio.run(connect()) == 403
    assert server.app_pids() == set()


def test_tabs_past_the_limit_are_turned_away_with_a_short_page(tmp_path: Path) -> None:
    async def second_tab_while_one_is_open(url: str) -> tuple[int, int, str]:
        async with aiohttp.ClientSession() as session:
            first = await session.ws_connect(url + "ws", origin=url.rstrip("/"))
            await first.receive()  # its app is running
            try:
                await session.ws_connect(url + "ws", origin=url.rstrip("/"))
                refused = 101
            except aiohttp.WSServerHandshakeError as error:
                refused = error.status
            async with session.get(url) as page:
                text = await page.text()
                status = page.status
            await first.close()
        return refused, status, text

    with kiosk(FIXTURE_BANK, tmp_path / "data", "--max-tabs", "1") as server:
        refused, status, page = asyncio.run(second_tab_while_one_is_open(server.url))
        assert (refused, status) == (503, 503)
        assert "places are in use" in page
        poll_until(lambda: fetch(server.url)[0] == 200, "a place free again")


def test_the_origin_and_host_rules() -> None:
    assert not same_origin(None, "127.0.0.1:8000")  # no browser page: no app
    assert same_origin("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert not same_origin("http://127.0.0.1:8001", "127.0.0.1:8000")
    assert not same_origin("null", "127.0.0.1:8000")
    assert host_name("[::1]:8000") == "::1" and host_name("LocalHost:80") == "localhost"
    assert allowed_host_names("127.0.0.1") == {"127.0.0.1", "localhost", "::1"}
    assert "10.0.0.5" in allowed_host_names("10.0.0.5")


def test_every_address_still_answers_only_this_machines_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """0.0.0.0 used to turn the Host check off: a name rebound to this machine passed."""
    monkeypatch.setattr(addresses, "machine_addresses", lambda: ["192.0.2.2", "127.0.0.1"])
    for everywhere in ("0.0.0.0", "::", "[::]"):
        names = allowed_host_names(everywhere, ["Kiosk.Clinic.LAN"])
        assert {"192.0.2.2", "127.0.0.1", "localhost", "kiosk.clinic.lan"} <= names
        assert socket.gethostname().lower() in names
        assert "evil.example" not in names and "" not in names


def test_every_address_is_shown_as_the_machines_own(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(addresses, "machine_addresses", lambda: ["192.0.2.2", "127.0.0.1"])
    assert shown_urls("0.0.0.0", 8000) == ["http://192.0.2.2:8000/", "http://127.0.0.1:8000/"]
    notice = exposure_notice("0.0.0.0", 8000, tmp_path)
    assert "http://192.0.2.2:8000/" in notice and "http://0.0.0.0" not in notice


def test_a_name_for_this_machine_alone_exposes_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    table = {"kiosk.test": "127.0.0.1", "front.test": "192.0.2.2"}

    def getaddrinfo(host: str, *_: object, **__: object) -> list[tuple[object, ...]]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "unknown")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (table[host], 0))]

    monkeypatch.setattr(addresses.socket, "getaddrinfo", getaddrinfo)
    assert exposure_notice("kiosk.test", 8000, tmp_path) == ""
    assert "listening on front.test" in exposure_notice("front.test", 8000, tmp_path)


def test_it_listens_on_ipv6(tmp_path: Path) -> None:
    with kiosk(FIXTURE_BANK, tmp_path / "data", "--public-address", "::1") as server:
        assert server.url.startswith("http://[::1]:")
        assert fetch(server.url)[0] == 200


# --- where it listens ----------------------------------------------------------------------


def test_loopback_by_default_with_the_chosen_port_printed(server: KioskServer) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", server.url)
    assert not server.url.endswith(":0/")
    assert "listening on" not in server.stop()  # no exposure notice on loopback


@pytest.mark.parametrize("host", ["192.168.1.20", "kiosk.clinic.lan", "0.0.0.0"])
def test_any_other_address_says_what_it_exposes(host: str, tmp_path: Path) -> None:
    notice = exposure_notice(host, 8000, tmp_path)
    assert "listening on" in notice and host in notice
    assert "no password" in notice and "plain HTTP" in notice and str(tmp_path) in notice
    assert "not listed or opened on the tablet" in notice and "initials" not in notice


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_addresses_expose_nothing(host: str, tmp_path: Path) -> None:
    assert exposure_notice(host, 8000, tmp_path) == ""


def test_a_port_out_of_range_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["serve", "--port", "70000", "--questions", str(FIXTURE_BANK), "--data-dir", str(tmp_path)]
    )
    assert code == 2
    assert capsys.readouterr().err == "intake: --port 70000: a port is 0 to 65535\n"


def test_a_data_folder_it_cannot_write_in_stops_it_before_it_listens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    in_the_way = tmp_path / "a file"
    in_the_way.write_text("not a folder", encoding="utf-8")
    data_dir = in_the_way / "data"
    code = main(
        ["serve", "--port", "0", "--questions", str(FIXTURE_BANK), "--data-dir", str(data_dir)]
    )
    out, err = capsys.readouterr()
    assert code == 1 and "Kiosk ready" not in out
    assert err.startswith(f"intake: cannot serve: {data_dir}: cannot create the folder")
    assert err.count("\n") == 1


def test_a_read_only_data_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root, permissions do not stop a write: the refusal is simulated."""

    def refused(**_: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    problem = data_folder_problem(tmp_path)
    assert problem == f"{tmp_path}: cannot write there (Permission denied)"


def test_without_the_web_extra_serve_says_how_to_install_it(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "sys.modules['textual_serve'] = None  # as if the extra were not installed\n"
        "from intake_tui.cli.main import main\n"
        f"sys.exit(main(['serve', '--data-dir', {str(tmp_path)!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == "intake: serve needs the web extra: pip install 'intake-tui[web]'\n"


def test_each_tabs_app_is_started_without_a_shell(tmp_path: Path) -> None:
    folder = tmp_path / "a folder; rm -rf ~"
    argv = kiosk_command(folder, folder, 300.0, "es")
    assert argv[:3] == [sys.executable, "-m", "intake_tui.web"]
    assert argv[argv.index("--lang") + 1] == "es"  # each tab speaks the kiosk's language
    assert str(folder.resolve()) in argv  # one argument, never parsed by a shell


# --- every tab's app ends ------------------------------------------------------------------

# A stand-in app: says it is ready as a Textual app does, then quits when asked, or not.
QUITS = (
    "import sys\nprint('__GANGLION__', flush=True)\nseen = b''\n"
    "while b'quit' not in seen:\n    seen += sys.stdin.buffer.read1(100)\n"
)
STUCK = (
    "import signal, threading\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "print('__GANGLION__', flush=True)\nthreading.Event().wait()\n"
)


async def run_and_stop(script: str) -> int | None:
    async def ignore(_: object = None) -> None:
        return None

    service = KioskAppService(
        [sys.executable, "-c", script],
        write_bytes=ignore,
        write_str=ignore,
        close=ignore,
        download_manager=DownloadManager(),
    )
    await service.start(80, 24)
    await service.stop()
    assert service._process is not None
    return service._process.returncode


def test_an_app_that_quits_when_asked_is_left_to_quit() -> None:
    assert asyncio.run(run_and_stop(QUITS)) == 0


def test_an_app_that_does_not_quit_is_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    """textual-serve waits without a limit; a stuck app would outlive its tab."""
    monkeypatch.setattr(processes, "QUIT_GRACE_SECONDS", 0.2)
    monkeypatch.setattr(processes, "TERMINATE_GRACE_SECONDS", 0.2)
    assert asyncio.run(run_and_stop(STUCK)) == -signal.SIGKILL


async def with_a_tab(server: KioskServer, then: str) -> set[int]:
    """Open a tab's websocket, wait for its app, then close the tab or kill the server;
    the app's process id."""
    async with aiohttp.ClientSession() as session:
        socket = await session.ws_connect(server.url + "ws", origin=server.url.rstrip("/"))
        await socket.receive()  # the app's first bytes: it is running
        apps = server.app_pids()
        if then == "kill the server":
            server.process.kill()
        await socket.close()
    return apps


def test_closing_a_tab_ends_its_app(server: KioskServer) -> None:
    apps = asyncio.run(with_a_tab(server, "close it"))
    assert len(apps) == 1
    wait_until_gone(apps)


def test_an_app_ends_by_itself_when_its_server_was_killed(server: KioskServer) -> None:
    """Killed, the server cannot ask its apps to quit: each notices it has gone."""
    apps = asyncio.run(with_a_tab(server, "kill the server"))
    assert len(apps) == 1
    wait_until_gone(apps)
