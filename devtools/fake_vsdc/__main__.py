"""`python -m devtools.fake_vsdc --port 8792`: serve the fake V-SDC until Ctrl+C."""

import argparse

from .server import FakeVsdcServer


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.fake_vsdc",
        description="A fake of the Tax Administration's V-SDC (POST /api/v3/invoices).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8792)
    parser.add_argument("--pac", default="", help="refuse requests without this PAC header")
    parser.add_argument("--public-url", default="", help="base URL of verification links")
    parser.add_argument("--tls-cert", default="", help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--tls-key", default="", help="its private key (PEM)")
    parser.add_argument("--client-ca", default="", help="accept only client certificates it signed")
    args = parser.parse_args()
    fake = FakeVsdcServer(
        args.host,
        args.port,
        pac=args.pac,
        public_url=args.public_url,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        client_ca=args.client_ca,
    )
    print(f"Fake V-SDC on {fake.url}: set VSDC_URL={fake.url}", flush=True)
    try:
        fake.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        fake.httpd.server_close()


if __name__ == "__main__":
    main()
