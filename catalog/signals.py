"""Cache invalidation only: any change to what catalog pages show makes cached pages stale."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import catalog_cache_invalidate
from .models import Category, Collection, ExchangeRate, Product, ProductImage, Variant

WATCHED = (Category, Collection, ExchangeRate, Product, ProductImage, Variant)


def _catalog_changed(sender, **kwargs):
    catalog_cache_invalidate()


# Connected to the catalog's own models only: a receiver for every sender would also keep
# Django from deleting any other model's rows in one query (cart lines at checkout).
for model in WATCHED:
    post_save.connect(_catalog_changed, sender=model, dispatch_uid=f"catalog-{model.__name__}")
    post_delete.connect(_catalog_changed, sender=model, dispatch_uid=f"catalog-{model.__name__}")


def _collections_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        catalog_cache_invalidate()


m2m_changed.connect(_collections_changed, sender=Product.collections.through)
