import pytest

pytestmark = pytest.mark.django_db


def test_language_switch_shows_the_shop_in_serbian_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "sr-latn", "next": "/withdraw/"})
    assert response.status_code == 302
    assert response["Location"] == "/withdraw/"

    page = client.get("/withdraw/").content.decode()
    assert '<html lang="sr-latn">' in page
    assert "Odustanite od ugovora ovde" in page
    assert "u roku od 14 dana od dana kada ste primili proizvod" in page

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Withdraw from contract here" in client.get("/withdraw/").content.decode()


def test_unknown_language_leaves_the_shop_in_english(client):
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert "Withdraw from contract here" in client.get("/").content.decode()


def test_browser_language_is_honoured_on_the_first_visit(client):
    page = client.get("/", headers={"accept-language": "sr-Latn-RS,sr;q=0.9"}).content.decode()
    assert "Prodavnica" in page
