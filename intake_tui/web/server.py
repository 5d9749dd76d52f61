"""The kiosk's web server: textual-serve's, bound where it is told, serving a page
that asks nothing of the internet and an app process per tab that always ends.

textual-serve has no authentication: whoever reaches the port gets the app. So it
binds the loopback address unless told otherwise, and its websocket refuses pages
from another origin (a web page open in the same browser, or a name rebound to
this machine, must not be able to drive the app and read its screen).
"""

from __future__ import annotations

import asyncio
import html
import logging
import signal
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import web
from aiohttp.web_runner import GracefulExit
from textual_serve.server import Server, to_int

from intake_tui.web import DEFAULT_MAX_TABS
from intake_tui.web.addresses import LOOPBACK_HOSTS, shown_urls
from intake_tui.web.processes import KioskAppService
from intake_tui.web.words import page_language, page_words

TEMPLATES = Path(__file__).with_name("templates")
# textual-serve's own scripts, styles and the font its page names, served from here.
STATICS = Path(textual_serve.__file__).with_name("static")
# The browser enforces it too: nothing is fetched, and no socket opened, but from here.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
    "form-action 'none'; base-uri 'none'"
)

log = logging.getLogger("intake.serve")


class KioskServer(Server):
    """Serves ``app_argv`` (the kiosk app's command) one process per websocket."""

    def __init__(
        self,
        app_argv: Sequence[str],
        sock: socket.socket,
        title: str,
        host_names: frozenset[str] | None = None,
        language: str = "en",
        max_tabs: int = DEFAULT_MAX_TABS,
    ) -> None:
        host, port = sock.getsockname()[:2]
        super().__init__(
            " ".join(app_argv),
            host=host,
            port=port,
            title=title,
            statics_path=STATICS,
            templates_path=TEMPLATES,
        )
        self.app_argv = list(app_argv)
        self.sock = sock
        self.urls = shown_urls(host, port)
        self.services: set[KioskAppService] = set()
        # The names the page may be reached by (see addresses.allowed_host_names).
        self.host_names = LOOPBACK_HOSTS if host_names is None else host_names
        self.language = language
        self.max_tabs = max_tabs

    def initialize_logging(self) -> None:
        """Plain one-line warnings: textual-serve's log shows tracebacks with their
        local variables, which could hold what a client typed."""
        logging.basicConfig(level=logging.WARNING, format="intake serve: %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        first, *others = self.urls
        lines = [f"Kiosk ready: {first}  (Ctrl+C stops it)", *(f"  also at: {u}" for u in others)]
        print("\n".join(lines), flush=True)

    async def _make_app(self) -> web.Application:
        """textual-serve's routes, but no listing of the static folder's files."""
        app = web.Application(middlewares=[self._known_host_only])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        app.on_response_prepare.append(_secure_headers)  # error responses too
        return app

    @web.middleware
    async def _known_host_only(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Refuse a request addressed to another name: a site whose name was rebound to
        this machine's address would otherwise be "same origin" with the kiosk."""
        if host_name(request.host) not in self.host_names:
            log.warning("a request for another host name was refused")
            raise web.HTTPMisdirectedRequest(
                text="Open the kiosk by its own address (or allow this name: --allow-host)."
            )
        response: web.StreamResponse = await handler(request)
        return response

    @property
    def full(self) -> bool:
        return len(self.services) >= self.max_tabs

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page, or a short one saying the kiosk is full."""
        if self.full:
            return _full_page(self.language)
        return await self._app_page(request)

    @aiohttp_jinja2.template("app_index.html")
    async def _app_page(self, request: web.Request) -> dict[str, Any]:
        """The page, with only relative URLs (its own script finds the websocket)."""
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "static_url": "static/",
            "application": {"name": self.title},
            "language": page_language(self.language),
            "words": page_words(self.language),
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One app process for this tab, ended when the tab closes (see processes.py)."""
        if not same_origin(request.headers.get("Origin"), request.host):
            log.warning("a websocket from another origin was refused")
            raise web.HTTPForbidden(text="Open the kiosk's own page.")
        if self.full:  # checked again here: two pages may have loaded at once
            log.warning("a tab was turned away: %d already open", len(self.services))
            raise web.HTTPServiceUnavailable(text=page_words(self.language)["full"])
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await websocket.prepare(request)

        async def close() -> None:
            await websocket.close()

        service = KioskAppService(
            self.app_argv,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
        )
        self.services.add(service)
        try:
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one line: the tab's app is ended below all the same
            log.warning("a tab's connection failed (%s)", type(error).__name__)
        finally:
            await service.stop()
            self.services.discard(service)
        return websocket

    def serve(self, debug: bool = False) -> None:
        """Serve until Ctrl+C or SIGTERM; every tab's app is ended on the way out."""
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(stop_signal, self.request_exit)
        app = loop.run_until_complete(self._make_app())
        app.on_shutdown.append(self._stop_every_app)
        web.run_app(app, sock=self.sock, handle_signals=False, loop=loop, print=None)

    async def _stop_every_app(self, app: web.Application) -> None:
        await asyncio.gather(*(service.stop() for service in list(self.services)))

    def request_exit(self) -> None:
        raise GracefulExit()


async def _secure_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"


def _full_page(language: str) -> web.Response:
    words = page_words(language)
    body = (
        f'<!DOCTYPE html><html lang="{page_language(language)}"><head><meta charset="utf-8">'
        f"<title>{html.escape(words['again'])}</title></head><body><p>{html.escape(words['full'])}"
        f'</p><p><a href="">{html.escape(words["again"])}</a></p></body></html>'
    )
    return web.Response(status=503, text=body, content_type="text/html")


def same_origin(origin: str | None, host: str) -> bool:
    """Whether a websocket's Origin is the page this server sent. Browsers always send
    one: a request without it is not the kiosk's page, so it gets no app."""
    if origin is None:
        return False
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()


def host_name(host_header: str) -> str:
    """The name in a Host header, without its port or IPv6 brackets, in lower case."""
    return (urlsplit(f"//{host_header}").hostname or "").lower()


def run(
    app_argv: Sequence[str],
    sock: socket.socket,
    title: str,
    host_names: frozenset[str] | None,
    language: str,
    max_tabs: int,
) -> int:
    KioskServer(app_argv, sock, title, host_names, language, max_tabs).serve()
    sys.stdout.flush()
    return 0
