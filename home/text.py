"""Single-line text: names, titles, subjects and organisations never carry a line break or a control
character, so a value typed in any door cannot add a mail header, a paragraph to someone's mail or a
spreadsheet row. Every form field, page title and mail header that holds one line goes through here."""

import re
import unicodedata

from django import forms

# CR, LF, TAB and the other line and paragraph separators become a space; other control characters go.
_FOLD = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")
# Bidirectional overrides and isolates can make a name read differently from what it holds.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def single_line(value):
    """The value on one line: separators folded to one space, control characters and bidirectional
    overrides dropped, runs of spaces made one, the ends trimmed."""
    if value is None:
        return value
    text = _FOLD.sub(" ", str(value))
    text = "".join(char for char in text if unicodedata.category(char) != "Cc" and char not in _BIDI)
    return re.sub(r" {2,}", " ", text).strip()


class SingleLineField(forms.CharField):
    """A CharField whose value is cleaned to one line before it is validated."""

    def to_python(self, value):
        return single_line(super().to_python(value))
