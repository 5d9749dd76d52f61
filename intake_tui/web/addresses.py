"""Where the kiosk listens and by which names it may be reached.

Kept free of the web server's imports: `intake serve` words its notices with these
before it starts anything. Addresses of this machine come from the system's own
tables (Linux /proc) and its host name; nothing is sent anywhere to find them.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
UNSPECIFIED = frozenset({"0.0.0.0", "::", ""})
IPV4_TABLE = Path("/proc/net/fib_trie")
IPV6_TABLE = Path("/proc/net/if_inet6")


def bare(host: str) -> str:
    """``host`` without IPv6 brackets, in lower case."""
    return host.strip().strip("[]").lower()


def is_unspecified(host: str) -> bool:
    return bare(host) in UNSPECIFIED


def resolved(host: str) -> set[str]:
    """The addresses ``host`` names (itself if it is one); empty if it resolves to none."""
    try:
        infos = socket.getaddrinfo(bare(host), None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return set()
    return {str(info[4][0]).split("%", 1)[0] for info in infos}


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address, or a name resolved here) reaches this machine alone."""
    addresses = resolved(host) or {bare(host)}
    return all(_loopback_address(address) for address in addresses)


def _loopback_address(address: str) -> bool:
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def machine_addresses() -> list[str]:
    """This machine's own addresses, loopback ones last; what it can determine."""
    found = set(_ipv4_local()) | set(_ipv6_local())
    found |= resolved(socket.gethostname())
    found.discard("")
    usable = [a for a in found if not ipaddress.ip_address(a).is_link_local]
    return sorted(usable, key=lambda a: (_loopback_address(a), ":" in a, a))


def _ipv4_local() -> Iterable[str]:
    """The local (/32 host LOCAL) addresses of Linux's routing table, if readable."""
    try:
        lines = IPV4_TABLE.read_text(encoding="ascii").splitlines()
    except OSError:
        return []
    return [
        previous.split("--", 1)[-1].strip()
        for previous, line in pairwise(lines)
        if line.strip() == "/32 host LOCAL"
    ]


def _ipv6_local() -> Iterable[str]:
    try:
        rows = IPV6_TABLE.read_text(encoding="ascii").splitlines()
    except OSError:
        return []
    return [str(ipaddress.IPv6Address(int(row.split()[0], 16))) for row in rows if row.split()]


def allowed_host_names(host: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The names a request may address (its Host header): the loopback ones, the
    address listened on and what it resolves to, all of this machine's addresses and
    names when that address is unspecified, and any name allowed explicitly. Never
    "any": a name rebound to this machine's address is refused."""
    names = set(LOOPBACK_HOSTS) | {bare(name) for name in extra if bare(name)}
    if is_unspecified(host):
        names |= set(machine_addresses())
        names |= {bare(socket.gethostname()), bare(socket.getfqdn())}
    else:
        names |= {bare(host)} | resolved(host)
    names.discard("")
    return frozenset(names)


def page_url(host: str, port: int) -> str:
    shown = f"[{bare(host)}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def shown_urls(host: str, port: int) -> list[str]:
    """The addresses to open the kiosk at: for an unspecified one, the machine's own."""
    if not is_unspecified(host):
        return [page_url(host, port)]
    addresses = machine_addresses() or ["127.0.0.1"]
    if bare(host) == "0.0.0.0":
        addresses = [a for a in addresses if ":" not in a] or ["127.0.0.1"]
    return [page_url(address, port) for address in addresses]


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host`` (IPv4 or IPv6, an address or a name); port 0
    takes a free one, known before serving. ``::`` also takes IPv4 where it can."""
    address = bare(host)
    if address == "::":
        dual = socket.has_dualstack_ipv6()
        return socket.create_server(("::", port), family=socket.AF_INET6, dualstack_ipv6=dual)
    infos = socket.getaddrinfo(address, port, type=socket.SOCK_STREAM)
    family, _, _, _, sockaddr = infos[0]
    return socket.create_server(sockaddr[:2], family=family)
