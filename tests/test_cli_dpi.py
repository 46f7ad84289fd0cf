"""``export --dpi`` outside the sensible range: a usage message and exit 2, no traceback
(issue 19: 0, -5 and 100000 crashed in the renderer)."""

from __future__ import annotations

import pytest

from denocompare.cli import DPI_RANGE, main


@pytest.mark.parametrize("dpi", ["0", "-5", "49", "1201", "100000", "abc", "3.5"])
def test_a_dpi_outside_the_range_is_a_usage_error(dpi, tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["export", "--out", str(tmp_path / "charts"), "--dpi", dpi])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --dpi" in err and "Traceback" not in err
    if dpi.lstrip("-").isdigit():
        assert f"{dpi} is outside 50 to 1200" in err
    assert not (tmp_path / "charts").exists()


def test_the_range_ends_are_accepted(tmp_path, capsys):
    assert DPI_RANGE == (50, 1200)
    assert main(["export", "--out", str(tmp_path / "low"), "--dpi", "50"]) == 0
    written = capsys.readouterr().out.split()
    assert written and all(p.endswith(".png") for p in written)
