"""Run Python code in a fresh interpreter and read what it prints: on a pseudo-terminal
(as a person starting the app; a pipe now starts plain mode) or over a pipe."""

from __future__ import annotations

import os
import subprocess
import sys


def fresh_python(code: str, *, on_a_terminal: bool) -> str:
    """The standard output of ``code`` run by a new interpreter."""
    env = {k: v for k, v in os.environ.items() if k != "ACCESSIBLE"} | {"TERM": "xterm"}
    command = [sys.executable, "-c", code]
    if not on_a_terminal:
        return subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    import pty

    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            command, stdin=follower, capture_output=True, text=True, check=True, env=env
        )
    finally:
        os.close(follower)
        os.close(leader)
    return result.stdout
