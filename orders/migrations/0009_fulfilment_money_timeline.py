"""Fulfilment and money apart, a typed timeline, e-mails logged in `paperwork`.

Orders that were "refunded" or "partially refunded" get back the fulfilment status they had
before the refund (from their timeline) and that money status; every order's money status is
computed from its payments and completed refunds; shipped and delivered dates come from the
timeline; event kinds are mapped to the typed kinds; the e-mail log moves to
paperwork.SentEmail."""

import zoneinfo
from decimal import Decimal

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MONEY_STATUSES = ("refunded", "partially_refunded")
ATTENTION = {"duplicate_payment", "stock_shortfall", "refund_failed", "courier_notice_failed"}
SAME_KIND = {
    "placed",
    "duplicate_payment",
    "stock_held_again",
    "stock_released",
    "stock_shortfall",
    "refund_requested",
    "refund_failed",
    "refund_recorded",
    "document_issued",
    "email_sent",
    "courier_requested",
    "courier_notified",
    "courier_notice_failed",
    "note",
}


def _typed_kind(event) -> str:
    if event.kind == "status":
        return "money_status_changed" if event.to_status in MONEY_STATUSES else "status_changed"
    if event.kind.startswith("payment_"):
        return "payment_changed"
    if event.kind.startswith("refund_") and event.to_status:
        return "refund_changed"
    if event.kind in SAME_KIND:
        return event.kind
    return "note"


def _money_status(paid: Decimal, refunded: Decimal) -> str:
    if paid <= 0:
        return "unpaid"
    if refunded <= 0:
        return "paid"
    return "refunded" if refunded >= paid else "partially_refunded"


def forwards(apps, schema_editor):
    order_model = apps.get_model("orders", "Order")
    event_model = apps.get_model("orders", "OrderEvent")
    payment_model = apps.get_model("orders", "Payment")
    refund_model = apps.get_model("orders", "Refund")
    old_email_model = apps.get_model("orders", "SentEmail")
    new_email_model = apps.get_model("paperwork", "SentEmail")
    belgrade = zoneinfo.ZoneInfo("Europe/Belgrade")

    for event in event_model.objects.all().iterator():
        event.kind = _typed_kind(event)
        event.needs_attention = event.kind in ATTENTION
        event.save(update_fields=["kind", "needs_attention"])

    for order in order_model.objects.all().iterator():
        status_events = event_model.objects.filter(
            order=order, kind="status_changed"
        ).order_by("created_at", "pk")
        if order.status in MONEY_STATUSES:
            last = status_events.last()
            order.status = last.to_status if last is not None else "paid"
        shipped = status_events.filter(to_status="shipped").last()
        delivered = status_events.filter(to_status="delivered").last()
        order.shipped_at = shipped.created_at if shipped else None
        order.delivered_on = delivered.created_at.astimezone(belgrade).date() if delivered else None
        paid = sum(
            payment_model.objects.filter(order=order, paid_at__isnull=False).values_list(
                "amount_rsd", flat=True
            ),
            Decimal("0"),
        )
        refunded = sum(
            refund_model.objects.filter(order=order, status="refunded").values_list(
                "amount_rsd", flat=True
            ),
            Decimal("0"),
        )
        order.money_status = _money_status(paid, refunded)
        order.save(update_fields=["status", "shipped_at", "delivered_on", "money_status"])

    new_email_model.objects.bulk_create(
        new_email_model(
            kind=email.kind,
            about=email.order.number,
            reference=email.reference,
            recipient=email.order.email,
            subject=email.kind,
            sent_at=email.sent_at,
        )
        for email in old_email_model.objects.select_related("order").iterator()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0008_pipeline_staff_roles'),
        ('paperwork', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='NeedsAttention',
            fields=[
            ],
            options={
                'verbose_name': 'event needing attention',
                'verbose_name_plural': 'events needing attention',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('orders.orderevent',),
        ),
        migrations.AddField(
            model_name='order',
            name='delivered_on',
            field=models.DateField(blank=True, null=True, verbose_name='delivered on'),
        ),
        migrations.AddField(
            model_name='order',
            name='money_status',
            field=models.CharField(choices=[('unpaid', 'Unpaid'), ('paid', 'Paid'), ('partially_refunded', 'Partially refunded'), ('refunded', 'Refunded')], default='unpaid', max_length=20, verbose_name='payment'),
        ),
        migrations.AddField(
            model_name='order',
            name='shipped_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='shipped at'),
        ),
        migrations.AddField(
            model_name='orderdocument',
            name='refund',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='credit_note', to='orders.refund', verbose_name='refund'),
        ),
        migrations.AddField(
            model_name='orderevent',
            name='handled_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='handled at'),
        ),
        migrations.AddField(
            model_name='orderevent',
            name='handled_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='handled by'),
        ),
        migrations.AddField(
            model_name='orderevent',
            name='needs_attention',
            field=models.BooleanField(default=False, verbose_name='needs attention'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='order',
            name='status',
            field=models.CharField(choices=[('awaiting_payment', 'Awaiting payment'), ('paid', 'Paid'), ('in_preparation', 'In preparation'), ('shipped', 'Shipped'), ('delivered', 'Delivered'), ('delivery_failed', 'Delivery failed'), ('canceled', 'Canceled')], db_index=True, default='awaiting_payment', max_length=32, verbose_name='fulfilment'),
        ),
        migrations.AlterField(
            model_name='orderevent',
            name='kind',
            field=models.CharField(choices=[('placed', 'Order placed'), ('status_changed', 'Status changed'), ('money_status_changed', 'Payment status changed'), ('payment_changed', 'Card payment updated'), ('duplicate_payment', 'Payment for an order that was not awaiting one'), ('stock_held_again', 'Stock held again'), ('stock_released', 'Stock released'), ('stock_shortfall', 'Paid, but the stock ran short'), ('refund_requested', 'Refund requested'), ('refund_changed', 'Refund updated'), ('refund_unconfirmed', 'Refund not confirmed by the provider yet'), ('refund_failed', 'Refund failed'), ('refund_recorded', 'Refund made at the payment provider'), ('document_issued', 'Document issued'), ('email_sent', 'E-mail sent'), ('courier_requested', 'Courier notice requested'), ('courier_notified', 'Courier notified'), ('courier_notice_failed', 'Courier could not be notified'), ('delivery_date_corrected', 'Delivery date corrected'), ('note', 'Internal note')], max_length=40, verbose_name='event'),
        ),
        migrations.AddIndex(
            model_name='orderevent',
            index=models.Index(condition=models.Q(('handled_at__isnull', True), ('needs_attention', True)), fields=['created_at'], name='order_event_unhandled'),
        ),
        migrations.DeleteModel(
            name='SentEmail',
        ),
    ]
