"""Make user-entered text inert before it reaches HTML or map JavaScript.

folium puts tooltip and popup values into the page as HTML, some inside
JavaScript template literals where ``${...}`` runs, and branca renders map scripts
as Jinja templates where ``{% ... %}`` is read; so besides the HTML characters,
``$``, the backtick, the backslash and the braces become entities too.
"""

from __future__ import annotations

import html

_JS_ENTITIES = str.maketrans({"$": "&#36;", "`": "&#96;", "\\": "&#92;",
                              "{": "&#123;", "}": "&#125;"})


def inert(value: object) -> str:
    """Return ``value`` as text that HTML and JS template literals show but never run."""
    text = "" if value is None else str(value)
    return html.escape(text, quote=True).translate(_JS_ENTITIES)
