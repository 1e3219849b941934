"""Complaints as the online form or staff leave them, for the complaint tests."""

import datetime
import io

from django.utils import timezone
from PIL import Image

from complaints.models import ComplaintChannel, ComplaintRemedy
from complaints.services.complaints import complaint_receive
from tests.orders.factories import paid_order


def delivered_order(*, days_ago=10, email="jelena@example.rs", user=None):
    order = paid_order(email=email, user=user)
    order.delivered_on = timezone.localdate() - datetime.timedelta(days=days_ago)
    order.save(update_fields=["delivered_on"])
    return order


def filed(order=None, *, now=None, remedy=ComplaintRemedy.REPLACEMENT, **kwargs):
    now = now or timezone.now()
    return complaint_receive(
        now=now,
        channel=kwargs.pop("channel", ComplaintChannel.ONLINE),
        full_name="Đorđe Šćepanović Žarković",
        email=order.email if order else "neko@example.rs",
        description="The clasp broke after a week.",
        remedy=remedy,
        order=order,
        lines=list(order.lines.all()) if order else [],
        goods="" if order else "Prsten Luna",
        **kwargs,
    )


def jpeg_bytes(size=(400, 300), *, exif=True) -> bytes:
    image = Image.new("RGB", size, (200, 120, 90))
    buffer = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        data[0x0131] = "GPS-leaking-software"  # Software
        image.save(buffer, "JPEG", exif=data.tobytes())
    else:
        image.save(buffer, "JPEG")
    return buffer.getvalue()
