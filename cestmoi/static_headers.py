"""Headers for the files WhiteNoise serves. WhiteNoise answers before the clickjacking and CSP
middleware run, so a static file (an SVG could hold a script) would go out without them."""

from csp.utils import build_policy


def static_file_headers(headers, path: str, url: str) -> None:
    headers["X-Frame-Options"] = "DENY"
    headers["Content-Security-Policy"] = build_policy()
