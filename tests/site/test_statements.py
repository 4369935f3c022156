"""The accessibility statement and the privacy notice: one text, in the app and on the site."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

import geo
from geo import config
from geo.site import publish, statements
from geo.store import GeoPackageStore
from tests import fixture_data

PAGES = ("index.html", "about.html", "accessibility.html", "privacy.html",
         "pledges/tomelilla-2020.html")
SETTINGS = {config.ORGANISATION_ENV: "Tomelilla <kommun>",
            config.CONTACT_EMAIL_ENV: "tillganglighet@tomelilla.se",
            config.CONTACT_PHONE_ENV: "0417-180 00",
            config.DPO_EMAIL_ENV: "dataskyddsombud@tomelilla.se",
            config.STATEMENT_ASSESSED_ENV: "2026-11-30",
            config.LOG_RETENTION_ENV: "18"}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> GeoPackageStore:
    return fixture_data.build(tmp_path_factory.mktemp("statements") / "fixture.gpkg")


def publish_site(store: GeoPackageStore, out: Path, basemap: str = "") -> Path:
    publish.publish(store, "1270", out, lang="sv", basemap=basemap, today=date(2024, 5, 1))
    return out


def main_text(page: str) -> str:
    """A page's statement, tags and spacing aside: to compare the app's and the site's."""
    body = page.split('<main id="main">', 1)[-1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_statement_has_what_diggs_model_asks_for(lang, monkeypatch):
    for name, value in SETTINGS.items():
        monkeypatch.setenv(name, value)
    page = statements.render("accessibility", lang)
    assert "Tomelilla &lt;kommun&gt;" in page and "<kommun>" not in page  # escaped
    assert 'href="mailto:tillganglighet@tomelilla.se"' in page and "0417-180 00" in page
    assert 'href="https://www.digg.se/tdosanmalan"' in page
    assert ("delvis förenlig" if lang == "sv" else "partially compliant") in page
    assert "axe-core" in page and "WCAG 2.1" in page
    assert ("30 november 2026" if lang == "sv" else "30 November 2026") in page  # assessed
    assert ("6 december 2026" if lang == "sv" else "6 December 2026") in page  # reviewed
    assert geo.__version__ in page


def test_the_privacy_notice_names_retention_rights_and_imy(monkeypatch):
    for name, value in SETTINGS.items():
        monkeypatch.setenv(name, value)
    page = statements.render("privacy", "sv")
    assert "18 månader" in page and "2023:196" in page and "6.1 e" in page
    assert 'href="mailto:dataskyddsombud@tomelilla.se"' in page and "imy.se" in page
    assert "bekymringssamtal" in page and "kontaktperson" in page


def test_without_settings_the_pages_name_no_made_up_contact(monkeypatch):
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    page = statements.render("accessibility", "sv")
    assert "mailto:" not in page and "växel eller registratur" in page
    monkeypatch.setenv(config.STATEMENT_REVIEWED_ENV, "6/12 2026")
    with pytest.raises(config.ConfigError, match=config.STATEMENT_REVIEWED_ENV):
        statements.render("accessibility", "sv")


def test_the_site_shows_the_apps_text_and_every_page_links_it(store, tmp_path, monkeypatch):
    for name, value in SETTINGS.items():
        monkeypatch.setenv(name, value)
    site = publish_site(store, tmp_path / "site")
    for page in statements.PAGES:
        shown = main_text((site / f"{page}.html").read_text(encoding="utf-8"))
        # the very template the app shows, in the site's scope (it describes the site)
        same = statements.render(page, "sv", statements.site_context("sv", "Tomelilla", ""))
        assert shown == main_text(f'<main id="main">{same}</main>')
    for name in PAGES:
        text = (site / name).read_text(encoding="utf-8")
        root = "../" if "/" in name else ""
        footer = text.split("<footer>", 1)[1]
        assert f'href="{root}accessibility.html"' in footer
        assert f'href="{root}privacy.html"' in footer
        assert f"Version {geo.__version__}" in footer and "Kommungränser: SCB" in footer


def test_the_site_credits_the_basemap_in_use(store, tmp_path, monkeypatch):
    monkeypatch.delenv(config.BASEMAP_ATTRIBUTION_ENV, raising=False)
    none = publish_site(store, tmp_path / "none")
    assert not [p for p in none.rglob("*") if p.suffix in (".html", ".js")
                and "vendor" not in p.parts and "OpenStreetMap" in p.read_text("utf-8")]
    monkeypatch.setenv(config.BASEMAP_ATTRIBUTION_ENV, "© Kommunens karttjänst")
    own = publish_site(store, tmp_path / "own", basemap="https://kartor.example.se/{z}/{x}/{y}.png")
    data = (own / "assets" / "data.js").read_text(encoding="utf-8")
    assert "Kommunens karttjänst" in data and "OpenStreetMap" not in data
    assert "Kommunens karttjänst" in (own / "index.html").read_text(encoding="utf-8")
    assert '"credits":"Kommungränser: SCB"' in data
