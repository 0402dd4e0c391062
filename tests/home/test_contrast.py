"""Every shade of the gap map (public and in the admin) keeps text at 4.5:1 or more (WCAG 1.4.3): the shades
are read from the stylesheets themselves, with the text colour each inherits."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = Path(settings.BASE_DIR) / "static" / "css"


def luminance(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def shades(stylesheet, block, default_text):
    css = (CSS / stylesheet).read_text()
    colour = "#[0-9a-fA-F]{3,6}"
    found = re.findall(rf"\.{block}--(\d) \{{ background: ({colour});(?: color: ({colour});)?", css)
    return [(level, background, text or default_text) for level, background, text in found]


@pytest.mark.parametrize(
    ("stylesheet", "block", "default_text"),
    [("site.css", "overview__cell", "#1c2430"), ("admin.css", "coverage__cell", "#1a1a1a")],
)
def test_every_shade_of_the_gap_map_reads_at_4_5_to_1(stylesheet, block, default_text):
    found = shades(stylesheet, block, default_text)
    assert [level for level, _bg, _fg in found] == ["0", "1", "2", "3", "4"]
    for level, background, text in found:
        assert contrast(background, text) >= 4.5, (stylesheet, level, round(contrast(background, text), 2))


def test_the_check_itself_catches_the_old_middle_shade():
    assert round(contrast("#4f7fb3", "#ffffff"), 2) == 4.18
