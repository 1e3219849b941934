"""`python -m devtools.fake_bank --port 8791`: serve the fake bank until Ctrl+C."""

import argparse
import logging
import shlex

from .server import API_PASSWORD, API_USER, CLIENT_ID, STORE_KEY, FakeBankServer


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.fake_bank",
        description="A fake NestPay 3D Pay Hosting card gateway (hosted page and XML API).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--client-id", default=CLIENT_ID)
    parser.add_argument("--store-key", default=STORE_KEY)
    parser.add_argument("--api-user", default=API_USER)
    parser.add_argument("--api-password", default=API_PASSWORD)
    parser.add_argument("--verbose", action="store_true", help="log every request")
    parser.add_argument(
        "--print-settings",
        action="store_true",
        help="print the shop's BANK_* settings for this fake as shell exports, and exit",
    )
    args = parser.parse_args()
    if args.print_settings:
        base = f"http://{args.host}:{args.port}"
        for name, value in (
            ("BANK_CLIENT_ID", args.client_id),
            ("BANK_STORE_KEY", args.store_key),
            ("BANK_GATEWAY_URL", f"{base}/fim/est3Dgate"),
            ("BANK_API_URL", f"{base}/fim/api"),
            ("BANK_API_USER", args.api_user),
            ("BANK_API_PASSWORD", args.api_password),
        ):
            print(f"export {name}={shlex.quote(value)}")
        return
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)
    fake = FakeBankServer(
        args.host,
        args.port,
        client_id=args.client_id,
        store_key=args.store_key,
        api_user=args.api_user,
        api_password=args.api_password,
    )
    print(f"Fake bank on {fake.url}: BANK_GATEWAY_URL={fake.gateway_url}", flush=True)
    try:
        fake.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        fake.httpd.server_close()


if __name__ == "__main__":
    main()
