"""Issue 10's journey in Chromium: a shopper switches to Serbian, finds rings and earrings by
searching "prsten" and "mindjuse", has a ring engraved (a character the engraver cannot cut is
refused on the product page first), accepts the Serbian terms and pays on the fake Mollie page;
the order page, the confirmation e-mail and its PDF read in Serbian with the engraving, and the
order records the Serbian terms it was placed under. Then the same in Cyrillic, where the names
are transliterated and the engraving stays exactly as typed."""

import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from legal.models import LegalDocumentKind
from orders.models import Order
from tests.catalog.factories import CategoryFactory, ExchangeRateFactory, product_with_variant

from .browser_steps import GUEST
from .factories import courier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERBIAN_ADDRESS = {
    "Ime i prezime": GUEST["Name and surname"],
    "E-pošta": GUEST["E-mail"],
    "Telefon": GUEST["Phone"],
    "Ulica i broj": GUEST["Street and number"],
    "Mesto": GUEST["City"],
    "Poštanski broj": GUEST["Postal code"],
}


@pytest.fixture
def serbian_shop(settings, live_server, fake_mollie, legal_texts):
    settings.SITE_URL = live_server.url  # where Mollie sends the shopper back
    rings = CategoryFactory(name_en="Rings", name_sr_latn="Prstenje", slug="rings")
    earrings = CategoryFactory(name_en="Earrings", name_sr_latn="Minđuše", slug="earrings")
    product_with_variant(
        category=rings,
        slug="engraved-ring",
        name_en="Engraved silver ring",
        name_sr_latn="Srebrni prsten sa gravurom",
        description_en="A plain silver band engraved with your words.",
        description_sr_latn="Glatki srebrni prsten sa vašom gravurom.",
        engraving_max_length=20,
        price=Decimal("5900.00"),
    )
    product_with_variant(
        category=earrings,
        slug="moon-earrings",
        name_en="Moon Earrings",
        name_sr_latn="Minđuše Mesec",
        description_en="Crescents hammered by hand.",
        description_sr_latn="Ručno kovani polumeseci.",
    )
    ExchangeRateFactory(date=timezone.localdate(), eur_rsd=Decimal("117.2000"))
    courier(name="Post Express", price="450.00")


def search(page, words):
    page.locator("#search-q").fill(words)
    page.locator("#search-q").press("Enter")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def buy_engraved_ring(page, fake_mollie, *, ring_name, engraving, words):
    """On the ring's page: the engraving, the cart, the checkout in Serbian (`words`: the
    interface's words in the current script) and "Paid" on Mollie's page."""
    expect(page.locator("h1")).to_have_text(ring_name)
    page.get_by_label(words["engrave"]).fill(engraving)
    page.get_by_role("button", name=words["add"]).click()
    expect(page.locator(".cart-row")).to_contain_text(f"{words['engraving']}: „{engraving}“")
    page.get_by_role("link", name=re.compile(words["checkout"])).click()
    for label, value in SERBIAN_ADDRESS.items():
        page.get_by_label(words["labels"].get(label, label), exact=True).fill(value)
    page.get_by_role("button", name=words["continue"], exact=True).click()
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name=words["continue"], exact=True).click()
    # The review step's summary repeats the engraving before the terms are accepted.
    expect(page.locator(".order-summary")).to_contain_text(engraving)
    page.get_by_label(words["terms"]).check()
    page.get_by_role("button", name=words["continue"].upper(), exact=True).click()
    page.get_by_role("button", name=words["confirm"]).click()
    expect(page).to_have_url(re.compile(re.escape(fake_mollie.url)))
    page.get_by_role("button", name="Paid").click()
    expect(page.locator(".order-status")).to_contain_text(words["paid"])
    return Order.objects.get()


LATIN = {
    "engrave": "Tekst za graviranje (nije obavezno)",
    "add": "Dodaj u korpu",
    "engraving": "Gravura",
    "checkout": "Završi kupovinu|Nastavi na plaćanje",
    "labels": {},
    "continue": "Nastavi",
    "terms": "Pročitao/la sam i prihvatam Uslove korišćenja",
    "confirm": "POTVRDI PORUDŽBINU",
    "paid": "Plaćeno",
}


