from .server import FakeCourierServer

__all__ = ["FakeCourierServer"]
