"""Where the shop delivers, as pure rules (no database, no clock): within the Republic of
Serbia, not to Kosovo and Metohija. Checkout and the address book both apply them."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

SERBIA = "RS"

# Serbian postal codes have five digits, the first two roughly the district (Pošta Srbije;
# en.wikipedia.org/wiki/Postal_codes_in_Serbia). Pošta Srbije's register of post offices runs
# from 11000 (Beograd) to the 37xxx block (Rasinski okrug, Kruševac 37000), and gives Kosovo
# and Metohija the 38xxx block: every post office of the Kosovski, Kosovskomitrovački and
# Kosovskopomoravski districts in it is 38xxx, e.g. 38205 Gračanica, 38213 Prilužje (Vučitrn),
# 38218 Leposavić, 38220 Kosovska Mitrovica, 38236 Štrpce, 38260 Kosovska Kamenica (register as
# published in github.com/likmaxxl/stareStvari client/src/json-files/SviGradovi.js; Pošta
# Srbije on 38213 Prilužje "u opštini Vučitrn na Kosovu i Metohiji", Euronews Srbija,
# 29 May 2025). No other Serbian post office uses 38xxx or anything at or above 39000.
# Kosovo's own post (10000 Prishtinë …) uses codes that may coincide with Serbian ones; such an
# address still names a Kosovo town, which only the checkout's human review can catch.
SERBIAN_POSTAL_CODES = range(11000, 38000)
KOSOVO_AND_METOHIJA_POSTAL_CODES = range(38000, 39000)
POSTAL_CODE = re.compile(r"^[0-9]{5}$")


class DeliveryRefusal(models.TextChoices):
    OUTSIDE_SERBIA = "outside_serbia", _("We deliver only within the Republic of Serbia.")
    KOSOVO_AND_METOHIJA = (
        "kosovo_and_metohija",
        _("We are sorry: we cannot deliver to Kosovo and Metohija (postal codes 38000–38999)."),
    )
    INVALID_POSTAL_CODE = (
        "invalid_postal_code",
        _("Enter a Serbian postal code: five digits, for example 11000."),
    )


def normalize_postal_code(raw: str) -> str:
    """ "11 000" and " 11000 " are how people type 11000."""
    return "".join(raw.split())


def delivery_refusal(*, country_code: str, postal_code: str) -> DeliveryRefusal | None:
    """Why the shop cannot deliver to this address, or None when it can (terms: delivery only
    within the Republic of Serbia, not to Kosovo and Metohija)."""
    if country_code.strip().upper() != SERBIA:
        return DeliveryRefusal.OUTSIDE_SERBIA
    code = normalize_postal_code(postal_code)
    if not POSTAL_CODE.match(code):
        return DeliveryRefusal.INVALID_POSTAL_CODE
    if int(code) in KOSOVO_AND_METOHIJA_POSTAL_CODES:
        return DeliveryRefusal.KOSOVO_AND_METOHIJA
    if int(code) not in SERBIAN_POSTAL_CODES:
        return DeliveryRefusal.INVALID_POSTAL_CODE
    return None
