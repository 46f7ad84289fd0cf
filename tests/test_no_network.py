"""No network: validate, export, report (PDF and HTML) and the window, in one process.

The audit hook of ``tests/netguard.py`` (installed by ``tests/conftest.py``) sees every
Python-level connect and name lookup; AF_UNIX (the X server, D-Bus) is allowed, being
no network.
"""

from __future__ import annotations

import socket

import pytest

from denocompare import cli
from tests import netguard


def test_the_hook_sees_a_connect_and_a_lookup():
    # The guard itself works, or the test below proves nothing.
    before = len(netguard.NETWORK)
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("127.0.0.1", 9))
    with pytest.raises(ConnectionRefusedError):
        socket.getaddrinfo("example.invalid", 80)
    assert [e for e, _ in netguard.NETWORK[before:]] == ["socket.connect",
                                                         "socket.getaddrinfo"]
    del netguard.NETWORK[before:]  # expected here; any other test that does this fails


def test_every_command_and_the_window_without_network(tmp_path, qtbot, capsys):
    from PySide6.QtCore import QSettings

    from denocompare.resources import bundled_data_dir
    from denocompare.ui.main_window import MainWindow
    from denocompare.ui.settings_store import SettingsStore

    before = len(netguard.NETWORK)
    assert cli.main(["validate"]) == 0
    assert cli.main(["export", "--out", str(tmp_path / "charts"), "--format", "png,svg",
                     "--dpi", "60"]) == 0
    for name in ("r.pdf", "r.html"):
        assert cli.main(["report", "--out", str(tmp_path / name)]) == 0
    settings = SettingsStore(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.open_path(str(bundled_data_dir()))
    qtbot.waitUntil(lambda: window.dataset is not None, timeout=15000)
    for i in range(window.tabs.count()):  # every tab drawn, charts included
        window.tabs.setCurrentIndex(i)
        qtbot.wait(50)
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert netguard.NETWORK[before:] == []
