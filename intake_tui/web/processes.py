"""One kiosk app process per browser tab, started without a shell and always ended.

textual-serve's AppService runs its command through a shell and, when the tab
closes, asks the app to quit and then waits for it without a limit: an app that
does not quit (busy, or stuck) would be left running with nobody to see it. Here
the app is started directly (no shell to quote paths for, no shell left between
the server and the app), and stopping waits a bounded time before terminating,
then killing it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

# How long an app may take to quit after it was asked (it saves nothing then: each
# answer is saved as it is given), then after SIGTERM, before it is killed.
QUIT_GRACE_SECONDS = 5.0
TERMINATE_GRACE_SECONDS = 3.0


class KioskAppService(AppService):
    """The app process behind one browser tab."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[None]],
        download_manager: DownloadManager,
    ) -> None:
        super().__init__(
            " ".join(argv),  # only for textual-serve's log lines; never run by a shell
            write_bytes=write_bytes,
            write_str=write_str,
            close=close,
            download_manager=download_manager,
        )
        self.argv = list(argv)

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Ask the app to quit; terminate it, then kill it, if it does not in time."""
        if self._task is None:
            return
        task, self._task = self._task, None
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        await self.send_meta({"type": "quit"})
        await self._end_process()
        await task  # its reader ends once the process's output closes

    async def _end_process(self) -> None:
        process = self._process
        if process is None:
            return
        if await _exited_within(process, QUIT_GRACE_SECONDS):
            return
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        if await _exited_within(process, TERMINATE_GRACE_SECONDS):
            return
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


async def _exited_within(process: asyncio.subprocess.Process, seconds: float) -> bool:
    try:
        await asyncio.wait_for(process.wait(), seconds)
    except TimeoutError:
        return False
    return True
