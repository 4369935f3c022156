"""English that must not show in the Swedish interface (issue 14, item 9).

:func:`english_leaks` reads the text a person can read on the page (and in its map
iframes) and returns, one entry per line of text, what in it is English: the phrases of
:data:`ENGLISH` (texts that leaked before), and the common words of an English interface
in :data:`ENGLISH_WORDS` as whole words, each with the line it was found in. A journey
asserts ``english_leaks(page) == []`` after each step of a Swedish run.

What is not interface language is left out: Streamlit's icon ligatures (``map``,
``keyboard_arrow_right``: drawn as icons), text in ``code`` (a command to type is a
literal), and the user data or proper names a caller passes as ``allowed``. Text for
screen readers only (clipped to nothing, as "10 options available.") is not visible and
not read either: what a screen reader says is a matter of its own. The fixture's
user data is Swedish (or markup), so a hit elsewhere is the interface's.
"""

from __future__ import annotations

import re
from typing import Any

#: Texts that Streamlit, Leaflet.draw or our own code showed in English in the Swedish UI.
ENGLISH: tuple[str, ...] = (
    "Page not found", "does not seem to exist", "Drag and drop", "Browse files", "Upload",
    "Limit 64MB", "per file", "Finish", "Cancel", "Delete last point", "Draw a polygon",
    "Draw a marker", "Draw a polyline", "Click to start", "lies outside", "unsafe_places",
    "watch_areas", "python -m geo", "Press Enter", "Choose an option", "No results",
    "LineString", "MultiLineString", "MultiPoint", "MultiPolygon", "GeometryCollection",
)

#: Common words of an English interface (matched case-insensitively, as whole words).
#: Words that are Swedish too are left out, so that Swedish text never matches:
#: in, is, all, be, by, data, status, import, export, filter, per, start, plan, area,
#: agenda, legend, under, km, man, hem, bar, for ("han for hem"), and the key Enter.
ENGLISH_WORDS: frozenset[str] = frozenset("""
the and of or to with from on at this that these those it its you your we our they their
there here not no yes any some none only more less than then when where which who what how
why was are been has have will can could should would may must into about after before
over each every please
select selected choose chosen click press type file files folder search show showing
hide loading download downloads upload uploaded browse drag drop limit error errors warning
failed success saved save cancel delete deleted remove edit close open submit sign signed
login logout log out password email user users settings view table map maps year years
found next previous back print help menu clear add new options option results result step
copy copied expand collapse fullscreen running stop rerun deploy skip main content library
interactive zoom ft mi yd items item row rows column columns value values empty invalid
required today date dates time month week day chart record records layer layers details
boundary places place walk walks finding findings activity activities watch pledge pledges
commitment commitments target meeting survey report reports something went wrong unknown
try again later point points yyyy
""".split())

_TEXT_JS = """() => {
  // The text a person can read, one line per text node: visible elements (not icon
  // ligatures, not code), what a visible input shows (its value, else its placeholder),
  // and the tooltips (title) of visible elements.
  const skip = '[data-testid=stIconMaterial], code, pre, script, style, noscript, template';
  // clipped to nothing: text for screen readers only ("10 options available."), not read here
  const clipped = new Map();
  const srOnly = (el) => {
    if (!el || el === document.body) return false;
    if (!clipped.has(el)) {
      const style = getComputedStyle(el);
      clipped.set(el, style.clip === 'rect(0px, 0px, 0px, 0px)' || style.clipPath === 'inset(50%)'
                      || srOnly(el.parentElement));
    }
    return clipped.get(el);
  };
  const seen = (el) => el && el.checkVisibility({visibilityProperty: true}) && !srOnly(el);
  const lines = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!seen(el) || el.closest(skip)) continue;
    const text = node.textContent.trim();
    if (text) lines.push(text);
  }
  document.querySelectorAll('input, textarea').forEach((el) => {
    if (!seen(el) || ['password', 'hidden', 'file', 'checkbox', 'radio'].includes(el.type)) {
      return;
    }
    const shown = (el.value || el.placeholder || '').trim();
    if (shown) lines.push(shown);
  });
  document.querySelectorAll('[title]').forEach((el) => {
    const title = (el.getAttribute('title') || '').trim();
    if (title && seen(el) && el.tagName !== 'IFRAME') lines.push(title);
  });
  return lines;
}"""


def visible_lines(page: Any) -> list[str]:
    """The page's readable text, line by line, with that of its map iframes."""
    lines = _frame_lines(page.main_frame)
    for frame in page.frames:
        if frame is page.main_frame or "streamlit_folium" not in (frame.url or ""):
            continue
        try:
            lines += _frame_lines(frame)
        except Exception as error:  # noqa: BLE001 - only a frame that went away is skipped
            if "detached" not in str(error) and "destroyed" not in str(error):
                raise
    return lines


def _frame_lines(frame: Any) -> list[str]:
    """:data:`_TEXT_JS` in one frame, once it has a body: a frame being replaced (a rerun
    that redraws the map, a navigation) briefly has none."""
    frame.wait_for_function("() => document.body !== null", timeout=30_000)
    return list(frame.evaluate(_TEXT_JS))


def visible_text(page: Any) -> str:
    """The page's readable text (see :func:`visible_lines`), one line per text."""
    return "\n".join(visible_lines(page))


def leaks_in(lines: list[str], allowed: tuple[str, ...] = ()) -> list[str]:
    """The English in ``lines``: one ``'<line>': word, word`` per line that has some.

    ``allowed`` holds user data and proper names: each is taken out of a line before
    the line is read.
    """
    found: dict[str, list[str]] = {}
    for line in lines:
        text = line
        for name in sorted(allowed, key=len, reverse=True):
            text = text.replace(name, " ")
        hits = [phrase for phrase in ENGLISH
                if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)]
        hits += [word for word in re.findall(r"[^\W\d_]+", text)
                 if word.lower() in ENGLISH_WORDS and _whole(word, text)]
        if hits:
            found.setdefault(line, [])
            found[line] += [hit for hit in dict.fromkeys(hits) if hit not in found[line]]
    return [f"{line[:200]!r}: {', '.join(hits)}" for line, hits in found.items()]


def _whole(word: str, text: str) -> bool:
    """``word`` stands alone in ``text``: not part of a code name (``show_on_map``), a file
    name, an address, or a URL scheme (``file:``, ``http://``)."""
    pattern = rf"(?<![\w./@-]){re.escape(word)}(?![\w/@-]|\.\w|:(?:[/,)]|$))"
    return re.search(pattern, text) is not None


def english_leaks(page: Any, allowed: tuple[str, ...] = ()) -> list[str]:
    """English in the page's readable text (see :func:`leaks_in`); ``[]`` when none."""
    return leaks_in(visible_lines(page), allowed)
