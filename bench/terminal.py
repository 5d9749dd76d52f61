"""Run a program in a real pseudo-terminal and time its first paint."""

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
    seen = b""
    try:
        while marker not in seen:
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"{marker!r} never appeared from {command}")
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                seen += os.read(master, 65536)
        return time.perf_counter() - started
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        os.close(master)
