"""What keeps the app safe on a shared machine or network.

* Loopback by default: bound to 127.0.0.1 the app answers only requests addressed to a loopback
  name (a page elsewhere cannot reach it through DNS rebinding); any other host needs a token.
* The token, when set, is required on every request: `Authorization: Bearer T`, or `?token=T`
  once in a browser, which leaves it in an HttpOnly cookie for the following requests.
* Forms carry a per-session CSRF token: an HMAC of the session cookie under a secret made at start,
  so another site can neither read nor forge it; a cross-origin `Origin` header is refused too.
  With several worker processes the parent makes the secret and hands it to each.
  JSON writes to the API must be `application/json`, which a cross-site form cannot send.
* Every response forbids inline script and foreign sources (Content-Security-Policy); the pages
  are rendered with autoescaping, and the JavaScript lives in static files.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from hashlib import sha256
from typing import Optional
from urllib.parse import urlsplit

TOKEN_COOKIE = "eventfold_token"
SESSION_COOKIE = "eventfold_session"
CSRF_FIELD = "csrf"
LOOPBACK_NAMES = ("localhost",)


class Guard:
    """The app's secrets and the checks made on each request."""

    def __init__(self, host: str, token: Optional[str], tile_url: Optional[str] = None,
                 secret: Optional[bytes] = None):
        if not is_loopback(host) and not token:
            raise ValueError(f"serving on {host} makes the app reachable from other machines: "
                             "give a token (--token or EVENTFOLD_TOKEN)")
        self.token = token or None
        self.loopback_only = is_loopback(host) and not token
        self.secret = secret or secrets.token_bytes(32)  # shared by the worker processes when given
        self.csp = content_security_policy(tile_url)
        self.headers = [("Content-Security-Policy", self.csp), *SECURITY_HEADERS.items()]  # on every response

    # ------------------------------------------------------------ token

    def token_ok(self, header: Optional[str], cookie: Optional[str], query: Optional[str]) -> bool:
        if self.token is None:
            return True
        offered = (header or "").removeprefix("Bearer ").strip() or cookie or query or ""
        return hmac.compare_digest(offered.encode(), self.token.encode())

    # ------------------------------------------------------------ host

    def host_ok(self, host_header: Optional[str]) -> bool:
        """Whether a loopback-only app was addressed by a loopback name (not a rebound domain)."""
        if not self.loopback_only:
            return True
        name = urlsplit("//" + (host_header or "")).hostname or ""
        return is_loopback(name)

    # ------------------------------------------------------------ CSRF

    def csrf_token(self, session: str) -> str:
        return hmac.new(self.secret, session.encode(), sha256).hexdigest()

    def csrf_ok(self, session: Optional[str], offered: Optional[str]) -> bool:
        return bool(session and offered) and hmac.compare_digest(self.csrf_token(session), offered)


def new_session() -> str:
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def same_origin(origin: Optional[str], host_header: Optional[str]) -> bool:
    """A request's Origin (when the browser sends one) names this very host."""
    if not origin:
        return True
    return urlsplit(origin).netloc.lower() == (host_header or "").lower()


def content_security_policy(tile_url: Optional[str]) -> str:
    """Scripts, styles and data from this app only; images also from the user's tile server."""
    tiles = ""
    if tile_url:
        parts = urlsplit(tile_url)
        host = "*." + parts.netloc[4:] if parts.netloc.startswith("{s}.") else parts.netloc  # Leaflet's subdomains
        tiles = f" {parts.scheme}://{host}"
    return ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:" + tiles +
            "; connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # not no-referrer: with it browsers send "Origin: null" on forms
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
