"""/robots.txt keeps crawlers out of personal pages; /favicon.ico is a real icon."""

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db


def robots(client) -> list[str]:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode().splitlines()


def test_robots_txt_keeps_crawlers_out_of_personal_pages(client, settings):
    settings.SITE_URL = "https://www.cestmoi.rs"
    lines = robots(client)
    assert lines[0] == "User-agent: *"
    for path in ("/cart/", "/checkout/", "/orders/", "/account/", "/accounts/", "/admin/"):
        assert f"Disallow: {path}" in lines
    for path in ("/complaints/", "/withdraw/", "/privacy/"):
        assert f"Disallow: {path}" in lines
    # The information pages about complaints and withdrawal stay findable.
    assert "Allow: /complaints/$" in lines
    assert "Allow: /withdraw/$" in lines
    assert "Sitemap: https://www.cestmoi.rs/sitemap.xml" in lines
    assert not any(line.startswith("Disallow: /product") for line in lines)


def test_robots_txt_does_not_reveal_a_custom_admin_url(client, settings):
    settings.ADMIN_URL = "staff-7f3a/"
    lines = robots(client)
    assert not any("staff-7f3a" in line or "/admin/" in line for line in lines)


def test_favicon_ico_leads_to_a_real_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.ico")
    with Image.open(finders.find("img/favicon.ico")) as icon:
        assert icon.format == "ICO"
        assert (32, 32) in icon.info["sizes"]
