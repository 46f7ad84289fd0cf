"""Shared fixtures (helpers: tests/helpers.py). Qt runs offscreen: with no display,
pytest would abort (exit 134)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

from denocompare.io.validate import load_dataset  # noqa: E402
from tests.helpers import DATA, MINI  # noqa: E402,F401
from tests.netguard import NETWORK  # noqa: E402 - installs the no-network audit hook


@pytest.fixture(autouse=True)
def no_network():
    """Fails the test that tried to reach the network (``tests/netguard.py``)."""
    seen = len(NETWORK)
    yield
    if len(NETWORK) > seen:
        pytest.fail(f"the test tried to reach the network: {NETWORK[seen:]}")


@pytest.fixture(scope="session")
def bundled():
    """The bundled dataset, loaded once (Datasets are never modified)."""
    return load_dataset(DATA)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the bundled CSV folder, to break on purpose."""
    dest = tmp_path / "dataset"
    shutil.copytree(DATA, dest)
    return dest



@pytest.fixture(scope="session")
def mini():
    """The small cited fixture dataset (tests/fixtures/mini), loaded once."""
    return load_dataset(MINI)
