"""Dates, amounts and the country as a reader of each language expects them, on the order page,
in the e-mail, in the PDF and in admin: "5 December 2026" and "10,430.00 RSD" in English,
"5. 12. 2026." and "10.430,00 RSD" in Serbian (Latin and Cyrillic), never "12/05/2026"; the
country stored as "RS" reads Serbia / Srbija / Србија."""

import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import translation
from pypdf import PdfReader

from cestmoi.formatting import amount, country_name, local_date, local_datetime
from orders.access import order_link
from orders.models import Order
from orders.services.emails import order_email_send

from .factories import paid_order

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2026, 12, 5, 14, 30, tzinfo=ZoneInfo("Europe/Belgrade"))
EXPECTED = {
    "en": ("5 December 2026", "10,430.00 RSD", "Serbia"),
    "sr-latn": ("5. 12. 2026.", "10.430,00 RSD", "Srbija"),
    "sr": ("5. 12. 2026.", "10.430,00 RSD", "Србија"),
}
NUMERIC_US_OR_DOTTED = re.compile(r"\b12/0?5/2026\b|\b0?5\.12\.2026\b")


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def order_of_the_fifth(language: str) -> Order:
    order = paid_order(language=language)
    Order.objects.filter(pk=order.pk).update(
        created_at=MOMENT, paid_at=MOMENT, terms_accepted_at=MOMENT
    )
    order.payments.update(paid_at=MOMENT, rate_date=MOMENT.date())
    return Order.objects.get(pk=order.pk)


@pytest.mark.parametrize("language", EXPECTED)
def test_the_helpers_write_the_languages_forms(language):
    date, money, country = EXPECTED[language]
    with translation.override(language):
        assert local_date(MOMENT.date()) == date
        assert local_date(MOMENT) == date
        assert local_datetime(MOMENT).startswith(date)
        assert local_datetime(MOMENT).endswith("14:30")
        assert f"{amount('10430')} RSD" == money
        assert country_name("RS") == country


@pytest.mark.parametrize("language", EXPECTED)
def test_order_page_email_and_pdf_write_dates_amounts_and_country_locally(client, language):
    date, money, country = EXPECTED[language]
    order = order_of_the_fifth(language)

    assert order_email_send(order_id=order.pk, kind="order_paid")
    [message] = mail.outbox
    confirmation = pdf_text(message.attachments[0][1])
    page = client.get(order_link(order), headers={"accept-language": language})
    assert page.status_code == 200
    html = page.content.decode()

    for text in (message.body, confirmation, html):
        assert money in text
        assert country in text
        assert not NUMERIC_US_OR_DOTTED.search(text)
    for text in (confirmation, html):
        assert date in text


@pytest.mark.parametrize("language", EXPECTED)
def test_admin_order_page_writes_dates_locally(admin_client, language):
    date, _money, _country = EXPECTED[language]
    order = order_of_the_fifth(language)
    Order.objects.filter(pk=order.pk).update(shipped_at=MOMENT)
    page = admin_client.get(
        f"/admin/orders/order/{order.pk}/change/", headers={"accept-language": language}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert f"{date}" in html
    assert not NUMERIC_US_OR_DOTTED.search(html)
