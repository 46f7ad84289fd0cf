"""No network in the tests: an audit hook, installed once for the whole session.

Imported by ``tests/conftest.py``; kept in its own module so that the hook and its
record exist once, however often conftest is imported (as ``conftest`` by pytest,
as ``tests.conftest`` by tests that import its helpers).
"""

from __future__ import annotations

import socket
import sys

#: Network attempts seen by the audit hook: (event, details), in order.
NETWORK: list[tuple[str, str]] = []


def _no_network(event: str, args: tuple) -> None:
    """Audit hook: any network connect or name lookup fails, and is recorded.

    The product promises no network at all. AF_UNIX sockets are not network (the X
    server, D-Bus, fontconfig), so only those may connect. Raising stops the
    attempt; the record fails the test even when the code swallowed the error.
    Seen are Python's own socket calls only: a connect made inside C++ (Qt's
    print plugin) does not pass through them.
    """
    if event == "socket.connect":
        sock, address = args
        if getattr(sock, "family", None) == getattr(socket, "AF_UNIX", None):
            return
    elif event != "socket.getaddrinfo":
        return
    NETWORK.append((event, repr(args[1:] if event == "socket.connect" else args[:2])))
    raise ConnectionRefusedError(f"no network in DenoCompare's tests: {event} {args!r}")


sys.addaudithook(_no_network)  # once: a module is imported once
