"""`python -m devtools.fake_mollie --port 8790`: serve the fake until Ctrl+C."""

import argparse
import logging

from .server import FakeMollieServer


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.fake_mollie",
        description="A fake Mollie v2 Payments API with a hosted checkout page.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument(
        "--api-key",
        default="",
        help="accept only this test key (default: any key shaped like test_ + 30 characters)",
    )
    parser.add_argument(
        "--public-url",
        default="",
        help="base URL browsers and the shop use to reach the fake (default http://HOST:PORT)",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)
    fake = FakeMollieServer(args.host, args.port, api_key=args.api_key, public_url=args.public_url)
    print(f"Fake Mollie API on {fake.url}: set MOLLIE_API_ENDPOINT={fake.url}", flush=True)
    try:
        fake.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        fake.httpd.server_close()


if __name__ == "__main__":
    main()
