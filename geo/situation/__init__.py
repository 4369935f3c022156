"""The lägesbild's kartläggning (law 2023:196 §4) as typed figures, from the store.

:func:`build` gives a :class:`Kartlaggning`: unsafe places by category, area and year
with the trend against the previous period; walk findings opened, done, late and
forwarded, by responsible party; activities by kind; watch-area coverage; recurring
places; survey results by area; imported reported crimes when there are any. Every
figure states its source, years and geographic level, and links to the map filtered to
exactly the records it counts (:class:`Link`). No Streamlit here: a page and the
renderers read the result.
"""

from geo.situation.build import build, for_police_area
from geo.situation.model import Figure, Kartlaggning, Link, RecurringPlace, Trend

__all__ = ["Figure", "Kartlaggning", "Link", "RecurringPlace", "Trend", "build",
           "for_police_area"]
