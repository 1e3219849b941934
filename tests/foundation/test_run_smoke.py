"""README's run path end to end: `bash bin/run` itself, with none of the services configured
(so SQLite under a throw-away VAR_DIR, tasks in-process, e-mail as files, the fake bank), and
a guest who buys over plain HTTP as a browser would: product page, cart, the four checkout
steps, the signed form to the fake bank's hosted page, "Pay" there, the bank's signed answer
back to the shop, the paid order page, e-mail on disk."""

import email
import email.policy
import os
import re
import signal
import socket
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests

from tests.orders.factories import GUEST

BASE_DIR = Path(__file__).resolve().parents[2]
# bin/run migrates a fresh SQLite file and seeds 120 products with photos before it serves:
# about 20 s on an idle 2-CPU machine, far longer on a busy one.
STARTUP_SECONDS = 300
# Confirming and paying render PDFs in-process (no worker on the embedded defaults).
REQUEST_SECONDS = 60
MAIL_SECONDS = 60

pytestmark = pytest.mark.smoke


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FormReader(HTMLParser):
    """The forms of a page as a browser would submit them: hidden and text inputs with their
    values, the checked radio or checkbox, the selected option."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"attrs": attrs, "data": {}, "names": set()})
        elif not self.forms or "name" not in attrs or "disabled" in attrs:
            return
        elif tag == "input":
            form, kind = self.forms[-1], attrs.get("type", "text")
            form["names"].add(attrs["name"])
            if kind in ("radio", "checkbox") and "checked" not in attrs:
                return
            if kind not in ("submit", "button"):
                form["data"][attrs["name"]] = attrs.get("value") or ""
        elif tag in ("button", "select", "textarea"):
            # A button's name and value are sent when it is the one clicked (see submit()).
            self.forms[-1]["names"].add(attrs["name"])


def form_on(page: requests.Response, **attrs) -> dict:
    """The one form on the page whose attributes contain the given values (class_="x" for
    class). Returns {"action": absolute URL, "data": what a browser would send, "names"}."""
    reader = FormReader()
    reader.feed(page.text)
    wanted = {key.rstrip("_"): value for key, value in attrs.items()}
    found = [
        form
        for form in reader.forms
        if all(value in (form["attrs"].get(key) or "").split() for key, value in wanted.items())
    ]
    assert len(found) == 1, f"{len(found)} forms match {wanted} on {page.url}"
    action = requests.compat.urljoin(page.url, found[0]["attrs"].get("action") or page.url)
    return {"action": action, "data": found[0]["data"], "names": found[0]["names"]}


def submit(session, page, *, fields=None, follow=True, **form_attrs) -> requests.Response:
    form = form_on(page, **form_attrs)
    unknown = set(fields or {}) - form["names"]
    assert not unknown, f"the form on {page.url} has no field {unknown}"
    response = session.post(
        form["action"],
        data={**form["data"], **(fields or {})},
        headers={"Referer": page.url},
        allow_redirects=follow,
        timeout=REQUEST_SECONDS,
    )
    assert response.status_code < 400, f"{response.status_code} from {form['action']}"
    return response


@pytest.fixture
def shop(tmp_path):
    """`bash bin/run` on free ports with no DATABASE_URL, REDIS_URL, CELERY_BROKER_URL or
    EMAIL_URL; yields (shop URL, fake bank URL, VAR_DIR, path of bin/run's output). The
    whole process group (bin/run, the fake bank, runserver and its reloader child) is
    stopped afterwards, whatever happens."""
    var_dir = tmp_path / "var"
    port, bank_port = free_port(), free_port()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "VAR_DIR": str(var_dir),
        "PORT": str(port),
        "BANK_PORT": str(bank_port),
        "VSDC_PORT": str(free_port()),
    }
    url, bank_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{bank_port}"
    log_path = tmp_path / "bin-run.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            ["bash", "bin/run"],
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as one below
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        for address in (f"{url}/healthz/", f"{bank_url}/_fake/orders"):
            while True:
                assert process.poll() is None, "bin/run stopped:\n" + log_path.read_text()
                assert time.monotonic() < deadline, "bin/run not serving:\n" + log_path.read_text()
                try:
                    if requests.get(address, timeout=5).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                time.sleep(0.5)
        yield url, bank_url, var_dir, log_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def sent_emails(mail_dir: Path) -> list[email.message.EmailMessage]:
    """Django's file backend appends each message and a line of 79 dashes to a .log file."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                messages.append(email.message_from_bytes(raw, policy=email.policy.default))
    return messages


def paid_order_email(mail_dir: Path, number: str) -> email.message.EmailMessage | None:
    for message in sent_emails(mail_dir):
        # The order's confirmation, not the fiscal receipt's own e-mail that names it too.
        subject = message["Subject"]
        if (
            f"order {number} is confirmed" in subject
            and GUEST["email"].lower() in message["To"].lower()
        ):
            return message
    return None


def test_bin_run_serves_a_shop_where_a_guest_buys_and_pays_on_the_embedded_defaults(shop):
    url, bank_url, var_dir, log_path = shop
    output = log_path.read_text()
    assert "admin@cestmoi.local" in output and "password:" in output  # demo_staff ran
    assert (var_dir / "db.sqlite3").exists()
    session = requests.Session()

    # A product from the home page that can be bought (its first available option is checked).
    home = session.get(f"{url}/", timeout=REQUEST_SECONDS)
    assert home.status_code == 200
    product_page = None
    for path in dict.fromkeys(re.findall(r'href="(/product/[^"/]+/)"', home.text)):
        candidate = session.get(f"{url}{path}", timeout=REQUEST_SECONDS)
        if "variant" in form_on(candidate, class_="add-to-cart")["data"]:
            product_page = candidate
            break
    assert product_page is not None, "no product on the home page can be added to the cart"

    # A personalised piece asks for its engraving: a shopper types one.
    engraving = (
        {"engraving": "Ana"}
        if "engraving" in form_on(product_page, class_="add-to-cart")["names"]
        else {}
    )
    cart = submit(session, product_page, class_="add-to-cart", fields=engraving)
    assert cart.url == f"{url}/cart/" and "is in your cart." in cart.text, cart.text[:3000]
    address_page = session.get(f"{url}/checkout/", timeout=REQUEST_SECONDS)
    assert address_page.status_code == 200 and address_page.url == f"{url}/checkout/"

    courier_page = submit(session, address_page, class_="checkout-form", fields=GUEST)
    assert courier_page.url == f"{url}/checkout/delivery/", courier_page.text[:2000]
    first_courier = re.search(r'name="delivery_method" value="(\d+)"', courier_page.text)[1]
    review_page = submit(
        session, courier_page, class_="checkout-form", fields={"delivery_method": first_courier}
    )
    assert review_page.url == f"{url}/checkout/review/"
    confirm_page = submit(
        session, review_page, class_="checkout-form", fields={"accept_terms": "on"}
    )
    assert confirm_page.url == f"{url}/checkout/confirm/"
    assert "CONFIRM ORDER" in confirm_page.text

    to_bank = submit(session, confirm_page, class_="checkout-form", follow=False)
    assert to_bank.status_code in (302, 303)
    assert to_bank.headers["Location"].startswith(f"{url}/payments/bank/pay/")
    bank_redirect = session.get(to_bank.headers["Location"], timeout=REQUEST_SECONDS)
    # The page posts itself to the bank (a script does it in a browser).
    hosted_page = submit(session, bank_redirect, action=f"{bank_url}/fim/est3Dgate")
    assert "Pay (3-D Secure approved)" in hosted_page.text, hosted_page.text[:2000]

    # "Pay" on the hosted page: the bank calls the shop back, then the browser posts the
    # bank's signed answer to the shop, which asks the bank and shows the order.
    answer_page = submit(
        session, hosted_page, method="post", fields={"choice": "approve", "brand": "DinaCard"}
    )
    order_page = submit(session, answer_page, id="back")
    assert order_page.url.startswith(f"{url}/orders/"), order_page.url
    assert re.search(r'class="order-status status-paid"', order_page.text), order_page.text[:3000]
    assert "Thank you! Your payment was received." in order_page.text
    number = re.search(r"<h1>Order ([^<]+)</h1>", order_page.text)[1]

    # The "order paid" e-mail is sent after the payment's commit: allow it a moment.
    deadline = time.monotonic() + MAIL_SECONDS
    while (message := paid_order_email(var_dir / "mail", number)) is None:
        assert time.monotonic() < deadline, f"no e-mail for order {number} in {var_dir / 'mail'}"
        time.sleep(0.5)
    attachments = [part.get_content_type() for part in message.iter_attachments()]
    assert attachments and set(attachments) == {"application/pdf"}
