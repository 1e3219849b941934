"""The whole shopper journey for locust (bench/run_load.py runs it): home, search, product,
cart, the checkout steps, payment on the fake Mollie (which calls the shop's webhook) and the
order page. Every shopper comes from an address and an e-mail of its own (the shop trusts one
proxy here), so the abuse limits stay on without refusing the load."""

import itertools
import os
import re
import time

from locust import HttpUser, between, task

NUMBERS = itertools.count(int(time.time()) % 100_000 * 100)
VARIANT = os.environ["LOAD_VARIANT"]
PRODUCT_URL = os.environ["LOAD_PRODUCT_URL"]
COURIER = os.environ["LOAD_COURIER"]


class Shopper(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        number = next(NUMBERS)
        self.email = f"load+{number}@example.rs"
        self.client.headers["X-Forwarded-For"] = (
            f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
        )

    def post(self, path, form, name=None):
        return self.client.post(
            path,
            data={"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""), **form},
            headers={"Referer": self.host + path},
            allow_redirects=False,
            name=name,
        )

    @task(3)
    def browse(self):
        self.client.get("/")
        self.client.get("/search/?q=ring", name="/search/")
        self.client.get(PRODUCT_URL, name="/product/")

    @task(1)
    def buy(self):
        self.client.get(PRODUCT_URL, name="/product/")
        self.post("/cart/add/", {"variant": VARIANT, "quantity": 1})
        self.client.get("/cart/")
        address = {
            "full_name": "Jelena Petrović",
            "email": self.email,
            "phone": "064 123 4567",
            "street": "Knez Mihailova 12",
            "city": "Beograd",
            "postal_code": "11000",
        }
        self.post("/checkout/", address)
        self.post("/checkout/delivery/", {"delivery_method": COURIER})
        self.post("/checkout/review/", {"accept_terms": "on"})
        page = self.client.get("/checkout/confirm/")
        key = re.search(r'name="checkout_key" value="([^"]+)"', page.text)
        if key is None:
            return
        confirmed = self.post("/checkout/confirm/", {"checkout_key": key[1]})
        checkout = confirmed.headers.get("Location", "")
        if not checkout.startswith("http"):
            return
        # The fake Mollie's "Paid" button: it calls the shop's webhook, then sends the
        # shopper back to the order page.
        self.client.post(checkout, data={"status": "paid"}, name="pay on the fake Mollie")
        self.on_start()  # the next purchase is a new shopper
