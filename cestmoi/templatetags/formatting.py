"""`|amount` (money) and `|country_name` (a stored country code) in the active language's form;
a template builtin, so no {% load %} is needed."""

from django import template

from cestmoi import formatting

register = template.Library()
register.filter("amount", formatting.amount)
register.filter("country_name", formatting.country_name)
