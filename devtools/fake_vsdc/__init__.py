"""A fake of the Tax Administration's V-SDC for offline runs and tests (see server.py)."""

from .server import FakeVsdcServer

__all__ = ["FakeVsdcServer"]
