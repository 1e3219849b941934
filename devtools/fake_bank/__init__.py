"""A fake of a Serbian bank's NestPay "3D Pay Hosting" card gateway for development and tests,
standard library only.

Run it with `python -m devtools.fake_bank --port 8791` (the shop's BANK_* defaults point at
it); tests use the `fake_bank` fixture."""

from .server import FakeBankServer, nestpay_hash

__all__ = ["FakeBankServer", "nestpay_hash"]
