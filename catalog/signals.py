"""Cache invalidation only: any change to what catalog pages show makes cached pages stale."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .cache import catalog_cache_invalidate
from .models import Category, Collection, ExchangeRate, Product, ProductImage, Variant

WATCHED = (Category, Collection, ExchangeRate, Product, ProductImage, Variant)


@receiver(post_save)
@receiver(post_delete)
def _catalog_changed(sender, **kwargs):
    if sender in WATCHED:
        catalog_cache_invalidate()


@receiver(m2m_changed, sender=Product.collections.through)
def _collections_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        catalog_cache_invalidate()
