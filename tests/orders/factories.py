import datetime
from decimal import Decimal

from django.utils import timezone

from catalog.models import ExchangeRate
from orders.models import DeliveryMethod
from tests.catalog.factories import ProductFactory, VariantFactory

GUEST = {
    "full_name": "Jelena Petrović",
    "email": "Jelena@Example.rs",
    "phone": "064 123 4567",
    "street": "Knez Mihailova 12",
    "city": "Beograd",
    "postal_code": "11000",
}


def ring(*, price="4990.00", stock=5, sizes=("54",), personalised=False):
    product = ProductFactory(name="Luna ring", is_personalised=personalised)
    return [
        VariantFactory(product=product, option=f"Size {size}", price=Decimal(price), stock=stock)
        for size in sizes
    ]


def todays_rate(eur_rsd="117.2000"):
    rate, _ = ExchangeRate.objects.update_or_create(
        date=timezone.localdate(), defaults={"eur_rsd": Decimal(eur_rsd)}
    )
    return rate


def courier(name="Post Express", price="450.00"):
    # The migrations seed the shop's couriers; tests set the price they rely on.
    method, _ = DeliveryMethod.objects.update_or_create(
        name=name,
        defaults={"price": Decimal(price), "delivery_estimate": "1–2 working days"},
    )
    return method


def old_rate(days=3, eur_rsd="117.0000"):
    return ExchangeRate.objects.create(
        date=timezone.localdate() - datetime.timedelta(days=days), eur_rsd=Decimal(eur_rsd)
    )


def guest_order(email, *, number=None, total="4990.00"):
    """An order as a guest's checkout leaves it (no account), without going through the pages."""
    import uuid

    from legal.models import LegalDocument
    from orders.models import Order

    now = timezone.now()
    return Order.objects.create(
        number=number or f"CM-{now.year}-{uuid.uuid4().int % 10**6:06d}",
        idempotency_key=uuid.uuid4(),
        email=email.lower(),
        full_name="Jelena Petrović",
        phone="+381641234567",
        street="Knez Mihailova 12",
        city="Beograd",
        postal_code="11000",
        delivery_name="Post Express",
        delivery_estimate="1–2 working days",
        delivery_price=Decimal("0.00"),
        subtotal=Decimal(total),
        total=Decimal(total),
        vat_total=Decimal("0.00"),
        terms=LegalDocument.objects.get(kind="terms-of-service", version=1),
        terms_accepted_at=now,
        created_at=now,
    )
