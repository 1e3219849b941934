from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from .models import Category, Collection, Product


class _ShopSitemap(Sitemap):
    """Addresses on SITE_URL, like the canonical links, whatever the Sites framework holds."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ProductSitemap(_ShopSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return (
            Product.objects.filter(is_published=True, variants__is_active=True)
            .distinct()
            .order_by("pk")
            .only("slug", "slug_sr_latn", "updated_at")
        )

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(_ShopSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Category.objects.order_by("pk")


class CollectionSitemap(_ShopSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Collection.objects.filter(is_published=True).order_by("pk")


SITEMAPS = {
    "categories": CategorySitemap,
    "collections": CollectionSitemap,
    "products": ProductSitemap,
}
