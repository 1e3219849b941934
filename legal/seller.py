"""The seller's identity exactly as the terms of service state it. Shown in the footer, on the
contact page and on every contract document."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Seller:
    business_name: str
    address: str
    registration_number: str
    tax_id: str
    vat_number: str
    phone: str
    email: str
    website: str


SELLER = Seller(
    business_name="C EST MOI ART JEWELERY D.O.O. Belgrade - Old Town",
    address="Balkanska no. 2, 11000 Belgrade, Serbia",
    registration_number="20846739",
    tax_id="107661603",
    vat_number="734130",
    phone="+381 11 20 55 008",
    email="info@cestmoi.rs",
    website="www.cestmoi.rs",
)
