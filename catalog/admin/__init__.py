from . import products, rates  # noqa: F401 - registers the catalog's admin pages
