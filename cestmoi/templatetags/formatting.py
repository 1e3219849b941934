"""`|amount`: money in the active language's form (a template builtin, no {% load %} needed)."""

from django import template

from cestmoi import formatting

register = template.Library()
register.filter("amount", formatting.amount)
