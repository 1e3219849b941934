from django import template

from legal.formatting import legal_text_to_html

register = template.Library()
register.filter("legal_text", legal_text_to_html)
