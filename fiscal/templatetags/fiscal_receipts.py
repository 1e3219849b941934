"""The order page and the order in admin show the fiscal receipts through these tags, so that
the orders app's code never imports the fiscal app."""

from django import template

from ..selectors import intents_for_order, receipts_for_order

register = template.Library()


@register.inclusion_tag("fiscal/_order_receipts.html")
def order_fiscal_receipts(order):
    return {"receipts": receipts_for_order(order)}


@register.inclusion_tag("admin/fiscal/_order_receipts.html")
def order_fiscal_receipts_admin(order):
    return {"intents": intents_for_order(order)}
