"""Peak resident memory of this process, in KiB.

`resource.getrusage().ru_maxrss` survives exec, so a child started by a large
parent reports the parent's peak; /proc/self/status VmHWM belongs to the
current address space only.
"""

from __future__ import annotations

import resource
from pathlib import Path


def peak_rss_kib() -> int:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
