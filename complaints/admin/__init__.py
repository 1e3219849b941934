from . import complaints, withdrawals  # noqa: F401
