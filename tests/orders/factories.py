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


def ring(*, price="4990.00", stock=5, sizes=("54",), personalised=False, engraving_max_length=None):
    product = ProductFactory(
        name="Luna ring", is_personalised=personalised, engraving_max_length=engraving_max_length
    )
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


def paid_order(*, email="jelena@example.rs", language="en", user=None):
    """A paid order as checkout and the payment webhook leave it: 2 × 4,990.00 + 450.00 courier
    = 10,430.00 RSD (VAT 1,738.33), charged €88.99 at 117.2 RSD/EUR. Names carry all the
    Serbian diacritics the documents must render."""
    from orders.models import FulfilmentStatus, OrderLine, Payment, StockReservation

    order = guest_order(email, total="10430.00")
    now = timezone.now()
    order.__class__.objects.filter(pk=order.pk).update(
        full_name="Đorđe Šćepanović Žarković",
        city="Čačak",
        postal_code="32000",
        language=language,
        user=user,
        subtotal=Decimal("9980.00"),
        delivery_price=Decimal("450.00"),
        vat_total=Decimal("1738.33"),
        status=FulfilmentStatus.PAID,
        stock_reservation=StockReservation.COMMITTED,
        paid_at=now,
    )
    order.refresh_from_db()
    OrderLine.objects.create(
        order=order,
        product_name="Prsten Luna",
        option="Veličina 54",
        sku="LUNA-54",
        unit_price=Decimal("4990.00"),
        quantity=2,
        vat_rate=Decimal("20.00"),
        line_total=Decimal("9980.00"),
    )
    Payment.objects.create(
        order=order,
        provider_payment_id=f"tr_test{order.pk:06d}",
        status="paid",
        amount_rsd=order.total,
        amount_eur=Decimal("88.99"),
        eur_rsd_rate=Decimal("117.2000"),
        rate_date=timezone.localdate(),
        paid_at=now,
    )
    return order
