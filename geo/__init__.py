"""Trygghetskartan's library: the domain, the stores, files in and out, the map and the site.

No Streamlit here (``tests/test_geo_imports.py``): the app in ``dashboard.py``, ``app/`` and
``views/`` owns the widgets and the caching.
"""

#: The released version (``pyproject.toml`` reads it; the about panel and the site show it).
__version__ = "1.0.0"
