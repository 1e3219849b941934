from . import complaints  # noqa: F401
