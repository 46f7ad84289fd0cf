"""The window can be 800 pixels wide, on every tab and with the whole family shown: on a
1,024-px screen with room to spare, or on half of a 1,600-px one beside the document
being checked. A colour key on one unbreakable line once held it 1,226 px wide, then the
class filter, as wide as its longest class, 866 px."""

from __future__ import annotations

SCREEN = 800


def test_no_tab_makes_the_window_wider_than_a_small_screen(window, qtbot):
    window.selection_bar.select_family()
    qtbot.wait(50)
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        qtbot.wait(50)
        width = window.minimumSizeHint().width()
        assert width <= SCREEN, (window.tabs.tabText(i), width)


def test_the_colour_key_wraps_between_whole_chips(window, qtbot):
    panel = window.panels[1]  # Indications: the longest key
    window.tabs.setCurrentIndex(1)
    qtbot.wait(50)
    legend = panel.legend
    one_line = legend.heightForWidth(2000)
    assert legend.minimumSizeHint().width() < 400   # it can wrap
    assert legend.heightForWidth(300) > one_line     # and does, when narrow
    # No chip breaks inside: each label's spaces and hyphens do not break.
    assert "carve\u2011out:&nbsp;reference&nbsp;has&nbsp;it" in legend.text()

