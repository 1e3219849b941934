from django.urls.converters import StringConverter


class OrderNumberConverter(StringConverter):
    """An order number as `rules.order_number` makes it: CM-2026-000123 (more digits after
    999,999 orders in a year). Any other text is no order page and answers 404 before a query;
    PostgreSQL would refuse a NUL byte in the lookup with a server error."""

    regex = "CM-[0-9]{4}-[0-9]{6,}"
