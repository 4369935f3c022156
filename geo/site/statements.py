"""The accessibility statement and the privacy notice: one text each, for the app and the site.

The DOS law (lag 2018:1937) asks every public body's digital service for an accessibility
statement in the form DIGG's model gives (who, how compliant, what is not accessible and
why, how to report, DIGG's address, how it was tested, dates); GDPR article 13 asks for a
privacy notice. Each is one template (``templates/statement_*.html.j2``) of catalog texts:
the app's page shows :func:`render`'s HTML, the published site includes the same template
in its page frame (:func:`site_context`), so the two can never say different things.
The operator's facts (organisation, contacts, dates, log retention) come from
:func:`geo.config.public_body`; every value is escaped by the templates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

import geo
from geo import config, formats, i18n
from geo.map import sources

#: The statements, by the name of their page (``accessibility.html``, ``privacy.html``).
PAGES = ("accessibility", "privacy")
_ENV = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                   autoescape=select_autoescape(["html", "j2"]))


def context(lang: str, scope: str, basemap_url: str, organisation: str = "") -> dict[str, Any]:
    """What the statement templates read; ``scope`` is ``"app"`` or ``"site"``.

    ``organisation`` is the fallback when no TRYGGHETSKARTAN_ORGANISATION is set (the
    site's municipality); without either, a general phrase from the catalog.
    """
    t = i18n.catalog(lang)
    body = config.public_body()
    host = basemap_url.split("://", 1)[-1].split("/", 1)[0] if basemap_url else ""
    return {"t": t, "body": body, "scope": scope, "version": geo.__version__,
            "organisation": body.organisation or organisation or t["public.organisation_default"],
            "assessed": formats.long_date(body.assessed, lang),
            "reviewed": formats.long_date(body.reviewed, lang),
            "basemap_host": host, "credits": sources.credits(
                "site" if scope == "site" else "map", lang, basemap_url)}


def render(page: str, lang: str, values: dict[str, Any] | None = None) -> str:
    """The statement ``page`` as HTML.

    The app's (its basemap from the configuration) unless ``values`` (a :func:`context`)
    says otherwise.
    """
    if page not in PAGES:
        raise KeyError(page)
    return _ENV.get_template(f"statement_{page}.html.j2").render(
        **(values or context(lang, "app", config.basemap()[0])))


def site_context(lang: str, kommun: str, basemap_url: str) -> dict[str, Any]:
    """The site pages' additions: the statements' facts, the version and the source credits."""
    return context(lang, "site", basemap_url, formats.municipality(kommun, lang))