def test_a_serbian_shopper_finds_and_buys_an_engraved_ring(page, serbian_shop, fake_mollie):
    page.goto("/search/")
    page.get_by_role("button", name="Serbian (Latin)").click()
    expect(page.locator("html")).to_have_attribute("lang", "sr-latn")
    search(page, "mindjuse")
    expect(page.locator(".product-card-name")).to_have_text(["Minđuše Mesec"])
    search(page, "prsten")
    expect(page.locator(".product-card-name")).to_have_text(["Srebrni prsten sa gravurom"])

    # The engraver cannot cut an @: the product page says so, in Serbian, and nothing is added.
    page.locator(".product-card-name").first.click()
    expect(page.get_by_text("Do 20 znakova")).to_be_visible()
    expect(page.get_by_text("od njegove kupovine ne možete odustati")).to_be_visible()
    page.get_by_label(LATIN["engrave"]).fill("ana@marko")
    page.get_by_role("button", name="Dodaj u korpu").click()
    expect(page.locator(".message-error")).to_contain_text(
        "Ovi znakovi ne mogu da se graviraju: @."
    )

    order = buy_engraved_ring(
        page,
        fake_mollie,
        ring_name="Srebrni prsten sa gravurom",
        engraving="Zauvek tvoja ♥ Đurđa",
        words=LATIN,
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Porudžbina {order.number}")
    expect(page.locator("main")).to_contain_text("Srebrni prsten sa gravurom")
    expect(page.locator("main")).to_contain_text("Gravura: „Zauvek tvoja ♥ Đurđa“")

    assert (order.language, order.terms_language) == ("sr-latn", "sr-latn")
    assert order.terms.kind == LegalDocumentKind.TERMS and order.terms.body_sr_latn
    assert (
        order.terms.version
        == order.terms.__class__.objects.filter(kind="terms-of-service").latest("version").version
    )
    [line] = order.lines.all()
    assert (line.product_name, line.engraving) == (
        "Srebrni prsten sa gravurom",
        "Zauvek tvoja ♥ Đurđa",
    )
    assert line.is_personalised

    [message] = mail.outbox
    assert message.subject == f"Vaša porudžbina {order.number} je potvrđena"
    assert "Srebrni prsten sa gravurom" in message.body
    assert "Gravura: „Zauvek tvoja ♥ Đurđa“" in message.body
    confirmation = pdf_text(message.attachments[0][1])
    assert "Potvrda porudžbine" in confirmation
    assert "Srebrni prsten sa gravurom" in confirmation
    assert "Gravura: „Zauvek tvoja ♥ Đurđa“" in confirmation


CYRILLIC = {
    "engrave": "Текст за гравирање (није обавезно)",
    "add": "Додај у корпу",
    "engraving": "Гравура",
    "checkout": "Заврши куповину|Настави на плаћање",
    "labels": {
        "Ime i prezime": "Име и презиме",
        "E-pošta": "Е-пошта",
        "Telefon": "Телефон",
        "Ulica i broj": "Улица и број",
        "Mesto": "Место",
        "Poštanski broj": "Поштански број",
    },
    "continue": "Настави",
    "terms": "Прочитао/ла сам и прихватам Услове коришћења",
    "confirm": "ПОТВРДИ ПОРУЏБИНУ",
    "paid": "Плаћено",
}


def test_a_cyrillic_shopper_reads_the_names_in_cyrillic_and_the_engraving_as_typed(
    page, serbian_shop, fake_mollie
):
    page.goto("/search/")
    page.get_by_role("button", name="Serbian (Latin)").click()
    page.get_by_role("button", name="Srpski (ćirilica)").click()
    expect(page.locator("html")).to_have_attribute("lang", "sr")
    search(page, "mindjuse")
    expect(page.locator(".product-card-name")).to_have_text(["Минђуше Месец"])
    search(page, "прстен")
    expect(page.locator(".product-card-name")).to_have_text(["Сребрни прстен са гравуром"])

    page.locator(".product-card-name").first.click()
    # Typed in Latin on the Cyrillic site: engraved, and shown everywhere, exactly so.
    engraving = "Ana & Marko 2026"
    order = buy_engraved_ring(
        page,
        fake_mollie,
        ring_name="Сребрни прстен са гравуром",
        engraving=engraving,
        words=CYRILLIC,
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Поруџбина {order.number}")
    expect(page.locator("main")).to_contain_text("Сребрни прстен са гравуром")
    expect(page.locator("main")).to_contain_text(f"Гравура: „{engraving}“")

    assert (order.language, order.terms_language) == ("sr", "sr")
    assert order.terms.body_sr_latn
    [line] = order.lines.all()
    assert (line.product_name, line.engraving) == ("Сребрни прстен са гравуром", engraving)

    [message] = mail.outbox
    assert message.subject == f"Ваша поруџбина {order.number} је потврђена"
    assert "Сребрни прстен са гравуром" in message.body
    assert f"Гравура: „{engraving}“" in message.body
    confirmation = pdf_text(message.attachments[0][1])
    assert "Потврда поруџбине" in confirmation
    assert "Сребрни прстен са гравуром" in confirmation
    assert f"Гравура: „{engraving}“" in confirmation
