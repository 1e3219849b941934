"""PDF documents are HTML templates rendered by WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(template_name: str, context: dict) -> bytes:
    html = render_to_string(template_name, context)
    # base_url lets templates reach the shop's static files (fonts, logo) by relative URL.
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()
