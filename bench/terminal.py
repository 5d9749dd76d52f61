"""Run a program in a real pseudo-terminal and time what a person sees."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def seconds_to_marker(
    command: list[str],
    marker: bytes,
    size: tuple[int, int] = (120, 40),
    timeout: float = 30,
    extra_env: dict[str, str] | None = None,
) -> float:
    """Wall time from process start until ``marker`` appears in its output."""
    return seconds_to_screens(command, [], marker, size, timeout, extra_env)


def seconds_to_screens(
    command: list[str],
    keys_on: Sequence[tuple[bytes, bytes]],
    marker: bytes,
    size: tuple[int, int] = (120, 40),
    timeout: float = 30,
    extra_env: dict[str, str] | None = None,
) -> float:
    """Wall time from process start until ``marker`` appears, typing as a person would:
    each (shown, keys) of ``keys_on`` types ``keys`` the moment ``shown`` appears (as
    soon as the screen can be read), in order. The marker is looked for only in what
    the program wrote after the last keys."""
    master, slave = pty.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
    env.update(extra_env or {})
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env, start_new_session=True
    )
    os.close(slave)
    waiting_for = [*keys_on, (marker, b"")]
    seen = b""
    try:
        while True:
            shown, keys = waiting_for[0]
            if shown in seen:
                if len(waiting_for) == 1:
                    return time.perf_counter() - started
                os.write(master, keys)
                waiting_for.pop(0)
                seen = b""
                continue
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"{shown!r} never appeared from {' '.join(command)}")
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                seen += os.read(master, 65536)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        os.close(master)
