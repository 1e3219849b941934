"""Paying on the fake bank without a browser: the shop's own page gives the signed form, the
fake bank's control API plays the shopper's choice, and the test client posts the bank's
signed answer back to the shop, as the browser (okUrl/failUrl) or the bank (callbackUrl)
would."""

import html
import json
import re
import urllib.request
from urllib.parse import urlsplit

from orders.models import Order

BANK_RETURN = "/payments/bank/return/"
BANK_CALLBACK = "/payments/bank/callback/"


def bank_form(client, order: Order) -> dict[str, str]:
    """The hidden fields of the shop's page that posts the shopper to the bank."""
    pay_page = urlsplit(order.payments.first().checkout_url).path
    page = client.get(pay_page)
    assert page.status_code == 200, page.content.decode()[:500]
    form = re.search(r"<form[^>]*data-autosubmit>(.*?)</form>", page.content.decode(), re.S)[1]
    fields = re.findall(r'name="([^"]+)" value="([^"]*)"', form)
    return {name: html.unescape(value) for name, value in fields}


def bank_decides(fake_bank, form: dict, choice="approve", brand="DinaCard") -> dict[str, str]:
    """The shopper's choice on the bank's page; returns the bank's signed answer."""
    request = urllib.request.Request(
        fake_bank.url + "/_fake/pay",
        data=json.dumps({"form": form, "choice": choice, "brand": brand}).encode(),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)["fields"]


def pay_at_bank(client, fake_bank, order: Order, choice="approve", capture=None):
    """The whole round: bank page, the shopper's choice, the browser's signed post back and
    the order page it leads to (which asks the bank). With `capture`
    (django_capture_on_commit_callbacks) the tasks queued after commit run."""
    answer = bank_decides(fake_bank, bank_form(client, order), choice)
    if capture is None:
        return back_from_bank(client, answer), answer
    with capture(execute=True):
        return back_from_bank(client, answer), answer


def back_from_bank(client, answer: dict[str, str]):
    """The browser posts the bank's answer to the shop and follows it to the order page."""
    response = client.post(BANK_RETURN, answer)
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"].endswith("&returned=1")
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page
